//! Narrative facts: the figures the text states, found by regular expressions over paragraphs,
//! each kept with its sentence and block.

use crate::document::Document;
use crate::extract::model::{Fact, FactValue, Profile};
use crate::money::{fold_width, parse_amount, Amount, Unit};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Words that may stand between what a figure is and the figure: `基本支出预算数为4844.56万元`,
/// `运行经费预算支出2232.91万元`.
const FILL: &str = r"(?:预算|支出|数|为|是|安排|合计)*";
/// A 三公 item named as a heading of its own sentence, its figure in the next
/// (`（一）因公出国（境）费用。2026年预算数128.25万元`), or named before the year
/// (`公务用车购置费2026年预算数0万元`).
const ITEM_YEAR: &str = r"(?:[。：:]?\d{4}年)?";
/// An amount followed by its unit; the capture groups are `n` and `u`.
const AMT: &str = r"(?P<n>\d[\d,，]*(?:\.\d+)?)\s*(?P<u>亿元|万元|千元|元)";
/// [`AMT`] alone: every amount with its unit, for readers that name figures in their own way.
pub(crate) static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(AMT).expect("static regex"));
/// A year-on-year change right after the figure: `，比2025年减少111.64万元`, `，较2025年年初预算
/// 增加61.2万元`.
const CHANGE: &str = r"^[，,、]?\s*(?:比|较)(?:上年|上年度|\d{4}年)(?:年初)?(?:预算)?(?:数)?\s*(?P<dir>增加|减少|增长|下降|持平)\s*(?:(?P<cn>\d[\d,，]*(?:\.\d+)?)\s*(?P<cu>亿元|万元|千元|元))?";

struct Pattern {
    key: &'static str,
    regex: Regex,
    /// Only the first match in the document counts (totals repeated in later sections).
    first_only: bool,
}

fn pattern(key: &'static str, prefix: &str, first_only: bool) -> Pattern {
    Pattern {
        key,
        regex: Regex::new(&format!("{prefix}{AMT}")).expect("static regex"),
        first_only,
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        pattern(
            "revenue_total",
            r"收入(?:预算)?[：:]\s*\d{4}年(?:年初)?预算数(?:为)?",
            true,
        ),
        pattern(
            "revenue_total",
            r"收入(?:预算)?总(?:额|计|预算)(?:为)?",
            true,
        ),
        pattern(
            "expenditure_total",
            r"支出(?:预算)?[：:]\s*\d{4}年(?:年初)?预算数(?:为)?",
            true,
        ),
        pattern(
            "expenditure_total",
            r"支出(?:预算)?总(?:额|计|预算)(?:为)?",
            true,
        ),
        // `…司法局收入预算8695.94万元`, `支出预算8695.94万元，其中…`: the department's own totals,
        // not those of one of its funds.
        pattern(
            "revenue_total",
            r"(?:^|[局厅处委会院室心办门位])收入预算(?:为)?",
            true,
        ),
        pattern(
            "expenditure_total",
            r"(?:^|[局厅处委会院室心办门位])支出预算(?:为)?",
            true,
        ),
        // This year's revenue and spending without the carry-overs, as the 收支总表 totals them
        // (`包括：1．本年支出合计4,651.67万元`).
        pattern("revenue_current", r"本年收入(?:预算)?合计(?:为)?", true),
        pattern("expenditure_current", r"本年支出(?:预算)?合计(?:为)?", true),
        pattern(
            "appropriation_revenue",
            r"一般公共预算财政拨款收入(?:预算)?(?:为)?",
            true,
        ),
        pattern(
            "appropriation_expenditure",
            r"一般公共预算财政拨款支出(?:预算)?(?:为)?",
            true,
        ),
        pattern("basic_expenditure", &format!("基本支出{FILL}"), true),
        pattern("project_expenditure", &format!("项目支出{FILL}"), true),
        pattern(
            "reserve_expenditure",
            &format!("(?:单位)?预留机动经费{FILL}"),
            true,
        ),
        pattern(
            "three_public.total",
            &format!(r"三公[”\x22’]?经费(?:总额)?{FILL}"),
            true,
        ),
        pattern(
            "three_public.outbound_travel",
            &format!(r"因公出国[（(]境[）)]费(?:用)?{ITEM_YEAR}{FILL}"),
            true,
        ),
        pattern(
            "three_public.official_reception",
            &format!("公务接待费(?:用)?{ITEM_YEAR}{FILL}"),
            true,
        ),
        pattern(
            "three_public.vehicle_operation",
            &format!("公务用车运行(?:维护)?费{ITEM_YEAR}{FILL}"),
            true,
        ),
        pattern(
            "three_public.vehicle_purchase",
            &format!("公务用车购置(?:费)?{ITEM_YEAR}{FILL}"),
            true,
        ),
        pattern(
            "three_public.vehicles",
            &format!("公务用车购置[及和]运行(?:维护)?费(?:用)?{ITEM_YEAR}{FILL}"),
            true,
        ),
        pattern(
            "operating_expenses",
            &format!("(?:机关)?运行经费{FILL}"),
            true,
        ),
        pattern(
            "procurement_total",
            &format!("政府采购(?:支出)?(?:预算)?总额{FILL}"),
            true,
        ),
        pattern(
            "procurement_total",
            &format!("本(?:部门|单位)政府采购(?:支出)?预算{FILL}"),
            true,
        ),
        pattern("procurement.goods", r"采购货物(?:预算)?(?:为)?", true),
        pattern("procurement.works", r"采购工程(?:预算)?(?:为)?", true),
        pattern(
            "procurement.services",
            r"采购服务(?:预算|预|算)?(?:为)?",
            true,
        ),
        pattern(
            "performance_managed_funds",
            r"绩效目标管理[，,]?\s*涉及[^。；]{0,30}?",
            true,
        ),
    ]
});

