//! The cells of a data row, one per header column, however the row was split:
//! by position, by the kinds of its cells, by its start columns, or by
//! vocabulary for rows run together.

use super::cells::{align_free, kind_of, level1_text, strip_weight, Kind};
use super::columns::{Col, Header};
use super::fixups::split_flat_row;
use crate::grid::{Row, Split};
use crate::text::{parse_amount, split_code_name, split_wide, SpacedCell};
use rust_decimal::Decimal;

/// The cells of a row for a table's columns: one per column.
pub fn row_cells(row: &Row, header: &Header, split: Split) -> (Vec<String>, f32) {
    let n = header.cols.len();
    let mut texts: Vec<String> = row.cells.iter().map(|c| c.text.trim().to_string()).collect();
    match split {
        Split::Tabs | Split::Office | Split::PerLine => (positional(texts, n), 0.0),
        Split::Pipes if texts.len() >= n => (positional(texts, n), 0.0),
        Split::Wide if texts.len() >= n => (positional(texts, n), 0.0),
        Split::Wide => {
            let spaced = split_wide(&row.raw);
            (by_position(&spaced, header), 0.0)
        }
        Split::Flat => {
            let text = texts.concat();
            let explained = header.cols.contains(&Col::Explanation);
            let r = split_flat_row(&text, explained);
            let mut out = vec![String::new(); n];
            let mut put = |kind: Col, v: Option<String>| {
                if let (Some(i), Some(v)) = (header.cols.iter().position(|c| *c == kind), v) {
                    out[i] = v;
                }
            };
            put(Col::Level1, r.level1);
            put(Col::Level2, r.level2);
            put(Col::Name, Some(r.name));
            put(Col::Explanation, r.explanation);
            let value_col = [Col::Annual, Col::StandardOrValue, Col::Period].into_iter().find(|c| header.cols.contains(c));
            if let Some(c) = value_col {
                put(c, r.value);
            }
            (out, 0.0)
        }
        Split::Pipes | Split::Single => {
            while texts.last().is_some_and(|t| t.is_empty()) {
                texts.pop();
            }
            let texts = join_lone_signs(texts, &header.cols);
            let a = align_free(&texts, &header.cols, 0, split, &[]);
            (a.cells, a.cost)
        }
    }
}

/// A comparator sign alone in a cell joins the value after it when no column holds comparators.
fn join_lone_signs(texts: Vec<String>, cols: &[Col]) -> Vec<String> {
    let has_cmp = cols.contains(&Col::Comparator);
    let has_dir = cols.contains(&Col::Direction) || cols.contains(&Col::Nature);
    let mut out: Vec<String> = Vec::with_capacity(texts.len());
    let mut pending: Option<String> = None;
    for t in texts {
        if let Some(p) = pending.take() {
            if matches!(kind_of(&t), Kind::Number | Kind::Value) {
                out.push(format!("{p}{t}"));
                continue;
            }
            out.push(p);
        }
        // A spreadsheet date serial printed twice (value and unit cells): the copy goes.
        let digits: String = t.chars().filter(|c| *c != ',').collect();
        let serial = digits.len() == 5 && digits.parse::<i64>().is_ok_and(|d| (36526..=54789).contains(&d));
        if serial && out.last().is_some_and(|p| p.ends_with(t.as_str())) {
            continue;
        }
        let sign = matches!(t.as_str(), "≥" | "≤" | ">=" | "<=" | ">" | "<" | "=" | "＝");
        if !has_cmp && kind_of(&t) == Kind::Comparator && (sign || !has_dir) {
            pending = Some(t);
            continue;
        }
        out.push(t);
    }
    out.extend(pending);
    out
}

/// Cells taken in order, one per column; extra cells joined to the last column.
pub fn positional(texts: Vec<String>, n: usize) -> Vec<String> {
    let mut out: Vec<String> = texts.iter().take(n).cloned().collect();
    let extra: Vec<&String> = texts.iter().skip(n).filter(|c| !c.is_empty()).collect();
    if let Some(last) = out.last_mut() {
        for e in extra {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(e);
        }
    }
    out.resize(n, String::new());
    out
}

/// Assigns space-aligned cells to header columns by their start position, in the
/// metric (characters or display width) that fits better.
fn by_position(cells: &[SpacedCell], header: &Header) -> Vec<String> {
    let n = header.cols.len();
    let mut best: Option<(usize, Vec<String>)> = None;
    for by_width in [false, true] {
        let hpos = if by_width { &header.width_cols } else { &header.char_cols };
        let mut out = vec![String::new(); n];
        let mut cost = 0usize;
        let mut next_free = 0usize;
        for (k, cell) in cells.iter().enumerate() {
            let pos = if by_width { cell.width_col } else { cell.char_col };
            let remaining = cells.len() - k - 1;
            let last_allowed = n.saturating_sub(1 + remaining).max(next_free);
            let mut pick = next_free.min(n.saturating_sub(1));
            let mut pick_d = usize::MAX;
            for (j, hp) in hpos.iter().enumerate().take(last_allowed + 1).skip(next_free) {
                let d = hp.abs_diff(pos);
                if d < pick_d {
                    pick_d = d;
                    pick = j;
                }
            }
            cost = cost.saturating_add(if pick_d == usize::MAX { 1000 } else { pick_d });
            if let Some(slot) = out.get_mut(pick) {
                if !slot.is_empty() {
                    slot.push(' ');
                }
                slot.push_str(cell.text.trim());
            }
            next_free = (pick + 1).min(n);
        }
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, out));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// A 分值 / 权重 cell as a number: `10`, `10分`, `10%`, `10.5`.
pub fn weight_of(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let t = t.strip_suffix('分').or_else(|| t.strip_suffix('%')).or_else(|| t.strip_suffix('％')).unwrap_or(t);
    parse_amount(t).ok().flatten()
}

/// The level name of a cell: code split off, weight suffix dropped.
pub fn level_of(cell: &str, level1: bool) -> (Option<String>, Option<String>) {
    let (code, name) = split_code_name(cell);
    if level1 {
        if let Some((n, _)) = level1_text(&name) {
            return (code, Some(n));
        }
    }
    let (n, _) = strip_weight(&name);
    (code, Some(n.to_string()))
}
