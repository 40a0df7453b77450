//! The review engine: rules that check a [`Document`] the way a finance-bureau
//! reviewer does, each finding with a rule id, a severity, a Chinese message and
//! a place.
//!
//! Rules are grouped in families (one file each): [`Family::Taxonomy`],
//! [`Family::Structure`], [`Family::Arithmetic`], [`Family::Money`],
//! [`Family::Completeness`], [`Family::Measurability`], [`Family::Consistency`].
//! Every rule is listed in [`RULES`] with its id (`FAMILY/NAME`), family and
//! severity; `docs/rules.md` gives the reason for each. Policy values (the year
//! the cost framework starts, rounding tolerance, indicator counts for the money)
//! live in [`RuleConfig`].
//!
//! ```
//! use jixiao_core::review::{review, RuleConfig};
//! # let doc = jixiao_core::Document::from_json(r#"{"format":"perf-targets/1","source":"x","kind":"project",
//! #   "title":null,"department":"某局","year":2024,"money_unit":"万元","totals":{"total":null,"fiscal":null,
//! #   "special_account":null,"other":null},"units":[]}"#).unwrap();
//! let findings = review(&doc, &RuleConfig::default());
//! for f in &findings {
//!     println!("{} {} {}", f.rule, f.place, f.message);
//! }
//! ```

use crate::model::{Body, Document, Horizon, Indicator};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

mod arithmetic;
mod completeness;
mod consistency;
mod measurability;
mod money;
mod structure;
mod taxonomy;
pub mod text;

#[cfg(test)]
pub(crate) mod testkit;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A reviewer would certainly send the table back.
    Error,
    /// A likely defect that needs a reviewer's judgment.
    Warning,
    /// A remark: worth knowing, not a defect by itself.
    Info,
}

impl Severity {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The Chinese word shown in reports.
    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// Reads `error`, `warning` or `info`.
    pub fn from_name(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" | "errors" => Some(Severity::Error),
            "warning" | "warnings" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// True when this severity is at least as serious as `min`.
    pub fn at_least(self, min: Severity) -> bool {
        self <= min
    }
}

/// The rule families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Categories and their codes.
    Taxonomy,
    /// Numbering, required parts, values present.
    Structure,
    /// Sums and budget identities.
    Arithmetic,
    /// Amounts written inside texts against the budget.
    Money,
    /// Required indicator categories, enough indicators for the money.
    Completeness,
    /// Targets that can be measured.
    Measurability,
    /// Repeats, copies and years already past.
    Consistency,
}

impl Family {
    /// The family's name as used in rule ids (`TAXONOMY`).
    pub fn id(self) -> &'static str {
        match self {
            Family::Taxonomy => "TAXONOMY",
            Family::Structure => "STRUCTURE",
            Family::Arithmetic => "ARITHMETIC",
            Family::Money => "MONEY",
            Family::Completeness => "COMPLETENESS",
            Family::Measurability => "MEASURABILITY",
            Family::Consistency => "CONSISTENCY",
        }
    }

    /// Every family.
    pub const ALL: [Family; 7] = [
        Family::Taxonomy,
        Family::Structure,
        Family::Arithmetic,
        Family::Money,
        Family::Completeness,
        Family::Measurability,
        Family::Consistency,
    ];
}

/// A rule's identity: id, family, severity and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id `FAMILY/NAME`.
    pub id: &'static str,
    /// The family.
    pub family: Family,
    /// The severity of its findings.
    pub severity: Severity,
    /// What it checks, in English (docs/rules.md has the reason).
    pub summary: &'static str,
    /// A short Chinese title, for the UI.
    pub title: &'static str,
}

macro_rules! rules {
    ($( $konst:ident = $id:literal, $fam:ident, $sev:ident, $sum:literal, $title:literal; )*) => {
        /// The rules, one constant each.
        pub mod rule {
            use super::{Family, Rule, Severity};
            $(
                #[doc = $sum]
                pub const $konst: Rule = Rule { id: $id, family: Family::$fam, severity: Severity::$sev, summary: $sum, title: $title };
            )*
        }
        /// Every rule of the engine.
        pub const RULES: &[Rule] = &[$(rule::$konst),*];
    };
}

