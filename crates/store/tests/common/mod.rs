//! Helpers of the store's test files: a fresh SQLite file or PostgreSQL
//! database per test, the truth documents, and the `on_both!` macros.
//!
//! PostgreSQL is `JIXIAO_TEST_PG` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! each test creates and drops its own UTF-8 database. Without a server the
//! PostgreSQL half is skipped, unless `JIXIAO_REQUIRE_PG=1` (set in CI).
#![allow(dead_code, unused_macros)]

use jixiao_core::Document;
use jixiao_store::{AuditEntry, NewFinding, Provenance, StartState, Store};
use sqlx::any::AnyPoolOptions;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Db {
    pub store: Store,
    pub location: String,
    cleanup: Option<(String, String)>,
    _dir: Option<PathBuf>,
}

impl Db {
    pub async fn drop_it(self) {
        self.store.close().await;
        if let Some((admin, name)) = self.cleanup {
            if let Ok(pool) = AnyPoolOptions::new().max_connections(1).connect(&admin).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&pool).await;
            }
        }
        if let Some(d) = self._dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

pub async fn sqlite() -> Db {
    let dir = std::env::temp_dir().join(format!("jixiao-store-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst)));
    std::fs::create_dir_all(&dir).unwrap();
    let location = dir.join("t.db").to_str().unwrap().to_string();
    let store = Store::open(&location).await.expect("open sqlite");
    Db { store, location, cleanup: None, _dir: Some(dir) }
}

/// A new, empty UTF-8 PostgreSQL database: (admin URL, name, URL); `None` without a server.
pub async fn empty_postgres() -> Option<(String, String, String)> {
    sqlx::any::install_default_drivers();
    let admin = std::env::var("JIXIAO_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let pool = match AnyPoolOptions::new().max_connections(1).connect(&admin).await {
        Ok(p) => p,
        Err(e) => {
            if std::env::var("JIXIAO_REQUIRE_PG").as_deref() == Ok("1") {
                panic!("PostgreSQL required (JIXIAO_REQUIRE_PG=1) but {admin} is unreachable: {e}");
            }
            eprintln!("skipping PostgreSQL: {e}");
            return None;
        }
    };
    let name = format!("jixiao_t_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )))
    .execute(&pool)
    .await
    .expect("create test database");
    pool.close().await;
    let url = match admin.rfind('/') {
        Some(i) => format!("{}/{name}", &admin[..i]),
        None => panic!("bad JIXIAO_TEST_PG {admin}"),
    };
    Some((admin, name, url))
}

/// Drops a database made by `empty_postgres`.
pub async fn drop_postgres(admin: &str, name: &str) {
    if let Ok(pool) = AnyPoolOptions::new().max_connections(1).connect(admin).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&pool).await;
    }
}

pub async fn postgres() -> Option<Db> {
    let (admin, name, url) = empty_postgres().await?;
    let store = Store::open(&url).await.expect("open postgres");
    Some(Db { store, location: url, cleanup: Some((admin, name)), _dir: None })
}

pub fn truth_docs() -> Vec<Document> {
    jixiao_fixtures::truths()
        .unwrap_or_default()
        .iter()
        .map(|(name, text)| Document::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

pub fn prov(doc: &Document, hash: &str) -> Provenance {
    Provenance {
        source: doc.source.clone(),
        content_hash: hash.into(),
        imported_at: "2026-11-23T00:00:00Z".into(),
        state: StartState::Published,
        audit: AuditEntry { actor_name: "测试".into(), action: "import".into(), ..Default::default() },
    }
}

pub fn finding(indicator: Option<usize>, severity: &str) -> NewFinding {
    NewFinding {
        rule: "taxonomy/code-contradicts-name".into(),
        family: "taxonomy".into(),
        severity: severity.into(),
        message: "二级指标编码与名称不一致".into(),
        place: serde_json::json!({"indicator": indicator}),
        indicator,
    }
}

/// Like `on_both`, for tests that need the database's location too.
macro_rules! on_both_db {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = super::sqlite().await;
                super::$body(&db).await;
                db.drop_it().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = super::postgres().await {
                    super::$body(&db).await;
                    db.drop_it().await;
                }
            }
        }
    };
}

macro_rules! on_both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let db = super::sqlite().await;
                super::$body(&db.store).await;
                db.drop_it().await;
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(db) = super::postgres().await {
                    super::$body(&db.store).await;
                    db.drop_it().await;
                }
            }
        }
    };
}

