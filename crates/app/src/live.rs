//! Live review while a table is being written: the parsed target of every
//! indicator and the findings of the same rules as `jixiao check`.

use jixiao_core::target::Target;
use jixiao_core::Document;
use jixiao_store::NewFinding;

/// The answer of [`review`].
#[derive(Debug, Clone)]
pub struct LiveReview {
    /// The parsed target of every indicator, in document order.
    pub targets: Vec<Option<Target>>,
    /// The findings (each with the document index of its indicator).
    pub findings: Vec<NewFinding>,
}

/// Reviews a document being written.
pub fn review(doc: &Document) -> LiveReview {
    LiveReview { targets: doc.indicators().iter().map(|i| i.target()).collect(), findings: crate::findings::review(doc) }
}
