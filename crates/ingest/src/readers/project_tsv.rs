//! (b) Project target tables (项目支出绩效目标表) as tab-separated rows.
//!
//! The table is a spreadsheet export: a few heading lines (title, `部门名称：…`,
//! `单位：万元`), a header row naming the columns, then one row per using unit
//! or project. The columns are found by their header text (项目名称, 总计,
//! 财政拨款, 财政专户拨款 / 行政专户拨款, 其他资金, 绩效目标, 绩效指标), never by
//! position, so reordered or missing columns read the same way.
//!
//! Rows:
//! - `合计` / `总计` is the table total;
//! - a row with neither goal nor indicators that is followed by another row is a
//!   using unit (资金使用单位): the projects after it belong to it;
//! - every other row is a project; projects before any unit row belong to a unit
//!   named like the department.
//!
//! Where the header has a unit column of its own (资金使用单位 beside 项目名称),
//! that column names the unit of each row instead.
//!
//! The 绩效指标 cell is read by [`parse_indicator_cell`].

use crate::text::{clean, clean_opt, join_quoted_lines, labelled_value, money_unit_in, parse_amount, year_in, Line, Source};
use crate::ReadError;
use jixiao_core::taxonomy::{is_category_name, Level1, Level2};
use jixiao_core::{Amounts, Body, Document, Indicator, Project, ProjectTable, Unit};

/// The column of each field, found from the header row's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Columns {
    /// 项目名称 (含使用单位).
    name: usize,
    /// A separate 资金使用单位 column, where the table has one.
    unit: Option<usize>,
    total: Option<usize>,
    fiscal: Option<usize>,
    special: Option<usize>,
    other: Option<usize>,
    goal: Option<usize>,
    indicators: Option<usize>,
    /// Number of header cells.
    count: usize,
}

impl Columns {
    /// Maps a header row's cells to fields; `None` when the row is not a header.
    fn from_cells(cells: &[String]) -> Option<Columns> {
        let mut name = None;
        let mut unit = None;
        let mut c = Columns { count: cells.len(), ..Default::default() };
        for (i, cell) in cells.iter().enumerate() {
            let t = cell.as_str();
            if t.is_empty() {
                continue;
            }
            let slot = if t.contains("绩效指标") {
                &mut c.indicators
            } else if t.contains("绩效目标") {
                &mut c.goal
            } else if t.contains("专户") {
                &mut c.special
            } else if t.contains("财政拨款") || t.contains("一般公共预算") {
                &mut c.fiscal
            } else if t.contains("其他") {
                &mut c.other
            } else if t.contains("总计") || t.contains("合计") || t.contains("金额") {
                &mut c.total
            } else if t.contains("项目名称") || (t.contains("名称") && !t.contains("单位")) {
                &mut name
            } else if t.contains("单位") && (t.contains("名称") || t.contains("使用")) {
                &mut unit
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        // A lone unit column ("单位名称") is the name column of a table without 项目名称.
        let (name, unit) = match (name, unit) {
            (Some(n), u) => (n, u),
            (None, Some(u)) => (u, None),
            (None, None) => return None,
        };
        if c.goal.is_none() && c.indicators.is_none() {
            return None;
        }
        if c.total.is_none() && c.fiscal.is_none() {
            return None;
        }
        c.name = name;
        c.unit = unit;
        Some(c)
    }

    /// The amount columns, in the order of [`Amounts`].
    fn amount_columns(&self) -> [Option<usize>; 4] {
        [self.total, self.fiscal, self.special, self.other]
    }
}

/// One logical row: its first line number and its raw cells.
#[derive(Debug, Clone)]
struct Row {
    no: usize,
    cells: Vec<String>,
}

impl Row {
    fn cell(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c)).map(String::as_str).unwrap_or("")
    }
}

