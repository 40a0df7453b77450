//! The pages of the workflow: a document with its workflow panel, the
//! workbench, creating, editing, transitions, history and version diffs.

use crate::auth::Auth;
use crate::pages::{render, PageError};
use crate::views::{doc_view, DocView, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_app::documents::indicator_places;
use jixiao_app::AppError;
use jixiao_core::diff::{diff, Change, ChangeKind};
use jixiao_core::workflow::{State as WState, Transition};
use jixiao_core::{Document, Kind};
use jixiao_store::{DocumentSummary, NewComment};
use serde::Deserialize;

pub struct TransitionButton {
    pub action: &'static str,
    pub name_zh: &'static str,
    pub needs_reason: bool,
}

pub struct CommentView {
    pub place: String,
    pub text: String,
    pub author: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    nav: &'static str,
    me: Me,
    v: DocView,
    state: &'static str,
    state_zh: &'static str,
    transitions: Vec<TransitionButton>,
    editable: bool,
    history: bool,
    comments: Vec<CommentView>,
    places: Vec<(String, String)>,
    previous_year: Option<i64>,
    can_copy: bool,
    monitoring: bool,
    /// Shown after a save that stored nothing new.
    unchanged: bool,
}

/// A document in its official layout with findings inline and its
/// workflow panel (state, the buttons this user may press, comments).
/// `/documents/{id}.xlsx` (and `.pdf`, `.csv`, `.json`) is the same document as a download.
pub async fn document(
    State(st): State<AppState>,
    auth: Auth,
    Path(file): Path<String>,
    Query(q): Query<crate::downloads::DownloadQuery>,
) -> Result<Response, PageError> {
    let Ok(id) = file.parse::<i64>() else {
        let Some((id, format)) = crate::downloads::split(&file) else {
            return Err(PageError(
                axum::http::StatusCode::NOT_FOUND,
                "页面不存在".into(),
                format!("“{file}”不是目标表的地址；可下载的格式为 .xlsx、.pdf、.csv、.json。"),
            ));
        };
        return crate::downloads::download(&st, &auth, id, format, &q).await;
    };
    let next = format!("/documents/{id}");
    let view = st.app.view(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let doc = &view.stored.document;
    let previous_year = st.app.previous_year(&auth.actor, doc).await.map_err(|e| PageError::app(e, &next))?;
    let can_copy = auth.actor.role() == Some(jixiao_core::access::Role::Editor)
        && auth.actor.user.as_ref().and_then(|u| u.department.as_deref()) == Some(doc.department.as_str());
    let places = if view.transitions.contains(&Transition::Return) {
        indicator_places(doc).into_iter().map(|(p, label)| (serde_json::to_string(&p).unwrap_or_default(), label)).collect()
    } else {
        Vec::new()
    };
    let page = DocumentPage {
        nav: "",
        me: Me::of(&auth),
        v: doc_view(&view.stored, &view.findings),
        state: view.state.as_str(),
        state_zh: view.state.name_zh(),
        transitions: view
            .transitions
            .iter()
            .map(|t| TransitionButton { action: t.as_str(), name_zh: t.name_zh(), needs_reason: t.needs_reason() })
            .collect(),
        editable: view.editable,
        history: view.history,
        comments: view.comments.iter().map(comment_view).collect(),
        places,
        previous_year,
        can_copy,
        monitoring: auth.actor.user.is_some() && matches!(view.state, WState::Approved | WState::Published),
        unchanged: q.unchanged.is_some(),
    };
    Ok(render(page)?.into_response())
}

fn comment_view(c: &jixiao_store::StoredComment) -> CommentView {
    CommentView {
        place: crate::views::place_text(&c.place),
        text: c.text.clone(),
        author: c.author.clone(),
        at: crate::views::local_time(&c.at),
    }
}

pub struct WorkRow {
    pub id: i64,
    pub title: String,
    pub department: String,
    pub year: String,
    pub state: String,
    pub state_zh: &'static str,
    pub updated: String,
    pub indicators: i64,
    pub errors: i64,
    pub warnings: i64,
}

#[derive(Template)]
#[template(path = "workbench.html")]
struct Workbench {
    nav: &'static str,
    me: Me,
    rows: Vec<WorkRow>,
    can_create: bool,
    copyable: Vec<(i64, String)>,
    next_year: i32,
}

fn work_row(d: &DocumentSummary) -> WorkRow {
    WorkRow {
        id: d.id,
        title: d.title.clone().unwrap_or_else(|| d.source.clone()),
        department: d.department.clone(),
        year: d.year.map(|y| format!("{y}年")).unwrap_or_default(),
        state: d.state.clone(),
        state_zh: WState::parse(&d.state).map(WState::name_zh).unwrap_or(""),
        updated: crate::views::local_time(d.updated_at.as_deref().unwrap_or(&d.imported_at)),
        indicators: d.indicators,
        errors: d.errors,
        warnings: d.warnings,
    }
}

/// 我的工作台: the tables this user works on, and creating new ones.
pub async fn workbench(State(st): State<AppState>, auth: Auth) -> Result<Html<String>, PageError> {
    if auth.actor.user.is_none() {
        return Err(PageError::app(AppError::SignIn("请先登录".into()), "/workbench"));
    }
    let rows = st.app.worklist(&auth.actor).await.map_err(|e| PageError::app(e, "/workbench"))?;
    let department = auth.actor.user.as_ref().and_then(|u| u.department.clone());
    let can_create = auth.actor.role() == Some(jixiao_core::access::Role::Editor);
    let mut copyable = Vec::new();
    let mut latest_year = 0;
    if let (true, Some(dep)) = (can_create, &department) {
        let docs = st.store.list_documents().await.map_err(PageError::internal)?;
        for d in docs.iter().filter(|d| &d.department == dep) {
            latest_year = latest_year.max(d.year.unwrap_or(0));
            let kind = if d.kind == "project" { "项目支出" } else { "部门整体" };
            copyable.push((d.id, format!("{}年 {}（{}）", d.year.map(|y| y.to_string()).unwrap_or_default(), d.title.clone().unwrap_or_default(), kind)));
        }
    }
    let next_year = if latest_year > 0 { latest_year + 1 } else { 2027 };
    render(Workbench { nav: "work", me: Me::of(&auth), rows: rows.iter().map(work_row).collect(), can_create, copyable, next_year })
}

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(default)]
    _csrf: String,
    how: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
}