/// All of [`PATTERNS`] at once: one pass over a paragraph tells which of them match, so that
/// the search with captures runs only for those (most paragraphs match none or one).
static PATTERN_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(PATTERNS.iter().map(|p| p.regex.as_str())).expect("static regex")
});

/// Revenue sources and functions are listed after `其中：` in the paragraph of their total.
static REVENUE_SOURCES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "revenue.general_budget",
            r"一般公共预算(?:拨款|资金)(?:收入)?",
        ),
        (
            "revenue.government_fund",
            r"政府性基金预算(?:拨款|资金)(?:收入)?",
        ),
        (
            "revenue.state_capital",
            r"国有资本经营预算(?:拨款|资金)?(?:收入)?",
        ),
        (
            "revenue.fiscal_special_account",
            r"财政专户管理资金(?:收入)?",
        ),
        ("revenue.business_income", r"(?:^|[，,、：:])事业收入"),
        ("revenue.operating_income", r"事业单位经营收入"),
        ("revenue.superior_subsidy", r"上级补助收入"),
        ("revenue.subordinate_remittance", r"附属单位上缴收入"),
        ("revenue.other_income", r"其他收入"),
        ("revenue.carryover_prior", r"上年结转(?:结余)?"),
    ]
    .into_iter()
    .map(|(k, p)| (k, Regex::new(&format!("{p}{AMT}")).expect("static regex")))
    .collect()
});
/// Words naming the money that pays for spending, not what it is spent on.
const FUND_WORDS: [&str; 5] = [
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "财政专户",
    "单位资金",
];

