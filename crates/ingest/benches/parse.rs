//! Parse throughput (MB/s of table text) on the published seed tables, each
//! parsed with layout detection, as one batch.
//!
//! `cargo bench -p jixiao-ingest --bench parse`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn seeds() -> Vec<(String, Vec<u8>)> {
    jixiao_fixtures::seeds().unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let seeds = seeds();
    if seeds.is_empty() {
        eprintln!("no seeds found: set JIXIAO_SHARED");
        return;
    }
    let bytes: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("seeds", |b| {
        b.iter(|| {
            for (name, data) in &seeds {
                let _ = std::hint::black_box(jixiao_ingest::parse(name, data, None));
            }
        })
    });
    for (name, data) in &seeds {
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(&name[..3], |b| b.iter(|| std::hint::black_box(jixiao_ingest::parse(name, data, None))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
