//! jixiao-core: the heart of jixiao. Plain data types and pure functions, no IO.
//!
//! - [`model`]: the domain model of a target table, serialised as `perf-targets/1`;
//! - [`taxonomy`]: the canonical indicator categories and code schemes;
//! - [`target`]: the target-value grammar (`不少于2000次` → `>= 2000 次`);
//! - [`review`]: the review rules (findings with a rule id, severity, message and place);
//! - [`workflow`]: the states of a document and the transitions between them;
//! - [`access`]: who may do what (role × action × state), one table;
//! - [`diff`]: field-by-field differences between two versions of a table;
//! - [`score`]: year-end self-evaluation scoring, every score with its formula.
#![warn(missing_docs)]

pub mod access;
pub mod date;
pub mod diff;
pub mod model;
pub mod monitor;
pub mod numfmt;
pub mod review;
pub mod score;
pub mod target;
pub mod taxonomy;
pub mod workflow;

pub use model::*;
