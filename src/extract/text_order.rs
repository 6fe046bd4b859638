//! Narrative lines a text layer printed out of order. `pdftotext` sometimes writes the last line
//! of a paragraph before the line it continues: the figure that ends a sentence (`603.14万元，
//! 占20.51%；`) stands before the line that leads up to it (`…；项目支出`). A paragraph, or a
//! pair of paragraphs, that starts with such a tail and ends in the middle of a sentence is read
//! back in order: the lead first, then the tail.

use crate::document::{Block, Document};
use crate::extract::model::ExtractedTable;
use crate::extract::title::squeeze;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A line that can only continue a sentence: it opens with a figure and its unit.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*-?\d[\d,，]*(?:\.\d+)?\s*(?:亿元|万元|千元|元|%|％)").expect("static regex")
});
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)")
        .expect("static regex")
});

const ENDS: [char; 7] = ['。', '！', '？', '；', ';', '!', '?'];

fn is_heading(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 40 && HEADING.is_match(t) && !t.contains('，')
}

fn opens_with_tail(text: &str) -> bool {
    TAIL.is_match(text)
}

/// Ends in the middle of a sentence.
fn dangles(text: &str) -> bool {
    let t = text.trim_end();
    !t.is_empty() && !t.ends_with(ENDS) && !is_heading(t)
}

/// Where the tail a paragraph opens with ends: after its first sentence mark.
fn tail_end(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|(_, c)| ENDS.contains(c))
        .map(|(i, c)| i + c.len_utf8())
}

/// Where the lead of a paragraph starts when `before` ends with the first part of a known name
/// whose rest the paragraph holds (`…基本养老` + `保险缴费支出（项）…`).
fn lead_start(text: &str, before: &str, names: &[String], after: usize) -> Option<usize> {
    let tail: Vec<char> = before.trim_end().chars().rev().take(16).collect();
    let mut best: Option<(usize, usize)> = None;
    for name in names {
        let chars: Vec<char> = name.chars().collect();
        for s in (2..chars.len().min(tail.len() + 1)).rev() {
            let head: String = tail[..s].iter().rev().collect();
            if !name.starts_with(&head) {
                continue;
            }
            let rest: String = chars[s..].iter().collect();
            if let Some(at) = text[after..].find(&rest).map(|i| i + after) {
                let longer = match best {
                    Some((len, _)) => s > len,
                    None => true,
                };
                if longer {
                    best = Some((s, at));
                }
            }
            break;
        }
    }
    best.map(|(_, at)| at)
}

/// Paragraph texts in reading order. Block numbers stay as they were: a paragraph joined to
/// another is left empty.
fn restore<'a>(document: &'a Document, names: &[String]) -> Cow<'a, Document> {
    let paragraphs: Vec<(usize, String)> = document
        .paragraphs()
        .filter(|(_, p)| !p.text.trim().is_empty())
        .map(|(i, p)| (i, p.text.trim().to_string()))
        .collect();
    let mut texts: Vec<(usize, String)> = Vec::with_capacity(paragraphs.len());
    let mut changed = false;
    // A paragraph that both opens with a tail and dangles is two lines in the wrong order.
    for (k, (block, text)) in paragraphs.iter().enumerate() {
        if opens_with_tail(text) && dangles(text) {
            if let Some(end) = tail_end(text) {
                let before = k
                    .checked_sub(1)
                    .map(|j| paragraphs[j].1.as_str())
                    .unwrap_or("");
                let at = lead_start(text, before, names, end).unwrap_or(end);
                let rotated = format!("{}{}", &text[at..], &text[..at]);
                texts.push((*block, rotated));
                changed = true;
                continue;
            }
        }
        texts.push((*block, text.clone()));
    }
    // A tail between a finished paragraph and a dangling one belongs after the dangling one; a
    // tail after a dangling paragraph continues it.
    let mut out: Vec<(usize, String)> = Vec::with_capacity(texts.len());
    let mut emptied: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < texts.len() {
        let (block, text) = &texts[k];
        if opens_with_tail(text) {
            if let Some(last) = out.last_mut().filter(|(_, t)| dangles(t)) {
                last.1.push_str(text);
                emptied.push(*block);
                changed = true;
                k += 1;
                continue;
            }
            if let Some((next_block, next)) = texts
                .get(k + 1)
                .filter(|(_, t)| dangles(t) && !opens_with_tail(t))
            {
                out.push((*block, format!("{next}{text}")));
                emptied.push(*next_block);
                changed = true;
                k += 2;
                continue;
            }
        }
        out.push((*block, text.clone()));
        k += 1;
    }
    if !changed {
        return Cow::Borrowed(document);
    }
    let mut restored = document.clone();
    for (block, text) in out {
        if let Some(Block::Paragraph(p)) = restored.blocks.get_mut(block) {
            p.text = text;
        }
    }
    for block in emptied {
        if let Some(Block::Paragraph(p)) = restored.blocks.get_mut(block) {
            p.text.clear();
        }
    }
    Cow::Owned(restored)
}

/// Narrative paragraphs in reading order, for the facts and the profile.
pub fn restore_text_order<'a>(
    document: &'a Document,
    tables: &[ExtractedTable],
) -> Cow<'a, Document> {
    let mut names: Vec<String> = tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter(|r| r.code.is_some())
        .map(|r| squeeze(&r.name))
        .filter(|n| n.chars().count() >= 4)
        .collect();
    names.sort();
    names.dedup();
    restore(document, &names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::of_lines(paragraphs)
    }

    fn texts(d: &Document) -> Vec<String> {
        d.paragraphs().map(|(_, p)| p.text.clone()).collect()
    }

    #[test]
    fn tail_before_its_lead() {
        let d = doc(&[
            "三、支出决算情况说明",
            "603.14万元，占20.51%；",
            "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%； 项目支出",
            "四、财政拨款收入支出决算总体情况说明",
        ]);
        let r = restore(&d, &[]);
        assert_eq!(
            texts(&r)[1],
            "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%； 项目支出603.14万元，占20.51%；"
        );
        assert_eq!(texts(&r)[2], "");
    }

    #[test]
    fn tail_inside_a_paragraph_and_after_a_dangling_one() {
        let d = doc(&[
            "6、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老",
            "161.62万元，支出决算为160.75万元。 决算数小于预算数的主要原因：预算按充分保保险缴费支出（项）。主要用于：在职人员的基本养老保险支出。年初预算为",
            "8、…其他行政事业单位养老支出（项）。年初预算为 0.94 万元，支出决算为",
            "0.94万元。 决算数与预算数基本持平。",
        ]);
        let names = vec!["机关事业单位基本养老保险缴费支出".to_string()];
        let r = restore(&d, &names);
        let t = texts(&r);
        assert_eq!(
            t[1],
            "保险缴费支出（项）。主要用于：在职人员的基本养老保险支出。年初预算为161.62万元，支出决算为160.75万元。 决算数小于预算数的主要原因：预算按充分保"
        );
        assert_eq!(
            t[2],
            "8、…其他行政事业单位养老支出（项）。年初预算为 0.94 万元，支出决算为0.94万元。 决算数与预算数基本持平。"
        );
    }
}
