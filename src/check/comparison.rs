//! Year-on-year wording: a sentence that compares this year's figure with last year's (`2026年度收入
//! 预算211,514.05万元，比2025年年初预算数189,594.33万元增加21,919.72万元，增长11.56%`) must say
//! the direction the two figures go, the difference they make and its percentage of last year's
//! (rounded or cut to its printed digits). Budgets and final accounts alike.

use super::figure::{compare_into, Claim, Figure};
use super::final_accounts::{ratio_agrees, ratio_cut_to};
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, Percent, TextBlock};
use crate::extract::narrative::AMOUNT;
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Fen, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// This year's figure, the year compared with, perhaps last year's figure, the direction word,
/// perhaps the difference and perhaps its percentage; on squeezed text.
static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<cur>\d[\d,]*(?:\.\d+)?)(?P<cu>亿元|万元|元)[，,]?",
        r"(?:比|较|与)(?:上年|上年度|20\d{2}年度?)[^，,。；;:：\d]{0,20}?",
        r"(?:(?P<prev>\d[\d,]*(?:\.\d+)?)(?P<pu>亿元|万元|元))?",
        r"(?:相比|相较)?[，,]?",
        // The figure named again after the comparison's opening (`与2023年度相比，一般公共预算财政
        // 拨款支出减少63.14万元`).
        r"(?:[^，,。；;:：\d]{0,24}?(?:支出|收入|经费|费用|总计|合计|预算)各?)?",
        r"(?P<dir>增加|减少|增长|下降|上升|持平|基本持平)",
        r"(?:(?P<chg>\d[\d,]*(?:\.\d+)?)(?P<chu>亿元|万元|元)|(?P<pct1>\d+(?:\.\d+)?)%)?",
        r"(?:[，,](?:同比)?(?P<dir2>增长|下降|增加|减少|上升|增幅|减幅|降幅)(?:为)?(?P<pct2>\d+(?:\.\d+)?)%)?",
    ))
    .expect("static regex")
});

/// Last year's figure stated before this year's (`2025年当年预算执行数为2149.45万元，2026年预算安排
/// 2170.39万元，比2025年预算执行数增加0.97%`); the same groups as [`COMPARISON`], with the two
/// years (`py`, `cy`) to make sure the first is the year before the second.
static PREVIOUS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:上年度?|(?P<py>20\d{2})年度?)[^，,。；;:：\d增减降比较与]{0,16}?",
        r"(?P<prev>\d[\d,]*(?:\.\d+)?)(?P<pu>亿元|万元|元)[，,；;]",
        r"(?:本年度?|(?P<cy>20\d{2})年度?)[^，,。；;:：\d增减降比较与]{0,16}?",
        r"(?P<cur>\d[\d,]*(?:\.\d+)?)(?P<cu>亿元|万元|元)[，,]?",
        r"(?:比|较)(?:上年|上年度|20\d{2}年度?)[^，,。；;:：\d]{0,20}?",
        r"(?P<dir>增加|减少|增长|下降|上升|持平|基本持平)",
        r"(?:(?P<chg>\d[\d,]*(?:\.\d+)?)(?P<chu>亿元|万元|元)|(?P<pct1>\d+(?:\.\d+)?)%)?",
        r"(?:[，,](?:同比)?(?P<dir2>增长|下降|增加|减少|上升|增幅|减幅|降幅)(?:为)?(?P<pct2>\d+(?:\.\d+)?)%)?",
    ))
    .expect("static regex")
});

/// A difference and its percentage, each with its direction word (`增加47.15万元，增长1.02%`),
/// wherever the sentence states this year's figure (often a sentence before); the match starts
/// at its clause, so a failure quotes what was compared.
static WORD_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[^，,。；;]*?(?P<dir>增加|减少|增长|下降|上升)(?:\d[\d,]*(?:\.\d+)?(?:亿元|万元|元))?[，,]",
        r"(?:同比)?(?P<dir2>增长|下降|增加|减少|上升|增幅|减幅|降幅)(?:为)?\d+(?:\.\d+)?%",
    ))
    .expect("static regex")
});

