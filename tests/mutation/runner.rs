//! Runs the files of a disclosure through read → extract → check → emit in-process, as a bulk
//! run does (a department's narrative and tables published as two files are checked across
//! both), and compares a mutant's failures with the unmutated disclosure's.

use budget_extract::emit::{self, ChecksListed};
use budget_extract::extract::model::Disclosure;
use budget_extract::pipeline::disclosures::render;
use budget_extract::pipeline::{check_bytes, Checked};
use budget_extract::read::Limits;
use serde_json::Value;
use std::collections::BTreeMap;

/// One failing check, as compared across mutants: its rule, the file and figures it involves
/// (without block numbers, which shift when a table is dropped) and its message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    pub rule: String,
    pub location: String,
    pub message: String,
}

/// What a run of one disclosure gave.
pub struct Observation {
    /// Each failure with how many checks failed with it.
    pub failures: BTreeMap<Failure, usize>,
    /// The extraction's shape: per file the department, year, kind, tables with their rows
    /// and columns, facts, checks run per rule.
    pub shape: String,
    /// Each file's extraction, in the order the files were given.
    pub disclosures: Vec<Disclosure>,
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

/// The figures a check involves as its JSON lists them, without block numbers and values.
fn location(involves: &Value) -> String {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    involves
        .as_array()
        .map(|all| {
            all.iter()
                .map(|i| match i.get("fact") {
                    Some(_) => format!("fact {}/{}", text(i, "fact"), text(i, "label")),
                    None => format!(
                        "{}/{}/{}/{}",
                        text(i, "table"),
                        text(i, "side"),
                        text(i, "row"),
                        text(i, "column")
                    ),
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
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

/// Reads, extracts and checks the files of one disclosure (`(name, text)`), with the checks
/// across files when they are its narrative and its tables, and collects the failures each
/// file's JSON lists. Only failed and skipped checks are listed (every check is still
/// counted): a detection compares failures only.
pub fn observe(files: &[(&str, &str)]) -> Result<Observation, String> {
    let mut checked = Vec::with_capacity(files.len());
    for (name, text) in files {
        let one = check_bytes(
            name,
            text.as_bytes(),
            emit::sha256_hex(text.as_bytes()),
            &Limits::default(),
            ChecksListed::Findings,
        )
        .map_err(|e| e.to_string())?;
        checked.push(one);
    }
    let outputs: Vec<String> = files
        .iter()
        .map(|(name, _)| format!("{name}.json"))
        .collect();
    let written = render(checked, &outputs, ChecksListed::Findings).map_err(|e| e.to_string())?;
    let mut failures = BTreeMap::new();
    let mut shapes = Vec::with_capacity(files.len());
    let mut disclosures = Vec::with_capacity(files.len());
    for (file, (name, _)) in written.into_iter().zip(files) {
        let json: Value = serde_json::from_slice(&file.json).map_err(|e| e.to_string())?;
        let listed = json.get("checks").and_then(Value::as_array);
        for check in listed.into_iter().flatten() {
            if check.get("status").and_then(Value::as_str) != Some("fail") {
                continue;
            }
            let field = |key: &str| check.get(key).and_then(Value::as_str).unwrap_or("");
            let failure = Failure {
                rule: field("rule").to_string(),
                location: format!(
                    "{name}: {}",
                    location(check.get("involves").unwrap_or(&Value::Null))
                ),
                message: without_block_numbers(field("message")),
            };
            *failures.entry(failure).or_insert(0) += 1;
        }
        shapes.push(shape(&file.checked));
        disclosures.push(file.checked.disclosure);
    }
    Ok(Observation {
        failures,
        shape: shapes.join(" | "),
        disclosures,
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
