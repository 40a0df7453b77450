//! The store suite: every test runs on SQLite and on PostgreSQL (see
//! `common/mod.rs` for how the databases are made).

#[macro_use]
#[path = "common/mod.rs"]
mod common;

use common::*;
use jixiao_core::Body;
use jixiao_store::{ImportOutcome, NewFinding, SearchQuery, Store};

async fn round_trip(store: &Store) {
    for doc in truth_docs() {
        let out = store.import(&doc, &prov(&doc, "h1"), &[]).await.unwrap();
        let ImportOutcome::Stored { id, version } = out else { panic!("not stored") };
        assert_eq!(version, 1);
        let back = store.document(id).await.unwrap().expect("stored");
        assert_eq!(back.document, doc, "{} round-trips", doc.source);
        assert!(!back.superseded);
    }
    let list = store.list_documents().await.unwrap();
    assert_eq!(list.len(), truth_docs().len());
    let totals = store.totals().await.unwrap();
    let n: usize = truth_docs().iter().map(|d| d.indicators().len()).sum();
    assert_eq!(totals.indicators as usize, n);
}
on_both!(documents_round_trip, round_trip);

async fn versions(store: &Store) {
    let Some(mut doc) = truth_docs().into_iter().next() else { return };
    let first = store.import(&doc, &prov(&doc, "aaa"), &[]).await.unwrap();
    let again = store.import(&doc, &prov(&doc, "aaa"), &[]).await.unwrap();
    let ImportOutcome::Stored { id, .. } = first else { panic!() };
    assert_eq!(again, ImportOutcome::Unchanged { id, version: 1 });
    doc.title = Some("改过的标题".into());
    let ImportOutcome::Stored { id: id2, version } = store.import(&doc, &prov(&doc, "bbb"), &[]).await.unwrap() else {
        panic!("changed file is a new version")
    };
    assert_eq!(version, 2);
    assert!(store.document(id).await.unwrap().unwrap().superseded);
    let list = store.list_documents().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id2);
    assert_eq!(store.versions(&doc.source).await.unwrap().len(), 2);
}
on_both!(versions_by_content, versions);

async fn all_or_nothing(store: &Store) {
    let Some(doc) = truth_docs().into_iter().next() else { return };
    // The last finding breaks a constraint after everything else was written.
    let bad = vec![finding(Some(0), "error"), finding(None, "fatal")];
    assert!(store.import(&doc, &prov(&doc, "x"), &bad).await.is_err());
    assert_eq!(store.totals().await.unwrap().documents, 0);
    assert!(store.search(&SearchQuery { text: "率".into(), ..Default::default() }).await.unwrap().hits.is_empty());
    // And the same document then imports cleanly.
    assert!(matches!(store.import(&doc, &prov(&doc, "x"), &bad[..1]).await.unwrap(), ImportOutcome::Stored { .. }));
}
on_both!(imports_are_all_or_nothing, all_or_nothing);

async fn search(store: &Store) {
    let docs = truth_docs();
    if docs.is_empty() {
        return;
    }
    for doc in &docs {
        let findings = vec![finding(Some(1), "error"), finding(None, "warning")];
        store.import(doc, &prov(doc, "h"), &findings).await.unwrap();
    }
    let all: Vec<String> = docs.iter().flat_map(|d| d.indicators().into_iter().map(|i| i.name.clone())).collect();
    for q in ["调解", "调解成功率", "满意度", "率", "(%)", "法律援助"] {
        let want = all.iter().filter(|n| n.contains(q)).count();
        let got = store.search(&SearchQuery { text: q.into(), limit: 500, ..Default::default() }).await.unwrap();
        assert_eq!(got.hits.len(), want, "search {q}");
        assert!(got.hits.iter().all(|h| h.name.contains(q)));
    }
    let none = store.search(&SearchQuery { text: "不存在的指标名".into(), ..Default::default() }).await.unwrap();
    assert!(none.hits.is_empty());
    let pct = store.search(&SearchQuery { text: "%".into(), limit: 500, ..Default::default() }).await.unwrap();
    assert!(pct.hits.iter().all(|h| h.name.contains('%')));
    // Filters.
    let d0 = &docs[0];
    let by_dep = store
        .search(&SearchQuery { department: Some(d0.department.clone()), limit: 500, ..Default::default() })
        .await
        .unwrap();
    assert!(by_dep.hits.iter().all(|h| h.department == d0.department));
    assert!(!by_dep.hits.is_empty());
    let with_errors =
        store.search(&SearchQuery { finding: Some("error".into()), limit: 500, ..Default::default() }).await.unwrap();
    assert_eq!(with_errors.hits.len(), docs.iter().filter(|d| d.indicators().len() > 1).count());
    assert!(with_errors.hits.iter().all(|h| h.findings.iter().any(|f| f.0 == "error")));
    let page = store.search(&SearchQuery { text: "率".into(), limit: 3, ..Default::default() }).await.unwrap();
    assert_eq!(page.hits.len(), 3);
    assert!(page.more);
    let year = store.search(&SearchQuery { year: Some(2023), limit: 500, ..Default::default() }).await.unwrap();
    assert!(year.hits.iter().all(|h| h.year == Some(2023)));
}
on_both!(search_and_filters, search);