static FUNCTION_SPENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<name>[\p{{Han}}（）()]+?支出)(?:预算)?(?:为)?{AMT}"
    ))
    .expect("static regex")
});
static TOTAL_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<what>收入|支出)(?:预算)?(?:总额)?(?:较|比)(?:上年|上年度|\d{{4}}年)(?:预算)?\s*(?P<dir>增加|减少|增长|下降)\s*{AMT}"
    ))
    .expect("static regex")
});
/// A sentence saying every project is under performance targets.
static ALL_PROJECTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"项目(?:支出)?(?:均|全部)(?:实行|纳入)|全部项目(?:支出)?均?(?:实行|纳入)")
        .expect("static regex")
});
/// The label of the funds under performance targets when they are all the projects'.
pub(crate) const ALL_PROJECTS_LABEL: &str = "全部项目支出";
static CHANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(CHANGE).expect("static regex"));
static VEHICLES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("vehicles_held", r"共有(?:车辆|公务用车)(?P<c>\d+)辆"),
        (
            "vehicles_held.general",
            r"共有[^。]*?其中一般公务用车(?P<c>\d+)辆",
        ),
        (
            "vehicles_held.law_enforcement",
            r"共有[^。]*?执勤执法用车(?P<c>\d+)辆",
        ),
        (
            "vehicles_to_buy",
            r"(?:安排)?购置(?:车辆|公务用车)(?P<c>\d+)辆",
        ),
        (
            "vehicles_to_buy.general",
            r"购置(?:车辆|公务用车)[^。]*?其中一般公务用车(?P<c>\d+)辆",
        ),
        (
            "vehicles_to_buy.law_enforcement",
            r"购置(?:车辆|公务用车)[^。]*?执勤执法用车(?P<c>\d+)辆",
        ),
    ]
    .into_iter()
    .map(|(k, p)| (k, Regex::new(p).expect("static regex")))
    .collect()
});
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d+\s*[.．、]\s*(?P<t>\S.*)$").expect("static regex"));
static INTERNAL_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"内设(?:\d+|[一二三四五六七八九十]+)个[^，,。]*?[，,：:]\s*(?:分别)?(?:是|为|包括)[：:]?(?P<list>[^。]+)")
        .expect("static regex")
});
static SUBORDINATE_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"下属(?:\d+|[一二三四五六七八九十]+)个[^，,。]*?[，,：:]\s*(?:分别)?(?:是|为|包括)[：:]?(?P<list>[^。]+)")
        .expect("static regex")
});
static CONTACT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"联系人\s*[:：]\s*(?P<n>[^；;，,。\s]+)").expect("static regex"));
static CONTACT_PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:联系方式|联系电话|电话)\s*[:：]\s*(?P<p>[\d][\d\-－—() （）]{4,}\d)")
        .expect("static regex")
});

fn money(number: &str, unit: &str) -> Option<(Amount, Unit)> {
    let unit = Unit::from_word(unit)?;
    let folded: String = number.chars().map(fold_width).collect();
    parse_amount(&folded, unit)
        .ok()
        .flatten()
        .map(|a| (a, unit))
}

const SENTENCE_ENDS: [char; 3] = ['。', '；', ';'];

/// The sentence (between `。` or `；`) around byte offset `at` of `text`.
fn sentence_around(text: &str, at: usize) -> String {
    sentence_between(text, at, &SENTENCE_ENDS)
}

