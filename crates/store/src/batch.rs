//! Sending a document's rows to the database in as few round trips as it
//! allows: multi-row INSERTs, one multi-statement query on SQLite, one
//! `WITH … INSERT` statement on PostgreSQL.

use crate::write::{Insert, V};
use crate::{Dialect, Result};
use crate::tx::WriteTx;
use sqlx::Any;

/// Rows per multi-row INSERT.
const CHUNK: usize = 400;

/// The SQL of one multi-row INSERT of `n` rows. SQLite gets anonymous `?`
/// placeholders: a numbered one costs a linear scan of the statement's
/// parameter names when it is bound, which makes wide statements quadratic.
/// PostgreSQL's are numbered from `first + 1`.
fn insert_sql(dialect: Dialect, table: &str, columns: &[&str], n: usize, first: usize) -> String {
    let width = columns.len();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for k in 0..n {
        sql.push_str(if k > 0 { ",(" } else { "(" });
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            match dialect {
                Dialect::Sqlite => sql.push('?'),
                Dialect::Postgres => {
                    sql.push('$');
                    sql.push_str(&(first + k * width + c + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Most parameters in one query (PostgreSQL's limit is 65,535; on SQLite it
/// bounds the memory one query holds).
const MAX_PARAMS: usize = 30_000;

pub(crate) fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    values: impl IntoIterator<Item = V>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    for v in values {
        q = match v {
            V::S(s) => q.bind(s),
            V::I(n) => q.bind(n),
            V::F(f) => q.bind(f),
        };
    }
    q
}

/// Writes a document's rows (and, for a new version, marks the older ones
/// superseded) in as few round trips as the database allows, making the rows
/// as they are sent: no more than [`MAX_PARAMS`] values are held at once.
///
/// SQLite: queries of several statements, the last of which also fills the
/// search index (one trip to the database thread each). PostgreSQL:
/// statements whose `WITH` clauses do the inserts (foreign keys are checked
/// at each one's end); its search index is a generated column.
pub(crate) async fn write_rows(
    tx: &mut WriteTx,
    dialect: Dialect,
    doc_id: i64,
    supersede: Option<&String>,
    inserts: Vec<Insert<'_>>,
) -> Result<()> {
    let mut pending = Pending { dialect, parts: Vec::new(), values: Vec::new() };
    if let Some(source) = supersede {
        let mark = if dialect == Dialect::Sqlite { "?".to_string() } else { "$1".to_string() };
        pending.parts.push(format!("UPDATE documents SET superseded = 1 WHERE source = {mark}"));
        pending.values.push(V::S(Some(source.clone())));
    }
    for ins in inserts {
        let mut rows = ins.rows;
        loop {
            let chunk = rows.by_ref().take(CHUNK).collect::<Result<Vec<Vec<V>>>>()?;
            if chunk.is_empty() {
                break;
            }
            let params = chunk.len() * ins.columns.len();
            if !pending.parts.is_empty() && pending.values.len() + params > MAX_PARAMS {
                pending.send(tx).await?;
            }
            pending.parts.push(insert_sql(dialect, ins.table, ins.columns, chunk.len(), pending.values.len()));
            pending.values.extend(chunk.into_iter().flatten());
        }
    }
    if dialect == Dialect::Sqlite {
        pending.parts.push("INSERT INTO indicator_fts (rowid, grams) SELECT id, grams FROM indicators WHERE document_id = ?".into());
        pending.values.push(V::I(Some(doc_id)));
    }
    pending.send(tx).await
}

/// Statements not yet sent and their values.
struct Pending {
    dialect: Dialect,
    parts: Vec<String>,
    values: Vec<V>,
}

impl Pending {
    /// Sends the statements as one query: SQLite runs them one after another,
    /// PostgreSQL as one statement.
    async fn send(&mut self, tx: &mut WriteTx) -> Result<()> {
        let (parts, values) = (std::mem::take(&mut self.parts), std::mem::take(&mut self.values));
        if parts.is_empty() {
            return Ok(());
        }
        match self.dialect {
            Dialect::Sqlite => {
                let q = sqlx::query(sqlx::AssertSqlSafe(parts.join(";\n"))).persistent(false);
                bind_all(q, values).execute(&mut **tx).await?;
                Ok(())
            }
            Dialect::Postgres => pg_execute(tx, parts, values).await,
        }
    }
}

/// Runs PostgreSQL statements as one: all but the last become `WITH` clauses.
async fn pg_execute(tx: &mut WriteTx, mut parts: Vec<String>, values: Vec<V>) -> Result<()> {
    let last = parts.pop().unwrap_or_default();
    let sql = if parts.is_empty() {
        last
    } else {
        let with: Vec<String> = parts.iter().enumerate().map(|(k, p)| format!("w{k} AS ({p})")).collect();
        format!("WITH {} {last}", with.join(", "))
    };
    bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false), values).execute(&mut **tx).await?;
    Ok(())
}
