//! Keeping a database: an online backup (SQLite), and a check of the stored
//! data's integrity and consistency.

use crate::{Dialect, Result, Store, StoreError};
use sqlx::Row;
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the whole SQLite database to `out` while
    /// it stays in use (`VACUUM INTO`); `out` must not exist. PostgreSQL
    /// databases are backed up with `pg_dump`.
    pub async fn backup(&self, out: &Path) -> Result<()> {
        if self.dialect == Dialect::Postgres {
            return Err(StoreError::Unusable(
                "a PostgreSQL database is backed up with pg_dump: pg_dump -Fc -f jixiao.dump DBNAME (and restored with pg_restore -d DBNAME jixiao.dump)".into(),
            ));
        }
        if out.exists() {
            return Err(StoreError::Unusable(format!("{}: exists already; a backup never overwrites a file", out.display())));
        }
        let target = out.to_str().ok_or_else(|| StoreError::Unusable(format!("{}: not a UTF-8 path", out.display())))?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await?;
        Ok(())
    }

    /// Every stored document (all versions): id and source.
    pub async fn document_sources(&self) -> Result<Vec<(i64, String)>> {
        sqlx::query("SELECT id, source FROM documents ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Problems found in the stored data (none: an empty list): SQLite's own
    /// integrity and foreign-key checks, then every current document read back
    /// whole with as many indicators as its summary says.
    pub async fn check_data(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        if self.dialect == Dialect::Sqlite {
            for r in sqlx::query("PRAGMA integrity_check").fetch_all(&self.pool).await? {
                let line: String = r.try_get(0)?;
                if line != "ok" {
                    problems.push(format!("integrity: {line}"));
                }
            }
            let bad = sqlx::query("PRAGMA foreign_key_check").fetch_all(&self.pool).await?;
            if !bad.is_empty() {
                problems.push(format!("{} rows refer to rows that do not exist (PRAGMA foreign_key_check)", bad.len()));
            }
        }
        let ids: Vec<(i64, i64)> = sqlx::query("SELECT id, indicator_count FROM documents ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
        for (id, count) in ids {
            match self.document(id).await {
                Ok(Some(d)) if d.document.indicators().len() as i64 == count => {}
                Ok(Some(d)) => problems.push(format!("document {id}: {} indicators stored, its summary says {count}", d.document.indicators().len())),
                Ok(None) => problems.push(format!("document {id}: listed but cannot be read")),
                Err(e) => problems.push(format!("document {id}: {e}")),
            }
        }
        let orphans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM monitoring_rounds r WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = r.document_id)")
            .fetch_one(&self.pool)
            .await?;
        if orphans > 0 {
            problems.push(format!("{orphans} monitoring rounds of documents that do not exist"));
        }
        Ok(problems)
    }
}
