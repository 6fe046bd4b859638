//! Identity: the fiscal year and the department that titles and narrative name agree with the
//! document's.

use super::figure::{kind_name, row_of, skipped, title_of};
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
static CUT_OFF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*年\s*(?:\d{1,2}\s*月|年?(?:底|末|初))").expect("static regex")
});
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
/// Words that make a heading or sentence speak of years besides the document's own: a year's
/// execution, a plan's span, a summary, report or evaluation of a year gone by.
static OTHER_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"上年|去年|以来|执行|完成|规划|总结|报告|评价|[《》]|—|-|～|~|至今")
        .expect("static regex")
});
/// A date something is counted as of: `截至2024年12月31日`, `截止2025年底`.
static AS_OF_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:截至|截止)(?:到)?\s*(?P<y>20\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|底|末)?|(?P<end>底|末))",
    )
    .expect("static regex")
});
/// The month of the year before from which a budget is drawn up (the second half of the year).
const BUDGET_DRAWN_UP_FROM: u8 = 6;
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

/// A line holding a year alone in brackets (`（2026年度）`, under a table's or form's title), or
/// a fiscal year's name alone (`2026年度`, a line of a part's title wrapped around it): the year
/// the title is of.
static YEAR_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(](?P<y>20\d{2})年度?[）)]|(?P<y2>20\d{2})年度)$").expect("static regex")
});

/// A heading short enough to be a title: no sentence punctuation once its attachment or number
/// label is off (`附件：…2026年度部门预算报表` is a title, its colon the label's).
fn is_heading(text: &str) -> bool {
    let t = without_labels(text);
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
    title_paragraph_years(d, fy, out);
    sentence_years(d, fy, out);
    as_of_dates(d, fy, out);
    other_dates(d, fy, out);
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
        let Some(c) = DOCUMENT_YEAR
            .captures(&t)
            .or_else(|| sole_year_of_heading(&t))
            .or_else(|| YEAR_ALONE.captures(&t))
        else {
            continue;
        };
        let (Some(whole), Some(y)) = (c.get(0), c.name("y").or_else(|| c.name("y2"))) else {
            continue;
        };
        // `2025年预算执行情况` in a 2026 budget reports on last year's budget.
        if t[whole.end()..].starts_with("执行") {
            continue;
        }
        // A placeholder (`XXXX年`) is reported with every other placeholder the document prints.
        let Ok(year) = y.as_str().parse::<u16>() else {
            continue;
        };
        let what = || format!("heading “{t}” (block {})", p.block);
        year_named(out, fy, year, what, "names", || text_at(p.block, &p.text));
    }
}

/// A table's title printed where no table is read under it (an empty table's title over its
/// note, a title repeated over a page whose rows were read as text) names the fiscal year as a
/// table's own title does. One naming two years, a span or last year's execution speaks of
/// other years too.
fn title_paragraph_years(d: &Disclosure, fy: u16, out: &mut Checks) {
    let titles: BTreeSet<String> = d.tables.iter().map(|t| squeeze(&t.title)).collect();
    for p in &d.paragraphs {
        if !is_table_title(&p.text) {
            continue;
        }
        let t = squeeze(&p.text);
        if titles.contains(&t) || OTHER_YEARS.is_match(&t) {
            continue;
        }
        let mut years = YEAR.captures_iter(&t);
        let (Some(c), None) = (years.next(), years.next()) else {
            continue;
        };
        let Some(Ok(year)) = c.name("y").map(|y| y.as_str().parse::<u16>()) else {
            continue;
        };
        let what = || format!("table title “{t}” (block {})", p.block);
        year_named(out, fy, year, what, "names", || text_at(p.block, &p.text));
    }
}

