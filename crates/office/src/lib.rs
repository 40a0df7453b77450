//! jixiao-office: target tables in office formats, in and out.
//!
//! In: [`read`] detects a file's format by its content (zip container with a
//! workbook or a Word document, OLE workbook, PDF, HTML, or text in UTF-8,
//! UTF-16 or GB18030), turns each table it holds into a [`table::Table`], and
//! reads it with the layout jixiao writes ([`layout`]) or, failing that, as the
//! tab-separated text a spreadsheet copy gives, through every reader of
//! `jixiao-ingest`.
//!
//! Out: [`layout::sheet`] lays a document out as the official table once;
//! [`xlsx`] and [`csv`] (and the PDF writer) render that layout.
#![warn(missing_docs)]

pub mod csv;
pub mod docx;
pub mod html;
pub mod layout;
pub mod pdf_in;
#[cfg(feature = "pdf-out")]
pub mod pdf_out;
pub mod sheet;
pub mod table;
pub mod xlsx;
mod zipcheck;

use jixiao_ingest::{Options, ParseError, Reading, Warning};
use table::Table;

/// An error inside an office file, at a place (sheet, part, table) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeError {
    /// The sheet, page, part or table; empty for the whole file.
    pub place: String,
    /// What is wrong.
    pub reason: String,
}

impl OfficeError {
    /// An error of the whole file.
    pub fn whole(reason: impl Into<String>) -> Self {
        OfficeError { place: String::new(), reason: reason.into() }
    }

    /// An error at a place.
    pub fn at(place: &str, reason: impl Into<String>) -> Self {
        OfficeError { place: place.to_string(), reason: reason.into() }
    }

    /// Adds the file name.
    pub fn in_file(self, file: &str) -> ParseError {
        ParseError::Office { file: file.to_string(), place: self.place, reason: self.reason }
    }
}

/// The formats jixiao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook.
    Xlsx,
    /// Legacy Excel workbook (BIFF in an OLE container).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Office Open XML word-processing document.
    Docx,
    /// PDF.
    Pdf,
    /// Text (an HTML page is told apart once decoded).
    Text,
}

impl Format {
    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
            Format::Docx => "DOCX",
            Format::Pdf => "PDF",
            Format::Text => "text",
        }
    }
}

/// The format of a file's bytes, by content (never by name).
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        let names = zipcheck::names(bytes);
        if names.iter().any(|n| n == "word/document.xml") {
            return Format::Docx;
        }
        if names.iter().any(|n| n == "content.xml") && !names.iter().any(|n| n.starts_with("xl/")) {
            return Format::Ods;
        }
        return Format::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Xls;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    Format::Text
}

/// The tables of an office file (sheets, HTML or DOCX tables, a PDF's ruled
/// tables), before any reader looks at them; text files give none.
pub fn tables(bytes: &[u8]) -> Result<Vec<Table>, OfficeError> {
    match sniff(bytes) {
        Format::Xlsx | Format::Xls | Format::Ods => sheet::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Pdf => match pdf_in::read(bytes)? {
            pdf_in::Content::Tables(t) => Ok(t),
            pdf_in::Content::Text(_) => Ok(Vec::new()),
        },
        Format::Text => {
            let text = jixiao_ingest::decode("", bytes).map_err(|e| OfficeError::whole(e.to_string()))?;
            if html::is_html(&text) {
                html::read(&text)
            } else {
                Ok(csv::table(&text).into_iter().collect())
            }
        }
    }
}

/// Reads one file in any format jixiao reads into a document.
pub fn read(file: &str, bytes: &[u8], options: &Options) -> Result<Reading, ParseError> {
    jixiao_ingest::limits::check_bytes(file, bytes.len())?;
    let reading = read_any(file, bytes, options)?;
    jixiao_ingest::limits::check_document(file, &reading.document)?;
    Ok(reading)
}

fn read_any(file: &str, bytes: &[u8], options: &Options) -> Result<Reading, ParseError> {
    let format = sniff(bytes);
    let (tables, what) = match format {
        Format::Xlsx | Format::Xls | Format::Ods => (sheet::read(bytes).map_err(|e| e.in_file(file))?, format.name()),
        Format::Docx => (docx::read(bytes).map_err(|e| e.in_file(file))?, "DOCX"),
        Format::Pdf => match pdf_in::read(bytes).map_err(|e| e.in_file(file))? {
            pdf_in::Content::Tables(t) => (t, "PDF"),
            pdf_in::Content::Text(text) => {
                let mut r = jixiao_ingest::read_text(file, &text, options)?;
                r.explain.insert(0, "format: PDF without ruling lines (text laid out by position)".to_string());
                return Ok(r);
            }
        },
        Format::Text => {
            let (text, encoding) = jixiao_ingest::decode_detected(file, bytes)?;
            if let Some(r) = read_json(file, &text)? {
                return Ok(r);
            }
            if html::is_html(&text) {
                (html::read(&text).map_err(|e| e.in_file(file))?, "HTML")
            } else if let Some(r) = csv::looks_like_csv(&text).then(|| read_csv(file, &text, options)).flatten() {
                return Ok(r);
            } else {
                let mut r = jixiao_ingest::read_text(file, &text, options)?;
                if encoding != jixiao_ingest::Encoding::Utf8 {
                    r.explain.insert(0, format!("encoding: {}", encoding.name()));
                }
                return Ok(r);
            }
        }
    };
    read_tables(file, what, tables, options)
}

