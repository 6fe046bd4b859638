//! A published text, changed the way a careless edit would, and the checks the pipeline runs
//! on it: the tools of the tests that hold the checks to what a reviewer finds.

use budget_extract::check::{CheckResult, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::Limits;
use std::path::Path;

pub fn text(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with `from` replaced once by `to`; `from` must be there.
pub fn mutated(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the text no longer holds {from:?}");
    text.replacen(from, to, 1)
}

pub fn checks(name: &str, text: &str) -> Vec<CheckResult> {
    process_bytes_listing(name, text.as_bytes(), &Limits::default(), ChecksListed::All)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .checks
}

pub fn failures<'a>(checks: &'a [CheckResult], rule: &str) -> Vec<&'a CheckResult> {
    checks
        .iter()
        .filter(|c| c.rule == rule && c.status == Status::Fail)
        .collect()
}

pub fn passes(checks: &[CheckResult], rule: &str) -> usize {
    checks
        .iter()
        .filter(|c| c.rule == rule && c.status == Status::Pass)
        .count()
}

/// The one failure of `rule` whose message holds `needle`.
pub fn failure_naming<'a>(checks: &'a [CheckResult], rule: &str, needle: &str) -> &'a CheckResult {
    let found = failures(checks, rule);
    let naming: Vec<&&CheckResult> = found
        .iter()
        .filter(|c| c.message.contains(needle))
        .collect();
    assert_eq!(
        naming.len(),
        1,
        "{rule} failures naming {needle}: {found:#?}"
    );
    naming[0]
}
