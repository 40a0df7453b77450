//! Filled self-evaluation tables (项目支出绩效自评表): the budget-execution
//! block and the indicator rows with their target, actual value, weight and
//! printed score, read from any cell grid.
//!
//! - The indicator header is the row naming an indicator column (三级指标,
//!   指标名称 …) and a score column (得分), with the target (年度指标值 …),
//!   actual (实际完成值, 全年实际值, 完成值 …), weight (分值/权重) and cause
//!   (偏差原因分析 …) columns wherever they stand.
//! - The execution block is the row naming 年初预算数 / 全年预算数 (调整后预算数)
//!   / 全年执行数 (and 分值, 执行率, 得分): its figures are on the next row that
//!   holds numbers (年度资金总额).
//! - Data rows map to the header's columns one to one when they are as wide;
//!   a shorter row (merged category cells printed once) is aligned from the
//!   right, ending at the score column when its last cell is a number and the
//!   cause column is empty; categories carry down.
//! - A row of 总分 / 合计 ends the indicators and gives the printed total.
//! - Text is tried split every way ([`Split::TEXT`]); the grid whose header names
//!   the most columns and that yields the most indicators wins.

use rust_decimal::Decimal;

use crate::grid::{Grid, Row, Split};
use crate::hant::simplify;
use crate::text::Source;
use crate::ParseError;

/// One indicator row of a self-evaluation table.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRow {
    /// 1-based line (row) of the source.
    pub line: usize,
    /// 一级指标 as printed (carried down).
    pub level1: Option<String>,
    /// 二级指标 as printed (carried down).
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// 年度指标值.
    pub target: String,
    /// 实际完成值.
    pub actual: String,
    /// 分值 / 权重.
    pub weight: Option<Decimal>,
    /// 得分 as printed.
    pub printed_score: Option<Decimal>,
    /// 偏差原因分析.
    pub cause: Option<String>,
}

/// The 预算执行情况 block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExecutionBlock {
    /// 1-based line of its figures.
    pub line: usize,
    /// 年初预算数.
    pub initial: Option<Decimal>,
    /// 全年预算数 / 调整后预算数.
    pub budget: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// 执行率 as printed (percent).
    pub rate: Option<Decimal>,
    /// 分值.
    pub weight: Option<Decimal>,
    /// 得分 as printed.
    pub printed_score: Option<Decimal>,
}

/// A filled self-evaluation table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SelfEvalTable {
    /// The file.
    pub source: String,
    /// The title line, if printed.
    pub title: Option<String>,
    /// 项目名称, if printed.
    pub project: Option<String>,
    /// The execution block, if printed.
    pub execution: Option<ExecutionBlock>,
    /// The indicator rows.
    pub indicators: Vec<EvalRow>,
    /// 总分 as printed.
    pub printed_total: Option<Decimal>,
    /// How the table was read (split and columns).
    pub explain: Vec<String>,
}

/// What a header cell of a self-evaluation table names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Cause,
    Other,
}

fn col_of(text: &str) -> Col {
    let s: String = simplify(text).chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| s.contains(w);
    if s.is_empty() || s.chars().count() > 24 {
        Col::Other
    } else if has("一级指标") {
        Col::Level1
    } else if has("二级指标") {
        Col::Level2
    } else if has("三级指标") || has("指标名称") || has("具体指标") || s == "指标" {
        Col::Name
    } else if has("偏差") || has("原因") || has("改进措施") {
        Col::Cause
    } else if has("得分") {
        Col::Score
    } else if has("分值") || has("权重") || has("满分") {
        Col::Weight
    } else if has("实际") || has("完成值") || has("完成情况") || has("实现值") || has("完成数") {
        Col::Actual
    } else if has("指标值") || has("目标值") || has("预期") || has("计划值") || has("年度目标") || has("绩效目标值") {
        Col::Target
    } else {
        Col::Other
    }
}

/// Column names of the execution block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExecCol {
    Initial,
    Budget,
    Executed,
    Rate,
    Weight,
    Score,
    Other,
}

