//! Completeness: the tables a disclosure announces are the tables it prints.
//!
//! Most disclosures print a contents list (目录) of their parts and tables; every table it lists
//! must follow. Titles differ between the list and the table (`五、财政拨款支出表（功能科目）` lists
//! what is titled `财政拨款支出预算表`), so they are compared by the kind the titles name, not by
//! their text. A document without a contents list, or with one listing only its parts, is held
//! to its kind's standard set when it plainly follows it (prints most of the set): a final
//! account to the national template's nine tables, a budget to the eight every region's form
//! prints (the 国有资本经营预算 table is left out of some, as 湖南's); printing less, it is still
//! held to the 收支总表 and the 收入表 and 支出表 that go with it.
//!
//! Tables numbered in a series (`预算01表` … `预算13表`, `表1` … `表11`) are held to it too: a
//! number missing from 1 to the last printed or listed is a table missing, whatever the 目录
//! says.

use super::figure::kind_name;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Classification, ContentsEntry, Disclosure, DocumentKind, TableKind};
use crate::extract::title::{
    classification_in_title, classify, is_table_title, performance_scope, squeeze,
};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// The nine tables of the national 部门决算 template.
const FINAL_ACCOUNTS_SET: &[TableKind] = &[
    TableKind::RevenueExpenditureSummary,
    TableKind::Revenue,
    TableKind::Expenditure,
    TableKind::AppropriationSummary,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GeneralBudgetBasicExpenditure,
    TableKind::ThreePublic,
    TableKind::GovernmentFundExpenditure,
    TableKind::StateCapitalExpenditure,
];

/// The tables every region's 部门预算 form prints, empty ones included (a fund with no money
/// still prints its table, headed and blank or with a note): the 决算 set but its last, the
/// 国有资本经营预算 table, which some forms leave out.
const BUDGET_SET: &[TableKind] = FINAL_ACCOUNTS_SET.split_at(8).0;

/// How many tables of a standard set a document without a contents list must print before the
/// rest of the set is expected of it: a table volume of another form (a university's four
/// tables) or a narrative with a few tables is held to nothing.
const STANDARD_SET_SHARE: (usize, usize) = (6, 8);

fn result(
    passed: bool,
    involves: Vec<Involved>,
    listed: usize,
    present: usize,
    message: String,
) -> CheckResult {
    CheckResult {
        rule: rule::COMPLETENESS,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves,
        expected: Some(Value::Number(listed as i64)),
        actual: Some(Value::Number(present as i64)),
        difference: None,
        tolerance: None,
        message,
    }
}

/// The blocks of paragraphs that title a table of a known kind.
fn title_blocks(d: &Disclosure) -> BTreeSet<usize> {
    d.paragraphs
        .iter()
        .filter(|p| is_table_title(&p.text))
        .map(|p| p.block)
        .collect()
}

/// `附表：1.`: the list label and item number of the first of a document's attached tables,
/// naming the table before it is printed.
static ATTACHED_LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:附表|附件)\s*[：:]\s*\d{1,2}\s*[.．、]").expect("static regex")
});

/// Whether the title paragraph at `block` is an entry of a list of tables: a list prints its
/// titles one under the other (`表1.…收支预算总表`, `表2.…`), while a table's own title is
/// followed by its unit line, its header or, for an empty table, the note saying so; and an
/// item numbered under a list label (`附表：1.…`) names a table, whatever follows it.
fn lists_a_table(titles: &BTreeSet<usize>, block: usize, text: &str) -> bool {
    titles.contains(&(block + 1)) || ATTACHED_LIST_ITEM.is_match(text.trim_start())
}

/// How many tables of `kind` the document prints: its tables, or the titles after the contents
/// list when more of them stand without a table (an empty table printed as its title and a note),
/// each title counted once.
fn printed(d: &Disclosure, kind: TableKind, after_block: usize) -> usize {
    printed_of_scope(d, kind, None, after_block)
}

