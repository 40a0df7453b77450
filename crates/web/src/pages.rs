//! The pages, in Chinese.

use crate::chart::compare_svg;
use crate::pipeline::{self, ImportError};
use crate::views::{doc_view, severity_zh, target_zh, DocView, FView};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_core::target::Target;
use jixiao_store::{CompareRow, DocumentSummary, ImportOutcome, SearchQuery, Totals};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// A page that failed: the status and a message in Chinese.
pub struct PageError(StatusCode, String, String);

impl PageError {
    fn internal(e: impl std::fmt::Display) -> Self {
        PageError(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误".into(), e.to_string())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: &'static str,
    heading: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage { nav: "", heading: self.1, message: self.2 };
        let body = page.render().unwrap_or_else(|e| format!("error: {e}"));
        (self.0, Html(body)).into_response()
    }
}

fn render(t: impl Template) -> Result<Html<String>, PageError> {
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
pub async fn home(State(st): State<AppState>) -> Result<Html<String>, PageError> {
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
    render(Home { nav: "home", totals, years, rows })
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    nav: &'static str,
    v: DocView,
}

/// A document in its official layout with findings inline.
pub async fn document(State(st): State<AppState>, Path(id): Path<i64>) -> Result<Html<String>, PageError> {
    let Some(sd) = st.store.document(id).await.map_err(PageError::internal)? else {
        return Err(PageError(StatusCode::NOT_FOUND, "目标表不存在".into(), format!("没有编号为 {id} 的目标表。")));
    };
    let findings = st.store.findings(id).await.map_err(PageError::internal)?;
    render(DocumentPage { nav: "", v: doc_view(&sd, &findings) })
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

impl SearchParams {
    pub fn query(&self) -> SearchQuery {
        SearchQuery {
            text: self.q.clone().unwrap_or_default(),
            department: non_empty(&self.department),
            year: non_empty(&self.year).and_then(|y| y.trim_end_matches('年').parse().ok()),
            level1: non_empty(&self.level1),
            finding: non_empty(&self.finding),
            limit: self.limit.unwrap_or(100),
            offset: self.offset.unwrap_or(0),
        }
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

fn enc(s: &str) -> String {
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
pub async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> Result<Html<String>, PageError> {
    let q = p.query();
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
    name: String,
    rows: Vec<CompareView>,
    chart: String,
}

/// 指标对比.
pub async fn compare(State(st): State<AppState>, Query(p): Query<CompareParams>) -> Result<Html<String>, PageError> {
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
    render(ComparePage { nav: "compare", name, rows, chart })
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportForm {
    nav: &'static str,
}

/// 导入: the upload form.
pub async fn import_form() -> Result<Html<String>, PageError> {
    render(ImportForm { nav: "import" })
}

#[derive(Template)]
#[template(path = "preview.html")]
struct Preview {
    nav: &'static str,
    file: String,
    summary: String,
    content: String,
    findings: Vec<FView>,
    json: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn bad_request(heading: &str, message: impl Into<String>) -> PageError {
    PageError(StatusCode::UNPROCESSABLE_ENTITY, heading.into(), message.into())
}

/// Upload → parse and review, shown before anything is saved.
pub async fn import_preview(mut form: Multipart) -> Result<Html<String>, PageError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form.next_field().await.map_err(|e| bad_request("上传失败", e.to_string()))? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.txt").to_string();
            let bytes = field.bytes().await.map_err(|e| bad_request("上传失败", e.to_string()))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let Some((name, bytes)) = file else { return Err(bad_request("没有选择文件", "请选择要导入的文件。")) };
    let doc = pipeline::read_document(&name, &bytes).map_err(|e| bad_request("无法读取该文件", e.to_string()))?;
    let findings = pipeline::review(&doc);
    let kind = kind_zh(doc.kind().as_str());
    let summary = format!(
        "{}，{}{}，{} 项指标，审核发现错误 {} 项、警告 {} 项。",
        kind,
        doc.department,
        doc.year.map(|y| format!("{y}年")).unwrap_or_default(),
        doc.indicators().len(),
        findings.iter().filter(|f| f.severity == "error").count(),
        findings.iter().filter(|f| f.severity == "warning").count()
    );
    let findings = findings
        .iter()
        .map(|f| FView {
            severity: f.severity.clone(),
            severity_zh: severity_zh(&f.severity),
            message: f.message.clone(),
            rule: f.rule.clone(),
            rule_title: crate::views::rule_title(&f.rule),
            place: crate::views::place_text(&f.place),
        })
        .collect();
    render(Preview { nav: "import", file: name, summary, content: hex(&bytes), findings, json: doc.to_json_pretty() })
}

#[derive(Deserialize)]
pub struct SaveForm {
    name: String,
    content: String,
}

/// Saves a previewed upload and shows the stored document.
pub async fn import_save(State(st): State<AppState>, Form(f): Form<SaveForm>) -> Result<Response, PageError> {
    let bytes = unhex(&f.content).ok_or_else(|| bad_request("保存失败", "上传内容已损坏，请重新上传。"))?;
    match pipeline::import_bytes(&st.store, &f.name, &bytes).await {
        Ok(report) => {
            let id = match report.outcome {
                ImportOutcome::Stored { id, .. } | ImportOutcome::Unchanged { id, .. } => id,
            };
            Ok(Redirect::to(&format!("/documents/{id}")).into_response())
        }
        Err(ImportError::Store { source, .. }) => Err(PageError::internal(source)),
        Err(e) => Err(bad_request("无法读取该文件", e.to_string())),
    }
}
