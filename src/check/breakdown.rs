//! A change broken down into its parts: `收入较2025年减少449.92万元，主要是基本支出预算减少111.64万元，
//! 项目经费拨款减少338.28万元` or `“三公”经费预算数为10.71万元，与2025年预算数持平。其中：…`. The
//! parts' changes add up to the whole's, so a direction word said the wrong way round shows:
//!
//! - when the parts the text lists after the whole add up, this year, to the whole's figure
//!   (the breakdown is complete), their changes must be able to add up to the whole's change: a
//!   level whole of level parts has no part that moved, and a whole of parts that all fell did
//!   not rise (a part stated at 0 with no change has fallen or stayed level);
//! - otherwise, when no choice of the parts' changes adds up to the whole's change but one would
//!   with a single direction word reversed, that word is wrong;
//! - in a budget whose tables make its spending 基本支出 + 项目支出 alone, a change broken down
//!   into those two first is broken down completely: their changes add up to it.
//!
//! All are judged within what the printed figures' rounding allows.

use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::TextBlock;
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Unit};
use regex::Regex;
use std::sync::LazyLock;

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|元)").expect("static regex")
});
/// What follows a figure when the text compares it with last year's: `，比2025年预算增加794.88万元`,
/// `。与2025年预算数持平`, `，与上年相比增加28,083万元`, `，比2023年度决算数增长8.24%`.
static CHANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[，,。]?(?:比|较|与)(?:上年度?|去年|20\d{2}年度?)[^，,。；;:：\d]{0,20}?(?:相比)?[，,]?)?",
        r"(?P<dir>增加|减少|增长|下降|持平|保持不变|一致)",
        r"(?:(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|元)|\d+(?:\.\d+)?%)?",
    ))
    .expect("static regex")
});
/// A change stated without its figure before it: `财政拨款收入增加36,802.62万元`.
static BARE_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<dir>增加|减少|增长|下降)(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|元)")
        .expect("static regex")
});
/// Words that open the breakdown of what comes before them.
static BREAKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"其中|中[，,：:]|主要是|主要原因是|主要由于|包括").expect("static regex")
});
/// A numbered list opening right after the whole: `。1.因公出国（境）费用。`, `。（一）…`.
static LIST_OPENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[。：:；;]?(?:1[.．、]|[（(]一[)）]|一、)").expect("static regex")
});
/// A breakdown in brackets between a figure and its change: `346.67万元（公务用车购置费36万元，比上年
/// 增加36万元；…）比上年增加33.44万元`.
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(][^（()）]*[)）]").expect("static regex"));

/// The most parts a whole is held to: the entries after it in its passage.
const WINDOW: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    /// Signed, with the half-unit of its printed digits.
    Exact(i64, i64),
    Up,
    Down,
    Level,
    Unstated,
}

#[derive(Clone, Debug)]
struct Entry {
    /// Where the entry starts and its change ends, in the squeezed passage.
    start: usize,
    end: usize,
    /// This year's figure and its half-unit.
    current: Option<(i64, i64)>,
    change: Change,
    /// Stated in brackets after another figure: a part of that figure, not of what it is part of.
    nested: bool,
}

fn amount(n: &str, u: &str) -> Option<(i64, i64)> {
    let unit = Unit::from_word(u)?;
    let a = parse_amount(n, unit).ok()??;
    let half = if a.fen.0 == 0 {
        0
    } else {
        unit.half_unit_of_last_digit(a.decimals)
    };
    Some((a.fen.0, half))
}

fn change_of(dir: &str, amount: Option<(i64, i64)>) -> Change {
    let up = matches!(dir, "增加" | "增长");
    match (dir, amount) {
        ("持平" | "保持不变" | "一致", _) => Change::Level,
        (_, Some((0, _))) => Change::Level,
        (_, Some((fen, half))) => Change::Exact(if up { fen } else { -fen }, half),
        (_, None) if up => Change::Up,
        (_, None) => Change::Down,
    }
}