/// A perf-targets/1 JSON document (what `jixiao export --format json` writes),
/// read as it is; `None` when the text is not such JSON.
fn read_json(file: &str, text: &str) -> Result<Option<Reading>, ParseError> {
    let head: String = text.trim_start().chars().take(512).collect();
    if !head.starts_with('{') || !text.contains(jixiao_core::model::FORMAT) {
        return Ok(None);
    }
    let mut document = jixiao_core::Document::from_json(text).map_err(|e| ParseError::Malformed {
        file: file.to_string(),
        line: Some(e.line()),
        reason: format!("not valid {} JSON: {e}", jixiao_core::model::FORMAT),
    })?;
    document.source = file.to_string();
    let explain = vec![format!("format: {} JSON", jixiao_core::model::FORMAT)];
    Ok(Some(Reading { document, warnings: Vec::new(), confidence: 1.0, explain }))
}

/// A CSV text: jixiao's layout, or the text readers over its fields as tab-separated
/// text; `None` when neither reads it (the text is then read as it is).
fn read_csv(file: &str, text: &str, options: &Options) -> Option<Reading> {
    let t = csv::table(text)?;
    let mut r = read_one(file, &t, options).ok()?;
    r.explain.insert(0, "format: CSV".to_string());
    Some(r)
}

/// Reads the tables of an office file: each in jixiao's layout or through the
/// text readers; the project tables of several sheets become one document.
pub fn read_tables(file: &str, what: &str, tables: Vec<Table>, options: &Options) -> Result<Reading, ParseError> {
    if tables.is_empty() {
        return Err(ParseError::NotATable { file: file.to_string(), reason: format!("the {what} file holds no table with text") });
    }
    let mut read: Vec<(String, Reading)> = Vec::new();
    let mut failed: Vec<(String, ParseError)> = Vec::new();
    for t in tables {
        let t = t.trimmed();
        match read_one(file, &t, options) {
            Ok(r) => read.push((t.place.clone(), r)),
            Err(e) => failed.push((t.place.clone(), e)),
        }
    }
    if read.is_empty() {
        let (place, e) = failed.swap_remove(0);
        return Err(match e {
            ParseError::Malformed { file, line, reason } => ParseError::Office {
                file,
                place: match line {
                    Some(l) => format!("{place}, row {l}"),
                    None => place,
                },
                reason,
            },
            ParseError::NotATable { file, reason } if failed.is_empty() => {
                ParseError::NotATable { file, reason: format!("{place}: {reason}") }
            }
            ParseError::NotATable { file, .. } => ParseError::NotATable {
                file,
                reason: format!("none of the {} tables of the {what} file is a performance-target table", failed.len() + 1),
            },
            other => other,
        });
    }
    let several = read.len() > 1;
    let (first_place, mut out) = read.remove(0);
    prefix(&mut out, &first_place, several);
    out.explain.insert(0, format!("format: {what}, {first_place}"));
    for (place, mut r) in read {
        prefix(&mut r, &place, true);
        let count = r.document.indicators().len();
        match (&mut out.document.body, r.document.body) {
            (jixiao_core::Body::Project(a), jixiao_core::Body::Project(b)) if out.document.department == r.document.department || r.document.department.is_empty() => {
                a.units.extend(b.units);
                out.warnings.extend(r.warnings);
                out.explain.push(format!("{place}: its projects added ({} indicators)", count));
            }
            _ => out.warnings.push(Warning {
                line: None,
                message: format!("{place} holds another table (of {}); only {first_place} was read", r.document.department),
            }),
        }
    }
    for (place, e) in failed {
        out.explain.push(format!("{place}: not read ({e})"));
    }
    out.document.source = file.to_string();
    Ok(out)
}

fn prefix(r: &mut Reading, place: &str, several: bool) {
    if several {
        for w in &mut r.warnings {
            w.message = format!("{place}: {}", w.message);
        }
    }
}

/// One table: jixiao's layout, else the text readers over its tab-separated text.
fn read_one(file: &str, t: &Table, options: &Options) -> Result<Reading, ParseError> {
    if options.layout.is_none() {
        if let Some(doc) = layout::read_table(file, t) {
            let document = doc.map_err(|reason| OfficeError::at(&t.place, reason).in_file(file))?;
            let confidence = jixiao_ingest::interpret::value_share(&document);
            return Ok(Reading {
                document,
                warnings: Vec::new(),
                confidence,
                explain: vec!["layout: jixiao's official table layout".to_string()],
            });
        }
    }
    jixiao_ingest::read_text(file, &t.to_tsv(), options)
}
