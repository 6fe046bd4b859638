//! Page furniture: page numbers and running titles printed at the top or bottom of every page of
//! a paginated layout. They are dropped so that prose and tables continue across page breaks.

use super::aligned::MAX_ROW_BYTES;
use super::tokens::coarse_tokens;
use super::SourceLine;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|[-－—–]?\s*\d{1,4}\s*[-－—–]?|\d{1,4}\s*/\s*\d{1,4}|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    )
    .expect("static regex")
});
/// A page number with its decoration, recognizable even without page breaks.
static DECORATED_PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页)$")
        .expect("static regex")
});

/// Whether a line is a page number, bare or decorated (`- 3 -`, `第 3 页 共 20 页`).
pub(crate) fn is_page_number(text: &str) -> bool {
    let text = text.trim();
    text.bytes().all(|b| b.is_ascii_digit()) || DECORATED_PAGE_NUMBER.is_match(text)
}

/// A line declaring the unit of the amounts below it (`金额单位：万元`): tables print it on every
/// page, but it says what the page's figures mean, so it is never furniture.
static UNIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"单\s*位\s*[:：]\s*(?:人民币)?\s*(?:元|千元|万元|亿元)").expect("static regex")
});

/// How many non-blank lines at each end of a page can be furniture.
const EDGE_LINES: usize = 2;

/// A running title as it repeats: trimmed, spaces collapsed, digits masked (so `第3页` matches
/// `第4页`).
fn running_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// True for a line of one piece of text (a running title is one).
fn single_piece(text: &str) -> bool {
    text.len() <= MAX_ROW_BYTES && coarse_tokens(text).len() == 1
}

/// Marks the lines that are page furniture.
pub(crate) fn furniture(lines: &[SourceLine<'_>]) -> Vec<bool> {
    let mut drop = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        // Only a line opening with a dash, 第 or 共 can be one: most are not even tried.
        let text = line.text.trim();
        if text.starts_with(['-', '－', '—', '–', '第', '共'])
            && DECORATED_PAGE_NUMBER.is_match(text)
        {
            drop[i] = true;
        }
    }
    let pages = lines.last().map_or(0, |l| l.page as usize + 1);
    if pages < 2 {
        return drop;
    }
    // The non-blank lines at each end of each page.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); pages];
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let mut end = start;
        while end < lines.len() && lines[end].page == page {
            end += 1;
        }
        let filled: Vec<usize> = (start..end)
            .filter(|&i| !lines[i].text.trim().is_empty())
            .collect();
        let mut edge: Vec<usize> = filled.iter().take(EDGE_LINES).copied().collect();
        edge.extend(filled.iter().rev().take(EDGE_LINES).copied());
        edge.sort_unstable();
        edge.dedup();
        if let Some(slot) = edges.get_mut(page as usize) {
            *slot = edge;
        }
        start = end;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for edge in &edges {
        let mut keys: Vec<String> = edge
            .iter()
            .filter(|&&i| single_piece(lines[i].text))
            .map(|&i| running_key(lines[i].text))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    // A running title has words; a bare number repeating is a page number or a value.
    let repeated = |key: &str| {
        key.chars().any(char::is_alphabetic)
            && seen.get(key).is_some_and(|&n| n >= 2 && n * 2 >= pages)
    };
    for edge in &edges {
        // Page numbers sit at the very top or bottom; only the outermost line of each end counts.
        let outer = [edge.first(), edge.last()];
        for &i in edge {
            let text = lines[i].text.trim();
            let is_number = outer.contains(&Some(&i)) && PAGE_NUMBER.is_match(text);
            let is_running = single_piece(lines[i].text)
                && repeated(&running_key(lines[i].text))
                && !UNIT_LINE.is_match(text);
            if is_number || is_running {
                drop[i] = true;
            }
        }
    }
    drop
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(pages: &[&[&'a str]]) -> Vec<SourceLine<'a>> {
        let mut out = Vec::new();
        let mut number = 0;
        for (p, page) in pages.iter().enumerate() {
            for text in page.iter() {
                number += 1;
                out.push(SourceLine {
                    number,
                    page: p as u32,
                    text,
                });
            }
        }
        out
    }

    #[test]
    fn page_numbers_and_running_titles() {
        let l = lines(&[
            &["   某某部门 2026 年预算公开", "正文一", "1", "   2"],
            &["   某某部门 2026 年预算公开", "正文二", "", "         2"],
            &["   某某部门 2026 年预算公开", "3", "正文三", "- 3 -"],
        ]);
        let d = furniture(&l);
        let kept: Vec<&str> = l
            .iter()
            .zip(&d)
            .filter(|(_, d)| !**d)
            .map(|(l, _)| l.text.trim())
            .collect();
        // A number inside the page is not a page number.
        assert_eq!(kept, ["正文一", "1", "正文二", "", "3", "正文三"]);
    }

    #[test]
    fn a_unit_line_on_every_page_stays() {
        let l = lines(&[
            &[
                "预算01表 收支总表",
                "    金额单位：万元",
                "一、收入 1.00",
                "   1",
            ],
            &[
                "预算02表 收入总表",
                "    金额单位：万元",
                "合计 1.00",
                "   2",
            ],
            &[
                "预算03表 支出总表",
                "    金额单位：万元",
                "合计 1.00",
                "   3",
            ],
        ]);
        let d = furniture(&l);
        assert!(!d[1] && !d[5] && !d[9], "{d:?}");
        assert!(d[3] && d[7] && d[11]);
    }

    #[test]
    fn without_pages_only_decorated_numbers_go() {
        let l = lines(&[&["正文", "12", "- 3 -", "第 4 页"]]);
        assert_eq!(furniture(&l), [false, false, true, true]);
    }
}