/// Reads a project target table of tab-separated rows.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    let (header_at, header_end, cols) = find_header(src)?;
    let headings: Vec<&Line> = src.lines[..header_at].iter().filter(|l| !l.is_blank()).collect();
    let header_line = src.lines.get(header_at).map(|l| l.raw).unwrap_or("");

    let title = heading_title(&headings);
    let department = heading_department(&headings);
    let year = title.as_deref().and_then(year_in).or_else(|| headings.iter().find_map(|l| year_in(l.raw)));
    let money_unit = headings
        .iter()
        .find_map(|l| money_unit_in(l.raw))
        .or_else(|| money_unit_in(header_line))
        .unwrap_or_else(|| "万元".to_string());

    let data = src.lines.get(header_end + 1..).unwrap_or(&[]);
    let rows = match join_quoted_lines(data) {
        Some(logical) => {
            let lines: Vec<Line> = logical.iter().map(|(no, raw)| Line { no: *no, raw: raw.as_str() }).collect();
            collect_rows(&lines, &cols)?
        }
        None => collect_rows(data, &cols)?,
    };
    if rows.is_empty() {
        return Err(ReadError::at(header_end + 1, "the header row is not followed by any unit or project row"));
    }

    let mut totals = Amounts::default();
    let mut units: Vec<Unit> = Vec::new();
    // Reads each row once, then decides which rows are units.
    struct Parsed {
        no: usize,
        name: String,
        unit_cell: Option<String>,
        amounts: Amounts,
        goal: Option<String>,
        indicators: Vec<Indicator>,
        is_total: bool,
    }
    let mut parsed = Vec::with_capacity(rows.len());
    for row in &rows {
        let name = clean(row.cell(Some(cols.name)));
        let unit_cell = cols.unit.and_then(|u| clean_opt(row.cell(Some(u))));
        if name.is_empty() && unit_cell.is_none() {
            return Err(ReadError::at(row.no, "a row without a name (the first cell, 项目名称, is empty)"));
        }
        let amounts = row_amounts(row, &cols)?;
        let goal = clean_opt(row.cell(cols.goal));
        let indicators = parse_indicator_cell(row.cell(cols.indicators));
        let is_total_word = |s: &str| matches!(strip_spaces(s).as_str(), "合计" | "总计");
        let is_total = match &unit_cell {
            None => is_total_word(&name),
            Some(u) => is_total_word(u) && (name.is_empty() || is_total_word(&name)),
        };
        parsed.push(Parsed { no: row.no, name, unit_cell, amounts, goal, indicators, is_total });
    }

    let mut seen_total = false;
    for i in 0..parsed.len() {
        let p = &parsed[i];
        if p.is_total {
            if seen_total {
                return Err(ReadError::at(p.no, "a second 合计 row"));
            }
            seen_total = true;
            totals = p.amounts.clone();
            continue;
        }
        if cols.unit.is_some() {
            // The unit is named in its own column; a row without a project name is the unit's row.
            let unit_name = p.unit_cell.clone().or_else(|| units.last().map(|u| u.name.clone()));
            let unit_name = unit_name.unwrap_or_else(|| department.clone().unwrap_or_default());
            if units.last().is_none_or(|u| u.name != unit_name) {
                units.push(Unit { name: unit_name, amounts: Amounts::default(), projects: Vec::new() });
            }
            let Some(unit) = units.last_mut() else { continue };
            if p.name.is_empty() {
                unit.amounts = p.amounts.clone();
            } else {
                unit.projects.push(Project {
                    name: p.name.clone(),
                    amounts: p.amounts.clone(),
                    goal: p.goal.clone(),
                    indicators: p.indicators.clone(),
                });
            }
            continue;
        }
        let empty = p.goal.is_none() && p.indicators.is_empty();
        let next = parsed[i + 1..].iter().find(|q| !q.is_total);
        let is_unit = empty && next.is_some() && {
            // An empty row right after a unit row that has no projects yet is an
            // empty project of that unit when its amounts fit inside the unit's.
            match units.last() {
                Some(u) if u.projects.is_empty() => !fits_inside(&p.amounts, &u.amounts),
                _ => true,
            }
        };
        if is_unit {
            units.push(Unit { name: p.name.clone(), amounts: p.amounts.clone(), projects: Vec::new() });
            continue;
        }
        if units.is_empty() {
            let Some(dept) = department.clone() else {
                return Err(ReadError::at(
                    p.no,
                    "a project before any unit row, and no 部门名称 heading to name its unit",
                ));
            };
            units.push(Unit { name: dept, amounts: Amounts::default(), projects: Vec::new() });
        }
        if let Some(unit) = units.last_mut() {
            unit.projects.push(Project {
                name: p.name.clone(),
                amounts: p.amounts.clone(),
                goal: p.goal.clone(),
                indicators: p.indicators.clone(),
            });
        }
    }
    if units.is_empty() {
        return Err(ReadError::at(header_at + 1, "no unit or project rows under the header (only a 合计 row)"));
    }
    let department = match department {
        Some(d) => d,
        None => units.first().map(|u| u.name.clone()).unwrap_or_default(),
    };
    Ok(Document {
        source: src.name.to_string(),
        title,
        department,
        year,
        money_unit,
        body: Body::Project(ProjectTable { totals, units }),
    })
}

