//! The store when the database is held or goes away: a SQLite database locked
//! by another writer, and a PostgreSQL server that disappears in the middle of
//! an import (a TCP relay in front of it is cut). Each write fails with its
//! cause named, leaves nothing half-written, and the next write succeeds once
//! the database is back, on the same store.

mod common;

use common::*;
use jixiao_core::model::Body;
use jixiao_core::Document;
use jixiao_store::{Fault, ImportOutcome, Store};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, Connection};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The largest truth document, its projects repeated until it holds at least
/// `indicators` indicators (an import that takes a while).
fn big_doc(indicators: usize) -> Option<Document> {
    let mut doc = truth_docs().into_iter().filter(|d| matches!(d.body, Body::Project(_))).max_by_key(|d| d.indicators().len())?;
    let Body::Project(t) = &mut doc.body else { return None };
    let projects = t.units[0].projects.clone();
    let mut k = 0;
    while t.units.iter().flat_map(|u| &u.projects).map(|p| p.indicators.len()).sum::<usize>() < indicators {
        let mut p = projects[k % projects.len()].clone();
        p.name = format!("{}（第{k}批）", p.name);
        t.units[0].projects.push(p);
        k += 1;
    }
    doc.source = "big.txt".into();
    Some(doc)
}

fn named(doc: &Document, source: &str) -> Document {
    let mut d = doc.clone();
    d.source = source.into();
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_locked_by_another_writer_fails_the_write_by_cause_and_the_next_one_succeeds() {
    let Some(doc) = truth_docs().into_iter().next() else { return };
    let db = sqlite().await;
    // Another process's writer: a connection of its own holding the write lock.
    let mut other = AnyConnection::connect(&format!("sqlite://{}", db.location)).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.unwrap();
    let started = Instant::now();
    let locked = named(&doc, "locked.txt");
    let e = db.store.import(&locked, &prov(&locked, "h1"), &[]).await.err().expect("a held database refuses the write");
    let waited = started.elapsed();
    assert_eq!(e.fault(), Some(Fault::Locked), "{e}");
    assert!(e.to_string().contains("locked by another writer"), "names the cause: {e}");
    assert!(waited >= Duration::from_secs(4) && waited < Duration::from_secs(20), "waits the busy timeout, then gives up: {waited:?}");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    other.close().await.unwrap();
    // Nothing of it stored; the next write succeeds on the same store.
    assert!(db.store.list_documents().await.unwrap().is_empty(), "nothing half-written");
    let after = named(&doc, "after.txt");
    let out = db.store.import(&after, &prov(&after, "h2"), &[]).await.expect("the next write succeeds");
    let ImportOutcome::Stored { id, .. } = out else { panic!("{out:?}") };
    let back = db.store.document(id).await.unwrap().expect("stored");
    assert_eq!(back.document.to_json(), after.to_json());
    db.drop_it().await;
}

/// A TCP relay to PostgreSQL that can be cut: every relayed connection is
/// dropped at once and new ones are refused until it is opened again.
struct Relay {
    port: u16,
    open: Arc<AtomicBool>,
    /// Bytes relayed from the client to the server.
    sent: Arc<AtomicUsize>,
    conns: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = Arc::new(AtomicBool::new(true));
        let sent = Arc::new(AtomicUsize::new(0));
        let conns: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>> = Arc::default();
        let (o, s, c) = (open.clone(), sent.clone(), conns.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !o.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&target).await else { continue };
                let s = s.clone();
                c.lock().unwrap().push(tokio::spawn(relay(client, server, s)));
            }
        });
        Relay { port, open, sent, conns }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for h in self.conns.lock().unwrap().drain(..) {
            h.abort();
        }
    }

    fn reopen(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

async fn relay(client: TcpStream, server: TcpStream, sent: Arc<AtomicUsize>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = cr.read(&mut buf).await {
            if n == 0 || sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
            sent.fetch_add(n, Ordering::SeqCst);
        }
    };
    let down = async move {
        let _ = tokio::io::copy(&mut sr, &mut cw).await;
    };
    tokio::join!(up, down);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_server_gone_mid_import_fails_by_cause_leaves_nothing_and_the_store_recovers() {
    let Some(doc) = big_doc(20_000) else { return };
    let Some((admin, name, url)) = empty_postgres().await else { return };
    let target = url.split('@').nth(1).and_then(|h| h.split('/').next()).unwrap_or("127.0.0.1:5432").to_string();
    let relay = Relay::start(target.clone()).await;
    let via = url.replace(&target, &format!("127.0.0.1:{}", relay.port));
    let store = Store::open(&via).await.expect("open through the relay");
    let before = named(&truth_docs().into_iter().next().unwrap(), "before.txt");
    store.import(&before, &prov(&before, "h0"), &[]).await.expect("a first import");

    // Cut the relay once the import has sent a quarter of a megabyte (its
    // rows take several megabytes): the server goes away mid-transaction.
    let from = relay.sent.load(Ordering::SeqCst);
    let importing = {
        let (store, doc) = (store.clone(), doc.clone());
        tokio::spawn(async move { store.import(&doc, &prov(&doc, "big"), &[]).await })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while relay.sent.load(Ordering::SeqCst) - from < 256 * 1024 {
        assert!(Instant::now() < deadline, "the import never sent its rows");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    relay.cut();
    let e = importing.await.unwrap().err().expect("the import fails when the server goes away");
    assert_eq!(e.fault(), Some(Fault::Unavailable), "{e}");
    assert!(e.to_string().contains("unavailable"), "names the cause: {e}");

    // Nothing of it on the server (seen directly, not through the relay).
    let direct = AnyPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // The server rolls the transaction back when it notices the socket closed.
        let busy: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid() AND state <> 'idle'"
        )))
        .fetch_one(&direct)
        .await
        .unwrap();
        if busy == 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sources: Vec<String> = sqlx::query_scalar("SELECT source FROM documents ORDER BY id").fetch_all(&direct).await.unwrap();
    assert_eq!(sources, vec!["before.txt".to_string()], "only the document stored before the cut");
    let orphans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicators WHERE document_id NOT IN (SELECT id FROM documents)").fetch_one(&direct).await.unwrap();
    assert_eq!(orphans, 0, "no rows of the cut import");
    direct.close().await;

    // The server back: the same store imports the document whole.
    relay.reopen();
    let mut attempts = 0;
    let id = loop {
        attempts += 1;
        match store.import(&doc, &prov(&doc, "big"), &[]).await {
            Ok(ImportOutcome::Stored { id, .. }) => break id,
            Ok(other) => panic!("{other:?}"),
            // A connection the pool still holds from before the cut fails once and is replaced.
            Err(e) if attempts < 3 && e.fault() == Some(Fault::Unavailable) => continue,
            Err(e) => panic!("after the server came back: {e}"),
        }
    };
    eprintln!("stored again after {attempts} attempt(s)");
    let back = store.document(id).await.unwrap().expect("stored");
    assert_eq!(back.document.indicators().len(), doc.indicators().len());
    store.close().await;
    drop_postgres(&admin, &name).await;
}
