//! Worked examples of the warning rules, computed by hand.

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn progress(name: &str, target: &str, actual: &str, expected: &str, likelihood: Option<Likelihood>) -> Progress {
    Progress {
        name: name.into(),
        target: target.into(),
        actual: Actual::read_for(actual, target),
        expected: Actual::read_for(expected, target),
        likelihood,
    }
}

#[test]
fn execution_is_compared_with_the_share_of_the_year() {
    let p = WarningPolicy::default();
    // Through July 7/12 = 58.33 % is due.
    // 50 of 100: 8.33 behind → green.
    let s = execution_light(Some(d("100")), Some(d("50")), 7, &p);
    assert_eq!(s.light, Light::Green, "{}", s.reason);
    // 45: 13.33 behind → yellow.
    let s = execution_light(Some(d("100")), Some(d("45")), 7, &p);
    assert_eq!(s.light, Light::Yellow, "{}", s.reason);
    assert!(s.reason.contains("落后 13.33 个百分点 > 10"), "{}", s.reason);
    // 31 of 100: 27.33 behind → red.
    let s = execution_light(Some(d("100")), Some(d("31")), 7, &p);
    assert_eq!(s.light, Light::Red);
    assert!(s.reason.contains("应达 58.33%"), "{}", s.reason);
    // Exactly 20 behind is still yellow (more than 20 is red): June 50 %, 30 executed.
    assert_eq!(execution_light(Some(d("200")), Some(d("60")), 6, &p).light, Light::Yellow);
    // Nothing reported, or no budget: grey.
    assert_eq!(execution_light(Some(d("100")), None, 7, &p).light, Light::Grey);
    assert_eq!(execution_light(Some(d("0")), Some(d("3")), 7, &p).light, Light::Grey);
}

#[test]
fn a_regional_schedule_replaces_the_share_of_the_year() {
    let p = WarningPolicy {
        yellow_behind: d("0"),
        red_behind: d("10"),
        schedule: [(4, "25"), (6, "40"), (8, "60"), (10, "80")].map(|(m, r)| Checkpoint { month: m, rate: d(r) }).to_vec(),
    };
    p.check().unwrap();
    // Through July the June checkpoint (40 %) applies.
    assert_eq!(p.expected_execution(7).0, d("40"));
    assert_eq!(execution_light(Some(d("100")), Some(d("41")), 7, &p).light, Light::Green);
    assert_eq!(execution_light(Some(d("100")), Some(d("35")), 7, &p).light, Light::Yellow);
    assert_eq!(execution_light(Some(d("100")), Some(d("29")), 7, &p).light, Light::Red);
    // Before the first checkpoint nothing is due.
    assert_eq!(execution_light(Some(d("100")), Some(d("0")), 3, &p).light, Light::Green);
    // Nonsense policies are refused in Chinese.
    let bad = WarningPolicy { yellow_behind: d("20"), red_behind: d("10"), schedule: vec![] };
    assert!(bad.check().unwrap_err().contains("红色"));
    let bad = WarningPolicy { schedule: vec![Checkpoint { month: 6, rate: d("40") }, Checkpoint { month: 4, rate: d("25") }], ..Default::default() };
    assert!(bad.check().is_err());
}

#[test]
fn counts_build_up_with_the_year_and_rates_hold_at_any_time() {
    let (w, s) = (WarningPolicy::default(), Policy::default());
    // 培训 12 次 through July: 58.33 % due; 5 done = 41.67 % → 16.67 behind → yellow.
    let sig = indicator_light(&progress("培训次数", "≥12次", "5", "", None), 7, &w, &s);
    assert_eq!(sig.light, Light::Yellow, "{}", sig.reason);
    // 7 done = 58.33 % → green.
    assert_eq!(indicator_light(&progress("培训次数", "≥12次", "7", "", None), 7, &w, &s).light, Light::Green);
    // A rate is due in full: 72 % against ≥90 % = 80 % of the target → 20 behind → yellow; 70 → 22.2 → red.
    assert_eq!(indicator_light(&progress("调解成功率", "≥90%", "72%", "", None), 7, &w, &s).light, Light::Yellow);
    assert_eq!(indicator_light(&progress("调解成功率", "≥90%", "70%", "", None), 7, &w, &s).light, Light::Red);
    // A time limit (lower is better): 20 days against ≤15 → 75 % → 25 behind → red.
    let sig = indicator_light(&progress("办结时限", "≤15个工作日", "20", "", None), 7, &w, &s);
    assert_eq!(sig.light, Light::Red, "{}", sig.reason);
    // Nothing reported: grey.
    assert_eq!(indicator_light(&progress("培训次数", "≥12次", "", "", None), 7, &w, &s).light, Light::Grey);
}

#[test]
fn the_forecast_and_the_likelihood_can_only_raise_a_light() {
    let (w, s) = (WarningPolicy::default(), Policy::default());
    // On time so far, but the full-year forecast of 8 of 12 (66.67 %) → red.
    let sig = indicator_light(&progress("培训次数", "≥12次", "7", "8", None), 7, &w, &s);
    assert_eq!(sig.light, Light::Red, "{}", sig.reason);
    assert!(sig.reason.contains("全年预计"), "{}", sig.reason);
    // 完全不可能 is red whatever the figures.
    assert_eq!(indicator_light(&progress("培训次数", "≥12次", "7", "12", Some(Likelihood::Impossible)), 7, &w, &s).light, Light::Red);
    // 有可能 is at least yellow.
    assert_eq!(indicator_light(&progress("培训次数", "≥12次", "7", "12", Some(Likelihood::Possible)), 7, &w, &s).light, Light::Yellow);
    assert_eq!(indicator_light(&progress("培训次数", "≥12次", "7", "12", Some(Likelihood::Certain)), 7, &w, &s).light, Light::Green);
    // A qualitative target judged 部分达成 (60–80 %, top 80 %): 20 behind → yellow.
    assert_eq!(indicator_light(&progress("制度建设", "健全完善", "部分完成", "", None), 7, &w, &s).light, Light::Yellow);
}

#[test]
fn the_worst_light_wins_and_words_are_read() {
    let sigs = [Signal::new(Light::Green, ""), Signal::new(Light::Red, ""), Signal::new(Light::Grey, "")];
    assert_eq!(worst(&sigs), Light::Red);
    assert_eq!(worst(&[]), Light::Grey);
    assert_eq!(Likelihood::read("完全不可能"), Some(Likelihood::Impossible));
    assert_eq!(Likelihood::read(" 有可能"), Some(Likelihood::Possible));
    assert_eq!(Likelihood::read("确定能"), Some(Likelihood::Certain));
    assert_eq!(Likelihood::read(""), None);
    assert_eq!(Cause::read("经费"), Some(Cause::Funding));
    assert_eq!(Cause::read("硬件条件保障"), Some(Cause::Equipment));
    assert_eq!(Cause::read("staffing"), Some(Cause::Staffing));
    assert_eq!(Cause::read("天气"), None);
}

#[test]
fn stored_keys_round_trip() {
    for l in [Light::Grey, Light::Green, Light::Yellow, Light::Red] {
        assert_eq!(Light::from_key(l.key()), l);
    }
    assert_eq!(Light::from_key("purple"), Light::Grey);
    for l in [Likelihood::Certain, Likelihood::Possible, Likelihood::Impossible] {
        assert_eq!(Likelihood::read(l.key()), Some(l));
    }
    assert_eq!(Cause::names_zh(&["funding".into(), "weather".into()]), ["经费保障", "weather"]);
}
