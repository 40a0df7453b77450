//! Monitoring rounds (one per document and month reached), their lights, the
//! warning policy, and the region-wide list of laggards.
//!
//! Lights are computed by `jixiao_core::monitor` in the use-case layer and
//! stored with their reasons, so that the laggard list is one indexed query;
//! a change of policy recomputes them ([`Store::relight_round`]).

use crate::audit::{insert_audit, now_secs, rfc3339};
use crate::{AuditEntry, Result, Store, StoreError};
use sqlx::Row;

/// One project of a round: budget execution so far.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundProject {
    /// The project's place among the document's projects (0-based, document order).
    pub position: i64,
    /// 项目名称.
    pub name: String,
    /// The year's budget (年初预算数 or adjusted).
    pub budget: Option<String>,
    /// Executed so far.
    pub executed: Option<String>,
    /// Expected by the year's end (全年预计执行数).
    pub expected: Option<String>,
    /// Light of the execution: `green`, `yellow`, `red`, `grey`.
    pub execution_light: String,
    /// Light of the whole project (execution and its indicators).
    pub light: String,
    /// The rule and figures of the project's light.
    pub reason: String,
}

/// One indicator of a round.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoundIndicator {
    /// The indicator's place in the document (0-based, document order).
    pub position: i64,
    /// The project it belongs to (its position), if any.
    pub project: Option<i64>,
    /// 三级指标 name.
    pub name: String,
    /// Actual so far.
    pub actual: Option<String>,
    /// Expected full-year value.
    pub expected: Option<String>,
    /// `certain`, `possible`, `impossible`.
    pub likelihood: Option<String>,
    /// Causes of a deviation (`funding`, `rules`, `staffing`, `equipment`, `other`).
    pub causes: Vec<String>,
    /// 原因说明.
    pub explanation: Option<String>,
    /// Corrective action (整改措施).
    pub action: Option<String>,
    /// 备注.
    pub note: Option<String>,
    /// Its light.
    pub light: String,
    /// The rule and figures of its light.
    pub reason: String,
}

/// A monitoring round as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRound {
    /// Its id.
    pub id: i64,
    /// The document monitored.
    pub document_id: i64,
    /// The last month it covers (7 for 1–7月).
    pub month: i64,
    /// `reported`, `checked` or `returned`.
    pub state: String,
    /// Who entered it last.
    pub reported_by: String,
    /// Who checked it, if anyone.
    pub checked_by: Option<String>,
    /// When it last changed.
    pub updated_at: String,
    /// The light of the whole document.
    pub light: String,
    /// Its projects.
    pub projects: Vec<RoundProject>,
    /// Its indicators.
    pub indicators: Vec<RoundIndicator>,
}

/// A round entered or imported.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    /// The document monitored.
    pub document_id: i64,
    /// The last month it covers.
    pub month: i64,
    /// The light of the whole document.
    pub light: String,
    /// Its projects.
    pub projects: Vec<RoundProject>,
    /// Its indicators.
    pub indicators: Vec<RoundIndicator>,
}

/// One line of the laggard list.
#[derive(Debug, Clone, PartialEq)]
pub struct Laggard {
    /// The round.
    pub round_id: i64,
    /// The document.
    pub document_id: i64,
    /// Its department.
    pub department: String,
    /// Its year.
    pub year: Option<i64>,
    /// The month the round reached.
    pub month: i64,
    /// The project.
    pub project: String,
    /// `yellow` or `red`.
    pub light: String,
    /// Budget and executed so far.
    pub budget: Option<String>,
    /// Executed so far.
    pub executed: Option<String>,
    /// Why.
    pub reason: String,
    /// Project position (document order).
    pub position: i64,
    /// The causes given for its indicators.
    pub causes: Vec<LaggardCause>,
}

/// The cause of one indicator's deviation, as reported.
#[derive(Debug, Clone, PartialEq)]
pub struct LaggardCause {
    /// 三级指标 name.
    pub indicator: String,
    /// Cause keys (`funding` …).
    pub causes: Vec<String>,
    /// 原因说明.
    pub explanation: Option<String>,
    /// Corrective action.
    pub action: Option<String>,
}

/// How the laggard list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LaggardOrder {
    /// Red first, then by department.
    #[default]
    Light,
    /// By department, then project.
    Department,
    /// Lowest execution rate first.
    Execution,
}

