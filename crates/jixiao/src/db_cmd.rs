//! `jixiao import`, `jixiao demo` and `jixiao serve`: the commands that use the store.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jixiao_store::{ImportOutcome, Store};
use jixiao_app::pipeline;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The database used when `--db` is not given.
pub const DEFAULT_DB: &str = "jixiao.db";

fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

pub(crate) async fn open(db: &str) -> Result<Store> {
    Store::open(db).await.with_context(|| format!("opening the database {db}"))
}

fn progress(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

#[derive(Default)]
struct Summary {
    stored: usize,
    unchanged: usize,
    projects: usize,
    indicators: usize,
    findings: (usize, usize, usize),
    failures: Vec<String>,
}

impl Summary {
    fn add(&mut self, r: &pipeline::ImportReport) {
        match r.outcome {
            ImportOutcome::Stored { .. } => self.stored += 1,
            ImportOutcome::Unchanged { .. } => self.unchanged += 1,
        }
        self.projects += r.projects;
        self.indicators += r.indicators;
        self.findings.0 += r.findings.0;
        self.findings.1 += r.findings.1;
        self.findings.2 += r.findings.2;
    }

    fn print(&self) {
        eprintln!(
            "imported: {} documents stored, {} unchanged, {} failed; {} projects, {} indicators; findings: {} errors, {} warnings, {} infos",
            self.stored,
            self.unchanged,
            self.failures.len(),
            self.projects,
            self.indicators,
            self.findings.0,
            self.findings.1,
            self.findings.2
        );
        for f in &self.failures {
            eprintln!("  failed: {f}");
        }
    }
}

/// `jixiao import`: parse, review and store each file, each in one transaction.
pub fn import(db: &str, files: &[PathBuf]) -> Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open(db).await?;
        let bar = progress(files.len() as u64);
        let mut sum = Summary::default();
        let items: Vec<PathBuf> = files.to_vec();
        let warn_bar = bar.clone();
        let read = move |path: PathBuf| {
            let name = crate::display_name(&path);
            let bytes = std::fs::read(&path)
                .map_err(|e| pipeline::ImportError::Read { file: path.display().to_string(), reason: e.to_string() })?;
            let p = pipeline::Prepared::from_bytes(&name, &bytes)?;
            for w in &p.warnings {
                warn_bar.suspend(|| eprintln!("jixiao: warning: {name}, {w}"));
            }
            Ok(p)
        };
        pipeline::import_many(&store, items, read, |result| {
            match result {
                Ok(r) => {
                    bar.set_message(r.source.clone());
                    sum.add(&r);
                }
                Err(e) => {
                    let e = e.to_string();
                    bar.suspend(|| eprintln!("jixiao: {e}"));
                    sum.failures.push(e);
                }
            }
            bar.inc(1);
        })
        .await;
        bar.finish_and_clear();
        sum.print();
        store.close().await;
        Ok(if sum.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
    })
}

async fn fill_demo(store: &Store) -> Result<()> {
    let docs = jixiao_demo::generate(&jixiao_demo::DemoConfig::default());
    let bar = progress(docs.len() as u64);
    let mut sum = Summary::default();
    let prepare = |doc: jixiao_core::Document| {
        let hash = pipeline::content_hash(doc.to_json_pretty().as_bytes());
        Ok(pipeline::Prepared::new(doc, hash))
    };
    pipeline::import_many(store, docs, prepare, |result| {
        match result {
            Ok(r) => {
                bar.set_message(r.source.clone());
                sum.add(&r);
            }
            Err(e) => sum.failures.push(e.to_string()),
        }
        bar.inc(1);
    })
    .await;
    bar.finish_and_clear();
    sum.print();
    anyhow::ensure!(sum.failures.is_empty(), "demo data could not be stored");
    demo_rounds(store).await
}

/// Monitoring rounds for the demo's published project tables, from our own
/// generator: the latest year's through July, earlier years' for the whole year
/// (so that laggards, lights and self-evaluations have something to show).
async fn demo_rounds(store: &Store) -> Result<()> {
    use jixiao_app::monitor::{IndicatorReport, ProjectReport, RoundReport};
    let app = jixiao_app::App::new(store.clone());
    let docs: Vec<_> = store.list_documents().await?.into_iter().filter(|d| d.kind == "project").collect();
    let latest = docs.iter().filter_map(|d| d.year).max();
    let mut n = 0;
    for d in &docs {
        let Some(stored) = store.document(d.id).await? else { continue };
        let month = if d.year == latest { 7 } else { 12 };
        let Some(r) = jixiao_demo::monitoring::round(&stored.document, month, d.id as u64) else { continue };
        let report = RoundReport {
            month: r.month,
            projects: r.projects.into_iter().map(|p| ProjectReport { name: p.name, budget: None, executed: Some(p.executed), expected: None }).collect(),
            indicators: r
                .indicators
                .into_iter()
                .map(|i| IndicatorReport {
                    project: Some(i.project),
                    name: i.name,
                    actual: i.actual,
                    likelihood: Some(i.likelihood.to_string()),
                    causes: i.causes.iter().map(|c| c.to_string()).collect(),
                    explanation: i.explanation.map(str::to_string),
                    action: i.action.map(str::to_string),
                    ..Default::default()
                })
                .collect(),
        };
        // A demo table whose names repeat within it leaves those rows out: nothing to fail on.
        app.report_round(&jixiao_app::Actor::cli(), d.id, &report).await.with_context(|| format!("demo monitoring round of document {}", d.id))?;
        n += 1;
    }
    eprintln!("jixiao: {n} demo monitoring rounds entered");
    Ok(())
}

/// Creates the demo users (one per role) that do not exist yet and prints
/// their names and passwords — once: they are stored only as hashes.
async fn demo_users(store: &Store) -> Result<()> {
    let created = jixiao_app::App::new(store.clone()).create_demo_users().await.context("creating the demo users")?;
    if created.is_empty() {
        return Ok(());
    }
    eprintln!("jixiao: demo users (sign in at /login; the passwords are shown only now):");
    for (name, role, scope, password) in created {
        eprintln!("  {name:<9} {password:<13} {}（{scope}）", role.name_zh());
    }
    Ok(())
}

/// `jixiao demo`: fill a database with demo data from our own generator,
/// and demo users.
pub fn demo(db: &str) -> Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open(db).await?;
        fill_demo(&store).await?;
        demo_users(&store).await?;
        store.close().await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `jixiao serve`: the web app; a new database is filled with demo data first.
pub fn serve(db: &str, addr: SocketAddr, cache_mb: usize, secure_cookies: bool) -> Result<ExitCode> {
    let fresh = !is_postgres(db) && !db.starts_with("sqlite:") && !Path::new(db).exists();
    runtime()?.block_on(async {
        let store = open(db).await?;
        let empty = store.totals().await?.documents == 0;
        if fresh || empty {
            eprintln!("jixiao: the database {db} is empty: filling it with demo data");
            fill_demo(&store).await?;
            demo_users(&store).await?;
        }
        let mut state = jixiao_web::AppState::with_cache(store, cache_mb * 1024 * 1024);
        state.secure_cookies = secure_cookies;
        jixiao_web::serve(state, addr).await.with_context(|| format!("serving on {addr}"))?;
        Ok(ExitCode::SUCCESS)
    })
}
