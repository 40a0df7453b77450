//! Adapts the review engine's findings to what the store keeps: the place as
//! JSON, and the position of the indicator a finding concerns in document order.

use jixiao_core::review::{self, RuleConfig};
use jixiao_core::Document;
use jixiao_store::NewFinding;

/// Reviews a document with the default policy.
pub fn review(doc: &Document) -> Vec<NewFinding> {
    review::review(doc, &RuleConfig::default())
        .into_iter()
        .map(|f| NewFinding {
            indicator: f.place.document_index(),
            place: serde_json::to_value(&f.place).unwrap_or(serde_json::Value::Null),
            rule: f.rule,
            family: f.family.id().to_string(),
            severity: f.severity.as_str().to_string(),
            message: f.message,
        })
        .collect()
}
