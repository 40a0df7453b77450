//! The year-end self-evaluation (绩效自评) of a table as a page, a download
//! (XLSX, PDF, CSV, JSON) and API, and one indicator across years.

use crate::auth::{api_error, Auth};
use crate::pages::{enc, render, PageError};
use crate::views::Me;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_app::export::ExportFormat;
use jixiao_app::selfeval::{period_text, SelfEvaluation, YearRow};
use jixiao_core::score::show;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;

pub struct ScoreRow {
    pub category: &'static str,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: String,
    pub score: String,
    pub formula: String,
    pub years: String,
}

pub struct ProjectView {
    pub name: String,
    pub budget: String,
    pub executed: String,
    pub rate: String,
    pub execution_weight: String,
    pub execution_score: String,
    pub execution_formula: String,
    pub indicators: Vec<ScoreRow>,
    pub total: String,
    pub grade: &'static str,
    pub formula: String,
}

#[derive(Template)]
#[template(path = "selfeval.html")]
struct SelfEvalPage {
    nav: &'static str,
    me: Me,
    id: i64,
    title: String,
    department: String,
    year: String,
    period: String,
    provisional: bool,
    has_round: bool,
    projects: Vec<ProjectView>,
    score: String,
    grade: &'static str,
    formula: String,
    grades: [usize; 4],
}

fn two(x: Decimal) -> String {
    format!("{:.2}", x)
}

fn amount(x: Option<Decimal>) -> String {
    x.map(show).unwrap_or_default()
}

fn project_views(ev: &SelfEvaluation) -> Vec<ProjectView> {
    let dep = enc(&ev.department);
    ev.projects
        .iter()
        .map(|p| {
            let e = &p.evaluation;
            ProjectView {
                name: p.name.clone(),
                budget: amount(e.execution.budget),
                executed: amount(e.execution.executed),
                rate: e.execution.rate.map(|r| format!("{}%", show((r * Decimal::from(100)).round_dp(2)))).unwrap_or_default(),
                execution_weight: two(e.execution.weight),
                execution_score: e.execution.score.map(two).unwrap_or_else(|| "—".into()),
                execution_formula: e.execution.formula.clone(),
                indicators: e
                    .indicators
                    .iter()
                    .map(|i| ScoreRow {
                        category: i.category.name_zh(),
                        name: i.name.clone(),
                        target: i.target.clone(),
                        actual: if i.actual.is_empty() { "未填报".into() } else { i.actual.clone() },
                        weight: two(i.weight),
                        score: i.score.map(two).unwrap_or_else(|| "—".into()),
                        formula: i.formula.clone(),
                        years: format!("/years?department={dep}&project={}&indicator={}", enc(&p.name), enc(&i.name)),
                    })
                    .collect(),
                total: two(e.total),
                grade: e.grade.name_zh(),
                formula: e.formula.clone(),
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct FormatQuery {
    #[serde(default)]
    format: Option<String>,
}

/// `GET /documents/{id}/self-evaluation` (`?format=xlsx|pdf|csv|json` downloads it).
pub async fn page(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>, Query(q): Query<FormatQuery>) -> Result<Response, PageError> {
    let next = format!("/documents/{id}/self-evaluation");
    if let Some(f) = q.format.as_deref() {
        let format = ExportFormat::from_ext(f).ok_or_else(|| PageError(StatusCode::NOT_FOUND, "页面不存在".into(), format!("不支持的下载格式“{f}”；可选 xlsx、pdf、csv、json。")))?;
        let file = st.app.export_self_evaluation(&auth.actor, id, format).await.map_err(|e| PageError::app(e, &next))?;
        return Ok(crate::downloads::attachment(file, &format!("self-evaluation-{id}")));
    }
    let ev = st.app.self_evaluation(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let view = st.app.monitoring(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let doc = &view.stored.document;
    let page = SelfEvalPage {
        nav: "monitor",
        me: Me::of(&auth),
        id,
        title: doc.title.clone().unwrap_or_else(|| doc.source.clone()),
        department: doc.department.clone(),
        year: doc.year.map(|y| format!("{y}年")).unwrap_or_default(),
        period: ev.as_ref().map(|e| period_text(e.month)).unwrap_or_default(),
        provisional: ev.as_ref().is_some_and(|e| e.month < 12),
        has_round: ev.is_some(),
        projects: ev.as_ref().map(project_views).unwrap_or_default(),
        score: ev.as_ref().map(|e| two(e.summary.score)).unwrap_or_default(),
        grade: ev.as_ref().map_or("", |e| e.summary.grade.name_zh()),
        formula: ev.as_ref().map(|e| e.summary.formula.clone()).unwrap_or_default(),
        grades: ev.as_ref().map_or([0; 4], |e| e.summary.grades),
    };
    Ok(render(page)?.into_response())
}

/// `GET /api/documents/{id}/self-evaluation`: every score with its inputs and formula.
pub async fn api(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, Response> {
    let ev = st.app.self_evaluation(&auth.actor, id).await.map_err(api_error)?;
    Ok(Json(json!({ "self_evaluation": ev })).into_response())
}

#[derive(Deserialize, Default)]
pub struct YearsQuery {
    #[serde(default)]
    department: String,
    #[serde(default)]
    project: String,
    #[serde(default)]
    indicator: String,
}

#[derive(Template)]
#[template(path = "years.html")]
struct YearsPage {
    nav: &'static str,
    me: Me,
    department: String,
    project: String,
    indicator: String,
    rows: Vec<YearView>,
}

pub struct YearView {
    pub year: String,
    pub document_id: i64,
    pub target: String,
    pub actual: String,
    pub period: String,
    pub score: String,
    pub formula: String,
}

fn year_view(r: &YearRow) -> YearView {
    YearView {
        year: r.year.map(|y| format!("{y}年")).unwrap_or_default(),
        document_id: r.document_id,
        target: r.target.clone(),
        actual: r.actual.clone().unwrap_or_else(|| "未填报".into()),
        period: r.month.map(period_text).unwrap_or_else(|| "—".into()),
        score: match (r.score, r.weight) {
            (Some(s), Some(w)) => format!("{} / {}", two(s), two(w)),
            _ => "—".into(),
        },
        formula: r.formula.clone().unwrap_or_default(),
    }
}

/// `GET /years`: one indicator of a department's project across years.
pub async fn years(State(st): State<AppState>, auth: Auth, Query(q): Query<YearsQuery>) -> Result<Response, PageError> {
    let rows = if q.indicator.trim().is_empty() {
        Vec::new()
    } else {
        st.app.indicator_years(&auth.actor, &q.department, &q.project, &q.indicator).await.map_err(|e| PageError::app(e, "/years"))?
    };
    let page = YearsPage { nav: "monitor", me: Me::of(&auth), department: q.department, project: q.project, indicator: q.indicator, rows: rows.iter().map(year_view).collect() };
    Ok(render(page)?.into_response())
}

/// `GET /api/years?department=&project=&indicator=`: the same as JSON.
pub async fn years_api(State(st): State<AppState>, auth: Auth, Query(q): Query<YearsQuery>) -> Result<Response, Response> {
    if [&q.department, &q.project, &q.indicator].iter().any(|v| v.trim().is_empty()) {
        return Err(crate::errors::json_error(StatusCode::BAD_REQUEST, "请给出 department（部门）、project（项目）和 indicator（三级指标）"));
    }
    let rows = st.app.indicator_years(&auth.actor, &q.department, &q.project, &q.indicator).await.map_err(api_error)?;
    Ok(Json(json!({ "years": rows })).into_response())
}
