//! The `department-columns` reader: the published seed (read as the
//! hand-checked truth, and transformed at test time), made-up tables of the
//! layout, and malformed input.

mod dept_support;

use dept_support::*;
use jixiao_core::{Body, DepartmentTable, Document, Horizon, TaskGroup};
use jixiao_ingest::readers::department_columns::read;
use jixiao_ingest::Layout;
use serde_json::Value;

const SEED: &str = "004_f279a30efbf689d3";

/// The cells that identify an indicator's source row.
const IND_KEYS: &[&str] = &["name", "explanation", "comparator", "annual_value", "unit"];

fn table(doc: &Document) -> &DepartmentTable {
    match &doc.body {
        Body::Department(t) => t,
        Body::Project(_) => panic!("expected a department table"),
    }
}

fn lines_of(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// Index of the indicator table's header line (a cell 三级指标).
fn indicator_header(lines: &[String]) -> usize {
    line_with(lines, |c| c == "三级指标").expect("indicator header")
}

/// Index of the first line with a cell starting with 其他 and naming 任务.
fn other_tasks(lines: &[String]) -> usize {
    line_with(lines, |c| c.starts_with("其他") && c.contains("任务")).expect("other tasks")
}

/// Index of the key-task header (the first line with a 序号 cell).
fn key_header(lines: &[String]) -> usize {
    line_with(lines, |c| c == "序号").expect("key-task header")
}

/// Index of the line labelling the indicator block (a cell ending in 指标 before the header).
fn indicator_label(lines: &[String]) -> usize {
    let h = indicator_header(lines);
    (0..h).rev().find(|&i| cells(&lines[i]).iter().any(|c| c.ends_with("绩效指标"))).unwrap_or(h)
}

fn parse_lines(lines: &[String]) -> Value {
    let doc = read_with(read, &format!("{SEED}.txt"), &lines.join("\n")).expect("transformed seed reads");
    doc.to_json()
}

#[test]
fn seed_reads_as_the_truth() {
    let Some((text, truth)) = fixture(SEED) else { return };
    assert_eq!(jixiao_ingest::detect("x.txt", &text).unwrap(), Layout::DepartmentColumns);
    let doc = jixiao_ingest::parse(&format!("{SEED}.txt"), text.as_bytes(), None).expect("seed reads");
    assert_json_eq(&doc.to_json(), &truth);
}

#[test]
fn seed_with_indicators_reordered_and_removed() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let h = indicator_header(&lines);
    let mut rows: Vec<String> = lines.split_off(h + 1);
    rows.retain(|l| !l.trim().is_empty());
    rows.reverse();
    // Remove every third row.
    let rows: Vec<String> = rows.into_iter().enumerate().filter(|(i, _)| i % 3 != 1).map(|(_, l)| l).collect();
    lines.extend(rows);

    let got = parse_lines(&lines);
    let all = truth["plans"][0]["indicators"].as_array().unwrap();
    let want_inds = order_by_lines(all, IND_KEYS, &lines);
    assert!(want_inds.len() < all.len() && want_inds.len() > all.len() / 2);
    let mut want = truth.clone();
    want["plans"][0]["indicators"] = Value::Array(want_inds);
    assert_json_eq(&got, &want);
}

#[test]
fn seed_with_tasks_reordered_removed_and_amounts_changed() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let other = other_tasks(&lines);
    let label = indicator_label(&lines);
    // Other tasks (after their header) in reverse order, blank lines dropped.
    let mut rows: Vec<String> = lines[other + 1..label].iter().filter(|l| !l.trim().is_empty()).cloned().collect();
    rows.reverse();
    rows.remove(1);
    lines.splice(other + 1..label, rows);
    // The second key task removed.
    let key = key_header(&lines);
    lines.remove(key + 2);
    let label = indicator_label(&lines);
    shift_numbers(&mut lines, 0..label, 7.0);

    let got = parse_lines(&lines);
    let all = truth["plans"][0]["tasks"].as_array().unwrap();
    let tasks = order_by_lines(all, &["name"], &lines);
    assert_eq!(tasks.len(), all.len() - 2);
    assert!(tasks.iter().filter(|t| t["group"] == "key").count() == 3);
    let mut want = truth.clone();
    want["plans"][0]["tasks"] = Value::Array(tasks);
    shift_truth_numbers(&mut want["plans"][0]["tasks"], "amount", 7.0);
    shift_truth_numbers(&mut want["figures"], "value", 7.0);
    assert_json_eq(&got, &want);
}