/// Several words are all required, in the scope asked for; pages of one query
/// report the same total, exact up to the bound.
async fn search_scopes(store: &Store) {
    use jixiao_store::SearchScope;
    let docs = truth_docs();
    if docs.is_empty() {
        return;
    }
    for doc in &docs {
        store.import(doc, &prov(doc, "h"), &[]).await.unwrap();
    }
    let inds: Vec<(String, &jixiao_core::Indicator)> = docs.iter().flat_map(|d| d.indicators().into_iter().map(|i| (d.department.clone(), i))).collect();
    let q = |text: &str, scope: SearchScope, limit: usize, offset: usize| SearchQuery { text: text.into(), scope, limit, offset, ..Default::default() };
    // Two words apart in a name: both required, not the phrase.
    let name = inds.iter().map(|(_, i)| i.name.clone()).find(|n| n.chars().count() >= 5 && n.chars().all(char::is_alphanumeric)).expect("a long name");
    let chars: Vec<char> = name.chars().collect();
    let (a, b): (String, String) = (chars[..2].iter().collect(), chars[chars.len() - 2..].iter().collect());
    let got = store.search(&q(&format!("{a} {b}"), SearchScope::Name, 500, 0)).await.unwrap();
    let want = inds.iter().filter(|(_, i)| i.name.contains(&a) && i.name.contains(&b)).count();
    assert_eq!(got.hits.len(), want, "{a} {b}");
    assert!(got.hits.iter().any(|h| h.name == name));
    assert!(store.search(&q(&format!("{a} 不存在的词"), SearchScope::Name, 500, 0)).await.unwrap().hits.is_empty());
    // Project names, departments, values.
    let owner = docs.iter().find_map(|d| match &d.body {
        jixiao_core::Body::Project(t) => t.units.iter().flat_map(|u| &u.projects).map(|p| p.name.clone()).find(|n| n.chars().count() >= 3),
        _ => None,
    });
    if let Some(owner) = owner {
        let word: String = owner.chars().take(3).collect();
        let got = store.search(&q(&word, SearchScope::Owner, 500, 0)).await.unwrap();
        assert!(!got.hits.is_empty(), "owner {word}");
        assert!(got.hits.iter().all(|h| h.owner.as_deref().is_some_and(|o| o.contains(&word))));
        assert!(store.search(&q(&word, SearchScope::All, 500, 0)).await.unwrap().hits.len() >= got.hits.len());
    }
    let dep: String = docs[0].department.chars().take(3).collect();
    let got = store.search(&q(&dep, SearchScope::Department, 500, 0)).await.unwrap();
    assert_eq!(got.hits.len(), inds.iter().filter(|(d, _)| d.contains(&dep)).count().min(500));
    let got = store.search(&q("%", SearchScope::Value, 500, 0)).await.unwrap();
    assert_eq!(got.hits.len(), inds.iter().filter(|(_, i)| [&i.annual_value, &i.period_value].iter().any(|v| v.as_deref().is_some_and(|v| v.contains('%')))).count().min(500));
    assert!(got.hits.iter().all(|h| h.printed.as_deref().is_some_and(|v| !v.is_empty())));
    // Totals: the same on every page, exact, and equal to the hits.
    let all = store.search(&q("率", SearchScope::Name, 500, 0)).await.unwrap();
    let n = all.hits.len();
    assert!(n > 6 && !all.more);
    for offset in [0, 3, n - 2] {
        let page = store.search(&q("率", SearchScope::Name, 3, offset)).await.unwrap();
        assert_eq!((page.total, page.total_exact), (n, true), "offset {offset}");
    }
    let beyond = store.search(&q("率", SearchScope::Name, 3, n + 10)).await.unwrap();
    assert_eq!((beyond.hits.len(), beyond.total), (0, n));
}
on_both!(search_scopes_and_totals, search_scopes);

