//! 导入 (pages): the upload form, the preview in the official layout with
//! the review's findings, and saving a previewed upload.

use crate::auth::Auth;
use crate::pages::{render, PageError};
use crate::views::{DocView, FView, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_app::AppError;
use jixiao_core::access::{self, Action, Decision, Relation, Role};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportForm {
    nav: &'static str,
    me: Me,
}

fn may_import(auth: &Auth) -> Result<(), PageError> {
    let any = Relation { own_department: true, in_region: true };
    match access::decide(auth.actor.principal(), Action::Import, None, any) {
        Decision::Allow => Ok(()),
        Decision::SignIn => Err(PageError::app(AppError::SignIn("请先登录后再导入".into()), "/import")),
        Decision::Deny => Err(PageError::app(AppError::Forbidden("您的账号无权导入目标表".into()), "/import")),
    }
}

/// 导入: the upload form.
pub async fn import_form(auth: Auth) -> Result<Html<String>, PageError> {
    may_import(&auth)?;
    render(ImportForm { nav: "import", me: Me::of(&auth) })
}

#[derive(Template)]
#[template(path = "preview.html")]
struct Preview {
    nav: &'static str,
    me: Me,
    file: String,
    summary: String,
    token: String,
    findings: Vec<FView>,
    /// All findings (the page shows the first [`PREVIEW_FINDINGS`]).
    total_findings: usize,
    /// The table in its official layout with the findings beside its rows
    /// (none for a table of more than [`PREVIEW_INDICATORS`] indicators).
    table: Option<DocView>,
    indicators: usize,
    /// A published table with the same bytes: (id, file name, version).
    copy_of: Option<(i64, String, i64)>,
    /// The JSON shown is the first [`PREVIEW_JSON`] bytes.
    json_cut: bool,
    json: String,
    draft: bool,
}


fn bad_request(heading: &str, message: impl Into<String>) -> PageError {
    PageError(StatusCode::UNPROCESSABLE_ENTITY, heading.into(), message.into())
}

/// Upload → parse and review, shown before anything is saved.
pub async fn import_preview(State(st): State<AppState>, auth: Auth, mut form: Multipart) -> Result<Html<String>, PageError> {
    may_import(&auth)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut csrf = String::new();
    while let Some(field) = form.next_field().await.map_err(|e| bad_request("上传失败", e.to_string()))? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.txt").to_string();
                let bytes = field.bytes().await.map_err(|e| bad_request("上传失败", e.to_string()))?;
                file = Some((name, Vec::from(bytes)));
            }
            Some("_csrf") => csrf = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    auth.check_csrf(Some(&csrf)).map_err(|e| PageError::app(e, "/import"))?;
    let Some((name, bytes)) = file else { return Err(bad_request("没有选择文件", "请选择要导入的文件。")) };
    let (doc, warnings, confidence) =
        st.app.read_upload(&name, bytes.clone()).await.map_err(|e| match e {
            AppError::Invalid(m) => bad_request("无法读取该文件", m),
            e => PageError::app(e, "/import"),
        })?;
    let findings = jixiao_app::pipeline::review(&doc);
    let kind = if doc.kind().as_str() == "project" { "项目支出绩效目标表" } else { "部门整体绩效目标表" };
    let summary = format!(
        "{}，{}{}，{} 项指标，审核发现错误 {} 项、警告 {} 项、提示 {} 项。",
        kind,
        doc.department,
        doc.year.map(|y| format!("{y}年")).unwrap_or_default(),
        doc.indicators().len(),
        findings.iter().filter(|f| f.severity == "error").count(),
        findings.iter().filter(|f| f.severity == "warning").count(),
        findings.iter().filter(|f| f.severity == "info").count()
    ) + &reading_note(&warnings, confidence);
    let total_findings = findings.len();
    // As the document page will hold them once saved: one reading for the list and the table.
    let stored: Vec<jixiao_store::StoredFinding> = findings.into_iter().map(stored_finding).collect();
    let findings: Vec<FView> = stored.iter().take(PREVIEW_FINDINGS).map(crate::views::fview).collect();
    let draft = auth.actor.role() == Some(Role::Editor);
    let copy_of = st.app.published_copy(&auth.actor, &bytes).await.map_err(|e| PageError::app(e, "/import"))?;
    let token = st.app.stage_upload(&auth.actor, &name, &bytes).await.map_err(|e| PageError::app(e, "/import"))?;
    let indicators = doc.indicators().len();
    let mut json = doc.to_json_pretty();
    let json_cut = json.len() > PREVIEW_JSON;
    if json_cut {
        let end = json[..PREVIEW_JSON].rfind('\n').unwrap_or(0);
        json.truncate(end);
    }
    let table = (indicators <= PREVIEW_INDICATORS).then(|| preview_view(doc, &stored));
    render(Preview {
        nav: "import",
        me: Me::of(&auth),
        total_findings,
        table,
        indicators,
        copy_of,
        json_cut,
        file: name,
        summary,
        token,
        findings,
        json,
        draft,
    })
}

