//! The domain model of a published performance-target table (绩效目标表).
//!
//! The types serialise exactly as the interchange format `perf-targets/1`
//! (`shared/spec/interchange.md`): keys in the spec's order, empty cells as
//! `null`, amounts as JSON numbers in the document's money unit.

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format tag written into every document.
pub const FORMAT: &str = "perf-targets/1";

/// One published target table: either a project table or a department table.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name of the source document.
    pub source: String,
    /// The document's title line, as printed.
    pub title: Option<String>,
    /// 部门名称 as printed.
    pub department: String,
    /// The budget year, where the title or a heading prints it.
    pub year: Option<i32>,
    /// The money unit of every amount, e.g. `万元`.
    pub money_unit: String,
    /// What kind of table it is, with the parts of that kind.
    pub body: Body,
}

/// The kind-specific part of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// 项目支出绩效目标表.
    Project(ProjectTable),
    /// 部门整体（支出/预算）绩效目标表.
    Department(DepartmentTable),
}

/// The two kinds of target table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 项目支出绩效目标表.
    Project,
    /// 部门整体支出绩效目标表.
    Department,
}

impl Kind {
    /// The name used in `perf-targets/1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::Department => "department",
        }
    }
}

/// A project target table: the 合计 row and the using units with their projects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProjectTable {
    /// The 合计 row.
    pub totals: Amounts,
    /// 资金使用单位 rows with the projects under each.
    pub units: Vec<Unit>,
}

/// A department target table: budget overview, functions and one plan per horizon.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DepartmentTable {
    /// Every labelled figure of the budget overview.
    pub figures: Vec<Figure>,
    /// 部门职能概述.
    pub functions: Option<String>,
    /// One plan per horizon the document covers.
    pub plans: Vec<Plan>,
}

/// Amounts of a row: 总计, 财政拨款, 财政专户拨款, 其他资金. An empty cell is `None`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Amounts {
    /// 总计.
    pub total: Option<Decimal>,
    /// 财政拨款.
    pub fiscal: Option<Decimal>,
    /// 财政专户拨款 / 行政专户拨款.
    pub special_account: Option<Decimal>,
    /// 其他资金.
    pub other: Option<Decimal>,
}

impl Amounts {
    /// True when no amount is printed.
    pub fn is_empty(&self) -> bool {
        self.total.is_none() && self.fiscal.is_none() && self.special_account.is_none() && self.other.is_none()
    }
}

/// A using unit (资金使用单位) with its projects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Unit {
    /// The unit's name as printed.
    pub name: String,
    /// The unit row's amounts.
    pub amounts: Amounts,
    /// Projects listed under the unit.
    pub projects: Vec<Project>,
}

/// A budget project with its goal and indicators.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Project {
    /// 项目名称.
    pub name: String,
    /// The project row's amounts.
    pub amounts: Amounts,
    /// 绩效目标.
    pub goal: Option<String>,
    /// 绩效指标.
    pub indicators: Vec<Indicator>,
}

/// A labelled figure of a department's budget overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Label as printed, without a list number or a leading `其中：`.
    pub label: String,
    /// The figure.
    pub value: Decimal,
}

/// The horizon a department plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    /// 本年 / 年度.
    Annual,
    /// 三年期 (or another multi-year period).
    MultiYear,
}

/// A department plan for one horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The horizon.
    pub horizon: Horizon,
    /// 总体绩效目标 / 年度目标 / 三年期目标.
    pub goal: Option<String>,
    /// Key and other tasks.
    pub tasks: Vec<Task>,
    /// The plan-wide indicators.
    pub indicators: Vec<Indicator>,
}

impl Plan {
    /// An empty plan for a horizon.
    pub fn new(horizon: Horizon) -> Self {
        Plan { horizon, goal: None, tasks: Vec::new(), indicators: Vec::new() }
    }
}

/// Which list a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskGroup {
    /// 年度重点工作任务.
    Key,
    /// 其他需完成的任务.
    Other,
}

/// A task of a department plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Key or other task.
    pub group: TaskGroup,
    /// 名称.
    pub name: String,
    /// 主要实施内容.
    pub content: Option<String>,
    /// 期望达到的目标 / 任务的绩效目标.
    pub goal: Option<String>,
    /// 拟投入资金.
    pub amount: Option<Decimal>,
    /// The task's own key indicators.
    pub indicators: Vec<Indicator>,
    /// 主要实施项目 names.
    pub projects: Vec<String>,
}

impl Task {
    /// A task with a name and nothing else.
    pub fn new(group: TaskGroup, name: impl Into<String>) -> Self {
        Task {
            group,
            name: name.into(),
            content: None,
            goal: None,
            amount: None,
            indicators: Vec::new(),
            projects: Vec::new(),
        }
    }
}

