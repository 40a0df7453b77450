//! The store under faults: a disk that fills up (a small tmpfs) fails the
//! write with a clear error and leaves no half-written document; once space is
//! back, the next write succeeds on the same store, without a restart.
//! Needs `mount` (root); skipped elsewhere unless `JIXIAO_REQUIRE_FAULTS=1`.

mod common;

use jixiao_store::{ImportOutcome, Store};
use std::io::Write;
use std::path::Path;
use std::process::Command;

struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: the store's files may still be closing.
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmpfs(tag: &str, size: &str) -> Option<Tmpfs> {
    let dir = std::env::temp_dir().join(format!("jixiao-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let ok = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(&dir).status().is_ok_and(|s| s.success());
    if !ok {
        assert!(std::env::var("JIXIAO_REQUIRE_FAULTS").as_deref() != Ok("1"), "JIXIAO_REQUIRE_FAULTS=1 but tmpfs cannot be mounted");
        eprintln!("skipped: cannot mount a tmpfs here");
        let _ = std::fs::remove_dir_all(&dir);
        return None;
    }
    Some(Tmpfs(dir))
}

/// Fills the file system with a file until it is full.
fn fill(path: &Path) {
    let mut f = std::fs::File::create(path).unwrap();
    for size in [64 * 1024, 4096, 512, 1] {
        let chunk = vec![0u8; size];
        while f.write_all(&chunk).and_then(|_| f.flush()).is_ok() {}
    }
}

#[tokio::test]
async fn a_full_disk_fails_the_write_and_the_next_one_succeeds_once_space_is_back() {
    let Some(fs) = tmpfs("full", "4m") else { return };
    let db = fs.0.join("t.db");
    let store = Store::open(db.to_str().unwrap()).await.expect("open");
    let docs = common::truth_docs();
    if docs.is_empty() {
        return;
    }
    // An empty write-ahead log, so that the next write needs new space.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.unwrap();
    let filler = fs.0.join("filler");
    fill(&filler);
    // Import until the disk refuses (WAL frames already on disk may take a few).
    let mut failed = None;
    let mut stored = Vec::new();
    for (k, doc) in docs.iter().cycle().take(200).enumerate() {
        let mut doc = doc.clone();
        doc.source = format!("full-{k}.txt");
        match store.import(&doc, &common::prov(&doc, &format!("h{k}")), &[]).await {
            Ok(ImportOutcome::Stored { id, .. }) => stored.push((id, doc)),
            Ok(other) => panic!("{other:?}"),
            Err(e) => {
                failed = Some((e.to_string(), doc));
                break;
            }
        }
    }
    let (message, refused) = failed.expect("a full disk refuses a write");
    eprintln!("after {} documents: {message}", stored.len());
    assert!(message.contains("full") || message.contains("space"), "names the cause: {message}");
    // Space back: the next writes succeed on the same store.
    std::fs::remove_file(&filler).unwrap();
    for k in 0..3 {
        let mut doc = refused.clone();
        doc.source = format!("after-{k}.txt");
        let out = store.import(&doc, &common::prov(&doc, &format!("a{k}")), &[]).await.unwrap_or_else(|e| panic!("write {k} after space came back: {e}"));
        let ImportOutcome::Stored { id, .. } = out else { panic!("stored") };
        stored.push((id, doc));
    }
    // Nothing half-written: every stored document reads back whole; none of the refused one.
    for (id, doc) in &stored {
        let back = store.document(*id).await.unwrap().expect("stored");
        assert_eq!(back.document.to_json(), doc.to_json(), "document {id} reads back whole");
    }
    assert!(store.list_documents().await.unwrap().iter().all(|d| d.source != refused.source), "the refused write left nothing");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap();
    assert_eq!(check, "ok");
    store.close().await;
}

#[tokio::test]
async fn a_read_only_database_is_refused_at_once_by_name() {
    let Some(fs) = tmpfs("ro", "4m") else { return };
    let db = fs.0.join("ro.db");
    let store = Store::open(db.to_str().unwrap()).await.expect("open");
    store.close().await;
    let out = Command::new("mount").args(["-o", "remount,ro"]).arg(&fs.0).output().unwrap();
    assert!(out.status.success(), "remount read-only: {}", String::from_utf8_lossy(&out.stderr));
    let started = std::time::Instant::now();
    let e = Store::open(db.to_str().unwrap()).await.err().expect("refused").to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "at once, not after a pool timeout");
    assert!(e.contains("ro.db") && e.contains("cannot be written"), "{e}");
    let missing = fs.0.join("no/such/folder/x.db");
    let e = Store::open(missing.to_str().unwrap()).await.err().expect("refused").to_string();
    assert!(e.contains("does not exist"), "{e}");
}
