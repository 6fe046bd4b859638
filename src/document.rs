//! The neutral document model every reader produces and every later stage consumes: an ordered
//! list of paragraphs and tables of cell text. Nothing here says which file format it came from,
//! except each block's [`Origin`], which is only used to point a reader of the output back to
//! the source.

use serde::Serialize;
use std::fmt;

/// Where a block sits in its source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub unit: OriginUnit,
    /// First position, 1-based.
    pub start: u32,
    /// Last position, 1-based, inclusive.
    pub end: u32,
    /// The pages the block is printed on, when the source marks its pages (the form feeds
    /// `pdftotext` writes between pages); `None` when it does not.
    pub pages: Option<Pages>,
}

/// The first and last page of a block, 1-based, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Pages {
    pub first: u32,
    pub last: u32,
}

/// What an [`Origin`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OriginUnit {
    /// Lines of a text file.
    Line,
    /// Top-level elements (`w:p`, `w:tbl`) of a Word document body.
    BodyElement,
    /// Rows of one worksheet (sheets numbered from 1 in workbook order).
    SheetRow { sheet: u32 },
}

impl Origin {
    pub fn lines(start: u32, end: u32) -> Origin {
        Origin {
            unit: OriginUnit::Line,
            start,
            end,
            pages: None,
        }
    }

    pub fn body_elements(start: u32, end: u32) -> Origin {
        Origin {
            unit: OriginUnit::BodyElement,
            start,
            end,
            pages: None,
        }
    }

    /// The same origin printed on pages `first..=last`.
    pub fn on_pages(self, first: u32, last: u32) -> Origin {
        Origin {
            pages: Some(Pages { first, last }),
            ..self
        }
    }

    pub fn sheet_rows(sheet: u32, start: u32, end: u32) -> Origin {
        Origin {
            unit: OriginUnit::SheetRow { sheet },
            start,
            end,
            pages: None,
        }
    }
}

/// `line 3`, `lines 4-8`, `body element 2`; with the pages when known: `lines 4-8, page 2`,
/// `lines 40-98, pages 3-4` (the grammar `schema/document.schema.json` gives for
/// `source.blocks`).
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.unit {
            OriginUnit::Line => "line",
            OriginUnit::BodyElement => "body element",
            OriginUnit::SheetRow { sheet } => {
                write!(f, "sheet {sheet} ")?;
                "row"
            }
        };
        if self.start == self.end {
            write!(f, "{what} {}", self.start)?;
        } else {
            write!(f, "{what}s {}-{}", self.start, self.end)?;
        }
        match self.pages {
            None => Ok(()),
            Some(Pages { first, last }) if first == last => write!(f, ", page {first}"),
            Some(Pages { first, last }) => write!(f, ", pages {first}-{last}"),
        }
    }
}

/// One table cell. A merged cell appears once, at its top-left grid position, with its spans;
/// the positions it covers hold empty cells with `covered` set, so every row of a table has the
/// same number of grid columns when the source said so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub col_span: u32,
    pub row_span: u32,
    /// True for a grid position covered by a merged cell that starts elsewhere.
    pub covered: bool,
    /// Tables nested inside this cell, kept apart from the cell's own text.
    pub nested: Vec<Table>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            col_span: 1,
            row_span: 1,
            covered: false,
            nested: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// True for a row printed on a page that shows fewer columns than the table's header (its
    /// blank columns closed up): its cells keep their order, but the column each falls in was
    /// read from that page's spacing alone.
    pub columns_uncertain: bool,
    /// True for a row of a page whose amounts do not line up under their columns (pdftotext
    /// spaced each of its lines by that line's own text): each amount stands in order, but may
    /// stand one column off the one the page's spacing puts it in.
    pub amounts_drift: bool,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            columns_uncertain: false,
            amounts_drift: false,
        }
    }

    pub fn texts(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.text.as_str()).collect()
    }
}

