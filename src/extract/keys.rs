//! The keys that identify each amount of a table, made unique once the table is extracted.
//!
//! Rules, applied in this order:
//!
//! 1. **Lists side by side.** A table printed as several lists side by side (the two-sided
//!    summary tables; a final-accounts 基本支出 table with 人员经费 items left and 公用经费 items
//!    right) gives each row the `list` it came from, numbered from 0 left to right, because rows
//!    of two lists share a row index. Rows the reader marked with a `group` field get the list
//!    of their group, in the order the groups first appear.
//! 2. **Column keys.** Within a table, a column is identified by its `side` (revenue or
//!    expenditure, on two-sided tables) and its `key`: `budget` on the revenue side and `budget`
//!    on the expenditure side are two different columns. A key repeated on the same side gets
//!    `_2`, `_3`, … in column order (the first keeps its key; a suffix already taken is
//!    skipped).
//! 3. **Row values.** A row's values follow their columns: the n-th value keyed `k` of a row
//!    is the n-th column keyed `k` among the columns of the row's side and list, and takes that
//!    column's new key. A key still repeated within one row gets the same suffixes.

use crate::extract::model::{Column, ExtractedTable, LineItem, Side};
use std::collections::HashSet;

/// Makes the table's keys unique by the rules of this module.
pub fn make_unique(table: &mut ExtractedTable) {
    lists_from_groups(&mut table.rows);
    let original: Vec<String> = table.columns.iter().map(|c| c.key.clone()).collect();
    if !rename_columns(&mut table.columns) {
        return;
    }
    for row in table.rows.iter_mut() {
        rekey_values(row, &table.columns, &original);
    }
}

/// Rule 1 for rows that carry the list they came from as a `group` field.
fn lists_from_groups(rows: &mut [LineItem]) {
    let mut groups: Vec<String> = Vec::new();
    for row in rows.iter_mut().filter(|r| r.list.is_none()) {
        let Some(group) = row
            .fields
            .iter()
            .find(|(k, _)| k == "group")
            .map(|(_, v)| v)
        else {
            continue;
        };
        let list = match groups.iter().position(|g| g == group) {
            Some(at) => at,
            None => {
                groups.push(group.clone());
                groups.len() - 1
            }
        };
        row.list = Some(list);
    }
}

/// `key`, or `key_2`, `key_3`, … whichever is not yet in `taken` on `side`.
fn free_key(key: &str, side: Option<Side>, taken: &HashSet<(Option<Side>, String)>) -> String {
    if !taken.contains(&(side, key.to_string())) {
        return key.to_string();
    }
    (2..)
        .map(|n| format!("{key}_{n}"))
        .find(|k| !taken.contains(&(side, k.clone())))
        .unwrap_or_default()
}

/// Rule 2. Returns whether any key changed.
fn rename_columns(columns: &mut [Column]) -> bool {
    // Keys as printed are reserved first, so that a suffix never takes a later column's key.
    let printed: HashSet<(Option<Side>, String)> =
        columns.iter().map(|c| (c.side, c.key.clone())).collect();
    let mut taken: HashSet<(Option<Side>, String)> = HashSet::new();
    let mut changed = false;
    for column in columns.iter_mut() {
        let mut key = free_key(&column.key, column.side, &taken);
        if key != column.key {
            let mut reserved = taken.clone();
            reserved.extend(printed.iter().cloned());
            key = free_key(&column.key, column.side, &reserved);
            column.key = key.clone();
            changed = true;
        }
        taken.insert((column.side, key));
    }
    changed
}

fn applies(column: &Column, row: &LineItem) -> bool {
    let side = column.side.is_none() || row.side.is_none() || column.side == row.side;
    let list = column.list.is_none() || row.list.is_none() || column.list == row.list;
    side && list
}

