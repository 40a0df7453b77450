//! Rendering value templates into printed value strings, in the styles real
//! tables print them (`≥90%`, `不少于20场`, `5个工作日内`, `不超过三天`, `达标` …),
//! together with the split form of tables that print comparator, number and
//! unit in columns of their own.

use crate::rng::Rng;
use crate::vocab::{Op, V};

/// A rendered value.
#[derive(Debug, Clone)]
pub(crate) struct Val {
    /// The value as one printed string.
    pub text: String,
    /// The comparator of the column form (`>=`, `<=`, `=` …), if the value has one.
    pub op: Option<&'static str>,
    /// The bare number of the column form.
    pub num: Option<String>,
    /// The unit of the column form.
    pub unit: Option<&'static str>,
}

impl Val {
    /// A value with no number.
    pub fn text(text: String) -> Val {
        Val { text, op: None, num: None, unit: None }
    }

    /// True when the value has a number with a comparator.
    pub fn is_quantitative(&self) -> bool {
        self.num.is_some()
    }

    /// The comparator column of the split form.
    pub fn comparator(&self) -> &'static str {
        self.op.unwrap_or("=")
    }

    /// True for a lower-is-better value.
    pub fn is_reverse(&self) -> bool {
        matches!(self.op, Some("<=") | Some("<"))
    }
}

fn op_symbol(op: Op) -> &'static str {
    match op {
        Op::Ge => ">=",
        Op::Gt => ">",
        Op::Le => "<=",
        Op::Lt => "<",
        Op::Eq => "=",
    }
}

/// Chinese numerals for small numbers (`三`, `十二`), Arabic digits beyond 99.
pub(crate) fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| D.get(d as usize).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", digit(n % 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}十", digit(n / 10)),
        20..=99 => format!("{}十{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

/// Rounds a count the way tables print targets: hundreds, tens, fives.
fn nice(n: u32) -> u32 {
    match n {
        0..=29 => n,
        30..=99 => n / 5 * 5,
        100..=999 => n / 10 * 10,
        _ => n / 100 * 100,
    }
}

/// An amount in cents of 万元 as tables print it: `125`, `125.5`, `125.37`.
pub(crate) fn money_text(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let (whole, frac) = (c / 100, c % 100);
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
    }
}

/// Renders a template for a budget year.
pub(crate) fn render(v: &V, rng: &mut Rng, year: i32) -> Val {
    match *v {
        V::P(op, lo, hi) => {
            let n = rng.range(lo as u64, hi as u64) as u32;
            let pct = if rng.chance(0.05) { "％" } else { "%" };
            let text = match op {
                Op::Ge if n >= 100 => match rng.below(2) {
                    0 => format!("达到{n}{pct}"),
                    _ => format!("{n}{pct}"),
                },
                Op::Ge => match rng.below(6) {
                    0 | 1 => format!("≥{n}{pct}"),
                    2 => format!("不低于{n}{pct}"),
                    3 => format!("达到{n}{pct}"),
                    4 => format!("{n}{pct}以上"),
                    _ => format!("≥{n}{pct}"),
                },
                Op::Gt => format!("高于{n}{pct}"),
                Op::Le => match rng.below(4) {
                    0 => format!("≤{n}{pct}"),
                    1 => format!("不高于{n}{pct}"),
                    2 => format!("控制在{n}{pct}以内"),
                    _ => format!("不超过{n}{pct}"),
                },
                Op::Lt => match rng.below(2) {
                    0 => format!("低于{n}{pct}"),
                    _ => format!("<{n}{pct}"),
                },
                Op::Eq => match rng.below(4) {
                    0 if n == 100 => format!("达到{n}{pct}"),
                    _ => format!("{n}{pct}"),
                },
            };
            Val { text, op: Some(op_symbol(op)), num: Some(n.to_string()), unit: Some("%") }
        }
        V::N(op, lo, hi, unit) => {
            let n = nice(rng.range(lo as u64, hi as u64) as u32).max(lo.min(1));
            let shown = if n <= 10 && rng.chance(0.15) { chinese_number(n) } else { n.to_string() };
            let text = match op {
                Op::Ge => match rng.below(6) {
                    0 | 1 => format!("不少于{shown}{unit}"),
                    2 => format!("≥{n}{unit}"),
                    3 => format!("{shown}{unit}以上"),
                    4 => format!("至少{shown}{unit}"),
                    _ => format!("{n}{unit}"),
                },
                Op::Gt => format!("超过{shown}{unit}"),
                Op::Le => match rng.below(3) {
                    0 => format!("不超过{shown}{unit}"),
                    1 => format!("≤{n}{unit}"),
                    _ => format!("{shown}{unit}以内"),
                },
                Op::Lt => format!("少于{shown}{unit}"),
                Op::Eq => format!("{n}{unit}"),
            };
            Val { text, op: Some(op_symbol(op)), num: Some(n.to_string()), unit: Some(unit) }
        }
        V::W(lo, hi, unit) => {
            let n = rng.range(lo as u64, hi as u64) as u32;
            let text = match rng.below(4) {
                0 => format!("{n}{unit}内"),
                1 => format!("{n}{unit}以内"),
                2 if n <= 10 => format!("不超过{}{unit}", chinese_number(n)),
                2 => format!("不超过{n}{unit}"),
                _ => format!("≤{n}{unit}"),
            };
            Val { text, op: Some("<="), num: Some(n.to_string()), unit: Some(unit) }
        }
        V::T(xs) => Val::text(rng.pick(xs).copied().unwrap_or("达标").to_string()),
        V::Two(a, b, lo, hi) => {
            let n = rng.range(lo as u64, hi as u64);
            let m = rng.range(lo as u64, hi as u64);
            Val::text(format!("{a}不低于{n}%，{b}不低于{m}%"))
        }
        V::D => {
            let text = match rng.below(3) {
                0 => format!("{year}年12月31日前完成"),
                1 => format!("{year}年{}月底前完成", rng.range(6, 12)),
                _ => "按计划时间完成".to_string(),
            };
            Val::text(text)
        }
    }
}

