//! The API of accounts and the workflow: sessions, creating and saving
//! documents (with `ETag` / `If-Match`), transitions, history, live review.

use crate::auth::{api_error, secure_request, session_cookie, Auth};
use crate::views::{rule_title, target_zh};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_app::accounts::SessionKind;
use jixiao_app::AppError;
use jixiao_core::taxonomy::{Level1, Level2};
use jixiao_core::workflow::Transition;
use jixiao_core::{Document, Kind};
use jixiao_store::NewComment;
use serde::Deserialize;
use serde_json::{json, Value};

type Answer = Result<Response, Response>;

/// Reads a JSON body, answering 422 in Chinese when it is not what is asked.
/// (The refusal is the response itself, built once per bad request.)
#[allow(clippy::result_large_err)]
pub(crate) fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(bytes).map_err(|e| api_error(AppError::Invalid(format!("请求内容不是有效的 JSON：{e}"))))
}

fn etag(revision: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"r{revision}\"")).unwrap_or(HeaderValue::from_static("\"r0\""))
}

/// The revision an `If-Match` header names (`"r7"`, `r7`, `7`).
fn if_match(headers: &HeaderMap) -> Option<i64> {
    let v = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    let v = v.strip_prefix("W/").unwrap_or(v).trim_matches('"');
    v.strip_prefix('r').unwrap_or(v).parse().ok()
}

#[derive(Deserialize)]
pub struct SignIn {
    name: String,
    password: String,
}

/// `POST /api/session`: a bearer token.
pub async fn session_create(State(st): State<AppState>, auth: Auth, bytes: axum::body::Bytes) -> Answer {
    let b: SignIn = body(&bytes)?;
    let s = st.app.sign_in(&b.name, &b.password, auth.actor.address.as_deref(), SessionKind::Bearer).await.map_err(api_error)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": s.token, "expires_in": s.max_age, "user": {"name": s.user.name, "role": s.user.role,
            "department": s.user.department, "region": s.user.region}})),
    )
        .into_response())
}

/// `GET /api/session`: who is signed in.
pub async fn session_get(auth: Auth) -> Answer {
    let Some(s) = &auth.session else { return Err(api_error(AppError::SignIn("未登录".into()))) };
    Ok(Json(json!({"user": {"name": s.user.name, "role": s.user.role, "department": s.user.department, "region": s.user.region},
        "csrf": s.csrf})).into_response())
}