/// The text around byte offset `at` between two of the `ends` characters, trimmed.
pub(crate) fn sentence_between(text: &str, at: usize, ends: &[char]) -> String {
    let at = at.min(text.len());
    let start = text[..at]
        .rfind(ends)
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let end = text[at..]
        .find(ends)
        .map(|i| at + i + text[at + i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(text.len());
    text[start..end]
        .trim()
        .trim_start_matches(['，', ',', '：', ':'])
        .trim()
        .to_string()
}

fn change_after(text: &str) -> Option<FactValue> {
    let c = CHANGE_AFTER.captures(text)?;
    let direction = c.name("dir")?.as_str();
    if direction == "持平" {
        return Some(FactValue::Money(Amount {
            fen: crate::money::Fen::ZERO,
            decimals: 0,
        }));
    }
    let (amount, _) = match (c.name("cn"), c.name("cu")) {
        (Some(n), Some(u)) => money(n.as_str(), u.as_str())?,
        _ => return None,
    };
    Some(FactValue::Money(signed(amount, direction)))
}

fn signed(amount: Amount, direction: &str) -> Amount {
    if matches!(direction, "减少" | "下降") {
        Amount {
            fen: -amount.fen,
            decimals: amount.decimals,
        }
    } else {
        amount
    }
}

/// A money fact from a match in `text[base..]`.
fn money_fact(
    key: &str,
    label: Option<String>,
    caps: &regex::Captures<'_>,
    text: &str,
    base: usize,
    block: usize,
) -> Option<Fact> {
    let whole = caps.get(0)?;
    let (start, end) = (base + whole.start(), base + whole.end());
    let (amount, unit) = money(caps.name("n")?.as_str(), caps.name("u")?.as_str())?;
    Some(Fact {
        key: key.to_string(),
        label,
        value: FactValue::Money(amount),
        unit: "yuan",
        source_unit: Some(unit),
        change: change_after(&text[end..]),
        sentence: sentence_around(text, start),
        block,
        note: None,
    })
}

fn split_list(list: &str) -> Vec<String> {
    list.split(['、', '，', ',', '；', ';'])
        .map(|s| s.trim().trim_end_matches(['。', '.']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Finds every narrative fact in the document's paragraphs.
/// CJK text takes no spaces between words; some layouts put them next to figures
/// (`2026 年`, `4844.56 万元`). They are dropped so that one pattern reads both.
pub fn compact_spaces(text: &str) -> String {
    let is_cjk = |c: char| matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF | 0x2018..=0x201F);
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        // A run of spaces: one space between two Latin words, none next to CJK or at the ends.
        if pending_space {
            if out.chars().last().is_some_and(|b| !is_cjk(b)) && !is_cjk(c) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

pub fn facts(document: &Document) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    for (block, paragraph) in document.paragraphs() {
        if !paragraph.text.contains('元') && !paragraph.text.contains('辆') {
            continue;
        }
        let compacted = compact_spaces(&paragraph.text);
        let text = compacted.as_str();
        let matching = PATTERN_SET.matches(text);
        for (i, p) in PATTERNS.iter().enumerate() {
            if !matching.matched(i) || (p.first_only && facts.iter().any(|f| f.key == p.key)) {
                continue;
            }
            if let Some(caps) = p.regex.captures(text) {
                if let Some(fact) = money_fact(p.key, None, &caps, text, 0, block) {
                    let is_total = matches!(p.key, "revenue_total" | "expenditure_total");
                    let mut fact = fact;
                    if is_total && fact.change.is_none() {
                        let what = if p.key == "revenue_total" {
                            "收入"
                        } else {
                            "支出"
                        };
                        fact.change = TOTAL_CHANGE
                            .captures_iter(text)
                            .find(|c| c.name("what").map(|m| m.as_str()) == Some(what))
                            .and_then(|c| {
                                let (a, _) = money(c.name("n")?.as_str(), c.name("u")?.as_str())?;
                                Some(FactValue::Money(signed(a, c.name("dir")?.as_str())))
                            });
                    }
                    // `本部门整体支出纳入绩效目标管理，涉及…` speaks of all the department's
                    // spending, not of its projects alone.
                    if p.key == "performance_managed_funds" && fact.sentence.contains("整体支出")
                    {
                        fact.label = Some("整体支出".to_string());
                    } else if p.key == "performance_managed_funds"
                        && ALL_PROJECTS.is_match(&fact.sentence)
                    {
                        // `项目支出均实行了绩效目标管理，涉及…`: every project, not some.
                        fact.label = Some(ALL_PROJECTS_LABEL.to_string());
                    }
                    let parts_from = caps.get(0).map(|m| m.end()).unwrap_or(0);
                    facts.push(fact);
                    if p.key == "revenue_total" {
                        for (key, regex) in REVENUE_SOURCES.iter() {
                            let rest = &text[parts_from..];
                            let end = rest.find('。').unwrap_or(rest.len());
                            if let Some(c) = regex.captures(&rest[..end]) {
                                if let Some(f) = money_fact(key, None, &c, text, parts_from, block)
                                {
                                    facts.push(f);
                                }
                            }
                        }
                    } else if p.key == "expenditure_total" {
                        let rest = &text[parts_from..];
                        let end = rest.find('。').unwrap_or(rest.len());
                        for c in FUNCTION_SPENDING.captures_iter(&rest[..end]) {
                            let name = c.name("name").map(|m| {
                                m.as_str()
                                    .trim_start_matches(['，', ',', '、', '：', ':'])
                                    .to_string()
                            });
                            // The spending broken down by the money paying for it (上海's
                            // `其中：财政拨款支出预算2,694万元`) is no function: 财政拨款 is the
                            // appropriation, and other funds are not read here.
                            let (key, name) = match name {
                                Some(n) if n.starts_with("财政拨款") => {
                                    if facts.iter().any(|f| f.key == "appropriation_expenditure") {
                                        continue;
                                    }
                                    ("appropriation_expenditure", None)
                                }
                                Some(n) if FUND_WORDS.iter().any(|w| n.contains(w)) => continue,
                                other => ("expenditure.function", other),
                            };
                            if let Some(f) = money_fact(key, name, &c, text, parts_from, block) {
                                facts.push(f);
                            }
                        }
                    }
                }
            }
        }
        for (key, regex) in VEHICLES.iter() {
            if !text.contains('辆') || facts.iter().any(|f| f.key == *key) {
                continue;
            }
            if let Some(c) = regex.captures(text) {
                let count = c.name("c").and_then(|m| m.as_str().parse::<i64>().ok());
                if let (Some(count), Some(whole)) = (count, c.get(0)) {
                    facts.push(Fact {
                        key: key.to_string(),
                        label: None,
                        value: FactValue::Count(count),
                        unit: "count",
                        source_unit: None,
                        change: None,
                        sentence: sentence_around(text, whole.start()),
                        block,
                        note: None,
                    });
                }
            }
        }
    }
    facts
}

/// A name in a classification path: no sentence punctuation, digits or quotes; a short aside in
/// brackets (`党委办公厅（室）及相关机构事务`) is part of it.
const PATH_NAME: &str =
    r"(?:[^（）()“”\x22。；;，,：:、.．\d\s]|[（(][^（）()类款项\d]{1,4}[）)])+?";

/// A functional item a budget's narrative states its appropriation for, by 类, 款 and 项 or by
/// 款 and 项 under a heading naming the 类: `3、公共安全支出（204类）司法（06款）普法宣传（05项）
/// 124.29万元`, `“一般公共服务支出（类）财政事务（款）行政运行（项）”科目13.53万元`,
/// `1.审计事务（款）行政运行（项）支出2,342万元`.
static ITEM_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<c>{PATH_NAME})[（(](?P<cc>\d{{0,3}})类[）)])?(?P<k>{PATH_NAME})[（(](?P<kc>\d{{0,2}})款[）)](?P<x>{PATH_NAME})[（(](?P<xc>\d{{0,2}})项[）)][”\x22]?(?:科目)?(?:支出|预算|数|为|安排|[：:])*{AMT}"
    ))
    .expect("static regex")
});

