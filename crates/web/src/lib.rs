//! jixiao-web: the web app (pages in Chinese, JSON API, OpenAPI document).
//!
//! Handlers hold no business logic: they find out who asks ([`auth`]), call
//! the use cases of `jixiao-app` (and the store's reads), and turn the
//! results into pages, JSON and HTTP statuses.
#![warn(missing_docs)]

mod account_pages;
mod api;
mod api_monitor;
mod api_work;
pub mod auth;
pub mod cache;
pub mod chart;
mod downloads;
mod import_pages;
pub mod errors;
mod monitor_pages;
mod openapi;
mod pages;
mod search_page;
mod selfeval_pages;
mod views;
mod work;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::routing::{get, post};
use axum::Router;
use cache::PageCache;
use jixiao_app::App;
use jixiao_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store (reads).
    pub store: Store,
    /// The use cases (everything that checks permissions or writes).
    pub app: App,
    /// Rendered read responses (for the anonymous public).
    pub cache: Arc<PageCache>,
    /// Mark session cookies `Secure` (behind HTTPS) even when the request
    /// does not say it came over HTTPS.
    pub secure_cookies: bool,
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
        AppState { app: App::new(store.clone()), store, cache: Arc::new(PageCache::new(bytes)), secure_cookies: false }
    }
}

/// Largest upload accepted (a table's text is far smaller).
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// The whole app: pages and API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/documents/{id}", get(work::document))
        .route("/documents/{id}/edit", get(work::edit))
        .route("/documents/{id}/transition", post(work::transition))
        .route("/documents/{id}/history", get(work::history))
        .route("/documents/{id}/diff", get(work::compare_versions))
        .route("/documents/new", post(work::create))
        .route("/documents/{id}/monitoring", get(monitor_pages::page).post(monitor_pages::report))
        .route("/documents/{id}/monitoring/import", post(monitor_pages::import))
        .route("/documents/{id}/self-evaluation", get(selfeval_pages::page))
        .route("/monitoring", get(monitor_pages::overview))
        .route("/monitoring/{round}/check", post(monitor_pages::check))
        .route("/laggards", get(monitor_pages::laggards))
        .route("/years", get(selfeval_pages::years))
        .route("/admin/warning-policy", get(monitor_pages::policy_form).post(monitor_pages::policy_save))
        .route("/workbench", get(work::workbench))
        .route("/login", get(account_pages::login_form).post(account_pages::login))
        .route("/logout", post(account_pages::logout))
        .route("/admin/users", get(account_pages::users).post(account_pages::add_user))
        .route("/search", get(search_page::search))
        .route("/compare", get(pages::compare))
        .route("/import", get(import_pages::import_form))
        .route("/import/preview", post(import_pages::import_preview))
        .route("/import/save", post(import_pages::import_save))
        .route("/static/editor.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], EDITOR_JS) }))
        .route("/static/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS) }))
        .route("/static/editor.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], EDITOR_CSS) }))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/stats", get(api::stats))
        .route("/api/session", post(api_work::session_create).get(api_work::session_get).delete(api_work::session_delete))
        .route("/api/documents", get(api::documents).post(api_work::create))
        .route("/api/documents/{id}", get(api_work::get).put(api_work::put))
        .route("/api/documents/{id}/findings", get(api::findings))
        .route("/api/documents/{id}/transitions", post(api_work::transition))
        .route("/api/documents/{id}/history", get(api_work::history))
        .route("/api/documents/{id}/monitoring", get(api_monitor::rounds).post(api_monitor::report))
        .route("/api/monitoring/{round}/check", post(api_monitor::check))
        .route("/api/laggards", get(api_monitor::laggards))
        .route("/api/documents/{id}/self-evaluation", get(selfeval_pages::api))
        .route("/api/years", get(selfeval_pages::years_api))
        .route("/api/warning-policy", get(api_monitor::policy_get).put(api_monitor::policy_put))
        .route("/api/review", post(api_work::review))
        .route("/api/taxonomy", get(api_work::taxonomy))
        .route("/api/search", get(api::search))
        .route("/api/compare", get(api::compare))
        .route("/api/target", get(api::target))
        .route("/api/import", post(api::import))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(errors::uniform))
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(axum::middleware::from_fn(errors::security_headers))
        .with_state(state)
}

/// The editor's script and styles, served from the binary.
const EDITOR_JS: &str = include_str!("../static/editor.js");
const EDITOR_CSS: &str = include_str!("../static/editor.css");
/// The few lines every page runs (keyboard shortcuts), as a file: the content
/// security policy allows no inline script.
const APP_JS: &str = include_str!("../static/app.js");

/// Serves the app until Ctrl-C; writes by other processes reach the cache
/// within a second.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("jixiao: serving on http://{}", listener.local_addr()?);
    tokio::spawn(cache::watch(state.clone(), Duration::from_secs(1)));
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
