//! Spreadsheet reader (`.xlsx`, and `.xls` from Excel 97 to 2003), through the `calamine`
//! crate, into the same neutral [`Document`] the other readers produce.
//!
//! Each visible worksheet with cells becomes, in workbook order:
//!
//! * one paragraph per leading row that is a title or a unit line rather than the table: a row
//!   with at most one filled cell, or whose filled cells all name a unit (`单位：万元`,
//!   `编制单位：…`) or a table (`…表`). The cells of such a row are joined with two spaces, so
//!   `编制单位：上海市普陀区司法局` and `单位：元` in two cells read as they print. A sheet with
//!   no such row gets its sheet name as the title paragraph;
//! * one table of the rest, over the columns the sheet fills: merged ranges are expanded as the
//!   Word reader expands them (the cell with its spans at the top-left, `covered` empty cells
//!   at the positions it covers).
//!
//! Cell text is what the cell shows: text as stored; numbers printed from the stored value and
//! the cell's number format by the rule in [`number`] (exact decimal text, no floating-point
//! arithmetic); formulas by their cached value (a formula never calculated shows nothing);
//! dates as `YYYY-MM-DD`; booleans `TRUE`/`FALSE`; errors as Excel prints them (`#DIV/0!`).
//! `.xls` files carry no number formats through the reader, so their numbers print in the
//! shortest form that reads back as the stored value.
//!
//! Hidden sheets and sheets that are not worksheets (charts, macros) are skipped with a
//! warning; empty sheets are skipped. A workbook with no sheet to read is an error.
//!
//! Caps ([`Limits`]): an `.xlsx` is a zip, which `calamine` inflates itself; so before it gets the
//! bytes, every entry is inflated once through the per-part and per-file caps (a zip bomb stops
//! at the cap, whatever its headers claim) and the entry count is checked. A worksheet costs
//! memory per grid position of its bounding box, so the positions of every sheet are counted
//! against [`Limits::max_cells`] before a grid is built (for `.xls`, on the record stream before
//! `calamine` parses it).

mod number;
mod xls;
mod xlsx;

use crate::document::{Cell, Document, Origin, Row, Table};
use crate::read::docx::CapScope;
use crate::read::Limits;
use std::fmt;

/// True for an OLE compound file holding a workbook stream (an `.xls`).
pub fn is_xls(bytes: &[u8]) -> bool {
    xls::is_workbook(bytes)
}

/// True for a zip holding `xl/workbook.xml` (an `.xlsx`), judged from the names of its entries
/// (central directory and local headers alike, so a truncated `.xlsx` still reads as one and
/// gets a spreadsheet error).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"xl/workbook.xml";
    // (signature, offset of the name length, offset of the name)
    const HEADERS: [(&[u8; 4], usize, usize); 2] =
        [(b"PK\x01\x02", 28, 46), (b"PK\x03\x04", 26, 30)];
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == b'P') {
        rest = &rest[at..];
        for (signature, length_at, name_at) in HEADERS {
            if !rest.starts_with(signature) {
                continue;
            }
            let length = rest
                .get(length_at..length_at + 2)
                .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])));
            if length == Some(NAME.len())
                && rest
                    .get(name_at..name_at + NAME.len())
                    .is_some_and(|name| name.eq_ignore_ascii_case(NAME))
            {
                return true;
            }
        }
        rest = &rest[1..];
    }
    false
}

/// Which spreadsheet container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// Office Open XML (`.xlsx`, `.xlsm`): a zip holding `xl/workbook.xml`.
    Xlsx,
    /// BIFF8 (`.xls`): an OLE compound file holding a `Workbook` stream.
    Xls,
}

