//! Storing a document: one transaction, all or nothing, with versions by content hash.

use crate::search::grams;
use crate::{Dialect, Result, Store};
use jixiao_core::target::Target;
use jixiao_core::{Amounts, Body, Document, Horizon, Indicator, TaskGroup};
use sqlx::{Any, Row, Transaction};

/// Where a stored document came from.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// File name of the source.
    pub source: String,
    /// Hash of the source's bytes (hex).
    pub content_hash: String,
    /// Import time, RFC 3339 UTC.
    pub imported_at: String,
}

/// A review finding to store with a document.
#[derive(Debug, Clone)]
pub struct NewFinding {
    /// Rule id, `FAMILY/NAME`.
    pub rule: String,
    /// Rule family.
    pub family: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The Chinese message.
    pub message: String,
    /// The place, as JSON.
    pub place: serde_json::Value,
    /// Index of the indicator it concerns, in [`Document::indicators`] order.
    pub indicator: Option<usize>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The same content was stored before: nothing was written.
    Unchanged {
        /// The stored document.
        id: i64,
        /// Its version.
        version: i64,
    },
    /// A new document or a new version was stored.
    Stored {
        /// The new document row.
        id: i64,
        /// Its version (1 for a new source).
        version: i64,
    },
}

/// A value bound into a batched statement.
enum V {
    S(Option<String>),
    I(Option<i64>),
    F(Option<f64>),
}

fn amount_strings(a: &Amounts) -> [Option<String>; 4] {
    [a.total, a.fiscal, a.special_account, a.other].map(|v| v.map(|d| d.to_string()))
}

fn target_columns(ind: &Indicator) -> (Option<String>, Option<String>, Option<f64>) {
    let Some(t) = ind.target() else { return (None, None, None) };
    let kind = match &t {
        Target::Quantitative { .. } => "quantitative",
        Target::Range { .. } => "range",
        Target::All { .. } => "all",
        Target::Any { .. } => "any",
        Target::Qualitative { .. } => "qualitative",
    };
    let number = main_number(&t);
    (serde_json::to_string(&t).ok(), Some(kind.to_string()), number)
}

/// The number a chart draws for a target: its value, the lower bound of a
/// range, the first number of a compound target.
fn main_number(t: &Target) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    match t {
        Target::Quantitative { value, .. } => value.to_f64(),
        Target::Range { min, .. } => min.to_f64(),
        Target::All { parts } | Target::Any { parts } => parts.iter().find_map(main_number),
        Target::Qualitative { .. } => None,
    }
}

struct IndicatorRow<'a> {
    ind: &'a Indicator,
    project_id: Option<i64>,
    plan_id: Option<i64>,
    task_id: Option<i64>,
}

const INDICATOR_COLUMNS: &str = "document_id, project_id, plan_id, task_id, position, seq, level1, level1_code, \
    level2, level2_code, name, explanation, period_value, annual_value, comparator, unit, nature, direction, weight, \
    standard, target, target_kind, target_number, better, grams";
const INDICATOR_COLUMN_COUNT: usize = 25;

