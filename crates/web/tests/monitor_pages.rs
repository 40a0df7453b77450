//! The monitoring and self-evaluation pages over HTTP: the editor's entry
//! form and file import, who may see what, the laggard list, the admin's
//! warning policy form, the self-evaluation page, downloads and API.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_app::accounts::UserSpec;
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use jixiao_core::{Amounts, Body as TableBody, Document, Indicator, Project, ProjectTable, Unit};
use jixiao_store::{AuditEntry, ImportOutcome, Provenance, StartState, Store};
use jixiao_web::{router, AppState};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use tower::ServiceExt;

const DEPT: &str = "示范县图书馆";

fn table() -> Document {
    let money = |n: i64| Amounts { total: Some(Decimal::from(n)), fiscal: Some(Decimal::from(n)), ..Default::default() };
    let ind = |l1: &str, name: &str, v: &str| {
        let mut i = Indicator::named(name);
        i.level1 = Some(l1.into());
        i.annual_value = Some(v.into());
        i
    };
    let p = Project {
        name: "阅读推广".into(),
        amounts: money(80),
        goal: None,
        indicators: vec![ind("产出指标", "讲座场次", "≥20场"), ind("满意度指标", "读者满意度", "≥90%")],
    };
    Document {
        source: "made-up/library.json".into(),
        title: Some("项目支出绩效目标表".into()),
        department: DEPT.into(),
        year: Some(2026),
        money_unit: "万元".into(),
        body: TableBody::Project(ProjectTable { totals: money(80), units: vec![Unit { name: DEPT.into(), amounts: money(80), projects: vec![p] }] }),
    }
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, location, String::from_utf8_lossy(&bytes).into_owned())
}

fn get(uri: &str, token: &str) -> Request<Body> {
    let mut r = Request::get(uri);
    if !token.is_empty() {
        r = r.header("authorization", format!("Bearer {token}"));
    }
    r.body(Body::empty()).unwrap()
}

