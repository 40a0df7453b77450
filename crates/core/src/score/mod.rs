//! Year-end self-evaluation scoring (绩效自评), exactly as `domain.md` states it,
//! with its policy switches in [`Policy`].
//!
//! - 100 points: budget execution 10, indicators 90 split by level-1 category
//!   (产出 50 / 效益 30 / 满意度 10 by default), or the weights printed per
//!   indicator when every indicator has one.
//! - Execution: `min(executed ÷ full-year budget, 1) × 10`.
//! - Quantitative, higher-is-better: `min(actual ÷ target, 1) × weight`;
//!   lower-is-better: full weight when `actual ≤ target`, else `target ÷ actual
//!   × weight` ([`LowerRule::Ratio`]) or falling linearly to zero at twice the
//!   target ([`LowerRule::LinearToTwice`]). A range is full inside its bounds
//!   and scored as the bound it misses otherwise.
//! - Qualitative: 达成 80–100 % of the weight, 部分达成 60–80 %, 未达成 0–60 %;
//!   the evaluator picks within the band, by default its top ([`Band`]).
//! - An indicator that does not apply is dropped and the others of its category
//!   rescaled to the category's weight; a category with no indicator that
//!   applies gives its weight to the others in proportion.
//! - Grades 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60.
//!
//! Every score keeps its inputs and the formula that produced it, in the
//! Chinese the pages show (`得分 7.20 = min(实际 72 ÷ 目标 80, 1) × 8`).

mod actual;
mod weights;

pub use actual::{Achievement, Actual};

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

use crate::target::{direction, Direction, Op, Target};
use crate::taxonomy::Level1;

/// What lower-is-better indicators get when the actual value is over the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LowerRule {
    /// `target ÷ actual × weight` (the default).
    Ratio,
    /// Falls linearly from the full weight at the target to zero at twice it.
    LinearToTwice,
}

/// Where in a qualitative band the score falls when the evaluator does not pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// The top of the band (the default: 达成 100 %, 部分达成 80 %, 未达成 60 %).
    Top,
    /// Its middle.
    Middle,
    /// Its bottom.
    Bottom,
}

/// The scoring policy: the defaults of `domain.md`, each a switch a region may set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Points for budget execution (10).
    pub execution_weight: Decimal,
    /// Points for 产出指标 (50).
    pub output_weight: Decimal,
    /// Points for 效益指标 (30).
    pub outcome_weight: Decimal,
    /// Points for 满意度指标 (10).
    pub satisfaction_weight: Decimal,
    /// Points for 成本指标; `None` counts cost indicators with the output ones
    /// (as the framework before 2021 placed them).
    pub cost_weight: Option<Decimal>,
    /// Lower-is-better indicators over their target.
    pub lower: LowerRule,
    /// The default pick within a qualitative band.
    pub band: Band,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            execution_weight: Decimal::from(10),
            output_weight: Decimal::from(50),
            outcome_weight: Decimal::from(30),
            satisfaction_weight: Decimal::from(10),
            cost_weight: None,
            lower: LowerRule::Ratio,
            band: Band::Top,
        }
    }
}

impl Policy {
    /// The category an indicator's points come from under this policy.
    pub fn category(&self, level1: Option<Level1>) -> Level1 {
        match level1 {
            Some(Level1::Cost) if self.cost_weight.is_none() => Level1::Output,
            Some(l) => l,
            // An indicator printed without a category counts as output.
            None => Level1::Output,
        }
    }

    /// A category's points.
    pub fn weight_of(&self, category: Level1) -> Decimal {
        match category {
            Level1::Output => self.output_weight,
            Level1::Outcome => self.outcome_weight,
            Level1::Satisfaction => self.satisfaction_weight,
            Level1::Cost => self.cost_weight.unwrap_or_default(),
        }
    }
}

/// One indicator to score.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorInput {
    /// 三级指标 name.
    pub name: String,
    /// Its level-1 category, where known.
    pub level1: Option<Level1>,
    /// The target as printed (年度指标值).
    pub target_text: String,
    /// The actual value.
    pub actual: Actual,
    /// The weight printed for it (分值/权重), if any.
    pub weight: Option<Decimal>,
}

