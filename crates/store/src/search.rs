//! Indicator search by Chinese substring, with filters, over the latest version
//! of every document.

use crate::{opt_str, Dialect, Result, Store};
use sqlx::Row;

/// The search grams of a text: every character and every pair of neighbouring
/// characters of its letter/digit runs, space-separated, each once.
pub fn grams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    // A gram is a character and, for a pair, the one after it ('\0' for none).
    let mut seen: std::collections::HashSet<(char, char)> = std::collections::HashSet::new();
    let mut push = |out: &mut String, a: char, b: Option<char>| {
        if seen.insert((a, b.unwrap_or('\0'))) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(a);
            if let Some(b) = b {
                out.push(b);
            }
        }
    };
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = run.chars().flat_map(char::to_lowercase).peekable();
        while let Some(c) = chars.next() {
            push(&mut out, c, None);
            if let Some(&next) = chars.peek() {
                push(&mut out, c, Some(next));
            }
        }
    }
    out
}

/// The grams a query must find: the pairs of each run (the single character of
/// a one-character run).
fn query_grams(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in q.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = run.chars().flat_map(char::to_lowercase).collect();
        if chars.len() == 1 {
            out.push(chars[0].to_string());
        }
        for w in chars.windows(2) {
            let g: String = w.iter().collect();
            if !out.contains(&g) {
                out.push(g);
            }
        }
    }
    out
}

/// Where the words of a search are looked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchScope {
    /// 三级指标 names (indexed).
    #[default]
    Name,
    /// Project and task names.
    Owner,
    /// Target values as printed.
    Value,
    /// Department names.
    Department,
    /// Any of the above.
    All,
}

impl SearchScope {
    /// The scope a query-string value names (`name`, `owner`, `value`, `department`, `all`).
    pub fn parse(s: &str) -> Option<SearchScope> {
        Some(match s {
            "name" => SearchScope::Name,
            "owner" => SearchScope::Owner,
            "value" => SearchScope::Value,
            "department" => SearchScope::Department,
            "all" => SearchScope::All,
            _ => return None,
        })
    }

    /// Its query-string value.
    pub fn key(self) -> &'static str {
        match self {
            SearchScope::Name => "name",
            SearchScope::Owner => "owner",
            SearchScope::Value => "value",
            SearchScope::Department => "department",
            SearchScope::All => "all",
        }
    }
}

/// A search over indicators.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words, separated by spaces, every one of which must be found (may be
    /// empty: filters only).
    pub text: String,
    /// Where the words are looked for.
    pub scope: SearchScope,
    /// Only this department.
    pub department: Option<String>,
    /// Only this year.
    pub year: Option<i32>,
    /// Only this level-1 category name (as printed, e.g. `产出指标`).
    pub level1: Option<String>,
    /// Only indicators with a finding of this severity (`error`, `warning`, `info`), or `any`.
    pub finding: Option<String>,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits.
    pub offset: usize,
}

impl SearchQuery {
    /// The words every hit holds.
    pub fn words(&self) -> Vec<&str> {
        self.text.split_whitespace().collect()
    }
}

/// Hits are counted exactly up to this many; beyond, the count says "more than".
pub const COUNT_BOUND: usize = 1000;

/// One indicator found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    /// Indicator row id.
    pub indicator_id: i64,
    /// Document row id.
    pub document_id: i64,
    /// Department of the document.
    pub department: String,
    /// Budget year.
    pub year: Option<i32>,
    /// Document kind.
    pub kind: String,
    /// The project or task the indicator belongs to, if any.
    pub owner: Option<String>,
    /// 一级指标.
    pub level1: Option<String>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// Value held to (annual, else period), as printed in its column.
    pub value: Option<String>,
    /// 对比符号, where the table prints it apart.
    pub comparator: Option<String>,
    /// 计量单位, where the table prints it apart.
    pub unit: Option<String>,
    /// The value with its comparator and unit (`≥90%`).
    pub printed: Option<String>,
    /// The parsed target (JSON), if any.
    pub target: Option<serde_json::Value>,
    /// Findings on this indicator: (severity, rule, message).
    pub findings: Vec<(String, String, String)>,
}

/// A page of hits.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResult {
    /// The hits.
    pub hits: Vec<SearchHit>,
    /// True when more hits exist beyond this page.
    pub more: bool,
    /// Hits in all: exact, or [`COUNT_BOUND`]` + 1` meaning "more than the bound".
    pub total: usize,
    /// True when `total` is exact.
    pub total_exact: bool,
}

