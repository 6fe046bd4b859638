//! Tables read two ways, and the reading that holds together kept. A text layer gives a table
//! as a grid of cells aligned under its header; most tables read right that way. Some layouts
//! defeat the grid: code parts (`类 款 项`) printed apart at shifting positions, rows printed
//! over several lines, two lists side by side, headers set beside the figures they head. For
//! coded tables, a second reading takes the page line by line ([`layout`]): each line's code,
//! name and figures, put back together into rows by their codes ([`assemble`]).
//!
//! Which reading a table gets is decided by the table, whatever the document's kind: the
//! line-by-line reading replaces the aligned one when the aligned one shows the marks of a
//! grid that does not fit (codes or labels where figures go, more of its own sums failing than
//! holding) and the line-by-line reading adds up at least as well ([`crate::extract::agreement`]).
//!
//! The two-sided summary tables get one more repair on either reading: labels a narrow cell
//! wrapped over two rows are joined when together they make a row the summary tables print
//! ([`two_sided`]).

mod assemble;
pub(crate) mod cells;
mod layout;
mod names;
mod two_sided;

use crate::document::Table;
use crate::extract::agreement::{agreement, misfits};
use crate::extract::model::{ExtractedTable, TableKind, Warning};
use crate::extract::rows;
use crate::money::Unit;

/// Tables printed as one list of coded rows.
fn is_coded_list(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::Revenue
            | TableKind::Expenditure
            | TableKind::GeneralBudgetExpenditure
            | TableKind::AppropriationExpenditure
            | TableKind::GovernmentFundExpenditure
            | TableKind::StateCapitalExpenditure
            | TableKind::ProjectExpenditure
    )
}

/// One reading of a table, with the warnings it raised.
struct Reading {
    table: ExtractedTable,
    warnings: Vec<Warning>,
}

impl Reading {
    /// Marks of a grid that does not fit the page: codes, words or filler where they do not go
    /// ([`misfits`]), and cells of amount columns that hold words.
    fn misfits(&self) -> usize {
        let words_as_figures = self
            .warnings
            .iter()
            .filter(|w| w.code == "unparsed_amount")
            .count();
        misfits(&self.table) + words_as_figures
    }
}

/// Whether the line-by-line reading of a table is the one to keep: it fits the page with fewer
/// misfits than the aligned reading, or more of the aligned reading's own sums fail than hold;
/// and it adds up at least as well.
fn line_reading_is_better(aligned: &Reading, lines: &Reading) -> bool {
    let (a, l) = (agreement(&aligned.table), agreement(&lines.table));
    (lines.misfits() < aligned.misfits() && l.fails <= a.fails)
        || (a.fails > a.holds && l.better_than(a))
}

/// Whether the aligned reading shows any mark of a grid that does not fit: only then can the
/// line-by-line reading replace it, so only then is it worth making.
fn may_not_fit(aligned: &Reading) -> bool {
    let a = agreement(&aligned.table);
    aligned.misfits() > 0 || a.fails > a.holds
}

/// The table read line by line, when its kind prints coded rows and its layout can be read so.
fn read_by_lines(
    table: &Table,
    block: usize,
    kind: TableKind,
    title: &str,
    declared_unit: Option<Unit>,
    inherited_unit: Option<Unit>,
) -> Option<Reading> {
    let regrouped = match kind {
        TableKind::GeneralBudgetBasicExpenditure | TableKind::AppropriationBasicExpenditure => {
            layout::side_by_side(table).or_else(|| layout::coded_list(table))
        }
        k if is_coded_list(k) => layout::coded_list(table),
        _ => None,
    }?;
    let mut warnings = Vec::new();
    let mut extracted = rows::extract_table(
        &regrouped.table,
        block,
        kind,
        title.to_string(),
        declared_unit,
        inherited_unit,
        &mut warnings,
    );
    for item in extracted.rows.iter_mut() {
        let at = item.row;
        if let Some(group) = regrouped.groups.get(at).copied().flatten() {
            item.fields.push(("group".to_string(), group.to_string()));
        }
        if let Some((row, raw)) = regrouped.sources.get(at) {
            item.row = *row;
            item.raw = raw.clone();
        }
    }
    if regrouped.stray > 0 {
        warnings.push(Warning {
            code: "stray_amounts",
            message: format!(
                "{} figure(s) of the table could not be placed in a row; they are kept as rows of their own or left out",
                regrouped.stray
            ),
            block: Some(block),
        });
    }
    if regrouped.placeholders > 0 {
        warnings.push(Warning {
            code: "placeholder",
            message: format!(
                "the table holds {} cell(s) of template filler (…) where rows belong",
                regrouped.placeholders
            ),
            block: Some(block),
        });
    }
    Some(Reading {
        table: extracted,
        warnings,
    })
}

