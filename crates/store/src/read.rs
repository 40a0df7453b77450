//! Reading documents back into the model, listings, findings and comparisons.

use crate::search::{grams, SearchQuery};
use crate::{dec, opt_str, Result, Store, StoreError};
use jixiao_core::{
    Amounts, Body, DepartmentTable, Document, Figure, Horizon, Indicator, Plan, Project, ProjectTable, Task, TaskGroup,
    Unit,
};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A stored document with its provenance.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    /// Row id.
    pub id: i64,
    /// Version of this source (1, 2, …).
    pub version: i64,
    /// Hash of the source bytes.
    pub content_hash: String,
    /// Import time.
    pub imported_at: String,
    /// True when a newer version exists.
    pub superseded: bool,
    /// Workflow state (`draft`, …, `published`).
    pub state: String,
    /// Revision: raised by every change of content or state (the ETag).
    pub revision: i64,
    /// The user who created it (none for imports from the command line).
    pub created_by: Option<i64>,
    /// The document.
    pub document: Document,
}

/// One line of the document list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentSummary {
    /// Row id.
    pub id: i64,
    /// Source file name.
    pub source: String,
    /// Version.
    pub version: i64,
    /// `project` or `department`.
    pub kind: String,
    /// Title as printed.
    pub title: Option<String>,
    /// Department.
    pub department: String,
    /// Budget year.
    pub year: Option<i32>,
    /// Money unit.
    pub money_unit: String,
    /// 合计 of a project table.
    pub total: Option<String>,
    /// Number of indicators.
    pub indicators: i64,
    /// Findings by severity.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
    /// Infos.
    pub infos: i64,
    /// Import time.
    pub imported_at: String,
    /// Workflow state.
    pub state: String,
    /// Revision.
    pub revision: i64,
    /// Last change of content or state (import time until then).
    pub updated_at: Option<String>,
}

/// A stored finding.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredFinding {
    /// Rule id.
    pub rule: String,
    /// Family.
    pub family: String,
    /// Severity.
    pub severity: String,
    /// Message.
    pub message: String,
    /// Place (JSON).
    pub place: serde_json::Value,
    /// Position of the indicator it concerns, in document order.
    pub indicator_position: Option<i64>,
}

/// Counts over the whole store (latest versions).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Totals {
    /// Documents.
    pub documents: i64,
    /// Indicators.
    pub indicators: i64,
    /// Error findings.
    pub errors: i64,
    /// Warning findings.
    pub warnings: i64,
}

/// One department-year of a comparison.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CompareRow {
    /// Department.
    pub department: String,
    /// Year.
    pub year: Option<i32>,
    /// Document row id.
    pub document_id: i64,
    /// The indicator's name as printed there.
    pub name: String,
    /// Its value as printed.
    pub value: Option<String>,
    /// The number of its parsed target, if quantitative.
    pub number: Option<f64>,
    /// The unit of its parsed target.
    pub unit: Option<String>,
    /// Similarity of its name to the query (0–1).
    pub similarity: f64,
}

fn amounts(r: &AnyRow) -> Result<Amounts> {
    Ok(Amounts {
        total: dec(opt_str(r, "total")?)?,
        fiscal: dec(opt_str(r, "fiscal")?)?,
        special_account: dec(opt_str(r, "special_account")?)?,
        other: dec(opt_str(r, "other")?)?,
    })
}

fn indicator(r: &AnyRow) -> Result<Indicator> {
    Ok(Indicator {
        seq: r.try_get("seq")?,
        level1: opt_str(r, "level1")?,
        level1_code: opt_str(r, "level1_code")?,
        level2: opt_str(r, "level2")?,
        level2_code: opt_str(r, "level2_code")?,
        name: r.try_get("name")?,
        explanation: opt_str(r, "explanation")?,
        period_value: opt_str(r, "period_value")?,
        annual_value: opt_str(r, "annual_value")?,
        comparator: opt_str(r, "comparator")?,
        unit: opt_str(r, "unit")?,
        nature: opt_str(r, "nature")?,
        direction: opt_str(r, "direction")?,
        weight: dec(opt_str(r, "weight")?)?,
        standard: opt_str(r, "standard")?,
    })
}

