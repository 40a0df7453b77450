//! The year-end self-evaluation of a stored table from its monitoring round,
//! checked against scores worked out by hand; its department summary, its
//! downloads, and one indicator across years.

use jixiao_app::export::ExportFormat;
use jixiao_app::monitor::{IndicatorReport, ProjectReport, RoundReport};
use jixiao_app::Actor;
use jixiao_core::score::Rating;
use rust_decimal::Decimal;

mod support;
use support::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn year_end() -> RoundReport {
    let ind = |project: &str, name: &str, actual: &str| IndicatorReport {
        project: Some(project.into()),
        name: name.into(),
        actual: Some(actual.into()),
        ..Default::default()
    };
    RoundReport {
        month: 12,
        projects: vec![
            ProjectReport { name: "公共文化活动".into(), budget: None, executed: Some(d("95")), expected: None },
            ProjectReport { name: "馆舍维护".into(), budget: None, executed: Some(d("40")), expected: None },
        ],
        indicators: vec![
            ind("公共文化活动", "演出场次", "9场"),
            ind("公共文化活动", "群众满意度", "95%"),
            ind("馆舍维护", "维修完成率", "100%"),
        ],
    }
}

#[tokio::test]
async fn year_end_scores_match_the_hand_computation() {
    let (app, id, dir) = app("selfeval").await;
    let editor = as_user(&app, "editor").await;
    assert!(app.self_evaluation(&editor, id).await.unwrap().is_none(), "no round yet: nothing to score");
    app.report_round(&editor, id, &year_end()).await.unwrap();
    let ev = app.self_evaluation(&editor, id).await.unwrap().expect("scored");
    assert_eq!(ev.month, 12);
    // 公共文化活动: 产出 50 and 满意度 10 are the categories present, so 90
    // points go 75 / 15. Execution min(95 ÷ 100, 1) × 10 = 9.5; 演出场次
    // min(9 ÷ 12, 1) × 75 = 56.25; 群众满意度 min(95 ÷ 90, 1) × 15 = 15;
    // total 80.75, 良.
    let p1 = &ev.projects[0].evaluation;
    assert_eq!(p1.execution.score, Some(d("9.5")));
    assert_eq!(p1.indicators[0].weight, d("75"));
    assert_eq!(p1.indicators[0].score, Some(d("56.25")));
    assert!(p1.indicators[0].formula.contains("9") && p1.indicators[0].formula.contains("12"), "{}", p1.indicators[0].formula);
    assert_eq!(p1.indicators[1].score, Some(d("15")));
    assert_eq!(p1.total, d("80.75"));
    assert_eq!(p1.grade, Rating::Good);
    // 馆舍维护: only 产出, 90 points; executed in full: 10 + 90 = 100, 优.
    let p2 = &ev.projects[1].evaluation;
    assert_eq!(p2.total, d("100"));
    assert_eq!(p2.grade, Rating::Excellent);
    // Department: (80.75 × 100 + 100 × 40) ÷ 140 = 86.25, 良.
    assert_eq!(ev.summary.score, d("86.25"));
    assert_eq!(ev.summary.grade, Rating::Good);
    assert_eq!(ev.summary.grades, [1, 1, 0, 0]);
    assert!(ev.summary.formula.contains("80.75 × 100") && ev.summary.formula.contains("140"), "{}", ev.summary.formula);

    // Another department's editor and the public may not see it.
    let other = as_user(&app, "other").await;
    assert!(app.self_evaluation(&other, id).await.is_err());
    assert!(app.self_evaluation(&Actor::anonymous(None), id).await.is_err());

    // The downloads carry the same figures.
    let x = app.export_self_evaluation(&editor, id, ExportFormat::Xlsx).await.unwrap();
    let tables = jixiao_office::tables(&x.bytes).unwrap();
    let cells: Vec<&String> = tables.iter().flat_map(|t| t.cells.iter().flatten()).collect();
    assert!(cells.iter().any(|c| c.as_str() == "部门得分"));
    assert!(cells.iter().any(|c| c.contains("86.25")), "department score in the XLSX");
    assert!(cells.iter().any(|c| c.contains("56.25")), "indicator score in the XLSX");
    assert!(x.file_name.ends_with("项目支出绩效自评表.xlsx"), "{}", x.file_name);
    let j = app.export_self_evaluation(&editor, id, ExportFormat::Json).await.unwrap();
    let v: serde_json::Value = serde_json::from_slice(&j.bytes).unwrap();
    assert_eq!(v["summary"]["score"].to_string(), "86.25");
    if jixiao_office::pdf_out::available() {
        let p = app.export_self_evaluation(&editor, id, ExportFormat::Pdf).await.unwrap();
        assert!(p.bytes.starts_with(b"%PDF"));
        let tables = jixiao_office::tables(&p.bytes).unwrap();
        let text: String = tables.iter().flat_map(|t| t.cells.iter().flatten()).map(|c| c.as_str()).collect();
        assert!(text.contains("86.25") && text.contains("部门得分"), "the PDF reads back with the figures");
    }

    // One indicator across years: this year's target, actual and score.
    let years = app.indicator_years(&editor, DEPT, "公共文化活动", "演出场次").await.unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].target, "≥12场");
    assert_eq!(years[0].score, Some(d("56.25")));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_earlier_round_gives_a_provisional_score() {
    let (app, id, dir) = app("provisional").await;
    let editor = as_user(&app, "editor").await;
    let mut r = year_end();
    r.month = 7;
    app.report_round(&editor, id, &r).await.unwrap();
    let ev = app.self_evaluation(&editor, id).await.unwrap().unwrap();
    assert_eq!(ev.month, 7, "scored from the 1–7月 round, marked as such");
    let _ = std::fs::remove_dir_all(dir);
}
