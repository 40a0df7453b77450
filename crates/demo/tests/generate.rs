//! Properties of generated corpora: determinism, round trips, sizes, clean
//! documents at defect rate 0, sums, names, kinds and years.

mod common;

use std::collections::{HashMap, HashSet};

use jixiao_core::{Body, Document, Kind};
use jixiao_demo::{generate, generate_annotated, generate_indicators, DefectKind, DemoConfig};

fn cfg(seed: u64, districts: usize, depts: usize, years: std::ops::RangeInclusive<i32>, rate: f64) -> DemoConfig {
    DemoConfig { seed, districts, years, departments_per_district: depts, defect_rate: rate }
}

#[test]
fn same_seed_same_output_other_seed_other_output() {
    let a = generate(&DemoConfig::default());
    let b = generate(&DemoConfig::default());
    assert_eq!(a, b);
    let c = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
    assert_ne!(a, c);
    assert_eq!(generate_annotated(&DemoConfig::default()), generate_annotated(&DemoConfig::default()));
}

#[test]
fn default_is_small_and_has_both_kinds() {
    let corpus = generate_annotated(&DemoConfig::default());
    assert_eq!(corpus.documents.len(), 3 * 4 * 3 * 2);
    let n = corpus.indicator_count();
    assert!((1500..6000).contains(&n), "{n} indicators");
    let kinds: HashSet<Kind> = corpus.documents.iter().map(Document::kind).collect();
    assert!(kinds.contains(&Kind::Project) && kinds.contains(&Kind::Department));
    assert!(!corpus.defects.is_empty(), "the default rate injects some defects");
}

#[test]
fn every_document_round_trips_through_json() {
    let docs = generate(&cfg(11, 3, 10, 2019..=2025, 0.3));
    for doc in &docs {
        let text = doc.to_json_pretty();
        let back = Document::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", doc.source));
        assert_eq!(&back, doc, "{}", doc.source);
        assert_eq!(back.to_json(), doc.to_json());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], "perf-targets/1");
    }
}

#[test]
fn counts_scale_with_the_config() {
    let small = generate_annotated(&cfg(3, 1, 2, 2024..=2024, 0.0));
    assert_eq!(small.documents.len(), 4);
    let more_years = generate_annotated(&cfg(3, 1, 2, 2022..=2025, 0.0));
    assert_eq!(more_years.documents.len(), 16);
    let more_districts = generate_annotated(&cfg(3, 4, 2, 2024..=2024, 0.0));
    assert_eq!(more_districts.documents.len(), 16);
    assert!(more_districts.indicator_count() > small.indicator_count());
    // Departments are capped at the number of kinds.
    let kinds = jixiao_demo::department_kinds().len();
    assert!(kinds >= 8);
    let all = generate(&cfg(3, 1, 100, 2024..=2024, 0.0));
    assert_eq!(all.len(), kinds * 2);
    assert!(generate(&cfg(3, 0, 4, 2024..=2024, 0.0)).is_empty());
    // A district's first documents do not change when more districts are asked for.
    assert_eq!(&more_districts.documents[..4], &small.documents[..]);
}

#[test]
fn defect_rate_zero_gives_clean_documents() {
    let corpus = generate_annotated(&cfg(5, 6, 10, 2019..=2025, 0.0));
    assert!(corpus.defects.is_empty());
    for doc in &corpus.documents {
        if let Err(e) = common::clean(doc) {
            panic!("{}: {e}", doc.source);
        }
    }
}

#[test]
fn sums_add_up_unless_a_total_defect_was_injected() {
    let corpus = generate_annotated(&cfg(8, 6, 10, 2021..=2025, 0.5));
    let broken: HashSet<usize> =
        corpus.defects.iter().filter(|d| d.kind == DefectKind::TotalMismatch).map(|d| d.document).collect();
    assert!(!broken.is_empty(), "rate 0.5 over 600 documents injects some total defects");
    for (i, doc) in corpus.documents.iter().enumerate() {
        let r = common::sums(doc);
        if broken.contains(&i) {
            assert!(r.is_err(), "{}: injected total defect not visible", doc.source);
        } else if let Err(e) = r {
            panic!("{}: {e}", doc.source);
        }
    }
}

#[test]
fn department_project_expenditure_matches_the_project_table() {
    let docs = generate(&cfg(9, 3, 10, 2021..=2025, 0.0));
    for pair in docs.chunks(2) {
        let (Body::Project(p), Body::Department(d)) = (&pair[0].body, &pair[1].body) else {
            panic!("documents come in project/department pairs");
        };
        assert_eq!(pair[0].department, pair[1].department);
        assert_eq!(pair[0].year, pair[1].year);
        let project_expenditure = d.figures.iter().find(|f| f.label == "项目支出").map(|f| f.value);
        if let Some(v) = project_expenditure {
            assert_eq!(Some(v), p.totals.total, "{}", pair[1].source);
        }
    }
}

