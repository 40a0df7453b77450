//! The walk over a grid's rows: headers open tables, labels open and fill
//! projects, data rows become indicators (or continue the one above).

use super::block::{
    amount_text, labels_value, strip_code, FISCAL_LABELS, GOAL_LABELS, OTHER_LABELS, PERIOD_GOAL_LABELS,
    SPECIAL_LABELS, TOTAL_LABELS, UNIT_LABELS,
};
use super::cells::{align_free, kind_of, Kind};
use super::columns::{column_kind, header_at, Col, Header};
use super::rowcells::{level_of, positional, row_cells, weight_of};
use crate::grid::{Grid, Row, Split};
use crate::hant::simplify;
use crate::text::clean_opt;
use jixiao_core::{Amounts, Indicator};

/// A project (or, in a department table, the plan) under construction.
#[derive(Debug, Default)]
pub struct Draft {
    /// 项目名称.
    pub name: Option<String>,
    /// 实施单位 / 单位名称 given for it.
    pub unit: Option<String>,
    /// Its amounts.
    pub amounts: Amounts,
    /// The goal of the year.
    pub goal: Option<String>,
    /// The goal over the period (中期目标).
    pub period_goal: Option<String>,
    /// Its indicators (the annual group of a side-by-side table).
    pub indicators: Vec<Indicator>,
    /// The line of each indicator, and whether its level-1 was printed on it.
    pub lines: Vec<(usize, bool)>,
    /// Indicators of the long-term group of a side-by-side table.
    pub long_term: Vec<Indicator>,
    /// Lines of the long-term indicators.
    pub long_lines: Vec<(usize, bool)>,
}

/// Carries of one column group of a table.
#[derive(Debug, Default, Clone)]
struct Carry {
    level1: (Option<String>, Option<String>),
    level2: (Option<String>, Option<String>),
}

/// The table being read.
struct Table {
    header: Header,
    groups: Vec<(std::ops::Range<usize>, Carry)>,
    project: Option<String>,
    /// Indicators read under this header (since the last project label).
    rows: usize,
    /// One cell per line with no blank lines for the empty cells: rows are told
    /// apart by the kinds of their cells, not counted off.
    compact: bool,
}

/// Everything the walk collects.
#[derive(Default)]
pub struct Walk {
    /// Projects (or the plan) in order.
    pub drafts: Vec<Draft>,
    /// Warnings, with their lines.
    pub warnings: Vec<(Option<usize>, String)>,
    /// The headers read (for `--explain`).
    pub headers: Vec<(usize, Header)>,
    /// A 项目名称 label or column was seen.
    pub project_seen: bool,
    /// 绩效标准 cells to decide: (draft, long-term?, indicator, text).
    pub standard_cells: Vec<(usize, bool, usize, String)>,
    /// Cost of the rows' alignments, and their number.
    pub align_cost: f32,
    /// Rows aligned.
    pub aligned_rows: usize,
    /// Rows that could not be read.
    pub dropped_rows: usize,
}

impl Walk {
    fn draft(&mut self) -> &mut Draft {
        if self.drafts.is_empty() {
            self.drafts.push(Draft::default());
        }
        let last = self.drafts.len() - 1;
        &mut self.drafts[last]
    }

    fn open_project(&mut self, name: String) {
        let reuse = self.drafts.last().is_some_and(|d| d.name.is_none() && d.indicators.is_empty() && d.long_term.is_empty());
        if !reuse {
            let unit = self.drafts.last().and_then(|d| d.unit.clone());
            self.drafts.push(Draft { unit, ..Draft::default() });
        }
        self.draft().name = Some(name);
        self.project_seen = true;
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        if self.warnings.len() < 200 {
            self.warnings.push((Some(line), message.into()));
        }
    }
}

/// True when a row's first filled cell starts with one of the labels.
fn starts_with_label(row: &Row, labels: &[&str]) -> bool {
    let Some(first) = row.cells.iter().find(|c| !c.is_blank()) else { return false };
    let s = simplify(first.text.trim());
    labels.iter().any(|l| {
        s.strip_prefix(l).is_some_and(|r| {
            let r = super::block::strip_bracket_unit(r.trim_start()).trim();
            r.is_empty() || r.starts_with([':', '：'])
        })
    })
}

