//! Storing a document: one transaction, all or nothing, with versions by content hash.

use crate::search::grams;
use crate::{Dialect, Result, Store};
use jixiao_core::target::{direction, Direction, Target};
use jixiao_core::{Amounts, Body, Document, Horizon, Indicator, TaskGroup};
use sqlx::Row;

pub use crate::audit::AuditEntry;
pub(crate) use crate::batch::write_rows;

/// Where a stored document came from.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// File name of the source.
    pub source: String,
    /// Hash of the source's bytes (hex).
    pub content_hash: String,
    /// Import time, RFC 3339 UTC.
    pub imported_at: String,
    /// The workflow state the document starts in: [`Published`] for imports
    /// of published tables; a draft for a department's own work, which never
    /// replaces or supersedes anything until it is published.
    pub state: StartState,
    /// The audit record of the write (its document is filled in).
    pub audit: AuditEntry,
}

/// The state an imported or created document starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartState {
    /// Published: the public sees it; it supersedes older versions of its source.
    Published,
    /// A draft of the user `created_by`: always a new version of its source,
    /// supersedes nothing, and keeps a snapshot of each revision.
    Draft {
        /// The user.
        created_by: Option<i64>,
    },
}

pub use StartState::Published;

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
pub(crate) enum V {
    S(Option<String>),
    I(Option<i64>),
    F(Option<f64>),
}

pub(crate) fn amount_strings(a: &Amounts) -> [Option<String>; 4] {
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

/// The tables a document writes, in insertion order (parents before children).
pub(crate) const TABLES: [&str; 9] =
    ["documents", "units", "projects", "figures", "plans", "tasks", "task_projects", "indicators", "findings"];

/// Ids handed out before any row is written, so that every row of a document
/// can be built at once and the rows sent together.
pub(crate) struct Ids {
    /// Per table, in [`TABLES`] order: the ids, one per row.
    ids: Vec<Vec<i64>>,
}

impl Ids {
    fn of(&self, table: &str) -> &[i64] {
        TABLES.iter().position(|t| *t == table).and_then(|k| self.ids.get(k)).map(Vec::as_slice).unwrap_or(&[])
    }

    fn at(&self, table: &str, k: usize) -> Result<i64> {
        self.of(table)
            .get(k)
            .copied()
            .ok_or_else(|| crate::StoreError::Corrupt(format!("no id allocated for {table} row {k}")))
    }
}

/// The rows of one table, made as they are sent (a large document's
/// indicator rows are never all held at once).
pub(crate) type Rows<'a> = Box<dyn Iterator<Item = Result<Vec<V>>> + Send + 'a>;

/// One table's rows of a document.
pub(crate) struct Insert<'a> {
    pub(crate) table: &'static str,
    pub(crate) columns: &'static [&'static str],
    pub(crate) rows: Rows<'a>,
}

