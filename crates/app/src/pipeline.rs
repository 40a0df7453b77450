//! The import pipeline shared by `jixiao import`, the upload page and the API:
//! bytes → document (parse, or perf-targets/1 JSON) → review → store.

use jixiao_core::Document;
use jixiao_ingest::ParseError;
use crate::Actor;
use jixiao_store::{ImportOutcome, NewFinding, Provenance, StartState, Store, StoreError};
use sha2::{Digest, Sha256};

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a readable table.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A perf-targets/1 JSON file that does not hold a document.
    #[error("{file}: not a perf-targets/1 document: {reason}")]
    Json {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The file could not be read at all.
    #[error("{file}: cannot read: {reason}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The file reads as a table no department would publish (nothing stored).
    #[error("{file}: not stored: {reason}")]
    Implausible {
        /// The file.
        file: String,
        /// Why, in Chinese.
        reason: String,
    },
    /// The store failed; nothing of the file was written.
    #[error("{file}: not stored: {source}")]
    Store {
        /// The file.
        file: String,
        /// The store's error.
        source: StoreError,
    },
}

/// What importing one file did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The file name.
    pub source: String,
    /// Stored or unchanged.
    pub outcome: ImportOutcome,
    /// Projects in the document (project tables).
    pub projects: usize,
    /// Indicators in the document.
    pub indicators: usize,
    /// Findings by severity: errors, warnings, infos.
    pub findings: (usize, usize, usize),
}

/// Hex SHA-256 of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The current time as RFC 3339 UTC (`2026-11-23T17:21:54Z`).
pub fn now_rfc3339() -> String {
    jixiao_store::rfc3339(jixiao_store::now_secs())
}

/// Reads a file into a document: perf-targets/1 JSON is loaded as it is,
/// anything else goes through layout detection and the readers.
pub fn read_document(name: &str, bytes: &[u8]) -> Result<Document, ImportError> {
    read_checked(name, bytes).map(|r| r.0)
}

/// [`read_document`], with the reader's warnings and its confidence (0–1; 1
/// for perf-targets/1 JSON).
pub fn read_checked(name: &str, bytes: &[u8]) -> Result<(Document, Vec<jixiao_ingest::Warning>, f32), ImportError> {
    let trimmed = bytes.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &bytes[i..]).unwrap_or(&[]);
    if trimmed.starts_with(b"{") && name.ends_with(".json") {
        // The readers of every other format check the limits themselves.
        jixiao_ingest::limits::check_bytes(name, bytes.len())?;
        let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Json { file: name.into(), reason: e.to_string() })?;
        let mut doc =
            Document::from_json(text).map_err(|e| ImportError::Json { file: name.into(), reason: e.to_string() })?;
        if doc.source.is_empty() {
            doc.source = name.to_string();
        }
        jixiao_ingest::limits::check_document(name, &doc)?;
        plausible(name, &doc)?;
        return Ok((doc, Vec::new(), 1.0));
    }
    let r = jixiao_office::read(name, bytes, &jixiao_ingest::Options::default());
    if bytes.len() > LARGE_FILE {
        release_free_memory();
    }
    let r = r?;
    plausible(name, &r.document)?;
    Ok((r.document, r.warnings, r.confidence))
}

/// Files above this size give the memory their reading freed back to the
/// system once read (see [`release_free_memory`]).
const LARGE_FILE: usize = 4 << 20;

/// Returns the free pages of the heap to the system. Reading a large file
/// frees its text and cell table in many small pieces, which the allocator
/// would otherwise keep for itself (on glibc) while the document is reviewed
/// and written: the peak of an import then stays that of its parse.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused memory; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Projects of one name beyond which a table is taken for a block pasted over and over.
pub const MAX_SAME_NAMED_PROJECTS: usize = 50;

/// Refuses a file that reads as no department's table: no indicator at all
/// (a file cut off, or not a target table), or one project name repeated
/// many times (a title and header block pasted over and over).
pub fn plausible(file: &str, doc: &Document) -> Result<(), ImportError> {
    let refuse = |reason: String| Err(ImportError::Implausible { file: file.to_string(), reason });
    if doc.indicators().is_empty() {
        return refuse("没有读到任何绩效指标：文件可能不完整（被截断），或不是绩效目标表".into());
    }
    if let jixiao_core::Body::Project(t) = &doc.body {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for p in t.units.iter().flat_map(|u| &u.projects) {
            *counts.entry(p.name.as_str()).or_default() += 1;
        }
        if let Some((name, n)) = counts.into_iter().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > MAX_SAME_NAMED_PROJECTS) {
            return refuse(format!("{n} 个项目同名「{name}」：表格的标题和表头可能被重复粘贴，请检查文件"));
        }
    }
    Ok(())
}

/// The review findings of a document, ready to store.
pub fn review(doc: &Document) -> Vec<NewFinding> {
    crate::findings::review(doc)
}

/// Parses, reviews and stores one file as a published table, in one
/// transaction, audited as the command line's.
pub async fn import_bytes(store: &Store, name: &str, bytes: &[u8]) -> Result<ImportReport, ImportError> {
    store_prepared(store, &Prepared::from_bytes(name, bytes)?).await
}