/// True when every printed amount of `inner` is at most the matching amount of `outer`.
fn fits_inside(inner: &Amounts, outer: &Amounts) -> bool {
    let pairs = [(inner.total, outer.total), (inner.fiscal, outer.fiscal)];
    let mut compared = false;
    for (a, b) in pairs {
        if let (Some(a), Some(b)) = (a, b) {
            compared = true;
            if a > b {
                return false;
            }
        }
    }
    compared
}

fn strip_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The header row: the first tab-separated line whose cells name a project
/// column, an amount column and a goal or indicator column.
fn find_header(src: &Source) -> Result<(usize, usize, Columns), ReadError> {
    for (i, line) in src.lines.iter().enumerate() {
        if !line.has_tab() {
            continue;
        }
        let cells = line.cells();
        if let Some(cols) = Columns::from_cells(&cells) {
            return Ok((i, i, cols));
        }
        // A header over two rows (资金来源 above 总计 / 财政拨款 …): each column's
        // two cells read together.
        let named = cells.iter().any(|c| c.contains("名称"));
        if let (true, Some(next)) = (named, src.lines.get(i + 1).filter(|l| l.has_tab())) {
            let below = next.cells();
            let n = cells.len().max(below.len());
            let merged: Vec<String> = (0..n)
                .map(|k| {
                    let a = cells.get(k).map(String::as_str).unwrap_or("");
                    let b = below.get(k).map(String::as_str).unwrap_or("");
                    format!("{a}{b}")
                })
                .collect();
            if below.iter().all(|c| parse_amount(c).is_err() || c.is_empty()) {
                if let Some(cols) = Columns::from_cells(&merged) {
                    return Ok((i, i + 1, cols));
                }
            }
        }
    }
    Err(ReadError::table(
        "no header row with 项目名称, 总计/财政拨款 and 绩效目标/绩效指标 columns separated by tabs",
    ))
}

/// The title: the first heading line that names a target table, else the first
/// heading line that is not a `label：value` line.
fn heading_title(headings: &[&Line]) -> Option<String> {
    headings
        .iter()
        .find(|l| l.raw.contains("目标表"))
        .or_else(|| headings.iter().find(|l| !l.raw.contains(['：', ':'])))
        .and_then(|l| clean_opt(l.raw))
}

/// 部门名称 (or 单位名称 / 预算单位) from the heading lines.
fn heading_department(headings: &[&Line]) -> Option<String> {
    for label in ["部门名称", "部门（单位）名称", "部门(单位)名称", "单位名称", "预算单位", "主管部门", "部门"] {
        if let Some(v) = headings.iter().find_map(|l| labelled_value(l.raw, label)) {
            return Some(v);
        }
    }
    None
}

/// True when a cell means "nothing printed": empty or a lone dash.
fn is_blank_amount(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "－" | "—" | "--" | "——" | "/")
}

fn row_amounts(row: &Row, cols: &Columns) -> Result<Amounts, ReadError> {
    let mut vals = [None; 4];
    for (slot, col) in vals.iter_mut().zip(cols.amount_columns()) {
        let cell = row.cell(col);
        if is_blank_amount(cell) {
            continue;
        }
        *slot = parse_amount(cell).map_err(|t| {
            ReadError::at(row.no, format!("amount cell {:?} in column {} is not a number", t, col.unwrap_or(0) + 1))
        })?;
    }
    let [total, fiscal, special_account, other] = vals;
    Ok(Amounts { total, fiscal, special_account, other })
}