pub(crate) fn summary(r: &AnyRow) -> Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        version: r.try_get("version")?,
        kind: r.try_get("kind")?,
        title: opt_str(r, "title")?,
        department: r.try_get("department")?,
        year: r.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
        money_unit: r.try_get("money_unit")?,
        total: opt_str(r, "total")?,
        indicators: r.try_get("indicator_count")?,
        errors: r.try_get("errors")?,
        warnings: r.try_get("warnings")?,
        infos: r.try_get("infos")?,
        imported_at: r.try_get("imported_at")?,
        state: r.try_get("state")?,
        revision: r.try_get("revision")?,
        updated_at: opt_str(r, "updated_at")?,
    })
}

/// Jaccard similarity of two names over their character pairs.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let ga: HashSet<String> = grams(a).split(' ').filter(|g| g.chars().count() == 2).map(str::to_string).collect();
    let gb: HashSet<String> = grams(b).split(' ').filter(|g| g.chars().count() == 2).map(str::to_string).collect();
    if ga.is_empty() || gb.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    ga.intersection(&gb).count() as f64 / ga.union(&gb).count() as f64
}

pub(crate) const SUMMARY_COLUMNS: &str = "id, source, version, kind, title, department, year, money_unit, total, \
    indicator_count, errors, warnings, infos, imported_at, state, revision, updated_at";