/// Last year's figure stated right after the comparison, in brackets: `增加28,083万元（去年预算数为
/// 0万元，无法计算增减比率）`.
static PREVIOUS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[^。；;（(]{0,12}?[（(](?:去年|上年)度?(?:年初)?(?:预算|决算|执行)?数?(?:为|是)?",
        r"(?P<prev>\d[\d,]*(?:\.\d+)?)(?P<pu>亿元|万元|元)",
    ))
    .expect("static regex")
});

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Direction {
    Up,
    Down,
    Level,
}

fn direction(word: &str) -> Direction {
    match word {
        "增加" | "增长" | "上升" | "增幅" => Direction::Up,
        "减少" | "下降" | "减幅" | "降幅" => Direction::Down,
        _ => Direction::Level,
    }
}

fn amount(text: &str, unit_word: &str, at: &Involved) -> Option<Figure> {
    let unit = Unit::from_word(unit_word)?;
    let amount = parse_amount(text, unit).ok()??;
    Some(Figure::new(Some(amount), unit, at.clone()))
}

fn outcome(
    passed: bool,
    at: &Involved,
    expected: String,
    actual: String,
    message: String,
) -> CheckResult {
    CheckResult {
        rule: rule::NARRATIVE_CHANGE,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves: vec![at.clone()],
        expected: Some(Value::Text(expected)),
        actual: Some(Value::Text(actual)),
        difference: None,
        tolerance: None,
        message,
    }
}

fn word_of(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => "增加",
        Direction::Down => "减少",
        Direction::Level => "持平",
    }
}

/// Last year's figure a sentence implies: this year's less the increase, or plus the decrease.
fn implied_previous(current: &Figure, change: &Figure, dir: Direction) -> Figure {
    let fen = match dir {
        Direction::Down => Fen(current.fen.0.saturating_add(change.fen.0)),
        _ => Fen(current.fen.0.saturating_sub(change.fen.0)),
    };
    Figure {
        fen,
        half: current.half.saturating_add(change.half),
        grid: None,
        unit: current.unit,
        at: current.at.clone(),
    }
}

/// The two direction words of one comparison agree (`减少…，增长…%` contradicts itself).
fn check_word_pairs(block: usize, text: &str, out: &mut Checks) {
    for c in WORD_PAIR.captures_iter(text) {
        let (Some(whole), Some(first), Some(second)) = (c.get(0), c.name("dir"), c.name("dir2"))
        else {
            continue;
        };
        let at = Involved::Text {
            block,
            text: whole.as_str().to_string(),
        };
        let dir = direction(first.as_str());
        let passed = direction(second.as_str()) == dir;
        if passed && !out.keeps_passes() {
            out.count_pass(rule::NARRATIVE_CHANGE, std::iter::once(&at));
            continue;
        }
        out.push(outcome(
            passed,
            &at,
            word_of(dir).to_string(),
            second.as_str().to_string(),
            format!(
                "“{}” (block {block}) says {} and then {}",
                whole.as_str(),
                first.as_str(),
                second.as_str()
            ),
        ));
    }
}

/// Whether a match of [`PREVIOUS_FIRST`] names the year before and then the year itself.
fn years_in_order(c: &regex::Captures) -> bool {
    match (c.name("py"), c.name("cy")) {
        (Some(p), Some(y)) => match (p.as_str().parse::<i32>(), y.as_str().parse::<i32>()) {
            (Ok(p), Ok(y)) => p + 1 == y,
            _ => false,
        },
        _ => true,
    }
}

fn check_sentence(block: usize, sentence: &str, out: &mut Checks) {
    let text = squeeze(sentence);
    check_word_pairs(block, &text, out);
    // A figure's parts set in brackets between it and its comparison (`…346.67万元（公务用车购置
    // 费36万元，比上年增加36万元；…）比上年增加33.44万元`): the comparison after the aside is the
    // figure's, and those inside are the parts'.
    let mut outside = String::with_capacity(text.len());
    let mut last = 0;
    for aside in ASIDE_AFTER_FIGURE.captures_iter(&text) {
        let Some(inner) = aside.name("inner") else {
            continue;
        };
        let (start, end) = (
            inner.start() - '（'.len_utf8(),
            inner.end() + '）'.len_utf8(),
        );
        outside.push_str(&text[last..start]);
        last = end;
        check_comparisons(block, inner.as_str(), out);
    }
    outside.push_str(&text[last..]);
    check_comparisons(block, &outside, out);
}

