//! The monitoring API: a round entered for a published table by its
//! department's editor, the red project in the laggard list with its cause,
//! the approver's check, and the admin's warning policy.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_app::accounts::UserSpec;
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use jixiao_core::Body as TableBody;
use jixiao_store::Store;
use jixiao_web::{router, AppState};
use serde_json::{json, Value};
use tower::ServiceExt;

async fn call(app: &Router, method: &str, uri: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri).header("authorization", format!("Bearer {token}"));
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req.body(body.map_or(Body::empty(), |b| Body::from(b.to_string()))).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn token(app: &Router, name: &str) -> String {
    let (s, v) = call(app, "POST", "/api/session", "", Some(json!({"name": name, "password": "long-enough-1"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_round_through_the_api_lights_a_project_and_lists_it() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    let Some((name, bytes)) = seeds.into_iter().find(|(n, b)| {
        jixiao_ingest::parse(n, b, None).is_ok_and(|d| matches!(&d.body, TableBody::Project(t) if t.units.iter().flat_map(|u| &u.projects).count() >= 2))
    }) else {
        return;
    };
    let doc = jixiao_ingest::parse(&name, &bytes, None).unwrap();
    let TableBody::Project(t) = &doc.body else { unreachable!() };
    let project = &t.units.iter().flat_map(|u| &u.projects).next().unwrap().name;
    let dir = std::env::temp_dir().join(format!("jixiao-monitor-api-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
    let app = router(AppState::new(store.clone()));
    let users = App::new(store.clone());
    for (user, role, dept) in [("admin1", Role::Admin, None), ("editor1", Role::Editor, Some(doc.department.clone())), ("approver1", Role::Approver, Some(doc.department.clone())), ("reviewer1", Role::Reviewer, None)] {
        let spec = UserSpec { name: user.into(), role, department: dept, region: None, password: "long-enough-1".into() };
        users.add_user(&Actor::cli(), &spec).await.unwrap();
    }
    let admin = token(&app, "admin1").await;
    let req = Request::post(format!("/api/import?name={}", name)).header("authorization", format!("Bearer {admin}")).body(Body::from(bytes)).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let id: i64 = serde_json::from_slice::<Value>(&resp.into_body().collect().await.unwrap().to_bytes()).unwrap()["id"].as_i64().unwrap();

    let editor = token(&app, "editor1").await;
    let round = json!({"month": 7, "projects": [{"name": project, "executed": "0"}], "indicators": [{"name": "并无此指标"}]});
    // Anonymous callers and the reviewer may not report.
    assert_eq!(call(&app, "POST", &format!("/api/documents/{id}/monitoring"), "", Some(round.clone())).await.0, StatusCode::UNAUTHORIZED);
    let reviewer = token(&app, "reviewer1").await;
    assert_eq!(call(&app, "POST", &format!("/api/documents/{id}/monitoring"), &reviewer, Some(round.clone())).await.0, StatusCode::FORBIDDEN);
    let (s, v) = call(&app, "POST", &format!("/api/documents/{id}/monitoring"), &editor, Some(round)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["light"], "red");
    assert_eq!(v["unmatched"].as_array().unwrap().len(), 1, "{v}");
    let (s, v) = call(&app, "GET", "/api/laggards", &reviewer, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["laggards"][0]["project"], project.as_str());
    assert!(v["laggards"][0]["reason"].as_str().unwrap().contains("执行率 0%"), "{v}");
    assert_eq!(call(&app, "GET", "/api/laggards?order=sideways", &reviewer, None).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, v) = call(&app, "GET", &format!("/api/documents/{id}/monitoring"), &reviewer, None).await;
    let round_id = v["rounds"][0]["id"].as_i64().unwrap();
    assert_eq!(call(&app, "POST", &format!("/api/monitoring/{round_id}/check"), &editor, Some(json!({"confirm": true}))).await.0, StatusCode::FORBIDDEN);
    let approver = token(&app, "approver1").await;
    assert_eq!(call(&app, "POST", &format!("/api/monitoring/{round_id}/check"), &approver, Some(json!({"confirm": true}))).await.0, StatusCode::NO_CONTENT);
    // The policy: only an admin changes it, and nonsense is refused.
    let loose = json!({"yellow_behind": "60", "red_behind": "70", "schedule": []});
    assert_eq!(call(&app, "PUT", "/api/warning-policy", &editor, Some(loose.clone())).await.0, StatusCode::FORBIDDEN);
    let bad = json!({"yellow_behind": "70", "red_behind": "60", "schedule": []});
    assert_eq!(call(&app, "PUT", "/api/warning-policy", &admin, Some(bad)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, v) = call(&app, "PUT", "/api/warning-policy", &admin, Some(loose)).await;
    assert_eq!((s, v["relit_rounds"].as_i64()), (StatusCode::OK, Some(1)), "{v}");
    // 58.33 points behind is within 60: green, and the list empties.
    let (_, v) = call(&app, "GET", "/api/laggards", &reviewer, None).await;
    assert!(v["laggards"].as_array().unwrap().is_empty(), "{v}");
    let (_, v) = call(&app, "GET", "/api/warning-policy", "", None).await;
    assert_eq!(v["red_behind"].as_f64(), Some(70.0), "{v}");
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
