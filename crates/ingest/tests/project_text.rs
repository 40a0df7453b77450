//! Reader (a), project tables from PDF text: the published seed, the seed
//! re-flowed at other line widths, reordered and changed, a made-up table, and
//! malformed input.

mod support;

use jixiao_core::{Amounts, Body, Document, Indicator, Project, ProjectTable, Unit};
use jixiao_ingest::{parse, Layout, ParseError};
use rust_decimal::Decimal;

fn assert_same(want: &Document, got: &Document, what: &str) {
    let (f1, diff) = support::compare(want, got);
    assert!(f1 == 1.0, "{what}: F1 {f1:.3}\n{}", diff.join("\n"));
}

#[test]
fn seed_000_matches_the_truth() {
    let (Some((name, text)), Some(truth)) = (support::seed("000"), support::truth("000")) else { return };
    let doc = parse(&name, text.as_bytes(), None).expect("seed 000 parses");
    assert_same(&truth, &doc, "seed 000");
    assert_eq!(doc.title, truth.title);
}

/// Breaks `s` into lines of `width` characters, never next to a space (a PDF's
/// text extraction would drop such a space).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + width).min(chars.len());
        while end < chars.len() && end > start + 1 && (chars[end] == ' ' || chars[end - 1] == ' ') {
            end -= 1;
        }
        lines.push(chars[start..end].iter().collect::<String>());
        start = end;
    }
    lines
}

fn fmt_amounts(a: &Amounts) -> String {
    [a.total, a.fiscal, a.special_account, a.other]
        .iter()
        .flatten()
        .map(|v| format!("{:.2}", v))
        .collect::<Vec<_>>()
        .join(" ")
}

fn pair(code: &Option<String>, name: &Option<String>) -> Option<String> {
    match (code, name) {
        (Some(c), Some(n)) => Some(format!("{c}-{n}")),
        _ => None,
    }
}

fn indicator_cell(inds: &[Indicator]) -> String {
    let items: Vec<String> = inds
        .iter()
        .map(|i| {
            let mut head: Vec<String> = Vec::new();
            head.extend(pair(&i.level1_code, &i.level1));
            head.extend(pair(&i.level2_code, &i.level2));
            head.push(i.name.clone());
            format!(
                "{}、{}；实施周期指标值:{},年度指标值:{}",
                i.seq.unwrap_or(0),
                head.join(","),
                i.period_value.clone().unwrap_or_default(),
                i.annual_value.clone().unwrap_or_default()
            )
        })
        .collect();
    format!("{}。", items.join(";"))
}

/// Writes a project document in layout (a) with the given column widths.
fn render(doc: &Document, name_w: usize, goal_w: usize, ind_w: usize) -> String {
    let Body::Project(t) = &doc.body else { panic!("project documents only") };
    let mut out = vec![String::new(), doc.title.clone().unwrap_or_default(), String::new()];
    out.push(format!("部门名称：{} 单位：{}", doc.department, doc.money_unit));
    out.push(String::new());
    out.push("项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标".into());
    out.push(String::new());
    out.push(format!("合计 {}", fmt_amounts(&t.totals)));
    for u in &t.units {
        out.push(String::new());
        out.push(format!("{} {}", u.name, fmt_amounts(&u.amounts)));
        for p in &u.projects {
            out.push(String::new());
            let name_lines = wrap(&p.name, name_w);
            let last = name_lines.len() - 1;
            for (k, l) in name_lines.iter().enumerate() {
                if k == last && l.chars().count() + 12 <= name_w + 12 && name_lines.len() == 1 {
                    out.push(format!("    {l} {}", fmt_amounts(&p.amounts)));
                } else if k == 0 {
                    out.push(format!("    {l}"));
                } else {
                    out.push(l.clone());
                }
            }
            if name_lines.len() > 1 {
                out.push(fmt_amounts(&p.amounts));
            }
            out.push(String::new());
            if let Some(g) = &p.goal {
                for l in wrap(g, goal_w) {
                    out.push(l);
                    out.push(String::new());
                }
            }
            if !p.indicators.is_empty() {
                for l in wrap(&indicator_cell(&p.indicators), ind_w) {
                    out.push(l);
                    out.push(String::new());
                }
            }
        }
    }
    out.join("\n")
}

