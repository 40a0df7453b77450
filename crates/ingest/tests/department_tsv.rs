//! The `department-tsv` reader: the published seed (read as the hand-checked
//! truth, and transformed at test time), made-up tables of the layout, and
//! malformed input.

mod dept_support;

use dept_support::*;
use jixiao_core::{Body, DepartmentTable, Document, Horizon, TaskGroup};
use jixiao_ingest::readers::department_tsv::read;
use jixiao_ingest::Layout;
use serde_json::Value;

const SEED: &str = "002_be24f91d7f1b64fe";

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

/// Index of the key-task header line and of the 其他…任务 line after it.
fn task_block(lines: &[String]) -> (usize, usize) {
    let header = line_with(lines, |c| c == "名称").expect("task header");
    let other = line_with(lines, |c| c.starts_with("其他") && c.contains("任务")).expect("other tasks");
    (header, other)
}

fn parse_lines(lines: &[String]) -> Value {
    let doc = read_with(read, &format!("{SEED}.txt"), &lines.join("\n")).expect("transformed seed reads");
    doc.to_json()
}

#[test]
fn seed_reads_as_the_truth() {
    let Some((text, truth)) = fixture(SEED) else { return };
    assert_eq!(jixiao_ingest::detect("x.txt", &text).unwrap(), Layout::DepartmentTsv);
    let doc = jixiao_ingest::parse(&format!("{SEED}.txt"), text.as_bytes(), None).expect("seed reads");
    assert_json_eq(&doc.to_json(), &truth);
}

#[test]
fn seed_with_indicators_reordered_and_removed() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let h = indicator_header(&lines);
    // Rows whose category cells are carried from above (three leading empty cells).
    let carried = |l: &String| {
        let c = cells(l);
        c.len() > 4 && c[..3].iter().all(String::is_empty) && !c[3].is_empty()
    };
    // Reverse the first run of carried rows: they stay under the same categories.
    let start = (h + 1..lines.len()).find(|&i| carried(&lines[i])).expect("carried rows");
    let end = (start..lines.len()).find(|&i| !carried(&lines[i])).unwrap_or(lines.len());
    assert!(end - start >= 3, "a run of carried rows to reorder");
    lines[start..end].reverse();
    // Remove every second carried row after that run.
    let mut n = 0;
    let mut i = end;
    while i < lines.len() {
        if carried(&lines[i]) {
            n += 1;
            if n % 2 == 0 {
                lines.remove(i);
                continue;
            }
        }
        i += 1;
    }
    let got = parse_lines(&lines);
    let want_inds = order_by_lines(
        truth["plans"][0]["indicators"].as_array().unwrap(),
        &["name", "period_value", "annual_value"],
        &lines,
    );
    assert!(want_inds.len() < truth["plans"][0]["indicators"].as_array().unwrap().len());
    let mut want = truth.clone();
    want["plans"][0]["indicators"] = Value::Array(want_inds);
    assert_json_eq(&got, &want);
}

#[test]
fn seed_with_tasks_reordered_removed_and_amounts_changed() {
    let Some((text, truth)) = fixture(SEED) else { return };
    let mut lines = lines_of(&text);
    let (header, other) = task_block(&lines);
    let rows = header + 1..other;
    assert!(rows.len() >= 3);
    lines[rows.clone()].reverse();
    lines.remove(header + 2); // the middle task
    let h = indicator_header(&lines);
    shift_numbers(&mut lines, 0..h, 7.0);

    let got = parse_lines(&lines);
    let mut want = truth.clone();
    let tasks = order_by_lines(truth["plans"][0]["tasks"].as_array().unwrap(), &["name"], &lines);
    assert_eq!(tasks.len(), 2);
    want["plans"][0]["tasks"] = Value::Array(tasks);
    shift_truth_numbers(&mut want["plans"][0]["tasks"], "amount", 7.0);
    shift_truth_numbers(&mut want["figures"], "value", 7.0);
    assert_json_eq(&got, &want);
}

#[test]
fn seed_with_every_leading_tab_lost_reads_the_same() {
    let Some((text, truth)) = fixture(SEED) else { return };
    // Every row loses its leading empty cells and is padded at the end instead.
    let lines: Vec<String> = lines_of(&text)
        .iter()
        .map(|l| {
            let lost = l.len() - l.trim_start_matches('\t').len();
            format!("{}{}", l.trim_start_matches('\t'), "\t".repeat(lost))
        })
        .collect();
    assert_json_eq(&parse_lines(&lines), &truth);
}

