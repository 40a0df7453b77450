//! Evaluating a filled self-evaluation table (自评表): every score recomputed
//! with jixiao's rules (`jixiao_core::score`) and set beside the printed one.
//! `jixiao evaluate` prints it; the JSON shape is the one the issue names.

use jixiao_core::score::{self, Actual, IndicatorInput, Policy};
use jixiao_ingest::grid::{Cell, Grid};
use jixiao_ingest::selfeval::{self, SelfEvalTable};
use jixiao_ingest::ParseError;
use rust_decimal::Decimal;
use serde::Serialize;

/// One indicator: printed and recomputed.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    /// 三级指标.
    pub name: String,
    /// 年度指标值 as printed.
    pub target: String,
    /// 实际完成值 as printed.
    pub actual: String,
    /// The weight it was scored out of.
    pub weight: Decimal,
    /// The score printed.
    pub printed_score: Option<Decimal>,
    /// jixiao's score (`None`: does not apply).
    pub score: Option<Decimal>,
    /// How jixiao's score came about.
    pub formula: String,
}

/// Budget execution: printed and recomputed.
#[derive(Debug, Clone, Serialize)]
pub struct ExecutionLine {
    /// 全年预算数 (or 年初预算数 where no full-year budget is printed).
    pub budget: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// Execution rate in percent, two decimals.
    pub rate: Option<Decimal>,
    /// Its points.
    pub weight: Decimal,
    /// The score printed.
    pub printed_score: Option<Decimal>,
    /// jixiao's score.
    pub score: Option<Decimal>,
    /// How jixiao's score came about.
    pub formula: String,
}

/// A place where the printed score disagrees with the rules.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// The indicator (or 预算执行, 总分).
    pub name: String,
    /// The score printed.
    pub printed_score: Decimal,
    /// jixiao's score.
    pub score: Decimal,
    /// Why they differ.
    pub reason: String,
}

/// A self-evaluation table evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationReport {
    /// The file.
    pub source: String,
    /// 项目名称, if printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Every indicator.
    pub indicators: Vec<IndicatorLine>,
    /// Budget execution.
    pub execution: ExecutionLine,
    /// 总分 as printed.
    pub printed_total: Option<Decimal>,
    /// jixiao's total.
    pub total: Decimal,
    /// jixiao's grade (优/良/中/差).
    pub grade: String,
    /// How the total came about.
    pub formula: String,
    /// Every place where the printed scores disagree with the rules.
    pub disagreements: Vec<Disagreement>,
}

/// Reads a self-evaluation table from a file in any format jixiao reads.
pub fn read_table(file: &str, bytes: &[u8]) -> Result<SelfEvalTable, ParseError> {
    let office = |e: jixiao_office::OfficeError| e.in_file(file);
    match jixiao_office::sniff(bytes) {
        jixiao_office::Format::Text => {
            let text = jixiao_ingest::decode(file, bytes)?;
            let tables = if jixiao_office::html::is_html(&text) { jixiao_office::tables(bytes).map_err(office)? } else { Vec::new() };
            if tables.is_empty() {
                return selfeval::read_text(file, &text);
            }
            selfeval::read_grids(file, &grids(tables))
        }
        _ => {
            let tables = jixiao_office::tables(bytes).map_err(office)?;
            selfeval::read_grids(file, &grids(tables))
        }
    }
}

/// An office file's tables as cell grids (merged cells as blank covered cells).
fn grids(tables: Vec<jixiao_office::table::Table>) -> Vec<Grid> {
    tables
        .into_iter()
        .map(|t| {
            let rows = t.cells.into_iter().zip(t.lines).map(|(cells, line)| (line, cells.into_iter().map(Cell::new).collect())).collect();
            Grid::from_cells(t.place, rows)
        })
        .collect()
}

/// Two scores agree when they are equal after rounding to two decimals (a
/// cent apart is a rounding of a half).
fn agrees(printed: Decimal, ours: Decimal) -> bool {
    (score::round2(printed) - score::round2(ours)).abs() <= Decimal::new(1, 2)
}

