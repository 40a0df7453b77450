//! Made-up clean tables for the rule tests: every rule stays silent on them, and
//! each rule's test breaks one thing and expects its finding.

use super::{review, Finding, RuleConfig};
use crate::model::*;
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn ind(seq: Option<i64>, l1: (&str, &str), l2: (&str, &str), name: &str, value: &str) -> Indicator {
    Indicator {
        seq,
        level1_code: Some(l1.0.into()).filter(|s: &String| !s.is_empty()),
        level1: Some(l1.1.into()),
        level2_code: Some(l2.0.into()).filter(|s: &String| !s.is_empty()),
        level2: Some(l2.1.into()),
        name: name.into(),
        period_value: Some(value.into()),
        annual_value: Some(value.into()),
        ..Default::default()
    }
}

fn amounts(total: &str) -> Amounts {
    Amounts { total: Some(dec(total)), fiscal: Some(dec(total)), special_account: None, other: None }
}

/// A project table of a made-up bureau, 2024, two projects, all in order.
pub fn clean_project() -> Document {
    let a = Project {
        name: "甲项目".into(),
        amounts: amounts("50.00"),
        goal: Some("组织培训和宣传活动，提高服务对象的法律知识水平。".into()),
        indicators: vec![
            ind(Some(1), ("1", "产出指标"), ("11", "数量指标"), "举办培训班次数", "不少于4次"),
            ind(Some(2), ("1", "产出指标"), ("12", "质量指标"), "培训考核合格率", "≥90%"),
            ind(Some(3), ("4", "成本指标"), ("41", "经济成本"), "人均培训成本", "≤300元/人"),
            ind(Some(4), ("2", "效益指标"), ("22", "社会效益"), "服务对象知识测试平均分", "≥80分"),
            ind(Some(5), ("3", "满意度指标"), ("31", "服务对象满意度"), "参训人员满意度", "≥90%"),
        ],
    };
    let b = Project {
        name: "乙项目".into(),
        amounts: amounts("30.50"),
        goal: Some("维护办公设备，保障日常运转。".into()),
        indicators: vec![
            ind(Some(1), ("1", "产出指标"), ("11", "数量指标"), "维护设备台数", "不少于120台"),
            ind(Some(2), ("1", "产出指标"), ("13", "时效指标"), "故障响应时间", "2个工作日内"),
            ind(Some(3), ("4", "成本指标"), ("41", "经济成本"), "单台维护费用", "不超过2000元"),
            ind(Some(4), ("2", "效益指标"), ("22", "社会效益"), "设备完好率", "≥95%"),
            ind(Some(5), ("3", "满意度指标"), ("31", "服务对象满意度"), "使用人员满意度", "≥85%"),
        ],
    };
    Document {
        source: "made-up.txt".into(),
        title: Some("某某局2024年项目支出绩效目标表".into()),
        department: "某某局".into(),
        year: Some(2024),
        money_unit: "万元".into(),
        body: Body::Project(ProjectTable {
            totals: amounts("80.50"),
            units: vec![Unit { name: "某某局".into(), amounts: amounts("80.50"), projects: vec![a, b] }],
        }),
    }
}

/// A department table of a made-up bureau, 2024, one annual plan.
pub fn clean_department() -> Document {
    let mut t1 = Task::new(TaskGroup::Key, "开展普法宣传");
    t1.content = Some("组织宪法宣传周活动。".into());
    t1.goal = Some("全年开展宣传活动不少于10场。".into());
    t1.amount = Some(dec("30"));
    let mut t2 = Task::new(TaskGroup::Key, "办理法律援助案件");
    t2.content = Some("受理并指派法律援助案件。".into());
    t2.goal = Some("符合条件的申请100%受理。".into());
    t2.amount = Some(dec("20"));
    let plan = Plan {
        horizon: Horizon::Annual,
        goal: Some("做好普法和法律援助工作。".into()),
        tasks: vec![t1, t2],
        indicators: vec![
            ind(None, ("", "产出指标"), ("", "数量指标"), "宣传活动场次", "≥10场"),
            ind(None, ("", "产出指标"), ("", "质量指标"), "援助案件结案率", "≥95%"),
            ind(None, ("", "成本指标"), ("", "经济成本"), "人均办案补贴", "≤3000元"),
            ind(None, ("", "效益指标"), ("", "社会效益"), "群众法律知识知晓率", "≥80%"),
            ind(None, ("", "满意度指标"), ("", "服务对象满意度"), "受援人满意度", "≥90%"),
        ],
    };
    Document {
        source: "made-up-dept.txt".into(),
        title: Some("某某局2024年部门整体支出绩效目标表".into()),
        department: "某某局".into(),
        year: Some(2024),
        money_unit: "万元".into(),
        body: Body::Department(DepartmentTable {
            figures: vec![
                Figure { label: "基本支出".into(), value: dec("100") },
                Figure { label: "项目支出".into(), value: dec("50") },
                Figure { label: "财政拨款".into(), value: dec("150") },
            ],
            functions: None,
            plans: vec![plan],
        }),
    }
}

/// Changes the `i`-th project of a project table.
pub fn with_project(doc: &mut Document, i: usize, f: impl FnOnce(&mut Project)) {
    if let Body::Project(t) = &mut doc.body {
        f(&mut t.units[0].projects[i]);
    }
}

/// Changes the project table.
pub fn with_table(doc: &mut Document, f: impl FnOnce(&mut ProjectTable)) {
    if let Body::Project(t) = &mut doc.body {
        f(t);
    }
}

/// Changes the department table.
pub fn with_dept(doc: &mut Document, f: impl FnOnce(&mut DepartmentTable)) {
    if let Body::Department(t) = &mut doc.body {
        f(t);
    }
}

/// The findings of one rule.
pub fn findings_of(doc: &Document, rule: &str) -> Vec<Finding> {
    review(doc, &RuleConfig::default()).into_iter().filter(|f| f.rule == rule).collect()
}

/// Findings as text, for assertion messages.
pub fn describe(f: &[Finding]) -> String {
    f.iter().map(|x| format!("{} {} {}\n", x.rule, x.place, x.message)).collect()
}

/// Asserts that a rule fires on `doc` and not on the clean table it was made from.
pub fn assert_fires(doc: &Document, rule: &str) -> Vec<Finding> {
    let f = findings_of(doc, rule);
    assert!(!f.is_empty(), "{rule} did not fire; all findings:\n{}", describe(&review(doc, &RuleConfig::default())));
    f
}

/// Asserts that a rule is silent on `doc`.
pub fn assert_silent(doc: &Document, rule: &str) {
    let f = findings_of(doc, rule);
    assert!(f.is_empty(), "{rule} fired:\n{}", describe(&f));
}
