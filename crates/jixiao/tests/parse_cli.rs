//! `jixiao parse` end to end: `--explain`, warnings, `--strict`, refusals.

use std::path::PathBuf;
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("runs jixiao")
}

fn write(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-parse-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A made-up table copied with single spaces, cut off in its last row.
const CUT: &str = "\
某某所2024年部门整体绩效目标表
一级指标 二级指标 三级指标 指标性质 指标值 计量单位
产出指标 数量指标 调解案件数 正向 120 件
质量指标 调解成功率 正向
";

#[test]
fn explain_warnings_and_strict() {
    let p = write("cut.txt", CUT);
    let path = p.to_str().unwrap();
    let out = jixiao(&["parse", "--explain", path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["plans"][0]["indicators"].as_array().map(|a| a.len()), Some(2), "{doc}");
    assert!(err.contains("cut.txt: confidence"), "{err}");
    assert!(err.contains("split: single spaces"), "{err}");
    assert!(err.contains("指标性质 → nature"), "{err}");
    assert!(err.contains("warning: cut.txt, line 4:"), "{err}");

    let out = jixiao(&["parse", "--strict", path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert!(err.contains("cut.txt, line 4:") && err.contains("--strict"), "{err}");
}

#[test]
fn a_text_without_a_table_is_refused() {
    let p = write("prose.txt", "某某局工作总结\n今年完成了各项任务。\n");
    let out = jixiao(&["parse", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("prose.txt: not a performance-target table"), "{err}");
}

#[test]
fn a_file_past_a_limit_is_refused_by_name_and_line_and_the_others_go_on() {
    // A table whose third line is longer than any table's.
    let long = format!("{}{}\n", CUT.lines().take(2).map(|l| format!("{l}\n")).collect::<String>(), "长".repeat(100_001));
    let bad = write("long-line.txt", &long);
    let good = write("fine.txt", CUT);
    let out_dir = std::env::temp_dir().join(format!("jixiao-parse-out-{}", std::process::id()));
    let out = jixiao(&["parse", "--out", out_dir.to_str().unwrap(), bad.to_str().unwrap(), good.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("long-line.txt, line 3: too large: a line of 100001 characters"), "{err}");
    let written: Vec<_> = std::fs::read_dir(&out_dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(written.len(), 1, "the other file is parsed: {written:?}");
    assert!(written[0].starts_with("fine"), "{written:?}");
    let _ = std::fs::remove_dir_all(out_dir);
}
