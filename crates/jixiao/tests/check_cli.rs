//! `jixiao check` end to end: reports, formats, filters and exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("runs jixiao")
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-check-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A made-up clean project table of an invented bureau.
fn clean_doc() -> serde_json::Value {
    let ind = |seq: i64, c1: &str, l1: &str, c2: &str, l2: &str, name: &str, v: &str| {
        serde_json::json!({
            "seq": seq, "level1": l1, "level1_code": c1, "level2": l2, "level2_code": c2, "name": name,
            "explanation": null, "period_value": v, "annual_value": v, "comparator": null, "unit": null,
            "nature": null, "direction": null, "weight": null, "standard": null
        })
    };
    serde_json::json!({
        "format": "perf-targets/1", "source": "made-up.txt", "kind": "project",
        "title": "某某局2024年项目支出绩效目标表", "department": "某某局", "year": 2024, "money_unit": "万元",
        "totals": {"total": 20.0, "fiscal": 20.0, "special_account": null, "other": null},
        "units": [{
            "name": "某某局", "amounts": {"total": 20.0, "fiscal": 20.0, "special_account": null, "other": null},
            "projects": [{
                "name": "档案整理经费", "amounts": {"total": 20.0, "fiscal": 20.0, "special_account": null, "other": null},
                "goal": "完成历年档案的整理和数字化，方便查阅。",
                "indicators": [
                    ind(1, "1", "产出指标", "11", "数量指标", "整理档案卷数", "不少于3000卷"),
                    ind(2, "1", "产出指标", "12", "质量指标", "数字化差错率", "≤1%"),
                    ind(3, "4", "成本指标", "41", "经济成本", "每卷整理费用", "≤50元/卷"),
                    ind(4, "2", "效益指标", "22", "社会效益", "档案查阅平均用时", "≤10分钟"),
                    ind(5, "3", "满意度指标", "31", "服务对象满意度", "查档人员满意度", "≥90%")
                ]
            }]
        }]
    })
}

fn write(dir: &Path, name: &str, v: &serde_json::Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p.display().to_string()
}

fn broken_doc() -> serde_json::Value {
    let mut v = clean_doc();
    let ind = &mut v["units"][0]["projects"][0]["indicators"];
    ind[1]["level1"] = "效益指标".into();
    ind[1]["level1_code"] = "2".into();
    ind[3]["annual_value"] = "有效".into();
    ind[3]["period_value"] = "有效".into();
    v["totals"]["total"] = 25.0.into();
    v
}

#[test]
fn clean_table_passes() {
    let dir = tmpdir("clean");
    let f = write(&dir, "clean.json", &clean_doc());
    let out = jixiao(&["check", "--format", "json", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["source"], f.as_str());
    assert_eq!(v[0]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn errors_exit_1_with_json_findings() {
    let dir = tmpdir("broken");
    let f = write(&dir, "broken.json", &broken_doc());
    let out = jixiao(&["check", "--format", "json", &f]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v[0]["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings.iter().map(|x| x["rule"].as_str().unwrap()).collect();
    for r in ["TAXONOMY/L2-PARENT", "MEASURABILITY/VAGUE", "ARITHMETIC/TOTAL-SUM"] {
        assert!(rules.contains(&r), "{r} missing in {rules:?}");
    }
    let first = &findings[0];
    for key in ["rule", "family", "severity", "message", "place"] {
        assert!(first.get(key).is_some(), "{key} missing");
    }
    let l2 = findings.iter().find(|x| x["rule"] == "TAXONOMY/L2-PARENT").unwrap();
    assert_eq!(l2["family"], "taxonomy");
    assert_eq!(l2["severity"], "error");
    assert_eq!(l2["place"]["project"], "档案整理经费");
    assert_eq!(l2["place"]["seq"], 2);
    assert_eq!(l2["place"]["field"], "level2");
}

#[test]
fn text_report_groups_by_place() {
    let dir = tmpdir("text");
    let f = write(&dir, "broken.json", &broken_doc());
    let out = jixiao(&["check", "--color", "never", &f]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("项目「档案整理经费」第2条指标「数字化差错率」"), "{text}");
    assert!(text.contains("错误 TAXONOMY/L2-PARENT"), "{text}");
    assert!(!text.contains("\x1b["), "no colour when asked");
    let coloured = jixiao(&["check", "--color", "always", &f]);
    assert!(String::from_utf8(coloured.stdout).unwrap().contains("\x1b[31;1m"));
}

#[test]
fn min_severity_filters_but_errors_still_fail() {
    let dir = tmpdir("filter");
    let mut v = broken_doc();
    // Also a warning: satisfaction missing.
    v["units"][0]["projects"][0]["indicators"].as_array_mut().unwrap().pop();
    let f = write(&dir, "w.json", &v);
    let all = jixiao(&["check", "--format", "json", "--min-severity", "info", &f]);
    let errs = jixiao(&["check", "--format", "json", "--min-severity", "error", &f]);
    assert_eq!(errs.status.code(), Some(1));
    let n = |o: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v[0]["findings"].as_array().unwrap().iter().map(|x| x["severity"].as_str().unwrap().to_string()).collect()
    };
    assert!(n(&all).iter().any(|s| s == "warning"));
    assert!(n(&errs).iter().all(|s| s == "error"));
    assert!(!n(&errs).is_empty());
    let bad = jixiao(&["check", "--min-severity", "loud", &f]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn unreadable_files_exit_2_and_the_others_are_checked() {
    let dir = tmpdir("mixed");
    let good = write(&dir, "clean.json", &clean_doc());
    let not_doc = dir.join("other.json");
    std::fs::write(&not_doc, "{\"format\": \"something else\"}").unwrap();
    let binary = dir.join("table.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150]).unwrap();
    let missing = dir.join("missing.txt");
    let out = jixiao(&[
        "check",
        "--format",
        "json",
        not_doc.to_str().unwrap(),
        &good,
        binary.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert!(list[0]["error"].is_string());
    assert_eq!(list[1]["source"], good.as_str());
    assert!(list[1].get("error").is_none());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("other.json") && stderr.contains("table.txt") && stderr.contains("missing.txt"), "{stderr}");
}

#[test]
fn checks_the_truth_documents() {
    let Some(paths) = jixiao_fixtures::files("truth", ".json") else { return };
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = jixiao(&args);
    assert_eq!(out.status.code(), Some(1), "the seeds carry error-level defects");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), files.len());
    let families: std::collections::BTreeSet<String> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap().iter().map(|f| f["family"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(families.len(), 7, "{families:?}");
}
