#![no_main]
//! Any bytes, under every layout and with detection: an error or a document,
//! never a panic; and every document read is reviewed without a panic.
use jixiao_core::review::{review, RuleConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = RuleConfig::default();
    if let Ok(doc) = jixiao_ingest::parse("fuzz.txt", data, None) {
        let _ = review(&doc, &config);
    }
    for layout in jixiao_ingest::Layout::ALL {
        if let Ok(doc) = jixiao_ingest::parse("fuzz.txt", data, Some(layout)) {
            let _ = review(&doc, &config);
        }
    }
});