/// The figures of a squeezed passage with the changes stated after them, and the changes
/// stated alone, in text order.
fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    // The changes taken with the figure before them.
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // The brackets that follow a figure, holding its own parts.
    let mut brackets: Vec<std::ops::Range<usize>> = Vec::new();
    for c in AMOUNT.captures_iter(text) {
        let (Some(whole), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
            continue;
        };
        if taken.iter().any(|(s, e)| (*s..*e).contains(&whole.start())) {
            continue;
        }
        let before = &text[..whole.start()];
        let is_change = ["增加", "减少", "增长", "下降"]
            .iter()
            .any(|w| before.ends_with(w));
        if is_change {
            // A change stated alone.
            let Some(b) = BARE_CHANGE.captures(&text[whole.start().saturating_sub(6)..]) else {
                continue;
            };
            let (Some(dir), Some(bn), Some(bu)) = (b.name("dir"), b.name("n"), b.name("u")) else {
                continue;
            };
            out.push(Entry {
                start: whole.start().saturating_sub(dir.as_str().len()),
                end: whole.end(),
                current: None,
                change: change_of(dir.as_str(), amount(bn.as_str(), bu.as_str())),
                nested: false,
            });
            continue;
        }
        let current = amount(n.as_str(), u.as_str());
        let rest = &text[whole.end()..];
        let bracket = BRACKETED.find(rest).map_or(0, |m| m.end());
        let found = CHANGE_AFTER.captures(rest).map(|a| (a, 0)).or_else(|| {
            Some((CHANGE_AFTER.captures(&rest[bracket..])?, bracket)).filter(|_| bracket > 0)
        });
        let (change, end) = match found {
            Some((a, skip)) => {
                let dir = a.name("dir").map_or("", |d| d.as_str());
                let by = a
                    .name("n")
                    .zip(a.name("u"))
                    .and_then(|(n, u)| amount(n.as_str(), u.as_str()));
                let from = whole.end() + skip;
                let end = from + a.get(0).map_or(0, |m| m.end());
                taken.push((from, end));
                (change_of(dir, by), end)
            }
            None => (Change::Unstated, whole.end()),
        };
        if bracket > 0 {
            brackets.push(whole.end()..whole.end() + bracket);
        }
        out.push(Entry {
            start: whole.start(),
            end,
            current,
            change,
            nested: false,
        });
    }
    for e in out.iter_mut() {
        e.nested = brackets.iter().any(|b| b.contains(&e.start));
    }
    out
}

/// The range a change may take: `[low, high]` in fen, `None` for unbounded.
fn range(e: &Entry) -> (Option<i64>, Option<i64>) {
    match e.change {
        Change::Exact(fen, half) => (Some(fen - half), Some(fen + half)),
        Change::Level => (Some(0), Some(0)),
        Change::Up => (Some(1), None),
        Change::Down => (None, Some(-1)),
        // Nothing this year: last year's was nothing or more.
        Change::Unstated if e.current.is_some_and(|(fen, _)| fen == 0) => (None, Some(0)),
        Change::Unstated => (None, None),
    }
}

/// Whether the parts' changes can add up to the whole's.
fn can_add_up(whole: &Entry, parts: &[&Entry]) -> bool {
    let (mut low, mut high) = (Some(0i64), Some(0i64));
    for p in parts {
        let (l, h) = range(p);
        low = low.zip(l).map(|(a, b)| a.saturating_add(b));
        high = high.zip(h).map(|(a, b)| a.saturating_add(b));
    }
    let (wl, wh) = range(whole);
    let below = matches!((high, wl), (Some(h), Some(l)) if h < l);
    let above = matches!((low, wh), (Some(l), Some(h)) if l > h);
    !below && !above
}

/// The verdict on one whole and the parts after it.
enum Verdict {
    Agrees,
    /// The parts that add up to the whole this year, whose changes cannot add up to its change.
    Complete(Vec<usize>),
    /// The part (or the whole, `None`) whose direction reversed would make the sum come out.
    Reversed(Option<usize>, Vec<usize>),
    /// The 基本支出 and 项目支出 parts, all of the spending, whose changes cannot add up to its.
    Halves(Vec<usize>),
    Unknown,
}