/// Creates a table (blank or copied from last year's) and opens its editor.
pub async fn create(State(st): State<AppState>, auth: Auth, Form(f): Form<NewForm>) -> Result<Response, PageError> {
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/workbench"))?;
    let year: Option<i32> = f.year.trim().trim_end_matches('年').parse().ok();
    let id = match f.how.as_str() {
        "copy" => {
            let from: i64 = f.from.parse().map_err(|_| PageError::app(AppError::Invalid("请选择要复制的上年目标表".into()), "/workbench"))?;
            st.app.create_copy(&auth.actor, from, year).await
        }
        _ => {
            let kind = if f.kind == "department" { Kind::Department } else { Kind::Project };
            let year = year.ok_or_else(|| PageError::app(AppError::Invalid("请填写年度".into()), "/workbench"))?;
            st.app.create_blank(&auth.actor, kind, None, year).await
        }
    }
    .map_err(|e| PageError::app(e, "/workbench"))?;
    Ok(Redirect::to(&format!("/documents/{id}/edit")).into_response())
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    nav: &'static str,
    me: Me,
    id: i64,
    heading: String,
    state_zh: &'static str,
    editable: bool,
    can_submit: bool,
}

/// The editor of a draft.
pub async fn edit(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, PageError> {
    let next = format!("/documents/{id}/edit");
    let view = st.app.view(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    if !view.editable {
        return Ok(Redirect::to(&format!("/documents/{id}")).into_response());
    }
    let doc = &view.stored.document;
    let page = EditPage {
        nav: "work",
        me: Me::of(&auth),
        id,
        heading: doc.title.clone().unwrap_or_else(|| doc.department.clone()),
        state_zh: view.state.name_zh(),
        editable: view.editable,
        can_submit: view.transitions.contains(&Transition::Submit),
    };
    Ok(render(page)?.into_response())
}

#[derive(Deserialize)]
pub struct TransitionForm {
    #[serde(default)]
    _csrf: String,
    action: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    place1: String,
    #[serde(default)]
    text1: String,
    #[serde(default)]
    place2: String,
    #[serde(default)]
    text2: String,
    #[serde(default)]
    place3: String,
    #[serde(default)]
    text3: String,
}

/// Takes a transition from the document page.
pub async fn transition(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<TransitionForm>,
) -> Result<Response, PageError> {
    let back = format!("/documents/{id}");
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, &back))?;
    let t = Transition::parse(&f.action).ok_or_else(|| PageError::app(AppError::Invalid("未知的操作".into()), &back))?;
    let mut comments = Vec::new();
    for (place, text) in [(&f.place1, &f.text1), (&f.place2, &f.text2), (&f.place3, &f.text3)] {
        if !text.trim().is_empty() {
            let place = serde_json::from_str(place).unwrap_or(serde_json::json!({}));
            comments.push(NewComment { place, text: text.trim().to_string() });
        }
    }
    let out = st.app.transition(&auth.actor, id, t, &f.comment, comments, None).await.map_err(|e| PageError::app(e, &back))?;
    let to = if t == Transition::Adjust { format!("/documents/{}/edit", out.id) } else { format!("/documents/{}", out.id) };
    Ok(Redirect::to(&to).into_response())
}

