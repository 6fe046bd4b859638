//! `check`: arithmetic and cross-table/narrative consistency of an extracted disclosure.

use crate::extract::model::Disclosure;
use serde::Serialize;

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub rule: String,
    pub status: String,
}

/// Runs every check that applies to the disclosure.
pub fn check(_disclosure: &Disclosure) -> Vec<CheckResult> {
    Vec::new()
}