rules! {
    TAX_L2_PARENT = "TAXONOMY/L2-PARENT", Taxonomy, Error, "A level-2 category printed under a level-1 it does not belong to.", "二级指标不属于所列一级指标";
    TAX_CODE_NAME = "TAXONOMY/CODE-NAME", Taxonomy, Error, "A category code that contradicts the category name printed with it.", "指标编码与名称不一致";
    TAX_LEVEL_SWAP = "TAXONOMY/LEVEL-SWAP", Taxonomy, Error, "A level-2 name in the level-1 place, or a level-1 name in the level-2 place.", "一级、二级指标位置颠倒";
    TAX_UNKNOWN = "TAXONOMY/UNKNOWN", Taxonomy, Warning, "A category name that is neither a level-1 nor a level-2 category.", "无法识别的指标类别";
    TAX_CODE_FORMAT = "TAXONOMY/CODE-FORMAT", Taxonomy, Warning, "A category code that is incomplete for the code scheme of the document.", "指标编码不完整";
    TAX_MISSING_LEVEL1 = "TAXONOMY/MISSING-LEVEL1", Taxonomy, Warning, "An indicator with a level-2 category but no level-1, where the others have one.", "缺少一级指标";
    TAX_COST_LEVEL = "TAXONOMY/COST-LEVEL", Taxonomy, Info, "Cost indicators under 产出 in a year of the framework where 成本 is a level-1 category.", "成本指标列在产出指标下";
    STR_SEQ_DUPLICATE = "STRUCTURE/SEQ-DUPLICATE", Structure, Error, "Two indicators of one list with the same number.", "指标序号重复";
    STR_SEQ_MISSING = "STRUCTURE/SEQ-MISSING", Structure, Warning, "An unnumbered indicator in a numbered list.", "指标缺少序号";
    STR_SEQ_ORDER = "STRUCTURE/SEQ-ORDER", Structure, Warning, "Numbers that do not run 1, 2, 3 … (gaps or wrong order).", "指标序号不连续";
    STR_NO_NAME = "STRUCTURE/NO-NAME", Structure, Error, "An indicator without a name.", "指标没有名称";
    STR_NO_VALUE = "STRUCTURE/NO-VALUE", Structure, Error, "An indicator without any target value.", "指标没有指标值";
    STR_MISSING_VALUE = "STRUCTURE/MISSING-VALUE", Structure, Warning, "An indicator with only one of the period and annual values, where the table fills both.", "实施期或年度指标值缺失";
    STR_NO_GOAL = "STRUCTURE/NO-GOAL", Structure, Error, "A project or plan without a goal.", "没有绩效目标";
    STR_NO_INDICATORS = "STRUCTURE/NO-INDICATORS", Structure, Error, "A project or plan without indicators.", "没有绩效指标";
    STR_NO_TASKS = "STRUCTURE/NO-TASKS", Structure, Warning, "A department plan without key tasks.", "部门目标没有重点任务";
    STR_NAME_HAS_TARGET = "STRUCTURE/NAME-HAS-TARGET", Structure, Warning, "An indicator name that holds its own target (区域覆盖率达到100%).", "指标名称中含有指标值";
    STR_VALUE_IS_NAME = "STRUCTURE/VALUE-IS-NAME", Structure, Error, "A value that only restates the indicator's own name.", "指标值重复指标名称";
    STR_VALUE_IS_OTHER_NAME = "STRUCTURE/VALUE-IS-OTHER-NAME", Structure, Error, "A value that is another indicator's name.", "指标值是另一个指标的名称";
    STR_VALUE_IS_METRIC = "STRUCTURE/VALUE-IS-METRIC", Structure, Error, "A value that names what is measured (…率, …满意度, (%)) but sets no target.", "指标值只写了度量、没有目标";
    ARI_ROW_SOURCES = "ARITHMETIC/ROW-SOURCES", Arithmetic, Error, "A row's total that is not the sum of its sources.", "资金合计不等于各来源之和";
    ARI_UNIT_SUM = "ARITHMETIC/UNIT-SUM", Arithmetic, Error, "A using unit's amounts that are not the sums of its projects.", "单位金额不等于所属项目之和";
    ARI_TOTAL_SUM = "ARITHMETIC/TOTAL-SUM", Arithmetic, Error, "The 合计 row that is not the sum of all projects.", "合计行不等于各项目之和";
    ARI_BUDGET_IDENTITY = "ARITHMETIC/BUDGET-IDENTITY", Arithmetic, Error, "Department budget figures that break an identity (income = expenditure, total = parts).", "部门预算数据不平衡";
    ARI_TASK_MONEY_TOTAL = "ARITHMETIC/TASK-MONEY-TOTAL", Arithmetic, Error, "Task money that exceeds the department's whole budget.", "任务资金超过部门预算总额";
    ARI_TASK_MONEY_PROJECTS = "ARITHMETIC/TASK-MONEY-PROJECTS", Arithmetic, Warning, "Task money that exceeds the department's project (development) expenditure.", "任务资金超过项目支出";
    MON_UNREADABLE = "MONEY/UNREADABLE", Money, Error, "An amount of money in a text that cannot be read as a number.", "金额无法识别";
    MON_EXCEEDS = "MONEY/EXCEEDS-BUDGET", Money, Error, "Money spent according to a text that exceeds the budget it belongs to.", "文字中的金额超过预算";
    MON_NO_UNIT = "MONEY/NO-UNIT", Money, Warning, "A large bare number in a cost indicator, with no money unit.", "成本指标金额没有单位";
    COM_OUTPUT = "COMPLETENESS/OUTPUT", Completeness, Error, "No output (产出) indicator.", "缺少产出指标";
    COM_OUTCOME = "COMPLETENESS/OUTCOME", Completeness, Error, "No outcome (效益) indicator.", "缺少效益指标";
    COM_SATISFACTION = "COMPLETENESS/SATISFACTION", Completeness, Warning, "No satisfaction (满意度) indicator.", "缺少满意度指标";
    COM_COST = "COMPLETENESS/COST", Completeness, Warning, "No cost (成本) indicator in a year of the framework that requires one.", "缺少成本指标";
    COM_FEW = "COMPLETENESS/FEW-INDICATORS", Completeness, Warning, "Too few indicators for the money.", "指标数量与资金规模不相称";
    COM_UNCATEGORISED = "COMPLETENESS/UNCATEGORISED", Completeness, Info, "Indicators without categories: completeness cannot be checked.", "指标未分类，无法检查完整性";
    MEA_VAGUE = "MEASURABILITY/VAGUE", Measurability, Error, "A value that only says things will improve (有效, 不断提升): no number, no grade.", "指标值空泛、不可衡量";
    MEA_NOT_QUANTIFIED = "MEASURABILITY/NOT-QUANTIFIED", Measurability, Warning, "A value with neither a number nor a recognised grade or yes/no standard.", "指标值未量化";
    MEA_KIND_MISMATCH = "MEASURABILITY/KIND-MISMATCH", Measurability, Warning, "Period and annual values of different kinds (a number and a text, or different units).", "实施期与年度指标值类型不一致";
    MEA_RATE_OVER_100 = "MEASURABILITY/RATE-OVER-100", Measurability, Error, "A share (…率, 满意度) with a target above 100%.", "比率目标超过100%";
    MEA_DIRECTION = "MEASURABILITY/DIRECTION", Measurability, Warning, "A comparator against the indicator's direction (败诉率不低于…, 满意度不超过…).", "比较方向与指标方向相反";
    MEA_PERIOD_BELOW_ANNUAL = "MEASURABILITY/PERIOD-BELOW-ANNUAL", Measurability, Warning, "A period target for a count that is smaller than the annual one.", "实施期目标小于年度目标";
    MEA_UNSTATED_STANDARD = "MEASURABILITY/UNSTATED-STANDARD", Measurability, Warning, "A value that defers to a standard or requirement it does not state (符合考核标准, 达到上级要求).", "指标值引用未写明的标准";
    MEA_UNIT_MISMATCH = "MEASURABILITY/UNIT-MISMATCH", Measurability, Warning, "A value that is not in the unit the indicator's name asks for (满意度(%) → 优秀).", "指标值单位与指标名称不符";
    CON_DUPLICATE = "CONSISTENCY/DUPLICATE", Consistency, Error, "The same indicator (name and values) twice in one list.", "重复的指标";
    CON_SAME_NAME = "CONSISTENCY/SAME-NAME", Consistency, Warning, "Two indicators of one list with the same name and different contents.", "同名指标内容不同";
    CON_COPIED_BLOCK = "CONSISTENCY/COPIED-BLOCK", Consistency, Warning, "A block of indicators identical to another project's.", "指标与其他项目雷同";
    CON_COPIED_GOAL = "CONSISTENCY/COPIED-GOAL", Consistency, Warning, "A goal identical to another project's.", "绩效目标与其他项目雷同";
    CON_PAST_YEAR = "CONSISTENCY/PAST-YEAR", Consistency, Warning, "A year named in a target or task that is before the budget year.", "目标中出现已过去的年份";
}

