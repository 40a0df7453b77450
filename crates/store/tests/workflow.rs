//! The store's accounts and workflow tables on SQLite and PostgreSQL:
//! users and sessions, drafts that stay out of public reads, content
//! replacement with revisions (stale writes refused), state changes with
//! comments, snapshots and audit records.

#[macro_use]
#[path = "common/mod.rs"]
mod common;

use common::*;
use jixiao_store::{
    AuditEntry, ImportOutcome, NewComment, NewUser, SearchQuery, StartState, StateChange, Store, UpdateOutcome,
};

fn audit(action: &str) -> AuditEntry {
    AuditEntry { actor_id: Some(1), actor_name: "测试员".into(), action: action.into(), ..Default::default() }
}

async fn accounts(store: &Store) {
    store.ensure_region("甲省", None, "province").await.unwrap();
    store.ensure_region("甲省乙市", Some("甲省"), "city").await.unwrap();
    assert_eq!(store.ensure_region("甲省", None, "province").await.unwrap(), store.regions().await.unwrap()[0].id);
    let u = NewUser {
        name: "张三".into(),
        role: "editor".into(),
        department: Some("某某局".into()),
        region: None,
        password_hash: "$argon2id$x".into(),
    };
    let id = store.add_user(&u, &audit("user_add")).await.unwrap();
    assert!(store.add_user(&u, &audit("user_add")).await.is_err(), "a taken name is refused");
    let back = store.user_by_name("张三").await.unwrap().expect("user");
    assert_eq!((back.id, back.department.as_deref(), back.role.as_str()), (id, Some("某某局"), "editor"));
    assert!(store.department("某某局").await.unwrap().is_some(), "the department was created");
    store.set_department_region("某某局", Some("甲省乙市"), &audit("department_region")).await.unwrap();
    assert!(store.department("某某局").await.unwrap().unwrap().region_id.is_some());

    store.create_session("hash1", id, "csrf1", "cookie", 100, 200, Some("10.0.0.1")).await.unwrap();
    let s = store.session("hash1").await.unwrap().expect("session");
    assert_eq!((s.user.name.as_str(), s.csrf.as_str(), s.expires_at), ("张三", "csrf1", 200));
    store.touch_session("hash1", 150).await.unwrap();
    assert_eq!(store.session("hash1").await.unwrap().unwrap().last_seen, 150);
    store.delete_session("hash1", 0).await.unwrap();
    assert!(store.session("hash1").await.unwrap().is_none());

    for _ in 0..3 {
        let mut a = audit("sign_in_failed");
        a.subject = Some("张三".into());
        a.address = Some("10.0.0.9".into());
        store.audit(&a).await.unwrap();
    }
    assert_eq!(store.count_audit("sign_in_failed", Some("张三"), None, 0).await.unwrap(), 3);
    assert_eq!(store.count_audit("sign_in_failed", None, Some("10.0.0.9"), 0).await.unwrap(), 3);
    assert_eq!(store.count_audit("sign_in_failed", Some("李四"), None, 0).await.unwrap(), 0);
    assert_eq!(store.count_audit("sign_in_failed", Some("张三"), None, i64::MAX).await.unwrap(), 0);
}
on_both!(accounts_and_sessions, accounts);

