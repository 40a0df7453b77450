//! Monitoring rounds, the warning policy and the laggard list, on SQLite and PostgreSQL.

#[macro_use]
#[path = "common/mod.rs"]
mod common;

use common::*;
use jixiao_core::Body;
use jixiao_store::{AuditEntry, ImportOutcome, LaggardOrder, NewRound, RoundIndicator, RoundProject, Store};

fn who(action: &str) -> AuditEntry {
    AuditEntry { actor_name: "填报员".into(), action: action.into(), ..Default::default() }
}

fn project(position: i64, name: &str, executed: &str, light: &str) -> RoundProject {
    RoundProject {
        position,
        name: name.into(),
        budget: Some("100".into()),
        executed: Some(executed.into()),
        expected: None,
        execution_light: light.into(),
        light: light.into(),
        reason: format!("执行率 {executed}%"),
    }
}

async fn rounds(store: &Store) {
    let docs = truth_docs();
    let Some(doc) = docs.iter().find(|d| matches!(d.body, Body::Project(_))) else { return };
    let ImportOutcome::Stored { id, .. } = store.import(doc, &prov(doc, "m"), &[]).await.unwrap() else { panic!("stored") };
    let mut round = NewRound {
        document_id: id,
        month: 7,
        light: "red".into(),
        projects: vec![project(0, "甲项目", "31", "red"), project(1, "乙项目", "55", "green"), project(2, "丙项目", "45", "yellow")],
        indicators: vec![RoundIndicator {
            position: 0,
            project: Some(0),
            name: "培训次数".into(),
            actual: Some("2".into()),
            causes: vec!["funding".into(), "staffing".into()],
            explanation: Some("资金下达较晚".into()),
            action: Some("加快采购".into()),
            light: "red".into(),
            reason: "落后".into(),
            ..Default::default()
        }],
    };
    let rid = store.save_round(&round, &who("monitor_report")).await.unwrap();
    let back = store.round(rid).await.unwrap().expect("round");
    assert_eq!((back.month, back.state.as_str(), back.projects.len()), (7, "reported", 3));
    assert_eq!(back.indicators[0].causes, ["funding", "staffing"]);
    // Laggards: red first, with the causes given.
    let lag = store.laggards(None, LaggardOrder::Light, 100).await.unwrap();
    assert_eq!(lag.iter().map(|l| l.project.as_str()).collect::<Vec<_>>(), ["甲项目", "丙项目"]);
    assert_eq!(lag[0].causes[0].explanation.as_deref(), Some("资金下达较晚"));
    let by_rate = store.laggards(None, LaggardOrder::Execution, 100).await.unwrap();
    assert_eq!(by_rate[0].project, "甲项目");
    assert!(store.laggards(Some(&["别的部门".to_string()]), LaggardOrder::Light, 100).await.unwrap().is_empty());
    // Saving the same month again replaces the round; a later month becomes the one listed.
    round.projects[0] = project(0, "甲项目", "60", "green");
    assert_eq!(store.save_round(&round, &who("monitor_report")).await.unwrap(), rid);
    assert_eq!(store.laggards(None, LaggardOrder::Light, 100).await.unwrap().len(), 1);
    round.month = 9;
    round.projects = vec![project(1, "乙项目", "20", "red")];
    store.save_round(&round, &who("monitor_report")).await.unwrap();
    let lag = store.laggards(None, LaggardOrder::Light, 100).await.unwrap();
    assert_eq!((lag.len(), lag[0].month, lag[0].project.as_str()), (1, 9, "乙项目"));
    assert_eq!(store.rounds(id).await.unwrap().iter().map(|r| r.month).collect::<Vec<_>>(), [9, 7]);
    // Checking and relighting.
    assert!(store.set_round_state(rid, "checked", &who("monitor_check")).await.unwrap());
    assert_eq!(store.round(rid).await.unwrap().unwrap().checked_by.as_deref(), Some("填报员"));
    assert!(!store.set_round_state(rid + 1000, "checked", &who("monitor_check")).await.unwrap());
    let mut r9 = store.round(store.rounds(id).await.unwrap()[0].id).await.unwrap().unwrap();
    r9.projects[0].light = "green".into();
    store.relight_round(&r9).await.unwrap();
    assert!(store.laggards(None, LaggardOrder::Light, 100).await.unwrap().is_empty());
    // Every write left an audit record on the document.
    let audit = store.document_audit(id).await.unwrap();
    assert_eq!(audit.iter().filter(|a| a.action == "monitor_report").count(), 3);
}
on_both!(monitoring_rounds, rounds);

async fn policy(store: &Store) {
    assert_eq!(store.warning_policy().await.unwrap(), None);
    let p = serde_json::json!({"yellow_behind": "5", "red_behind": "15", "schedule": []});
    store.set_warning_policy(&p, &who("warning_policy")).await.unwrap();
    let q = serde_json::json!({"yellow_behind": "10", "red_behind": "20", "schedule": []});
    store.set_warning_policy(&q, &who("warning_policy")).await.unwrap();
    assert_eq!(store.warning_policy().await.unwrap(), Some(q.clone()));
    let audit = store.recent_audit(10).await.unwrap();
    let last = audit.iter().find(|a| a.action == "warning_policy").unwrap();
    assert_eq!(last.detail.as_ref().unwrap()["before"], p);
}
on_both!(warning_policy, policy);
