//! Storing a document: one transaction, all or nothing, with versions by content hash.

use crate::search::grams;
use crate::{Dialect, Result, Store};
use jixiao_core::target::{direction, Direction, Target};
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

/// The parsed target's columns: JSON, kind, main number, direction.
fn target_columns(ind: &Indicator) -> (Option<String>, Option<String>, Option<f64>, Option<String>) {
    let Some(t) = ind.target() else { return (None, None, None, None) };
    let better = match direction(&t, &ind.name) {
        Direction::HigherIsBetter => Some("higher".to_string()),
        Direction::LowerIsBetter => Some("lower".to_string()),
        Direction::Unknown => None,
    };
    let kind = match &t {
        Target::Quantitative { .. } => "quantitative",
        Target::Range { .. } => "range",
        Target::All { .. } => "all",
        Target::Any { .. } => "any",
        Target::Qualitative { .. } => "qualitative",
    };
    let number = main_number(&t);
    (serde_json::to_string(&t).ok(), Some(kind.to_string()), number, better)
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

const INDICATOR_COLUMNS: [&str; 25] = [
    "document_id", "project_id", "plan_id", "task_id", "position", "seq", "level1", "level1_code", "level2",
    "level2_code", "name", "explanation", "period_value", "annual_value", "comparator", "unit", "nature", "direction",
    "weight", "standard", "target", "target_kind", "target_number", "better", "grams",
];

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
        let s4 = |a: &Amounts| amount_strings(a).map(V::S);
        match &doc.body {
            Body::Project(t) => {
                let unit_rows = t
                    .units
                    .iter()
                    .enumerate()
                    .map(|(ui, u)| {
                        let mut r = vec![V::I(Some(doc_id)), V::I(Some(ui as i64)), V::S(Some(u.name.clone()))];
                        r.extend(s4(&u.amounts));
                        r
                    })
                    .collect();
                let unit_ids = insert_many(
                    &mut tx,
                    "units",
                    &["document_id", "position", "name", "total", "fiscal", "special_account", "other"],
                    unit_rows,
                    true,
                )
                .await?;
                // Projects are numbered across the document so one statement serves all units.
                let mut project_rows = Vec::new();
                let mut k = 0usize;
                for (ui, u) in t.units.iter().enumerate() {
                    let unit_id = id_at(&unit_ids, ui)?;
                    for p in &u.projects {
                        let mut r = vec![V::I(Some(doc_id)), V::I(Some(unit_id)), V::I(Some(k as i64)), V::S(Some(p.name.clone()))];
                        r.extend(s4(&p.amounts));
                        r.push(V::S(p.goal.clone()));
                        project_rows.push(r);
                        k += 1;
                    }
                }
                let project_ids = insert_many(
                    &mut tx,
                    "projects",
                    &["document_id", "unit_id", "position", "name", "total", "fiscal", "special_account", "other", "goal"],
                    project_rows,
                    true,
                )
                .await?;
                let mut k = 0usize;
                for u in &t.units {
                    for p in &u.projects {
                        let project_id = id_at(&project_ids, k)?;
                        k += 1;
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
                let figure_rows = t
                    .figures
                    .iter()
                    .enumerate()
                    .map(|(fi, f)| {
                        vec![V::I(Some(doc_id)), V::I(Some(fi as i64)), V::S(Some(f.label.clone())), V::S(Some(f.value.to_string()))]
                    })
                    .collect();
                insert_many(&mut tx, "figures", &["document_id", "position", "label", "value"], figure_rows, false).await?;
                let plan_rows = t
                    .plans
                    .iter()
                    .enumerate()
                    .map(|(pli, pl)| {
                        let horizon = match pl.horizon {
                            Horizon::Annual => "annual",
                            Horizon::MultiYear => "multi_year",
                        };
                        vec![V::I(Some(doc_id)), V::I(Some(pli as i64)), V::S(Some(horizon.into())), V::S(pl.goal.clone())]
                    })
                    .collect();
                let plan_ids =
                    insert_many(&mut tx, "plans", &["document_id", "position", "horizon", "goal"], plan_rows, true).await?;
                let mut task_rows = Vec::new();
                let mut k = 0usize;
                for (pli, pl) in t.plans.iter().enumerate() {
                    let plan_id = id_at(&plan_ids, pli)?;
                    for task in &pl.tasks {
                        let group = match task.group {
                            TaskGroup::Key => "key",
                            TaskGroup::Other => "other",
                        };
                        task_rows.push(vec![
                            V::I(Some(doc_id)),
                            V::I(Some(plan_id)),
                            V::I(Some(k as i64)),
                            V::S(Some(group.into())),
                            V::S(Some(task.name.clone())),
                            V::S(task.content.clone()),
                            V::S(task.goal.clone()),
                            V::S(task.amount.map(|a| a.to_string())),
                        ]);
                        k += 1;
                    }
                }
                let task_ids = insert_many(
                    &mut tx,
                    "tasks",
                    &["document_id", "plan_id", "position", "grp", "name", "content", "goal", "amount"],
                    task_rows,
                    true,
                )
                .await?;
                let mut k = 0usize;
                let mut task_project_rows = Vec::new();
                for (pli, pl) in t.plans.iter().enumerate() {
                    let plan_id = id_at(&plan_ids, pli)?;
                    rows.extend(pl.indicators.iter().map(|ind| IndicatorRow {
                        ind,
                        project_id: None,
                        plan_id: Some(plan_id),
                        task_id: None,
                    }));
                    for task in &pl.tasks {
                        let task_id = id_at(&task_ids, k)?;
                        k += 1;
                        for (j, name) in task.projects.iter().enumerate() {
                            task_project_rows.push(vec![V::I(Some(task_id)), V::I(Some(j as i64)), V::S(Some(name.clone()))]);
                        }
                        rows.extend(task.indicators.iter().map(|ind| IndicatorRow {
                            ind,
                            project_id: None,
                            plan_id: Some(plan_id),
                            task_id: Some(task_id),
                        }));
                    }
                }
                insert_many(&mut tx, "task_projects", &["task_id", "position", "name"], task_project_rows, false).await?;
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
            let finding_rows = findings
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    vec![
                        V::I(Some(doc_id)),
                        V::I(f.indicator.and_then(|i| by_position.get(&(i as i64)).copied())),
                        V::I(Some(k as i64)),
                        V::S(Some(f.rule.clone())),
                        V::S(Some(f.family.clone())),
                        V::S(Some(f.severity.clone())),
                        V::S(Some(f.message.clone())),
                        V::S(Some(f.place.to_string())),
                    ]
                })
                .collect();
            insert_many(
                &mut tx,
                "findings",
                &["document_id", "indicator_id", "position", "rule", "family", "severity", "message", "place"],
                finding_rows,
                false,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ImportOutcome::Stored { id: doc_id, version })
    }
}


/// Inserts rows in multi-row statements (at most 400 rows each); with
/// `returning`, gives back `position → id` (the column `position` must be among
/// the columns).
async fn insert_many(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
    returning: bool,
) -> Result<std::collections::HashMap<i64, i64>> {
    let mut ids = std::collections::HashMap::new();
    let width = columns.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(400).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        for k in 0..chunk.len() {
            if k > 0 {
                sql.push(',');
            }
            sql.push('(');
            for c in 0..width {
                if c > 0 {
                    sql.push(',');
                }
                sql.push('$');
                sql.push_str(&(k * width + c + 1).to_string());
            }
            sql.push(')');
        }
        if returning {
            sql.push_str(" RETURNING id, position");
        }
        let mut q = sqlx::query::<Any>(sqlx::AssertSqlSafe(sql));
        for v in chunk.into_iter().flatten() {
            q = match v {
                V::S(s) => q.bind(s),
                V::I(n) => q.bind(n),
                V::F(f) => q.bind(f),
            };
        }
        if returning {
            for r in q.fetch_all(&mut **tx).await? {
                ids.insert(r.try_get::<i64, _>("position")?, r.try_get::<i64, _>("id")?);
            }
        } else {
            q.execute(&mut **tx).await?;
        }
    }
    Ok(ids)
}

fn id_at(ids: &std::collections::HashMap<i64, i64>, position: usize) -> Result<i64> {
    ids.get(&(position as i64))
        .copied()
        .ok_or_else(|| crate::StoreError::Corrupt(format!("no id returned for row {position}")))
}

/// Inserts indicator rows in batches of multi-row statements, then fills the
/// SQLite search index.
async fn insert_indicators(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    doc_id: i64,
    rows: &[IndicatorRow<'_>],
) -> Result<()> {
    let values = rows
        .iter()
        .enumerate()
        .map(|(position, r)| {
            let i = r.ind;
            let (target, kind, number, better) = target_columns(i);
            vec![
                V::I(Some(doc_id)),
                V::I(r.project_id),
                V::I(r.plan_id),
                V::I(r.task_id),
                V::I(Some(position as i64)),
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
                V::S(better),
                V::S(Some(grams(&i.name))),
            ]
        })
        .collect();
    insert_many(tx, "indicators", &INDICATOR_COLUMNS, values, false).await?;
    if dialect == Dialect::Sqlite && !rows.is_empty() {
        sqlx::query("INSERT INTO indicator_fts (rowid, grams) SELECT id, grams FROM indicators WHERE document_id = $1")
            .bind(doc_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
