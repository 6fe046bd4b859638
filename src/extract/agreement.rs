//! How far one reading of a table adds up by itself: its coded rows against the rows under
//! them, its 合计 against its 类 rows, and each row's columns against the column identities
//! (合计 = 基本 + 项目, …). A text layer can often be read in more than one way; the printed
//! sums are what tells the readings apart, the same evidence the checks later report.

use crate::extract::column_sums::{column_identities, ColumnIdentity};
use crate::extract::line_reading::cells::{is_code_label, is_placeholder};
use crate::extract::model::{ExtractedTable, LineItem};
use crate::money::{Amount, Unit};
use std::collections::BTreeSet;

/// Sums of a reading that hold and that fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    pub holds: usize,
    pub fails: usize,
}

impl Agreement {
    fn count(&mut self, holds: bool) {
        if holds {
            self.holds += 1;
        } else {
            self.fails += 1;
        }
    }

    /// Whether this reading adds up better than `other`: more of its sums hold than fail, by a
    /// wider margin.
    pub fn better_than(self, other: Agreement) -> bool {
        self.margin() > other.margin()
    }

    fn margin(self) -> i64 {
        self.holds as i64 - self.fails as i64
    }
}

fn slack(amount: Option<Amount>, unit: Unit) -> i64 {
    amount.map_or(0, |a| unit.half_unit_of_last_digit(a.decimals))
}

/// Whether `whole` equals the sum of `parts`, within what the printed rounding allows. `None`
/// when all of them are blank or zero: a sum of nothing says nothing about the reading.
fn sum_holds(whole: Option<Amount>, parts: &[Option<Amount>], unit: Unit) -> Option<bool> {
    let whole_fen = whole.map_or(0, |a| a.fen.0);
    let sum: i64 = parts.iter().flatten().map(|a| a.fen.0).sum();
    if whole_fen == 0 && parts.iter().flatten().all(|a| a.fen.0 == 0) {
        return None;
    }
    let tolerance = slack(whole, unit) + parts.iter().map(|a| slack(*a, unit)).sum::<i64>();
    Some((whole_fen - sum).abs() <= tolerance)
}

fn digits(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())
}

fn amount_keys(table: &ExtractedTable) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for key in table.rows.iter().flat_map(|r| r.values.keys()) {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    keys
}

fn identity_holds(
    identity: &ColumnIdentity,
    row: &LineItem,
    unit: Unit,
    agreement: &mut Agreement,
) {
    let whole = row.values.amount(&identity.whole);
    if whole.is_none_or(|a| a.fen.0 == 0) {
        return;
    }
    let parts: Vec<Option<Amount>> = identity
        .parts
        .iter()
        .map(|k| row.values.amount(k))
        .collect();
    if let Some(holds) = sum_holds(whole, &parts, unit) {
        agreement.count(holds);
    }
}

/// The agreement of one reading of `table`.
pub fn agreement(table: &ExtractedTable) -> Agreement {
    let unit = table.source_unit.unwrap_or(Unit::Yuan);
    let keys = amount_keys(table);
    let mut agreement = Agreement::default();
    let coded: Vec<(&str, &LineItem)> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_deref().filter(|c| digits(c)).map(|c| (c, r)))
        .collect();
    for (code, row) in &coded {
        let children: Vec<&LineItem> = coded
            .iter()
            .filter(|(c, _)| c.len() == code.len() + 2 && c.starts_with(code))
            .map(|(_, r)| *r)
            .collect();
        if children.is_empty() {
            continue;
        }
        for key in &keys {
            let parts: Vec<Option<Amount>> =
                children.iter().map(|r| r.values.amount(key)).collect();
            if let Some(holds) = sum_holds(row.values.amount(key), &parts, unit) {
                agreement.count(holds);
            }
        }
    }
    let classes: Vec<&LineItem> = coded
        .iter()
        .filter(|(c, _)| c.len() == 3)
        .map(|(_, r)| *r)
        .collect();
    if let Some(total) = table.rows.iter().find(|r| r.total && r.side.is_none()) {
        if !classes.is_empty() {
            for key in &keys {
                let parts: Vec<Option<Amount>> =
                    classes.iter().map(|r| r.values.amount(key)).collect();
                if let Some(holds) = sum_holds(total.values.amount(key), &parts, unit) {
                    agreement.count(holds);
                }
            }
        }
    }
    let key_set: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    let (identities, _) = column_identities(table, &key_set);
    for row in &table.rows {
        for identity in &identities {
            identity_holds(identity, row, unit, &mut agreement);
        }
    }
    agreement
}

