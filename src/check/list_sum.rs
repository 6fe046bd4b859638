//! A figure and the parts a sentence lists right after it: `政府采购预算总额210.90万元：政府采购
//! 货物预算28.9万元、政府采购工程预算0万元、政府采购服务预算182万元`, `预算10,192.01万元，包括在职
//! 人员经费7,678.47万元、公用经费684.91万元…`, `收支总预算582,276.35万元，其中本年收入…`. A list
//! brought in by `其中` / `包括` / a colon breaks its figure down, and its parts make it up; one
//! brought in by `主要包括` names the main parts only, which make at most the figure. Whatever
//! its vocabulary, the list is read by its layout, so a breakdown no other rule names is still
//! held to its total. A part the list names may be restated in a numbered paragraph after it
//! (深圳's `（一）在职人员经费7,678.47万元，主要是…`): the same figure.
//!
//! The parts of a figure that heads two balanced sides (`收支总预算…，其中本年收入…、上年结转…；本年
//! 支出…、结转下年…`) make it up twice: each side in turn; a figure named so, and no other. A
//! sentence that opens with `其中：` breaks down the one figure of the sentence before, or, where
//! that states several (`收入预算合计…，包括本年收入…，上年结转结余…。其中：…`), one of them: the one
//! the parts make up. Not parts: a year-on-year change stated after a part (`比2025年预算增加147
//! 万元`), a bound or a threshold (`不超过7.3万元`, `单价100万元以上设备`) — a list holding one of
//! those is no breakdown and is left alone — and a nested list (`…，其中结转结余390万元；…`),
//! where the list read ends.

use super::comparison::sentences_after;
use super::figure::{compare_into, Claim, Figure};
use super::narrative::PROCUREMENT_PARTS;
use super::{rule, Checks, Involved, Relation};
use crate::extract::model::{Disclosure, TextBlock};
use crate::extract::named_figures::name_core;
use crate::extract::narrative::{compact_spaces, AMOUNT};
use crate::money::{fold_width, parse_amount, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// An amount and the words that bring in its parts: `其中`, `包括`, `主要包括`, `分别为`, or a
/// colon.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|千元|元)",
        r"(?P<lead>[，,]?(?:其中|主要包括|具体包括|包括|分别为|分别是)(?P<colon>[：:，,])?[，,]?|[：:])",
    ))
    .expect("static regex")
});

/// A sentence that opens with its list, the figure it breaks down stated the sentence before.
static OPENS_WITH_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:其中|具体包括|包括)(?P<colon>[：:])?[，,]?").expect("static regex")
});

/// A heading at the start of a line: `三、`, `（二）`, `第四部分`.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\n\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)")
        .expect("static regex")
});

/// Words of a clause that states a change, not a part.
const CHANGE_WORDS: [&str; 9] = [
    "比", "较", "增加", "减少", "增长", "下降", "持平", "相比", "同比",
];
/// Words of a bound or a target, not a part.
const BOUND_WORDS: [&str; 10] = [
    "不超",
    "不高于",
    "不低于",
    "超过",
    "低于",
    "高于",
    "≤",
    "≥",
    "＜",
    "＞",
];
/// Words after an amount that make it a threshold (`单价100万元以上设备`).
const THRESHOLD_AFTER: [&str; 4] = ["以上", "以下", "（含）", "(含)"];
/// What separates the items of a list.
const SEPARATORS: [char; 7] = ['、', '，', ',', '；', ';', '：', ':'];

struct Part {
    label: String,
    figure: Figure,
}

fn figure(number: &str, unit: &str, at: &Involved) -> Option<Figure> {
    let unit = Unit::from_word(unit)?;
    let folded: String = number.chars().map(fold_width).collect();
    let amount = parse_amount(&folded, unit).ok()??;
    Some(Figure::new(Some(amount), unit, at.clone()))
}

fn is_threshold(text: &str, end: usize) -> bool {
    THRESHOLD_AFTER.iter().any(|w| text[end..].starts_with(w))
}

/// The parts listed in `list` (the text after the words that bring them in, to the end of the
/// sentence, or of the clause group when `to_clause_group`). `None` when the list holds a bound
/// or a threshold.
fn parts(list: &str, to_clause_group: bool, at: &Involved) -> Option<Vec<Part>> {
    let list = match to_clause_group {
        true => &list[..list.find(['；', ';']).unwrap_or(list.len())],
        false => list,
    };
    let mut out = Vec::new();
    let mut from = 0;
    for c in AMOUNT.captures_iter(list) {
        let (Some(whole), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
            continue;
        };
        // A decimal's digits after its point, or a code's, are no amount of their own.
        if list[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit() || ch == '.') {
            continue;
        }
        let before = &list[from..whole.start()];
        from = whole.end();
        // An aside in brackets details the part before it.
        if depth(&list[..whole.start()]) > 0 {
            continue;
        }
        let clause = before
            .rfind(SEPARATORS)
            .map_or(before, |i| &before[i..])
            .trim_start_matches(SEPARATORS);
        if BOUND_WORDS.iter().any(|w| clause.contains(w)) || is_threshold(list, whole.end()) {
            return None;
        }
        // A list inside the list, or what a part is spent on: the list read ends before it.
        if ["其中", "包括"].iter().any(|w| before.contains(w)) || clause.contains("用于") {
            break;
        }
        if CHANGE_WORDS.iter().any(|w| clause.contains(w)) {
            continue;
        }
        out.push(Part {
            label: clause.to_string(),
            figure: figure(n.as_str(), u.as_str(), at)?,
        });
    }
    // A sentence cut inside an aside (`…（公务用车购置费36万元，…。）比上年增加…`) holds part of
    // the list only.
    if depth(list) != 0 {
        return None;
    }
    Some(out)
}

