//! jixiao-ingest: reads published performance-target tables into the jixiao model.
//!
//! [`parse`] takes a file's bytes, detects its layout ([`detect`]) and hands it to
//! one reader per layout family (`readers/`), all standing on the shared line and
//! cell toolkit in [`text`]. Readers read structure and the vocabulary of the
//! domain (table headings, column names, category names, codes), never the names
//! of departments, projects or tasks.
#![warn(missing_docs)]

mod error;
pub mod grid;
mod hant;
pub mod interpret;
pub mod limits;
pub mod readers;
pub mod selfeval;
pub mod text;

pub use error::{ParseError, ReadError, Warning};
pub use interpret::Reading;
use jixiao_core::Document;
use text::Source;

/// The layout families jixiao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// (a) Project table as PDF text: rows broken over lines, indicators as
    /// `1、1-产出指标,11-数量指标,名称；实施周期指标值:…,年度指标值:…;2、…`.
    ProjectText,
    /// (b) Project table as tab-separated rows: units, projects, goal and indicator cells.
    ProjectTsv,
    /// (c) Department table as tab-separated rows with merged cells and 一级/二级/三级指标 columns.
    DepartmentTsv,
    /// (d) Department table with 三级指标解释 / 对比符号 / 指标值 / 计量单位 columns and key/other task lists.
    DepartmentColumns,
    /// (e) Department table from multi-column PDF text covering 本年 and 三年期.
    DepartmentText,
    /// (f) Any other table of indicator rows under a recognisable header, read
    /// by the header-driven interpreter (cells split by tabs, pipes, spaces,
    /// one per line, or run together).
    Generic,
}

impl Layout {
    /// Every layout, in the order detection tries them.
    pub const ALL: [Layout; 6] = [
        Layout::ProjectText,
        Layout::ProjectTsv,
        Layout::DepartmentTsv,
        Layout::DepartmentColumns,
        Layout::DepartmentText,
        Layout::Generic,
    ];

    /// The name used with `--layout`.
    pub fn name(self) -> &'static str {
        match self {
            Layout::ProjectText => "project-text",
            Layout::ProjectTsv => "project-tsv",
            Layout::DepartmentTsv => "department-tsv",
            Layout::DepartmentColumns => "department-columns",
            Layout::DepartmentText => "department-text",
            Layout::Generic => "generic",
        }
    }

    /// The layout of a `--layout` name.
    pub fn from_name(name: &str) -> Result<Layout, ParseError> {
        Layout::ALL.into_iter().find(|l| l.name() == name).ok_or_else(|| ParseError::UnknownLayout {
            name: name.to_string(),
            known: Layout::ALL.iter().map(|l| l.name()).collect::<Vec<_>>().join(", "),
        })
    }

    fn read(self, src: &Source) -> Result<Document, ReadError> {
        match self {
            Layout::ProjectText => readers::project_text::read(src),
            Layout::ProjectTsv => readers::project_tsv::read(src),
            Layout::DepartmentTsv => readers::department_tsv::read(src),
            Layout::DepartmentColumns => readers::department_columns::read(src),
            Layout::DepartmentText => readers::department_text::read(src),
            Layout::Generic => readers::generic::read(src),
        }
    }
}

/// The text encodings a table file may come in, detected from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// UTF-16 little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte-order mark.
    Utf16Be,
    /// GB18030 (and its subsets GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// Decodes a file's bytes as text, detecting the encoding: a byte-order mark
/// (UTF-8, UTF-16LE, UTF-16BE), else UTF-8 when the bytes are valid UTF-8, else
/// GB18030 (which covers GBK and GB2312) when they decode without error.
/// Binary or empty input gets a clear error.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, ParseError> {
    decode_detected(file, bytes).map(|(text, _)| text)
}

/// [`decode`], with the encoding it found.
pub fn decode_detected<'a>(file: &str, bytes: &'a [u8]) -> Result<(std::borrow::Cow<'a, str>, Encoding), ParseError> {
    use std::borrow::Cow;
    let not_text = |offset: usize| ParseError::NotText { file: file.to_string(), offset };
    let utf16 = |rest: &'a [u8], enc: &'static encoding_rs::Encoding| {
        enc.decode_without_bom_handling_and_without_replacement(rest).ok_or_else(|| not_text(2))
    };
    let (text, encoding): (Cow<'a, str>, Encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (Cow::Borrowed(std::str::from_utf8(rest).map_err(|e| not_text(3 + e.valid_up_to()))?), Encoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, encoding_rs::UTF_16LE)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, encoding_rs::UTF_16BE)?, Encoding::Utf16Be)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (Cow::Borrowed(t), Encoding::Utf8),
            Err(e) => {
                // NUL bytes mark binary data, which GB18030 would happily decode.
                if bytes.contains(&0) {
                    return Err(not_text(e.valid_up_to()));
                }
                let text = encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .ok_or_else(|| not_text(e.valid_up_to()))?;
                (text, Encoding::Gb18030)
            }
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(not_text(offset));
    }
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ParseError::Empty { file: file.to_string() });
    }
    Ok((text, encoding))
}

