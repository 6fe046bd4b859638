//! What one printed cell of a final-accounts table holds, read from its text alone.

use crate::extract::rows::split_code_name;
use crate::extract::title::squeeze;
use crate::money::looks_like_amount;
use regex::Regex;
use std::sync::LazyLock;

static CODE_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{2,3}$|^\d{3}(?:\d{2}){1,2}$").expect("static regex"));
/// A code glued to its name with no separator, as some layouts print it: `30207邮电费`.
static GLUED_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{3}(?:\d{2}){0,2})\s*(\p{Han}.*)$").expect("static regex"));
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[、.．])",
    )
    .expect("static regex")
});

/// One cell read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Empty,
    /// A classification code or a part of one (`201`, `06`, `2010601`).
    Code(String),
    /// A code and its name in one cell.
    CodeName(String, String),
    Amount(String),
    Text(String),
    /// Template filler where rows or figures go (`…`, `。。`).
    Placeholder,
}

/// Cells made only of ellipses and stops stand where a template leaves rows out.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '…' | '。' | '.' | '·' | '⋯' | '．' | 'X' | 'x'))
}

/// Reads a cell in the label part of a row, where bare digits are codes.
pub(super) fn label_piece(text: &str) -> Piece {
    let t = text.trim();
    if t.is_empty() {
        return Piece::Empty;
    }
    if is_placeholder(t) {
        return Piece::Placeholder;
    }
    if CODE_PART.is_match(t) {
        return Piece::Code(t.to_string());
    }
    if let Some((code, name)) = split_code_name(t) {
        return Piece::CodeName(code, name);
    }
    if let Some(c) = GLUED_CODE.captures(t) {
        if let (Some(code), Some(name)) = (c.get(1), c.get(2)) {
            return Piece::CodeName(code.as_str().to_string(), name.as_str().trim().to_string());
        }
    }
    if looks_like_amount(t) {
        return Piece::Amount(t.to_string());
    }
    Piece::Text(t.to_string())
}

/// Reads a cell in the amount part of a row.
pub(super) fn amount_piece(text: &str) -> Piece {
    let t = text.trim();
    if t.is_empty() {
        Piece::Empty
    } else if looks_like_amount(t) {
        Piece::Amount(t.to_string())
    } else if is_placeholder(t) {
        Piece::Placeholder
    } else {
        Piece::Text(t.to_string())
    }
}

/// An amount as printed in a table body: with decimals or separators, or a dash. Bare small
/// integers in the label part are codes, not amounts.
pub(crate) fn is_printed_amount(text: &str) -> bool {
    let t = text.trim();
    looks_like_amount(t) && !CODE_PART.is_match(t)
}

pub(super) use crate::extract::rows::is_total_label;

/// A row label that starts with its own numbering (`一、`, `（二）`, `3.`).
pub(crate) fn is_numbered(text: &str) -> bool {
    NUMBERING.is_match(squeeze(text).as_str())
}

/// A label without its numbering, squeezed.
pub(crate) fn bare(text: &str) -> String {
    let s = squeeze(text);
    NUMBERING.replace(&s, "").into_owned()
}

/// Header words that name the code columns (`类`, `款`, `项`, `科目编码`, …).
pub(crate) fn is_code_label(text: &str) -> bool {
    let t = squeeze(text);
    matches!(t.as_str(), "类" | "款" | "项")
        || (t.contains("编码") && t.chars().count() <= 12)
        || t == "功能分类"
        || t == "经济分类"
        || t == "支出功能分类"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_amounts_and_glued_names() {
        assert_eq!(label_piece("06"), Piece::Code("06".into()));
        assert_eq!(label_piece("2010601"), Piece::Code("2010601".into()));
        assert_eq!(
            label_piece("30207邮电费"),
            Piece::CodeName("30207".into(), "邮电费".into())
        );
        assert_eq!(label_piece("2,940.05"), Piece::Amount("2,940.05".into()));
        assert_eq!(label_piece("…"), Piece::Placeholder);
        assert_eq!(label_piece("行政运行"), Piece::Text("行政运行".into()));
        assert!(is_printed_amount("0.94"));
        assert!(!is_printed_amount("05"));
        assert!(is_total_label("人员经费合计"));
        assert_eq!(bare("二十一、国有资本经营预算"), "国有资本经营预算");
    }
}