impl<'a> Insert<'a> {
    /// Rows already made (the few of a document's head, units, plans …).
    fn made(table: &'static str, columns: &'static [&'static str], rows: Vec<Vec<V>>) -> Insert<'a> {
        Insert { table, columns, rows: Box::new(rows.into_iter().map(Ok)) }
    }
}

/// How many rows of each table a document writes, in [`TABLES`] order.
pub(crate) fn row_counts(doc: &Document, findings: usize) -> [usize; 9] {
    let mut n = [0usize; 9];
    n[0] = 1;
    match &doc.body {
        Body::Project(t) => {
            n[1] = t.units.len();
            n[2] = t.units.iter().map(|u| u.projects.len()).sum();
        }
        Body::Department(t) => {
            n[3] = t.figures.len();
            n[4] = t.plans.len();
            n[5] = t.plans.iter().map(|p| p.tasks.len()).sum();
            n[6] = t.plans.iter().flat_map(|p| &p.tasks).map(|t| t.projects.len()).sum();
        }
    }
    n[7] = doc.indicators().len();
    n[8] = findings;
    n
}

const UNIT_COLUMNS: [&str; 8] = ["id", "document_id", "position", "name", "total", "fiscal", "special_account", "other"];
const PROJECT_COLUMNS: [&str; 10] =
    ["id", "document_id", "unit_id", "position", "name", "total", "fiscal", "special_account", "other", "goal"];
const FIGURE_COLUMNS: [&str; 5] = ["id", "document_id", "position", "label", "value"];
const PLAN_COLUMNS: [&str; 5] = ["id", "document_id", "position", "horizon", "goal"];
const TASK_COLUMNS: [&str; 9] = ["id", "document_id", "plan_id", "position", "grp", "name", "content", "goal", "amount"];
const TASK_PROJECT_COLUMNS: [&str; 4] = ["id", "task_id", "position", "name"];
const INDICATOR_COLUMNS: [&str; 26] = [
    "id", "document_id", "project_id", "plan_id", "task_id", "position", "seq", "level1", "level1_code", "level2",
    "level2_code", "name", "explanation", "period_value", "annual_value", "comparator", "unit", "nature", "direction",
    "weight", "standard", "target", "target_kind", "target_number", "better", "grams",
];
const FINDING_COLUMNS: [&str; 9] =
    ["id", "document_id", "indicator_id", "position", "rule", "family", "severity", "message", "place"];
const DOCUMENT_COLUMNS: [&str; 22] = [
    "id", "source", "version", "content_hash", "imported_at", "kind", "title", "department", "year", "money_unit",
    "functions", "total", "fiscal", "special_account", "other", "indicator_count", "errors", "warnings", "infos",
    "state", "created_by", "updated_at",
];

/// An indicator with the ids of what it belongs to.
struct Owner {
    project_id: Option<i64>,
    plan_id: Option<i64>,
    task_id: Option<i64>,
}

impl Store {
    /// Stores a document with its findings. Unchanged content (same source and
    /// hash as the latest version) writes nothing; changed content becomes a new
    /// version and supersedes the old one.
    ///
    /// One transaction of three round trips after `BEGIN`: one query finds the
    /// latest version and the ids for every row, one writes all rows (SQLite:
    /// a multi-statement query that also fills the search index; PostgreSQL:
    /// one `WITH … INSERT` statement, split only past 30,000 parameters), then
    /// the commit.
    pub async fn import(&self, doc: &Document, prov: &Provenance, findings: &[NewFinding]) -> Result<ImportOutcome> {
        // SQLite: take the write lock at once, so the ids read below stay ours.
        let mut tx = self.begin_write().await?;
        // One query: the latest version of this source, and the ids for the
        // rows (SQLite: each table's last id; PostgreSQL: drawn from each
        // sequence, and wasted if the content is unchanged).
        let counts = row_counts(doc, findings.len());
        let latest_sql = "SELECT CAST('latest' AS TEXT) AS name, id, version, content_hash FROM documents \
             WHERE source = $1 ORDER BY version DESC LIMIT 1";
        let sql = match self.dialect {
            Dialect::Sqlite => format!(
                "SELECT name, id, version, content_hash FROM ({}) UNION ALL SELECT name, seq, NULL, NULL FROM sqlite_sequence",
                latest_sql.replace("$1", "?")
            ),
            Dialect::Postgres => {
                let mut parts = vec![format!("({latest_sql})")];
                for (t, n) in TABLES.iter().zip(counts).filter(|(_, n)| *n > 0) {
                    parts.push(format!(
                        "SELECT CAST('{t}' AS TEXT), nextval(pg_get_serial_sequence('{t}', 'id')), NULL, NULL \
                         FROM generate_series(1, {n})"
                    ));
                }
                parts.join(" UNION ALL ")
            }
        };
        let mut latest: Option<(i64, i64, String)> = None;
        let mut numbers: Vec<(String, i64)> = Vec::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&prov.source).fetch_all(&mut *tx).await? {
            let name: String = r.try_get("name")?;
            if name == "latest" {
                latest = Some((r.try_get("id")?, r.try_get("version")?, r.try_get("content_hash")?));
            } else {
                numbers.push((name, r.try_get("id")?));
            }
        }
        let mut version = 1;
        let mut supersede = false;
        if let Some((id, v, hash)) = latest {
            if hash == prov.content_hash && prov.state == Published {
                tx.rollback().await?;
                return Ok(ImportOutcome::Unchanged { id, version: v });
            }
            version = v + 1;
            supersede = prov.state == Published;
        }
        let ids = allocate_ids(self.dialect, &numbers, &counts)?;
        let doc_id = ids.at("documents", 0)?;
        let inserts = document_rows(doc, Some((prov, version)), doc_id, findings, &ids)?;
        write_rows(&mut tx, self.dialect, doc_id, supersede.then_some(&prov.source), inserts).await?;
        let mut audit = prov.audit.clone();
        audit.document_id = Some(doc_id);
        crate::audit::insert_audit(&mut tx, &audit).await?;
        crate::audit::ensure_department(&mut tx, self.dialect, &doc.department).await?;
        if let StartState::Draft { .. } = prov.state {
            crate::audit::snapshot(&mut tx, doc_id, 1, "draft", &audit, doc, false).await?;
        }
        tx.commit().await?;
        Ok(ImportOutcome::Stored { id: doc_id, version })
    }
}

/// The ids for `counts` rows of each table, from what the first query of an
/// import read (`numbers`: table and number). SQLite (under the write lock of
/// `BEGIN IMMEDIATE`) gives each table's last AUTOINCREMENT id, which the
/// explicit ids then advance; PostgreSQL gives one id per row, drawn from the
/// table's identity sequence.
pub(crate) fn allocate_ids(dialect: Dialect, numbers: &[(String, i64)], counts: &[usize; 9]) -> Result<Ids> {
    let mut ids: Vec<Vec<i64>> = vec![Vec::new(); TABLES.len()];
    match dialect {
        Dialect::Sqlite => {
            for (k, table) in TABLES.iter().enumerate() {
                let last = numbers.iter().find(|(t, _)| t == table).map(|(_, n)| *n).unwrap_or(0);
                ids[k] = (last + 1..last + 1 + counts[k] as i64).collect();
            }
        }
        Dialect::Postgres => {
            for (t, id) in numbers {
                if let Some(k) = TABLES.iter().position(|x| x == t) {
                    ids[k].push(*id);
                }
            }
        }
    }
    for (k, table) in TABLES.iter().enumerate() {
        if ids[k].len() != counts[k] {
            return Err(crate::StoreError::Corrupt(format!(
                "{} ids allocated for {} rows of {table}",
                ids[k].len(),
                counts[k]
            )));
        }
    }
    Ok(Ids { ids })
}

/// Every row of a document, with its allocated ids, table by table.
/// Without a provenance, only the child rows (for a content replacement).
pub(crate) fn document_rows<'a>(
    doc: &'a Document,
    head: Option<(&Provenance, i64)>,
    doc_id: i64,
    findings: &'a [NewFinding],
    ids: &'a Ids,
) -> Result<Vec<Insert<'a>>> {
    let count = |sev: &str| findings.iter().filter(|f| f.severity == sev).count() as i64;
    let (totals, functions) = match &doc.body {
        Body::Project(t) => (amount_strings(&t.totals), None),
        Body::Department(t) => ([None, None, None, None], t.functions.clone()),
    };
    let mut out = Vec::new();
    if let Some((prov, version)) = head {
    let mut document = vec![
        V::I(Some(doc_id)),
        V::S(Some(prov.source.clone())),
        V::I(Some(version)),
        V::S(Some(prov.content_hash.clone())),
        V::S(Some(prov.imported_at.clone())),
        V::S(Some(doc.kind().as_str().to_string())),
        V::S(doc.title.clone()),
        V::S(Some(doc.department.clone())),
        V::I(doc.year.map(i64::from)),
        V::S(Some(doc.money_unit.clone())),
        V::S(functions),
    ];
    document.extend(totals.map(V::S));
    document.extend([
        V::I(Some(doc.indicators().len() as i64)),
        V::I(Some(count("error"))),
        V::I(Some(count("warning"))),
        V::I(Some(count("info"))),
    ]);
    let (state, created_by) = match prov.state {
        StartState::Published => ("published", None),
        StartState::Draft { created_by } => ("draft", created_by),
    };
    document.extend([V::S(Some(state.into())), V::I(created_by), V::S(Some(prov.imported_at.clone()))]);
    out.push(Insert::made("documents", &DOCUMENT_COLUMNS, vec![document]));
    }

    let s4 = |a: &Amounts| amount_strings(a).map(V::S);
    let mut owners: Vec<(&Indicator, Owner)> = Vec::new();
    match &doc.body {
        Body::Project(t) => {
            let mut units = Vec::new();
            let mut projects = Vec::new();
            for (ui, u) in t.units.iter().enumerate() {
                let unit_id = ids.at("units", ui)?;
                let mut r = vec![V::I(Some(unit_id)), V::I(Some(doc_id)), V::I(Some(ui as i64)), V::S(Some(u.name.clone()))];
                r.extend(s4(&u.amounts));
                units.push(r);
                for p in &u.projects {
                    // Projects are numbered across the document.
                    let k = projects.len();
                    let project_id = ids.at("projects", k)?;
                    let mut r = vec![
                        V::I(Some(project_id)),
                        V::I(Some(doc_id)),
                        V::I(Some(unit_id)),
                        V::I(Some(k as i64)),
                        V::S(Some(p.name.clone())),
                    ];
                    r.extend(s4(&p.amounts));
                    r.push(V::S(p.goal.clone()));
                    projects.push(r);
                    owners.extend(p.indicators.iter().map(|ind| {
                        (ind, Owner { project_id: Some(project_id), plan_id: None, task_id: None })
                    }));
                }
            }
            out.push(Insert::made("units", &UNIT_COLUMNS, units));
            out.push(Insert::made("projects", &PROJECT_COLUMNS, projects));
        }
        Body::Department(t) => {
            let figures = t
                .figures
                .iter()
                .enumerate()
                .map(|(fi, f)| {
                    Ok(vec![
                        V::I(Some(ids.at("figures", fi)?)),
                        V::I(Some(doc_id)),
                        V::I(Some(fi as i64)),
                        V::S(Some(f.label.clone())),
                        V::S(Some(f.value.to_string())),
                    ])
                })
                .collect::<Result<Vec<_>>>()?;
            out.push(Insert::made("figures", &FIGURE_COLUMNS, figures));
            let mut plans = Vec::new();
            let mut tasks = Vec::new();
            let mut task_projects = Vec::new();
            for (pli, pl) in t.plans.iter().enumerate() {
                let plan_id = ids.at("plans", pli)?;
                let horizon = match pl.horizon {
                    Horizon::Annual => "annual",
                    Horizon::MultiYear => "multi_year",
                };
                plans.push(vec![
                    V::I(Some(plan_id)),
                    V::I(Some(doc_id)),
                    V::I(Some(pli as i64)),
                    V::S(Some(horizon.into())),
                    V::S(pl.goal.clone()),
                ]);
                owners.extend(
                    pl.indicators.iter().map(|ind| (ind, Owner { project_id: None, plan_id: Some(plan_id), task_id: None })),
                );
                for task in &pl.tasks {
                    // Tasks are numbered across the document.
                    let k = tasks.len();
                    let task_id = ids.at("tasks", k)?;
                    let group = match task.group {
                        TaskGroup::Key => "key",
                        TaskGroup::Other => "other",
                    };
                    tasks.push(vec![
                        V::I(Some(task_id)),
                        V::I(Some(doc_id)),
                        V::I(Some(plan_id)),
                        V::I(Some(k as i64)),
                        V::S(Some(group.into())),
                        V::S(Some(task.name.clone())),
                        V::S(task.content.clone()),
                        V::S(task.goal.clone()),
                        V::S(task.amount.map(|a| a.to_string())),
                    ]);
                    for (j, name) in task.projects.iter().enumerate() {
                        let id = ids.at("task_projects", task_projects.len())?;
                        task_projects.push(vec![
                            V::I(Some(id)),
                            V::I(Some(task_id)),
                            V::I(Some(j as i64)),
                            V::S(Some(name.clone())),
                        ]);
                    }
                    owners.extend(task.indicators.iter().map(|ind| {
                        (ind, Owner { project_id: None, plan_id: Some(plan_id), task_id: Some(task_id) })
                    }));
                }
            }
            out.push(Insert::made("plans", &PLAN_COLUMNS, plans));
            out.push(Insert::made("tasks", &TASK_COLUMNS, tasks));
            out.push(Insert::made("task_projects", &TASK_PROJECT_COLUMNS, task_projects));
        }
    }

    let indicator_ids = ids.of("indicators");
    let indicators = owners.into_iter().enumerate().map(move |(position, (i, o))| {
            let (target, kind, number, better) = target_columns(i);
            Ok(vec![
                V::I(Some(ids.at("indicators", position)?)),
                V::I(Some(doc_id)),
                V::I(o.project_id),
                V::I(o.plan_id),
                V::I(o.task_id),
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
            ])
    });
    out.push(Insert { table: "indicators", columns: &INDICATOR_COLUMNS, rows: Box::new(indicators) });

    let finding_rows = findings.iter().enumerate().map(move |(k, f)| {
            Ok(vec![
                V::I(Some(ids.at("findings", k)?)),
                V::I(Some(doc_id)),
                V::I(f.indicator.and_then(|i| indicator_ids.get(i).copied())),
                V::I(Some(k as i64)),
                V::S(Some(f.rule.clone())),
                V::S(Some(f.family.clone())),
                V::S(Some(f.severity.clone())),
                V::S(Some(f.message.clone())),
                V::S(Some(f.place.to_string())),
            ])
    });
    out.push(Insert { table: "findings", columns: &FINDING_COLUMNS, rows: Box::new(finding_rows) });
    Ok(out)
}
