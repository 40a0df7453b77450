//! Monitoring rounds through the year: entered (or imported) by the
//! department's editor for targets in force, checked by its approver, watched
//! by the finance bureau; lit by the warning policy an admin sets.

use crate::documents::refuse;
use crate::{Actor, App, AppError, AppResult};
use jixiao_core::access::{self, Action, Role};
use jixiao_core::monitor::{execution_light, indicator_light, Cause, Light, Likelihood, Progress, Signal, WarningPolicy};
use jixiao_core::score::{Actual, Policy};
use jixiao_core::{Body, Document, Indicator};
use jixiao_store::{stored_amount, Laggard, LaggardOrder, NewRound, RoundIndicator, RoundProject, StoredRound};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One project's execution as reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectReport {
    /// 项目名称 (matched to the document's projects).
    pub name: String,
    /// The year's budget; the document's amount when left out.
    #[serde(default)]
    pub budget: Option<Decimal>,
    /// Executed so far.
    #[serde(default)]
    pub executed: Option<Decimal>,
    /// Expected by the year's end.
    #[serde(default)]
    pub expected: Option<Decimal>,
}

/// One indicator as reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    /// The project it belongs to (needed where names repeat across projects).
    #[serde(default)]
    pub project: Option<String>,
    /// 三级指标 name.
    pub name: String,
    /// Actual so far.
    #[serde(default)]
    pub actual: Option<String>,
    /// Expected full-year value.
    #[serde(default)]
    pub expected: Option<String>,
    /// 确定能 / 有可能 / 完全不可能.
    #[serde(default)]
    pub likelihood: Option<String>,
    /// Causes (经费保障 …, or their keys).
    #[serde(default)]
    pub causes: Vec<String>,
    /// 原因说明.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Corrective action.
    #[serde(default)]
    pub action: Option<String>,
    /// 备注.
    #[serde(default)]
    pub note: Option<String>,
}

/// A monitoring round as entered or imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundReport {
    /// The last month covered (7 for 1–7月).
    pub month: u8,
    /// Projects.
    #[serde(default)]
    pub projects: Vec<ProjectReport>,
    /// Indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorReport>,
}

/// What saving a round did.
#[derive(Debug, Clone, Serialize)]
pub struct RoundOutcome {
    /// The round.
    pub round_id: i64,
    /// The light of the whole document.
    pub light: Light,
    /// Rows that matched nothing in the document, in Chinese.
    pub unmatched: Vec<String>,
}

fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The target as one string, with the comparator and unit columns where printed.
pub(crate) fn target_text(i: &Indicator) -> String {
    let value = i.value().unwrap_or_default();
    match (&i.comparator, &i.unit) {
        (None, None) => value.to_string(),
        (c, u) => {
            let u = u.as_deref().filter(|u| !value.ends_with(*u)).unwrap_or("");
            format!("{}{value}{u}", c.as_deref().unwrap_or(""))
        }
    }
}

/// One project of a project table: (position, name, budget, indicators with positions).
pub(crate) type ProjectRow<'a> = (i64, &'a str, Option<Decimal>, Vec<(i64, &'a Indicator)>);
/// The projects of a project table.
pub(crate) type Projects<'a> = Vec<ProjectRow<'a>>;

pub(crate) fn projects(doc: &Document) -> Projects<'_> {
    let mut out = Vec::new();
    let mut at = 0i64;
    if let Body::Project(t) = &doc.body {
        for p in t.units.iter().flat_map(|u| &u.projects) {
            let inds = p.indicators.iter().enumerate().map(|(k, i)| (at + k as i64, i)).collect::<Vec<_>>();
            at += p.indicators.len() as i64;
            out.push((out.len() as i64, p.name.as_str(), p.amounts.total, inds));
        }
    }
    out
}

/// A project's row of a round, not yet lit.
fn project_row(position: i64, name: &str, budget: Option<Decimal>, executed: Option<Decimal>, expected: Option<Decimal>) -> RoundProject {
    let text = |d: Option<Decimal>| d.map(|d| d.normalize().to_string());
    RoundProject {
        position,
        name: name.to_string(),
        budget: text(budget),
        executed: text(executed),
        expected: text(expected),
        execution_light: String::new(),
        light: String::new(),
        reason: String::new(),
    }
}

