#![no_main]
//! Any text as an HTML page: an error or a reading, never a panic, a hang or
//! unbounded memory. The tables are also read directly, whether or not the
//! text is detected as HTML.
use jixiao_ingest::Options;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(init: common::quiet_panics(), |data: &[u8]| {
    common::run(|| {
        let _ = jixiao_office::read("fuzz.html", data, &Options::default());
        let _ = jixiao_office::tables(data);
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = jixiao_office::html::read(text);
        }
    });
});
