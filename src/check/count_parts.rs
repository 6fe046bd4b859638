//! Counts the narrative breaks down: `共有车辆7辆，其中一般公务用车7辆、执勤执法用车0辆`,
//! `单位价值50万元以上设备0台，其中，单位价值100万元以上设备0台`. One part after `其中` is part
//! of the total before it, at most the total; a list that names a category with nothing in it
//! (`执勤执法用车0辆`) or ends with the rest (`其他用车1辆`) enumerates every category, and sums
//! to the total exactly. Vehicles of several categories are as many as the total at most;
//! other lists of several parts may overlap (`现有专任教师3277人，其中正
//! 高级职称871人、…博士生导师655人`) and are not summed.

use super::comparison::sentences_with;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::Disclosure;
use crate::extract::narrative::compact_spaces;
use regex::Regex;
use std::sync::LazyLock;

/// A count right before `其中`: the total the parts after it make up.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<u>辆|台|个|人|家|套|项)(?:[（(]套[）)])?[，,]?其中[：:，,]?")
        .expect("static regex")
});
/// A count in a list.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<u>辆|台|个|人|家|套|项)").expect("static regex")
});

struct Part {
    label: String,
    count: i64,
}

/// The parts of the list that starts at `text[from..]`, in the unit of its total, up to the end
/// of the clause group (`；` or `。`). `None` where the list states anything in another unit
/// (`其中：公务用车3辆、设备2台` is no breakdown of either).
fn parts(text: &str, from: usize, unit: &str) -> Option<Vec<Part>> {
    let rest = &text[from..];
    let end = rest.find(['；', ';', '。']).unwrap_or(rest.len());
    let list = &rest[..end];
    let mut out = Vec::new();
    let mut label_from = 0;
    for c in PART.captures_iter(list) {
        let (Some(n), Some(u)) = (c.name("n"), c.name("u")) else {
            continue;
        };
        // The part of a decimal (`1.5台`) is no count.
        if list[..n.start()].ends_with(['.', '．']) {
            continue;
        }
        // A figure of money or a year is no count (`单价100万元以上设备`).
        if list[n.end()..].starts_with(['万', '元', '年', '%', '％']) {
            continue;
        }
        if u.as_str() != unit {
            return None;
        }
        let count = n.as_str().replace(',', "").parse::<i64>().ok()?;
        let label_start = list[label_from..n.start()]
            .rfind(['、', '，', ',', '：', ':'])
            .map_or(label_from, |i| {
                label_from
                    + i
                    + list[label_from + i..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8)
            });
        let label = list[label_start..n.start()].to_string();
        label_from = u.end();
        out.push(Part { label, count });
    }
    Some(out)
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    for (block, sentence) in sentences_with(&d.paragraphs, &['其']) {
        let text = compact_spaces(&sentence);
        for total in TOTAL.captures_iter(&text) {
            let (Some(whole), Some(n), Some(unit)) =
                (total.get(0), total.name("n"), total.name("u"))
            else {
                continue;
            };
            let Ok(stated) = n.as_str().replace(',', "").parse::<i64>() else {
                continue;
            };
            let Some(parts) = parts(&text, whole.end(), unit.as_str()) else {
                continue;
            };
            if parts.is_empty() {
                continue;
            }
            let every_category = parts.iter().any(|p| p.count == 0)
                || parts.last().is_some_and(|p| p.label.starts_with("其他"));
            // Several parts that do not name every category may overlap (`正高级职称…、博士生
            // 导师…`) and bound nothing, but for vehicles: a vehicle is of one category.
            let relation = match (every_category, parts.len(), unit.as_str()) {
                (true, _, _) => Relation::Equal,
                (false, 1, _) | (false, _, "辆") => Relation::AtMost,
                (false, _, _) => continue,
            };
            let sum: i64 = parts.iter().map(|p| p.count).sum();
            let passed = match relation {
                Relation::Equal => sum == stated,
                Relation::AtMost => sum <= stated,
            };
            let listed = parts
                .iter()
                .map(|p| format!("{} {}", p.label, p.count))
                .collect::<Vec<_>>()
                .join("、");
            let short: String = text[..whole.end()].chars().rev().take(30).collect();
            let short: String = short.chars().rev().collect();
            let u = unit.as_str();
            let message = match (relation, passed) {
                (Relation::Equal, true) => format!(
                    "sentence “…{short}” (block {block}): its parts ({listed}) make its total {stated}{u}"
                ),
                (Relation::AtMost, true) => format!(
                    "sentence “…{short}” (block {block}): its parts ({listed}) sum to {sum}{u}, within its total {stated}{u}"
                ),
                (Relation::Equal, false) => format!(
                    "sentence “…{short}” (block {block}): its parts ({listed}), which name every category, sum to {sum}{u}, but its total is {stated}{u}"
                ),
                (Relation::AtMost, false) => format!(
                    "sentence “…{short}” (block {block}): its parts ({listed}) sum to {sum}{u}, more than its total {stated}{u}"
                ),
            };
            out.push(CheckResult {
                rule: rule::NARRATIVE_SUM,
                status: if passed { Status::Pass } else { Status::Fail },
                note: None,
                relation,
                involves: vec![Involved::Text {
                    block,
                    text: sentence.trim().to_string(),
                }],
                expected: Some(Value::Number(stated)),
                actual: Some(Value::Number(sum)),
                difference: None,
                tolerance: None,
                message,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(text: &str) -> Option<Vec<(String, i64)>> {
        let total = TOTAL.captures(text)?;
        let end = total.get(0)?.end();
        let unit = total.name("u")?.as_str();
        parts(text, end, unit).map(|p| p.into_iter().map(|p| (p.label, p.count)).collect())
    }

    #[test]
    fn the_list_after_its_total_is_read_to_the_clause_groups_end() {
        assert_eq!(
            listed("共有车辆7辆，其中一般公务用车7辆、执勤执法用车0辆。2026年安排购置车辆1辆"),
            Some(vec![
                ("一般公务用车".to_string(), 7),
                ("执勤执法用车".to_string(), 0)
            ])
        );
        assert_eq!(
            listed("单位价值50万元以上设备0台，其中，单位价值100万元以上设备0台。"),
            Some(vec![("单位价值100万元以上设备".to_string(), 0)])
        );
        assert_eq!(listed("共有车辆3辆，其中：公务用车3辆、设备2台。"), None);
    }
}
