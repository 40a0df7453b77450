//! View models: documents, findings and targets turned into what the pages show.

use jixiao_core::target::{Op, Target};
use jixiao_core::{Amounts, Body, Document, Horizon, Indicator, TaskGroup};
use jixiao_store::{StoredDocument, StoredFinding};

/// A finding as shown on a page.
#[derive(Debug, Clone)]
pub struct FView {
    pub severity: String,
    pub severity_zh: &'static str,
    pub message: String,
    pub rule: String,
    /// The rule's Chinese title.
    pub rule_title: String,
    pub place: String,
    /// The id of the row it concerns on the document page (`ind-12`), if any.
    pub anchor: Option<String>,
}

/// The id of an indicator's row on a document page, by its position in document order.
pub fn row_anchor(position: i64) -> String {
    format!("ind-{position}")
}

/// A rule's Chinese title (the id itself for a rule this build does not know).
/// The signed-in user, for the navigation bar of every page.
#[derive(Default, Clone)]
pub struct Me {
    pub name: String,
    pub role_zh: String,
    pub scope: String,
    pub csrf: String,
    pub admin: bool,
    pub can_import: bool,
}

impl Me {
    pub fn of(auth: &crate::auth::Auth) -> Me {
        let Some(u) = &auth.actor.user else { return Me::default() };
        let role = jixiao_core::access::Role::parse(&u.role);
        Me {
            name: u.name.clone(),
            role_zh: role.map(|r| r.name_zh()).unwrap_or("").to_string(),
            scope: u.department.clone().or(u.region.clone()).unwrap_or_default(),
            csrf: auth.csrf(),
            admin: role == Some(jixiao_core::access::Role::Admin),
            can_import: matches!(
                role,
                Some(jixiao_core::access::Role::Admin | jixiao_core::access::Role::Editor | jixiao_core::access::Role::Reviewer)
            ),
        }
    }
}

pub fn rule_title(id: &str) -> String {
    jixiao_core::review::rule_by_id(id).map(|r| r.title.to_string()).unwrap_or_else(|| id.to_string())
}

pub fn severity_zh(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        _ => "提示",
    }
}

pub use jixiao_app::findings::place_text;

/// The findings of one rule, for the summary at the top of a document.
#[derive(Debug, Clone)]
pub struct FGroup {
    pub severity: String,
    pub severity_zh: &'static str,
    /// The rule's Chinese title.
    pub title: String,
    pub rule: String,
    pub items: Vec<FView>,
}

/// Findings grouped by rule: errors first, then warnings, then notes; within a
/// severity, the most frequent rule first.
pub fn group_findings(findings: &[StoredFinding]) -> Vec<FGroup> {
    let mut groups: Vec<FGroup> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|g| g.rule == f.rule) {
            Some(g) => g.items.push(fview(f)),
            None => groups.push(FGroup {
                severity: f.severity.clone(),
                severity_zh: severity_zh(&f.severity),
                title: rule_title(&f.rule),
                rule: f.rule.clone(),
                items: vec![fview(f)],
            }),
        }
    }
    let rank = |s: &str| match s {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };
    groups.sort_by(|a, b| rank(&a.severity).cmp(&rank(&b.severity)).then(b.items.len().cmp(&a.items.len())));
    groups
}

/// Whether a finding without an indicator concerns this project (of this unit).
fn about_project(f: &StoredFinding, unit: &str, project: &str) -> bool {
    let get = |k: &str| f.place.get(k).and_then(|v| v.as_str());
    f.indicator_position.is_none()
        && get("project") == Some(project)
        && get("unit").is_none_or(|u| u == unit)
        && get("task").is_none()
}

/// Whether a finding without an indicator concerns this task.
fn about_task(f: &StoredFinding, task: &str) -> bool {
    f.indicator_position.is_none() && f.place.get("task").and_then(|v| v.as_str()) == Some(task)
}

pub fn fview(f: &StoredFinding) -> FView {
    FView {
        severity: f.severity.clone(),
        severity_zh: severity_zh(&f.severity),
        message: f.message.clone(),
        rule: f.rule.clone(),
        rule_title: rule_title(&f.rule),
        place: place_text(&f.place),
        anchor: f.indicator_position.map(row_anchor),
    }
}

/// An indicator row.
#[derive(Debug, Clone, Default)]
pub struct IndView {
    pub seq: Option<i64>,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub explanation: String,
    pub period: String,
    pub annual: String,
    pub comparator: String,
    pub unit: String,
    pub weight: String,
    pub findings: Vec<FView>,
    pub class: &'static str,
    /// The row's id, which findings link to.
    pub anchor: String,
}

