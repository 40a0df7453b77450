//! HTML pages to tables: every innermost `<table>` (a page's layout tables
//! around the content are chrome), rowspan and colspan honoured, line breaks
//! inside cells kept, entities decoded.

use crate::table::{Merge, Table, MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::OfficeError;

/// True when a text looks like an HTML page or fragment holding a table.
pub fn is_html(text: &str) -> bool {
    let head: String = text.trim_start_matches('\u{feff}').trim_start().chars().take(2048).collect::<String>().to_ascii_lowercase();
    let starts = head.starts_with('<');
    starts && (head.contains("<html") || head.contains("<!doctype html") || head.contains("<table") || text.to_ascii_lowercase().contains("<table"))
}

/// Reads the tables of an HTML text.
pub fn read(text: &str) -> Result<Vec<Table>, OfficeError> {
    let dom = tl::parse(text, tl::ParserOptions::default())
        .map_err(|e| OfficeError::whole(format!("the HTML cannot be parsed: {e}")))?;
    let parser = dom.parser();
    let mut tables = Vec::new();
    let mut n = 0;
    for handle in dom.query_selector("table").into_iter().flatten() {
        let Some(tag) = handle.get(parser).and_then(|n| n.as_tag()) else { continue };
        n += 1;
        // Layout tables that hold other tables are page chrome.
        let nested = tag.query_selector(parser, "table").is_some_and(|mut it| it.next().is_some());
        if nested {
            continue;
        }
        let place = format!("table {n}");
        let rows = rows_of(tag, parser);
        let table = lay_out(&place, rows)?;
        if !table.is_blank() {
            tables.push(table);
        }
    }
    Ok(tables)
}

/// A cell as written: text and spans.
pub(crate) struct Written {
    pub text: String,
    pub rows: usize,
    pub cols: usize,
}

/// Places written rows of cells (with spans) on a grid, as browsers do.
pub(crate) fn lay_out(place: &str, rows: Vec<Vec<Written>>) -> Result<Table, OfficeError> {
    if rows.len() > MAX_ROWS {
        return Err(OfficeError::at(place, format!("{} rows: more than the {MAX_ROWS} jixiao reads", rows.len())));
    }
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
    let mut merges = Vec::new();
    let mut count = 0usize;
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for w in row {
            while taken[r].get(c).copied().unwrap_or(false) {
                c += 1;
            }
            let span_r = w.rows.clamp(1, 1000).min(cells.len() - r);
            let span_c = w.cols.clamp(1, 1000);
            if c + span_c > MAX_COLS {
                return Err(OfficeError::at(&format!("{place}, row {}", r + 1), format!("more than {MAX_COLS} columns")));
            }
            count += span_r * span_c;
            if count > MAX_CELLS {
                return Err(OfficeError::at(place, format!("more than {MAX_CELLS} cells")));
            }
            for y in r..r + span_r {
                if taken[y].len() < c + span_c {
                    taken[y].resize(c + span_c, false);
                    cells[y].resize(c + span_c, String::new());
                }
                taken[y][c..c + span_c].iter_mut().for_each(|t| *t = true);
            }
            cells[r][c] = w.text;
            if span_r > 1 || span_c > 1 {
                merges.push(Merge { row: r, col: c, rows: span_r, cols: span_c });
            }
            c += span_c;
        }
    }
    Ok(Table::new(place, cells, &merges))
}

/// The rows of a table element: `<tr>` under it, its `<thead>`, `<tbody>` and `<tfoot>`.
fn rows_of(table: &tl::HTMLTag, parser: &tl::Parser) -> Vec<Vec<Written>> {
    let mut out = Vec::new();
    let mut stack: Vec<tl::NodeHandle> = table.children().top().iter().copied().collect::<Vec<_>>().into_iter().rev().collect();
    while let Some(h) = stack.pop() {
        let Some(tag) = h.get(parser).and_then(|n| n.as_tag()) else { continue };
        let name = tag.name().as_utf8_str().to_ascii_lowercase();
        match name.as_str() {
            "tr" => {
                let mut row = Vec::new();
                for ch in tag.children().top().iter() {
                    let Some(cell) = ch.get(parser).and_then(|n| n.as_tag()) else { continue };
                    let cname = cell.name().as_utf8_str().to_ascii_lowercase();
                    if cname != "td" && cname != "th" {
                        continue;
                    }
                    let span = |a: &str| {
                        cell.attributes()
                            .get(a)
                            .flatten()
                            .and_then(|v| v.as_utf8_str().trim().parse::<usize>().ok())
                            .unwrap_or(1)
                    };
                    let mut text = String::new();
                    text_of(ch, parser, &mut text);
                    row.push(Written { text: clean_text(&text), rows: span("rowspan"), cols: span("colspan") });
                }
                out.push(row);
            }
            "thead" | "tbody" | "tfoot" => stack.extend(tag.children().top().iter().copied().collect::<Vec<_>>().into_iter().rev()),
            _ => {}
        }
    }
    out
}

/// The text of a node, with `<br>`, `<p>` and `<div>` as line breaks.
fn text_of(h: &tl::NodeHandle, parser: &tl::Parser, out: &mut String) {
    match h.get(parser) {
        Some(tl::Node::Raw(b)) => out.push_str(&decode_entities(&b.as_utf8_str())),
        Some(tl::Node::Tag(t)) => {
            let name = t.name().as_utf8_str().to_ascii_lowercase();
            if matches!(name.as_str(), "script" | "style") {
                return;
            }
            let block = matches!(name.as_str(), "p" | "div" | "li");
            if name == "br" || (block && !out.is_empty()) {
                out.push('\n');
            }
            for ch in t.children().top().iter() {
                text_of(ch, parser, out);
            }
            if block {
                out.push('\n');
            }
        }
        _ => {}
    }
}

/// White space inside lines collapsed as a browser shows it; line breaks kept.
fn clean_text(s: &str) -> String {
    s.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes character references: named ones tables use, and numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let ch = match name {
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "ge" => Some('≥'),
                "le" => Some('≤'),
                "times" => Some('×'),
                "middot" => Some('·'),
                _ => {
                    let n = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"));
                    match n {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    }
                    .and_then(char::from_u32)
                }
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rowspan_and_colspan_place_cells() {
        let html = "<html><body><table><tr><td>nav</td></tr><tr><td><table>\
            <tr><th rowspan=2>一级指标</th><th colspan=2>值</th></tr>\
            <tr><td>a&amp;b</td><td>≥90<br>%</td></tr></table></td></tr></table></body></html>";
        let tables = read(html).unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.cells[0], ["一级指标", "值", ""]);
        assert_eq!(t.shown(1, 0), "一级指标");
        assert_eq!(t.cells[1][1], "a&b");
        assert_eq!(t.cells[1][2], "≥90\n%");
        assert!(is_html(html));
        assert!(!is_html("项目\t值"));
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("&#8805;90&#x25;&nbsp;&bogus; & x"), "≥90% &bogus; & x");
    }
}
