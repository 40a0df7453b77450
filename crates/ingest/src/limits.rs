//! What one file may hold. Beyond these a file is refused with an error that
//! names the file, the limit and (for a line) where, instead of filling
//! memory; `docs/limits.md` lists them with the limits of the other readers
//! and of the server.

use crate::ParseError;
use jixiao_core::Document;

/// Bytes of one file (the server takes uploads of at most 20 MB).
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// Lines of one text (rows of a table handed over as text).
pub const MAX_LINES: usize = 1_000_000;
/// Characters of one line.
pub const MAX_LINE_CHARS: usize = 100_000;
/// Indicators of one document.
pub const MAX_INDICATORS: usize = 200_000;

fn too_large(file: &str, line: Option<usize>, reason: String) -> ParseError {
    ParseError::TooLarge { file: file.to_string(), line, reason }
}

/// A file of at most [`MAX_FILE_BYTES`].
pub fn check_bytes(file: &str, len: usize) -> Result<(), ParseError> {
    if len > MAX_FILE_BYTES {
        return Err(too_large(file, None, format!("the file is {:.1} MB; jixiao reads files of at most {} MB", len as f64 / 1e6, MAX_FILE_BYTES >> 20)));
    }
    Ok(())
}

/// A text of at most [`MAX_LINES`] lines of at most [`MAX_LINE_CHARS`] characters.
pub fn check_text(file: &str, text: &str) -> Result<(), ParseError> {
    let mut lines = 0usize;
    for line in text.split('\n') {
        lines += 1;
        if lines > MAX_LINES {
            return Err(too_large(file, None, format!("more than {MAX_LINES} lines; split the file")));
        }
        // Bytes bound characters from above: count only a line that may be too long.
        if line.len() > MAX_LINE_CHARS && line.chars().count() > MAX_LINE_CHARS {
            return Err(too_large(
                file,
                Some(lines),
                format!("a line of {} characters; jixiao reads lines of at most {MAX_LINE_CHARS}", line.chars().count()),
            ));
        }
    }
    Ok(())
}

/// A document of at most [`MAX_INDICATORS`] indicators.
pub fn check_document(file: &str, doc: &Document) -> Result<(), ParseError> {
    let n = doc.indicators().len();
    if n > MAX_INDICATORS {
        return Err(too_large(file, None, format!("{n} indicators; one table may hold at most {MAX_INDICATORS}; split the file")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_refuse_by_name_and_line() {
        assert!(check_bytes("a.txt", MAX_FILE_BYTES).is_ok());
        let e = check_bytes("a.txt", MAX_FILE_BYTES + 1).unwrap_err().to_string();
        assert!(e.starts_with("a.txt: ") && e.contains("at most 64 MB"), "{e}");
        let long = format!("ok\nok\n{}\n", "长".repeat(MAX_LINE_CHARS + 1));
        let e = check_text("b.txt", &long).unwrap_err().to_string();
        assert!(e.starts_with("b.txt, line 3: ") && e.contains("100001 characters"), "{e}");
        // Wide characters are counted as characters, not bytes.
        assert!(check_text("c.txt", &"长".repeat(MAX_LINE_CHARS)).is_ok());
        let many = "x\n".repeat(MAX_LINES);
        let e = check_text("d.txt", &many).unwrap_err().to_string();
        assert!(e.contains("more than 1000000 lines"), "{e}");
        assert!(check_text("e.txt", &"x\n".repeat(MAX_LINES - 1)).is_ok());
    }
}