/// A name of a classification path without the numbering of the list it stands in (`（二）`).
fn path_name(name: &str) -> String {
    let name = name.trim();
    let name = match name.strip_prefix(['（', '(']) {
        Some(rest) => rest
            .split_once(['）', ')'])
            .map_or(name, |(_, after)| after),
        None => name,
    };
    name.to_string()
}

/// The figures a budget's narrative states for functional items (the document kind's
/// vocabulary: a 决算 states its items with 年初预算 and 决算数, read apart).
pub fn item_facts(document: &Document) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (block, paragraph) in document.paragraphs() {
        if !paragraph.text.contains('项') {
            continue;
        }
        let text = compact_spaces(&paragraph.text);
        for c in ITEM_FIGURE.captures_iter(&text) {
            let part = |n: &str| c.name(n).map(|m| path_name(m.as_str()));
            let (Some(section), Some(item)) = (part("k"), part("x")) else {
                continue;
            };
            // The code of each level as printed (`公共安全支出（204类）`), kept for the check of
            // the narrative's codes against the tables'.
            let code = |n: &str| c.name(n).map_or("", |m| m.as_str());
            let (kc, xc) = (code("kc"), code("xc"));
            let label = match part("c") {
                Some(class) => format!(
                    "{class}（{}类）{section}（{kc}款）{item}（{xc}项）",
                    code("cc")
                ),
                None => format!("{section}（{kc}款）{item}（{xc}项）"),
            };
            if let Some(fact) = money_fact(
                "appropriation_expenditure.item",
                Some(label),
                &c,
                &text,
                0,
                block,
            ) {
                facts.push(fact);
            }
        }
    }
    facts
}

