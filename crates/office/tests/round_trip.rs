//! What jixiao writes, jixiao reads back to the same document: the five
//! published tables and generated documents, through XLSX, CSV, JSON and PDF.

use jixiao_core::Document;
use jixiao_ingest::Options;
use jixiao_office::{csv, layout, pdf_out, read, xlsx};

mod common;
use common::same;

fn round_trip(doc: &Document) -> Result<(), String> {
    let sheet = layout::sheet(doc);
    let bytes = xlsx::write(&sheet).map_err(|e| e.to_string())?;
    let back = read("t.xlsx", &bytes, &Options::default()).map_err(|e| e.to_string())?;
    same(doc, &back.document).map_err(|e| format!("XLSX: {e}"))?;
    let bytes = csv::write(&sheet);
    let back = read("t.csv", &bytes, &Options::default()).map_err(|e| e.to_string())?;
    same(doc, &back.document).map_err(|e| format!("CSV: {e}"))?;
    let back = read("t.json", doc.to_json_pretty().as_bytes(), &Options::default()).map_err(|e| e.to_string())?;
    same(doc, &back.document).map_err(|e| format!("JSON: {e}"))
}

fn pdf_round_trip(doc: &Document) -> Result<(), String> {
    let bytes = pdf_out::write(&layout::sheet(doc), None).map_err(|e| e.to_string())?;
    let back = read("t.pdf", &bytes, &Options::default()).map_err(|e| e.to_string());
    let result = back.as_ref().map_err(Clone::clone).and_then(|b| same(doc, &b.document).map_err(|e| format!("PDF: {e}")));
    if result.is_err() {
        // JIXIAO_KEEP_FAILED=DIR keeps each failing PDF, its document and what was read.
        if let Ok(dir) = std::env::var("JIXIAO_KEEP_FAILED") {
            let stem = doc.source.replace('/', "_");
            let _ = std::fs::write(format!("{dir}/{stem}.pdf"), &bytes);
            let _ = std::fs::write(format!("{dir}/{stem}.json"), doc.to_json_pretty());
            if let Ok(b) = &back {
                let _ = std::fs::write(format!("{dir}/{stem}.back.json"), b.document.to_json_pretty());
            }
        }
    }
    result
}

/// PDF output needs Debian's fonts-noto-cjk; CI installs it (JIXIAO_REQUIRE_FIXTURES makes it required).
fn pdf_ready() -> bool {
    if pdf_out::available() {
        return true;
    }
    assert!(!jixiao_fixtures::required(), "PDF output needs fonts-noto-cjk");
    eprintln!("skipped: no CJK font for PDF output");
    false
}

#[test]
fn published_tables_round_trip_through_pdf() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    if !pdf_ready() {
        return;
    }
    // Compared field by field, so that a failure names every field that differs.
    for (name, bytes) in seeds {
        let doc = jixiao_ingest::parse(&name, &bytes, None).unwrap();
        let pdf = pdf_out::write(&layout::sheet(&doc), None).unwrap();
        let back = read("t.pdf", &pdf, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}")).document;
        let (a, b) = (doc.to_json(), back.to_json());
        let mut diffs = Vec::new();
        diff(&a, &b, "", &mut diffs);
        diffs.retain(|d| !d.starts_with("/source"));
        assert!(diffs.is_empty(), "{name}: {} fields differ: {diffs:?}", diffs.len());
    }
}

fn diff(a: &serde_json::Value, b: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                diff(v, y.get(k).unwrap_or(&Value::Null), &format!("{at}/{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(v, w, &format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!("{at}: {a} → {b}")),
        _ => {}
    }
}

#[test]
fn generated_documents_round_trip_through_pdf() {
    if !pdf_ready() {
        return;
    }
    let docs = jixiao_demo::generate(&jixiao_demo::DemoConfig { districts: 1, years: 2024..=2024, ..Default::default() });
    let mut failed = Vec::new();
    for doc in &docs {
        if let Err(e) = pdf_round_trip(doc) {
            failed.push(format!("{}: {e}", doc.source));
        }
    }
    assert!(failed.is_empty(), "{} of {} documents differ; first: {}", failed.len(), docs.len(), failed[0]);
}

/// A few hundred generated documents through PDF: slow in a debug build, so CI
/// runs it in the release build (`cargo test --release -p jixiao-office --test
/// round_trip -- --ignored`).
#[test]
#[ignore = "a few hundred PDFs: run in release (CI does)"]
fn many_generated_documents_round_trip_through_pdf() {
    if !pdf_ready() {
        return;
    }
    let docs = jixiao_demo::generate(&jixiao_demo::DemoConfig { districts: 10, years: 2022..=2025, ..Default::default() });
    assert!(docs.len() >= 200, "{}", docs.len());
    let failed: Vec<String> = std::thread::scope(|s| {
        let half = docs.len() / 2;
        let parts: Vec<_> = [&docs[..half], &docs[half..]]
            .into_iter()
            .map(|part| s.spawn(move || part.iter().filter_map(|d| pdf_round_trip(d).err().map(|e| format!("{}: {e}", d.source))).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    eprintln!("{} generated documents through PDF, {} differ", docs.len(), failed.len());
    for f in &failed {
        eprintln!("  {f}");
    }
    assert!(failed.is_empty(), "{} of {} documents differ; first: {}", failed.len(), docs.len(), failed[0]);
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

/// A GBK (GB18030 where GBK lacks a character) and a UTF-16 copy (LE and BE,
/// with BOM) of each published table parse the same as the UTF-8 original.
#[test]
fn published_tables_in_other_encodings_parse_the_same() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    for (name, bytes) in seeds {
        let doc = jixiao_ingest::parse(&name, &bytes, None).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
        let gbk = if unmappable { encoding_rs::GB18030.encode(text).0 } else { gbk };
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for (what, copy) in [("GBK", gbk.into_owned()), ("UTF-16LE", le), ("UTF-16BE", be)] {
            assert_ne!(copy, bytes, "{name}: {what} differs from UTF-8");
            let back = read(&name, &copy, &Options::default()).unwrap_or_else(|e| panic!("{name} in {what}: {e}")).document;
            same(&doc, &back).unwrap_or_else(|e| panic!("{name} in {what}: {e}"));
        }
    }
}
