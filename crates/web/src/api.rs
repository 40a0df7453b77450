//! The JSON API and its OpenAPI document.

use crate::auth::{api_error, Auth};
use crate::search_page::SearchParams;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_store::ImportOutcome;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Instant;

/// An API error: status and `{"error": {"code", "message"}}`.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        crate::errors::json_error(self.0, self.1)
    }
}

/// A failure of the store: logged; the caller is told only that it failed.
fn internal(e: impl std::fmt::Display) -> ApiError {
    eprintln!("jixiao: {e}");
    ApiError(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误，请稍后重试".into())
}

type ApiResult = Result<Json<Value>, ApiError>;

/// `GET /api/stats`
pub async fn stats(State(st): State<AppState>) -> ApiResult {
    Ok(Json(json!(st.store.totals().await.map_err(internal)?)))
}

/// `GET /api/documents`
pub async fn documents(State(st): State<AppState>) -> ApiResult {
    Ok(Json(json!(st.store.list_documents().await.map_err(internal)?)))
}

/// `GET /api/documents/{id}/findings`
pub async fn findings(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, Response> {
    let v = st.app.view(&auth.actor, id).await.map_err(api_error)?;
    Ok(Json(json!(v.findings)).into_response())
}

/// `GET /api/search`
pub async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> ApiResult {
    let q = p.query().map_err(|m| ApiError(StatusCode::BAD_REQUEST, m))?;
    let started = Instant::now();
    let r = st.store.search(&q).await.map_err(internal)?;
    Ok(Json(json!({
        "hits": r.hits,
        "more": r.more,
        "total": r.total,
        "total_exact": r.total_exact,
        "offset": q.offset,
        "limit": q.limit,
        "elapsed_ms": started.elapsed().as_secs_f64() * 1000.0
    })))
}

#[derive(Deserialize)]
pub struct CompareParams {
    name: String,
}

/// `GET /api/compare?name=`
pub async fn compare(State(st): State<AppState>, Query(p): Query<CompareParams>) -> ApiResult {
    Ok(Json(json!(st.store.compare(p.name.trim()).await.map_err(internal)?)))
}

#[derive(Deserialize)]
pub struct TargetParams {
    value: String,
}

/// `GET /api/target?value=`
pub async fn target(Query(p): Query<TargetParams>) -> ApiResult {
    Ok(Json(json!(jixiao_core::target::parse_target(&p.value))))
}

#[derive(Deserialize)]
pub struct ImportParams {
    name: String,
}

/// `POST /api/import?name=FILE` with the file as the body: an editor's
/// file becomes a draft of its department, a reviewer's or admin's is
/// stored as published.
pub async fn import(
    State(st): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, Response> {
    auth.check_api_write(&headers).map_err(api_error)?;
    let (_, r) = st.app.upload(&auth.actor, &p.name, Vec::from(body)).await.map_err(api_error)?;
    let (status, outcome, id, version) = match r.outcome {
        ImportOutcome::Stored { id, version } => (StatusCode::CREATED, "stored", id, version),
        ImportOutcome::Unchanged { id, version } => (StatusCode::OK, "unchanged", id, version),
    };
    let body = json!({
        "outcome": outcome, "id": id, "version": version, "source": r.source,
        "projects": r.projects, "indicators": r.indicators,
        "findings": {"error": r.findings.0, "warning": r.findings.1, "info": r.findings.2},
    });
    Ok((status, Json(body)).into_response())
}

/// Every API path (and the downloads, which are files, not pages), for the OpenAPI document and its test.
#[cfg_attr(not(test), allow(dead_code))]
pub const PATHS: [&str; 21] = [
    "/api/stats",
    "/api/session",
    "/api/documents",
    "/api/documents/{id}",
    "/api/documents/{id}/findings",
    "/api/documents/{id}/transitions",
    "/api/documents/{id}/history",
    "/api/documents/{id}/monitoring",
    "/api/monitoring/{round}/check",
    "/api/laggards",
    "/api/documents/{id}/self-evaluation",
    "/api/years",
    "/api/warning-policy",
    "/api/review",
    "/api/taxonomy",
    "/api/search",
    "/api/compare",
    "/api/target",
    "/api/import",
    "/api/openapi.json",
    "/documents/{id}.{format}",
];

/// `GET /api/openapi.json`
pub async fn openapi() -> Json<Value> {
    Json(crate::openapi::openapi_doc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_describes_exactly_the_api_paths() {
        let doc = crate::openapi::openapi_doc();
        let paths = doc["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), PATHS.len());
        for p in PATHS {
            assert!(paths.contains_key(p), "{p} is described");
        }
    }
}