/// A sentence that opens with its year (after the department's name or `本部门`) and states
/// the document's own figures (`2025年本部门一般公共预算机关运行经费预算支出98.53万元`) speaks of
/// the fiscal year. One that reports last year's execution, compares, or names other years too
/// is left to the sentence checks of its facts.
static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?[\p{Han}（）()XxＸｘ]{0,30}?(?P<y>20\d{2})\s*年度?")
        .expect("static regex")
});
/// A comparison with last year (`与上年预算数相同`, `比上年增加`): it measures the year the sentence
/// is about against the one before and speaks of no other year.
static AGAINST_LAST_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:比|较|与|同|对比)(?:上年|去年)").expect("static regex"));
/// A numbered heading a sentence runs on from (`十一、国有资本经营预算支出预算情况说明`): a line
/// of its own, with no sentence punctuation.
static HEADING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])[^，。；：,;:]*$")
        .expect("static regex")
});

/// The words by which a sentence opening with its year states what the document is of: its
/// measure (`预算`, or for a 决算 also the budget it was drawn against), or the targets the
/// year's money is to meet (`绩效目标`, `主要工作目标`).
fn states_own_year(kind: DocumentKind, after: &str) -> bool {
    let measure = match kind {
        DocumentKind::Budget => after.contains("预算"),
        DocumentKind::FinalAccounts => after.contains("决算") || after.contains("预算"),
    };
    measure || after.contains("目标")
}

/// A sentence without the numbered headings it runs on from.
fn without_heading_lines(sentence: &str) -> &str {
    let mut rest = sentence.trim_start();
    while let Some((line, tail)) = rest.split_once('\n') {
        if !HEADING_LINE.is_match(line) {
            break;
        }
        rest = tail.trim_start();
    }
    rest
}

fn sentence_years(d: &Disclosure, fy: u16, out: &mut Checks) {
    let measure = match d.document_kind {
        DocumentKind::Budget => "预算",
        DocumentKind::FinalAccounts => "决算",
    };
    // A sentence that states a fact is held to the year by its facts already, from where the
    // fact's sentence starts: a fact read from a later part (`…基本支出预算1,692.29万元，其中：
    // （一）人员经费…`) leaves the opening year to this check.
    let with_facts: Vec<String> = d.facts.iter().map(|f| squeeze(&f.sentence)).collect();
    for (block, sentence) in super::comparison::sentences_with(&d.paragraphs, &['年']) {
        let t = squeeze(without_heading_lines(&sentence));
        // A clause opening after a colon (`（六）委托业务费情况：2026年本单位…`, `…作下述说明：上海市
        // XX局2024年度…`) opens with its year as a sentence does.
        let t = match YEAR
            .find(&t)
            .and_then(|y| t[..y.start()].rfind(['：', ':']))
        {
            Some(colon) => {
                let clause = t[colon..].trim_start_matches(['：', ':']);
                // An attachment's label (`附件：…2026年度部门预算报表`) opens a heading, left to
                // the heading check.
                if LEADING_LABEL
                    .find(&t)
                    .is_some_and(|label| label.end() >= t.len() - clause.len())
                {
                    continue;
                }
                clause.to_string()
            }
            None => t,
        };
        if with_facts
            .iter()
            .any(|f| !f.is_empty() && (t.starts_with(f.as_str()) || f.contains(t.as_str())))
        {
            continue;
        }
        let Some(opening_end) = OPENING_YEAR.find(&t).map(|m| m.end()) else {
            continue;
        };
        // The clause the year opens ends at a colon: what follows it (`…主要工作目标包括：2026年，
        // …`, `…开展情况如下：…`) is a list of its own.
        let t = match t[opening_end..].find(['：', ':']) {
            Some(colon) => t[..opening_end + colon].to_string(),
            None => t,
        };
        let Some(c) = OPENING_YEAR.captures(&t) else {
            continue;
        };
        let (Some(whole), Some(y)) = (c.get(0), c.name("y")) else {
            continue;
        };
        let before = &t[..y.start()];
        let after = &t[whole.end()..];
        // `本部门2026年没有使用国有资本经营预算拨款安排的支出` states the year's budget as much
        // as a figure does.
        let compared = AGAINST_LAST_YEAR.replace_all(&t, "");
        // A second year, the one compared with (`…决算数比2023年度减少`), is the year before.
        let mut later = YEAR.captures_iter(after);
        let compared_with = match (later.next(), later.next()) {
            (None, _) => None,
            (Some(second), None) => {
                let (Some(at), Some(year)) = (second.get(0), second.name("y")) else {
                    continue;
                };
                if !COMPARED_WITH.is_match(&after[..at.start()]) {
                    continue;
                }
                Some((squeeze(at.as_str()), year.as_str().parse::<u16>()))
            }
            (Some(_), Some(_)) => continue,
        };
        if !states_own_year(d.document_kind, after)
            || OTHER_YEARS.is_match(&compared)
            || COMPARED_WITH.is_match(before)
            || CUT_OFF_BEFORE.is_match(before)
            || CUT_OFF_AFTER.is_match(&t[y.end()..])
            || (is_table_title(&t) && !t.contains(['，', '；', ',', ';']))
        {
            continue;
        }
        let Ok(year) = y.as_str().parse::<u16>() else {
            continue;
        };
        let short: String = t.chars().take(40).collect();
        let what = || format!("sentence “{short}…” (block {block})");
        let states = format!("states its {measure} figures for");
        year_named(out, fy, year, what, &states, || text_at(block, &sentence));
        if let Some((printed, Ok(other))) = compared_with {
            let last_year = fy.saturating_sub(1);
            let passed = other == last_year;
            if passed && !out.keeps_passes() {
                out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
                continue;
            }
            let message = if passed {
                format!("sentence “{short}…” (block {block}) compares with {printed}, the year before the fiscal year")
            } else {
                format!("sentence “{short}…” (block {block}) compares its {measure} figures with {printed}, but the year before the fiscal year {fy} is {last_year}")
            };
            out.push(result(
                rule::FISCAL_YEAR,
                passed,
                vec![text_at(block, &sentence)],
                Value::Number(i64::from(last_year)),
                Value::Number(i64::from(other)),
                message,
            ));
        }
    }
}