#[test]
fn seed_with_every_leading_tab_lost_reads_the_same() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let lines: Vec<String> = lines_of(&text)
        .iter()
        .map(|l| {
            let lost = l.len() - l.trim_start_matches('\t').len();
            format!("{}{}", l.trim_start_matches('\t'), "\t".repeat(lost))
        })
        .collect();
    assert_json_eq(&parse_lines(&lines), &truth);
}

#[test]
fn seed_with_the_department_beside_its_label_reads_the_same() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let label = line_with(&lines, |c| c == "部门名称").expect("部门名称");
    let dept = truth["department"].as_str().unwrap().to_string();
    lines[label] = format!("部门名称\t{dept}\t\t\t\t");
    lines.remove(label - 1);
    assert_json_eq(&parse_lines(&lines), &truth);
}

/// A made-up department's table in this layout: the department above its
/// label, 基本信息 figures, key/other tasks with 序号, a row that lost its
/// leading cell, the group label repeated after a break, coded categories.
const MADE_UP: &str = "
临川市市直2026年部门整体支出预算绩效目标表

临川市文化广电旅游局\t\t\t\t\t
部门名称\t\t\t\t\t
基本信息\t财政供养人员数\t58\t二级预算单位数\t\t
\t部门预算支出\t预算金额(万元)\t收入来源\t预算金额(万元)\t
预算整体情况\t基本支出\t860.40\t财政拨款\t1020.40\t
\t项目支出\t160\t其他资金\t\t
\t总体绩效目标\t繁荣公共文化服务;推动文旅产业融合发展\t\t\t
年度重点工作任务\t序号\t名称\t主要实施内容\t期望达到的目标\t拟投入金额(万元)
\t1\t公共图书馆提质\t更新馆藏图书, 延长开放时间。\t年接待读者增长一成。\t45
\t2\t非遗保护传承\t开展非遗项目普查与传承人培训。\t新增市级非遗项目三项。\t30.5
其他需完成任务\t序号\t名称\t主要实施内容\t期望达到的目标\t拟投入金额(万元)
\t1\t文艺惠民演出\t组织送戏下乡演出。\t覆盖全部乡镇。\t20
2\t文物安全巡查\t开展文物保护单位安全巡查。\t全年无重大文物安全事故。\t8\t

其他需完成任务\t3\t旅游市场整治\t联合执法检查旅游市场。\t游客投诉按时办结。\t12

部门履职的整体绩效指标

一级指标\t二级指标\t三级指标\t三级指标解释\t对比符号\t指标值\t计量单位
01-产出指标\t01-数量指标\t送戏下乡场次\t全年送戏下乡演出场次\t>=\t60\t场
01-产出指标\t02-质量指标\t文物安全事故发生数\t重大文物安全事故\t<=\t0\t起
01-产出指标\t03-时效指标\t投诉办结时限\t旅游投诉办结时间\t<=\t15\t个工作日

02-效益指标\t02-社会效益指标\t图书馆年接待人次\t到馆读者人次\t>=\t20\t万人次
03-满意度指标\t01-服务对象满意度指标\t群众满意度\t\t>=\t90\t%
";

fn describe_indicators(doc: &Document, plan: usize) -> Vec<String> {
    table(doc).plans[plan]
        .indicators
        .iter()
        .map(|i| {
            [
                i.level1_code.as_deref(),
                i.level1.as_deref(),
                i.level2_code.as_deref(),
                i.level2.as_deref(),
                Some(i.name.as_str()),
                i.explanation.as_deref(),
                i.comparator.as_deref(),
                i.period_value.as_deref(),
                i.annual_value.as_deref(),
                i.unit.as_deref(),
            ]
            .iter()
            .map(|c| c.unwrap_or("-"))
            .collect::<Vec<_>>()
            .join("|")
        })
        .collect()
}

