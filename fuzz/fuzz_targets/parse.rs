#![no_main]
//! Any bytes, under every layout and with detection: an error or a document, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jixiao_ingest::parse("fuzz.txt", data, None);
    for layout in jixiao_ingest::Layout::ALL {
        let _ = jixiao_ingest::parse("fuzz.txt", data, Some(layout));
    }
});
