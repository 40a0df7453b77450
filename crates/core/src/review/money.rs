//! MONEY: amounts written inside goals and indicators (`388,400.00元`,
//! `12.5万元`) against the budget of the project or task they belong to, and
//! amounts that cannot be read.

use super::completeness::is_cost_indicator;
use super::text::{bare_numbers, word_set, fmt_amount, money_mentions, shorten, years_in, MoneyMention};
use super::{rule, At, Ctx, Finding, Owner, Scope};
use crate::model::{Body, Indicator};
use rust_decimal::Decimal;

/// Words near an amount that say it is money spent or budgeted.
const SPENDING: &[&str] = &[
    "付", "支出", "投入", "经费", "预算", "资金", "费用", "成本", "采购", "购买", "拨付", "安排", "使用", "花费", "开支", "列支", "补贴",
    "补助",
];
/// Words near an amount that say it is a result or a sum of another kind (a
/// benefit, a loss recovered, a multi-year or contract sum), not this year's spending.
const NOT_SPENDING: &[&str] = &[
    "挽回", "节约", "节省", "收益", "效益", "损失", "产值", "标的", "涉案", "追回", "增收", "营业", "收入", "争取", "索赔", "赔偿",
    "总投资", "总预算", "项目总", "合同", "累计", "周期", "带动", "撬动", "融资", "贷款", "理赔", "税",
];

word_set!(spending_set, SPENDING);
word_set!(not_spending_set, NOT_SPENDING);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let dept_total = match &ctx.doc.body {
        Body::Department(t) => super::arithmetic::department_total(t),
        Body::Project(_) => None,
    };
    for scope in &ctx.scopes {
        let budget = match scope.owner {
            Owner::Project => scope.budget,
            Owner::Task => scope.budget.or(dept_total),
            Owner::Plan => dept_total,
        };
        for (place, text) in ctx.texts(scope) {
            let field = place.field();
            let ind = place.indicator();
            for m in money_mentions(text) {
                match m.yuan {
                    None => out.push(Finding::new(
                        rule::MON_UNREADABLE,
                        place.place(),
                        format!("金额「{}」无法识别（千分位应每三位一个逗号）。请改为规范的金额，如1,038.88万元。", m.text),
                    )),
                    Some(y) => exceeds(ctx, scope, ind, &place, field, text, &m, y, budget, out),
                }
            }
            if let Some(ind) = ind {
                if matches!(field, "period_value" | "annual_value") && is_cost_indicator(ind) && money_mentions(text).is_empty() {
                    if let Some(n) = bare_numbers(text).into_iter().find(|n| *n >= Decimal::from(1000)) {
                        out.push(Finding::new(
                            rule::MON_NO_UNIT,
                            place.place(),
                            format!("成本指标值「{}」中的{}没有写单位（元还是万元）。请注明金额单位。", shorten(text, 30), fmt_amount(n)),
                        ));
                    }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn exceeds(
    ctx: &Ctx,
    scope: &Scope,
    ind: Option<&Indicator>,
    place: &At,
    field: &str,
    text: &str,
    m: &MoneyMention,
    yuan: Decimal,
    budget: Option<Decimal>,
    out: &mut Vec<Finding>,
) {
    let (Some(budget), Some(per)) = (budget, ctx.yuan_per_unit) else { return };
    if m.per_unit || budget <= Decimal::ZERO {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let before: String = chars[m.start.saturating_sub(12)..m.start].iter().collect();
    let after: String = chars[m.end..chars.len().min(m.end + 8)].iter().collect();
    let near = format!("{before}{after}");
    if not_spending_set().any_in(&near) {
        return;
    }
    let cost = ind.is_some_and(is_cost_indicator);
    if !cost && !spending_set().any_in(&near) {
        return;
    }
    // A period value may cover several years: only its amounts said to be this year's count.
    if field == "period_value" {
        let this_year = ctx.budget_year.is_some_and(|(y, _)| years_in(text).iter().any(|m| m.year == y));
        if !this_year && !["本年", "年度", "全年", "当年"].iter().any(|w| text.contains(w)) {
            return;
        }
    }
    let budget_yuan = budget * per;
    if yuan - budget_yuan > ctx.cfg.tolerance(1) * per {
        let unit = &ctx.doc.money_unit;
        let whose = match scope.owner {
            Owner::Project => "项目预算",
            Owner::Task if scope.budget.is_some() => "任务拟投入资金",
            _ => "部门预算总额",
        };
        out.push(Finding::new(
            rule::MON_EXCEEDS,
            place.place(),
            format!(
                "文字中写明的金额{}（合{}{unit}）超过{whose}{}{unit}。请核对金额或预算。",
                m.text,
                fmt_amount((yuan / per).round_dp(4)),
                fmt_amount(budget)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule;
    use super::super::testkit::*;

    #[test]
    fn unreadable() {
        let id = rule::MON_UNREADABLE.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[2].annual_value = Some("成本控制在预算内,(1038,8772万元)".into()));
        assert_fires(&doc, id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[2].annual_value = Some("全年支出不超过388,400.00元".into()));
        assert_silent(&doc, id);
    }

    #[test]
    fn exceeds_budget() {
        let id = rule::MON_EXCEEDS.id;
        assert_silent(&clean_project(), id);
        assert_silent(&clean_department(), id);
        // 乙项目 has 30.50万元.
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.indicators[2].period_value = Some("2024年度共计支付388,400.00元维护经费".into()));
        let f = assert_fires(&doc, id);
        assert!(f[0].message.contains("38.84"), "{}", f[0].message);
        // Within the budget, a rate, or a benefit: silent.
        for v in ["年度共计支付300,000元维护经费", "单台维护费用500元/台", "为群众挽回经济损失1000万元", "项目总投资500万元"] {
            let mut doc = clean_project();
            with_project(&mut doc, 1, |p| p.indicators[3].annual_value = Some(v.into()));
            assert_silent(&doc, id);
        }
        // In a goal.
        let mut doc = clean_project();
        with_project(&mut doc, 1, |p| p.goal = Some("安排资金40万元维护办公设备。".into()));
        assert_fires(&doc, id);
        // A task's text against its money.
        let mut doc = clean_department();
        with_dept(&mut doc, |t| t.plans[0].tasks[1].content = Some("拨付办案补贴25万元。".into()));
        assert_fires(&doc, id);
    }

    #[test]
    fn no_unit() {
        let id = rule::MON_NO_UNIT.id;
        assert_silent(&clean_project(), id);
        let mut doc = clean_project();
        with_project(&mut doc, 0, |p| p.indicators[2].annual_value = Some("预算控制成本在240000以内".into()));
        assert_fires(&doc, id);
    }
}