/// Whether a title of a performance table is of `scope` (`部门整体` or `项目`); a title naming
/// neither may be of either.
fn of_scope(title: &str, scope: Option<&str>) -> bool {
    match (scope, performance_scope(title)) {
        (Some(wanted), Some(named)) => wanted == named,
        _ => true,
    }
}

/// [`printed`], counting of performance tables only those of `scope` (a 目录 lists the
/// whole-department targets and the projects' apart, and a document printing one has not
/// printed the other).
fn printed_of_scope(
    d: &Disclosure,
    kind: TableKind,
    scope: Option<&str>,
    after_block: usize,
) -> usize {
    let tables = d
        .tables
        .iter()
        .filter(|t| t.kind == kind && of_scope(&t.title, scope))
        .count();
    let title_blocks = title_blocks(d);
    // A title printed again over a table's continuation pages is still one table.
    let titles: BTreeSet<String> = d
        .paragraphs
        .iter()
        .filter(|p| {
            // A note under an empty table (`注：本单位无…，故本表无数据`) names the table it follows.
            p.block > after_block
                && !p.text.trim_start().starts_with('注')
                && title_blocks.contains(&p.block)
                && !lists_a_table(&title_blocks, p.block, &p.text)
                && classify(&p.text) == kind
                && of_scope(&p.text, scope)
        })
        .map(|p| squeeze(&p.text))
        .collect();
    tables.max(titles.len())
}

fn against_contents(d: &Disclosure, out: &mut Checks) {
    let Some(last) = d.contents.iter().map(|e| e.block).max() else {
        return;
    };
    if !d.tables.iter().any(|t| t.kind != TableKind::Unknown) {
        out.push(CheckResult {
            rule: rule::COMPLETENESS,
            status: Status::Skipped,
            note: Some("no tables in this file".to_string()),
            relation: Relation::Equal,
            involves: Vec::new(),
            expected: Some(Value::Number(d.contents.len() as i64)),
            actual: Some(Value::Number(0)),
            difference: None,
            tolerance: None,
            message: format!(
                "the 目录 lists {} tables and this file prints none of them: the tables are published apart",
                d.contents.len()
            ),
        });
        return;
    }
    // Performance tables are held apart by scope: the whole department's targets are one
    // table, each project's another.
    let scope_of = |e: &ContentsEntry| match e.kind {
        TableKind::PerformanceTargets => performance_scope(&e.title),
        _ => None,
    };
    let mut kinds: Vec<(TableKind, Option<String>)> = Vec::new();
    for e in &d.contents {
        let key = (e.kind, scope_of(e));
        if !kinds.contains(&key) {
            kinds.push(key);
        }
    }
    for (kind, scope) in kinds {
        let entries: Vec<&ContentsEntry> = d
            .contents
            .iter()
            .filter(|e| e.kind == kind && scope_of(e) == scope)
            .collect();
        let present = printed_of_scope(d, kind, scope.as_deref(), last);
        let name = match scope.as_deref() {
            Some("department") => "部门整体绩效目标表",
            Some("project") => "项目绩效目标表",
            _ => kind_name(kind),
        };
        let passed = present >= entries.len();
        let involves: Vec<Involved> = entries
            .iter()
            .map(|e| Involved::Text {
                block: e.block,
                text: e.title.clone(),
            })
            .collect();
        if passed && !out.keeps_passes() {
            out.count_pass(rule::COMPLETENESS, involves.iter());
            continue;
        }
        let titles: Vec<String> = entries
            .iter()
            .map(|e| format!("{} (block {})", e.title, e.block))
            .collect();
        let message = if passed {
            format!(
                "the 目录 lists {}; the document prints {present} {}",
                titles.join(", "),
                name
            )
        } else if present == 0 {
            format!(
                "the 目录 lists {}, but the document prints no {}",
                titles.join(", "),
                name
            )
        } else {
            format!(
                "the 目录 lists {} {} ({}), but the document prints {present}",
                entries.len(),
                name,
                titles.join(", ")
            )
        };
        out.push(result(passed, involves, entries.len(), present, message));
    }
}

