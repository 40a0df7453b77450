//! The pages, in Chinese.

use crate::chart::compare_svg;
use crate::auth::Auth;
use crate::views::Me;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_store::{CompareRow, DocumentSummary, Totals};
use jixiao_app::AppError;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A page that failed: the status and a message in Chinese (a request that
/// needs signing in is sent to the sign-in page instead).
pub struct PageError(pub StatusCode, pub String, pub String);

impl PageError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        eprintln!("jixiao: {e}");
        PageError(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误".into(), "请稍后重试；如果问题持续，请联系系统管理员。".into())
    }

    /// A use-case error as a page; `next` is where to return after signing in.
    pub fn app(e: AppError, next: &str) -> Self {
        let status = crate::auth::status_of(&e);
        if let Some(m) = crate::auth::fault_message(&e) {
            eprintln!("jixiao: {e}");
            return PageError(status, "暂时无法保存".into(), m);
        }
        match e {
            AppError::SignIn(m) => PageError(StatusCode::UNAUTHORIZED, "请先登录".into(), format!("{m}。LOGIN:{next}")),
            AppError::Store(_) | AppError::Internal(_) => PageError::internal(e),
            AppError::Forbidden(m) => PageError(status, "无权操作".into(), m),
            AppError::NotFound(m) => PageError(status, "目标表不存在".into(), m),
            e => PageError(status, "无法完成操作".into(), e.to_string()),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: &'static str,
    me: Me,
    heading: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let Some((_, next)) = self.2.split_once("LOGIN:").filter(|_| self.0 == StatusCode::UNAUTHORIZED) {
            return Redirect::to(&format!("/login?next={}", enc(next))).into_response();
        }
        let page = ErrorPage { nav: "", me: Me::default(), heading: self.1, message: self.2 };
        let body = page.render().unwrap_or_else(|e| format!("error: {e}"));
        (self.0, Html(body)).into_response()
    }
}

/// Renders a page template.
pub(crate) fn render(t: impl Template) -> Result<Html<String>, PageError> {
    t.render().map(Html).map_err(PageError::internal)
}

/// 404 page.
pub async fn not_found() -> PageError {
    PageError(StatusCode::NOT_FOUND, "页面不存在".into(), "请检查地址，或从首页进入。".into())
}

pub struct DocCell {
    pub id: i64,
    pub kind_zh: &'static str,
    pub total: Option<String>,
    pub money_unit: String,
    pub indicators: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
}

pub struct HomeRow {
    pub department: String,
    pub cells: Vec<Vec<DocCell>>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    nav: &'static str,
    me: Me,
    totals: Totals,
    years: Vec<String>,
    rows: Vec<HomeRow>,
}

fn kind_zh(kind: &str) -> &'static str {
    if kind == "project" {
        "项目支出绩效目标表"
    } else {
        "部门整体绩效目标表"
    }
}

/// 首页: departments × years.
pub async fn home(State(st): State<AppState>, auth: Auth) -> Result<Html<String>, PageError> {
    let docs: Vec<DocumentSummary> = st.store.list_documents().await.map_err(PageError::internal)?;
    let totals = st.store.totals().await.map_err(PageError::internal)?;
    let mut years: Vec<Option<i32>> = docs.iter().map(|d| d.year).collect();
    years.sort_by(|a, b| b.cmp(a));
    years.dedup();
    let mut by_dep: BTreeMap<String, Vec<&DocumentSummary>> = BTreeMap::new();
    for d in &docs {
        by_dep.entry(d.department.clone()).or_default().push(d);
    }
    let rows = by_dep
        .into_iter()
        .map(|(department, ds)| HomeRow {
            department,
            cells: years
                .iter()
                .map(|y| {
                    ds.iter()
                        .filter(|d| d.year == *y)
                        .map(|d| DocCell {
                            id: d.id,
                            kind_zh: kind_zh(&d.kind),
                            total: d.total.clone(),
                            money_unit: d.money_unit.clone(),
                            indicators: d.indicators,
                            errors: d.errors,
                            warnings: d.warnings,
                            infos: d.infos,
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    let years = years.iter().map(|y| y.map(|y| format!("{y}年")).unwrap_or_else(|| "年度未注明".into())).collect();
    render(Home { nav: "home", me: Me::of(&auth), totals, years, rows })
}

pub(crate) fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Debug, Deserialize)]
pub struct CompareParams {
    pub name: Option<String>,
}

pub struct CompareView {
    pub department: String,
    pub year: String,
    pub document_id: i64,
    pub name: String,
    pub value: String,
    pub number: String,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    nav: &'static str,
    me: Me,
    name: String,
    rows: Vec<CompareView>,
    chart: String,
}

/// 指标对比.
pub async fn compare(State(st): State<AppState>, auth: Auth, Query(p): Query<CompareParams>) -> Result<Html<String>, PageError> {
    let name = p.name.unwrap_or_default().trim().to_string();
    let rows: Vec<CompareRow> = if name.is_empty() { Vec::new() } else { st.store.compare(&name).await.map_err(PageError::internal)? };
    let chart = if rows.is_empty() { String::new() } else { compare_svg(&name, &rows) };
    let rows = rows
        .into_iter()
        .map(|r| CompareView {
            department: r.department,
            year: r.year.map(|y| y.to_string()).unwrap_or_default(),
            document_id: r.document_id,
            name: r.name,
            value: r.value.unwrap_or_default(),
            number: r.number.map(|n| n.to_string()).unwrap_or_default(),
            unit: r.unit.unwrap_or_default(),
        })
        .collect();
    render(ComparePage { nav: "compare", me: Me::of(&auth), name, rows, chart })
}

