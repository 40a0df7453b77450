//! The pages of monitoring through the year: a document's rounds with the
//! entry form (editor) and the check buttons (approver), a department's
//! lights, the region's laggards, and the admin's warning policy.

use crate::auth::Auth;
use crate::pages::{render, PageError};
use crate::views::Me;
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_app::monitor::{FormProject, IndicatorReport, ProjectReport, RoundReport};
use jixiao_app::selfeval::period_text;
use jixiao_app::AppError;
use jixiao_core::monitor::{Cause, Checkpoint, Light, Likelihood, WarningPolicy};
use jixiao_store::{LaggardOrder, StoredRound};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::HashMap;

/// A light as a page shows it.
pub struct LightView {
    pub key: &'static str,
    pub name: &'static str,
}

fn light(key: &str) -> LightView {
    let l = Light::from_key(key);
    LightView { key: l.key(), name: l.name_zh() }
}

fn round_state_zh(state: &str) -> &'static str {
    match state {
        "checked" => "已审核",
        "returned" => "已退回",
        _ => "待审核",
    }
}

/// Executed ÷ budget in percent, one decimal.
fn rate(budget: &Option<String>, executed: &Option<String>) -> String {
    match (jixiao_store::stored_amount(budget), jixiao_store::stored_amount(executed)) {
        (Some(b), Some(e)) if b > Decimal::ZERO => format!("{}%", (e * Decimal::from(100) / b).round_dp(1).normalize()),
        _ => String::new(),
    }
}

pub struct ProjectRowView {
    pub name: String,
    pub budget: String,
    pub executed: String,
    pub expected: String,
    pub rate: String,
    pub execution: LightView,
    pub light: LightView,
    pub reason: String,
}

pub struct IndicatorRowView {
    pub project: String,
    pub name: String,
    pub actual: String,
    pub expected: String,
    pub likelihood: String,
    pub causes: String,
    pub explanation: String,
    pub action: String,
    pub note: String,
    pub light: LightView,
    pub reason: String,
}

pub struct RoundView {
    pub id: i64,
    pub period: String,
    pub state: String,
    pub state_zh: &'static str,
    pub light: LightView,
    pub reported_by: String,
    pub checked_by: String,
    pub updated: String,
    pub projects: Vec<ProjectRowView>,
    pub indicators: Vec<IndicatorRowView>,
}

fn round_view(r: &StoredRound) -> RoundView {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let names: HashMap<i64, &str> = r.projects.iter().map(|p| (p.position, p.name.as_str())).collect();
    RoundView {
        id: r.id,
        period: period_text(r.month),
        state: r.state.clone(),
        state_zh: round_state_zh(&r.state),
        light: light(&r.light),
        reported_by: r.reported_by.clone(),
        checked_by: r.checked_by.clone().unwrap_or_default(),
        updated: crate::views::local_time(&r.updated_at),
        projects: r
            .projects
            .iter()
            .map(|p| ProjectRowView {
                name: p.name.clone(),
                budget: text(&p.budget),
                executed: text(&p.executed),
                expected: text(&p.expected),
                rate: rate(&p.budget, &p.executed),
                execution: light(&p.execution_light),
                light: light(&p.light),
                reason: p.reason.clone(),
            })
            .collect(),
        indicators: r
            .indicators
            .iter()
            .map(|i| IndicatorRowView {
                project: i.project.and_then(|p| names.get(&p)).map(|s| s.to_string()).unwrap_or_default(),
                name: i.name.clone(),
                actual: text(&i.actual),
                expected: text(&i.expected),
                likelihood: i.likelihood.as_deref().and_then(Likelihood::read).map(|l| l.name_zh().to_string()).unwrap_or_default(),
                causes: Cause::names_zh(&i.causes).join("、"),
                explanation: text(&i.explanation),
                action: text(&i.action),
                note: text(&i.note),
                light: light(&i.light),
                reason: i.reason.clone(),
            })
            .collect(),
    }
}

/// One input row of the entry form, filled with the latest round's values.
pub struct FormIndicator {
    pub at: i64,
    pub name: String,
    pub target: String,
    pub weight: String,
    pub actual: String,
    pub expected: String,
    pub likelihood: String,
    pub causes: Vec<(&'static str, &'static str, bool)>,
    pub explanation: String,
    pub action: String,
    pub note: String,
}