fn like_pattern(s: &str) -> String {
    let mut p = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

impl Store {
    /// Finds indicators whose name holds `q.text`, newest documents first.
    pub async fn search(&self, q: &SearchQuery) -> Result<SearchResult> {
        let limit = if q.limit == 0 { 50 } else { q.limit.min(500) };
        // PostgreSQL misjudges how many rows hold several grams at once (it
        // multiplies their frequencies) and then fetches and sorts every
        // match to keep the newest page. So it first looks among the newest
        // indicators only, by id range, one gram and the substring; a full
        // page found there is the newest overall. Otherwise all grams answer
        // over every indicator. SQLite's plan is good as it is.
        let window = self.search_window;
        let newest: i64 = if self.dialect == Dialect::Postgres && !q.text.trim().is_empty() {
            sqlx::query("SELECT COALESCE(MAX(id), 0) AS m FROM indicators").fetch_one(&self.pool).await?.try_get("m")?
        } else {
            0
        };
        let mut rows = Vec::new();
        if newest > window {
            // The bound is written into the query so that the planner sees how narrow it is.
            rows = self.search_rows(q, limit, Some(newest - window)).await?;
        }
        if rows.len() <= limit {
            rows = self.search_rows(q, limit, None).await?;
        }
        let more = rows.len() > limit;
        // The count: exact from the last page, otherwise counted up to the bound.
        let (total, total_exact) = if !more && (!rows.is_empty() || q.offset == 0) {
            (q.offset + rows.len(), true)
        } else {
            let n = self.search_count(q).await?;
            (n, n <= COUNT_BOUND)
        };
        let mut hits = Vec::with_capacity(rows.len().min(limit));
        for r in rows.iter().take(limit) {
            let target: Option<String> = opt_str(r, "target")?;
            let value = opt_str(r, "annual_value")?.or(opt_str(r, "period_value")?);
            let (comparator, unit) = (opt_str(r, "comparator")?, opt_str(r, "unit")?);
            hits.push(SearchHit {
                indicator_id: r.try_get("id")?,
                document_id: r.try_get("document_id")?,
                department: r.try_get("department")?,
                year: r.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
                kind: r.try_get("kind")?,
                owner: opt_str(r, "task")?.or(opt_str(r, "project")?),
                level1: opt_str(r, "level1")?,
                level2: opt_str(r, "level2")?,
                name: r.try_get("name")?,
                value: value.clone(),
                printed: value.map(|v| jixiao_core::model::printed_value(comparator.as_deref(), &v, unit.as_deref())),
                comparator,
                unit,
                target: target.and_then(|t| serde_json::from_str(&t).ok()),
                findings: Vec::new(),
            });
        }
        if !hits.is_empty() {
            let ids = hits.iter().map(|h| h.indicator_id.to_string()).collect::<Vec<_>>().join(",");
            let sql = format!(
                "SELECT indicator_id, severity, rule, message FROM findings WHERE indicator_id IN ({ids}) ORDER BY id"
            );
            for r in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await? {
                let id: i64 = r.try_get("indicator_id")?;
                if let Some(h) = hits.iter_mut().find(|h| h.indicator_id == id) {
                    h.findings.push((r.try_get("severity")?, r.try_get("rule")?, r.try_get("message")?));
                }
            }
        }
        Ok(SearchResult { hits, more, total, total_exact })
    }

    /// One search query: the filters of `q`, the newest `limit + 1` matches
    /// after `q.offset`; with `above`, only indicators with a greater id, found
    /// without the gram index.
    async fn search_rows(&self, q: &SearchQuery, limit: usize, above: Option<i64>) -> Result<Vec<sqlx::any::AnyRow>> {
        let (filter, binds) = self.search_filter(q, above);
        let sql = format!(
            "SELECT i.id, i.document_id, d.department, d.year, d.kind, p.name AS project, t.name AS task, i.level1, \
             i.level2, i.name, i.annual_value, i.period_value, i.comparator, i.unit, i.target {filter} \
             ORDER BY i.id DESC LIMIT {} OFFSET {}",
            limit + 1,
            q.offset
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = query.bind(b);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// How many indicators match `q`, counted up to [`COUNT_BOUND`]` + 1`.
    async fn search_count(&self, q: &SearchQuery) -> Result<usize> {
        let (filter, binds) = self.search_filter(q, None);
        let sql = format!("SELECT COUNT(*) AS n FROM (SELECT 1 AS one {filter} LIMIT {}) c", COUNT_BOUND + 1);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = query.bind(b);
        }
        let n: i64 = query.fetch_one(&self.pool).await?.try_get("n")?;
        Ok(n.max(0) as usize)
    }

    /// The `FROM … WHERE …` of a search, with its bound values.
    fn search_filter(&self, q: &SearchQuery, above: Option<i64>) -> (String, Vec<Option<String>>) {
        let mut sql = String::from(
            "FROM indicators i \
             JOIN documents d ON d.id = i.document_id AND d.superseded = 0 AND d.state = 'published' \
             LEFT JOIN projects p ON p.id = i.project_id LEFT JOIN tasks t ON t.id = i.task_id WHERE 1 = 1",
        );
        let mut binds: Vec<Option<String>> = Vec::new();
        let arg = |binds: &mut Vec<Option<String>>, v: String| {
            binds.push(Some(v));
            format!("${}", binds.len())
        };
        let words = q.words();
        if q.scope == SearchScope::Name && !words.is_empty() {
            let mut gs: Vec<String> = Vec::new();
            for w in &words {
                for g in query_grams(w) {
                    if !gs.contains(&g) {
                        gs.push(g);
                    }
                }
            }
            // In a window, one gram only: PostgreSQL estimates one well, and can
            // then combine the gram index with the id range.
            if above.is_some() {
                gs.truncate(1);
            }
            if !gs.is_empty() {
                match self.dialect {
                    Dialect::Sqlite => {
                        let m = gs.iter().map(|g| format!("\"{}\"", g.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
                        let a = arg(&mut binds, m);
                        sql.push_str(&format!(" AND i.id IN (SELECT rowid FROM indicator_fts WHERE indicator_fts MATCH {a})"));
                    }
                    Dialect::Postgres => {
                        let a = arg(&mut binds, gs.join(" "));
                        sql.push_str(&format!(" AND i.gram_set @> string_to_array({a}, ' ')"));
                    }
                }
            }
        }
        for w in &words {
            let a = arg(&mut binds, like_pattern(w));
            let like = |col: &str| format!("{col} LIKE {a} ESCAPE '\\'");
            let cols: &[&str] = match q.scope {
                SearchScope::Name => &["i.name"],
                SearchScope::Owner => &["p.name", "t.name"],
                SearchScope::Value => &["i.annual_value", "i.period_value"],
                SearchScope::Department => &["d.department"],
                SearchScope::All => &["i.name", "p.name", "t.name", "i.annual_value", "i.period_value", "d.department"],
            };
            sql.push_str(&format!(" AND ({})", cols.iter().map(|c| like(c)).collect::<Vec<_>>().join(" OR ")));
        }
        if let Some(dep) = &q.department {
            let a = arg(&mut binds, dep.clone());
            sql.push_str(&format!(" AND d.department = {a}"));
        }
        if let Some(y) = q.year {
            sql.push_str(&format!(" AND d.year = {}", i64::from(y)));
        }
        if let Some(l1) = &q.level1 {
            let a = arg(&mut binds, l1.clone());
            sql.push_str(&format!(" AND i.level1 = {a}"));
        }
        if let Some(sev) = &q.finding {
            if sev == "any" {
                sql.push_str(" AND EXISTS (SELECT 1 FROM findings f WHERE f.indicator_id = i.id)");
            } else {
                let a = arg(&mut binds, sev.clone());
                sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM findings f WHERE f.indicator_id = i.id AND f.severity = {a})"));
            }
        }
        if let Some(id) = above {
            sql.push_str(&format!(" AND i.id > {id}"));
        }
        (sql, binds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_cover_characters_and_pairs() {
        assert_eq!(grams("调解成功率"), "调 调解 解 解成 成 成功 功 功率 率");
        assert_eq!(grams("满意度(%)"), "满 满意 意 意度 度");
        assert_eq!(query_grams("调解"), vec!["调解"]);
        assert_eq!(query_grams("调"), vec!["调"]);
        assert_eq!(query_grams("调解成功"), vec!["调解", "解成", "成功"]);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("100%"), "%100\\%%");
    }
}
