//! Shared by the office targets. The readers catch the panics of the libraries
//! they call (calamine, pdf-extract) and report a damaged file: such a caught
//! panic is an error like any other, so the panic hook only remembers the
//! message (libfuzzer-sys's hook would abort at once). A panic that leaves the
//! reader is still a crash: it is printed and the process aborts.
use std::cell::RefCell;
use std::io::{Cursor, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use zip::write::SimpleFileOptions;

thread_local! {
    static LAST: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Replaces the aborting panic hook by one that keeps the last message.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| LAST.with(|l| *l.borrow_mut() = info.to_string())));
}

/// Runs one input: a panic that reaches here is a crash.
pub fn run(f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        LAST.with(|l| eprintln!("uncaught panic: {}", l.borrow()));
        std::process::abort();
    }
}

/// A zip container of the given parts, stored uncompressed, so that fuzzed XML
/// reaches the readers past the compression and the checksums.
#[allow(dead_code)]
pub fn stored_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        zip.start_file(*name, options).expect("a part");
        zip.write_all(data).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}
