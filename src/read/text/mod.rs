//! Plain-text reader: decodes the bytes (BOM, UTF-8, else a detected legacy encoding such as
//! GB18030) and recovers paragraphs and tables from the layouts disclosures reach users in. The
//! layout found is reported as the source's `layout`:
//!
//! * `cell_per_line`: each cell on its own line starting with a TAB, rows separated by blank
//!   lines (what copying a Word table into a text file gives);
//! * `tab_separated`: one row per line, cells separated by TABs;
//! * `space_aligned`: columns set apart with spaces (`pdftotext -layout` of a printed
//!   disclosure, fixed-width exports, cells two or more spaces apart);
//! * `ruled`: tables drawn with `-`, `|` and `+` rules (`pandoc -t plain`, Markdown);
//! * `cell_stream`: one cell per line with no row marks (`soffice --convert-to txt`, docx2txt);
//! * `plain`: prose with no table found.

mod aligned;
mod furniture;
mod paragraphs;
mod ruled;
mod stream;
mod tabbed;
mod tokens;

use crate::document::{Block, Document, OriginUnit};
use encoding_rs::{Encoding, UTF_8};
use std::fmt;

#[derive(Debug)]
pub enum TextError {
    /// The bytes decode to nothing readable (mostly NUL or control bytes).
    Binary,
}

impl TextError {
    pub fn kind(&self) -> &'static str {
        match self {
            TextError::Binary => "binary",
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Binary => f.write_str("the bytes are not text in any known encoding"),
        }
    }
}

/// Decodes `bytes` and returns the text with the name of the encoding used.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let (text, encoding, _) = decode_with_doubts(bytes);
    (text, encoding)
}

/// Decodes like [`decode`], and says when the result is in doubt: bytes the chosen encoding
/// could not map, or a file that mixes UTF-8 lines with lines in a legacy encoding (only one
/// encoding is applied to the whole file).
pub fn decode_with_doubts(bytes: &[u8]) -> (String, &'static str, Vec<String>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let doubts = had_errors
            .then(|| format!("bytes not valid in {} were replaced", encoding.name()))
            .into_iter()
            .collect();
        return (text.into_owned(), encoding.name(), doubts);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8.name(), Vec::new());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut doubts = Vec::new();
    if had_errors {
        doubts.push(format!(
            "the encoding was guessed as {} and bytes not valid in it were replaced",
            encoding.name()
        ));
    }
    // A short run of legacy-encoded bytes can happen to be valid UTF-8; whole lines holding
    // several CJK characters in UTF-8 do not happen by chance.
    let utf8_lines = bytes
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_ascii())
        .filter_map(|line| std::str::from_utf8(line).ok())
        .filter(|line| {
            line.chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count()
                >= 2
        })
        .count();
    if utf8_lines > 0 {
        doubts.push(format!(
            "mixed encodings: {utf8_lines} lines are UTF-8 but the file as a whole was decoded as {}",
            encoding.name()
        ));
    }
    (text.into_owned(), encoding.name(), doubts)
}

/// True when the text is mostly control characters, i.e. not text at all.
fn looks_binary(text: &str) -> bool {
    let mut control = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    // Real text has next to no control characters; random bytes decoded as a legacy code page
    // have about one in eight.
    total > 0 && control * 20 > total
}

/// The text without its whitespace, borrowed when it has none (labels mostly have none).
pub(crate) fn without_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_whitespace) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Splits on LF, CRLF and lone CR alike.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r')
    })
}

/// One line of the input with its 1-based number and the page it is on (form feeds, which
/// `pdftotext` writes between pages, start a new page).
#[derive(Clone, Copy, Debug)]
pub(crate) struct SourceLine<'a> {
    pub number: u32,
    pub page: u32,
    pub text: &'a str,
}

pub(crate) fn source_lines(text: &str) -> Vec<SourceLine<'_>> {
    let mut out = Vec::new();
    let mut page = 0u32;
    for (index, line) in lines(text).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (k, part) in line.split('\u{c}').enumerate() {
            if k > 0 {
                page = page.saturating_add(1);
            }
            if k == 0 || !part.is_empty() || line.ends_with('\u{c}') {
                out.push(SourceLine {
                    number,
                    page,
                    text: part,
                });
            }
        }
    }
    out
}