/// The rank of a stored light for sorting (red highest), in the order of
/// `jixiao_core::monitor::Light`.
pub fn light_rank(light: &str) -> i64 {
    jixiao_core::monitor::Light::from_key(light) as i64
}

impl Store {
    /// Saves a round (a new one, or replacing the round of the same document
    /// and month, which goes back to `reported`), with an audit record.
    pub async fn save_round(&self, r: &NewRound, audit: &AuditEntry) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let now = rfc3339(now_secs());
        let existing = sqlx::query("SELECT id FROM monitoring_rounds WHERE document_id = $1 AND month = $2")
            .bind(r.document_id)
            .bind(r.month)
            .fetch_optional(&mut *tx)
            .await?;
        let id: i64 = match existing {
            Some(row) => {
                let id: i64 = row.try_get("id")?;
                sqlx::query("DELETE FROM monitoring_indicators WHERE round_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM monitoring_projects WHERE round_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query(
                    "UPDATE monitoring_rounds SET state = 'reported', reported_by = $1, checked_by = NULL, \
                     updated_at = $2, light = $3, light_rank = $4 WHERE id = $5",
                )
                .bind(&audit.actor_name)
                .bind(&now)
                .bind(&r.light)
                .bind(light_rank(&r.light))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => sqlx::query(
                "INSERT INTO monitoring_rounds (document_id, month, state, reported_by, updated_at, light, light_rank) \
                 VALUES ($1, $2, 'reported', $3, $4, $5, $6) RETURNING id",
            )
            .bind(r.document_id)
            .bind(r.month)
            .bind(&audit.actor_name)
            .bind(&now)
            .bind(&r.light)
            .bind(light_rank(&r.light))
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?,
        };
        let department: String = sqlx::query("SELECT department FROM documents WHERE id = $1")
            .bind(r.document_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("department")?;
        for p in &r.projects {
            sqlx::query(
                "INSERT INTO monitoring_projects (round_id, position, name, budget, executed, expected, \
                 execution_light, light, light_rank, reason, rate, department) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id)
            .bind(p.position)
            .bind(&p.name)
            .bind(&p.budget)
            .bind(&p.executed)
            .bind(&p.expected)
            .bind(&p.execution_light)
            .bind(&p.light)
            .bind(light_rank(&p.light))
            .bind(&p.reason)
            .bind(rate(p))
            .bind(&department)
            .execute(&mut *tx)
            .await?;
        }
        // Only the projects of the document's latest round are in the laggard list.
        sqlx::query(
            "UPDATE monitoring_projects SET latest = CASE WHEN round_id = \
             (SELECT id FROM monitoring_rounds WHERE document_id = $1 ORDER BY month DESC LIMIT 1) THEN 1 ELSE 0 END \
             WHERE round_id IN (SELECT id FROM monitoring_rounds WHERE document_id = $2)",
        )
        .bind(r.document_id)
        .bind(r.document_id)
        .execute(&mut *tx)
        .await?;
        for i in &r.indicators {
            sqlx::query(
                "INSERT INTO monitoring_indicators (round_id, position, project, name, actual, expected, likelihood, \
                 causes, explanation, action, note, light, reason) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(id)
            .bind(i.position)
            .bind(i.project)
            .bind(&i.name)
            .bind(&i.actual)
            .bind(&i.expected)
            .bind(&i.likelihood)
            .bind(i.causes.join(","))
            .bind(&i.explanation)
            .bind(&i.action)
            .bind(&i.note)
            .bind(&i.light)
            .bind(&i.reason)
            .execute(&mut *tx)
            .await?;
        }
        let mut audit = audit.clone();
        audit.document_id = Some(r.document_id);
        let mut detail = audit.detail.take().unwrap_or_else(|| serde_json::json!({}));
        detail["round_id"] = serde_json::json!(id);
        detail["month"] = serde_json::json!(r.month);
        audit.detail = Some(detail);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets a round's state (`checked`, `returned`) with an audit record.
    /// False when there is no such round.
    pub async fn set_round_state(&self, round_id: i64, state: &str, audit: &AuditEntry) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let checked_by = (state == "checked").then(|| audit.actor_name.clone());
        let done = sqlx::query("UPDATE monitoring_rounds SET state = $1, checked_by = $2, updated_at = $3 WHERE id = $4")
            .bind(state)
            .bind(checked_by)
            .bind(rfc3339(now_secs()))
            .bind(round_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if done {
            insert_audit(&mut tx, audit).await?;
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(done)
    }

    /// The rounds of a document, latest month first, without their rows.
    pub async fn rounds(&self, document_id: i64) -> Result<Vec<StoredRound>> {
        sqlx::query(
            "SELECT id, document_id, month, state, reported_by, checked_by, updated_at, light \
             FROM monitoring_rounds WHERE document_id = $1 ORDER BY month DESC",
        )
        .bind(document_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(round_head)
        .collect()
    }

    /// One round with its projects and indicators.
    pub async fn round(&self, round_id: i64) -> Result<Option<StoredRound>> {
        let Some(head) = sqlx::query(
            "SELECT id, document_id, month, state, reported_by, checked_by, updated_at, light FROM monitoring_rounds WHERE id = $1",
        )
        .bind(round_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let mut round = round_head(&head)?;
        for r in sqlx::query(
            "SELECT position, name, budget, executed, expected, execution_light, light, reason \
             FROM monitoring_projects WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        {
            round.projects.push(RoundProject {
                position: r.try_get("position")?,
                name: r.try_get("name")?,
                budget: r.try_get("budget")?,
                executed: r.try_get("executed")?,
                expected: r.try_get("expected")?,
                execution_light: r.try_get("execution_light")?,
                light: r.try_get("light")?,
                reason: r.try_get("reason")?,
            });
        }
        for r in sqlx::query(
            "SELECT position, project, name, actual, expected, likelihood, causes, explanation, action, note, light, reason \
             FROM monitoring_indicators WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?
        {
            let causes: String = r.try_get("causes")?;
            round.indicators.push(RoundIndicator {
                position: r.try_get("position")?,
                project: r.try_get("project")?,
                name: r.try_get("name")?,
                actual: r.try_get("actual")?,
                expected: r.try_get("expected")?,
                likelihood: r.try_get("likelihood")?,
                causes: causes.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                explanation: r.try_get("explanation")?,
                action: r.try_get("action")?,
                note: r.try_get("note")?,
                light: r.try_get("light")?,
                reason: r.try_get("reason")?,
            });
        }
        Ok(Some(round))
    }

    /// Every round id (for recomputing lights after a change of policy).
    pub async fn round_ids(&self) -> Result<Vec<i64>> {
        sqlx::query("SELECT id FROM monitoring_rounds ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get("id")?))
            .collect()
    }

    /// Replaces the lights of a round (same rows, new policy), in one transaction.
    pub async fn relight_round(&self, round: &StoredRound) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE monitoring_rounds SET light = $1, light_rank = $2 WHERE id = $3")
            .bind(&round.light)
            .bind(light_rank(&round.light))
            .bind(round.id)
            .execute(&mut *tx)
            .await?;
        for p in &round.projects {
            sqlx::query(
                "UPDATE monitoring_projects SET execution_light = $1, light = $2, light_rank = $3, reason = $4 \
                 WHERE round_id = $5 AND position = $6",
            )
            .bind(&p.execution_light)
            .bind(&p.light)
            .bind(light_rank(&p.light))
            .bind(&p.reason)
            .bind(round.id)
            .bind(p.position)
            .execute(&mut *tx)
            .await?;
        }
        for i in &round.indicators {
            sqlx::query("UPDATE monitoring_indicators SET light = $1, reason = $2 WHERE round_id = $3 AND position = $4")
                .bind(&i.light)
                .bind(&i.reason)
                .bind(round.id)
                .bind(i.position)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The stored warning policy (JSON), if an admin set one.
    pub async fn warning_policy(&self) -> Result<Option<serde_json::Value>> {
        let Some(r) = sqlx::query("SELECT policy FROM warning_policy WHERE id = 1").fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let text: String = r.try_get("policy")?;
        serde_json::from_str(&text).map(Some).map_err(|e| StoreError::Corrupt(format!("warning policy: {e}")))
    }

    /// Stores the warning policy, with an audit record of before and after.
    pub async fn set_warning_policy(&self, policy: &serde_json::Value, audit: &AuditEntry) -> Result<()> {
        let before = self.warning_policy().await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO warning_policy (id, policy, updated_at, updated_by) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(policy.to_string())
        .bind(rfc3339(now_secs()))
        .bind(&audit.actor_name)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(serde_json::json!({ "before": before, "after": policy }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Projects lit yellow or red in the latest round of each document, of
    /// the given departments (all when `None`), sorted, at most `limit`.
    pub async fn laggards(&self, departments: Option<&[String]>, order: LaggardOrder, limit: i64) -> Result<Vec<Laggard>> {
        // Projects first, in the order of one of the laggard indexes (SQLite
        // keeps the order of a CROSS JOIN), so that only the rows listed are read.
        let mut sql = String::from(
            "SELECT r.id AS round_id, r.document_id, d.department, d.year, r.month, p.name AS project, p.light, \
             p.budget, p.executed, p.reason, p.position \
             FROM monitoring_projects p CROSS JOIN monitoring_rounds r CROSS JOIN documents d \
             WHERE r.id = p.round_id AND d.id = r.document_id \
             AND p.latest = 1 AND p.light_rank >= 2 AND d.superseded = 0",
        );
        let mut binds: Vec<String> = Vec::new();
        if let Some(deps) = departments {
            if deps.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = (0..deps.len()).map(|k| format!("${}", k + 1)).collect();
            sql.push_str(&format!(" AND p.department IN ({})", marks.join(", ")));
            binds.extend(deps.iter().cloned());
        }
        sql.push_str(match order {
            LaggardOrder::Light => " ORDER BY p.latest, p.light_rank DESC, p.department, p.position",
            LaggardOrder::Department => " ORDER BY p.latest, p.department, p.position",
            LaggardOrder::Execution => " ORDER BY p.latest, p.rate ASC",
        });
        sql.push_str(&format!(" LIMIT {}", limit.clamp(1, 10_000)));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b);
        }
        let mut list = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Laggard {
                    round_id: r.try_get("round_id")?,
                    document_id: r.try_get("document_id")?,
                    department: r.try_get("department")?,
                    year: r.try_get("year")?,
                    month: r.try_get("month")?,
                    project: r.try_get("project")?,
                    light: r.try_get("light")?,
                    budget: r.try_get("budget")?,
                    executed: r.try_get("executed")?,
                    reason: r.try_get("reason")?,
                    position: r.try_get("position")?,
                    causes: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // The causes of the listed projects: one query.
        let mut ids: Vec<i64> = list.iter().map(|l| l.round_id).collect();
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            let marks: Vec<String> = (0..ids.len()).map(|k| format!("${}", k + 1)).collect();
            let sql = format!(
                "SELECT round_id, project, name, causes, explanation, action FROM monitoring_indicators \
                 WHERE round_id IN ({}) AND (causes <> '' OR explanation IS NOT NULL OR action IS NOT NULL) ORDER BY position",
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in &ids {
                q = q.bind(id);
            }
            for r in q.fetch_all(&self.pool).await? {
                let (round, project): (i64, Option<i64>) = (r.try_get("round_id")?, r.try_get("project")?);
                let causes: String = r.try_get("causes")?;
                let cause = LaggardCause {
                    indicator: r.try_get("name")?,
                    causes: causes.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                    explanation: r.try_get("explanation")?,
                    action: r.try_get("action")?,
                };
                for l in list.iter_mut().filter(|l| l.round_id == round && Some(l.position) == project) {
                    l.causes.push(cause.clone());
                }
            }
        }
        Ok(list)
    }
}

/// The execution rate of a project row (percent), for sorting; 101 when unknown.
/// An amount of a round as stored (a decimal written out), `None` when absent or unreadable.
pub fn stored_amount(s: &Option<String>) -> Option<rust_decimal::Decimal> {
    s.as_deref().and_then(|v| v.trim().parse().ok())
}

/// Executed ÷ budget in percent, for sorting (101 when either is missing: last).
fn rate(p: &RoundProject) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    match (stored_amount(&p.budget), stored_amount(&p.executed)) {
        (Some(b), Some(e)) if b > rust_decimal::Decimal::ZERO => (e / b * rust_decimal::Decimal::from(100)).to_f64().unwrap_or(101.0),
        _ => 101.0,
    }
}

fn round_head(r: &sqlx::any::AnyRow) -> Result<StoredRound> {
    Ok(StoredRound {
        id: r.try_get("id")?,
        document_id: r.try_get("document_id")?,
        month: r.try_get("month")?,
        state: r.try_get("state")?,
        reported_by: r.try_get("reported_by")?,
        checked_by: r.try_get("checked_by")?,
        updated_at: r.try_get("updated_at")?,
        light: r.try_get("light")?,
        projects: Vec::new(),
        indicators: Vec::new(),
    })
}