impl Store {
    /// Every row of a document's child table, in document order.
    /// Columns are named, never `*`: a connection whose schema cache predates
    /// a migration would otherwise prepare the old column list, and SQLite's
    /// silent re-prepare at the first step hands back more columns than the
    /// driver expects.
    async fn rows_of(&self, table: &'static str, columns: &'static str, document_id: i64) -> Result<Vec<AnyRow>> {
        let sql = format!("SELECT {columns} FROM {table} WHERE document_id = $1 ORDER BY position");
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(document_id).fetch_all(&self.pool).await?)
    }

    /// A number that changes whenever a document is stored or changed (by
    /// this or any other process): the highest document id plus the highest
    /// audit id (every change leaves an audit record). Cheap; readers that cache
    /// use it to notice writes.
    pub async fn data_version(&self) -> Result<i64> {
        Ok(sqlx::query(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM documents) + (SELECT COALESCE(MAX(id), 0) FROM audit) AS v",
        )
        .fetch_one(&self.pool)
        .await?
        .try_get("v")?)
    }

    /// The latest version of every document, by department and year.
    pub async fn list_documents(&self) -> Result<Vec<DocumentSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents WHERE superseded = 0 AND state = 'published' ORDER BY department, year DESC, kind DESC, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?.iter().map(summary).collect()
    }

    /// The current version of every table of one department, in any state, oldest year first.
    pub async fn department_documents(&self, department: &str) -> Result<Vec<DocumentSummary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM documents WHERE superseded = 0 AND department = $1 ORDER BY year, id");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(department).fetch_all(&self.pool).await?.iter().map(summary).collect()
    }

    /// Every version of one source, newest first.
    pub async fn versions(&self, source: &str) -> Result<Vec<DocumentSummary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM documents WHERE source = $1 ORDER BY version DESC");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(source).fetch_all(&self.pool).await?.iter().map(summary).collect()
    }

    /// Counts over the latest versions.
    pub async fn totals(&self) -> Result<Totals> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS documents, CAST(COALESCE(SUM(indicator_count), 0) AS BIGINT) AS indicators, \
             CAST(COALESCE(SUM(errors), 0) AS BIGINT) AS errors, CAST(COALESCE(SUM(warnings), 0) AS BIGINT) AS warnings \
             FROM documents WHERE superseded = 0 AND state = 'published'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Totals {
            documents: r.try_get("documents")?,
            indicators: r.try_get("indicators")?,
            errors: r.try_get("errors")?,
            warnings: r.try_get("warnings")?,
        })
    }

    /// The latest published document whose file had these bytes, under any
    /// name: (id, source, version).
    pub async fn published_with_hash(&self, hash: &str) -> Result<Option<(i64, String, i64)>> {
        let row = sqlx::query(
            "SELECT id, source, version FROM documents WHERE content_hash = $1 AND state = 'published' AND superseded = 0 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get("id")?, r.try_get("source")?, r.try_get("version")?)),
            None => None,
        })
    }

    /// One stored document, rebuilt into the model: a fixed number of
    /// queries (one per table), whatever the document's size.
    pub async fn document(&self, id: i64) -> Result<Option<StoredDocument>> {
        let Some(d) = sqlx::query(
            "SELECT kind, total, fiscal, special_account, other, functions, source, title, department, year, \
             money_unit, version, content_hash, imported_at, superseded, state, revision, created_by \
             FROM documents WHERE id = $1",
        ).bind(id).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let kind: String = d.try_get("kind")?;
        // Indicators grouped by owner: (project, plan, task) ids.
        type Owner = (Option<i64>, Option<i64>, Option<i64>);
        let mut by_owner: HashMap<Owner, Vec<Indicator>> = HashMap::new();
        for r in sqlx::query(
            "SELECT project_id, plan_id, task_id, seq, level1, level1_code, level2, level2_code, name, explanation, \
             period_value, annual_value, comparator, unit, nature, direction, weight, standard \
             FROM indicators WHERE document_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        {
            let key = (r.try_get("project_id")?, r.try_get("plan_id")?, r.try_get("task_id")?);
            by_owner.entry(key).or_default().push(indicator(&r)?);
        }
        let mut take = |key| by_owner.remove(&key).unwrap_or_default();
        let body = if kind == "project" {
            let mut units = Vec::new();
            let mut unit_index = HashMap::new();
            for u in self.rows_of("units", "id, name, total, fiscal, special_account, other", id).await? {
                unit_index.insert(u.try_get::<i64, _>("id")?, units.len());
                units.push(Unit { name: u.try_get("name")?, amounts: amounts(&u)?, projects: Vec::new() });
            }
            for p in self.rows_of("projects", "id, unit_id, name, total, fiscal, special_account, other, goal", id).await? {
                let unit_id: i64 = p.try_get("unit_id")?;
                let pid: i64 = p.try_get("id")?;
                let unit = unit_index
                    .get(&unit_id)
                    .and_then(|k| units.get_mut(*k))
                    .ok_or_else(|| StoreError::Corrupt(format!("project {pid} of a unit not in document {id}")))?;
                unit.projects.push(Project {
                    name: p.try_get("name")?,
                    amounts: amounts(&p)?,
                    goal: opt_str(&p, "goal")?,
                    indicators: take((Some(pid), None, None)),
                });
            }
            Body::Project(ProjectTable { totals: amounts(&d)?, units })
        } else {
            let figures = sqlx::query("SELECT label, value FROM figures WHERE document_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    let value: String = r.try_get("value")?;
                    Ok(Figure {
                        label: r.try_get("label")?,
                        value: value.parse().map_err(|e| StoreError::Corrupt(format!("figure {value:?}: {e}")))?,
                    })
                })
                .collect::<Result<_>>()?;
            let mut task_projects: HashMap<i64, Vec<String>> = HashMap::new();
            for r in sqlx::query(
                "SELECT tp.task_id, tp.name FROM task_projects tp JOIN tasks t ON t.id = tp.task_id \
                 WHERE t.document_id = $1 ORDER BY tp.task_id, tp.position",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            {
                task_projects.entry(r.try_get("task_id")?).or_default().push(r.try_get("name")?);
            }
            let mut plans = Vec::new();
            let mut plan_index = HashMap::new();
            for pl in self.rows_of("plans", "id, horizon, goal", id).await? {
                let plan_id: i64 = pl.try_get("id")?;
                let horizon: String = pl.try_get("horizon")?;
                let mut plan = Plan::new(if horizon == "multi_year" { Horizon::MultiYear } else { Horizon::Annual });
                plan.goal = opt_str(&pl, "goal")?;
                plan.indicators = take((None, Some(plan_id), None));
                plan_index.insert(plan_id, plans.len());
                plans.push(plan);
            }
            for t in self.rows_of("tasks", "id, plan_id, grp, name, content, goal, amount", id).await? {
                let task_id: i64 = t.try_get("id")?;
                let plan_id: i64 = t.try_get("plan_id")?;
                let group: String = t.try_get("grp")?;
                let mut task = Task::new(if group == "other" { TaskGroup::Other } else { TaskGroup::Key }, t.try_get::<String, _>("name")?);
                task.content = opt_str(&t, "content")?;
                task.goal = opt_str(&t, "goal")?;
                task.amount = dec(opt_str(&t, "amount")?)?;
                task.projects = task_projects.remove(&task_id).unwrap_or_default();
                task.indicators = take((None, Some(plan_id), Some(task_id)));
                plan_index
                    .get(&plan_id)
                    .and_then(|k| plans.get_mut(*k))
                    .ok_or_else(|| StoreError::Corrupt(format!("task {task_id} of a plan not in document {id}")))?
                    .tasks
                    .push(task);
            }
            Body::Department(DepartmentTable { figures, functions: opt_str(&d, "functions")?, plans })
        };
        let document = Document {
            source: d.try_get("source")?,
            title: opt_str(&d, "title")?,
            department: d.try_get("department")?,
            year: d.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
            money_unit: d.try_get("money_unit")?,
            body,
        };
        Ok(Some(StoredDocument {
            id,
            version: d.try_get("version")?,
            content_hash: d.try_get("content_hash")?,
            imported_at: d.try_get("imported_at")?,
            superseded: d.try_get::<i64, _>("superseded")? != 0,
            state: d.try_get("state")?,
            revision: d.try_get("revision")?,
            created_by: d.try_get("created_by")?,
            document,
        }))
    }

    /// The findings stored with a document, in review order.
    pub async fn findings(&self, document_id: i64) -> Result<Vec<StoredFinding>> {
        sqlx::query(
            "SELECT f.rule, f.family, f.severity, f.message, f.place, i.position AS indicator_position \
             FROM findings f LEFT JOIN indicators i ON i.id = f.indicator_id WHERE f.document_id = $1 ORDER BY f.position",
        )
        .bind(document_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let place: String = r.try_get("place")?;
            Ok(StoredFinding {
                rule: r.try_get("rule")?,
                family: r.try_get("family")?,
                severity: r.try_get("severity")?,
                message: r.try_get("message")?,
                place: serde_json::from_str(&place).unwrap_or(serde_json::Value::Null),
                indicator_position: r.try_get("indicator_position")?,
            })
        })
        .collect()
    }

    /// The departments and years present, for filters.
    pub async fn facets(&self) -> Result<(Vec<String>, Vec<i32>)> {
        let deps = sqlx::query("SELECT DISTINCT department FROM documents WHERE superseded = 0 AND state = 'published' ORDER BY department")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get::<String, _>("department")?))
            .collect::<Result<_>>()?;
        let years = sqlx::query(
            "SELECT DISTINCT year FROM documents WHERE superseded = 0 AND state = 'published' AND year IS NOT NULL ORDER BY year DESC",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>("year")? as i32))
        .collect::<Result<_>>()?;
        Ok((deps, years))
    }

    /// One indicator across departments and years: per department and year,
    /// the indicator whose name is most like `name` among those holding it.
    pub async fn compare(&self, name: &str) -> Result<Vec<CompareRow>> {
        let hits = self.search(&SearchQuery { text: name.to_string(), limit: 500, ..Default::default() }).await?;
        let mut best: BTreeMap<(String, Option<i32>), CompareRow> = BTreeMap::new();
        for h in hits.hits {
            let sim = similarity(name, &h.name);
            let (number, unit) = match &h.target {
                Some(t) => (
                    t.get("value").or_else(|| t.get("min")).and_then(|v| v.as_f64()),
                    t.get("unit").and_then(|u| u.as_str()).map(str::to_string),
                ),
                None => (None, None),
            };
            let row = CompareRow {
                department: h.department.clone(),
                year: h.year,
                document_id: h.document_id,
                name: h.name,
                value: h.value,
                number,
                unit,
                similarity: sim,
            };
            let key = (h.department, h.year);
            if best.get(&key).is_none_or(|b| b.similarity < row.similarity) {
                best.insert(key, row);
            }
        }
        Ok(best.into_values().collect())
    }
}
