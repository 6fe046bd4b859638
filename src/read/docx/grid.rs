//! Expands a Word table onto its grid: horizontal spans (`w:gridSpan`, legacy `w:hMerge`),
//! vertical merges (`w:vMerge` restart/continue) and skipped grid columns (`w:gridBefore`) all
//! become positions in one rectangular grid, each real cell placed once at its top-left.

use crate::document::{Cell, Origin, Row, Table};

/// Word allows 63 columns; anything far beyond is hostile (a `gridSpan` of millions).
pub(super) const MAX_GRID_COLUMNS: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Merge {
    Restart,
    Continue,
}

/// What `w:tcPr` says about a cell's place in the grid.
#[derive(Clone, Copy, Debug)]
pub(super) struct CellPlacement {
    pub span: u32,
    pub vertical: Option<Merge>,
    pub horizontal: Option<Merge>,
}

impl Default for CellPlacement {
    fn default() -> CellPlacement {
        CellPlacement {
            span: 1,
            vertical: None,
            horizontal: None,
        }
    }
}

/// Where a vertically merged cell started.
#[derive(Clone, Copy, Debug)]
struct MergeOrigin {
    row: usize,
    cell: usize,
}

#[derive(Debug, Default)]
struct RowBuilder {
    cells: Vec<Cell>,
    column: usize,
    grid_before: usize,
    before_placed: bool,
    deleted: bool,
    /// Grid columns whose vertical merge this row started or continued.
    merged_here: Vec<usize>,
}

impl RowBuilder {
    fn push(&mut self, cell: Cell) {
        self.cells.push(cell);
        self.column += 1;
    }

    fn push_covered(&mut self, count: usize) {
        for _ in 0..count {
            self.push(Cell {
                covered: true,
                ..Cell::text("")
            });
        }
    }
}

/// One table under construction.
#[derive(Debug)]
pub(super) struct TableBuilder {
    rows: Vec<Row>,
    row: Option<RowBuilder>,
    /// The open vertical merge in each grid column.
    open_merges: Vec<Option<MergeOrigin>>,
    pub origin: Origin,
    /// Set when a span had to be cut to the grid cap.
    pub clamped: bool,
    /// Grid positions this table has filled, real and covered.
    pub positions: usize,
}

impl TableBuilder {
    pub fn new(origin: Origin) -> TableBuilder {
        TableBuilder {
            rows: Vec::new(),
            row: None,
            open_merges: Vec::new(),
            origin,
            clamped: false,
            positions: 0,
        }
    }

    pub fn has_open_row(&self) -> bool {
        self.row.is_some()
    }

    pub fn start_row(&mut self) {
        self.end_row();
        self.row = Some(RowBuilder::default());
    }

    pub fn set_grid_before(&mut self, columns: usize) {
        if let Some(row) = self.row.as_mut() {
            row.grid_before = columns.min(MAX_GRID_COLUMNS);
        }
    }

    pub fn mark_row_deleted(&mut self) {
        if let Some(row) = self.row.as_mut() {
            row.deleted = true;
        }
    }

    /// Places one `w:tc` of the open row.
    pub fn place_cell(&mut self, placement: CellPlacement, text: String, nested: Vec<Table>) {
        let TableBuilder {
            rows,
            row,
            open_merges,
            clamped,
            positions,
            ..
        } = self;
        // A deleted row is dropped whole; its cells must not open merges.
        let Some(row) = row.as_mut().filter(|r| !r.deleted) else {
            return;
        };
        let filled_before = row.cells.len();
        if !row.before_placed {
            row.before_placed = true;
            for _ in 0..row.grid_before {
                row.push(Cell::text(""));
            }
        }
        let column = row.column;
        let room = MAX_GRID_COLUMNS.saturating_sub(column);
        let span = (placement.span.max(1) as usize).min(room);
        if span < placement.span as usize {
            *clamped = true;
        }
        if span > 0 {
            place(rows, row, open_merges, placement, span, text, nested);
        }
        *positions += row.cells.len() - filled_before;
    }

