#![no_main]
//! Any bytes as a PDF: an error or a reading, never a panic, a hang or
//! unbounded memory.
use jixiao_ingest::Options;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(init: common::quiet_panics(), |data: &[u8]| {
    common::run(|| {
        let _ = jixiao_office::read("fuzz.pdf", data, &Options::default());
        let _ = jixiao_office::pdf_in::read(data);
    });
});
