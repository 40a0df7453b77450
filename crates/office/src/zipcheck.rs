//! Bounds on a zip container (XLSX, DOCX, ODS) before its parts are read: a zip
//! bomb, an oversized part or a part larger than it declares is refused with a
//! clear error.

use std::io::{Cursor, Read};

use crate::OfficeError;

/// Largest inflated size of one part.
pub const MAX_PART: u64 = 256 << 20;
/// Largest inflated size of all parts together.
pub const MAX_TOTAL: u64 = 512 << 20;
/// Largest ratio of inflated to compressed size of a large part.
pub const MAX_RATIO: u64 = 200;

/// Checks the sizes every part declares, then that no part inflates to more.
pub fn check(bytes: &[u8]) -> Result<(), OfficeError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OfficeError::whole(format!("the file is not a readable zip container: {e}")))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| OfficeError::whole(format!("part {i} of the zip container cannot be read: {e}")))?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        total = total.saturating_add(size);
        let name = || f.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("part {i}"));
        if total > MAX_TOTAL && size <= MAX_PART {
            return Err(OfficeError::at(
                &name(),
                format!("the parts inflate to more than {} MB in all: more than jixiao reads (a damaged file or a zip bomb)", MAX_TOTAL >> 20),
            ));
        }
        if size > MAX_PART || (size > (16 << 20) && size / packed > MAX_RATIO) {
            return Err(OfficeError::at(
                &name(),
                format!(
                    "the part inflates to {} MB from {} KB: more than jixiao reads (a damaged file or a zip bomb)",
                    size >> 20,
                    packed >> 10
                ),
            ));
        }
    }
    // The declared sizes are not trusted: each part is inflated (into nothing) up to its declared size.
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| OfficeError::whole(format!("part {i} of the zip container cannot be read: {e}")))?;
        let declared = f.size();
        let name = f.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("part {i}"));
        let inflated = std::io::copy(&mut (&mut f).take(declared.saturating_add(1)), &mut std::io::sink())
            .map_err(|e| OfficeError::at(&name, format!("the part cannot be inflated: {e} (a damaged file or a zip bomb)")))?;
        if inflated > declared {
            return Err(OfficeError::at(
                &name,
                format!("the part inflates to more than the {declared} bytes it declares (a damaged file or a zip bomb)"),
            ));
        }
    }
    Ok(())
}

/// The inflated text of one part, within [`MAX_PART`] bytes (the declared size is not trusted).
pub fn part(bytes: &[u8], name: &str) -> Result<Option<String>, OfficeError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OfficeError::whole(format!("the file is not a readable zip container: {e}")))?;
    let Ok(f) = zip.by_name(name) else { return Ok(None) };
    let mut out = Vec::new();
    f.take(MAX_PART + 1).read_to_end(&mut out).map_err(|e| OfficeError::at(name, format!("cannot be inflated: {e}")))?;
    if out.len() as u64 > MAX_PART {
        return Err(OfficeError::at(name, "the part inflates to more than jixiao reads (a damaged file or a zip bomb)"));
    }
    String::from_utf8(out).map(Some).map_err(|_| OfficeError::at(name, "the part is not UTF-8 XML"))
}

/// The names of the container's parts.
pub fn names(bytes: &[u8]) -> Vec<String> {
    zip::ZipArchive::new(Cursor::new(bytes)).map(|z| z.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()).unwrap_or_default()
}