/// What the preview says of how the file was read: the readers' warnings by
/// line, and the confidence when it is not full.
fn reading_note(warnings: &[jixiao_ingest::Warning], confidence: f32) -> String {
    let mut out = String::new();
    if !warnings.is_empty() {
        let lines: Vec<String> = warnings.iter().filter_map(|w| w.line).take(8).map(|l| l.to_string()).collect();
        let at = if lines.is_empty() { String::new() } else { format!("（第 {} 行）", lines.join("、")) };
        out.push_str(&format!("读取时有 {} 处提示{at}，部分单元格可能未读全或经过修正，请对照原表核对。", warnings.len()));
    }
    if confidence < 0.995 {
        out.push_str(&format!("识别可信度 {:.0}%。", confidence * 100.0));
    }
    out
}

/// A finding of the review as the store gives it back.
fn stored_finding(f: jixiao_store::NewFinding) -> jixiao_store::StoredFinding {
    jixiao_store::StoredFinding {
        rule: f.rule,
        family: f.family,
        severity: f.severity,
        message: f.message,
        place: f.place,
        indicator_position: f.indicator.map(|i| i as i64),
    }
}

/// The view of a table not yet stored, laid out as its document page will be.
fn preview_view(doc: jixiao_core::Document, findings: &[jixiao_store::StoredFinding]) -> DocView {
    let sd = jixiao_store::StoredDocument {
        id: 0,
        version: 1,
        content_hash: String::new(),
        imported_at: String::new(),
        superseded: false,
        state: "draft".into(),
        revision: 0,
        created_by: None,
        document: doc,
    };
    crate::views::doc_view(&sd, findings)
}

/// Tables up to this many indicators are previewed in their official layout.
const PREVIEW_INDICATORS: usize = 3000;
/// Findings a preview shows (a large file's are all on its document page once saved).
const PREVIEW_FINDINGS: usize = 500;
/// Bytes of the parsed JSON a preview shows.
const PREVIEW_JSON: usize = 256 * 1024;

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    _csrf: String,
    token: String,
}

/// Saves a previewed upload and shows the stored document (an editor's
/// becomes a draft of its department).
pub async fn import_save(State(st): State<AppState>, auth: Auth, Form(f): Form<SaveForm>) -> Result<Response, PageError> {
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/import"))?;
    let (id, report) = st.app.upload_staged(&auth.actor, f.token.trim()).await.map_err(|e| PageError::app(e, "/import"))?;
    let to = if matches!(report.outcome, jixiao_store::ImportOutcome::Unchanged { .. }) {
        // Nothing new was stored: the document page says so.
        format!("/documents/{id}?unchanged=1")
    } else if auth.actor.role() == Some(Role::Editor) {
        format!("/documents/{id}/edit")
    } else {
        format!("/documents/{id}")
    };
    Ok(Redirect::to(&to).into_response())
}
