//! The workflow's writes: replacing a draft's content, changing a
//! document's state, and the lists of documents in the workflow.

use crate::audit::{insert_audit, now_secs, rfc3339, snapshot, NewComment};
use crate::read::DocumentSummary;
use crate::write::{allocate_ids, amount_strings, document_rows, row_counts, write_rows, AuditEntry, NewFinding, TABLES};
use crate::{Dialect, Result, Store};
use jixiao_core::{Body, Document};
use crate::tx::WriteTx;
use sqlx::Row;

/// What a content replacement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// Saved as this revision.
    Saved {
        /// The new revision.
        revision: i64,
    },
    /// Someone changed the document since `expected`: nothing was written.
    Stale {
        /// The revision now stored.
        current: i64,
    },
    /// The document is in a state whose content cannot change.
    NotEditable {
        /// Its state.
        state: String,
    },
    /// No such document.
    Missing,
}

/// A state change to make.
#[derive(Debug, Clone)]
pub struct StateChange<'a> {
    /// The state the document must be in.
    pub from: &'a str,
    /// The state it goes to.
    pub to: &'a str,
    /// When publishing: older published documents of the same source become
    /// superseded.
    pub supersede_older: bool,
    /// Comments given with the change.
    pub comments: &'a [NewComment],
}

/// Ids for a replacement's child rows (no document row).
async fn allocate_children(tx: &mut WriteTx, dialect: Dialect, counts: &[usize; 9]) -> Result<crate::write::Ids> {
    let sql = match dialect {
        Dialect::Sqlite => "SELECT name, seq AS id FROM sqlite_sequence".to_string(),
        Dialect::Postgres => {
            let parts: Vec<String> = TABLES
                .iter()
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(t, n)| {
                    format!(
                        "SELECT CAST('{t}' AS TEXT) AS name, nextval(pg_get_serial_sequence('{t}', 'id')) AS id \
                         FROM generate_series(1, {n})"
                    )
                })
                .collect();
            if parts.is_empty() {
                "SELECT CAST('none' AS TEXT) AS name, CAST(0 AS BIGINT) AS id WHERE 1 = 0".to_string()
            } else {
                parts.join(" UNION ALL ")
            }
        }
    };
    let mut numbers = Vec::new();
    for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut **tx).await? {
        numbers.push((r.try_get::<String, _>("name")?, r.try_get::<i64, _>("id")?));
    }
    allocate_ids(dialect, &numbers, counts)
}