#[test]
fn made_up_table_reads() {
    let doc = read_with(read, "made_up.txt", MADE_UP).expect("reads");
    assert_eq!(doc.title.as_deref(), Some("临川市市直2026年部门整体支出预算绩效目标表"));
    assert_eq!(doc.department, "临川市文化广电旅游局");
    assert_eq!(doc.year, Some(2026));
    assert_eq!(doc.money_unit, "万元");
    let t = table(&doc);
    assert_eq!(t.functions, None);
    let figures: Vec<(String, String)> = t.figures.iter().map(|f| (f.label.clone(), f.value.to_string())).collect();
    assert_eq!(
        figures,
        vec![
            ("财政供养人员数".into(), "58".into()),
            ("基本支出".into(), "860.40".into()),
            ("项目支出".into(), "160".into()),
            ("财政拨款".into(), "1020.40".into()),
        ]
    );
    assert_eq!(t.plans.len(), 1);
    let plan = &t.plans[0];
    assert_eq!(plan.goal.as_deref(), Some("繁荣公共文化服务;推动文旅产业融合发展"));
    let tasks: Vec<(TaskGroup, &str, Option<&str>, Option<String>)> = plan
        .tasks
        .iter()
        .map(|t| (t.group, t.name.as_str(), t.content.as_deref(), t.amount.map(|a| a.to_string())))
        .collect();
    assert_eq!(
        tasks,
        vec![
            (TaskGroup::Key, "公共图书馆提质", Some("更新馆藏图书, 延长开放时间。"), Some("45".into())),
            (TaskGroup::Key, "非遗保护传承", Some("开展非遗项目普查与传承人培训。"), Some("30.5".into())),
            (TaskGroup::Other, "文艺惠民演出", Some("组织送戏下乡演出。"), Some("20".into())),
            (TaskGroup::Other, "文物安全巡查", Some("开展文物保护单位安全巡查。"), Some("8".into())),
            (TaskGroup::Other, "旅游市场整治", Some("联合执法检查旅游市场。"), Some("12".into())),
        ]
    );
    assert_eq!(plan.tasks[3].goal.as_deref(), Some("全年无重大文物安全事故。"));
    assert_eq!(
        describe_indicators(&doc, 0),
        vec![
            "01|产出指标|01|数量指标|送戏下乡场次|全年送戏下乡演出场次|>=|-|60|场",
            "01|产出指标|02|质量指标|文物安全事故发生数|重大文物安全事故|<=|-|0|起",
            "01|产出指标|03|时效指标|投诉办结时限|旅游投诉办结时间|<=|-|15|个工作日",
            "02|效益指标|02|社会效益指标|图书馆年接待人次|到馆读者人次|>=|-|20|万人次",
            "03|满意度指标|01|服务对象满意度指标|群众满意度|-|>=|-|90|%",
        ]
    );
    assert_eq!(jixiao_ingest::detect("made_up.txt", MADE_UP).unwrap(), Layout::DepartmentColumns);
    assert_eq!(jixiao_ingest::parse("made_up.txt", MADE_UP.as_bytes(), None).unwrap(), doc);
}