/// How many brackets are open at the end of `text` (a bracket closed that was never opened,
/// a misprint, closes nothing).
fn depth(text: &str) -> i32 {
    text.chars().fold(0, |d, c| match c {
        '（' | '(' => d + 1,
        '）' | ')' => (d - 1).max(0),
        _ => d,
    })
}

/// Whether the words naming a figure name it the total of revenue and of expenditure alike
/// (`收入、支出预算总计`, `收支总预算`): only such a figure heads two balanced sides.
fn names_both_sides(naming: &str) -> bool {
    naming.contains('收') && naming.contains('支')
}

/// Whether the parts make the whole twice over, as two balanced sides one after the other:
/// the first few make it, and the rest make it again. A list of one kind of thing may add up
/// to twice its total by chance (`货物7万元；工程0万元；服务7万元` under 7万元), so only a
/// figure named as both sides' total is read so.
fn two_sides(whole: &Figure, naming: &str, parts: &[Part]) -> bool {
    if !names_both_sides(naming) {
        return false;
    }
    let total: i64 = parts.iter().map(|p| p.figure.fen.0).sum();
    if total != whole.fen.0.saturating_mul(2) {
        return false;
    }
    let mut running = 0i64;
    parts.iter().any(|p| {
        running = running.saturating_add(p.figure.fen.0);
        running == whole.fen.0
    })
}

/// The figure a list breaks down: its value, as printed, and the words that name it (the text
/// of its sentence before it).
struct Whole<'a> {
    figure: Figure,
    printed: &'a str,
    naming: &'a str,
}

fn judge(
    block: usize,
    sentence: &str,
    Whole {
        figure: whole,
        printed: whole_text,
        naming,
    }: Whole<'_>,
    parts: Vec<Part>,
    at_most: bool,
    summed: &mut Vec<(usize, i64)>,
    out: &mut Checks,
) {
    // Only the list the fact was read from (the paragraph's first with that figure): the same
    // figure broken down again later (`其中一般公共预算拨款政府采购210.90万元：…`) is judged here.
    if let Some(at) = summed.iter().position(|s| *s == (block, whole.fen.0)) {
        summed.swap_remove(at);
        return;
    }
    // Categories each with nothing in them, under a figure that is not nothing, are a list of
    // what the figure does not hold (a template's `其中：1.事业单位经营支出0万元。2.上缴上级支出
    // 0万元。` under 项目支出), not its breakdown.
    let empty = parts.iter().all(|p| p.figure.fen.0 == 0) && whole.fen.0 != 0;
    if parts.is_empty() || empty || two_sides(&whole, naming, &parts) {
        return;
    }
    let labels: Vec<String> = parts.iter().map(|p| p.label.clone()).collect();
    // One part is part of the figure: at most the whole of it.
    let relation = if at_most || parts.len() == 1 {
        Relation::AtMost
    } else {
        Relation::Equal
    };
    let short: String = sentence.chars().take(40).collect();
    compare_into(
        out,
        rule::NARRATIVE_SUM,
        relation,
        vec![whole],
        parts.into_iter().map(|p| p.figure).collect(),
        || Claim {
            subject: format!(
                "“{short}…” (block {block}): the parts listed ({})",
                labels.join(" + ")
            ),
            expected_is: format!(
                "{} the figure they break down, {whole_text},",
                if relation == Relation::AtMost {
                    "at most"
                } else {
                    "what makes up"
                }
            ),
        },
    );
}

/// The amounts of a sentence that are not changes: the figures a list opening the next
/// sentence may break down. `None` when the sentence states a threshold, which no list makes
/// up.
fn stated_figures(sentence: &str) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut from = 0;
    for c in AMOUNT.captures_iter(sentence) {
        let (Some(whole), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
            continue;
        };
        let before = &sentence[from..whole.start()];
        from = whole.end();
        let clause = before.rfind(SEPARATORS).map_or(before, |i| &before[i..]);
        if CHANGE_WORDS.iter().any(|w| clause.contains(w)) {
            continue;
        }
        if is_threshold(sentence, whole.end()) {
            return None;
        }
        found.push((n.as_str().to_string(), u.as_str().to_string()));
    }
    Some(found)
}