async fn drafts(store: &Store) {
    let Some(doc) = truth_docs().into_iter().next() else { return };
    let mut p = prov(&doc, "d1");
    p.state = StartState::Draft { created_by: Some(1) };
    p.audit = audit("import");
    let ImportOutcome::Stored { id, .. } = store.import(&doc, &p, &[]).await.unwrap() else { panic!("stored") };
    // Drafts stay out of every public read.
    assert!(store.list_documents().await.unwrap().is_empty());
    assert_eq!(store.totals().await.unwrap().documents, 0);
    let name = doc.indicators()[0].name.clone();
    let q = SearchQuery { text: name.clone(), ..Default::default() };
    assert!(store.search(&q).await.unwrap().hits.is_empty());
    let work = store.workflow_documents(&["draft"], Some(std::slice::from_ref(&doc.department))).await.unwrap();
    assert_eq!(work.len(), 1);
    assert_eq!((work[0].state.as_str(), work[0].revision), ("draft", 1));
    assert_eq!(store.document_versions(id).await.unwrap().len(), 1);

    // Content replaced at the expected revision; a stale one writes nothing.
    let mut edited = doc.clone();
    edited.title = Some("修改后的标题".into());
    let renamed = "一个全新的指标名称";
    if let jixiao_core::Body::Project(t) = &mut edited.body {
        t.units[0].projects[0].indicators[0].name = renamed.into();
    } else if let jixiao_core::Body::Department(t) = &mut edited.body {
        let plan = &mut t.plans[0];
        match plan.indicators.first_mut() {
            Some(i) => i.name = renamed.into(),
            None => plan.tasks.iter_mut().flat_map(|t| &mut t.indicators).next().expect("an indicator").name = renamed.into(),
        }
    }
    let v0 = store.data_version().await.unwrap();
    assert_eq!(store.update_content(id, 1, &edited, &[], &audit("edit")).await.unwrap(), UpdateOutcome::Saved { revision: 2 });
    assert!(store.data_version().await.unwrap() > v0, "an edit moves the data version");
    assert_eq!(store.update_content(id, 1, &doc, &[], &audit("edit")).await.unwrap(), UpdateOutcome::Stale { current: 2 });
    let back = store.document(id).await.unwrap().unwrap();
    assert_eq!(back.document, edited);
    assert_eq!(back.revision, 2);
    assert_eq!(store.document_versions(id).await.unwrap().len(), 1, "the same user's quick saves make one version");
    assert_eq!(store.document_version(id, 2).await.unwrap().unwrap(), edited);

    // Submitted: content is frozen; the state moves only from where it is.
    let submit = StateChange { from: "draft", to: "submitted", supersede_older: false, comments: &[] };
    assert_eq!(store.change_state(id, &submit, &audit("transition:submit")).await.unwrap(), Some(3));
    assert!(store.change_state(id, &submit, &audit("transition:submit")).await.unwrap().is_none());
    assert!(matches!(
        store.update_content(id, 3, &doc, &[], &audit("edit")).await.unwrap(),
        UpdateOutcome::NotEditable { .. }
    ));
    let comments = vec![NewComment { place: serde_json::json!({"indicator": 1}), text: "指标值过低".into() }];
    let ret = StateChange { from: "submitted", to: "returned", supersede_older: false, comments: &comments };
    store.change_state(id, &ret, &audit("transition:return")).await.unwrap().expect("returned");
    let c = store.comments(id).await.unwrap();
    assert_eq!((c.len(), c[0].text.as_str(), c[0].revision), (1, "指标值过低", 4));
    assert!(c[0].audit_id.is_some());

    // Published: now public, searchable under the new name only.
    let publish = StateChange { from: "returned", to: "published", supersede_older: true, comments: &[] };
    store.change_state(id, &publish, &audit("transition:publish")).await.unwrap().expect("published");
    assert_eq!(store.list_documents().await.unwrap().len(), 1);
    assert!(store.search(&SearchQuery { text: renamed.into(), ..Default::default() }).await.unwrap().hits.len() == 1);
    let still_old = store.search(&q).await.unwrap().hits.iter().filter(|h| h.name == name && h.document_id == id).count();
    let old_count = edited.indicators().iter().filter(|i| i.name == name).count();
    assert_eq!(still_old, old_count, "the search index holds exactly the new content");
    let log = store.document_audit(id).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["import", "edit", "transition:submit", "transition:return", "transition:publish"]);

    // An adjustment: a new draft edition; publishing it supersedes the old.
    let mut p2 = prov(&edited, "d2");
    p2.state = StartState::Draft { created_by: Some(1) };
    let ImportOutcome::Stored { id: id2, version } = store.import(&edited, &p2, &[]).await.unwrap() else { panic!() };
    assert_eq!(version, 2);
    assert_eq!(store.list_documents().await.unwrap()[0].id, id, "the published edition stays visible");
    let publish2 = StateChange { from: "draft", to: "published", supersede_older: true, comments: &[] };
    store.change_state(id2, &publish2, &audit("transition:publish")).await.unwrap().expect("published");
    let list = store.list_documents().await.unwrap();
    assert_eq!((list.len(), list[0].id), (1, id2));
    assert!(store.document(id).await.unwrap().unwrap().superseded);
}
on_both!(drafts_edits_and_transitions, drafts);
