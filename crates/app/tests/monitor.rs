//! Monitoring rounds end to end through the use cases: who may report, check
//! and watch; lights and their reasons; unmatched rows; the laggard list;
//! a change of policy relighting stored rounds.

use jixiao_app::monitor::{IndicatorReport, ProjectReport, RoundReport};
use jixiao_app::{Actor, AppError};
use jixiao_core::monitor::{Light, WarningPolicy};
use jixiao_store::LaggardOrder;
use rust_decimal::Decimal;

mod support;
use support::*;

fn july() -> RoundReport {
    RoundReport {
        month: 7,
        projects: vec![
            ProjectReport { name: "公共文化活动".into(), executed: Some(Decimal::from(30)), ..Default::default() },
            ProjectReport { name: "馆舍 维护".into(), executed: Some(Decimal::from(22)), ..Default::default() },
            ProjectReport { name: "不存在的项目".into(), ..Default::default() },
        ],
        indicators: vec![
            IndicatorReport {
                name: "演出场次".into(),
                actual: Some("4".into()),
                likelihood: Some("有可能".into()),
                causes: vec!["经费保障".into()],
                explanation: Some("资金到位较晚".into()),
                action: Some("下半年集中安排演出".into()),
                ..Default::default()
            },
            IndicatorReport { name: "群众满意度".into(), actual: Some("93%".into()), ..Default::default() },
            IndicatorReport { name: "读者人数".into(), actual: Some("5".into()), ..Default::default() },
        ],
    }
}

#[tokio::test]
async fn a_round_lights_projects_and_lists_the_laggards() {
    let (app, id, dir) = app("laggards").await;
    // Only the department's editor reports.
    let anonymous = Actor::anonymous(None);
    assert!(matches!(app.report_round(&anonymous, id, &july()).await, Err(AppError::SignIn(_))));
    assert!(matches!(app.report_round(&as_user(&app, "other").await, id, &july()).await, Err(AppError::Forbidden(_))));
    assert!(matches!(app.report_round(&as_user(&app, "reviewer").await, id, &july()).await, Err(AppError::Forbidden(_))));
    let editor = as_user(&app, "editor").await;
    let out = app.report_round(&editor, id, &july()).await.unwrap();
    // 30 of 100 through July (58.33 % due): 28.33 behind → red.
    assert_eq!(out.light, Light::Red);
    assert_eq!(out.unmatched.len(), 2, "{:?}", out.unmatched);
    assert!(out.unmatched[0].contains("不存在的项目"), "{:?}", out.unmatched);
    assert!(out.unmatched[1].contains("读者人数"), "{:?}", out.unmatched);
    let rounds = app.rounds(&as_user(&app, "reviewer").await, id).await.unwrap();
    let r = &rounds[0];
    assert_eq!(r.projects.len(), 2);
    assert_eq!((r.projects[0].light.as_str(), r.projects[1].light.as_str()), ("red", "green"));
    assert!(r.projects[0].reason.contains("落后 28.33 个百分点"), "{}", r.projects[0].reason);
    // 4 of 12 shows (33.33 %) against 58.33 % due: 25 behind → red.
    assert_eq!(r.indicators[0].light, "red", "{:?}", r.indicators);
    assert_eq!(r.indicators[0].causes, ["funding"]);
    assert_eq!(r.indicators[1].light, "green");
    // The laggard list: the red project with its cause, seen by the reviewer and the department, not by others.
    let lag = app.laggards(&as_user(&app, "reviewer").await, LaggardOrder::Light, 50).await.unwrap();
    assert_eq!(lag.len(), 1);
    assert_eq!((lag[0].project.as_str(), lag[0].light.as_str()), ("公共文化活动", "red"));
    assert_eq!(lag[0].causes[0].explanation.as_deref(), Some("资金到位较晚"));
    assert_eq!(app.laggards(&editor, LaggardOrder::Light, 50).await.unwrap().len(), 1);
    assert!(app.laggards(&as_user(&app, "other").await, LaggardOrder::Light, 50).await.unwrap().is_empty());
    assert!(app.laggards(&anonymous, LaggardOrder::Light, 50).await.is_err());
    // The approver checks it; the editor may not.
    assert!(matches!(app.check_round(&editor, r.id, true).await, Err(AppError::Forbidden(_))));
    app.check_round(&as_user(&app, "approver").await, r.id, true).await.unwrap();
    assert_eq!(app.rounds(&editor, id).await.unwrap()[0].state, "checked");
    // A looser policy (yellow past 30 points, red past 50) relights the stored round.
    let loose = WarningPolicy { yellow_behind: Decimal::from(30), red_behind: Decimal::from(50), schedule: vec![] };
    assert!(matches!(app.set_warning_policy(&editor, &loose).await, Err(AppError::Forbidden(_))));
    let bad = WarningPolicy { yellow_behind: Decimal::from(50), red_behind: Decimal::from(30), schedule: vec![] };
    assert!(matches!(app.set_warning_policy(&as_user(&app, "admin").await, &bad).await, Err(AppError::Invalid(_))));
    assert_eq!(app.set_warning_policy(&as_user(&app, "admin").await, &loose).await.unwrap(), 1);
    assert_eq!(app.warning_policy().await.unwrap(), loose);
    let r = &app.rounds(&editor, id).await.unwrap()[0];
    assert_eq!(r.projects[0].light, "yellow", "{}", r.projects[0].reason);
    // Every write is in the document's audit log.
    let actions: Vec<String> = app.store.document_audit(id).await.unwrap().into_iter().map(|a| a.action).collect();
    assert!(actions.contains(&"monitor_report".to_string()) && actions.contains(&"monitor_check".to_string()), "{actions:?}");
    app.store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_round_of_a_table_not_in_force_or_with_nothing_matching_is_refused() {
    let (app, id, dir) = app("refused").await;
    let editor = as_user(&app, "editor").await;
    let nothing = RoundReport { month: 7, projects: vec![ProjectReport { name: "别的".into(), ..Default::default() }], indicators: vec![] };
    match app.report_round(&editor, id, &nothing).await {
        Err(AppError::Invalid(m)) => assert!(m.contains("别的"), "{m}"),
        other => panic!("{other:?}"),
    }
    let bad_month = RoundReport { month: 13, ..july() };
    assert!(matches!(app.report_round(&editor, id, &bad_month).await, Err(AppError::Invalid(_))));
    app.store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
