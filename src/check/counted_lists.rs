//! Counts of a department's units against the units the text then names: `内设12个机构科室，分别
//! 是文秘科、秘书一科、…`, `预算单位共计2家，具体包括：无锡市信访局（本级），无锡市人民来访接待中心。`,
//! or a numbered list in the paragraphs that follow (`行政单位1家，参公单位1家，事业单位4家，具体包
//! 括：` then `1. …（本部）。` … `6. …`). A list so introduced names each unit once, so it is as long
//! as the count; where the clause that opens it states no count, the counts of the sentence before
//! it (one per kind of unit) add up to it.

use super::comparison::sentences_with;
use super::summary_tables::chinese_number;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, TextBlock};
use crate::extract::narrative::compact_spaces;
use regex::Regex;
use std::sync::LazyLock;

/// Words that open a list of what was counted.
static OPENER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:分别是|分别为|具体包括|具体为)[：:]?").expect("static regex"));
/// A count of units: `12个`, `1 家`, `3所`.
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<n>\d{1,6})(?P<u>个|家|所)").expect("static regex"));
/// List numbering a paragraph of a numbered list opens with: `1.`, `2、`, `（十一）`.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?P<k>\d{1,2})\s*[.．、]|[（(](?P<h>[一二三四五六七八九十]{1,3})[）)])")
        .expect("static regex")
});

/// The number a list's numbering stands for: `3`, `十一`.
fn list_number(caps: &regex::Captures<'_>) -> Option<usize> {
    if let Some(k) = caps.name("k") {
        return k.as_str().parse().ok();
    }
    chinese_number(caps.name("h")?.as_str()).map(|n| n as usize)
}

/// What a count of a department's units counts: the words its units' kinds end with.
const UNIT_WORDS: [&str; 11] = [
    "机构", "单位", "科室", "处室", "部门", "监狱", "所", "中心", "科", "处", "室",
];

/// The count a list opened at `opener` is of: the count of the clause that opens it, else the
/// sum of the counts of the sentence before it; with what is counted. `None` where nothing
/// counted is a department's unit.
fn stated_count(before: &str) -> Option<(i64, String)> {
    // Past the last of `ends` in `text` (its width: `;` is one byte, `。` three).
    let after_last = |text: &str, ends: &[char]| {
        text.rfind(ends).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        })
    };
    let sentence = &before[after_last(before, &['。', '；', ';'])..];
    let clause = &sentence[after_last(sentence, &['，', ','])..];
    let counted = |text: &str| -> Vec<(i64, usize)> {
        COUNT
            .captures_iter(text)
            .filter_map(|c| {
                let n = c.name("n")?;
                let at = c.get(0)?.end();
                // A figure of money or a part of a decimal is no count.
                let decimal = text[..n.start()].ends_with(['.', '．']);
                (!decimal).then_some((n.as_str().parse().ok()?, at))
            })
            .collect()
    };
    // What the last count counts: the words after it, to the clause's end.
    let noun_after = |text: &str, at: usize| {
        let rest = &text[at..];
        rest[..rest.find(['，', ',']).unwrap_or(rest.len())].to_string()
    };
    let in_clause = counted(clause);
    let (count, noun, span) = match in_clause.as_slice() {
        [(n, at)] => (*n, noun_after(clause, *at), noun_after(clause, *at)),
        [] => {
            let all = counted(sentence);
            let &(_, last) = all.last()?;
            let sum = all.iter().map(|(n, _)| n).sum();
            (sum, noun_after(sentence, last), sentence.to_string())
        }
        _ => return None,
    };
    UNIT_WORDS
        .iter()
        .any(|w| span.contains(w))
        .then_some((count, noun))
}

