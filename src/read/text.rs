//! Plain-text reader: decodes the bytes (BOM, UTF-8, else a detected legacy encoding such as
//! GB18030) and recovers paragraphs and tables from the layouts disclosures reach users in:
//!
//! * `cell_per_line`: each cell on its own line starting with a TAB, rows separated by blank
//!   lines (what copying a Word table into a text file gives);
//! * `tab_separated`: one row per line, cells separated by TABs.

use crate::document::{Cell, Document, Origin, Row, Table};
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
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), encoding.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8.name());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding.name())
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
    total > 0 && control * 10 > total * 3
}

/// Splits on LF, CRLF and lone CR alike.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r')
    })
}

/// How one line of text reads in the table layouts.
enum LineKind<'a> {
    Blank,
    /// A TAB-indented line holding one cell.
    Cell(&'a str),
    /// A line holding a whole row of TAB-separated cells.
    Row(Vec<&'a str>),
    Text(&'a str),
}

fn classify(line: &str) -> LineKind<'_> {
    // A TAB alone is an empty cell, not a blank line: empty cells keep the columns aligned.
    if let Some(rest) = line.strip_prefix('\t') {
        if rest.contains('\t') {
            let mut cells = vec![""];
            cells.extend(rest.split('\t'));
            return LineKind::Row(cells);
        }
        return LineKind::Cell(rest);
    }
    if line.trim().is_empty() {
        return LineKind::Blank;
    }
    if line.contains('\t') {
        return LineKind::Row(line.split('\t').collect());
    }
    LineKind::Text(line)
}

/// A short untabbed line right after a cell continues that cell: vertical text written one
/// character per line, or a wrapped cell. A longer one, one that starts with a space, or one that
/// names a table is a paragraph (a title) that closes the table.
fn continues_cell(line: &str) -> bool {
    !line.starts_with(char::is_whitespace) && line.chars().count() <= 8 && !line.contains('表')
}

fn clean(cell: &str) -> String {
    cell.trim().to_string()
}

struct TableBuilder {
    rows: Vec<Row>,
    row: Vec<Cell>,
    first_line: u32,
    last_line: u32,
}

impl TableBuilder {
    fn new(line: u32) -> TableBuilder {
        TableBuilder {
            rows: Vec::new(),
            row: Vec::new(),
            first_line: line,
            last_line: line,
        }
    }

    fn end_row(&mut self) {
        if !self.row.is_empty() {
            self.rows.push(Row {
                cells: std::mem::take(&mut self.row),
            });
        }
    }

    fn finish(mut self) -> Table {
        self.end_row();
        Table {
            rows: self.rows,
            origin: Origin::lines(self.first_line, self.last_line),
        }
    }
}

/// Reads text bytes into a document; returns it with the encoding and layout names.
pub fn read(bytes: &[u8]) -> Result<(Document, String, String), TextError> {
    let (text, encoding) = decode(bytes);
    if looks_binary(&text) {
        return Err(TextError::Binary);
    }
    let mut document = Document::default();
    if text.contains('\0') {
        document
            .warnings
            .push("NUL characters in the text were dropped".to_string());
    }
    let text = text.replace('\0', "");
    let mut table: Option<TableBuilder> = None;
    let (mut cell_lines, mut row_lines) = (0usize, 0usize);
    for (index, line) in lines(&text).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match classify(line) {
            LineKind::Blank => {
                if let Some(t) = table.as_mut() {
                    t.end_row();
                }
            }
            LineKind::Cell(content) => {
                cell_lines += 1;
                let t = table.get_or_insert_with(|| TableBuilder::new(number));
                t.row.push(Cell::text(clean(content)));
                t.last_line = number;
            }
            LineKind::Row(cells) => {
                row_lines += 1;
                let t = table.get_or_insert_with(|| TableBuilder::new(number));
                t.end_row();
                t.row = cells.into_iter().map(|c| Cell::text(clean(c))).collect();
                t.end_row();
                t.last_line = number;
            }
            LineKind::Text(content) => {
                let continued = match table.as_mut() {
                    Some(t) if continues_cell(content) => match t.row.last_mut() {
                        Some(cell) => {
                            cell.text.push('\n');
                            cell.text.push_str(content.trim());
                            t.last_line = number;
                            true
                        }
                        None => false,
                    },
                    _ => false,
                };
                if !continued {
                    if let Some(t) = table.take() {
                        document.push_table(t.finish());
                    }
                    document
                        .push_paragraph(content.trim().to_string(), Origin::lines(number, number));
                }
            }
        }
    }
    if let Some(t) = table.take() {
        document.push_table(t.finish());
    }
    let layout = if row_lines > cell_lines {
        "tab_separated"
    } else {
        "cell_per_line"
    };
    Ok((document, encoding.to_string(), layout.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn read_str(text: &str) -> Document {
        read(text.as_bytes()).unwrap().0
    }

    fn table_texts(doc: &Document) -> Vec<Vec<Vec<String>>> {
        doc.tables()
            .map(|(_, t)| {
                t.rows
                    .iter()
                    .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                    .collect()
            })
            .collect()
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
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i % 7) as u8).collect();
        assert!(matches!(read(&bytes), Err(TextError::Binary)));
    }
}