fn judge(whole: &Entry, parts: &[Entry]) -> Verdict {
    let n = parts.len().min(WINDOW);
    let parts = &parts[..n];
    // A complete breakdown: parts whose figures add up to the whole's (the zeros among them
    // included).
    if let Some((total, total_half)) = whole.current.filter(|(fen, _)| *fen > 0) {
        let mut complete: Vec<Vec<usize>> = Vec::new();
        for mask in 1u32..(1 << n) {
            let members: Vec<usize> = (0..n)
                .filter(|i| mask & (1 << i) != 0 && parts[*i].current.is_some_and(|c| c.0 > 0))
                .collect();
            if members.len() != (mask.count_ones() as usize) {
                continue;
            }
            let Some(&last) = members.last() else {
                continue;
            };
            let (sum, half) = members.iter().fold((0i64, total_half), |(s, h), &i| {
                let (fen, half) = parts[i].current.unwrap_or((0, 0));
                (s.saturating_add(fen), h.saturating_add(half))
            });
            if (sum - total).abs() > half {
                continue;
            }
            let zeros = (0..last).filter(|i| parts[*i].current.is_some_and(|c| c.0 == 0));
            let mut all: Vec<usize> = members.iter().copied().chain(zeros).collect();
            all.sort_unstable();
            complete.push(all);
        }
        // A breakdown with a part whose change goes unsaid can add up whatever the whole's
        // change: it says nothing either way (a list by another classification, further on,
        // may add up to the whole too).
        complete.retain(|c| {
            c.iter().all(|&i| {
                parts[i].change != Change::Unstated || parts[i].current.is_some_and(|c| c.0 == 0)
            })
        });
        if !complete.is_empty() {
            let agrees = complete.iter().any(|c| {
                let members: Vec<&Entry> = c.iter().map(|&i| &parts[i]).collect();
                can_add_up(whole, &members)
            });
            // A complete list whose changes can add up says nothing of a run of the parts that
            // adds up only with a word reversed: the list may be another one.
            if !agrees {
                return Verdict::Complete(complete.swap_remove(0));
            }
        }
    }
    let Change::Exact(target, target_half) = whole.change else {
        return Verdict::Unknown;
    };
    // The parts are listed right after the whole: each run of entries from the first, the
    // exact changes in it summed (a nested list counts its parts twice in the longer runs, and
    // one of the shorter runs is the list itself).
    let mut reversed: Option<(Option<usize>, Vec<usize>)> = None;
    let (mut sum, mut tol) = (0i64, target_half);
    let mut members: Vec<(usize, i64)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let Change::Exact(fen, half) = p.change else {
            continue;
        };
        sum = sum.saturating_add(fen);
        tol = tol.saturating_add(half);
        members.push((i, fen));
        if (sum - target).abs() <= tol {
            return Verdict::Agrees;
        }
        if reversed.is_some() {
            continue;
        }
        let listed = || members.iter().map(|(i, _)| *i).collect::<Vec<_>>();
        if (sum + target).abs() <= tol {
            reversed = Some((None, listed()));
        } else if let Some((k, _)) = members
            .iter()
            .find(|(_, fen)| (sum - 2 * fen - target).abs() <= tol)
        {
            reversed = Some((Some(*k), listed()));
        }
    }
    match reversed {
        Some((which, members)) => Verdict::Reversed(which, members),
        None => Verdict::Unknown,
    }
}

/// Consecutive text blocks squeezed and joined, with where each block starts.
fn passages(paragraphs: &[TextBlock]) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut out: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut last_block: Option<usize> = None;
    for p in paragraphs {
        let text = squeeze(&p.text);
        match out.last_mut() {
            Some((joined, starts)) if last_block.is_some_and(|b| b + 1 == p.block) => {
                starts.push((joined.len(), p.block));
                joined.push_str(&text);
            }
            _ => out.push((text, vec![(0, p.block)])),
        }
        last_block = Some(p.block);
    }
    out
}

fn block_at(starts: &[(usize, usize)], at: usize) -> usize {
    starts
        .iter()
        .take_while(|(start, _)| *start <= at)
        .last()
        .map_or(0, |(_, block)| *block)
}

fn quote(text: &str, e: &Entry) -> String {
    // From the clause the entry's figure is named in (or the bracket it opens).
    let start = text[..e.start]
        .rfind(['，', '。', '；', '：', '、', '（'])
        .map_or(0, |p| p + '，'.len_utf8());
    text[start.min(e.start)..e.end].to_string()
}