/// Whether the parts add up to the whole, to the rounding their printed figures allow.
fn adds_up(whole: &Figure, parts: &[Part]) -> bool {
    !super::figure::compare(
        rule::NARRATIVE_SUM,
        Relation::Equal,
        vec![whole.clone()],
        parts.iter().map(|p| p.figure.clone()).collect(),
        Claim {
            subject: String::new(),
            expected_is: String::new(),
        },
    )
    .failed()
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    // A breakdown the named facts already sum is not judged twice: a procurement total with
    // two or more of its parts read beside it, which the narrative rule sums. (Revenue by
    // source and the 三公 items it sums only when it reads every part, so their lists are
    // judged here too.)
    let parts_beside = |block: usize| {
        d.facts
            .iter()
            .filter(|f| f.block == block && PROCUREMENT_PARTS.contains(&f.key.as_str()))
            .count()
    };
    let mut summed: Vec<(usize, i64)> = d
        .facts
        .iter()
        .filter(|f| f.key == "procurement_total" && parts_beside(f.block) >= 2)
        .filter_map(|f| Some((f.block, f.money()?.0)))
        .collect();
    check_paragraphs(&d.paragraphs, &mut summed, out);
    // Both readings of numbered paragraphs see them with their spaces closed up.
    let texts: Vec<String> = d
        .paragraphs
        .iter()
        .map(|p| compact_spaces(&p.text))
        .collect();
    check_item_lists(&d.paragraphs, &texts, &mut summed, out);
    check_restated_parts(&d.paragraphs, &texts, out);
}

/// How a list numbers its items: `（一）`, `（1）`, `1.`, `一、`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    HanInBrackets,
    DigitsInBrackets,
    Digits,
    Han,
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?P<hb>[（(][一二三四五六七八九十]+[）)])|(?P<db>[（(]\d{1,2}[）)])",
        r"|(?P<d>\d{1,2}[.．、](?:[^\d]|$))|(?P<h>[一二三四五六七八九十]+、))",
    ))
    .expect("static regex")
});

/// The numbering a paragraph opens with, and where its text starts.
fn numbering(text: &str) -> Option<(Numbering, usize)> {
    let c = NUMBERED.captures(text)?;
    let (style, m) = [
        (Numbering::HanInBrackets, "hb"),
        (Numbering::DigitsInBrackets, "db"),
        (Numbering::Digits, "d"),
        (Numbering::Han, "h"),
    ]
    .into_iter()
    .find_map(|(style, name)| c.name(name).map(|m| (style, m)))?;
    // `1.财…`: the match took the first character of the text with the number.
    let end = match style {
        Numbering::Digits => m.as_str().find(['.', '．', '、']).map_or(m.end(), |i| {
            i + m.as_str()[i..].chars().next().map_or(1, char::len_utf8)
        }),
        _ => m.end(),
    };
    Some((style, end))
}

/// The number an item's numbering stands for (`3.` → 3, `（十一）` → 11).
fn item_number(text: &str) -> Option<u32> {
    let digits: String = NUMBERED
        .captures(text)?
        .get(0)?
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    digits
        .parse()
        .ok()
        .or_else(|| super::summary_tables::chinese_number(&digits))
}

/// A line that is only a page number (`8`, `- 4 -`), printed between the lines of a paragraph.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '—' | '－'))
}

/// The figure a paragraph that ends with `其中：` breaks down (`…基本支出预算11700.63万元，其中：`,
/// its figure perhaps on a line before), or that a heading states alone (`（二）本年其他资金收入
/// 242069.29 万元`), with the numbering of the heading.
static ENDS_WITH_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[，,。]?(?:其中|具体包括|主要包括|包括)[：:]?$").expect("static regex")
});
static PART_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").expect("static regex"));
static HEADING_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^。；;，,：:\d]+?(?:\d{4}年)?[^。；;，,：:\d]*?(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|千元|元)$")
        .expect("static regex")
});

/// Whether a sentence is one clause naming one figure: no other clause (a share, a change, a
/// use) to say the list after it may break down something else.
fn states_a_figure_alone(sentence: &str) -> bool {
    let one_clause = !sentence
        .trim_start_matches('。')
        .contains(['，', ',', '；', ';', '%', '％', '：', ':']);
    one_clause && AMOUNT.find_iter(sentence).count() == 1
}

/// The last amount of `text` that no change word comes before in its clause.
fn last_figure(text: &str) -> Option<(String, String)> {
    let mut found = None;
    let mut from = 0;
    for c in AMOUNT.captures_iter(text) {
        let (Some(whole), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
            continue;
        };
        let before = &text[from..whole.start()];
        from = whole.end();
        let clause = before.rfind(SEPARATORS).map_or(before, |i| &before[i..]);
        if CHANGE_WORDS.iter().any(|w| clause.contains(w)) || is_threshold(text, whole.end()) {
            continue;
        }
        found = Some((n.as_str().to_string(), u.as_str().to_string()));
    }
    found
}

