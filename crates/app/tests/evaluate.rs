//! Made-up filled self-evaluation tables in three layouts (pipe table, cells
//! apart by spaces, one cell per line), evaluated against scores computed by hand.

use jixiao_app::evaluate::{evaluate, read_table, EvaluationReport};
use jixiao_core::score::Policy;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn run(name: &str) -> EvaluationReport {
    let path = format!("{}/tests/data/selfeval/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let t = read_table(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    evaluate(&t, &Policy::default())
}

/// 社区法律服务项目: execution 92 ÷ 100 × 10 = 9.2; indicators 18 + 10 + 10 + 7.5
/// (3 ÷ 4 × 10) + 15 + 14.17 (85 ÷ 90 × 15) + 10 = 84.67; total 93.87, 优. The
/// table prints 14 for the 化解率 and 93.7 in all: two disagreements.
fn check_legal_services(r: &EvaluationReport) {
    assert_eq!(r.project.as_deref(), Some("社区法律服务项目"));
    let scores: Vec<(String, Option<Decimal>)> = r.indicators.iter().map(|i| (i.name.clone(), i.score)).collect();
    let want = [
        ("法律咨询服务人次", "18"),
        ("普法讲座场次", "10"),
        ("咨询答复准确率", "10"),
        ("咨询回复时限", "7.5"),
        ("群众法律意识", "15"),
        ("矛盾纠纷化解率", "14.17"),
        ("群众满意度", "10"),
    ];
    assert_eq!(scores, want.iter().map(|(n, s)| (n.to_string(), Some(d(s)))).collect::<Vec<_>>(), "{}: {:#?}", r.source, r.indicators);
    assert_eq!(r.execution.score, Some(d("9.2")));
    assert_eq!(r.execution.rate, Some(d("92")));
    assert_eq!(r.printed_total, Some(d("93.7")));
    assert_eq!(r.total, d("93.87"));
    assert_eq!(r.grade, "优");
    let names: Vec<&str> = r.disagreements.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["矛盾纠纷化解率", "总分"], "{}", r.source);
    assert!(r.indicators[5].formula.contains("min(实际 85 ÷ 目标 90, 1) × 15.00"), "{}", r.indicators[5].formula);
}

#[test]
fn a_pipe_table_evaluates() {
    check_legal_services(&run("pipe.txt"));
}

#[test]
fn one_cell_per_line_evaluates() {
    check_legal_services(&run("lines.txt"));
}

/// 高标准农田建设补助, cells apart by spaces, merged categories printed once:
/// 30 + 19.6 (98 ÷ 100 × 20) + 8 (12 ÷ 15 × 10) + 12 (40 ÷ 50 × 15) + 12 (部分达成,
/// 80 % of 15) + 9 (432 ÷ 480 × 10) = 90.6, as printed; 农户满意度 does not apply.
#[test]
fn a_table_apart_by_spaces_evaluates() {
    let r = run("wide.txt");
    let scores: Vec<Option<Decimal>> = r.indicators.iter().map(|i| i.score).collect();
    assert_eq!(scores, [Some(d("30")), Some(d("19.6")), Some(d("8")), Some(d("12")), Some(d("12")), None], "{:#?}", r.indicators);
    assert_eq!(r.execution.score, Some(d("9")));
    assert_eq!(r.total, d("90.6"));
    assert_eq!(r.grade, "优");
    assert!(r.disagreements.is_empty(), "{:#?}", r.disagreements);
}

#[test]
fn a_file_without_a_self_evaluation_table_is_refused_by_name() {
    let e = read_table("letter.txt", "致各单位：请按时报送。".as_bytes()).unwrap_err();
    assert!(e.to_string().contains("letter.txt"), "{e}");
}

/// The same table as tab-separated text with 权重 printed before 年度指标值 and the
/// actual headed 全年实际值, as some departments print it.
#[test]
fn weights_before_the_targets_evaluate_the_same() {
    check_legal_services(&run("weight_first.tsv"));
}