async fn findings_and_compare(store: &Store) {
    let docs = truth_docs();
    let Some(doc) = docs.iter().find(|d| matches!(d.body, Body::Project(_))) else { return };
    let ImportOutcome::Stored { id, .. } = store.import(doc, &prov(doc, "h"), &[finding(Some(2), "warning")]).await.unwrap() else {
        panic!()
    };
    let f = store.findings(id).await.unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].indicator_position, Some(2));
    assert_eq!(f[0].place["indicator"], 2);
    for d in &docs {
        store.import(d, &prov(d, "h"), &[]).await.unwrap();
    }
    let rows = store.compare("调解成功率").await.unwrap();
    assert!(rows.len() >= 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.name.contains("调解成功率")));
    let (deps, years) = store.facets().await.unwrap();
    assert!(!deps.is_empty() && !years.is_empty());
}
on_both!(findings_and_comparison, findings_and_compare);

/// Two processes' worth of writers (two stores on one database) importing at
/// once: every document lands whole, with its own ids.
async fn concurrent(db: &Db) {
    let docs = truth_docs();
    if docs.is_empty() {
        return;
    }
    let other = Store::open(&db.location).await.expect("second store");
    let mut tasks = Vec::new();
    for (w, store) in [db.store.clone(), other.clone()].into_iter().enumerate() {
        let docs = docs.clone();
        tasks.push(tokio::spawn(async move {
            for round in 0..4 {
                for doc in &docs {
                    let mut d = doc.clone();
                    d.source = format!("w{w}-r{round}-{}", doc.source);
                    let f = vec![finding(Some(0), "warning")];
                    let out = store.import(&d, &prov(&d, "h"), &f).await.expect("concurrent import");
                    assert!(matches!(out, ImportOutcome::Stored { version: 1, .. }));
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    other.close().await;
    let totals = db.store.totals().await.unwrap();
    assert_eq!(totals.documents as usize, docs.len() * 8);
    let n: usize = docs.iter().map(|d| d.indicators().len()).sum();
    assert_eq!(totals.indicators as usize, n * 8);
    for summary in db.store.list_documents().await.unwrap() {
        let back = db.store.document(summary.id).await.unwrap().expect("stored");
        let original = docs.iter().find(|d| back.document.source.ends_with(&d.source)).expect("known source");
        assert_eq!(back.document.indicators(), original.indicators(), "{}", back.document.source);
        let f = db.store.findings(summary.id).await.unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].indicator_position, Some(0));
    }
}
on_both_db!(concurrent_imports, concurrent);

/// Re-running the latest migration (as on an older database) rebuilds the
/// search index from the stored indicators.
async fn migration_rebuilds_index(store: &Store) {
    let docs = truth_docs();
    for doc in &docs {
        store.import(doc, &prov(doc, "h"), &[]).await.unwrap();
    }
    let before = store.search(&SearchQuery { text: "调解".into(), limit: 500, ..Default::default() }).await.unwrap();
    sqlx::query("DELETE FROM schema_version WHERE version = 2").execute(store.pool()).await.unwrap();
    store.migrate().await.unwrap();
    let after = store.search(&SearchQuery { text: "调解".into(), limit: 500, ..Default::default() }).await.unwrap();
    let ids = |r: &jixiao_store::SearchResult| r.hits.iter().map(|h| h.indicator_id).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert_eq!(before.hits.is_empty(), docs.is_empty());
}
on_both!(migration_rebuilds_search_index, migration_rebuilds_index);

/// A document larger than one statement can carry (PostgreSQL's parameter
/// limit) is still written whole and reads back the same.
async fn large_document(store: &Store) {
    let docs = truth_docs();
    let Some(mut doc) = docs.into_iter().find(|d| matches!(d.body, Body::Project(_))) else { return };
    if let Body::Project(t) = &mut doc.body {
        let project = &mut t.units[0].projects[0];
        let base = project.indicators.clone();
        while project.indicators.len() < 2500 {
            project.indicators.extend(base.iter().cloned());
        }
    }
    let n = doc.indicators().len();
    let findings: Vec<NewFinding> = (0..n).step_by(7).map(|i| finding(Some(i), "info")).collect();
    let ImportOutcome::Stored { id, .. } = store.import(&doc, &prov(&doc, "big"), &findings).await.unwrap() else {
        panic!("stored")
    };
    let back = store.document(id).await.unwrap().expect("stored");
    assert_eq!(back.document, doc);
    let f = store.findings(id).await.unwrap();
    assert_eq!(f.len(), findings.len());
    assert!(f.iter().zip(&findings).all(|(a, b)| a.indicator_position == b.indicator.map(|i| i as i64)));
}
on_both!(large_documents, large_document);

/// Searching the newest indicators first (PostgreSQL) gives the same pages as
/// searching all at once.
async fn windowed_search(store: &Store) {
    let docs = truth_docs();
    for (k, doc) in docs.iter().enumerate() {
        for copy in 0..3 {
            let mut d = doc.clone();
            d.source = format!("{copy}-{k}-{}", doc.source);
            store.import(&d, &prov(&d, "h"), &[finding(Some(0), "warning")]).await.unwrap();
        }
    }
    let narrow = store.clone().with_search_window(40);
    for text in ["率", "调解", "满意度", "法律援助", "服务", "不存在的"] {
        for (limit, offset) in [(5, 0), (5, 10), (50, 0), (500, 0), (20, 200)] {
            let q = SearchQuery { text: text.into(), limit, offset, ..Default::default() };
            let wide = store.search(&q).await.unwrap();
            let windowed = narrow.search(&q).await.unwrap();
            let ids = |r: &jixiao_store::SearchResult| r.hits.iter().map(|h| h.indicator_id).collect::<Vec<_>>();
            assert_eq!(ids(&wide), ids(&windowed), "{text} {limit} {offset}");
            assert_eq!(wide.more, windowed.more, "{text} {limit} {offset}");
        }
    }
}
on_both!(windowed_search_is_exact, windowed_search);

/// Connections whose picture of the schema predates a change (a migration run
/// by another connection) still read documents, audit records and accounts:
/// no query relies on `SELECT *`, which such a connection prepares with the
/// old column list.
async fn stale_schema(store: &Store) {
    let docs = truth_docs();
    let Some(doc) = docs.first() else { return };
    let ImportOutcome::Stored { id, .. } = store.import(doc, &prov(doc, "stale"), &[]).await.unwrap() else {
        panic!("stored")
    };
    let mut conns = Vec::new();
    for _ in 0..3 {
        let mut c = store.pool().acquire().await.unwrap();
        sqlx::query("SELECT COUNT(*) AS n FROM documents").fetch_one(&mut *c).await.unwrap();
        conns.push(c);
    }
    for (table, column) in [("documents", "later_note"), ("audit", "later_note"), ("units", "later_note"), ("departments", "later_note")] {
        sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {table} ADD COLUMN {column} TEXT")))
            .execute(&mut *conns[0])
            .await
            .unwrap();
    }
    drop(conns);
    for _ in 0..6 {
        let back = store.document(id).await.unwrap().expect("read back");
        assert_eq!(back.document, *doc);
        assert!(!store.document_audit(id).await.unwrap().is_empty());
        store.departments().await.unwrap();
    }
}
on_both!(stale_schema_cache, stale_schema);

/// Two processes opening a new database at once both migrate it (each step
/// applied once) and both can write.
async fn open_twice(location: &str) {
    let (a, b) = tokio::join!(Store::open(location), Store::open(location));
    let (a, b) = (a.expect("first opener"), b.expect("second opener"));
    let docs = common::truth_docs();
    for (k, (store, doc)) in [&a, &b].into_iter().zip(docs.iter().take(2)).enumerate() {
        let out = store.import(doc, &common::prov(doc, &format!("h{k}")), &[]).await.expect("import");
        assert!(matches!(out, jixiao_store::ImportOutcome::Stored { .. }));
    }
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schema_version").fetch_one(a.pool()).await.unwrap();
    let distinct: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT version) FROM schema_version").fetch_one(a.pool()).await.unwrap();
    assert_eq!(versions, distinct, "each migration applied once");
    assert_eq!(a.list_documents().await.unwrap().len(), 2);
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn two_openers_of_a_new_database_sqlite() {
    let dir = std::env::temp_dir().join(format!("jixiao-open-twice-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    open_twice(dir.join("t.db").to_str().unwrap()).await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn two_openers_of_a_new_database_postgres() {
    let Some((admin, name, url)) = common::empty_postgres().await else { return };
    open_twice(&url).await;
    common::drop_postgres(&admin, &name).await;
}