/// Whether a row's texts only number the table's columns (`** ** 1 2 3`, `栏次 1 2`): header
/// furniture, neither labels nor figures.
pub fn numbers_the_columns<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let filled: Vec<&str> = texts
        .into_iter()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let numbers: Vec<u32> = filled.iter().filter_map(|t| t.parse().ok()).collect();
    filled.len() >= 2
        && numbers.len() >= 2
        && numbers.windows(2).all(|w| w[1] == w[0] + 1)
        && filled
            .iter()
            .all(|t| t.parse::<u32>().is_ok() || t.chars().all(|c| c == '*') || *t == "栏次")
}

/// Whether text opens with a span of years (`2025-2026年信息化运维项目`, `2024-2025信息化…`):
/// the period a project runs over, which reads like a code run into a name but is none.
pub fn opens_with_year_span(text: &str) -> bool {
    let year = |t: &str| -> Option<usize> {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (digits == 4 && (t.starts_with("19") || t.starts_with("20"))).then_some(digits)
    };
    let Some(first) = year(text) else {
        return false;
    };
    let rest = text[first..].trim_start();
    let Some(rest) = rest.strip_prefix(['-', '－', '—', '–']) else {
        return false;
    };
    year(rest.trim_start()).is_some()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub origin: Origin,
}

impl Table {
    /// A table of plain text cells, one slice per row: for tests of the stages after `read`.
    #[cfg(test)]
    pub(crate) fn of_texts(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|r| Row::new(r.iter().map(|c| Cell::text(*c)).collect()))
                .collect(),
            origin: Origin::lines(1, 1),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

impl Block {
    pub fn origin(&self) -> Origin {
        match self {
            Block::Paragraph(p) => p.origin,
            Block::Table(t) => t.origin,
        }
    }
}

/// A whole input, read. Empty paragraphs are never stored, so two readers of the same content
/// number its blocks alike.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Running titles printed at the top or bottom of pages (`苏州市审计局 2026 年度部门预算公开`),
    /// left out of the blocks as page furniture but kept for the checks that read every heading;
    /// each with the index of the block it stands before (the number of blocks when none
    /// follows).
    pub running_heads: Vec<(usize, String)>,
    /// Problems the reader met but could read past, e.g. an embedded part it does not read.
    pub warnings: Vec<String>,
}

impl Document {
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &Paragraph)> {
        self.blocks.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Paragraph(p) => Some((i, p)),
            Block::Table(_) => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = (usize, &Table)> {
        self.blocks.iter().enumerate().filter_map(|(i, b)| match b {
            Block::Table(t) => Some((i, t)),
            Block::Paragraph(_) => None,
        })
    }

    /// Every table's cell texts, row by row: the shape a reader's tests compare.
    pub fn table_texts(&self) -> Vec<Vec<Vec<String>>> {
        self.tables()
            .map(|(_, t)| {
                t.rows
                    .iter()
                    .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                    .collect()
            })
            .collect()
    }

    /// Adds a paragraph unless it is blank.
    pub fn push_paragraph(&mut self, text: String, origin: Origin) {
        if !text.trim().is_empty() {
            self.blocks
                .push(Block::Paragraph(Paragraph { text, origin }));
        }
    }

    /// A document of one paragraph per line, as a text reader reads them: for tests of the
    /// stages after `read`.
    #[cfg(test)]
    pub(crate) fn of_lines(lines: &[&str]) -> Document {
        let mut d = Document::default();
        for (i, line) in lines.iter().enumerate() {
            let n = i as u32 + 1;
            d.push_paragraph(line.to_string(), Origin::lines(n, n));
        }
        d
    }

    /// Adds a table unless it has no rows.
    pub fn push_table(&mut self, table: Table) {
        if !table.rows.is_empty() {
            self.blocks.push(Block::Table(table));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_of_years_is_told_from_a_code() {
        for period in [
            "2025-2026年信息化运维项目",
            "2024-2025信息化运维项目",
            "2025 - 2026年",
        ] {
            assert!(opens_with_year_span(period), "{period}");
        }
        for other in [
            "2010301-行政运行",
            "2026年预算",
            "5426-门头沟区气象",
            "2024-25年",
        ] {
            assert!(!opens_with_year_span(other), "{other}");
        }
    }
}
