//! Worked examples, computed by hand.

use super::*;
use crate::target::Grade;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn ind(name: &str, level1: Level1, target: &str, actual: &str, weight: Option<&str>) -> IndicatorInput {
    IndicatorInput {
        name: name.to_string(),
        level1: Some(level1),
        target_text: target.to_string(),
        actual: Actual::read_for(actual, target),
        weight: weight.map(d),
    }
}

/// One indicator of weight 8 (printed), scored.
fn one(target: &str, actual: &str, policy: &Policy) -> IndicatorScore {
    let e = evaluate(&[ind("指标", Level1::Output, target, actual, Some("8"))], execution(None, None, policy), policy);
    e.indicators.into_iter().next().unwrap()
}

#[test]
fn higher_is_better_is_the_share_of_the_target_up_to_full() {
    let p = Policy::default();
    // 72 of 80 is 0.9 of 8 = 7.2.
    let s = one("≥80次", "72次", &p);
    assert_eq!(s.score, Some(d("7.20")));
    assert_eq!(s.formula, "权重 8.00（表列分值）；得分 7.20 = min(实际 72 ÷ 目标 80, 1) × 8.00");
    // Over the target: full marks, not more.
    assert_eq!(one("不少于80次", "120次", &p).score, Some(d("8.00")));
    // 2 of 3: 5.333… → 5.33.
    assert_eq!(one("≥3场", "2场", &p).score, Some(d("5.33")));
}

#[test]
fn lower_is_better_under_both_policies() {
    let ratio = Policy::default();
    let linear = Policy { lower: LowerRule::LinearToTwice, ..Policy::default() };
    // At or under the target: full.
    assert_eq!(one("≤30日", "25日", &ratio).score, Some(d("8.00")));
    assert_eq!(one("≤30日", "30日", &linear).score, Some(d("8.00")));
    // 40 days against ≤ 30: ratio 30 ÷ 40 × 8 = 6; linear (60 − 40) ÷ 30 × 8 = 5.33.
    assert_eq!(one("≤30日", "40日", &ratio).score, Some(d("6.00")));
    let s = one("≤30日", "40日", &linear);
    assert_eq!(s.score, Some(d("5.33")));
    assert!(s.formula.contains("max(0, (2 × 目标 30 − 实际 40) ÷ 目标 30) × 8.00"), "{}", s.formula);
    // Twice the target or more: zero under the linear rule.
    assert_eq!(one("≤30日", "75日", &linear).score, Some(d("0.00")));
    // 重新犯罪率 = 0 printed with `=`: lower is better by its words; any actual over 0 scores 0 by ratio.
    let e = evaluate(&[ind("重新犯罪率", Level1::Outcome, "0%", "0%", Some("10"))], execution(None, None, &ratio), &ratio);
    assert_eq!(e.indicators[0].score, Some(d("10.00")));
}

#[test]
fn ranges_are_full_inside_and_scored_by_the_missed_bound() {
    let p = Policy::default();
    assert_eq!(one("90%-95%", "93%", &p).score, Some(d("8.00")));
    // 81 against a floor of 90: 0.9 × 8.
    assert_eq!(one("90%-95%", "81%", &p).score, Some(d("7.20")));
    // A 覆盖率 above the range is better: full.
    let e = evaluate(&[ind("覆盖率", Level1::Output, "90%-95%", "99%", Some("8"))], execution(None, None, &p), &p);
    assert_eq!(e.indicators[0].score, Some(d("8.00")));
    // A 时限 above its range is worse: 10 ÷ 12.5 × 8 = 6.4.
    let e = evaluate(&[ind("办结时限", Level1::Output, "5-10日", "12.5日", Some("8"))], execution(None, None, &p), &p);
    assert_eq!(e.indicators[0].score, Some(d("6.40")));
}

