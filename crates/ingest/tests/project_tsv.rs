//! Layout (b): project target tables as tab-separated rows.
//!
//! The seed is read at run time from the shared folder (`JIXIAO_SHARED`, else
//! `../shared` beside the workspace); when it is missing the seed tests are
//! skipped, unless `JIXIAO_REQUIRE_FIXTURES=1`. The seed is also transformed at
//! test time (projects reordered, removed, moved; amounts changed) to show the
//! reader reads structure, not one document. Made-up tables use made-up names.

use jixiao_core::{Amounts, Body, Document, Project, ProjectTable, Unit};
use jixiao_ingest::readers::project_tsv;
use jixiao_ingest::text::Source;
use jixiao_ingest::{detect, parse, Layout};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

mod support;

const SEED: &str = "001_188fc333b3979449";

/// The seed text and its truth, or `None` (test skipped) when the fixture is missing.
fn fixture() -> Option<(String, Document)> {
    let (text, truth) = support::fixture(SEED)?;
    Some((text, Document::from_json(&truth.to_string()).expect("truth is perf-targets/1")))
}

fn read_text(name: &str, text: &str) -> Document {
    match parse(name, text.as_bytes(), None) {
        Ok(d) => d,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn table(doc: &Document) -> &ProjectTable {
    match &doc.body {
        Body::Project(t) => t,
        Body::Department(_) => panic!("expected a project table"),
    }
}

fn table_mut(doc: &mut Document) -> &mut ProjectTable {
    match &mut doc.body {
        Body::Project(t) => t,
        Body::Department(_) => panic!("expected a project table"),
    }
}

fn assert_same(got: &Document, want: &Document) {
    if got != want {
        let g = got.to_json_pretty();
        let w = want.to_json_pretty();
        for (i, (a, b)) in g.lines().zip(w.lines()).enumerate() {
            if a != b {
                panic!("documents differ at JSON line {}:\n got: {a}\nwant: {b}", i + 1);
            }
        }
        panic!("documents differ in length: got {} lines, want {}", g.lines().count(), w.lines().count());
    }
}

/// The seed split into the lines up to the header and the data lines after it.
fn split_seed(text: &str) -> (Vec<String>, Vec<String>) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines.iter().position(|l| l.contains('\t') && l.contains("绩效指标")).expect("header line");
    (lines[..=at].to_vec(), lines[at + 1..].iter().filter(|l| !l.trim().is_empty()).cloned().collect())
}

fn first_cell(line: &str) -> &str {
    line.split('\t').next().unwrap_or("")
}

/// Groups data lines by unit, using the truth's unit names: (unit line, project lines).
fn unit_blocks(rows: &[String], truth: &Document) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let names: Vec<&str> = table(truth).units.iter().map(|u| u.name.as_str()).collect();
    let mut before = Vec::new();
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    for r in rows {
        if names.contains(&first_cell(r)) {
            blocks.push((r.clone(), Vec::new()));
        } else if let Some(b) = blocks.last_mut() {
            b.1.push(r.clone());
        } else {
            before.push(r.clone());
        }
    }
    (before, blocks)
}

fn assemble(head: &[String], before: &[String], blocks: &[(String, Vec<String>)]) -> String {
    let mut out: Vec<String> = head.to_vec();
    out.extend(before.iter().cloned());
    for (u, ps) in blocks {
        out.push(u.clone());
        out.extend(ps.iter().cloned());
    }
    out.join("\n") + "\n"
}

#[test]
fn seed_001_is_detected_and_read_exactly() {
    let Some((text, truth)) = fixture() else { return };
    assert_eq!(detect("x.txt", &text).expect("a table"), Layout::ProjectTsv);
    let doc = read_text(&format!("{SEED}.txt"), &text);
    assert_same(&doc, &truth);
}

#[test]
fn seed_001_with_projects_reordered() {
    let Some((text, truth)) = fixture() else { return };
    let (head, rows) = split_seed(&text);
    let (before, mut blocks) = unit_blocks(&rows, &truth);
    for b in &mut blocks {
        b.1.reverse();
    }
    let doc = read_text(&truth.source, &assemble(&head, &before, &blocks));
    let mut want = truth.clone();
    for u in &mut table_mut(&mut want).units {
        u.projects.reverse();
    }
    assert_same(&doc, &want);
}

