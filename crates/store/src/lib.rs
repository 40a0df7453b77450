//! jixiao-store: the documents, their indicators with parsed targets, review
//! findings and provenance, in SQLite (embedded, the default) or PostgreSQL.
//!
//! One repository API ([`Store`]) over both: the SQL is shared where the
//! dialects agree and chosen per [`Dialect`] where they do not (identity
//! columns, the search index). Search uses an index of the characters and
//! character pairs of every indicator name (FTS5 in SQLite, a GIN-indexed array
//! in PostgreSQL), so that two-character Chinese words are found as fast as
//! longer ones, then checks the exact substring.
#![warn(missing_docs)]

mod accounts;
mod audit;
mod batch;
mod flow;
mod maintain;
mod monitor;
mod read;
mod schema;
mod search;
mod staged;
mod tx;
mod write;

pub use read::{CompareRow, DocumentSummary, StoredDocument, StoredFinding, Totals};
pub use search::{grams, SearchHit, SearchQuery, SearchResult, SearchScope, COUNT_BOUND};
pub use accounts::{Department, NewUser, Region, Session, User};
pub use audit::{now_secs, rfc3339, AuditRecord, NewComment, StoredComment, VersionInfo, COALESCE_SECS};
pub use flow::{StateChange, UpdateOutcome};
pub use monitor::{light_rank, stored_amount, Laggard, LaggardCause, LaggardOrder, NewRound, RoundIndicator, RoundProject, StoredRound};
pub use staged::STAGED_SECS;
pub use write::{AuditEntry, ImportOutcome, NewFinding, Provenance, StartState};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use tx::WriteTx;
use std::time::Duration;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database error: {}", describe(.0))]
    Db(#[from] sqlx::Error),
    /// The database exists but cannot serve jixiao.
    #[error("{0}")]
    Unusable(String),
    /// Stored data could not be turned back into the model.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// A cause of a failed write that the user can act on (not a bug): what
/// [`StoreError::fault`] recognises in the database's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The disk (or the database's quota) is full.
    DiskFull,
    /// Another writer held the database for longer than the busy timeout.
    Locked,
    /// The database file or its folder cannot be written.
    ReadOnly,
    /// The database server went away (stopped, restarted, the network broke)
    /// or no connection came free in time.
    Unavailable,
}

impl Fault {
    /// The cause in English (CLI and logs).
    pub fn describe(self) -> &'static str {
        match self {
            Fault::DiskFull => "the disk is full",
            Fault::Locked => "the database is locked by another writer (waited 5 s)",
            Fault::ReadOnly => "the database cannot be written (read-only file or folder)",
            Fault::Unavailable => "the database server is unavailable (stopped, restarted or unreachable)",
        }
    }

    /// The cause in Chinese (pages and API).
    pub fn chinese(self) -> &'static str {
        match self {
            Fault::DiskFull => "存储空间已满",
            Fault::Locked => "数据库正被其他写入占用",
            Fault::ReadOnly => "数据库文件或目录只读，无法写入",
            Fault::Unavailable => "数据库服务暂时不可用",
        }
    }
}

impl StoreError {
    /// The recognised cause of this error, if it is one the user can act on.
    pub fn fault(&self) -> Option<Fault> {
        match self {
            StoreError::Db(e) => fault_of(e),
            _ => None,
        }
    }
}

fn fault_of(e: &sqlx::Error) -> Option<Fault> {
    match e {
        sqlx::Error::Database(d) => {
            let code = d.code()?;
            // SQLite: numeric (extended) result codes; the primary code is the low byte.
            if let Ok(n) = code.parse::<i64>() {
                return match n & 0xff {
                    13 => Some(Fault::DiskFull),
                    5 | 6 => Some(Fault::Locked),
                    8 => Some(Fault::ReadOnly),
                    _ => None,
                };
            }
            // PostgreSQL: SQLSTATE.
            match code.as_ref() {
                "53100" => Some(Fault::DiskFull),
                "25006" => Some(Fault::ReadOnly),
                "55P03" => Some(Fault::Locked),
                c if c.starts_with("08") || c.starts_with("57P") => Some(Fault::Unavailable),
                _ => None,
            }
        }
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) | sqlx::Error::Protocol(_) => Some(Fault::Unavailable),
        _ => None,
    }
}

/// A database error with its recognised cause first.
fn describe(e: &sqlx::Error) -> String {
    match fault_of(e) {
        Some(f) => format!("{} ({e})", f.describe()),
        None => e.to_string(),
    }
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The SQL dialect of the database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite, one file, WAL.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A jixiao database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
    /// PostgreSQL search: how many of the newest indicators are searched
    /// first (see `search.rs`).
    search_window: i64,
}

/// Default of [`Store::with_search_window`].
pub const SEARCH_WINDOW: i64 = 100_000;