/// One indicator scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    /// 三级指标 name.
    pub name: String,
    /// The category its points came from.
    pub category: Level1,
    /// The target as printed.
    pub target: String,
    /// The actual value as read.
    pub actual: String,
    /// The weight it was scored out of (after rescaling), two decimals.
    pub weight: Decimal,
    /// Its score, two decimals; `None` when it does not apply.
    pub score: Option<Decimal>,
    /// How the weight and the score came about.
    pub formula: String,
}

/// The budget-execution part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExecutionScore {
    /// The full-year (adjusted) budget.
    pub budget: Option<Decimal>,
    /// The amount executed.
    pub executed: Option<Decimal>,
    /// executed ÷ budget (a fraction, not percent), four decimals.
    pub rate: Option<Decimal>,
    /// Its points.
    pub weight: Decimal,
    /// Its score, two decimals; `None` without both figures.
    pub score: Option<Decimal>,
    /// How the score came about.
    pub formula: String,
}

/// The overall grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rating {
    /// 优: 90 and above.
    #[serde(rename = "优")]
    Excellent,
    /// 良: 80 to under 90.
    #[serde(rename = "良")]
    Good,
    /// 中: 60 to under 80.
    #[serde(rename = "中")]
    Fair,
    /// 差: under 60.
    #[serde(rename = "差")]
    Poor,
}

impl Rating {
    /// The grade of a total.
    pub fn of(total: Decimal) -> Rating {
        if total >= Decimal::from(90) {
            Rating::Excellent
        } else if total >= Decimal::from(80) {
            Rating::Good
        } else if total >= Decimal::from(60) {
            Rating::Fair
        } else {
            Rating::Poor
        }
    }

    /// 优 / 良 / 中 / 差.
    pub fn name_zh(self) -> &'static str {
        match self {
            Rating::Excellent => "优",
            Rating::Good => "良",
            Rating::Fair => "中",
            Rating::Poor => "差",
        }
    }
}

/// A project (or a department) scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Every indicator, in the order given.
    pub indicators: Vec<IndicatorScore>,
    /// Budget execution.
    pub execution: ExecutionScore,
    /// The total, two decimals.
    pub total: Decimal,
    /// Its grade.
    pub grade: Rating,
    /// How the total came about.
    pub formula: String,
}

/// Two decimals, halves away from zero (as tables print scores).
pub fn round2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal as the formulas print it: no trailing zeros, no exponent.
pub fn show(x: Decimal) -> String {
    x.normalize().to_string()
}

/// Shown with two decimals (scores and weights).
fn show2(x: Decimal) -> String {
    format!("{:.2}", round2(x))
}

/// The budget-execution score: `min(executed ÷ budget, 1) × weight`.
pub fn execution(budget: Option<Decimal>, executed: Option<Decimal>, policy: &Policy) -> ExecutionScore {
    let weight = policy.execution_weight;
    match (budget, executed) {
        (Some(b), Some(e)) if b > Decimal::ZERO => {
            let rate = e / b;
            let score = round2(rate.min(Decimal::ONE) * weight);
            let formula = format!(
                "得分 {} = min(执行数 {} ÷ 全年预算数 {}, 1) × {}（执行率 {}%）",
                show2(score),
                show(e),
                show(b),
                show(weight),
                show((rate * Decimal::from(100)).round_dp(2))
            );
            ExecutionScore { budget, executed, rate: Some(rate.round_dp(4)), weight, score: Some(score), formula }
        }
        _ => ExecutionScore {
            budget,
            executed,
            rate: None,
            weight,
            score: None,
            formula: "缺少全年预算数或执行数，预算执行不计分，指标按 100 分计".to_string(),
        },
    }
}

