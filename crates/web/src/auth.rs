//! Who is asking: the session cookie or bearer token of a request, turned
//! into an [`Actor`]; CSRF checks; session cookies; and how use-case errors
//! become HTTP answers.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jixiao_app::accounts::{ActiveSession, SessionKind};
use jixiao_app::{Actor, AppError};
use std::net::SocketAddr;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "jixiao_session";
/// The cookie holding the sign-in form's CSRF token (double submit).
pub const LOGIN_COOKIE: &str = "jixiao_login";

/// The caller of a request.
#[derive(Clone)]
pub struct Auth {
    /// Who, for the use cases.
    pub actor: Actor,
    /// The session, if signed in.
    pub session: Option<ActiveSession>,
    /// The session's secret token.
    pub token: Option<String>,
}

impl Auth {
    /// The CSRF token of the session's forms (empty when anonymous).
    pub fn csrf(&self) -> String {
        self.session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default()
    }

    /// The signed-in user's name (empty when anonymous).
    pub fn user_name(&self) -> String {
        self.actor.user.as_ref().map(|u| u.name.clone()).unwrap_or_default()
    }

    /// Checks a write's CSRF token: a cookie session needs its own token
    /// (form field or `X-CSRF-Token`); a bearer token needs none; the
    /// anonymous public is asked to sign in.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), AppError> {
        match &self.session {
            None => Err(AppError::SignIn("请先登录".into())),
            Some(s) if s.kind == SessionKind::Bearer => Ok(()),
            Some(s) => {
                if given.is_some_and(|g| !g.is_empty() && constant_eq(g.as_bytes(), s.csrf.as_bytes())) {
                    Ok(())
                } else {
                    Err(AppError::Forbidden("请求缺少有效的安全令牌（CSRF），请刷新页面后重试".into()))
                }
            }
        }
    }

    /// Checks an API write: the `X-CSRF-Token` header for cookie sessions.
    pub fn check_api_write(&self, headers: &HeaderMap) -> Result<(), AppError> {
        self.check_csrf(headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// The client's address: the connection's peer.
pub fn address(parts: &Parts) -> Option<String> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Auth, Response> {
        let addr = address(parts);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_string()));
        let token = bearer.or_else(|| cookie(&parts.headers, SESSION_COOKIE));
        let session = match &token {
            Some(t) => st.app.session(t).await.map_err(|e| api_error(e).into_response())?,
            None => None,
        };
        let actor = match &session {
            Some(s) => Actor::user(s.user.clone(), addr),
            None => Actor::anonymous(addr),
        };
        Ok(Auth { actor, token: session.as_ref().and(token), session })
    }
}

/// The `Set-Cookie` value of a session cookie (`max_age` 0 removes it).
pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or(HeaderValue::from_static("jixiao_session=; Path=/; Max-Age=0"))
}

/// True when the request came over HTTPS (directly or through a proxy
/// saying so), or the server is told to mark cookies secure.
pub fn secure_request(headers: &HeaderMap, st: &AppState) -> bool {
    st.secure_cookies || headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// The HTTP status of a use-case error.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::SignIn(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
        AppError::RevisionRequired => StatusCode::PRECONDITION_REQUIRED,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Store(e) if e.fault().is_some() => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The Chinese message of a store failure the user can act on (disk full,
/// database locked, read-only, server gone): nothing was saved, try again.
pub fn fault_message(e: &AppError) -> Option<String> {
    match e {
        AppError::Store(s) => s.fault().map(|f| format!("{}，本次操作未保存任何内容；请稍后重试，如果问题持续，请联系系统管理员", f.chinese())),
        _ => None,
    }
}

/// A use-case error as a JSON answer `{"error": {"code", "message"}}`.
pub fn api_error(e: AppError) -> Response {
    let status = status_of(&e);
    let message = match (&e, fault_message(&e)) {
        (e, Some(m)) => {
            eprintln!("jixiao: {e}");
            m
        }
        (AppError::Store(_) | AppError::Internal(_), None) => {
            eprintln!("jixiao: {e}");
            "服务器内部错误，请稍后重试".to_string()
        }
        (e, None) => e.to_string(),
    };
    let mut resp = crate::errors::json_error(status, message);
    if let AppError::TooMany { retry_after, .. } | AppError::Busy { retry_after, .. } = e {
        if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    } else if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    resp
}