/// Records whether the year a heading or sentence (`what`) names is the fiscal year; a failure
/// says what the text does with the year (`names`, `states its 预算 figures for`).
fn year_named(
    out: &mut Checks,
    fy: u16,
    year: u16,
    what: impl FnOnce() -> String,
    does: &str,
    at: impl FnOnce() -> Involved,
) {
    let passed = year == fy;
    if passed && !out.keeps_passes() {
        out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
        return;
    }
    let what = what();
    let message = if passed {
        format!("{what} names {year}, the fiscal year")
    } else {
        format!("{what} {does} {year}, but the document's fiscal year is {fy}")
    };
    out.push(result(
        rule::FISCAL_YEAR,
        passed,
        vec![at()],
        Value::Number(i64::from(fy)),
        Value::Number(i64::from(year)),
        message,
    ));
}

/// The one year a numbered heading names when it begins with it and nothing in it points at
/// another year: a part or section heading (`三、2026年度部门主要工作任务及目标`, `一、2026年“三公”经费预算情况说明`) speaks of the
/// document's own year. A heading naming two years, a year it compares with, a span, a date, a
/// cited work (`《…（2025年度）》`) or last year's execution speaks of other years too.
fn sole_year_of_heading(t: &str) -> Option<regex::Captures<'_>> {
    // Only a numbered heading is surely a part's or section's: an unnumbered short line may be
    // a project's name or a line of wrapped text.
    let label = NUMBERED_LABEL.find(t).or_else(|| LEADING_LABEL.find(t))?;
    if !t[label.end()..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut years = YEAR.captures_iter(t);
    let c = years.next()?;
    if years.next().is_some() || OTHER_YEARS.is_match(t) {
        return None;
    }
    let whole = c.get(0)?;
    let (before, after) = (&t[..whole.start()], &t[whole.end()..]);
    if COMPARED_WITH.is_match(before) || CUT_OFF_BEFORE.is_match(before) {
        return None;
    }
    if CUT_OFF_AFTER.is_match(&t[c.name("y")?.end()..]) || after.starts_with(['-', '—', '至']) {
        return None;
    }
    Some(c)
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
                // drawn up). A date further back is a wrong year. A budget is drawn up in the
                // second half of the year before: a day in its first half (`截至2025年1月31日` in
                // the 2026 budget) is a year too far back too.
                let window = match d.document_kind {
                    DocumentKind::Budget => fy.saturating_sub(1)..=u16::MAX,
                    DocumentKind::FinalAccounts => fy..=fy.saturating_add(1),
                };
                let before_drawn_up = d.document_kind == DocumentKind::Budget
                    && year == fy.saturating_sub(1)
                    && month.is_some_and(|m| m < BUDGET_DRAWN_UP_FROM);
                let passed = window.contains(&year) && !before_drawn_up;
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
                        "“{date}” (block {}) counts as of {year}, {verdict} the days a {fy} \
                         {kind} counts as of ({first}{}{})",
                        p.block,
                        if d.document_kind == DocumentKind::Budget {
                            format!("-{BUDGET_DRAWN_UP_FROM:02}")
                        } else {
                            String::new()
                        },
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

/// A day: `2025年1月1日`, `2024 年 11 月`.
const DAY: &str = r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?";
/// A period from one day to another: `2025年1月1日至2025年12月31日`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{DAY}\s*(?:至|到|—|－|-|~|～)\s*{DAY}")).expect("static regex")
});
/// A deadline: `在2024年11月前完成`.
static DEADLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{DAY}\s*(?:之前|以前|前)")).expect("static regex"));
/// A paragraph that is only a date: the day a document is dated (its cover, its signature).
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{DAY}\s*$")).expect("static regex"));