/// This layout with traits of the other one: the department beside its label,
/// 部门职能概述, annual and three-year goals, the amount column before the goal
/// column, and an indicator block with a label column, 实施周期指标值 and
/// 年度指标值 beside 对比符号 / 计量单位, with categories carried down.
const MIXED: &str = "2025年部门整体支出绩效目标表（含三年期目标）
部门名称\t白鹭湾区水务局\t\t\t\t\t\t
部门职能概述\t负责辖区水资源统一管理和保护，组织防汛抗旱工作。\t\t\t\t\t\t
年度目标\t完成河道整治十公里。\t\t\t\t\t\t
三年期目标\t辖区主要河道水质稳定达标。\t\t\t\t\t\t
年度重点工作任务\t序号\t名称\t主要实施内容\t拟投入金额(万元)\t期望达到的目标\t
\t1\t河道整治\t清淤疏浚十公里。\t210\t河道行洪能力提升。\t
2\t供水管网改造\t更换老旧管网。\t\t漏损率下降。\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t对比符号\t实施周期指标值\t年度指标值\t计量单位
\t01-产出指标\t01-数量指标\t河道整治长度\t≥\t30\t10\t公里
\t\t02-质量指标\t水质达标率\t≥\t95\t90\t%
\t\t\t管网漏损率\t≤\t9\t10\t%
\t03-满意度指标\t01-服务对象满意度指标\t居民满意度\t≥\t90\t85\t%
注：本表金额单位为万元。
";

#[test]
fn table_mixing_traits_reads() {
    let doc = read_with(read, "mixed.txt", MIXED).expect("reads");
    assert_eq!(doc.department, "白鹭湾区水务局");
    assert_eq!(doc.year, Some(2025));
    let t = table(&doc);
    assert_eq!(t.functions.as_deref(), Some("负责辖区水资源统一管理和保护，组织防汛抗旱工作。"));
    assert!(t.figures.is_empty());
    assert_eq!(t.plans.len(), 2);
    assert_eq!(t.plans[0].horizon, Horizon::Annual);
    assert_eq!(t.plans[0].goal.as_deref(), Some("完成河道整治十公里。"));
    assert_eq!(t.plans[1].horizon, Horizon::MultiYear);
    assert_eq!(t.plans[1].goal.as_deref(), Some("辖区主要河道水质稳定达标。"));
    assert!(t.plans[1].tasks.is_empty() && t.plans[1].indicators.is_empty());
    let tasks: Vec<(&str, Option<String>, Option<&str>)> = t.plans[0]
        .tasks
        .iter()
        .map(|t| (t.name.as_str(), t.amount.map(|a| a.to_string()), t.goal.as_deref()))
        .collect();
    assert_eq!(
        tasks,
        vec![
            ("河道整治", Some("210".into()), Some("河道行洪能力提升。")),
            ("供水管网改造", None, Some("漏损率下降。"))
        ]
    );
    assert_eq!(
        describe_indicators(&doc, 0),
        vec![
            "01|产出指标|01|数量指标|河道整治长度|-|≥|30|10|公里",
            "01|产出指标|02|质量指标|水质达标率|-|≥|95|90|%",
            "01|产出指标|02|质量指标|管网漏损率|-|≤|9|10|%",
            "03|满意度指标|01|服务对象满意度指标|居民满意度|-|≥|90|85|%",
        ]
    );
    assert_eq!(jixiao_ingest::parse("mixed.txt", MIXED.as_bytes(), None).unwrap(), doc);
}

#[test]
fn malformed_input_is_an_error() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("title only", "某市2021年部门整体支出预算绩效目标表\n"),
        ("header only", "某市2021年部门整体支出预算绩效目标表\n某某局\t\t\n部门名称\t\t\n"),
        ("figures only", "某某局\n部门名称\t\t\n基本信息\t财政供养人员数\t12\t\n"),
        ("indicator header only", "一级指标\t二级指标\t三级指标\t三级指标解释\t对比符号\t指标值\t计量单位\n"),
        (
            "indicator header without rows, then notes",
            "部门名称\t某某局\n总体绩效目标\t做好工作。\n部门履职的整体绩效指标\n一级指标\t二级指标\t三级指标\t对比符号\t指标值\t计量单位\n注：本表无指标。\n",
        ),
        ("ends after task header", "部门名称\t某某局\n年度重点工作任务\t序号\t名称\t主要实施内容\t期望达到的目标\t拟投入金额(万元)\n"),
        ("junk", "lorem\tipsum\n\t\t\t\n？？\t！！\n"),
        ("bad weight", "部门名称\t某某局\n一级指标\t二级指标\t三级指标\t指标值\t分值\n产出指标\t数量指标\t培训次数\t2次\t很多\n"),
    ];
    for (what, text) in cases {
        let r = read_with(read, "bad.txt", text);
        assert!(r.is_err(), "{what}: expected an error, got {r:?}");
    }
}

