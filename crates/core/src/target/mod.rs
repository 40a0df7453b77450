//! The target-value grammar: a printed 指标值 string to a typed [`Target`]
//! (`perf-target/1` in `shared/spec/interchange.md`).
//!
//! - [`parse_target`] reads one value string (`不少于2000次` → `>= 2000 次`,
//!   `8个小时或3个半天` → `any`, `参考率不低于85%，及格率不低于85%` → `all`);
//!   [`parse_target_columns`] reads a value printed in comparator / value / unit cells.
//! - [`grade_of`] / [`Target::grade`] expose the grade a qualitative target asks
//!   for (`良好以上` → at least 良好), on the scales 优秀 > 良好 > 合格 > 不合格,
//!   达标 > 不达标, 通过 > 不通过.
//! - [`direction`] tells whether a higher achieved value is better.
//! - [`Target::is_measurable`]: quantitative, range or recognised grade.
//!
//! The parser is a hand-written scanner over chars (see `parse.rs`): no
//! regex, a few small allocations per value; it never panics.

mod direction;
mod grade;
mod lex;
mod number;
mod parse;

pub use direction::{direction, Direction};
pub use grade::{grade_of, Grade, GradeScale, GradeTarget};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A comparison operator of a quantitative target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `=`
    #[serde(rename = "=")]
    Eq,
}

/// The parsed meaning of one value string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A number with a comparator and the unit printed after it.
    Quantitative {
        /// The comparator.
        op: Op,
        /// The number.
        value: Decimal,
        /// The unit printed right after the number.
        unit: Option<String>,
    },
    /// A range `90%-95%`.
    Range {
        /// Lower bound.
        min: Decimal,
        /// Upper bound.
        max: Decimal,
        /// The unit printed after the numbers.
        unit: Option<String>,
    },
    /// Every part must hold.
    All {
        /// The parts.
        parts: Vec<Target>,
    },
    /// One part suffices.
    Any {
        /// The parts.
        parts: Vec<Target>,
    },
    /// No number: the text as printed.
    Qualitative {
        /// The text.
        text: String,
    },
}

impl Target {
    /// The grade a qualitative target asks for (`良好以上` → at least 良好);
    /// `None` for other kinds and for texts naming no recognised grade.
    pub fn grade(&self) -> Option<GradeTarget> {
        match self {
            Target::Qualitative { text } => grade_of(text),
            _ => None,
        }
    }

    /// Can the target be checked against an achieved value: a quantitative
    /// target, a range, a recognised grade, or `all`/`any` whose every part is
    /// measurable.
    pub fn is_measurable(&self) -> bool {
        match self {
            Target::Quantitative { .. } | Target::Range { .. } => true,
            Target::Qualitative { .. } => self.grade().is_some(),
            Target::All { parts } | Target::Any { parts } => !parts.is_empty() && parts.iter().all(Target::is_measurable),
        }
    }

    /// Does any part of the target hold a number or a recognised grade?
    pub fn has_measure(&self) -> bool {
        match self {
            Target::All { parts } | Target::Any { parts } => parts.iter().any(Target::has_measure),
            _ => self.is_measurable(),
        }
    }
}

/// Parses a printed value string into a [`Target`].
///
/// Never panics; a string with no number (outside context such as years and
/// parenthesised definitions) is one `qualitative` target with its text trimmed.
pub fn parse_target(value: &str) -> Target {
    parse::parse(value)
}

/// Parses a value printed in three cells: comparator (`>=`, `≥`, `不少于`),
/// value and unit, as tables with 对比符号 / 指标值 / 计量单位 columns print them.
///
/// The comparator cell, when recognised, sets the operator; the unit cell fills
/// the unit when the value cell prints none.
pub fn parse_target_columns(comparator: Option<&str>, value: &str, unit: Option<&str>) -> Target {
    let cmp = comparator.map(str::trim).filter(|c| !c.is_empty());
    let unit_cell = unit.map(str::trim).filter(|u| !u.is_empty());
    let op_cell = cmp.and_then(parse::op_of_word);
    match parse_target(value) {
        Target::Quantitative { op, value, unit } => Target::Quantitative {
            op: op_cell.unwrap_or(op),
            value,
            unit: unit.or_else(|| unit_cell.map(str::to_string)),
        },
        Target::Range { min, max, unit } => Target::Range { min, max, unit: unit.or_else(|| unit_cell.map(str::to_string)) },
        other => {
            if cmp.is_none() && unit_cell.is_none() {
                return other;
            }
            let mut s = String::new();
            s.push_str(cmp.unwrap_or(""));
            s.push_str(value);
            s.push_str(unit_cell.unwrap_or(""));
            match parse_target(&s) {
                Target::Qualitative { .. } => other,
                t => t,
            }
        }
    }
}