/// A document whose 目录 lists no table of its standard set is held to the set as one without a
/// 目录: such a 目录 lists the document's parts (`五、项目绩效目标表`), not its tables, and
/// announces none of the tables it plainly prints. A 目录 listing tables of the set is the
/// document's own account of them and is held to that instead.
fn against_standard_set(d: &Disclosure, out: &mut Checks) {
    let (set, what) = match d.document_kind {
        DocumentKind::FinalAccounts => (FINAL_ACCOUNTS_SET, "部门决算"),
        DocumentKind::Budget => (BUDGET_SET, "部门预算"),
    };
    if d.contents.iter().any(|e| set.contains(&e.kind)) {
        return;
    }
    let no_contents = if d.contents.is_empty() {
        "the document has no 目录"
    } else {
        "the document's 目录 lists none of its tables"
    };
    let present: Vec<TableKind> = set
        .iter()
        .copied()
        .filter(|k| printed(d, *k, 0) > 0)
        .collect();
    let (share, of) = STANDARD_SET_SHARE;
    if present.len() * of < set.len() * share {
        against_summary_and_sides(&present, what, no_contents, out);
        return;
    }
    for kind in set {
        let passed = present.contains(kind);
        if passed && !out.keeps_passes() {
            out.count_pass(rule::COMPLETENESS, std::iter::empty());
            continue;
        }
        let message = if passed {
            format!("the document prints the {what} set's {}", kind_name(*kind))
        } else {
            format!(
                "{no_contents} and prints {} of the {} tables of the {what} set, but no {}",
                present.len(),
                set.len(),
                kind_name(*kind)
            )
        };
        out.push(result(passed, Vec::new(), 1, usize::from(passed), message));
    }
}

/// The three tables every form prints together, whatever else it leaves out (a university's
/// four tables): the 收支总表 and the 收入表 and 支出表 that break down its two sides. A document
/// printing two of them lacks the third.
const SUMMARY_AND_SIDES: [TableKind; 3] = [
    TableKind::RevenueExpenditureSummary,
    TableKind::Revenue,
    TableKind::Expenditure,
];

fn against_summary_and_sides(
    present: &[TableKind],
    what: &str,
    no_contents: &str,
    out: &mut Checks,
) {
    let printed: Vec<TableKind> = SUMMARY_AND_SIDES
        .iter()
        .copied()
        .filter(|k| present.contains(k))
        .collect();
    if printed.len() + 1 < SUMMARY_AND_SIDES.len() {
        return;
    }
    for kind in SUMMARY_AND_SIDES {
        let passed = printed.contains(&kind);
        if passed && !out.keeps_passes() {
            out.count_pass(rule::COMPLETENESS, std::iter::empty());
            continue;
        }
        let message = if passed {
            format!("the document prints the {what} set's {}", kind_name(kind))
        } else {
            let names: Vec<&str> = printed.iter().map(|k| kind_name(*k)).collect();
            format!(
                "{no_contents} and prints no {}, though it prints the {}, which go with it",
                kind_name(kind),
                names.join(" and ")
            )
        };
        out.push(result(passed, Vec::new(), 1, usize::from(passed), message));
    }
}

/// A table's label in a numbered series: `预算08表` and `预算表12` (one series, as 北京 prints
/// both), `公开09表` and `公开表九`, `附表3`, and `表2：` opening a title.
static SERIES_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(预算|公开|部门预算)(?:(\d{1,2})表|表(\d{1,2}|[一二三四五六七八九十]{1,3}))|(附表|表)(\d{1,2}|[一二三四五六七八九十]{1,3})(?:[：:.．、）)]|$|[^\d一二三四五六七八九十]))",
    )
    .expect("static regex")
});