/// A document read and reviewed, ready to store.
pub struct Prepared {
    /// The document.
    pub doc: Document,
    /// Its review findings.
    pub findings: Vec<NewFinding>,
    /// Hash of its source bytes.
    pub hash: String,
    /// What the reader could not read cleanly (kept in the import's audit record).
    pub warnings: Vec<jixiao_ingest::Warning>,
}

impl Prepared {
    /// Reviews `doc`.
    pub fn new(doc: Document, hash: String) -> Prepared {
        let findings = review(&doc);
        Prepared { doc, findings, hash, warnings: Vec::new() }
    }

    /// Reads and reviews a file's bytes.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Prepared, ImportError> {
        let (doc, warnings, _) = read_checked(name, bytes)?;
        Ok(Prepared { warnings, ..Prepared::new(doc, content_hash(bytes)) })
    }
}

/// Stores a prepared document as a published table in one transaction,
/// audited as the command line's.
pub async fn store_prepared(store: &Store, p: &Prepared) -> Result<ImportReport, ImportError> {
    store_as(store, p, &Actor::cli(), StartState::Published, "import", None).await
}

/// Stores a prepared document in one transaction: published, or as a draft
/// of `actor`'s; the audit record names `actor` and `action`.
pub async fn store_as(
    store: &Store,
    p: &Prepared,
    actor: &Actor,
    state: StartState,
    action: &str,
    detail: Option<serde_json::Value>,
) -> Result<ImportReport, ImportError> {
    let doc = &p.doc;
    let mut audit = actor.audit(action);
    audit.subject = Some(doc.source.clone());
    let mut d = serde_json::json!({"source": doc.source, "indicators": doc.indicators().len()});
    if !p.warnings.is_empty() {
        d["reading_warnings"] = p.warnings.iter().take(50).map(|w| w.to_string()).collect::<Vec<_>>().into();
    }
    if let Some(serde_json::Value::Object(extra)) = detail {
        for (k, v) in extra {
            d[k] = v;
        }
    }
    audit.detail = Some(d);
    let prov =
        Provenance { source: doc.source.clone(), content_hash: p.hash.clone(), imported_at: now_rfc3339(), state, audit };
    let outcome = store
        .import(doc, &prov, &p.findings)
        .await
        .map_err(|source| ImportError::Store { file: doc.source.clone(), source })?;
    let count = |s: &str| p.findings.iter().filter(|f| f.severity == s).count();
    let projects = match &doc.body {
        jixiao_core::Body::Project(t) => t.units.iter().map(|u| u.projects.len()).sum(),
        jixiao_core::Body::Department(_) => 0,
    };
    Ok(ImportReport {
        source: doc.source.clone(),
        outcome,
        projects,
        indicators: doc.indicators().len(),
        findings: (count("error"), count("warning"), count("info")),
    })
}

/// Refreshes the store's planner statistics; a failure only costs speed, so it
/// is reported and import goes on.
async fn refresh_statistics(store: &Store) {
    if let Err(e) = store.analyze().await {
        eprintln!("jixiao: warning: could not refresh the database's statistics: {e}");
    }
}

/// Imports many items in two overlapping stages: a worker thread reads and
/// reviews (`prepare`, CPU work) up to a few items ahead while this task
/// stores the previous ones, each in its own transaction, in order.
/// `done` is called once per item, in order, with its outcome; a failed item
/// does not stop the others.
pub async fn import_many<T, P, D>(store: &Store, items: Vec<T>, prepare: P, mut done: D)
where
    T: Send + 'static,
    P: Fn(T) -> Result<Prepared, ImportError> + Send + 'static,
    D: FnMut(Result<ImportReport, ImportError>),
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Prepared, ImportError>>(8);
    let worker = tokio::task::spawn_blocking(move || {
        for item in items {
            if tx.blocking_send(prepare(item)).is_err() {
                break;
            }
        }
    });
    // Planner statistics are refreshed as the tables grow (after 100, 200,
    // 400 … stored documents, and at the end): PostgreSQL keeps plans made
    // when the tables were small, and its foreign-key checks would otherwise
    // scan whole tables for every row (3.5× slower over 100,000 indicators).
    let mut stored = 0usize;
    let mut next_analyze = 100usize;
    while let Some(prepared) = rx.recv().await {
        let result = match prepared {
            Ok(p) => store_prepared(store, &p).await,
            Err(e) => Err(e),
        };
        if matches!(result, Ok(ImportReport { outcome: ImportOutcome::Stored { .. }, .. })) {
            stored += 1;
            if stored == next_analyze {
                next_analyze *= 2;
                refresh_statistics(store).await;
            }
        }
        done(result);
    }
    if stored > 0 {
        refresh_statistics(store).await;
    }
    // The worker ends when its items do; a panic in `prepare` is a bug and
    // surfaces here.
    if let Err(e) = worker.await {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_times() {
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let t = now_rfc3339();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20"));
    }
}
