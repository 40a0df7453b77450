//! The audit log, comments and saved revisions: what every change leaves
//! behind, written in the transaction of the change itself.

use crate::{opt_str, Dialect, Result, Store};
use jixiao_core::Document;
use serde::Serialize;
use crate::tx::WriteTx;
use sqlx::Row;

/// One audit record: who did what, when, from where, with before and after.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AuditEntry {
    /// The user (none: the command line or an anonymous caller).
    pub actor_id: Option<i64>,
    /// The user's name, or what acted (`命令行`, `匿名`).
    pub actor_name: String,
    /// What: `import`, `create`, `edit`, `transition:submit`, `sign_in_failed`, `user_add`, …
    pub action: String,
    /// The document it concerns, if any (filled in by document writes).
    pub document_id: Option<i64>,
    /// What else it concerns (a user name for sign-ins and user changes).
    pub subject: Option<String>,
    /// The client's address.
    pub address: Option<String>,
    /// Details as JSON: `before`, `after`, `changes`, `comment` …
    pub detail: Option<serde_json::Value>,
}


/// Seconds since 1970 now.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// RFC 3339 UTC of a time in seconds since 1970 (`2026-11-23T17:21:54Z`).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = jixiao_core::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Writes one audit record in `tx`; returns its id.
pub(crate) async fn insert_audit(tx: &mut WriteTx, e: &AuditEntry) -> Result<i64> {
    let now = now_secs();
    let row = sqlx::query(
        "INSERT INTO audit (at, at_secs, actor_id, actor_name, action, document_id, subject, address, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(rfc3339(now))
    .bind(now)
    .bind(e.actor_id)
    .bind(&e.actor_name)
    .bind(&e.action)
    .bind(e.document_id)
    .bind(&e.subject)
    .bind(&e.address)
    .bind(e.detail.as_ref().map(|d| d.to_string()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Makes sure a department of this name exists.
pub(crate) async fn ensure_department(tx: &mut WriteTx, _d: Dialect, name: &str) -> Result<()> {
    sqlx::query("INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How long one user's successive saves make one revision of the history.
pub const COALESCE_SECS: i64 = 600;

/// Records `doc` as revision `revision` of a document. With `coalesce`, a
/// save by the same user in the same state within [`COALESCE_SECS`] of the
/// last snapshot replaces it (typing does not make a version per keystroke).
pub(crate) async fn snapshot(
    tx: &mut WriteTx,
    document_id: i64,
    revision: i64,
    state: &str,
    by: &AuditEntry,
    doc: &Document,
    coalesce: bool,
) -> Result<()> {
    let now = now_secs();
    let content = doc.to_json().to_string();
    if coalesce {
        let last = sqlx::query(
            "SELECT id, author_id, state, at_secs FROM document_versions WHERE document_id = $1 ORDER BY revision DESC LIMIT 1",
        )
        .bind(document_id)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(r) = last {
            let author: Option<i64> = r.try_get("author_id")?;
            let st: String = r.try_get("state")?;
            let at: i64 = r.try_get("at_secs")?;
            if author == by.actor_id && st == state && now - at < COALESCE_SECS {
                let id: i64 = r.try_get("id")?;
                sqlx::query("UPDATE document_versions SET revision = $1, content = $2, at = $3 WHERE id = $4")
                    .bind(revision)
                    .bind(&content)
                    .bind(rfc3339(now))
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                return Ok(());
            }
        }
    }
    sqlx::query(
        "INSERT INTO document_versions (document_id, revision, state, at, at_secs, author_id, author_name, content) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(document_id)
    .bind(revision)
    .bind(state)
    .bind(rfc3339(now))
    .bind(now)
    .bind(by.actor_id)
    .bind(&by.actor_name)
    .bind(content)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A comment on a place of a document (given with a return).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct NewComment {
    /// The place (a review `Place` as JSON).
    pub place: serde_json::Value,
    /// The text.
    pub text: String,
}

/// A stored comment.
#[derive(Debug, Clone, Serialize)]
pub struct StoredComment {
    /// Row id.
    pub id: i64,
    /// The revision it was made on.
    pub revision: i64,
    /// The audit record of the transition it came with.
    pub audit_id: Option<i64>,
    /// The place.
    pub place: serde_json::Value,
    /// The text.
    pub text: String,
    /// Who.
    pub author: String,
    /// When.
    pub at: String,
}

/// One audit record read back.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    /// Row id.
    pub id: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Which document.
    pub document_id: Option<i64>,
    /// What else.
    pub subject: Option<String>,
    /// From where.
    pub address: Option<String>,
    /// Details.
    pub detail: Option<serde_json::Value>,
}

/// One saved revision of a document.
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    /// The revision.
    pub revision: i64,
    /// Its state when saved.
    pub state: String,
    /// When.
    pub at: String,
    /// Who.
    pub author: String,
}

fn audit_record(r: &sqlx::any::AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor_name")?,
        action: r.try_get("action")?,
        document_id: r.try_get("document_id")?,
        subject: opt_str(r, "subject")?,
        address: opt_str(r, "address")?,
        detail: opt_str(r, "detail")?.and_then(|d| serde_json::from_str(&d).ok()),
    })
}

impl Store {
    /// Writes one audit record on its own (sign-ins, user changes).
    pub async fn audit(&self, e: &AuditEntry) -> Result<i64> {
        let mut tx = WriteTx::begin(&self.pool, self.dialect).await?;
        let id = insert_audit(&mut tx, e).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The audit records of a document, oldest first.
    pub async fn document_audit(&self, document_id: i64) -> Result<Vec<AuditRecord>> {
        sqlx::query("SELECT id, at, actor_name, action, document_id, subject, address, detail FROM audit WHERE document_id = $1 ORDER BY id")
            .bind(document_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit_record)
            .collect()
    }

    /// The newest audit records of the whole system, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditRecord>> {
        sqlx::query("SELECT id, at, actor_name, action, document_id, subject, address, detail FROM audit ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit_record)
            .collect()
    }

    /// How many records of `action` about `subject` (when given) and from
    /// `address` (when given) were written since `since_secs`.
    pub async fn count_audit(
        &self,
        action: &str,
        subject: Option<&str>,
        address: Option<&str>,
        since_secs: i64,
    ) -> Result<i64> {
        let (sql, value) = match (subject, address) {
            (Some(s), _) => ("SELECT COUNT(*) AS n FROM audit WHERE action = $1 AND subject = $2 AND at_secs >= $3", s),
            (None, Some(a)) => ("SELECT COUNT(*) AS n FROM audit WHERE action = $1 AND address = $2 AND at_secs >= $3", a),
            (None, None) => return Ok(0),
        };
        let r = sqlx::query(sql).bind(action).bind(value).bind(since_secs).fetch_one(&self.pool).await?;
        Ok(r.try_get("n")?)
    }

    /// The comments on a document, oldest first.
    pub async fn comments(&self, document_id: i64) -> Result<Vec<StoredComment>> {
        sqlx::query("SELECT id, revision, audit_id, place, text, author_name, at FROM comments WHERE document_id = $1 ORDER BY id")
            .bind(document_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(StoredComment {
                    id: r.try_get("id")?,
                    revision: r.try_get("revision")?,
                    audit_id: r.try_get("audit_id")?,
                    place: serde_json::from_str(&r.try_get::<String, _>("place")?).unwrap_or_default(),
                    text: r.try_get("text")?,
                    author: r.try_get("author_name")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    /// The saved revisions of a document, oldest first.
    pub async fn document_versions(&self, document_id: i64) -> Result<Vec<VersionInfo>> {
        sqlx::query("SELECT revision, state, at, author_name FROM document_versions WHERE document_id = $1 ORDER BY revision")
            .bind(document_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(VersionInfo {
                    revision: r.try_get("revision")?,
                    state: r.try_get("state")?,
                    at: r.try_get("at")?,
                    author: r.try_get("author_name")?,
                })
            })
            .collect()
    }

    /// The content of one saved revision.
    pub async fn document_version(&self, document_id: i64, revision: i64) -> Result<Option<Document>> {
        let Some(r) = sqlx::query("SELECT content FROM document_versions WHERE document_id = $1 AND revision = $2")
            .bind(document_id)
            .bind(revision)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let text: String = r.try_get("content")?;
        Document::from_json(&text).map(Some).map_err(|e| crate::StoreError::Corrupt(format!("revision {revision}: {e}")))
    }
}