#[test]
fn qualitative_targets_in_each_band() {
    let top = Policy::default();
    let middle = Policy { band: Band::Middle, ..Policy::default() };
    let bottom = Policy { band: Band::Bottom, ..Policy::default() };
    // 达成: 100 % / 90 % / 80 % of 8.
    assert_eq!(one("有效提升", "达成", &top).score, Some(d("8.00")));
    assert_eq!(one("有效提升", "达成", &middle).score, Some(d("7.20")));
    assert_eq!(one("有效提升", "达成", &bottom).score, Some(d("6.40")));
    // 部分达成: 80 % / 70 % / 60 %.
    assert_eq!(one("有效提升", "部分达成", &top).score, Some(d("6.40")));
    assert_eq!(one("有效提升", "基本完成", &middle).score, Some(d("5.60")));
    assert_eq!(one("有效提升", "部分完成", &bottom).score, Some(d("4.80")));
    // 未达成: 60 % / 30 % / 0.
    assert_eq!(one("有效提升", "未达成", &top).score, Some(d("4.80")));
    assert_eq!(one("有效提升", "未完成", &middle).score, Some(d("2.40")));
    assert_eq!(one("有效提升", "未达到", &bottom).score, Some(d("0.00")));
    // The evaluator's pick inside the band, kept inside it.
    let pick = |f: &str| {
        let i = IndicatorInput { actual: Actual::Achievement(Achievement::Partly, Some(d(f))), ..ind("x", Level1::Outcome, "有效", "", Some("10")) };
        evaluate(&[i], execution(None, None, &top), &top).indicators[0].score
    };
    assert_eq!(pick("0.75"), Some(d("7.50")));
    assert_eq!(pick("0.95"), Some(d("8.00")));
    // A grade against a grade target: 良好以上 met by 优秀, one below is 部分达成, two below 未达成.
    assert_eq!(one("良好以上", "优秀", &top).score, Some(d("8.00")));
    assert_eq!(one("良好以上", "合格", &top).score, Some(d("6.40")));
    assert_eq!(one("良好以上", "不合格", &top).score, Some(d("4.80")));
    // The actual restating the target is achieved; its formula names the band.
    let s = one("群众法律意识进一步增强", "群众法律意识进一步增强。", &top);
    assert_eq!(s.score, Some(d("8.00")));
    assert!(s.formula.ends_with("达成（80–100%，取 100%）× 8.00"), "{}", s.formula);
}

#[test]
fn default_weights_split_each_category_and_rescale_what_does_not_apply() {
    let p = Policy::default();
    let inds = [
        ind("a", Level1::Output, "≥10次", "10次", None),
        ind("b", Level1::Output, "≥10次", "5次", None),
        ind("c", Level1::Output, "≥10次", "不适用", None),
        ind("d", Level1::Outcome, "≥90%", "90%", None),
        ind("e", Level1::Satisfaction, "≥90%", "81%", None),
        ind("f", Level1::Cost, "≤100万元", "100万元", None),
    ];
    let e = evaluate(&inds, execution(Some(d("100")), Some(d("95")), &p), &p);
    // Output 50 over a, b and f (cost counts with output), c dropped: 16.67 each.
    let w: Vec<Decimal> = e.indicators.iter().map(|s| s.weight).collect();
    assert_eq!(w, [d("16.67"), d("16.67"), d("0"), d("30.00"), d("10.00"), d("16.67")]);
    assert_eq!(e.indicators[2].score, None);
    assert_eq!(e.indicators[0].formula, "权重 16.67 = 产出指标 50 ÷ 3 项；得分 16.67 = min(实际 10 ÷ 目标 10, 1) × 16.67");
    // a 16.67 + b 8.33 + f 16.67 + d 30 + e 9 + execution 9.5 = 90.17.
    let s: Vec<Option<Decimal>> = e.indicators.iter().map(|s| s.score).collect();
    assert_eq!(s, [Some(d("16.67")), Some(d("8.33")), None, Some(d("30.00")), Some(d("9.00")), Some(d("16.67"))]);
    assert_eq!(e.execution.score, Some(d("9.50")));
    assert_eq!(e.total, d("90.17"));
    assert_eq!(e.grade, Rating::Excellent);
}

