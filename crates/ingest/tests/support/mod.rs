//! Test support: where the published fixtures are, and a fact-level comparison
//! of documents like `shared/tools/score_parse.py`.
#![allow(dead_code)]

use jixiao_core::{Body, Document, Indicator};
use std::collections::HashMap;
use std::path::PathBuf;

/// The shared folder (see `jixiao-fixtures`).
pub fn root() -> PathBuf {
    jixiao_fixtures::root()
}

/// The shared folder, or `None` (skip) when it has no seeds, unless
/// `JIXIAO_REQUIRE_FIXTURES=1`.
pub fn shared_dir() -> Option<PathBuf> {
    jixiao_fixtures::dir("seeds")?;
    Some(root())
}

/// A seed's text and its truth as JSON, by exact file stem, or `None` (skip)
/// when missing; with `JIXIAO_REQUIRE_FIXTURES=1` a missing fixture fails.
pub fn fixture(stem: &str) -> Option<(String, serde_json::Value)> {
    let (seed, truth) = jixiao_fixtures::pair(stem)?;
    Some((seed, serde_json::from_str(&truth).expect("truth is JSON")))
}

/// The seed whose file name starts with `prefix`: (file name, text).
pub fn seed(prefix: &str) -> Option<(String, String)> {
    jixiao_fixtures::seed(prefix)
}

/// The hand-checked truth of the seed whose name starts with `prefix`.
pub fn truth(prefix: &str) -> Option<Document> {
    Some(Document::from_json(&jixiao_fixtures::truth(prefix)?).expect("truth is perf-targets/1"))
}

fn n(s: &Option<String>) -> String {
    s.as_deref().map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_else(|| "∅".into())
}

fn ind_fact(scope: &str, i: &Indicator) -> String {
    format!(
        "indicator|{scope}|{:?}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:?}|{}",
        i.seq,
        n(&i.level1_code),
        n(&i.level1),
        n(&i.level2_code),
        n(&i.level2),
        i.name,
        n(&i.explanation),
        n(&i.period_value),
        n(&i.annual_value),
        n(&i.comparator),
        n(&i.unit),
        n(&i.nature),
        n(&i.direction),
        i.weight.map(|w| w.normalize()),
        n(&i.standard)
    )
}

/// The document flattened into facts (a multiset), as the scorer does.
pub fn facts(doc: &Document) -> HashMap<String, usize> {
    let mut out: Vec<String> = vec![
        format!("doc|kind|{}", doc.kind().as_str()),
        format!("doc|department|{}", doc.department),
        format!("doc|year|{:?}", doc.year),
        format!("doc|money_unit|{}", doc.money_unit),
    ];
    let am = |a: &jixiao_core::Amounts| {
        format!(
            "{:?}|{:?}|{:?}|{:?}",
            a.total.map(|v| v.normalize()),
            a.fiscal.map(|v| v.normalize()),
            a.special_account.map(|v| v.normalize()),
            a.other.map(|v| v.normalize())
        )
    };
    match &doc.body {
        Body::Project(t) => {
            out.push(format!("totals|{}", am(&t.totals)));
            for u in &t.units {
                out.push(format!("unit|{}|{}", u.name, am(&u.amounts)));
                for p in &u.projects {
                    out.push(format!("project|{}|{}|{}", u.name, p.name, am(&p.amounts)));
                    out.push(format!("goal|{}|{}", p.name, n(&p.goal)));
                    for i in &p.indicators {
                        out.push(ind_fact(&p.name, i));
                    }
                }
            }
        }
        Body::Department(t) => {
            for f in &t.figures {
                out.push(format!("figure|{}|{}", f.label, f.value.normalize()));
            }
            out.push(format!("functions|{}", n(&t.functions)));
            for pl in &t.plans {
                let h = format!("{:?}", pl.horizon);
                out.push(format!("plan|{h}|{}", n(&pl.goal)));
                for i in &pl.indicators {
                    out.push(ind_fact(&h, i));
                }
                for task in &pl.tasks {
                    out.push(format!(
                        "task|{h}|{:?}|{}|{}|{}|{:?}",
                        task.group,
                        task.name,
                        n(&task.content),
                        n(&task.goal),
                        task.amount.map(|v| v.normalize())
                    ));
                    for i in &task.indicators {
                        out.push(ind_fact(&format!("{h}/{}", task.name), i));
                    }
                    for p in &task.projects {
                        out.push(format!("task_project|{h}|{}|{p}", task.name));
                    }
                }
            }
        }
    }
    let mut m = HashMap::new();
    for f in out {
        *m.entry(f).or_insert(0) += 1;
    }
    m
}

/// F1 of `got` against `want`, with the facts that differ.
pub fn compare(want: &Document, got: &Document) -> (f64, Vec<String>) {
    let (w, g) = (facts(want), facts(got));
    let mut tp = 0usize;
    let mut diff = Vec::new();
    for (k, &c) in &w {
        let have = g.get(k).copied().unwrap_or(0);
        tp += c.min(have);
        if have < c {
            diff.push(format!("missing {k}"));
        }
    }
    for (k, &c) in &g {
        if w.get(k).copied().unwrap_or(0) < c {
            diff.push(format!("extra   {k}"));
        }
    }
    let (nw, ng): (usize, usize) = (w.values().sum(), g.values().sum());
    let p = if ng == 0 { 0.0 } else { tp as f64 / ng as f64 };
    let r = if nw == 0 { 0.0 } else { tp as f64 / nw as f64 };
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    diff.sort();
    (f1, diff)
}
