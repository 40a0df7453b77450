//! Tests of the department-text layout reader (e): the published seed against
//! its hand-checked answer, made-up tables of the same layout, paragraphs
//! re-broken at another width, and broken input.

use jixiao_ingest::readers::department_text;
use jixiao_ingest::text::Source;
use jixiao_ingest::Layout;
use serde_json::Value;
use std::collections::HashMap;

mod support;

const SEED: &str = "003_c15dcf59fcd3555d";

// ---------------------------------------------------------------- fixtures

/// The seed text and its truth (see `support::fixture`).
fn fixture() -> Option<(String, Value)> {
    support::fixture(SEED)
}

fn parse(name: &str, text: &str) -> Value {
    let src = Source::new(name, text);
    department_text::read(&src).unwrap_or_else(|e| panic!("{name}: {e:?}")).to_json()
}

// ---------------------------------------------------------------- facts, as the scorer counts them

fn norm(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Number(n) => format!("{:.4}", n.as_f64().unwrap_or(0.0)),
        Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

fn facts(doc: &Value) -> HashMap<String, usize> {
    let mut out: Vec<String> = Vec::new();
    let g = |v: &Value, k: &str| norm(v.get(k).unwrap_or(&Value::Null));
    for k in ["kind", "department", "year", "money_unit"] {
        out.push(format!("doc|{k}|{}", g(doc, k)));
    }
    let ind = |scope: &str, i: &Value| {
        let keys = [
            "seq", "level1_code", "level1", "level2_code", "level2", "name", "explanation", "period_value",
            "annual_value", "comparator", "unit", "nature", "direction", "weight", "standard",
        ];
        format!("indicator|{scope}|{}", keys.iter().map(|k| g(i, k)).collect::<Vec<_>>().join("|"))
    };
    let empty = Vec::new();
    for f in doc["figures"].as_array().unwrap_or(&empty) {
        out.push(format!("figure|{}|{}", g(f, "label"), g(f, "value")));
    }
    out.push(format!("functions|{}", g(doc, "functions")));
    for p in doc["plans"].as_array().unwrap_or(&empty) {
        let h = g(p, "horizon");
        out.push(format!("plan|{h}|{}", g(p, "goal")));
        for i in p["indicators"].as_array().unwrap_or(&empty) {
            out.push(ind(&format!("{h}|null"), i));
        }
        for t in p["tasks"].as_array().unwrap_or(&empty) {
            let tn = g(t, "name");
            out.push(format!(
                "task|{h}|{}|{tn}|{}|{}|{}",
                g(t, "group"),
                g(t, "content"),
                g(t, "goal"),
                g(t, "amount")
            ));
            for i in t["indicators"].as_array().unwrap_or(&empty) {
                out.push(ind(&format!("{h}|{tn}"), i));
            }
            for pr in t["projects"].as_array().unwrap_or(&empty) {
                out.push(format!("task_project|{h}|{tn}|{}", norm(pr)));
            }
        }
    }
    let mut m = HashMap::new();
    for f in out {
        *m.entry(f).or_insert(0) += 1;
    }
    m
}

/// F1 of the facts of `got` against `want`, with the missing and extra facts.
fn score(want: &Value, got: &Value) -> (f64, Vec<String>, Vec<String>) {
    let (w, g) = (facts(want), facts(got));
    let mut tp = 0;
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    for (f, &n) in &w {
        let k = g.get(f).copied().unwrap_or(0);
        tp += n.min(k);
        if n > k {
            missing.push(f.clone());
        }
    }
    for (f, &n) in &g {
        if n > w.get(f).copied().unwrap_or(0) {
            extra.push(f.clone());
        }
    }
    let (nw, ng): (usize, usize) = (w.values().sum(), g.values().sum());
    let p = if ng == 0 { 0.0 } else { tp as f64 / ng as f64 };
    let r = if nw == 0 { 0.0 } else { tp as f64 / nw as f64 };
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (f1, missing, extra)
}

// ---------------------------------------------------------------- (1) the seed

#[test]
fn seed_is_detected_as_department_text() {
    let Some((text, _)) = fixture() else { return };
    assert_eq!(jixiao_ingest::detect(SEED, &text).ok(), Some(Layout::DepartmentText));
}

#[test]
fn seed_matches_truth() {
    let Some((text, truth)) = fixture() else { return };
    let got = parse(&format!("{SEED}.txt"), &text);
    let (f1, missing, extra) = score(&truth, &got);
    eprintln!("F1 {f1:.3}\nmissing: {missing:#?}\nextra: {extra:#?}");
    assert!(f1 >= 0.95, "F1 {f1:.3} below 0.95");
}

// ---------------------------------------------------------------- made-up tables

/// Breaks a text into lines of at most `w` display columns (CJK counts 2),
/// as a PDF column of that width would.
fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cw = 0;
    for c in s.chars() {
        let cwid = if c.is_ascii() { 1 } else { 2 };
        if cw + cwid > w && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cw = 0;
        }
        cur.push(c);
        cw += cwid;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Column widths of the layout (display columns).
const NAME: usize = 28;
const VALUE: usize = 30;
const TASK: usize = 20;
const PROJECT: usize = 22;
const GOAL: usize = 38;
const KI_VALUE: usize = 54;

#[derive(Default)]
struct Text(String);

impl Text {
    fn line(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self.0.push('\n');
        self
    }
    fn blank(&mut self) -> &mut Self {
        self.0.push('\n');
        self
    }
    /// A cell of a column, set apart by a blank line.
    fn cell(&mut self, s: &str, w: usize) -> &mut Self {
        self.blank();
        for l in wrap(s, w) {
            self.line(&l);
        }
        self
    }
    /// A goal paragraph, its first line indented or not.
    fn para(&mut self, s: &str, indented: bool) -> &mut Self {
        self.blank();
        let first_w = if indented { GOAL - 4 } else { GOAL };
        let head: String = wrap(s, first_w).into_iter().next().unwrap_or_default();
        let rest: String = s.chars().skip(head.chars().count()).collect();
        self.line(&format!("{}{}", if indented { "    " } else { "" }, head));
        for l in wrap(&rest, GOAL) {
            self.line(&l);
        }
        self
    }
    /// A row printed as `name value` on one line.
    fn row(&mut self, name: &str, value: &str) -> &mut Self {
        self.blank().line(&format!("{name} {value}"))
    }
    /// A row printed as separate name and value cells.
    fn row2(&mut self, name: &str, value: &str) -> &mut Self {
        self.cell(name, NAME).cell(value, VALUE)
    }
    fn task_header(&mut self, first: &str, goal_col: &str) -> &mut Self {
        self.blank()
            .line(first)
            .line("（对应任务、政策）")
            .blank()
            .line(goal_col)
            .line("任务（政策）关键性指标（产出")
            .blank()
            .line("、效益、公众满意度方面）")
            .line("绩效标准（指标解释及预期实现")
            .blank()
            .line("值）")
            .line("主要实施项目（项目名")
            .blank()
            .line("称）")
    }
}

/// A summary of a document: one line per fact that matters here.
fn summary(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let s = |v: &Value| v.as_str().unwrap_or("null").to_string();
    out.push(format!("doc {} {} {} {}", s(&doc["department"]), doc["year"], s(&doc["money_unit"]), s(&doc["title"])));
    for f in doc["figures"].as_array().into_iter().flatten() {
        out.push(format!("figure {} {}", s(&f["label"]), f["value"]));
    }
    out.push(format!("functions {}", s(&doc["functions"])));
    for p in doc["plans"].as_array().into_iter().flatten() {
        let h = s(&p["horizon"]);
        out.push(format!("{h} goal {}", s(&p["goal"])));
        for i in p["indicators"].as_array().into_iter().flatten() {
            out.push(format!("{h} ki {} = {}", s(&i["name"]), s(&i["annual_value"])));
        }
        for t in p["tasks"].as_array().into_iter().flatten() {
            out.push(format!("{h} task {} / {}", s(&t["name"]), s(&t["goal"])));
            for i in t["indicators"].as_array().into_iter().flatten() {
                out.push(format!("{h}   ind {} = {}", s(&i["name"]), s(&i["annual_value"])));
            }
            for pr in t["projects"].as_array().into_iter().flatten() {
                out.push(format!("{h}   project {}", s(pr)));
            }
        }
    }
    out
}

fn assert_summary(got: &Value, want: &[&str]) {
    let got = summary(got);
    let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    if got != want {
        let g = got.join("\n");
        let w = want.join("\n");
        panic!("summary differs\n--- got\n{g}\n--- want\n{w}");
    }
}

/// Made-up table A: a parks bureau, 2023, two pages; three annual tasks (one
/// printed whole as a single row), two three-year tasks; the three-year
/// projects come after the goals.
fn table_a() -> String {
    let title = "2023年部门整体绩效目标表";
    let t1 = "提升公园绿地养护水平";
    let g1 = "加强全区公园绿地日常养护管理，落实养护质量考核，保持公园绿地整洁美观，提升公园绿地养护的精细化水平。";
    let t2 = "加强古树名木保护管理";
    let g2 = "开展古树名木普查建档和健康巡查，落实古树名木日常养护责任，及时救治衰弱古树，确保古树名木得到有效保护。";
    let t3 = "推进行道树修剪工作";
    let g3 = "按季度开展行道树修剪，消除树木安全隐患，保障道路通行安全。";
    let pg = "围绕建设美丽城区的目标，统筹推进公园绿地养护、古树名木保护和行道树管理，不断提升城市园林绿化质量，为市民提供优美宜居的生态环境。";
    let m1 = "持续提升公园绿地养护水平";
    let mg1 = "建立公园绿地养护长效机制，逐年提高养护质量考核优良率，打造一批精品公园。";
    let m2 = "完善古树名木保护体系";
    let mg2 = "完成古树名木保护信息系统建设，实现古树名木动态监测，保护率保持在较高水平。";
    let mpg = "用三年时间建成布局合理、养护精细、管理规范的园林绿化体系，全面提升城市生态品质和市民获得感。";
    let mut t = Text::default();
    t.blank()
        .line("总额（万元）")
        .blank()
        .line("1. 财政拨款收入")
        .blank()
        .line("其中：一般公共预算")
        .blank()
        .line("      政府性基金预算")
        .blank()
        .line("2.其他收入")
        .blank()
        .line("部门整体支出目标 关键指标")
        .cell("公园绿地养护面积", NAME)
        .cell("全区行道树修剪及安全隐患排查完成率", NAME)
        .cell("古树名木保护率", NAME)
        .cell("市民对公园绿地服务的满意度", NAME)
        .task_header("年度主要支出计划", "任务（政策）的绩效目标")
        .row2("公园绿地养护面积", "≥120万平方米")
        .row("养护质量月度考核次数", "12次")
        .row("古树名木巡查次数", "≥4次")
        .row2("古树名木保护率", "100%")
        .row("衰弱古树救治数量", "5株")
        .cell(t3, TASK)
        .para(g3, true)
        .row("行道树修剪完成率", "100%")
        .cell("行道树修剪经费", PROJECT)
        .blank()
        .line(title)
        .blank()
        .line("部门名称: 东湖区园林绿化局")
        .blank()
        .line("部门职能")
        .line("概述:")
        .blank()
        .line("   东湖区园林绿化局负责全区公园绿地、古树名木和行道树的管理。主要职责包括：")
        .line("   1.拟订园林绿化规划并组织实施；2.负责公园绿地养护管理；3.负责古树名木保护。")
        .blank()
        .line("1,200.50")
        .blank()
        .line("1,200.50")
        .blank()
        .line("1,000.00")
        .blank()
        .line("200.50")
        .blank()
        .line("0.00")
        .blank()
        .line("预期实现值")
        .cell("≥120万平方米", KI_VALUE)
        .cell("行道树修剪完成率100%，发现的安全隐患全部在规定时限内整改完毕", KI_VALUE)
        .cell("100%", KI_VALUE)
        .cell("≥90%", KI_VALUE)
        .cell("公园绿地养护经费、园林绿化考核经费", PROJECT)
        .cell("古树名木保护经费", PROJECT)
        .blank()
        .line("本年")
        .blank()
        .line("本年度部门预算收入")
        .blank()
        .line("年度目标")
        .cell(t1, TASK)
        .cell(t2, TASK)
        .para(pg, false)
        .para(g1, true)
        .para(g2, true);
    t.line(&format!(" {title}"))
        .blank()
        .line("部门整体支出目标 关键指标")
        .cell("公园绿地养护质量考核优良率", NAME)
        .cell("古树名木保护率（年均）", NAME)
        .blank()
        .line("预期实现值")
        .cell("≥95%", KI_VALUE)
        .cell("100%", KI_VALUE)
        .task_header("三年期主要支出计划", "任务的绩效目标")
        .row2("公园绿地养护质量考核优良率", "≥95%")
        .row("精品公园建设数量", "3个")
        .row("古树名木动态监测覆盖率", "100%")
        .row2("古树名木保护率（年均）", "100%")
        .blank()
        .line("三年")
        .line("期")
        .blank()
        .line("三年期目标")
        .cell(m1, TASK)
        .cell(m2, TASK)
        .para(mpg, true)
        .para(mg1, true)
        .para(mg2, true)
        .cell("公园绿地养护经费", PROJECT)
        .cell("古树名木保护经费、古树名木信息系统建设经费", PROJECT);
    t.0
}

#[test]
fn made_up_table_a() {
    let doc = parse("a.txt", &table_a());
    assert_summary(
        &doc,
        &[
            "doc 东湖区园林绿化局 2023 万元 2023年部门整体绩效目标表",
            "figure 总额 1200.5",
            "figure 财政拨款收入 1200.5",
            "figure 一般公共预算 1000.0",
            "figure 政府性基金预算 200.5",
            "figure 其他收入 0.0",
            "functions 东湖区园林绿化局负责全区公园绿地、古树名木和行道树的管理。主要职责包括：1.拟订园林绿化规划并组织实施；2.负责公园绿地养护管理；3.负责古树名木保护。",
            "annual goal 围绕建设美丽城区的目标，统筹推进公园绿地养护、古树名木保护和行道树管理，不断提升城市园林绿化质量，为市民提供优美宜居的生态环境。",
            "annual ki 公园绿地养护面积 = ≥120万平方米",
            "annual ki 全区行道树修剪及安全隐患排查完成率 = 行道树修剪完成率100%，发现的安全隐患全部在规定时限内整改完毕",
            "annual ki 古树名木保护率 = 100%",
            "annual ki 市民对公园绿地服务的满意度 = ≥90%",
            "annual task 提升公园绿地养护水平 / 加强全区公园绿地日常养护管理，落实养护质量考核，保持公园绿地整洁美观，提升公园绿地养护的精细化水平。",
            "annual   ind 公园绿地养护面积 = ≥120万平方米",
            "annual   ind 养护质量月度考核次数 = 12次",
            "annual   project 公园绿地养护经费",
            "annual   project 园林绿化考核经费",
            "annual task 加强古树名木保护管理 / 开展古树名木普查建档和健康巡查，落实古树名木日常养护责任，及时救治衰弱古树，确保古树名木得到有效保护。",
            "annual   ind 古树名木巡查次数 = ≥4次",
            "annual   ind 古树名木保护率 = 100%",
            "annual   ind 衰弱古树救治数量 = 5株",
            "annual   project 古树名木保护经费",
            "annual task 推进行道树修剪工作 / 按季度开展行道树修剪，消除树木安全隐患，保障道路通行安全。",
            "annual   ind 行道树修剪完成率 = 100%",
            "annual   project 行道树修剪经费",
            "multi_year goal 用三年时间建成布局合理、养护精细、管理规范的园林绿化体系，全面提升城市生态品质和市民获得感。",
            "multi_year ki 公园绿地养护质量考核优良率 = ≥95%",
            "multi_year ki 古树名木保护率（年均） = 100%",
            "multi_year task 持续提升公园绿地养护水平 / 建立公园绿地养护长效机制，逐年提高养护质量考核优良率，打造一批精品公园。",
            "multi_year   ind 公园绿地养护质量考核优良率 = ≥95%",
            "multi_year   ind 精品公园建设数量 = 3个",
            "multi_year   project 公园绿地养护经费",
            "multi_year task 完善古树名木保护体系 / 完成古树名木保护信息系统建设，实现古树名木动态监测，保护率保持在较高水平。",
            "multi_year   ind 古树名木动态监测覆盖率 = 100%",
            "multi_year   ind 古树名木保护率（年均） = 100%",
            "multi_year   project 古树名木保护经费",
            "multi_year   project 古树名木信息系统建设经费",
        ],
    );
}

/// Made-up table B: a culture and sports bureau, 2021, annual plan only;
/// a key-indicator value printed away from the others; the last task's rows
/// run over the page break and its merged cells are printed again after 备注.
fn table_b() -> String {
    let title = "2021年部门整体绩效目标表";
    let t1 = "推进公共文化场馆免费开放";
    let g1 = "落实公共文化场馆免费开放政策，延长图书馆、文化馆开放时间，提升场馆服务水平和群众满意度。";
    let t2 = "广泛开展全民健身活动";
    let g2 = "组织开展全民健身赛事，做好健身路径等体育设施的维护管理，方便群众就近健身。";
    let t3 = "丰富群众文化生活";
    let g3 = "开展文化惠民演出和送戏下乡，组织群众文艺培训，满足群众多样化的文化需求。";
    let pg = "坚持以人民为中心，统筹推进公共文化服务和全民健身事业发展，不断满足人民群众日益增长的精神文化和健身需求。";
    let p1 = "公共文化场馆免费开放经费、图书购置经费";
    let p2 = "全民健身活动经费、体育设施维护经费";
    let p3 = "文化惠民演出经费（县、镇两级）";
    let mut t = Text::default();
    t.line("总额（万元）")
        .blank()
        .line("1. 财政拨款收入")
        .blank()
        .line("2.事业收入")
        .blank()
        .line("部门整体支出目标 关键指标")
        .cell("公共文化场馆免费开放天数", NAME)
        .cell("全民健身活动举办场次", NAME)
        .cell("文化惠民演出场次", NAME)
        .task_header("年度主要支出计划", "任务（政策）的绩效目标")
        .row("公共文化场馆免费开放天数", "≥300天")
        .row2("图书馆图书外借册次", "≥5万册次")
        .row("场馆服务群众满意度", "≥90%")
        .row("全民健身活动举办场次", "≥20场")
        .row2("健身路径维护点位数量", "30个")
        .row("文化惠民演出场次", "≥50场")
        .blank()
        .line(title)
        .blank()
        .line("部门名称：南湖县文化体育局")
        .blank()
        .line("部门职能概述:")
        .blank()
        .line("   负责全县公共文化服务、群众体育和文物保护工作。")
        .blank()
        .line("850.00")
        .blank()
        .line("800.00")
        .blank()
        .line("50.00")
        .blank()
        .line("预期实现值")
        .cell("≥300天", KI_VALUE)
        .cell("≥20场", KI_VALUE)
        .cell(p1, PROJECT)
        .cell(p2, PROJECT)
        .cell(p3, PROJECT)
        .blank()
        .line("本年")
        .blank()
        .line("本年度部门预算收入")
        .blank()
        .line("年度目标")
        .cell(t1, TASK)
        .cell(t2, TASK)
        .cell(t3, TASK)
        .para(pg, false)
        .para(g1, true)
        .para(g2, true)
        .para(g3, true)
        .cell("≥50场", KI_VALUE);
    t.line(&format!(" {title}"))
        .row2("送戏下乡场次", "≥12场")
        .row("群众文艺培训人次", "≥1000人次")
        .blank()
        .line("其他需")
        .line("要说明")
        .line("的情况")
        .blank()
        .line("备注：")
        .cell(t3, TASK)
        .para(g3, false)
        .cell(p3, PROJECT)
        .blank()
        .line("本表所列关键性指标与项目并非一一对应，关键性指标与任务的绩效目标相对应，特此说明。");
    t.0
}

#[test]
fn made_up_table_b() {
    let doc = parse("b.txt", &table_b());
    assert_summary(
        &doc,
        &[
            "doc 南湖县文化体育局 2021 万元 2021年部门整体绩效目标表",
            "figure 总额 850.0",
            "figure 财政拨款收入 800.0",
            "figure 事业收入 50.0",
            "functions 负责全县公共文化服务、群众体育和文物保护工作。",
            "annual goal 坚持以人民为中心，统筹推进公共文化服务和全民健身事业发展，不断满足人民群众日益增长的精神文化和健身需求。",
            "annual ki 公共文化场馆免费开放天数 = ≥300天",
            "annual ki 全民健身活动举办场次 = ≥20场",
            "annual ki 文化惠民演出场次 = ≥50场",
            "annual task 推进公共文化场馆免费开放 / 落实公共文化场馆免费开放政策，延长图书馆、文化馆开放时间，提升场馆服务水平和群众满意度。",
            "annual   ind 公共文化场馆免费开放天数 = ≥300天",
            "annual   ind 图书馆图书外借册次 = ≥5万册次",
            "annual   ind 场馆服务群众满意度 = ≥90%",
            "annual   project 公共文化场馆免费开放经费",
            "annual   project 图书购置经费",
            "annual task 广泛开展全民健身活动 / 组织开展全民健身赛事，做好健身路径等体育设施的维护管理，方便群众就近健身。",
            "annual   ind 全民健身活动举办场次 = ≥20场",
            "annual   ind 健身路径维护点位数量 = 30个",
            "annual   project 全民健身活动经费",
            "annual   project 体育设施维护经费",
            "annual task 丰富群众文化生活 / 开展文化惠民演出和送戏下乡，组织群众文艺培训，满足群众多样化的文化需求。",
            "annual   ind 文化惠民演出场次 = ≥50场",
            "annual   ind 送戏下乡场次 = ≥12场",
            "annual   ind 群众文艺培训人次 = ≥1000人次",
            "annual   project 文化惠民演出经费（县、镇两级）",
        ],
    );
}

/// Pages may be marked by form feeds instead of a repeated title.
#[test]
fn form_feeds_break_pages() {
    let b = table_b();
    let ff = b.replace(" 2021年部门整体绩效目标表\n", "\u{c}");
    assert_ne!(ff, b);
    let (f1, missing, extra) = score(&parse("b.txt", &b), &parse("b.txt", &ff));
    assert!(f1 == 1.0, "F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
    // both at once make one break
    let both = b.replace(" 2021年部门整体绩效目标表\n", "\u{c} 2021年部门整体绩效目标表\n");
    let (f1, _, _) = score(&parse("b.txt", &b), &parse("b.txt", &both));
    assert!(f1 == 1.0, "F1 {f1:.3}");
}

#[test]
fn made_up_tables_are_detected() {
    for (name, text) in [("a.txt", table_a()), ("b.txt", table_b())] {
        assert_eq!(jixiao_ingest::detect(name, &text).ok(), Some(Layout::DepartmentText), "{name}");
    }
}

// ---------------------------------------------------------------- (3) re-flow

/// Re-breaks every goal paragraph of a text (blocks of three or more lines
/// that fill 32–44 columns, or whose first line is indented) at `w` columns,
/// keeping a first-line indent.
fn reflow(text: &str, w: usize) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let width = |s: &str| s.trim().chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && !lines[j].trim().is_empty() && !(j > i && lines[j].contains("绩效目标表")) {
            j += 1;
        }
        let block = &lines[i..j];
        let indented = block.first().is_some_and(|l| l.starts_with("    "));
        let filled = block.len() >= 3 && block[..block.len() - 1].iter().all(|l| (32..=44).contains(&width(l)));
        let no_pairs = block.iter().all(|l| !l.trim().contains(' ') || l.contains(" 、"));
        if ((block.len() >= 2 && indented) || filled) && no_pairs {
            let joined: String = block.iter().map(|l| l.trim()).collect();
            let first_w = if indented { w - 4 } else { w };
            let head = wrap(&joined, first_w).into_iter().next().unwrap_or_default();
            let rest: String = joined.chars().skip(head.chars().count()).collect();
            out.push(format!("{}{}", if indented { "    " } else { "" }, head));
            out.extend(wrap(&rest, w));
        } else {
            out.extend(block.iter().map(|l| l.to_string()));
        }
        if j < lines.len() && lines[j].trim().is_empty() {
            out.push(lines[j].to_string());
            i = j + 1;
        } else {
            i = j.max(i + 1);
        }
    }
    out.join("\n")
}