fn is_bare_code(text: &str) -> bool {
    let t = text.trim();
    digits(t) && matches!(t.len(), 3 | 5 | 7)
}

/// A 款 or 项 part on its own (`03`): what a row's code is when its 类 was printed apart.
fn is_code_part(code: &str) -> bool {
    code.len() == 2 && digits(code)
}

/// Marks of a reading whose grid does not fit the page, one per row that shows one: a figure
/// in a column the header names as a code column (`类`, `款`, `项`, `科目编码`); a bare code as
/// a row's name or in a text column, where the row's code does not hold it (two lists side by
/// side read as one); a code part (`03`) as a row's code, or a coded row whose name went to
/// another column; a row of template filler (`…`) read as a row.
pub fn misfits(table: &ExtractedTable) -> usize {
    let code_columns: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| c.amount && c.label.split('/').any(is_code_label))
        .map(|c| c.key.as_str())
        .collect();
    table
        .rows
        .iter()
        .filter(|r| {
            code_columns.iter().any(|k| r.values.get(k).is_some())
                || (r.code.is_none() && is_bare_code(&r.name))
                || r.fields
                    .iter()
                    .any(|(key, text)| key != "unit_code" && is_bare_code(text))
                || r.code.as_deref().is_some_and(is_code_part)
                || (r.code.is_some() && r.name.trim().is_empty() && !r.fields.is_empty())
                || is_placeholder(&r.name)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::{Column, TableKind, Values};
    use crate::money::Fen;

    fn row(code: Option<&str>, name: &str, total: bool, figures: &[(&str, i64)]) -> LineItem {
        LineItem {
            code: code.map(str::to_string),
            name: name.to_string(),
            total,
            values: Values(
                figures
                    .iter()
                    .map(|(k, f)| {
                        let amount = Amount {
                            fen: Fen(*f),
                            decimals: 2,
                        };
                        (k.to_string(), Some(amount))
                    })
                    .collect(),
            ),
            ..LineItem::default()
        }
    }

    fn table(rows: Vec<LineItem>, columns: &[(&str, &str)]) -> ExtractedTable {
        ExtractedTable {
            kind: TableKind::Expenditure,
            scope: None,
            title: String::new(),
            source_unit: Some(Unit::Yuan),
            classification: None,
            block: 0,
            columns: columns
                .iter()
                .map(|(key, label)| Column {
                    key: key.to_string(),
                    label: label.to_string(),
                    amount: true,
                    side: None,
                    measure: None,
                    list: None,
                })
                .collect(),
            rows,
        }
    }

    #[test]
    fn sums_of_a_reading_and_its_misfits() {
        let columns = [
            ("total", "合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
        ];
        let right = table(
            vec![
                row(
                    None,
                    "合计",
                    true,
                    &[("total", 300), ("basic", 100), ("project", 200)],
                ),
                row(
                    Some("205"),
                    "教育支出",
                    false,
                    &[("total", 300), ("basic", 100), ("project", 200)],
                ),
                row(
                    Some("20503"),
                    "职业教育",
                    false,
                    &[("total", 300), ("basic", 100), ("project", 200)],
                ),
            ],
            &columns,
        );
        let a = agreement(&right);
        assert_eq!(a, Agreement { holds: 9, fails: 0 });
        assert_eq!(misfits(&right), 0);
        // The same figures with the 款 row's 基本支出 lost: its parent, the 合计 and its own
        // columns no longer agree.
        let mut wrong = right.clone();
        wrong.rows[2].values.0[1].1 = None;
        let w = agreement(&wrong);
        assert!(w.fails >= 2, "{w:?}");
        assert!(a.better_than(w) && !w.better_than(a));
        // A code read as a figure of the 类 column, and a row named by a bare code.
        let misread = table(
            vec![
                row(None, "", false, &[("lei", 20_500), ("total", 300)]),
                row(None, "20503", false, &[("total", 300)]),
            ],
            &[("lei", "类"), ("total", "合计")],
        );
        assert_eq!(misfits(&misread), 2);
        // 类 printed apart: a row coded by its 款 part alone, and a coded row whose name went to
        // another column.
        let mut part = row(Some("03"), "职业教育", false, &[("total", 300)]);
        let mut unnamed = row(Some("205"), "", false, &[("total", 300)]);
        unnamed
            .fields
            .push(("column_4".to_string(), "教育支出".to_string()));
        part.fields.clear();
        let misread = table(vec![part, unnamed], &[("total", "合计")]);
        assert_eq!(misfits(&misread), 2);
    }
}
