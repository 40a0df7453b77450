//! Office formats: writing the official layout as XLSX and PDF, and reading
//! XLSX and PDF back, on one generated project table of 1,000 indicators and on
//! one long enough to print on 50 pages.
//!
//! `cargo bench -p jixiao-office --bench office`

use criterion::{criterion_group, criterion_main, Criterion};
use jixiao_core::{Body, Document};
use jixiao_ingest::Options;
use jixiao_office::{layout, pdf_out, read, xlsx};

fn indicators(doc: &Document) -> usize {
    match &doc.body {
        Body::Project(t) => t.units.iter().flat_map(|u| &u.projects).map(|p| p.indicators.len()).sum(),
        Body::Department(_) => 0,
    }
}

/// One project table of at least `n` indicators: the units of generated project tables, one after another.
fn project_table(n: usize) -> Document {
    let docs = jixiao_demo::generate_indicators(7, n * 3);
    let mut parts = docs.into_iter().filter(|d| matches!(d.body, Body::Project(_)));
    let mut doc = parts.next().expect("a project table");
    for other in parts {
        if indicators(&doc) >= n {
            break;
        }
        if let (Body::Project(t), Body::Project(o)) = (&mut doc.body, other.body) {
            t.units.extend(o.units);
        }
    }
    doc
}

fn pages(pdf: &[u8]) -> usize {
    // Page objects may sit in compressed object streams: walk the page tree.
    pdf_extract::Document::load_mem(pdf).map(|d| d.get_pages().len()).unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    let doc = project_table(1000);
    eprintln!("table of {} indicators", indicators(&doc));
    let sheet = layout::sheet(&doc);
    let mut g = c.benchmark_group("office");
    g.sample_size(10);
    g.bench_function("xlsx_write_1000", |b| b.iter(|| std::hint::black_box(xlsx::write(&layout::sheet(&doc)).unwrap())));
    let book = xlsx::write(&sheet).unwrap();
    g.bench_function("xlsx_read_1000", |b| b.iter(|| std::hint::black_box(read("t.xlsx", &book, &opts).unwrap())));
    if !pdf_out::available() {
        eprintln!("no CJK font: the PDF benchmarks are skipped (install fonts-noto-cjk)");
        return;
    }
    g.bench_function("pdf_write_1000", |b| b.iter(|| std::hint::black_box(pdf_out::write(&layout::sheet(&doc), None).unwrap())));
    // Grow the table until it prints on at least 50 pages.
    let (mut n, mut long) = (1000, Vec::new());
    while long.is_empty() || pages(&long) < 50 {
        n += n / 2;
        long = pdf_out::write(&layout::sheet(&project_table(n)), None).unwrap();
    }
    let back = read("t.pdf", &long, &opts).unwrap();
    eprintln!("PDF of {} pages, {} KB, {} indicators", pages(&long), long.len() >> 10, indicators(&back.document));
    g.bench_function("pdf_read_50_pages", |b| b.iter(|| std::hint::black_box(read("t.pdf", &long, &opts).unwrap())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
