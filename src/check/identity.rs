//! Identity: the fiscal year and the department that titles and narrative name agree with the
//! document's.

use super::figure::{kind_name, skipped, title_of};
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::department;
use crate::extract::model::{Disclosure, DocumentKind, TextBlock};
use crate::extract::title::{is_table_title, squeeze};
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
/// A Chinese-numbered label starting a heading or a table title a reader glued to the row above
/// it: `第三部分`, `十八、`, `（二）`.
static NUMBERED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])\s*",
    )
    .expect("static regex")
});
/// A template's placeholder left where a department or a year belongs.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[XxＸｘ×]{2,}|×(?:局|委|办|部门|单位|年)|某某|〇〇|○○").expect("static regex")
});
/// A year naming the document itself (`2024年度部门决算`, `XXXX年预算`), as a heading prints it.
static DOCUMENT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>20\d{2}|[XxＸｘ×]{4})年度?(?:部门|单位)?(?:预算|决算)")
        .expect("static regex")
});
/// A date something is counted as of: `截至2024年12月31日`, `截止2025年底`.
static AS_OF_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:截至|截止)(?:到)?\s*(?P<y>20\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|底|末)?|(?P<end>底|末))",
    )
    .expect("static regex")
});
/// Words of a sentence that sets a goal by a date rather than counting as of it.
static TARGET_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"完成|达到|实现|力争|确保|预计|计划|争取|建成").expect("static regex")
});
/// A name that ends as department names end.
static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Han}（）()]{1,40}(?:委员会|办公室|办公厅|办事处|局|厅|委|办|部|署|中心|院|所|站|队|馆|处|会|政府|街道|学校|大学|学院|医院|集团|公司|社|团|镇|乡|室|台|校)$",
    )
    .expect("static regex")
});
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

/// Where the name a heading begins with ends, besides a year: at the words that name the part.
/// Fewer than a table title's: a line of body text cut short is no heading of a part.
const HEADING_NAME_ENDS_BEFORE: &[&str] = &[
    "部门预算",
    "部门决算",
    "单位预算",
    "单位决算",
    "预算",
    "决算",
    "概况",
    "基本情况",
    "情况说明",
    "主要职能",
    "主要职责",
    "机构设置",
];

/// Words that stand for the document's own department or kind of unit, not for a name.
const GENERIC_NAMES: &[&str] = &[
    "学校",
    "高等学校",
    "本部门",
    "本单位",
    "本局",
    "本委",
    "部门",
    "单位",
    "机关",
    "本级",
];

/// A heading short enough to be a title: no sentence punctuation.
fn is_heading(text: &str) -> bool {
    let t = squeeze(text);
    !t.is_empty() && t.chars().count() <= 50 && !t.contains(['，', '。', '；', '：', ',', ';', ':'])
}

/// The paragraphs that head a part or section, and the pages' running titles; table titles
/// are left to the tables' own checks.
fn headings(d: &Disclosure) -> impl Iterator<Item = &TextBlock> {
    d.paragraphs
        .iter()
        .chain(&d.running_heads)
        .filter(|p| is_heading(&p.text) && !is_table_title(&p.text))
}

/// A heading or title without its attachment or numbered labels, squeezed.
fn without_labels(text: &str) -> String {
    let mut t = squeeze(text);
    for _ in 0..3 {
        let next = NUMBERED_LABEL.replace(&t, "").to_string();
        let next = LEADING_LABEL.replace(&next, "").to_string();
        if next == t {
            break;
        }
        t = next;
    }
    t
}

