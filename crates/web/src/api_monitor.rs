//! The API of monitoring rounds and warnings: thin adapters over
//! `jixiao_app::monitor`.

use crate::api_work::body;
use crate::auth::{api_error, Auth};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jixiao_app::monitor::RoundReport;
use jixiao_app::AppError;
use jixiao_core::monitor::{Cause, WarningPolicy};
use jixiao_store::{Laggard, LaggardOrder, StoredRound};
use serde::Deserialize;
use serde_json::{json, Value};

type Answer = Result<Response, Response>;

fn round_json(r: &StoredRound) -> Value {
    json!({
        "id": r.id, "document_id": r.document_id, "month": r.month, "state": r.state, "light": r.light,
        "reported_by": r.reported_by, "checked_by": r.checked_by, "updated_at": r.updated_at,
        "projects": r.projects.iter().map(|p| json!({"position": p.position, "name": p.name, "budget": p.budget,
            "executed": p.executed, "expected": p.expected, "execution_light": p.execution_light, "light": p.light,
            "reason": p.reason})).collect::<Vec<_>>(),
        "indicators": r.indicators.iter().map(|i| json!({"position": i.position, "project": i.project, "name": i.name,
            "actual": i.actual, "expected": i.expected, "likelihood": i.likelihood, "causes": Cause::names_zh(&i.causes),
            "explanation": i.explanation, "action": i.action, "note": i.note, "light": i.light, "reason": i.reason}))
            .collect::<Vec<_>>(),
    })
}

fn laggard_json(l: &Laggard) -> Value {
    json!({
        "round_id": l.round_id, "document_id": l.document_id, "department": l.department, "year": l.year,
        "month": l.month, "project": l.project, "light": l.light, "budget": l.budget, "executed": l.executed,
        "reason": l.reason,
        "causes": l.causes.iter().map(|c| json!({"indicator": c.indicator, "causes": Cause::names_zh(&c.causes),
            "explanation": c.explanation, "action": c.action})).collect::<Vec<_>>(),
    })
}

/// `GET /api/documents/{id}/monitoring`: the rounds, latest first.
pub async fn rounds(State(st): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Answer {
    let rounds = st.app.rounds(&auth.actor, id).await.map_err(api_error)?;
    Ok(Json(json!({"rounds": rounds.iter().map(round_json).collect::<Vec<_>>()})).into_response())
}

/// `POST /api/documents/{id}/monitoring`: enter (or replace) a round.
pub async fn report(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Path(id): Path<i64>, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let b: RoundReport = body(&bytes)?;
    let out = st.app.report_round(&auth.actor, id, &b).await.map_err(api_error)?;
    Ok((StatusCode::CREATED, Json(json!({"round_id": out.round_id, "light": out.light, "unmatched": out.unmatched}))).into_response())
}

#[derive(Deserialize)]
pub struct CheckBody {
    confirm: bool,
}

/// `POST /api/monitoring/{round}/check`: the approver confirms or returns a round.
pub async fn check(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Path(round): Path<i64>, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let b: CheckBody = body(&bytes)?;
    st.app.check_round(&auth.actor, round, b.confirm).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
pub struct LaggardQuery {
    order: Option<String>,
    limit: Option<i64>,
}

/// `GET /api/laggards`: yellow and red projects of the latest rounds this user may see.
pub async fn laggards(State(st): State<AppState>, auth: Auth, Query(q): Query<LaggardQuery>) -> Answer {
    let order = match q.order.as_deref() {
        None | Some("light") => LaggardOrder::Light,
        Some("department") => LaggardOrder::Department,
        Some("execution") => LaggardOrder::Execution,
        Some(o) => return Err(api_error(AppError::Invalid(format!("未知的排序方式「{o}」（light、department 或 execution）")))),
    };
    let limit = q.limit.unwrap_or(200);
    if !(1..=10_000).contains(&limit) {
        return Err(crate::errors::json_error(StatusCode::BAD_REQUEST, format!("条数 limit 应为 1 到 10000，收到 {limit}")));
    }
    let list = st.app.laggards(&auth.actor, order, limit).await.map_err(api_error)?;
    Ok(Json(json!({"laggards": list.iter().map(laggard_json).collect::<Vec<_>>()})).into_response())
}

/// `GET /api/warning-policy`: the thresholds in force.
pub async fn policy_get(State(st): State<AppState>) -> Answer {
    Ok(Json(json!(st.app.warning_policy().await.map_err(api_error)?)).into_response())
}

/// `PUT /api/warning-policy`: an admin changes them; every round is relit.
pub async fn policy_put(State(st): State<AppState>, auth: Auth, headers: HeaderMap, bytes: axum::body::Bytes) -> Answer {
    auth.check_api_write(&headers).map_err(api_error)?;
    let p: WarningPolicy = body(&bytes)?;
    let relit = st.app.set_warning_policy(&auth.actor, &p).await.map_err(api_error)?;
    Ok(Json(json!({"policy": p, "relit_rounds": relit})).into_response())
}
