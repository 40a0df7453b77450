//! `jixiao bench`: store and search figures for BENCHMARKS.md.
//!
//! - `jixiao bench import --db DB --indicators 100000`: import rate of a generated
//!   corpus through the full pipeline (review, targets, search index, one
//!   transaction per document), and the rate of a plain multi-row insert of the
//!   same indicator rows into a bare table of the same database, with the ratio.
//! - `jixiao bench search --db DB --indicators 1000000 --queries 300`: fills the
//!   database up to that many indicators, then times searches of 2-, 3- and
//!   4-character words taken from indicator names (p50/p95/p99).

use anyhow::Result;
use jixiao_store::{Dialect, SearchQuery, Store};
use jixiao_app::pipeline;
use sqlx::Row;
use std::time::Instant;

pub(crate) use crate::db_cmd::runtime;

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A value of a stored row, for the plain inserts.
#[derive(Clone)]
enum Cell {
    S(Option<String>),
    I(Option<i64>),
    F(Option<f64>),
}

/// Inserts rows into a bare table (no keys, no indexes) in multi-row
/// statements of at most 400 rows, one transaction per document: the plain
/// bulk insert the import is measured against. Returns rows per second.
async fn plain_insert(store: &Store, columns: &[(&str, &str)], docs: Vec<Vec<Vec<Cell>>>) -> Result<f64> {
    let pool = store.pool();
    sqlx::query("DROP TABLE IF EXISTS bench_plain").execute(pool).await?;
    let defs: Vec<String> = columns.iter().map(|(c, t)| format!("{c} {t}")).collect();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE TABLE bench_plain ({})", defs.join(", ")))).execute(pool).await?;
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let width = columns.len();
    let started = Instant::now();
    let mut n = 0usize;
    for rows in docs {
        let mut tx = pool.begin().await?;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Cell>> = rows.by_ref().take(400).collect();
            let mut sql = format!("INSERT INTO bench_plain ({}) VALUES ", names.join(", "));
            for k in 0..chunk.len() {
                let marks: Vec<String> = match store.dialect() {
                    // Anonymous placeholders: SQLite binds numbered ones in quadratic time.
                    Dialect::Sqlite => vec!["?".to_string(); width],
                    Dialect::Postgres => (1..=width).map(|c| format!("${}", k * width + c)).collect(),
                };
                sql.push_str(if k > 0 { ",(" } else { "(" });
                sql.push_str(&marks.join(","));
                sql.push(')');
            }
            n += chunk.len();
            // PostgreSQL: unnamed statements, as the import uses (a cached one
            // keeps the parameter types of its first use, and a NULL changes them).
            let persistent = store.dialect() == Dialect::Sqlite;
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(persistent);
            for cell in chunk.into_iter().flatten() {
                q = match cell {
                    Cell::S(v) => q.bind(v),
                    Cell::I(v) => q.bind(v),
                    Cell::F(v) => q.bind(v),
                };
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    let secs = started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_plain").execute(pool).await?;
    Ok(n as f64 / secs)
}

/// The indicator rows exactly as the import stored them, per document.
async fn stored_rows(store: &Store, columns: &[(&str, &str)], first_doc: i64) -> Result<Vec<Vec<Vec<Cell>>>> {
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let sql = format!(
        "SELECT {} FROM indicators WHERE document_id >= {first_doc} ORDER BY document_id, position",
        names.join(", ")
    );
    let mut docs: Vec<Vec<Vec<Cell>>> = Vec::new();
    let mut current = None;
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(store.pool()).await? {
        let doc: i64 = r.try_get("document_id")?;
        if current != Some(doc) {
            docs.push(Vec::new());
            current = Some(doc);
        }
        let mut row = Vec::with_capacity(columns.len());
        for (c, t) in columns {
            row.push(match *t {
                "BIGINT" => Cell::I(r.try_get(*c)?),
                "DOUBLE PRECISION" => Cell::F(r.try_get(*c)?),
                _ => Cell::S(r.try_get(*c)?),
            });
        }
        if let Some(d) = docs.last_mut() {
            d.push(row);
        }
    }
    Ok(docs)
}

/// The columns of a stored indicator row (`id` excepted), with their types.
const STORED: [(&str, &str); 25] = [
    ("document_id", "BIGINT"),
    ("project_id", "BIGINT"),
    ("plan_id", "BIGINT"),
    ("task_id", "BIGINT"),
    ("position", "BIGINT"),
    ("seq", "BIGINT"),
    ("level1", "TEXT"),
    ("level1_code", "TEXT"),
    ("level2", "TEXT"),
    ("level2_code", "TEXT"),
    ("name", "TEXT"),
    ("explanation", "TEXT"),
    ("period_value", "TEXT"),
    ("annual_value", "TEXT"),
    ("comparator", "TEXT"),
    ("unit", "TEXT"),
    ("nature", "TEXT"),
    ("direction", "TEXT"),
    ("weight", "TEXT"),
    ("standard", "TEXT"),
    ("target", "TEXT"),
    ("target_kind", "TEXT"),
    ("target_number", "DOUBLE PRECISION"),
    ("better", "TEXT"),
    ("grams", "TEXT"),
];

/// `jixiao bench import`.
pub fn import(db: &str, indicators: usize) -> Result<()> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
        let docs = jixiao_demo::generate_indicators(7, indicators);
        let n: usize = docs.iter().map(|d| d.indicators().len()).sum();
        let first_doc: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM documents")
            .fetch_one(store.pool())
            .await?
            .try_get("n")?;
        eprintln!("corpus: {} documents, {n} indicators", docs.len());
        // The same documents under fresh names, so that none is "unchanged".
        let run = pipeline::now_rfc3339();
        let items: Vec<(usize, jixiao_core::Document)> = docs.into_iter().enumerate().collect();
        let prepare = move |(k, mut doc): (usize, jixiao_core::Document)| {
            doc.source = format!("bench-{run}-{k}-{}", doc.source);
            let hash = pipeline::content_hash(doc.source.as_bytes());
            Ok(pipeline::Prepared::new(doc, hash))
        };
        let mut failed = None;
        let started = Instant::now();
        pipeline::import_many(&store, items, prepare, |r| {
            if let Err(e) = r {
                failed.get_or_insert(e);
            }
        })
        .await;
        let secs = started.elapsed().as_secs_f64();
        if let Some(e) = failed {
            return Err(e.into());
        }
        let rate = n as f64 / secs;
        println!(
            "import: {n} indicators in {secs:.2} s = {rate:.0} indicators/s \
             (review, targets, versions, findings, search index; one transaction per document)"
        );
        let rows = stored_rows(&store, &STORED, first_doc).await?;
        // The source fields are the first 20 columns of the same rows.
        let source_rows: Vec<Vec<Vec<Cell>>> =
            rows.iter().map(|doc| doc.iter().map(|row| row[..20].to_vec()).collect()).collect();
        let same = plain_insert(&store, &STORED, rows).await?;
        println!("plain insert of the same indicator rows as stored (25 columns): {same:.0} rows/s");
        println!("ratio import / plain insert: {:.2}", rate / same);
        let source = plain_insert(&store, &STORED[..20], source_rows).await?;
        println!(
            "plain insert of the rows' source fields only (20 columns, no target, no grams): {source:.0} rows/s, ratio {:.2}",
            rate / source
        );
        store.close().await;
        Ok(())
    })
}