/// A disagreement when the printed score is not the rules' one.
fn disagreement(name: &str, printed: Decimal, ours: Decimal, what: &str, formula: &str) -> Option<Disagreement> {
    (!agrees(printed, ours)).then(|| Disagreement {
        name: name.to_string(),
        printed_score: printed,
        score: ours,
        reason: format!("表列{what} {} 与规则{what} {} 不符：{formula}", score::show(printed), score::show(ours)),
    })
}

/// Evaluates a table read from a file.
pub fn evaluate(table: &SelfEvalTable, policy: &Policy) -> EvaluationReport {
    let inputs: Vec<IndicatorInput> = table
        .indicators
        .iter()
        .map(|r| IndicatorInput {
            name: r.name.clone(),
            level1: r.level1.as_deref().and_then(crate::selfeval::level1),
            target_text: r.target.clone(),
            actual: Actual::read_for(&r.actual, &r.target),
            weight: r.weight,
        })
        .collect();
    let ex = table.execution.clone().unwrap_or_default();
    let budget = ex.budget.or(ex.initial);
    let execution = score::execution(budget, ex.executed, policy);
    let e = score::evaluate(&inputs, execution, policy);
    let mut disagreements = Vec::new();
    let indicators: Vec<IndicatorLine> = table
        .indicators
        .iter()
        .zip(&e.indicators)
        .map(|(r, s)| {
            let ours = s.score.unwrap_or_default();
            disagreements.extend(r.printed_score.and_then(|p| disagreement(&r.name, p, ours, "得分", &s.formula)));
            IndicatorLine {
                name: r.name.clone(),
                target: r.target.clone(),
                actual: r.actual.clone(),
                weight: s.weight,
                printed_score: r.printed_score,
                score: s.score,
                formula: s.formula.clone(),
            }
        })
        .collect();
    if let (Some(p), Some(ours)) = (ex.printed_score, e.execution.score) {
        disagreements.extend(disagreement("预算执行", p, ours, "得分", &e.execution.formula));
    }
    disagreements.extend(table.printed_total.and_then(|p| disagreement("总分", p, e.total, "总分", &e.formula)));
    EvaluationReport {
        source: table.source.clone(),
        project: table.project.clone(),
        indicators,
        execution: ExecutionLine {
            budget: e.execution.budget,
            executed: e.execution.executed,
            rate: e.execution.rate.map(|r| (r * Decimal::from(100)).round_dp(2)),
            weight: e.execution.weight,
            printed_score: ex.printed_score,
            score: e.execution.score,
            formula: e.execution.formula.clone(),
        },
        printed_total: table.printed_total,
        total: e.total,
        grade: e.grade.name_zh().to_string(),
        formula: e.formula,
        disagreements,
    }
}

/// The report as the terminal shows it.
pub fn render_text(r: &EvaluationReport) -> String {
    let opt = |x: Option<Decimal>| x.map_or("—".to_string(), score::show);
    let mut out = format!("{}{}\n", r.source, r.project.as_ref().map(|p| format!("：{p}")).unwrap_or_default());
    for i in &r.indicators {
        let mark = if r.disagreements.iter().any(|d| d.name == i.name) { "  ✗ 与表列得分不符" } else { "" };
        out.push_str(&format!(
            "  {}｜目标 {}｜实际 {}｜权重 {}｜表列得分 {}｜规则得分 {}{}\n      {}\n",
            i.name,
            i.target,
            i.actual,
            score::show(i.weight),
            opt(i.printed_score),
            opt(i.score),
            mark,
            i.formula
        ));
    }
    let x = &r.execution;
    out.push_str(&format!(
        "  预算执行｜全年预算数 {}｜执行数 {}｜执行率 {}%｜分值 {}｜表列得分 {}｜规则得分 {}\n      {}\n",
        opt(x.budget),
        opt(x.executed),
        opt(x.rate),
        score::show(x.weight),
        opt(x.printed_score),
        opt(x.score),
        x.formula
    ));
    out.push_str(&format!("  总分：表列 {}｜规则 {}｜等级 {}\n      {}\n", opt(r.printed_total), score::show(r.total), r.grade, r.formula));
    if r.disagreements.is_empty() {
        out.push_str("  表列得分与规则一致\n");
    } else {
        out.push_str(&format!("  {} 处与规则不符：\n", r.disagreements.len()));
        for d in &r.disagreements {
            out.push_str(&format!("    {}：{}\n", d.name, d.reason));
        }
    }
    out
}
