//! `.xlsx`: the zip checked against the caps, then read with `calamine`'s streaming cell
//! reader (cells come one at a time, so no dense grid is built before the cell cap is checked).

use super::number::{self, Shape};
use super::{CellBudget, Merge, RawCell, RawSheet, SheetError};
use crate::read::docx::{count_central_headers, CapScope};
use crate::read::Limits;
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// Inflates every entry once, counting bytes against the caps, and checks the entry count:
/// what `calamine` will inflate later is then known to fit.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let central_headers = count_central_headers(bytes);
    if central_headers > limits.max_zip_entries {
        return Err(SheetError::TooManyEntries {
            entries: central_headers,
            limit: limits.max_zip_entries,
        });
    }
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::NotContainer {
            detail: e.to_string(),
        })?;
    if archive.len() > limits.max_zip_entries {
        return Err(SheetError::TooManyEntries {
            entries: archive.len(),
            limit: limits.max_zip_entries,
        });
    }
    let mut total = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let part = archive
            .name_for_index(index)
            .unwrap_or("(unnamed)")
            .to_string();
        let mut entry = archive
            .by_index(index)
            .map_err(|error| entry_error(part.clone(), error))?;
        let mut inflated = 0u64;
        loop {
            let n = entry
                .read(&mut buffer)
                .map_err(|e| SheetError::CorruptZip {
                    part: part.clone(),
                    detail: e.to_string(),
                })?;
            if n == 0 {
                break;
            }
            inflated += n as u64;
            total += n as u64;
            if inflated > limits.max_part_bytes {
                return Err(SheetError::TooLarge {
                    part,
                    limit: limits.max_part_bytes,
                    scope: CapScope::Part,
                });
            }
            if total > limits.max_inflated_bytes {
                return Err(SheetError::TooLarge {
                    part,
                    limit: limits.max_inflated_bytes,
                    scope: CapScope::File,
                });
            }
        }
    }
    Ok(())
}

fn entry_error(part: String, error: ZipError) -> SheetError {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            SheetError::Encrypted { part }
        }
        other => SheetError::CorruptZip {
            part,
            detail: other.to_string(),
        },
    }
}

fn workbook_error(error: XlsxError) -> SheetError {
    match error {
        XlsxError::Password => SheetError::Encrypted {
            part: "the workbook".to_string(),
        },
        other => SheetError::Workbook {
            detail: other.to_string(),
        },
    }
}

/// Reads the visible worksheets of an `.xlsx`.
pub(super) fn read(
    bytes: &[u8],
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<Vec<RawSheet>, SheetError> {
    check_zip(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let metadata = workbook.sheets_metadata().to_vec();
    let mut budget = CellBudget::new(limits);
    let mut sheets = Vec::new();
    for (index, sheet) in metadata.into_iter().enumerate() {
        if !super::wanted(&sheet.name, sheet.typ, sheet.visible, warnings) {
            continue;
        }
        let mut cells = Vec::new();
        {
            let mut reader = workbook
                .worksheet_cells_reader(&sheet.name)
                .map_err(workbook_error)?;
            let shapes: Vec<Shape> = reader
                .styles()
                .iter()
                .map(|style| {
                    style
                        .number_format
                        .as_ref()
                        .map(|f| number::shape(&f.format_code))
                        .unwrap_or_default()
                })
                .collect();
            while let Some((cell, style)) =
                reader.next_cell_with_style_id().map_err(workbook_error)?
            {
                let (row, col) = cell.get_position();
                let shape = shapes.get(style).copied().unwrap_or_default();
                let text = cell_text(cell.get_value(), shape);
                if text.trim().is_empty() {
                    continue;
                }
                budget.spend(1)?;
                cells.push(RawCell { row, col, text });
            }
        }
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

/// What a cell shows.
pub(super) fn cell_text(value: &DataRef<'_>, shape: Shape) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => number::format_int(*i, shape),
        DataRef::Float(f) => number::format_float(*f, shape),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => {
            super::date_text(dt.is_datetime(), dt.as_f64(), || dt.to_ymd_hms_milli())
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}