/// Looks a rule up by its id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Policy values of the review: defaults follow `shared/spec/domain.md`; a
/// deployment may change them per region or per document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleConfig {
    /// First budget year of the framework with 成本 indicators required (the
    /// 2021 central guidance). Applies only when the document's year is known.
    pub cost_framework_year: i32,
    /// Rounding allowance per summed amount, in the document's money unit
    /// (half of the last printed digit: 0.005 for amounts printed to 0.01).
    pub rounding_per_item: Decimal,
    /// The least allowance of any sum, in the document's money unit.
    pub min_tolerance: Decimal,
    /// Indicator counts for the money: a project (or department plan) whose
    /// budget, in yuan, is at least the first number should have at least the
    /// second number of indicators. The base count is the number of required
    /// categories.
    pub min_indicators: Vec<(Decimal, usize)>,
    /// The fewest identical indicators shared by two projects that count as a
    /// copied block (or half the smaller project, whichever is less, but at least 2).
    pub copied_block_min: usize,
    /// Rules switched off by id.
    pub disabled: Vec<String>,
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            cost_framework_year: 2021,
            rounding_per_item: Decimal::new(5, 3),
            min_tolerance: Decimal::new(1, 2),
            min_indicators: vec![(Decimal::from(1_000_000), 5), (Decimal::from(10_000_000), 8)],
            copied_block_min: 3,
            disabled: Vec::new(),
        }
    }
}

