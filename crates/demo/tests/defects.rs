//! Injected defects: each one is where the record says and is what it says;
//! documents without records are clean; the rate controls how many there are.

mod common;

use std::collections::HashSet;

use jixiao_core::{Body, Document, Indicator};
use jixiao_demo::{generate_annotated, Corpus, DefectKind, DemoConfig, InjectedDefect};
use serde_json::Value;

fn corpus(seed: u64, rate: f64) -> Corpus {
    generate_annotated(&DemoConfig { seed, districts: 4, years: 2019..=2025, departments_per_district: 10, defect_rate: rate })
}

fn indicator(v: &Value) -> Indicator {
    serde_json::from_value(v.clone()).expect("an indicator")
}

fn list(v: &Value) -> Vec<Indicator> {
    serde_json::from_value(v.clone()).expect("an indicator list")
}

/// Every indicator list of a document, as JSON.
fn lists(doc: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for u in doc["units"].as_array().into_iter().flatten() {
        for p in u["projects"].as_array().into_iter().flatten() {
            out.push(&p["indicators"]);
        }
    }
    for plan in doc["plans"].as_array().into_iter().flatten() {
        out.push(&plan["indicators"]);
        for t in plan["tasks"].as_array().into_iter().flatten() {
            out.push(&t["indicators"]);
        }
    }
    out
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map(|(a, _)| a).unwrap_or("")
}

fn check(doc: &Document, d: &InjectedDefect) {
    let json = doc.to_json();
    let here = common::at_path(&json, &d.path).unwrap_or_else(|| panic!("{}: no {}", d.source, d.path));
    let year = doc.year.unwrap();
    let what = format!("{} {} at {}", d.source, d.kind.id(), d.path);
    match d.kind {
        DefectKind::CodeMismatch => assert!(!common::codes_agree(&indicator(here)), "{what}"),
        DefectKind::VagueValue => {
            let v = indicator(here).annual_value.unwrap();
            assert!(common::VAGUE.contains(&v.as_str()), "{what}: {v}");
        }
        DefectKind::ValueRestatesName => {
            let ind = indicator(here);
            assert_eq!(ind.annual_value.as_deref(), Some(ind.name.as_str()), "{what}");
        }
        DefectKind::DuplicateSeq => {
            let (list_path, last) = d.path.rsplit_once('[').unwrap();
            let i: usize = last.trim_end_matches(']').parse().unwrap();
            let inds = list(common::at_path(&json, list_path).unwrap());
            assert!(i > 0 && inds[i].seq.is_some() && inds[i].seq == inds[i - 1].seq, "{what}");
        }
        DefectKind::PastYear => {
            let v = indicator(here).annual_value.unwrap();
            assert!(common::years_in(&v).iter().any(|y| *y < year), "{what}: {v}");
        }
        DefectKind::CostExceedsBudget => {
            let ind = indicator(here);
            let project = common::at_path(&json, parent(&d.path)).unwrap();
            let budget: rust_decimal::Decimal = serde_json::from_value(project["amounts"]["total"].clone()).unwrap();
            let m = common::money_in(&ind).unwrap_or_else(|| panic!("{what}: no amount"));
            assert!(common::is_cost(&ind) && m > budget, "{what}: {m} vs {budget}");
        }
        DefectKind::MissingSatisfaction => {
            assert!(!list(here).iter().any(common::is_satisfaction), "{what}");
        }
        DefectKind::CopiedIndicators => {
            let others = lists(&json).into_iter().filter(|l| !std::ptr::eq(*l, here) && *l == here).count();
            assert!(others >= 1, "{what}: no identical block elsewhere");
        }
        DefectKind::TotalMismatch => assert!(common::sums(doc).is_err(), "{what}"),
    }
}

#[test]
fn every_defect_is_where_and_what_the_record_says() {
    let c = corpus(31, 0.4);
    assert!(c.defects.len() > 100, "{} defects", c.defects.len());
    for d in &c.defects {
        let doc = &c.documents[d.document];
        assert_eq!(doc.source, d.source);
        check(doc, d);
    }
}

#[test]
fn every_kind_of_defect_is_injected() {
    let c = corpus(32, 0.5);
    let kinds: HashSet<DefectKind> = c.defects.iter().map(|d| d.kind).collect();
    for k in DefectKind::ALL {
        assert!(kinds.contains(&k), "{} never injected", k.id());
    }
    let ids: HashSet<&str> = DefectKind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(ids.len(), DefectKind::ALL.len());
}

#[test]
fn documents_without_records_are_clean() {
    let c = corpus(33, 0.3);
    let marked: HashSet<usize> = c.defects.iter().map(|d| d.document).collect();
    assert!(marked.len() < c.documents.len());
    for (i, doc) in c.documents.iter().enumerate() {
        if !marked.contains(&i) {
            if let Err(e) = common::clean(doc) {
                panic!("{} has no recorded defect but: {e}", doc.source);
            }
        }
    }
}

#[test]
fn defects_change_nothing_else() {
    let clean = corpus(34, 0.0);
    let dirty = corpus(34, 0.3);
    assert_eq!(clean.documents.len(), dirty.documents.len());
    let marked: HashSet<usize> = dirty.defects.iter().map(|d| d.document).collect();
    for (i, (a, b)) in clean.documents.iter().zip(&dirty.documents).enumerate() {
        if marked.contains(&i) {
            assert_ne!(a, b, "{}: a recorded defect changes the document", a.source);
        } else {
            assert_eq!(a, b, "{}", a.source);
        }
    }
}

#[test]
fn the_rate_controls_how_many_defects() {
    let count = |rate| corpus(35, rate).defects.len();
    let (low, mid, high) = (count(0.02), count(0.1), count(0.5));
    assert!(low < mid && mid < high, "{low} {mid} {high}");
    // At rate 1 every project and every plan gets one.
    let c = corpus(35, 1.0);
    let projects: usize = c
        .documents
        .iter()
        .map(|d| match &d.body {
            Body::Project(t) => t.units.iter().map(|u| u.projects.len()).sum::<usize>(),
            Body::Department(t) => t.plans.len(),
        })
        .sum();
    let per_place = c.defects.iter().filter(|d| d.kind != DefectKind::TotalMismatch).count();
    assert!(per_place >= projects, "{per_place} defects for {projects} projects and plans");
    // The expected share: about rate × places (within a wide margin).
    let c = corpus(35, 0.1);
    let places: usize = c
        .documents
        .iter()
        .map(|d| match &d.body {
            Body::Project(t) => t.units.iter().map(|u| u.projects.len()).sum::<usize>(),
            Body::Department(t) => t.plans.len(),
        })
        .sum();
    let n = c.defects.iter().filter(|d| d.kind != DefectKind::TotalMismatch).count() as f64;
    let expected = places as f64 * 0.1;
    assert!(n > expected * 0.6 && n < expected * 1.6, "{n} vs {expected}");
}