impl Store {
    /// Opens (creating if needed) the database at `location` — a `postgres://`
    /// URL, a `sqlite:` URL, or a file path for SQLite — and brings its schema
    /// up to date.
    pub async fn open(location: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, dialect) = if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            (location.to_string(), Dialect::Postgres)
        } else if location.starts_with("sqlite:") {
            (location.to_string(), Dialect::Sqlite)
        } else {
            check_sqlite_path(location)?;
            (format!("sqlite://{location}?mode=rwc"), Dialect::Sqlite)
        };
        let opts = AnyPoolOptions::new()
            .max_connections(if dialect == Dialect::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(10))
            // No ping before every query (a round trip each): a connection that
            // broke (PostgreSQL restarted) fails its next query once and is
            // replaced; writes stay all or nothing.
            .test_before_acquire(false)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // A page cache of up to 16 MB per connection, all of
                        // SQLite's memory held to 32 MB in the process (beyond
                        // it, cached pages are reused rather than more taken:
                        // SQLite's page caches were the whole heap growth of a
                        // soak), and no memory mapping (a mapped file counts in
                        // the RSS and grows with the database). The system's
                        // file cache does the rest; searches are as fast
                        // (BENCHMARKS.md, soak).
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 5000",
                            "PRAGMA cache_size = -16384",
                            "PRAGMA wal_autocheckpoint = 10000",
                            "PRAGMA mmap_size = 0",
                            "PRAGMA soft_heap_limit = 33554432",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            });
        let pool = opts.connect(&url).await?;
        let store = Store { pool, dialect, search_window: SEARCH_WINDOW };
        if dialect == Dialect::Postgres {
            store.check_postgres_locale().await?;
        }
        store.migrate().await?;
        Ok(store)
    }

    /// This store with another search window: PostgreSQL searches look for a
    /// full page among the newest `n` indicators before they use the gram
    /// index over all of them. Results are the same; only speed differs.
    pub fn with_search_window(mut self, n: i64) -> Store {
        self.search_window = n.max(1);
        self
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The connection pool (for benchmarks and tests that compare with plain SQL).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Refreshes the query planner's statistics; run during and after bulk
    /// imports so that searches and PostgreSQL's foreign-key checks over many
    /// new rows choose good plans (autovacuum gets there too, but only later).
    pub async fn analyze(&self) -> Result<()> {
        let statements: &[&str] = match self.dialect {
            Dialect::Sqlite => &["PRAGMA analysis_limit = 1000", "PRAGMA optimize = 0x10002"],
            Dialect::Postgres => &["ANALYZE documents, units, projects, plans, tasks, indicators, findings, monitoring_rounds, monitoring_projects, monitoring_indicators"],
        };
        for stmt in statements {
            sqlx::query(*stmt).execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn check_postgres_locale(&self) -> Result<()> {
        let row = sqlx::query("SELECT CAST(pg_encoding_to_char(encoding) AS TEXT) AS enc FROM pg_database WHERE datname = current_database()")
            .fetch_one(&self.pool)
            .await?;
        let enc: String = row.try_get("enc")?;
        if enc != "UTF8" {
            return Err(StoreError::Unusable(format!(
                "the PostgreSQL database uses encoding {enc}; jixiao needs UTF8 (createdb -E UTF8 --locale=C.UTF-8 -T template0)"
            )));
        }
        Ok(())
    }

    /// Applies the migrations this database has not seen yet, each in its own
    /// write transaction that re-reads the version first: two processes that
    /// open a new database at once apply each step once (SQLite's write lock,
    /// PostgreSQL's advisory lock), and neither fails.
    pub async fn migrate(&self) -> Result<()> {
        let mut tx = WriteTx::begin_migration(&self.pool, self.dialect).await?;
        sqlx::query("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)").execute(&mut *tx).await?;
        tx.commit().await?;
        for (version, statements) in schema::migrations(self.dialect) {
            let mut tx = WriteTx::begin_migration(&self.pool, self.dialect).await?;
            let current: Option<i64> =
                sqlx::query("SELECT MAX(version) AS v FROM schema_version").fetch_one(&mut *tx).await?.try_get("v")?;
            if version <= current.unwrap_or(0) {
                tx.rollback().await?;
                continue;
            }
            for stmt in statements {
                sqlx::query(sqlx::AssertSqlSafe(stmt)).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO schema_version (version) VALUES ($1)").bind(version).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// A SQLite database at a path must be writable, and so must its folder
/// (SQLite keeps its -wal and -shm files beside it): said at once, instead of
/// a pool that times out.
fn check_sqlite_path(location: &str) -> Result<()> {
    let path = std::path::Path::new(location);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::Unusable(format!("{location}: the folder {} does not exist", dir.display())));
    }
    if path.exists() {
        if let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(path) {
            return Err(StoreError::Unusable(format!("{location}: the database file cannot be written ({e}); jixiao needs to write it")));
        }
    }
    let probe = dir.join(format!(".jixiao-write-test-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(StoreError::Unusable(format!(
            "{location}: the folder {} cannot be written ({e}); SQLite keeps the database's -wal and -shm files beside it",
            dir.display()
        ))),
    }
}

pub(crate) fn opt_str(row: &AnyRow, col: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

pub(crate) fn dec(s: Option<String>) -> Result<Option<rust_decimal::Decimal>> {
    s.map(|v| v.parse::<rust_decimal::Decimal>().map_err(|e| StoreError::Corrupt(format!("amount {v:?}: {e}"))))
        .transpose()
}
