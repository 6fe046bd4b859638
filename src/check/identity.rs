//! Identity: the fiscal year and the department that titles and narrative name agree with the
//! document's.

use super::figure::{kind_name, skipped, title_of};
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, DocumentKind};
use crate::extract::title::squeeze;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>20\d{2})\s*年").expect("static regex"));
/// Words before a year that make it the year compared with, not the year a sentence is about.
static COMPARED_WITH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:比|较|与|同|对比)\s*$").expect("static regex"));
/// A date as of which something is counted (`截至2025年12月`, `2025年底`): any year may be named.
static CUT_OFF_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:截止|截至|至|于|自|从)\s*$").expect("static regex"));
static CUT_OFF_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*年\s*(?:\d{1,2}\s*月|底|末|初)").expect("static regex"));
static LEADING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:附表|附件)\s*(?:\d{1,2}(?:\s*[-—.．]\s*\d{1,2})*)?\s*[:：、]?|\d{1,2}(?:\s*[-—.．]\s*\d{1,2})*\s*[:：、.．]|[（(]\d{1,2}[）)])\s*",
    )
    .expect("static regex")
});
static LEADING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^20\d{2}\s*年度?").expect("static regex"));
static PLACE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{1,7}?(?:特别行政区|自治区|自治州|省|市|区|县|州|盟|旗)")
        .expect("static regex")
});

/// How a table title begins when it names no department: with the table's own name.
const TABLE_NAME_STARTS: &[&str] = &[
    "部门",
    "单位",
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本",
    "收入",
    "支出",
    "收支",
    "政府采购",
    "采购",
    "项目",
    "三公",
    "机关运行",
    "预算",
    "决算",
    "基本支出",
    "整体",
    "表",
];

fn result(
    rule: &'static str,
    passed: bool,
    involves: Vec<Involved>,
    expected: Value,
    actual: Value,
    message: String,
) -> CheckResult {
    CheckResult {
        rule,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves,
        expected: Some(expected),
        actual: Some(actual),
        difference: None,
        tolerance: None,
        message,
    }
}

fn fiscal_year(d: &Disclosure, out: &mut Checks) {
    let Some(fy) = d.fiscal_year else {
        if !d.tables.is_empty() || !d.facts.is_empty() {
            out.push(skipped(
                rule::FISCAL_YEAR,
                Vec::new(),
                "the document's fiscal year was not found, so years cannot be compared",
            ));
        }
        return;
    };
    for table in &d.tables {
        let Some(year) = YEAR
            .captures(&table.title)
            .and_then(|c| c.name("y"))
            .and_then(|y| y.as_str().parse::<u16>().ok())
        else {
            continue;
        };
        let passed = year == fy;
        let message = if passed {
            format!(
                "{} title names {year}, the fiscal year",
                kind_name(table.kind)
            )
        } else {
            format!(
                "{} title {} names {year}, but the document's fiscal year is {fy}",
                kind_name(table.kind),
                squeeze(&table.title)
            )
        };
        out.push(result(
            rule::FISCAL_YEAR,
            passed,
            vec![title_of(table, None)],
            Value::Number(i64::from(fy)),
            Value::Number(i64::from(year)),
            message,
        ));
    }
    let comparison_years: Vec<u16> = match d.document_kind {
        DocumentKind::Budget => vec![fy.saturating_sub(1), fy],
        DocumentKind::FinalAccounts => vec![fy.saturating_sub(1), fy, fy.saturating_add(1)],
    };
    let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
    for fact in &d.facts {
        if !seen.insert((fact.block, fact.sentence.as_str())) {
            continue;
        }
        let sentence = fact.sentence.as_str();
        let mut subject: Option<u16> = None;
        let mut stray: Option<u16> = None;
        // The first year a sentence names is the year it is about, unless it is the year compared
        // with or a date something is counted as of; any other year must be the fiscal year or
        // the one before.
        for (i, c) in YEAR.captures_iter(sentence).enumerate() {
            let (Some(whole), Some(y)) = (c.get(0), c.name("y")) else {
                continue;
            };
            let Ok(year) = y.as_str().parse::<u16>() else {
                continue;
            };
            let before = &sentence[..whole.start()];
            let after = &sentence[y.end()..];
            if CUT_OFF_BEFORE.is_match(before) || CUT_OFF_AFTER.is_match(after) {
                continue;
            }
            if i == 0 && !COMPARED_WITH.is_match(before) {
                subject = Some(year);
            } else if !comparison_years.contains(&year) && stray.is_none() {
                stray = Some(year);
            }
        }
        let involves: Vec<Involved> = d
            .facts
            .iter()
            .filter(|f| f.block == fact.block && f.sentence == fact.sentence)
            .map(|f| Involved::Fact {
                fact: f.key.clone(),
                label: f.label.clone(),
                block: f.block,
                value: None,
            })
            .collect();
        let short: String = sentence.chars().take(40).collect();
        match (subject, stray) {
            (None, None) => {}
            (Some(year), _) if year != fy => out.push(result(
                rule::FISCAL_YEAR,
                false,
                involves,
                Value::Number(i64::from(fy)),
                Value::Number(i64::from(year)),
                format!("narrative sentence “{short}…” is about {year}, but the fiscal year is {fy}"),
            )),
            (_, Some(year)) => out.push(result(
                rule::FISCAL_YEAR,
                false,
                involves,
                Value::Number(i64::from(fy.saturating_sub(1))),
                Value::Number(i64::from(year)),
                format!(
                    "narrative sentence “{short}…” compares with {year}, neither {fy} nor the year before"
                ),
            )),
            (subject, None) => out.push(result(
                rule::FISCAL_YEAR,
                true,
                involves,
                Value::Number(i64::from(fy)),
                Value::Number(i64::from(subject.unwrap_or(fy))),
                format!("narrative sentence “{short}…” names only {fy} and the year before"),
            )),
        }
    }
}