/// Brackets between a figure and its comparison that hold figures of their own (the figure's
/// parts); a bracket after a change (`增加…万元（去年预算数为0万元）`) is no aside.
static ASIDE_AFTER_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:亿元|万元|元)（(?P<inner>[^（）]*?\d[^（）]*?(?:亿元|万元|元)[^（）]*)）[，,]?(?:比|较|与)")
        .expect("static regex")
});

/// A sentence that opens with its comparison (`与上年相比增加85.11万元，增长6.60%。`) compares the
/// figure of the sentence before (`2．社会保障和就业（类）支出1374.63万元，主要用于…。`) when
/// that sentence states one figure only.
static OPENS_WITH_COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:同时[，,]?)?(?:与|比|较)(?:上年|上年度|20\d{2}年度?)").expect("static regex")
});

/// The words after a figure that bring in the main parts it is spent on.
static LISTS_ITS_PARTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[，,]?主要包括[：:]?").expect("static regex"));

/// The comparisons of sentences that take their figure from the sentence before, each checked
/// as if it followed that figure.
fn check_subjectless(paragraphs: &[TextBlock], out: &mut Checks) {
    for (block, sentence, previous) in sentences_after(paragraphs, &['比', '较', '与']) {
        let squeezed = squeeze(&sentence);
        if !OPENS_WITH_COMPARISON.is_match(&squeezed) {
            continue;
        }
        let Some(previous) = previous.map(|p| squeeze(&p)) else {
            continue;
        };
        let figures: Vec<_> = AMOUNT.find_iter(&previous).collect();
        // One figure, or a figure and the main parts it is spent on (`研究调研活动166.02万元，主要
        // 包括：…116.3万元…；…49.72万元…`): the comparison is of the figure they make up. Items
        // a list numbers (`具体包括：1.…40万元`) may each be compared in turn.
        let figure = match figures.as_slice() {
            [figure] => figure,
            [first, ..] if LISTS_ITS_PARTS.is_match(&previous[first.end()..]) => first,
            _ => continue,
        };
        check_comparisons(block, &format!("{}，{squeezed}", figure.as_str()), out);
    }
}