/// Lights a round's rows by `policy`: each indicator, each project (its
/// execution and its indicators, the worst wins), and the whole round.
fn light_rows(doc: &Document, month: i64, projects: &mut [RoundProject], indicators: &mut [RoundIndicator], policy: &WarningPolicy) -> Light {
    let score = Policy::default();
    let by_position: std::collections::HashMap<i64, &Indicator> =
        self::projects(doc).into_iter().flat_map(|(_, _, _, inds)| inds).collect();
    let month = month.clamp(1, 12) as u8;
    for i in indicators.iter_mut() {
        let target = by_position.get(&i.position).map(|x| target_text(x)).unwrap_or_default();
        let p = Progress {
            name: i.name.clone(),
            actual: i.actual.as_deref().map_or(Actual::Missing, |a| Actual::read_for(a, &target)),
            expected: i.expected.as_deref().map_or(Actual::Missing, |a| Actual::read_for(a, &target)),
            likelihood: i.likelihood.as_deref().and_then(Likelihood::read),
            target,
        };
        let s = indicator_light(&p, month, policy, &score);
        i.light = s.light.key().into();
        i.reason = s.reason;
    }
    let mut worst = Light::Grey;
    for p in projects.iter_mut() {
        let e = execution_light(stored_amount(&p.budget), stored_amount(&p.executed), month, policy);
        p.execution_light = e.light.key().into();
        let mut best = Signal { light: e.light, reason: format!("预算执行：{}", e.reason) };
        for i in indicators.iter().filter(|i| i.project == Some(p.position)) {
            let l = Light::from_key(&i.light);
            if l > best.light {
                best = Signal { light: l, reason: format!("{}：{}", i.name, i.reason) };
            }
        }
        p.light = best.light.key().into();
        p.reason = best.reason;
        worst = worst.max(best.light);
    }
    worst
}

impl App {
    /// The warning policy in force (the stored one, or `domain.md`'s default).
    pub async fn warning_policy(&self) -> AppResult<WarningPolicy> {
        match self.store.warning_policy().await? {
            None => Ok(WarningPolicy::default()),
            Some(v) => serde_json::from_value(v).map_err(|e| AppError::Internal(format!("stored warning policy: {e}"))),
        }
    }

    /// Changes the warning policy (admins) and relights every round by it.
    pub async fn set_warning_policy(&self, actor: &Actor, policy: &WarningPolicy) -> AppResult<usize> {
        refuse(access::decide(actor.principal(), Action::SetWarningPolicy, None, Default::default()), "修改预警规则")?;
        policy.check().map_err(AppError::Invalid)?;
        let json = serde_json::to_value(policy).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store.set_warning_policy(&json, &actor.audit("warning_policy")).await?;
        let mut n = 0;
        // Rounds of one document (one per month) share its table: read it once.
        let mut docs: std::collections::HashMap<i64, Option<Document>> = std::collections::HashMap::new();
        for id in self.store.round_ids().await? {
            let Some(mut round) = self.store.round(id).await? else { continue };
            if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(round.document_id) {
                e.insert(self.store.document(round.document_id).await?.map(|d| d.document));
            }
            let Some(Some(doc)) = docs.get(&round.document_id) else { continue };
            round.light = light_rows(doc, round.month, &mut round.projects, &mut round.indicators, policy).key().into();
            self.store.relight_round(&round).await?;
            n += 1;
        }
        Ok(n)
    }