/// Detects the layout of a table's text from its headings and column names.
pub fn detect(file: &str, text: &str) -> Result<Layout, ParseError> {
    let src = Source::new(file, text);
    readers::detect(&src).map_err(|reason| ParseError::NotATable { file: file.to_string(), reason })
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A forced layout instead of detection.
    pub layout: Option<Layout>,
    /// Warnings are errors.
    pub strict: bool,
}

/// Reads one file into a document: `file` is the name reported in `source` and
/// in errors, `layout` forces a layout instead of detecting it.
pub fn parse(file: &str, bytes: &[u8], layout: Option<Layout>) -> Result<Document, ParseError> {
    read(file, bytes, &Options { layout, strict: false }).map(|r| r.document)
}

/// Reads one file with its warnings, confidence and the explanation of how it
/// was read. A detected layout whose reader fails, or a text no layout claims,
/// is read by the header-driven interpreter; only a text with no indicator
/// table at all is refused.
pub fn read(file: &str, bytes: &[u8], options: &Options) -> Result<Reading, ParseError> {
    limits::check_bytes(file, bytes.len())?;
    let text = decode(file, bytes)?;
    read_text(file, &text, options)
}

/// [`read`] of a text already decoded.
pub fn read_text(file: &str, text: &str, options: &Options) -> Result<Reading, ParseError> {
    limits::check_text(file, text)?;
    let src = Source::new(file, text);
    let reading = match options.layout {
        Some(layout) => read_layout(layout, &src).map_err(|e| e.in_file(file))?,
        None => match readers::detect(&src) {
            Ok(Layout::Generic) => read_layout(Layout::Generic, &src).map_err(|e| e.in_file(file))?,
            Ok(layout) => match read_layout(layout, &src) {
                Ok(r) if !r.document.indicators().is_empty() => r,
                Ok(r) => match interpret::read_source(&src) {
                    // The layout's reader found no indicator where the header-driven interpreter finds some.
                    Ok(mut g) => {
                        g.warnings.insert(
                            0,
                            Warning {
                                line: None,
                                message: format!(
                                    "the {} reader found no indicator; the table was read by its header instead",
                                    layout.name()
                                ),
                            },
                        );
                        g.explain.insert(0, format!("layout: generic (the {} reader found no indicator)", layout.name()));
                        g
                    }
                    Err(_) => r,
                },
                Err(e) => {
                    let mut r = interpret::read_source(&src).map_err(|_| e.clone().in_file(file))?;
                    let at = e.line.map(|l| format!(" at line {l}")).unwrap_or_default();
                    r.warnings.insert(
                        0,
                        Warning {
                            line: e.line,
                            message: format!(
                                "the {} reader stopped{at} ({}); the table was read by its header instead",
                                layout.name(),
                                e.reason
                            ),
                        },
                    );
                    r.explain.insert(0, format!("layout: generic (after the {} reader failed: {})", layout.name(), e.reason));
                    r
                }
            },
            Err(reason) => interpret::read_source(&src)
                .map_err(|e| ParseError::NotATable { file: file.to_string(), reason: format!("{reason}; {}", e.reason) })?,
        },
    };
    if options.strict && !reading.warnings.is_empty() {
        let first = &reading.warnings[0];
        let all: Vec<String> = reading.warnings.iter().map(|w| w.to_string()).collect();
        return Err(ParseError::Malformed {
            file: file.to_string(),
            line: first.line,
            reason: format!("{} warning(s), errors under --strict: {}", all.len(), all.join("; ")),
        });
    }
    limits::check_document(file, &reading.document)?;
    Ok(reading)
}

/// Reads a source with one layout's reader.
fn read_layout(layout: Layout, src: &Source) -> Result<Reading, ReadError> {
    if layout == Layout::Generic {
        let mut r = interpret::read_source(src)?;
        if !r.explain.first().is_some_and(|l| l.starts_with("layout:")) {
            r.explain.insert(0, "layout: generic (header-driven interpreter)".to_string());
        }
        return Ok(r);
    }
    let document = layout.read(src)?;
    let confidence = interpret::value_share(&document);
    let explain = vec![
        format!("layout: {} (reader of that layout family)", layout.name()),
        format!("read {} indicators; confidence {confidence:.2} = share of indicators with a value", document.indicators().len()),
    ];
    Ok(Reading { document, warnings: Vec::new(), confidence, explain })
}
