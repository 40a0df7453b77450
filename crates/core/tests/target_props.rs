//! Property tests of the target grammar: (comparator, number, unit) triples
//! written in every phrasing of the spec parse back to themselves; arbitrary
//! strings never panic.

use jixiao_core::target::{direction, parse_target, parse_target_columns, Op, Target};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The phrasings of each comparator: text before and after the number+unit.
fn phrasings(op: Op) -> &'static [(&'static str, &'static str)] {
    match op {
        Op::Ge => &[
            ("不少于", ""),
            ("不低于", ""),
            ("不小于", ""),
            ("大于等于", ""),
            ("大于或等于", ""),
            ("至少", ""),
            ("≥", ""),
            (">=", ""),
            ("达到", ""),
            ("达", ""),
            ("", "以上"),
            ("", "及以上"),
            ("不得低于", ""),
            ("达到", "以上"),
        ],
        Op::Gt => &[("超过", ""), ("高于", ""), ("大于", ""), (">", ""), ("＞", "")],
        Op::Le => &[
            ("不超过", ""),
            ("不高于", ""),
            ("不大于", ""),
            ("小于等于", ""),
            ("≤", ""),
            ("<=", ""),
            ("", "以内"),
            ("", "内"),
            ("", "以下"),
            ("不得超过", ""),
        ],
        Op::Lt => &[("低于", ""), ("少于", ""), ("小于", ""), ("不满", ""), ("<", "")],
        Op::Eq => &[("", ""), ("为", ""), ("等于", ""), ("=", ""), ("＝", "")],
    }
}

const UNITS: &[Option<&str>] = &[
    None,
    Some("%"),
    Some("次"),
    Some("件"),
    Some("个工作日"),
    Some("小时"),
    Some("元/人年"),
    Some("人次"),
    Some("场次"),
    Some("万元"),
    Some("天"),
    Some("个"),
    Some("篇"),
    Some("人"),
    Some("分"),
    Some("日"),
    Some("个月"),
    Some("期"),
    Some("家"),
    Some("份"),
    Some("件次"),
    Some("次/年"),
];

/// Units after which a Chinese numeral is a count.
const CHINESE_UNITS: &[&str] = &["次", "件", "个", "天", "人", "名", "场", "家", "篇", "份", "项", "个工作日", "小时", "个月", "人次"];

/// Context printed before the comparator (never a number).
const CONTEXTS: &[&str] = &["", "全年", "每月", "调解成功率", "服务对象满意度", "全年化解矛盾纠纷", "案件办结时限", "每季度开展普法宣传"];

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![Just(Op::Ge), Just(Op::Gt), Just(Op::Le), Just(Op::Lt), Just(Op::Eq)]
}

/// A number and how it is printed: plain, with thousands separators, or in full-width digits.
fn number_strategy() -> impl Strategy<Value = (Decimal, String)> {
    (0u32..2_000_000, 0u32..3, 0u32..3).prop_map(|(m, scale, style)| {
        let value = Decimal::new(i64::from(m), scale).normalize();
        let plain = value.to_string();
        let printed = match style {
            1 => with_thousands(&plain),
            2 => plain
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                    '.' => '．',
                    _ => c,
                })
                .collect(),
            _ => plain,
        };
        (value, printed)
    })
}