/// A made-up department's table in this layout: merged cells, rows that lost
/// their leading tabs, a page break with the 绩效指标 label repeated.
const MADE_UP: &str = "
2025年度部门整体支出绩效目标表

部门名称\t青禾县农业农村局\t\t\t\t
部门职能概述\t负责全县农业农村发展规划的拟订和实施，指导农业产业结构调整。\t\t\t\t
预算整体情况\t部门预算支出\t预算金额（万元）\t收入来源\t预算金额（万元）\t
\t基本支出\t1,200.00\t财政拨款\t1,500.00\t
\t项目支出\t300.00\t其他资金\t\t
总体绩效目标\t稳定粮食生产，推进高标准农田建设，提升农民收入水平。\t\t\t\t
年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）\t
\t高标准农田建设\t新建高标准农田两万亩，配套灌溉设施。\t180.5\t农田灌溉保证率明显提高。\t
种业振兴行动\t建设良种繁育基地一处。\t60\t良种覆盖率稳步提升。\t\t
其他需完成的任务（可选填）\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）\t
\t农技推广培训\t开展农技人员轮训。\t\t培训覆盖全部乡镇。\t
绩效指标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值
\t产出指标\t数量指标\t新建高标准农田面积\t≥2万亩\t≥2万亩
\t\t\t良种繁育基地数量\t1个\t1个
农技培训人次（人次）\t≥300人次\t≥300人次\t\t\t

绩效指标\t产出指标\t质量指标\t农田建设验收合格率\t100%\t100%
\t\t时效指标\t项目按期完工率\t≥95%\t≥95%
\t效益指标\t经济效益指标\t\t\t
\t\t社会效益指标\t农民人均可支配收入增幅\t≥6%\t≥6%
\t\t耕地质量等级\t提升0.2个等级\t提升0.2个等级\t
\t满意度指标\t服务对象满意度指标\t农户满意度\t≥90%\t≥90%
";

#[test]
fn made_up_table_reads() {
    let doc = read_with(read, "made_up.txt", MADE_UP).expect("reads");
    assert_eq!(doc.title.as_deref(), Some("2025年度部门整体支出绩效目标表"));
    assert_eq!(doc.department, "青禾县农业农村局");
    assert_eq!(doc.year, Some(2025));
    assert_eq!(doc.money_unit, "万元");
    let t = table(&doc);
    assert_eq!(t.functions.as_deref(), Some("负责全县农业农村发展规划的拟订和实施，指导农业产业结构调整。"));
    let figures: Vec<(String, String)> = t.figures.iter().map(|f| (f.label.clone(), f.value.to_string())).collect();
    assert_eq!(
        figures,
        vec![
            ("基本支出".into(), "1200.00".into()),
            ("项目支出".into(), "300.00".into()),
            ("财政拨款".into(), "1500.00".into())
        ]
    );
    assert_eq!(t.plans.len(), 1);
    let plan = &t.plans[0];
    assert_eq!(plan.horizon, Horizon::Annual);
    assert_eq!(plan.goal.as_deref(), Some("稳定粮食生产，推进高标准农田建设，提升农民收入水平。"));
    let tasks: Vec<(TaskGroup, &str, Option<String>, Option<&str>)> = plan
        .tasks
        .iter()
        .map(|t| (t.group, t.name.as_str(), t.amount.map(|a| a.to_string()), t.goal.as_deref()))
        .collect();
    assert_eq!(
        tasks,
        vec![
            (TaskGroup::Key, "高标准农田建设", Some("180.5".into()), Some("农田灌溉保证率明显提高。")),
            (TaskGroup::Key, "种业振兴行动", Some("60".into()), Some("良种覆盖率稳步提升。")),
            (TaskGroup::Other, "农技推广培训", None, Some("培训覆盖全部乡镇。")),
        ]
    );
    assert_eq!(plan.tasks[1].content.as_deref(), Some("建设良种繁育基地一处。"));
    let inds: Vec<(&str, &str, &str, &str, &str)> = plan
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_deref().unwrap_or("-"),
                i.level2.as_deref().unwrap_or("-"),
                i.name.as_str(),
                i.period_value.as_deref().unwrap_or("-"),
                i.annual_value.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        inds,
        vec![
            ("产出指标", "数量指标", "新建高标准农田面积", "≥2万亩", "≥2万亩"),
            ("产出指标", "数量指标", "良种繁育基地数量", "1个", "1个"),
            ("产出指标", "数量指标", "农技培训人次（人次）", "≥300人次", "≥300人次"),
            ("产出指标", "质量指标", "农田建设验收合格率", "100%", "100%"),
            ("产出指标", "时效指标", "项目按期完工率", "≥95%", "≥95%"),
            ("效益指标", "社会效益指标", "农民人均可支配收入增幅", "≥6%", "≥6%"),
            ("效益指标", "社会效益指标", "耕地质量等级", "提升0.2个等级", "提升0.2个等级"),
            ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "≥90%"),
        ]
    );
    assert!(plan.indicators.iter().all(|i| i.comparator.is_none() && i.unit.is_none() && i.level1_code.is_none()));
    // Detection routes it here, and parse gives the same document.
    assert_eq!(jixiao_ingest::detect("made_up.txt", MADE_UP).unwrap(), Layout::DepartmentTsv);
    assert_eq!(jixiao_ingest::parse("made_up.txt", MADE_UP.as_bytes(), None).unwrap(), doc);
}

