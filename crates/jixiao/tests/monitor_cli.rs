//! `jixiao monitor` and `jixiao laggards` end to end: a generated project table
//! imported, a monitoring round read from a CSV (an unmatched row named, the
//! rest stored), the lagging project listed with its cause.

use jixiao_core::Body;
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("runs jixiao")
}

#[test]
fn a_csv_round_lights_a_project_red_and_lists_it_with_its_cause() {
    let dir = std::env::temp_dir().join(format!("jixiao-monitor-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let docs = jixiao_demo::generate(&jixiao_demo::DemoConfig { districts: 1, years: 2025..=2025, ..Default::default() });
    let doc = docs.into_iter().find(|d| matches!(&d.body, Body::Project(t) if t.units.iter().flat_map(|u| &u.projects).count() >= 2)).expect("a project table");
    let Body::Project(t) = &doc.body else { unreachable!() };
    let projects: Vec<_> = t.units.iter().flat_map(|u| &u.projects).collect();
    let (slow, fine) = (projects[0], projects[1]);
    let indicator = &slow.indicators[0].name;
    let table = dir.join("t.json");
    std::fs::write(&table, doc.to_json_pretty()).unwrap();
    let db = dir.join("m.db").display().to_string();
    let out = jixiao(&["import", "--db", &db, table.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let budget = |p: &jixiao_core::Project| p.amounts.total.unwrap().to_string();
    let csv = format!(
        "项目名称,三级指标,预算数,1-7月执行数,实际完成值,完成目标可能性,偏差原因,原因说明\n\
         {},,{},0,,,,\n{},,{},{},,,,\n{},{},,,,完全不可能,硬件条件保障,设备未到货\n没有这个项目,,10,1,,,,\n",
        slow.name,
        budget(slow),
        fine.name,
        budget(fine),
        budget(fine),
        slow.name,
        indicator
    );
    let file = dir.join("round.csv");
    std::fs::write(&file, csv).unwrap();
    let out = jixiao(&["monitor", "--db", &db, "--id", "1", "--month", "7", file.to_str().unwrap()]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("红色预警"), "{stdout}");
    assert!(stderr.contains("round.csv") && stderr.contains("没有这个项目"), "{stderr}");
    let out = jixiao(&["laggards", "--db", &db]);
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 1, "{list}");
    assert!(lines[0].starts_with("red\t") && lines[0].contains(&slow.name), "{list}");
    assert!(lines[0].contains("硬件条件保障") && lines[0].contains("设备未到货"), "{list}");
    // A bad number in the CSV is named with its line, and nothing is stored.
    std::fs::write(&file, format!("项目名称,执行数\n{},很多\n", slow.name)).unwrap();
    let out = jixiao(&["monitor", "--db", &db, "--id", "1", "--month", "8", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("第 2 行"));
    // A CSV names no month: one must be given.
    let out = jixiao(&["monitor", "--db", &db, "--id", "1", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("监控期间"), "{}", String::from_utf8_lossy(&out.stderr));
    // The official table as tab-separated text: the month from its headings.
    let text = format!(
        "项目名称\t{}\n资金\t年初预算数\t1-9月执行数\t全年预计执行数\n年度资金总额\t{}\t{}\t{}\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t1-9月执行数\t全年预计执行数\t经费保障\t制度保障\t人员保障\t硬件条件保障\t其他\t原因说明\t确定能\t有可能\t完全不可能\n\
         \t\t{}\t\t\t\t\t\t\t\t\t\t✔\t\t\n",
        fine.name,
        budget(fine),
        budget(fine),
        budget(fine),
        fine.indicators[0].name
    );
    let file = dir.join("监控表.txt");
    std::fs::write(&file, text).unwrap();
    let out = jixiao(&["monitor", "--db", &db, "--id", "1", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1–9月") && stdout.contains("正常"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