fn with_thousands(plain: &str) -> String {
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain, None),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (k, c) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(*c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Writes n (1..=99999) in Chinese numerals.
fn chinese(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const P: [(u32, char); 4] = [(10_000, '万'), (1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    let mut zero = false;
    for (place, word) in P {
        let d = rest / place;
        rest %= place;
        if d > 0 {
            if zero {
                out.push('零');
                zero = false;
            }
            if !(place == 10 && d == 1 && out.is_empty()) {
                out.push(D[d as usize]);
            }
            out.push(word);
        } else if !out.is_empty() {
            zero = true;
        }
    }
    if rest > 0 {
        if zero {
            out.push('零');
        }
        out.push(D[rest as usize]);
    }
    out
}

fn quantitative(op: Op, value: Decimal, unit: Option<&str>) -> Target {
    Target::Quantitative { op, value, unit: unit.map(str::to_string) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn triples_parse_back(op in op_strategy(), (value, printed) in number_strategy(),
                          u in 0..UNITS.len(), p in 0usize..16, c in 0..CONTEXTS.len()) {
        let unit = UNITS[u];
        let forms = phrasings(op);
        let (before, after) = forms[p % forms.len()];
        let text = format!("{}{before}{printed}{}{after}", CONTEXTS[c], unit.unwrap_or(""));
        let want = quantitative(op, value, unit);
        prop_assert_eq!(parse_target(&text), want.clone(), "text {}", text);
        // The same value printed in three cells.
        if after.is_empty() && !before.is_empty() {
            let cells = parse_target_columns(Some(before), &printed, unit);
            prop_assert_eq!(cells, want, "cells {} | {} | {:?}", before, printed, unit);
        }
    }

    #[test]
    fn chinese_numerals_parse_back(op in op_strategy(), n in 1u32..100_000, u in 0..CHINESE_UNITS.len(), p in 0usize..16) {
        let unit = CHINESE_UNITS[u];
        let forms = phrasings(op);
        let (before, after) = forms[p % forms.len()];
        let text = format!("{before}{}{unit}{after}", chinese(n));
        prop_assert_eq!(parse_target(&text), quantitative(op, Decimal::from(n), Some(unit)), "text {}", text);
    }

    #[test]
    fn conditions_and_alternatives(a in op_strategy(), (v1, p1) in number_strategy(), (v2, p2) in number_strategy(),
                                   u1 in 1..UNITS.len(), u2 in 1..UNITS.len(), p in 0usize..16, sep in 0usize..4) {
        let (unit1, unit2) = (UNITS[u1], UNITS[u2]);
        let forms = phrasings(a);
        let (before, after) = forms[p % forms.len()];
        let first = format!("甲项{before}{p1}{}{after}", unit1.unwrap_or(""));
        let second = format!("乙项{before}{p2}{}{after}", unit2.unwrap_or(""));
        let joined = format!("{first}{}{second}", ["，", ",", "；", ";"][sep]);
        let want = Target::All { parts: vec![quantitative(a, v1, unit1), quantitative(a, v2, unit2)] };
        prop_assert_eq!(parse_target(&joined), want, "text {}", joined);
        // 或 between two numbers under one comparator.
        if after.is_empty() {
            let alt = format!("{before}{p1}{}或{p2}{}", unit1.unwrap_or(""), unit2.unwrap_or(""));
            let want = Target::Any { parts: vec![quantitative(a, v1, unit1), quantitative(a, v2, unit2)] };
            prop_assert_eq!(parse_target(&alt), want, "text {}", alt);
        }
    }

    #[test]
    fn ranges_parse_back(lo in 0u32..1000, span in 1u32..1000, u in 1..UNITS.len(), sep in 0usize..4) {
        let unit = UNITS[u].unwrap_or("");
        let hi = lo + span;
        let text = format!("{lo}{unit}{}{hi}{unit}", ["-", "至", "~", "～"][sep]);
        let want = Target::Range { min: Decimal::from(lo), max: Decimal::from(hi), unit: UNITS[u].map(str::to_string) };
        prop_assert_eq!(parse_target(&text), want, "text {}", text);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,60}") {
        let t = parse_target(&s);
        let _ = direction(&t, &s);
        let _ = t.is_measurable();
        let _ = parse_target_columns(Some(&s), &s, Some(&s));
    }

    #[test]
    fn grammar_soup_never_panics(s in "[0-9０-９.,，；;%％()（）“”《》\\-~～至到或以上内下不少于超过低高为年月日号个次万亿千百分之一二两十零〇第每满余多元/人: ]{0,50}") {
        let t = parse_target(&s);
        let _ = direction(&t, "");
        let json = serde_json::to_string(&t);
        prop_assert!(json.is_ok());
    }
}

#[test]
fn chinese_writer() {
    assert_eq!(chinese(12), "十二");
    assert_eq!(chinese(120), "一百二十");
    assert_eq!(chinese(3500), "三千五百");
    assert_eq!(chinese(105), "一百零五");
    assert_eq!(chinese(10_010), "一万零一十");
}