/// The same layout with traits of the other one: 对比符号 / 计量单位 columns,
/// coded categories, the amount column after the goal column.
const MIXED: &str = "部门整体预算绩效目标申报表（2024年）
部门名称\t松岭市档案馆\t\t\t\t\t\t
总体绩效目标\t完成馆藏档案数字化，提升档案利用服务水平。\t\t\t\t\t\t
年度重点工作任务\t名称\t主要实施内容\t期望达到的目标（概述）\t拟投入的资金（万元）\t\t\t
\t档案数字化\t完成馆藏纸质档案扫描。\t数字化率达到八成。\t95.00\t\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t对比符号\t年度指标值\t计量单位\t
\t1-产出指标\t11-数量指标\t档案扫描页数\t≥\t120\t万页\t
\t\t\t档案目录录入条数\t≥\t30\t万条\t
档案修复册数\t≥\t500\t册\t\t\t\t
\t2-效益指标\t22-社会效益\t档案查阅服务人次\t≥\t5000\t人次\t
\t3-满意度指标\t31-服务对象满意度\t查档群众满意度\t≥\t90\t%\t
";

#[test]
fn table_mixing_traits_reads() {
    let doc = read_with(read, "mixed.txt", MIXED).expect("reads");
    assert_eq!(doc.department, "松岭市档案馆");
    assert_eq!(doc.year, Some(2024));
    assert_eq!(doc.title.as_deref(), Some("部门整体预算绩效目标申报表（2024年）"));
    let plan = &table(&doc).plans[0];
    assert_eq!(plan.goal.as_deref(), Some("完成馆藏档案数字化，提升档案利用服务水平。"));
    assert_eq!(plan.tasks.len(), 1);
    assert_eq!(plan.tasks[0].amount.map(|a| a.to_string()).as_deref(), Some("95.00"));
    assert_eq!(plan.tasks[0].goal.as_deref(), Some("数字化率达到八成。"));
    let inds: Vec<String> = plan
        .indicators
        .iter()
        .map(|i| {
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                i.level1_code.as_deref().unwrap_or("-"),
                i.level1.as_deref().unwrap_or("-"),
                i.level2_code.as_deref().unwrap_or("-"),
                i.level2.as_deref().unwrap_or("-"),
                i.name,
                i.comparator.as_deref().unwrap_or("-"),
                i.annual_value.as_deref().unwrap_or("-"),
                i.unit.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        inds,
        vec![
            "1|产出指标|11|数量指标|档案扫描页数|≥|120|万页",
            "1|产出指标|11|数量指标|档案目录录入条数|≥|30|万条",
            "1|产出指标|11|数量指标|档案修复册数|≥|500|册",
            "2|效益指标|22|社会效益|档案查阅服务人次|≥|5000|人次",
            "3|满意度指标|31|服务对象满意度|查档群众满意度|≥|90|%",
        ]
    );
    // Whichever department layout detection picks, the document is the same.
    assert_eq!(jixiao_ingest::parse("mixed.txt", MIXED.as_bytes(), None).unwrap(), doc);
}

#[test]
fn malformed_input_is_an_error() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("blank", " \n\t\n  \n"),
        ("title only", "2025年度部门整体支出绩效目标表\n"),
        ("header only", "部门整体支出绩效目标表\n部门名称\t某某局\t\t\n"),
        ("indicator header only", "绩效指标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值\n"),
        (
            "ends after task header",
            "部门名称\t某某局\n总体绩效目标\t做好工作。\n年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\n",
        ),
        ("no department", "总体绩效目标\t做好工作。\n"),
        ("department without value", "部门名称\t\t\t\n总体绩效目标\t做好工作。\n"),
        ("junk", "hello\tworld\n\u{1}\u{2}\tfoo\n随便写的一行\t没有意义\n"),
        ("junk numbers", "1\t2\t3\n4\t5\t6\n"),
        ("bad amount", "部门名称\t某某局\n年度重点工作任务\t名称\t拟投入的资金（万元）\n\t修路\t待定\n"),
        ("rows without header", "部门名称\t某某局\n绩效指标\t\n\t产出指标\t数量指标\t修路\t1公里\n"),
    ];
    for (what, text) in cases {
        let r = read_with(read, "bad.txt", text);
        assert!(r.is_err(), "{what}: expected an error, got {r:?}");
    }
    let e = read_with(read, "bad.txt", cases[10].1).unwrap_err();
    assert_eq!(e.line, Some(3), "the bad amount's line: {e:?}");
}