/// What a figure's clause names it (`财政拨款支出预算`), without the words before a figure.
fn name_of(text: &str, e: &Entry) -> String {
    let clause = &text[..e.start];
    let start = clause
        .rfind(['，', '。', '；', '：', '、'])
        .map_or(0, |p| p + '，'.len_utf8());
    let mut name = &clause[start.min(e.start)..];
    loop {
        let trimmed = ["预算", "为", "是", "数"]
            .iter()
            .find_map(|w| name.strip_suffix(w));
        match trimmed {
            Some(t) => name = t,
            None => break,
        }
    }
    name.to_string()
}

/// A budget balances each of its funds, this year as last: a fund's revenue and its
/// expenditure stated at the same figure (`财政拨款收入8695.94万元` and `财政拨款支出预算8695.94万元`)
/// changed by the same amount.
fn revenue_and_expenditure(text: &str, starts: &[(usize, usize)], all: &[Entry], out: &mut Checks) {
    let named: Vec<(String, &Entry)> = all
        .iter()
        .filter(|e| matches!(e.change, Change::Exact(..) | Change::Level))
        .map(|e| (name_of(text, e), e))
        .collect();
    for (name, revenue) in &named {
        let Some(fund) = name.strip_suffix("收入").filter(|f| f.chars().count() >= 2) else {
            continue;
        };
        let expenditure = named.iter().find(|(n, e)| {
            n.strip_suffix("支出") == Some(fund)
                && e.current
                    .zip(revenue.current)
                    .is_some_and(|((a, ha), (b, hb))| (a - b).abs() <= ha + hb)
        });
        let Some((_, expenditure)) = expenditure else {
            continue;
        };
        let ((rl, rh), (el, eh)) = (range(revenue), range(expenditure));
        let apart = matches!((rh, el), (Some(h), Some(l)) if h < l)
            || matches!((eh, rl), (Some(h), Some(l)) if h < l);
        let block = block_at(starts, revenue.start);
        let at = Involved::Text {
            block,
            text: quote(text, revenue),
        };
        if !apart {
            out.count_pass(rule::NARRATIVE_CHANGE, std::iter::once(&at));
            continue;
        }
        let involves = vec![
            at,
            Involved::Text {
                block: block_at(starts, expenditure.start),
                text: quote(text, expenditure),
            },
        ];
        out.push(finding(
            involves,
            Some((quote(text, expenditure), quote(text, revenue))),
            format!(
                "“{}” (block {block}) and “{}”: a budget balances {fund}, so its revenue and its expenditure, the same this year, changed alike",
                quote(text, revenue),
                quote(text, expenditure)
            ),
        ));
    }
}

/// A `narrative_change` result on quoted text: failed when it carries what was expected and
/// what was found, passed otherwise.
fn finding(
    involves: Vec<Involved>,
    expected_and_found: Option<(String, String)>,
    message: String,
) -> CheckResult {
    let (expected, actual) = match expected_and_found {
        Some((e, a)) => (Some(Value::Text(e)), Some(Value::Text(a))),
        None => (None, None),
    };
    CheckResult {
        rule: rule::NARRATIVE_CHANGE,
        status: if expected.is_some() {
            Status::Fail
        } else {
            Status::Pass
        },
        note: None,
        relation: Relation::Equal,
        involves,
        expected,
        actual,
        difference: None,
        tolerance: None,
        message,
    }
}

/// Whether a breakdown's first two parts name 基本支出 and 项目支出, in that order, each with a
/// stated change: the two halves all of a department's spending splits into.
fn basic_and_project(text: &str, parts: &[Entry]) -> bool {
    let [basic, project, ..] = parts else {
        return false;
    };
    let exact = |e: &Entry| matches!(e.change, Change::Exact(..));
    name_of(text, basic).contains("基本")
        && name_of(text, project).contains("项目")
        && exact(basic)
        && exact(project)
}