/// The comparisons a squeezed sentence states, against the figures it states with them.
fn check_comparisons(block: usize, text: &str, out: &mut Checks) {
    let text = text.to_string();
    let stated_after = COMPARISON.captures_iter(&text);
    let stated_before = PREVIOUS_FIRST.captures_iter(&text).filter(years_in_order);
    for c in stated_after.chain(stated_before) {
        let (Some(whole), Some(cur), Some(cu), Some(dir_word)) =
            (c.get(0), c.name("cur"), c.name("cu"), c.name("dir"))
        else {
            continue;
        };
        let at = Involved::Text {
            block,
            text: whole.as_str().to_string(),
        };
        let Some(current) = amount(cur.as_str(), cu.as_str(), &at) else {
            continue;
        };
        let dir = direction(dir_word.as_str());
        let stated_after = PREVIOUS_AFTER.captures(&text[whole.end()..]);
        let prev_text = c
            .name("prev")
            .or_else(|| stated_after.as_ref()?.name("prev"));
        let prev_unit = c.name("pu").or_else(|| stated_after.as_ref()?.name("pu"));
        let previous = prev_text
            .zip(prev_unit)
            .and_then(|(p, u)| amount(p.as_str(), u.as_str(), &at));
        let change = c
            .name("chg")
            .zip(c.name("chu"))
            .and_then(|(d, u)| amount(d.as_str(), u.as_str(), &at));
        let quoted = whole.as_str();
        // This year's nothing cannot be more than last year's.
        if previous.is_none() && dir == Direction::Up && current.fen == Fen::ZERO {
            let stated_rise = change.as_ref().is_none_or(|d| d.fen.0 > 0)
                && c.name("pct1")
                    .and_then(|p| Percent::parse(p.as_str()))
                    .is_none_or(|p| p.scaled > 0);
            if stated_rise {
                out.push(outcome(
                    false,
                    &at,
                    "减少 or 持平".to_string(),
                    dir_word.as_str().to_string(),
                    format!(
                        "“{quoted}” (block {block}): this year's figure is 0, so it cannot have {} over last year's",
                        dir_word.as_str()
                    ),
                ));
            }
        }
        if let Some(previous) = &previous {
            // The word against the two figures.
            let difference = current.fen.0.saturating_sub(previous.fen.0);
            let tolerance = current.half.saturating_add(previous.half);
            let real = if difference > tolerance {
                Direction::Up
            } else if difference < -tolerance {
                Direction::Down
            } else {
                Direction::Level
            };
            let passed = real == dir
                || real == Direction::Level && change.as_ref().is_none_or(|d| d.fen.0 <= tolerance);
            if !passed || out.keeps_passes() {
                out.push(outcome(
                    passed,
                    &at,
                    word_of(real).to_string(),
                    dir_word.as_str().to_string(),
                    format!(
                        "“{quoted}” (block {block}): {} against last year's {} is {}, and the text says {}",
                        cur.as_str(),
                        prev_text.map_or("", |p| p.as_str()),
                        word_of(real),
                        dir_word.as_str()
                    ),
                ));
            } else {
                out.count_pass(rule::NARRATIVE_CHANGE, std::iter::once(&at));
            }
            // The difference stated against the two figures.
            if let Some(change) = &change {
                let (expected, actual) = match dir {
                    Direction::Down => (
                        vec![previous.clone()],
                        vec![current.clone(), change.clone()],
                    ),
                    _ => (
                        vec![current.clone()],
                        vec![previous.clone(), change.clone()],
                    ),
                };
                compare_into(
                    out,
                    rule::NARRATIVE_CHANGE,
                    Relation::Equal,
                    expected,
                    actual,
                    || Claim {
                        subject: match dir {
                            Direction::Down => format!(
                                "“{quoted}” (block {block}): this year's {} + the stated 减少 {}",
                                cur.as_str(),
                                c.name("chg").map_or("", |m| m.as_str())
                            ),
                            _ => format!(
                                "“{quoted}” (block {block}): last year's {} + the stated {} {}",
                                prev_text.map_or("", |m| m.as_str()),
                                dir_word.as_str(),
                                c.name("chg").map_or("", |m| m.as_str())
                            ),
                        },
                        expected_is: match dir {
                            Direction::Down => "last year's figure".to_string(),
                            _ => "this year's figure".to_string(),
                        },
                    },
                );
            }
        } else if dir == Direction::Level {
            if let Some(change) = &change {
                let passed = change.fen == Fen::ZERO;
                if !passed || out.keeps_passes() {
                    out.push(outcome(
                        passed,
                        &at,
                        "0".to_string(),
                        c.name("chg").map_or("", |m| m.as_str()).to_string(),
                        format!("“{quoted}” (block {block}) says 持平 with a difference"),
                    ));
                }
            }
        }
        // The percentage against the difference and last year's figure.
        let percent = c.name("pct2").or(c.name("pct1"));
        let Some(stated) = percent.and_then(|p| Percent::parse(p.as_str())) else {
            continue;
        };
        let (part, base) = match (&previous, &change) {
            (Some(p), _) => {
                let difference = Fen(current.fen.0.saturating_sub(p.fen.0).saturating_abs());
                let part = Figure {
                    fen: difference,
                    half: current.half.saturating_add(p.half),
                    grid: None,
                    unit: current.unit,
                    at: at.clone(),
                };
                (part, p.clone())
            }
            (None, Some(d)) => (d.clone(), implied_previous(&current, d, dir)),
            (None, None) => continue,
        };
        // Some departments cut the percentage to its printed digits rather than round it.
        let Some(agrees) = ratio_agrees(&part, &base, stated)
            .map(|rounded| rounded || ratio_cut_to(&part, &base, stated) == Some(true))
        else {
            continue;
        };
        if agrees && !out.keeps_passes() {
            out.count_pass(rule::NARRATIVE_CHANGE, std::iter::once(&at));
            continue;
        }
        let computed = if base.fen.0 > 0 {
            format!("{:.2}%", part.fen.0 as f64 * 100.0 / base.fen.0 as f64)
        } else {
            "undefined".to_string()
        };
        out.push(outcome(
            agrees,
            &at,
            computed.clone(),
            format!("{}%", stated.to_decimal_string()),
            format!(
                "“{quoted}” (block {block}) states {}%; the difference over last year's figure is {computed}",
                stated.to_decimal_string()
            ),
        ));
    }
}

