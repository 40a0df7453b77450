//! Tables of the layout families found in the wild, read by the header-driven
//! interpreter. Every table here is made up (made-up bodies, projects and
//! figures); each family is also read cut off in the middle of its last row.

use jixiao_core::{Body, Document, Horizon, Indicator};
use jixiao_ingest::{read, Options, Reading};
use rust_decimal::Decimal;

fn reading(name: &str, text: &str) -> Reading {
    match read(name, text.as_bytes(), &Options::default()) {
        Ok(r) => r,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn s(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

/// (level1, level2, name, annual value) of an indicator.
type Row<'a> = (Option<&'a str>, Option<&'a str>, &'a str, Option<&'a str>);

/// The rows of every indicator.
fn rows(doc: &Document) -> Vec<Row<'_>> {
    doc.indicators().into_iter().map(|i| (s(&i.level1), s(&i.level2), i.name.as_str(), s(&i.annual_value))).collect()
}

fn find<'a>(doc: &'a Document, name: &str) -> &'a Indicator {
    doc.indicators().into_iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no indicator {name}"))
}

/// Cuts a table in the middle of its last row: the last line loses its second half.
fn cut(text: &str) -> String {
    let t = text.trim_end();
    let last = t.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &t[last..];
    let keep: String = line.chars().take(line.chars().count() / 2).collect();
    format!("{}{keep}\n", &t[..last])
}

/// Reads the cut-off copy of a family: the rows before the cut are all there,
/// and a warning names the line where the table stops.
fn read_cut(name: &str, text: &str, full: &Document) -> Reading {
    let r = reading(name, &cut(text));
    let n = full.indicators().len();
    let got = r.document.indicators().len();
    assert!(got + 1 >= n && got <= n, "{name}: {got} of {n} indicators after the cut");
    let full_rows = rows(full);
    for (a, b) in rows(&r.document).iter().zip(full_rows.iter()).take(n.saturating_sub(1)) {
        assert_eq!(a, b, "{name}");
    }
    assert!(!r.warnings.is_empty(), "{name}: a cut-off table must warn");
    assert!(r.warnings.iter().any(|w| w.line.is_some()), "{name}: warnings name lines: {:?}", r.warnings);
    let strict = read(name, cut(text).as_bytes(), &Options { layout: None, strict: true });
    assert!(strict.is_err(), "{name}: --strict turns the warning into an error");
    r
}

/// Family 1: An HTML table copied with single spaces between cells: weights on the
/// level-1 labels, 指标性质 and 指标方向 in words, merged cells omitted (rows
/// start at level 2 or 3), level-1 groups out of order, a qualitative value
/// on the lines after its row.
const SINGLE: &str = "\
某某区检察院2024年部门整体绩效目标表
部门名称：某某区检察院 单位：万元
一级指标 二级指标 三级指标 指标性质 指标方向 指标值 计量单位 分值
满意度指标(10分) 服务对象满意度 群众满意度 正向 大于等于 95 % 10
产出指标(50分) 数量指标 办理案件数 正向 大于等于 300 件 20
开展普法宣传场次 正向 大于等于 12 场 10
质量指标 案件办结率 正向 等于 100 % 10
按时完成率 正向 等于 100 % 10
效益指标(40分) 社会效益 司法公信力
定性
明显提升
20
涉法信访发生率 反向 小于等于 2 % 20
";