/// `halves`: the tables make the department's spending of 基本支出 and 项目支出 alone, so a
/// budget's change broken down into those two (`减少449.92万元，主要是基本支出预算减少111.64万元，
/// 项目支出预算减少338.28万元`) is broken down completely, and their changes add up to it.
pub(super) fn check(paragraphs: &[TextBlock], budget: bool, halves: bool, out: &mut Checks) {
    for (text, starts) in passages(paragraphs) {
        if !text.contains(['增', '减', '持', '降']) {
            continue;
        }
        let all = entries(&text);
        if budget {
            revenue_and_expenditure(&text, &starts, &all, out);
        }
        for (k, whole) in all.iter().enumerate() {
            if matches!(whole.change, Change::Unstated) {
                continue;
            }
            let Some(next) = all.get(k + 1) else {
                continue;
            };
            // The breakdown opens after the whole and runs on to the parts in its sentence
            // (`持平。其中：（一）…` opens a sentence of its own), or is a numbered list right
            // after it, or stands in brackets before the whole's change.
            let between = &text[whole.end..next.start.max(whole.end)];
            let opens = next.start < whole.end
                || LIST_OPENS.is_match(between)
                || BREAKDOWN
                    .find_iter(between)
                    .last()
                    .is_some_and(|m| !between[m.end()..].contains('。'));
            if !opens {
                continue;
            }
            // The whole's parts: its own brackets' and the ones after it, not the parts of a
            // part (in brackets after that part), and none from a figure that states the whole
            // again on (`收入…减少6,602.58万元…支出…减少6,602.58万元`).
            let restates = |e: &Entry| e.current == whole.current && e.change == whole.change;
            let parts: Vec<Entry> = all[k + 1..]
                .iter()
                .filter(|e| !e.nested || whole.nested || e.start < whole.end)
                .take_while(|e| !restates(e))
                .cloned()
                .collect();
            let parts = parts.as_slice();
            // A sum that comes out only within the rounding of parts printed far coarser than
            // the whole (`减少4.1亿元` beside `减少178,341.83万元`) is no evidence of a reversed word.
            let coarse = |members: &[usize]| {
                let Change::Exact(_, whole_half) = whole.change else {
                    return true;
                };
                members.iter().any(|&i| {
                    matches!(parts[i].change, Change::Exact(_, half) if half > 10 * whole_half.max(1))
                })
            };
            let split_in_halves = budget
                && halves
                && matches!(whole.change, Change::Exact(..))
                && basic_and_project(&text, parts);
            let verdict = if split_in_halves {
                match can_add_up(whole, &[&parts[0], &parts[1]]) {
                    true => Verdict::Agrees,
                    false => Verdict::Halves(vec![0, 1]),
                }
            } else {
                match judge(whole, parts) {
                    Verdict::Reversed(_, members) if coarse(&members) => Verdict::Unknown,
                    verdict => verdict,
                }
            };
            let block = block_at(&starts, whole.start);
            let at = Involved::Text {
                block,
                text: quote(&text, whole),
            };
            let listed = |members: &[usize]| -> String {
                let quoted: Vec<String> =
                    members.iter().map(|&i| quote(&text, &parts[i])).collect();
                quoted.join("; ")
            };
            let (passed, expected, message) = match verdict {
                Verdict::Unknown => continue,
                Verdict::Agrees => (true, String::new(), String::new()),
                Verdict::Complete(members) => {
                    (
                        false,
                        "the parts' changes adding up to the whole's".to_string(),
                        format!(
                            "“{}” (block {block}) is made up of {} this year, whose changes cannot add up to its change",
                            quote(&text, whole),
                            listed(&members)
                        ),
                    )
                }
                Verdict::Halves(members) => {
                    (
                        false,
                        "the changes of 基本支出 and 项目支出 adding up to the whole's".to_string(),
                        format!(
                            "“{}” (block {block}) is broken down into {}: 基本支出 and 项目支出, all of the spending the tables show, whose changes do not add up to its change",
                            quote(&text, whole),
                            listed(&members)
                        ),
                    )
                }
                Verdict::Reversed(which, members) => {
                    let reversed = match which {
                        Some(i) => format!("“{}”", quote(&text, &parts[i])),
                        None => "the whole".to_string(),
                    };
                    (
                        false,
                        format!("{reversed} the other way"),
                        format!(
                            "“{}” (block {block}): its parts' changes ({}) add up to its change only with {reversed} going the other way",
                            quote(&text, whole),
                            listed(&members)
                        ),
                    )
                }
            };
            if passed {
                if out.keeps_passes() {
                    out.push(finding(
                        vec![at],
                        None,
                        format!(
                            "“{}” (block {block}): its parts' changes add up to its change",
                            quote(&text, whole)
                        ),
                    ));
                } else {
                    out.count_pass(rule::NARRATIVE_CHANGE, std::iter::once(&at));
                }
                continue;
            }
            out.push(finding(
                vec![at],
                Some((expected, quote(&text, whole))),
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;

    pub(super) fn failures(paragraphs: &[&str]) -> Vec<String> {
        failures_given_halves(paragraphs, false)
    }

    /// As [`failures`], in a document whose tables make its spending 基本 + 项目 alone or not.
    pub(super) fn failures_given_halves(paragraphs: &[&str], halves: bool) -> Vec<String> {
        let blocks: Vec<TextBlock> = paragraphs
            .iter()
            .enumerate()
            .map(|(block, text)| TextBlock {
                block,
                text: text.to_string(),
            })
            .collect();
        let mut out = Checks::new(super::super::ChecksListed::Findings);
        check(&blocks, true, halves, &mut out);
        out.records()
            .iter()
            .filter(|c| c.failed())
            .map(|c| c.message.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::{failures, failures_given_halves};

    #[test]
    fn a_change_split_into_basic_and_project_spending_is_split_completely() {
        // 九龙坡: the tables make its spending 基本支出 + 项目支出 alone.
        let published = "支出预算较2025年减少449.92万元，主要是基本支出预算减少111.64万元，项目支出预算减少338.28万元。";
        assert!(failures_given_halves(&[published], true).is_empty());
        let misprinted = published.replace("338.28", "238.28");
        let found = failures_given_halves(&[&misprinted], true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("基本支出 and 项目支出"), "{}", found[0]);
        // Where the tables show other spending besides, the two may be the main parts only.
        assert!(failures_given_halves(&[&misprinted], false).is_empty());
    }

    #[test]
    fn a_later_list_whose_changes_go_unsaid_does_not_vouch_for_the_list_under_the_whole() {
        // 上海: the 财政拨款 spending broken down by fund, each with its change, then by
        // function (405 + 2,206 + 83 = 2,694) with no change at all.
        let budget = |whole_change: &str| {
            [
                format!("支出预算8,401万元，其中：财政拨款支出预算2,694万元，比2025年预算增加{whole_change}万元。财政拨款支出预算中，一般公共预算拨款支出预算2,694万元，比2025年预算增加147万元；政府性基金拨款支出预算0万元，与2025年预算持平；国有资本经营预算拨款支出预算为0万元，与2025年预算持平。"),
                "财政拨款收入支出增加的主要原因是增加信息化建设项目1个及信息化运维项目1个。".to_string(),
                "财政拨款支出主要内容如下：".to_string(),
                "1.“社会保障和就业支出”科目405万元，主要用于事业单位离退休人员生活补贴；".to_string(),
                "2.“卫生健康支出”科目2,206万元，主要用于保障正常业务开展的支出；".to_string(),
                "3.“住房保障支出”科目83万元，主要用于为职工按规定比例缴纳住房公积金。".to_string(),
            ]
        };
        let text = |paragraphs: &[String]| -> Vec<String> {
            failures(&paragraphs.iter().map(String::as_str).collect::<Vec<_>>())
        };
        assert!(text(&budget("147")).is_empty());
        let wrong = text(&budget("447"));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(wrong[0].contains("增加447万元"), "{wrong:?}");
    }

    #[test]
    fn a_change_and_the_changes_of_its_parts_go_the_same_way() {
        let right =
            "收入较上年减少449.92万元，主要是基本支出减少111.64万元，项目支出减少338.28万元。";
        assert!(failures(&[right]).is_empty());
        for wrong in [
            "收入较上年增加449.92万元，主要是基本支出减少111.64万元，项目支出减少338.28万元。",
            "收入较上年减少449.92万元，主要是基本支出增加111.64万元，项目支出减少338.28万元。",
        ] {
            assert_eq!(failures(&[wrong]).len(), 1, "{wrong}");
        }
        // Parts that do not add up whichever way they go are not all the parts: nothing to say.
        let some = "收入较上年减少449.92万元，主要是基本支出增加11.64万元。";
        assert!(failures(&[some]).is_empty());
    }

    #[test]
    fn a_level_whole_of_level_parts_has_no_part_that_moved() {
        let whole = "“三公”经费预算数为10.71万元，与上年预算数持平。其中：";
        let parts = [
            "（一）因公出国（境）费0万元，与上年预算数持平。",
            "（二）公务用车购置及运行费9.98万元，与上年预算数持平。",
            "（三）公务接待费0.73万元，与上年预算数持平。",
        ];
        let mut text = vec![whole];
        text.extend(parts);
        assert!(failures(&text).is_empty());
        let moved = "（二）公务用车购置及运行费9.98万元，与上年预算数增加。";
        assert_eq!(failures(&[whole, parts[0], moved, parts[2]]).len(), 1);
        // A part the text gives no change for may have moved.
        let unstated = "（二）公务用车购置及运行费9.98万元。";
        let rose = "（三）公务接待费0.73万元，比上年增加0.2万元。";
        assert!(failures(&[whole, parts[0], unstated, rose]).is_empty());
    }

    #[test]
    fn parts_stated_at_nothing_have_not_risen() {
        // Whatever the unstated parts did, they did not rise: the whole cannot rise by more than
        // the one part that did.
        let text = "“三公”经费支出预算10万元，比上年预算增加3万元，其中，因公出国（境）费支出0万元；公务用车支出0万元；公务接待费支出10万元，比上年预算减少3万元。";
        assert_eq!(failures(&[text]).len(), 1);
        let right = text.replace("增加3万元", "减少3万元");
        assert!(failures(&[&right]).is_empty());
    }
}

#[cfg(test)]
mod part_tests {
    use super::tests_support::failures;

    #[test]
    fn the_parts_of_a_part_in_brackets_are_not_the_wholes() {
        // 广州: the vehicles' two halves stand in brackets after the vehicles' own figure.
        let right = "三公经费226.86万元，比上年减少489.77万元。其中：因公出国（境）费215.6万元，比上年增加0万元；公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年减少70万元；公务用车运行维护费0万元，比上年减少318.88万元。）比上年减少388.88万元；公务接待费11.26万元，比上年减少100.89万元。";
        assert!(failures(&[right]).is_empty(), "{:?}", failures(&[right]));
        let wrong = right.replace("比上年减少100.89万元", "比上年增加100.89万元");
        assert_eq!(failures(&[&wrong]).len(), 1);
    }

    #[test]
    fn a_figure_stating_the_whole_again_ends_its_parts() {
        let text = "收入预算89,421.55万元，比上年减少6,602.58万元，主要是基本支出增加5,505.45万元；支出预算89,421.55万元，比上年减少6,602.58万元，主要是基本支出预算增加5,505.45万元。";
        assert!(failures(&[text]).is_empty(), "{:?}", failures(&[text]));
    }

    #[test]
    fn parts_far_coarser_than_the_whole_prove_no_reversed_word() {
        let coarse =
            "支出比上年减少10,000.00万元，主要是项目支出减少0.6亿元，基本支出增加0.4亿元。";
        assert!(failures(&[coarse]).is_empty());
        let fine = "支出比上年减少10,000.00万元，主要是项目支出减少6,000.00万元，基本支出增加4,000.00万元。";
        assert_eq!(failures(&[fine]).len(), 1);
    }
}

#[cfg(test)]
mod fund_tests {
    use super::tests_support::failures;

    #[test]
    fn a_funds_revenue_and_expenditure_change_alike_in_a_budget() {
        let revenue = "收入预算8695.94万元，其中：财政拨款收入8695.94万元，比上年预算增加794.88万元；事业收入0万元。";
        let spending =
            "支出预算8695.94万元，其中：财政拨款支出预算8695.94万元，比上年预算增加794.88万元。";
        assert!(failures(&[revenue, spending]).is_empty());
        let fell = revenue.replace("增加", "减少");
        assert_eq!(failures(&[&fell, spending]).len(), 1);
        // Different figures this year: nothing says their changes agree.
        let other = spending.replace("8695.94万元，比", "8000万元，比");
        assert!(failures(&[&fell, &other]).is_empty());
    }
}
