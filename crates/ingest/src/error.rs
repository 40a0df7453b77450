//! Errors of reading a table: every one names the file and, where it can, the line.

use thiserror::Error;

/// Why a file could not be read as a target table.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The file holds nothing but white space.
    #[error("{file}: the file is empty")]
    Empty {
        /// The file.
        file: String,
    },
    /// The file is neither text in a known encoding nor an office format jixiao reads.
    #[error("{file}: not a table file jixiao reads (invalid text at byte {offset}); jixiao reads text in UTF-8, UTF-16 or GBK/GB18030, XLSX, XLS, PDF, HTML and DOCX")]
    NotText {
        /// The file.
        file: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text is not a performance-target table of any known layout.
    #[error("{file}: not a performance-target table: {reason}")]
    NotATable {
        /// The file.
        file: String,
        /// What was looked for and not found.
        reason: String,
    },
    /// The layout was recognised but the table is broken at a place.
    #[error("{file}{}: {reason}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Malformed {
        /// The file.
        file: String,
        /// 1-based line number, where known.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// An office file (workbook, PDF, HTML, DOCX) that cannot be read, at a place in it.
    #[error("{file}{}: {reason}", if place.is_empty() { String::new() } else { format!(", {place}") })]
    Office {
        /// The file.
        file: String,
        /// The sheet, page, table or cell (`sheet 表1, cell B7`); empty for the whole file.
        place: String,
        /// What is wrong.
        reason: String,
    },
    /// The file passes one of the limits of [`crate::limits`].
    #[error("{file}{}: too large: {reason}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    TooLarge {
        /// The file.
        file: String,
        /// 1-based line number, where the limit is a line's.
        line: Option<usize>,
        /// Which limit, and by how much.
        reason: String,
    },
    /// A layout name given with `--layout` is not known.
    #[error("unknown layout {name:?}; known layouts: {known}")]
    UnknownLayout {
        /// The name given.
        name: String,
        /// The known names.
        known: String,
    },
}

/// An error a layout reader reports; [`crate::parse`] adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line number, where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

impl ReadError {
    /// An error at a line.
    pub fn at(line: usize, reason: impl Into<String>) -> Self {
        ReadError { line: Some(line), reason: reason.into() }
    }

    /// An error of the whole table.
    pub fn table(reason: impl Into<String>) -> Self {
        ReadError { line: None, reason: reason.into() }
    }

    /// Adds the file name.
    pub fn in_file(self, file: &str) -> ParseError {
        ParseError::Malformed { file: file.to_string(), line: self.line, reason: self.reason }
    }
}

/// Something a reader could not read cleanly and read as best it could: a row
/// cut off, a cell that had to be repaired, a row skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line number (or sheet row), where known.
    pub line: Option<usize>,
    /// What was found and what was done.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}
