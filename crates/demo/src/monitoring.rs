//! Made-up monitoring figures for a demo table: per project an amount
//! executed by a month, per indicator an actual so far, a likelihood and, for
//! the ones behind, a cause, its explanation and a corrective action.

use crate::rng::Rng;
use jixiao_core::{Body, Document};
use rust_decimal::Decimal;

/// One project's execution.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoProject {
    /// 项目名称.
    pub name: String,
    /// Executed by the month.
    pub executed: Decimal,
}

/// One indicator's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoIndicator {
    /// Its project.
    pub project: String,
    /// 三级指标.
    pub name: String,
    /// The actual so far, as a department would write it.
    pub actual: Option<String>,
    /// 确定能 / 有可能 / 完全不可能.
    pub likelihood: &'static str,
    /// Causes (the official column headings), empty when on track.
    pub causes: Vec<&'static str>,
    /// 原因说明.
    pub explanation: Option<&'static str>,
    /// Corrective action.
    pub action: Option<&'static str>,
}

/// A round of made-up figures.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRound {
    /// The last month covered.
    pub month: u8,
    /// Projects.
    pub projects: Vec<DemoProject>,
    /// Indicators.
    pub indicators: Vec<DemoIndicator>,
}

const CAUSES: [(&str, &str, &str); 5] = [
    ("经费保障", "上级资金尚未拨付到位", "与财政部门沟通，加快资金拨付"),
    ("制度保障", "实施细则尚在制定", "年内出台实施细则并组织培训"),
    ("人员保障", "专业人员不足", "通过购买服务补充工作力量"),
    ("硬件条件保障", "设备采购流程延迟", "加快政府采购进度"),
    ("其他", "受季节因素影响，工作集中在下半年", "倒排工期，按月调度"),
];

/// The leading number of a target such as `≥120人次` and what follows it.
fn number_and_unit(target: &str) -> Option<(f64, String)> {
    let start = target.find(|c: char| c.is_ascii_digit())?;
    let rest = &target[start..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let n: f64 = rest[..end].parse().ok()?;
    Some((n, rest[end..].trim().to_string()))
}

/// Figures for `month` of a project table (`None` for a department table);
/// `seed` makes them differ between tables.
pub fn round(doc: &Document, month: u8, seed: u64) -> Option<DemoRound> {
    let Body::Project(t) = &doc.body else { return None };
    let mut rng = Rng::derive(seed, &[month as u64]);
    let share = month as f64 / 12.0;
    let mut out = DemoRound { month, projects: Vec::new(), indicators: Vec::new() };
    for p in t.units.iter().flat_map(|u| &u.projects) {
        // Most projects keep pace; some fall behind, a few far behind.
        let pace = match rng.below(12) {
            0 => 0.25 + rng.unit() * 0.2,
            1 => 0.82 + rng.unit() * 0.05,
            _ => 0.95 + rng.unit() * 0.1,
        };
        if let Some(budget) = p.amounts.total {
            let f = Decimal::from_f64_retain((share * pace).min(1.0)).unwrap_or_default();
            out.projects.push(DemoProject { name: p.name.clone(), executed: (budget * f).round_dp(2) });
        }
        for i in &p.indicators {
            let target = i.annual_value.clone().unwrap_or_default();
            let behind = pace < 0.5 && rng.chance(0.5);
            let actual = number_and_unit(&target).map(|(n, unit)| {
                let so_far = if unit.contains('%') || unit.contains('％') { n * if behind { 0.6 } else { 1.0 } } else { (n * share * pace).round() };
                format!("{}{unit}", so_far)
            });
            let (likelihood, causes, explanation, action) = if behind {
                let (c, e, a) = CAUSES[rng.below(CAUSES.len())];
                (if rng.chance(0.3) { "完全不可能" } else { "有可能" }, vec![c], Some(e), Some(a))
            } else {
                ("确定能", Vec::new(), None, None)
            };
            out.indicators.push(DemoIndicator { project: p.name.clone(), name: i.name.clone(), actual, likelihood, causes, explanation, action });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_repeatable_and_cover_every_project() {
        let docs = crate::generate(&crate::DemoConfig { districts: 1, years: 2024..=2024, ..Default::default() });
        let doc = docs.iter().find(|d| matches!(d.body, Body::Project(_))).unwrap();
        let a = round(doc, 7, 1).unwrap();
        assert_eq!(a, round(doc, 7, 1).unwrap());
        let Body::Project(t) = &doc.body else { unreachable!() };
        assert_eq!(a.indicators.len(), t.units.iter().flat_map(|u| &u.projects).map(|p| p.indicators.len()).sum::<usize>());
        assert!(a.projects.iter().all(|p| p.executed >= Decimal::ZERO));
        assert_eq!(number_and_unit("≥120人次"), Some((120.0, "人次".into())));
    }
}