/// Every label that opens or fills a project.
const ROW_LABELS: [&str; 28] = [
    "项目名称", "实施单位", "单位名称", "项目单位", "使用单位", "年度绩效目标", "总体绩效目标", "项目绩效目标", "绩效目标",
    "年度目标", "总体目标", "预期目标", "中期目标", "长期目标", "实施期目标", "项目资金总额", "年度资金总额", "资金总额", "预算金额",
    "项目金额", "预算数", "年初预算数", "财政拨款", "财政专户拨款", "其他资金", "投入目标", "项目类别", "主管部门",
];

/// Fills the current draft from the labels of a row; opens a project at 项目名称.
/// Returns whether the row held a label, and whether its value was the next row.
fn take_labels(walk: &mut Walk, rows: &[Row], at: usize) -> (bool, bool) {
    let row = &rows[at];
    let mut any = false;
    let mut next = false;
    let mut seen = |v: &(String, bool)| {
        any = true;
        next |= v.1;
    };
    if let Some(name) = labels_value(rows, at, &["项目名称"]) {
        seen(&name);
        walk.open_project(strip_code(&name.0));
    }
    if let Some(u) = labels_value(rows, at, &UNIT_LABELS) {
        seen(&u);
        walk.draft().unit = Some(strip_code(&u.0));
    }
    let d = walk.draft();
    if d.goal.is_none() {
        if let Some(g) = labels_value(rows, at, &GOAL_LABELS) {
            seen(&g);
            d.goal = Some(g.0);
        }
    }
    if d.period_goal.is_none() {
        if let Some(g) = labels_value(rows, at, &PERIOD_GOAL_LABELS) {
            seen(&g);
            d.period_goal = Some(g.0);
        }
    }
    for (labels, which) in
        [(&TOTAL_LABELS[..], 0), (&FISCAL_LABELS[..], 1), (&SPECIAL_LABELS[..], 2), (&OTHER_LABELS[..], 3)]
    {
        let slot = match which {
            0 => &mut d.amounts.total,
            1 => &mut d.amounts.fiscal,
            2 => &mut d.amounts.special_account,
            _ => &mut d.amounts.other,
        };
        if slot.is_none() {
            if let Some(v) = labels_value(rows, at, labels) {
                if let Some(a) = amount_text(&v.0) {
                    seen(&v);
                    *slot = Some(a);
                }
            }
        }
    }
    (any || starts_with_label(row, &ROW_LABELS), next)
}

/// A second header row under the first: cells that name the parts of a merged
/// header cell (`指标值` over `2021年实际实现值 | 预期2022年实现值`).
fn sub_header(row: &Row, header: &Header) -> Option<Vec<Col>> {
    if row.cells.len() != header.cols.len() || row.filled() == 0 {
        return None;
    }
    let mut cols = header.cols.clone();
    for (i, c) in row.cells.iter().enumerate() {
        let t = c.text.trim();
        if t.is_empty() {
            continue;
        }
        let kind = column_kind(t);
        let s = simplify(t);
        if kind == Col::Ignore && !(s.contains("值") || s.contains("备注")) {
            return None;
        }
        cols[i] = kind;
    }
    Some(cols)
}

