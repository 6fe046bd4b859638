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

/// One BIFF record: its type, its data and its offset in the stream.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    at: usize,
}

/// The records from `start` on, read as `calamine` reads them: a record whose length runs past
/// the stream ends the walk (`calamine` stops there with an error).
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = Record<'_>> {
    let mut pos = start;
    std::iter::from_fn(move || {
        let header = stream.get(pos..pos.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = stream.get(pos + 4..pos + 4 + len)?;
        let at = pos;
        pos += 4 + len;
        Some(Record { kind, data, at })
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn malformed(what: &str, at: usize) -> SheetError {
    SheetError::Workbook {
        detail: format!("malformed {what} record at byte {at} of the workbook stream"),
    }
}

/// The grid positions `calamine` will allocate for the workbook, found by walking the stream
/// the way it does: the globals from the start to their EOF, where each `BoundSheet` gives the
/// offset of a sheet; then each sheet from its offset to its EOF (nested substreams skipped).
/// A sheet costs the box around its value and formula records twice (values and formulas get
/// a dense grid each) and the grid its `Dimensions` record claims (reserved up front).
///
/// Records `calamine` would index past their end, or whose figures would make it overflow, are
/// refused here with their offset: a `BoundSheet` too short or pointing past the stream, a
/// `MergeCells` listing more ranges than it holds, a `MulRk` whose last column precedes its
/// first, a `Dimensions` ending before it starts, the two-byte globals read unchecked.
fn grid_positions(stream: &[u8]) -> Result<u64, SheetError> {
    let mut sheets = Vec::new();
    for r in records(stream, 0) {
        match r.kind {
            0x000A => break,
            0x0085 => match u32_at(r.data, 0) {
                Some(pos) if r.data.len() >= 8 && (pos as usize) < stream.len() => {
                    sheets.push(pos as usize)
                }
                _ => return Err(malformed("BoundSheet", r.at)),
            },
            // FilePass, CodePage, DateMode: read as two bytes without a check.
            0x002F | 0x0042 | 0x0022 if r.data.len() < 2 => {
                return Err(malformed("workbook globals", r.at))
            }
            _ => {}
        }
    }
    let mut total = 0u64;
    for start in sheets {
        let mut extent: Option<((u16, u16), (u16, u16))> = None;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for r in records(stream, start) {
            if depth > 0 {
                match r.kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let (first, last) = match r.kind {
                0x0809 => {
                    if seen_bof {
                        depth += 1;
                    }
                    seen_bof = true;
                    continue;
                }
                0x000A => break,
                // Dimensions: rows first..last+1 (u32 in BIFF8), columns likewise (u16).
                0x0200 => {
                    let (rf, rl, cf, cl) = match r.data.len() {
                        10 => (
                            u16_at(r.data, 0).map(u32::from),
                            u16_at(r.data, 2).map(u32::from),
                            u16_at(r.data, 4),
                            u16_at(r.data, 6),
                        ),
                        14 | 16 => (
                            u32_at(r.data, 0),
                            u32_at(r.data, 4),
                            u16_at(r.data, 8),
                            u16_at(r.data, 10),
                        ),
                        _ => continue,
                    };
                    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
                        continue;
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf || cl - 1 < cf {
                            return Err(malformed("Dimensions", r.at));
                        }
                        let rows = u64::from(rl - 1 - rf) + 1;
                        let cols = u64::from(cl - 1 - cf) + 1;
                        total = total.saturating_add(rows.saturating_mul(cols));
                    }
                    continue;
                }
                0x00E5 => {
                    let count = u16_at(r.data, 0).map_or(usize::MAX, usize::from);
                    if r.data.len() < count.saturating_mul(8).saturating_add(2) {
                        return Err(malformed("MergeCells", r.at));
                    }
                    continue;
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell each.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    let col = u16_at(r.data, 2);
                    (col, col)
                }
                // MulRk: a run of cells in one row.
                0x00BD => {
                    let first = u16_at(r.data, 2);
                    let last = r
                        .data
                        .len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(r.data, at));
                    match (first, last) {
                        (Some(f), Some(l)) if l >= f => (Some(f), Some(l)),
                        _ if r.data.len() < 6 => continue,
                        _ => return Err(malformed("MulRk", r.at)),
                    }
                }
                _ => continue,
            };
            let (Some(row), Some(first), Some(last)) = (u16_at(r.data, 0), first, last) else {
                continue;
            };
            let e = extent.get_or_insert(((row, row), (first, last)));
            e.0 = (e.0 .0.min(row), e.0 .1.max(row));
            e.1 = (e.1 .0.min(first), e.1 .1.max(last));
        }
        if let Some(((top, bottom), (left, right))) = extent {
            let area = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
            total = total.saturating_add(area.saturating_mul(2));
        }
    }
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
        let merges = Merge::all(
            workbook
                .merge_cells_by_sheet_name(&sheet.name)
                .map_err(workbook_error)?,
        );
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

    /// A stream of a globals substream whose `BoundSheet`s point at the sheets that follow.
    fn workbook(sheets: &[Vec<u8>]) -> Vec<u8> {
        let bound_len = 4 + 8;
        let globals_len = 4 + 16 + sheets.len() * bound_len + 4;
        let mut out = record(0x0809, &[0; 16]);
        let mut at = globals_len;
        for sheet in sheets {
            let mut data = (at as u32).to_le_bytes().to_vec();
            data.extend_from_slice(&[0, 0, 1, 0]);
            out.extend(record(0x0085, &data));
            at += sheet.len();
        }
        out.extend(record(0x000A, &[]));
        for sheet in sheets {
            out.extend_from_slice(sheet);
        }
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    fn sheet(body: &[Vec<u8>]) -> Vec<u8> {
        let mut out = record(0x0809, &[0; 16]);
        for r in body {
            out.extend_from_slice(r);
        }
        out.extend(record(0x000A, &[]));
        out
    }

    #[test]
    fn sheet_extents_are_counted_where_the_workbook_says_its_sheets_are() {
        let corners = sheet(&[number(0, 0), number(65535, 255)]);
        let small = sheet(&[number(3, 1), number(4, 2)]);
        let stream = workbook(&[corners.clone(), small.clone()]);
        assert_eq!(grid_positions(&stream).unwrap(), 2 * (65536 * 256 + 4));
        // A nested substream's cells are not the sheet's.
        let nested = sheet(&[number(3, 1), sheet(&[number(60000, 200)]), number(4, 2)]);
        assert_eq!(grid_positions(&workbook(&[nested])).unwrap(), 2 * 4);
        // A cut stream counts what is there and does not panic.
        for cut in 0..stream.len() {
            let _ = grid_positions(&stream[..cut]);
        }
        // A Dimensions record claiming the whole sheet is charged for the grid it reserves.
        let mut claim = 0u32.to_le_bytes().to_vec();
        claim.extend_from_slice(&65536u32.to_le_bytes());
        claim.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
        let claimed = workbook(&[sheet(&[record(0x0200, &claim)])]);
        assert_eq!(grid_positions(&claimed).unwrap(), 65536 * 256);
    }

    #[test]
    fn records_the_parser_would_read_past_are_refused() {
        let merges = record(0x00E5, &[3, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let error = grid_positions(&workbook(&[sheet(&[merges])])).unwrap_err();
        assert!(error
            .to_string()
            .contains("malformed MergeCells record at byte"));
        let mul_rk = record(0x00BD, &[0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 4, 0]);
        assert!(grid_positions(&workbook(&[sheet(&[mul_rk])])).is_err());
        let mut dims = 5u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&3u32.to_le_bytes());
        // Rows 5 to 2, columns 0 to 1.
        dims.extend_from_slice(&[0, 0, 2, 0, 0, 0]);
        assert!(grid_positions(&workbook(&[sheet(&[record(0x0200, &dims)])])).is_err());
        // A BoundSheet pointing past the stream.
        let mut stream = workbook(&[sheet(&[])]);
        stream[24] = 0xFF;
        stream[25] = 0xFF;
        assert!(grid_positions(&stream).is_err());
    }
}