/// The layout a text is in, decided from the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// TAB-indented cells or TAB-separated rows.
    Tabbed,
    /// Tables drawn with rules of `-`, `|` and `+` (pandoc, Markdown).
    Ruled,
    /// One cell per line with no row marks (LibreOffice and docx2txt text exports).
    Stream,
    /// Columns set apart with spaces (`pdftotext -layout`, fixed-width exports), or prose only.
    Aligned,
}

fn detect(lines: &[SourceLine<'_>]) -> Layout {
    let tabbed = lines.iter().filter(|l| l.text.contains('\t')).count();
    let filled = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
    if tabbed >= 3 || (tabbed > 0 && tabbed * 20 >= filled) {
        return Layout::Tabbed;
    }
    if ruled::count_tables(lines) > 0 {
        return Layout::Ruled;
    }
    if stream::looks_like_stream(lines) {
        return Layout::Stream;
    }
    Layout::Aligned
}

/// Reads text bytes into a document; returns it with the encoding and layout names.
pub fn read(bytes: &[u8]) -> Result<(Document, String, String), TextError> {
    let (text, encoding, doubts) = decode_with_doubts(bytes);
    if looks_binary(&text) {
        return Err(TextError::Binary);
    }
    let mut document = Document::default();
    document.warnings.extend(doubts);
    if text.contains('\0') {
        document
            .warnings
            .push("NUL characters in the text were dropped".to_string());
    }
    let text = if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    };
    let lines = source_lines(&text);
    let layout = match detect(&lines) {
        Layout::Tabbed => {
            let counts = tabbed::read(&lines, &mut document);
            if counts.row_lines > counts.cell_lines {
                "tab_separated"
            } else {
                "cell_per_line"
            }
        }
        Layout::Ruled => {
            ruled::read(&lines, &mut document);
            "ruled"
        }
        Layout::Stream => {
            stream::read(&lines, &mut document);
            "cell_stream"
        }
        Layout::Aligned => {
            let counts = aligned::read(&lines, &mut document);
            if counts.tables > 0 {
                "space_aligned"
            } else {
                "plain"
            }
        }
    };
    mark_pages(&lines, &mut document);
    Ok((document, encoding.to_string(), layout.to_string()))
}