fn coded(code: &Option<String>, name: &Option<String>) -> String {
    match (code, name) {
        (Some(c), Some(n)) => format!("{c}-{n}"),
        (None, Some(n)) => n.clone(),
        (Some(c), None) => c.clone(),
        (None, None) => String::new(),
    }
}

fn ind_view(i: &Indicator, position: i64, findings: Vec<FView>) -> IndView {
    let class = if findings.iter().any(|f| f.severity == "error") {
        "f-error"
    } else if findings.iter().any(|f| f.severity == "warning") {
        "f-warning"
    } else {
        ""
    };
    IndView {
        seq: i.seq,
        level1: coded(&i.level1_code, &i.level1),
        level2: coded(&i.level2_code, &i.level2),
        name: i.name.clone(),
        explanation: i.explanation.clone().unwrap_or_default(),
        period: i.period_value.clone().unwrap_or_default(),
        annual: i.annual_value.clone().unwrap_or_default(),
        comparator: i.comparator.clone().unwrap_or_default(),
        unit: i.unit.clone().unwrap_or_default(),
        weight: i.weight.map(|w| w.to_string()).unwrap_or_default(),
        findings,
        class,
        anchor: row_anchor(position),
    }
}

fn amounts4(a: &Amounts) -> [String; 4] {
    [a.total, a.fiscal, a.special_account, a.other].map(|v| v.map(|d| format!("{:.2}", d)).unwrap_or_default())
}

pub struct UnitCell {
    pub name: String,
    pub amounts: [String; 4],
}

pub struct ProjCell {
    pub name: String,
    pub amounts: [String; 4],
    pub goal: String,
    pub rowspan: usize,
    /// Findings about the project as a whole.
    pub findings: Vec<FView>,
}

pub struct PRow {
    pub unit: Option<UnitCell>,
    pub project: Option<ProjCell>,
    pub ind: Option<IndView>,
    pub class: &'static str,
}

pub struct ProjectView {
    pub totals: [String; 4],
    pub rows: Vec<PRow>,
}

pub struct IndCols {
    pub explanation: bool,
    pub period: bool,
    pub comparator: bool,
    pub unit: bool,
    pub weight: bool,
    pub value_label: &'static str,
}

pub struct TaskView {
    pub group_zh: &'static str,
    pub name: String,
    pub content: String,
    pub goal: String,
    pub amount: String,
    pub indicators: Vec<IndView>,
    pub projects: String,
    /// Findings about the task as a whole.
    pub findings: Vec<FView>,
}

pub struct PlanView {
    pub horizon_zh: &'static str,
    pub goal_label: &'static str,
    pub goal: String,
    pub tasks: Vec<TaskView>,
    pub indicators: Vec<IndView>,
    pub cols: IndCols,
}

pub struct DepartmentView {
    pub functions: Option<String>,
    pub figures: Vec<(String, String)>,
    pub plans: Vec<PlanView>,
}

pub struct DocView {
    pub id: i64,
    pub version: i64,
    /// Import time in Beijing time.
    pub imported_at: String,
    pub superseded: bool,
    pub year: Option<i32>,
    /// The department, escaped for a query string.
    pub department_q: String,
    pub source: String,
    pub heading: String,
    pub department: String,
    pub money_unit: String,
    /// All findings, grouped by rule.
    pub groups: Vec<FGroup>,
    /// Findings by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub project: Option<ProjectView>,
    pub department_view: Option<DepartmentView>,
}