    /// Enters (or replaces) the round of `report.month` for a document in
    /// force; rows that match nothing are reported, the others stored and lit.
    pub async fn report_round(&self, actor: &Actor, document_id: i64, report: &RoundReport) -> AppResult<RoundOutcome> {
        let (stored, _, _) = self.checked(actor, document_id, Action::ReportMonitoring, "填报该目标表的执行监控").await?;
        if !(1..=12).contains(&report.month) {
            return Err(AppError::Invalid(format!("监控期间应为 1–12 月，收到 {}", report.month)));
        }
        let doc = &stored.document;
        let table = projects(doc);
        if table.is_empty() {
            return Err(AppError::Invalid("执行监控按项目填报，该目标表没有项目".into()));
        }
        let mut unmatched = Vec::new();
        let mut rows: Vec<RoundProject> = Vec::new();
        for (k, p) in report.projects.iter().enumerate() {
            let Some((pos, name, total, _)) = table.iter().find(|t| key(t.1) == key(&p.name)) else {
                unmatched.push(format!("第 {} 个项目「{}」不在该目标表中", k + 1, p.name));
                continue;
            };
            rows.retain(|r| r.position != *pos);
            rows.push(project_row(*pos, name, p.budget.or(*total), p.executed, p.expected));
        }
        let mut inds: Vec<RoundIndicator> = Vec::new();
        for (k, r) in report.indicators.iter().enumerate() {
            let candidates: Vec<&ProjectRow> = match &r.project {
                Some(p) => table.iter().filter(|t| key(t.1) == key(p)).collect(),
                None => table.iter().collect(),
            };
            let found: Vec<(i64, i64)> = candidates
                .iter()
                .flat_map(|(pos, _, _, list)| list.iter().filter(|(_, i)| key(&i.name) == key(&r.name)).map(move |(at, _)| (*pos, *at)))
                .collect();
            let place = match &r.project {
                Some(p) => format!("第 {} 行指标「{}」（项目「{}」）", k + 1, r.name, p),
                None => format!("第 {} 行指标「{}」", k + 1, r.name),
            };
            let (project, position) = match found.as_slice() {
                [one] => *one,
                [] => {
                    unmatched.push(format!("{place}不在该目标表中"));
                    continue;
                }
                _ => {
                    unmatched.push(format!("{place}在多个项目中出现，请注明所属项目"));
                    continue;
                }
            };
            let mut causes = Vec::new();
            for c in &r.causes {
                match Cause::read(c) {
                    Some(c) if !causes.contains(&c.key().to_string()) => causes.push(c.key().to_string()),
                    Some(_) => {}
                    None => unmatched.push(format!("{place}的偏差原因「{c}」不是经费、制度、人员、硬件条件保障或其他")),
                }
            }
            let likelihood = match r.likelihood.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                None => None,
                Some(l) => match Likelihood::read(l) {
                    Some(x) => Some(x.key().to_string()),
                    None => {
                        unmatched.push(format!("{place}的完成目标可能性「{l}」应为确定能、有可能或完全不可能"));
                        None
                    }
                },
            };
            let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            inds.retain(|i| i.position != position);
            inds.push(RoundIndicator {
                position,
                project: Some(project),
                name: r.name.trim().to_string(),
                actual: clean(&r.actual),
                expected: clean(&r.expected),
                likelihood,
                causes,
                explanation: clean(&r.explanation),
                action: clean(&r.action),
                note: clean(&r.note),
                light: String::new(),
                reason: String::new(),
            });
            // A project with indicators reported is in the round even without its execution.
            if !rows.iter().any(|p| p.position == project) {
                if let Some((pos, name, total, _)) = table.iter().find(|t| t.0 == project) {
                    rows.push(project_row(*pos, name, *total, None, None));
                }
            }
        }
        if rows.is_empty() {
            return Err(AppError::Invalid(format!("没有一行与该目标表的项目或指标对应：{}", unmatched.join("；"))));
        }
        rows.sort_by_key(|r| r.position);
        inds.sort_by_key(|i| i.position);
        let policy = self.warning_policy().await?;
        let light = light_rows(doc, report.month as i64, &mut rows, &mut inds, &policy);
        let mut audit = actor.audit("monitor_report");
        audit.detail = Some(serde_json::json!({ "month": report.month, "projects": rows.len(), "indicators": inds.len(), "unmatched": unmatched.len() }));
        let round = NewRound { document_id, month: report.month as i64, light: light.key().into(), projects: rows, indicators: inds };
        let round_id = self.store.save_round(&round, &audit).await?;
        Ok(RoundOutcome { round_id, light, unmatched })
    }

    /// The approver confirms a round (`checked`) or sends it back (`returned`).
    pub async fn check_round(&self, actor: &Actor, round_id: i64, confirm: bool) -> AppResult<()> {
        let round = self.store.round(round_id).await?.ok_or_else(|| AppError::NotFound(format!("没有编号为 {round_id} 的监控记录")))?;
        self.checked(actor, round.document_id, Action::CheckMonitoring, "审核该执行监控").await?;
        let (state, action) = if confirm { ("checked", "monitor_check") } else { ("returned", "monitor_return") };
        let mut audit = actor.audit(action);
        audit.document_id = Some(round.document_id);
        audit.detail = Some(serde_json::json!({ "round_id": round_id, "month": round.month }));
        self.store.set_round_state(round_id, state, &audit).await?;
        Ok(())
    }

    /// A document's rounds, latest first, each with its rows.
    pub async fn rounds(&self, actor: &Actor, document_id: i64) -> AppResult<Vec<StoredRound>> {
        self.checked(actor, document_id, Action::ViewMonitoring, "查看该目标表的执行监控").await?;
        let mut out = Vec::new();
        for r in self.store.rounds(document_id).await? {
            if let Some(full) = self.store.round(r.id).await? {
                out.push(full);
            }
        }
        Ok(out)
    }

    /// The laggards (yellow and red projects of each document's latest
    /// round) this actor may see: a department its own, a reviewer those of
    /// its region, an admin all.
    pub async fn laggards(&self, actor: &Actor, order: LaggardOrder, limit: i64) -> AppResult<Vec<Laggard>> {
        let departments: Option<Vec<String>> = match (actor.system, actor.role(), &actor.user) {
            (true, _, _) | (_, Some(Role::Admin), _) => None,
            (_, Some(Role::Editor | Role::Approver), Some(u)) => Some(u.department.iter().cloned().collect()),
            (_, Some(Role::Reviewer), Some(u)) => match u.region_id {
                None => None,
                Some(_) => {
                    let mut mine = Vec::new();
                    for d in self.store.departments().await? {
                        if self.relation(actor, &d.name).await?.in_region {
                            mine.push(d.name);
                        }
                    }
                    Some(mine)
                }
            },
            _ => return Err(AppError::SignIn("请先登录后再查看滞后项目".into())),
        };
        Ok(self.store.laggards(departments.as_deref(), order, limit).await?)
    }
}

