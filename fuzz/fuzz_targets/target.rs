#![no_main]
//! Any string through the target-value grammar: never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = jixiao_core::target::parse_target(s);
    }
});
