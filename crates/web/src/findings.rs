//! Adapts the review engine's findings to what the store keeps: the place as
//! JSON, and the position of the indicator a finding concerns in document order.

use jixiao_core::review::{self, Place, RuleConfig};
use jixiao_core::{Body, Document, Horizon};
use jixiao_store::NewFinding;

/// Where each indicator list of a document starts in [`Document::indicators`] order.
struct ListStarts {
    /// (unit, project, plan, task) → first position.
    starts: Vec<((Option<String>, Option<String>, Option<Horizon>, Option<String>), usize)>,
}

impl ListStarts {
    fn new(doc: &Document) -> Self {
        let mut starts = Vec::new();
        let mut at = 0;
        match &doc.body {
            Body::Project(t) => {
                for u in &t.units {
                    for p in &u.projects {
                        starts.push(((Some(u.name.clone()), Some(p.name.clone()), None, None), at));
                        at += p.indicators.len();
                    }
                }
            }
            Body::Department(t) => {
                for pl in &t.plans {
                    starts.push(((None, None, Some(pl.horizon), None), at));
                    at += pl.indicators.len();
                    for task in &pl.tasks {
                        starts.push(((None, None, Some(pl.horizon), Some(task.name.clone())), at));
                        at += task.indicators.len();
                    }
                }
            }
        }
        ListStarts { starts }
    }

    /// The document-order position of the indicator a place names.
    fn position(&self, p: &Place) -> Option<usize> {
        let n = p.indicator?.checked_sub(1)?;
        let exact = self.starts.iter().find(|((u, pr, pl, t), _)| {
            (p.unit.is_none() || *u == p.unit) && *pr == p.project && *pl == p.plan && *t == p.task
        });
        exact.map(|(_, start)| start + n)
    }
}

/// Reviews a document with the default policy.
pub fn review(doc: &Document) -> Vec<NewFinding> {
    let starts = ListStarts::new(doc);
    review::review(doc, &RuleConfig::default())
        .into_iter()
        .map(|f| NewFinding {
            indicator: starts.position(&f.place),
            place: serde_json::to_value(&f.place).unwrap_or(serde_json::Value::Null),
            rule: f.rule,
            family: f.family.id().to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_core::{Amounts, Indicator, Project, ProjectTable, Unit};

    #[test]
    fn places_map_to_document_positions() {
        let ind = |n: &str| Indicator::named(n);
        let project = |name: &str, k: usize| Project {
            name: name.into(),
            amounts: Amounts::default(),
            goal: None,
            indicators: (0..k).map(|i| ind(&format!("指标{i}"))).collect(),
        };
        let doc = Document {
            source: "x".into(),
            title: None,
            department: "某局".into(),
            year: Some(2024),
            money_unit: "万元".into(),
            body: Body::Project(ProjectTable {
                totals: Amounts::default(),
                units: vec![Unit { name: "某局".into(), amounts: Amounts::default(), projects: vec![project("甲", 2), project("乙", 3)] }],
            }),
        };
        let starts = ListStarts::new(&doc);
        let place = Place { unit: Some("某局".into()), project: Some("乙".into()), indicator: Some(2), ..Default::default() };
        assert_eq!(starts.position(&place), Some(3));
        assert_eq!(starts.position(&Place::default()), None);
    }
}