/// A project of a table as a monitoring form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FormProject {
    /// Its place among the projects.
    pub position: i64,
    /// 项目名称.
    pub name: String,
    /// The table's amount.
    pub budget: Option<Decimal>,
    /// Its indicators: place in the document, name, target as printed, printed weight (分值).
    pub indicators: Vec<(i64, String, String, Option<Decimal>)>,
}

/// A document's monitoring: its rounds and what this actor may do.
#[derive(Debug, Clone)]
pub struct MonitoringView {
    /// The document.
    pub stored: jixiao_store::StoredDocument,
    /// Its projects and indicators, to report against.
    pub form: Vec<FormProject>,
    /// Its rounds, latest month first.
    pub rounds: Vec<StoredRound>,
    /// This actor may enter a round.
    pub can_report: bool,
    /// This actor may confirm or return a round.
    pub can_check: bool,
}

/// The latest round of one table of a department.
#[derive(Debug, Clone)]
pub struct TableLights {
    /// The table.
    pub summary: jixiao_store::DocumentSummary,
    /// Its latest round, if any.
    pub round: Option<StoredRound>,
}

impl App {
    /// A document's monitoring page: rounds, and the forms this actor may use.
    pub async fn monitoring(&self, actor: &Actor, document_id: i64) -> AppResult<MonitoringView> {
        let (stored, state, rel) = self.checked(actor, document_id, Action::ViewMonitoring, "查看该目标表的执行监控").await?;
        let who = actor.principal();
        let form = projects(&stored.document)
            .into_iter()
            .map(|(position, name, budget, inds)| FormProject {
                position,
                name: name.to_string(),
                budget,
                indicators: inds.into_iter().map(|(at, i)| (at, i.name.clone(), target_text(i), i.weight)).collect(),
            })
            .collect();
        let mut rounds = Vec::new();
        for r in self.store.rounds(document_id).await? {
            rounds.extend(self.store.round(r.id).await?);
        }
        Ok(MonitoringView {
            stored,
            form,
            rounds,
            can_report: access::allows(who, Action::ReportMonitoring, Some(state), rel),
            can_check: access::allows(who, Action::CheckMonitoring, Some(state), rel),
        })
    }

    /// A department's tables in force that this actor may watch, each with its latest round.
    pub async fn department_lights(&self, actor: &Actor, department: &str) -> AppResult<Vec<TableLights>> {
        let rel = self.relation(actor, department).await?;
        let mut out = Vec::new();
        for d in self.store.department_documents(department).await? {
            let Some(state) = jixiao_core::workflow::State::parse(&d.state) else { continue };
            if !access::allows(actor.principal(), Action::ViewMonitoring, Some(state), rel) {
                continue;
            }
            let round = match self.store.rounds(d.id).await?.into_iter().next() {
                Some(h) => self.store.round(h.id).await?,
                None => None,
            };
            out.push(TableLights { summary: d, round });
        }
        out.sort_by(|a, b| b.summary.year.cmp(&a.summary.year).then(a.summary.id.cmp(&b.summary.id)));
        Ok(out)
    }
}
