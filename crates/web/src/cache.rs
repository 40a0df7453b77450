//! A cache of rendered read responses (pages and API), so that reading the
//! same page again costs neither the database nor the templates.
//!
//! Every entry belongs to a *generation* of the data. A write through this
//! app (upload, API import) starts a new generation at once; writes by other
//! processes (`jixiao import` on the same database, another server on the same
//! PostgreSQL) are noticed by [`watch`], which reads the store's data version
//! every second. Entries of older generations are never served. Responses
//! carry an `ETag`, and a request whose `If-None-Match` still matches gets
//! `304 Not Modified`.

use crate::AppState;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Largest single response kept.
const MAX_ENTRY: usize = 4 * 1024 * 1024;

struct Entry {
    generation: u64,
    content_type: Option<HeaderValue>,
    etag: HeaderValue,
    body: Bytes,
}

/// The response cache; see the module documentation.
pub struct PageCache {
    capacity: usize,
    generation: AtomicU64,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    bytes: usize,
}

impl PageCache {
    /// A cache holding at most `capacity` bytes of responses (0: off).
    pub fn new(capacity: usize) -> PageCache {
        PageCache { capacity, generation: AtomicU64::new(1), inner: Mutex::new(Inner::default()) }
    }

    /// Starts a new generation: nothing cached so far is served again.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut inner) = self.inner.lock() {
            inner.entries.clear();
            inner.bytes = 0;
        }
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn get(&self, key: &str) -> Option<(Option<HeaderValue>, HeaderValue, Bytes)> {
        let generation = self.generation();
        let inner = self.inner.lock().ok()?;
        let e = inner.entries.get(key)?;
        (e.generation == generation).then(|| (e.content_type.clone(), e.etag.clone(), e.body.clone()))
    }

    fn put(&self, key: String, entry: Entry) {
        if entry.body.len() > MAX_ENTRY || entry.body.len() > self.capacity {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        if entry.generation != self.generation() {
            return; // rendered from data older than the current generation
        }
        if inner.bytes + entry.body.len() > self.capacity {
            // Full: start over rather than track recency on every read.
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner.bytes += entry.body.len();
        if let Some(old) = inner.entries.insert(key, entry) {
            inner.bytes -= old.body.len();
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.inner.lock().map(|i| i.bytes).unwrap_or(0)
    }
}

/// Read routes whose responses depend only on the URL and the stored data
/// (for the anonymous public: signed-in users' requests are never cached).
/// A single document's API answer is not: its `ETag` is the document's
/// revision, which writes are checked against.
fn cacheable(path: &str) -> bool {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    path == "/"
        || path.strip_prefix("/documents/").is_some_and(numeric)
        || path == "/search"
        || path == "/compare"
        || path == "/api/stats"
        || path == "/api/documents"
        || path.strip_prefix("/api/documents/").and_then(|r| r.strip_suffix("/findings")).is_some_and(numeric)
        || path == "/api/search"
        || path == "/api/compare"
}

/// True when the request carries a session (cookie or bearer token).
fn signed_in(req: &Request) -> bool {
    req.headers().contains_key(header::AUTHORIZATION)
        || req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.contains(crate::auth::SESSION_COOKIE)))
}

fn etag_of(generation: u64, body: &[u8]) -> HeaderValue {
    // FNV-1a of the body; with the generation it names this exact response.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    HeaderValue::from_str(&format!("\"g{generation}-{h:016x}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

fn respond(req_etag: Option<&HeaderValue>, content_type: Option<HeaderValue>, etag: HeaderValue, body: Bytes) -> Response {
    let mut resp = if req_etag == Some(&etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(body));
        if let Some(ct) = content_type {
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        r
    };
    let h = resp.headers_mut();
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Middleware: serves cached responses of read routes; after a successful
/// write through the app, starts a new generation.
pub async fn layer(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &st.cache;
    let path = req.uri().path().to_string();
    if req.method() != Method::GET || !cacheable(&path) || cache.capacity == 0 || signed_in(&req) {
        let writes = req.method() != Method::GET && req.method() != Method::HEAD;
        let resp = next.run(req).await;
        if writes && (resp.status().is_success() || resp.status().is_redirection()) {
            cache.invalidate();
        }
        return resp;
    }
    let key = req.uri().to_string();
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some((content_type, etag, body)) = cache.get(&key) {
        return respond(if_none_match.as_ref(), content_type, etag, body);
    }
    let generation = cache.generation();
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let body = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("response body: {e}")).into_response(),
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
    let etag = etag_of(generation, &body);
    cache.put(key, Entry { generation, content_type: content_type.clone(), etag: etag.clone(), body: body.clone() });
    respond(if_none_match.as_ref(), content_type, etag, body)
}

/// Notices writes by other processes: reads the store's data version every
/// `every` and starts a new cache generation when it moved. Runs until the
/// process ends.
pub async fn watch(st: AppState, every: Duration) {
    // The first reading also starts a new generation: pages cached before it
    // may predate a write it already sees.
    let mut seen: Option<i64> = None;
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Ok(v) = st.store.data_version().await {
            if seen != Some(v) {
                st.cache.invalidate();
                seen = Some(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(generation: u64, body: &'static str) -> Entry {
        Entry { generation, content_type: None, etag: etag_of(generation, body.as_bytes()), body: Bytes::from(body) }
    }

    #[test]
    fn serves_only_the_current_generation() {
        let c = PageCache::new(1024);
        c.put("/a".into(), entry(1, "one"));
        assert_eq!(c.get("/a").map(|e| e.2), Some(Bytes::from("one")));
        c.invalidate();
        assert!(c.get("/a").is_none());
        // Rendered before the invalidation: not kept.
        c.put("/a".into(), entry(1, "stale"));
        assert!(c.get("/a").is_none());
        c.put("/a".into(), entry(2, "two"));
        assert_eq!(c.get("/a").map(|e| e.2), Some(Bytes::from("two")));
    }

    #[test]
    fn stays_within_capacity() {
        let c = PageCache::new(10);
        c.put("/a".into(), entry(1, "123456"));
        c.put("/b".into(), entry(1, "123456"));
        assert!(c.bytes() <= 10);
        assert!(c.get("/b").is_some());
        c.put("/big".into(), entry(1, "12345678901"));
        assert!(c.get("/big").is_none());
        let off = PageCache::new(0);
        off.put("/a".into(), entry(1, "x"));
        assert!(off.get("/a").is_none());
    }

    #[test]
    fn etags_differ_by_body_and_generation() {
        assert_ne!(etag_of(1, b"a"), etag_of(1, b"b"));
        assert_ne!(etag_of(1, b"a"), etag_of(2, b"a"));
        assert_eq!(etag_of(3, b"a"), etag_of(3, b"a"));
    }

    #[test]
    fn read_routes_only() {
        assert!(cacheable("/"));
        assert!(cacheable("/documents/3"));
        assert!(!cacheable("/documents/3/edit"));
        assert!(!cacheable("/api/documents/3"));
        assert!(cacheable("/api/documents/3/findings"));
        assert!(!cacheable("/import"));
        assert!(!cacheable("/api/import"));
        assert!(!cacheable("/healthz"));
        assert!(!cacheable("/api/target"));
    }
}