/// The series and number of a table label opening `text`.
fn series_number(text: &str) -> Option<(String, u32)> {
    let text = squeeze(text);
    let caps = SERIES_LABEL.captures(&text)?;
    let series = caps.get(1).or_else(|| caps.get(4))?.as_str().to_string();
    let numeral = caps
        .get(2)
        .or_else(|| caps.get(3))
        .or_else(|| caps.get(5))?
        .as_str();
    let number = numeral
        .parse()
        .ok()
        .or_else(|| super::summary_tables::chinese_number(numeral))?;
    Some((series, number))
}

/// Fewer numbers than this make no series to hold a document to.
const MIN_SERIES: usize = 3;

/// The last number of each series a list of tables in the document names (`表1.…` to
/// `表11.…` printed one under the other before the tables).
fn listed_series(d: &Disclosure) -> BTreeMap<String, u32> {
    let titles = title_blocks(d);
    let mut last: BTreeMap<String, u32> = BTreeMap::new();
    for p in &d.paragraphs {
        if !titles.contains(&p.block) {
            continue;
        }
        if !lists_a_table(&titles, p.block, &p.text) {
            continue;
        }
        if let Some((name, number)) = series_number(&p.text) {
            let at = last.entry(name).or_insert(number);
            *at = (*at).max(number);
        }
    }
    last
}

fn against_numbered_series(d: &Disclosure, out: &mut Checks) {
    // The labels of the tables printed, not of lists naming them (a 目录, or the narrative's
    // list of its attached tables).
    let mut series: BTreeMap<String, BTreeMap<u32, usize>> = BTreeMap::new();
    for (block, text) in d.tables.iter().map(|t| (t.block, t.title.as_str())) {
        if let Some((name, number)) = series_number(text) {
            series
                .entry(name)
                .or_default()
                .entry(number)
                .or_insert(block);
        }
    }
    let listed = listed_series(d);
    for (name, numbers) in series {
        if numbers.len() < MIN_SERIES {
            continue;
        }
        let (Some(&printed_first), Some(&printed_last)) =
            (numbers.keys().next(), numbers.keys().last())
        else {
            continue;
        };
        // A series starts at 1, so a first table missing is as missing as any other; a list of
        // the series' tables the document prints names its last, so the last can be missed too.
        // A list alone holds nothing: a narrative lists tables published apart.
        let last = listed
            .get(&name)
            .map_or(printed_last, |&n| n.max(printed_last));
        for number in 1..=last {
            let passed = numbers.contains_key(&number);
            if passed && !out.keeps_passes() {
                out.count_pass(rule::COMPLETENESS, std::iter::empty());
                continue;
            }
            let before = numbers.range(..number).next_back();
            let involves = before
                .map(|(n, block)| Involved::Text {
                    block: *block,
                    text: format!("{name}{n}"),
                })
                .into_iter()
                .collect();
            let after = before.map_or(String::new(), |(n, block)| {
                format!(" (the one after table {n}, block {block})")
            });
            let message = if passed {
                format!("the document prints table {number} of its {name} series")
            } else if number < printed_first {
                format!(
                    "the document numbers its tables {name} {printed_first} to {printed_last}, but a series starts at 1 and it prints no table {number}"
                )
            } else if number > printed_last {
                format!(
                    "the document lists its tables {name} 1 to {last}, but prints no table {number}{after}"
                )
            } else {
                format!(
                    "the document numbers its tables {name} {printed_first} to {printed_last}, but prints no table {number}{after}"
                )
            };
            out.push(result(passed, involves, 1, usize::from(passed), message));
        }
    }
}

/// Whether a table's title names one of the two economic classifications (`（部门预算支出经济分类
/// 科目）`, `（政府预算支出经济分类科目）`), and which.
fn economic_classification(title: &str) -> Option<Classification> {
    classification_in_title(title).filter(|c| {
        matches!(
            c,
            Classification::DepartmentEconomic | Classification::GovernmentEconomic
        )
    })
}

fn classification_name(c: Classification) -> &'static str {
    match c {
        Classification::DepartmentEconomic => "部门预算支出经济分类",
        Classification::GovernmentEconomic => "政府预算支出经济分类",
        Classification::Functional => "支出功能分类",
    }
}

