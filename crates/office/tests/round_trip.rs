//! What jixiao writes, jixiao reads back to the same document: the five
//! published tables and generated documents, through XLSX and CSV.

use jixiao_core::Document;
use jixiao_ingest::Options;
use jixiao_office::{csv, layout, read, xlsx};

fn same(a: &Document, b: &Document) -> Result<(), String> {
    let mut b = b.clone();
    b.source = a.source.clone();
    if *a == b {
        return Ok(());
    }
    let (ja, jb) = (a.to_json_pretty(), b.to_json_pretty());
    let line = ja.lines().zip(jb.lines()).position(|(x, y)| x != y).unwrap_or(0);
    let show = |j: &str| j.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
    Err(format!("differs at JSON line {line}:\n--- written\n{}\n--- read back\n{}", show(&ja), show(&jb)))
}

fn round_trip(doc: &Document) -> Result<(), String> {
    let sheet = layout::sheet(doc);
    let bytes = xlsx::write(&sheet).map_err(|e| e.to_string())?;
    let back = read("t.xlsx", &bytes, &Options::default()).map_err(|e| e.to_string())?;
    same(doc, &back.document).map_err(|e| format!("XLSX: {e}"))?;
    let bytes = csv::write(&sheet);
    let back = read("t.csv", &bytes, &Options::default()).map_err(|e| e.to_string())?;
    same(doc, &back.document).map_err(|e| format!("CSV: {e}"))
}

#[test]
fn published_tables_round_trip() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    for (name, bytes) in seeds {
        let doc = jixiao_ingest::parse(&name, &bytes, None).unwrap();
        round_trip(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn generated_documents_round_trip() {
    let docs = jixiao_demo::generate(&jixiao_demo::DemoConfig { districts: 4, years: 2022..=2025, ..Default::default() });
    assert!(docs.len() >= 100, "{}", docs.len());
    let mut failed = Vec::new();
    for doc in &docs {
        if let Err(e) = round_trip(doc) {
            failed.push(format!("{}: {e}", doc.source));
        }
    }
    assert!(failed.is_empty(), "{} of {} documents differ; first: {}", failed.len(), docs.len(), failed[0]);
}