/// `DELETE /api/session`: ends the session of the request.
pub async fn session_delete(State(st): State<AppState>, auth: Auth, headers: HeaderMap) -> Answer {
    let Some(token) = &auth.token else { return Err(api_error(AppError::SignIn("未登录".into()))) };
    auth.check_api_write(&headers).map_err(api_error)?;
    st.app.sign_out(token, &auth.actor).await.map_err(api_error)?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if auth.session.as_ref().is_some_and(|s| s.kind == SessionKind::Cookie) {
        resp.headers_mut().append(header::SET_COOKIE, session_cookie("", 0, secure_request(&headers, &st)));
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct NewDocument {
    kind: Option<String>,
    year: Option<i32>,
    department: Option<String>,
    copy_from: Option<i64>,
}

/// `POST /api/documents`: a blank table, or a copy of last year's.
pub async fn create(State(st): State<AppState>, auth: Auth, headers: HeaderMap, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let b: NewDocument = body(&bytes)?;
    if let Some(k) = b.kind.as_deref().filter(|k| !matches!(*k, "project" | "department")) {
        return Err(api_error(AppError::Invalid(format!("未知的目标表类型「{k}」（project 或 department）"))));
    }
    let id = match b.copy_from {
        Some(from) => st.app.create_copy(&auth.actor, from, b.year).await,
        None => {
            let kind = match b.kind.as_deref() {
                Some("department") => Kind::Department,
                Some("project") | None => Kind::Project,
                Some(k) => return Err(api_error(AppError::Invalid(format!("未知的目标表类型「{k}」（project 或 department）")))),
            };
            let year = b.year.ok_or_else(|| api_error(AppError::Invalid("请给出年度 year".into())))?;
            st.app.create_blank(&auth.actor, kind, b.department.as_deref(), year).await
        }
    }
    .map_err(api_error)?;
    let mut resp = (StatusCode::CREATED, Json(json!({"id": id, "revision": 1, "state": "draft"}))).into_response();
    resp.headers_mut().insert(header::ETAG, etag(1));
    if let Ok(v) = HeaderValue::from_str(&format!("/api/documents/{id}")) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

/// `GET /api/documents/{id}`: the document with its state and revision
/// (`ETag`), findings, current comments and what the caller may do.
pub async fn get(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Path(id): Path<i64>) -> Answer {
    let v = st.app.view(&auth.actor, id).await.map_err(api_error)?;
    let tag = etag(v.stored.revision);
    if headers.get(header::IF_NONE_MATCH) == Some(&tag) {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        resp.headers_mut().insert(header::ETAG, tag);
        return Ok(resp);
    }
    let sd = &v.stored;
    let mut resp = Json(json!({
        "id": sd.id,
        "version": sd.version,
        "state": v.state.as_str(),
        "revision": sd.revision,
        "content_hash": sd.content_hash,
        "imported_at": sd.imported_at,
        "superseded": sd.superseded,
        "document": sd.document.to_json(),
        "findings": v.findings,
        "comments": v.comments,
        "transitions": v.transitions.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "editable": v.editable,
    }))
    .into_response();
    resp.headers_mut().insert(header::ETAG, tag);
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct Save {
    document: Value,
}

/// `PUT /api/documents/{id}` with `If-Match`: saves a draft's content.
pub async fn put(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Path(id): Path<i64>, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let b: Save = body(&bytes)?;
    let doc = Document::from_json(&b.document.to_string())
        .map_err(|e| api_error(AppError::Invalid(format!("目标表内容不符合 perf-targets/1：{e}"))))?;
    let revision = st.app.save(&auth.actor, id, if_match(&headers), doc).await.map_err(api_error)?;
    let mut resp = Json(json!({"id": id, "revision": revision})).into_response();
    resp.headers_mut().insert(header::ETAG, etag(revision));
    Ok(resp)
}

#[derive(Deserialize)]
pub struct TransitionBody {
    action: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    comments: Vec<NewComment>,
}

/// `POST /api/documents/{id}/transitions`.
pub async fn transition(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Path(id): Path<i64>, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let b: TransitionBody = body(&bytes)?;
    let t = Transition::parse(&b.action).ok_or_else(|| {
        api_error(AppError::Invalid(format!(
            "未知的操作「{}」（submit、forward、return、approve、publish 或 adjust）",
            b.action
        )))
    })?;
    let out = st.app.transition(&auth.actor, id, t, &b.comment, b.comments, if_match(&headers)).await.map_err(api_error)?;
    let status = if t == Transition::Adjust { StatusCode::CREATED } else { StatusCode::OK };
    let mut resp = (status, Json(json!(out))).into_response();
    resp.headers_mut().insert(header::ETAG, etag(out.revision));
    Ok(resp)
}

/// `GET /api/documents/{id}/history`.
pub async fn history(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Answer {
    let h = st.app.history(&auth.actor, id).await.map_err(api_error)?;
    Ok(Json(json!({"audit": h.audit, "versions": h.versions, "comments": h.comments, "editions": h.editions})).into_response())
}

#[derive(Deserialize)]
pub struct ReviewBody {
    document: Value,
}

/// `POST /api/review`: the parsed targets and review findings of a table
/// being written (signed-in users; nothing is stored).
pub async fn review(auth: Auth, bytes: axum::body::Bytes) -> Answer {
    if auth.session.is_none() {
        return Err(api_error(AppError::SignIn("请先登录".into())));
    }
    let b: ReviewBody = body(&bytes)?;
    let doc = Document::from_json(&b.document.to_string())
        .map_err(|e| api_error(AppError::Invalid(format!("目标表内容不符合 perf-targets/1：{e}"))))?;
    let r = tokio::task::spawn_blocking(move || jixiao_app::live::review(&doc))
        .await
        .map_err(|e| api_error(AppError::Internal(e.to_string())))?;
    let targets: Vec<String> = r.targets.iter().map(|t| t.as_ref().map(target_zh).unwrap_or_default()).collect();
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            json!({"severity": f.severity, "rule": f.rule, "title": rule_title(&f.rule), "message": f.message,
                   "indicator": f.indicator, "place": f.place})
        })
        .collect();
    Ok(Json(json!({"targets": targets, "findings": findings})).into_response())
}

/// `GET /api/taxonomy`: level-1 categories with their level-2 categories.
pub async fn taxonomy() -> Json<Value> {
    let level1: Vec<Value> = Level1::ALL
        .iter()
        .map(|l1| {
            let l2: Vec<&str> = Level2::ALL.iter().filter(|l2| l2.parents().contains(l1)).map(|l2| l2.name_zh()).collect();
            json!({"name": l1.name_zh(), "level2": l2})
        })
        .collect();
    Json(json!({ "level1": level1 }))
}