/// A title names the economic classification its table follows only to tell it from the same
/// table in the other one: a document printing a table in both classifications
/// (`基本支出预算表（部门预算支出经济分类科目）` and `…（政府预算支出经济分类科目）`) prints every
/// table it titles by classification in both. One printed in one classification only has lost
/// its twin.
fn against_classification_twins(d: &Disclosure, out: &mut Checks) {
    let mut by_kind: BTreeMap<&'static str, (TableKind, BTreeMap<bool, usize>)> = BTreeMap::new();
    for t in &d.tables {
        let Some(c) = economic_classification(&t.title) else {
            continue;
        };
        let entry = by_kind
            .entry(t.kind.as_str())
            .or_insert_with(|| (t.kind, BTreeMap::new()));
        entry
            .1
            .entry(c == Classification::DepartmentEconomic)
            .or_insert(t.block);
    }
    let Some(paired) = by_kind
        .values()
        .find(|(_, classes)| classes.len() == 2)
        .map(|(kind, _)| *kind)
    else {
        return;
    };
    for (kind, classes) in by_kind.values() {
        let passed = classes.len() == 2;
        if passed && !out.keeps_passes() {
            out.count_pass(rule::COMPLETENESS, std::iter::empty());
            continue;
        }
        let involves: Vec<Involved> = classes
            .values()
            .filter_map(|block| d.tables.iter().find(|t| t.block == *block))
            .map(|t| Involved::Text {
                block: t.block,
                text: t.title.clone(),
            })
            .collect();
        let message = if passed {
            format!(
                "the document prints its {} in both economic classifications",
                kind_name(*kind)
            )
        } else {
            let (printed, missing) = if classes.contains_key(&true) {
                (
                    Classification::DepartmentEconomic,
                    Classification::GovernmentEconomic,
                )
            } else {
                (
                    Classification::GovernmentEconomic,
                    Classification::DepartmentEconomic,
                )
            };
            format!(
                "the document prints its {} in both economic classifications, but its {} in the {} only: the {} one is missing",
                kind_name(paired),
                kind_name(*kind),
                classification_name(printed),
                classification_name(missing)
            )
        };
        out.push(result(passed, involves, 2, classes.len(), message));
    }
}

/// An attachment's label printed on a line of its own (`附件13`, `附表 3：`) over the attachment.
static BARE_ATTACHMENT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:附件|附表)\d{1,2}[：:]?$").expect("static regex"));

/// A part heading (`五、项目绩效目标表`) and an item under it (`（二）236 中央高校管理改革等绩效拨款`).
static PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．])")
        .expect("static regex")
});
static ITEM_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(][一二三四五六七八九十]+[)）]").expect("static regex"));

/// A paragraph's block and squeezed text.
type Paragraph = (usize, String);

/// How long an item heading under a part of tables may be: a longer paragraph is text.
const MAX_ITEM_CHARS: usize = 60;

/// The titles of the tables between blocks `from` and `to`, and of empty ones (a title over its
/// note), squeezed; `None` when no table stands there.
fn titles_between(d: &Disclosure, from: usize, to: usize) -> Option<Vec<String>> {
    let inside = |block: usize| block > from && block < to;
    let tables: Vec<String> = d
        .tables
        .iter()
        .filter(|t| inside(t.block))
        .map(|t| squeeze(&t.title))
        .collect();
    let empty: Vec<String> = d
        .paragraphs
        .iter()
        .filter(|p| inside(p.block) && is_table_title(&p.text))
        .map(|p| squeeze(&p.text))
        .collect();
    (!tables.is_empty() || !empty.is_empty()).then(|| [tables, empty].concat())
}

/// Text compared without half- and full-width differences in brackets.
fn width_folded(text: &str) -> String {
    text.replace('(', "（").replace(')', "）")
}

/// How short an item's name may be and still name its table.
const MIN_ITEM_NAME_CHARS: usize = 4;