fn reparse(doc: &Document, widths: (usize, usize, usize)) -> Document {
    let text = render(doc, widths.0, widths.1, widths.2);
    parse(&doc.source, text.as_bytes(), None).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The truth without the features the simple renderer cannot write back (an
/// indicator with no period value, a period value ending in `。`).
fn renderable(mut doc: Document) -> Document {
    if let Body::Project(t) = &mut doc.body {
        for u in &mut t.units {
            for p in &mut u.projects {
                for i in &mut p.indicators {
                    if let Some(v) = &i.period_value {
                        i.period_value = Some(v.trim_end_matches('。').trim().to_string());
                    }
                }
            }
        }
    }
    doc
}

#[test]
fn seed_000_reflowed_at_other_widths() {
    let Some(truth) = support::truth("000") else { return };
    let truth = renderable(truth);
    for widths in [(14, 13, 60), (8, 9, 33), (20, 25, 90), (40, 17, 140)] {
        assert_same(&truth, &reparse(&truth, widths), &format!("widths {widths:?}"));
    }
}

#[test]
fn seed_000_reordered_trimmed_and_with_other_amounts() {
    let Some(truth) = support::truth("000") else { return };
    let mut doc = renderable(truth);
    let Body::Project(t) = &mut doc.body else { unreachable!() };
    let unit = &mut t.units[0];
    unit.projects.reverse();
    unit.projects.retain(|p| !p.name.contains("经费") || p.indicators.len() != 3);
    unit.projects.truncate(9);
    let mut sum = Decimal::ZERO;
    for (k, p) in unit.projects.iter_mut().enumerate() {
        let v = Decimal::new(1234567 + k as i64 * 1000, 2);
        p.amounts = Amounts { total: Some(v), fiscal: Some(v), special_account: None, other: None };
        sum += v;
    }
    unit.amounts = Amounts { total: Some(sum), fiscal: Some(sum), ..Default::default() };
    t.totals = unit.amounts.clone();
    assert_same(&doc, &reparse(&doc, (14, 13, 60)), "reordered");
}

fn made_up() -> Document {
    let ind = |seq, l1: (&str, &str), l2: (&str, &str), name: &str, v: &str| Indicator {
        seq: Some(seq),
        level1_code: Some(l1.0.into()),
        level1: Some(l1.1.into()),
        level2_code: Some(l2.0.into()),
        level2: Some(l2.1.into()),
        name: name.into(),
        period_value: Some(v.into()),
        annual_value: Some(v.into()),
        ..Default::default()
    };
    let a = |t: i64, f: i64, s: i64| Amounts {
        total: Some(Decimal::new(t, 2)),
        fiscal: Some(Decimal::new(f, 2)),
        special_account: Some(Decimal::new(s, 2)),
        other: None,
    };
    let output = ("1", "产出指标");
    let outcome = ("2", "效益指标");
    let satisfaction = ("3", "满意度指标");
    Document {
        source: "made-up.txt".into(),
        title: Some("青禾县应急管理局2026年项目支出绩效目标表".into()),
        department: "青禾县应急管理局".into(),
        year: Some(2026),
        money_unit: "万元".into(),
        body: Body::Project(ProjectTable {
            totals: a(56000, 50000, 6000),
            units: vec![
                Unit {
                    name: "青禾县应急管理局".into(),
                    amounts: a(40000, 40000, 0),
                    projects: vec![
                        Project {
                            name: "森林防火巡护队伍建设经费".into(),
                            amounts: a(30000, 30000, 0),
                            goal: Some("组建专业巡护队伍，覆盖全县重点林区，及早发现并处置火情，减少森林资源损失。".into()),
                            indicators: vec![
                                ind(1, output, ("11", "数量指标"), "巡护人员数量", "不少于 40人"),
                                ind(2, output, ("13", "时效指标"), "火情处置响应时间", "接报后30分钟内到场"),
                                ind(3, outcome, ("22", "社会效益"), "重大森林火灾发生次数", "0次"),
                                ind(4, satisfaction, ("31", "服务对象满意度"), "林区群众满意度", "≥90%"),
                            ],
                        },
                        Project {
                            name: "应急物资储备库（含乡镇分库）日常维护及补充采购经费".into(),
                            amounts: a(10000, 10000, 0),
                            goal: Some("保障应急物资储备充足、完好，满足突发事件救援需要。".into()),
                            indicators: vec![
                                ind(1, output, ("12", "质量指标"), "物资完好率", "达到98%以上"),
                                ind(2, ("4", "成本指标"), ("41", "经济成本"), "单位储备成本", "不超过预算"),
                            ],
                        },
                    ],
                },
                Unit {
                    name: "青禾县应急救援指挥中心".into(),
                    amounts: a(16000, 10000, 6000),
                    projects: vec![Project {
                        name: "应急演练经费".into(),
                        amounts: a(16000, 10000, 6000),
                        goal: Some("每年组织综合应急演练，提升协同处置能力。".into()),
                        indicators: vec![ind(1, output, ("11", "数量指标"), "综合演练次数", "至少2次")],
                    }],
                },
            ],
        }),
    }
}

#[test]
fn a_made_up_department_in_this_layout() {
    let doc = made_up();
    for widths in [(14, 13, 60), (10, 20, 45)] {
        let got = reparse(&doc, widths);
        assert_same(&doc, &got, &format!("made up, widths {widths:?}"));
        assert_eq!(got.year, Some(2026));
    }
    let text = render(&doc, 14, 13, 60);
    assert_eq!(jixiao_ingest::detect("x", &text).unwrap(), Layout::ProjectText);
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    let doc = made_up();
    let text = render(&doc, 14, 13, 60);
    let header_only: String = text.lines().take(7).collect::<Vec<_>>().join("\n");
    assert!(matches!(parse("h.txt", header_only.as_bytes(), None), Err(ParseError::Malformed { .. })));
    assert!(matches!(parse("e.txt", b"  \n\n", None), Err(ParseError::Empty { .. })));
    assert!(matches!(parse("b.bin", &[0x89, 0x50, 0x00, 0x41, 0xff], None), Err(ParseError::NotText { .. })));
    assert!(matches!(parse("n.txt", "这是一封普通的信。".as_bytes(), None), Err(ParseError::NotATable { .. })));
    // Every truncation of the text either parses or fails cleanly.
    let chars: Vec<char> = text.chars().collect();
    for cut in (0..chars.len()).step_by(7) {
        let t: String = chars[..cut].iter().collect();
        let _ = parse("cut.txt", t.as_bytes(), Some(Layout::ProjectText));
    }
    let err = parse("h.txt", header_only.as_bytes(), None).unwrap_err().to_string();
    assert!(err.starts_with("h.txt"), "{err}");
}