impl RuleConfig {
    /// The allowance for a sum of `n` amounts.
    pub fn tolerance(&self, n: usize) -> Decimal {
        (self.rounding_per_item * Decimal::from(n.max(1) as u64)).max(self.min_tolerance)
    }
}

/// Where a finding is: any of unit, project, plan, task, indicator and field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// 资金使用单位.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// 项目名称.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub project: Option<String>,
    /// The department plan's horizon.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plan: Option<Horizon>,
    /// The task name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub task: Option<String>,
    /// 1-based position of the indicator in its list.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub indicator: Option<usize>,
    /// The number printed before the indicator.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seq: Option<i64>,
    /// The indicator's name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub indicator_name: Option<String>,
    /// The field (`annual_value`, `goal`, `level2_code`, `totals.total`, …).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// Document order, for sorting: positions of unit/plan, project/task, indicator, field.
    #[serde(skip)]
    order: Vec<u32>,
    /// The indicator's index in [`Document::indicators`] order.
    #[serde(skip)]
    doc_index: Option<usize>,
}

impl Place {
    /// A place by the names of its unit, project, plan and task.
    pub fn at(unit: Option<String>, project: Option<String>, plan: Option<Horizon>, task: Option<String>) -> Place {
        Place { unit, project, plan, task, ..Place::default() }
    }

    /// The whole document.
    pub fn document() -> Place {
        Place::default()
    }

    /// The indicator's index in [`Document::indicators`] order, when the place
    /// is an indicator the review found.
    pub fn document_index(&self) -> Option<usize> {
        self.doc_index
    }

    /// The same place with a field.
    pub fn with_field(&self, field: &str) -> Place {
        let mut p = self.clone();
        if p.order.is_empty() {
            p.order.push(0); // the whole document's fields come before its units and plans
        }
        p.order.push(field_rank(field));
        p.field = Some(field.to_string());
        p
    }

    /// The place of the `i`-th (0-based) indicator of a list at this place.
    pub fn indicator(&self, i: usize, ind: &Indicator) -> Place {
        let mut p = self.clone();
        p.indicator = Some(i + 1);
        p.seq = ind.seq;
        p.indicator_name = Some(ind.name.clone());
        p.order.push(1000 + i as u32);
        p
    }

    fn push(mut self, n: usize) -> Place {
        self.order.push(n as u32);
        self
    }

    /// True when the place names no unit, project, plan, task or indicator.
    pub fn is_document(&self) -> bool {
        self.unit.is_none() && self.project.is_none() && self.plan.is_none() && self.task.is_none() && self.indicator.is_none()
    }

    /// The place without its field: where findings are grouped in reports.
    pub fn without_field(&self) -> Place {
        let mut p = self.clone();
        if p.field.take().is_some() {
            p.order.pop();
            if p.order == [0] {
                p.order.clear();
            }
        }
        p
    }

    /// Compares two places in document order.
    pub fn cmp_order(&self, other: &Place) -> Ordering {
        self.order.cmp(&other.order)
    }
}