#[test]
fn family_1_single_spaces() {
    let r = reading("f1.txt", SINGLE);
    let doc = &r.document;
    assert_eq!(doc.department, "某某区检察院");
    assert_eq!(doc.year, Some(2024));
    let Body::Department(t) = &doc.body else { panic!("department table expected") };
    assert_eq!(t.plans.len(), 1);
    assert_eq!(
        rows(doc),
        vec![
            (Some("满意度指标"), Some("服务对象满意度"), "群众满意度", Some("95")),
            (Some("产出指标"), Some("数量指标"), "办理案件数", Some("300")),
            (Some("产出指标"), Some("数量指标"), "开展普法宣传场次", Some("12")),
            (Some("产出指标"), Some("质量指标"), "案件办结率", Some("100")),
            (Some("产出指标"), Some("质量指标"), "按时完成率", Some("100")),
            (Some("效益指标"), Some("社会效益"), "司法公信力", Some("明显提升")),
            (Some("效益指标"), Some("社会效益"), "涉法信访发生率", Some("2")),
        ]
    );
    let i = find(doc, "群众满意度");
    assert_eq!((s(&i.nature), s(&i.direction), s(&i.unit)), (Some("正向"), Some("大于等于"), Some("%")));
    assert_eq!(i.weight, Some(Decimal::from(10)));
    let q = find(doc, "司法公信力");
    assert_eq!((s(&q.nature), q.weight), (Some("定性"), Some(Decimal::from(20))));
    assert_eq!(s(&q.unit), None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.explain.iter().any(|l| l.contains("single spaces")), "{:?}", r.explain);
    assert!(r.confidence >= 0.8, "{}", r.confidence);
    read_cut("f1.txt", SINGLE, doc);
}

/// Family 2: Every row repeats level 1 and 2; a 项目名称 … 实施单位 block with codes in
/// brackets; an 投入目标 money block; a date serial leaked into a value.
const REPEATED: &str = "\
某某镇2023年项目支出绩效目标表
项目名称 司法所规范化建设(512003) 项目类别 经常性项目
主管部门 某某镇人民政府(512) 实施单位 某某镇司法所(512001)
投入目标 项目资金总额 85.6 万元
财政拨款 80 其他资金 5.6
年度目标 完成司法所办公场所改造，提升服务能力。
一级指标 二级指标 三级指标 指标值 分值
产出指标 数量指标 改造办公用房面积 ≥200平方米 20
产出指标 质量指标 工程验收合格率 100% 20
产出指标 时效指标 项目完成时间 = 44,926 44,926 20
效益指标 社会效益 群众办事便利度 明显提高 20
满意度指标 服务对象满意度 来访群众满意度 ≥90% 20
";

#[test]
fn family_2_repeated_levels_and_project_block() {
    let r = reading("f2.txt", REPEATED);
    let doc = &r.document;
    assert_eq!(doc.department, "某某镇人民政府");
    assert_eq!(doc.year, Some(2023));
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    assert_eq!(t.units.len(), 1);
    assert_eq!(t.units[0].name, "某某镇司法所");
    let p = &t.units[0].projects[0];
    assert_eq!(p.name, "司法所规范化建设");
    assert_eq!(p.amounts.total, Some(Decimal::new(856, 1)));
    assert_eq!(p.amounts.fiscal, Some(Decimal::from(80)));
    assert_eq!(p.amounts.other, Some(Decimal::new(56, 1)));
    assert_eq!(p.goal.as_deref(), Some("完成司法所办公场所改造，提升服务能力。"));
    assert_eq!(
        rows(doc),
        vec![
            (Some("产出指标"), Some("数量指标"), "改造办公用房面积", Some("≥200平方米")),
            (Some("产出指标"), Some("质量指标"), "工程验收合格率", Some("100%")),
            (Some("产出指标"), Some("时效指标"), "项目完成时间", Some("=2022-12-31")),
            (Some("效益指标"), Some("社会效益"), "群众办事便利度", Some("明显提高")),
            (Some("满意度指标"), Some("服务对象满意度"), "来访群众满意度", Some("≥90%")),
        ]
    );
    assert_eq!(find(doc, "项目完成时间").weight, Some(Decimal::from(20)));
    assert!(r.warnings.iter().any(|w| w.line == Some(10) && w.message.contains("2022-12-31")), "{:?}", r.warnings);
    read_cut("f2.txt", REPEATED, doc);
}

