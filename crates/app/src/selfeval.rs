//! The year-end self-evaluation (绩效自评) of a stored target table: every
//! project scored by `jixiao_core::score` from the actual values and the
//! amount executed of its latest monitoring round (the 1–12月 round at year
//! end; an earlier round gives a provisional score), a department summary,
//! and one indicator's target, actual and score across years.

use crate::monitor::{projects, target_text};
use crate::{Actor, App, AppError, AppResult};
use jixiao_core::access::Action;
use jixiao_core::score::{self, Actual, Evaluation, IndicatorInput, Policy, Rating};
use jixiao_core::taxonomy::Level1;
use jixiao_core::Document;
use jixiao_store::{stored_amount, StoredRound};
use rust_decimal::Decimal;
use serde::Serialize;

/// One project scored.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectEvaluation {
    /// 项目名称.
    pub name: String,
    /// Every indicator, execution, total and grade, each with its formula.
    pub evaluation: Evaluation,
}

/// A department's projects together.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Projects scored.
    pub projects: usize,
    /// The budget-weighted mean of the project totals (the plain mean where
    /// a budget is missing), two decimals.
    pub score: Decimal,
    /// Its grade.
    pub grade: Rating,
    /// How it came about.
    pub formula: String,
    /// Projects per grade: 优, 良, 中, 差.
    pub grades: [usize; 4],
}

/// The self-evaluation of one document.
#[derive(Debug, Clone, Serialize)]
pub struct SelfEvaluation {
    /// The document.
    pub document_id: i64,
    /// Its department.
    pub department: String,
    /// Its year.
    pub year: Option<i32>,
    /// The round the actual values come from.
    pub round_id: i64,
    /// The last month it covers: 12 for a final score, less for a provisional one.
    pub month: i64,
    /// Each project.
    pub projects: Vec<ProjectEvaluation>,
    /// The department summary.
    pub summary: Summary,
}

/// One year of an indicator's history.
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    /// The year.
    pub year: Option<i32>,
    /// The document.
    pub document_id: i64,
    /// The project.
    pub project: String,
    /// The target as printed.
    pub target: String,
    /// The actual value (latest round), if any.
    pub actual: Option<String>,
    /// The month of that round.
    pub month: Option<i64>,
    /// The score and its weight (`None` without a round, or not applicable).
    pub score: Option<Decimal>,
    /// Out of.
    pub weight: Option<Decimal>,
    /// How the score came about.
    pub formula: Option<String>,
}

/// A printed level-1 category (`产出指标`, `1-产出指标`, `01 产出指标`).
pub(crate) fn level1(text: &str) -> Option<Level1> {
    let t = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '.' || c == '、' || c.is_whitespace());
    Level1::from_name(t)
}

/// Scores every project of `doc` from `round`.
pub fn evaluate_round(document_id: i64, doc: &Document, round: &StoredRound, policy: &Policy) -> SelfEvaluation {
    let mut out = Vec::new();
    for (pos, name, total, inds) in projects(doc) {
        let reported = round.projects.iter().find(|p| p.position == pos);
        let inputs: Vec<IndicatorInput> = inds
            .iter()
            .map(|(at, i)| {
                let target = target_text(i);
                let actual = round.indicators.iter().find(|r| r.position == *at).and_then(|r| r.actual.as_deref());
                IndicatorInput {
                    name: i.name.clone(),
                    level1: i.level1.as_deref().and_then(level1),
                    actual: actual.map_or(Actual::Missing, |a| Actual::read_for(a, &target)),
                    target_text: target,
                    weight: i.weight,
                }
            })
            .collect();
        let budget = reported.and_then(|p| stored_amount(&p.budget)).or(total);
        let executed = reported.and_then(|p| stored_amount(&p.executed));
        let execution = score::execution(budget, executed, policy);
        out.push(ProjectEvaluation { name: name.to_string(), evaluation: score::evaluate(&inputs, execution, policy) });
    }
    let summary = summarise(&out);
    SelfEvaluation {
        document_id,
        department: doc.department.clone(),
        year: doc.year,
        round_id: round.id,
        month: round.month,
        projects: out,
        summary,
    }
}

/// The department's score: project totals weighted by their budgets.
fn summarise(projects: &[ProjectEvaluation]) -> Summary {
    let mut grades = [0usize; 4];
    for p in projects {
        grades[match p.evaluation.grade {
            Rating::Excellent => 0,
            Rating::Good => 1,
            Rating::Fair => 2,
            Rating::Poor => 3,
        }] += 1;
    }
    let budgets: Option<Vec<Decimal>> =
        projects.iter().map(|p| p.evaluation.execution.budget.filter(|b| *b > Decimal::ZERO)).collect();
    let (score, formula) = match budgets {
        Some(b) if !b.is_empty() => {
            let sum: Decimal = b.iter().sum();
            let weighted: Decimal = projects.iter().zip(&b).map(|(p, b)| p.evaluation.total * b).sum();
            let s = score::round2(weighted / sum);
            let parts: Vec<String> =
                projects.iter().zip(&b).map(|(p, b)| format!("{:.2} × {}", p.evaluation.total, score::show(*b))).collect();
            (s, format!("部门得分 {s:.2} = （{}）÷ 预算合计 {}", parts.join(" + "), score::show(sum)))
        }
        _ if projects.is_empty() => (Decimal::ZERO, "没有可评分的项目".to_string()),
        _ => {
            let sum: Decimal = projects.iter().map(|p| p.evaluation.total).sum();
            let s = score::round2(sum / Decimal::from(projects.len()));
            (s, format!("部门得分 {s:.2} = {} 个项目得分之和 {} ÷ {}（有项目缺少预算数，按简单平均）", projects.len(), score::show(sum), projects.len()))
        }
    };
    Summary { projects: projects.len(), score, grade: Rating::of(score), formula, grades }
}

