//! `jixiao bench`: store and search figures for BENCHMARKS.md.
//!
//! - `jixiao bench import --db DB --indicators 100000`: import rate of a generated
//!   corpus through the full pipeline (review, targets, search index, one
//!   transaction per document), and the rate of a plain multi-row insert of the
//!   same indicator rows into a bare table of the same database, with the ratio.
//! - `jixiao bench search --db DB --indicators 1000000 --queries 300`: fills the
//!   database up to that many indicators, then times searches of 2-, 3- and
//!   4-character words taken from indicator names (p50/p95/p99).

use anyhow::{Context, Result};
use jixiao_store::{SearchQuery, Store};
use jixiao_web::pipeline;
use std::time::Instant;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn plain_insert(store: &Store, docs: &[jixiao_core::Document]) -> Result<f64> {
    let pool = store.pool();
    sqlx::query("DROP TABLE IF EXISTS bench_plain").execute(pool).await?;
    sqlx::query(
        "CREATE TABLE bench_plain (document_id BIGINT, position BIGINT, seq BIGINT, level1 TEXT, level1_code TEXT, \
         level2 TEXT, level2_code TEXT, name TEXT, explanation TEXT, period_value TEXT, annual_value TEXT, comparator TEXT, \
         unit TEXT, nature TEXT, direction TEXT, weight TEXT, standard TEXT)",
    )
    .execute(pool)
    .await?;
    let started = Instant::now();
    let mut n = 0usize;
    for (d, doc) in docs.iter().enumerate() {
        let inds = doc.indicators();
        let mut tx = pool.begin().await?;
        for chunk in inds.chunks(400) {
            let mut sql = String::from(
                "INSERT INTO bench_plain (document_id, position, seq, level1, level1_code, level2, level2_code, name, \
                 explanation, period_value, annual_value, comparator, unit, nature, direction, weight, standard) VALUES ",
            );
            for k in 0..chunk.len() {
                if k > 0 {
                    sql.push(',');
                }
                let b = k * 17;
                sql.push('(');
                sql.push_str(&(1..=17).map(|c| format!("${}", b + c)).collect::<Vec<_>>().join(","));
                sql.push(')');
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (k, i) in chunk.iter().enumerate() {
                q = q
                    .bind(d as i64)
                    .bind((n + k) as i64)
                    .bind(i.seq)
                    .bind(i.level1.clone())
                    .bind(i.level1_code.clone())
                    .bind(i.level2.clone())
                    .bind(i.level2_code.clone())
                    .bind(i.name.clone())
                    .bind(i.explanation.clone())
                    .bind(i.period_value.clone())
                    .bind(i.annual_value.clone())
                    .bind(i.comparator.clone())
                    .bind(i.unit.clone())
                    .bind(i.nature.clone())
                    .bind(i.direction.clone())
                    .bind(i.weight.map(|w| w.to_string()))
                    .bind(i.standard.clone());
            }
            q.execute(&mut *tx).await?;
            n += chunk.len();
        }
        tx.commit().await?;
    }
    let secs = started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_plain").execute(pool).await?;
    Ok(n as f64 / secs)
}

/// `jixiao bench import`.
pub fn import(db: &str, indicators: usize) -> Result<()> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
        let docs = jixiao_demo::generate_indicators(7, indicators);
        let n: usize = docs.iter().map(|d| d.indicators().len()).sum();
        eprintln!("corpus: {} documents, {n} indicators", docs.len());
        let started = Instant::now();
        for (k, doc) in docs.iter().enumerate() {
            let mut doc = doc.clone();
            doc.source = format!("bench-{k}-{}", doc.source);
            let hash = pipeline::content_hash(doc.source.as_bytes());
            pipeline::store_document(&store, &doc, &hash).await?;
        }
        let secs = started.elapsed().as_secs_f64();
        let rate = n as f64 / secs;
        let plain = plain_insert(&store, &docs).await?;
        println!("import: {n} indicators in {secs:.2} s = {rate:.0} indicators/s (parse-free pipeline: review, targets, index)");
        println!("plain multi-row insert of the same rows: {plain:.0} rows/s");
        println!("ratio import / plain insert: {:.2}", rate / plain);
        store.close().await;
        Ok(())
    })
}

/// `jixiao bench search`.
pub fn search(db: &str, indicators: usize, queries: usize) -> Result<()> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
        let have = store.totals().await?.indicators as usize;
        if have < indicators {
            let docs = jixiao_demo::generate_indicators(11, indicators - have);
            eprintln!("filling: {} documents, {} indicators", docs.len(), indicators - have);
            let started = Instant::now();
            for (k, doc) in docs.iter().enumerate() {
                let mut doc = doc.clone();
                doc.source = format!("search-{have}-{k}-{}", doc.source);
                let hash = pipeline::content_hash(doc.source.as_bytes());
                pipeline::store_document(&store, &doc, &hash).await?;
                if k % 2000 == 0 {
                    eprintln!("  {k}/{} documents, {:.0} s", docs.len(), started.elapsed().as_secs_f64());
                }
            }
        }
        let total = store.totals().await?.indicators;
        // Words of 2, 3 and 4 characters from indicator names.
        let sample = jixiao_demo::generate_indicators(3, 2000);
        let mut words: Vec<String> = Vec::new();
        for doc in &sample {
            for ind in doc.indicators() {
                let chars: Vec<char> = ind.name.chars().filter(|c| c.is_alphanumeric()).collect();
                for len in [2usize, 3, 4] {
                    if chars.len() >= len + 1 {
                        let at = (ind.name.len() * 7 + len) % (chars.len() - len);
                        words.push(chars[at..at + len].iter().collect());
                    }
                }
            }
        }
        words.sort();
        words.dedup();
        let step = (words.len() / queries.max(1)).max(1);
        let chosen: Vec<&String> = words.iter().step_by(step).take(queries).collect();
        let mut times: Vec<f64> = Vec::new();
        let mut hits = 0usize;
        for w in &chosen {
            let q = SearchQuery { text: (*w).clone(), limit: 100, ..Default::default() };
            let started = Instant::now();
            let r = store.search(&q).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            hits += r.hits.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "search over {total} indicators, {} queries (2–4 characters, first page of 100), {hits} hits: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            times.last().copied().unwrap_or(0.0)
        );
        store.close().await;
        Ok(())
    })
}
