//! STUB: this reader is being written.

use crate::text::Source;
use crate::ReadError;
use jixiao_core::Document;

/// Reads a source of this layout.
pub fn read(_src: &Source) -> Result<Document, ReadError> {
    Err(ReadError::table("this layout reader is not written yet"))
}

/// True when some line is an indicator table header (一级指标 … 三级指标 … 指标值).
pub fn has_indicator_header(src: &Source) -> bool {
    src.lines.iter().any(|l| {
        let t = l.raw;
        t.contains("三级指标") && (t.contains("指标值") || t.contains("目标值") || t.contains("绩效标准"))
    })
}