/// Words that start a note under the table, which ends the rows.
fn is_footnote(t: &str) -> bool {
    ["注：", "注:", "说明：", "说明:", "备注", "填报人", "制表人", "审核人", "负责人", "联系电话", "填报日期"]
        .iter()
        .any(|w| t.starts_with(w))
}

/// True when a line starts a new row: it has a name cell and, where the table
/// has a total or fiscal column, an amount (or nothing) in it.
fn starts_row(raw: &str, cols: &Columns) -> bool {
    let cells: Vec<&str> = raw.split('\t').collect();
    if cells.len() < 2 {
        return false;
    }
    let named = cells.get(cols.name).is_some_and(|c| !c.trim().is_empty())
        || cols.unit.and_then(|u| cells.get(u)).is_some_and(|c| !c.trim().is_empty());
    if !named {
        return false;
    }
    match cols.total.or(cols.fiscal) {
        Some(c) => cells.get(c).is_none_or(|v| is_blank_amount(v) || parse_amount(v).is_ok()),
        None => true,
    }
}

/// True when the last row's text was visibly cut by a line break: it has fewer
/// cells than the header, or its last cell is the indicator cell and does not
/// end with the `;` that ends every indicator item.
fn row_is_broken(row: &Row, cols: &Columns) -> bool {
    if row.cells.len() < cols.count {
        return true;
    }
    let last = row.cells.len().saturating_sub(1);
    cols.indicators == Some(last)
        && row.cells.get(last).is_some_and(|c| {
            let t = c.trim();
            !t.is_empty() && !t.ends_with([';', '；'])
        })
}

