//! 指标检索: the query string (shared with the API), the results page and its pager.

use crate::auth::Auth;
use crate::pages::{enc, render, PageError};
use crate::views::{severity_zh, target_zh, FView, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Html;
use jixiao_core::target::Target;
use jixiao_store::{SearchQuery, SearchResult, SearchScope, COUNT_BOUND};
use serde::Deserialize;
use std::time::Instant;

/// Query string of 指标检索 (shared with the API).
#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub scope: Option<String>,
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
/// At most this many words in one search.
pub const MAX_WORDS: usize = 8;

/// The scopes the form offers, with their Chinese names.
pub const SCOPES: [(SearchScope, &str); 5] = [
    (SearchScope::Name, "三级指标名称"),
    (SearchScope::Owner, "项目或任务名称"),
    (SearchScope::Value, "指标值"),
    (SearchScope::Department, "部门名称"),
    (SearchScope::All, "以上全部"),
];

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
        let scope = match non_empty(&self.scope) {
            None => SearchScope::Name,
            Some(s) => SearchScope::parse(&s).ok_or_else(|| format!("检索范围 scope 应为 name、owner、value、department 或 all，收到「{s}」"))?,
        };
        let text = self.q.clone().unwrap_or_default();
        let words = text.split_whitespace().count();
        if words > MAX_WORDS {
            return Err(format!("关键词最多 {MAX_WORDS} 个，收到 {words} 个"));
        }
        Ok(SearchQuery {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            scope,
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

/// The address of another page of the same search.
fn page_url(q: &SearchQuery, offset: usize) -> String {
    let mut url = format!("/search?q={}", enc(&q.text));
    if q.scope != SearchScope::Name {
        url.push_str(&format!("&scope={}", q.scope.key()));
    }
    for (k, v) in [("department", q.department.as_deref()), ("level1", q.level1.as_deref()), ("finding", q.finding.as_deref())] {
        if let Some(v) = v {
            url.push_str(&format!("&{k}={}", enc(v)));
        }
    }
    if let Some(y) = q.year {
        url.push_str(&format!("&year={y}"));
    }
    if q.limit != 100 {
        url.push_str(&format!("&limit={}", q.limit));
    }
    if offset > 0 {
        url.push_str(&format!("&offset={offset}"));
    }
    url
}

/// One link of the pager: its label, address (none for the current page or a
/// gap) and whether it is the current page.
pub struct PageLink {
    pub label: String,
    pub url: Option<String>,
    pub current: bool,
}

/// The pager: 上一页, page numbers around the current one (up to the last page
/// when the total is exact), 下一页.
fn pager(q: &SearchQuery, total: usize, exact: bool, more: bool) -> Vec<PageLink> {
    let size = q.limit.max(1);
    let current = q.offset / size;
    let last = if exact { total.saturating_sub(1) / size } else { (total.saturating_sub(1) / size).max(current + usize::from(more)) };
    let last = last.min(MAX_OFFSET / size);
    if last == 0 && current == 0 {
        return Vec::new();
    }
    let link = |label: String, page: usize| PageLink { label, url: Some(page_url(q, page * size)), current: false };
    let mut out = Vec::new();
    if current > 0 {
        out.push(link("上一页".into(), current - 1));
    }
    let (from, to) = (current.saturating_sub(3), (current + 3).min(last));
    if from > 0 {
        out.push(link("1".into(), 0));
        if from > 1 {
            out.push(PageLink { label: "…".into(), url: None, current: false });
        }
    }
    for p in from..=to {
        if p == current {
            out.push(PageLink { label: (p + 1).to_string(), url: None, current: true });
        } else {
            out.push(link((p + 1).to_string(), p));
        }
    }
    if to < last {
        if to + 1 < last || !exact {
            out.push(PageLink { label: "…".into(), url: None, current: false });
        }
        if exact {
            out.push(link((last + 1).to_string(), last));
        }
    }
    if more {
        out.push(link("下一页".into(), current + 1));
    }
    out
}

/// The text split into pieces, each marked when it is one of the words.
fn highlight(text: &str, words: &[&str]) -> Vec<(String, bool)> {
    let mut marks = vec![false; text.len()];
    for w in words.iter().filter(|w| !w.is_empty()) {
        for (at, _) in text.match_indices(w) {
            marks[at..at + w.len()].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, c) in text.char_indices() {
        let m = marks[i];
        match out.last_mut() {
            Some((s, lm)) if *lm == m => s.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

pub struct HitView {
    pub department: Vec<(String, bool)>,
    pub year: String,
    pub owner: Vec<(String, bool)>,
    pub levels: String,
    pub document_id: i64,
    pub name: Vec<(String, bool)>,
    pub value: Vec<(String, bool)>,
    pub target: String,
    pub findings: Vec<FView>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: &'static str,
    me: Me,
    q: SearchQuery,
    scopes: Vec<(&'static str, &'static str)>,
    departments: Vec<String>,
    years: Vec<i32>,
    level1s: Vec<&'static str>,
    finding_options: Vec<(&'static str, &'static str)>,
    searched: bool,
    hits: Vec<HitView>,
    total: String,
    range: String,
    pages: Vec<PageLink>,
    elapsed_ms: String,
}

/// A count as the page says it: `1,234`, or `1,000 余` beyond the bound.
fn total_zh(total: usize, exact: bool) -> String {
    let n = if exact { total } else { COUNT_BOUND };
    let s = jixiao_core::numfmt::group_thousands(&n.to_string());
    if exact {
        s
    } else {
        format!("超过 {s}")
    }
}

fn hit_view(h: jixiao_store::SearchHit, q: &SearchQuery) -> HitView {
    let words = q.words();
    let on = |scope: SearchScope| if q.scope == scope || q.scope == SearchScope::All { words.clone() } else { Vec::new() };
    let target = h.target.and_then(|t| serde_json::from_value::<Target>(t).ok()).map(|t| target_zh(&t)).unwrap_or_default();
    HitView {
        department: highlight(&h.department, &on(SearchScope::Department)),
        year: h.year.map(|y| y.to_string()).unwrap_or_default(),
        owner: highlight(h.owner.as_deref().unwrap_or(""), &on(SearchScope::Owner)),
        levels: [h.level1, h.level2].into_iter().flatten().collect::<Vec<_>>().join(" / "),
        document_id: h.document_id,
        name: highlight(&h.name, &on(SearchScope::Name)),
        value: highlight(h.printed.as_deref().unwrap_or(""), &on(SearchScope::Value)),
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
                anchor: None,
            })
            .collect(),
    }
}

/// 指标检索.
pub async fn search(State(st): State<AppState>, auth: Auth, Query(p): Query<SearchParams>) -> Result<Html<String>, PageError> {
    let q = p.query().map_err(|m| PageError(StatusCode::BAD_REQUEST, "检索条件有误".into(), m))?;
    let (departments, years) = st.store.facets().await.map_err(PageError::internal)?;
    let started = Instant::now();
    let searched = p.searched();
    let result = if searched {
        st.store.search(&q).await.map_err(PageError::internal)?
    } else {
        SearchResult { hits: Vec::new(), more: false, total: 0, total_exact: true }
    };
    let elapsed_ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
    let range = if result.hits.is_empty() {
        String::new()
    } else {
        format!("第 {}–{} 项", q.offset + 1, q.offset + result.hits.len())
    };
    let pages = pager(&q, result.total, result.total_exact, result.more);
    let total = total_zh(result.total, result.total_exact);
    let hits = result.hits.into_iter().map(|h| hit_view(h, &q)).collect();
    render(SearchPage {
        nav: "search",
        me: Me::of(&auth),
        scopes: SCOPES.iter().map(|(s, zh)| (s.key(), *zh)).collect(),
        q,
        departments,
        years,
        level1s: vec!["产出指标", "效益指标", "满意度指标", "成本指标"],
        finding_options: vec![("any", "有审核意见"), ("error", "有错误"), ("warning", "有警告"), ("info", "有提示")],
        searched,
        hits,
        total,
        range,
        pages,
        elapsed_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(limit: usize, offset: usize) -> SearchQuery {
        SearchQuery { text: "调解 成功率".into(), limit, offset, ..Default::default() }
    }

    fn labels(p: &[PageLink]) -> Vec<String> {
        p.iter().map(|l| if l.current { format!("[{}]", l.label) } else { l.label.clone() }).collect()
    }

    #[test]
    fn pagers_show_where_the_reader_is() {
        assert!(pager(&q(100, 0), 54, true, false).is_empty());
        assert_eq!(labels(&pager(&q(10, 0), 25, true, true)), ["[1]", "2", "3", "下一页"]);
        assert_eq!(labels(&pager(&q(10, 10), 25, true, true)), ["上一页", "1", "[2]", "3", "下一页"]);
        assert_eq!(labels(&pager(&q(10, 20), 25, true, false)), ["上一页", "1", "2", "[3]"]);
        assert_eq!(labels(&pager(&q(10, 0), 200, true, true)), ["[1]", "2", "3", "4", "…", "20", "下一页"]);
        assert_eq!(labels(&pager(&q(10, 100), 200, true, true)), ["上一页", "1", "…", "8", "9", "10", "[11]", "12", "13", "14", "…", "20", "下一页"]);
        // Beyond the bound: no last page, a gap.
        assert_eq!(labels(&pager(&q(100, 0), 1001, false, true)), ["[1]", "2", "3", "4", "…", "下一页"]);
        let p = pager(&q(10, 10), 25, true, true);
        assert_eq!(p[0].url.as_deref(), Some("/search?q=%E8%B0%83%E8%A7%A3%20%E6%88%90%E5%8A%9F%E7%8E%87&limit=10"));
    }

    #[test]
    fn every_word_is_marked() {
        let h = highlight("调解案件成功率", &["调解", "成功率"]);
        assert_eq!(h, vec![("调解".to_string(), true), ("案件".to_string(), false), ("成功率".to_string(), true)]);
        assert_eq!(highlight("abc", &[]), vec![("abc".to_string(), false)]);
        assert!(highlight("", &["x"]).is_empty());
    }

    #[test]
    fn totals_read_in_chinese() {
        assert_eq!(total_zh(54, true), "54");
        assert_eq!(total_zh(12345, true), "12,345");
        assert_eq!(total_zh(1001, false), "超过 1,000");
    }

    #[test]
    fn parameters_are_checked() {
        let p = SearchParams { scope: Some("everything".into()), ..Default::default() };
        assert!(p.query().unwrap_err().contains("检索范围"));
        let p = SearchParams { q: Some(" 调解  成功率 ".into()), scope: Some("all".into()), ..Default::default() };
        let q = p.query().unwrap();
        assert_eq!((q.text.as_str(), q.scope), ("调解 成功率", SearchScope::All));
        let p = SearchParams { q: Some("a b c d e f g h i".into()), ..Default::default() };
        assert!(p.query().is_err());
    }
}
