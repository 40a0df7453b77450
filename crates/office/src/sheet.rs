//! Spreadsheets (XLSX, XLS, ODS) to tables: one table per sheet that holds
//! text, merged regions kept, formulas read as their cached values, numbers and
//! dates formatted as the sheet shows them.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets};

use crate::table::{Merge, Table, MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::OfficeError;

/// Reads every sheet of a workbook that holds text.
pub fn read(bytes: &[u8]) -> Result<Vec<Table>, OfficeError> {
    if bytes.starts_with(b"PK") {
        crate::zipcheck::check(bytes)?;
        if crate::sniff(bytes) == crate::Format::Ods {
            ods_extent(bytes)?;
        }
    } else if crate::sniff(bytes) == crate::Format::Xls && ole_chain_loops(bytes) {
        return Err(OfficeError::whole("the workbook is damaged: a sector chain of its OLE container loops back on itself"));
    }
    // calamine panics on some malformed files (a BIFF record of the wrong length):
    // a panic here is a damaged file, not a crash.
    std::panic::catch_unwind(|| read_book(bytes)).unwrap_or_else(|_| {
        Err(OfficeError::whole("the workbook cannot be read (a damaged or unsupported file)"))
    })
}

fn read_book(bytes: &[u8]) -> Result<Vec<Table>, OfficeError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| OfficeError::whole(format!("the workbook cannot be opened: {e}")))?;
    let names = book.sheet_names();
    let mut tables = Vec::new();
    for name in names {
        let place = format!("sheet {name}");
        let (cells, merges) = match &mut book {
            Sheets::Xlsx(x) => xlsx_sheet(x, &name).map_err(|r| OfficeError::at(&place, r))?,
            _ => {
                let range =
                    book.worksheet_range(&name).map_err(|e| OfficeError::at(&place, format!("cannot be read: {e}")))?;
                let merges = match &book {
                    Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                    _ => Vec::new(),
                };
                dense(&range, &merges).map_err(|r| OfficeError::at(&place, r))?
            }
        };
        let table = Table::new(place, cells, &merges);
        if !table.is_blank() {
            tables.push(table);
        }
    }
    Ok(tables)
}

/// True when the sector allocation table of an OLE container (XLS) holds a
/// loop: calamine follows a chain until its end mark, copying every sector, so
/// a loop would fill memory. The table is built as calamine builds it (the
/// header's DIFAT, then the DIFAT chain); chains through other damage are
/// calamine's to report.
fn ole_chain_loops(bytes: &[u8]) -> bool {
    const RESERVED: u32 = 0xFFFF_FFFA; // and above: end of chain, free, FAT or DIFAT sector
    const DIFSECT: u32 = 0xFFFF_FFFC;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    if bytes.len() < 512 {
        return false;
    }
    let size = match u16::from_le_bytes([bytes[30], bytes[31]]) {
        9 => 512,
        12 => 4096,
        _ => return false,
    };
    // Sector k starts after the header, which fills the first sector.
    let sector = |id: u32| -> &[u8] {
        let start = (id as usize).saturating_add(1).saturating_mul(size).min(bytes.len());
        let end = start.saturating_add(size).min(bytes.len());
        &bytes[start..end - (end - start) % 4]
    };
    let mut difat: Vec<u32> = (76..512).step_by(4).map(|i| u32_at(bytes, i)).collect();
    let (mut next, mut steps) = (u32_at(bytes, 68), 0);
    while next < RESERVED && steps <= bytes.len() / size {
        steps += 1;
        let s = sector(next);
        difat.extend((0..s.len()).step_by(4).map(|i| u32_at(s, i)));
        let Some(n) = difat.pop() else { break };
        next = n;
    }
    let fat: Vec<u32> = difat
        .into_iter()
        .filter(|&id| id < DIFSECT)
        .flat_map(|id| {
            let s = sector(id);
            (0..s.len()).step_by(4).map(move |i| u32_at(s, i))
        })
        .collect();
    // Each sector leads to at most one next: a chain loops when a walk meets its own path.
    let mut state = vec![0u8; fat.len()]; // 0 unseen, 1 on the current walk, 2 known to end
    for start in 0..fat.len() {
        let mut walk = Vec::new();
        let mut at = start;
        while state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            match fat[at] {
                n if n < RESERVED && (n as usize) < fat.len() => at = n as usize,
                _ => break,
            }
        }
        if state[at] == 1 && fat[at] < RESERVED && (fat[at] as usize) < fat.len() {
            return true;
        }
        walk.into_iter().for_each(|w| state[w] = 2);
    }
    false
}