impl App {
    /// The self-evaluation of a document from its latest monitoring round;
    /// `None` when no round has been entered yet.
    pub async fn self_evaluation(&self, actor: &Actor, document_id: i64) -> AppResult<Option<SelfEvaluation>> {
        Ok(self.evaluated(actor, document_id).await?.1)
    }

    /// The stored document with its self-evaluation (read once for both).
    async fn evaluated(&self, actor: &Actor, document_id: i64) -> AppResult<(jixiao_store::StoredDocument, Option<SelfEvaluation>)> {
        let (stored, _, _) = self.checked(actor, document_id, Action::ViewMonitoring, "查看该目标表的绩效自评").await?;
        let Some(head) = self.store.rounds(document_id).await?.into_iter().next() else { return Ok((stored, None)) };
        let round = self.store.round(head.id).await?.ok_or_else(|| AppError::NotFound("监控记录已被替换，请刷新".into()))?;
        if projects(&stored.document).is_empty() {
            return Err(AppError::Invalid("绩效自评按项目评分，该目标表没有项目".into()));
        }
        let ev = evaluate_round(document_id, &stored.document, &round, &Policy::default());
        Ok((stored, Some(ev)))
    }

    /// One indicator (by project and indicator name) of a department across
    /// the years this actor may see, with the score of each year's latest round.
    pub async fn indicator_years(&self, actor: &Actor, department: &str, project: &str, indicator: &str) -> AppResult<Vec<YearRow>> {
        let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let mut out = Vec::new();
        for d in self.store.department_documents(department).await? {
            let (stored, ev) = match self.evaluated(actor, d.id).await {
                Ok(x) => x,
                Err(AppError::Forbidden(_) | AppError::SignIn(_) | AppError::Invalid(_)) => continue,
                Err(e) => return Err(e),
            };
            for (_, name, _, inds) in projects(&stored.document) {
                if key(name) != key(project) {
                    continue;
                }
                for (k, (_, i)) in inds.iter().enumerate() {
                    if key(&i.name) != key(indicator) {
                        continue;
                    }
                    let scored = ev.as_ref().and_then(|e| e.projects.iter().find(|p| key(&p.name) == key(name))).and_then(|p| p.evaluation.indicators.get(k));
                    let actual = scored.map(|s| s.actual.clone()).filter(|a| !a.is_empty() && a != "—");
                    out.push(YearRow {
                        year: stored.document.year,
                        document_id: d.id,
                        project: name.to_string(),
                        target: target_text(i),
                        actual,
                        month: ev.as_ref().map(|e| e.month),
                        score: scored.and_then(|s| s.score),
                        weight: scored.map(|s| s.weight),
                        formula: scored.map(|s| s.formula.clone()),
                    });
                }
            }
        }
        out.sort_by_key(|r| r.year);
        Ok(out)
    }
}

/// `1–12月`.
pub fn period_text(month: i64) -> String {
    if month <= 1 {
        "1月".to_string()
    } else {
        format!("1–{month}月")
    }
}

/// The self-evaluation laid out as the official 自评表 (summary first).
pub fn sheet(ev: &SelfEvaluation, money_unit: &str) -> jixiao_office::layout::Sheet {
    use jixiao_office::layout::selfeval::{sheet, DepartmentScore, Heading};
    let period = period_text(ev.month);
    let projects: Vec<(&str, &Evaluation)> = ev.projects.iter().map(|p| (p.name.as_str(), &p.evaluation)).collect();
    sheet(
        &Heading { department: &ev.department, year: ev.year, period: &period, money_unit },
        &projects,
        &DepartmentScore { score: ev.summary.score, grade: ev.summary.grade.name_zh(), formula: &ev.summary.formula },
    )
}

impl App {
    /// The self-evaluation as a file (XLSX, PDF, CSV or JSON) for whoever may see it.
    pub async fn export_self_evaluation(&self, actor: &Actor, document_id: i64, format: crate::export::ExportFormat) -> AppResult<crate::export::Exported> {
        use crate::export::{safe_file_name, sheet_bytes, ExportFormat, Exported};
        let (stored, ev) = self.evaluated(actor, document_id).await?;
        let ev = ev.ok_or_else(|| AppError::NotFound("该目标表尚未填报执行监控数据，无法自评".into()))?;
        let unit = stored.document.money_unit.clone();
        let base = format!("{}{}项目支出绩效自评表", ev.year.map(|y| format!("{y}年")).unwrap_or_default(), ev.department);
        let file_name = safe_file_name(&base, format);
        if format == ExportFormat::Json {
            let bytes = serde_json::to_vec_pretty(&ev).map_err(|e| AppError::Internal(e.to_string()))?;
            return Ok(Exported { bytes, format, file_name });
        }
        let bytes = tokio::task::spawn_blocking(move || sheet_bytes(&sheet(&ev, &unit), format, None))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        Ok(Exported { bytes, format, file_name })
    }
}
