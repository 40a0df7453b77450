//! (f) Any other published table of indicator rows under a recognisable header:
//! read by the header-driven interpreter ([`crate::interpret`]), which is also
//! what every table of an unknown layout falls to.
//!
//! This module keeps the questions detection asks about a text's headers.

use crate::grid::{split_text_line, Row, Split};
use crate::interpret::columns::{header_on_row, Col, Header};
use crate::text::{Line, Source};
use crate::ReadError;
use jixiao_core::Document;

/// Reads a table of indicator rows under a recognisable header.
pub fn read(src: &Source) -> Result<Document, ReadError> {
    crate::interpret::read_source(src).map(|r| r.document)
}

/// The split a line's own characters suggest.
fn split_of(raw: &str) -> Split {
    if raw.contains('\t') {
        Split::Tabs
    } else if raw.contains(['|', '│']) {
        Split::Pipes
    } else {
        Split::Wide
    }
}

/// A header on one line, split the way the line suggests (or by `split`).
fn header_of(line: &Line, split: Option<Split>) -> Option<(Split, Header)> {
    // A header names the indicator column: a line without any of its names is no header.
    if !crate::interpret::columns::may_name_indicator_column(line.raw) {
        return None;
    }
    let split = split.unwrap_or_else(|| split_of(line.raw));
    let row = Row { line: line.no, raw: line.raw.to_string(), cells: split_text_line(line.raw, split) };
    header_on_row(&row, 0).map(|h| (split, h))
}

/// True when some line is an indicator table header (一级指标 … 三级指标 … 指标值),
/// written with tabs, pipes or wide spaces, or run together with no separator.
pub fn has_indicator_header(src: &Source) -> bool {
    src.lines.iter().any(|l| {
        let t = l.raw;
        (t.contains("三级指标") && (t.contains("指标值") || t.contains("目标值") || t.contains("绩效标准")))
            || header_of(l, None).is_some_and(|(_, h)| h.cols.contains(&Col::Name) && h.cols.len() >= 3)
    })
}

/// True when the source has an indicator header whose cells are split by pipes
/// or spaces and that names at least four known columns, or a header written
/// one cell per line: a table drawn or copied as text rather than exported with tabs.
pub fn has_drawn_header(src: &Source) -> bool {
    // Split by single spaces, a header finds every column it would find split by wide ones.
    let drawn = src.lines.iter().filter(|l| !l.has_tab()).any(|l| {
        let split = if l.raw.contains(['|', '│']) { Split::Pipes } else { Split::Single };
        header_of(l, Some(split)).is_some_and(|(_, h)| h.known() >= 4)
    });
    drawn || has_per_line_header(src)
}

/// True when at least four lines in a row each name a known column (a table copied cell by cell).
fn has_per_line_header(src: &Source) -> bool {
    use crate::interpret::columns::column_kind;
    // Only a text with a short line naming the indicator column may have one.
    let named = |t: &str| t.len() <= 48 && t.contains("指标") && column_kind(t) == Col::Name;
    if !src.lines.iter().any(|l| named(l.raw.trim())) {
        return false;
    }
    let mut run = 0;
    let mut has_name = false;
    for l in &src.lines {
        let t = l.raw.trim();
        let known = !t.is_empty() && t.len() <= 48 && column_kind(t) != Col::Ignore;
        run = if known { run + 1 } else { 0 };
        has_name = known && (has_name || named(t));
        if run >= 4 && has_name {
            return true;
        }
    }
    false
}

/// True when an indicator header has columns beyond those of the department
/// layouts (c) and (d): 分值 / 权重, 指标性质, 指标方向, 绩效标准 or a standard column.
pub fn has_extra_columns(src: &Source) -> bool {
    const WORDS: [&str; 8] = ["分值", "权重", "性质", "类型", "方向", "标准", "依据", "来源"];
    let may_have = |raw: &str| {
        let squashed: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        WORDS.iter().any(|w| squashed.contains(w))
    };
    src.lines.iter().filter(|l| may_have(l.raw)).filter_map(|l| header_of(l, None)).any(|(_, h)| {
        h.cols.iter().any(|c| matches!(c, Col::Weight | Col::Nature | Col::Direction | Col::Standard | Col::StandardOrValue))
    })
}