/// `jixiao bench search`.
/// Fills the database with generated documents up to `indicators` indicators
/// (sources named after `tag`), through the import pipeline.
pub(crate) async fn fill(store: &Store, indicators: usize, tag: &str) -> Result<()> {
    let have = store.totals().await?.indicators as usize;
    if have >= indicators {
        return Ok(());
    }
    let docs = jixiao_demo::generate_indicators(11, indicators - have);
    eprintln!("filling: {} documents, {} indicators", docs.len(), indicators - have);
    let started = Instant::now();
    let count = docs.len();
    let items: Vec<(usize, jixiao_core::Document)> = docs.into_iter().enumerate().collect();
    let tag = tag.to_string();
    let prepare = move |(k, mut doc): (usize, jixiao_core::Document)| {
        doc.source = format!("{tag}-{have}-{k}-{}", doc.source);
        let hash = pipeline::content_hash(doc.source.as_bytes());
        Ok(pipeline::Prepared::new(doc, hash))
    };
    let mut done = 0usize;
    let mut failed = None;
    pipeline::import_many(store, items, prepare, |r| {
        if let Err(e) = r {
            failed.get_or_insert(e);
        }
        done += 1;
        if done.is_multiple_of(5000) {
            eprintln!("  {done}/{count} documents, {:.0} s", started.elapsed().as_secs_f64());
        }
    })
    .await;
    if let Some(e) = failed {
        return Err(e.into());
    }
    eprintln!("filled in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub fn search(db: &str, indicators: usize, queries: usize) -> Result<()> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
        fill(&store, indicators, "search").await?;
        store.analyze().await?;
        let total = store.totals().await?.indicators;
        // Words of 2, 3 and 4 characters from indicator names.
        let sample = jixiao_demo::generate_indicators(3, 2000);
        let mut words: Vec<String> = Vec::new();
        for doc in &sample {
            for ind in doc.indicators() {
                let chars: Vec<char> = ind.name.chars().filter(|c| c.is_alphanumeric()).collect();
                for len in [2usize, 3, 4] {
                    if chars.len() > len {
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
        let mut slowest: Vec<(f64, &str, usize)> = Vec::new();
        let mut hits = 0usize;
        for w in &chosen {
            let q = SearchQuery { text: (*w).clone(), limit: 100, ..Default::default() };
            let started = Instant::now();
            let r = store.search(&q).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            slowest.push((ms, w.as_str(), r.hits.len()));
            hits += r.hits.len();
        }
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "search over {total} indicators, {} queries (2–4 characters, first page of 100), {hits} hits: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            times.last().copied().unwrap_or(0.0)
        );
        let worst: Vec<String> = slowest.iter().take(5).map(|(ms, w, n)| format!("{w} {ms:.1} ms ({n} hits)")).collect();
        println!("slowest: {}", worst.join(", "));
        store.close().await;
        Ok(())
    })
}