#[test]
fn seed_001_with_projects_removed() {
    let Some((text, truth)) = fixture() else { return };
    let (head, rows) = split_seed(&text);
    let (before, mut blocks) = unit_blocks(&rows, &truth);
    // Drop every second project of the first unit.
    if let Some(b) = blocks.first_mut() {
        b.1 = b.1.iter().enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, l)| l.clone()).collect();
    }
    let doc = read_text(&truth.source, &assemble(&head, &before, &blocks));
    let mut want = truth.clone();
    if let Some(u) = table_mut(&mut want).units.first_mut() {
        u.projects = u.projects.iter().enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, p)| p.clone()).collect();
    }
    assert_same(&doc, &want);
    assert!(table(&doc).units[0].projects.len() < table(&truth).units[0].projects.len());
}

#[test]
fn seed_001_without_its_first_unit_row() {
    // Projects before any unit row belong to a unit named like the department.
    let Some((text, truth)) = fixture() else { return };
    let (head, rows) = split_seed(&text);
    let (mut before, blocks) = unit_blocks(&rows, &truth);
    let mut rest = blocks.clone();
    let first = rest.remove(0);
    before.extend(first.1);
    let doc = read_text(&truth.source, &assemble(&head, &before, &rest));
    let mut want = truth.clone();
    let dept = want.department.clone();
    if let Some(u) = table_mut(&mut want).units.first_mut() {
        u.name = dept;
        u.amounts = Amounts::default();
    }
    assert_same(&doc, &want);
}

/// Formats an amount as the tables print it: two decimals, thousands separators.
fn printed(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{frac}")
}

fn changed(d: Decimal) -> Decimal {
    d * Decimal::from(7) + Decimal::from_str("1000.01").expect("decimal")
}