/// Deletes a document's child rows (and its search-index entries).
async fn delete_children(tx: &mut WriteTx, dialect: Dialect, id: i64) -> Result<()> {
    if dialect == Dialect::Sqlite {
        sqlx::query(
            "INSERT INTO indicator_fts (indicator_fts, rowid, grams) SELECT 'delete', id, grams FROM indicators WHERE document_id = $1",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    for sql in [
        "DELETE FROM findings WHERE document_id = $1",
        "DELETE FROM indicators WHERE document_id = $1",
        "DELETE FROM task_projects WHERE task_id IN (SELECT id FROM tasks WHERE document_id = $1)",
        "DELETE FROM tasks WHERE document_id = $1",
        "DELETE FROM plans WHERE document_id = $1",
        "DELETE FROM figures WHERE document_id = $1",
        "DELETE FROM projects WHERE document_id = $1",
        "DELETE FROM units WHERE document_id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        WriteTx::begin(&self.pool, self.dialect).await
    }

    /// Replaces the content of an editable document (draft or returned)
    /// stored at revision `expected`, with its findings, a snapshot of the
    /// revision and the audit record, in one transaction; nothing is written
    /// when the document changed since (`Stale`) or cannot be edited.
    pub async fn update_content(
        &self,
        id: i64,
        expected: i64,
        doc: &Document,
        findings: &[NewFinding],
        audit: &AuditEntry,
    ) -> Result<UpdateOutcome> {
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query("SELECT revision, state FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            tx.rollback().await?;
            return Ok(UpdateOutcome::Missing);
        };
        let current: i64 = row.try_get("revision")?;
        let state: String = row.try_get("state")?;
        if current != expected {
            tx.rollback().await?;
            return Ok(UpdateOutcome::Stale { current });
        }
        if state != "draft" && state != "returned" {
            tx.rollback().await?;
            return Ok(UpdateOutcome::NotEditable { state });
        }
        let revision = current + 1;
        let count = |sev: &str| findings.iter().filter(|f| f.severity == sev).count() as i64;
        let (totals, functions) = match &doc.body {
            Body::Project(t) => (amount_strings(&t.totals), None),
            Body::Department(t) => ([None, None, None, None], t.functions.clone()),
        };
        let [total, fiscal, special, other] = totals;
        let now = rfc3339(now_secs());
        sqlx::query(
            "UPDATE documents SET revision = $1, title = $2, year = $3, money_unit = $4, functions = $5, total = $6, \
             fiscal = $7, special_account = $8, other = $9, indicator_count = $10, errors = $11, warnings = $12, \
             infos = $13, updated_at = $14 WHERE id = $15",
        )
        .bind(revision)
        .bind(&doc.title)
        .bind(doc.year.map(i64::from))
        .bind(&doc.money_unit)
        .bind(functions)
        .bind(total)
        .bind(fiscal)
        .bind(special)
        .bind(other)
        .bind(doc.indicators().len() as i64)
        .bind(count("error"))
        .bind(count("warning"))
        .bind(count("info"))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        delete_children(&mut tx, self.dialect, id).await?;
        let mut counts = row_counts(doc, findings.len());
        counts[0] = 0;
        let ids = allocate_children(&mut tx, self.dialect, &counts).await?;
        let inserts = document_rows(doc, None, id, findings, &ids)?;
        write_rows(&mut tx, self.dialect, id, None, inserts).await?;
        snapshot(&mut tx, id, revision, &state, audit, doc, true).await?;
        let mut audit = audit.clone();
        audit.document_id = Some(id);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(UpdateOutcome::Saved { revision })
    }

    /// Moves a document from `change.from` to `change.to`, with its comments
    /// and audit record, in one transaction. `None` when the document is
    /// not (or no longer) in `change.from`: nothing was written.
    pub async fn change_state(&self, id: i64, change: &StateChange<'_>, audit: &AuditEntry) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let now = rfc3339(now_secs());
        let updated = sqlx::query(
            "UPDATE documents SET state = $1, revision = revision + 1, updated_at = $2 WHERE id = $3 AND state = $4",
        )
        .bind(change.to)
        .bind(&now)
        .bind(id)
        .bind(change.from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
        let row = sqlx::query("SELECT revision, source FROM documents WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let revision: i64 = row.try_get("revision")?;
        let source: String = row.try_get("source")?;
        if change.supersede_older {
            sqlx::query("UPDATE documents SET superseded = 1 WHERE source = $1 AND id <> $2 AND state = 'published'")
                .bind(&source)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let mut audit = audit.clone();
        audit.document_id = Some(id);
        let audit_id = insert_audit(&mut tx, &audit).await?;
        for c in change.comments {
            sqlx::query(
                "INSERT INTO comments (document_id, revision, audit_id, place, text, author_id, author_name, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(revision)
            .bind(audit_id)
            .bind(c.place.to_string())
            .bind(&c.text)
            .bind(audit.actor_id)
            .bind(&audit.actor_name)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(revision))
    }

    /// Documents in the workflow (not superseded) in the given states, of
    /// the given departments (`None`: all), newest change first.
    pub async fn workflow_documents(&self, states: &[&str], departments: Option<&[String]>) -> Result<Vec<DocumentSummary>> {
        if states.is_empty() || departments.is_some_and(|d| d.is_empty()) {
            return Ok(Vec::new());
        }
        let mut sql = format!(
            "SELECT {} FROM documents WHERE superseded = 0 AND state IN ({})",
            crate::read::SUMMARY_COLUMNS,
            (1..=states.len()).map(|k| format!("${k}")).collect::<Vec<_>>().join(", ")
        );
        if let Some(d) = departments {
            let first = states.len();
            sql.push_str(&format!(
                " AND department IN ({})",
                (1..=d.len()).map(|k| format!("${}", first + k)).collect::<Vec<_>>().join(", ")
            ));
        }
        sql.push_str(" ORDER BY COALESCE(updated_at, imported_at) DESC, id DESC LIMIT 500");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for s in states {
            q = q.bind(*s);
        }
        for d in departments.unwrap_or(&[]) {
            q = q.bind(d.clone());
        }
        q.fetch_all(&self.pool).await?.iter().map(crate::read::summary).collect()
    }

    /// The newest document of a department, year and kind in any state
    /// other than superseded (to copy last year's table from).
    pub async fn find_document(&self, department: &str, year: i32, kind: &str) -> Result<Option<i64>> {
        Ok(sqlx::query(
            "SELECT id FROM documents WHERE department = $1 AND year = $2 AND kind = $3 AND superseded = 0 \
             ORDER BY CASE WHEN state = 'published' THEN 0 ELSE 1 END, id DESC LIMIT 1",
        )
        .bind(department)
        .bind(i64::from(year))
        .bind(kind)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?)
    }
}