/// Groups the lines under the header into logical rows: a cell that the export
/// broke over lines is joined back (pieces trimmed, nothing added).
fn collect_rows(lines: &[Line], cols: &Columns) -> Result<Vec<Row>, ReadError> {
    let mut rows: Vec<Row> = Vec::new();
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let t = line.trimmed();
        if !line.has_tab() && is_footnote(t) {
            break;
        }
        let continues = rows.last().is_some_and(|r| row_is_broken(r, cols)) && !starts_row(line.raw, cols);
        if continues {
            if let Some(last) = rows.last_mut() {
                let mut pieces = line.raw.split('\t');
                if let (Some(first), Some(cell)) = (pieces.next(), last.cells.last_mut()) {
                    let joined = format!("{}{}", cell.trim(), first.trim());
                    *cell = joined;
                }
                last.cells.extend(pieces.map(str::to_string));
            }
            continue;
        }
        if !line.has_tab() {
            return Err(ReadError::at(
                line.no,
                format!("a row of one cell ({:?}): the row is cut short, its amount and indicator cells are missing", clean(t)),
            ));
        }
        let cells: Vec<String> = line.raw.split('\t').map(str::to_string).collect();
        rows.push(Row { no: line.no, cells });
    }
    for row in &mut rows {
        if row.cells.len() > cols.count {
            let extra = row.cells.get(cols.count..).unwrap_or(&[]);
            if extra.iter().any(|c| !c.trim().is_empty()) {
                return Err(ReadError::at(
                    row.no,
                    format!("the row has {} cells, more than the {} columns of the header", row.cells.len(), cols.count),
                ));
            }
            row.cells.truncate(cols.count);
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------
// The 绩效指标 cell.

/// Labels of the period value (实施周期指标值), longest first.
const PERIOD_LABELS: [&str; 6] = ["实施周期指标值", "实施周期目标值", "中长期指标值", "实施期指标值", "长期指标值", "周期指标值"];
/// Labels of the annual value (年度指标值), longest first; a bare 指标值 / 目标值 reads as annual.
const ANNUAL_LABELS: [&str; 6] = ["本年度指标值", "年度指标值", "年度目标值", "当年指标值", "指标值", "目标值"];

/// Separators between the parts of an item.
const PART_SEPS: [char; 6] = [':', '：', ',', '，', ';', '；'];

/// Reads a 绩效指标 cell into indicators.
///
/// The cell is a list of items, each ending with `;`:
/// `N、code-name:code-name:name：实施周期指标值:…，年度指标值:…;`. An item
/// boundary is a `;` (or `；`) followed by the start of another item (`N、` or a
/// `D-category` pair) or by the end of the cell, so a `;` inside an item (between
/// the name and its values) does not split it. The `N、` and either code-name pair
/// may be missing; a single pair is level 1 or level 2 by its name. Text without
/// a value label after the name is the annual value (`name:value`), or, before a
/// labelled annual value, the period value. A name printed twice (`X:X`) is
/// recorded once.
pub fn parse_indicator_cell(cell: &str) -> Vec<Indicator> {
    split_items(cell).into_iter().filter_map(parse_item).collect()
}

/// Splits a cell into its items (each without its final `;`). Besides at `;`,
/// a cell whose line breaks were joined splits before a numbered item with its
/// category code (`2、1-产出指标…`) that no `;` precedes.
fn split_items(cell: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in cell.char_indices() {
        let after_prev = prev;
        prev = Some(c);
        if i < start {
            continue;
        }
        if c == ';' || c == '；' {
            let after = &cell[i + c.len_utf8()..];
            let next = after.trim_start();
            if next.is_empty() || starts_item(next) {
                items.push(&cell[start..i]);
                start = i + c.len_utf8();
            }
        } else if c.is_ascii_digit() && i > start && !after_prev.is_some_and(|p| p.is_ascii_digit()) {
            let rest = &cell[i..];
            if seq_prefix(rest).is_some_and(|(_, r)| code_pair(r.trim_start()).is_some()) {
                items.push(&cell[start..i]);
                start = i;
            }
        }
    }
    if let Some(rest) = cell.get(start..) {
        items.push(rest);
    }
    items.retain(|s| !s.trim().is_empty());
    items
}

/// True when text starts an item: `N、` or a code-name pair.
fn starts_item(s: &str) -> bool {
    seq_prefix(s).is_some() || code_pair(s).is_some()
}

/// The leading ASCII digits of `s` (at most `max` of them), and the rest.
fn leading_digits(s: &str, max: usize) -> Option<(&str, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max {
        return None;
    }
    Some((&s[..n], &s[n..]))
}

/// `N、rest` → (N, rest).
fn seq_prefix(s: &str) -> Option<(i64, &str)> {
    let (digits, rest) = leading_digits(s, 3)?;
    let rest = rest.strip_prefix('、')?;
    Some((digits.parse().ok()?, rest))
}

/// `D-name<sep>rest` with a category name → (code, name, rest).
fn code_pair(s: &str) -> Option<(&str, &str, &str)> {
    let (code, rest) = leading_digits(s, 3)?;
    let rest = rest.strip_prefix(['-', '－', '—'])?;
    let (name, after) = split_at_sep(rest)?;
    let name = name.trim();
    if name.is_empty() || !is_category_like(name) {
        return None;
    }
    Some((code, name, after))
}

/// Splits at the first part separator: (before, after).
fn split_at_sep(s: &str) -> Option<(&str, &str)> {
    let (i, c) = s.char_indices().find(|(_, c)| PART_SEPS.contains(c))?;
    Some((&s[..i], &s[i + c.len_utf8()..]))
}

/// True when a printed name reads as an indicator category (产出指标, 社会效益指标 …).
fn is_category_like(name: &str) -> bool {
    is_category_name(name)
        || (name.chars().count() <= 10
            && ["指标", "效益", "满意度", "影响"].iter().any(|w| name.ends_with(w)))
}

/// Which level a single printed code-name pair is.
fn is_level1(code: &str, name: &str) -> bool {
    match (Level1::from_name(name).is_some(), Level2::from_name(name).is_some()) {
        (true, false) => true,
        (false, true) => false,
        // 成本指标 is both: a one-digit code is a level-1 code.
        _ => code.len() == 1 && !name.contains("效益"),
    }
}

/// A label occurrence: kind (true = period), where it starts, where its value starts.
fn find_label(s: &str, labels: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for label in labels {
        let mut from = 0;
        while let Some(off) = s.get(from..).and_then(|t| t.find(label)) {
            let at = from + off;
            let after = &s[at + label.len()..];
            let trimmed = after.trim_start();
            if let Some(v) = trimmed.strip_prefix([':', '：']) {
                let value_at = s.len() - v.len();
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, value_at));
                }
                break;
            }
            from = at + label.len();
        }
    }
    best
}

