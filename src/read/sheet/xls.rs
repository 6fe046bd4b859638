//! `.xls` (BIFF5/BIFF8 in an OLE compound file), read with `calamine`.
//!
//! `calamine` parses every sheet of an `.xls` up front into a dense grid spanning each sheet's
//! filled cells, so two cells at opposite corners of a sheet cost 16 million grid positions.
//! Before it gets the bytes, the `Workbook` stream's cell records are scanned for each sheet's
//! extent, and the extents are counted against [`Limits::max_cells`].

use super::number::{self, Shape};
use super::{CellBudget, Merge, RawCell, RawSheet, SheetError};
use crate::read::docx::CapScope;
use crate::read::Limits;
use calamine::{Data, Reader, Xls, XlsError};
use std::io::{Cursor, Read};

/// The names of the workbook stream: `Workbook` (BIFF8), `Book` (BIFF5).
const STREAMS: [&str; 2] = ["/Workbook", "/Book"];

/// True when the OLE compound file holds a workbook stream (an `.xls`, not a `.doc` or an
/// encrypted Office Open XML package).
pub(crate) fn is_workbook(bytes: &[u8]) -> bool {
    match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(file) => STREAMS.iter().any(|name| file.is_stream(name)),
        Err(_) => false,
    }
}

/// The workbook stream's bytes, read under the per-part cap.
fn workbook_stream(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, SheetError> {
    let not_container = |e: std::io::Error| SheetError::NotContainer {
        detail: e.to_string(),
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(not_container)?;
    let Some(name) = STREAMS.iter().find(|name| file.is_stream(name)) else {
        return Err(SheetError::NotContainer {
            detail: "the compound file holds no Workbook stream".to_string(),
        });
    };
    let stream = file.open_stream(name).map_err(not_container)?;
    let mut out = Vec::new();
    stream
        .take(limits.max_part_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(not_container)?;
    if out.len() as u64 > limits.max_part_bytes {
        return Err(SheetError::TooLarge {
            part: name.trim_start_matches('/').to_string(),
            limit: limits.max_part_bytes,
            scope: CapScope::Part,
        });
    }
    Ok(out)
}

/// The grid positions `calamine` will allocate for the stream's sheets: per sheet substream,
/// the area of the box around its value and formula records. Records `calamine` would read
/// past their end (a `MergeCells` listing more ranges than it holds, a `MulRk` whose last
/// column comes before its first) are refused here, with their byte offset.
fn grid_positions(stream: &[u8]) -> Result<u64, SheetError> {
    #[derive(Clone, Copy)]
    struct Extent {
        rows: (u16, u16),
        cols: (u16, u16),
    }
    let mut total = 0u64;
    let mut depth = 0u32;
    let mut extent: Option<Extent> = None;
    let mut close = |extent: &mut Option<Extent>| {
        if let Some(e) = extent.take() {
            let rows = u64::from(e.rows.1 - e.rows.0) + 1;
            let cols = u64::from(e.cols.1 - e.cols.0) + 1;
            // Values and formulas get a grid each.
            total = total.saturating_add(rows.saturating_mul(cols).saturating_mul(2));
        }
    };
    let mut pos = 0usize;
    while let Some(header) = stream.get(pos..pos + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = stream
            .get(pos + 4..(pos + 4 + len).min(stream.len()))
            .unwrap_or(&[]);
        let at = pos;
        pos += 4 + len;
        let u16_at = |at: usize| {
            data.get(at..at + 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
        };
        let malformed = |what: &str| SheetError::Workbook {
            detail: format!("malformed {what} record at byte {at} of the workbook stream"),
        };
        match kind {
            // MergeCells: a count, then 8 bytes a range.
            0x00E5 => {
                let count = u16_at(0).map_or(usize::MAX, usize::from);
                if data.len() < count.saturating_mul(8).saturating_add(2) {
                    return Err(malformed("MergeCells"));
                }
            }
            // BOF: a substream starts.
            0x0809 => depth += 1,
            // EOF: a substream ends.
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close(&mut extent);
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula; MulRk spans columns.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD => {
                let (Some(row), Some(first)) = (u16_at(0), u16_at(2)) else {
                    continue;
                };
                let last = if kind == 0x00BD {
                    match data.len().checked_sub(2).and_then(u16_at) {
                        Some(last) if last >= first => last,
                        _ => return Err(malformed("MulRk")),
                    }
                } else {
                    first
                };
                let e = extent.get_or_insert(Extent {
                    rows: (row, row),
                    cols: (first, last),
                });
                e.rows = (e.rows.0.min(row), e.rows.1.max(row));
                e.cols = (e.cols.0.min(first), e.cols.1.max(last));
            }
            _ => {}
        }
    }
    close(&mut extent);
    Ok(total)
}

fn workbook_error(error: XlsError) -> SheetError {
    match error {
        XlsError::Password => SheetError::Encrypted {
            part: "the workbook".to_string(),
        },
        other => SheetError::Workbook {
            detail: other.to_string(),
        },
    }
}

/// Reads the visible worksheets of an `.xls`.
pub(super) fn read(
    bytes: &[u8],
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<Vec<RawSheet>, SheetError> {
    let stream = workbook_stream(bytes, limits)?;
    CellBudget::new(limits).spend(grid_positions(&stream)?)?;
    drop(stream);
    let mut workbook: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let metadata = workbook.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for (index, sheet) in metadata.into_iter().enumerate() {
        if !super::wanted(&sheet.name, sheet.typ, sheet.visible, warnings) {
            continue;
        }
        let range = workbook
            .worksheet_range(&sheet.name)
            .map_err(workbook_error)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let cells = range
            .used_cells()
            .filter_map(|(r, c, value)| {
                let text = cell_text(value);
                (!text.trim().is_empty()).then(|| RawCell {
                    row: top.saturating_add(r as u32),
                    col: left.saturating_add(c as u32),
                    text,
                })
            })
            .collect();
        let merges = workbook
            .merge_cells_by_sheet_name(&sheet.name)
            .map_err(workbook_error)?
            .into_iter()
            .map(|d| Merge {
                first_row: d.start.0,
                first_col: d.start.1,
                last_row: d.end.0,
                last_col: d.end.1,
            })
            .collect();
        sheets.push(RawSheet {
            position: u32::try_from(index + 1).unwrap_or(u32::MAX),
            name: sheet.name,
            cells,
            merges,
        });
    }
    Ok(sheets)
}

/// What a cell shows; numbers in their shortest form (the reader has no number formats).
fn cell_text(value: &Data) -> String {
    let shape = Shape::default();
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => number::format_int(*i, shape),
        Data::Float(f) => number::format_float(*f, shape),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            super::date_text(dt.is_datetime(), dt.as_f64(), || dt.to_ymd_hms_milli())
        }
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn sheet_extents_are_counted_from_the_cell_records() {
        let number = |row: u16, col: u16| {
            let mut data = row.to_le_bytes().to_vec();
            data.extend_from_slice(&col.to_le_bytes());
            data.extend_from_slice(&[0; 10]);
            record(0x0203, &data)
        };
        let mut stream = record(0x0809, &[0; 16]);
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(number(0, 0));
        stream.extend(number(65535, 255));
        stream.extend(record(0x000A, &[]));
        stream.extend(record(0x0809, &[0; 16]));
        stream.extend(number(3, 1));
        stream.extend(number(4, 2));
        stream.extend(record(0x000A, &[]));
        assert_eq!(grid_positions(&stream).unwrap(), 2 * (65536 * 256 + 4));
        // A record cut short counts nothing and does not panic.
        let cut = &stream[..stream.len() - 3];
        assert_eq!(grid_positions(cut).unwrap(), 2 * (65536 * 256 + 4));
        assert_eq!(grid_positions(&[0x03, 0x02, 0xFF]).unwrap(), 0);
        // Records the parser would read past their end.
        let merges = record(0x00E5, &[3, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let error = grid_positions(&[stream.clone(), merges].concat()).unwrap_err();
        assert!(error
            .to_string()
            .contains("malformed MergeCells record at byte"));
        let mul_rk = record(0x00BD, &[0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 4, 0]);
        assert!(grid_positions(&mul_rk).is_err());
    }
}