/// Refuses an ODS sheet whose filled area is larger than jixiao reads, before
/// calamine expands its repeated rows and columns: it allocates every cell of
/// that area (up to 100 million), so a few bytes of `number-columns-repeated`
/// would fill memory.
fn ods_extent(bytes: &[u8]) -> Result<(), OfficeError> {
    use quick_xml::events::Event;
    let Some(xml) = crate::zipcheck::part(bytes, "content.xml")? else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let repeats = |e: &quick_xml::events::BytesStart, key: &str| -> u64 {
        e.try_get_attribute(key).ok().flatten().and_then(|a| a.value.trim().parse().ok()).unwrap_or(1)
    };
    let (mut place, mut row, mut cols) = (String::new(), 0u64, 0u64);
    let (mut row_repeats, mut col, mut row_end) = (1u64, 0u64, 0u64);
    // Broken XML is calamine's to report.
    while let Ok(ev) = reader.read_event() {
        let (e, start) = match &ev {
            Event::Eof => break,
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if row_end > 0 {
                    let rows = row.saturating_add(row_repeats);
                    cols = cols.max(row_end);
                    if rows > MAX_ROWS as u64 || cols > MAX_COLS as u64 || rows.saturating_mul(cols) > MAX_CELLS as u64 {
                        return Err(OfficeError::at(&place, format!("{rows} rows × {cols} columns is larger than jixiao reads")));
                    }
                }
                row = row.saturating_add(row_repeats);
                continue;
            }
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                let name = e.try_get_attribute("table:name").ok().flatten().map(|a| a.value.into_owned());
                place = format!("sheet {}", name.unwrap_or_default());
                (row, cols) = (0, 0);
            }
            "table:table-row" if start => (row_repeats, col, row_end) = (repeats(e, "table:number-rows-repeated"), 0, 0),
            "table:table-row" => row = row.saturating_add(repeats(e, "table:number-rows-repeated")),
            "table:table-cell" | "table:covered-table-cell" => {
                col = col.saturating_add(repeats(e, "table:number-columns-repeated"));
                // A cell with content, a value or a formula is filled; one with a style alone is not.
                let valued = e.attributes().flatten().any(|a| {
                    let k = a.key.as_ref();
                    k.starts_with("office:") || k.starts_with("calcext:") || k == "table:formula"
                });
                if start || valued {
                    row_end = col;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// One XLSX sheet, read cell by cell with its number formats, within the size limits.
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<(Vec<Vec<String>>, Vec<Merge>), String> {
    let merges: Vec<Merge> = match book.merge_cells_by_sheet_name(name) {
        Ok(dims) => dims.iter().map(merge_of).collect(),
        Err(e) => return Err(format!("its merged cells cannot be read: {e}")),
    };
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| format!("cannot be read: {e}"))?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut count = 0usize;
    loop {
        let next = reader.next_cell_with_style_id().map_err(|e| format!("cannot be read: {e}"))?;
        let Some((cell, style)) = next else { break };
        let (r, c) = cell.get_position();
        if r as usize >= MAX_ROWS || c as usize >= MAX_COLS {
            return Err(format!(
                "cell {} lies beyond the {MAX_ROWS} rows × {MAX_COLS} columns jixiao reads",
                cell_name(r, c)
            ));
        }
        let format = reader.styles().get(style).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.as_str());
        let text = show_ref(cell.get_value(), format);
        if text.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(format!("more than {MAX_CELLS} filled cells"));
        }
        cells.push((r, c, text));
    }
    Ok((place_cells(cells)?, merges))
}

/// A sparse list of cells as dense rows, starting at A1 so that row numbers stay the sheet's.
fn place_cells(cells: Vec<(u32, u32, String)>) -> Result<Vec<Vec<String>>, String> {
    let rows = cells.iter().map(|c| c.0 as usize + 1).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.1 as usize + 1).max().unwrap_or(0);
    if rows.saturating_mul(cols) > MAX_CELLS * 4 {
        return Err(format!("{rows} rows × {cols} columns is larger than jixiao reads"));
    }
    let mut out = vec![vec![String::new(); cols]; rows];
    for (r, c, t) in cells {
        out[r as usize][c as usize] = t;
    }
    Ok(out)
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        row: d.start.0 as usize,
        col: d.start.1 as usize,
        rows: (d.end.0.saturating_sub(d.start.0) + 1) as usize,
        cols: (d.end.1.saturating_sub(d.start.1) + 1) as usize,
    }
}