/// The rank of a field in document order.
fn field_rank(field: &str) -> u32 {
    const ORDER: &[&str] = &[
        "amounts", "amounts.total", "amounts.fiscal", "amounts.special_account", "amounts.other", "goal", "content", "amount",
        "seq", "level1_code", "level1", "level2_code", "level2", "name", "explanation", "period_value", "annual_value",
        "comparator", "unit", "indicators", "tasks",
    ];
    ORDER.iter().position(|f| *f == field).map(|i| i as u32).unwrap_or(ORDER.len() as u32)
}

/// The Chinese name of a field a finding points at (the field itself when it
/// has none).
pub fn field_zh(field: &str) -> &str {
    match field {
        "comparator" => "对比符号",
        "unit" => "计量单位",
        "weight" => "分值",
        "projects" => "主要实施项目",
        "functions" => "部门职能概述",
        "title" => "表名",
        "department" => "部门名称",
        "year" => "年度",
        "money_unit" => "金额单位",
        "standard" => "评价标准",
        "totals" => "合计",
        "goal" => "绩效目标",
        "content" => "主要实施内容",
        "amount" => "拟投入资金",
        "name" => "指标名称",
        "level1" => "一级指标",
        "level1_code" => "一级指标代码",
        "level2" => "二级指标",
        "level2_code" => "二级指标代码",
        "period_value" => "实施周期指标值",
        "annual_value" => "年度指标值",
        "explanation" => "指标解释",
        "seq" => "序号",
        "indicators" => "绩效指标",
        "tasks" => "重点任务",
        "figures" => "预算收支",
        "amounts" => "金额",
        "amounts.total" => "总计",
        "amounts.fiscal" => "财政拨款",
        "amounts.special_account" => "财政专户拨款",
        "amounts.other" => "其他资金",
        "totals.total" => "合计·总计",
        "totals.fiscal" => "合计·财政拨款",
        "totals.special_account" => "合计·财政专户拨款",
        "totals.other" => "合计·其他资金",
        _ => field,
    }
}

impl fmt::Display for Place {
    /// Chinese-readable: `单位「X」 · 项目「Y」第3条指标「Z」 · 年度指标值(annual_value)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(u) = &self.unit {
            parts.push(format!("单位「{u}」"));
        }
        let mut owner = String::new();
        if let Some(p) = &self.project {
            owner = format!("项目「{p}」");
        }
        if let Some(h) = self.plan {
            owner = match h {
                Horizon::Annual => "年度计划".to_string(),
                Horizon::MultiYear => "中期（多年）计划".to_string(),
            };
        }
        if let Some(t) = &self.task {
            if !owner.is_empty() {
                parts.push(std::mem::take(&mut owner));
            }
            owner = format!("任务「{t}」");
        }
        if let Some(i) = self.indicator {
            let n = match self.seq {
                Some(s) => format!("第{s}条指标"),
                None => format!("第{i}个指标（未编号）"),
            };
            owner.push_str(&n);
            if let Some(name) = &self.indicator_name {
                owner.push_str(&format!("「{}」", text::shorten(name, 24)));
            }
        }
        if !owner.is_empty() {
            parts.push(owner);
        }
        if let Some(field) = &self.field {
            let zh = field_zh(field);
            if zh == field {
                parts.push(field.clone());
            } else {
                parts.push(format!("{zh}({field})"));
            }
        }
        if parts.is_empty() {
            write!(f, "全表")
        } else {
            write!(f, "{}", parts.join(" · "))
        }
    }
}

/// One finding of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id, `FAMILY/NAME`.
    pub rule: String,
    /// The rule's family.
    pub family: Family,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// Where.
    pub place: Place,
}

impl Finding {
    /// A finding of a rule.
    pub fn new(rule: Rule, place: Place, message: impl Into<String>) -> Finding {
        Finding { rule: rule.id.to_string(), family: rule.family, severity: rule.severity, message: message.into(), place }
    }
}

/// One list of indicators with what it belongs to: a project, a plan or a task.
#[derive(Debug, Clone)]
pub(crate) struct Scope<'a> {
    /// What owns the list.
    pub owner: Owner,
    /// The owner's place.
    pub place: Place,
    /// The owner's goal text.
    pub goal: Option<&'a str>,
    /// A task's 主要实施内容.
    pub content: Option<&'a str>,
    /// The money the owner has, in the document's unit (project total, task amount).
    pub budget: Option<Decimal>,
    /// The indicators.
    pub indicators: &'a [Indicator],
    /// Their normalised texts, computed once.
    pub norm: Vec<Norm>,
    /// Index of the first indicator in [`Document::indicators`] order.
    pub first_index: usize,
}

