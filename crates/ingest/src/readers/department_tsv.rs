//! STUB: this reader is being written.

use crate::text::Source;
use crate::ReadError;
use jixiao_core::Document;

/// Reads a source of this layout.
pub fn read(_src: &Source) -> Result<Document, ReadError> {
    Err(ReadError::table("this layout reader is not written yet"))
}