#[test]
fn truncated_seed_is_an_error() {
    let Some((text, _)) = fixture(SEED) else { return };
    let lines = lines_of(&text);
    let key = key_header(&lines);
    let h = indicator_header(&lines);
    let goal = line_with(&lines, |c| c.contains("总体绩效目标")).expect("goal");
    for cut in [goal, key + 1, h + 1] {
        let r = read_with(read, "cut.txt", &lines[..cut].join("\n"));
        assert!(r.is_err(), "cut at line {cut}: expected an error, got {r:?}");
    }
}

#[test]
fn no_prefix_or_damaged_seed_panics() {
    let Some((text, _)) = fixture(SEED) else { return };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (at, _) in chars.iter().step_by(7) {
        let _ = read_with(read, "cut.txt", &text[..*at]);
    }
    let lines = lines_of(&text);
    for n in 0..lines.len() {
        let mut dropped = lines.clone();
        dropped.remove(n);
        let _ = read_with(read, "drop.txt", &dropped.join("\n"));
        let mut shifted = lines.clone();
        shifted[n] = format!("\t\t{}", shifted[n]);
        let _ = read_with(read, "shift.txt", &shifted.join("\n"));
    }
}

/// A spreadsheet export whose long cells hold line breaks: they are quoted and
/// run over several lines.
const QUOTED: &str = "某市2023年部门整体支出预算绩效目标表
\"东山市
住房和城乡建设局\"\t\t\t\t\t
部门名称\t\t\t\t\t
\t总体绩效目标\t\"改善居住条件；
推进城市更新\"\t\t\t
年度重点工作任务\t序号\t名称\t主要实施内容\t期望达到的目标\t拟投入金额(万元)
\t1\t老旧小区改造\t\"1.完成加装电梯；
2.改造管网。\"\t\"居民满意，
按期完工。\"\t120
一级指标\t二级指标\t三级指标\t三级指标解释\t对比符号\t指标值\t计量单位
01-产出指标\t01-数量指标\t改造小区数\t\"当年完成改造的
小区个数\"\t>=\t8\t个
";

#[test]
fn quoted_multi_line_cells_read() {
    let doc = read_with(read, "quoted.txt", QUOTED).expect("reads");
    assert_eq!(doc.department, "东山市住房和城乡建设局");
    let plan = &table(&doc).plans[0];
    assert_eq!(plan.goal.as_deref(), Some("改善居住条件；推进城市更新"));
    assert_eq!(plan.tasks.len(), 1);
    assert_eq!(plan.tasks[0].content.as_deref(), Some("1.完成加装电梯；2.改造管网。"));
    assert_eq!(plan.tasks[0].goal.as_deref(), Some("居民满意，按期完工。"));
    assert_eq!(plan.tasks[0].amount.map(|a| a.to_string()).as_deref(), Some("120"));
    assert_eq!(
        describe_indicators(&doc, 0),
        vec!["01|产出指标|01|数量指标|改造小区数|当年完成改造的小区个数|>=|-|8|个"]
    );
}

#[test]
fn seed_with_the_department_below_its_label_reads_the_same() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let label = line_with(&lines, |c| c == "部门名称").expect("部门名称");
    let above = (0..label).rev().find(|&i| !lines[i].trim().is_empty()).expect("department line");
    let dept = lines.remove(above);
    lines.insert(label, dept);
    assert_json_eq(&parse_lines(&lines), &truth);
}

#[test]
fn department_named_like_a_title_is_still_read() {
    let text = "2024年部门整体支出绩效目标表\n青松市绩效评价中心\n部门名称\t\t\n总体绩效目标\t完成评价任务。\n";
    let doc = read_with(read, "t.txt", text).expect("reads");
    assert_eq!(doc.department, "青松市绩效评价中心");
    assert_eq!(doc.title.as_deref(), Some("2024年部门整体支出绩效目标表"));
}