pub struct FormProjectView {
    pub position: i64,
    pub name: String,
    pub budget: String,
    pub executed: String,
    pub expected: String,
    pub indicators: Vec<FormIndicator>,
}

fn form_view(form: &[FormProject], last: Option<&StoredRound>) -> Vec<FormProjectView> {
    let text = |s: Option<&Option<String>>| s.and_then(|s| s.clone()).unwrap_or_default();
    form.iter()
        .map(|p| {
            let rp = last.and_then(|r| r.projects.iter().find(|x| x.position == p.position));
            FormProjectView {
                position: p.position,
                name: p.name.clone(),
                budget: rp
                    .and_then(|r| r.budget.clone())
                    .or_else(|| p.budget.map(|b| b.normalize().to_string()))
                    .unwrap_or_default(),
                executed: text(rp.map(|r| &r.executed)),
                expected: text(rp.map(|r| &r.expected)),
                indicators: p
                    .indicators
                    .iter()
                    .map(|(at, name, target, weight)| {
                        let ri = last.and_then(|r| r.indicators.iter().find(|x| x.position == *at));
                        FormIndicator {
                            at: *at,
                            name: name.clone(),
                            target: target.clone(),
                            weight: weight.map(|w| w.normalize().to_string()).unwrap_or_default(),
                            actual: text(ri.map(|r| &r.actual)),
                            expected: text(ri.map(|r| &r.expected)),
                            likelihood: ri.and_then(|r| r.likelihood.clone()).unwrap_or_default(),
                            causes: Cause::ALL
                                .iter()
                                .map(|c| (c.key(), c.name_zh(), ri.is_some_and(|r| r.causes.iter().any(|k| k == c.key()))))
                                .collect(),
                            explanation: text(ri.map(|r| &r.explanation)),
                            action: text(ri.map(|r| &r.action)),
                            note: text(ri.map(|r| &r.note)),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "monitoring.html")]
struct MonitoringPage {
    nav: &'static str,
    me: Me,
    id: i64,
    title: String,
    department: String,
    department_q: String,
    year: String,
    can_report: bool,
    can_check: bool,
    month: i64,
    form: Vec<FormProjectView>,
    rounds: Vec<RoundView>,
    notice: String,
    problems: Vec<String>,
    likelihoods: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    unmatched: Option<String>,
}

/// `GET /documents/{id}/monitoring`: the rounds, and the forms this user may use.
pub async fn page(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>, Query(q): Query<NoticeQuery>) -> Result<Html<String>, PageError> {
    let next = format!("/documents/{id}/monitoring");
    let view = st.app.monitoring(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let doc = &view.stored.document;
    let last = view.rounds.first();
    let notice = match q.saved.as_deref() {
        Some(l) => format!("已保存监控数据，目标表整体为「{}」。", Light::from_key(l).name_zh()),
        None => String::new(),
    };
    let problems = q.unmatched.map(|u| u.split('\n').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default();
    render(MonitoringPage {
        nav: "monitor",
        me: Me::of(&auth),
        id,
        title: doc.title.clone().unwrap_or_else(|| doc.source.clone()),
        department: doc.department.clone(),
        department_q: crate::pages::enc(&doc.department),
        year: doc.year.map(|y| format!("{y}年")).unwrap_or_default(),
        can_report: view.can_report,
        can_check: view.can_check,
        month: last.map_or(6, |r| r.month),
        form: form_view(&view.form, last),
        rounds: view.rounds.iter().map(round_view).collect(),
        notice,
        problems,
        likelihoods: [Likelihood::Certain, Likelihood::Possible, Likelihood::Impossible].iter().map(|l| (l.key(), l.name_zh())).collect(),
    })
}

fn saved(id: i64, out: &jixiao_app::monitor::RoundOutcome) -> Response {
    let mut url = format!("/documents/{id}/monitoring?saved={}", out.light.key());
    if !out.unmatched.is_empty() {
        url.push_str("&unmatched=");
        url.push_str(&crate::pages::enc(&out.unmatched.join("\n")));
    }
    Redirect::to(&format!("{url}#rounds")).into_response()
}

/// The entry form as a round: fields `p{position}.{budget|executed|expected}`
/// and `i{place}.{actual|expected|likelihood|cause|explanation|action|note}`.
fn report_of(fields: &[(String, String)], form: &[FormProject]) -> Result<RoundReport, AppError> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty());
    let month: u8 = get("month").and_then(|m| m.trim_end_matches('月').parse().ok()).ok_or_else(|| AppError::Invalid("请选择监控期间（1–12 月）".into()))?;
    let mut report = RoundReport { month, ..Default::default() };
    for p in form {
        let amount = |what: &str, label: &str| -> Result<Option<Decimal>, AppError> {
            match get(&format!("p{}.{what}", p.position)) {
                None => Ok(None),
                Some(v) => v
                    .replace([',', '，'], "")
                    .parse::<Decimal>()
                    .map(Some)
                    .map_err(|_| AppError::Invalid(format!("项目「{}」的{label}「{v}」不是数字", p.name))),
            }
        };
        let (budget, executed, expected) = (amount("budget", "年初预算数")?, amount("executed", "执行数")?, amount("expected", "全年预计执行数")?);
        if executed.is_some() || expected.is_some() {
            report.projects.push(ProjectReport { name: p.name.clone(), budget, executed, expected });
        }
        for (at, name, ..) in &p.indicators {
            let f = |what: &str| get(&format!("i{at}.{what}"));
            let causes: Vec<String> = fields.iter().filter(|(k, _)| *k == format!("i{at}.cause")).map(|(_, v)| v.clone()).collect();
            let r = IndicatorReport {
                project: Some(p.name.clone()),
                name: name.clone(),
                actual: f("actual"),
                expected: f("expected"),
                likelihood: f("likelihood"),
                causes,
                explanation: f("explanation"),
                action: f("action"),
                note: f("note"),
            };
            let filled = r.actual.is_some() || r.expected.is_some() || r.likelihood.is_some() || !r.causes.is_empty() || r.explanation.is_some() || r.action.is_some() || r.note.is_some();
            if filled {
                report.indicators.push(r);
            }
        }
    }
    Ok(report)
}

/// `POST /documents/{id}/monitoring`: the editor's entry form.
pub async fn report(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let next = format!("/documents/{id}/monitoring");
    let csrf = fields.iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v.as_str());
    auth.check_csrf(csrf).map_err(|e| PageError::app(e, &next))?;
    let view = st.app.monitoring(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let report = report_of(&fields, &view.form).map_err(|e| PageError::app(e, &next))?;
    let out = st.app.report_round(&auth.actor, id, &report).await.map_err(|e| PageError::app(e, &next))?;
    Ok(saved(id, &out))
}

/// `POST /documents/{id}/monitoring/import`: a filled monitoring table (the
/// official layout as XLSX/XLS/text, or a CSV by headings).
pub async fn import(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>, mut form: Multipart) -> Result<Response, PageError> {
    let next = format!("/documents/{id}/monitoring");
    let bad = |m: String| PageError(StatusCode::BAD_REQUEST, "无法读取该监控表".into(), m);
    let (mut file, mut csrf, mut month) = (None, String::new(), String::new());
    while let Some(field) = form.next_field().await.map_err(|e| bad(e.to_string()))? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("monitoring.csv").to_string();
                file = Some((name, Vec::from(field.bytes().await.map_err(|e| bad(e.to_string()))?)));
            }
            Some("_csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("month") => month = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    auth.check_csrf(Some(&csrf)).map_err(|e| PageError::app(e, &next))?;
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else { return Err(bad("请选择填好的执行监控表文件。".into())) };
    let month: Option<u8> = month.trim().parse().ok();
    let report = st.app.read_round_file(&name, bytes, month).await.map_err(|e| PageError::app(e, &next))?;
    let out = st.app.report_round(&auth.actor, id, &report).await.map_err(|e| PageError::app(e, &next))?;
    Ok(saved(id, &out))
}

#[derive(Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    _csrf: String,
    decision: String,
    document: i64,
}

/// `POST /monitoring/{round}/check`: the approver confirms or returns a round.
pub async fn check(State(st): State<AppState>, auth: Auth, Path(round): Path<i64>, Form(f): Form<CheckForm>) -> Result<Response, PageError> {
    let next = format!("/documents/{}/monitoring", f.document);
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, &next))?;
    st.app.check_round(&auth.actor, round, f.decision == "confirm").await.map_err(|e| PageError::app(e, &next))?;
    Ok(Redirect::to(&format!("{next}#rounds")).into_response())
}

pub struct TableLightView {
    pub id: i64,
    pub title: String,
    pub year: String,
    pub state_zh: &'static str,
    pub round: Option<RoundView>,
}

#[derive(Template)]
#[template(path = "monitor_overview.html")]
struct Overview {
    nav: &'static str,
    me: Me,
    department: String,
    light: LightView,
    departments: Vec<String>,
    tables: Vec<TableLightView>,
}

#[derive(Deserialize, Default)]
pub struct DepartmentQuery {
    #[serde(default)]
    department: Option<String>,
}

/// `GET /monitoring`: a department's tables in force with their latest round's lights.
pub async fn overview(State(st): State<AppState>, auth: Auth, Query(q): Query<DepartmentQuery>) -> Result<Html<String>, PageError> {
    let Some(user) = &auth.actor.user else { return Err(PageError::app(AppError::SignIn("请先登录后再查看执行监控".into()), "/monitoring")) };
    let departments: Vec<String> = match &user.department {
        Some(d) => vec![d.clone()],
        None => st.store.departments().await.map_err(PageError::internal)?.into_iter().map(|d| d.name).collect(),
    };
    let department = q.department.filter(|d| departments.contains(d)).or_else(|| departments.first().cloned()).unwrap_or_default();
    let tables = if department.is_empty() { Vec::new() } else { st.app.department_lights(&auth.actor, &department).await.map_err(|e| PageError::app(e, "/monitoring"))? };
    let worst = tables.iter().filter_map(|t| t.round.as_ref()).map(|r| Light::from_key(&r.light)).max().unwrap_or(Light::Grey);
    render(Overview {
        nav: "monitor",
        me: Me::of(&auth),
        light: light(worst.key()),
        department,
        departments,
        tables: tables
            .iter()
            .map(|t| TableLightView {
                id: t.summary.id,
                title: t.summary.title.clone().unwrap_or_else(|| t.summary.source.clone()),
                year: t.summary.year.map(|y| format!("{y}年")).unwrap_or_default(),
                state_zh: jixiao_core::workflow::State::parse(&t.summary.state).map(|s| s.name_zh()).unwrap_or(""),
                round: t.round.as_ref().map(round_view),
            })
            .collect(),
    })
}

pub struct LaggardView {
    pub document_id: i64,
    pub department: String,
    pub year: String,
    pub period: String,
    pub project: String,
    pub light: LightView,
    pub budget: String,
    pub executed: String,
    pub rate: String,
    pub reason: String,
    pub causes: Vec<String>,
}

#[derive(Template)]
#[template(path = "laggards.html")]
struct LaggardsPage {
    nav: &'static str,
    me: Me,
    order: &'static str,
    rows: Vec<LaggardView>,
}

#[derive(Deserialize, Default)]
pub struct OrderQuery {
    #[serde(default)]
    order: Option<String>,
}

/// `GET /laggards`: the yellow and red projects this user may see, sortable.
pub async fn laggards(State(st): State<AppState>, auth: Auth, Query(q): Query<OrderQuery>) -> Result<Html<String>, PageError> {
    let (order, key) = match q.order.as_deref() {
        Some("department") => (LaggardOrder::Department, "department"),
        Some("execution") => (LaggardOrder::Execution, "execution"),
        _ => (LaggardOrder::Light, "light"),
    };
    let list = st.app.laggards(&auth.actor, order, 500).await.map_err(|e| PageError::app(e, "/laggards"))?;
    let rows = list
        .iter()
        .map(|l| LaggardView {
            document_id: l.document_id,
            department: l.department.clone(),
            year: l.year.map(|y| format!("{y}年")).unwrap_or_default(),
            period: period_text(l.month),
            project: l.project.clone(),
            light: light(&l.light),
            budget: l.budget.clone().unwrap_or_default(),
            executed: l.executed.clone().unwrap_or_default(),
            rate: rate(&l.budget, &l.executed),
            reason: l.reason.clone(),
            causes: l
                .causes
                .iter()
                .map(|c| {
                    let mut s = format!("{}：{}", c.indicator, Cause::names_zh(&c.causes).join("、"));
                    if let Some(e) = &c.explanation {
                        s.push_str(&format!("（{e}）"));
                    }
                    if let Some(a) = &c.action {
                        s.push_str(&format!("；整改措施：{a}"));
                    }
                    s
                })
                .collect(),
        })
        .collect();
    render(LaggardsPage { nav: "laggards", me: Me::of(&auth), order: key, rows })
}

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    nav: &'static str,
    me: Me,
    yellow: String,
    red: String,
    schedule: String,
    notice: String,
    error: String,
}

fn schedule_text(p: &WarningPolicy) -> String {
    p.schedule.iter().map(|c| format!("{}月:{}", c.month, c.rate.normalize())).collect::<Vec<_>>().join("，")
}

fn admin_only(auth: &Auth) -> Result<(), PageError> {
    match auth.actor.role() {
        Some(jixiao_core::access::Role::Admin) => Ok(()),
        Some(_) => Err(PageError::app(AppError::Forbidden("只有系统管理员可以修改预警规则".into()), "/admin/warning-policy")),
        None => Err(PageError::app(AppError::SignIn("请先登录".into()), "/admin/warning-policy")),
    }
}

/// `GET /admin/warning-policy`: the thresholds in force, as a form.
pub async fn policy_form(State(st): State<AppState>, auth: Auth, Query(q): Query<HashMap<String, String>>) -> Result<Html<String>, PageError> {
    admin_only(&auth)?;
    let p = st.app.warning_policy().await.map_err(|e| PageError::app(e, "/admin/warning-policy"))?;
    let notice = q.get("relit").map(|n| format!("预警规则已保存，{n} 轮监控已按新规则重新计算。")).unwrap_or_default();
    render(PolicyPage { nav: "policy", me: Me::of(&auth), yellow: p.yellow_behind.normalize().to_string(), red: p.red_behind.normalize().to_string(), schedule: schedule_text(&p), notice, error: String::new() })
}

#[derive(Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    _csrf: String,
    yellow: String,
    red: String,
    #[serde(default)]
    schedule: String,
}