/// Whether one of `titles` names the item: holds the item's name (its first line, as a name may
/// wrap) as printed after its label.
fn names_item(titles: &[String], item: &str) -> bool {
    let name = width_folded(ITEM_LABEL.replace(item, "").as_ref());
    name.chars().count() >= MIN_ITEM_NAME_CHARS
        && titles.iter().any(|t| width_folded(t).contains(&name))
}

/// What a document says it prints next and then does not: an attachment's label printed alone
/// (`附件13`) announces the attachment under it, so one followed at once by the next label or
/// by the document's end has lost its attachment; and a part headed by the tables it holds
/// (`五、项目绩效目标表`), numbered item by item (`（一）236 中央高校教育教学改革专项`,
/// `（二）…`), holds one table under each item, so an item with no table before the next one
/// has lost its table. A part whose items mostly stand without tables (a form read as text)
/// is held to nothing.
fn against_announcing_headings(d: &Disclosure, out: &mut Checks) {
    let after = d.contents.iter().map(|e| e.block).max();
    let body: Vec<(usize, String)> = d
        .paragraphs
        .iter()
        .filter(|p| after.is_none_or(|last| p.block > last))
        .map(|p| (p.block, squeeze(&p.text)))
        .collect();
    let next_block = |block: usize| {
        let paragraph = d.paragraphs.iter().map(|p| p.block).find(|b| *b > block);
        let table = d.tables.iter().map(|t| t.block).find(|b| *b > block);
        match (paragraph, table) {
            (Some(p), Some(t)) => Some(p.min(t)),
            (p, t) => p.or(t),
        }
    };
    for (block, text) in body
        .iter()
        .filter(|(_, t)| BARE_ATTACHMENT_LABEL.is_match(t))
    {
        let next = next_block(*block);
        let next_text = next.and_then(|n| body.iter().find(|(b, _)| *b == n));
        let lost = match next {
            None => true,
            Some(_) => next_text.is_some_and(|(_, t)| BARE_ATTACHMENT_LABEL.is_match(t)),
        };
        let involves = vec![Involved::Text {
            block: *block,
            text: text.clone(),
        }];
        if !lost && !out.keeps_passes() {
            out.count_pass(rule::COMPLETENESS, involves.iter());
            continue;
        }
        let message = match (lost, next_text) {
            (false, _) => format!("{text} (block {block}) is followed by its attachment"),
            (true, Some((_, label))) => format!(
                "{text} (block {block}) labels an attachment, but the next label, {label}, follows it at once: attachment {text} is not printed"
            ),
            (true, None) => format!(
                "{text} (block {block}) labels an attachment, but the document ends under it: attachment {text} is not printed"
            ),
        };
        out.push(result(!lost, involves, 1, usize::from(!lost), message));
    }
    for (at, (block, text)) in body.iter().enumerate() {
        let Some(label) = PART_LABEL.find(text) else {
            continue;
        };
        let name = &text[label.end()..];
        if !name.ends_with('表') || classify(name) == TableKind::Unknown {
            continue;
        }
        let rest = &body[at + 1..];
        let end = rest
            .iter()
            .find(|(_, t)| PART_LABEL.is_match(t))
            .map_or(usize::MAX, |(b, _)| *b);
        let items: Vec<&Paragraph> = rest
            .iter()
            .take_while(|(b, _)| *b < end)
            .filter(|(_, t)| {
                ITEM_LABEL.is_match(t)
                    && t.chars().count() <= MAX_ITEM_CHARS
                    && !t.contains(['。', '，', '；', '：', ':', ';', ','])
            })
            .collect();
        let spans: Vec<(&Paragraph, Option<Vec<String>>)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let to = items.get(i + 1).map_or(end, |next| next.0);
                (*item, titles_between(d, item.0, to))
            })
            .collect();
        let with_tables = spans.iter().filter(|(_, titles)| titles.is_some()).count();
        if with_tables * 2 <= spans.len() {
            continue;
        }
        // Items named as their tables are (a project's name over its targets table) are held
        // to that, where most of them are: one whose table names another item has lost its own
        // table and the next item's heading with it.
        let named = |item: &str, titles: &Option<Vec<String>>| {
            titles.as_ref().is_some_and(|t| names_item(t, item))
        };
        let by_name = spans.iter().filter(|((_, i), t)| named(i, t)).count() * 2 > spans.len();
        for ((item_block, item), titles) in &spans {
            let has = titles.is_some();
            let passed = has && (!by_name || named(item, titles));
            let involves = vec![Involved::Text {
                block: *item_block,
                text: item.clone(),
            }];
            if passed && !out.keeps_passes() {
                out.count_pass(rule::COMPLETENESS, involves.iter());
                continue;
            }
            let message = if passed {
                format!("{item} (block {item_block}) under {text} (block {block}) has its table")
            } else if has {
                let mut printed: Vec<&str> = Vec::new();
                for t in titles.as_deref().unwrap_or_default() {
                    if !t.is_empty() && !printed.contains(&t.as_str()) {
                        printed.push(t);
                    }
                }
                let printed = printed.join("、");
                format!(
                    "{text} (block {block}) holds a table named for each of its items, but under {item} (block {item_block}) is printed only {printed}: its own table is missing"
                )
            } else {
                format!(
                    "{text} (block {block}) holds a table under each of its items, but none is printed under {item} (block {item_block})"
                )
            };
            out.push(result(passed, involves, 1, usize::from(passed), message));
        }
    }
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    against_contents(d, out);
    against_standard_set(d, out);
    against_numbered_series(d, out);
    against_classification_twins(d, out);
    against_announcing_headings(d, out);
}