/// `text` up to the first of `ends` outside brackets, cut at each of `separators` outside
/// brackets (`…管理事务中心（…水泥管理事务中心、…墙体材料管理事务中心）` is one name).
fn split_outside_brackets(text: &str, separators: &[char], ends: &[char]) -> Vec<String> {
    let mut names = vec![String::new()];
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 && ends.contains(&c) => break,
            _ if depth == 0 && separators.contains(&c) => {
                names.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(name) = names.last_mut() {
            name.push(c);
        }
    }
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The names a list inline in `rest` gives: separated by `、` (ending at the clause), else, one
/// to a clause group, by `；` (`北京市司法局本级，属全额拨款行政单位；…`), else by `，` (ending
/// at the sentence). A name the text says is not counted (`机关党委（不纳入内设机构数）`) is left
/// out. `None` where the list says it names only some (`等`).
fn inline_names(rest: &str) -> Option<Vec<String>> {
    let sentence = &rest[..rest.find('。').unwrap_or(rest.len())];
    let first_group = &sentence[..sentence.find(['；', ';']).unwrap_or(sentence.len())];
    let paused = split_outside_brackets(first_group, &['、'], &[]).len() > 1;
    let names = if paused {
        split_outside_brackets(sentence, &['、'], &['，', ',', '；', ';'])
    } else if first_group.len() < sentence.len() {
        split_outside_brackets(sentence, &['；', ';'], &[])
    } else {
        split_outside_brackets(sentence, &['，', ','], &[])
    };
    if names.is_empty() || names.last().is_some_and(|n| n.ends_with('等')) {
        return None;
    }
    Some(
        names
            .into_iter()
            .filter(|n| !n.contains("不纳入") && !n.contains("不计入"))
            .collect(),
    )
}

/// The numbered paragraphs right after the one at `index` (`1.`, `2.`, … in consecutive blocks).
fn numbered_after(paragraphs: &[TextBlock], index: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut block = paragraphs.get(index).map_or(0, |p| p.block);
    for p in paragraphs.iter().skip(index + 1) {
        let expected = out.len() + 1;
        let numbered = NUMBERED.captures(&p.text).and_then(|c| list_number(&c));
        if p.block != block + 1 || numbered != Some(expected) {
            break;
        }
        block = p.block;
        out.push(p.text.trim().to_string());
    }
    out
}

/// Whether `names` are as many as `count` of `counted`: a last name joined by `和`/`及` may be
/// two, and a count of some and one more (`29个处室及机关党委`) names that one too.
fn as_many(count: i64, counted: &str, names: &[String]) -> bool {
    let listed = names.len() as i64;
    listed == count
        || listed + 1 == count && names.last().is_some_and(|n| n.contains(['和', '及']))
        || listed == count + 1 && counted.contains(['和', '及'])
}

fn judge(
    block: usize,
    opened: &str,
    (count, counted): (i64, String),
    names: &[String],
    out: &mut Checks,
) {
    let passed = as_many(count, &counted, names);
    let shown: String = opened
        .chars()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let message = if passed {
        format!(
            "“…{shown}” (block {block}) counts {count} and names {}",
            names.len()
        )
    } else {
        format!(
            "“…{shown}” (block {block}) counts {count} but names {}: {}",
            names.len(),
            names.join("、")
        )
    };
    out.push(CheckResult {
        rule: rule::NARRATIVE_SUM,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves: vec![Involved::Text {
            block,
            text: opened.to_string(),
        }],
        expected: Some(Value::Number(count)),
        actual: Some(Value::Number(names.len() as i64)),
        difference: None,
        tolerance: None,
        message,
    });
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    // Lists inline in the sentence that opens them.
    for (block, sentence) in sentences_with(&d.paragraphs, &['分', '具']) {
        let text = compact_spaces(&sentence);
        for opener in OPENER.find_iter(&text) {
            let rest = &text[opener.end()..];
            // A numbered list is read paragraph by paragraph below.
            if rest.is_empty() || NUMBERED.is_match(rest) {
                continue;
            }
            let Some(stated) = stated_count(&text[..opener.start()]) else {
                continue;
            };
            if let Some(names) = inline_names(rest) {
                judge(block, &text[..opener.end()], stated, &names, out);
            }
        }
    }
    // Lists numbered in the paragraphs after the one that opens them.
    for (index, paragraph) in d.paragraphs.iter().enumerate() {
        let text = compact_spaces(&paragraph.text);
        let Some(opener) = OPENER.find_iter(&text).last() else {
            continue;
        };
        if opener.end() != text.len() {
            continue;
        }
        let Some(stated) = stated_count(&text[..opener.start()]) else {
            continue;
        };
        let names = numbered_after(&d.paragraphs, index);
        if !names.is_empty() {
            judge(paragraph.block, &text, stated, &names, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_counted_by_its_own_clause_else_by_its_sentence() {
        let count = |text: &str| stated_count(text).map(|(n, _)| n);
        assert_eq!(
            count("广州市司法局内设27个机构和机关党委（不纳入内设机构数），27个机构"),
            Some(27)
        );
        assert_eq!(
            count("本部门中，行政单位1家，参公单位1家，事业单位4家，"),
            Some(6)
        );
        assert_eq!(count("下属共有3所监狱，"), Some(3));
        // What is counted is no unit of the department.
        assert_eq!(count("主要用于3个方面，"), None);
        assert_eq!(count("单价100万元以上设备0台，"), None);
        // A half-width separator is one byte wide.
        assert_eq!(count("下设机构3个;其中,内设2个科室,"), Some(2));
    }

    #[test]
    fn names_are_split_as_the_list_separates_them() {
        assert_eq!(
            inline_names("文秘科、综合科。此外，另设外办。"),
            Some(vec!["文秘科".to_string(), "综合科".to_string()])
        );
        assert_eq!(
            inline_names("无锡市信访局（本级），无锡市人民来访接待中心。"),
            Some(vec![
                "无锡市信访局（本级）".to_string(),
                "无锡市人民来访接待中心".to_string()
            ])
        );
        assert_eq!(inline_names("甲中心、乙中心等。"), None);
    }
}