/// Family 3: Pipe tables whose merged cells were dropped, so continuation rows shift
/// left; a unit spelled out; two projects in one table, each opened by
/// 单位名称 / 项目名称 / 预算数 / 年度目标 cells.
const PIPES: &str = "\
| 某某市法律援助中心2024年项目绩效目标表 |
| 单位名称 | 某某市法律援助中心 | 项目名称 | 法律援助服务 | 预算数 | 30 |
| 年度目标 | 为困难群众提供法律援助。 |
| 一级指标 | 二级指标 | 三级指标 | 指标解释 | 指标值 | 备注 |
|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 办理援助案件数 | 全年办理的援助案件 | ≥200件 | |
| 质量指标 | 培训合格率 | 培训合格率 | ≥95百分比 | |
| 效益指标 | 社会效益 | 困难群众获得援助比例 | 应援尽援 | 100% | |
| 单位名称 | 某某市法律援助中心 | 项目名称 | 值班律师驻点 | 预算数 | 12.5 |
| 年度目标 | 在法院和看守所设立值班律师工作站。 |
| 产出指标 | 数量指标 | 工作站数量 | 设立的工作站 | 3个 | |
| 满意度指标 | 服务对象满意度 | 受援人满意度 | 问卷调查 | ≥90% | |
";

#[test]
fn family_3_pipes_shifted_and_several_projects() {
    let r = reading("f3.md", PIPES);
    let doc = &r.document;
    assert_eq!(doc.department, "某某市法律援助中心");
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    let ps = &t.units[0].projects;
    assert_eq!(ps.len(), 2, "{}", doc.to_json_pretty());
    assert_eq!(ps[0].name, "法律援助服务");
    assert_eq!(ps[0].amounts.total, Some(Decimal::from(30)));
    assert_eq!(ps[0].goal.as_deref(), Some("为困难群众提供法律援助。"));
    assert_eq!(ps[1].name, "值班律师驻点");
    assert_eq!(ps[1].amounts.total, Some(Decimal::new(125, 1)));
    assert_eq!(ps[0].indicators.len(), 3);
    assert_eq!(ps[1].indicators.len(), 2);
    let i = &ps[0].indicators[1];
    assert_eq!((s(&i.level1), s(&i.level2), i.name.as_str()), (Some("产出指标"), Some("质量指标"), "培训合格率"));
    assert_eq!((s(&i.explanation), s(&i.annual_value)), (Some("培训合格率"), Some("≥95百分比")));
    assert_eq!(s(&ps[0].indicators[2].annual_value), Some("100%"));
    assert_eq!(s(&ps[1].indicators[0].level1), Some("产出指标"));
    read_cut("f3.md", PIPES, doc);
}

/// Family 4: One cell per line (blank and `|` lines for empty cells), 长期 and 年度
/// column groups side by side, 中期目标 / 年度目标 blocks, 指标值及单位 and
/// 绩效标准 columns, an empty level-2 row.
const PER_LINE: &str = "\
某某街道办事处2024年部门整体绩效目标表
部门名称
某某街道办事处
中期目标
三年内建成平安社区示范点。
年度目标
年内完成社区网格化服务全覆盖。
二级指标(长期)
三级指标(长期)
指标值(长期)
二级指标(年度)
三级指标(年度)
指标值及单位
绩效标准
数量指标
网格员培训人次
≥600人次
数量指标
网格员培训人次
≥200人次
计划标准
质量指标
矛盾纠纷化解率
≥95%
质量指标
矛盾纠纷化解率
≥95%
|
经济效益


经济效益



社会效益
辖区治安满意度
持续提升
社会效益
辖区治安满意度
≥90%
计划标准
";