#[test]
fn names_are_never_empty_and_strings_are_clean() {
    let docs = generate(&cfg(13, 4, 10, 2020..=2025, 0.3));
    let ok = |s: &str, what: &str, src: &str| {
        assert!(!s.is_empty(), "{src}: empty {what}");
        assert_eq!(s, s.trim(), "{src}: untrimmed {what}");
        assert!(!s.contains("  "), "{src}: double space in {what}");
    };
    let mut sources = HashSet::new();
    for doc in &docs {
        let src = doc.source.as_str();
        assert!(sources.insert(src.to_string()), "duplicate source {src}");
        ok(src, "source", src);
        ok(&doc.department, "department", src);
        ok(doc.title.as_deref().unwrap_or(""), "title", src);
        assert_eq!(doc.money_unit, "万元");
        for ind in doc.indicators() {
            ok(&ind.name, "indicator name", src);
            for v in [&ind.annual_value, &ind.period_value, &ind.level1, &ind.level2, &ind.explanation].into_iter().flatten() {
                ok(v, "indicator field", src);
            }
            assert!(ind.annual_value.is_some(), "{src}: {} has no value", ind.name);
        }
        match &doc.body {
            Body::Project(t) => {
                assert!(!t.units.is_empty());
                for u in &t.units {
                    ok(&u.name, "unit", src);
                    assert!(!u.projects.is_empty());
                    for p in &u.projects {
                        ok(&p.name, "project", src);
                        assert!((1..=12).contains(&p.indicators.len()), "{src}: {} has {}", p.name, p.indicators.len());
                    }
                }
            }
            Body::Department(t) => {
                assert!(!t.figures.is_empty() && !t.plans.is_empty());
                for f in &t.figures {
                    ok(&f.label, "figure label", src);
                }
                for p in &t.plans {
                    ok(p.goal.as_deref().unwrap_or(""), "plan goal", src);
                    for task in &p.tasks {
                        ok(&task.name, "task", src);
                    }
                }
            }
        }
    }
}

#[test]
fn years_are_in_range_and_in_the_source_name() {
    let docs = generate(&cfg(17, 2, 5, 2021..=2023, 0.1));
    let mut per_year: HashMap<i32, usize> = HashMap::new();
    for doc in &docs {
        let y = doc.year.expect("every demo document prints its year");
        assert!((2021..=2023).contains(&y));
        assert!(doc.source.contains(&format!("-{y}-")), "{}", doc.source);
        assert!(doc.title.as_deref().unwrap_or("").contains(&y.to_string()));
        let kind = doc.kind().as_str();
        assert!(doc.source.starts_with("demo/") && doc.source.ends_with(&format!("-{kind}.json")));
        *per_year.entry(y).or_default() += 1;
    }
    assert_eq!(per_year.len(), 3);
}

#[test]
fn many_kinds_and_all_layout_styles_appear() {
    let docs = generate(&cfg(21, 3, 10, 2024..=2024, 0.0));
    let kinds: HashSet<&str> =
        jixiao_demo::department_kinds().into_iter().filter(|k| docs.iter().any(|d| d.department.ends_with(k))).collect();
    assert!(kinds.len() >= 8, "{kinds:?}");
    let inds: Vec<_> = docs.iter().flat_map(|d| d.indicators()).collect();
    assert!(inds.iter().any(|i| i.level1_code.as_deref() == Some("1") && i.level2_code.as_deref() == Some("11")));
    assert!(inds.iter().any(|i| i.level1_code.as_deref() == Some("01")));
    assert!(inds.iter().any(|i| i.comparator.as_deref() == Some(">=") && i.unit.as_deref() == Some("%")));
    assert!(inds.iter().any(|i| i.weight.is_some() && i.nature.is_some()));
    let labels: HashSet<&str> = docs
        .iter()
        .filter_map(|d| if let Body::Department(t) = &d.body { Some(t) } else { None })
        .flat_map(|t| t.figures.iter().map(|f| f.label.as_str()))
        .collect();
    for l in ["基本支出", "项目支出", "财政拨款", "总额", "财政供养人员数"] {
        assert!(labels.contains(l), "no figure {l}");
    }
    assert!(docs.iter().any(|d| matches!(&d.body, Body::Department(t) if t.plans.len() == 2)));
}

#[test]
fn satisfaction_everywhere_and_cost_in_most_projects_from_2021() {
    let docs = generate(&cfg(23, 4, 10, 2021..=2025, 0.0));
    let (mut projects, mut with_cost, mut new_framework) = (0, 0, 0);
    for doc in &docs {
        if let Body::Project(t) = &doc.body {
            for p in t.units.iter().flat_map(|u| &u.projects) {
                projects += 1;
                assert!(p.indicators.iter().any(common::is_satisfaction));
                if p.indicators.iter().any(common::is_cost) {
                    with_cost += 1;
                }
                if p.indicators.iter().any(|i| i.level2.as_deref().is_some_and(|l| l.starts_with("经济成本"))) {
                    new_framework += 1;
                }
            }
        }
    }
    assert!(with_cost * 10 >= projects * 7, "{with_cost} of {projects} projects have a cost indicator");
    assert!(new_framework * 2 >= with_cost, "cost mostly printed as 成本指标 → 经济成本");
}

#[test]
fn bulk_generation_reaches_the_requested_size() {
    assert!(generate_indicators(1, 0).is_empty());
    let docs = generate_indicators(1, 5_000);
    let n: usize = docs.iter().map(|d| d.indicators().len()).sum();
    assert!(n >= 5_000, "{n}");
    let last = docs.last().map(|d| d.indicators().len()).unwrap_or(0);
    assert!(n - last < 5_000, "stops as soon as the size is reached");
    assert_eq!(docs, generate_indicators(1, 5_000));
    let years: HashSet<i32> = docs.iter().filter_map(|d| d.year).collect();
    assert!(years.iter().all(|y| (2021..=2025).contains(y)));
}