/// Normalizes one table: rows, codes, names, keys and amounts, from whichever reading of its
/// layout holds together.
pub fn extract_table(
    table: &Table,
    block: usize,
    kind: TableKind,
    title: String,
    declared_unit: Option<Unit>,
    inherited_unit: Option<Unit>,
    warnings: &mut Vec<Warning>,
) -> ExtractedTable {
    let mut aligned_warnings = Vec::new();
    let aligned = Reading {
        table: rows::extract_table(
            table,
            block,
            kind,
            title.clone(),
            declared_unit,
            inherited_unit,
            &mut aligned_warnings,
        ),
        warnings: aligned_warnings,
    };
    let by_lines = if may_not_fit(&aligned) {
        read_by_lines(table, block, kind, &title, declared_unit, inherited_unit)
    } else {
        None
    };
    let chosen = match by_lines {
        Some(lines) if line_reading_is_better(&aligned, &lines) => lines,
        _ => aligned,
    };
    warnings.extend(chosen.warnings);
    let mut extracted = chosen.table;
    if kind.is_two_sided() {
        let stray = two_sided::repair(&mut extracted);
        if stray > 0 {
            warnings.push(Warning {
                code: "stray_amounts",
                message: format!("{stray} figure(s) of the table found no row label"),
                block: Some(block),
            });
        }
    }
    extracted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;

    type Reader = fn(
        &Table,
        usize,
        TableKind,
        String,
        Option<Unit>,
        Option<Unit>,
        &mut Vec<Warning>,
    ) -> ExtractedTable;

    fn read(rows: &[&[&str]], reader: Reader) -> ExtractedTable {
        let mut warnings = Vec::new();
        reader(
            &Table::of_texts(rows),
            0,
            TableKind::Expenditure,
            "部门支出总表".to_string(),
            Some(Unit::TenThousandYuan),
            None,
            &mut warnings,
        )
    }

    fn coded(table: &ExtractedTable) -> Vec<(String, String, Option<Fen>)> {
        table
            .rows
            .iter()
            .map(|r| {
                (
                    r.code.clone().unwrap_or_default(),
                    r.name.clone(),
                    r.values.get("total"),
                )
            })
            .collect()
    }

    #[test]
    fn a_grid_that_does_not_fit_is_read_line_by_line() {
        // Code parts apart and labels left of their figures: read as a grid, the codes become
        // figures of the 类/款/项 columns and the names are lost.
        let table = read(layout::tests::CHANGSHA, extract_table);
        let total = Some(Fen(656_730_000));
        assert_eq!(
            coded(&table),
            [
                (String::new(), "合计".to_string(), total),
                ("205".to_string(), "教育支出".to_string(), total),
                ("20503".to_string(), "职业教育".to_string(), total),
                ("2050399".to_string(), "其他职业教育支出".to_string(), total),
            ]
        );
        assert_eq!(table.rows[3].values.get("project"), Some(Fen(270_000_000)));
    }

    #[test]
    fn a_grid_that_fits_keeps_its_reading() {
        let rows: &[&[&str]] = &[
            &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            &["", "合计", "656.73", "386.73", "270.00"],
            &["205", "教育支出", "656.73", "386.73", "270.00"],
            &["20503", "职业教育", "656.73", "386.73", "270.00"],
            &["2050399", "其他职业教育支出", "656.73", "386.73", "270.00"],
        ];
        let table = read(rows, extract_table);
        assert_eq!(table, read(rows, rows::extract_table));
        assert_eq!(coded(&table)[3].0, "2050399");
    }
}
