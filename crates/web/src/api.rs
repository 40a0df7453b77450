//! The JSON API and its OpenAPI document.

use crate::pages::SearchParams;
use crate::pipeline::{self, ImportError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_store::ImportOutcome;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Instant;

/// An API error: status and `{"error": message}`.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
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

/// `GET /api/documents/{id}`
pub async fn document(State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    let Some(sd) = st.store.document(id).await.map_err(internal)? else {
        return Err(ApiError(StatusCode::NOT_FOUND, format!("no document {id}")));
    };
    let findings = st.store.findings(id).await.map_err(internal)?;
    Ok(Json(json!({
        "id": sd.id,
        "version": sd.version,
        "content_hash": sd.content_hash,
        "imported_at": sd.imported_at,
        "superseded": sd.superseded,
        "document": sd.document.to_json(),
        "findings": findings,
    })))
}

/// `GET /api/documents/{id}/findings`
pub async fn findings(State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    if st.store.document(id).await.map_err(internal)?.is_none() {
        return Err(ApiError(StatusCode::NOT_FOUND, format!("no document {id}")));
    }
    Ok(Json(json!(st.store.findings(id).await.map_err(internal)?)))
}

/// `GET /api/search`
pub async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> ApiResult {
    let started = Instant::now();
    let r = st.store.search(&p.query()).await.map_err(internal)?;
    Ok(Json(json!({ "hits": r.hits, "more": r.more, "elapsed_ms": started.elapsed().as_secs_f64() * 1000.0 })))
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

/// `POST /api/import?name=FILE` with the file as the body.
pub async fn import(State(st): State<AppState>, Query(p): Query<ImportParams>, body: Bytes) -> Result<Response, ApiError> {
    match pipeline::import_bytes(&st.store, &p.name, &body).await {
        Ok(r) => {
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
        Err(ImportError::Store { source, .. }) => Err(internal(source)),
        Err(e) => Err(ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
    }
}

/// Every API path, for the OpenAPI document and its test.
#[cfg_attr(not(test), allow(dead_code))]
pub const PATHS: [&str; 9] = [
    "/api/stats",
    "/api/documents",
    "/api/documents/{id}",
    "/api/documents/{id}/findings",
    "/api/search",
    "/api/compare",
    "/api/target",
    "/api/import",
    "/api/openapi.json",
];

fn q(name: &str, desc: &str, required: bool, ty: &str) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": ty}})
}

fn ok(desc: &str, schema: Value) -> Value {
    json!({"200": {"description": desc, "content": {"application/json": {"schema": schema}}}})
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Json<Value> {
    Json(openapi_doc())
}

/// The OpenAPI 3.0 description of the API.
pub fn openapi_doc() -> Value {
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let err = json!({"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "jixiao API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Budget performance target tables (perf-targets/1), review findings, indicator search and comparison."},
        "paths": {
            "/api/stats": {"get": {"summary": "Counts over the latest documents", "responses": ok("counts", json!({"type": "object"}))}},
            "/api/documents": {"get": {"summary": "The latest version of every document",
                "responses": ok("documents", json!({"type": "array", "items": {"$ref": "#/components/schemas/DocumentSummary"}}))}},
            "/api/documents/{id}": {"get": {"summary": "One stored document (perf-targets/1) with provenance and findings",
                "parameters": [id.clone()],
                "responses": {"200": {"description": "document", "content": {"application/json": {"schema": {"type": "object"}}}}, "404": err.clone()}}},
            "/api/documents/{id}/findings": {"get": {"summary": "Review findings of a document", "parameters": [id],
                "responses": {"200": {"description": "findings", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}}, "404": err.clone()}}},
            "/api/search": {"get": {"summary": "Indicators whose name holds a substring, with filters",
                "parameters": [q("q", "substring of the indicator name", false, "string"), q("department", "department", false, "string"),
                    q("year", "budget year", false, "integer"), q("level1", "level-1 category as printed", false, "string"),
                    q("finding", "any, error, warning or info", false, "string"), q("limit", "page size (≤ 500)", false, "integer"),
                    q("offset", "skip", false, "integer")],
                "responses": ok("hits", json!({"type": "object", "properties": {"hits": {"type": "array", "items": {"type": "object"}}, "more": {"type": "boolean"}, "elapsed_ms": {"type": "number"}}}))}},
            "/api/compare": {"get": {"summary": "One indicator across departments and years",
                "parameters": [q("name", "indicator name", true, "string")],
                "responses": ok("rows", json!({"type": "array", "items": {"type": "object"}}))}},
            "/api/target": {"get": {"summary": "Parse a target value string",
                "parameters": [q("value", "value as printed, e.g. 不少于2000次", true, "string")],
                "responses": ok("target", json!({"type": "object"}))}},
            "/api/import": {"post": {"summary": "Parse, review and store one file (all or nothing)",
                "parameters": [q("name", "file name", true, "string")],
                "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"201": {"description": "stored", "content": {"application/json": {"schema": {"type": "object"}}}},
                              "200": {"description": "unchanged", "content": {"application/json": {"schema": {"type": "object"}}}},
                              "422": err}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": ok("OpenAPI", json!({"type": "object"}))}}
        },
        "components": {"schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
            "DocumentSummary": {"type": "object", "properties": {
                "id": {"type": "integer"}, "source": {"type": "string"}, "version": {"type": "integer"}, "kind": {"type": "string"},
                "title": {"type": "string", "nullable": true}, "department": {"type": "string"}, "year": {"type": "integer", "nullable": true},
                "indicators": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"}}},
            "Finding": {"type": "object", "properties": {"rule": {"type": "string"}, "family": {"type": "string"},
                "severity": {"type": "string", "enum": ["error", "warning", "info"]}, "message": {"type": "string"},
                "place": {"type": "object"}, "indicator_position": {"type": "integer", "nullable": true}}}
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_describes_exactly_the_api_paths() {
        let doc = openapi_doc();
        let paths = doc["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), PATHS.len());
        for p in PATHS {
            assert!(paths.contains_key(p), "{p} is described");
        }
    }
}