fn day_of(c: &regex::Captures, first: usize) -> Option<(u16, u8, u8)> {
    let number = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
    let year = number(first)?;
    let month = u8::try_from(number(first + 1)?).ok()?;
    let day = number(first + 2).map_or(Some(0), |d| u8::try_from(d).ok())?;
    Some((year, month, day))
}

/// Other dates that must fit the fiscal year:
/// - a period (a project's 实施周期) does not end before it starts;
/// - a budget sets goals for its year: a deadline it sets (`在2024年11月前完成`) is not before the
///   year begins;
/// - the day a document is dated (a paragraph that is only a date, on its cover or under its
///   text) is in its fiscal year for a budget, made public once approved, and in the year after
///   for a 决算, drawn up once the year is closed.
fn other_dates(d: &Disclosure, fy: u16, out: &mut Checks) {
    let mut record = |passed: bool, p: &TextBlock, expected: u16, year: u16, message: String| {
        if passed && !out.keeps_passes() {
            out.count_pass(rule::FISCAL_YEAR, std::iter::empty());
            return;
        }
        out.push(result(
            rule::FISCAL_YEAR,
            passed,
            vec![text_at(p.block, &p.text)],
            Value::Number(i64::from(expected)),
            Value::Number(i64::from(year)),
            message,
        ));
    };
    for p in &d.paragraphs {
        if !p.text.contains('年') || !p.text.contains('月') {
            continue;
        }
        for c in PERIOD.captures_iter(&p.text) {
            let (Some(whole), Some(from), Some(to)) = (c.get(0), day_of(&c, 1), day_of(&c, 4))
            else {
                continue;
            };
            let passed = from <= to;
            let period = squeeze(whole.as_str());
            record(
                passed,
                p,
                from.0,
                to.0,
                if passed {
                    format!(
                        "the period “{period}” (block {}) ends after it starts",
                        p.block
                    )
                } else {
                    format!(
                        "the period “{period}” (block {}) ends before it starts",
                        p.block
                    )
                },
            );
        }
        if d.document_kind == DocumentKind::Budget {
            for c in DEADLINE.captures_iter(&p.text) {
                let (Some(whole), Some((year, _, _))) = (c.get(0), day_of(&c, 1)) else {
                    continue;
                };
                let passed = year >= fy;
                let deadline = squeeze(whole.as_str());
                record(
                    passed,
                    p,
                    fy,
                    year,
                    format!(
                        "the deadline “{deadline}” (block {}) is {} the {fy} budget's year begins",
                        p.block,
                        if passed { "not before" } else { "before" }
                    ),
                );
            }
        }
        if let Some((year, _, _)) = DATE_LINE.captures(&p.text).and_then(|c| day_of(&c, 1)) {
            let (expected, when) = match d.document_kind {
                DocumentKind::Budget => (fy, "a budget is made public in its fiscal year"),
                DocumentKind::FinalAccounts => (
                    fy.saturating_add(1),
                    "a 决算 is drawn up in the year after its fiscal year",
                ),
            };
            let passed = year == expected;
            record(
                passed,
                p,
                expected,
                year,
                format!(
                    "the document is dated “{}” (block {}), {}: {when}",
                    squeeze(&p.text),
                    p.block,
                    if passed {
                        "as expected"
                    } else {
                        "a wrong year"
                    }
                ),
            );
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
        // Where the department's name belongs the document prints a template's placeholder: a
        // template published as it is, or one place of a disclosure left unfilled. Either way it
        // is reported once; a template's other placeholders say nothing more.
        let placeholder = placeholder.as_str();
        let (expected, involves, message) = match real_name_printed(d) {
            Some((name, involves, what)) => (
                Value::Text(name.clone()),
                involves,
                format!(
                    "the document's department is printed as {department}, with the placeholder {placeholder} of a template, but {what} names {name}"
                ),
            ),
            None => (
                Value::Text("a department's name".to_string()),
                Vec::new(),
                format!(
                    "the document's department is printed as {department}, with the placeholder {placeholder} of a template, and no title or heading names a department: the document is a template, not a department's disclosure"
                ),
            ),
        };
        out.push(result(
            rule::DEPARTMENT_NAME,
            false,
            involves,
            expected,
            Value::Text(department.to_string()),
            message,
        ));
        return;
    }
    placeholders_left(d, department, out);
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

/// The first table title or heading that names a department without a placeholder.
fn real_name_printed(d: &Disclosure) -> Option<(String, Vec<Involved>, String)> {
    let titles = d.tables.iter().filter_map(|table| {
        let title = squeeze(&table.title);
        let name = named_department(&title, TABLE_NAME_STARTS)?;
        let what = format!("{} title {title}", kind_name(table.kind));
        Some((name, vec![title_of(table, None)], what))
    });
    let heads = headings(d).filter_map(|p| {
        let t = squeeze(&p.text);
        let name = named_department(&t, HEADING_NAME_ENDS_BEFORE)?;
        let what = format!("heading “{t}” (block {})", p.block);
        Some((name, vec![text_at(p.block, &p.text)], what))
    });
    titles
        .chain(heads)
        .find(|(name, _, _)| !PLACEHOLDER.is_match(name))
}

/// A template's placeholder anywhere the document prints text: headings, sentences, running
/// titles, table titles and the names and fields of table rows. A year's placeholder (`XXXX年`)
/// stands where the fiscal year belongs, any other where the department's name does.
fn placeholders_left(d: &Disclosure, department: &str, out: &mut Checks) {
    let fy = d.fiscal_year.map_or_else(
        || "the fiscal year".to_string(),
        |y| format!("the fiscal year {y}"),
    );
    let mut report = |text: &str, involves: Vec<Involved>, what: String| {
        let Some(placeholder) = PLACEHOLDER.find(text) else {
            return;
        };
        let year = text[placeholder.end()..].trim_start().starts_with('年')
            && placeholder.as_str().chars().count() == 4;
        let (rule, belongs) = if year {
            (rule::FISCAL_YEAR, fy.clone())
        } else {
            (
                rule::DEPARTMENT_NAME,
                format!("the department's name {department}"),
            )
        };
        out.push(result(
            rule,
            false,
            involves,
            Value::Text(if year {
                fy.clone()
            } else {
                department.to_string()
            }),
            Value::Text(squeeze(text)),
            format!(
                "{what} prints the placeholder {} where {belongs} belongs",
                placeholder.as_str()
            ),
        ));
    };
    for p in d.paragraphs.iter().chain(&d.running_heads) {
        let short: String = squeeze(&p.text).chars().take(40).collect();
        let what = format!("text “{short}” (block {})", p.block);
        report(&p.text, vec![text_at(p.block, &p.text)], what);
    }
    for table in &d.tables {
        let title = squeeze(&table.title);
        let what = format!("{} title {title}", kind_name(table.kind));
        report(&table.title, vec![title_of(table, None)], what);
        for row in &table.rows {
            let cells = std::iter::once(row.name.as_str())
                .chain(row.fields.iter().map(|(_, v)| v.as_str()));
            for cell in cells {
                let involves = vec![row_of(
                    table,
                    row.side,
                    row.code.clone().unwrap_or_else(|| row.name.clone()),
                )];
                let what = format!("{} row “{}”", kind_name(table.kind), squeeze(&row.name));
                report(cell, involves, what);
            }
        }
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
    if PLACEHOLDER.is_match(text) {
        // Reported with every other placeholder the document prints.
        return;
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
    fn a_sentence_loses_the_numbered_headings_it_runs_on_from() {
        assert_eq!(
            without_heading_lines(
                "\n十一、国有资本经营预算支出预算情况说明\n本单位2026年国有资本经营预算支出0万元。"
            ),
            "本单位2026年国有资本经营预算支出0万元。"
        );
        // A line of the sentence itself, wrapped, stays; so does a heading run into its text.
        let wrapped = "无锡市住房和城乡建设局（本级）2026 年度收入、支出预算总\n计 106,428 万元。";
        assert_eq!(without_heading_lines(wrapped), wrapped);
        let run_in = "（六）委托业务费情况：2026 年本单位委托业务费预算总额 6.98 万元。";
        assert_eq!(without_heading_lines(run_in), run_in);
    }

    #[test]
    fn a_year_alone_on_its_line() {
        let year = |t: &str| {
            YEAR_ALONE
                .captures(t)
                .and_then(|c| c.name("y").or_else(|| c.name("y2")))
                .map(|y| y.as_str().to_string())
        };
        assert_eq!(year("（2026年度）").as_deref(), Some("2026"));
        assert_eq!(year("2026年度").as_deref(), Some("2026"));
        // A year without 度 may be a column's or a date's.
        assert_eq!(year("2026年"), None);
        assert_eq!(year("2026年度预算"), None);
    }

    #[test]
    fn numbered_headings_beginning_with_a_year_speak_of_that_year() {
        let year = |t: &str| {
            sole_year_of_heading(t)
                .and_then(|c| c.name("y"))
                .map(|y| y.as_str().to_string())
        };
        for (heading, y) in [
            ("三、2026年度部门主要工作任务及目标", "2026"),
            ("二、2026年杭州市公安局部门预算安排情况说明", "2026"),
            ("9.2026年单位“三公”经费和机关运行经费预算表", "2026"),
        ] {
            assert_eq!(year(heading).as_deref(), Some(y), "{heading}");
        }
        for heading in [
            // No number: a project's name or a line of wrapped text.
            "2024年信息化运维服务项目",
            "广州市水务局2024年广",
            // Other years: last year's execution, a span, two years, a cited work, a date.
            "一、2025年预算执行情况",
            "（一）2024-2026年信息化运维项目",
            "二、2026年与2025年预算对比",
            "1.《法治政府建设年度报告（2025年度）》",
            "三、2025年年初结转",
            // The year is not where the heading begins.
            "四、部门2026年工作要点",
        ] {
            assert_eq!(year(heading), None, "{heading}");
        }
    }

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