/// A range read whole (XLS, ODS), placed at its sheet position.
fn dense(range: &calamine::Range<Data>, merges: &[calamine::Dimensions]) -> Result<(Vec<Vec<String>>, Vec<Merge>), String> {
    let Some((r0, c0)) = range.start() else { return Ok((Vec::new(), Vec::new())) };
    let (h, w) = range.get_size();
    if r0 as usize + h > MAX_ROWS || c0 as usize + w > MAX_COLS {
        return Err(format!("{h} rows × {w} columns is larger than jixiao reads"));
    }
    let mut cells = Vec::new();
    for (i, row) in range.rows().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let t = show(v);
            if !t.is_empty() {
                cells.push((r0 + i as u32, c0 + j as u32, t));
            }
        }
    }
    Ok((place_cells(cells)?, merges.iter().map(merge_of).collect()))
}

/// `A1`-style name of a cell.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut c = col as u64 + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row as u64 + 1)
}

fn show(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f, None),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => date(d.as_f64(), d.is_datetime()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn show_ref(v: &DataRef<'_>, format: Option<&str>) -> String {
    match v {
        DataRef::Int(i) => number(*i as f64, format),
        DataRef::Float(f) => number(*f, format),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => date(d.as_f64(), d.is_datetime()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A date serial as `2023-06-30` (with the time when it has one).
fn date(serial: f64, is_date: bool) -> String {
    if !is_date || !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return number(serial, None);
    }
    // Serial 60 is the 1900-02-29 Excel believes in; days count from 1899-12-30.
    let days = serial.floor() as i64;
    let (y, m, d) = jixiao_core::date::civil_from_days(days - 25_569);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs / 60 % 60)
    }
}

/// A number as its format shows it: `0.00` and `#,##0.00` give fixed
/// decimals (with thousands separators), `0%` multiplies by 100; `General`
/// gives the shortest text that reads back as the same number.
pub fn number(x: f64, format: Option<&str>) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let code = format.unwrap_or("General");
    // The first section (positive numbers) of the format, with quoted text and colours dropped.
    let section = code.split(';').next().unwrap_or("");
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracket = false;
    for ch in section.chars() {
        match ch {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            '\\' | '_' | '*' => {}
            _ => plain.push(ch),
        }
    }
    if plain.eq_ignore_ascii_case("general") || plain.is_empty() || !plain.contains(['0', '#']) {
        return shortest(x);
    }
    let percent = plain.contains('%');
    let value = if percent { x * 100.0 } else { x };
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.chars().take_while(|c| matches!(c, '0' | '#')).count());
    let mut text = format!("{value:.decimals$}");
    if plain.contains(',') {
        text = jixiao_core::numfmt::group_thousands(&text);
    }
    if percent {
        text.push('%');
    }
    text
}

/// The shortest decimal text of a float (no trailing `.0`, no exponent for table-sized numbers).
fn shortest(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    // Excel keeps 15 significant digits: round there to drop binary noise (0.1 + 0.2).
    let s = format!("{}", x);
    if s.len() > 17 {
        let r: f64 = format!("{x:.15e}").parse().unwrap_or(x);
        return format!("{r}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format() {
        assert_eq!(number(1295.82, Some("#,##0.00")), "1,295.82");
        assert_eq!(number(0.95, Some("0%")), "95%");
        assert_eq!(number(0.955, Some("0.0%")), "95.5%");
        assert_eq!(number(12.0, None), "12");
        assert_eq!(number(0.1 + 0.2, None), "0.3");
        assert_eq!(number(-1234567.5, Some("#,##0.0")), "-1,234,567.5");
        assert_eq!(number(3.0, Some("0.00\"万元\"")), "3.00");
    }

    #[test]
    fn dates_are_not_serials() {
        assert_eq!(date(45107.0, true), "2023-06-30");
        assert_eq!(date(45107.5, true), "2023-06-30 12:00");
        assert_eq!(date(45107.0, false), "45107");
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 27), "AB10");
        assert_eq!(cell_name(0, 16383), "XFD1");
    }
}
