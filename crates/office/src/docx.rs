//! DOCX documents to tables: every innermost `<w:tbl>` of the body, with
//! horizontal spans (`w:gridSpan`) and vertical merges (`w:vMerge`).

use quick_xml::events::Event;

use crate::table::{Merge, Table, MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::OfficeError;

#[derive(Default)]
struct CellDraft {
    text: String,
    span: usize,
    /// None: not merged; Some(true): starts a vertical merge; Some(false): continues one.
    vmerge: Option<bool>,
}

#[derive(Default)]
struct TableDraft {
    rows: Vec<Vec<CellDraft>>,
    nested: bool,
}

/// Reads the tables of a DOCX file.
pub fn read(bytes: &[u8]) -> Result<Vec<Table>, OfficeError> {
    crate::zipcheck::check(bytes)?;
    let xml = crate::zipcheck::part(bytes, "word/document.xml")?
        .ok_or_else(|| OfficeError::whole("the DOCX has no word/document.xml"))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<TableDraft> = Vec::new();
    let mut done: Vec<TableDraft> = Vec::new();
    let mut in_text = false;
    let mut cell_count = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| {
            OfficeError::at("word/document.xml", format!("broken XML at byte {}: {e}", reader.buffer_position()))
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                match name.as_ref() {
                    "tbl" => {
                        if let Some(t) = stack.last_mut() {
                            t.nested = true;
                        }
                        stack.push(TableDraft::default());
                    }
                    "tr" => {
                        if let Some(t) = stack.last_mut() {
                            if t.rows.len() >= MAX_ROWS {
                                return Err(OfficeError::whole(format!("a table of more than {MAX_ROWS} rows")));
                            }
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" => {
                        cell_count += 1;
                        if cell_count > MAX_CELLS {
                            return Err(OfficeError::whole(format!("more than {MAX_CELLS} table cells")));
                        }
                        if let Some(row) = stack.last_mut().and_then(|t| t.rows.last_mut()) {
                            row.push(CellDraft { span: 1, ..CellDraft::default() });
                        }
                    }
                    "gridSpan" | "vMerge" => {
                        let val = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "val")
                            .map(|a| a.value.to_string());
                        if let Some(cell) = current_cell(&mut stack) {
                            if name.as_ref() == "gridSpan" {
                                cell.span = val.and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, MAX_COLS);
                            } else {
                                cell.vmerge = Some(val.as_deref() == Some("restart"));
                            }
                        }
                    }
                    "t" => in_text = !empty,
                    "br" | "cr" => {
                        if let Some(cell) = current_cell(&mut stack) {
                            cell.text.push('\n');
                        }
                    }
                    "tab" => {
                        if let Some(cell) = current_cell(&mut stack) {
                            cell.text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let s = t.xml10_content();
                if let Some(cell) = current_cell(&mut stack) {
                    cell.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                let s = crate::html::decode_entities(&format!("&{name};"));
                if let Some(cell) = current_cell(&mut stack) {
                    cell.text.push_str(&s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some(cell) = current_cell(&mut stack) {
                        if !cell.text.is_empty() {
                            cell.text.push('\n');
                        }
                    }
                }
                "tbl" => {
                    if let Some(t) = stack.pop() {
                        done.push(t);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    let mut tables = Vec::new();
    for (i, t) in done.into_iter().enumerate() {
        if t.nested {
            continue;
        }
        let table = lay_out(&format!("table {}", i + 1), t)?;
        if !table.is_blank() {
            tables.push(table);
        }
    }
    Ok(tables)
}

fn current_cell(stack: &mut [TableDraft]) -> Option<&mut CellDraft> {
    stack.last_mut()?.rows.last_mut()?.last_mut()
}

/// Places the cells on the table's grid and turns vertical merges into regions.
fn lay_out(place: &str, t: TableDraft) -> Result<Table, OfficeError> {
    // (row, col, span, vmerge) of every cell.
    let mut placed: Vec<(usize, usize, usize, Option<bool>)> = Vec::new();
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.into_iter().enumerate() {
        let mut line = Vec::new();
        for cell in row {
            let c = line.len();
            if c + cell.span > MAX_COLS {
                return Err(OfficeError::at(&format!("{place}, row {}", r + 1), format!("more than {MAX_COLS} columns")));
            }
            placed.push((r, c, cell.span, cell.vmerge));
            line.push(if cell.vmerge == Some(false) { String::new() } else { cell.text.trim_end_matches('\n').to_string() });
            line.extend((1..cell.span).map(|_| String::new()));
        }
        cells.push(line);
    }
    let continues: std::collections::HashSet<(usize, usize)> =
        placed.iter().filter(|p| p.3 == Some(false)).map(|p| (p.0, p.1)).collect();
    let mut merges = Vec::new();
    for &(r, c, span, vm) in &placed {
        let mut rows = 1;
        if vm == Some(true) {
            while continues.contains(&(r + rows, c)) {
                rows += 1;
            }
        }
        if rows > 1 || span > 1 {
            merges.push(Merge { row: r, col: c, rows, cols: span });
        }
    }
    Ok(Table::new(place, cells, &merges))
}
