//! The official layout as an XLSX workbook: merged cells, amounts as numbers in
//! the money unit, A4 landscape, header row repeated on every printed page and
//! frozen on screen, page numbers in the footer.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use std::collections::HashMap;

use crate::layout::{OutCell, Sheet, Style};
use crate::table::Merge;

/// The font the workbook asks for (LibreOffice and WPS substitute a CJK font they have).
const FONT: &str = "宋体";

fn format(style: Style, decimals: u32) -> Format {
    let base = Format::new().set_font_name(FONT).set_font_size(10.5);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    match style {
        Style::Title => base.set_font_size(16).set_bold().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter),
        Style::Note => base.set_align(FormatAlign::VerticalCenter),
        Style::Head => cell.set_bold().set_align(FormatAlign::Center).set_background_color("#F2F2F2"),
        Style::Label => cell.set_bold().set_align(FormatAlign::Center),
        Style::Text => cell.set_align(FormatAlign::Left),
        Style::Number => {
            let zeros = "0".repeat(decimals.max(2) as usize);
            cell.set_align(FormatAlign::Right).set_num_format(format!("#,##0.{zeros}"))
        }
    }
}

/// Renders a laid-out table as an XLSX file.
pub fn write(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&sheet.name)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_repeat_rows(sheet.repeat.0 as u32, sheet.repeat.1 as u32)?;
    ws.set_freeze_panes(sheet.repeat.1 as u32 + 1, 0)?;
    let covered = covered(sheet);
    let widths = fit_widths(sheet, &covered);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, h) in row_heights(sheet, &widths, &covered).into_iter().enumerate().skip(1) {
        ws.set_row_height(r as u32, h)?;
    }
    ws.set_row_height(0, 30)?;
    for m in &sheet.merges {
        let cell = &sheet.cells[m.row][m.col];
        let f = format(cell.style, cell.number.map_or(2, |d| d.scale()));
        ws.merge_range(m.row as u32, m.col as u16, (m.row + m.rows - 1) as u32, (m.col + m.cols - 1) as u16, &cell.text, &f)?;
        write_cell(ws, m.row, m.col, cell)?;
    }
    for (r, row) in sheet.cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !covered.contains_key(&(r, c)) {
                write_cell(ws, r, c, cell)?;
            }
        }
    }
    book.save_to_buffer()
}

fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, r: usize, c: usize, cell: &OutCell) -> Result<(), XlsxError> {
    let f = format(cell.style, cell.number.map_or(2, |d| d.scale()));
    match cell.number.and_then(|d| d.to_f64()) {
        Some(x) => ws.write_number_with_format(r as u32, c as u16, x, &f)?,
        None if cell.text.is_empty() => ws.write_blank(r as u32, c as u16, &f)?,
        None => ws.write_string_with_format(r as u32, c as u16, &cell.text, &f)?,
    };
    Ok(())
}

/// Each cell a merge covers, with its merge.
fn covered(sheet: &Sheet) -> HashMap<(usize, usize), &Merge> {
    sheet
        .merges
        .iter()
        .flat_map(|m| (m.row..m.row + m.rows).flat_map(move |r| (m.col..m.col + m.cols).map(move |c| ((r, c), m))))
        .collect()
}

/// The lines `text` wraps to in columns `c..c + n` (a CJK character is two column units wide).
fn wrapped_lines(widths: &[f64], c: usize, n: usize, text: &str) -> f64 {
    let width: f64 = widths.iter().skip(c).take(n).sum::<f64>().max(2.0) - 1.0;
    text.split('\n')
        .map(|l| {
            let units: f64 = l.chars().map(|ch| if ch.is_ascii() { 1.1 } else { 2.1 }).sum();
            (units / width).ceil().max(1.0)
        })
        .sum()
}

/// The tallest a row can be (points), in Excel and LibreOffice.
const MAX: f64 = 409.0;

/// The columns a cell one row high spans: one outside every merge, a merge's
/// columns at its top-left cell; `None` inside a merge or for one merged down.
fn one_row_span(covered: &HashMap<(usize, usize), &Merge>, r: usize, c: usize) -> Option<usize> {
    match covered.get(&(r, c)) {
        None => Some(1),
        Some(m) if m.rows == 1 && m.row == r && m.col == c => Some(m.cols),
        Some(_) => None,
    }
}

/// The column widths, widened where a cell one row high holds more text than
/// the tallest row shows (its columns grow by the same factor).
fn fit_widths(sheet: &Sheet, covered: &HashMap<(usize, usize), &Merge>) -> Vec<f64> {
    let mut widths = sheet.widths.clone();
    let fits = ((MAX - 4.0) / 14.0).floor();
    for (r, row) in sheet.cells.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Some(n) = one_row_span(covered, r, c).filter(|_| !cell.text.is_empty()) else { continue };
            let lines = wrapped_lines(&widths, c, n, &cell.text);
            if lines > fits {
                let factor = lines / fits * 1.1;
                widths[c..(c + n).min(sheet.widths.len())].iter_mut().for_each(|w| *w = (*w * factor).ceil().min(120.0));
            }
        }
    }
    widths
}

/// Points for `lines` lines of text.
fn points(lines: f64) -> f64 {
    lines * 14.0 + 4.0
}

/// The height (points) each row needs for its wrapped text, so that every
/// spreadsheet shows and prints it whole: each row as tall as its tallest
/// cell, then the rows under a cell merged down over several rows made taller
/// together where its text needs more than they give (spreadsheets clip it).
fn row_heights(sheet: &Sheet, widths: &[f64], covered: &HashMap<(usize, usize), &Merge>) -> Vec<f64> {
    let span = |r, c| one_row_span(covered, r, c);
    let mut heights: Vec<f64> = sheet
        .cells
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let lines = row
                .iter()
                .enumerate()
                .filter(|(_, cell)| !cell.text.is_empty())
                .filter_map(|(c, cell)| span(r, c).map(|n| wrapped_lines(widths, c, n, &cell.text)))
                .fold(1.0, f64::max);
            points(lines).min(MAX)
        })
        .collect();
    let rows = heights.len();
    for m in sheet.merges.iter().filter(|m| m.rows > 1 && m.row + m.rows <= rows) {
        let text = &sheet.cells[m.row][m.col].text;
        if text.is_empty() {
            continue;
        }
        let need = points(wrapped_lines(widths, m.col, m.cols, text));
        let have: f64 = heights[m.row..m.row + m.rows].iter().sum();
        if need > have {
            let more = (need - have) / m.rows as f64;
            heights[m.row..m.row + m.rows].iter_mut().for_each(|h| *h = (*h + more).min(MAX));
        }
    }
    heights
}
