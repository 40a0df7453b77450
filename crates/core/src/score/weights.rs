//! The weight each indicator is scored out of.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{show, show2, Actual, IndicatorInput, Policy};
use crate::taxonomy::Level1;

/// An indicator's weight and how it came about.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Weight {
    pub points: Decimal,
    pub formula: String,
}

fn applies(i: &IndicatorInput) -> bool {
    !matches!(i.actual, Actual::NotApplicable)
}

/// Weights for the indicators out of `points` in all: the printed weights when
/// every indicator has one, else each category's points shared equally by its
/// indicators that apply; categories with none that applies give their points
/// to the others in proportion.
pub(super) fn assign(indicators: &[IndicatorInput], policy: &Policy, points: Decimal) -> Vec<Weight> {
    let cat = |i: &IndicatorInput| policy.category(i.level1);
    let printed = !indicators.is_empty() && indicators.iter().all(|i| i.weight.is_some_and(|w| w >= Decimal::ZERO));
    // Per category: (points as printed or by policy, points of the indicators that apply, how many apply).
    let mut cats: BTreeMap<Level1, (Decimal, Decimal, usize)> = BTreeMap::new();
    for i in indicators {
        let e = cats.entry(cat(i)).or_insert((Decimal::ZERO, Decimal::ZERO, 0));
        if printed {
            let w = i.weight.unwrap_or_default();
            e.0 += w;
            if applies(i) {
                e.1 += w;
            }
        }
        if applies(i) {
            e.2 += 1;
        }
    }
    if !printed {
        for (c, e) in cats.iter_mut() {
            e.0 = policy.weight_of(*c);
        }
    }
    // Points of categories where something applies, and what they must come to.
    let live: Decimal = cats.values().filter(|e| e.2 > 0).map(|e| e.0).sum();
    let all: Decimal = if printed { cats.values().map(|e| e.0).sum() } else { points };
    let spread = if live > Decimal::ZERO && live != all { Some(all / live) } else { None };
    indicators
        .iter()
        .map(|i| {
            let c = cat(i);
            let (cat_points, live_points, n) = cats[&c];
            if !applies(i) {
                return Weight { points: Decimal::ZERO, formula: String::new() };
            }
            let scaled = spread.map_or(cat_points, |f| cat_points * f);
            let note = match spread {
                Some(_) => format!("{} {} × {} ÷ {}（无适用指标的类别分值按比例分给其他类别）", c.name_zh(), show(cat_points), show(all), show(live)),
                None => format!("{} {}", c.name_zh(), show(cat_points)),
            };
            if printed {
                let w = i.weight.unwrap_or_default();
                if live_points == cat_points && spread.is_none() {
                    return Weight { points: w, formula: format!("权重 {}（表列分值）", show2(w)) };
                }
                let p = if live_points > Decimal::ZERO { w * scaled / live_points } else { Decimal::ZERO };
                Weight {
                    points: p,
                    formula: format!("权重 {} = 表列分值 {} × {} ÷ 适用指标分值合计 {}", show2(p), show(w), note, show(live_points)),
                }
            } else {
                let p = scaled / Decimal::from(n.max(1) as u64);
                Weight { points: p, formula: format!("权重 {} = {} ÷ {} 项", show2(p), note, n) }
            }
        })
        .collect()
}
