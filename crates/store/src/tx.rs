//! A write transaction whose connection never goes back to the pool in an
//! unknown state: a transaction that is not committed or rolled back cleanly
//! (a failed COMMIT on a full disk, an error half-way, a dropped future)
//! closes its connection instead, so the next write gets a fresh one. (A
//! pooled connection left inside a failed transaction would refuse every later
//! `BEGIN` until the server restarts.)

use crate::{Dialect, Result};
use sqlx::AnyConnection;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};
use std::ops::{Deref, DerefMut};

/// The advisory lock PostgreSQL writers take to run migrations one at a time.
const MIGRATION_LOCK: i64 = 0x6a69_7869_616f;

/// One write transaction on its own pooled connection.
pub(crate) struct WriteTx {
    conn: PoolConnection<Any>,
    done: bool,
}

impl WriteTx {
    /// Begins a write: `BEGIN IMMEDIATE` on SQLite (the write lock at once, so
    /// two writers never deadlock upgrading), `BEGIN` on PostgreSQL.
    pub(crate) async fn begin(pool: &AnyPool, dialect: Dialect) -> Result<WriteTx> {
        let mut conn = pool.acquire().await?;
        let sql = match dialect {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        };
        if let Err(e) = sqlx::raw_sql(sql).execute(&mut *conn).await {
            conn.close_on_drop();
            return Err(e.into());
        }
        Ok(WriteTx { conn, done: false })
    }

    /// Begins a migration step: a write that also holds PostgreSQL's migration
    /// lock (SQLite's write lock serialises migrations by itself).
    pub(crate) async fn begin_migration(pool: &AnyPool, dialect: Dialect) -> Result<WriteTx> {
        let mut tx = WriteTx::begin(pool, dialect).await?;
        if dialect == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(MIGRATION_LOCK).execute(&mut *tx).await?;
        }
        Ok(tx)
    }

    /// Commits; on failure the transaction is rolled back as far as the
    /// database allows and the connection is closed.
    pub(crate) async fn commit(mut self) -> Result<()> {
        match sqlx::raw_sql("COMMIT").execute(&mut *self.conn).await {
            Ok(_) => {
                self.done = true;
                Ok(())
            }
            Err(e) => {
                let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *self.conn).await;
                Err(e.into())
            }
        }
    }

    /// Rolls back (nothing written).
    pub(crate) async fn rollback(mut self) -> Result<()> {
        sqlx::raw_sql("ROLLBACK").execute(&mut *self.conn).await?;
        self.done = true;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if !self.done {
            // Closing the connection ends the transaction (the database rolls it back).
            self.conn.close_on_drop();
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}