/// A whole-project cost ceiling in 万元, never above `budget_cents`.
pub(crate) fn render_money_cap(budget_cents: i64, rng: &mut Rng) -> Val {
    let cents = if budget_cents >= 1000 && rng.chance(0.4) { budget_cents / 100 * 100 } else { budget_cents };
    money_value(cents, rng)
}

/// A cost ceiling of exactly `cents` (万元).
pub(crate) fn money_value(cents: i64, rng: &mut Rng) -> Val {
    let x = money_text(cents);
    let text = match rng.below(4) {
        0 => format!("≤{x}万元"),
        1 => format!("不超过{x}万元"),
        2 => format!("控制在{x}万元以内"),
        _ => format!("≤{x}万元"),
    };
    Val { text, op: Some("<="), num: Some(x), unit: Some("万元") }
}

/// A unit cost (`≤2000元/件`).
pub(crate) fn render_unit_cost(lo: u32, hi: u32, unit: &'static str, rng: &mut Rng) -> Val {
    let n = nice(rng.range(lo as u64, hi as u64) as u32);
    let text = match rng.below(3) {
        0 => format!("≤{n}{unit}"),
        1 => format!("不高于{n}{unit}"),
        _ => format!("{n}{unit}"),
    };
    let op = if text.starts_with(|c: char| c.is_ascii_digit()) { "=" } else { "<=" };
    Val { text, op: Some(op), num: Some(n.to_string()), unit: Some(unit) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(85), "八十五");
        assert_eq!(chinese_number(120), "120");
    }

    #[test]
    fn money_is_printed_plainly() {
        assert_eq!(money_text(12500), "125");
        assert_eq!(money_text(12550), "125.5");
        assert_eq!(money_text(12537), "125.37");
        assert_eq!(money_text(7), "0.07");
    }

    #[test]
    fn renders_every_template_kind() {
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let v = render(&V::P(Op::Ge, 90, 95), &mut rng, 2024);
            assert!(v.text.contains('%') || v.text.contains('％'));
            assert_eq!(v.op, Some(">="));
            let v = render(&V::N(Op::Ge, 12, 40, "场"), &mut rng, 2024);
            assert!(v.text.ends_with('场') || v.text.ends_with("以上"));
            let v = render(&V::W(3, 7, "个工作日"), &mut rng, 2024);
            assert!(v.text.contains("个工作日"));
            let v = render(&V::D, &mut rng, 2024);
            assert!(!v.text.contains("2023"));
            let v = render_money_cap(12345, &mut rng);
            assert!(v.text.contains("万元"));
        }
        let v = render(&V::Two("参考率", "合格率", 85, 85), &mut rng, 2024);
        assert_eq!(v.text, "参考率不低于85%，合格率不低于85%");
    }
}
