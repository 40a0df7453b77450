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

/// Walks the fields of CSV text: `emit(field, ends_row)` for each field,
/// returning false to stop early. `None` when the text is not well-formed
/// (a quote left open). Fields are slices of the text unless quotes or
/// carriage returns had to be taken out.
fn walk<'t>(text: &'t str, mut emit: impl FnMut(std::borrow::Cow<'t, str>, bool) -> bool) -> Option<()> {
    use std::borrow::Cow;
    let s = text.trim_start_matches('\u{feff}');
    let b = s.as_bytes();
    let n = b.len();
    let to_delimiter = |from: usize| from + b[from..].iter().position(|&c| c == b',' || c == b'\n').unwrap_or(n - from);
    let unquoted = |raw: &'t str| if raw.contains('\r') { Cow::Owned(raw.replace('\r', "")) } else { Cow::Borrowed(raw) };
    let mut i = 0;
    let mut row_open = false;
    while i < n {
        let (field, end) = if b[i] == b'"' {
            // A quoted field: doubled quotes are one; text after the closing quote is kept.
            let mut out = String::new();
            let mut from = i + 1;
            loop {
                let q = from + b[from..].iter().position(|&c| c == b'"')?;
                if b.get(q + 1) == Some(&b'"') {
                    out.push_str(&s[from..=q]);
                    from = q + 2;
                } else {
                    out.push_str(&s[from..q]);
                    from = q + 1;
                    break;
                }
            }
            let end = to_delimiter(from);
            out.push_str(&unquoted(&s[from..end]));
            (Cow::Owned(out), end)
        } else {
            let end = to_delimiter(i);
            (unquoted(&s[i..end]), end)
        };
        let ends_row = end >= n || b[end] == b'\n';
        // A last line without its newline ends the row; an empty one adds nothing.
        if end >= n && !row_open && field.is_empty() {
            return Some(());
        }
        if !emit(field, ends_row) {
            return Some(());
        }
        row_open = !ends_row;
        i = end + 1;
        if i >= n && end < n && b[end] == b',' {
            // A trailing comma: one more empty field ends the last row.
            emit(Cow::Borrowed(""), true);
        }
    }
    Some(())
}

/// Parses CSV text into rows of fields; `None` when it is not well-formed CSV.
pub fn parse(text: &str) -> Option<Vec<Vec<String>>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let (mut cells, mut over) = (0usize, false);
    walk(text, |field, ends_row| {
        row.push(field.into_owned());
        if ends_row {
            cells += row.len();
            over = row.len() > MAX_COLS;
            // Rows as wide as the last one, held at their length (a large
            // file's rows would otherwise keep up to twice their cells).
            let width = row.len();
            row.shrink_to_fit();
            rows.push(std::mem::replace(&mut row, Vec::with_capacity(width)));
            over |= rows.len() > MAX_ROWS || cells > MAX_CELLS;
        }
        !over
    })?;
    if over {
        return None;
    }
    Some(rows)
}

/// Rows a text's look as CSV is judged on.
const SAMPLE_ROWS: usize = 2_000;

/// True when a text reads as CSV: no tabs, and most of its rows (of the first
/// [`SAMPLE_ROWS`]) have the same number of fields, at least four.
pub fn looks_like_csv(text: &str) -> bool {
    if text.contains('\t') || !text.contains(',') {
        return false;
    }
    // Fields per row that holds any text, counted without keeping the fields.
    let mut widths: Vec<usize> = Vec::new();
    let (mut fields, mut blank) = (0usize, true);
    let ok = walk(text, |field, ends_row| {
        fields += 1;
        blank &= field.trim().is_empty();
        if ends_row {
            if !blank {
                widths.push(fields);
            }
            (fields, blank) = (0, true);
        }
        widths.len() < SAMPLE_ROWS
    });
    if ok.is_none() || widths.len() < 3 {
        return false;
    }
    let mut counts = std::collections::HashMap::new();
    for w in &widths {
        *counts.entry(*w).or_insert(0usize) += 1;
    }
    let (width, n) = counts.into_iter().max_by_key(|&(w, n)| (n, w)).unwrap_or((0, 0));
    width >= 4 && n * 10 >= widths.len() * 8
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
        // Ends of text and rows: no final newline, a trailing comma, blank lines, CRLF, a BOM.
        let s = |rows: Vec<Vec<String>>| rows.into_iter().map(|r| r.join("|")).collect::<Vec<_>>();
        assert_eq!(s(parse("a,b").unwrap()), ["a|b"]);
        assert_eq!(s(parse("a,\n").unwrap()), ["a|"]);
        assert_eq!(s(parse("a,").unwrap()), ["a|"]);
        assert_eq!(s(parse("\u{feff}a,b\r\n\r\nc,d\r\n").unwrap()), ["a|b", "", "c|d"]);
        assert_eq!(s(parse("\"q\"x,y\"z\"").unwrap()), ["qx|y\"z\""]);
        assert_eq!(s(parse("a,\"\"").unwrap()), ["a|"]);
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn only_regular_rows_look_like_csv() {
        assert!(looks_like_csv("a,b,c,d\n1,2,3,4\n5,6,7,8\n"));
        assert!(!looks_like_csv("合计\t1,295.82\n"));
        assert!(!looks_like_csv("1、产出指标,数量指标\n说明\n其他,x\n"));
    }
}