#[test]
fn truncated_seed_is_an_error() {
    let Some((text, _)) = fixture(SEED) else { return };
    let lines = lines_of(&text);
    let goal = line_with(&lines, |c| c.contains("总体绩效目标")).expect("goal line");
    let (task_header, _) = task_block(&lines);
    let ind = indicator_header(&lines);
    for cut in [goal, task_header + 1, ind + 1] {
        let r = read_with(read, "cut.txt", &lines[..cut].join("\n"));
        assert!(r.is_err(), "cut at line {cut}: expected an error");
    }
}

#[test]
fn no_prefix_or_damaged_seed_panics() {
    let Some((text, _)) = fixture(SEED) else { return };
    // Every prefix by characters (stepping to keep it quick) and by lines.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (at, _) in chars.iter().step_by(7) {
        let _ = read_with(read, "cut.txt", &text[..*at]);
    }
    let lines = lines_of(&text);
    for n in 0..=lines.len() {
        let _ = read_with(read, "cut.txt", &lines[..n].join("\n"));
        // Each line dropped, and each line with its cells reversed.
        let mut dropped = lines.clone();
        if n < dropped.len() {
            dropped.remove(n);
            let _ = read_with(read, "drop.txt", &dropped.join("\n"));
            let mut rev = lines.clone();
            rev[n] = rev[n].split('\t').rev().collect::<Vec<_>>().join("\t");
            let _ = read_with(read, "rev.txt", &rev.join("\n"));
        }
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const VOCAB: &[&str] = &[
        "",
        "",
        "",
        "部门名称",
        "某局",
        "预算整体情况",
        "基本支出",
        "1,000.00",
        "0",
        "总体绩效目标",
        "年度重点工作任务",
        "名称",
        "主要实施内容",
        "拟投入的资金（万元）",
        "其他需完成的任务",
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "实施周期指标值",
        "年度指标值",
        "对比符号",
        "计量单位",
        "产出指标",
        "数量指标",
        "01-产出指标",
        "≥90%",
        "≥",
        "%",
        "1次",
        "注：",
        "部门职能概述",
        "三年期目标",
        "-",
        "—",
        "1-",
        "-产出指标",
        "（",
        "：",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn random_tables_never_panic(rows in prop::collection::vec(prop::collection::vec(0..VOCAB.len(), 0..9), 0..30)) {
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|&i| VOCAB[i]).collect::<Vec<_>>().join("\t"))
                .collect::<Vec<_>>()
                .join("\n");
            let _ = read_with(read, "fuzz.txt", &text);
        }
    }
}

/// A variant titled without 部门整体 and labelled 重点工作任务: detection must still
/// route it to a department reader; the overview has no label of its own, the
/// table ends with notes and signatures.
const PLAIN_TITLE: &str = "2025年度部门预算绩效目标表
部门名称：石桥镇人民政府\t\t\t\t\t
\t部门预算支出\t预算金额（万元）\t收入来源\t预算金额（万元）\t
\t基本支出\t420.00\t财政拨款\t500.00\t
\t项目支出\t80.00\t其他资金\t0.00\t
总体绩效目标\t改善镇村人居环境。\t\t\t\t
重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）\t
\t村庄保洁\t聘请保洁员开展日常保洁。\t50\t村容村貌整洁。\t
绩效指标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值
\t产出指标\t数量指标\t保洁覆盖行政村数\t12个\t12个
\t效益指标\t生态效益指标\t垃圾无害化处理率\t100%\t100%
填报人：\t\t审核人：\t\t\t
";