#[test]
fn printed_weights_are_kept_and_rescaled_within_their_category() {
    let p = Policy::default();
    let inds = [
        ind("a", Level1::Output, "≥10次", "10次", Some("20")),
        ind("b", Level1::Output, "≥10次", "不适用", Some("10")),
        ind("c", Level1::Output, "≥10次", "10次", Some("20")),
        ind("d", Level1::Outcome, "≥90%", "90%", Some("30")),
        ind("e", Level1::Satisfaction, "≥90%", "90%", Some("10")),
    ];
    let e = evaluate(&inds, execution(Some(d("100")), Some(d("100")), &p), &p);
    // Output 50 printed; 40 of it applies: a and c become 25 each.
    assert_eq!(e.indicators[0].weight, d("25.00"));
    assert_eq!(e.indicators[0].formula, "权重 25.00 = 表列分值 20 × 产出指标 50 ÷ 适用指标分值合计 40；得分 25.00 = min(实际 10 ÷ 目标 10, 1) × 25.00");
    assert_eq!(e.indicators[3].formula, "权重 30.00（表列分值）；得分 30.00 = min(实际 90 ÷ 目标 90, 1) × 30.00");
    assert_eq!(e.total, d("100.00"));
}

#[test]
fn a_category_without_indicators_gives_its_points_to_the_others() {
    let p = Policy::default();
    // No satisfaction indicator: output 50 and outcome 30 share 90 as 56.25 and 33.75.
    let inds = [ind("a", Level1::Output, "≥10次", "10次", None), ind("d", Level1::Outcome, "≥90%", "90%", None)];
    let e = evaluate(&inds, execution(Some(d("10")), Some(d("10")), &p), &p);
    assert_eq!(e.indicators[0].weight, d("56.25"));
    assert_eq!(e.indicators[1].weight, d("33.75"));
    assert_eq!(e.total, d("100.00"));
}

#[test]
fn execution_over_the_budget_scores_full_and_no_more() {
    let p = Policy::default();
    let e = execution(Some(d("200")), Some(d("230")), &p);
    assert_eq!(e.score, Some(d("10.00")));
    assert_eq!(e.rate, Some(d("1.15")));
    assert_eq!(e.formula, "得分 10.00 = min(执行数 230 ÷ 全年预算数 200, 1) × 10（执行率 115%）");
    // 87.5 %: 8.75.
    assert_eq!(execution(Some(d("200")), Some(d("175")), &p).score, Some(d("8.75")));
    // Without a budget: not scored, and the indicators count for 100.
    let none = execution(None, Some(d("1")), &p);
    assert_eq!(none.score, None);
    let e = evaluate(&[ind("a", Level1::Output, "≥10次", "10次", None)], none, &p);
    assert_eq!(e.indicators[0].weight, d("100.00"));
}

#[test]
fn grades_at_each_boundary() {
    assert_eq!(Rating::of(d("100")), Rating::Excellent);
    assert_eq!(Rating::of(d("90")), Rating::Excellent);
    assert_eq!(Rating::of(d("89.99")), Rating::Good);
    assert_eq!(Rating::of(d("80")), Rating::Good);
    assert_eq!(Rating::of(d("79.99")), Rating::Fair);
    assert_eq!(Rating::of(d("60")), Rating::Fair);
    assert_eq!(Rating::of(d("59.99")), Rating::Poor);
    assert_eq!(Rating::of(d("0")), Rating::Poor);
    assert_eq!(Rating::Good.name_zh(), "良");
}

#[test]
fn actual_values_are_read_from_what_tables_print() {
    assert_eq!(Actual::read("98.5%"), Actual::Number(d("98.5")));
    assert_eq!(Actual::read("1,200人次"), Actual::Number(d("1200")));
    assert_eq!(Actual::read("不适用"), Actual::NotApplicable);
    assert_eq!(Actual::read(""), Actual::Missing);
    assert_eq!(Actual::read("已完成"), Actual::Achievement(Achievement::Achieved, None));
    assert_eq!(Actual::read("未完成"), Actual::Achievement(Achievement::NotAchieved, None));
    assert_eq!(Actual::read("基本完成"), Actual::Achievement(Achievement::Partly, None));
    assert_eq!(Actual::read("良好"), Actual::Grade(Grade::Good));
}

#[test]
fn a_total_keeps_its_parts_in_its_formula() {
    let p = Policy::default();
    let e = evaluate(&[ind("a", Level1::Output, "≥10次", "9次", None)], execution(Some(d("10")), Some(d("10")), &p), &p);
    // Output alone takes all 90: 0.9 × 90 = 81; + 10 = 91.
    assert_eq!(e.total, d("91.00"));
    assert_eq!(e.formula, "总分 91.00 = 预算执行 10.00 + 1 项指标得分之和 81.00");
}