/// Scores the indicators and the execution of one project.
pub fn evaluate(indicators: &[IndicatorInput], execution: ExecutionScore, policy: &Policy) -> Evaluation {
    let points = if execution.score.is_some() { Decimal::from(100) - policy.execution_weight } else { Decimal::from(100) };
    let weights = weights::assign(indicators, policy, points);
    let scored: Vec<IndicatorScore> = indicators.iter().zip(weights).map(|(i, w)| score(i, w, policy)).collect();
    let sum: Decimal = scored.iter().filter_map(|s| s.score).sum::<Decimal>() + execution.score.unwrap_or_default();
    let total = round2(sum);
    let parts = scored.iter().filter(|s| s.score.is_some()).count();
    let formula = match execution.score {
        Some(e) => format!("总分 {} = 预算执行 {} + {} 项指标得分之和 {}", show2(total), show2(e), parts, show2(total - e)),
        None => format!("总分 {} = {} 项指标得分之和", show2(total), parts),
    };
    Evaluation { indicators: scored, execution, total, grade: Rating::of(total), formula }
}

/// One indicator out of its weight.
fn score(input: &IndicatorInput, weight: weights::Weight, policy: &Policy) -> IndicatorScore {
    let target = crate::target::parse_target(&input.target_text);
    let base = IndicatorScore {
        name: input.name.clone(),
        category: policy.category(input.level1),
        target: input.target_text.clone(),
        actual: input.actual.to_string(),
        weight: round2(weight.points),
        score: None,
        formula: String::new(),
    };
    if matches!(input.actual, Actual::NotApplicable) {
        return IndicatorScore { weight: Decimal::ZERO, formula: "不适用，不计分（同类指标按比例折算）".to_string(), ..base };
    }
    let w = weight.points;
    let (raw, how) = points(&target, &input.name, &input.actual, w, policy);
    let s = round2(raw);
    let formula = format!("{}；得分 {}{}", weight.formula, show2(s), how);
    IndicatorScore { score: Some(s), formula, ..base }
}

/// How far an actual value reaches a target, as a fraction of full marks
/// (0–1), by the same formulas as the score, with the formula after `= `
/// for a weight of 1. `None` when the actual value is missing, does not apply
/// or cannot be compared.
pub fn completion(target_text: &str, name: &str, actual: &Actual, policy: &Policy) -> Option<(Decimal, String)> {
    let target = crate::target::parse_target(target_text);
    let comparable = match actual {
        Actual::Number(_) => numeric(&target).is_some(),
        Actual::Grade(g) => target.grade().is_some_and(|t| t.grade.scale() == g.scale()),
        Actual::Achievement(..) => true,
        Actual::Text(_) | Actual::Missing | Actual::NotApplicable => false,
    };
    comparable.then(|| points(&target, name, actual, Decimal::ONE, policy))
}

/// The points of an actual value against a target, and the formula after `得分 N`.
fn points(target: &Target, name: &str, actual: &Actual, w: Decimal, policy: &Policy) -> (Decimal, String) {
    match actual {
        Actual::Achievement(a, pick) => band(*a, *pick, w, policy),
        Actual::Grade(g) => match target.grade() {
            Some(t) if g.scale() == t.grade.scale() => {
                let a = if g.rank() >= t.grade.rank() {
                    Achievement::Achieved
                } else if g.rank() + 1 == t.grade.rank() {
                    Achievement::Partly
                } else {
                    Achievement::NotAchieved
                };
                band(a, None, w, policy)
            }
            _ => (Decimal::ZERO, format!(" = 0（实际“{}”无法与目标比较，需评价人判定达成程度）", actual)),
        },
        Actual::Number(a) => match numeric(target) {
            Some(n) => quantitative(&n, target, name, *a, w, policy),
            None => (Decimal::ZERO, format!(" = 0（定性目标，实际 {} 需评价人判定达成程度）", show(*a))),
        },
        Actual::Text(t) => (Decimal::ZERO, format!(" = 0（实际“{t}”无法读出数值或达成程度）")),
        Actual::Missing => (Decimal::ZERO, " = 0（未填实际完成值）".to_string()),
        Actual::NotApplicable => (Decimal::ZERO, String::new()),
    }
}