#[test]
fn variant_without_the_usual_title_words_is_detected_and_read() {
    let layout = jixiao_ingest::detect("plain.txt", PLAIN_TITLE).unwrap();
    assert!(matches!(layout, Layout::DepartmentTsv | Layout::DepartmentColumns), "{layout:?}");
    let doc = jixiao_ingest::parse("plain.txt", PLAIN_TITLE.as_bytes(), None).expect("reads");
    assert_eq!(doc.department, "石桥镇人民政府");
    assert_eq!(doc.year, Some(2025));
    let t = table(&doc);
    let labels: Vec<&str> = t.figures.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, vec!["基本支出", "项目支出", "财政拨款", "其他资金"]);
    let plan = &t.plans[0];
    assert_eq!(plan.tasks.len(), 1);
    assert_eq!(plan.tasks[0].group, TaskGroup::Key);
    let names: Vec<(&str, &str)> =
        plan.indicators.iter().map(|i| (i.level2.as_deref().unwrap_or("-"), i.name.as_str())).collect();
    assert_eq!(names, vec![("数量指标", "保洁覆盖行政村数"), ("生态效益指标", "垃圾无害化处理率")]);
}

/// A two-row header (指标值 spanning 实施周期 / 年度), label remarks in
/// brackets, amounts printed with their unit, a blank-valued indicator.
const TWO_ROW_HEADER: &str = "部门整体支出绩效目标表
部门名称\t云溪区民政局\t\t\t\t
预算整体情况\t部门预算支出\t预算金额（万元）\t收入来源\t预算金额（万元）\t
\t基本支出\t300万元\t财政拨款\t340万元\t
\t项目支出\t40万元\t其他资金\t—\t
总体绩效目标（必填）\t兜牢基本民生保障底线。\t\t\t\t
年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）\t
\t困难群众救助\t按时足额发放救助金。\t36万元\t应保尽保。\t
\t养老服务提升\t改造社区养老服务站。\t—\t服务站运营规范。\t
绩效指标（必填）\t一级指标\t二级指标\t三级指标\t指标值\t
\t\t\t\t实施周期\t年度
\t产出指标\t数量指标\t救助金发放人次\t≥1200人次\t≥400人次
\t\t时效指标\t救助金按月发放率\t100%\t100%
\t满意度指标\t服务对象满意度指标\t救助对象满意度\t\t≥90%
";

#[test]
fn two_row_header_and_amounts_with_units_read() {
    let doc = read_with(read, "two_rows.txt", TWO_ROW_HEADER).expect("reads");
    assert_eq!(doc.department, "云溪区民政局");
    assert_eq!(doc.year, None);
    let t = table(&doc);
    let figures: Vec<(String, String)> = t.figures.iter().map(|f| (f.label.clone(), f.value.to_string())).collect();
    assert_eq!(
        figures,
        vec![("基本支出".into(), "300".into()), ("项目支出".into(), "40".into()), ("财政拨款".into(), "340".into())]
    );
    let plan = &t.plans[0];
    assert_eq!(plan.goal.as_deref(), Some("兜牢基本民生保障底线。"));
    let amounts: Vec<Option<String>> = plan.tasks.iter().map(|t| t.amount.map(|a| a.to_string())).collect();
    assert_eq!(amounts, vec![Some("36".to_string()), None]);
    let inds: Vec<(&str, Option<&str>, Option<&str>)> = plan
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.period_value.as_deref(), i.annual_value.as_deref()))
        .collect();
    assert_eq!(
        inds,
        vec![
            ("救助金发放人次", Some("≥1200人次"), Some("≥400人次")),
            ("救助金按月发放率", Some("100%"), Some("100%")),
            ("救助对象满意度", None, Some("≥90%")),
        ]
    );
    assert_eq!(plan.indicators[1].level2.as_deref(), Some("时效指标"));
    assert_eq!(plan.indicators[2].level1.as_deref(), Some("满意度指标"));
}
