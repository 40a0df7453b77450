//! The review on the hand-checked truth documents of the five published seeds:
//! each family fires somewhere, the defects the truth notes describe are found,
//! and the error-level findings are exactly the ones a reviewer agrees with.

use jixiao_core::review::{review, Family, Finding, RuleConfig, Severity};
use jixiao_core::Document;

/// The truth documents by file stem, or `None` (skip) when they are missing.
fn truth() -> Option<Vec<(String, Document)>> {
    Some(
        jixiao_fixtures::truths()?
            .into_iter()
            .map(|(name, text)| {
                let doc = Document::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                (name.trim_end_matches(".json").to_string(), doc)
            })
            .collect(),
    )
}

fn findings(docs: &[(String, Document)], prefix: &str) -> Vec<Finding> {
    let (_, doc) = docs.iter().find(|(s, _)| s.starts_with(prefix)).unwrap_or_else(|| panic!("no truth document {prefix}"));
    review(doc, &RuleConfig::default())
}

fn errors(f: &[Finding]) -> Vec<(String, Option<i64>)> {
    f.iter().filter(|x| x.severity == Severity::Error).map(|x| (x.rule.clone(), x.place.seq)).collect()
}

fn count(f: &[Finding], rule: &str) -> usize {
    f.iter().filter(|x| x.rule == rule).count()
}

#[test]
fn every_family_fires_on_some_seed() {
    let Some(docs) = truth() else { return };
    for fam in Family::ALL {
        let hit = docs.iter().any(|(_, d)| review(d, &RuleConfig::default()).iter().any(|f| f.family == fam));
        assert!(hit, "{fam:?} fires on no seed");
    }
}

#[test]
fn seed_000_codes_names_and_values() {
    let Some(docs) = truth() else { return };
    let f = findings(&docs, "000");
    // The six contradicting codes of the truth notes.
    assert_eq!(count(&f, "TAXONOMY/L2-PARENT"), 5);
    assert_eq!(count(&f, "TAXONOMY/LEVEL-SWAP"), 1);
    // Period values that repeat the name (P4#2, P12#1).
    assert_eq!(count(&f, "STRUCTURE/VALUE-IS-NAME"), 2);
    assert_eq!(count(&f, "MEASURABILITY/VAGUE"), 3);
    assert!(count(&f, "CONSISTENCY/COPIED-BLOCK") >= 1);
    assert!(count(&f, "CONSISTENCY/COPIED-GOAL") >= 1);
    // 2023 table: every project lacks a cost indicator.
    assert_eq!(count(&f, "COMPLETENESS/COST"), 16);
    assert!(f.iter().all(|x| x.family != Family::Arithmetic), "the figures add up");
    assert_eq!(errors(&f).len(), 12, "{:#?}", errors(&f));
}

#[test]
fn seed_001_sums_money_and_fragments() {
    let Some(docs) = truth() else { return };
    let f = findings(&docs, "001");
    assert_eq!(count(&f, "ARITHMETIC/UNIT-SUM"), 1);
    assert_eq!(count(&f, "ARITHMETIC/TOTAL-SUM"), 0);
    assert_eq!(count(&f, "MONEY/EXCEEDS-BUDGET"), 1);
    assert_eq!(count(&f, "MONEY/UNREADABLE"), 2);
    assert_eq!(count(&f, "MONEY/NO-UNIT"), 1);
    assert_eq!(count(&f, "TAXONOMY/CODE-NAME"), 2);
    assert_eq!(count(&f, "TAXONOMY/LEVEL-SWAP"), 1);
    assert_eq!(count(&f, "STRUCTURE/NO-GOAL"), 1);
    assert_eq!(count(&f, "STRUCTURE/NO-VALUE"), 1);
    assert_eq!(count(&f, "MEASURABILITY/VAGUE"), 1);
    assert_eq!(count(&f, "CONSISTENCY/SAME-NAME"), 1);
    assert_eq!(count(&f, "CONSISTENCY/PAST-YEAR"), 1);
    assert_eq!(errors(&f).len(), 23, "{:#?}", errors(&f));
}

#[test]
fn seed_002_003_004_departments() {
    let Some(docs) = truth() else { return };
    let f2 = findings(&docs, "002");
    assert_eq!(errors(&f2), vec![("STRUCTURE/VALUE-IS-METRIC".to_string(), None)]);
    let f3 = findings(&docs, "003");
    assert!(errors(&f3).is_empty(), "{:#?}", errors(&f3));
    let f4 = findings(&docs, "004");
    assert_eq!(errors(&f4), vec![("COMPLETENESS/OUTCOME".to_string(), None)]);
    assert_eq!(count(&f4, "CONSISTENCY/PAST-YEAR"), 2);
    assert_eq!(count(&f4, "ARITHMETIC/TASK-MONEY-PROJECTS"), 1);
    for f in [&f2, &f3, &f4] {
        assert!(f.iter().all(|x| !(x.family == Family::Arithmetic && x.severity == Severity::Error)), "the figures add up");
    }
}

#[test]
fn reviewing_is_deterministic_and_quick() {
    let Some(docs) = truth() else { return };
    let cfg = RuleConfig::default();
    let first: Vec<Vec<Finding>> = docs.iter().map(|(_, d)| review(d, &cfg)).collect();
    let start = std::time::Instant::now();
    let again: Vec<Vec<Finding>> = docs.iter().map(|(_, d)| review(d, &cfg)).collect();
    let took = start.elapsed();
    assert_eq!(first, again);
    // Generous: debug builds are slow; the release figure is in docs/bench-review.md.
    assert!(took.as_millis() < 2000, "review of the seeds took {took:?}");
}