/// The normalised texts of an indicator ([`text::normalize`]), computed once per review.
#[derive(Debug, Clone)]
pub(crate) struct Norm {
    /// The name.
    pub name: String,
    /// The period value.
    pub period: Option<String>,
    /// The annual value.
    pub annual: Option<String>,
    /// Name, values, explanation, comparator and unit: equal for identical indicators.
    pub fingerprint: String,
}

impl Norm {
    fn of(i: &Indicator) -> Norm {
        let n = |v: &Option<String>| v.as_deref().map(text::normalize);
        let name = text::normalize(&i.name);
        let period = n(&i.period_value);
        let annual = n(&i.annual_value);
        let fingerprint = format!(
            "{name}|{}|{}|{}|{}|{}",
            period.as_deref().unwrap_or(""),
            annual.as_deref().unwrap_or(""),
            n(&i.explanation).unwrap_or_default(),
            n(&i.comparator).unwrap_or_default(),
            n(&i.unit).unwrap_or_default()
        );
        Norm { name, period, annual, fingerprint }
    }

    fn all(inds: &[Indicator]) -> Vec<Norm> {
        inds.iter().map(Norm::of).collect()
    }
}

impl<'a> Scope<'a> {
    /// The `i`-th indicator of the list, as a lazily built place.
    pub fn at<'s>(&'s self, i: usize) -> At<'s, 'a> {
        At { scope: self, index: Some(i), field: None }
    }

    /// A field of the owner itself (goal, content, name of a task).
    pub fn own<'s>(&'s self, field: &'static str) -> At<'s, 'a> {
        At { scope: self, index: None, field: Some(field) }
    }
}

/// A place in a scope that is only built into a [`Place`] when a finding needs
/// it: places hold names, and most checks find nothing.
#[derive(Clone, Copy)]
pub(crate) struct At<'s, 'a> {
    scope: &'s Scope<'a>,
    index: Option<usize>,
    field: Option<&'static str>,
}

impl<'s, 'a> At<'s, 'a> {
    /// The same place with a field.
    pub fn field_at(&self, field: &'static str) -> At<'s, 'a> {
        At { field: Some(field), ..*self }
    }

    /// The place, with a field.
    pub fn with_field(&self, field: &str) -> Place {
        self.base().with_field(field)
    }

    /// The place, with this place's own field if it has one.
    pub fn place(&self) -> Place {
        match self.field {
            Some(f) => self.base().with_field(f),
            None => self.base(),
        }
    }

    fn base(&self) -> Place {
        match self.index.and_then(|i| self.scope.indicators.get(i).map(|ind| (i, ind))) {
            Some((i, ind)) => {
                let mut p = self.scope.place.indicator(i, ind);
                p.doc_index = Some(self.scope.first_index + i);
                p
            }
            None => self.scope.place.clone(),
        }
    }

    /// The field, or `""`.
    pub fn field(&self) -> &'static str {
        self.field.unwrap_or("")
    }

    /// The indicator at this place, if it is one.
    pub fn indicator(&self) -> Option<&'a Indicator> {
        self.index.and_then(|i| self.scope.indicators.get(i))
    }
}

/// What owns an indicator list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Project,
    Plan,
    Task,
}

