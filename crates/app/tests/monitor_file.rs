//! Filled official monitoring tables (项目支出绩效目标执行监控表) read as
//! rounds: an XLSX with two header rows over merged cells and ✔ marks, the
//! same as tab-separated text, and a CSV by headings; then stored and lit.

use jixiao_app::monitor_file;
use jixiao_core::monitor::Light;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};

mod support;
use support::*;

/// One project's block of the official table, as rows of cells.
fn block(project: &str, budget: &str, executed: &str, expected: &str, rows: &[[&str; 16]]) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut out = vec![
        s(&["项目名称", project]),
        s(&["主管部门", DEPT]),
        s(&["项目资金（万元）", "年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"]),
        s(&["年度资金总额", budget, executed, "", expected]),
        s(&["其中：财政拨款", budget, executed, "", expected]),
        s(&["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行数", "全年预计执行数", "偏差原因分析", "", "", "", "", "", "完成目标可能性", "", "", "备注"]),
        s(&["", "", "", "", "", "", "经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "原因说明", "确定能", "有可能", "完全不可能", ""]),
    ];
    out.extend(rows.iter().map(|r| s(r)));
    out
}

fn filled() -> Vec<Vec<String>> {
    let mut rows = vec![vec!["项目支出绩效目标执行监控表".to_string()]];
    rows.extend(block(
        "公共文化活动",
        "100",
        "30",
        "90",
        &[
            ["产出指标", "数量指标", "演出场次", "≥12场", "3场", "8场", "✔", "", "", "", "", "场地维修推迟", "", "", "✔", ""],
            ["满意度指标", "服务对象满意度", "群众满意度", "≥90%", "92%", "92%", "", "", "", "", "", "", "√", "", "", "抽样调查"],
        ],
    ));
    rows.extend(block(
        "馆舍维护",
        "40",
        "25",
        "40",
        &[["产出指标", "质量指标", "维修完成率", "100%", "60%", "100%", "", "", "", "", "", "", "✔", "", "", ""]],
    ));
    rows
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
        // The header's merged cells, as the official template has them.
        if row.first().is_some_and(|c| c == "一级指标") {
            let r = r as u32;
            for c in [0u16, 1, 2, 3, 4, 5, 15] {
                ws.merge_range(r, c, r + 1, c, &row[c as usize], &plain).unwrap();
            }
            ws.merge_range(r, 6, r, 11, "偏差原因分析", &plain).unwrap();
            ws.merge_range(r, 12, r, 14, "完成目标可能性", &plain).unwrap();
        }
        if row.first().is_some_and(|c| c == "项目名称") {
            ws.merge_range(r as u32, 1, r as u32, 15, &row[1], &plain).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn check(report: &jixiao_app::monitor::RoundReport) {
    assert_eq!(report.month, 7, "the month from 1-7月");
    assert_eq!(report.projects.len(), 2);
    assert_eq!(report.projects[0].name, "公共文化活动");
    assert_eq!(report.projects[0].budget, Some(Decimal::from(100)));
    assert_eq!(report.projects[0].executed, Some(Decimal::from(30)));
    assert_eq!(report.projects[0].expected, Some(Decimal::from(90)));
    assert_eq!(report.indicators.len(), 3);
    let i = &report.indicators[0];
    assert_eq!((i.project.as_deref(), i.name.as_str()), (Some("公共文化活动"), "演出场次"));
    assert_eq!(i.actual.as_deref(), Some("3场"));
    assert_eq!(i.expected.as_deref(), Some("8场"));
    assert_eq!(i.causes, vec!["经费保障".to_string()]);
    assert_eq!(i.explanation.as_deref(), Some("场地维修推迟"));
    assert_eq!(i.likelihood.as_deref(), Some("完全不可能"));
    assert_eq!(report.indicators[1].likelihood.as_deref(), Some("确定能"));
    assert_eq!(report.indicators[1].note.as_deref(), Some("抽样调查"));
    assert_eq!(report.indicators[2].project.as_deref(), Some("馆舍维护"));
}

#[test]
fn the_official_table_as_xlsx_with_merged_headers() {
    let report = monitor_file::read("监控表.xlsx", &xlsx(&filled()), None).unwrap();
    check(&report);
}

#[test]
fn the_official_table_as_tab_separated_text() {
    let text: String = filled().iter().map(|r| r.join("\t") + "\n").collect();
    check(&monitor_file::read("监控表.txt", text.as_bytes(), None).unwrap());
}

#[test]
fn without_a_month_in_the_headings_one_must_be_given() {
    let text: String = filled().iter().map(|r| r.join("\t").replace("1-7月", "") + "\n").collect();
    let e = monitor_file::read("监控表.txt", text.as_bytes(), None).unwrap_err().to_string();
    assert!(e.contains("监控表.txt") && e.contains("月份"), "{e}");
    assert_eq!(monitor_file::read("监控表.txt", text.as_bytes(), Some(9)).unwrap().month, 9);
}

#[test]
fn a_csv_by_headings_still_reads() {
    let csv = "项目名称,三级指标,年度指标值,实际完成值,完成可能性\n公共文化活动,演出场次,≥12场,3场,有可能\n";
    let r = monitor_file::read("round.csv", csv.as_bytes(), Some(6)).unwrap();
    assert_eq!(r.month, 6);
    assert_eq!(r.indicators[0].actual.as_deref(), Some("3场"));
}

#[tokio::test]
async fn an_imported_table_lights_the_round() {
    let (app, id, dir) = app("monitor-file").await;
    let editor = as_user(&app, "editor").await;
    let report = monitor_file::read("监控表.xlsx", &xlsx(&filled()), None).unwrap();
    let out = app.report_round(&editor, id, &report).await.unwrap();
    assert!(out.unmatched.is_empty(), "{:?}", out.unmatched);
    // 完全不可能 makes 演出场次 red, and with it its project and the table.
    assert_eq!(out.light, Light::Red);
    let round = app.rounds(&editor, id).await.unwrap().remove(0);
    assert_eq!(round.projects[0].light, "red");
    assert_eq!(round.indicators[0].light, "red", "{}", round.indicators[0].reason);
    assert!(round.indicators[0].reason.contains("完全不可能"), "{}", round.indicators[0].reason);
    assert_eq!(round.indicators[0].causes, vec!["funding".to_string()]);
    let _ = std::fs::remove_dir_all(dir);
}
