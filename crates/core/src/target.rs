//! The target-value grammar: a printed 指标值 string to a typed [`Target`]
//! (`perf-target/1` in `shared/spec/interchange.md`).
//!
//! STUB: the public API is fixed here; the parser is being written.

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

/// Parses a printed value string.
pub fn parse_target(value: &str) -> Target {
    Target::Qualitative { text: value.trim().to_string() }
}

/// Parses a value printed in three cells: comparator, value and unit.
pub fn parse_target_columns(comparator: Option<&str>, value: &str, unit: Option<&str>) -> Target {
    let mut s = String::new();
    s.push_str(comparator.unwrap_or(""));
    s.push_str(value);
    s.push_str(unit.unwrap_or(""));
    parse_target(&s)
}