/// The department a heading or table title names before its year or table name, if what comes
/// there is a department's name (`上海市普陀区财政局2024年度部门决算表` → `上海市普陀区财政局`).
fn named_department(text: &str, closing_words: &[&str]) -> Option<String> {
    let t = without_labels(text);
    let t = LEADING_YEAR.replace(&t, "").to_string();
    let mut cut = YEAR.find(&t).map_or(t.len(), |m| m.start());
    for word in closing_words {
        if let Some(at) = t.find(word) {
            cut = cut.min(at);
        }
    }
    if cut == t.len() {
        // A bare name (a unit in a list of units) names no part or table of this document.
        return None;
    }
    let mut name = t[..cut].to_string();
    for scope in [
        "（部门）",
        "（单位）",
        "（本级）",
        "（汇总）",
        "(部门)",
        "(单位)",
        "本级",
    ] {
        if let Some(stripped) = name.strip_suffix(scope) {
            name = stripped.to_string();
        }
    }
    let generic = GENERIC_NAMES.contains(&name.as_str());
    (!generic && name.chars().count() >= 2 && ORGANISATION.is_match(&name)).then_some(name)
}

/// Whether a name printed in a heading is this department's: the same name, a shorter form
/// without leading place names, or a unit under it.
fn is_this_department(printed: &str, forms: &[String]) -> bool {
    let key = department::identify(printed).key;
    forms.iter().any(|f| {
        let f = f.as_str();
        [printed, key.as_str()]
            .iter()
            .any(|p| *p == f || p.ends_with(f) || p.starts_with(f) || f.ends_with(*p))
    })
}

fn text_at(block: usize, text: &str) -> Involved {
    Involved::Text {
        block,
        text: text.trim().to_string(),
    }
}

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
    heading_years(d, fy, out);
    as_of_dates(d, fy, out);
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

/// Headings that name the document's own year (`第三部分 …2024年度部门决算情况说明`, the cover's
/// `2026年部门预算`) name the fiscal year; a placeholder (`XXXX年`) is no year.
fn heading_years(d: &Disclosure, fy: u16, out: &mut Checks) {
    for p in headings(d) {
        let t = squeeze(&p.text);
        let Some(c) = DOCUMENT_YEAR.captures(&t) else {
            continue;
        };
        let (Some(whole), Some(y)) = (c.get(0), c.name("y")) else {
            continue;
        };
        // `2025年预算执行情况` in a 2026 budget reports on last year's budget.
        if t[whole.end()..].starts_with("执行") {
            continue;
        }
        let year = y.as_str().parse::<u16>().ok();
        let passed = year == Some(fy);
        if passed && !out.keeps_passes() {
            out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
            continue;
        }
        let message = match year {
            Some(year) if passed => format!("heading “{t}” (block {}) names {year}, the fiscal year", p.block),
            Some(year) => format!(
                "heading “{t}” (block {}) names {year}, but the document's fiscal year is {fy}",
                p.block
            ),
            None => format!(
                "heading “{t}” (block {}) prints the placeholder {} where the fiscal year {fy} belongs",
                p.block,
                y.as_str()
            ),
        };
        out.push(result(
            rule::FISCAL_YEAR,
            passed,
            vec![text_at(p.block, &p.text)],
            Value::Number(i64::from(fy)),
            match year {
                Some(year) => Value::Number(i64::from(year)),
                None => Value::Text(y.as_str().to_string()),
            },
            message,
        ));
    }
}