/// Rule 3: `original` holds the columns' keys before [`rename_columns`].
fn rekey_values(row: &mut LineItem, columns: &[Column], original: &[String]) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut keys: Vec<String> = Vec::with_capacity(row.values.0.len());
    for (key, _) in &row.values.0 {
        let nth = match seen.iter_mut().find(|(k, _)| k == key) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((key.clone(), 0));
                0
            }
        };
        let mut matching = columns
            .iter()
            .zip(original)
            .filter(|(c, old)| *old == key && applies(c, row));
        let new = matching
            .nth(nth)
            .map(|(c, _)| c.key.clone())
            .unwrap_or_else(|| key.clone());
        keys.push(new);
    }
    for ((key, _), new) in row.values.0.iter_mut().zip(keys) {
        let taken: HashSet<(Option<Side>, String)> =
            used.iter().map(|k| (None, k.clone())).collect();
        let new = free_key(&new, None, &taken);
        used.insert(new.clone());
        *key = new;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::{TableKind, Values};
    use crate::money::{Amount, Fen};

    fn column(key: &str, side: Option<Side>, list: Option<usize>) -> Column {
        Column {
            key: key.to_string(),
            label: key.to_string(),
            amount: true,
            side,
            measure: None,
            list,
        }
    }

    fn values(pairs: &[(&str, i64)]) -> Values {
        Values(
            pairs
                .iter()
                .map(|(k, f)| {
                    (
                        k.to_string(),
                        Some(Amount {
                            fen: Fen(*f),
                            decimals: 2,
                        }),
                    )
                })
                .collect(),
        )
    }

    fn table(columns: Vec<Column>, rows: Vec<LineItem>) -> ExtractedTable {
        ExtractedTable {
            kind: TableKind::RevenueExpenditureSummary,
            title: String::new(),
            source_unit: None,
            classification: None,
            scope: None,
            block: 0,
            columns,
            rows,
        }
    }

    #[test]
    fn a_second_expenditure_list_gets_its_own_amount_key() {
        let rev = Some(Side::Revenue);
        let exp = Some(Side::Expenditure);
        let row = |list: usize, side, v: i64| LineItem {
            row: 2,
            side,
            list: Some(list),
            values: values(&[("amount", v)]),
            ..LineItem::default()
        };
        let mut t = table(
            vec![
                column("amount", rev, Some(0)),
                column("amount", exp, Some(1)),
                column("amount", exp, Some(2)),
            ],
            vec![row(0, rev, 1), row(1, exp, 2), row(2, exp, 3)],
        );
        make_unique(&mut t);
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["amount", "amount", "amount_2"]);
        assert_eq!(t.rows[0].values.get("amount"), Some(Fen(1)));
        assert_eq!(t.rows[1].values.get("amount"), Some(Fen(2)));
        assert_eq!(t.rows[2].values.get("amount_2"), Some(Fen(3)));
        assert!(!t.rows[2].values.has_key("amount"));
    }

    #[test]
    fn repeated_keys_in_one_list_follow_column_order_and_skip_taken_suffixes() {
        let mut t = table(
            vec![
                column("total", None, None),
                column("total", None, None),
                column("total_2", None, None),
            ],
            vec![LineItem {
                values: values(&[("total", 1), ("total", 2), ("total_2", 3)]),
                ..LineItem::default()
            }],
        );
        make_unique(&mut t);
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["total", "total_3", "total_2"]);
        let row = &t.rows[0].values;
        assert_eq!(row.get("total"), Some(Fen(1)));
        assert_eq!(row.get("total_3"), Some(Fen(2)));
        assert_eq!(row.get("total_2"), Some(Fen(3)));
    }

    #[test]
    fn groups_become_lists_in_order_of_appearance() {
        let grouped = |group: &str| LineItem {
            row: 4,
            fields: vec![("group".to_string(), group.to_string())],
            values: values(&[("total", 1)]),
            ..LineItem::default()
        };
        let mut t = table(
            vec![column("total", None, None)],
            vec![
                grouped("personnel"),
                grouped("public"),
                grouped("personnel"),
            ],
        );
        make_unique(&mut t);
        let lists: Vec<Option<usize>> = t.rows.iter().map(|r| r.list).collect();
        assert_eq!(lists, [Some(0), Some(1), Some(0)]);
        assert_eq!(t.columns[0].key, "total");
    }
}