/// Builds the view of a stored document with its findings placed beside the
/// indicators they concern.
pub fn doc_view(sd: &StoredDocument, findings: &[StoredFinding]) -> DocView {
    let doc = &sd.document;
    let mut by_pos: std::collections::HashMap<i64, Vec<FView>> = std::collections::HashMap::new();
    for f in findings {
        if let Some(p) = f.indicator_position {
            by_pos.entry(p).or_default().push(fview(f));
        }
    }
    let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (count("error"), count("warning"), count("info"));
    // Findings about a project or a task (no indicator), by its name, each shown
    // once: beside the first project or task of that name (a table that repeats
    // one name many times must not show every finding under every copy).
    let mut by_name: std::collections::HashMap<&str, Vec<&StoredFinding>> = std::collections::HashMap::new();
    for f in findings.iter().filter(|f| f.indicator_position.is_none()) {
        let key = f.place.get("task").or_else(|| f.place.get("project")).and_then(|v| v.as_str());
        if let Some(k) = key {
            by_name.entry(k).or_default().push(f);
        }
    }
    let mut take = |name: &str, keep: &dyn Fn(&StoredFinding) -> bool| -> Vec<FView> {
        let Some(list) = by_name.get_mut(name) else { return Vec::new() };
        let (mine, rest): (Vec<&StoredFinding>, Vec<&StoredFinding>) = list.drain(..).partition(|f| keep(f));
        *list = rest;
        mine.into_iter().map(fview).collect()
    };
    let mut pos: i64 = 0;
    let mut next = |i: &Indicator| {
        let v = ind_view(i, pos, by_pos.remove(&pos).unwrap_or_default());
        pos += 1;
        v
    };
    let (project, department_view) = match &doc.body {
        Body::Project(t) => {
            let mut rows = Vec::new();
            for u in &t.units {
                rows.push(PRow {
                    unit: Some(UnitCell { name: u.name.clone(), amounts: amounts4(&u.amounts) }),
                    project: None,
                    ind: None,
                    class: "",
                });
                for p in &u.projects {
                    let cell = ProjCell {
                        name: p.name.clone(),
                        amounts: amounts4(&p.amounts),
                        goal: p.goal.clone().unwrap_or_default(),
                        rowspan: p.indicators.len().max(1),
                        findings: take(&p.name, &|f| about_project(f, &u.name, &p.name)),
                    };
                    let mut cell = Some(cell);
                    if p.indicators.is_empty() {
                        rows.push(PRow { unit: None, project: cell.take(), ind: None, class: "" });
                    }
                    for i in &p.indicators {
                        let iv = next(i);
                        let class = iv.class;
                        rows.push(PRow { unit: None, project: cell.take(), ind: Some(iv), class });
                    }
                }
            }
            (Some(ProjectView { totals: amounts4(&t.totals), rows }), None)
        }
        Body::Department(t) => {
            let mut plans = Vec::new();
            for pl in &t.plans {
                let indicators: Vec<IndView> = pl.indicators.iter().map(&mut next).collect();
                let tasks = pl
                    .tasks
                    .iter()
                    .map(|task| TaskView {
                        group_zh: match task.group {
                            TaskGroup::Key => "重点任务",
                            TaskGroup::Other => "其他任务",
                        },
                        name: task.name.clone(),
                        content: task.content.clone().unwrap_or_default(),
                        goal: task.goal.clone().unwrap_or_default(),
                        amount: task.amount.map(|a| a.to_string()).unwrap_or_default(),
                        indicators: task.indicators.iter().map(&mut next).collect(),
                        projects: task.projects.join("、"),
                        findings: take(&task.name, &|f| about_task(f, &task.name)),
                    })
                    .collect();
                let has = |f: fn(&Indicator) -> bool| pl.indicators.iter().any(f);
                plans.push(PlanView {
                    horizon_zh: match pl.horizon {
                        Horizon::Annual => "本年度",
                        Horizon::MultiYear => "三年期",
                    },
                    goal_label: match pl.horizon {
                        Horizon::Annual => "年度总体目标",
                        Horizon::MultiYear => "三年期目标",
                    },
                    goal: pl.goal.clone().unwrap_or_default(),
                    tasks,
                    cols: IndCols {
                        explanation: has(|i| i.explanation.is_some()),
                        period: has(|i| i.period_value.is_some()),
                        comparator: has(|i| i.comparator.is_some()),
                        unit: has(|i| i.unit.is_some()),
                        weight: has(|i| i.weight.is_some()),
                        value_label: if has(|i| i.period_value.is_some()) { "年度指标值" } else { "指标值" },
                    },
                    indicators,
                });
            }
            let figures = t.figures.iter().map(|f| (f.label.clone(), f.value.to_string())).collect();
            (None, Some(DepartmentView { functions: t.functions.clone(), figures, plans }))
        }
    };
    DocView {
        id: sd.id,
        version: sd.version,
        imported_at: if sd.imported_at.is_empty() { String::new() } else { local_time(&sd.imported_at) },
        superseded: sd.superseded,
        source: doc.source.rsplit(['/', '\\']).next().unwrap_or(&doc.source).to_string(),
        year: doc.year,
        department_q: crate::pages::enc(&doc.department),
        heading: heading(doc),
        department: doc.department.clone(),
        money_unit: doc.money_unit.clone(),
        groups: group_findings(findings),
        errors,
        warnings,
        infos,
        project,
        department_view,
    }
}