/// Consecutive text blocks joined: a reader that keeps each printed line of a wrapped paragraph
/// as a block of its own (or a page break between two halves of a sentence) would otherwise cut
/// a comparison in two. Each flow keeps where every block of it starts.
fn flows(paragraphs: &[TextBlock]) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut out: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut last_block: Option<usize> = None;
    for p in paragraphs {
        let continues = last_block.is_some_and(|b| b + 1 == p.block);
        match out.last_mut() {
            Some((text, starts)) if continues => {
                text.push('\n');
                starts.push((text.len(), p.block));
                text.push_str(&p.text);
            }
            _ => out.push((p.text.clone(), vec![(0, p.block)])),
        }
        last_block = Some(p.block);
    }
    out
}

/// The sentences of the document's flows that hold one of `words`, each with the block the
/// first of those words is in (not the heading line a sentence may run on from).
pub(super) fn sentences_with(paragraphs: &[TextBlock], words: &[char]) -> Vec<(usize, String)> {
    sentences_after(paragraphs, words)
        .into_iter()
        .map(|(block, sentence, _)| (block, sentence))
        .collect()
}

/// The sentences of `text`, each with its `。`. A `。` inside brackets ends a sentence of the
/// aside, not the one the aside stands in (`…346.67万元（…运行维护费310.67万元，比上年减少2.56
/// 万元。）比上年增加33.44万元`), unless the bracket is left open to the line's end.
pub(super) fn sentences_of(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '\n' => depth = 0,
            '。' => {
                let end = at + c.len_utf8();
                let rest_of_line = text[end..].split('\n').next().unwrap_or("");
                if depth > 0 && rest_of_line.contains(['）', ')']) {
                    continue;
                }
                depth = 0;
                out.push(&text[start..end]);
                start = end;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// [`sentences_with`], each with the sentence before it in the same flow (a sentence that opens
/// with `其中：` or `与上年相比` takes its figure from there).
pub(super) fn sentences_after(
    paragraphs: &[TextBlock],
    words: &[char],
) -> Vec<(usize, String, Option<String>)> {
    let mut out = Vec::new();
    for (text, starts) in flows(paragraphs) {
        if !text.contains(words) {
            continue;
        }
        let mut offset = 0;
        let mut before: Option<&str> = None;
        for sentence in sentences_of(&text) {
            let sentence_start = offset;
            offset += sentence.len();
            let previous = before.replace(sentence);
            let Some(word_at) = sentence.find(words) else {
                continue;
            };
            let begins = sentence_start + word_at;
            let block = starts
                .iter()
                .take_while(|(start, _)| *start <= begins)
                .last()
                .map_or(0, |(_, block)| *block);
            out.push((block, sentence.to_string(), previous.map(str::to_string)));
        }
    }
    out
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    let budget = d.document_kind == crate::extract::model::DocumentKind::Budget;
    let s = &d.summary;
    let halves = s
        .basic_expenditure
        .zip(s.project_expenditure)
        .zip(s.expenditure_total)
        .is_some_and(|((basic, project), total)| basic.0.saturating_add(project.0) == total.0);
    super::breakdown::check(&d.paragraphs, budget, halves, out);
    // Paragraphs, not the facts' sentences: many comparisons state no figure extraction keeps
    // (`收入预算…比2025年年初预算数…增加…`).
    for (block, sentence) in sentences_with(&d.paragraphs, &['比', '较', '与']) {
        check_sentence(block, &sentence, out);
    }
    check_subjectless(&d.paragraphs, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_inside_brackets_ends_the_aside_not_the_sentence() {
        let text = "费346.67万元（购置费36万元。）比上年增加33.44万元。下一句。";
        assert_eq!(
            sentences_of(text),
            [
                "费346.67万元（购置费36万元。）比上年增加33.44万元。",
                "下一句。"
            ]
        );
        // A bracket never closed on its line does not swallow the sentences after it.
        let open = "说明（一。第二句。\n第三句。";
        assert_eq!(sentences_of(open), ["说明（一。", "第二句。", "\n第三句。"]);
    }

    fn failed(sentence: &str) -> usize {
        let mut out = Checks::new(super::super::ChecksListed::Findings);
        check_sentence(0, sentence, &mut out);
        out.records().iter().filter(|c| c.failed()).count()
    }

    #[test]
    fn percentages_named_as_rises_and_falls_say_a_direction() {
        assert_eq!(
            failed("支出656.73万元，较去年增加24.17万元，上升3.82%。"),
            0
        );
        assert_eq!(
            failed("支出656.73万元，较去年减少24.17万元，上升3.82%。"),
            1
        );
        assert_eq!(failed("较2025年年初预算增加28.46万元，增幅20.7%。"), 0);
        assert_eq!(failed("较2025年年初预算减少28.46万元，增幅20.7%。"), 1);
        assert_eq!(failed("支出22.69万元，较上年减少35.73万元，减幅61.2%。"), 0);
    }

    #[test]
    fn a_percentage_is_rounded_or_cut_to_its_digits_and_no_further() {
        // 1.13 of last year's 25.70 is 4.40%: 4% rounded or cut, never 5% nor 3%.
        let fall = "值班业务24.57万元，较2025年年初预算减少1.13万元，减幅4%。";
        assert_eq!(failed(fall), 0);
        assert_eq!(failed(&fall.replace("4%", "5%")), 1);
        assert_eq!(failed(&fall.replace("4%", "3%")), 1);
        // 1.18 of 25.75 is 4.58%: 5% rounded, 4% cut.
        let cut = "值班业务24.57万元，较2025年年初预算减少1.18万元，减幅4%。";
        assert_eq!(failed(cut), 0);
        assert_eq!(failed(&cut.replace("4%", "5%")), 0);
        assert_eq!(failed(&cut.replace("4%", "3%")), 1);
    }

    #[test]
    fn the_figure_named_again_after_the_comparison_is_compared() {
        let putuo =
            "2940.05万元，与2023年度相比，一般公共预算财政拨款支出减少63.14万元，下降2.10%。";
        assert_eq!(failed(putuo), 0);
        assert_eq!(failed(&putuo.replace("2.10%", "3.10%")), 1);
        let wuxi = "无锡市信访局2025年度收入、支出预算总计2,867.94万元，与上年相比收、支预算总计各增加26.21万元，增长0.92%。";
        assert_eq!(failed(wuxi), 0);
        assert_eq!(failed(&wuxi.replace("0.92%", "9.92%")), 1);
    }

    #[test]
    fn a_comparison_after_a_figure_and_its_main_parts_compares_the_figure() {
        let paragraphs = [TextBlock {
            block: 0,
            text: "4.研究调研活动166.02万元，主要包括：政府重要文稿起草及调研工作116.3万元，用于开展重要文稿起草有关工作的支出；党建及业务专题培训49.72万元，用于开展党建及业务专题培训工作的支出。较2025年年初预算增加28.46万元，增幅20.7%。".to_string(),
        }];
        let failures = |paragraphs: &[TextBlock]| {
            let mut out = Checks::new(super::super::ChecksListed::Findings);
            check_subjectless(paragraphs, &mut out);
            out.records().iter().filter(|c| c.failed()).count()
        };
        assert_eq!(failures(&paragraphs), 0);
        let wrong = [TextBlock {
            block: 0,
            text: paragraphs[0].text.replace("20.7%", "90.7%"),
        }];
        assert_eq!(failures(&wrong), 1);
    }

    #[test]
    fn last_years_figure_in_brackets_after_the_comparison_is_compared() {
        let right =
            "支出28,083万元，与上年相比增加28,083万元（去年预算数为0万元，无法计算增减比率）。";
        assert_eq!(failed(right), 0);
        assert!(failed(&right.replace("增加", "减少")) > 0);
    }
}