impl Store {
    /// Stores a document with its findings. Unchanged content (same source and
    /// hash as the latest version) writes nothing; changed content becomes a new
    /// version and supersedes the old one.
    pub async fn import(&self, doc: &Document, prov: &Provenance, findings: &[NewFinding]) -> Result<ImportOutcome> {
        let mut tx = self.pool.begin().await?;
        let latest = sqlx::query(
            "SELECT id, version, content_hash FROM documents WHERE source = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(&prov.source)
        .fetch_optional(&mut *tx)
        .await?;
        let mut version = 1;
        if let Some(row) = latest {
            let id: i64 = row.try_get("id")?;
            let v: i64 = row.try_get("version")?;
            let hash: String = row.try_get("content_hash")?;
            if hash == prov.content_hash {
                tx.rollback().await?;
                return Ok(ImportOutcome::Unchanged { id, version: v });
            }
            version = v + 1;
            sqlx::query("UPDATE documents SET superseded = 1 WHERE source = $1").bind(&prov.source).execute(&mut *tx).await?;
        }
        let count = |sev: &str| findings.iter().filter(|f| f.severity == sev).count() as i64;
        let (totals, functions) = match &doc.body {
            Body::Project(t) => (amount_strings(&t.totals), None),
            Body::Department(t) => ([None, None, None, None], t.functions.clone()),
        };
        let [total, fiscal, special, other] = totals;
        let doc_id: i64 = sqlx::query(
            "INSERT INTO documents (source, version, content_hash, imported_at, kind, title, department, year, money_unit, \
             functions, total, fiscal, special_account, other, indicator_count, errors, warnings, infos) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        )
        .bind(&prov.source)
        .bind(version)
        .bind(&prov.content_hash)
        .bind(&prov.imported_at)
        .bind(doc.kind().as_str())
        .bind(doc.title.clone())
        .bind(&doc.department)
        .bind(doc.year.map(i64::from))
        .bind(&doc.money_unit)
        .bind(functions)
        .bind(total)
        .bind(fiscal)
        .bind(special)
        .bind(other)
        .bind(doc.indicators().len() as i64)
        .bind(count("error"))
        .bind(count("warning"))
        .bind(count("info"))
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;

        let mut rows: Vec<IndicatorRow> = Vec::new();
        match &doc.body {
            Body::Project(t) => {
                for (ui, u) in t.units.iter().enumerate() {
                    let [a, b, c, d] = amount_strings(&u.amounts);
                    let unit_id: i64 = sqlx::query(
                        "INSERT INTO units (document_id, position, name, total, fiscal, special_account, other) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(doc_id)
                    .bind(ui as i64)
                    .bind(&u.name)
                    .bind(a)
                    .bind(b)
                    .bind(c)
                    .bind(d)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                    for (pi, p) in u.projects.iter().enumerate() {
                        let [a, b, c, d] = amount_strings(&p.amounts);
                        let project_id: i64 = sqlx::query(
                            "INSERT INTO projects (document_id, unit_id, position, name, total, fiscal, special_account, \
                             other, goal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                        )
                        .bind(doc_id)
                        .bind(unit_id)
                        .bind(pi as i64)
                        .bind(&p.name)
                        .bind(a)
                        .bind(b)
                        .bind(c)
                        .bind(d)
                        .bind(p.goal.clone())
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("id")?;
                        rows.extend(p.indicators.iter().map(|ind| IndicatorRow {
                            ind,
                            project_id: Some(project_id),
                            plan_id: None,
                            task_id: None,
                        }));
                    }
                }
            }
            Body::Department(t) => {
                for (fi, f) in t.figures.iter().enumerate() {
                    sqlx::query("INSERT INTO figures (document_id, position, label, value) VALUES ($1, $2, $3, $4)")
                        .bind(doc_id)
                        .bind(fi as i64)
                        .bind(&f.label)
                        .bind(f.value.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                for (pli, pl) in t.plans.iter().enumerate() {
                    let horizon = match pl.horizon {
                        Horizon::Annual => "annual",
                        Horizon::MultiYear => "multi_year",
                    };
                    let plan_id: i64 = sqlx::query(
                        "INSERT INTO plans (document_id, position, horizon, goal) VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(doc_id)
                    .bind(pli as i64)
                    .bind(horizon)
                    .bind(pl.goal.clone())
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?;
                    rows.extend(pl.indicators.iter().map(|ind| IndicatorRow {
                        ind,
                        project_id: None,
                        plan_id: Some(plan_id),
                        task_id: None,
                    }));
                    for (ti, task) in pl.tasks.iter().enumerate() {
                        let group = match task.group {
                            TaskGroup::Key => "key",
                            TaskGroup::Other => "other",
                        };
                        let task_id: i64 = sqlx::query(
                            "INSERT INTO tasks (document_id, plan_id, position, grp, name, content, goal, amount) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        )
                        .bind(doc_id)
                        .bind(plan_id)
                        .bind(ti as i64)
                        .bind(group)
                        .bind(&task.name)
                        .bind(task.content.clone())
                        .bind(task.goal.clone())
                        .bind(task.amount.map(|a| a.to_string()))
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("id")?;
                        for (k, name) in task.projects.iter().enumerate() {
                            sqlx::query("INSERT INTO task_projects (task_id, position, name) VALUES ($1, $2, $3)")
                                .bind(task_id)
                                .bind(k as i64)
                                .bind(name)
                                .execute(&mut *tx)
                                .await?;
                        }
                        rows.extend(task.indicators.iter().map(|ind| IndicatorRow {
                            ind,
                            project_id: None,
                            plan_id: Some(plan_id),
                            task_id: Some(task_id),
                        }));
                    }
                }
            }
        }
        insert_indicators(&mut tx, self.dialect, doc_id, &rows).await?;

        if !findings.is_empty() {
            let ids: Vec<(i64, i64)> = sqlx::query("SELECT id, position FROM indicators WHERE document_id = $1")
                .bind(doc_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| Ok((r.try_get::<i64, _>("position")?, r.try_get::<i64, _>("id")?)))
                .collect::<Result<_>>()?;
            let by_position: std::collections::HashMap<i64, i64> = ids.into_iter().collect();
            for (k, f) in findings.iter().enumerate() {
                let indicator_id = f.indicator.and_then(|i| by_position.get(&(i as i64)).copied());
                sqlx::query(
                    "INSERT INTO findings (document_id, indicator_id, position, rule, family, severity, message, place) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(doc_id)
                .bind(indicator_id)
                .bind(k as i64)
                .bind(&f.rule)
                .bind(&f.family)
                .bind(&f.severity)
                .bind(&f.message)
                .bind(f.place.to_string())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(ImportOutcome::Stored { id: doc_id, version })
    }
}

/// Inserts indicator rows in batches of multi-row statements, then fills the
/// SQLite search index.
async fn insert_indicators(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    doc_id: i64,
    rows: &[IndicatorRow<'_>],
) -> Result<()> {
    const BATCH: usize = 400;
    for (b, chunk) in rows.chunks(BATCH).enumerate() {
        let mut sql = format!("INSERT INTO indicators ({INDICATOR_COLUMNS}) VALUES ");
        let mut values: Vec<V> = Vec::with_capacity(chunk.len() * INDICATOR_COLUMN_COUNT);
        for (k, r) in chunk.iter().enumerate() {
            let i = r.ind;
            let (target, kind, number) = target_columns(i);
            let base = k * INDICATOR_COLUMN_COUNT;
            if k > 0 {
                sql.push(',');
            }
            sql.push('(');
            for c in 0..INDICATOR_COLUMN_COUNT {
                if c > 0 {
                    sql.push(',');
                }
                sql.push('$');
                sql.push_str(&(base + c + 1).to_string());
            }
            sql.push(')');
            values.extend([
                V::I(Some(doc_id)),
                V::I(r.project_id),
                V::I(r.plan_id),
                V::I(r.task_id),
                V::I(Some((b * BATCH + k) as i64)),
                V::I(i.seq),
                V::S(i.level1.clone()),
                V::S(i.level1_code.clone()),
                V::S(i.level2.clone()),
                V::S(i.level2_code.clone()),
                V::S(Some(i.name.clone())),
                V::S(i.explanation.clone()),
                V::S(i.period_value.clone()),
                V::S(i.annual_value.clone()),
                V::S(i.comparator.clone()),
                V::S(i.unit.clone()),
                V::S(i.nature.clone()),
                V::S(i.direction.clone()),
                V::S(i.weight.map(|w| w.to_string())),
                V::S(i.standard.clone()),
                V::S(target),
                V::S(kind),
                V::F(number),
                V::S(None),
                V::S(Some(grams(&i.name))),
            ]);
        }
        let mut q = sqlx::query::<Any>(sqlx::AssertSqlSafe(sql));
        for v in values {
            q = match v {
                V::S(s) => q.bind(s),
                V::I(n) => q.bind(n),
                V::F(f) => q.bind(f),
            };
        }
        q.execute(&mut **tx).await?;
    }
    if dialect == Dialect::Sqlite && !rows.is_empty() {
        sqlx::query("INSERT INTO indicator_fts (rowid, grams) SELECT id, grams FROM indicators WHERE document_id = $1")
            .bind(doc_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
