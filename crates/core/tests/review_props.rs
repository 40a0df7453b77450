//! The review never panics, whatever the document holds, and is deterministic.

use jixiao_core::review::{review, RuleConfig};
use jixiao_core::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Text made of the pieces targets are made of, and anything else.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("不少于".to_string()),
        Just("≥".to_string()),
        Just("%".to_string()),
        Just("万元".to_string()),
        Just("元".to_string()),
        Just("年".to_string()),
        Just("率".to_string()),
        Just("满意度".to_string()),
        Just("(%)".to_string()),
        Just("不断提升".to_string()),
        Just(",".to_string()),
        Just("，".to_string()),
        Just("2020年".to_string()),
        Just("1038,8772".to_string()),
        "[0-9]{1,6}",
        "[0-9.,]{1,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn amount() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![Just(None), (-1_000_000i64..100_000_000i64).prop_map(|n| Some(Decimal::new(n, 2)))]
}

fn indicator() -> impl Strategy<Value = Indicator> {
    (
        prop::option::of(-3i64..2_000_000_000),
        prop::option::of(prop_oneof![Just("产出指标".to_string()), Just("效益指标".to_string()), Just("质量指标".to_string()), text()]),
        prop::option::of("[0-9]{0,3}"),
        prop::option::of(prop_oneof![Just("数量指标".to_string()), Just("社会效益".to_string()), Just("效益指标".to_string()), text()]),
        prop::option::of("[0-9]{0,3}"),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(prop_oneof![Just(">=".to_string()), Just("=".to_string()), text()]),
        prop::option::of(prop_oneof![Just("%".to_string()), text()]),
    )
        .prop_map(|(seq, level1, level1_code, level2, level2_code, name, period_value, annual_value, comparator, unit)| Indicator {
            seq,
            level1,
            level1_code,
            level2,
            level2_code,
            name,
            period_value,
            annual_value,
            comparator,
            unit,
            ..Default::default()
        })
}

fn amounts() -> impl Strategy<Value = Amounts> {
    (amount(), amount(), amount(), amount()).prop_map(|(total, fiscal, special_account, other)| Amounts { total, fiscal, special_account, other })
}

fn project_doc() -> impl Strategy<Value = Document> {
    let project = (text(), amounts(), prop::option::of(text()), prop::collection::vec(indicator(), 0..6))
        .prop_map(|(name, amounts, goal, indicators)| Project { name, amounts, goal, indicators });
    let unit = (text(), amounts(), prop::collection::vec(project, 0..4)).prop_map(|(name, amounts, projects)| Unit { name, amounts, projects });
    (prop::option::of(1990i32..2100), prop_oneof![Just("万元".to_string()), Just("元".to_string()), text()], amounts(), prop::collection::vec(unit, 0..3))
        .prop_map(|(year, money_unit, totals, units)| Document {
            source: "p.txt".into(),
            title: None,
            department: "某局".into(),
            year,
            money_unit,
            body: Body::Project(ProjectTable { totals, units }),
        })
}

fn department_doc() -> impl Strategy<Value = Document> {
    let figure = (prop_oneof![Just("基本支出".to_string()), Just("项目支出".to_string()), Just("财政拨款".to_string()), Just("总额".to_string()), text()], -1_000_000i64..100_000_000)
        .prop_map(|(label, v)| Figure { label, value: Decimal::new(v, 2) });
    let task = (text(), prop::option::of(text()), prop::option::of(text()), amount(), prop::collection::vec(indicator(), 0..3))
        .prop_map(|(name, content, goal, amount, indicators)| Task { group: TaskGroup::Key, name, content, goal, amount, indicators, projects: vec![] });
    let plan = (prop::option::of(text()), prop::collection::vec(task, 0..3), prop::collection::vec(indicator(), 0..6))
        .prop_map(|(goal, tasks, indicators)| Plan { horizon: Horizon::Annual, goal, tasks, indicators });
    (prop::option::of(1990i32..2100), prop::collection::vec(figure, 0..6), prop::collection::vec(plan, 0..2)).prop_map(|(year, figures, plans)| Document {
        source: "d.txt".into(),
        title: None,
        department: "某局".into(),
        year,
        money_unit: "万元".into(),
        body: Body::Department(DepartmentTable { figures, functions: None, plans }),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn project_tables_never_panic(doc in project_doc()) {
        let a = review(&doc, &RuleConfig::default());
        let b = review(&doc, &RuleConfig::default());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn department_tables_never_panic(doc in department_doc()) {
        let _ = review(&doc, &RuleConfig::default());
    }
}
