//! CSV in and out. Out: the official layout flattened to one row per indicator
//! (every merged cell's text repeated on each of its rows), UTF-8 with a BOM so
//! that Excel opens it as Chinese text. In: RFC 4180 fields into a table.

use crate::layout::Sheet;
use crate::table::{Table, MAX_CELLS, MAX_COLS, MAX_ROWS};

/// The laid-out table as CSV bytes.
pub fn write(sheet: &Sheet) -> Vec<u8> {
    let mut cells: Vec<Vec<String>> = sheet.cells.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect();
    // Spread merged cells below the note row: each row carries its unit, project and categories.
    for m in &sheet.merges {
        if m.row < 2 {
            continue;
        }
        let text = cells[m.row][m.col].clone();
        for row in cells.iter_mut().skip(m.row).take(m.rows) {
            for cell in row.iter_mut().skip(m.col).take(m.cols) {
                cell.clone_from(&text);
            }
        }
    }
    let mut out = String::from("\u{feff}");
    for row in &cells {
        let fields: Vec<String> = row.iter().map(|f| quote(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn quote(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

/// Parses CSV text into rows of fields; `None` when it is not well-formed CSV.
pub fn parse(text: &str) -> Option<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut cells = 0usize;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                cells += row.len();
                rows.push(std::mem::take(&mut row));
                at_start = true;
                if rows.len() > MAX_ROWS || cells > MAX_CELLS {
                    return None;
                }
            }
            _ => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return None;
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    if rows.iter().any(|r| r.len() > MAX_COLS) {
        return None;
    }
    Some(rows)
}

/// True when a text reads as CSV: no tabs, and most of its rows have the same
/// number of fields, at least four.
pub fn looks_like_csv(text: &str) -> bool {
    if text.contains('\t') || !text.contains(',') {
        return false;
    }
    let Some(rows) = parse(text) else { return false };
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| r.iter().any(|f| !f.trim().is_empty())).collect();
    if rows.len() < 3 {
        return false;
    }
    let mut counts = std::collections::HashMap::new();
    for r in &rows {
        *counts.entry(r.len()).or_insert(0usize) += 1;
    }
    let (width, n) = counts.into_iter().max_by_key(|&(w, n)| (n, w)).unwrap_or((0, 0));
    width >= 4 && n * 10 >= rows.len() * 8
}

/// A CSV text as a table (no merged cells).
pub fn table(text: &str) -> Option<Table> {
    parse(text).map(|rows| Table::new("CSV", rows, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_quotes() {
        let rows = parse("a,\"b,c\",\"d\"\"e\"\r\n,\"多\n行\",x\n").unwrap();
        assert_eq!(rows, vec![vec!["a", "b,c", "d\"e"], vec!["", "多\n行", "x"]]);
        assert!(parse("a,\"open").is_none());
        assert_eq!(quote("x,y"), "\"x,y\"");
    }

    #[test]
    fn only_regular_rows_look_like_csv() {
        assert!(looks_like_csv("a,b,c,d\n1,2,3,4\n5,6,7,8\n"));
        assert!(!looks_like_csv("合计\t1,295.82\n"));
        assert!(!looks_like_csv("1、产出指标,数量指标\n说明\n其他,x\n"));
    }
}