/// Why a spreadsheet could not be read.
#[derive(Debug)]
pub enum SheetError {
    /// The bytes are not a readable zip archive (`.xlsx`) or OLE compound file (`.xls`).
    NotContainer { detail: String },
    /// The archive lists more entries than [`Limits::max_zip_entries`].
    TooManyEntries { entries: usize, limit: usize },
    /// An entry, all entries together, or the workbook stream inflate past a cap.
    TooLarge {
        part: String,
        limit: u64,
        scope: CapScope,
    },
    /// A zip entry is encrypted, or the workbook is password-protected.
    Encrypted { part: String },
    /// A zip entry cannot be inflated.
    CorruptZip { part: String, detail: String },
    /// `calamine` cannot read the workbook or one of its sheets.
    Workbook { detail: String },
    /// The sheets' grids hold more positions than [`Limits::max_cells`].
    TooManyCells { cells: u64, limit: usize },
    /// No visible worksheet holds a cell.
    NoSheets { detail: String },
}

impl SheetError {
    /// A short stable name for run reports and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            SheetError::NotContainer { .. } => "not_container",
            SheetError::TooManyEntries { .. } => "too_many_entries",
            SheetError::TooLarge { .. } => "too_large",
            SheetError::Encrypted { .. } => "encrypted",
            SheetError::CorruptZip { .. } => "corrupt_zip",
            SheetError::Workbook { .. } => "unreadable_workbook",
            SheetError::TooManyCells { .. } => "too_many_cells",
            SheetError::NoSheets { .. } => "no_sheets",
        }
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetError::NotContainer { detail } => {
                write!(f, "not a readable workbook container ({detail})")
            }
            SheetError::TooManyEntries { entries, limit } => write!(
                f,
                "the archive lists {entries} entries, over the {limit}-entry cap"
            ),
            SheetError::TooLarge {
                part,
                limit,
                scope: CapScope::Part,
            } => write!(f, "part {part} inflates past the {limit}-byte cap per part"),
            SheetError::TooLarge {
                part,
                limit,
                scope: CapScope::File,
            } => write!(
                f,
                "the parts inflate past the {limit}-byte cap per file (at part {part})"
            ),
            SheetError::Encrypted { part } => write!(
                f,
                "{part} is encrypted; save the workbook without a password"
            ),
            SheetError::CorruptZip { part, detail } => {
                write!(f, "zip entry {part} is corrupt: {detail}")
            }
            SheetError::Workbook { detail } => write!(f, "unreadable workbook: {detail}"),
            SheetError::TooManyCells { cells, limit } => write!(
                f,
                "the sheets span at least {cells} cells, over the {limit}-cell cap"
            ),
            SheetError::NoSheets { detail } => write!(f, "no sheet to read: {detail}"),
        }
    }
}

impl std::error::Error for SheetError {}

/// One cell as read: its 0-based position and the text it shows (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RawCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// A merged range, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    /// The merged ranges calamine reports for a sheet, whichever format it read.
    pub(super) fn all(ranges: Vec<calamine::Dimensions>) -> Vec<Merge> {
        ranges
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect()
    }
}

/// One visible worksheet as read.
#[derive(Debug, Default)]
pub(super) struct RawSheet {
    /// The sheet's place in the workbook, from 1, counting the sheets not read.
    pub position: u32,
    pub name: String,
    pub cells: Vec<RawCell>,
    pub merges: Vec<Merge>,
}

/// Runs a call into the workbook parser, turning a panic on malformed input (a parser bug, which
/// the input must not be able to turn into a crash) into an error for this file.
pub(super) fn guarded<T>(call: impl FnOnce() -> T) -> Result<T, SheetError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        SheetError::Workbook {
            detail: format!("the workbook parser failed on malformed records ({what})"),
        }
    })
}

/// Counts grid positions against [`Limits::max_cells`] over a whole workbook.
pub(super) struct CellBudget {
    used: u64,
    limit: usize,
}

impl CellBudget {
    pub fn new(limits: &Limits) -> CellBudget {
        CellBudget {
            used: 0,
            limit: limits.max_cells,
        }
    }

    pub fn spend(&mut self, cells: u64) -> Result<(), SheetError> {
        self.used = self.used.saturating_add(cells);
        if self.used > self.limit as u64 {
            return Err(SheetError::TooManyCells {
                cells: self.used,
                limit: self.limit,
            });
        }
        Ok(())
    }
}

