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
const PG_MAX_PARAMS: usize = 30_000;

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
/// superseded) in as few round trips as the database allows.
///
/// SQLite: one query of several statements, which also fills the search
/// index (one trip to the database thread). PostgreSQL: one statement whose
/// `WITH` clauses do all the inserts (foreign keys are checked at its end),
/// split only where the parameters would pass the protocol's limit; its
/// search index is a generated column.
pub(crate) async fn write_rows(
    tx: &mut WriteTx,
    dialect: Dialect,
    doc_id: i64,
    supersede: Option<&String>,
    inserts: Vec<Insert>,
) -> Result<()> {
    // (table, columns, rows) pieces; the UPDATE is a piece without columns.
    type Piece<'a> = (&'a str, &'a [&'a str], Vec<Vec<V>>);
    let mut pieces: Vec<Piece> = Vec::new();
    if let Some(source) = supersede {
        pieces.push(("documents", &[], vec![vec![V::S(Some(source.clone()))]]));
    }
    for ins in inserts {
        let mut rows = ins.rows.into_iter().peekable();
        while rows.peek().is_some() {
            pieces.push((ins.table, ins.columns, rows.by_ref().take(CHUNK).collect()));
        }
    }
    let piece_sql = |table: &str, columns: &[&str], n: usize, first: usize| {
        if columns.is_empty() {
            let mark = if dialect == Dialect::Sqlite { "?".to_string() } else { format!("${}", first + 1) };
            format!("UPDATE {table} SET superseded = 1 WHERE source = {mark}")
        } else {
            insert_sql(dialect, table, columns, n, first)
        }
    };
    match dialect {
        Dialect::Sqlite => {
            let mut sql = String::new();
            let mut values = Vec::new();
            for (table, columns, rows) in pieces {
                // A large document goes in several queries, so that no query
                // holds more than a bounded number of values at once.
                let params = rows.iter().map(Vec::len).sum::<usize>();
                if !values.is_empty() && values.len() + params > PG_MAX_PARAMS {
                    let q = sqlx::query(sqlx::AssertSqlSafe(std::mem::take(&mut sql))).persistent(false);
                    bind_all(q, std::mem::take(&mut values)).execute(&mut **tx).await?;
                }
                sql.push_str(&piece_sql(table, columns, rows.len(), 0));
                sql.push_str(";\n");
                values.extend(rows.into_iter().flatten());
            }
            sql.push_str("INSERT INTO indicator_fts (rowid, grams) SELECT id, grams FROM indicators WHERE document_id = ?");
            values.push(V::I(Some(doc_id)));
            bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false), values).execute(&mut **tx).await?;
        }
        Dialect::Postgres => {
            let mut parts: Vec<String> = Vec::new();
            let mut values: Vec<V> = Vec::new();
            for (table, columns, rows) in pieces {
                let params = rows.iter().map(Vec::len).sum::<usize>();
                if !parts.is_empty() && values.len() + params > PG_MAX_PARAMS {
                    pg_execute(tx, std::mem::take(&mut parts), std::mem::take(&mut values)).await?;
                }
                parts.push(piece_sql(table, columns, rows.len(), values.len()));
                values.extend(rows.into_iter().flatten());
            }
            if !parts.is_empty() {
                pg_execute(tx, parts, values).await?;
            }
        }
    }
    Ok(())
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
