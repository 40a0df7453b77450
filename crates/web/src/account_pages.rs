//! Signing in and out, user administration, and the import pages (which
//! need a signed-in user allowed to import).

use crate::auth::{cookie, secure_request, session_cookie, Auth, LOGIN_COOKIE};
use crate::pages::{render, PageError};
use crate::views::{severity_zh, FView, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_app::accounts::{SessionKind, UserSpec};
use jixiao_app::{random_hex, AppError};
use jixiao_core::access::{self, Action, Decision, Relation, Role};
use serde::Deserialize;

/// Only same-site paths are followed after signing in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/workbench".to_string(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: &'static str,
    me: Me,
    next: String,
    name: String,
    csrf: String,
    error: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

fn login_page(status: StatusCode, next: String, name: String, error: String) -> Result<Response, PageError> {
    let csrf = random_hex(16);
    let page = LoginPage { nav: "", me: Me::default(), next, name, csrf: csrf.clone(), error };
    let mut resp = (status, render(page)?).into_response();
    let c = format!("{LOGIN_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600");
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// 登录 form.
pub async fn login_form(Query(q): Query<LoginQuery>) -> Result<Response, PageError> {
    login_page(StatusCode::OK, safe_next(q.next.as_deref()), String::new(), String::new())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    _csrf: String,
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Signs in from the form: a session cookie, then back where the user was.
pub async fn login(
    State(st): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(Some(&f.next));
    // Double submit: the form's token must match the cookie set with it.
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || expected != f._csrf {
        return login_page(StatusCode::FORBIDDEN, next, f.name, "登录表单已过期，请重新输入后登录".into());
    }
    match st.app.sign_in(&f.name, &f.password, auth.actor.address.as_deref(), SessionKind::Cookie).await {
        Ok(s) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().append(header::SET_COOKIE, session_cookie(&s.token, s.max_age, secure_request(&headers, &st)));
            Ok(resp)
        }
        Err(e) => {
            let status = crate::auth::status_of(&e);
            if status.is_server_error() {
                return Err(PageError::app(e, "/login"));
            }
            login_page(status, next, f.name, e.to_string())
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    _csrf: String,
}

/// 退出.
pub async fn logout(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Form(f): Form<LogoutForm>) -> Result<Response, PageError> {
    if let Some(token) = &auth.token {
        auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/"))?;
        st.app.sign_out(token, &auth.actor).await.map_err(|e| PageError::app(e, "/"))?;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(header::SET_COOKIE, session_cookie("", 0, secure_request(&headers, &st)));
    Ok(resp)
}

pub struct UserRow {
    pub name: String,
    pub role_zh: &'static str,
    pub department: String,
    pub region: String,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: &'static str,
    me: Me,
    users: Vec<UserRow>,
    departments: Vec<String>,
    regions: Vec<String>,
    message: String,
}

async fn users_page(st: &AppState, auth: &Auth, status: StatusCode, message: String) -> Result<Response, PageError> {
    let users = st.app.list_users(&auth.actor).await.map_err(|e| PageError::app(e, "/admin/users"))?;
    let departments = st.store.departments().await.map_err(PageError::internal)?.into_iter().map(|d| d.name).collect();
    let regions = st.store.regions().await.map_err(PageError::internal)?.into_iter().map(|r| r.name).collect();
    let page = UsersPage {
        nav: "users",
        me: Me::of(auth),
        users: users
            .into_iter()
            .map(|u| UserRow {
                role_zh: Role::parse(&u.role).map(Role::name_zh).unwrap_or(""),
                name: u.name,
                department: u.department.unwrap_or_default(),
                region: u.region.unwrap_or_default(),
                created_at: crate::views::local_time(&u.created_at),
            })
            .collect(),
        departments,
        regions,
        message,
    };
    Ok((status, render(page)?).into_response())
}

/// 用户管理 (admins).
pub async fn users(State(st): State<AppState>, auth: Auth) -> Result<Response, PageError> {
    users_page(&st, &auth, StatusCode::OK, String::new()).await
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    _csrf: String,
    name: String,
    role: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    region: String,
    password: String,
}

/// Adds a user from the form.
pub async fn add_user(State(st): State<AppState>, auth: Auth, Form(f): Form<UserForm>) -> Result<Response, PageError> {
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/admin/users"))?;
    let role = Role::parse(&f.role).ok_or_else(|| PageError::app(AppError::Invalid("请选择角色".into()), "/admin/users"))?;
    let spec = UserSpec {
        name: f.name.clone(),
        role,
        department: Some(f.department).filter(|d| !d.trim().is_empty()),
        region: Some(f.region).filter(|r| !r.trim().is_empty()),
        password: f.password,
    };
    match st.app.add_user(&auth.actor, &spec).await {
        Ok(_) => users_page(&st, &auth, StatusCode::OK, format!("已添加用户「{}」", f.name.trim())).await,
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = crate::auth::status_of(&e);
            users_page(&st, &auth, status, e.to_string()).await
        }
        Err(e) => Err(PageError::app(e, "/admin/users")),
    }
}

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
        "{}，{}{}，{} 项指标，审核发现错误 {} 项、警告 {} 项。",
        kind,
        doc.department,
        doc.year.map(|y| format!("{y}年")).unwrap_or_default(),
        doc.indicators().len(),
        findings.iter().filter(|f| f.severity == "error").count(),
        findings.iter().filter(|f| f.severity == "warning").count()
    ) + &reading_note(&warnings, confidence);
    let total_findings = findings.len();
    let findings = findings
        .iter()
        .take(PREVIEW_FINDINGS)
        .map(|f| FView {
            severity: f.severity.clone(),
            severity_zh: severity_zh(&f.severity),
            message: f.message.clone(),
            rule: f.rule.clone(),
            rule_title: crate::views::rule_title(&f.rule),
            place: crate::views::place_text(&f.place),
        })
        .collect();
    let draft = auth.actor.role() == Some(Role::Editor);
    let token = st.app.stage_upload(&auth.actor, &name, &bytes).await.map_err(|e| PageError::app(e, "/import"))?;
    let mut json = doc.to_json_pretty();
    let json_cut = json.len() > PREVIEW_JSON;
    if json_cut {
        let end = json[..PREVIEW_JSON].rfind('\n').unwrap_or(0);
        json.truncate(end);
    }
    render(Preview {
        nav: "import",
        me: Me::of(&auth),
        total_findings,
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
    let (id, _) = st.app.upload_staged(&auth.actor, f.token.trim()).await.map_err(|e| PageError::app(e, "/import"))?;
    let to = if auth.actor.role() == Some(Role::Editor) { format!("/documents/{id}/edit") } else { format!("/documents/{id}") };
    Ok(Redirect::to(&to).into_response())
}
