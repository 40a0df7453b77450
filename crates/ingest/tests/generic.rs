//! Layout (f): other published tables of indicator rows under a recognisable
//! header, with cells split by tabs, pipes or wide spaces. Every table here is
//! made up (made-up departments and projects).

use jixiao_core::{Body, Document, Horizon, Indicator};
use jixiao_ingest::readers::generic;
use jixiao_ingest::text::{char_width, Source};
use jixiao_ingest::{detect, parse, Layout};
use proptest::prelude::*;
use rust_decimal::Decimal;


fn read_text(name: &str, text: &str) -> Document {
    match parse(name, text.as_bytes(), None) {
        Ok(d) => d,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn indicators(doc: &Document) -> Vec<&Indicator> {
    doc.indicators()
}

fn s(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

/// A department table with tabs, merged (blank) cells, `1-产出指标` codes and
/// 三级指标解释 / 指标性质 / 指标方向 / 计量单位 / 分值 columns.
const TABS: &str = "\
某某区市场监督管理局2024年部门整体支出绩效目标表\n\
部门名称：某某区市场监督管理局\t\t单位：万元\n\
总体绩效目标：守住食品安全底线，提升市场监管效能。\n\
\n\
一级指标\t二级指标\t三级指标\t三级指标解释\t指标性质\t指标方向\t指标值\t计量单位\t分值\n\
1-产出指标\t11-数量指标\t食品抽检批次\t全年完成食品安全抽样检验的批次\t定量\t正向\t1200\t批次\t20\n\
\t\t特种设备检验数\t全年检验的特种设备台数\t定量\t正向\t300\t台\t10\n\
\t12-质量指标\t抽检任务完成率\t完成抽检数÷计划抽检数\t定量\t正向\t100\t%\t10\n\
2-效益指标\t22-社会效益\t食品安全事故发生数\t辖区内较大食品安全事故\t定量\t反向\t0\t起\t20分\n\
3-满意度指标\t31-服务对象满意度\t群众满意度\t问卷调查\t定性\t正向\t较满意\t\t10\n\
注：指标值以年度考核为准。\n";

#[test]
fn tab_table_with_extra_columns() {
    assert_eq!(detect("t.txt", TABS).expect("a table"), Layout::Generic);
    let doc = read_text("t.txt", TABS);
    assert_eq!(doc.department, "某某区市场监督管理局");
    assert_eq!(doc.year, Some(2024));
    assert_eq!(doc.money_unit, "万元");
    assert_eq!(doc.title.as_deref(), Some("某某区市场监督管理局2024年部门整体支出绩效目标表"));
    let Body::Department(t) = &doc.body else { panic!("department table expected") };
    assert_eq!(t.plans.len(), 1);
    assert_eq!(t.plans[0].horizon, Horizon::Annual);
    assert_eq!(t.plans[0].goal.as_deref(), Some("守住食品安全底线，提升市场监管效能。"));
    let inds = indicators(&doc);
    assert_eq!(inds.len(), 5);
    let i = inds[1];
    assert_eq!(i.name, "特种设备检验数");
    assert_eq!((s(&i.level1_code), s(&i.level1)), (Some("1"), Some("产出指标")));
    assert_eq!((s(&i.level2_code), s(&i.level2)), (Some("11"), Some("数量指标")));
    assert_eq!(s(&i.explanation), Some("全年检验的特种设备台数"));
    assert_eq!((s(&i.nature), s(&i.direction)), (Some("定量"), Some("正向")));
    assert_eq!((s(&i.annual_value), s(&i.unit)), (Some("300"), Some("台")));
    assert_eq!(i.weight, Some(Decimal::from(10)));
    assert_eq!(i.period_value, None);
    assert_eq!(s(&inds[2].level2), Some("质量指标"));
    assert_eq!(s(&inds[2].level1), Some("产出指标"));
    assert_eq!(s(&inds[3].direction), Some("反向"));
    assert_eq!(inds[3].weight, Some(Decimal::from(20)));
    assert_eq!((s(&inds[4].level2_code), s(&inds[4].level2)), (Some("31"), Some("服务对象满意度")));
    assert_eq!(inds[4].unit, None);
}

/// A markdown pipe table of one project: comparator words, a 绩效标准 column of
/// standard kinds, `01-` codes, amounts and goal as labels.
const PIPES: &str = "\
# 2025年某某市图书馆项目支出绩效目标表\n\
\n\
部门名称：某某市图书馆\n\
项目名称：全民阅读推广活动经费\n\
资金总额（万元）：36.50\n\
财政拨款（万元）：30.00\n\
其他资金（万元）：6.50\n\
年度绩效目标：全年组织阅读推广活动，提高市民阅读率。\n\
\n\
| 一级指标 | 二级指标 | 三级指标 | 对比符号 | 指标值 | 计量单位 | 绩效标准 |\n\
|---|---|---|:---:|---|---|---|\n\
| 01-产出指标 | 01-数量指标 | 举办阅读分享会 | 大于等于 | 24 | 场 | 计划标准 |\n\
|  |  | 新增馆藏图书 | 大于等于 | 5000 | 册 | 历史标准 |\n\
|  | 02-质量指标 | 活动参与率 | 大于等于 | 85 | % | 行业标准 |\n\
| 02-效益指标 | 02-社会效益 | 市民阅读率 | 提高 |  |  | 计划标准 |\n\
| 03-满意度指标 | 01-服务对象满意度 | 读者满意度 | 大于等于 | 90 | % | 行业标准 |\n";

#[test]
fn markdown_pipe_table_of_one_project() {
    assert_eq!(detect("p.md", PIPES).expect("a table"), Layout::Generic);
    let doc = read_text("p.md", PIPES);
    assert_eq!(doc.department, "某某市图书馆");
    assert_eq!(doc.year, Some(2025));
    assert_eq!(doc.title.as_deref(), Some("2025年某某市图书馆项目支出绩效目标表"));
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    assert_eq!(t.units.len(), 1);
    assert_eq!(t.units[0].name, "某某市图书馆");
    assert_eq!(t.units[0].projects.len(), 1);
    let p = &t.units[0].projects[0];
    assert_eq!(p.name, "全民阅读推广活动经费");
    assert_eq!(p.goal.as_deref(), Some("全年组织阅读推广活动，提高市民阅读率。"));
    assert_eq!(p.amounts.total, Some(Decimal::new(3650, 2)));
    assert_eq!(p.amounts.fiscal, Some(Decimal::from(30)));
    assert_eq!(p.amounts.other, Some(Decimal::new(650, 2)));
    assert_eq!(p.amounts.special_account, None);
    assert_eq!(p.indicators.len(), 5);
    let i = &p.indicators[1];
    assert_eq!(i.name, "新增馆藏图书");
    assert_eq!((s(&i.level1_code), s(&i.level1)), (Some("01"), Some("产出指标")));
    assert_eq!((s(&i.level2_code), s(&i.level2)), (Some("01"), Some("数量指标")));
    assert_eq!(s(&i.comparator), Some("大于等于"));
    assert_eq!((s(&i.annual_value), s(&i.unit)), (Some("5000"), Some("册")));
    assert_eq!(s(&i.standard), Some("历史标准"));
    let j = &p.indicators[3];
    assert_eq!(s(&j.comparator), Some("提高"));
    assert_eq!(j.annual_value, None);
    assert_eq!(s(&j.level2), Some("社会效益"));
}

/// An ASCII table (`+---+` rules) of several projects named in a 项目名称 column,
/// with a 绩效标准 column holding the values themselves.
const ASCII: &str = "\
某某镇人民政府2026年项目支出绩效目标表\n\
单位：万元\n\
+--------------+------------+----------------+----------------+----------------+\n\
| 项目名称     | 一级指标   | 二级指标       | 三级指标       | 绩效标准       |\n\
+--------------+------------+----------------+----------------+----------------+\n\
| 村道养护项目 | 产出指标   | 数量指标       | 养护里程       | 不少于25公里   |\n\
|              |            | 时效指标       | 完成时间       | 2026年10月底前 |\n\
|              | 效益指标   | 社会效益       | 群众出行条件   | 明显改善       |\n\
| 河道保洁项目 | 产出指标   | 质量指标       | 河面保洁率     | ≥95%           |\n\
|              | 满意度指标 | 服务对象满意度 | 沿河群众满意度 | 不低于90%      |\n\
+--------------+------------+----------------+----------------+----------------+\n";

#[test]
fn ascii_table_of_several_projects() {
    assert_eq!(detect("a.txt", ASCII).expect("a table"), Layout::Generic);
    let doc = read_text("a.txt", ASCII);
    assert_eq!(doc.department, "某某镇人民政府");
    assert_eq!(doc.year, Some(2026));
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    let names: Vec<&str> = t.units[0].projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["村道养护项目", "河道保洁项目"]);
    let first = &t.units[0].projects[0].indicators;
    assert_eq!(first.len(), 3);
    assert_eq!(s(&first[1].annual_value), Some("2026年10月底前"));
    assert_eq!(first[1].standard, None);
    assert_eq!(s(&first[1].level1), Some("产出指标"));
    assert_eq!(s(&first[1].level2), Some("时效指标"));
    assert_eq!(first[1].level1_code, None);
    let second = &t.units[0].projects[1].indicators;
    assert_eq!(second.len(), 2);
    assert_eq!(s(&second[1].level1), Some("满意度指标"));
    assert_eq!(s(&second[1].annual_value), Some("不低于90%"));
}

/// Pads cells to fixed columns, counting either characters or display width.
fn aligned(rows: &[&[&str]], stops: &[usize], by_width: bool) -> String {
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        let mut at = 0usize;
        for (cell, stop) in row.iter().zip(stops) {
            if cell.is_empty() {
                continue;
            }
            while at < *stop {
                line.push(' ');
                at += 1;
            }
            line.push_str(cell);
            at += if by_width { cell.chars().map(char_width).sum() } else { cell.chars().count() };
            line.push_str("  ");
            at += 2;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn spaced(by_width: bool) -> String {
    let head = "某某县农业技术推广站2025年部门整体绩效目标表\n部门名称：某某县农业技术推广站    单位：万元\n年度绩效目标：完成全县主要农作物技术推广任务。\n\n";
    let rows: &[&[&str]] = &[
        &["序号", "一级指标", "二级指标", "三级指标", "实施期指标值", "年度指标值", "指标方向"],
        &["1", "1 产出指标", "11 数量指标", "举办技术培训班", "≥40期", "≥10期", "正向"],
        &["2", "", "", "建设示范基地", "8个", "2个", "正向"],
        &["3", "", "12 质量指标", "培训合格率", "≥95%", "≥95%", "正向"],
        &["4", "2 效益指标", "22 社会效益", "农户技术应用率", "明显提高", "提高5%", "正向"],
        &["5", "3 满意度指标", "31 服务对象满意度", "受训农户满意度", "≥90%", "≥90%", "正向"],
    ];
    let stops = if by_width { [0, 6, 22, 44, 62, 78, 92] } else { [0, 4, 14, 28, 40, 50, 58] };
    format!("{head}{}\n注：本表由推广站填报。\n", aligned(rows, &stops, by_width))
}

#[test]
fn wide_space_table_with_merged_cells() {
    for by_width in [false, true] {
        let text = spaced(by_width);
        assert_eq!(detect("s.txt", &text).expect("a table"), Layout::Generic, "{text}");
        let doc = read_text("s.txt", &text);
        assert_eq!(doc.department, "某某县农业技术推广站", "{text}");
        let Body::Department(t) = &doc.body else { panic!("department table expected") };
        assert_eq!(t.plans[0].goal.as_deref(), Some("完成全县主要农作物技术推广任务。"));
        let inds = indicators(&doc);
        assert_eq!(inds.len(), 5, "{text}");
        let i = inds[1];
        assert_eq!(i.seq, Some(2));
        assert_eq!(i.name, "建设示范基地", "{text}");
        assert_eq!((s(&i.level1_code), s(&i.level1)), (Some("1"), Some("产出指标")));
        assert_eq!((s(&i.level2_code), s(&i.level2)), (Some("11"), Some("数量指标")));
        assert_eq!((s(&i.period_value), s(&i.annual_value)), (Some("8个"), Some("2个")));
        assert_eq!(s(&i.direction), Some("正向"));
        assert_eq!(s(&inds[2].level2), Some("质量指标"));
        assert_eq!(s(&inds[2].level1), Some("产出指标"));
        assert_eq!((s(&inds[4].level2_code), s(&inds[4].level2)), (Some("31"), Some("服务对象满意度")));
        assert_eq!(s(&inds[4].annual_value), Some("≥90%"));
    }
}

/// A tab table of one project named by a label cell, with 实施周期 / 年度 columns,
/// a comparator column in words and a wrapped row continuing the one above.
const TAB_PROJECT: &str = "\
项目支出绩效目标申报表（2023年度）\n\
项目名称\t社区养老服务补贴\t\t\t\n\
主管部门\t某某区民政局\t\t\t\n\
绩效目标\t为辖区高龄老人提供居家养老服务。\t\t\t\n\
一级指标\t二级指标\t三级指标\t对比符号\t实施周期指标值\t年度指标值\n\
产出指标\t数量指标\t服务老人人数\t不少于\t3000人\t1000人\n\
\t\t\t\t\t（含失能老人）\n\
\t时效指标\t补贴发放及时率\t等于\t100%\t100%\n\
满意度指标\t服务对象满意度\t老人满意度\t小于等于\t\t95%\n";

#[test]
fn tab_table_of_one_labelled_project() {
    assert_eq!(detect("tp.txt", TAB_PROJECT).expect("a table"), Layout::Generic);
    let doc = read_text("tp.txt", TAB_PROJECT);
    assert_eq!(doc.department, "某某区民政局");
    assert_eq!(doc.year, Some(2023));
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    assert_eq!(t.units[0].name, "某某区民政局");
    let p = &t.units[0].projects[0];
    assert_eq!(p.name, "社区养老服务补贴");
    assert_eq!(p.goal.as_deref(), Some("为辖区高龄老人提供居家养老服务。"));
    assert_eq!(p.indicators.len(), 3);
    assert_eq!(s(&p.indicators[0].annual_value), Some("1000人（含失能老人）"));
    assert_eq!(s(&p.indicators[0].comparator), Some("不少于"));
    assert_eq!(s(&p.indicators[0].period_value), Some("3000人"));
    assert_eq!(s(&p.indicators[2].comparator), Some("小于等于"));
    assert_eq!(p.indicators[2].period_value, None);
    assert_eq!(s(&p.indicators[1].level1), Some("产出指标"));
}

fn read_err(text: &str) -> jixiao_ingest::ReadError {
    match generic::read(&Source::new("bad.txt", text)) {
        Ok(d) => panic!("expected an error, got {}", d.to_json_pretty()),
        Err(e) => e,
    }
}

#[test]
fn malformed_tables_are_errors() {
    // Header only.
    let e = read_err("部门名称：某某局\n一级指标\t二级指标\t三级指标\t指标值\n");
    assert_eq!(e.line, Some(2));
    let e = read_err("| 三级指标 | 指标值 |\n|---|---|\n");
    assert_eq!(e.line, Some(1));
    // A continuation row with nothing above it.
    let e = read_err("一级指标\t二级指标\t三级指标\t指标值\n\t\t\t100%\n");
    assert_eq!(e.line, Some(2));
    // No header.
    read_err("某某局\n产出指标 数量指标 次数 3次\n");
    // Binary junk.
    assert!(parse("junk.bin", &[0x00, 0x9f, 0x92, 0x96, 0xff], Some(Layout::Generic)).is_err());
    read_err("\u{2}\u{3}|||\t\t\u{7f}\n--|--\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,300}") {
        let _ = generic::read(&Source::new("g.txt", &s));
    }

    #[test]
    fn never_panics_on_cut_tables(cut in 0usize..1200, pick in 0usize..4, extra in "[ \\t|三级指标值0-9\\-]{0,24}") {
        let spaced_text = spaced(true);
        let base = [TABS, PIPES, ASCII, spaced_text.as_str()][pick];
        let text: String = base.chars().take(cut).collect::<String>() + &extra;
        let _ = generic::read(&Source::new("g.txt", &text));
    }
}

#[test]
fn detection_of_the_seeds_is_unchanged() {
    let want = [
        ("000_7122d1e3cccd7ab4", Layout::ProjectText),
        ("001_188fc333b3979449", Layout::ProjectTsv),
        ("002_be24f91d7f1b64fe", Layout::DepartmentTsv),
        ("003_c15dcf59fcd3555d", Layout::DepartmentText),
        ("004_f279a30efbf689d3", Layout::DepartmentColumns),
    ];
    for (stem, layout) in want {
        let Some(text) = jixiao_fixtures::text(&format!("seeds/{stem}.txt")) else { continue };
        assert_eq!(detect(stem, &text).expect("a table"), layout, "{stem}");
    }
}

/// A wide tab table: each project's amounts and goal printed once (merged
/// cells) beside its indicator rows.
const WIDE_PROJECTS: &str = "\
某某街道办事处2024年项目支出绩效目标表\n\
部门名称：某某街道办事处\t\t\t\t单位：元\n\
项目名称\t资金总额\t财政拨款\t其他资金\t绩效目标\t一级指标\t二级指标\t三级指标\t指标值\t分值\n\
社区微改造项目\t1,200,000.00\t1,000,000.00\t200,000.00\t完成三个社区的公共空间改造。\t产出指标\t数量指标\t改造社区数\t3个\t30\n\
\t\t\t\t\t\t质量指标\t验收合格率\t100%\t30\n\
\t\t\t\t\t满意度指标\t服务对象满意度\t居民满意度\t≥85%\t40\n\
垃圾分类宣传项目\t50,000.00\t50,000.00\t\t提高居民垃圾分类知晓率。\t效益指标\t社会效益\t分类知晓率\t≥90%\t100\n";

#[test]
fn wide_table_with_project_amounts_and_goals() {
    assert_eq!(detect("w.txt", WIDE_PROJECTS).expect("a table"), Layout::Generic);
    let doc = read_text("w.txt", WIDE_PROJECTS);
    assert_eq!(doc.money_unit, "元");
    let Body::Project(t) = &doc.body else { panic!("project table expected") };
    let ps = &t.units[0].projects;
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[0].name, "社区微改造项目");
    assert_eq!(ps[0].amounts.total, Some(Decimal::from(1_200_000)));
    assert_eq!(ps[0].amounts.other, Some(Decimal::from(200_000)));
    assert_eq!(ps[0].goal.as_deref(), Some("完成三个社区的公共空间改造。"));
    assert_eq!(ps[0].indicators.len(), 3);
    assert_eq!(s(&ps[0].indicators[2].level1), Some("满意度指标"));
    assert_eq!(ps[0].indicators[2].weight, Some(Decimal::from(40)));
    assert_eq!(ps[1].amounts.other, None);
    assert_eq!(ps[1].goal.as_deref(), Some("提高居民垃圾分类知晓率。"));
    assert_eq!(ps[1].indicators.len(), 1);
}

#[test]
fn wrapped_cells_of_a_drawn_table_are_joined() {
    let text = "\
某某司法所2024年部门整体支出绩效目标表\n\
部门名称：某某司法所\n\
| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n\
|---|---|---|---|\n\
| 产出指标 | 数量指标 | 为群众提供法律咨询和法治宣传 | 不少于40小时 |\n\
|  |  | 讲座时数 |  |\n\
|  | 质量指标 | 调解成功率 | ≥95% |\n";
    let doc = read_text("w.md", text);
    let inds = indicators(&doc);
    assert_eq!(inds.len(), 2);
    assert_eq!(inds[0].name, "为群众提供法律咨询和法治宣传讲座时数");
    assert_eq!(s(&inds[0].annual_value), Some("不少于40小时"));
    assert_eq!(inds[1].name, "调解成功率");
    assert_eq!(s(&inds[1].level2), Some("质量指标"));
}