/// The numbered paragraphs after paragraph `i` that may be items of a list it opens, each with
/// its numbering and where its text starts: consecutive blocks, up to 40, past page numbers and
/// the wrapped lines of an item; an unnumbered line before the first item, or a part of the
/// document (`第四部分 政府采购预算情况`), ends them.
fn numbered_after<'p>(
    paragraphs: &'p [TextBlock],
    texts: &'p [String],
    i: usize,
) -> Vec<(&'p TextBlock, &'p str, Numbering, usize)> {
    let mut out = Vec::new();
    let Some(opening) = paragraphs.get(i) else {
        return out;
    };
    let mut last_block = opening.block;
    for (p, t) in paragraphs.iter().zip(texts).skip(i + 1).take(40) {
        if p.block != last_block + 1 {
            break;
        }
        last_block = p.block;
        if page_number(t) {
            continue;
        }
        match numbering(t) {
            Some((style, start)) => out.push((p, t.as_str(), style, start)),
            None if out.is_empty() || PART_HEADING.is_match(t) => break,
            None => {}
        }
    }
    out
}

/// Lists whose items are paragraphs of their own, each numbered and opening with its figure
/// (`（一）人员经费9467.72万元。…（二）公用经费2232.91万元。…`), under a paragraph that ends with
/// `其中：` or `具体包括：` or a heading that states the figure alone. The list ends at the first paragraph
/// numbered in another way, or at a table.
fn check_item_lists(
    paragraphs: &[TextBlock],
    texts: &[String],
    summed: &mut Vec<(usize, i64)>,
    out: &mut Checks,
) {
    for (i, text) in texts.iter().enumerate() {
        let heading = numbering(text).and_then(|(style, start)| {
            let c = HEADING_FIGURE.captures(&text[start..])?;
            let naming = text[start..start + c.name("n")?.start()].to_string();
            Some((
                style,
                c.name("n")?.as_str().to_string(),
                c.name("u")?.as_str().to_string(),
                naming,
            ))
        });
        // A list opened in its figure's own sentence (`…11700.63万元，其中：`) breaks that figure
        // down; one opened by a sentence of its own (`…占本年支出预算89.98%。其中：`) may list
        // only some of what the paragraph spoke of, each part within the figure.
        let mut loose = false;
        let (heading_style, (n, u), naming) = match heading {
            Some((style, n, u, naming)) => (Some(style), (n, u), naming),
            None if ENDS_WITH_LIST.is_match(text) => {
                // The figure may be on the lines before (`…预算11700.63` / `8` / `万元，其中：`).
                let mut joined = String::new();
                for t in texts[i.saturating_sub(3)..=i].iter() {
                    if !page_number(t) {
                        joined.push_str(t);
                    }
                }
                let Some(cut) = ENDS_WITH_LIST.find(&joined) else {
                    continue;
                };
                let before = &joined[..cut.start()];
                // Only the sentence that ends with the list's opening.
                let sentence = before.rfind('。').map_or(before, |k| &before[k..]);
                // `主要包括` names the main parts only; a list opening a sentence of its own
                // breaks down the sentence before only when that states its figure alone
                // (`2．公务用车购置及运行费预算支出411.20万元。其中：`).
                loose = cut.as_str().contains("主要")
                    || cut.as_str().starts_with('。') && !states_a_figure_alone(sentence);
                let Some(figure) = last_figure(sentence) else {
                    continue;
                };
                (None, figure, sentence.to_string())
            }
            None => continue,
        };
        let at = Involved::Text {
            block: paragraphs[i].block,
            text: paragraphs[i].text.trim().to_string(),
        };
        let Some(total) = figure(&n, &u, &at) else {
            continue;
        };
        let mut style = None;
        let mut listed = Vec::new();
        let mut void = false;
        let mut last_number = None;
        let mut nested = false;
        for (p, t, item_style, start) in numbered_after(paragraphs, texts, i) {
            if heading_style == Some(item_style) {
                break;
            }
            let number = item_number(t);
            // Numbered another way, it is a list inside the item before (`2.精细服务1,365.35万元，
            // 主要包括：（1）…` / `（8）…` / `3.综合管理…`) when the list goes on after it with
            // its next number; else the list ended there.
            if style.is_some_and(|s| s != item_style) {
                nested = true;
                continue;
            }
            if nested {
                if last_number
                    .zip(number)
                    .is_some_and(|(last, n)| n == last + 1)
                {
                    nested = false;
                } else if number == Some(1) {
                    break;
                } else {
                    continue;
                }
            }
            // Numbered back, it is a list inside the item before (`4.专项统计业务844.03万元，主要
            // 包括：1.…；2.…` / `3.编外人员262.50万元…`). A list may skip the numbers of items it
            // leaves out (北京's `5.事业收入` / `9.其他收入`).
            if last_number.zip(number).is_some_and(|(last, n)| n <= last) {
                continue;
            }
            last_number = number;
            style = Some(item_style);
            // The item's figure: the amount of its first clause.
            let item_at = Involved::Text {
                block: p.block,
                text: p.text.trim().to_string(),
            };
            let Some((label, part)) = item_figure(&t[start..], &item_at) else {
                void = true;
                break;
            };
            listed.push(Part {
                label: label.to_string(),
                figure: part,
            });
        }
        if void {
            continue;
        }
        judge(
            paragraphs[i].block,
            text,
            Whole {
                figure: total,
                printed: &format!("{n}{u}"),
                naming: &naming,
            },
            listed,
            loose,
            summed,
            out,
        );
    }
}