#[cfg(test)]
mod tests {
    use super::{names_item, series_number, BARE_ATTACHMENT_LABEL};

    #[test]
    fn an_item_names_its_table_by_its_first_line() {
        let titles = [
            "236-中央高校改善基本办学条件专项-基础设施改造项目（小学）项目绩效目标表".to_string(),
        ];
        // The heading wraps (`…基础设施改造` / `项目(小学)`) and prints brackets half-width.
        assert!(names_item(
            &titles,
            "（九）236-中央高校改善基本办学条件专项-基础设施改造"
        ));
        assert!(names_item(
            &titles,
            "（九）236-中央高校改善基本办学条件专项-基础设施改造项目(小学)"
        ));
        assert!(!names_item(
            &titles,
            "（七）236-中央高校改善基本办学条件专项-房屋修缮项目"
        ));
        // Too short a name names nothing.
        assert!(!names_item(&titles, "（一）项目"));
    }

    #[test]
    fn attachment_labels_printed_alone() {
        for label in ["附件13", "附表3", "附件2：", "附表12:"] {
            assert!(BARE_ATTACHMENT_LABEL.is_match(label), "{label}");
        }
        for text in [
            "附件",
            "附表：1.2026年财政拨款收支总表",
            "附件13部门整体绩效目标表",
        ] {
            assert!(!BARE_ATTACHMENT_LABEL.is_match(text), "{text}");
        }
    }

    #[test]
    fn table_labels_in_their_spellings() {
        let n = |t: &str| series_number(t);
        assert_eq!(
            n("预算08表 国有资本经营预算支出表"),
            Some(("预算".into(), 8))
        );
        assert_eq!(n("预算表12 年度项目支出绩效表"), Some(("预算".into(), 12)));
        assert_eq!(n("表2：2026年市级部门收入预算总表"), Some(("表".into(), 2)));
        assert_eq!(n("表 10 ：项目支出预算表"), Some(("表".into(), 10)));
        assert_eq!(n("公开表九"), Some(("公开".into(), 9)));
        assert_eq!(n("附表3"), Some(("附表".into(), 3)));
        // Words that open with 表 but number nothing, and table titles without a label.
        assert_eq!(n("表格说明"), None);
        assert_eq!(n("2026年部门收支总表"), None);
        assert_eq!(n("表1234"), None);
    }
}
