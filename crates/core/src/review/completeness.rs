//! COMPLETENESS: every project (and every department plan) needs output,
//! outcome and satisfaction indicators, and a cost indicator under the framework
//! in force from `RuleConfig::cost_framework_year`; enough indicators for the money.

use super::text::fmt_amount;
use super::{rule, Ctx, Finding, Owner, Place};
use crate::model::{Body, Indicator};
use crate::taxonomy::{level1_from_code, Level1, Level2};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The level-1 categories an indicator's printed names (or codes) point to. A
/// name printed in the wrong place still counts for its own category.
pub(super) fn categories(ind: &Indicator) -> BTreeSet<Level1> {
    let mut out = BTreeSet::new();
    for name in [ind.level1.as_deref(), ind.level2.as_deref()].into_iter().flatten() {
        if let Some(a) = Level1::from_name(name) {
            out.insert(a);
        } else if let Some(b) = Level2::from_name(name) {
            if let [only] = b.parents() {
                out.insert(*only);
            } else if b == Level2::Cost {
                out.insert(Level1::Output);
            }
        } else if let Some(a) = super::taxonomy::loose_level1(name).filter(|_| Some(name) == ind.level1.as_deref()) {
            out.insert(a);
        } else if let Some(b) = super::taxonomy::loose_level2(name) {
            if let [only] = b.parents() {
                out.insert(*only);
            } else if b == Level2::Cost {
                out.insert(Level1::Output);
            }
        }
    }
    if out.is_empty() {
        if let Some((a, _)) = ind.level1_code.as_deref().and_then(level1_from_code) {
            out.insert(a);
        }
    }
    out
}

/// True for a cost indicator: level-1 成本, or a cost level-2 (成本指标 under 产出,
/// 经济成本 …).
pub(super) fn is_cost_indicator(ind: &Indicator) -> bool {
    let l1 = ind.level1.as_deref().and_then(Level1::from_name);
    let l2 = ind.level2.as_deref().and_then(Level2::from_name);
    l1 == Some(Level1::Cost)
        || matches!(l2, Some(Level2::Cost | Level2::EconomicCost | Level2::SocialCost | Level2::EcologicalCost))
        || ind.level2.as_deref().is_some_and(|n| n.contains("成本"))
}

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let cost_required = ctx.doc.year.is_some_and(|y| y >= ctx.cfg.cost_framework_year);
    let mut uncategorised = 0usize;
    let mut lists: Vec<(Place, Vec<&Indicator>, Option<Decimal>, &str)> = Vec::new();
    match &ctx.doc.body {
        Body::Project(_) => {
            for s in ctx.scopes.iter().filter(|s| s.owner == Owner::Project) {
                lists.push((s.place.with_field("indicators"), s.indicators.iter().collect(), s.budget, "项目"));
            }
        }
        Body::Department(t) => {
            let total = super::arithmetic::department_total(t);
            for (i, plan) in t.plans.iter().enumerate() {
                let mut inds: Vec<&Indicator> = plan.indicators.iter().collect();
                inds.extend(plan.tasks.iter().flat_map(|t| t.indicators.iter()));
                let budget = if plan.horizon == crate::model::Horizon::Annual { total } else { None };
                lists.push((ctx.plan_place(i, plan.horizon).with_field("indicators"), inds, budget, "部门整体绩效目标"));
            }
        }
    }
    for (place, inds, budget, what) in lists {
        if inds.is_empty() {
            continue; // STRUCTURE/NO-INDICATORS
        }
        few(ctx, &place, inds.len(), budget, what, out);
        let cats: BTreeSet<Level1> = inds.iter().flat_map(|i| categories(i)).collect();
        if cats.is_empty() {
            uncategorised += 1;
            continue;
        }
        let has_cost = inds.iter().any(|i| is_cost_indicator(i));
        if !cats.contains(&Level1::Output) {
            out.push(Finding::new(rule::COM_OUTPUT, place.clone(), format!("{what}没有产出指标。请设置数量、质量、时效等产出指标。")));
        }
        if !cats.contains(&Level1::Outcome) {
            out.push(Finding::new(rule::COM_OUTCOME, place.clone(), format!("{what}没有效益指标。请设置社会效益、经济效益等效益指标，说明资金带来的效果。")));
        }
        if !cats.contains(&Level1::Satisfaction) {
            out.push(Finding::new(
                rule::COM_SATISFACTION,
                place.clone(),
                format!("{what}没有满意度指标。原则上应设置服务对象满意度指标；确无服务对象的请说明理由。"),
            ));
        }
        if cost_required && !has_cost {
            out.push(Finding::new(
                rule::COM_COST,
                place.clone(),
                format!(
                    "{what}没有成本指标。{}年起的指标框架要求设置成本指标（经济成本等），请补充。",
                    ctx.cfg.cost_framework_year
                ),
            ));
        }
    }
    if uncategorised > 0 {
        out.push(Finding::new(
            rule::COM_UNCATEGORISED,
            Place::document(),
            format!("有{uncategorised}组指标没有标明一级、二级指标，无法核对是否覆盖产出、效益、满意度等类别。建议按指标体系分类填报。"),
        ));
    }
}