/// The department profile: functions, internal and subordinate units, contact.
pub fn profile(document: &Document) -> Profile {
    let mut profile = Profile::default();
    let mut in_functions = false;
    for (_, paragraph) in document.paragraphs() {
        let text = paragraph.text.trim();
        if text.contains("职能职责") || text.contains("主要职能") || text.contains("部门职责")
        {
            in_functions = text.chars().count() < 20;
            continue;
        }
        if in_functions {
            match NUMBERED_ITEM.captures(text).and_then(|c| c.name("t")) {
                Some(item) => profile.functions.push(item.as_str().trim().to_string()),
                None => in_functions = false,
            }
        }
        if profile.internal_units.is_empty() {
            if let Some(list) = INTERNAL_UNITS.captures(text).and_then(|c| c.name("list")) {
                profile.internal_units = split_list(list.as_str());
            }
        }
        if profile.subordinate_units.is_empty() {
            if let Some(list) = SUBORDINATE_UNITS
                .captures(text)
                .and_then(|c| c.name("list"))
            {
                profile.subordinate_units = split_list(list.as_str());
            }
        }
        if profile.contact.name.is_none() {
            if let Some(n) = CONTACT_NAME.captures(text).and_then(|c| c.name("n")) {
                profile.contact.name = Some(n.as_str().to_string());
            }
        }
        if profile.contact.phone.is_none() && text.contains("联系") {
            if let Some(p) = CONTACT_PHONE.captures(text).and_then(|c| c.name("p")) {
                profile.contact.phone = Some(p.as_str().trim().to_string());
            }
        }
    }
    profile
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::of_lines(paragraphs)
    }

    fn fen(facts: &[Fact], key: &str) -> Option<i64> {
        facts
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.money())
            .map(|f| f.0)
    }

    #[test]
    fn functional_items_are_read_with_their_path() {
        let d = doc(&[
            "3、公共安全支出（204类）司法（06款）普法宣传（05项）124.29万元。主要用于：法制宣传工作支出。",
            "6.“一般公共服务支出（类）财政事务（款）行政运行（项）”科目162.32万元，主要用于保障运转。",
            "其中：1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出9370.12万元，与上年相比增加。",
            "（2）公共安全支出（类）公安（款）行政运行（项）260,448.73 万元，主要用于基本支出。",
        ]);
        let items: Vec<(String, i64)> = item_facts(&d)
            .into_iter()
            .filter_map(|f| Some((f.money()?.0, f.label?)))
            .map(|(fen, label)| (label, fen))
            .collect();
        assert_eq!(
            items,
            [
                (
                    "公共安全支出（204类）司法（06款）普法宣传（05项）".to_string(),
                    124_290_000
                ),
                (
                    "一般公共服务支出（类）财政事务（款）行政运行（项）".to_string(),
                    162_320_000
                ),
                (
                    "党委办公厅（室）及相关机构事务（款）行政运行（项）".to_string(),
                    9_370_120_000
                ),
                (
                    "公共安全支出（类）公安（款）行政运行（项）".to_string(),
                    260_448_730_000
                ),
            ]
        );
    }

    #[test]
    fn totals_with_change_in_a_later_sentence() {
        let d = doc(&["（一）收入预算：2026年年初预算数4844.56万元，其中：一般公共预算拨款4844.56万元，政府性基金预算拨款0万元，事业收入0万元。收入较2025年减少449.92万元，主要是基本支出预算减少111.64万元。"]);
        let f = facts(&d);
        let total = f.iter().find(|f| f.key == "revenue_total").unwrap();
        assert_eq!(total.money().map(|f| f.0), Some(4_844_560_000));
        assert_eq!(
            total.change,
            Some(FactValue::Money(Amount {
                fen: crate::money::Fen(-449_920_000),
                decimals: 2
            }))
        );
        assert_eq!(fen(&f, "revenue.general_budget"), Some(4_844_560_000));
        assert_eq!(fen(&f, "revenue.business_income"), Some(0));
        assert_eq!(fen(&f, "basic_expenditure"), None);
    }

    #[test]
    fn three_public_parts_and_typo_in_services() {
        let d = doc(&[
            "2026年“三公”经费预算40万元，比2025年减少0万元。其中：因公出国（境）费用0万元，比2025年减少0万元；公务接待费1万元，比2025年增加0.5万元。",
            "所属各预算单位政府采购预算总额210.90万元：政府采购货物预算28.9万元、政府采购工程预算0万元、政府采购服务预182万元。",
        ]);
        let f = facts(&d);
        assert_eq!(fen(&f, "three_public.total"), Some(40_000_000));
        assert_eq!(fen(&f, "three_public.outbound_travel"), Some(0));
        let reception = f
            .iter()
            .find(|f| f.key == "three_public.official_reception")
            .unwrap();
        assert_eq!(
            reception.change,
            Some(FactValue::Money(Amount {
                fen: crate::money::Fen(500_000),
                decimals: 1
            }))
        );
        assert_eq!(fen(&f, "procurement.services"), Some(182_000_000));
        assert_eq!(fen(&f, "procurement_total"), Some(210_900_000));
    }

    #[test]
    fn figures_with_spaces_and_words_between() {
        let d = doc(&[
            "1.机关运行经费。2026 年一般公共预算财政拨款运行经费 312.94 万元，比上年减少 39.88 万元。",
            "单位预留机动经费预算数为2938.21万元，主要是用于弥补人员经费不足。",
            "（1）公务用车购置预算支出0万元，与上年预算数一致。公务接待费支出27万元。",
            "2025年本部门政府采购预算4821.20万元，其中：政府采购货物预算57.43万元。",
        ]);
        let f = facts(&d);
        assert_eq!(fen(&f, "operating_expenses"), Some(312_940_000));
        assert_eq!(fen(&f, "reserve_expenditure"), Some(2_938_210_000));
        assert_eq!(fen(&f, "three_public.vehicle_purchase"), Some(0));
        assert_eq!(fen(&f, "three_public.official_reception"), Some(27_000_000));
        assert_eq!(fen(&f, "procurement_total"), Some(4_821_200_000));
        let operating = f.iter().find(|f| f.key == "operating_expenses").unwrap();
        assert_eq!(
            operating.change,
            Some(FactValue::Money(Amount {
                fen: crate::money::Fen(-39_880_000),
                decimals: 2
            }))
        );
        assert_eq!(
            compact_spaces(" 比 2025 年 减少  PC server "),
            "比2025年减少PC server"
        );
    }

    #[test]
    fn profile_lists_and_contact() {
        let d = doc(&[
            "（一）职能职责",
            "1.负责会议。",
            "2.协助起草公文。",
            "（二）单位构成",
            "内设2个机构科室，分别是文秘科、综合科。下属2个二级预算单位，分别是甲中心、乙中心。",
            "部门预算公开联系人：何发婷；联系方式：023-68780926",
        ]);
        let p = profile(&d);
        assert_eq!(p.functions, ["负责会议。", "协助起草公文。"]);
        assert_eq!(p.internal_units, ["文秘科", "综合科"]);
        assert_eq!(p.subordinate_units, ["甲中心", "乙中心"]);
        assert_eq!(p.contact.name.as_deref(), Some("何发婷"));
        assert_eq!(p.contact.phone.as_deref(), Some("023-68780926"));
    }
}