/// Reads the grid's rows from `start`.
pub fn walk(grid: &Grid, start: usize) -> Walk {
    let mut w = Walk::default();
    let rows = &grid.rows;
    let mut table: Option<Table> = None;
    let mut i = start;
    while i < rows.len() {
        let row = &rows[i];
        if row.is_blank() {
            i += 1;
            continue;
        }
        if let Some(h) = header_at(grid, i) {
            let next = h.last_row + 1;
            let repeated = table.as_ref().is_some_and(|t| t.header.cols == h.cols);
            if !repeated {
                w.project_seen |= h.cols.contains(&Col::Project);
                let mut h = h;
                let mut after = next;
                if grid.split != Split::PerLine {
                    if let Some(cols) = rows.get(next).and_then(|r| sub_header(r, &h)) {
                        h.cols = cols;
                        for (t, c) in h.texts.iter_mut().zip(rows[next].cells.iter()) {
                            if !c.is_blank() {
                                *t = c.text.trim().to_string();
                            }
                        }
                        h.last_row = next;
                        after = next + 1;
                    }
                }
                let groups = match h.second_group {
                    Some(s) => vec![(0..s, Carry::default()), (s..h.cols.len(), Carry::default())],
                    None => vec![(0..h.cols.len(), Carry::default())],
                };
                w.headers.push((row.line, h.clone()));
                let compact = grid.split == Split::PerLine && is_compact(grid, after, &h);
                table = Some(Table { header: h, groups, project: None, rows: 0, compact });
                i = after;
            } else {
                i = next;
            }
            continue;
        }
        let in_table = table.is_some();
        let label_row = if in_table { starts_with_label(row, &ROW_LABELS) } else { true };
        if label_row {
            let (label, took_next) = take_labels(&mut w, rows, i);
            if label {
                if let Some(t) = table.as_mut() {
                    for g in &mut t.groups {
                        g.1 = Carry::default();
                    }
                    t.rows = 0;
                }
                i += if took_next { 2 } else { 1 };
                continue;
            }
        }
        let Some(t) = table.as_mut() else {
            i += 1;
            continue;
        };
        if grid.split == Split::PerLine {
            i = per_line_row(grid, i, t, &mut w);
            continue;
        }
        if matches!(grid.split, Split::Single | Split::Pipes | Split::Wide | Split::Flat) && is_prose(row) {
            i += 1;
            continue;
        }
        if t.groups.len() == 1 && t.rows > 0 {
            let prev = w.drafts.last().and_then(|d| d.indicators.last());
            if let Some(cells) = prev.and_then(|p| continuation_cells(row, &t.header, p, grid.split)) {
                let di = w.drafts.len() - 1;
                let mut pieces = Vec::new();
                let d = w.draft();
                let pi = d.indicators.len() - 1;
                if let Some(prev) = d.indicators.last_mut() {
                    continue_indicator(prev, &t.header.cols, &(0..t.header.cols.len()), &cells, |p| pieces.push(p));
                }
                w.standard_cells.extend(pieces.into_iter().map(|p| (di, false, pi, p)));
                i += 1;
                continue;
            }
        }
        let (cells, cost) = row_cells(row, &t.header, grid.split);
        w.align_cost += cost;
        w.aligned_rows += 1;
        take_row(&mut w, t, row, &cells, grid.split);
        i += 1;
    }
    w
}

/// A line of running text under or between tables (a note, a paragraph).
fn is_prose(row: &Row) -> bool {
    let t = row.raw.trim();
    let s = simplify(t);
    (row.filled() <= 1 && t.chars().count() > 60 && !s.contains("指标"))
        || s.starts_with("注：")
        || s.starts_with("注:")
        || s.starts_with("备注：")
        || s.starts_with("说明：")
}

/// True when a table written one cell per line prints no blank line for its
/// empty (merged) cells: no blank line among the first rows' worth of lines.
fn is_compact(grid: &Grid, from: usize, h: &Header) -> bool {
    let n = h.cols.len();
    let levels = h.cols.iter().any(|c| matches!(c, Col::Level1 | Col::Level2));
    let ahead: Vec<&Row> = grid.rows.iter().skip(from).take(3 * n).collect();
    levels && h.second_group.is_none() && ahead.len() >= n && ahead.iter().all(|r| !r.is_blank())
}

/// Reads one row of a compact one-cell-per-line table: cells up to the next
/// level-1 name, the next level-2 name or name after this row's name, or the
/// next name after this row's value. Returns the index after them.
fn compact_row(grid: &Grid, start: usize, t: &mut Table, w: &mut Walk) -> usize {
    let rows = &grid.rows;
    let mut texts: Vec<String> = Vec::new();
    let (mut have_name, mut have_value) = (false, false);
    let mut i = start;
    while i < rows.len() {
        let text = rows[i].cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default();
        if text.is_empty() {
            break;
        }
        let k = kind_of(&text);
        if !texts.is_empty() {
            let new_row = k == Kind::Level1
                || (k == Kind::Level2 && have_name)
                || (have_value && matches!(k, Kind::Text | Kind::LongText | Kind::Level2))
                || header_at(grid, i).is_some()
                || starts_with_label(&rows[i], &ROW_LABELS);
            if new_row {
                break;
            }
        }
        match k {
            Kind::Text | Kind::LongText => have_name = true,
            Kind::Value | Kind::Number => have_value |= have_name,
            _ => {}
        }
        texts.push(text);
        i += 1;
    }
    if texts.is_empty() {
        return start + 1;
    }
    if texts.len() == 1 && is_prose(&rows[start]) {
        return i;
    }
    let row = Row { line: rows[start].line, raw: texts.join("\t"), cells: Vec::new() };
    let a = align_free(&texts, &t.header.cols, 0, Split::PerLine, &[]);
    w.align_cost += a.cost;
    w.aligned_rows += 1;
    take_row(w, t, &row, &a.cells, Split::PerLine);
    i
}