#[test]
fn family_4_one_cell_per_line_side_by_side() {
    let r = reading("f4.txt", PER_LINE);
    let doc = &r.document;
    assert_eq!(doc.department, "某某街道办事处");
    let Body::Department(t) = &doc.body else { panic!("department table expected") };
    assert_eq!(t.plans.len(), 2, "{}", doc.to_json_pretty());
    let annual = &t.plans[0];
    let long = &t.plans[1];
    assert_eq!((annual.horizon, long.horizon), (Horizon::Annual, Horizon::MultiYear));
    assert_eq!(annual.goal.as_deref(), Some("年内完成社区网格化服务全覆盖。"));
    assert_eq!(long.goal.as_deref(), Some("三年内建成平安社区示范点。"));
    fn names(p: &jixiao_core::Plan) -> Vec<(Option<&str>, String, Option<String>)> {
        p.indicators.iter().map(|i| (s(&i.level2), i.name.clone(), i.annual_value.clone())).collect()
    }
    assert_eq!(
        names(annual),
        vec![
            (Some("数量指标"), "网格员培训人次".to_string(), Some("≥200人次".to_string())),
            (Some("质量指标"), "矛盾纠纷化解率".to_string(), Some("≥95%".to_string())),
            (Some("社会效益"), "辖区治安满意度".to_string(), Some("≥90%".to_string())),
        ]
    );
    assert_eq!(
        names(long),
        vec![
            (Some("数量指标"), "网格员培训人次".to_string(), Some("≥600人次".to_string())),
            (Some("质量指标"), "矛盾纠纷化解率".to_string(), Some("≥95%".to_string())),
            (Some("社会效益"), "辖区治安满意度".to_string(), Some("持续提升".to_string())),
        ]
    );
    assert_eq!(s(&annual.indicators[0].standard), Some("计划标准"));
    assert_eq!(s(&annual.indicators[1].standard), None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Cut off two cells before the end: the last row is read in part, with a warning at its line.
    let lines: Vec<&str> = PER_LINE.trim_end().lines().collect();
    let cut_text = lines[..lines.len() - 2].join("\n");
    let c = reading("f4.txt", &cut_text);
    let Body::Department(ct) = &c.document.body else { panic!("department table expected") };
    assert_eq!(ct.plans[0].indicators.len(), 3);
    assert_eq!(ct.plans[0].indicators[2].annual_value, None);
    assert!(c.warnings.iter().any(|w| w.line == Some(lines.len() - 6) && w.message.contains("middle of a row")), "{:?}", c.warnings);
}

/// Family 4b: One cell per line copied from a web page: merged cells printed once,
/// no blank lines for them, so rows are told apart by their cells' kinds.
const PER_LINE_COMPACT: &str = "\
某某中学2024年部门整体绩效目标表
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
开设社团数量
≥20个
教师培训人次
≥150人次
质量指标
学业质量合格率
≥95%
效益指标
社会效益
家长学校覆盖率
100%
满意度指标
服务对象满意度
学生满意度
≥90%
";

#[test]
fn family_4b_one_cell_per_line_merged_cells_omitted() {
    let r = reading("f4b.txt", PER_LINE_COMPACT);
    let doc = &r.document;
    assert_eq!(doc.department, "某某中学");
    assert_eq!(
        rows(doc),
        vec![
            (Some("产出指标"), Some("数量指标"), "开设社团数量", Some("≥20个")),
            (Some("产出指标"), Some("数量指标"), "教师培训人次", Some("≥150人次")),
            (Some("产出指标"), Some("质量指标"), "学业质量合格率", Some("≥95%")),
            (Some("效益指标"), Some("社会效益"), "家长学校覆盖率", Some("100%")),
            (Some("满意度指标"), Some("服务对象满意度"), "学生满意度", Some("≥90%")),
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Cut off before the last value: the last indicator is kept, with a warning at its line.
    let lines: Vec<&str> = PER_LINE_COMPACT.trim_end().lines().collect();
    let c = reading("f4b.txt", &lines[..lines.len() - 1].join("\n"));
    assert_eq!(rows(&c.document)[..4], rows(doc)[..4]);
    assert_eq!(rows(&c.document)[4], (Some("满意度指标"), Some("服务对象满意度"), "学生满意度", None));
    let row_start = lines.iter().position(|l| *l == "满意度指标").map(|i| i + 1);
    assert!(c.warnings.iter().any(|w| w.line == row_start && w.message.contains("cut off")), "{:?}", c.warnings);
}

/// Family 5: A target table inside a report: paragraphs first, then `表1 …绩效目标`
/// with only 序号 / 三级指标 / 年度指标值.
const REPORT: &str = "\
关于某某学校2024年部门预算绩效目标的说明

一、基本情况。本校是区属公办初级中学，现有教学班二十四个，在校学生一千余人，教职工九十余人，承担义务教育阶段的教育教学任务。

二、绩效目标设定依据。根据区财政局关于编制部门预算绩效目标的通知，结合学校年度工作计划，设定以下绩效目标，并将其作为年度考核的依据。

表1 某某学校2024年整体绩效目标
序号 三级指标 年度指标值
1 学生体质健康达标率 ≥92%
2 教师培训人次 ≥300人次
3 家长满意度 ≥90%
";

#[test]
fn family_5_table_inside_a_report() {
    let r = reading("f5.txt", REPORT);
    let doc = &r.document;
    assert_eq!(doc.title.as_deref(), Some("某某学校2024年整体绩效目标"));
    assert_eq!(doc.department, "某某学校");
    assert_eq!(doc.year, Some(2024));
    assert!(matches!(doc.body, Body::Department(_)));
    assert_eq!(
        rows(doc),
        vec![
            (None, None, "学生体质健康达标率", Some("≥92%")),
            (None, None, "教师培训人次", Some("≥300人次")),
            (None, None, "家长满意度", Some("≥90%")),
        ]
    );
    assert_eq!(doc.indicators()[2].seq, Some(3));
    read_cut("f5.txt", REPORT, doc);
}

/// Family 6: An approval table whose value column splits into last year's actual and
/// this year's expected value, with 指标标准或依据; level-1 labels printed on
/// the middle row of their merged cell.
const APPROVAL: &str = "\
某某区司法局2022年项目支出绩效目标批复表
项目名称：社区矫正监管
一级指标\t二级指标\t三级指标\t指标值\t\t指标标准或依据
\t\t\t2021年实际实现值\t预期2022年实现值\t
\t数量指标\t矫正对象教育人次\t1100人次\t≥1200人次\t年度工作计划
产出指标\t质量指标\t脱管漏管率\t0%\t0%\t省考核要求
\t时效指标\t报到及时率\t100%\t100%\t省考核要求
\t社会效益\t再犯罪率\t0.1%\t≤0.2%\t历史标准
效益指标\t可持续影响\t矫正工作规范化\t良好\t持续提升\t行业标准
满意度指标\t服务对象满意度\t社区群众满意度\t92%\t≥90%\t问卷调查
";

#[test]
fn family_6_approval_table() {
    let r = reading("f6.txt", APPROVAL);
    let doc = &r.document;
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    assert_eq!(t.units[0].projects[0].name, "社区矫正监管");
    assert_eq!(
        rows(doc),
        vec![
            (Some("产出指标"), Some("数量指标"), "矫正对象教育人次", Some("≥1200人次")),
            (Some("产出指标"), Some("质量指标"), "脱管漏管率", Some("0%")),
            (Some("产出指标"), Some("时效指标"), "报到及时率", Some("100%")),
            (Some("效益指标"), Some("社会效益"), "再犯罪率", Some("≤0.2%")),
            (Some("效益指标"), Some("可持续影响"), "矫正工作规范化", Some("持续提升")),
            (Some("满意度指标"), Some("服务对象满意度"), "社区群众满意度", Some("≥90%")),
        ]
    );
    assert_eq!(s(&find(doc, "再犯罪率").standard), Some("历史标准"));
    assert!(r.explain.iter().any(|l| l.contains("2021年实际实现值 → -")), "{:?}", r.explain);
    read_cut("f6.txt", APPROVAL, doc);
}

/// Family 7: A document flattened with no separators: header words, names,
/// explanations and values run together; an OCR slip (`295%`).
const FLAT: &str = "\
某某环卫所2024年部门整体绩效目标表
一级指标二级指标三级指标指标解释指标值
产出指标数量指标设备巡检次数反映全年设备巡检情况1200次
质量指标道路清扫保洁达标率反映道路保洁质量295%
效益指标社会效益市容环境改善反映市容环境变化明显改善
满意度指标服务对象满意度群众满意度反映群众对环卫服务的评价≥90%
";

#[test]
fn family_7_flattened_without_separators() {
    let r = reading("f7.txt", FLAT);
    let doc = &r.document;
    assert_eq!(doc.department, "某某环卫所");
    assert_eq!(
        rows(doc),
        vec![
            (Some("产出指标"), Some("数量指标"), "设备巡检次数", Some("1200次")),
            (Some("产出指标"), Some("质量指标"), "道路清扫保洁达标率", Some("≥95%")),
            (Some("效益指标"), Some("社会效益"), "市容环境改善", Some("明显改善")),
            (Some("满意度指标"), Some("服务对象满意度"), "群众满意度", Some("≥90%")),
        ]
    );
    assert_eq!(s(&find(doc, "设备巡检次数").explanation), Some("反映全年设备巡检情况"));
    assert!(r.warnings.iter().any(|w| w.line == Some(4) && w.message.contains("≥95%")), "{:?}", r.warnings);
    assert!(r.explain.iter().any(|l| l.contains("no separators")), "{:?}", r.explain);
    read_cut("f7.txt", FLAT, doc);
}

/// Family 8: A department-wide table in Traditional characters with 指标值类型,
/// 指标解释 and 评(扣)分标准 columns.
const TRADITIONAL: &str = "\
某某縣黨校2023年部門整體績效目標表
部門名稱：某某縣黨校\t\t單位：萬元
一級指標\t二級指標\t三級指標\t指標解釋\t指標值類型\t指標值\t度量單位\t評(扣)分標準
產出指標\t數量指標\t培訓班次\t全年舉辦的培訓班\t定量\t≥30\t期\t每少一期扣1分
\t質量指標\t學員考核合格率\t考核合格學員佔比\t定量\t≥95\t%\t未達標不得分
效益指標\t社會效益指標\t幹部理論水平\t培訓後理論水平變化\t定性\t明顯提升\t\t酌情扣分
滿意度指標\t服務對象滿意度指標\t學員滿意度\t問卷調查\t定量\t≥90\t%\t每低1%扣1分
";

#[test]
fn family_8_traditional_department_table() {
    let r = reading("f8.txt", TRADITIONAL);
    let doc = &r.document;
    assert_eq!(doc.department, "某某縣黨校");
    assert_eq!(doc.year, Some(2023));
    assert_eq!(doc.money_unit, "萬元");
    let Body::Department(t) = &doc.body else { panic!("department table expected") };
    assert_eq!(t.plans.len(), 1);
    assert_eq!(
        rows(doc),
        vec![
            (Some("產出指標"), Some("數量指標"), "培訓班次", Some("≥30")),
            (Some("產出指標"), Some("質量指標"), "學員考核合格率", Some("≥95")),
            (Some("效益指標"), Some("社會效益指標"), "幹部理論水平", Some("明顯提升")),
            (Some("滿意度指標"), Some("服務對象滿意度指標"), "學員滿意度", Some("≥90")),
        ]
    );
    let i = find(doc, "培訓班次");
    assert_eq!((s(&i.nature), s(&i.unit), s(&i.explanation)), (Some("定量"), Some("期"), Some("全年舉辦的培訓班")));
    assert_eq!(s(&i.standard), Some("每少一期扣1分"));
    read_cut("f8.txt", TRADITIONAL, doc);
}

#[test]
fn a_text_without_any_table_is_refused_with_the_reason() {
    let e = read("prose.txt", "某某局工作总结\n今年完成了各项工作任务。\n".as_bytes(), &Options::default())
        .expect_err("no table");
    let m = e.to_string();
    assert!(m.starts_with("prose.txt"), "{m}");
    assert!(m.contains("no indicator header"), "{m}");
}

#[test]
fn explain_names_the_header_mapping() {
    let r = reading("f1.txt", SINGLE);
    let header = r.explain.iter().find(|l| l.starts_with("header at line 3")).expect("header line");
    assert!(header.contains("指标性质 → nature") && header.contains("分值 → weight"), "{header}");
    assert!(r.explain.iter().any(|l| l.starts_with("confidence")), "{:?}", r.explain);
}