/// Reads a workbook into a document.
pub fn read(bytes: &[u8], container: Container, limits: &Limits) -> Result<Document, SheetError> {
    let mut warnings = Vec::new();
    let sheets = guarded(|| match container {
        Container::Xlsx => xlsx::read(bytes, limits, &mut warnings),
        Container::Xls => xls::read(bytes, limits, &mut warnings),
    })??;
    let mut document = Document::default();
    let mut budget = CellBudget::new(limits);
    let mut read_any = false;
    for sheet in sheets {
        read_any |= push_sheet(&mut document, sheet, &mut budget)?;
    }
    if !read_any {
        let detail = if warnings.is_empty() {
            "the workbook has no worksheet with cells".to_string()
        } else {
            warnings.join("; ")
        };
        return Err(SheetError::NoSheets { detail });
    }
    document.warnings.extend(warnings);
    Ok(document)
}

/// True for a sheet to read: a visible worksheet. Others are skipped with a warning.
pub(super) fn wanted(
    name: &str,
    kind: calamine::SheetType,
    visible: calamine::SheetVisible,
    warnings: &mut Vec<String>,
) -> bool {
    if kind != calamine::SheetType::WorkSheet {
        warnings.push(format!(
            "sheet \"{name}\" is not a worksheet ({kind:?}); not read"
        ));
        return false;
    }
    if visible != calamine::SheetVisible::Visible {
        warnings.push(format!("sheet \"{name}\" is hidden; not read"));
        return false;
    }
    true
}

/// A date or time cell as `YYYY-MM-DD` (with `HH:MM:SS` when it has a time of day); a duration
/// or a serial number outside the calendar prints as the number.
pub(super) fn date_text(
    is_datetime: bool,
    serial: f64,
    parts: impl FnOnce() -> (u16, u8, u8, u8, u8, u8, u16),
) -> String {
    // Serial 0 to 2958465 is 1900-01-00 to 9999-12-31, the range Excel shows as dates.
    if !is_datetime || !(0.0..2_958_466.0).contains(&serial) {
        return number::format_float(serial, number::Shape::default());
    }
    let (year, month, day, hour, minute, second, _) = parts();
    if (hour, minute, second) == (0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
    }
}

/// True when a leading row is a title or unit line, not part of the table.
fn is_preamble(texts: &[&str]) -> bool {
    texts.len() <= 1
        || texts.iter().all(|t| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            t.contains("单位:") || t.contains("单位：") || t.ends_with('表')
        })
}

/// A title row never runs past a few lines; a sheet of one-cell rows is a table of one column.
const MAX_PREAMBLE_ROWS: usize = 4;

/// Adds one sheet's paragraphs and table; false when the sheet has no cells.
fn push_sheet(
    document: &mut Document,
    sheet: RawSheet,
    budget: &mut CellBudget,
) -> Result<bool, SheetError> {
    let number = sheet.position;
    let Some(first_row) = sheet.cells.iter().map(|c| c.row).min() else {
        return Ok(false);
    };
    let last_row = sheet.cells.iter().map(|c| c.row).max().unwrap_or(first_row);
    let first_col = sheet.cells.iter().map(|c| c.col).min().unwrap_or(0);
    let last_col = sheet.cells.iter().map(|c| c.col).max().unwrap_or(first_col);
    let height = u64::from(last_row - first_row) + 1;
    let width = u64::from(last_col - first_col) + 1;
    budget.spend(height.saturating_mul(width))?;
    // Both fit in memory: their product is within the cell cap.
    let (height, width) = (height as usize, width as usize);

    let mut grid: Vec<Vec<Cell>> = vec![vec![Cell::text(""); width]; height];
    for cell in sheet.cells {
        let (r, c) = (
            (cell.row - first_row) as usize,
            (cell.col - first_col) as usize,
        );
        if let Some(slot) = grid.get_mut(r).and_then(|row| row.get_mut(c)) {
            slot.text = cell.text;
        }
    }
    apply_merges(&mut grid, &sheet.merges, first_row, first_col);

    let sheet_row = |r: usize| first_row.saturating_add(1).saturating_add(r as u32);
    let mut preamble = 0usize;
    while preamble < MAX_PREAMBLE_ROWS.min(height.saturating_sub(1)) {
        let texts: Vec<&str> = grid[preamble]
            .iter()
            .filter(|c| !c.covered && !c.text.trim().is_empty())
            .map(|c| c.text.as_str())
            .collect();
        if !is_preamble(&texts) {
            break;
        }
        preamble += 1;
    }
    // A merge that reaches from the preamble into the table is a header cell: keep it whole.
    while let Some(start) = (0..preamble).find(|&r| {
        grid[r]
            .iter()
            .any(|c| !c.covered && r + c.row_span as usize > preamble)
    }) {
        preamble = start;
    }
    let mut titled = false;
    for (r, row) in grid.iter().enumerate().take(preamble) {
        let text = row
            .iter()
            .filter(|c| !c.covered && !c.text.trim().is_empty())
            .map(|c| c.text.trim())
            .collect::<Vec<_>>()
            .join("  ");
        if !text.is_empty() {
            titled = true;
            document.push_paragraph(text, Origin::sheet_rows(number, sheet_row(r), sheet_row(r)));
        }
    }
    if !titled {
        let origin = Origin::sheet_rows(number, sheet_row(0), sheet_row(0));
        document.push_paragraph(sheet.name.trim().to_string(), origin);
    }
    let rows: Vec<Row> = grid.into_iter().skip(preamble).map(Row::new).collect();
    document.push_table(Table {
        rows,
        origin: Origin::sheet_rows(number, sheet_row(preamble), sheet_row(height - 1)),
    });
    Ok(true)
}