fn exec_col_of(text: &str) -> ExecCol {
    let s: String = simplify(text).chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| s.contains(w);
    if has("年初预算") {
        ExecCol::Initial
    } else if has("全年预算") || has("调整后预算") || has("调整预算") || has("预算数") {
        ExecCol::Budget
    } else if has("执行率") {
        ExecCol::Rate
    } else if has("执行数") || has("实际支出") || has("支出数") {
        ExecCol::Executed
    } else if has("得分") {
        ExecCol::Score
    } else if has("分值") || has("权重") {
        ExecCol::Weight
    } else {
        ExecCol::Other
    }
}

/// A number printed in a cell (`1,234.50`, `95%`, `9.5分`); `None` otherwise.
pub fn number_in(text: &str) -> Option<Decimal> {
    let t: String = text.trim().trim_end_matches(['%', '％', '分']).chars().filter(|c| *c != ',' && *c != '，' && !c.is_whitespace()).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    t.parse().ok()
}

fn texts(row: &Row) -> Vec<String> {
    row.cells.iter().map(|c| c.text.trim().to_string()).collect()
}

/// The columns of an indicator header row, when it is one.
fn header(cells: &[String]) -> Option<Vec<Col>> {
    let cols: Vec<Col> = cells.iter().map(|c| col_of(c)).collect();
    let has = |k: Col| cols.contains(&k);
    (has(Col::Name) && has(Col::Score) && (has(Col::Actual) || has(Col::Target))).then_some(cols)
}

fn exec_header(cells: &[String]) -> Option<Vec<ExecCol>> {
    let cols: Vec<ExecCol> = cells.iter().map(|c| exec_col_of(c)).collect();
    let known = |k: ExecCol| cols.contains(&k);
    ((known(ExecCol::Budget) || known(ExecCol::Initial)) && known(ExecCol::Executed)).then_some(cols)
}

/// A line naming a column (in a grid of one cell per line).
fn names_column(t: &str) -> bool {
    !t.is_empty() && (col_of(t) != Col::Other || exec_col_of(t) != ExecCol::Other || (t.contains("指标") && t.chars().count() <= 8))
}

/// The header that starts at line `i` of one cell per line: its cells.
fn header_run(lines: &[(usize, String)], i: usize) -> Option<Vec<String>> {
    // A label such as 绩效指标 may lead; after the first named column only named columns follow.
    let named = |t: &str| !t.is_empty() && (col_of(t) != Col::Other || exec_col_of(t) != ExecCol::Other);
    let lead = lines[i..].iter().take_while(|l| names_column(&l.1) && !named(&l.1)).count().min(1);
    let n = lead + lines[i + lead..].iter().take_while(|l| named(&l.1)).count();
    let names: Vec<String> = lines[i..i + n].iter().map(|l| l.1.clone()).collect();
    (n >= 3 && (header(&names).is_some() || exec_header(&names).is_some())).then_some(names)
}

/// Rows regrouped for a grid of one cell per line: after a header of `n`
/// lines, every `n` lines are one row (blank lines are empty cells); after the
/// execution header, its labels and figures.
fn regroup(grid: &Grid) -> Vec<(usize, Vec<String>)> {
    if grid.split != Split::PerLine {
        return grid.rows.iter().map(|r| (r.line, texts(r))).collect();
    }
    let lines: Vec<(usize, String)> = grid.rows.iter().map(|r| (r.line, r.raw.trim().to_string())).collect();
    let mut out = Vec::new();
    let mut width: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        if let Some(names) = header_run(&lines, i) {
            let n = names.len();
            let exec = header(&names).is_none();
            out.push((lines[i].0, names));
            i += n;
            if exec {
                // Labels, then the figures: one row.
                let start = i;
                while i < lines.len() && i - start < 3 && number_in(&lines[i].1).is_none() {
                    i += 1;
                }
                while i < lines.len() && (number_in(&lines[i].1).is_some() || lines[i].1.is_empty()) && i - start < n + 3 {
                    i += 1;
                }
                out.push((lines[start.min(lines.len() - 1)].0, lines[start..i].iter().map(|l| l.1.clone()).collect()));
                width = None;
            } else {
                width = Some(n);
            }
            continue;
        }
        match width {
            Some(n) if i + n <= lines.len() && (i..i + n).all(|k| header_run(&lines, k).is_none()) => {
                out.push((lines[i].0, lines[i..i + n].iter().map(|l| l.1.clone()).collect()));
                i += n;
            }
            _ => {
                out.push((lines[i].0, vec![lines[i].1.clone()]));
                i += 1;
            }
        }
    }
    out
}

