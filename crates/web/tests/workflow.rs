//! The workflow over HTTP: the full loop through the API, the permission
//! matrix (every role, anonymous included, × every document route × every
//! state, against `jixiao_core::access`), lost updates, CSRF and the
//! sign-in rate limit.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_app::accounts::UserSpec;
use jixiao_app::{Actor, App};
use jixiao_core::access::{decide, Action, Decision, Principal, Relation, Role};
use jixiao_core::workflow::{State, Transition};
use jixiao_store::Store;
use jixiao_web::{router, AppState};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

static N: AtomicUsize = AtomicUsize::new(0);
const DEPT: &str = "示例区司法局";
const PASSWORD: &str = "test-password-1";

struct Who {
    name: &'static str,
    role: Option<Role>,
    rel: Relation,
    token: Option<String>,
}

struct Ctx {
    app: Router,
    store: Store,
    people: Vec<Who>,
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn req(method: &str, uri: &str, token: Option<&str>, body: Option<Value>) -> axum::http::request::Builder {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    if body.is_some() {
        b = b.header("content-type", "application/json");
    }
    b
}

async fn call(ctx: &Ctx, who: &str, method: &str, uri: &str, body: Option<Value>, if_match: Option<&str>) -> (StatusCode, Value, axum::http::HeaderMap) {
    let token = ctx.people.iter().find(|p| p.name == who).and_then(|p| p.token.clone());
    let mut b = req(method, uri, token.as_deref(), body.clone());
    if let Some(m) = if_match {
        b = b.header("if-match", m);
    }
    let r = b.body(body.map(|v| Body::from(v.to_string())).unwrap_or_else(Body::empty)).unwrap();
    let (s, h, text) = send(&ctx.app, r).await;
    (s, serde_json::from_str(&text).unwrap_or(Value::Null), h)
}

async fn setup() -> Ctx {
    let dir = std::env::temp_dir().join(format!("jixiao-wf-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
    let app = App::new(store.clone());
    store.ensure_region("示例省", None, "province").await.unwrap();
    store.ensure_region("示例省甲市", Some("示例省"), "city").await.unwrap();
    store.ensure_region("另一省", None, "province").await.unwrap();
    let cli = Actor::cli();
    let a = |s: &str| {
        let mut e = cli.audit("department_region");
        e.subject = Some(s.into());
        e
    };
    store.set_department_region(DEPT, Some("示例省甲市"), &a(DEPT)).await.unwrap();
    store.set_department_region("别处局", Some("另一省"), &a("别处局")).await.unwrap();
    let users: [(&str, Role, Option<&str>, Option<&str>); 6] = [
        ("editor", Role::Editor, Some(DEPT), None),
        ("other", Role::Editor, Some("别处局"), None),
        ("approver", Role::Approver, Some(DEPT), None),
        ("reviewer", Role::Reviewer, None, Some("示例省")),
        ("farreviewer", Role::Reviewer, None, Some("另一省")),
        ("admin", Role::Admin, None, None),
    ];
    for (name, role, dep, region) in users {
        let spec = UserSpec { name: name.into(), role, department: dep.map(Into::into), region: region.map(Into::into), password: PASSWORD.into() };
        app.add_user(&cli, &spec).await.unwrap();
    }
    let web = router(AppState::new(store.clone()));
    let mut people = vec![Who { name: "anonymous", role: None, rel: Relation::default(), token: None }];
    for (name, role, dep, region) in users {
        let (s, _, body) = send(
            &web,
            req("POST", "/api/session", None, Some(json!({}))).body(Body::from(json!({"name": name, "password": PASSWORD}).to_string())).unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{name} signs in: {body}");
        let token = serde_json::from_str::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
        let rel = Relation {
            own_department: dep == Some(DEPT),
            in_region: match region {
                Some("示例省") => true,
                Some(_) => false,
                None => true,
            },
        };
        people.push(Who { name, role: Some(role), rel, token: Some(token) });
    }
    Ctx { app: web, store, people }
}

/// Every document route, as the permission table says it must answer,
/// for every user in the document's current state.
async fn check_matrix(ctx: &Ctx, id: i64, state: State) {
    for who in &ctx.people {
        let p = Principal { role: who.role };
        let expect = |action: Action, page: bool| match decide(p, action, Some(state), who.rel) {
            Decision::Allow => StatusCode::OK,
            Decision::SignIn if page => StatusCode::SEE_OTHER,
            Decision::SignIn => StatusCode::UNAUTHORIZED,
            Decision::Deny => StatusCode::FORBIDDEN,
        };
        let ctx_where = format!("{} in {state:?}", who.name);
        let (s, _, _) = call(ctx, who.name, "GET", &format!("/api/documents/{id}"), None, None).await;
        assert_eq!(s, expect(Action::View, false), "GET /api/documents/{{id}}: {ctx_where}");
        let (s, _, _) = call(ctx, who.name, "GET", &format!("/api/documents/{id}/findings"), None, None).await;
        assert_eq!(s, expect(Action::View, false), "findings: {ctx_where}");
        let (s, _, _) = call(ctx, who.name, "GET", &format!("/api/documents/{id}/history"), None, None).await;
        assert_eq!(s, expect(Action::ViewHistory, false), "history API: {ctx_where}");
        let (s, _, _) = call(ctx, who.name, "GET", &format!("/documents/{id}"), None, None).await;
        assert_eq!(s, expect(Action::View, true), "document page: {ctx_where}");
        for ext in ["xlsx", "csv"] {
            let (s, _, h) = call(ctx, who.name, "GET", &format!("/documents/{id}.{ext}"), None, None).await;
            assert_eq!(s, expect(Action::View, true), "download .{ext}: {ctx_where}");
            assert_eq!(s == StatusCode::OK, h.contains_key("content-disposition"), "{ext}: {ctx_where}");
        }
        let (s, _, _) = call(ctx, who.name, "GET", &format!("/documents/{id}/history"), None, None).await;
        assert_eq!(s, expect(Action::ViewHistory, true), "history page: {ctx_where}");
        // Writes that the table refuses are refused, and change nothing.
        let before = ctx.store.document(id).await.unwrap().unwrap().revision;
        if expect(Action::Edit, false) != StatusCode::OK {
            let doc = ctx.store.document(id).await.unwrap().unwrap().document.to_json();
            let (s, _, _) = call(ctx, who.name, "PUT", &format!("/api/documents/{id}"), Some(json!({"document": doc})), Some(&format!("\"r{before}\""))).await;
            assert!(s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN, "PUT: {ctx_where}: {s}");
        }
        for t in Transition::ALL {
            if expect(Action::Transition(t), false) == StatusCode::OK {
                continue;
            }
            let body = json!({"action": t.as_str(), "comment": "理由"});
            let (s, _, _) = call(ctx, who.name, "POST", &format!("/api/documents/{id}/transitions"), Some(body), None).await;
            assert_eq!(s, expect(Action::Transition(t), false), "{t:?}: {ctx_where}");
        }
        assert_eq!(ctx.store.document(id).await.unwrap().unwrap().revision, before, "{ctx_where}: nothing written");
    }
}

async fn transition(ctx: &Ctx, who: &str, id: i64, body: Value) -> Value {
    let (s, v, _) = call(ctx, who, "POST", &format!("/api/documents/{id}/transitions"), Some(body.clone()), None).await;
    assert!(s.is_success(), "{who} {body}: {s} {v}");
    v
}

#[tokio::test]
async fn the_full_loop_with_the_permission_matrix_in_every_state() {
    let ctx = setup().await;
    // Anyone but an editor of the department is refused creating its table.
    let new = json!({"kind": "project", "year": 2027});
    let (s, _, _) = call(&ctx, "anonymous", "POST", "/api/documents", Some(new.clone()), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v, _) = call(&ctx, "reviewer", "POST", "/api/documents", Some(json!({"kind": "project", "year": 2027, "department": DEPT})), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("无权"), "Chinese error: {v}");
    let (s, v, h) = call(&ctx, "editor", "POST", "/api/documents", Some(new), None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(h["etag"], "\"r1\"");
    check_matrix(&ctx, id, State::Draft).await;

    // Edit: an indicator gets a name and a value.
    let (_, v, h) = call(&ctx, "editor", "GET", &format!("/api/documents/{id}"), None, None).await;
    let etag = h["etag"].to_str().unwrap().to_string();
    let mut doc = v["document"].clone();
    doc["units"][0]["projects"][0]["name"] = json!("社区矫正项目");
    doc["units"][0]["projects"][0]["indicators"][0]["name"] = json!("矫正对象帮教人数");
    doc["units"][0]["projects"][0]["indicators"][0]["annual_value"] = json!("≥200人");
    let (s, v, h) = call(&ctx, "editor", "PUT", &format!("/api/documents/{id}"), Some(json!({"document": doc.clone()})), Some(&etag)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(h["etag"], "\"r2\"");
    // A lost update: a save based on the old revision is refused, nothing written.
    let mut other = doc.clone();
    other["units"][0]["projects"][0]["name"] = json!("别人的修改");
    let (s, v, _) = call(&ctx, "editor", "PUT", &format!("/api/documents/{id}"), Some(json!({"document": other.clone()})), Some(&etag)).await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("他人修改"));
    let stored = ctx.store.document(id).await.unwrap().unwrap();
    assert_eq!(stored.revision, 2);
    assert_eq!(stored.document.to_json()["units"][0]["projects"][0]["name"], "社区矫正项目");
    let (s, _, _) = call(&ctx, "editor", "PUT", &format!("/api/documents/{id}"), Some(json!({"document": other})), None).await;
    assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);

    transition(&ctx, "editor", id, json!({"action": "submit"})).await;
    check_matrix(&ctx, id, State::Submitted).await;
    // A return needs a reason; with one, it carries comments on places.
    let (s, _, _) = call(&ctx, "approver", "POST", &format!("/api/documents/{id}/transitions"), Some(json!({"action": "return"})), None).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let place = json!({"unit": DEPT, "project": "社区矫正项目", "indicator": 1, "indicator_name": "矫正对象帮教人数"});
    transition(&ctx, "approver", id, json!({"action": "return", "comment": "指标需细化", "comments": [{"place": place, "text": "请注明帮教方式"}]})).await;
    check_matrix(&ctx, id, State::Returned).await;
    let (_, v, h) = call(&ctx, "editor", "GET", &format!("/api/documents/{id}"), None, None).await;
    assert_eq!(v["comments"][0]["text"], "请注明帮教方式");
    assert_eq!(v["comments"][0]["place"]["indicator"], 1);
    let mut doc = v["document"].clone();
    doc["units"][0]["projects"][0]["indicators"][0]["explanation"] = json!("一对一帮教");
    let (s, _, _) = call(&ctx, "editor", "PUT", &format!("/api/documents/{id}"), Some(json!({"document": doc})), Some(h["etag"].to_str().unwrap())).await;
    assert_eq!(s, StatusCode::OK);
    transition(&ctx, "editor", id, json!({"action": "submit"})).await;
    transition(&ctx, "approver", id, json!({"action": "forward"})).await;
    check_matrix(&ctx, id, State::Forwarded).await;
    transition(&ctx, "reviewer", id, json!({"action": "approve"})).await;
    check_matrix(&ctx, id, State::Approved).await;
    assert!(ctx.store.list_documents().await.unwrap().is_empty(), "nothing public before publishing");
    transition(&ctx, "reviewer", id, json!({"action": "publish"})).await;
    check_matrix(&ctx, id, State::Published).await;
    let (s, _, _) = call(&ctx, "anonymous", "GET", &format!("/api/documents/{id}"), None, None).await;
    assert_eq!(s, StatusCode::OK);
    let (_, v, _) = call(&ctx, "anonymous", "GET", &format!("/api/search?q={}", "%E5%B8%AE%E6%95%99"), None, None).await;
    assert_eq!(v["hits"].as_array().unwrap().len(), 1, "published indicators are searchable");

    // Adjustment: a new draft edition; the published one stays until it is published.
    let v = transition(&ctx, "editor", id, json!({"action": "adjust"})).await;
    let id2 = v["id"].as_i64().unwrap();
    assert_ne!(id2, id);
    check_matrix(&ctx, id2, State::Draft).await;
    assert_eq!(ctx.store.list_documents().await.unwrap()[0].id, id);

    // The history holds every step, with who and what.
    let (_, h, _) = call(&ctx, "approver", "GET", &format!("/api/documents/{id}/history"), None, None).await;
    let actions: Vec<&str> = h["audit"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["create", "edit", "transition:submit", "transition:return", "edit", "transition:submit", "transition:forward", "transition:approve", "transition:publish"]
    );
    let edit = &h["audit"][1];
    assert_eq!(edit["actor"], "editor");
    assert!(edit["detail"]["changes"].as_array().unwrap().iter().any(|c| c["after"] == "≥200人"));
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_token_and_sign_in_is_rate_limited() {
    let ctx = setup().await;
    // Sign in through the form: the double-submit token is required.
    let (s, h, page) = send(&ctx.app, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let login_cookie = h["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let at = page.find("name=\"_csrf\" value=\"").unwrap() + 20;
    let token = &page[at..at + 32];
    let form = |t: &str| format!("_csrf={t}&name=editor&password={PASSWORD}&next=%2Fworkbench");
    let post = |body: String, cookie: &str| {
        Request::post("/login").header("content-type", "application/x-www-form-urlencoded").header("cookie", cookie).body(Body::from(body)).unwrap()
    };
    let (s, _, _) = send(&ctx.app, post(form("forged"), &login_cookie)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a forged sign-in form is refused");
    let (s, h, _) = send(&ctx.app, post(form(token), &login_cookie)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let set = h["set-cookie"].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    let session = set.split(';').next().unwrap().to_string();
    let (_, _, me) = send(&ctx.app, Request::get("/api/session").header("cookie", &session).body(Body::empty()).unwrap()).await;
    let csrf = serde_json::from_str::<Value>(&me).unwrap()["csrf"].as_str().unwrap().to_string();

    let create = |csrf: Option<&str>| {
        let mut b = Request::post("/api/documents").header("content-type", "application/json").header("cookie", &session);
        if let Some(c) = csrf {
            b = b.header("x-csrf-token", c);
        }
        b.body(Body::from(json!({"kind": "department", "year": 2027}).to_string())).unwrap()
    };
    let (s, _, body) = send(&ctx.app, create(None)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("CSRF"));
    let (s, _, _) = send(&ctx.app, create(Some("0000"))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = send(&ctx.app, create(Some(&csrf))).await;
    assert_eq!(s, StatusCode::CREATED);
    // Page forms too.
    let page_form = |body: &str| {
        Request::post("/documents/new").header("content-type", "application/x-www-form-urlencoded").header("cookie", &session).body(Body::from(body.to_string())).unwrap()
    };
    assert_eq!(send(&ctx.app, page_form("how=blank&kind=project&year=2027")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&ctx.app, page_form(&format!("_csrf={csrf}&how=blank&kind=project&year=2027"))).await.0, StatusCode::SEE_OTHER);

    // Five wrong passwords lock the name, even for the right one.
    let sign_in = |pw: &str| req("POST", "/api/session", None, Some(json!({}))).body(Body::from(json!({"name": "approver", "password": pw}).to_string())).unwrap();
    for k in 0..5 {
        let (s, _, body) = send(&ctx.app, sign_in("wrong-password")).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {k}: {body}");
        assert!(body.contains("用户名或密码不正确"));
    }
    let (s, h, body) = send(&ctx.app, sign_in(PASSWORD)).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("登录失败次数过多"), "{body}");
    assert!(h.contains_key("retry-after"));
    // Other names are not locked; failures are audited.
    let ok = req("POST", "/api/session", None, Some(json!({}))).body(Body::from(json!({"name": "reviewer", "password": PASSWORD}).to_string())).unwrap();
    assert_eq!(send(&ctx.app, ok).await.0, StatusCode::CREATED);
    assert_eq!(ctx.store.count_audit("sign_in_failed", Some("approver"), None, 0).await.unwrap(), 5);

    // Signing out ends the session.
    let out = Request::delete("/api/session").header("cookie", &session).header("x-csrf-token", &csrf).body(Body::empty()).unwrap();
    assert_eq!(send(&ctx.app, out).await.0, StatusCode::NO_CONTENT);
    let (s, _, _) = send(&ctx.app, Request::get("/api/session").header("cookie", &session).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn live_review_answers_per_indicator() {
    let ctx = setup().await;
    let doc = json!({"format": "perf-targets/1", "source": "x", "kind": "project", "title": "t", "department": DEPT, "year": 2027,
        "money_unit": "万元", "totals": {}, "units": [{"name": DEPT, "amounts": {}, "projects": [{"name": "p", "amounts": {}, "goal": null,
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "annual_value": "不少于500人次"}]}]}]});
    let (s, _, _) = call(&ctx, "anonymous", "POST", "/api/review", Some(json!({"document": doc.clone()})), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v, _) = call(&ctx, "editor", "POST", "/api/review", Some(json!({"document": doc})), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["targets"].as_array().unwrap().len(), 1);
    assert!(v["targets"][0].as_str().unwrap().contains("500"), "{v}");
    let (_, t, _) = call(&ctx, "anonymous", "GET", "/api/taxonomy", None, None).await;
    assert_eq!(t["level1"][0]["name"], "产出指标");
}
