//! An actual value (实际完成值) as printed, read for scoring.

use rust_decimal::Decimal;

use crate::target::{grade_of, parse_target, Grade, Target};

/// How far a qualitative target was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Achievement {
    /// 达成: 80–100 % of the weight.
    Achieved,
    /// 部分达成: 60–80 %.
    Partly,
    /// 未达成: 0–60 %.
    NotAchieved,
}

impl Achievement {
    /// The band, as fractions of the weight.
    pub fn band(self) -> (Decimal, Decimal) {
        let f = |n: i64| Decimal::new(n, 1);
        match self {
            Achievement::Achieved => (f(8), f(10)),
            Achievement::Partly => (f(6), f(8)),
            Achievement::NotAchieved => (f(0), f(6)),
        }
    }

    /// 达成 / 部分达成 / 未达成.
    pub fn name_zh(self) -> &'static str {
        match self {
            Achievement::Achieved => "达成",
            Achievement::Partly => "部分达成",
            Achievement::NotAchieved => "未达成",
        }
    }
}

/// An actual value.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual {
    /// A number (the unit is the target's).
    Number(Decimal),
    /// A judgement of a qualitative target, with the evaluator's pick within
    /// the band as a fraction of the weight, if made.
    Achievement(Achievement, Option<Decimal>),
    /// A grade achieved (优秀, 合格 …).
    Grade(Grade),
    /// The indicator does not apply this year (不适用).
    NotApplicable,
    /// Text that is none of these.
    Text(String),
    /// Nothing printed.
    Missing,
}

/// Words that say the indicator does not apply.
const NOT_APPLICABLE: &[&str] = &["不适用", "不涉及", "不考核", "不纳入", "不参与评分", "不计分", "N/A", "n/a", "NA"];

/// Words of a target not reached, partly reached, reached (in that order of checking).
const NOT_REACHED: &[&str] = &["未达成", "未完成", "未达到", "未实现", "没有完成", "未能", "未按", "否"];
const PARTLY: &[&str] = &["部分达成", "部分完成", "部分实现", "基本完成", "基本达成", "基本实现", "基本达到", "大部分"];
const REACHED: &[&str] = &[
    "达成", "完成", "达到", "实现", "已落实", "落实", "是", "有效", "良好", "显著", "明显", "提升", "提高", "改善", "正常",
    "按时", "及时", "满足", "符合", "顺利", "无",
];

impl Actual {
    /// Reads a printed actual value. A bare `—`, `/`, `无` alone or 不适用 is
    /// "does not apply" only where it says so (`不适用`); an empty cell is missing.
    pub fn read(text: &str) -> Actual {
        let t = text.trim();
        if t.is_empty() || matches!(t, "-" | "—" | "／" | "/" | "——") {
            return Actual::Missing;
        }
        if NOT_APPLICABLE.iter().any(|w| t == *w || (w.chars().count() > 2 && t.contains(w))) {
            return Actual::NotApplicable;
        }
        match parse_target(t) {
            Target::Quantitative { value, .. } => return Actual::Number(value),
            Target::Range { min, .. } => return Actual::Number(min),
            Target::All { parts } | Target::Any { parts } => {
                if let Some(v) = parts.iter().find_map(|p| match p {
                    Target::Quantitative { value, .. } => Some(*value),
                    _ => None,
                }) {
                    return Actual::Number(v);
                }
            }
            Target::Qualitative { .. } => {}
        }
        if let Some(g) = grade_of(t) {
            return Actual::Grade(g.grade);
        }
        if NOT_REACHED.iter().any(|w| t.contains(w)) {
            return Actual::Achievement(Achievement::NotAchieved, None);
        }
        if PARTLY.iter().any(|w| t.contains(w)) {
            return Actual::Achievement(Achievement::Partly, None);
        }
        if REACHED.iter().any(|w| t.contains(w)) {
            return Actual::Achievement(Achievement::Achieved, None);
        }
        Actual::Text(t.to_string())
    }

    /// Reads an actual value against its target: a qualitative target whose
    /// actual restates it (the same words printed again) is achieved.
    pub fn read_for(text: &str, target: &str) -> Actual {
        let a = Actual::read(text);
        let same = |x: &str, y: &str| {
            let k = |s: &str| s.chars().filter(|c| !c.is_whitespace() && !"，。；,.;".contains(*c)).collect::<String>();
            !k(x).is_empty() && k(x) == k(y)
        };
        match a {
            Actual::Text(ref t) if same(t, target) => Actual::Achievement(Achievement::Achieved, None),
            other => other,
        }
    }
}

impl std::fmt::Display for Actual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actual::Number(n) => write!(f, "{}", n.normalize()),
            Actual::Achievement(a, _) => f.write_str(a.name_zh()),
            Actual::Grade(g) => f.write_str(g.label()),
            Actual::NotApplicable => f.write_str("不适用"),
            Actual::Text(t) => f.write_str(t),
            Actual::Missing => f.write_str(""),
        }
    }
}
