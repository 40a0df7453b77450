//! The self-evaluation table (项目支出绩效自评表) as a sheet: a department
//! summary (each project's budget, execution, total and grade, and the
//! department's score), then per project its budget execution and indicators,
//! each score with the formula that produced it.

use super::write::{OutCell, Sheet, Style};
use jixiao_core::score::{show, Evaluation};
use rust_decimal::Decimal;

/// What the heading of a self-evaluation sheet says.
pub struct Heading<'a> {
    /// 部门名称.
    pub department: &'a str,
    /// The year evaluated.
    pub year: Option<i32>,
    /// The period the actual values cover (`1–12月`).
    pub period: &'a str,
    /// The money unit of the amounts.
    pub money_unit: &'a str,
}

/// The department's score line.
pub struct DepartmentScore<'a> {
    /// Its score.
    pub score: Decimal,
    /// Its grade (优/良/中/差).
    pub grade: &'a str,
    /// How it came about.
    pub formula: &'a str,
}

const WIDTH: usize = 7;

fn t(s: impl Into<String>) -> OutCell {
    OutCell::text(s, Style::Text)
}

fn label(s: &str) -> OutCell {
    OutCell::text(s, Style::Label)
}

fn score_cell(x: Option<Decimal>) -> OutCell {
    match x {
        Some(d) => OutCell { text: format!("{:.2}", d), number: Some(d), style: Style::Number },
        None => OutCell::text("—", Style::Number),
    }
}

fn percent(rate: Option<Decimal>) -> String {
    rate.map(|r| format!("{}%", show((r * Decimal::from(100)).round_dp(2)))).unwrap_or_default()
}

/// The sheet of a department's projects scored.
pub fn sheet(h: &Heading, projects: &[(&str, &Evaluation)], department: &DepartmentScore) -> Sheet {
    let mut s = Sheet::new("绩效自评", WIDTH);
    s.widths = vec![16.0, 24.0, 16.0, 14.0, 9.0, 9.0, 48.0];
    s.repeat = (0, 2);
    let year = h.year.map(|y| format!("{y}年度")).unwrap_or_default();
    let r = s.push(vec![OutCell::text(format!("{year}项目支出绩效自评表"), Style::Title)]);
    s.merge(r, 0, 1, WIDTH);
    let mut note = vec![OutCell::empty(Style::Note); WIDTH];
    note[0].text = format!("部门名称：{}", h.department);
    note[3].text = format!("自评期间：{}", h.period);
    note[WIDTH - 1].text = format!("单位：{}", h.money_unit);
    let r = s.push(note);
    s.merge(r, 0, 1, 3);
    s.merge(r, 3, 1, 3);
    // The summary.
    s.push(["项目名称", "全年预算数", "全年执行数", "执行率", "总分", "等级", "说明"].iter().map(|x| OutCell::text(*x, Style::Head)).collect());
    for (name, e) in projects {
        s.push(vec![
            t(*name),
            OutCell::amount(e.execution.budget),
            OutCell::amount(e.execution.executed),
            t(percent(e.execution.rate)),
            score_cell(Some(e.total)),
            t(e.grade.name_zh()),
            t(e.formula.clone()),
        ]);
    }
    let r = s.push(vec![label("部门得分"), OutCell::empty(Style::Text), OutCell::empty(Style::Text), OutCell::empty(Style::Text), score_cell(Some(department.score)), t(department.grade), t(department.formula)]);
    s.merge(r, 0, 1, 4);
    // Each project.
    for (name, e) in projects {
        let r = s.push(vec![OutCell::text(format!("项目名称：{name}"), Style::Head)]);
        s.merge(r, 0, 1, WIDTH);
        s.push(["预算执行情况", "全年预算数", "全年执行数", "执行率", "分值", "得分", "计分方法"].iter().map(|x| label(x)).collect());
        let x = &e.execution;
        s.push(vec![
            t("预算执行率"),
            OutCell::amount(x.budget),
            OutCell::amount(x.executed),
            t(percent(x.rate)),
            score_cell(Some(x.weight)),
            score_cell(x.score),
            t(x.formula.clone()),
        ]);
        s.push(["一级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "计分方法"].iter().map(|x| label(x)).collect());
        for i in &e.indicators {
            s.push(vec![
                t(i.category.name_zh()),
                t(i.name.clone()),
                t(i.target.clone()),
                t(if i.actual.is_empty() { "未填报".to_string() } else { i.actual.clone() }),
                score_cell(Some(i.weight)),
                score_cell(i.score),
                t(i.formula.clone()),
            ]);
        }
        let r = s.push(vec![label("总分"), score_cell(Some(e.total)), label("等级"), t(e.grade.name_zh()), t(e.formula.clone())]);
        s.merge(r, 4, 1, 3);
    }
    s
}