/// Trims a value and drops one trailing separator (`,` `，` `;` `；`).
fn value_text(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t.strip_suffix([',', '，', ';', '；']).unwrap_or(t);
    clean_opt(t)
}

fn parse_item(item: &str) -> Option<Indicator> {
    let mut rest = item.trim();
    let mut ind = Indicator::default();
    if let Some((n, r)) = seq_prefix(rest) {
        ind.seq = Some(n);
        rest = r.trim_start();
    }
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    while pairs.len() < 2 {
        match code_pair(rest) {
            Some((code, name, r)) => {
                pairs.push((code, name));
                rest = r.trim_start();
            }
            None => break,
        }
    }
    match pairs.as_slice() {
        [(c1, n1), (c2, n2), ..] => {
            ind.level1_code = Some(c1.to_string());
            ind.level1 = clean_opt(n1);
            ind.level2_code = Some(c2.to_string());
            ind.level2 = clean_opt(n2);
        }
        [(c, n)] => {
            if is_level1(c, n) {
                ind.level1_code = Some(c.to_string());
                ind.level1 = clean_opt(n);
            } else {
                ind.level2_code = Some(c.to_string());
                ind.level2 = clean_opt(n);
            }
        }
        [] => {}
    }

    // Value labels, in order: each kind is a label once, at its first occurrence.
    let mut labels: Vec<(bool, usize, usize)> = Vec::new();
    let mut from = 0;
    let (mut have_period, mut have_annual) = (false, false);
    loop {
        let tail = rest.get(from..).unwrap_or("");
        let p = if have_period { None } else { find_label(tail, &PERIOD_LABELS) };
        let a = if have_annual { None } else { find_label(tail, &ANNUAL_LABELS) };
        let pick = match (p, a) {
            (Some(p), Some(a)) => Some(if p.0 <= a.0 { (true, p) } else { (false, a) }),
            (Some(p), None) => Some((true, p)),
            (None, Some(a)) => Some((false, a)),
            (None, None) => None,
        };
        let Some((is_period, (at, value_at))) = pick else { break };
        labels.push((is_period, from + at, from + value_at));
        if is_period {
            have_period = true;
        } else {
            have_annual = true;
        }
        from += value_at;
    }

    let pre_end = labels.first().map(|l| l.1).unwrap_or(rest.len());
    let pre = rest.get(..pre_end).unwrap_or("").trim();
    let pre = pre.strip_suffix(PART_SEPS).unwrap_or(pre).trim();
    for (k, &(is_period, _, value_at)) in labels.iter().enumerate() {
        let end = labels.get(k + 1).map(|l| l.1).unwrap_or(rest.len());
        let v = rest.get(value_at..end).and_then(value_text);
        if is_period {
            ind.period_value = v;
        } else {
            ind.annual_value = v;
        }
    }
    let colon = pre.char_indices().find(|(_, c)| *c == ':' || *c == '：');
    let name = match colon {
        Some((i, c)) => {
            let (a, b) = (pre[..i].trim(), pre[i + c.len_utf8()..].trim());
            if a == b || b.is_empty() {
                a.to_string()
            } else if labels.is_empty() {
                ind.annual_value = value_text(b);
                a.to_string()
            } else if !have_period {
                ind.period_value = value_text(b);
                a.to_string()
            } else {
                pre.to_string()
            }
        }
        None => pre.to_string(),
    };
    ind.name = clean(&name);
    if ind.name.is_empty() && ind.period_value.is_none() && ind.annual_value.is_none() && pairs.is_empty() {
        return None;
    }
    Some(ind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(cell: &str) -> Indicator {
        let v = parse_indicator_cell(cell);
        assert_eq!(v.len(), 1, "{v:?}");
        v.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn reads_a_full_item() {
        let i = one("1、1-产出指标:11-数量指标:培训人次:实施周期指标值:不少于300人次，年度指标值:100人次;");
        assert_eq!(i.seq, Some(1));
        assert_eq!(i.level1_code.as_deref(), Some("1"));
        assert_eq!(i.level1.as_deref(), Some("产出指标"));
        assert_eq!(i.level2_code.as_deref(), Some("11"));
        assert_eq!(i.level2.as_deref(), Some("数量指标"));
        assert_eq!(i.name, "培训人次");
        assert_eq!(i.period_value.as_deref(), Some("不少于300人次"));
        assert_eq!(i.annual_value.as_deref(), Some("100人次"));
    }

    #[test]
    fn splits_items_only_at_item_starts() {
        let v = parse_indicator_cell(
            "1、1-产出指标:12-质量指标:覆盖率达到90%;实施周期指标值:90%;年度指标值:90%;2、2-效益指标:22-社会效益,群众认可度:实施周期指标值:提高,年度指标值:提高;",
        );
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].name, "覆盖率达到90%");
        assert_eq!(v[0].period_value.as_deref(), Some("90%"));
        assert_eq!(v[1].level2.as_deref(), Some("社会效益"));
        assert_eq!(v[1].name, "群众认可度");
    }

    #[test]
    fn reads_odd_items() {
        // No value label: name:value, the value is annual.
        let i = one("3、1-产出指标:13-时效指标:及时性:当月完成;");
        assert_eq!(i.name, "及时性");
        assert_eq!(i.annual_value.as_deref(), Some("当月完成"));
        assert_eq!(i.period_value, None);
        // A fragment with one level-2 pair and no seq.
        let v = parse_indicator_cell("1、1-产出指标:11-数量指标:场次:年度指标值:3场;4-社会效益指标:促进和谐。;");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].seq, None);
        assert_eq!(v[1].level1, None);
        assert_eq!(v[1].level2_code.as_deref(), Some("4"));
        assert_eq!(v[1].name, "促进和谐。");
        // Unlabelled text before a labelled annual value is the period value.
        let i = one("2、1-产出指标:12-质量指标:完成率:对象的满意度(%),年度指标值:不低于80%;");
        assert_eq!(i.name, "完成率");
        assert_eq!(i.period_value.as_deref(), Some("对象的满意度(%)"));
        // A name printed twice is recorded once.
        let i = one("1、1-产出指标:12-质量指标:完成率:完成率;实施周期指标值:95%,年度指标值:95%;");
        assert_eq!(i.name, "完成率");
        // A single level-1 pair.
        let i = one("2、1-产出指标:巡查次数:年度指标值:12次;");
        assert_eq!(i.level1_code.as_deref(), Some("1"));
        assert_eq!(i.level2, None);
    }

    #[test]
    fn keeps_commas_and_full_stops_in_values() {
        let i = one("1、1-产出指标:14-成本指标:控制率:实施周期指标值:在预算内开展。,年度指标值:100%,(10,5万元);");
        assert_eq!(i.period_value.as_deref(), Some("在预算内开展。"));
        assert_eq!(i.annual_value.as_deref(), Some("100%,(10,5万元)"));
    }

    #[test]
    fn splits_numbered_items_without_semicolons() {
        let v = parse_indicator_cell("1、1-产出指标:11-数量指标:场次:年度指标值:12场2、3-满意度指标:31-服务对象满意度:满意度:年度指标值:90%");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].annual_value.as_deref(), Some("12场"));
        assert_eq!(v[1].seq, Some(2));
        // A number inside a value is no item start.
        let v = parse_indicator_cell("1、1-产出指标:11-数量指标:场次:年度指标值:12、13场;");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].annual_value.as_deref(), Some("12、13场"));
    }

    #[test]
    fn empty_cells_give_nothing() {
        assert!(parse_indicator_cell("").is_empty());
        assert!(parse_indicator_cell(" ; ;").is_empty());
    }
}
