//! HTTP tests of every route, on a fresh SQLite database per test.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_store::Store;
use jixiao_web::{router, AppState};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

static N: AtomicUsize = AtomicUsize::new(0);

async fn app() -> (Router, Store) {
    let dir = std::env::temp_dir().join(format!("jixiao-http-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
    (router(AppState::new(store.clone())), store)
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    jixiao_fixtures::seeds().unwrap_or_default()
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A bearer token of an admin (created on first use in this database).
async fn admin_token(app: &Router) -> String {
    let req = |body: String| Request::post("/api/session").header("content-type", "application/json").body(Body::from(body)).unwrap();
    let creds = r#"{"name":"testadmin","password":"admin-password-1"}"#.to_string();
    let (s, body) = send(app, req(creds.clone())).await;
    if s == StatusCode::CREATED {
        return serde_json::from_str::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    }
    panic!("admin sign-in failed: {s} {body}");
}

async fn app_with_admin() -> (Router, Store, String) {
    let (app, store) = app().await;
    let spec = jixiao_app::accounts::UserSpec {
        name: "testadmin".into(),
        role: jixiao_core::access::Role::Admin,
        department: None,
        region: None,
        password: "admin-password-1".into(),
    };
    jixiao_app::App::new(store.clone()).add_user(&jixiao_app::Actor::cli(), &spec).await.unwrap();
    let token = admin_token(&app).await;
    (app, store, token)
}

async fn api_import(app: &Router, token: &str, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    let (s, body) = send(
        app,
        Request::post(format!("/api/import?name={}", enc(name)))
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(bytes.to_vec()))
            .unwrap(),
    )
    .await;
    (s, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn pages_render_on_an_empty_database() {
    let (app, _) = app().await;
    for uri in ["/", "/search", "/search?q=%E8%B0%83%E8%A7%A3", "/compare", "/compare?name=%E8%B0%83%E8%A7%A3", "/login"] {
        let (s, body) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(body.contains("<html lang=\"zh-CN\">"), "{uri}");
    }
    let (s, body) = get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("还没有目标表"));
    assert_eq!(get(&app, "/documents/999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/no/such/page").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/documents/abc").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/documents/1.doc").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/documents/999.xlsx").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/healthz").await, (StatusCode::OK, "ok".into()));
    assert_eq!(get(&app, "/import").await.0, StatusCode::SEE_OTHER, "the upload page asks to sign in");
}

#[tokio::test]
async fn api_import_gives_the_documents_of_parse() {
    let (app, _, token) = app_with_admin().await;
    for (name, bytes) in seeds() {
        let (s, v) = api_import(&app, &token, &name, &bytes).await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {v}");
        let id = v["id"].as_i64().unwrap();
        let (s, body) = get(&app, &format!("/api/documents/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        let stored: Value = serde_json::from_str(&body).unwrap();
        let parsed = jixiao_ingest::parse(&name, &bytes, None).unwrap().to_json();
        assert_eq!(stored["document"], parsed, "{name}");
        // Unchanged on a second import.
        let (s, v) = api_import(&app, &token, &name, &bytes).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["outcome"], "unchanged");
        // The document page renders it in its official layout.
        let (s, page) = get(&app, &format!("/documents/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("class=\"official\""));
        let (s, f) = get(&app, &format!("/api/documents/{id}/findings")).await;
        assert_eq!(s, StatusCode::OK);
        let f: Value = serde_json::from_str(&f).unwrap();
        // Findings are summarised by rule, with each rule's Chinese title.
        for finding in f.as_array().unwrap() {
            let rule = finding["rule"].as_str().unwrap();
            let title = jixiao_core::review::rule_by_id(rule).expect("known rule").title;
            assert!(page.contains(&format!("{title}（")), "{name}: group {rule}");
        }
    }
    let (s, body) = get(&app, "/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap().as_array().unwrap().len(), seeds().len());
    let (_, home) = get(&app, "/").await;
    if !seeds().is_empty() {
        assert!(home.contains("项目支出绩效目标表") && home.contains("部门整体绩效目标表"));
    }
}

async fn download(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    (status, headers, resp.into_body().collect().await.unwrap().to_bytes().to_vec())
}

/// The download buttons of the document page give files that read back to the
/// stored document, named by its title.
#[tokio::test]
async fn documents_download_as_xlsx_pdf_csv_and_json() {
    let (app, _, token) = app_with_admin().await;
    let seeds = seeds();
    for (n, (name, bytes)) in seeds.iter().enumerate() {
        let (s, v) = api_import(&app, &token, name, bytes).await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {v}");
        let id = v["id"].as_i64().unwrap();
        let (_, page) = get(&app, &format!("/documents/{id}")).await;
        let stored = jixiao_ingest::parse(name, bytes, None).unwrap();
        // PDF is slow in a debug build: one seed, with the findings appendix.
        let formats: &[&str] = if n == 0 { &["xlsx", "csv", "json", "pdf"] } else { &["xlsx", "csv", "json"] };
        for ext in formats {
            let uri = format!("/documents/{id}.{ext}");
            assert!(page.contains(&format!("href=\"{uri}\"")), "{name}: the page links {uri}");
            if *ext == "pdf" && !jixiao_office::pdf_out::available() {
                assert!(!jixiao_fixtures::required(), "PDF output needs fonts-noto-cjk");
                continue;
            }
            let (s, h, body) = download(&app, &uri).await;
            assert_eq!(s, StatusCode::OK, "{uri}");
            let disposition = h["content-disposition"].to_str().unwrap();
            assert!(disposition.starts_with("attachment;") && disposition.contains(&format!(".{ext}")), "{disposition}");
            let back = jixiao_office::read(&format!("download.{ext}"), &body, &jixiao_ingest::Options::default())
                .unwrap_or_else(|e| panic!("{uri}: {e}"))
                .document;
            let mut expected = stored.clone();
            expected.source = back.source.clone();
            assert_eq!(back.to_json(), expected.to_json(), "{name} via {ext}");
        }
        if n == 0 && jixiao_office::pdf_out::available() {
            let (s, h, body) = download(&app, &format!("/documents/{id}.pdf?findings=1")).await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(h["content-type"], "application/pdf");
            assert!(body.starts_with(b"%PDF"));
        }
    }
}

#[tokio::test]
async fn api_import_rejects_what_is_not_a_table() {
    let (app, store, token) = app_with_admin().await;
    let (s, v) = api_import(&app, &token, "letter.txt", "这不是目标表。".as_bytes()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["message"].as_str().unwrap().starts_with("letter.txt"));
    let (s, _) = api_import(&app, &token, "junk.bin", &[0xff, 0x00, 0x12]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.totals().await.unwrap().documents, 0);
    let (s, _) = send(&app, Request::post("/api/import").header("authorization", format!("Bearer {token}")).body(Body::from("x")).unwrap()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = send(&app, Request::post("/api/import?name=a.txt").body(Body::from("x")).unwrap()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "anonymous imports are refused: {v}");
    assert_eq!(store.totals().await.unwrap().documents, 0);
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "jixiaoBoundary7f3a";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn upload_preview_then_save() {
    let (app, store, token) = app_with_admin().await;
    let bearer = format!("Bearer {token}");
    for (k, (name, bytes)) in seeds().into_iter().enumerate() {
        let (ct, body) = multipart(&name, &bytes);
        let (s, page) =
            send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert!(page.contains("审核意见"));
        // The table in its official layout, with every indicator and no field named in English.
        assert!(page.contains("<table class=\"official\">"), "{name}");
        let doc = jixiao_ingest::parse(&name, &bytes, None).unwrap();
        for i in doc.indicators() {
            let shown = i.name.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;");
            assert!(page.contains(&shown), "{name}: {} not in the preview", i.name);
        }
        for english in ["content：", "_value", "level2_code", "amounts."] {
            assert!(!page.split("<details").next().unwrap().contains(english), "{name}: {english}");
        }
        assert_eq!(store.totals().await.unwrap().documents, k as i64, "preview saves nothing");
        // The page names the kept file by a token, not by its content.
        let form = format!("token={}", staged_token(&page));
        assert!(page.len() < 200_000 + bytes.len(), "the file is not round-tripped through the page");
        let id = save_preview(&app, &bearer, &form).await;
        let stored = store.document(id).await.unwrap().unwrap();
        assert_eq!(stored.document, jixiao_ingest::parse(&name, &bytes, None).unwrap(), "{name}");
        // Saved once: the token is spent.
        let (s, _) = send(&app, save_request(&bearer, &form)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{name}");
    }
    // The first seed again under another name: recognised as a copy; saved, nothing new.
    if let Some((name, bytes)) = seeds().into_iter().next() {
        let (ct, body) = multipart(&format!("copy-of-{name}"), &bytes);
        let (_, page) = send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
        assert!(page.contains("id=\"duplicate-notice\"") && page.contains("内容完全相同"), "a copy is recognised");
        let (ct, body) = multipart(&name, &bytes);
        let (_, page) = send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
        let resp = app.clone().oneshot(save_request(&bearer, &format!("token={}", staged_token(&page)))).await.unwrap();
        let loc = resp.headers()["location"].to_str().unwrap().to_string();
        assert!(loc.ends_with("?unchanged=1"), "{loc}");
        let (_, html) = send(&app, Request::get(&loc).header("authorization", &bearer).body(Body::empty()).unwrap()).await;
        assert!(html.contains("id=\"unchanged-notice\"") && html.contains("未变化"));
    }
    // A made-up table cut off in its last row: read in part, and the preview says where.
    let cut = "某某所2024年部门整体绩效目标表\n一级指标 二级指标 三级指标 指标值 计量单位\n产出指标 数量指标 调解案件数 120 件\n质量指标 调解成功率\n";
    let (ct, body) = multipart("cut.txt", cut.as_bytes());
    let (s, page) = send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("2 项指标") && page.contains("读取时有 1 处提示（第 4 行）"), "{page}");
    assert!(page.contains("识别可信度"), "{page}");
    let (ct, body) = multipart("letter.txt", "普通的信".as_bytes());
    let (s, page) = send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("无法读取该文件"));
    let (s, page) = send(&app, save_request(&bearer, "token=0123456789abcdef")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(page.contains("请重新上传"), "{page}");
}

fn staged_token(page: &str) -> String {
    let start = page.find("name=\"token\" value=\"").expect("a token in the save form") + "name=\"token\" value=\"".len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

fn save_request(bearer: &str, form: &str) -> Request<Body> {
    Request::post("/import/save")
        .header("authorization", bearer)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap()
}

/// Saves a previewed upload; the id of the stored document.
async fn save_preview(app: &Router, bearer: &str, form: &str) -> i64 {
    let resp = app.clone().oneshot(save_request(bearer, form)).await.unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let loc = resp.headers()["location"].to_str().unwrap().to_string();
    loc.trim_start_matches("/documents/").parse().unwrap()
}

/// A file of 12 MB is previewed and saved (its content once went back and
/// forth through the page as hex, twice the upload limit's half).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_upload_is_previewed_and_saved() {
    let (app, store, token) = app_with_admin().await;
    let bearer = format!("Bearer {token}");
    let doc = jixiao_demo::one_table(jixiao_demo::generate_indicators(3, 70_000)).unwrap();
    let csv = jixiao_app::export::render(&doc, jixiao_app::export::ExportFormat::Csv, None).unwrap().bytes;
    assert!(csv.len() > 11 << 20 && csv.len() < jixiao_web::MAX_UPLOAD, "{} bytes", csv.len());
    let (ct, body) = multipart("large.csv", &csv);
    let (s, page) = send(&app, Request::post("/import/preview").header("authorization", &bearer).header("content-type", ct).body(Body::from(body)).unwrap()).await;
    assert_eq!(s, StatusCode::OK, "{}", &page[..page.len().min(500)]);
    assert!(page.len() < 2 << 20, "the preview stays small: {} bytes", page.len());
    assert!(page.contains("id=\"preview-too-large\""), "a table this large is not laid out in the preview");
    let id = save_preview(&app, &bearer, &format!("token={}", staged_token(&page))).await;
    let stored = store.document(id).await.unwrap().unwrap();
    assert_eq!(stored.document.indicators().len(), doc.indicators().len());
}

#[tokio::test]
async fn search_compare_and_target_api() {
    let (app, _, token) = app_with_admin().await;
    let seeds = seeds();
    if seeds.is_empty() {
        return;
    }
    for (name, bytes) in &seeds {
        api_import(&app, &token, name, bytes).await;
    }
    let (s, body) = get(&app, &format!("/api/search?q={}", enc("调解成功率"))).await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_str(&body).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["name"].as_str().unwrap().contains("调解成功率")));
    let (_, page) = get(&app, &format!("/search?q={}&year=2023", enc("调解"))).await;
    assert!(page.contains("<mark>调解</mark>"));
    assert!(page.contains("id=\"results\""));
    let (_, body) = get(&app, &format!("/api/search?department={}&limit=2", enc("揭阳市司法局"))).await;
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    assert_eq!(v["more"], true);
    let (s, body) = get(&app, &format!("/api/compare?name={}", enc("调解成功率"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&body).unwrap().as_array().unwrap().len() >= 2);
    let (s, page) = get(&app, &format!("/compare?name={}", enc("调解成功率"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("<svg") || page.contains("定性"));
    let (s, body) = get(&app, &format!("/api/target?value={}", enc("不少于2000次"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&body).unwrap()["kind"].is_string());
    let (s, body) = get(&app, "/api/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["documents"], seeds.len());
    assert_eq!(get(&app, "/api/documents/12345").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/documents/12345/findings").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_describes_every_api_route() {
    let (app, _) = app().await;
    let (s, body) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    for p in ["/api/stats", "/api/documents", "/api/documents/{id}", "/api/documents/{id}/findings", "/api/search", "/api/compare", "/api/target", "/api/import", "/api/openapi.json"] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    // And every path in it answers (not 404) with its documented method.
    for (p, item) in paths {
        let uri = p.replace("{id}", "1");
        let method = if item.get("post").is_some() { "POST" } else { "GET" };
        let (s, _) = send(&app, Request::builder().method(method).uri(&uri).body(Body::empty()).unwrap()).await;
        assert!(s != StatusCode::METHOD_NOT_ALLOWED, "{p}: {s}");
    }
}

#[tokio::test]
async fn cached_pages_follow_every_write() {
    let (app, _, token) = app_with_admin().await;
    let seeds = seeds();
    let Some((name, bytes)) = seeds.first() else { return };
    // Cached while empty…
    let (_, before) = get(&app, "/api/stats").await;
    let (_, home) = get(&app, "/").await;
    assert!(home.contains("还没有目标表"));
    // …and a write through the app is seen at once.
    let (s, _) = api_import(&app, &token, name, bytes).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, after) = get(&app, "/api/stats").await;
    assert_ne!(before, after);
    let (_, home) = get(&app, "/").await;
    assert!(!home.contains("还没有目标表"));
}

#[tokio::test]
async fn etags_answer_not_modified() {
    let (app, _, token) = app_with_admin().await;
    let resp = app.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let etag = resp.headers().get("etag").expect("etag").clone();
    let again = app
        .clone()
        .oneshot(Request::get("/").header("if-none-match", etag.clone()).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // Other pages, or the same one after a write, answer in full.
    let other = app
        .clone()
        .oneshot(Request::get("/search").header("if-none-match", etag.clone()).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    if let Some((name, bytes)) = seeds().first() {
        api_import(&app, &token, name, bytes).await;
        let after = app
            .clone()
            .oneshot(Request::get("/").header("if-none-match", etag).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(after.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn writes_by_other_processes_reach_the_cache() {
    let dir = std::env::temp_dir().join(format!("jixiao-http-w-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db").to_str().unwrap().to_string();
    let state = AppState::new(Store::open(&path).await.unwrap());
    let app = router(state.clone());
    let seeds = seeds();
    let [(name1, bytes1), (name2, bytes2), ..] = seeds.as_slice() else { return };
    // Another process: its own store on the same file.
    let other = Store::open(&path).await.unwrap();
    let count_on_home = |home: &str| home.matches("href=\"/documents/").count();
    let wait_for = |want: usize| {
        let app = app.clone();
        async move {
            for _ in 0..100 {
                if count_on_home(&get(&app, "/").await.1) == want {
                    return true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            false
        }
    };
    // A page cached, then a write before the watch has read anything: its
    // first reading must not take the changed data for the old.
    let (_, home) = get(&app, "/").await;
    assert!(home.contains("还没有目标表"));
    jixiao_app::pipeline::import_bytes(&other, name1, bytes1).await.unwrap();
    assert!(get(&app, "/").await.1.contains("还没有目标表"), "served from the cache until the watch notices");
    tokio::spawn(jixiao_web::cache::watch(state, std::time::Duration::from_millis(20)));
    assert!(wait_for(1).await, "the home page shows the other process's document");
    // And a later write while the watch runs.
    jixiao_app::pipeline::import_bytes(&other, name2, bytes2).await.unwrap();
    assert!(wait_for(2).await, "the home page shows the second document");
}

/// Every API error is `{"error": {"code", "message"}}` with a Chinese message,
/// also for requests refused before a handler runs; pages answer with the
/// Chinese error page; a huge search offset is a 400, not a database error.
#[tokio::test]
async fn errors_are_uniform_and_chinese() {
    let (app, _, token) = app_with_admin().await;
    let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for uri in ["/api/search?offset=9223372036854775808", "/api/search?offset=99999999999999999999999", "/api/search?limit=0", "/api/search?year=abc", "/api/compare", "/api/nothing-here"] {
        let (s, body) = get(&app, uri).await;
        assert!(s.is_client_error(), "{uri}: {s}");
        let v: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{uri}: not JSON: {body}"));
        assert!(v["error"]["code"].is_string(), "{uri}: {v}");
        assert!(chinese(v["error"]["message"].as_str().unwrap()), "{uri}: {v}");
    }
    assert_eq!(get(&app, "/api/search?offset=9223372036854775808").await.0, StatusCode::BAD_REQUEST);
    // A body that is not JSON, and a wrong method.
    let req = Request::post("/api/review").header("authorization", format!("Bearer {token}")).header("content-type", "application/json").body(Body::from("{not json")).unwrap();
    let (s, body) = send(&app, req).await;
    assert!(s.is_client_error(), "{s}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(chinese(v["error"]["message"].as_str().unwrap()), "{v}");
    let (s, body) = send(&app, Request::delete("/api/stats").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["error"]["code"], "method_not_allowed");
    // Pages: the Chinese error page.
    let (s, html) = get(&app, "/search?q=x&offset=9223372036854775808").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("检索条件有误") && html.contains("offset"), "{html}");
    let (s, html) = get(&app, "/search?limit=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("<html") && chinese(&html) && !html.contains("Failed to deserialize"), "{html}");
}

/// Security headers on every answer, and stored text always escaped.
#[tokio::test]
async fn security_headers_and_escaping() {
    let (app, _, token) = app_with_admin().await;
    for uri in ["/", "/api/stats", "/search", "/login", "/no-such-page"] {
        let resp = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let h = resp.headers();
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
    }
    let payloads = ["<script>alert(1)</script>", "\" onmouseover=\"alert(2)", "javascript:alert(3)", "<img src=x onerror=alert(4)>"];
    let doc = serde_json::json!({
        "format": "perf-targets/1", "source": "xss.json", "kind": "project",
        "title": format!("标题{}", payloads[0]), "department": format!("部门{}", payloads[1]), "year": 2026, "money_unit": "万元",
        "totals": {"total": 10}, "units": [{"name": format!("单位{}", payloads[3]), "amounts": {"total": 10}, "projects": [{
            "name": format!("项目{}", payloads[2]), "amounts": {"total": 10}, "goal": payloads[3],
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": format!("指标{}", payloads[0]), "annual_value": payloads[3]}]}]}]
    });
    let (s, v) = api_import(&app, &token, "xss.json", doc.to_string().as_bytes()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    for uri in [format!("/documents/{id}"), format!("/search?q={}", enc("指标")), "/".to_string(), format!("/compare?name={}", enc("指标"))] {
        let (s, html) = get(&app, &uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        for p in ["<script>alert", "<img src=x", "\" onmouseover=\""] {
            assert!(!html.contains(p), "{uri} carries {p} unescaped");
        }
    }
}

/// Beyond the files read at once, an upload is asked to come back: 503 with
/// Retry-After, a JSON error in Chinese; nothing stored.
#[tokio::test]
async fn uploads_beyond_the_parse_limit_are_asked_to_wait() {
    let (_, store, _) = app_with_admin().await;
    let mut state = AppState::with_cache(store.clone(), 0);
    state.app = state.app.with_parse_limit(0);
    let app = router(state);
    let token = admin_token(&app).await;
    let Some((name, bytes)) = seeds().into_iter().next() else { return };
    let req = Request::post(format!("/api/import?name={}", enc(&name))).header("authorization", format!("Bearer {token}")).body(Body::from(bytes)).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(resp.headers()["retry-after"], "5");
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["code"], "unavailable");
    assert!(store.list_documents().await.unwrap().is_empty());
}

/// A stored table of 2,048 projects of one name (a block pasted over and over
/// before such files were refused) renders in size linear in what it shows:
/// each finding about a project is shown once, not under every same-named copy.
#[tokio::test]
async fn a_table_of_many_same_named_projects_renders_linearly() {
    use jixiao_core::{Amounts, Body as TableBody, Document, Indicator, Project, ProjectTable, Unit};
    let (app, store, _) = app_with_admin().await;
    let project = |k: usize| {
        let mut i = Indicator::named(format!("指标{k}"));
        i.level1 = Some("产出指标".into());
        Project { name: "合计".into(), amounts: Amounts::default(), goal: None, indicators: vec![i] }
    };
    let doc = Document {
        source: "repeated.json".into(),
        title: Some("项目支出绩效目标表".into()),
        department: "示范局".into(),
        year: Some(2026),
        money_unit: "万元".into(),
        body: TableBody::Project(ProjectTable { totals: Amounts::default(), units: vec![Unit { name: "示范局".into(), amounts: Amounts::default(), projects: (0..2048).map(project).collect() }] }),
    };
    let findings = jixiao_app::pipeline::review(&doc);
    let prov = jixiao_store::Provenance {
        source: doc.source.clone(),
        content_hash: "r".into(),
        imported_at: "2026-12-07T00:00:00Z".into(),
        state: jixiao_store::StartState::Published,
        audit: jixiao_store::AuditEntry { actor_name: "测试".into(), action: "import".into(), ..Default::default() },
    };
    let jixiao_store::ImportOutcome::Stored { id, .. } = store.import(&doc, &prov, &findings).await.unwrap() else { panic!() };
    let (s, html) = get(&app, &format!("/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    // Every finding shown at most about twice (beside its row and in the summary).
    let shown = html.matches("class=\"finding").count();
    assert!(shown <= 2 * findings.len() + 10, "{shown} findings shown for {} stored", findings.len());
    assert!(html.len() < 8 * 1024 * 1024, "page of {} bytes", html.len());
    let about_projects = findings.iter().filter(|f| f.indicator.is_none()).count();
    assert!(about_projects >= 2048, "the review finds something about each project ({about_projects})");
}

/// A database held by another writer: the upload gets 503 with Retry-After
/// and the cause in Chinese (never the database's words), nothing is stored,
/// and the same upload succeeds once the lock is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_answers_503_with_the_cause_and_the_next_upload_succeeds() {
    let (app, store, token) = app_with_admin().await;
    let Some((name, bytes)) = seeds().into_iter().next() else { return };
    let mut other = store.pool().acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *other).await.unwrap();
    let req = Request::post(format!("/api/import?name={}", enc(&name))).header("authorization", format!("Bearer {token}")).body(Body::from(bytes.clone())).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(resp.headers()["retry-after"], "5");
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let v: Value = serde_json::from_slice(&body).unwrap();
    let message = v["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("数据库正被其他写入占用") && message.contains("未保存任何内容"), "{v}");
    assert!(!message.contains("locked") && !message.contains("database"), "no database words: {message}");
    sqlx::query("ROLLBACK").execute(&mut *other).await.unwrap();
    drop(other);
    assert!(store.list_documents().await.unwrap().is_empty(), "nothing stored");
    let (s, v) = api_import(&app, &token, &name, &bytes).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}