/// `4月:25，6月:40` (or `4:25 6:40`) as checkpoints.
fn read_schedule(text: &str) -> Result<Vec<Checkpoint>, String> {
    text.split(|c: char| c == ',' || c == '，' || c == ';' || c == '；' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (m, r) = part.split_once([':', '：', '=']).ok_or_else(|| format!("「{part}」应写成“月:进度%”，如 4月:25"))?;
            let month = m.trim().trim_end_matches('月').parse::<u8>().map_err(|_| format!("「{part}」的月份不是数字"))?;
            let rate = r.trim().trim_end_matches('%').parse::<Decimal>().map_err(|_| format!("「{part}」的进度不是数字"))?;
            Ok(Checkpoint { month, rate })
        })
        .collect()
}

/// `POST /admin/warning-policy`: saves the thresholds and relights every round.
pub async fn policy_save(State(st): State<AppState>, auth: Auth, Form(f): Form<PolicyForm>) -> Result<Response, PageError> {
    admin_only(&auth)?;
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/admin/warning-policy"))?;
    let fail = |error: String| PolicyPage { nav: "policy", me: Me::of(&auth), yellow: f.yellow.clone(), red: f.red.clone(), schedule: f.schedule.clone(), notice: String::new(), error };
    let num = |s: &str, what: &str| s.trim().trim_end_matches('%').parse::<Decimal>().map_err(|_| format!("{what}「{s}」不是数字"));
    let policy = match (num(&f.yellow, "黄色预警的落后幅度"), num(&f.red, "红色预警的落后幅度"), read_schedule(&f.schedule)) {
        (Ok(yellow_behind), Ok(red_behind), Ok(schedule)) => WarningPolicy { yellow_behind, red_behind, schedule },
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return Ok((StatusCode::BAD_REQUEST, render(fail(e))?).into_response()),
    };
    match st.app.set_warning_policy(&auth.actor, &policy).await {
        Ok(n) => Ok(Redirect::to(&format!("/admin/warning-policy?relit={n}")).into_response()),
        Err(AppError::Invalid(m)) => Ok((StatusCode::BAD_REQUEST, render(fail(m))?).into_response()),
        Err(e) => Err(PageError::app(e, "/admin/warning-policy")),
    }
}