fn few(ctx: &Ctx, place: &Place, n: usize, budget: Option<Decimal>, what: &str, out: &mut Vec<Finding>) {
    let (Some(budget), Some(per)) = (budget, ctx.yuan_per_unit) else { return };
    let yuan = budget * per;
    let need = ctx.cfg.min_indicators.iter().filter(|(at, _)| yuan >= *at).map(|(_, k)| *k).max();
    if let Some(need) = need {
        if n < need {
            out.push(Finding::new(
                rule::COM_FEW,
                place.clone(),
                format!(
                    "{what}资金{}{}，只有{n}个指标（此金额宜不少于{need}个）。请细化绩效指标，使目标与资金规模相匹配。",
                    fmt_amount(budget),
                    ctx.doc.money_unit
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;

    fn drop_category(doc: &mut crate::model::Document, l1: &str) {
        for k in 0..2 {
            with_project(doc, k, |p| p.indicators.retain(|i| i.level1.as_deref() != Some(l1)));
        }
    }

    #[test]
    fn output_outcome_satisfaction() {
        for (id, l1) in [
            (rule::COM_OUTPUT.id, "产出指标"),
            (rule::COM_OUTCOME.id, "效益指标"),
            (rule::COM_SATISFACTION.id, "满意度指标"),
        ] {
            assert_silent(&clean_project(), id);
            assert_silent(&clean_department(), id);
            let mut doc = clean_project();
            drop_category(&mut doc, l1);
            assert_eq!(assert_fires(&doc, id).len(), 2, "{id}");
            let mut doc = clean_department();
            with_dept(&mut doc, |t| t.plans[0].indicators.retain(|i| i.level1.as_deref() != Some(l1)));
            assert_fires(&doc, id);
        }
    }

    #[test]
    fn cost_only_from_the_framework_year() {
        let id = rule::COM_COST.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        drop_category(&mut doc, "成本指标");
        assert_eq!(assert_fires(&doc, id).len(), 2);
        doc.year = Some(2020);
        assert_silent(&doc, id);
        doc.year = None;
        assert_silent(&doc, id);
        // Cost under 产出 (classic codes) counts.
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.indicators[2].level1 = Some("产出指标".into());
            p.indicators[2].level2 = Some("成本指标".into());
        });
        assert_silent(&doc, id);
    }

    #[test]
    fn few_indicators() {
        let id = rule::COM_FEW.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| {
            p.amounts.total = Some(dec("150"));
            p.amounts.fiscal = Some(dec("150"));
            p.indicators.truncate(4);
        });
        assert_fires(&doc, id);
    }

    #[test]
    fn uncategorised() {
        let id = rule::COM_UNCATEGORISED.id;
        assert_silent(&clean_department(), id);
        let mut doc = clean_department();
        with_dept(&mut doc, |t| {
            for i in &mut t.plans[0].indicators {
                i.level1 = None;
                i.level2 = None;
            }
        });
        assert_fires(&doc, id);
        assert_silent(&doc, rule::COM_OUTPUT.id);
    }
}