/// Paragraphs re-broken at 44 columns (22 characters) instead of 38 parse to
/// the same facts. Limit: paragraphs must stay wider than the indicator
/// columns (about 30 columns); narrower goal text cannot be told from cells.
#[test]
fn seed_reflowed_gives_the_same_facts() {
    let Some((text, _)) = fixture() else { return };
    let re = reflow(&text, 44);
    assert_ne!(re, text, "reflow changed nothing");
    let a = parse("x.txt", &text);
    let b = parse("x.txt", &re);
    let (f1, missing, extra) = score(&a, &b);
    assert!(f1 == 1.0, "reflowed facts differ: F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
    // and with every line's indentation lost as well
    let flat: String = re.lines().map(|l| format!("{}\n", l.trim_start())).collect();
    let (f1, missing, extra) = score(&a, &parse("x.txt", &flat));
    assert!(f1 == 1.0, "unindented facts differ: F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
}

#[test]
fn made_up_table_reflowed_gives_the_same_facts() {
    let text = table_a();
    let re = reflow(&text, 46);
    assert_ne!(re, text);
    let (f1, missing, extra) = score(&parse("a.txt", &text), &parse("a.txt", &re));
    assert!(f1 == 1.0, "F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
}

// ---------------------------------------------------------------- (4) broken input

fn read_err(text: &str) -> jixiao_ingest::ReadError {
    let src = Source::new("bad.txt", text);
    match department_text::read(&src) {
        Ok(d) => panic!("expected an error, got {}", d.to_json_pretty()),
        Err(e) => e,
    }
}

#[test]
fn header_only_is_an_error() {
    let e = read_err("2022年部门整体绩效目标表\n\n部门名称: 某某局\n");
    assert!(e.reason.contains("task table"), "{e:?}");
    assert!(e.line.is_some());
    let e = read_err("2022年部门整体绩效目标表\n");
    assert!(e.reason.contains("部门名称"), "{e:?}");
    read_err("");
}

#[test]
fn truncated_tables_are_errors() {
    let a = table_a();
    let lines: Vec<&str> = a.lines().collect();
    // Cut before the task table, and right after its header.
    for cut in [12, 30] {
        let text = lines[..cut].join("\n");
        let text = format!("{text}\n部门名称: 某某局\n");
        read_err(&text);
    }
    // Cut after 三年期 is named but before its task table.
    let at = lines.iter().position(|l| l.contains("三年期主要支出计划")).expect("header");
    let mut text = lines[..at].join("\n");
    text.push_str("\n三年期目标\n");
    let e = read_err(&text);
    assert!(e.reason.contains("三年期"), "{e:?}");
}

#[test]
fn no_prefix_or_garbage_panics() {
    let mut texts = vec![table_a(), table_b()];
    if let Some((seed, _)) = fixture() {
        texts.push(seed);
    }
    for text in texts {
        let lines: Vec<&str> = text.lines().collect();
        let step = if lines.len() > 200 { 7 } else { 1 };
        for cut in (0..lines.len()).step_by(step) {
            let t = lines[..cut].join("\n");
            let _ = department_text::read(&Source::new("p.txt", &t));
            // and the same with the lines shuffled by a fixed stride
            let shuffled: Vec<&str> = (0..cut).map(|k| lines[(k * 7) % cut.max(1)]).collect();
            let _ = department_text::read(&Source::new("s.txt", &shuffled.join("\n")));
        }
    }
    for junk in ["\n\n\n", "部门名称：\n主要支出计划\n", "年度主要支出计划\n    \n预期实现值\n1\n", "其中：：\n部门整体支出目标\n"] {
        let _ = department_text::read(&Source::new("j.txt", junk));
    }
}

/// The same table with the title, 部门名称 and 部门职能概述 printed first
/// (another extraction order) reads the same.
#[test]
fn title_first_reads_the_same() {
    let a = table_a();
    let start = a.find("2023年部门整体绩效目标表\n").expect("title");
    let end = a.find("1,200.50").expect("amounts");
    let head = &a[start..end];
    let moved = format!("{head}{}{}", &a[..start], &a[end..]);
    let (f1, missing, extra) = score(&parse("a.txt", &a), &parse("a.txt", &moved));
    assert!(f1 == 1.0, "F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
}

/// Table A printed on one page (no running header): both horizons' merged
/// cells share the page.
#[test]
fn one_page_with_both_horizons() {
    let a = table_a();
    let one = a.replace(" 2023年部门整体绩效目标表\n", "");
    assert_ne!(one, a);
    let (f1, missing, extra) = score(&parse("a.txt", &a), &parse("a.txt", &one));
    assert!(f1 == 1.0, "F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
}

/// The seed with the merged cells of one page emitted in another order (the
/// names, goals and projects of the last two tasks moved after the others'
/// projects, so a project list runs straight into task names) reads the same.
#[test]
fn seed_with_merged_cells_reordered() {
    let Some((text, _)) = fixture() else { return };
    let lines: Vec<&str> = text.split('\n').collect();
    // Page 3's second group of merged cells starts after the rows' stray
    // value and ends before the horizon label 三年 / 期; the first group ends
    // at the key-indicator values at the end of the page.
    let start = lines.iter().rposition(|l| *l == "按规定的补贴标准支付").map(|k| k + 1);
    let mid = lines.iter().enumerate().skip(start.unwrap_or(0)).find(|(_, l)| **l == "三年").map(|(k, _)| k);
    let end = lines.iter().rposition(|l| l.starts_with("社区法律顾问现场法律服务时间"));
    let (Some(start), Some(mid), Some(end)) = (start, mid, end) else {
        panic!("seed lines not found");
    };
    assert!(start < mid && mid < end);
    let mut moved: Vec<&str> = lines[..start].to_vec();
    moved.extend(&lines[mid..end]);
    moved.extend(&lines[start..mid]);
    moved.extend(&lines[end..]);
    let moved = moved.join("\n");
    let (f1, missing, extra) = score(&parse("x.txt", &text), &parse("x.txt", &moved));
    assert!(f1 == 1.0, "F1 {f1:.3}\nmissing {missing:#?}\nextra {extra:#?}");
}
