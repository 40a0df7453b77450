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
    for (c, w) in sheet.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let covered = covered(sheet);
    for (r, h) in row_heights(sheet, &covered).into_iter().enumerate().skip(1) {
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

/// The height (points) each row needs for its wrapped text, so that every
/// spreadsheet shows and prints it whole (a CJK character is two column units
/// wide; a cell merged over several rows counts towards none of them).
fn row_heights(sheet: &Sheet, covered: &HashMap<(usize, usize), &Merge>) -> Vec<f64> {
    // A cell outside every merge spans one column; a merge counts at its top-left cell only.
    let span = |r: usize, c: usize| match covered.get(&(r, c)) {
        None => Some(1),
        Some(m) if m.rows == 1 && m.row == r && m.col == c => Some(m.cols),
        Some(_) => None,
    };
    sheet
        .cells
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let lines = row
                .iter()
                .enumerate()
                .filter(|(_, cell)| !cell.text.is_empty())
                .filter_map(|(c, cell)| span(r, c).map(|n| (c, n, cell)))
                .map(|(c, n, cell)| {
                    let width: f64 = sheet.widths.iter().skip(c).take(n).sum::<f64>().max(2.0) - 1.0;
                    cell.text
                        .split('\n')
                        .map(|l| {
                            let units: f64 = l.chars().map(|ch| if ch.is_ascii() { 1.1 } else { 2.1 }).sum();
                            (units / width).ceil().max(1.0)
                        })
                        .sum::<f64>()
                })
                .fold(1.0, f64::max);
            (lines * 14.0 + 4.0).min(409.0)
        })
        .collect()
}
