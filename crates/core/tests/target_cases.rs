//! Made-up value strings in every phrasing of the spec, with the Target each
//! must parse to. Expectations use a small notation:
//! `Q op value unit` (unit `-` for none), `R min max unit`, `T` (qualitative,
//! the whole value trimmed), `T:text`, `ALL[a | b]`, `ANY[a | b]`.

use jixiao_core::target::{direction, grade_of, parse_target, parse_target_columns, Direction, Grade, Op, Target};
use rust_decimal::Decimal;
use std::str::FromStr;

const CASES: &[(&str, &str)] = &[
    // Symbols, ASCII and full-width.
    ("≥95%", "Q >= 95 %"),
    ("≤3个工作日", "Q <= 3 个工作日"),
    ("＞90％", "Q > 90 %"),
    ("＜5%", "Q < 5 %"),
    ("=100%", "Q = 100 %"),
    (">=6次", "Q >= 6 次"),
    ("<=10天", "Q <= 10 天"),
    ("=>7项", "Q >= 7 项"),
    ("＝１２户", "Q = 12 户"),
    ("≥ 80 %", "Q >= 80 %"),
    // Comparator words before the number.
    ("大于等于80%", "Q >= 80 %"),
    ("大于或等于75%", "Q >= 75 %"),
    ("小于等于2小时", "Q <= 2 小时"),
    ("大于60分", "Q > 60 分"),
    ("小于1%", "Q < 1 %"),
    ("不少于300人次", "Q >= 300 人次"),
    ("不低于98%", "Q >= 98 %"),
    ("不小于50份", "Q >= 50 份"),
    ("至少2次", "Q >= 2 次"),
    ("达到95%", "Q >= 95 %"),
    ("达98%", "Q >= 98 %"),
    ("超过1000人", "Q > 1000 人"),
    ("高于85%", "Q > 85 %"),
    ("不超过5天", "Q <= 5 天"),
    ("不高于10%", "Q <= 10 %"),
    ("不大于3%", "Q <= 3 %"),
    ("低于2%", "Q < 2 %"),
    ("少于5起", "Q < 5 起"),
    ("不满3个月", "Q < 3 个月"),
    ("为100%", "Q = 100 %"),
    ("等于0", "Q = 0 -"),
    ("不得低于90%", "Q >= 90 %"),
    ("不得超过7个工作日", "Q <= 7 个工作日"),
    ("高于或等于80%", "Q >= 80 %"),
    ("不足5%", "Q < 5 %"),
    // Comparator words after the number.
    ("100%以上", "Q >= 100 %"),
    ("20场次以上", "Q >= 20 场次"),
    ("5个工作日以内", "Q <= 5 个工作日"),
    ("3日内", "Q <= 3 日"),
    ("15天以下", "Q <= 15 天"),
    ("参加培训2次或以上", "Q >= 2 次"),
    ("10名及以上", "Q >= 10 名"),
    ("95%（含）以上", "Q >= 95 %"),
    // Bare numbers and context before the number.
    ("100%", "Q = 100 %"),
    ("12期", "Q = 12 期"),
    ("65", "Q = 65 -"),
    ("完成率100%", "Q = 100 %"),
    ("资金支付及时率100%", "Q = 100 %"),
    ("满意度≥90%", "Q >= 90 %"),
    ("群众满意度达到90%以上", "Q >= 90 %"),
    ("信访案件按时办结率不低于95%", "Q >= 95 %"),
    ("全年举办培训不少于10期", "Q >= 10 期"),
    ("每季度开展1次检查", "Q = 1 次"),
    ("覆盖全区18个镇街", "Q = 18 个"),
    ("建成9个调解工作室", "Q = 9 个"),
    ("公示名单不超过申报总数的 5%", "Q <= 5 %"),
    ("维修人员接报后2个工作日内到场", "Q <= 2 个工作日"),
    ("考核成绩(80分以上)达标率90%以上", "Q >= 90 %"),
    ("每年至少为每个社区提供4次讲座", "Q >= 4 次"),
    ("预算执行控制在360000以内", "Q <= 360000 -"),
    ("帮扶对象人均补助=300元/人月", "Q = 300 元/人月"),
    ("发放补贴3000元/人", "Q = 3000 元/人"),
    (">=3次/年", "Q >= 3 次/年"),
    ("1次/季度", "Q = 1 次/季度"),
    ("全年发放不少于1200万元", "Q >= 1200 万元"),
    ("投入资金50萬元", "Q = 50 萬元"),
    ("比上年提高2个百分点", "Q = 2 个百分点"),
    ("平均响应时间30分钟内", "Q <= 30 分钟"),
    ("3个普法短视频", "Q = 3 个"),
    ("约500人", "Q = 500 人"),
    ("2000余人次", "Q = 2000 人次"),
    ("100多场", "Q = 100 场"),
    ("法律顾问每月值班时间(小时≥6", "Q >= 6 -"),
    // Numbers: Chinese numerals, decimals, separators, multipliers.
    ("百分之九十五以上", "Q >= 95 %"),
    ("百分之八十", "Q = 80 %"),
    ("百分之百", "Q = 100 %"),
    ("一百二十次", "Q = 120 次"),
    ("三千五百元", "Q = 3500 元"),
    ("两场", "Q = 2 场"),
    ("十二个月", "Q = 12 个月"),
    ("不超过三天", "Q <= 3 天"),
    ("受理后十个工作日内办结", "Q <= 10 个工作日"),
    ("每月至少召开一次例会", "Q >= 1 次"),
    ("年度内完成两次评估", "Q = 2 次"),
    ("1.5万人次", "Q = 15000 人次"),
    ("3万元", "Q = 3 万元"),
    ("1,200件", "Q = 1200 件"),
    ("１２０件", "Q = 120 件"),
    ("≥１０００人", "Q >= 1000 人"),
    ("97.5%", "Q = 97.5 %"),
    ("0.5%以下", "Q <= 0.5 %"),
    // Ranges.
    ("90%-95%", "R 90 95 %"),
    ("90-95%", "R 90 95 %"),
    ("服务对象满意度85%-90%", "R 85 90 %"),
    ("覆盖率95%至100%", "R 95 100 %"),
    ("合格率90%~95%", "R 90 95 %"),
    ("3至5个工作日", "R 3 5 个工作日"),
    ("三至五天", "R 3 5 天"),
    // Conditions and alternatives.
    ("出具法律意见书120份以上，办结率100%", "ALL[Q >= 120 份 | Q = 100 %]"),
    ("培训人数不少于500人次；满意度不低于90%", "ALL[Q >= 500 人次 | Q >= 90 %]"),
    ("档案查阅率达90%,归档率100%", "ALL[Q >= 90 % | Q = 100 %]"),
    ("按时完成率≥95%、满意度≥90%", "ALL[Q >= 95 % | Q >= 90 %]"),
    ("开展普法讲座不少于6场，提升群众法律意识", "ALL[Q >= 6 场 | T:提升群众法律意识]"),
    ("规范档案管理，整改率100%。", "ALL[T:规范档案管理 | Q = 100 %]"),
    ("每年组织3次督查，督查整改到位。", "ALL[Q = 3 次 | T:督查整改到位。]"),
    ("12小时或2个工作日", "ANY[Q = 12 小时 | Q = 2 个工作日]"),
    ("每周不少于4个小时或2个半天", "ANY[Q >= 4 个小时 | Q >= 2 个半天]"),
    ("1、全年不少于20次；2、每月不少于2次", "ALL[Q >= 20 次 | Q >= 2 次]"),
    // Context: years, dates, definitions, ordinals, quotes, per-N.
    ("2023年底前完成", "T"),
    ("完成2022年度资料归档", "T"),
    ("于2024年6月30日前完成验收", "T"),
    ("２０２１年完成率100%", "Q = 100 %"),
    ("2020-2022年累计完成30个项目", "Q = 30 个"),
    ("2019年12月31日前完成率达到95%", "Q >= 95 %"),
    ("二〇二三年内完成一次检查", "Q = 1 次"),
    ("第一季度完成50%", "Q = 50 %"),
    ("第3季度", "T"),
    ("每2个月开展1次", "Q = 1 次"),
    ("开展“三进”活动不少于5场", "Q >= 5 场"),
    ("学习《2021年普法要点》", "T"),
    ("60分以下为不合格,60分(含60分)-74分为合格,75分(含75分)以上为良好", "T"),
    ("考核得分90分以上（满分100分）", "Q >= 90 分"),
    ("办结率(≥95%)", "Q >= 95 %"),
    ("（100%）", "Q = 100 %"),
    ("覆盖率达到100%（含线上）", "Q >= 100 %"),
    ("60岁以上老人体检率100%", "Q = 100 %"),
    ("一人一档建档率100%", "Q = 100 %"),
    ("每日8:30前完成签到", "T"),
    // Qualitative.
    ("优秀", "T"),
    ("良好以上", "T"),
    ("达标", "T"),
    ("通过验收", "T"),
    ("按期完成", "T"),
    ("有效提升", "T"),
    ("零投诉", "T"),
    ("无重大安全事故", "T"),
    ("五险一金按规定缴纳", "T"),
    ("统一标准，一次性补助到位", "T"),
    ("进一步提高群众满意度", "T"),
    ("十分重要", "T"),
    ("  运行 正常  ", "T"),
    ("项目运行平稳，群众反映良好。", "T"),
    ("", "T"),
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("bad number {s}: {e}"))
}