/// The cells of a data row placed under the header's columns.
fn place(cells: &[String], cols: &[Col]) -> Vec<Option<String>> {
    let n = cols.len();
    let mut out = vec![None; n];
    let cells: Vec<&String> = {
        // Trailing blanks carry nothing.
        let end = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |p| p + 1);
        cells[..end].iter().collect()
    };
    if cells.len() >= n {
        for (k, c) in cells.iter().take(n).enumerate() {
            out[k] = Some((*c).clone());
        }
        return out;
    }
    // Aligned from the right: to the end, or to the score column when the row
    // ends with a number and the cause column after the score is empty.
    let score = cols.iter().rposition(|&c| c == Col::Score);
    let end = match (score, cells.last()) {
        (Some(s), Some(last)) if s + 1 < n && number_in(last).is_some() => s + 1,
        _ => n,
    };
    let start = end.saturating_sub(cells.len());
    for (k, c) in cells.iter().enumerate() {
        if start + k < n {
            out[start + k] = Some((*c).clone());
        }
    }
    out
}

/// True when a row ends the indicators and prints the total (总分, 合计).
fn total_of(cells: &[String]) -> Option<Option<Decimal>> {
    let first = cells.iter().find(|c| !c.is_empty())?;
    let f: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    if f.starts_with("总分") || f.starts_with("合计") || f == "总计" || f.starts_with("综合得分") || f.starts_with("自评得分") {
        return Some(cells.iter().rev().find_map(|c| number_in(c)));
    }
    None
}

/// Reads one grid; `None` when it holds no indicator header.
fn read_grid(grid: &Grid) -> Option<SelfEvalTable> {
    let rows = regroup(grid);
    let h = rows.iter().position(|(_, c)| header(c).is_some())?;
    let cols = header(&rows[h].1)?;
    let mut t = SelfEvalTable::default();
    // Above the header: title, project name, execution block.
    for (i, (line, cells)) in rows[..h].iter().enumerate() {
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if t.title.is_none() && filled.len() == 1 && filled[0].contains("自评") {
            t.title = Some(filled[0].clone());
        }
        if let Some(k) = cells.iter().position(|c| c.replace(' ', "").starts_with("项目名称")) {
            let inline = cells[k].split(['：', ':']).nth(1).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            t.project = t.project.clone().or(inline).or_else(|| cells[k + 1..].iter().find(|c| !c.is_empty()).cloned());
        }
        if t.execution.is_none() {
            if let Some(ec) = exec_header(cells) {
                t.execution = rows[i + 1..h].iter().find_map(|(l, v)| exec_values(*l, v, &ec)).or(Some(ExecutionBlock { line: *line, ..Default::default() }));
            }
        }
    }
    let mut level1: Option<String> = None;
    let mut level2: Option<String> = None;
    for (line, cells) in &rows[h + 1..] {
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if let Some(total) = total_of(cells) {
            t.printed_total = total;
            break;
        }
        if header(cells).is_some() {
            break;
        }
        let placed = place(cells, &cols);
        let get = |k: Col| cols.iter().position(|&c| c == k).and_then(|i| placed[i].clone()).filter(|s| !s.is_empty());
        if let Some(l1) = get(Col::Level1) {
            level1 = Some(l1);
            level2 = None;
        }
        if let Some(l2) = get(Col::Level2) {
            level2 = Some(l2);
        }
        let Some(name) = get(Col::Name) else { continue };
        let score = get(Col::Score).and_then(|s| number_in(&s));
        let target = get(Col::Target).unwrap_or_default();
        let actual = get(Col::Actual).unwrap_or_default();
        if score.is_none() && target.is_empty() && actual.is_empty() {
            continue;
        }
        t.indicators.push(EvalRow {
            line: *line,
            level1: level1.clone(),
            level2: level2.clone(),
            name,
            target,
            actual,
            weight: get(Col::Weight).and_then(|s| number_in(&s)),
            printed_score: score,
            cause: get(Col::Cause),
        });
    }
    if t.printed_total.is_none() {
        // A total printed before the indicator header (总分 in the execution part).
        t.printed_total = rows.iter().find_map(|(_, c)| total_of(c)).flatten();
    }
    t.explain.push(format!("split: {}; columns: {}", grid.split.name(), rows[h].1.join(" | ")));
    Some(t)
}

