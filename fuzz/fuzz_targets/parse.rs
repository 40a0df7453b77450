#![no_main]
//! Any bytes, under every layout and with detection: an error or a document,
//! never a panic; every document read is reviewed without a panic. The text is
//! also split into a grid every way (tabs, pipes, wide and single spaces, one
//! cell per line, none, and as office cells) and each grid is interpreted from
//! its best header, so every grid builder and the interpreter see every input.
use jixiao_core::review::{review, RuleConfig};
use jixiao_ingest::grid::{Cell, Grid, Split};
use jixiao_ingest::interpret::{best_header, read_grid};
use jixiao_ingest::text::Source;
use jixiao_ingest::{read, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = RuleConfig::default();
    for strict in [false, true] {
        if let Ok(r) = read("fuzz.txt", data, &Options { layout: None, strict }) {
            let _ = review(&r.document, &config);
        }
    }
    for layout in jixiao_ingest::Layout::ALL {
        if let Ok(doc) = jixiao_ingest::parse("fuzz.txt", data, Some(layout)) {
            let _ = review(&doc, &config);
        }
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = Source::new("fuzz.txt", text);
    let mut grids: Vec<Grid> = Split::TEXT.into_iter().map(|s| Grid::from_text(&src, s)).collect();
    // Office cells with spans taken from the bytes.
    let rows = src
        .lines
        .iter()
        .map(|l| {
            let cells = l
                .raw
                .split('\t')
                .enumerate()
                .map(|(i, t)| Cell { col_span: 1 + (t.len() as u32 + i as u32) % 3, ..Cell::new(t) })
                .collect();
            (l.no, cells)
        })
        .collect();
    grids.push(Grid::from_cells("sheet 1", rows).spread());
    for grid in &grids {
        if let Some((at, _)) = best_header(grid) {
            if let Ok(r) = read_grid("fuzz.txt", text, grid, at) {
                let _ = review(&r.document, &config);
            }
        }
    }
});
