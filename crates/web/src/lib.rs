//! jixiao-web: the web app (pages in Chinese, JSON API, OpenAPI document) and
//! the import pipeline it shares with the command line.
//!
//! Handlers hold no business logic: they call `jixiao-core` (targets, review),
//! `jixiao-ingest` (parse) and `jixiao-store`, and turn the results into views.
#![warn(missing_docs)]

mod api;
pub mod cache;
pub mod chart;
mod findings;
mod pages;
pub mod pipeline;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use cache::PageCache;
use jixiao_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// Rendered read responses.
    pub cache: Arc<PageCache>,
}

/// Default size of the response cache.
pub const DEFAULT_CACHE_BYTES: usize = 64 * 1024 * 1024;

impl AppState {
    /// The app over `store`, with a response cache of the default size.
    pub fn new(store: Store) -> AppState {
        AppState::with_cache(store, DEFAULT_CACHE_BYTES)
    }

    /// The app over `store`, with a response cache of `bytes` (0: none).
    pub fn with_cache(store: Store, bytes: usize) -> AppState {
        AppState { store, cache: Arc::new(PageCache::new(bytes)) }
    }
}

/// Largest upload accepted (a table's text is far smaller).
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// The whole app: pages and API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/documents/{id}", get(pages::document))
        .route("/search", get(pages::search))
        .route("/compare", get(pages::compare))
        .route("/import", get(pages::import_form))
        .route("/import/preview", post(pages::import_preview))
        .route("/import/save", post(pages::import_save))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/stats", get(api::stats))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/documents/{id}/findings", get(api::findings))
        .route("/api/search", get(api::search))
        .route("/api/compare", get(api::compare))
        .route("/api/target", get(api::target))
        .route("/api/import", post(api::import))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .with_state(state)
}

/// Serves the app until Ctrl-C; writes by other processes reach the cache
/// within a second.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("jixiao: serving on http://{}", listener.local_addr()?);
    tokio::spawn(cache::watch(state.clone(), Duration::from_secs(1)));
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