/// Dates things are counted as of. A final account counts as of its year's end
/// (`截至2024年12月31日` in the 2024 决算); a budget counts its assets as of a day of the year before
/// (`截至2025年8月31日`, `截至2025年12月31日` in the 2026 budget) or early in its own year
/// (`截至2026年1月31日`), so in a budget only a year's end is checked: it is last year's, unless the
/// sentence sets a goal by that date.
fn as_of_dates(d: &Disclosure, fy: u16, out: &mut Checks) {
    for p in &d.paragraphs {
        if !p.text.contains("截") {
            continue;
        }
        for c in AS_OF_DATE.captures_iter(&p.text) {
            let (Some(whole), Some(Ok(year))) =
                (c.get(0), c.name("y").map(|y| y.as_str().parse::<u16>()))
            else {
                continue;
            };
            let month: Option<u8> = c.name("m").and_then(|m| m.as_str().parse().ok());
            let year_end = c.name("end").is_some() || month == Some(12);
            if !year_end {
                // Another day is free within its window: a budget counts as of a day of the
                // year before or of its own, and sets goals by later days (`截至2027年6月底，
                // 完工项目…`); a 决算 counts as of a day of its year or the next (when it was
                // drawn up). A date further back is a wrong year.
                let window = match d.document_kind {
                    DocumentKind::Budget => fy.saturating_sub(1)..=u16::MAX,
                    DocumentKind::FinalAccounts => fy..=fy.saturating_add(1),
                };
                let passed = window.contains(&year);
                if passed && !out.keeps_passes() {
                    out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
                    continue;
                }
                let date = squeeze(whole.as_str());
                let (first, last) = (window.start(), window.end());
                let kind = match d.document_kind {
                    DocumentKind::Budget => "budget",
                    DocumentKind::FinalAccounts => "决算",
                };
                let verdict = if passed { "within" } else { "outside" };
                out.push(result(
                    rule::FISCAL_YEAR,
                    passed,
                    vec![text_at(p.block, &p.text)],
                    Value::Number(i64::from(if year < *first { *first } else { *last })),
                    Value::Number(i64::from(year)),
                    format!(
                        "“{date}” (block {}) counts as of {year}, {verdict} the years a {fy} \
                         {kind} counts as of ({first}{})",
                        p.block,
                        if *last == u16::MAX {
                            " or later".to_string()
                        } else {
                            format!("–{last}")
                        }
                    ),
                ));
                continue;
            }
            let expected = match d.document_kind {
                DocumentKind::FinalAccounts => fy,
                DocumentKind::Budget => {
                    if year >= fy && TARGET_WORDS.is_match(&p.text[whole.end()..]) {
                        continue;
                    }
                    fy.saturating_sub(1)
                }
            };
            let passed = year == expected;
            if passed && !out.keeps_passes() {
                out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
                continue;
            }
            let date = squeeze(whole.as_str());
            let basis = match d.document_kind {
                DocumentKind::FinalAccounts => {
                    format!("the {fy} 决算 counts as of the end of {fy}")
                }
                DocumentKind::Budget => {
                    format!("the {fy} budget counts as of the end of the year before, {expected}")
                }
            };
            let message = if passed {
                format!("“{date}” (block {}) is the end of {year}: {basis}", p.block)
            } else {
                format!(
                    "“{date}” (block {}) is the end of {year}, but {basis}",
                    p.block
                )
            };
            out.push(result(
                rule::FISCAL_YEAR,
                passed,
                vec![text_at(p.block, &p.text)],
                Value::Number(i64::from(expected)),
                Value::Number(i64::from(year)),
                message,
            ));
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
    if let Some(placeholder) = PLACEHOLDER.find(department) {
        // A template (or a made-up example) names no department to hold its headings to; its
        // placeholders are warned about where extraction meets them.
        out.push(skipped(
            rule::DEPARTMENT_NAME,
            Vec::new(),
            format!(
                "the document's department is named {department}, with the placeholder {} of a template, so headings and titles cannot be compared",
                placeholder.as_str()
            ),
        ));
        return;
    }
    let mut forms = name_forms(department);
    if forms.is_empty() {
        return;
    }
    if let Some(identity) = &d.department_identity {
        if !forms.contains(&identity.key) {
            forms.push(identity.key.clone());
        }
    }
    // A disclosure of a department with units under it heads each unit's part and tables with
    // the unit's name, and its text speaks of them: a name the body text uses is one of its own.
    let units: Vec<&str> = d
        .paragraphs
        .iter()
        .filter(|p| {
            !is_table_title(&p.text)
                && (!is_heading(&p.text)
                    || named_department(&p.text, HEADING_NAME_ENDS_BEFORE).is_none())
        })
        .map(|p| p.text.as_str())
        .collect();
    let this = ThisDepartment {
        name: department,
        forms,
        units,
    };
    for table in &d.tables {
        let title = squeeze(&table.title);
        let involves = vec![title_of(table, None)];
        let what = format!("{} title {title}", kind_name(table.kind));
        name_in(&title, involves, &what, &this, TABLE_NAME_STARTS, out);
    }
    for p in headings(d) {
        let t = squeeze(&p.text);
        let what = format!("heading “{t}” (block {})", p.block);
        let involves = vec![text_at(p.block, &p.text)];
        name_in(&t, involves, &what, &this, HEADING_NAME_ENDS_BEFORE, out);
    }
}

/// The document's department as headings may name it.
struct ThisDepartment<'a> {
    name: &'a str,
    /// Its name and shorter forms, and its key.
    forms: Vec<String>,
    /// The paragraphs that may speak of its units.
    units: Vec<&'a str>,
}

/// Checks the department a heading or title names, and that it prints no placeholder.
fn name_in(
    text: &str,
    involves: Vec<Involved>,
    what: &str,
    this: &ThisDepartment,
    closing_words: &[&str],
    out: &mut Checks,
) {
    let department = this.name;
    if let Some(placeholder) = PLACEHOLDER.find(text) {
        // `XXXX年` is a year's placeholder, which the fiscal-year check reports.
        let year_only = DOCUMENT_YEAR
            .captures(text)
            .and_then(|c| c.name("y"))
            .is_some_and(|y| y.start() == placeholder.start())
            && PLACEHOLDER.find_iter(text).count() == 1;
        if !year_only {
            out.push(result(
                rule::DEPARTMENT_NAME,
                false,
                involves,
                Value::Text(department.to_string()),
                Value::Text(text.to_string()),
                format!(
                    "{what} prints the placeholder {} where the department's name {department} belongs",
                    placeholder.as_str()
                ),
            ));
            return;
        }
    }
    let Some(printed) = named_department(text, closing_words) else {
        return;
    };
    let passed = is_this_department(&printed, &this.forms)
        || this.units.iter().any(|u| u.contains(&printed));
    if passed && !out.keeps_passes() {
        out.count_pass(rule::DEPARTMENT_NAME, involves.iter());
        return;
    }
    let message = if passed {
        format!("{what} names {department}")
    } else {
        format!("{what} names {printed}, not {department}")
    };
    out.push(result(
        rule::DEPARTMENT_NAME,
        passed,
        involves,
        Value::Text(department.to_string()),
        Value::Text(printed),
        message,
    ));
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    fiscal_year(d, out);
    department_name(d, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_naming_only_their_table_name_no_department() {
        for title in [
            "附表1-1：2025年部门财务收支预算总表",
            "附表3 2025年部门支出预算总表",
            "1.2026年部门收入总表",
            "（2）一般公共预算“三公”经费支出表",
            "本年支出总体情况表",
            "名词解释",
            // A row label a reader glued to the title below it.
            "十八、自然资源海洋气象等支出一般公共预算财政拨款支出决算表",
            "科目编码科目名称预算09表财政拨款三公经费支出表",
        ] {
            assert_eq!(named_department(title, TABLE_NAME_STARTS), None, "{title}");
        }
    }

    #[test]
    fn headings_name_their_department_before_year_or_part() {
        for (heading, name) in [
            (
                "第三部分 上海市普陀区财政局2024年度部门决算情况说明",
                "上海市普陀区财政局",
            ),
            ("第一部分 上海市普陀区财政局概况", "上海市普陀区财政局"),
            (
                "上海市医疗保险事业管理中心（单位）主要职能",
                "上海市医疗保险事业管理中心",
            ),
            (
                "九龙坡区人民政府办公室2026年部门预算",
                "九龙坡区人民政府办公室",
            ),
        ] {
            assert_eq!(
                named_department(heading, HEADING_NAME_ENDS_BEFORE).as_deref(),
                Some(name),
                "{heading}"
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