/// What every rule sees: the document, the policy and the indicator lists.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub cfg: &'a RuleConfig,
    pub scopes: Vec<Scope<'a>>,
    /// Yuan per unit of the document's money unit, when the unit is known.
    pub yuan_per_unit: Option<Decimal>,
    /// The budget year: printed (`false`) or inferred from the years the texts name (`true`).
    pub budget_year: Option<(i32, bool)>,
    /// Every indicator name of the document, normalised (at least 4 characters) → as printed.
    pub names: std::collections::HashMap<String, &'a str>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, cfg: &'a RuleConfig) -> Ctx<'a> {
        let mut scopes = Vec::new();
        let mut next = 0usize; // running index in Document::indicators order
        match &doc.body {
            Body::Project(t) => {
                for (ui, u) in t.units.iter().enumerate() {
                    let up = Place { unit: Some(u.name.clone()), ..Place::default() }.push(ui + 1);
                    for (pi, p) in u.projects.iter().enumerate() {
                        let pp = Place { project: Some(p.name.clone()), ..up.clone() }.push(pi + 1);
                        scopes.push(Scope {
                            owner: Owner::Project,
                            place: pp,
                            goal: p.goal.as_deref(),
                            content: None,
                            budget: p.amounts.total.or(p.amounts.fiscal),
                            indicators: &p.indicators,
                            norm: Norm::all(&p.indicators),
                            first_index: next,
                        });
                        next += p.indicators.len();
                    }
                }
            }
            Body::Department(t) => {
                for (pi, pl) in t.plans.iter().enumerate() {
                    let pp = Place { plan: Some(pl.horizon), ..Place::default() }.push(pi + 1);
                    // Document::indicators lists a plan's own indicators before its tasks'.
                    let plan_first = next;
                    next += pl.indicators.len();
                    for (ti, task) in pl.tasks.iter().enumerate() {
                        let tp = Place { task: Some(task.name.clone()), ..pp.clone() }.push(1 + ti);
                        scopes.push(Scope {
                            owner: Owner::Task,
                            place: tp,
                            goal: task.goal.as_deref(),
                            content: task.content.as_deref(),
                            budget: task.amount,
                            indicators: &task.indicators,
                            norm: Norm::all(&task.indicators),
                            first_index: next,
                        });
                        next += task.indicators.len();
                    }
                    scopes.push(Scope {
                        owner: Owner::Plan,
                        place: pp.clone().push(100_000),
                        goal: pl.goal.as_deref(),
                        content: None,
                        budget: None,
                        indicators: &pl.indicators,
                        norm: Norm::all(&pl.indicators),
                        first_index: plan_first,
                    });
                }
            }
        }
        let budget_year = match doc.year {
            Some(y) => Some((y, false)),
            None => infer_year(&scopes).map(|y| (y, true)),
        };
        let names = scopes
            .iter()
            .flat_map(|s| s.indicators.iter().zip(s.norm.iter()))
            .map(|(i, n)| (n.name.clone(), i.name.as_str()))
            .filter(|(n, _)| n.chars().count() >= 4)
            .collect();
        Ctx { doc, cfg, scopes, yuan_per_unit: text::yuan_per_unit(&doc.money_unit), budget_year, names }
    }

    /// The place of a plan (for plan-level findings).
    pub fn plan_place(&self, plan_index: usize, horizon: Horizon) -> Place {
        Place { plan: Some(horizon), ..Place::default() }.push(plan_index + 1).push(0)
    }

    /// Every text of a scope that states targets or tasks, with its place.
    pub fn texts<'s>(&self, scope: &'s Scope<'a>) -> Vec<(At<'s, 'a>, &'a str)> {
        let mut out = Vec::new();
        if let Some(g) = scope.goal {
            out.push((scope.own("goal"), g));
        }
        if let Some(c) = scope.content {
            out.push((scope.own("content"), c));
        }
        for (i, ind) in scope.indicators.iter().enumerate() {
            let at = scope.at(i);
            out.push((at.field_at("name"), ind.name.as_str()));
            for (field, v) in [("explanation", &ind.explanation), ("period_value", &ind.period_value), ("annual_value", &ind.annual_value)] {
                if let Some(v) = v.as_deref() {
                    if field == "annual_value" && ind.period_value.as_deref() == Some(v) {
                        continue; // the same text as the period value: checked once
                    }
                    out.push((at.field_at(field), v));
                }
            }
        }
        out
    }
}

/// The year most texts name, when one year is named at least twice and more
/// often than any other: the budget year of a table that does not print it.
fn infer_year(scopes: &[Scope]) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for s in scopes {
        let mut texts: Vec<&str> = vec![s.goal.unwrap_or(""), s.content.unwrap_or("")];
        for i in s.indicators {
            texts.push(&i.name);
            texts.extend(i.period_value.as_deref());
            texts.extend(i.annual_value.as_deref());
        }
        for t in texts {
            for y in text::years_in(t) {
                *counts.entry(y.year).or_default() += 1;
            }
        }
    }
    let max = counts.values().copied().max()?;
    let top: Vec<i32> = counts.iter().filter(|(_, c)| **c == max).map(|(y, _)| *y).collect();
    if max >= 2 && top.len() == 1 {
        top.first().copied()
    } else {
        None
    }
}