/// The numeric part of a target that a number is compared with: the target
/// itself, the first number of an `all`, the first of an `any`.
enum Numeric {
    Bound(Op, Decimal),
    Range(Decimal, Decimal),
}

fn numeric(t: &Target) -> Option<Numeric> {
    match t {
        Target::Quantitative { op, value, .. } => Some(Numeric::Bound(*op, *value)),
        Target::Range { min, max, .. } => Some(Numeric::Range(*min, *max)),
        Target::All { parts } | Target::Any { parts } => parts.iter().find_map(numeric),
        Target::Qualitative { .. } => None,
    }
}

fn higher(t: Decimal, a: Decimal, w: Decimal) -> (Decimal, String) {
    if t <= Decimal::ZERO {
        return (w, format!(" = {}（目标 {}，实际 {}）", show2(w), show(t), show(a)));
    }
    let r = (a / t).min(Decimal::ONE).max(Decimal::ZERO);
    (r * w, format!(" = min(实际 {} ÷ 目标 {}, 1) × {}", show(a), show(t), show2(w)))
}

fn lower(t: Decimal, a: Decimal, w: Decimal, policy: &Policy) -> (Decimal, String) {
    if a <= t {
        return (w, format!(" = {}（实际 {} ≤ 目标 {}，得满分）", show2(w), show(a), show(t)));
    }
    match policy.lower {
        LowerRule::Ratio => (t / a * w, format!(" = 目标 {} ÷ 实际 {} × {}", show(t), show(a), show2(w))),
        LowerRule::LinearToTwice if t > Decimal::ZERO => {
            let r = ((Decimal::TWO * t - a) / t).max(Decimal::ZERO);
            (r * w, format!(" = max(0, (2 × 目标 {} − 实际 {}) ÷ 目标 {}) × {}", show(t), show(a), show(t), show2(w)))
        }
        LowerRule::LinearToTwice => (Decimal::ZERO, format!(" = 0（目标 0，实际 {}）", show(a))),
    }
}

fn quantitative(n: &Numeric, target: &Target, name: &str, a: Decimal, w: Decimal, policy: &Policy) -> (Decimal, String) {
    let dir = direction(target, name);
    match *n {
        Numeric::Bound(Op::Le | Op::Lt, t) => lower(t, a, w, policy),
        Numeric::Bound(Op::Eq, t) if dir == Direction::LowerIsBetter => lower(t, a, w, policy),
        Numeric::Bound(_, t) => higher(t, a, w),
        Numeric::Range(lo, hi) => {
            if a >= lo && a <= hi {
                (w, format!(" = {}（实际 {} 在 {}–{} 之内，得满分）", show2(w), show(a), show(lo), show(hi)))
            } else if a < lo {
                if dir == Direction::LowerIsBetter {
                    (w, format!(" = {}（实际 {} 低于下限 {}，越低越好，得满分）", show2(w), show(a), show(lo)))
                } else {
                    higher(lo, a, w)
                }
            } else if dir == Direction::HigherIsBetter {
                (w, format!(" = {}（实际 {} 高于上限 {}，越高越好，得满分）", show2(w), show(a), show(hi)))
            } else {
                lower(hi, a, w, policy)
            }
        }
    }
}

/// A qualitative band: the evaluator's pick (a fraction of the weight, kept
/// inside the band) or the policy's default place in it.
fn band(a: Achievement, pick: Option<Decimal>, w: Decimal, policy: &Policy) -> (Decimal, String) {
    let (lo, hi) = a.band();
    let fraction = match pick {
        Some(p) => p.max(lo).min(hi),
        None => match policy.band {
            Band::Top => hi,
            Band::Middle => (lo + hi) / Decimal::TWO,
            Band::Bottom => lo,
        },
    };
    let pct = |x: Decimal| show((x * Decimal::from(100)).round_dp(2));
    (
        fraction * w,
        format!(" = {}（{}–{}%，取 {}%）× {}", a.name_zh(), pct(lo), pct(hi), pct(fraction), show2(w)),
    )
}

#[cfg(test)]
mod tests;