    pub fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        if row.deleted {
            return;
        }
        // A vertical merge runs only through consecutive rows that continue it.
        for (column, open) in self.open_merges.iter_mut().enumerate() {
            if !row.merged_here.contains(&column) {
                *open = None;
            }
        }
        if !row.cells.is_empty() {
            self.rows.push(Row::new(row.cells));
        }
    }

    pub fn finish(mut self) -> Table {
        self.end_row();
        Table {
            rows: self.rows,
            origin: self.origin,
        }
    }
}

fn place(
    rows: &mut [Row],
    row: &mut RowBuilder,
    open_merges: &mut Vec<Option<MergeOrigin>>,
    placement: CellPlacement,
    span: usize,
    text: String,
    nested: Vec<Table>,
) {
    let column = row.column;
    if placement.horizontal == Some(Merge::Continue) {
        if let Some(previous) = row.cells.iter_mut().rev().find(|c| !c.covered) {
            previous.col_span += span as u32;
            append_text(&mut previous.text, &text);
            previous.nested.extend(nested);
            row.push_covered(span);
            return;
        }
    }
    if placement.vertical == Some(Merge::Continue) {
        let origin = open_merges.get(column).copied().flatten();
        if let Some(cell) = origin.and_then(|o| rows.get_mut(o.row)?.cells.get_mut(o.cell)) {
            cell.row_span += 1;
            // Word moves a merged cell's text into its first cell; any left behind is kept
            // rather than lost.
            append_text(&mut cell.text, &text);
            cell.nested.extend(nested);
            row.merged_here.push(column);
            row.push_covered(span);
            return;
        }
    }
    if placement.vertical.is_some() {
        if open_merges.len() <= column {
            open_merges.resize(column + 1, None);
        }
        open_merges[column] = Some(MergeOrigin {
            row: rows.len(),
            cell: row.cells.len(),
        });
        row.merged_here.push(column);
    }
    row.push(Cell {
        text,
        col_span: span as u32,
        row_span: 1,
        covered: false,
        nested,
    });
    row.push_covered(span - 1);
}

fn append_text(target: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placement(span: u32, vertical: Option<Merge>) -> CellPlacement {
        CellPlacement {
            span,
            vertical,
            horizontal: None,
        }
    }

    #[test]
    fn merges_expand_to_a_rectangle() {
        let mut table = TableBuilder::new(Origin::body_elements(1, 1));
        table.start_row();
        table.place_cell(placement(1, Some(Merge::Restart)), "A".into(), vec![]);
        table.place_cell(placement(2, None), "B".into(), vec![]);
        table.start_row();
        table.place_cell(placement(1, Some(Merge::Continue)), String::new(), vec![]);
        table.place_cell(placement(1, None), "C".into(), vec![]);
        table.place_cell(placement(1, None), "D".into(), vec![]);
        let t = table.finish();
        let shape: Vec<Vec<(String, u32, u32, bool)>> = t
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.text.clone(), c.col_span, c.row_span, c.covered))
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                vec![
                    ("A".to_string(), 1, 2, false),
                    ("B".to_string(), 2, 1, false),
                    (String::new(), 1, 1, true)
                ],
                vec![
                    (String::new(), 1, 1, true),
                    ("C".to_string(), 1, 1, false),
                    ("D".to_string(), 1, 1, false)
                ],
            ]
        );
    }

    #[test]
    fn hostile_span_is_capped() {
        let mut table = TableBuilder::new(Origin::body_elements(1, 1));
        table.start_row();
        table.place_cell(placement(u32::MAX, None), "x".into(), vec![]);
        table.place_cell(placement(5, None), "y".into(), vec![]);
        assert!(table.clamped);
        let t = table.finish();
        assert_eq!(t.rows[0].cells.len(), MAX_GRID_COLUMNS);
    }
}
