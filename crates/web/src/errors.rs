//! One shape for every error: the API answers `{"error": {"code", "message"}}`
//! (message in Chinese) for its own errors and for requests axum refuses before
//! a handler runs (a bad query string, a body that is not JSON, a wrong method);
//! pages answer with the Chinese error page. And the security headers every
//! response carries.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The stable code of an error status.
pub fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::PRECONDITION_FAILED => "stale",
        StatusCode::PRECONDITION_REQUIRED => "revision_required",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// What a refused request is told, in Chinese, when no handler said more.
fn message_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "请求参数格式不正确",
        StatusCode::NOT_FOUND => "接口不存在",
        StatusCode::METHOD_NOT_ALLOWED => "该接口不支持此请求方法",
        StatusCode::PAYLOAD_TOO_LARGE => "上传内容超过大小限制",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "请求内容类型不正确（应为 application/json）",
        StatusCode::UNPROCESSABLE_ENTITY => "请求内容无法解析，请检查字段名称与类型",
        s if s.is_server_error() => "服务器内部错误，请稍后重试",
        _ => "请求无法处理",
    }
}

/// An error answer of the API.
pub fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": { "code": code_of(status), "message": message.into() } }))).into_response()
}

/// Rewrites error answers that are not already JSON (axum's own rejections,
/// in English plain text): JSON under `/api/`, the error page elsewhere.
pub async fn uniform(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let kind = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if kind.starts_with("application/json") || (!api && kind.starts_with("text/html")) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    // The refusal's own words (English, from axum) stay as a detail for developers.
    let detail = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => String::from_utf8_lossy(&b).chars().take(300).collect::<String>(),
        Err(_) => String::new(),
    };
    let mut out = if api {
        let mut v = json!({ "error": { "code": code_of(status), "message": message_of(status) } });
        if !detail.trim().is_empty() && !status.is_server_error() {
            v["error"]["detail"] = json!(detail.trim());
        }
        (status, Json(v)).into_response()
    } else {
        crate::pages::PageError(status, message_of(status).into(), "请返回上一页检查填写的内容后重试。".into()).into_response()
    };
    for name in [header::RETRY_AFTER, header::WWW_AUTHENTICATE, header::ALLOW] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// The content security policy: scripts and styles from the app itself (the
/// pages' own `<style>` blocks allowed), no framing, forms to the app only.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    resp
}
