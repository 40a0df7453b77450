//! The pages, in Chinese.

use crate::chart::compare_svg;
use crate::auth::Auth;
use crate::views::{severity_zh, target_zh, FView, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_core::target::Target;
use jixiao_store::{CompareRow, DocumentSummary, SearchQuery, Totals};
use jixiao_app::AppError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Instant;

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

/// Query string of 指标检索 (shared with the API).
#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub department: Option<String>,
    pub year: Option<String>,
    pub level1: Option<String>,
    pub finding: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// The furthest a search pages (the 1,000th page of 100).
pub const MAX_OFFSET: usize = 100_000;
/// The largest search page.
pub const MAX_LIMIT: usize = 500;

impl SearchParams {
    /// The store's query; an out-of-range parameter is refused in Chinese.
    pub fn query(&self) -> Result<SearchQuery, String> {
        let year = match non_empty(&self.year) {
            None => None,
            Some(y) => Some(y.trim_end_matches('年').parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)).ok_or_else(|| format!("年度「{y}」不是 1900–2200 之间的年份"))?),
        };
        let limit = self.limit.unwrap_or(100);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(format!("每页条数 limit 应为 1 到 {MAX_LIMIT}，收到 {limit}"));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(format!("起始位置 offset 应为 0 到 {MAX_OFFSET}，收到 {offset}；请缩小检索范围"));
        }
        if let Some(f) = non_empty(&self.finding) {
            if !matches!(f.as_str(), "any" | "error" | "warning" | "info") {
                return Err(format!("审核发现 finding 应为 any、error、warning 或 info，收到「{f}」"));
            }
        }
        Ok(SearchQuery {
            text: self.q.clone().unwrap_or_default(),
            department: non_empty(&self.department),
            year,
            level1: non_empty(&self.level1),
            finding: non_empty(&self.finding),
            limit,
            offset,
        })
    }

    fn searched(&self) -> bool {
        [&self.q, &self.department, &self.year, &self.level1, &self.finding].iter().any(|v| non_empty(v).is_some())
    }
}

pub struct HitView {
    pub department: String,
    pub year: String,
    pub owner: String,
    pub levels: String,
    pub document_id: i64,
    pub before: String,
    pub matched: String,
    pub after: String,
    pub value: String,
    pub target: String,
    pub findings: Vec<FView>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: &'static str,
    me: Me,
    q: SearchQuery,
    departments: Vec<String>,
    years: Vec<i32>,
    level1s: Vec<&'static str>,
    finding_options: Vec<(&'static str, &'static str)>,
    searched: bool,
    hits: Vec<HitView>,
    more: bool,
    elapsed_ms: String,
    next_url: String,
}

fn split_match(name: &str, q: &str) -> (String, String, String) {
    match (!q.is_empty()).then(|| name.find(q)).flatten() {
        Some(at) => (name[..at].to_string(), q.to_string(), name[at + q.len()..].to_string()),
        None => (name.to_string(), String::new(), String::new()),
    }
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

/// 指标检索.
pub async fn search(State(st): State<AppState>, auth: Auth, Query(p): Query<SearchParams>) -> Result<Html<String>, PageError> {
    let q = p.query().map_err(|m| PageError(StatusCode::BAD_REQUEST, "检索条件有误".into(), m))?;
    let (departments, years) = st.store.facets().await.map_err(PageError::internal)?;
    let started = Instant::now();
    let searched = p.searched();
    let result = if searched { Some(st.store.search(&q).await.map_err(PageError::internal)?) } else { None };
    let elapsed_ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
    let text = q.text.trim().to_string();
    let (hits, more) = match result {
        Some(r) => (
            r.hits
                .into_iter()
                .map(|h| {
                    let (before, matched, after) = split_match(&h.name, &text);
                    let target = h
                        .target
                        .and_then(|t| serde_json::from_value::<Target>(t).ok())
                        .map(|t| target_zh(&t))
                        .unwrap_or_default();
                    HitView {
                        department: h.department,
                        year: h.year.map(|y| y.to_string()).unwrap_or_default(),
                        owner: h.owner.unwrap_or_default(),
                        levels: [h.level1, h.level2].into_iter().flatten().collect::<Vec<_>>().join(" / "),
                        document_id: h.document_id,
                        before,
                        matched,
                        after,
                        value: h.value.unwrap_or_default(),
                        target,
                        findings: h
                            .findings
                            .into_iter()
                            .map(|(severity, rule, message)| FView {
                                severity_zh: severity_zh(&severity),
                                severity,
                                rule_title: crate::views::rule_title(&rule),
                                rule,
                                message,
                                place: String::new(),
                            })
                            .collect(),
                    }
                })
                .collect(),
            r.more,
        ),
        None => (Vec::new(), false),
    };
    let next_url = format!(
        "/search?q={}&department={}&year={}&level1={}&finding={}&offset={}",
        enc(&q.text),
        enc(q.department.as_deref().unwrap_or("")),
        q.year.map(|y| y.to_string()).unwrap_or_default(),
        enc(q.level1.as_deref().unwrap_or("")),
        enc(q.finding.as_deref().unwrap_or("")),
        q.offset + q.limit
    );
    render(SearchPage {
        nav: "search",
        me: Me::of(&auth),
        q,
        departments,
        years,
        level1s: vec!["产出指标", "效益指标", "满意度指标", "成本指标"],
        finding_options: vec![("any", "有审核意见"), ("error", "有错误"), ("warning", "有警告"), ("info", "有提示")],
        searched,
        hits,
        more,
        elapsed_ms,
        next_url,
    })
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