/// Reads one row of a table written one cell per line: the next cells, as many
/// as the header has columns. Returns the index after them.
fn per_line_row(grid: &Grid, start: usize, t: &mut Table, w: &mut Walk) -> usize {
    if t.compact {
        return compact_row(grid, start, t, w);
    }
    let n = t.header.cols.len();
    let rows = &grid.rows;
    let mut texts = Vec::with_capacity(n);
    let mut i = start;
    while texts.len() < n && i < rows.len() {
        if texts.is_empty() && rows[i].is_blank() {
            i += 1;
            continue;
        }
        if !texts.is_empty() && (header_at(grid, i).is_some() || starts_with_label(&rows[i], &["项目名称"])) {
            break;
        }
        texts.push(rows[i].cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default());
        i += 1;
    }
    if texts.is_empty() {
        return i.max(start + 1);
    }
    if texts.len() < n {
        w.warn(
            rows[start].line,
            format!("the table ends in the middle of a row: {} of its {n} cells were read", texts.len()),
        );
    }
    if texts.len() == 1 && is_prose(&rows[start]) {
        return i;
    }
    let row = Row { line: rows[start].line, raw: texts.join("\t"), cells: Vec::new() };
    let cells = positional(texts, n);
    take_row(w, t, &row, &cells, Split::PerLine);
    i.max(start + 1)
}

/// Reads one data row (its cells one per column) into the current project.
fn take_row(w: &mut Walk, t: &mut Table, row: &Row, cells: &[String], split: Split) {
    let cols = t.header.cols.clone();
    let get = |range: &std::ops::Range<usize>, kind: Col| -> Option<String> {
        let i = range.clone().find(|&i| cols[i] == kind)?;
        clean_opt(cells.get(i)?)
    };
    let whole = 0..cols.len();
    if let Some(p) = get(&whole, Col::Project) {
        if t.project.as_deref() != Some(p.as_str()) {
            t.project = Some(p.clone());
            w.open_project(p);
            for g in &mut t.groups {
                g.1 = Carry::default();
            }
        }
    }
    {
        let d = w.draft();
        if d.goal.is_none() {
            d.goal = get(&whole, Col::Goal);
        }
        for (kind, slot) in [
            (Col::Total, &mut d.amounts.total),
            (Col::Fiscal, &mut d.amounts.fiscal),
            (Col::Special, &mut d.amounts.special_account),
            (Col::Other, &mut d.amounts.other),
        ] {
            if slot.is_none() {
                *slot = get(&whole, kind).and_then(|v| amount_text(&v));
            }
        }
    }
    let two = t.groups.len() > 1;
    let mut read_any = false;
    for gi in 0..t.groups.len() {
        let range = t.groups[gi].0.clone();
        let long = two && gi == 0;
        let name = get(&range, Col::Name);
        let level1 = get(&range, Col::Level1);
        let level2 = get(&range, Col::Level2);
        let carry = &mut t.groups[gi].1;
        if let Some(l1) = &level1 {
            carry.level1 = level_of(l1, true);
            carry.level2 = (None, None);
        }
        if let Some(l2) = &level2 {
            carry.level2 = level_of(l2, false);
        }
        let carry = carry.clone();
        let draft_index = w.drafts.len().saturating_sub(1);
        let filled = range.clone().filter(|&i| cells.get(i).is_some_and(|c| !c.trim().is_empty())).count();
        if filled == 0 {
            continue;
        }
        let d = w.draft();
        let (list, lines) = if long { (&mut d.long_term, &mut d.long_lines) } else { (&mut d.indicators, &mut d.lines) };
        let only_name = name.is_some() && filled == 1;
        if only_name && !matches!(split, Split::Tabs | Split::Office | Split::PerLine) && !list.is_empty() {
            // A drawn table wraps a long name into the next line, every other cell blank.
            if let (Some(prev), Some(n)) = (list.last_mut(), &name) {
                prev.name.push_str(n);
            }
            read_any = true;
            continue;
        }
        let Some(name) = name else {
            if level1.is_some() || level2.is_some() {
                read_any = true;
                continue;
            }
            // A wrapped cell: the row continues the indicator above.
            let prev_index = list.len().checked_sub(1);
            let Some(prev) = list.last_mut() else {
                w.dropped_rows += 1;
                w.warn(row.line, "a row with no indicator name (三级指标) and no indicator above it was skipped");
                continue;
            };
            let mut pieces = Vec::new();
            continue_indicator(prev, &cols, &range, cells, |piece| pieces.push(piece));
            let pi = prev_index.unwrap_or(0);
            w.standard_cells.extend(pieces.into_iter().map(|p| (draft_index, long, pi, p)));
            read_any = true;
            continue;
        };
        let mut ind = Indicator::named(name);
        ind.level1_code = carry.level1.0.clone();
        ind.level1 = carry.level1.1.clone();
        ind.level2_code = carry.level2.0.clone();
        ind.level2 = carry.level2.1.clone();
        ind.seq = get(&range, Col::Seq).and_then(|s| s.trim_end_matches(['.', '、', '．']).parse().ok());
        ind.explanation = get(&range, Col::Explanation);
        ind.period_value = get(&range, Col::Period);
        ind.annual_value = get(&range, Col::Annual);
        ind.comparator = get(&range, Col::Comparator);
        ind.unit = get(&range, Col::Unit);
        ind.nature = get(&range, Col::Nature);
        ind.direction = get(&range, Col::Direction);
        ind.standard = get(&range, Col::Standard);
        ind.weight = get(&range, Col::Weight).and_then(|w| weight_of(&w));
        if long && ind.annual_value.is_none() {
            // The long-term group's value is the plan's value over its period.
            ind.annual_value = ind.period_value.take();
        }
        let std_cell = get(&range, Col::StandardOrValue);
        list.push(ind);
        lines.push((row.line, level1.is_some()));
        t.rows += 1;
        let idx = list.len() - 1;
        if let Some(v) = std_cell {
            w.standard_cells.push((draft_index, long, idx, v));
        }
        read_any = true;
    }
    if !read_any {
        w.dropped_rows += 1;
    }
}

