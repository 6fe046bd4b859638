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
mod text_beside_amounts;
mod tokens;
mod wrapped_amounts;

use crate::document::{Block, Document, OriginUnit};
use encoding_rs::{Encoding, GBK, UTF_8, WINDOWS_1252};
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
/// could not map (each replaced with U+FFFD, and where they are said), or a file that mixes
/// UTF-8 lines with lines in a legacy encoding (only one encoding is applied to the whole file).
///
/// Damaged text is still read: a text that is overwhelmingly valid UTF-8 (a file cut in the
/// middle of a character, a few bytes flipped) is decoded as UTF-8 with the damaged bytes
/// replaced, rather than handed to encoding detection, which would read the whole file as some
/// legacy code page. Only bytes that are not text at all are refused, by [`read`].
pub fn decode_with_doubts(bytes: &[u8]) -> (String, &'static str, Vec<String>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, damage) = decode_reporting(encoding, &bytes[bom_len..]);
        let doubts = damage_report(&damage, bytes.len() - bom_len, encoding, bom_len);
        return (text, encoding.name(), doubts);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8.name(), Vec::new());
    }
    if mostly_utf8(bytes) {
        let (text, damage) = decode_reporting(UTF_8, bytes);
        let doubts = damage_report(&damage, bytes.len(), UTF_8, 0);
        return (text, UTF_8.name(), doubts);
    }
    // Detection runs on whole lines: a file cut inside its last character ends in a lead byte
    // without its trail, which rules its real encoding out. LF is never part of a multi-byte
    // character in the encodings detected.
    let probe = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(end) if end > 0 => &bytes[..=end],
        _ => bytes,
    };
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(probe, true);
    let mut encoding = detector.guess(None, true);
    let (mut text, mut damage) = decode_reporting(encoding, bytes);
    // One corrupted byte pair rules GBK out for the detector, which then reads a whole Chinese
    // text as a Western code page. Text that is GBK but for a little damage is read as GBK.
    if (encoding != GBK && !damage.is_empty()) || encoding == WINDOWS_1252 {
        let (gbk_text, gbk_damage) = decode_reporting(GBK, bytes);
        let damaged: usize = gbk_damage.iter().map(|d| d.len).sum();
        let high = bytes.iter().filter(|b| !b.is_ascii()).count();
        if damaged > 0 && damaged * 50 <= high {
            (encoding, text, damage) = (GBK, gbk_text, gbk_damage);
        }
    }
    let mut doubts = damage_report(&damage, bytes.len(), encoding, 0);
    if !damage.is_empty() {
        doubts.insert(
            0,
            format!("the encoding was guessed as {}", encoding.name()),
        );
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
    (text, encoding.name(), doubts)
}

/// True when the bytes are UTF-8 but for a little damage: at least 50 bytes of valid multi-byte
/// characters for every byte that is not UTF-8. Text in a legacy CJK encoding is nowhere near:
/// most of its lead and trail byte pairs are not UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                valid_multibyte += text.len() - text.chars().filter(char::is_ascii).count();
                break;
            }
            Err(error) => {
                let valid = &rest[..error.valid_up_to()];
                // Valid by construction; counted by its non-ASCII bytes.
                valid_multibyte += valid.iter().filter(|b| !b.is_ascii()).count();
                match error.error_len() {
                    Some(len) => {
                        invalid += len;
                        rest = &rest[error.valid_up_to() + len..];
                    }
                    None => {
                        // Cut inside the last character.
                        invalid += rest.len() - error.valid_up_to();
                        break;
                    }
                }
            }
        }
    }
    invalid > 0 && valid_multibyte >= 50 * invalid
}

/// A run of bytes the decoder could not map, replaced by one U+FFFD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Damage {
    /// Byte offset in the decoded bytes (after any BOM).
    offset: usize,
    len: usize,
    /// 1-based line it is on.
    line: usize,
}

