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

/// A search over indicators.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Substring of the indicator name (may be empty: filters only).
    pub text: String,
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
    /// Value held to (annual, else period).
    pub value: Option<String>,
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
        let mut hits = Vec::with_capacity(rows.len().min(limit));
        for r in rows.iter().take(limit) {
            let target: Option<String> = opt_str(r, "target")?;
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
                value: opt_str(r, "annual_value")?.or(opt_str(r, "period_value")?),
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
        Ok(SearchResult { hits, more })
    }

    /// One search query: the filters of `q`, the newest `limit + 1` matches
    /// after `q.offset`; with `above`, only indicators with a greater id, found
    /// without the gram index.
    async fn search_rows(&self, q: &SearchQuery, limit: usize, above: Option<i64>) -> Result<Vec<sqlx::any::AnyRow>> {
        let mut sql = String::from(
            "SELECT i.id, i.document_id, d.department, d.year, d.kind, p.name AS project, t.name AS task, i.level1, \
             i.level2, i.name, i.annual_value, i.period_value, i.target FROM indicators i \
             JOIN documents d ON d.id = i.document_id AND d.superseded = 0 AND d.state = 'published' \
             LEFT JOIN projects p ON p.id = i.project_id LEFT JOIN tasks t ON t.id = i.task_id WHERE 1 = 1",
        );
        let mut binds: Vec<Option<String>> = Vec::new();
        let mut n = 0;
        let mut arg = |binds: &mut Vec<Option<String>>, v: Option<String>| {
            binds.push(v);
            n += 1;
            format!("${n}")
        };
        let text = q.text.trim();
        if !text.is_empty() {
            let gs = query_grams(text);
            // In a window, one gram only: PostgreSQL estimates one well, and can
            // then combine the gram index with the id range.
            let gs: Vec<String> = if above.is_some() { gs.into_iter().take(1).collect() } else { gs };
            if !gs.is_empty() {
                match self.dialect {
                    Dialect::Sqlite => {
                        let m = gs.iter().map(|g| format!("\"{}\"", g.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
                        let a = arg(&mut binds, Some(m));
                        sql.push_str(&format!(" AND i.id IN (SELECT rowid FROM indicator_fts WHERE indicator_fts MATCH {a})"));
                    }
                    Dialect::Postgres => {
                        let a = arg(&mut binds, Some(gs.join(" ")));
                        sql.push_str(&format!(" AND i.gram_set @> string_to_array({a}, ' ')"));
                    }
                }
            }
            let a = arg(&mut binds, Some(like_pattern(text)));
            sql.push_str(&format!(" AND i.name LIKE {a} ESCAPE '\\'"));
        }
        if let Some(dep) = &q.department {
            let a = arg(&mut binds, Some(dep.clone()));
            sql.push_str(&format!(" AND d.department = {a}"));
        }
        if let Some(y) = q.year {
            sql.push_str(&format!(" AND d.year = {}", i64::from(y)));
        }
        if let Some(l1) = &q.level1 {
            let a = arg(&mut binds, Some(l1.clone()));
            sql.push_str(&format!(" AND i.level1 = {a}"));
        }
        if let Some(sev) = &q.finding {
            if sev == "any" {
                sql.push_str(" AND EXISTS (SELECT 1 FROM findings f WHERE f.indicator_id = i.id)");
            } else {
                let a = arg(&mut binds, Some(sev.clone()));
                sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM findings f WHERE f.indicator_id = i.id AND f.severity = {a})"));
            }
        }
        if let Some(id) = above {
            sql.push_str(&format!(" AND i.id > {id}"));
        }
        sql.push_str(&format!(" ORDER BY i.id DESC LIMIT {} OFFSET {}", limit + 1, q.offset));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = query.bind(b);
        }
        Ok(query.fetch_all(&self.pool).await?)
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