/// The department's name and its shorter forms without leading place names
/// (`重庆市九龙坡区人民政府办公室` → `九龙坡区人民政府办公室` → `人民政府办公室`).
fn name_forms(department: &str) -> Vec<String> {
    let mut forms = Vec::new();
    let mut name = squeeze(department);
    if let Some(stripped) = name.strip_suffix("（本级）") {
        name = stripped.to_string();
    }
    loop {
        if name.chars().count() < 4 {
            break;
        }
        forms.push(name.clone());
        let Some(m) = PLACE_PREFIX.find(&name) else {
            break;
        };
        if m.end() >= name.len() {
            break;
        }
        name = name[m.end()..].to_string();
    }
    forms
}

/// A title without its attachment label (`附表1-1：`) and year (`2025年`), squeezed.
fn after_label_and_year(title: &str) -> String {
    let rest = LEADING_LABEL.replace(title.trim(), "");
    let rest = squeeze(&rest);
    let rest = LEADING_YEAR.replace(&rest, "");
    rest.trim_start_matches(['：', ':', '-', '—']).to_string()
}

fn department_name(d: &Disclosure, out: &mut Checks) {
    let Some(department) = d.department.as_deref() else {
        if !d.tables.is_empty() {
            out.push(skipped(
                rule::DEPARTMENT_NAME,
                Vec::new(),
                "the department's name was not found, so table titles cannot be compared",
            ));
        }
        return;
    };
    let forms = name_forms(department);
    if forms.is_empty() {
        return;
    }
    for table in &d.tables {
        let title = squeeze(&table.title);
        let rest = after_label_and_year(&table.title);
        if rest.is_empty() || TABLE_NAME_STARTS.iter().any(|w| rest.starts_with(w)) {
            continue;
        }
        let passed = forms.iter().any(|f| rest.starts_with(f.as_str()));
        let message = if passed {
            format!("{} title names {department}", kind_name(table.kind))
        } else {
            format!(
                "{} title {title} does not name {department}",
                kind_name(table.kind)
            )
        };
        out.push(result(
            rule::DEPARTMENT_NAME,
            passed,
            vec![title_of(table, None)],
            Value::Text(department.to_string()),
            Value::Text(title.clone()),
            message,
        ));
    }
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    fiscal_year(d, out);
    department_name(d, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_labels_and_years_are_not_department_names() {
        for title in [
            "附表1-1：2025年部门财务收支预算总表",
            "附表3 2025年部门支出预算总表",
            "1.2026年部门收入总表",
            "（2）一般公共预算“三公”经费支出表",
        ] {
            let rest = after_label_and_year(title);
            assert!(
                TABLE_NAME_STARTS.iter().any(|w| rest.starts_with(w)),
                "{title} → {rest}"
            );
        }
    }

    #[test]
    fn department_name_forms_drop_leading_places() {
        assert_eq!(
            name_forms("重庆市九龙坡区人民政府办公室"),
            [
                "重庆市九龙坡区人民政府办公室",
                "九龙坡区人民政府办公室",
                "人民政府办公室"
            ]
        );
        assert_eq!(
            name_forms("上海市普陀区人民政府万里街道办事处"),
            [
                "上海市普陀区人民政府万里街道办事处",
                "普陀区人民政府万里街道办事处",
                "人民政府万里街道办事处"
            ]
        );
    }
}
