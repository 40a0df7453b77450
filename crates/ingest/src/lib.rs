//! jixiao-ingest: reads published performance-target tables into the jixiao model.
//!
//! [`parse`] takes a file's bytes, detects its layout ([`detect`]) and hands it to
//! one reader per layout family (`readers/`), all standing on the shared line and
//! cell toolkit in [`text`]. Readers read structure and the vocabulary of the
//! domain (table headings, column names, category names, codes), never the names
//! of departments, projects or tasks.
#![warn(missing_docs)]

mod error;
pub mod readers;
pub mod text;

pub use error::{ParseError, ReadError};
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
    /// (f) Any other table of indicator rows under a recognisable header
    /// (cells split by tabs, pipes or wide spaces).
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

/// Decodes a file's bytes as UTF-8 text, with a clear error for binary or empty input.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ParseError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ParseError::NotText { file: file.to_string(), offset: e.valid_up_to() })?;
    if text.contains('\0') {
        let offset = text.find('\0').unwrap_or(0);
        return Err(ParseError::NotText { file: file.to_string(), offset });
    }
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ParseError::Empty { file: file.to_string() });
    }
    Ok(text)
}

/// Detects the layout of a table's text from its headings and column names.
pub fn detect(file: &str, text: &str) -> Result<Layout, ParseError> {
    let src = Source::new(file, text);
    readers::detect(&src).map_err(|reason| ParseError::NotATable { file: file.to_string(), reason })
}

/// Reads one file into a document: `file` is the name reported in `source` and
/// in errors, `layout` forces a layout instead of detecting it.
pub fn parse(file: &str, bytes: &[u8], layout: Option<Layout>) -> Result<Document, ParseError> {
    let text = decode(file, bytes)?;
    let src = Source::new(file, text);
    let layout = match layout {
        Some(l) => l,
        None => readers::detect(&src).map_err(|reason| ParseError::NotATable { file: file.to_string(), reason })?,
    };
    layout.read(&src).map_err(|e| e.in_file(file))
}