#[test]
fn seed_001_with_amounts_changed() {
    let Some((text, truth)) = fixture() else { return };
    let (head, rows) = split_seed(&text);
    let rows: Vec<String> = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .split('\t')
                .enumerate()
                .map(|(i, c)| {
                    if (1..=4).contains(&i) && !c.trim().is_empty() {
                        let v = Decimal::from_str(&c.replace(',', "")).expect("seed amount");
                        printed(changed(v))
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            cells.join("\t")
        })
        .collect();
    let doc = read_text(&truth.source, &assemble(&head, &rows, &[]));
    let mut want = truth.clone();
    let bump = |a: &mut Amounts| {
        for v in [&mut a.total, &mut a.fiscal, &mut a.special_account, &mut a.other] {
            *v = v.map(changed);
        }
    };
    let t = table_mut(&mut want);
    bump(&mut t.totals);
    for u in &mut t.units {
        bump(&mut u.amounts);
        for p in &mut u.projects {
            bump(&mut p.amounts);
        }
    }
    assert_same(&doc, &want);
}

/// A made-up district culture centre's project table in this layout.
const MADE_UP: &str = "\
\n2024年项目支出绩效目标表\n\n部门名称: 某某市东湖区文化馆\n\n单位: 万元\n\n\
项目名称(含使用单位)\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n\
合计\t2,230.50\t2,200.00\t10.50\t20.00\t\t\n\
群众文化活动经费\t80.00\t80.00\t\t\t全年举办群众文化活动，丰富市民文化生活。\t\
1、1-产出指标:11-数量指标:举办文艺演出场次:实施周期指标值:不少于60场，年度指标值:不少于20场;\
2、3-满意度指标:31-服务对象满意度,观众满意度;实施周期指标值:90%以上,年度指标值:90%以上;\n\
某某市东湖区非遗保护中心\t150.50\t120.00\t10.50\t20.00\t\t\n\
非遗传承人培训经费\t100.50\t90.00\t10.50\t\t培训非遗传承人，提升传承能力。\t\
1、1-产出指标:11-数量指标:培训人次:实施周期指标值:300人次,年度指标值:100人次;\
2、2-效益指标:24-可持续影响:传承项目存续率:年度指标值:100%;\
3-满意度指标:31-服务对象满意度:学员满意度:95%;\n\
非遗展览场馆运行费\t50.00\t30.00\t\t20.00\t保障展馆正常开放。\t\
1、1-产出指标:13-时效指标:开放天数:实施周期指标值:每年不少于300天;年度指标值:300天;\n";

fn dec(s: &str) -> Option<Decimal> {
    Some(Decimal::from_str(s).expect("decimal"))
}

#[test]
fn made_up_table_is_read() {
    assert_eq!(detect("m.txt", MADE_UP).expect("a table"), Layout::ProjectTsv);
    let doc = read_text("m.txt", MADE_UP);
    assert_eq!(doc.title.as_deref(), Some("2024年项目支出绩效目标表"));
    assert_eq!(doc.year, Some(2024));
    assert_eq!(doc.department, "某某市东湖区文化馆");
    assert_eq!(doc.money_unit, "万元");
    let t = table(&doc);
    assert_eq!(t.totals, Amounts { total: dec("2230.50"), fiscal: dec("2200"), special_account: dec("10.5"), other: dec("20") });
    let names: Vec<(&str, Vec<&str>)> =
        t.units.iter().map(|u| (u.name.as_str(), u.projects.iter().map(|p| p.name.as_str()).collect())).collect();
    assert_eq!(
        names,
        vec![
            ("某某市东湖区文化馆", vec!["群众文化活动经费"]),
            ("某某市东湖区非遗保护中心", vec!["非遗传承人培训经费", "非遗展览场馆运行费"]),
        ]
    );
    assert_eq!(t.units[0].amounts, Amounts::default());
    assert_eq!(t.units[1].amounts.other, dec("20"));
    let p: &Project = &t.units[1].projects[0];
    assert_eq!(p.amounts.special_account, dec("10.5"));
    assert_eq!(p.amounts.other, None);
    assert_eq!(p.goal.as_deref(), Some("培训非遗传承人，提升传承能力。"));
    assert_eq!(p.indicators.len(), 3);
    let third = &p.indicators[2];
    assert_eq!(third.seq, None);
    assert_eq!((third.level1_code.as_deref(), third.level1.as_deref()), (Some("3"), Some("满意度指标")));
    assert_eq!((third.level2_code.as_deref(), third.level2.as_deref()), (Some("31"), Some("服务对象满意度")));
    assert_eq!(third.name, "学员满意度");
    assert_eq!(third.annual_value.as_deref(), Some("95%"));
    let second = &p.indicators[1];
    assert_eq!(second.name, "传承项目存续率");
    assert_eq!(second.period_value, None);
    assert_eq!(second.annual_value.as_deref(), Some("100%"));
    let first_unit = &t.units[0].projects[0].indicators;
    assert_eq!(first_unit[1].name, "观众满意度");
    assert_eq!(first_unit[0].period_value.as_deref(), Some("不少于60场"));
    let last = &t.units[1].projects[1].indicators[0];
    assert_eq!(last.period_value.as_deref(), Some("每年不少于300天"));
    assert_eq!(last.annual_value.as_deref(), Some("300天"));
}

#[test]
fn columns_are_found_by_their_header_not_their_place() {
    let want = read_text("m.txt", MADE_UP);
    // Columns in another order: name, goal, indicators, other, special, fiscal, total.
    let order = [0usize, 5, 6, 4, 3, 2, 1];
    let text: String = MADE_UP
        .lines()
        .map(|l| {
            if l.contains('\t') {
                let cells: Vec<&str> = l.split('\t').collect();
                order.iter().map(|&i| cells.get(i).copied().unwrap_or("")).collect::<Vec<_>>().join("\t")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let doc = read_text("m.txt", &text);
    assert_same(&doc, &want);
    // 行政专户拨款 is the special account too.
    let doc = read_text("m.txt", &MADE_UP.replace("财政专户拨款", "行政专户拨款"));
    assert_same(&doc, &want);
}

#[test]
fn a_cell_broken_over_lines_is_joined() {
    let want = read_text("m.txt", MADE_UP);
    let broken = MADE_UP.replacen("培训人次:实施周期", "培训人次:实施\n周期", 1).replacen("丰富市民\u{6587}", "丰富市民\n\u{6587}", 1);
    let doc = read_text("m.txt", &broken);
    assert_same(&doc, &want);
}

fn read_err(text: &str) -> jixiao_ingest::ReadError {
    match project_tsv::read(&Source::new("bad.txt", text)) {
        Ok(d) => panic!("expected an error, got {}", d.to_json_pretty()),
        Err(e) => e,
    }
}

#[test]
fn malformed_tables_are_errors() {
    let header = "项目名称\t总计\t财政拨款\t绩效目标\t绩效指标\n";
    // Header only.
    let e = read_err(&format!("部门名称：某某局\n{header}"));
    assert_eq!(e.line, Some(2));
    // A row cut short to its name.
    let e = read_err(&format!("部门名称：某某局\n{header}某某经费\n"));
    assert_eq!(e.line, Some(3));
    // An amount that is not a number.
    let e = read_err(&format!("部门名称：某某局\n{header}某某经费\t12,3x\t1\t目标\t1、1-产出指标:11-数量指标:次数:年度指标值:1次;\n"));
    assert_eq!(e.line, Some(3));
    assert!(e.reason.contains("12,3x"), "{}", e.reason);
    // Only a 合计 row.
    read_err(&format!("{header}合计\t1\t1\t\t\n"));
    // No header at all.
    read_err("部门名称：某某局\n某某经费 12 12\n");
    // Binary junk: not text at all, or text without a table.
    assert!(parse("junk.bin", &[0xff, 0xfe, 0x00, 0x13, 0x88, 0x9c], Some(Layout::ProjectTsv)).is_err());
    read_err("\u{1}\u{2}\t\u{3}%$#\t\t\n\u{7f}\t@@\n");
    // Cells beyond the header.
    read_err(&format!("{header}某某经费\t1\t1\t目标\t指标\t多出的格\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,300}") {
        let _ = project_tsv::read(&Source::new("p.txt", &s));
    }

    #[test]
    fn never_panics_on_cut_or_tabbed_tables(cut in 0usize..2000, extra in "[\\t;:、,0-9\\-]{0,20}") {
        let text: String = MADE_UP.chars().take(cut).collect::<String>() + &extra;
        let _ = project_tsv::read(&Source::new("p.txt", &text));
        let _ = project_tsv::parse_indicator_cell(&extra);
    }
}

#[test]
fn unit_rows_and_project_rows() {
    // A unit row followed by an empty project row: the empty row fits inside the
    // unit's amounts and stays a project.
    let text = "部门名称：某某局\n项目名称\t总计\t财政拨款\t绩效目标\t绩效指标\n\
某某中心\t30\t30\t\t\n空白经费\t10\t10\t\t\n某某经费\t20\t20\t目标\t1、1-产出指标:11-数量指标:次数:年度指标值:2次;\n";
    let doc = project_tsv::read(&Source::new("u.txt", text)).expect("reads");
    let t = table(&doc);
    assert_eq!(t.units.len(), 1);
    assert_eq!(t.units[0].name, "某某中心");
    let names: Vec<&str> = t.units[0].projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["空白经费", "某某经费"]);
    let _: Vec<Unit> = t.units.clone();
}

#[test]
fn quoted_cells_of_a_spreadsheet_export_are_read() {
    let want = read_text("m.txt", MADE_UP);
    // A spreadsheet quotes a cell that holds a line break.
    let quoted = MADE_UP.replacen("\t培训非遗传承人，提升传承能力。\t", "\t\"培训非遗传承人，\n提升传承能力。\"\t", 1);
    assert_ne!(quoted, MADE_UP);
    let doc = read_text("m.txt", &quoted);
    assert_same(&doc, &want);
}

#[test]
fn a_header_over_two_rows_is_read() {
    let want = read_text("m.txt", MADE_UP);
    let two_rows = MADE_UP.replacen(
        "项目名称(含使用单位)\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n",
        "项目名称(含使用单位)\t资金来源\t\t\t\t绩效目标\t绩效指标\n\t总计\t财政拨款\t财政专户拨款\t其他资金\t\t\n",
        1,
    );
    assert_ne!(two_rows, MADE_UP);
    assert_same(&read_text("m.txt", &two_rows), &want);
}

#[test]
fn a_unit_column_of_its_own_names_the_units() {
    let text = "\
2025年项目支出绩效目标表\n部门名称：某某县水务局\n单位：万元\n\
资金使用单位\t项目名称\t总计\t财政拨款\t其他资金\t绩效目标\t绩效指标\n\
合计\t\t90\t80\t10\t\t\n\
某某县水务局\t\t60\t60\t\t\t\n\
\t水库巡查经费\t60\t60\t\t保障水库安全。\t1、1-产出指标:11-数量指标:巡查次数:年度指标值:52次;\n\
某某县水文站\t\t30\t20\t10\t\t\n\
\t水文监测经费\t30\t20\t10\t完成水文监测。\t1、1-产出指标:12-质量指标:数据完整率:年度指标值:100%;\n";
    let doc = read_text("u.txt", text);
    let t = table(&doc);
    assert_eq!(t.totals.total, dec("90"));
    let names: Vec<(&str, Vec<&str>)> =
        t.units.iter().map(|u| (u.name.as_str(), u.projects.iter().map(|p| p.name.as_str()).collect())).collect();
    assert_eq!(names, vec![("某某县水务局", vec!["水库巡查经费"]), ("某某县水文站", vec!["水文监测经费"])]);
    assert_eq!(t.units[1].amounts.other, dec("10"));
    assert_eq!(t.units[1].projects[0].indicators[0].name, "数据完整率");
}
