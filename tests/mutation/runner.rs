//! Runs a text through read → extract → check in-process and compares a mutant's failures with
//! the unmutated document's.

use budget_extract::check::{CheckResult, Involved, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::extract::model::Disclosure;
use budget_extract::pipeline::{check_bytes, Checked};
use budget_extract::read::Limits;
use std::collections::BTreeMap;

/// One failing check, as compared across mutants: its rule, the figures it involves (without
/// block numbers, which shift when a table is dropped) and its message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    pub rule: &'static str,
    pub location: String,
    pub message: String,
}

/// What a run of one text gave.
pub struct Observation {
    /// Each failure with how many checks failed with it.
    pub failures: BTreeMap<Failure, usize>,
    /// The extraction's shape: department, year, kind, tables with their rows and columns,
    /// facts, checks run per rule.
    pub shape: String,
    pub disclosure: Disclosure,
}

/// A mutant's fate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// A failure the unmutated document does not have (new, or with another message).
    Detected,
    /// No new failure, though the extraction's shape changed.
    ExtractedDifferently,
    /// No new failure and the same shape.
    Undetected,
    /// The mutant did not read or extract at all.
    ReadFailed,
}

/// Block numbers in messages (`合计 (block 12)`) shift when a table is dropped.
fn without_block_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("block ") {
        let (head, tail) = rest.split_at(at + "block ".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push('#');
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

fn location(check: &CheckResult) -> String {
    check
        .involves
        .iter()
        .map(|involved| match involved {
            Involved::Table {
                table,
                side,
                row,
                column,
                ..
            } => format!(
                "{table:?}/{side:?}/{row}/{}",
                column.as_deref().unwrap_or("")
            ),
            Involved::Fact { fact, label, .. } => {
                format!("fact {fact}/{}", label.as_deref().unwrap_or(""))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn shape(checked: &Checked) -> String {
    let d = &checked.disclosure;
    let tables: Vec<String> = d
        .tables
        .iter()
        .map(|t| format!("{:?}:{}x{}", t.kind, t.rows.len(), t.columns.len()))
        .collect();
    let checks: Vec<String> = checked
        .checks
        .counts()
        .iter()
        .map(|(rule, n)| format!("{rule}:{}", n.pass + n.fail + n.skipped))
        .collect();
    format!(
        "{:?} {:?} {:?} tables [{}] facts {} checks [{}]",
        d.department,
        d.fiscal_year,
        d.document_kind,
        tables.join(" "),
        d.facts.len(),
        checks.join(" ")
    )
}

/// Reads, extracts and checks `text`. Only failed and skipped checks are kept whole (every
/// check is still counted): a detection compares failures only.
pub fn observe(name: &str, text: &str) -> Result<Observation, String> {
    let checked = check_bytes(
        name,
        text.as_bytes(),
        String::new(),
        &Limits::default(),
        ChecksListed::Findings,
    )
    .map_err(|e| e.to_string())?;
    let mut failures = BTreeMap::new();
    for check in checked
        .checks
        .records()
        .iter()
        .filter(|c| c.status == Status::Fail)
    {
        let failure = Failure {
            rule: check.rule,
            location: location(check),
            message: without_block_numbers(&check.message),
        };
        *failures.entry(failure).or_insert(0) += 1;
    }
    let shape = shape(&checked);
    Ok(Observation {
        failures,
        shape,
        disclosure: checked.disclosure,
    })
}

/// The failures of `mutant` the unmutated document does not have (counted with repeats).
pub fn new_failures<'a>(base: &Observation, mutant: &'a Observation) -> Vec<&'a Failure> {
    mutant
        .failures
        .iter()
        .filter(|(failure, n)| base.failures.get(*failure).copied().unwrap_or(0) < **n)
        .map(|(failure, _)| failure)
        .collect()
}

/// Whether a failure's rule and figures are those of a failure the unmutated document already
/// has, so only its message changed (its figures moved, or a misread moved with them).
pub fn restates(base: &Observation, failure: &Failure) -> bool {
    base.failures
        .keys()
        .any(|b| b.rule == failure.rule && b.location == failure.location)
}

pub fn judge(base: &Observation, mutant: &Result<Observation, String>) -> Verdict {
    match mutant {
        Err(_) => Verdict::ReadFailed,
        Ok(m) if !new_failures(base, m).is_empty() => Verdict::Detected,
        Ok(m) if m.shape != base.shape => Verdict::ExtractedDifferently,
        Ok(_) => Verdict::Undetected,
    }
}

#[cfg(test)]
mod tests {
    use super::without_block_numbers;

    #[test]
    fn block_numbers_are_blanked_in_messages() {
        assert_eq!(
            without_block_numbers("expenditure 合计 (block 12) is 3 but block 4 says 5"),
            "expenditure 合计 (block #) is 3 but block # says 5"
        );
    }
}