/// Places each merged range on the grid: spans on its top-left cell, `covered` on the rest. A
/// range that overlaps one placed before it (a damaged file) is left out.
fn apply_merges(grid: &mut [Vec<Cell>], merges: &[Merge], first_row: u32, first_col: u32) {
    let height = grid.len() as u64;
    let width = grid.first().map_or(0, |r| r.len()) as u64;
    // Merges that do not overlap each cover two positions or more, so no more than half the
    // grid's positions of them can be placed; a file listing more (or the same one over and
    // over) costs no more than that.
    let mut merges = merges.to_vec();
    merges.sort_by_key(|m| (m.first_row, m.first_col, m.last_row, m.last_col));
    merges.dedup();
    let most = usize::try_from(height * width / 2).unwrap_or(usize::MAX);
    for merge in merges.iter().take(most) {
        if merge.last_row < merge.first_row || merge.last_col < merge.first_col {
            continue;
        }
        // Clip to the grid: a merge may run past the last filled cell.
        let top = u64::from(merge.first_row.saturating_sub(first_row));
        let left = u64::from(merge.first_col.saturating_sub(first_col));
        if merge.first_row < first_row || merge.first_col < first_col {
            continue;
        }
        let bottom = u64::from(merge.last_row - first_row).min(height.saturating_sub(1));
        let right = u64::from(merge.last_col - first_col).min(width.saturating_sub(1));
        if top >= height || left >= width || (top == bottom && left == right) {
            continue;
        }
        let (top, left, bottom, right) =
            (top as usize, left as usize, bottom as usize, right as usize);
        let free = (top..=bottom).all(|r| {
            (left..=right).all(|c| {
                let cell = &grid[r][c];
                !cell.covered && cell.col_span == 1 && cell.row_span == 1
            })
        });
        if !free {
            continue;
        }
        for (r, row) in grid.iter_mut().enumerate().take(bottom + 1).skip(top) {
            for (c, cell) in row.iter_mut().enumerate().take(right + 1).skip(left) {
                if r == top && c == left {
                    cell.col_span = (right - left + 1) as u32;
                    cell.row_span = (bottom - top + 1) as u32;
                } else {
                    // What a covered position held is hidden under the merge in the sheet.
                    *cell = Cell {
                        covered: true,
                        ..Cell::text("")
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.to_string(),
        }
    }

    #[test]
    fn title_and_unit_rows_become_paragraphs_and_merges_expand() {
        let sheet = RawSheet {
            position: 1,
            name: "表1".to_string(),
            cells: vec![
                cell(0, 0, "部门收支总表"),
                cell(1, 0, "编制单位：某局"),
                cell(1, 2, "单位：万元"),
                cell(2, 0, "科目"),
                cell(2, 1, "金额"),
                cell(3, 1, "本年"),
                cell(3, 2, "上年"),
                cell(4, 0, "合计"),
                cell(4, 1, "1.00"),
                cell(4, 2, "2.00"),
            ],
            merges: vec![
                Merge {
                    first_row: 0,
                    first_col: 0,
                    last_row: 0,
                    last_col: 2,
                },
                Merge {
                    first_row: 2,
                    first_col: 0,
                    last_row: 3,
                    last_col: 0,
                },
                Merge {
                    first_row: 2,
                    first_col: 1,
                    last_row: 2,
                    last_col: 2,
                },
            ],
        };
        let mut document = Document::default();
        let mut budget = CellBudget {
            used: 0,
            limit: 100,
        };
        assert!(push_sheet(&mut document, sheet, &mut budget).unwrap());
        let paragraphs: Vec<&str> = document
            .paragraphs()
            .map(|(_, p)| p.text.as_str())
            .collect();
        assert_eq!(paragraphs, ["部门收支总表", "编制单位：某局  单位：万元"]);
        let Some(Block::Table(table)) = document.blocks.last() else {
            panic!("no table");
        };
        assert_eq!(table.origin.to_string(), "sheet 1 rows 3-5");
        let first = &table.rows[0].cells;
        assert_eq!((first[0].row_span, first[0].col_span), (2, 1));
        assert_eq!((first[1].text.as_str(), first[1].col_span), ("金额", 2));
        assert!(first[2].covered && table.rows[1].cells[0].covered);
        assert_eq!(
            document.table_texts()[0],
            [
                vec!["科目", "金额", ""],
                vec!["", "本年", "上年"],
                vec!["合计", "1.00", "2.00"]
            ]
        );
    }

    #[test]
    fn a_title_over_two_rows_and_a_header_merged_down_stay_where_they_belong() {
        let merge = |first_row, first_col, last_row, last_col| Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        };
        let sheet = RawSheet {
            position: 1,
            name: "Sheet1".to_string(),
            cells: vec![
                cell(0, 0, "部门收入总表"),
                cell(2, 1, "单位：元"),
                cell(3, 0, "项目"),
                cell(3, 1, "金额"),
                cell(4, 1, "本年"),
                cell(5, 0, "合计"),
                cell(5, 1, "1"),
            ],
            // The title over rows 1-2, 项目 down rows 4-5.
            merges: vec![merge(3, 0, 4, 0), merge(0, 0, 1, 1), merge(3, 0, 4, 0)],
        };
        let mut document = Document::default();
        let mut budget = CellBudget {
            used: 0,
            limit: 100,
        };
        push_sheet(&mut document, sheet, &mut budget).unwrap();
        let paragraphs: Vec<&str> = document
            .paragraphs()
            .map(|(_, p)| p.text.as_str())
            .collect();
        assert_eq!(paragraphs, ["部门收入总表", "单位：元"]);
        assert_eq!(document.blocks[2].origin().to_string(), "sheet 1 rows 4-6");
        assert_eq!(
            document.table_texts()[0],
            [vec!["项目", "金额"], vec!["", "本年"], vec!["合计", "1"]]
        );
    }

    #[test]
    fn a_sheet_without_title_rows_is_titled_by_its_name_and_the_cap_holds() {
        let sheet = || RawSheet {
            position: 2,
            name: "部门支出总表".to_string(),
            cells: vec![cell(0, 0, "科目"), cell(0, 1, "金额"), cell(9, 9, "x")],
            merges: Vec::new(),
        };
        let mut document = Document::default();
        let mut budget = CellBudget {
            used: 0,
            limit: 100,
        };
        push_sheet(&mut document, sheet(), &mut budget).unwrap();
        assert!(matches!(&document.blocks[0], Block::Paragraph(p) if p.text == "部门支出总表"));
        let error = push_sheet(&mut document, sheet(), &mut budget).unwrap_err();
        assert_eq!(error.kind(), "too_many_cells");
    }
}