fn op(s: &str) -> Op {
    match s {
        ">=" => Op::Ge,
        ">" => Op::Gt,
        "<=" => Op::Le,
        "<" => Op::Lt,
        "=" => Op::Eq,
        _ => panic!("bad op {s}"),
    }
}

fn unit(s: &str) -> Option<String> {
    (s != "-").then(|| s.to_string())
}

/// Splits `a | b | c` at top-level bars.
fn split_parts(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '|' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

fn expected(value: &str, spec: &str) -> Target {
    if let Some(inner) = spec.strip_prefix("ALL[").and_then(|r| r.strip_suffix(']')) {
        return Target::All { parts: split_parts(inner).into_iter().map(|p| expected(value, p)).collect() };
    }
    if let Some(inner) = spec.strip_prefix("ANY[").and_then(|r| r.strip_suffix(']')) {
        return Target::Any { parts: split_parts(inner).into_iter().map(|p| expected(value, p)).collect() };
    }
    if spec == "T" {
        return Target::Qualitative { text: value.trim().to_string() };
    }
    if let Some(text) = spec.strip_prefix("T:") {
        return Target::Qualitative { text: text.to_string() };
    }
    let w: Vec<&str> = spec.split(' ').collect();
    match w.as_slice() {
        ["Q", o, v, u] => Target::Quantitative { op: op(o), value: dec(v), unit: unit(u) },
        ["R", a, b, u] => Target::Range { min: dec(a), max: dec(b), unit: unit(u) },
        _ => panic!("bad expectation {spec}"),
    }
}

#[test]
fn made_up_cases() {
    assert!(CASES.len() >= 100, "{} cases", CASES.len());
    let mut wrong = Vec::new();
    for (value, spec) in CASES {
        let want = expected(value, spec);
        let got = parse_target(value);
        if got != want {
            wrong.push(format!(
                "{value}\n  want {}\n  got  {}",
                serde_json::to_string(&want).unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} wrong:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

#[test]
fn json_shape() {
    let json = serde_json::to_string(&parse_target("不少于2000次")).unwrap_or_default();
    assert_eq!(json, r#"{"kind":"quantitative","op":">=","value":2000.0,"unit":"次"}"#);
    let json = serde_json::to_string(&parse_target("90%至95%")).unwrap_or_default();
    assert_eq!(json, r#"{"kind":"range","min":90.0,"max":95.0,"unit":"%"}"#);
    let back: Target = serde_json::from_str(r#"{"kind":"quantitative","op":"<=","value":5,"unit":"个工作日"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, parse_target("5个工作日内"));
}

#[test]
fn columns() {
    assert_eq!(parse_target_columns(Some(">="), "97.5", Some("%")), expected("", "Q >= 97.5 %"));
    assert_eq!(parse_target_columns(Some("≥"), "1540", Some("人")), expected("", "Q >= 1540 人"));
    assert_eq!(parse_target_columns(Some("="), "500", Some("元/人年")), expected("", "Q = 500 元/人年"));
    assert_eq!(parse_target_columns(Some("不少于"), "6", Some("次")), expected("", "Q >= 6 次"));
    assert_eq!(parse_target_columns(None, "100%", None), expected("", "Q = 100 %"));
    assert_eq!(parse_target_columns(Some(" "), "12", Some(" ")), expected("", "Q = 12 -"));
    assert_eq!(parse_target_columns(Some("="), "达标", None), expected("达标", "T"));
}

#[test]
fn grades() {
    let g = parse_target("良好以上").grade().map(|g| (g.grade, g.at_least));
    assert_eq!(g, Some((Grade::Good, true)));
    assert!(parse_target("良好以上").is_measurable());
    assert!(parse_target("达标").is_measurable());
    assert!(!parse_target("运行正常").is_measurable());
    assert!(parse_target("不少于3次").is_measurable());
    assert!(parse_target("90%-95%").is_measurable());
    let mixed = parse_target("开展普法讲座不少于6场，提升群众法律意识");
    assert!(!mixed.is_measurable());
    assert!(mixed.has_measure());
    assert_eq!(grade_of("评定等级为优秀").map(|g| g.grade), Some(Grade::Excellent));
    assert_eq!(grade_of("考核不合格率为零"), None);
    assert_eq!(grade_of("通过年度考核").map(|g| g.grade), Some(Grade::Passed));
    let floor = grade_of("合格以上").unwrap_or_else(|| panic!("合格以上 is a grade"));
    assert!(floor.satisfied_by(Grade::Excellent) && !floor.satisfied_by(Grade::Fail));
}

#[test]
fn directions() {
    let d = |v: &str, name: &str| direction(&parse_target(v), name);
    assert_eq!(d("≥95%", "群众满意度"), Direction::HigherIsBetter);
    assert_eq!(d("≤3个工作日", "办结时限"), Direction::LowerIsBetter);
    assert_eq!(d("0", "社区矫正对象重新犯罪率"), Direction::LowerIsBetter);
    assert_eq!(d("2%", "行政诉讼败诉率"), Direction::LowerIsBetter);
    assert_eq!(d("=0", "漏管率"), Direction::LowerIsBetter);
    assert_eq!(d("5起", "安全事故"), Direction::LowerIsBetter);
    assert_eq!(d("10件", "有效投诉"), Direction::LowerIsBetter);
    assert_eq!(d("100%", "投诉办结率"), Direction::HigherIsBetter);
    assert_eq!(d("12场", "普法讲座场次"), Direction::HigherIsBetter);
    assert_eq!(d("良好以上", "考核等级"), Direction::HigherIsBetter);
    assert_eq!(d("符合规范", "档案管理"), Direction::Unknown);
}