/// One indicator (三级指标) with its place in the taxonomy and its printed values.
///
/// Codes and names are kept exactly as printed, even where they contradict each
/// other; the review finds such contradictions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Indicator {
    /// The number printed before it.
    pub seq: Option<i64>,
    /// 一级指标 name without its code.
    pub level1: Option<String>,
    /// The code printed with the level-1 name.
    pub level1_code: Option<String>,
    /// 二级指标 name without its code.
    pub level2: Option<String>,
    /// The code printed with the level-2 name.
    pub level2_code: Option<String>,
    /// 三级指标: the indicator itself.
    pub name: String,
    /// 三级指标解释.
    pub explanation: Option<String>,
    /// 实施周期指标值.
    pub period_value: Option<String>,
    /// 年度指标值 / 预期实现值 / 指标值 / 绩效标准.
    pub annual_value: Option<String>,
    /// 对比符号.
    pub comparator: Option<String>,
    /// 计量单位 / 度量单位.
    pub unit: Option<String>,
    /// 指标性质.
    pub nature: Option<String>,
    /// 指标方向.
    pub direction: Option<String>,
    /// 分值 / 权重.
    pub weight: Option<Decimal>,
    /// The kind of standard the value rests on (计划标准, 行业标准 …).
    pub standard: Option<String>,
}

impl Indicator {
    /// An indicator with a name and nothing else.
    pub fn named(name: impl Into<String>) -> Self {
        Indicator { name: name.into(), ..Default::default() }
    }

    /// The value the indicator is held to: the annual value where printed, else
    /// the period value.
    pub fn value(&self) -> Option<&str> {
        self.annual_value.as_deref().or(self.period_value.as_deref())
    }

    /// The value as a reader says it: the comparator and unit columns, where
    /// the table prints them apart, joined to the value (`≥` `90` `%` → `≥90%`).
    pub fn printed_value(&self) -> Option<String> {
        self.value().map(|v| printed_value(self.comparator.as_deref(), v, self.unit.as_deref()))
    }

    /// The parsed target of the indicator's value, reading the comparator and
    /// unit columns where the table prints them.
    pub fn target(&self) -> Option<crate::target::Target> {
        let value = self.value()?;
        Some(if self.comparator.is_some() || self.unit.is_some() {
            crate::target::parse_target_columns(self.comparator.as_deref(), value, self.unit.as_deref())
        } else {
            crate::target::parse_target(value)
        })
    }
}

/// A value with its comparator and unit columns (each left out where empty or
/// already part of the value).
pub fn printed_value(comparator: Option<&str>, value: &str, unit: Option<&str>) -> String {
    let value = value.trim();
    let mut out = String::new();
    if let Some(c) = comparator.map(str::trim).filter(|c| !c.is_empty()) {
        if !value.starts_with(c) {
            out.push_str(c);
        }
    }
    out.push_str(value);
    if let Some(u) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        // A value in words (达标, 持续提升) or already naming its unit keeps as is.
        if value.chars().last().is_some_and(|c| c.is_ascii_digit()) && !value.contains(u) {
            out.push_str(u);
        }
    }
    out
}

impl Document {
    /// The kind of the document.
    pub fn kind(&self) -> Kind {
        match self.body {
            Body::Project(_) => Kind::Project,
            Body::Department(_) => Kind::Department,
        }
    }

    /// Every indicator of the document, in source order.
    pub fn indicators(&self) -> Vec<&Indicator> {
        let mut out = Vec::new();
        match &self.body {
            Body::Project(t) => {
                for u in &t.units {
                    for p in &u.projects {
                        out.extend(p.indicators.iter());
                    }
                }
            }
            Body::Department(t) => {
                for pl in &t.plans {
                    out.extend(pl.indicators.iter());
                    for task in &pl.tasks {
                        out.extend(task.indicators.iter());
                    }
                }
            }
        }
        out
    }

    /// The document as a `perf-targets/1` JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a document always serialises")
    }

    /// The document as pretty `perf-targets/1` JSON text.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a document always serialises")
    }

    /// Reads a document from `perf-targets/1` JSON text.
    pub fn from_json(text: &str) -> Result<Document, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT)?;
        m.serialize_entry("source", &self.source)?;
        m.serialize_entry("kind", self.kind().as_str())?;
        m.serialize_entry("title", &self.title)?;
        m.serialize_entry("department", &self.department)?;
        m.serialize_entry("year", &self.year)?;
        m.serialize_entry("money_unit", &self.money_unit)?;
        match &self.body {
            Body::Project(t) => {
                m.serialize_entry("totals", &t.totals)?;
                m.serialize_entry("units", &t.units)?;
            }
            Body::Department(t) => {
                m.serialize_entry("figures", &t.figures)?;
                m.serialize_entry("functions", &t.functions)?;
                m.serialize_entry("plans", &t.plans)?;
            }
        }
        m.end()
    }
}