/// The text up to the first clause end; a comma between digits groups a number's thousands
/// (`7,678.47`) and ends nothing.
fn first_clause(text: &str) -> &str {
    let bytes = text.as_bytes();
    let end = text.char_indices().find(|&(i, c)| match c {
        '。' | '；' | ';' | '，' => true,
        ',' => {
            !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        }
        _ => false,
    });
    &text[..end.map_or(text.len(), |(i, _)| i)]
}

/// The label and figure a numbered item paragraph opens with (`（一）在职人员经费 7,678.47 万元，
/// 主要是…` → `在职人员经费`, 7,678.47万元): the amount of its first clause.
fn item_figure<'t>(body: &'t str, at: &Involved) -> Option<(&'t str, Figure)> {
    let clause = first_clause(body);
    let c = AMOUNT.captures(clause)?;
    let (whole, n, u) = (c.get(0)?, c.name("n")?, c.name("u")?);
    let label = &clause[..whole.start()];
    if BOUND_WORDS.iter().any(|w| label.contains(w))
        || CHANGE_WORDS.iter().any(|w| label.contains(w))
        || is_threshold(clause, whole.end())
    {
        return None;
    }
    Some((label, figure(n.as_str(), u.as_str(), at)?))
}

/// The parts a paragraph's last sentence lists (`…预算10,192.01万元，包括在职人员经费7,678.47万元、
/// 公用经费684.91万元…。`), when the list runs to the paragraph's end.
fn closing_list(text: &str, at: &Involved) -> Option<Vec<Part>> {
    let body = text.trim_end().trim_end_matches('。');
    let last = body.rfind('。').map_or(body, |k| &body[k..]);
    let head = HEAD.captures_iter(last).last()?;
    let whole = head.get(0)?;
    let lead = head.name("lead")?.as_str();
    if lead.contains("主要") {
        return None;
    }
    let listed = parts(&last[whole.end()..], false, at)?;
    (listed.len() >= 2).then_some(listed)
}

/// Parts a list names, restated one by one in the numbered paragraphs right after it (深圳:
/// `…预算10,192.01万元，包括在职人员经费7,678.47万元、公用经费684.91万元…。` then `（一）在职人员
/// 经费7,678.47万元，主要是…`): each part named again is the same figure.
fn check_restated_parts(paragraphs: &[TextBlock], texts: &[String], out: &mut Checks) {
    for (i, text) in texts.iter().enumerate() {
        let at = Involved::Text {
            block: paragraphs[i].block,
            text: paragraphs[i].text.trim().to_string(),
        };
        let Some(listed) = closing_list(text, &at) else {
            continue;
        };
        let cores: Vec<String> = listed.iter().map(|p| name_core(&p.label)).collect();
        let mut style = None;
        for (p, t, item_style, start) in numbered_after(paragraphs, texts, i) {
            if style.is_some_and(|s| s != item_style) {
                break;
            }
            style = Some(item_style);
            let item_at = Involved::Text {
                block: p.block,
                text: p.text.trim().to_string(),
            };
            let Some((label, restated)) = item_figure(&t[start..], &item_at) else {
                continue;
            };
            let core = name_core(label);
            let mut named = cores
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty() && **c == core);
            let (Some((k, _)), None) = (named.next(), named.next()) else {
                continue;
            };
            let part = &listed[k];
            compare_into(
                out,
                rule::NARRATIVE_SUM,
                Relation::Equal,
                vec![part.figure.clone()],
                vec![restated],
                || Claim {
                    subject: format!("“{}” (block {}) restated", label.trim(), p.block),
                    expected_is: format!(
                        "the part “{}” the list of block {} names,",
                        part.label.trim(),
                        paragraphs[i].block
                    ),
                },
            );
        }
    }
}

fn check_paragraphs(paragraphs: &[TextBlock], summed: &mut Vec<(usize, i64)>, out: &mut Checks) {
    for (block, sentence, previous) in sentences_after(paragraphs, &['其', '包', '：', ':', '分'])
    {
        // A heading ends whatever list ran before it (a line lost from its place may leave a
        // sentence open across the heading).
        let mut starts: Vec<usize> = HEADING.find_iter(&sentence).map(|m| m.start()).collect();
        starts.insert(0, 0);
        starts.push(sentence.len());
        for (i, span) in starts.windows(2).enumerate() {
            let previous = if i == 0 { previous.as_deref() } else { None };
            check_sentence(block, &sentence[span[0]..span[1]], previous, summed, out);
        }
    }
}

