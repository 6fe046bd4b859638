//! The contents list (目录) a disclosure prints before its body: which tables it announces.
//!
//! Entries come as `一、收入支出决算总表`, `1. 2026年预算单位收入预算总表`, `（七）一般公共预算支出表
//! （按功能分类）`, `表 1：高等学校收支决算总表 ........ 6`, and sometimes wrap over two lines. The
//! list ends where the body begins: a table, a sentence, or the first entry printed again as the
//! body's own heading.

use crate::document::{Block, Document};
use crate::extract::model::{ContentsEntry, TableKind, TextBlock};
use crate::extract::title::{classify, squeeze};
use regex::Regex;
use std::sync::LazyLock;

/// A dot leader and page number closing an entry (`……………… 12`, `.... 5`), or a page number
/// set apart by spaces.
static LEADER_AND_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[.．·…⋯—\-_]{2,}\s*\d*|\s{2,}\d{1,3})\s*$").expect("static regex")
});
/// A list label starting an entry: `一、`, `（七）`, `1.`, `1、`, `表1：`, `第二部分`.
static ENTRY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[.．、，,]|附?表\s*\d{1,2}(?:\s*[-—]\s*\d{1,2})?\s*[:：、.．]?)\s*",
    )
    .expect("static regex")
});
/// Page furniture inside a contents list: `- 1 -`, `-1-`, `第 1 页`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—]\s*\d{1,3}\s*[-—]|第?\s*\d{1,3}\s*页?)$").expect("static regex")
});

/// How long an entry may be; a longer paragraph is body text.
const MAX_ENTRY_CHARS: usize = 60;
/// How many paragraphs a contents list may run to.
const MAX_ENTRIES: usize = 120;

fn is_contents_heading(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "目录" | "目次")
}

/// An entry without its dot leader and page number, squeezed.
fn entry_text(text: &str) -> String {
    squeeze(&LEADER_AND_PAGE.replace(text.trim(), ""))
}

/// The entry's title without its list label.
fn without_label(entry: &str) -> &str {
    match ENTRY_LABEL.find(entry) {
        Some(m) => &entry[m.end()..],
        None => entry,
    }
}

/// Whether an entry names a table: it ends with `表`, perhaps followed by a bracketed note
/// (`（按功能分类）`).
fn names_a_table(title: &str) -> bool {
    let bare = match title.find(['（', '(']) {
        Some(at) if title.ends_with(['）', ')']) && at > 0 => &title[..at],
        _ => title,
    };
    bare.ends_with('表')
}

/// The entries of the document's contents list, as (block, text without leader and page).
fn entries(document: &Document) -> Vec<(usize, String)> {
    let Some(start) = document.blocks.iter().position(|b| match b {
        Block::Paragraph(p) => is_contents_heading(&p.text),
        Block::Table(_) => false,
    }) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, block) in document.blocks.iter().enumerate().skip(start + 1) {
        let Block::Paragraph(p) = block else {
            break;
        };
        let text = entry_text(&p.text);
        if text.is_empty() || PAGE_NUMBER.is_match(&text) {
            continue;
        }
        if text.chars().count() > MAX_ENTRY_CHARS
            || text.contains(['。', '，', '；', ';'])
            || out.len() >= MAX_ENTRIES
        {
            break;
        }
        // The body begins with the first entry printed again as its heading.
        if out
            .first()
            .is_some_and(|(_, first)| without_label(first) == without_label(&text))
        {
            break;
        }
        let continues_previous = !ENTRY_LABEL.is_match(&text)
            && out
                .last()
                .is_some_and(|(_, prev)| !names_a_table(without_label(prev)))
            && text.chars().count() <= 12;
        match out.last_mut() {
            Some((_, prev)) if continues_previous => prev.push_str(&text),
            _ => out.push((i, text)),
        }
    }
    out
}

/// The tables the contents list announces, each with the kind its title names. Entries that
/// name no known kind (part headings, regional extras) are left out.
pub fn tables_announced(document: &Document) -> Vec<ContentsEntry> {
    entries(document)
        .into_iter()
        .filter_map(|(block, text)| {
            let title = without_label(&text).to_string();
            if !names_a_table(&title) {
                return None;
            }
            let kind = classify(&title);
            (kind != TableKind::Unknown).then_some(ContentsEntry { block, title, kind })
        })
        .collect()
}

/// The document's paragraphs with their block indexes.
pub fn paragraphs(document: &Document) -> Vec<TextBlock> {
    document
        .paragraphs()
        .map(|(block, p)| TextBlock {
            block,
            text: p.text.clone(),
        })
        .collect()
}

/// The running titles of the document's pages, placed before the block they stand before.
pub fn running_heads(document: &Document) -> Vec<TextBlock> {
    document
        .running_heads
        .iter()
        .map(|(block, text)| TextBlock {
            block: *block,
            text: text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_lose_their_leaders_labels_and_page_numbers() {
        let text = entry_text(
            "    表 1：高等学校收支决算总表 ............................................. 6",
        );
        assert_eq!(without_label(&text), "高等学校收支决算总表");
        let text = entry_text("（七）一般公共预算支出表（按功能分类）");
        assert_eq!(without_label(&text), "一般公共预算支出表（按功能分类）");
        assert!(names_a_table(without_label(&text)));
        let text = entry_text("4．2026年预算单位财政拨款收支预算总表");
        assert_eq!(without_label(&text), "2026年预算单位财政拨款收支预算总表");
        assert!(!names_a_table("高等学校收支决算总表说明"));
    }
}