fn exec_values(line: usize, cells: &[String], cols: &[ExecCol]) -> Option<ExecutionBlock> {
    let numbers = cells.iter().filter(|c| number_in(c).is_some()).count();
    if numbers < 2 {
        return None;
    }
    // Cells as wide as the header map one to one; otherwise the numbers go to the named columns in order.
    let mut b = ExecutionBlock { line, ..Default::default() };
    let pairs: Vec<(ExecCol, &String)> = if cells.len() == cols.len() {
        cols.iter().copied().zip(cells.iter()).collect()
    } else {
        // In the order of the named columns (a trailing rate or score may be missing).
        let nums: Vec<&String> = cells.iter().filter(|c| number_in(c).is_some()).collect();
        cols.iter().copied().filter(|c| *c != ExecCol::Other).zip(nums).collect()
    };
    for (c, v) in pairs {
        let n = number_in(v);
        match c {
            ExecCol::Initial => b.initial = n,
            ExecCol::Budget => b.budget = n,
            ExecCol::Executed => b.executed = n,
            ExecCol::Rate => b.rate = n,
            ExecCol::Weight => b.weight = n,
            ExecCol::Score => b.printed_score = n,
            ExecCol::Other => {}
        }
    }
    Some(b)
}

/// Reads a self-evaluation table from grids (an office file's tables, or a
/// text split each way): the grid that yields the most indicators.
pub fn read_grids(file: &str, grids: &[Grid]) -> Result<SelfEvalTable, ParseError> {
    let mut best: Option<SelfEvalTable> = None;
    for g in grids {
        if let Some(t) = read_grid(g) {
            let better = best.as_ref().is_none_or(|b| {
                let key = |t: &SelfEvalTable| (t.indicators.iter().filter(|i| i.printed_score.is_some()).count(), t.indicators.len());
                key(&t) > key(b)
            });
            if better {
                best = Some(t);
            }
        }
    }
    match best {
        Some(mut t) if !t.indicators.is_empty() => {
            t.source = file.to_string();
            Ok(t)
        }
        _ => Err(ParseError::NotATable {
            file: file.to_string(),
            reason: "no self-evaluation table found: no header row names an indicator column (三级指标) and a score column (得分) with indicators under it".to_string(),
        }),
    }
}

/// Reads a self-evaluation table from text, split every way.
pub fn read_text(file: &str, text: &str) -> Result<SelfEvalTable, ParseError> {
    let src = Source::new(file, text);
    let grids: Vec<Grid> = Split::TEXT.iter().map(|&s| Grid::from_text(&src, s)).collect();
    read_grids(file, &grids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_cells() {
        assert_eq!(number_in("1,234.50"), Some(Decimal::new(123450, 2)));
        assert_eq!(number_in("95%"), Some(Decimal::from(95)));
        assert_eq!(number_in("9.5分"), Some(Decimal::new(95, 1)));
        assert_eq!(number_in("完成"), None);
    }

    #[test]
    fn a_short_row_aligns_to_the_score_column() {
        let cols = [Col::Level1, Col::Level2, Col::Name, Col::Target, Col::Actual, Col::Weight, Col::Score, Col::Cause];
        let cells: Vec<String> = ["办结率", "≥95%", "96%", "10", "10"].iter().map(|s| s.to_string()).collect();
        let p = place(&cells, &cols);
        assert_eq!(p[2].as_deref(), Some("办结率"));
        assert_eq!(p[6].as_deref(), Some("10"));
        assert_eq!(p[7], None);
    }
}