/// Adds the cells of a continuation row to the indicator above: empty fields
/// are filled, text fields continued.
fn continue_indicator(
    prev: &mut Indicator,
    cols: &[Col],
    range: &std::ops::Range<usize>,
    cells: &[String],
    mut standard: impl FnMut(String),
) {
    for i in range.clone() {
        let Some(piece) = cells.get(i).and_then(|c| clean_opt(c)) else { continue };
        let field = match cols[i] {
            Col::Explanation => &mut prev.explanation,
            Col::Period => &mut prev.period_value,
            Col::Annual => &mut prev.annual_value,
            Col::Comparator => &mut prev.comparator,
            Col::Unit => &mut prev.unit,
            Col::Nature => &mut prev.nature,
            Col::Direction => &mut prev.direction,
            Col::Standard => &mut prev.standard,
            Col::Weight => {
                if prev.weight.is_none() {
                    prev.weight = weight_of(&piece);
                }
                continue;
            }
            Col::StandardOrValue => {
                standard(piece);
                continue;
            }
            _ => continue,
        };
        *field = Some(match field.take() {
            Some(old) => format!("{old}{piece}"),
            None => piece,
        });
    }
}

/// Reads the qualitative value lines after an indicator row of a table split
/// by single spaces or pipes: a short row that is no category and no name
/// continues the row above when that row lacks its value, or holds only
/// numbers, units and signs. Returns the cells for the columns, or `None` when
/// the row is a row of its own.
pub fn continuation_cells(row: &Row, header: &Header, prev: &Indicator, split: Split) -> Option<Vec<String>> {
    if !matches!(split, Split::Single | Split::Pipes) {
        return None;
    }
    let texts: Vec<String> = row.cells.iter().map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty()).collect();
    if texts.is_empty() || texts.len() > 3 {
        return None;
    }
    let kinds: Vec<Kind> = texts.iter().map(|t| kind_of(t)).collect();
    if matches!(kinds[0], Kind::Level1 | Kind::Level2) {
        return None;
    }
    let lacks_value = prev.annual_value.is_none() && prev.period_value.is_none();
    let all_small = kinds.iter().all(|k| matches!(k, Kind::Number | Kind::Weight | Kind::Unit | Kind::Nature | Kind::Comparator | Kind::Value));
    if !(lacks_value || all_small) {
        return None;
    }
    let name_at = header.cols.iter().position(|c| *c == Col::Name)?;
    let taken: Vec<bool> = header
        .cols
        .iter()
        .map(|c| match c {
            Col::Annual => prev.annual_value.is_some(),
            Col::Period => prev.period_value.is_some(),
            Col::Unit => prev.unit.is_some(),
            Col::Nature => prev.nature.is_some(),
            Col::Direction => prev.direction.is_some(),
            Col::Comparator => prev.comparator.is_some(),
            Col::Weight => prev.weight.is_some(),
            Col::Explanation => prev.explanation.is_some(),
            Col::Standard => prev.standard.is_some(),
            _ => false,
        })
        .collect();
    let a = align_free(&texts, &header.cols, name_at + 1, split, &taken);
    Some(a.cells)
}
