//! Writes the default demo corpus as `perf-targets/1` files and prints sizes;
//! with `--bulk N`, times `generate_indicators` for N indicators instead.
//!
//! `cargo run --release -p jixiao-demo --example demo_dump -- OUT_DIR`
//! `cargo run --release -p jixiao-demo --example demo_dump -- --bulk 1000000`

use std::time::Instant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--bulk") {
        let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
        let start = Instant::now();
        let docs = jixiao_demo::generate_indicators(1, n);
        let took = start.elapsed();
        let inds: usize = docs.iter().map(|d| d.indicators().len()).sum();
        println!("{} documents, {inds} indicators in {:.2?}", docs.len(), took);
        return Ok(());
    }
    let corpus = jixiao_demo::generate_annotated(&jixiao_demo::DemoConfig::default());
    println!("{} documents, {} indicators, {} defects", corpus.documents.len(), corpus.indicator_count(), corpus.defects.len());
    for d in &corpus.defects {
        println!("  {} {} {}", d.source, d.kind.id(), d.path);
    }
    if let Some(dir) = args.first() {
        for doc in &corpus.documents {
            let name = doc.source.rsplit('/').next().unwrap_or("doc.json");
            let path = std::path::Path::new(dir).join(name);
            std::fs::create_dir_all(dir)?;
            std::fs::write(path, doc.to_json_pretty())?;
        }
    }
    Ok(())
}