fn check_sentence(
    block: usize,
    sentence: &str,
    previous: Option<&str>,
    summed: &mut Vec<(usize, i64)>,
    out: &mut Checks,
) {
    let text = compact_spaces(sentence);
    let at = Involved::Text {
        block,
        text: sentence.trim().to_string(),
    };
    for head in HEAD.captures_iter(&text) {
        let (Some(whole), Some(n), Some(u), Some(lead)) = (
            head.get(0),
            head.name("n"),
            head.name("u"),
            head.name("lead"),
        ) else {
            continue;
        };
        // The digits of a figure a longer number ends with are not its own.
        if text[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit() || ch == '.')
            || BOUND_WORDS.iter().any(|w| {
                let start = text[..whole.start()].rfind(SEPARATORS).unwrap_or(0);
                text[start..whole.start()].contains(w)
            })
        {
            continue;
        }
        let Some(total) = figure(n.as_str(), u.as_str(), &at) else {
            continue;
        };
        let lead = lead.as_str();
        let main_only = lead.contains("主要");
        // `其中` without a colon breaks the figure down within its clause group; `其中，` brings
        // in its list as `其中：` does.
        let to_clause_group = lead.contains("其中") && head.name("colon").is_none();
        let Some(listed) = parts(&text[whole.end()..], to_clause_group, &at) else {
            continue;
        };
        let whole_text = format!("{}{}", n.as_str(), u.as_str());
        judge(
            block,
            &text,
            Whole {
                figure: total,
                printed: &whole_text,
                naming: &text[..whole.start()],
            },
            listed,
            main_only,
            summed,
            out,
        );
    }
    // `…预算40万元，比2025年减少0万元。其中：因公出国（境）费用0万元，…`
    let Some(opening) = OPENS_WITH_LIST.captures(&text) else {
        return;
    };
    let Some(stated) = previous
        .map(compact_spaces)
        .and_then(|p| stated_figures(&p))
    else {
        return;
    };
    let totals: Vec<(Figure, String)> = stated
        .iter()
        .filter_map(|(n, u)| Some((figure(n, u, &at)?, format!("{n}{u}"))))
        .collect();
    let to_clause_group = opening.name("colon").is_none();
    let from = opening.get(0).map_or(0, |m| m.end());
    let Some(listed) = parts(&text[from..], to_clause_group, &at) else {
        return;
    };
    // A sentence of several figures (`收入预算合计…万元，包括本年收入…万元，上年结转结余…万元。`)
    // leaves open which one the list breaks down: one of them, which the parts make up. Where
    // none is, the list is held to the figure nearest its sum.
    let several = totals.len() > 1;
    if several && listed.len() < 2 {
        return;
    }
    let sum: i64 = listed.iter().map(|p| p.figure.fen.0).sum();
    let chosen = totals
        .iter()
        .find(|(total, _)| adds_up(total, &listed))
        .or_else(|| {
            totals
                .iter()
                .min_by_key(|(total, _)| total.fen.0.saturating_sub(sum).saturating_abs())
        });
    let Some((total, printed)) = chosen else {
        return;
    };
    let printed = if several && !adds_up(total, &listed) {
        let all: Vec<&str> = totals.iter().map(|(_, p)| p.as_str()).collect();
        format!(
            "{printed} (the nearest of the sentence before's {})",
            all.join(", ")
        )
    } else {
        printed.clone()
    };
    judge(
        block,
        &text,
        Whole {
            figure: total.clone(),
            printed: &printed,
            naming: previous.unwrap_or(""),
        },
        listed,
        false,
        summed,
        out,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ChecksListed;

    type Reader = fn(&[TextBlock], &mut Vec<(usize, i64)>, &mut Checks);

    /// The checks one of this module's readers makes of the paragraphs, and how many fail.
    fn checked_by(check: Reader, paragraphs: &[&str]) -> (usize, usize) {
        let paragraphs: Vec<TextBlock> = paragraphs
            .iter()
            .enumerate()
            .map(|(block, text)| TextBlock {
                block,
                text: text.to_string(),
            })
            .collect();
        let mut out = Checks::new(ChecksListed::All);
        check(&paragraphs, &mut Vec::new(), &mut out);
        let records = out.records();
        (records.len(), records.iter().filter(|r| r.failed()).count())
    }

    fn failures(paragraphs: &[&str]) -> (usize, usize) {
        checked_by(check_paragraphs, paragraphs)
    }

    #[test]
    fn a_list_after_its_figure_makes_it_up() {
        let right = "所属各预算单位政府采购预算总额210.90万元：政府采购货物预算28.9万元、政府采购工程预算0万元、政府采购服务预182万元；其中一般公共预算拨款政府采购210.90万元：政府采购货物预算28.9万元、政府采购工程预算0万元、政府采购服务预算182万元。";
        assert_eq!(failures(&[right]), (2, 0));
        assert_eq!(failures(&[&right.replacen("28.9", "88.9", 1)]), (2, 1));
        let shanghai = "2026年，上海市中医文献馆收入预算8,401万元，其中：财政拨款收入2,694万元，比2025年预算增加147万元；事业收入5,707万元，比2025年预算增加304万元；事业单位经营收入0万元，与2025年预算持平；其他收入0万元，与2025年预算持平。";
        assert_eq!(failures(&[shanghai]), (1, 0));
        assert_eq!(failures(&[&shanghai.replace("8,401", "9,401")]), (1, 1));
        // `其中，` brings in its list as `其中：` does, past the clauses' `；` (长沙).
        let changsha = "2026年本单位政府采购预算总额7万元，其中，货物类采购预算0万元；工程类采购预算0万元；服务类采购预算7万元。";
        assert_eq!(failures(&[changsha]), (1, 0));
        assert_eq!(
            failures(&[&changsha.replacen("预算0万元", "预算3万元", 1)]),
            (1, 1)
        );
        // Spaces around the figures, a list wrapped over lines.
        assert_eq!(
            failures(&["深圳市人民政府办公厅(本级)预算 10,192.01 万元，包括\n在职人员经费 7,678.47 万元、公用经费 684.91 万元、对个人和家庭的补助 1,828.63 万元。"]),
            (1, 0)
        );
    }

    #[test]
    fn balanced_sides_and_main_parts() {
        let swu = "我校2024年收支总预算582,276.35万元，其中本年收入预算445,060.00万元、使用非财政拨款结余30,367.94万元、上年结转106,848.41万元；本年支出预算486,554.95万元、结转下年95,721.40万元。";
        assert_eq!(failures(&[swu]), (1, 0));
        assert_eq!(
            failures(&[&swu.replace("106,848.41", "106,948.41")]),
            (1, 1)
        );
        let main = "4.研究调研活动166.02万元，主要包括：政府重要文稿起草及调研工作116.3万元，用于开展工作的支出；党建及业务专题培训49.72万元，用于培训的支出。";
        assert_eq!(failures(&[main]), (1, 0));
        assert_eq!(failures(&[&main.replace("116.3", "136.3")]), (1, 1));
        // The main parts only: fewer is no contradiction.
        assert_eq!(failures(&[&main.replace("116.3", "16.3")]), (1, 0));
        // 长沙: parts of one kind that add up to twice their total by chance are no two sides.
        let one_kind = "（四）政府采购情况：2026年本单位政府采购预算总额7万元，其中，货物类采购预算0万元；工程类采购预算0万元；服务类采购预算7万元。";
        assert_eq!(failures(&[one_kind]), (1, 0));
        assert_eq!(
            failures(&[&one_kind.replace("货物类采购预算0", "货物类采购预算7")]),
            (1, 1)
        );
    }

    #[test]
    fn a_list_opening_its_sentence_breaks_down_the_figure_before() {
        let three = [
            "2026年“三公”经费预算40万元，比2025年减少0万元。其中：因公出国（境）费用0万元，比2025年减少0万元；公务接待费1万元，比2025年增加0.5万元；公务用车运行维护费21万元；公务用车购置费18万元。",
        ];
        assert_eq!(failures(&three), (1, 0));
        assert_eq!(
            failures(&[&three[0].replace("费18万元", "费28万元")]),
            (1, 1)
        );
        // 无锡: the sentence before states three figures (its own list of two), and the list
        // after makes up the first two.
        let wuxi = [
            "二、收入预算情况说明",
            "无锡市住房和城乡建设局（本级）2026年收入预算合计106,428万元，包括本年收入106,428万元，上年结转结余0万元。",
            "其中：",
            "本年一般公共预算收入38,420万元，占36.1%；",
            "本年政府性基金预算收入67,808万元，占63.71%；",
            "本年财政专户管理资金0万元，占0%；",
            "本年其他收入200万元，占0.19%；",
            "上年结转结余的一般公共预算收入0万元，占0%。",
        ];
        assert_eq!(failures(&wuxi), (2, 0));
        let mut misprinted = wuxi.map(str::to_string);
        misprinted[5] = misprinted[5].replace("资金0万元", "资金8万元");
        let misprinted: Vec<&str> = misprinted.iter().map(String::as_str).collect();
        assert_eq!(failures(&misprinted), (2, 1));
        // A single part names no breakdown of a sentence of several figures.
        assert_eq!(failures(&wuxi[..4]), (1, 0));
    }

    fn check_item_lists_alone(
        paragraphs: &[TextBlock],
        summed: &mut Vec<(usize, i64)>,
        out: &mut Checks,
    ) {
        let texts: Vec<String> = paragraphs.iter().map(|p| compact_spaces(&p.text)).collect();
        check_item_lists(paragraphs, &texts, summed, out);
    }

    fn item_list_failures(paragraphs: &[&str]) -> (usize, usize) {
        checked_by(check_item_lists_alone, paragraphs)
    }

    #[test]
    fn numbered_paragraphs_under_their_figure_make_it_up() {
        // The figure broken over a page: its amount, the page number, its unit.
        let jiangsu = [
            "  江苏省委办公厅2019年度财政拨款基本支出预算11700.63",
            "                 8",
            "万元，其中：",
            "  （一）人员经费9467.72万元。主要包括：基本工资、津贴",
            "补贴、奖金、绩效工资。",
            "  （二）公用经费2232.91万元。主要包括：办公费、水费、",
            "电费、邮电费。",
            "  七、一般公共预算支出预算情况说明",
            "  （一）一般公共服务支出100万元。",
        ];
        assert_eq!(item_list_failures(&jiangsu), (1, 0));
        let mut wrong = jiangsu;
        wrong[3] = "  （一）人员经费9457.72万元。主要包括：基本工资、津贴";
        assert_eq!(item_list_failures(&wrong), (1, 1));
        let beijing = [
            "   （二）本年其他资金收入 242069.29 万元",
            "   4.财政专户管理资金收入 0 万元。",
            "   5.事业收入 0 万元。",
            "                  - 4 -",
            "   9.其他收入 242069.29 万元。",
            "   （三）上年结转结余 5066.00 万元",
            "   10.上年结转结余 5066.00 万元。",
        ];
        assert_eq!(item_list_failures(&beijing), (2, 0));
        let mut wrong = beijing;
        wrong[2] = "   5.事业收入 3 万元。";
        assert_eq!(item_list_failures(&wrong), (2, 1));
    }

    #[test]
    fn a_list_opened_by_its_figures_clause_and_numbered_back_inside_an_item() {
        // 深圳: `具体包括：` opens the list; item 4 lists its own parts numbered from 1, and its
        // paragraph breaks before its third; the next part of the document ends the list.
        let shenzhen = [
            "   （五）项目支出 1,313.80 万元，具体包括：",
            "   1.统计管理 352.27 万元，主要包括：统计日常管理业务352.27 万元。",
            "   2.政务信息化项目（运行维护服务）7.50 万元，主要包括：内网维护 7.50 万元。",
            "   3.专项普查活动 110.00 万元，主要包括：农业普查 110.00 万元。",
            "   4.专项统计业务 844.03 万元，主要包括：1.统计专项调查业务 265.25 万元；2.统计",
            "   3.编外人员 262.50 万元，使用劳务派遣人员；4.满意度调查 86.28 万元。",
            "   第四部分      政府采购预算情况",
            "   1.货物类 12.00 万元。",
        ];
        assert_eq!(item_list_failures(&shenzhen), (1, 0));
        let mut wrong = shenzhen;
        wrong[3] = "   3.专项普查活动 190.00 万元，主要包括：农业普查 110.00 万元。";
        assert_eq!(item_list_failures(&wrong), (1, 1));
    }

    #[test]
    fn a_list_in_a_sentence_of_its_own_bounds_its_figure() {
        // Under 项目支出, a template lists categories that are no part of it.
        let listed = [
            "   （二）项目支出。项目支出预算 1303674.00 万元，占",
            "本年支出预算 89.98%。其中：",
            "   1.事业单位经营支出 0 万元。",
            "   2.上缴上级支出 0 万元。",
            "   3.对附属单位补助支出 900 万元。",
        ];
        assert_eq!(item_list_failures(&listed), (1, 0));
        let mut empty = listed;
        empty[4] = "   3.对附属单位补助支出 0 万元。";
        assert_eq!(item_list_failures(&empty), (0, 0));
    }

    #[test]
    fn a_heading_ends_the_list_before_it() {
        // A final account's lines out of place: a sentence left open runs across headings.
        let putuo = "  本年收入合计2946.25万元，其中： 财政拨款收入2940.05万元，占99.79%；其他\n收入6.2万元，占0.21%；\n\n  三、支出决算情况说明\n\n\n603.14万元，占20.51%；\n    本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%； 项目支出\n\n\n  四、财政拨款收入支出决算总体情况说明\n\n  上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。";
        // The first list in full; of the second only the part before the heading, within its
        // figure.
        assert_eq!(failures(&[putuo]), (2, 0));
        assert_eq!(failures(&[&putuo.replace("6.2万元", "6.9万元")]), (2, 1));
        assert_eq!(failures(&[&putuo.replace("2336.91", "3336.91")]), (2, 1));
    }

    #[test]
    fn bounds_thresholds_and_nested_lists_are_no_breakdown() {
        for text in [
            "（五）项目支出1,313.80万元，具体包括：1.统计管理352.27万元，主要包括：统计日常管理业务352.27万元。2.统计调查961.53万元。",
            "（五）项目支出9,402.71万元，具体包括：1.综合管理356.65万元，主要用于甘坑人工湿地日常运行53.92万元、重点实验室日常运行181.91万元。",
            "“三公”经费378.87万元，其中：因公出国（境）费20万元，比上年增加0万元；公务用车购置及运行维护费346.67万元（公务用车购置费36万元，比上年增加36万元；公务用车运行维护费310.67万元，比上年减少2.56万元。）比上年增加33.44万元；公务接待费12.2万元。",

            "该分项总成本不超20.48万元，其中：境外费用不超过7.3万元、项目管理费用不超过1.735万元。",
            "单位价值50万元以上设备0台，其中：单位价值100万元以上设备0台，单价200万元以上设备0台。",
            "专项经费4,754.51万元，其中结转结余390万元；勤务辅警业务费523.08万元、编外人员7,617.44万元。",
        ] {
            assert_eq!(failures(&[text]).1, 0, "{text}");
        }
    }
}