#[derive(Deserialize)]
struct RawDocument {
    format: String,
    source: String,
    kind: Kind,
    title: Option<String>,
    department: String,
    year: Option<i32>,
    money_unit: String,
    #[serde(default)]
    totals: Option<Amounts>,
    #[serde(default)]
    units: Vec<Unit>,
    #[serde(default)]
    figures: Vec<Figure>,
    #[serde(default)]
    functions: Option<String>,
    #[serde(default)]
    plans: Vec<Plan>,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawDocument::deserialize(d)?;
        if raw.format != FORMAT {
            return Err(D::Error::custom(format!("format is {:?}, expected {:?}", raw.format, FORMAT)));
        }
        let body = match raw.kind {
            Kind::Project => Body::Project(ProjectTable { totals: raw.totals.unwrap_or_default(), units: raw.units }),
            Kind::Department => {
                Body::Department(DepartmentTable { figures: raw.figures, functions: raw.functions, plans: raw.plans })
            }
        };
        Ok(Document {
            source: raw.source,
            title: raw.title,
            department: raw.department,
            year: raw.year,
            money_unit: raw.money_unit,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_values_join_their_columns() {
        assert_eq!(printed_value(Some("≥"), "90", Some("%")), "≥90%");
        assert_eq!(printed_value(Some("≥"), "≥90%", Some("%")), "≥90%");
        assert_eq!(printed_value(None, "不少于2000", Some("次")), "不少于2000次");
        assert_eq!(printed_value(Some("大于等于"), "95", Some("%")), "大于等于95%");
        assert_eq!(printed_value(Some(" "), "持续提升", Some("%")), "持续提升");
        let i = Indicator { annual_value: Some("5".into()), comparator: Some("≤".into()), unit: Some("万元".into()), ..Indicator::named("成本") };
        assert_eq!(i.printed_value().as_deref(), Some("≤5万元"));
        assert_eq!(Indicator::named("空").printed_value(), None);
    }
    use std::str::FromStr;

    fn sample_project() -> Document {
        let amounts = Amounts { total: Some(Decimal::from_str("12.50").unwrap()), fiscal: Some(Decimal::from(12)), ..Default::default() };
        let mut ind = Indicator::named("培训次数");
        ind.seq = Some(1);
        ind.level1 = Some("产出指标".into());
        ind.level1_code = Some("1".into());
        ind.annual_value = Some("不少于2次".into());
        Document {
            source: "x.txt".into(),
            title: Some("某某局项目支出绩效目标表".into()),
            department: "某某局".into(),
            year: Some(2024),
            money_unit: "万元".into(),
            body: Body::Project(ProjectTable {
                totals: amounts.clone(),
                units: vec![Unit {
                    name: "某某局".into(),
                    amounts: amounts.clone(),
                    projects: vec![Project { name: "培训经费".into(), amounts, goal: None, indicators: vec![ind] }],
                }],
            }),
        }
    }

    #[test]
    fn project_serialises_in_spec_order() {
        let text = serde_json::to_string(&sample_project()).unwrap();
        let keys = ["\"format\"", "\"source\"", "\"kind\"", "\"title\"", "\"department\"", "\"year\"", "\"money_unit\"", "\"totals\"", "\"units\""];
        let mut last = 0;
        for k in keys {
            let at = text.find(k).unwrap_or_else(|| panic!("{k} missing"));
            assert!(at >= last, "{k} out of order");
            last = at;
        }
        assert!(text.contains("\"total\":12.5"));
        assert!(text.contains("\"special_account\":null"));
        assert!(text.contains("\"kind\":\"project\""));
    }

    #[test]
    fn round_trips_through_json() {
        let doc = sample_project();
        let back = Document::from_json(&doc.to_json_pretty()).unwrap();
        assert_eq!(doc, back);
        let dept = Document {
            body: Body::Department(DepartmentTable {
                figures: vec![Figure { label: "基本支出".into(), value: Decimal::from(3) }],
                functions: None,
                plans: vec![Plan::new(Horizon::MultiYear)],
            }),
            ..sample_project()
        };
        let text = dept.to_json_pretty();
        assert!(text.contains("\"horizon\": \"multi_year\""));
        assert_eq!(Document::from_json(&text).unwrap(), dept);
    }

    #[test]
    fn rejects_other_formats() {
        let text = sample_project().to_json_pretty().replace("perf-targets/1", "perf-targets/9");
        assert!(Document::from_json(&text).is_err());
    }

    #[test]
    fn lists_indicators_of_both_kinds() {
        assert_eq!(sample_project().indicators().len(), 1);
    }
}
