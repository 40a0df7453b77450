//! The `jixiao` command: parse, target, check, import, demo, serve, user.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod backup_cmd;
mod bench_cmd;
mod bench_edit;
mod bench_monitor;
mod bench_soak;
mod check_cmd;
mod db_cmd;
mod evaluate_cmd;
mod monitor_cmd;
mod export_cmd;
mod gen_cmd;
mod parse_cmd;
mod user_cmd;

/// jixiao (绩效): budget performance targets of government departments.
#[derive(Parser)]
#[command(name = "jixiao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read published target tables into perf-targets/1 JSON.
    Parse {
        /// Table files: XLSX, XLS, PDF, HTML, DOCX, CSV or text (UTF-8, UTF-16, GBK).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write one DIR/NAME.json per input instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Force a layout instead of detecting it (project-text, project-tsv,
        /// department-tsv, department-columns, department-text, generic).
        #[arg(long, value_name = "NAME")]
        layout: Option<String>,
        /// Print to stderr how each file was read: layout, split, header and
        /// column mapping, confidence.
        #[arg(long)]
        explain: bool,
        /// Treat warnings (rows cut off, cells repaired, rows skipped) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Parse, review and store tables in the database (each file all or nothing).
    Import {
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Table files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the web app (a new database is filled with demo data first).
    Serve {
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Memory for rendered pages and API answers, in MiB (0: no cache).
        #[arg(long, default_value_t = 64)]
        cache_mb: usize,
        /// Mark session cookies Secure (serving behind HTTPS).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Copy a SQLite database while it is in use (checked afterwards); PostgreSQL: use pg_dump.
    Backup {
        /// The database.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// The backup file to write (must not exist).
        out: PathBuf,
    },
    /// Put a backup in place of a SQLite database (checked and migrated first).
    Restore {
        /// The backup file.
        backup: PathBuf,
        /// The database to restore into (must not exist unless --force).
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Replace an existing database (stop the server first).
        #[arg(long)]
        force: bool,
    },
    /// Check a database: integrity, references, every document readable and complete.
    CheckDb {
        /// The database.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Also compare every stored document with the file of this folder it came from.
        #[arg(long)]
        against: Option<PathBuf>,
    },
    /// Manage users: `user add NAME --role ROLE` (password from standard input), `user list`.
    User {
        #[command(subcommand)]
        command: user_cmd::UserCommand,
    },
    /// Fill a database with demo data (made-up departments and years).
    Demo {
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
    },
    /// Write generated target tables (our demo generator) as files, to measure parse, import and serving on the same data.
    Gen {
        /// The folder to write into (created when missing).
        out: PathBuf,
        /// Indicators in all (at least; whole tables).
        #[arg(long, default_value_t = 10_000)]
        indicators: usize,
        /// File format: csv (the official layout), xlsx, pdf or json.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Every project of the corpus in one project table (one large file).
        #[arg(long)]
        one: bool,
        /// The generator's seed: the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure the store: import rate, search and laggard-list latency (figures for BENCHMARKS.md).
    #[command(hide = true)]
    Bench {
        /// `import`, `search`, `laggards`, `editing` or `soak`.
        what: String,
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long)]
        db: String,
        /// Indicators in the generated corpus (`soak`: added to a new database).
        #[arg(long, default_value_t = 100_000)]
        indicators: usize,
        /// Search queries to time (`editing`: edits per editor, at most 100).
        #[arg(long, default_value_t = 300)]
        queries: usize,
        /// `editing`: concurrent editors; `soak`: editors among the connections.
        #[arg(long, default_value_t = 20)]
        editors: usize,
        /// `soak`: minutes of load.
        #[arg(long, default_value_t = 30.0)]
        minutes: f64,
        /// `soak`: connections in all.
        #[arg(long, default_value_t = 50)]
        connections: usize,
        /// `soak`: write the RSS curve here as CSV.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Review target tables (.json perf-targets/1 or source files) and report findings.
    Check {
        /// Table files: perf-targets/1 JSON, or anything `parse` reads.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value = "text")]
        format: check_cmd::Format,
        /// Report only findings at least this serious (error, warning, info).
        #[arg(long, value_name = "LEVEL", default_value = "info", value_parser = parse_severity)]
        min_severity: jixiao_core::review::Severity,
        /// Colour the text report.
        #[arg(long, value_enum, default_value = "auto")]
        color: check_cmd::Color,
    },
    /// Write a table in the official layout as XLSX, PDF, CSV or perf-targets/1 JSON.
    Export {
        /// A table file (anything `parse` reads); or use --db and --id.
        #[arg(required_unless_present = "id")]
        file: Option<PathBuf>,
        /// Database of the stored document (with --id).
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Id of a stored document.
        #[arg(long, conflicts_with = "file")]
        id: Option<i64>,
        /// xlsx, pdf, csv or json.
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Add the review findings as an appendix (审核意见, PDF only).
        #[arg(long)]
        findings: bool,
    },
    /// Recompute the scores of filled self-evaluation tables (自评表) and mark where the printed ones disagree.
    Evaluate {
        /// Self-evaluation tables, in any format `parse` reads.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Lower-is-better indicators over their target: ratio (target ÷ actual) or linear (zero at twice the target).
        #[arg(long, default_value = "ratio")]
        lower: String,
    },
    /// Enter a monitoring round from a CSV keyed by project and indicator name (项目名称, 三级指标, 执行数 …).
    Monitor {
        /// The filled monitoring table (official layout as XLSX/XLS/text, or CSV).
        file: PathBuf,
        /// The database.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// Id of the stored document (approved or published).
        #[arg(long)]
        id: i64,
        /// The last month the round covers (7 for 1–7月); read from the headings when left out.
        #[arg(long)]
        month: Option<u8>,
    },
    /// List the projects lit yellow or red in the latest monitoring round of each document.
    Laggards {
        /// The database.
        #[arg(long, default_value = db_cmd::DEFAULT_DB)]
        db: String,
        /// light, department or execution.
        #[arg(long, default_value = "light")]
        order: String,
        /// At most this many.
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Parse target-value strings (不少于2000次) into typed targets, one JSON per line.
    Target {
        /// One value; without it, values are read from standard input, one a line.
        value: Option<String>,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` ends quietly when the reader goes, as other
    // command-line tools do, instead of panicking on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Two malloc arenas instead of eight per core: memory freed by one thread
    // (a parse on a blocking thread) is reused by the others instead of each
    // thread's arena growing on its own (BENCHMARKS.md, memory).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a malloc tuning call before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse { files, out, layout, explain, strict } => {
            parse_cmd::run(&files, out.as_deref(), layout.as_deref(), explain, strict)
        }
        Command::Check { files, format, min_severity, color } => check_cmd::run(&files, format, min_severity, color),
        Command::Export { file, db, id, format, out, findings } => {
            let from = match (&file, id) {
                (Some(f), _) => export_cmd::From::File(f),
                (None, Some(id)) => export_cmd::From::Db(&db, id),
                (None, None) => unreachable!("clap requires a file or --id"),
            };
            export_cmd::run(from, &format, &out, findings)
        }
        Command::Evaluate { files, format, lower } => evaluate_cmd::run(&files, &format, &lower),
        Command::Monitor { file, db, id, month } => monitor_cmd::report(&db, id, month, &file),
        Command::Laggards { db, order, limit } => monitor_cmd::laggards(&db, &order, limit),
        Command::Target { value } => run_target(value).map(|()| ExitCode::SUCCESS),
        Command::Import { db, files } => db_cmd::import(&db, &files),
        Command::Serve { db, addr, cache_mb, secure_cookies } => db_cmd::serve(&db, addr, cache_mb, secure_cookies),
        Command::User { command } => user_cmd::run(command),
        Command::Backup { db, out } => backup_cmd::backup(&db, &out),
        Command::Restore { backup, db, force } => backup_cmd::restore(&backup, &db, force),
        Command::CheckDb { db, against } => backup_cmd::check(&db, against.as_deref()),
        Command::Demo { db } => db_cmd::demo(&db),
        Command::Gen { out, indicators, format, one, seed } => gen_cmd::run(&out, indicators, &format, one, seed),
        Command::Bench { what, db, indicators, queries, editors, minutes, connections, out } => match what.as_str() {
            "soak" => bench_soak::run(&bench_soak::Soak { db, minutes, connections, editors: editors.min(connections / 5), indicators, out })
                .map(|()| ExitCode::SUCCESS),
            "import" => bench_cmd::import(&db, indicators).map(|()| ExitCode::SUCCESS),
            "search" => bench_cmd::search(&db, indicators, queries).map(|()| ExitCode::SUCCESS),
            "laggards" => bench_monitor::laggards(&db, indicators, queries).map(|()| ExitCode::SUCCESS),
            "editing" => bench_edit::run(&db, editors.max(1), queries.min(100)).map(|()| ExitCode::SUCCESS),
            other => Err(anyhow::anyhow!("unknown benchmark {other:?}: import, search, laggards, editing or soak")),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jixiao: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_target(value: Option<String>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut emit = |v: &str| -> Result<()> {
        let t = jixiao_core::target::parse_target(v);
        serde_json::to_writer(&mut out, &t)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    match value {
        Some(v) => emit(&v)?,
        None => {
            for line in std::io::stdin().lock().lines() {
                emit(&line.context("reading standard input")?)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn parse_severity(s: &str) -> Result<jixiao_core::review::Severity, String> {
    jixiao_core::review::Severity::from_name(s).ok_or_else(|| format!("unknown severity {s:?} (error, warning, info)"))
}

/// The file name reported for a path (`source` of the document).
pub(crate) fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}
