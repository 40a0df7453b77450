//! The read pages over HTTP. 指标检索: totals that agree from page to page, a
//! pager with previous/next, scopes and several words, refusals in Chinese and
//! JSON. Document pages: a Chinese header and breadcrumb, findings that link
//! to their rows.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jixiao_store::{AuditEntry, Provenance, StartState, Store};
use jixiao_web::{router, AppState};
use serde_json::Value;
use tower::ServiceExt;

async fn demo_app(tag: &str) -> Router {
    let dir = std::env::temp_dir().join(format!("jixiao-search-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("t.db").to_str().unwrap()).await.unwrap();
    for (k, doc) in jixiao_demo::generate(&jixiao_demo::DemoConfig::default()).iter().enumerate() {
        let prov = Provenance {
            source: doc.source.clone(),
            content_hash: format!("h{k}"),
            imported_at: "2026-12-07T00:00:00Z".into(),
            state: StartState::Published,
            audit: AuditEntry { actor_name: "测试".into(), action: "import".into(), ..Default::default() },
        };
        // One finding on the second indicator of every document.
        let finding = jixiao_store::NewFinding {
            rule: "measurability/vague-value".into(),
            family: "measurability".into(),
            severity: "warning".into(),
            message: "指标值不可衡量".into(),
            place: serde_json::json!({"indicator": 2}),
            indicator: Some(1),
        };
        store.import(doc, &prov, &[finding]).await.unwrap();
    }
    router(AppState::new(store))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let resp = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn pages_of_one_search_agree() {
    let app = demo_app("pages").await;
    // A word common enough for several pages of 10.
    // The last page tells the exact count: it equals what the first page said.
    let (_, body) = get(&app, &format!("/api/search?q={}&limit=10", enc("率"))).await;
    let n = json(&body)["total"].as_u64().unwrap() as usize;
    assert!(n > 30, "{n} hits");
    let (_, body) = get(&app, &format!("/api/search?q={}&limit=10&offset={}", enc("率"), (n - 1) / 10 * 10)).await;
    let last = json(&body);
    assert_eq!((last["total"].as_u64(), last["more"].as_bool()), (Some(n as u64), Some(false)));
    assert_eq!(last["hits"].as_array().unwrap().len(), n - (n - 1) / 10 * 10);
    let mut seen = std::collections::HashSet::new();
    for page in 0..3 {
        let (s, body) = get(&app, &format!("/api/search?q={}&limit=10&offset={}", enc("率"), page * 10)).await;
        assert_eq!(s, StatusCode::OK);
        let v = json(&body);
        assert_eq!(v["total"].as_u64(), Some(n as u64), "page {page}");
        assert_eq!(v["total_exact"], true);
        for h in v["hits"].as_array().unwrap() {
            assert!(seen.insert(h["indicator_id"].as_i64().unwrap()), "a hit on two pages");
        }
        let (_, html) = get(&app, &format!("/search?q={}&limit=10&offset={}", enc("率"), page * 10)).await;
        assert!(html.contains(&format!("找到 <span id=\"total\">{n}</span> 项指标")), "page {page}");
        assert!(html.contains(&format!("本页为第 {}–{} 项", page * 10 + 1, page * 10 + 10)));
        assert_eq!(html.contains("rel=\"prev\""), page > 0, "上一页 on page {page}");
        assert!(html.contains("rel=\"next\""));
        assert!(html.contains(&format!("aria-current=\"page\">{}</span>", page + 1)));
    }
    assert_eq!(seen.len(), 30);
}

#[tokio::test]
async fn words_and_scopes() {
    let app = demo_app("scopes").await;
    let (_, body) = get(&app, &format!("/api/search?q={}&limit=500", enc("满意度"))).await;
    let v = json(&body);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    // Two words of one name, apart and in the other order, find it.
    let name = hits[0]["name"].as_str().unwrap().to_string();
    let chars: Vec<char> = name.chars().collect();
    let (a, b): (String, String) = (chars[..2].iter().collect(), chars[chars.len() - 2..].iter().collect());
    let (_, body) = get(&app, &format!("/api/search?q={}&limit=500", enc(&format!("{b} {a}")))).await;
    let v = json(&body);
    let found = v["hits"].as_array().unwrap();
    assert!(found.iter().any(|h| h["name"] == name.as_str()));
    assert!(found.iter().all(|h| h["name"].as_str().is_some_and(|n| n.contains(&a) && n.contains(&b))));
    // A project name is found in the owner scope, not among indicator names.
    let owner = hits.iter().find_map(|h| h["owner"].as_str()).expect("an owner").to_string();
    let word: String = owner.chars().take(4).collect();
    let (_, body) = get(&app, &format!("/api/search?q={}&scope=owner&limit=500", enc(&word))).await;
    let by_owner = json(&body);
    assert!(!by_owner["hits"].as_array().unwrap().is_empty());
    assert!(by_owner["hits"].as_array().unwrap().iter().all(|h| h["owner"].as_str().is_some_and(|o| o.contains(&word))));
    let (_, html) = get(&app, &format!("/search?q={}&scope=owner", enc(&word))).await;
    assert!(html.contains(&format!("<mark>{word}</mark>")));
    assert!(html.contains("<option value=\"owner\" selected>"));
    // Printed values carry their comparator and unit.
    let (_, body) = get(&app, &format!("/api/search?q={}&scope=value&limit=50", enc("%"))).await;
    let v = json(&body);
    assert!(v["hits"].as_array().unwrap().iter().all(|h| h["printed"].as_str().is_some_and(|p| p.contains('%'))));
}

#[tokio::test]
async fn bad_parameters_are_refused_in_chinese() {
    let app = demo_app("bad").await;
    let (s, body) = get(&app, "/api/search?q=x&scope=everything").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"]["message"].as_str().unwrap().contains("检索范围"));
    let (s, html) = get(&app, "/search?q=x&scope=everything").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("检索范围"));
    let (s, body) = get(&app, "/api/search?q=a+b+c+d+e+f+g+h+i").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"]["message"].as_str().unwrap().contains("关键词最多"));
    let (s, body) = get(&app, "/api/search?limit=ten").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"]["message"].is_string());
}

#[tokio::test]
async fn document_pages_say_where_and_link_findings_to_rows() {
    let app = demo_app("doc").await;
    let (_, body) = get(&app, "/api/documents").await;
    let docs = json(&body);
    let d = &docs.as_array().unwrap()[0];
    let (s, html) = get(&app, &format!("/documents/{}", d["id"])).await;
    assert_eq!(s, StatusCode::OK);
    let dep = d["department"].as_str().unwrap();
    assert!(html.contains(&format!("id=\"crumb-department\">{dep}</a>")), "breadcrumb");
    assert!(html.contains("导入时间：2026-12-07 08:00（北京时间）"), "Beijing time");
    assert!(!html.contains("2026-12-07T00:00:00Z"));
    assert!(html.contains("id=\"severity-legend\""));
    // The finding in the summary links to its row, and the row has that id.
    assert!(html.contains("<a class=\"place\" href=\"#ind-1\">"), "a link to the row");
    assert!(html.contains("id=\"ind-1\""), "the row");
    assert_eq!(html.matches("id=\"ind-1\"").count(), 1);
}