/// Decodes with U+FFFD for every malformed sequence, recording where each one was.
fn decode_reporting(encoding: &'static Encoding, bytes: &[u8]) -> (String, Vec<Damage>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len()),
    );
    let mut damage = Vec::new();
    let (mut read, mut counted, mut lines) = (0usize, 0usize, 1usize);
    loop {
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += consumed;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                text.reserve(bytes.len().saturating_sub(read).max(16) * 3);
            }
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let end = read.saturating_sub(usize::from(after));
                let offset = end.saturating_sub(usize::from(bad));
                lines += text[counted..].matches('\n').count();
                counted = text.len();
                match damage.last_mut() {
                    // Adjacent bad sequences are one damaged run.
                    Some(Damage { offset: o, len, .. })
                        if *o + *len == offset && text.ends_with('\u{FFFD}') =>
                    {
                        *len += usize::from(bad);
                        continue;
                    }
                    _ => {}
                }
                damage.push(Damage {
                    offset,
                    len: usize::from(bad),
                    line: lines,
                });
                text.push('\u{FFFD}');
                counted = text.len();
            }
        }
    }
    (text, damage)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Most damaged places a warning names one by one; the rest are counted.
const DAMAGE_LISTED: usize = 5;

/// The warnings for the damaged runs: a text cut inside its last character is said so;
/// otherwise how many bytes, on which line and at which byte offset (counted in the file,
/// with any BOM).
fn damage_report(
    damage: &[Damage],
    decoded_len: usize,
    encoding: &'static Encoding,
    bom_len: usize,
) -> Vec<String> {
    let mut doubts = Vec::new();
    let mut listed = Vec::new();
    for (i, d) in damage.iter().enumerate() {
        if i + 1 == damage.len() && d.offset + d.len == decoded_len {
            doubts.push(format!(
                "the text is cut inside the last character: its {} byte{} at line {} (byte \
                 {}) were replaced with U+FFFD",
                d.len,
                plural(d.len),
                d.line,
                d.offset + bom_len
            ));
        } else {
            listed.push(d);
        }
    }
    let place = |d: &Damage| format!("line {} (byte {})", d.line, d.offset + bom_len);
    match listed.as_slice() {
        [] => {}
        [d] => doubts.insert(
            0,
            format!(
                "{} corrupted byte{} at {}, not valid {}, replaced with U+FFFD",
                d.len,
                plural(d.len),
                place(d),
                encoding.name()
            ),
        ),
        _ => {
            let total: usize = listed.iter().map(|d| d.len).sum();
            let mut places: Vec<String> = listed
                .iter()
                .take(DAMAGE_LISTED)
                .map(|d| format!("{} at {}", d.len, place(d)))
                .collect();
            if listed.len() > DAMAGE_LISTED {
                places.push(format!("{} more places", listed.len() - DAMAGE_LISTED));
            }
            doubts.insert(
                0,
                format!(
                    "{total} corrupted bytes in {} places, not valid {}, replaced with U+FFFD: {}",
                    listed.len(),
                    encoding.name(),
                    places.join(", ")
                ),
            );
        }
    }
    doubts
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
    fn damage_is_replaced_and_located_in_every_encoding() {
        // UTF-16 cut inside its last code unit: the BOM counts in the byte offset.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "第一行\n第二行".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        utf16.pop();
        let (text, encoding, doubts) = decode_with_doubts(&utf16);
        assert_eq!(encoding, "UTF-16LE");
        assert_eq!(text, "第一行\n第二\u{FFFD}");
        assert_eq!(
            doubts,
            [
                "the text is cut inside the last character: its 1 byte at line 2 (byte 14) were \
              replaced with U+FFFD"
            ]
        );
        // GBK with a byte that is no character in the middle of line 2.
        let text = format!(
            "部门收支总表\n{}说明",
            "一般公共预算财政拨款收入合计\n".repeat(30)
        );
        let mut gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        gbk[15] = 0xFF;
        let (text, encoding, doubts) = decode_with_doubts(&gbk);
        assert_eq!(encoding, "GBK");
        assert!(
            text.contains('\u{FFFD}') && text.ends_with("说明"),
            "{text}"
        );
        // The bad lead byte puts the byte pairs after it out of step until one more bad pair.
        assert_eq!(
            doubts,
            [
                "the encoding was guessed as GBK",
                "2 corrupted bytes in 2 places, not valid GBK, replaced with U+FFFD: 1 at line 2 \
                 (byte 15), 1 at line 2 (byte 40)"
            ]
        );
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