/// Gives every block the pages it is printed on, when the text marks its pages with form feeds
/// (`pdftotext` writes one after every page); a text without any says nothing about pages.
/// A block's first page is where its first line's text is, its last page where its last line's
/// text is: a form feed opens the line it is on, so the line's text after it is on the new page.
fn mark_pages(lines: &[SourceLine<'_>], document: &mut Document) {
    if lines.iter().all(|l| l.page == 0) {
        return;
    }
    let count = lines.last().map_or(0, |l| l.number as usize);
    // Per line number: the page of its first and of its last part holding text, else of its
    // first and last part.
    let mut first: Vec<Option<u32>> = vec![None; count + 1];
    let mut last: Vec<Option<u32>> = vec![None; count + 1];
    let mut first_any: Vec<Option<u32>> = vec![None; count + 1];
    let mut last_any: Vec<Option<u32>> = vec![None; count + 1];
    for line in lines {
        let n = line.number as usize;
        if n > count {
            continue;
        }
        first_any[n].get_or_insert(line.page);
        last_any[n] = Some(line.page);
        if !line.text.trim().is_empty() {
            first[n].get_or_insert(line.page);
            last[n] = Some(line.page);
        }
    }
    let page_at = |n: u32, filled: &[Option<u32>], any: &[Option<u32>]| {
        let n = n as usize;
        filled
            .get(n)
            .copied()
            .flatten()
            .or(any.get(n).copied().flatten())
    };
    for block in &mut document.blocks {
        let origin = match block {
            Block::Paragraph(p) => &mut p.origin,
            Block::Table(t) => &mut t.origin,
        };
        if origin.unit != OriginUnit::Line {
            continue;
        }
        let (Some(a), Some(b)) = (
            page_at(origin.start, &first, &first_any),
            page_at(origin.end, &last, &last_any),
        ) else {
            continue;
        };
        *origin = origin.on_pages(a.min(b).saturating_add(1), a.max(b).saturating_add(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Origin};

    fn read_str(text: &str) -> Document {
        read(text.as_bytes()).unwrap().0
    }

    fn table_texts(doc: &Document) -> Vec<Vec<Vec<String>>> {
        doc.table_texts()
    }

    #[test]
    fn cell_per_line_rows_and_titles() {
        let doc = read_str("标题\n\n单位：万元\n\t科目\n\t金额\n\n\t合计\n\t1.00\n 下一个表\n");
        assert_eq!(doc.blocks.len(), 4);
        assert!(matches!(&doc.blocks[0], Block::Paragraph(p) if p.text == "标题"));
        assert_eq!(
            table_texts(&doc),
            vec![vec![vec!["科目", "金额"], vec!["合计", "1.00"]]]
        );
        assert!(
            matches!(&doc.blocks[3], Block::Paragraph(p) if p.text == "下一个表" && p.origin.start == 9)
        );
        assert_eq!(doc.blocks[2].origin(), Origin::lines(4, 8));
    }

    #[test]
    fn vertical_text_continues_its_cell() {
        let doc = read_str("\t部\n门\n整\n体\n\t目标\n");
        assert_eq!(
            table_texts(&doc),
            vec![vec![vec!["部\n门\n整\n体", "目标"]]]
        );
    }

    #[test]
    fn tab_separated_rows() {
        let (doc, _, layout) =
            read("单位：万元\n科目\t金额\n合计\t1.00\n\t2.00\t3.00\n".as_bytes()).unwrap();
        assert_eq!(layout, "tab_separated");
        assert_eq!(
            table_texts(&doc),
            vec![vec![
                vec!["科目", "金额"],
                vec!["合计", "1.00"],
                vec!["", "2.00", "3.00"]
            ]]
        );
    }

    #[test]
    fn encodings_and_line_endings() {
        let text = "部门收支总表\r\n\t合计\r\n\t4,844.56\r";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let (doc, encoding, _) = read(&gb).unwrap();
        // encoding_rs decodes GBK with its gb18030 decoder, a superset.
        assert_eq!(encoding, "GBK");
        assert_eq!(table_texts(&doc), vec![vec![vec!["合计", "4,844.56"]]]);

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let (doc16, encoding16, _) = read(&utf16).unwrap();
        assert_eq!(encoding16, "UTF-16LE");
        assert_eq!(doc16, doc);

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(read(&bom).unwrap().0, doc);
    }

    #[test]
    fn form_feeds_give_each_block_its_pages() {
        // What pdftotext writes: a form feed after every page, so each page after the first
        // opens with one.
        let doc = read_str(
            "一、部门职能。\n\n\u{c}二、机构设置。\n\n三、收支预算。\n\n\u{c}\n\n四、其他说明。\n\u{c}",
        );
        let origins: Vec<String> = doc.blocks.iter().map(|b| b.origin().to_string()).collect();
        assert_eq!(
            origins,
            [
                "line 1, page 1",
                "line 3, page 2",
                "line 5, page 2",
                "line 9, page 3"
            ]
        );
        // No form feed, no pages.
        let doc = read_str("封面\n目录\n");
        assert!(doc.blocks.iter().all(|b| b.origin().pages.is_none()));
    }

    #[test]
    fn a_table_across_a_page_break_spans_both_pages() {
        let text = "部门收支总表\n单位：万元\n\n项目                 金额\n一般公共服务支出     1.00\n\u{c}教育支出             2.00\n合计                 3.00\n\u{c}";
        let doc = read_str(text);
        let tables: Vec<String> = doc.tables().map(|(_, t)| t.origin.to_string()).collect();
        assert!(
            tables.iter().any(|t| t.ends_with(", pages 1-2")),
            "{tables:?}"
        );
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(read(&bytes), Err(TextError::Binary)));
    }
}
