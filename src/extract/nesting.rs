//! Hierarchy of uncoded lists, read back from their sums. Two-sided summary tables list the
//! functions of an expenditure side without codes: `一、一般公共服务支出`, then its 款 and
//! their 项, told apart on the page only by indentation, which a text layer does not keep.
//! Printed lists add up, so a run of rows that sums to the row above it is that row's
//! children: they get a deeper `level`, and a check that adds a section's items adds only the
//! top ones.

use crate::extract::model::{LineItem, Side};
use crate::extract::title::{is_chinese_numbered, squeeze};
use crate::money::Unit;

/// Deepest level given: a section's items are 2, their children 3, grandchildren 4.
const DEEPEST: u8 = 4;

/// The one figure a row is read by here: its first amount.
fn figure(item: &LineItem) -> Option<(i64, u32)> {
    item.values
        .0
        .iter()
        .find_map(|(_, a)| *a)
        .map(|a| (a.fen.0, a.decimals))
}

/// Where the children of the row at `parent` end (exclusive), when the rows after it, each
/// taken with its own children, add up to it; `None` when they do not.
fn children_end(items: &[&LineItem], parent: usize, unit: Unit, depth: u8) -> Option<usize> {
    let (target, decimals) = figure(items[parent])?;
    if target == 0 || depth >= DEEPEST {
        return None;
    }
    let mut sum: i64 = 0;
    let mut at = parent + 1;
    let mut count = 0_i64;
    while at < items.len() {
        let (value, _) = figure(items[at])?;
        sum = sum.saturating_add(value);
        count += 1;
        let end = children_end(items, at, unit, depth + 1).unwrap_or(at + 1);
        at = end;
        let tolerance = count.saturating_mul(unit.half_unit_of_last_digit(decimals));
        if sum.abs_diff(target) <= tolerance.unsigned_abs() {
            return Some(at);
        }
        if sum > target.saturating_add(tolerance) {
            return None;
        }
    }
    None
}

/// Gives the rows of `items` their levels, from `level` down.
fn assign(items: &[&LineItem], unit: Unit, level: u8, levels: &mut Vec<(usize, Option<Side>, u8)>) {
    let mut at = 0;
    while at < items.len() {
        levels.push((items[at].row, items[at].side, level));
        match children_end(items, at, unit, level) {
            Some(end) if end > at + 1 => {
                assign(&items[at + 1..end], unit, level + 1, levels);
                at = end;
            }
            _ => at += 1,
        }
    }
}

/// Marks the nested rows of each numbered section of each side of a two-sided table whose rows
/// carry no codes. Rows keep their order; only `level` changes, and only for rows nested
/// under another item (the top items keep no level, as before).
pub fn nest_uncoded_sections(rows: &mut [LineItem], unit: Unit) {
    if rows.iter().any(|r| r.code.is_some()) {
        return;
    }
    let mut levels: Vec<(usize, Option<Side>, u8)> = Vec::new();
    for side in [Side::Revenue, Side::Expenditure] {
        let mut section: Vec<&LineItem> = Vec::new();
        let flush = |section: &mut Vec<&LineItem>, levels: &mut Vec<(usize, Option<Side>, u8)>| {
            assign(section, unit, 2, levels);
            section.clear();
        };
        for row in rows.iter().filter(|r| r.side == Some(side)) {
            let name = squeeze(&row.name);
            if row.total || is_chinese_numbered(&name) {
                flush(&mut section, &mut levels);
            } else if !name.starts_with("其中") && figure(row).is_some() {
                section.push(row);
            }
        }
        flush(&mut section, &mut levels);
    }
    for (row, side, level) in levels {
        if level <= 2 {
            continue;
        }
        // Both sides of a printed line share its row number.
        for item in rows.iter_mut().filter(|r| r.row == row && r.side == side) {
            item.level = Some(level);
        }
    }
}

/// Marks the nested rows of a one-sided table whose rows carry no codes (a procurement table's
/// 品目 → unit → item rows, say): a run of rows adding up to the row above is its children and
/// gets level 2 and deeper; the top rows keep no level.
pub fn nest_uncoded_rows(rows: &mut [LineItem], unit: Unit) {
    if rows.iter().any(|r| r.code.is_some() || r.side.is_some()) {
        return;
    }
    let mut levels: Vec<(usize, Option<Side>, u8)> = Vec::new();
    let listed: Vec<&LineItem> = rows
        .iter()
        .filter(|r| !r.total && !squeeze(&r.name).starts_with("其中") && figure(r).is_some())
        .collect();
    assign(&listed, unit, 1, &mut levels);
    for (row, _, level) in levels {
        if level < 2 {
            continue;
        }
        for item in rows.iter_mut().filter(|r| r.row == row) {
            item.level = Some(level);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Values;
    use crate::money::{Amount, Fen};

    fn row(at: usize, name: &str, fen: i64) -> LineItem {
        LineItem {
            row: at,
            side: Some(Side::Expenditure),
            name: name.to_string(),
            values: Values(vec![(
                "budget".to_string(),
                Some(Amount {
                    fen: Fen(fen),
                    decimals: 2,
                }),
            )]),
            ..LineItem::default()
        }
    }

    #[test]
    fn a_run_adding_up_to_the_row_above_is_its_children() {
        // 万元 with two decimals: 6,960.90 = 5,466.52 + 919.44 + 490.15 + 64.80 + 20.00 (+0.01
        // of rounding).
        let mut rows = vec![
            row(0, "一、一般公共服务支出", 6_960_900_000),
            row(1, "审计事务", 6_960_900_000),
            row(2, "行政运行", 5_466_520_000),
            row(3, "一般行政管理事务", 919_440_000),
            row(4, "审计业务", 490_150_000),
            row(5, "审计管理", 64_800_000),
            row(6, "信息化建设", 20_000_000),
            row(7, "二、教育支出", 46_050_000),
            row(8, "进修及培训", 46_050_000),
            row(9, "培训支出", 46_050_000),
        ];
        nest_uncoded_sections(&mut rows, Unit::TenThousandYuan);
        let levels: Vec<Option<u8>> = rows.iter().map(|r| r.level).collect();
        assert_eq!(
            levels,
            vec![
                None,
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                None,
                None,
                Some(3)
            ]
        );
    }

    #[test]
    fn siblings_that_do_not_add_up_stay_siblings() {
        let mut rows = vec![
            row(0, "一、财政拨款", 30_000),
            row(1, "一般公共预算拨款", 10_000),
            row(2, "政府性基金预算拨款", 20_000),
        ];
        nest_uncoded_sections(&mut rows, Unit::Yuan);
        assert!(rows.iter().all(|r| r.level.is_none()));
    }

    #[test]
    fn a_one_sided_list_nests_its_parts_under_the_row_they_add_up_to() {
        // 服务 225.52 = the unit's 225.52 = 154.42 + 71.10 (a procurement table: 品目, unit,
        // items), then a second 品目 on its own.
        let mut rows = vec![
            row(0, "服务", 2_255_200),
            row(1, "某局（本级）", 2_255_200),
            row(2, "物业管理费", 1_544_200),
            row(3, "物业管理费", 711_000),
            row(4, "货物", 300_000),
        ];
        for r in rows.iter_mut() {
            r.side = None;
        }
        nest_uncoded_rows(&mut rows, Unit::TenThousandYuan);
        let levels: Vec<Option<u8>> = rows.iter().map(|r| r.level).collect();
        assert_eq!(levels, vec![None, Some(2), Some(3), Some(3), None]);
    }
}
