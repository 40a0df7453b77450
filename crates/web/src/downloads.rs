//! Downloads of a document in the official layout: `GET /documents/{id}.xlsx`,
//! `.pdf`, `.csv` and `.json`, for whoever may view the document page.

use crate::auth::Auth;
use crate::pages::{enc, PageError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jixiao_app::export::ExportFormat;

/// Options of a download: `?findings=1` adds the review findings to the PDF as an appendix.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DownloadQuery {
    #[serde(default)]
    pub findings: Option<String>,
    /// Set after a save that stored nothing new (the page says 未变化).
    #[serde(default)]
    pub unchanged: Option<String>,
}

/// `{id}.{ext}` split into the document id and its export format.
pub fn split(file: &str) -> Option<(i64, ExportFormat)> {
    let (id, ext) = file.split_once('.')?;
    let id = id.parse().ok().filter(|id: &i64| *id > 0)?;
    Some((id, ExportFormat::from_ext(ext)?))
}

/// The document exported as a file to save: the bytes with their media type and
/// a Content-Disposition naming the file (an ASCII fallback and the Chinese name).
pub async fn download(st: &crate::AppState, auth: &Auth, id: i64, format: ExportFormat, q: &DownloadQuery) -> Result<Response, PageError> {
    let next = format!("/documents/{id}.{}", format.ext());
    let appendix = q.findings.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
    let file = st.app.export(&auth.actor, id, format, appendix).await.map_err(|e| PageError::app(e, &next))?;
    Ok(attachment(file, &format!("document-{id}")))
}

/// A file to save: its bytes, media type and a Content-Disposition naming it
/// (`ascii` as the fallback name, the Chinese name for browsers that read it).
pub fn attachment(file: jixiao_app::export::Exported, ascii: &str) -> Response {
    let disposition = format!("attachment; filename=\"{ascii}.{}\"; filename*=UTF-8''{}", file.format.ext(), enc(&file.file_name));
    let mut resp = (StatusCode::OK, file.bytes).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_id_and_format() {
        assert_eq!(split("12.xlsx"), Some((12, ExportFormat::Xlsx)));
        assert_eq!(split("3.PDF"), Some((3, ExportFormat::Pdf)));
        assert_eq!(split("3.csv"), Some((3, ExportFormat::Csv)));
        assert_eq!(split("3.json"), Some((3, ExportFormat::Json)));
        assert_eq!(split("3.doc"), None);
        assert_eq!(split("x.pdf"), None);
        assert_eq!(split("0.pdf"), None);
        assert_eq!(split("12"), None);
    }
}
