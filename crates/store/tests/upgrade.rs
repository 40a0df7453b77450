//! Databases made by an earlier schema open under this one with every row
//! kept. `tests/data/schema-vN.db` was written by schema N (5 and 6 on
//! 2026-12-07): made-up documents (from our demo generator), a user, a
//! monitoring round, and `schema-vN.json` lists what it holds. Each later schema adds its own file
//! (`cargo test -p jixiao-store --test upgrade -- --ignored` writes one for
//! the current schema).

mod common;

use jixiao_store::{AuditEntry, NewRound, NewUser, RoundIndicator, RoundProject, Store};
use serde_json::{json, Value};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[tokio::test]
async fn every_earlier_schema_opens_with_every_row() {
    let mut versions: Vec<u32> = std::fs::read_dir(data(""))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_prefix("schema-v")?.strip_suffix(".db")?.parse().ok())
        .collect();
    versions.sort();
    assert!(versions.contains(&5), "the schema-5 fixture is there: {versions:?}");
    for v in versions {
        opens_with_every_row(v).await;
    }
}

async fn opens_with_every_row(version: u32) {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(data(&format!("schema-v{version}.json"))).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("jixiao-upgrade-{}-{version}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("old.db");
    std::fs::copy(data(&format!("schema-v{version}.db")), &db).unwrap();
    let store = Store::open(db.to_str().unwrap()).await.expect("opens and migrates");
    assert!(store.check_data().await.unwrap().is_empty(), "schema {version}");
    for d in manifest["documents"].as_array().unwrap() {
        let id = d["id"].as_i64().unwrap();
        let back = store.document(id).await.unwrap().expect("kept");
        assert_eq!(back.document.to_json(), d["document"], "schema {version}: document {id} unchanged");
        assert_eq!(back.state, d["state"].as_str().unwrap());
    }
    let user = store.user_by_name("old-editor").await.unwrap().expect("user kept");
    assert_eq!(user.department.as_deref(), manifest["user_department"].as_str());
    let round = store.round(manifest["round_id"].as_i64().unwrap()).await.unwrap().expect("round kept");
    assert_eq!(round.projects.len(), manifest["round_projects"].as_u64().unwrap() as usize);
    assert_eq!(round.indicators.len(), manifest["round_indicators"].as_u64().unwrap() as usize);
    let laggards = store.laggards(None, Default::default(), 100).await.unwrap();
    assert_eq!(laggards.len(), manifest["laggards"].as_u64().unwrap() as usize, "schema {version}: the laggard list reads the old rows");
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// Writes the fixture of the current schema (run by hand when a schema changes).
#[tokio::test]
#[ignore = "writes tests/data/schema-vN.db for the current schema"]
async fn write_the_fixture_of_this_schema() {
    let docs: Vec<_> = jixiao_demo::generate(&jixiao_demo::DemoConfig { districts: 1, years: 2025..=2025, ..Default::default() })
        .into_iter()
        .take(6)
        .collect();
    let dir = std::env::temp_dir().join(format!("jixiao-fixture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("f.db").to_str().unwrap()).await.unwrap();
    let version: i64 = sqlx::query_scalar("SELECT MAX(version) FROM schema_version").fetch_one(store.pool()).await.unwrap();
    let mut listed = Vec::new();
    let mut project_doc = None;
    for (k, doc) in docs.iter().enumerate() {
        let mut doc = doc.clone();
        doc.source = format!("fixture-{k}.txt");
        let jixiao_store::ImportOutcome::Stored { id, .. } = store.import(&doc, &common::prov(&doc, &format!("f{k}")), &[]).await.unwrap() else { panic!() };
        if project_doc.is_none() && matches!(doc.body, jixiao_core::Body::Project(_)) {
            project_doc = Some((id, doc.clone()));
        }
        let stored = store.document(id).await.unwrap().unwrap();
        listed.push(json!({"id": id, "state": stored.state, "document": stored.document.to_json()}));
    }
    let (id, doc) = project_doc.expect("a project table");
    store
        .add_user(&NewUser { name: "old-editor".into(), role: "editor".into(), department: Some(doc.department.clone()), region: None, password_hash: "x".into() }, &AuditEntry { actor_name: "测试".into(), action: "user_add".into(), ..Default::default() })
        .await
        .unwrap();
    let jixiao_core::Body::Project(t) = &doc.body else { unreachable!() };
    let projects: Vec<RoundProject> = t.units.iter().flat_map(|u| &u.projects).enumerate().map(|(k, p)| RoundProject {
        position: k as i64, name: p.name.clone(), budget: Some("100".into()), executed: Some("10".into()), expected: None,
        execution_light: "red".into(), light: "red".into(), reason: "预算执行：执行率 10%".into(),
    }).collect();
    let indicators = vec![RoundIndicator { position: 0, project: Some(0), name: t.units[0].projects[0].indicators[0].name.clone(), actual: Some("1".into()), causes: vec!["funding".into()], light: "red".into(), ..Default::default() }];
    let round = NewRound { document_id: id, month: 7, light: "red".into(), projects: projects.clone(), indicators };
    let round_id = store.save_round(&round, &AuditEntry { actor_name: "测试".into(), action: "monitor_report".into(), ..Default::default() }).await.unwrap();
    let laggards = store.laggards(None, Default::default(), 100).await.unwrap().len();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.unwrap();
    let out = data(&format!("schema-v{version}.db"));
    let _ = std::fs::remove_file(&out);
    store.backup(&out).await.unwrap();
    let manifest = json!({"schema": version, "documents": listed, "user_department": doc.department, "round_id": round_id,
        "round_projects": projects.len(), "round_indicators": 1, "laggards": laggards});
    std::fs::write(data(&format!("schema-v{version}.json")), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    store.close().await;
}