fn form(uri: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn token(app: &Router, name: &str) -> String {
    let req = Request::post("/api/session").header("content-type", "application/json").body(Body::from(json!({"name": name, "password": "long-enough-1"}).to_string())).unwrap();
    let (s, _, body) = send(app, req).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn monitoring_and_self_evaluation_pages() {
    let dir = std::env::temp_dir().join(format!("jixiao-monitor-pages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
    let doc = table();
    let prov = Provenance {
        source: doc.source.clone(),
        content_hash: "h".into(),
        imported_at: "2026-01-05T00:00:00Z".into(),
        state: StartState::Published,
        audit: AuditEntry { actor_name: "命令行".into(), action: "import".into(), ..Default::default() },
    };
    let ImportOutcome::Stored { id, .. } = store.import(&doc, &prov, &[]).await.unwrap() else { panic!("stored") };
    let users = App::new(store.clone());
    for (user, role, dept) in [("admin1", Role::Admin, None), ("editor1", Role::Editor, Some(DEPT)), ("approver1", Role::Approver, Some(DEPT)), ("reviewer1", Role::Reviewer, None), ("stranger", Role::Editor, Some("别的部门"))] {
        let spec = UserSpec { name: user.into(), role, department: dept.map(str::to_string), region: None, password: "long-enough-1".into() };
        users.add_user(&Actor::cli(), &spec).await.unwrap();
    }
    let app = router(AppState::with_cache(store.clone(), 0));
    let (editor, reviewer, admin, stranger) = (token(&app, "editor1").await, token(&app, "reviewer1").await, token(&app, "admin1").await, token(&app, "stranger").await);
    let page = format!("/documents/{id}/monitoring");

    // The public and another department may not see it; the editor gets the form.
    assert_ne!(send(&app, get(&page, "")).await.0, StatusCode::OK);
    assert_eq!(send(&app, get(&page, &stranger)).await.0, StatusCode::FORBIDDEN);
    let (s, _, html) = send(&app, get(&page, &editor)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("id=\"monitor-form\"") && html.contains("讲座场次") && html.contains("value=\"80\""), "the form, with the budget filled in");
    let (_, _, html) = send(&app, get(&page, &reviewer)).await;
    assert!(!html.contains("id=\"monitor-form\""), "the reviewer watches, does not report");

    // The entry form: nothing executed by July, a cause given: red.
    let body = format!("month=7&p0.budget=80&p0.executed=0&i0.actual=2%E5%9C%BA&i0.likelihood=impossible&i0.cause=funding&i0.cause=staffing&i0.explanation={}", enc("讲师未到位"));
    let (s, location, _) = send(&app, form(&page, &editor, &body)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(location.contains("saved=red"), "{location}");
    let (_, _, html) = send(&app, get(&page, &reviewer)).await;
    assert!(html.contains("红色预警") && html.contains("经费保障、人员保障") && html.contains("讲师未到位"));
    assert_eq!(send(&app, form(&page, &reviewer, &body)).await.0, StatusCode::FORBIDDEN);
    let (s, _, html) = send(&app, form(&page, &editor, "month=7&p0.executed=abc")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("不是数字"));

    // The laggard list, for the signed-in only.
    let (s, _, html) = send(&app, get("/laggards", &reviewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("阅读推广") && html.contains("讲座场次：经费保障、人员保障（讲师未到位）"), "{html}");
    assert_ne!(send(&app, get("/laggards", "")).await.0, StatusCode::OK);
    let (_, _, html) = send(&app, get(&format!("/monitoring?department={}", enc(DEPT)), &admin)).await;
    assert!(html.contains("阅读推广") && html.contains("<span class=\"light red\" id=\"department-light\">红色预警</span>"), "{html}");

    // A filled official table as a file: the month from its headings.
    let text = "项目名称\t阅读推广\n项目资金\t年初预算数\t1-12月执行数\t1-12月执行率\t全年预计执行数\n年度资金总额\t80\t76\t95%\t80\n\
                一级指标\t二级指标\t三级指标\t年度指标值\t1-12月执行数\t全年预计执行数\t经费保障\t制度保障\t人员保障\t硬件条件保障\t其他\t原因说明\t确定能\t有可能\t完全不可能\t备注\n\
                产出指标\t数量指标\t讲座场次\t≥20场\t15场\t15场\t\t\t\t\t\t\t\t✔\t\t\n\
                满意度指标\t满意度\t读者满意度\t≥90%\t96%\t96%\t\t\t\t\t\t\t✔\t\t\t\n";
    let boundary = "XyZ";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"监控表.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"month\"\r\n\r\n\r\n--{boundary}--\r\n"
    );
    let req = Request::post(format!("{page}/import"))
        .header("authorization", format!("Bearer {editor}"))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(multipart))
        .unwrap();
    let (s, location, body) = send(&app, req).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert!(!location.contains("unmatched"), "{location}");

    // The year-end self-evaluation, by hand: execution min(76 ÷ 80, 1) × 10 = 9.5;
    // 产出 50 and 满意度 10 rescaled to 75 and 15; 讲座场次 15 ÷ 20 × 75 = 56.25;
    // 读者满意度 15; total 80.75, 良.
    let (s, _, html) = send(&app, get(&format!("/documents/{id}/self-evaluation"), &reviewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("实际值取自 1–12月") && !html.contains("id=\"provisional\""));
    assert!(html.contains("56.25") && html.contains("80.75") && html.contains("等级 <span class=\"grade\">良</span>"), "{html}");
    let (s, _, json) = send(&app, get(&format!("/api/documents/{id}/self-evaluation"), &reviewer)).await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["self_evaluation"]["projects"][0]["evaluation"]["total"].to_string(), "80.75");
    assert_eq!(v["self_evaluation"]["summary"]["grade"], "良");
    let resp = app.clone().oneshot(get(&format!("/documents/{id}/self-evaluation?format=xlsx"), &reviewer)).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains("self-evaluation"));
    assert!(resp.into_body().collect().await.unwrap().to_bytes().starts_with(b"PK"));
    assert_eq!(send(&app, get(&format!("/documents/{id}/self-evaluation"), &stranger)).await.0, StatusCode::FORBIDDEN);
    let (s, _, html) = send(&app, get(&format!("/years?department={}&project={}&indicator={}", enc(DEPT), enc("阅读推广"), enc("讲座场次")), &reviewer)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("2026年") && html.contains("56.25 / 75.00"), "{html}");

    // The warning policy: the admin only; a bad one is refused in place.
    assert_eq!(send(&app, get("/admin/warning-policy", &editor)).await.0, StatusCode::FORBIDDEN);
    let (s, _, html) = send(&app, get("/admin/warning-policy", &admin)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("value=\"10\"") && html.contains("value=\"20\""), "the default in force");
    let (s, _, html) = send(&app, form("/admin/warning-policy", &admin, "yellow=30&red=20&schedule=")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("红色预警的落后幅度应不小于黄色预警"));
    let (s, location, _) = send(&app, form("/admin/warning-policy", &admin, &format!("yellow=5&red=8&schedule={}", enc("4月:25，6月:40，8月:60，10月:80")))).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(location.contains("relit=2"), "both rounds relit: {location}");
    let (_, _, html) = send(&app, get("/admin/warning-policy", &admin)).await;
    assert!(html.contains("4月:25，6月:40，8月:60，10月:80"));
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