/// The title to show: as printed, else made from department, year and kind.
pub fn heading(doc: &Document) -> String {
    if let Some(t) = &doc.title {
        // A title printed without its department (a unit's own table) gets it added.
        let dep = doc.department.trim();
        return if dep.is_empty() || t.contains(dep) { t.clone() } else { format!("{t}（{dep}）") };
    }
    let year = doc.year.map(|y| format!("{y}年")).unwrap_or_default();
    match doc.body {
        Body::Project(_) => format!("{}{}项目支出绩效目标表", doc.department, year),
        Body::Department(_) => format!("{}{}部门整体支出绩效目标表", doc.department, year),
    }
}

fn op_zh(op: Op) -> &'static str {
    match op {
        Op::Ge => "≥",
        Op::Gt => ">",
        Op::Le => "≤",
        Op::Lt => "<",
        Op::Eq => "=",
    }
}

/// A parsed target in a few characters: `≥ 90%`, `90–95%`, `≥ 85% 且 ≥ 85%`, `定性`.
pub fn target_zh(t: &Target) -> String {
    match t {
        Target::Quantitative { op, value, unit } => {
            format!("{} {}{}", op_zh(*op), value.normalize(), unit.as_deref().unwrap_or(""))
        }
        Target::Range { min, max, unit } => {
            format!("{}–{}{}", min.normalize(), max.normalize(), unit.as_deref().unwrap_or(""))
        }
        Target::All { parts } => parts.iter().map(target_zh).collect::<Vec<_>>().join(" 且 "),
        Target::Any { parts } => parts.iter().map(target_zh).collect::<Vec<_>>().join(" 或 "),
        Target::Qualitative { .. } => "定性".into(),
    }
}


/// An RFC 3339 UTC time shown in Beijing time (`2026-12-05 19:30`).
pub fn local_time(rfc: &str) -> String {
    let b = rfc.as_bytes();
    let num = |r: std::ops::Range<usize>| rfc.get(r).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d), Some(h), Some(mi), Some(s)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
    else {
        return rfc.to_string();
    };
    if b.len() < 19 {
        return rfc.to_string();
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s + 8 * 3600;
    let t = jixiao_store::rfc3339(secs);
    format!("{} {}", &t[..10], &t[11..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn places_read_as_words() {
        let p = serde_json::json!({"project": "培训经费", "seq": 3, "field": "annual_value"});
        assert_eq!(place_text(&p), "项目「培训经费」 · 第3条指标 · 年度指标值");
        assert_eq!(place_text(&serde_json::json!({})), "整表");
    }

    fn stored(rule: &str, severity: &str, place: serde_json::Value, indicator: Option<i64>) -> StoredFinding {
        StoredFinding {
            rule: rule.into(),
            family: rule.split('/').next().unwrap_or("").into(),
            severity: severity.into(),
            message: "说明".into(),
            place,
            indicator_position: indicator,
        }
    }

    #[test]
    fn findings_group_by_rule_errors_first() {
        let fs = vec![
            stored("COMPLETENESS/COST", "warning", serde_json::json!({"project": "甲"}), None),
            stored("COMPLETENESS/OUTCOME", "error", serde_json::json!({"project": "甲"}), None),
            stored("COMPLETENESS/COST", "warning", serde_json::json!({"project": "乙"}), None),
            stored("COMPLETENESS/SATISFACTION", "warning", serde_json::json!({"project": "乙"}), None),
        ];
        let g = group_findings(&fs);
        let order: Vec<(&str, usize)> = g.iter().map(|g| (g.rule.as_str(), g.items.len())).collect();
        assert_eq!(order, [("COMPLETENESS/OUTCOME", 1), ("COMPLETENESS/COST", 2), ("COMPLETENESS/SATISFACTION", 1)]);
        assert_eq!(g[1].title, "缺少成本指标");
        assert!(about_project(&fs[0], "某单位", "甲"));
        assert!(!about_project(&fs[0], "某单位", "乙"));
        let on_indicator = stored("X/Y", "error", serde_json::json!({"project": "甲"}), Some(0));
        assert!(!about_project(&on_indicator, "某单位", "甲"));
    }

    #[test]
    fn targets_read_short() {
        let t = Target::Quantitative { op: Op::Ge, value: Decimal::from(90), unit: Some("%".into()) };
        assert_eq!(target_zh(&t), "≥ 90%");
        assert_eq!(target_zh(&Target::Qualitative { text: "达标".into() }), "定性");
    }
}