/// Reviews a document: every enabled rule, findings in document order.
pub fn review(doc: &Document, cfg: &RuleConfig) -> Vec<Finding> {
    let ctx = Ctx::new(doc, cfg);
    let mut out = Vec::new();
    taxonomy::check(&ctx, &mut out);
    structure::check(&ctx, &mut out);
    arithmetic::check(&ctx, &mut out);
    money::check(&ctx, &mut out);
    completeness::check(&ctx, &mut out);
    measurability::check(&ctx, &mut out);
    consistency::check(&ctx, &mut out);
    if !cfg.disabled.is_empty() {
        out.retain(|f| !cfg.disabled.iter().any(|d| d == &f.rule));
    }
    sort_findings(&mut out);
    out
}

/// Sorts findings by place (document order), then severity, then rule id.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.place
            .cmp_order(&b.place)
            .then_with(|| a.severity.cmp(&b.severity))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
        for r in RULES {
            let (fam, name) = r.id.split_once('/').expect("FAMILY/NAME");
            assert_eq!(fam, r.family.id(), "{}", r.id);
            assert!(!name.is_empty());
        }
        for fam in Family::ALL {
            assert!(RULES.iter().any(|r| r.family == fam), "{fam:?} has no rule");
        }
        // Titles: Chinese, one per rule.
        let mut titles: Vec<&str> = RULES.iter().map(|r| r.title).collect();
        for t in &titles {
            assert!(t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "title {t:?} is not Chinese");
        }
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), n, "duplicate rule titles");
    }

    #[test]
    fn every_rule_is_documented() {
        let doc = include_str!("../../../../docs/rules.md");
        for r in RULES {
            assert!(doc.contains(&format!("`{}`", r.id)), "{} is not in docs/rules.md", r.id);
            let row = doc.lines().find(|l| l.starts_with(&format!("| `{}`", r.id))).unwrap_or("");
            assert!(row.contains(&format!("| {} |", r.severity.as_str())), "{}: severity in docs/rules.md", r.id);
        }
    }

    #[test]
    fn clean_tables_yield_no_findings() {
        for doc in [clean_project(), clean_department()] {
            let f = review(&doc, &RuleConfig::default());
            assert!(f.is_empty(), "{}", describe(&f));
        }
    }

    #[test]
    fn findings_are_sorted_by_place() {
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.goal = None);
        with_project(&mut doc, 0, |p| p.indicators[0].annual_value = Some("有效".into()));
        let f = review(&doc, &RuleConfig::default());
        assert!(f.len() >= 2);
        assert_eq!(f[0].place.project.as_deref(), Some("甲项目"));
        assert!(f.iter().any(|x| x.place.project.as_deref() == Some("乙项目")));
    }

    #[test]
    fn places_know_the_document_index_and_sort_document_first() {
        let mut doc = clean_department();
        with_dept(&mut doc, |t| {
            t.plans[0].tasks[1].indicators.push(crate::model::Indicator::named("有效"));
            t.plans[0].indicators[0].annual_value = Some("有效".into());
            t.plans[0].goal = None;
            t.figures[0].value = rust_decimal::Decimal::from(1);
        });
        let f = review(&doc, &RuleConfig::default());
        let all = doc.indicators();
        for x in f.iter().filter(|x| x.place.indicator.is_some()) {
            let i = x.place.document_index().expect("indicator findings carry an index");
            assert_eq!(all[i].name, x.place.indicator_name.clone().unwrap());
        }
        assert!(f[0].place.is_document(), "{}", describe(&f));
        assert_eq!(f[1].place.field.as_deref(), Some("goal"), "{}", describe(&f));
    }

    #[test]
    fn place_reads_in_chinese() {
        let p = Place { project: Some("甲".into()), ..Place::default() };
        let mut ind = Indicator::named("培训次数");
        ind.seq = Some(3);
        let s = p.indicator(2, &ind).with_field("annual_value").to_string();
        assert_eq!(s, "项目「甲」第3条指标「培训次数」 · 年度指标值(annual_value)");
        assert_eq!(Place::document().to_string(), "全表");
    }

    #[test]
    fn disabled_rules_are_dropped() {
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.goal = None);
        let cfg = RuleConfig { disabled: vec![rule::STR_NO_GOAL.id.into()], ..RuleConfig::default() };
        assert!(review(&doc, &cfg).iter().all(|f| f.rule != rule::STR_NO_GOAL.id));
    }

    #[test]
    fn severities_order_and_read() {
        assert!(Severity::Error.at_least(Severity::Warning));
        assert!(!Severity::Info.at_least(Severity::Warning));
        assert_eq!(Severity::from_name("warning"), Some(Severity::Warning));
        assert_eq!(Severity::from_name("x"), None);
    }
}