pub struct AuditView {
    pub at: String,
    pub actor: String,
    pub action_zh: String,
    pub detail: String,
}

pub struct VersionView {
    pub revision: i64,
    pub state_zh: &'static str,
    pub at: String,
    pub author: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    nav: &'static str,
    me: Me,
    id: i64,
    heading: String,
    audit: Vec<AuditView>,
    versions: Vec<VersionView>,
    comments: Vec<CommentView>,
    editions: Vec<(i64, i64, &'static str)>,
}

fn action_zh(action: &str) -> String {
    match action {
        "import" => "导入".into(),
        "create" => "新建".into(),
        "edit" => "修改内容".into(),
        a => match a.strip_prefix("transition:").and_then(Transition::parse) {
            Some(t) => t.name_zh().into(),
            None => a.into(),
        },
    }
}

fn audit_detail(action: &str, d: &Option<serde_json::Value>) -> String {
    let Some(d) = d else { return String::new() };
    if action == "edit" {
        let n = d["change_count"].as_u64().unwrap_or(0);
        let items: Vec<String> = d["changes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .take(5)
                    .map(|c| {
                        let label = c["label_zh"].as_str().unwrap_or("");
                        let place = crate::views::place_text(&c["place"]);
                        match (c["before"].as_str(), c["after"].as_str()) {
                            (Some(b), Some(a)) => format!("{place} {label}：{b} → {a}"),
                            (None, Some(a)) => format!("{place} 新增{label}：{a}"),
                            (Some(b), None) => format!("{place} 删除{label}：{b}"),
                            (None, None) => format!("{place} {label}"),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let more = if n as usize > items.len() { format!(" 等共 {n} 处") } else { String::new() };
        return format!("{}{more}", items.join("；"));
    }
    let mut parts = Vec::new();
    if let (Some(b), Some(a)) = (d["before"]["state"].as_str(), d["after"]["state"].as_str()) {
        let zh = |s: &str| WState::parse(s).map(WState::name_zh).unwrap_or("");
        parts.push(format!("{} → {}", zh(b), zh(a)));
    }
    if let Some(c) = d["comment"].as_str().filter(|c| !c.is_empty()) {
        parts.push(format!("理由：{c}"));
    }
    if let Some(n) = d["comments"].as_u64().filter(|n| *n > 0) {
        parts.push(format!("逐项意见 {n} 条"));
    }
    if let Some(s) = d["source"].as_str() {
        parts.push(format!("文件 {s}"));
    }
    parts.join("，")
}

/// 修订记录: who changed what and when, the saved versions and comments.
pub async fn history(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Html<String>, PageError> {
    let next = format!("/documents/{id}/history");
    let h = st.app.history(&auth.actor, id).await.map_err(|e| PageError::app(e, &next))?;
    let sd = st.store.document(id).await.map_err(PageError::internal)?;
    let heading = sd.and_then(|s| s.document.title).unwrap_or_default();
    render(HistoryPage {
        nav: "work",
        me: Me::of(&auth),
        id,
        heading,
        audit: h
            .audit
            .iter()
            .rev()
            .map(|a| AuditView {
                at: crate::views::local_time(&a.at),
                actor: a.actor.clone(),
                action_zh: action_zh(&a.action),
                detail: audit_detail(&a.action, &a.detail),
            })
            .collect(),
        versions: h
            .versions
            .iter()
            .rev()
            .map(|v| VersionView {
                revision: v.revision,
                state_zh: WState::parse(&v.state).map(WState::name_zh).unwrap_or(""),
                at: crate::views::local_time(&v.at),
                author: v.author.clone(),
            })
            .collect(),
        comments: h.comments.iter().map(comment_view).collect(),
        editions: h
            .editions
            .iter()
            .map(|e| (e.id, e.version, WState::parse(&e.state).map(WState::name_zh).unwrap_or("")))
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct DiffParams {
    a: Option<i64>,
    b: Option<i64>,
    other: Option<i64>,
}

pub struct ChangeView {
    pub kind: &'static str,
    pub kind_zh: &'static str,
    pub place: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage {
    nav: &'static str,
    me: Me,
    id: i64,
    left: String,
    right: String,
    changes: Vec<ChangeView>,
}

fn change_view(c: &Change) -> ChangeView {
    let (kind, kind_zh) = match c.kind {
        ChangeKind::Added => ("added", "新增"),
        ChangeKind::Removed => ("removed", "删除"),
        ChangeKind::Changed => ("changed", "修改"),
    };
    ChangeView {
        kind,
        kind_zh,
        place: crate::views::place_text(&serde_json::to_value(&c.place).unwrap_or_default()),
        label: c.label_zh.clone(),
        before: c.before.clone().unwrap_or_default(),
        after: c.after.clone().unwrap_or_default(),
    }
}

/// 版本对比: two saved versions of a document (`a`, `b`), or the document
/// against another one (`other`, e.g. the same department's last year).
pub async fn compare_versions(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<DiffParams>,
) -> Result<Html<String>, PageError> {
    let next = format!("/documents/{id}/diff");
    let err = |e| PageError::app(e, &next);
    let (left, right, old, new): (String, String, Document, Document) = if let Some(other) = q.other {
        let a = st.app.view(&auth.actor, other).await.map_err(err)?.stored;
        let b = st.app.view(&auth.actor, id).await.map_err(err)?.stored;
        let label = |d: &Document, id: i64| {
            format!("{}（编号 {id}）", d.title.clone().unwrap_or_else(|| d.year.map(|y| format!("{y}年")).unwrap_or_default()))
        };
        (label(&a.document, other), label(&b.document, id), a.document, b.document)
    } else {
        let (Some(a), Some(b)) = (q.a, q.b) else {
            return Err(err(AppError::Invalid("请选择要对比的两个版本".into())));
        };
        let old = st.app.version(&auth.actor, id, a).await.map_err(err)?;
        let new = st.app.version(&auth.actor, id, b).await.map_err(err)?;
        (format!("第 {a} 版"), format!("第 {b} 版"), old, new)
    };
    let changes = diff(&old, &new).iter().map(change_view).collect();
    render(DiffPage { nav: "work", me: Me::of(&auth), id, left, right, changes })
}
