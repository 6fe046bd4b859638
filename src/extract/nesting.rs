//! Hierarchy of uncoded lists, read back from their sums. Two-sided summary tables list the
//! functions of an expenditure side without codes: `一、一般公共服务支出`, then its 款 and
//! their 项, told apart on the page only by indentation, which a text layer does not keep.
//! Printed lists add up, so a run of rows that sums to the row above it is that row's
//! children: they get a deeper `level`, and a check that adds a section's items adds only the
//! top ones. Rows of equal figures fit more than one way (a row may be the parent or the
//! sibling of the row after it), so the first way that fits each row stands only where the
//! list then adds up to the figure printed above it (its 合计, a section's numbered row); else
//! the other ways are searched.

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

/// Gives the rows of `items` their levels, from `level` down, each row nested by the first run
/// that adds up to it (`children_end`).
fn assign_first_fit(
    items: &[&LineItem],
    unit: Unit,
    level: u8,
    levels: &mut Vec<(usize, Option<Side>, u8)>,
) {
    let mut at = 0;
    while at < items.len() {
        levels.push((items[at].row, items[at].side, level));
        match children_end(items, at, unit, level) {
            Some(end) if end > at + 1 => {
                assign_first_fit(&items[at + 1..end], unit, level + 1, levels);
                at = end;
            }
            _ => at += 1,
        }
    }
}

/// Most rows the search for a list's nesting places, counting every row placed again after a
/// step back: lists of equal figures could make it try every way of nesting them; past this,
/// the list keeps its first-fit nesting.
const SEARCH_STEPS: usize = 100_000;

/// A row whose children are being read: the figure they must add up to (none for a list's top
/// rows when nothing is printed above them), what each child may add in rounding, their sum and
/// count so far, and the level they get.
#[derive(Clone, Copy)]
struct Open {
    target: Option<i64>,
    per_row: i64,
    sum: i64,
    count: i64,
    level: u8,
}

impl Open {
    fn adds_up(&self) -> bool {
        self.target.is_none_or(|target| {
            self.sum.abs_diff(target) <= self.count.saturating_mul(self.per_row).unsigned_abs()
        })
    }

    fn past(&self) -> bool {
        self.target.is_some_and(|target| {
            self.sum > target.saturating_add(self.count.saturating_mul(self.per_row))
        })
    }
}

/// One row placed: the rows still open before it, and whether it was placed as the parent of the
/// rows after it, the other way being still to try.
struct Placed {
    open: Vec<Open>,
    parent: bool,
    other_tried: bool,
}

/// The level of each row of `items`, nested so that every parent adds up to its children and
/// the top rows to `total` (figure and decimals of the row printed above the list, when there is
/// one). A row equal to the rows after it may be their parent or their sibling (three 维修费 of
/// 7.30 under a unit of 23.30); each row is first given the way the first fit gives it
/// (`children_end`), so where the first fit adds up all the way to `total` it is the answer, and
/// a row is given its other way only when the rows above it no longer add up. `None` when no way
/// adds up within `budget` rows placed.
fn search(
    items: &[&LineItem],
    unit: Unit,
    level: u8,
    total: Option<(i64, u32)>,
    budget: usize,
) -> Option<Vec<u8>> {
    let figures: Vec<i64> = items
        .iter()
        .map(|item| figure(item).map(|(value, _)| value))
        .collect::<Option<_>>()?;
    let per_row = |decimals: u32| unit.half_unit_of_last_digit(decimals);
    let mut first_fit: Vec<[Option<bool>; DEEPEST as usize + 1]> =
        vec![[None; DEEPEST as usize + 1]; items.len()];
    let mut first_fit_nests = |at: usize, level: u8| -> bool {
        let slot = &mut first_fit[at][usize::from(level.min(DEEPEST))];
        *slot.get_or_insert_with(|| children_end(items, at, unit, level).is_some())
    };
    let mut open = vec![Open {
        target: total.map(|(value, _)| value),
        per_row: total.map_or(0, |(_, decimals)| per_row(decimals)),
        sum: 0,
        count: 0,
        level,
    }];
    let mut placed: Vec<Placed> = Vec::with_capacity(items.len());
    let mut levels: Vec<u8> = Vec::with_capacity(items.len());
    let mut steps = 0_usize;
    // Whether to place the next row (else step back to the last row with a way left).
    let mut forward = true;
    loop {
        if forward {
            let at = placed.len();
            if at == items.len() {
                if open.len() == 1 && open.iter().all(Open::adds_up) {
                    return Some(levels);
                }
                forward = false;
                continue;
            }
            let row_level = open.last().map_or(level, |o| o.level);
            let parent = first_fit_nests(at, row_level);
            placed.push(Placed {
                open: open.clone(),
                parent,
                other_tried: false,
            });
        } else {
            loop {
                let last = placed.last_mut()?;
                if !last.other_tried {
                    last.other_tried = true;
                    last.parent = !last.parent;
                    open.clone_from(&last.open);
                    break;
                }
                placed.pop();
            }
        }
        steps += 1;
        if steps > budget {
            return None;
        }
        let at = placed.len() - 1;
        let parent = placed[at].parent;
        levels.truncate(at);
        levels.push(open.last().map_or(level, |o| o.level));
        forward = place(&mut open, figures[at], parent, || {
            figure(items[at]).map_or(0, |(_, decimals)| per_row(decimals))
        });
    }
}

/// Places a row of figure `value` under the innermost open row, as the parent of the rows after
/// it or not; closes each open row it completes. False when that cannot add up.
fn place(open: &mut Vec<Open>, value: i64, parent: bool, per_row: impl Fn() -> i64) -> bool {
    let Some(top) = open.last_mut() else {
        return false;
    };
    top.sum = top.sum.saturating_add(value);
    top.count += 1;
    if top.past() {
        return false;
    }
    let level = top.level;
    if parent {
        if value == 0 || level >= DEEPEST {
            return false;
        }
        open.push(Open {
            target: Some(value),
            per_row: per_row(),
            sum: 0,
            count: 0,
            level: level + 1,
        });
        return true;
    }
    while open.len() > 1 && open.last().is_some_and(Open::adds_up) {
        open.pop();
    }
    true
}

/// Gives the rows of `items` their levels, from `level` down: nested so that the top rows add
/// up to `total` where a way does, else by first fit.
fn assign(
    items: &[&LineItem],
    unit: Unit,
    level: u8,
    total: Option<(i64, u32)>,
    levels: &mut Vec<(usize, Option<Side>, u8)>,
) {
    match search(items, unit, level, total, SEARCH_STEPS) {
        Some(found) => levels.extend(
            items
                .iter()
                .zip(found)
                .map(|(item, level)| (item.row, item.side, level)),
        ),
        None => assign_first_fit(items, unit, level, levels),
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
        // The figure of the numbered row the section's items add up to.
        let mut heading: Option<(i64, u32)> = None;
        let flush = |section: &mut Vec<&LineItem>,
                     heading: Option<(i64, u32)>,
                     levels: &mut Vec<(usize, Option<Side>, u8)>| {
            assign(section, unit, 2, heading, levels);
            section.clear();
        };
        for row in rows.iter().filter(|r| r.side == Some(side)) {
            let name = squeeze(&row.name);
            if row.total || is_chinese_numbered(&name) {
                flush(&mut section, heading, &mut levels);
                heading = if row.total { None } else { figure(row) };
            } else if !name.starts_with("其中") && figure(row).is_some() {
                section.push(row);
            }
        }
        flush(&mut section, heading, &mut levels);
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

/// The first column, in the order the rows print them, in which every row that prints a
/// figure prints one.
fn steady_column(rows: &[LineItem]) -> Option<String> {
    let with_figures: Vec<&LineItem> = rows.iter().filter(|r| figure(r).is_some()).collect();
    let first = with_figures.first()?;
    first
        .values
        .0
        .iter()
        .map(|(key, _)| key)
        .find(|key| {
            with_figures
                .iter()
                .all(|r| r.values.0.iter().any(|(k, v)| k == *key && v.is_some()))
        })
        .cloned()
}

/// Marks the nested rows of a one-sided table whose rows carry no codes (a procurement table's
/// 品目 → unit → item rows, say): a run of rows adding up to the row above is its children and
/// gets level 2 and deeper; the top rows keep no level.
pub fn nest_uncoded_rows(rows: &mut [LineItem], unit: Unit) {
    if rows.iter().any(|r| r.code.is_some() || r.side.is_some()) {
        return;
    }
    // Rows are read by one column, the first every row with a figure prints: a row's first
    // figure may stand in another column than its parent's (a procurement item paid from
    // 上年结转 alone, under a unit whose first figure is its 政府性基金).
    let projected: Vec<LineItem>;
    let read: &[LineItem] = match steady_column(rows) {
        Some(key) => {
            projected = rows
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.values.0.retain(|(k, _)| *k == key);
                    r
                })
                .collect();
            &projected
        }
        None => rows,
    };
    let mut levels: Vec<(usize, Option<Side>, u8)> = Vec::new();
    let listed: Vec<&LineItem> = read
        .iter()
        .filter(|r| !r.total && !squeeze(&r.name).starts_with("其中") && figure(r).is_some())
        .collect();
    // The list's top rows add up to its total, where one total row prints a figure.
    let mut totals = read.iter().filter(|r| r.total).filter_map(figure);
    let total = match (totals.next(), totals.next()) {
        (Some(total), None) => Some(total),
        _ => None,
    };
    assign(&listed, unit, 1, total, &mut levels);
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

    /// A procurement table's row: its 政府性基金, 上年结转 and 总计, in 万元 to two places.
    fn procured(at: usize, name: &str, fund: Option<i64>, carried: Option<i64>) -> LineItem {
        let amount = |fen: i64| {
            Some(Amount {
                fen: Fen(fen),
                decimals: 2,
            })
        };
        let total = fund.unwrap_or(0) + carried.unwrap_or(0);
        LineItem {
            row: at,
            name: name.to_string(),
            total: name == "合计",
            values: Values(vec![
                ("government_fund".to_string(), fund.and_then(amount)),
                ("carryover_prior".to_string(), carried.and_then(amount)),
                ("total".to_string(), amount(total)),
            ]),
            ..LineItem::default()
        }
    }

    #[test]
    fn rows_whose_first_figures_stand_in_other_columns_nest_by_the_column_all_print() {
        // 无锡's 政府采购支出表: 服务 and its unit are paid from 政府性基金 and 上年结转, one item
        // from 上年结转 alone. Read by each row's first figure, the items (770.00, 160.00,
        // 286.59) did not add up to the unit's 446.59; by 总计 they make its 1,216.59.
        let mut rows = vec![
            procured(1, "合计", Some(80_285_000), Some(77_000_000)),
            procured(2, "货物", Some(35_626_000), None),
            procured(3, "无锡市应急管理局（本级）", Some(35_626_000), None),
            procured(4, "物资储备", Some(8_626_000), None),
            procured(5, "其他支出", Some(27_000_000), None),
            procured(6, "服务", Some(44_659_000), Some(77_000_000)),
            procured(
                7,
                "无锡市应急管理局（本级）",
                Some(44_659_000),
                Some(77_000_000),
            ),
            procured(8, "委托业务费", None, Some(77_000_000)),
            procured(9, "委托业务费", Some(16_000_000), None),
            procured(10, "维修（护）费", Some(28_659_000), None),
        ];
        nest_uncoded_rows(&mut rows, Unit::TenThousandYuan);
        let levels: Vec<Option<u8>> = rows.iter().map(|r| r.level).collect();
        assert_eq!(
            levels,
            [
                None,
                None,
                Some(2),
                Some(3),
                Some(3),
                None,
                Some(2),
                Some(3),
                Some(3),
                Some(3)
            ]
        );
    }

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

    /// A one-sided list under a 合计 row; the rows are given with no side.
    fn list(rows: &[(&str, i64)]) -> Vec<LineItem> {
        rows.iter()
            .enumerate()
            .map(|(at, (name, fen))| {
                let mut r = row(at, name, *fen);
                r.side = None;
                r.total = at == 0;
                r
            })
            .collect()
    }

    fn levels(rows: &[LineItem]) -> Vec<Option<u8>> {
        rows.iter().map(|r| r.level).collect()
    }

    #[test]
    fn rows_of_equal_figures_are_siblings_when_only_that_adds_up_to_the_total() {
        // 合计 25.30 = 货物 2.00 + 服务 23.30; under 服务 the unit's 23.30 = 会议费 1.40 + three
        // 维修（护）费 of 7.30. The first fit makes the first 7.30 the parent of the second, so
        // the unit does not add up and the 服务 rows spill to the top (34.00).
        let mut rows = equal_repairs();
        let mut first_fit = Vec::new();
        let listed: Vec<&LineItem> = rows.iter().skip(1).collect();
        assign_first_fit(&listed, Unit::TenThousandYuan, 1, &mut first_fit);
        let top = first_fit.iter().filter(|(_, _, level)| *level == 1).count();
        assert!(top > 2, "the first fit misnests: {first_fit:?}");
        nest_uncoded_rows(&mut rows, Unit::TenThousandYuan);
        let s3 = Some(3);
        assert_eq!(
            levels(&rows),
            [None, None, Some(2), s3, None, Some(2), s3, s3, s3, s3]
        );
    }

    #[test]
    fn a_coincidental_first_fit_gives_way_when_its_parent_does_not_add_up() {
        // 服务 1,338.50 over 经济科目 rows each with one 品目 of the same figure. The first fit
        // takes 培训费 25.00 + its 会议服务 25.00 as the children of the 会议服务 of 50.00, and
        // 服务 no longer adds up.
        let mut rows = list(&[
            ("合计", 14_225_000_000),
            ("一、货物", 840_000_000),
            ("办公设备购置", 840_000_000),
            ("台式计算机", 840_000_000),
            ("三、服务", 13_385_000_000),
            ("会议费", 500_000_000),
            ("会议服务", 500_000_000),
            ("培训费", 250_000_000),
            ("会议服务", 250_000_000),
            ("物业管理费", 12_635_000_000),
            ("物业管理服务", 12_635_000_000),
        ]);
        nest_uncoded_rows(&mut rows, Unit::Yuan);
        let (s2, s3) = (Some(2), Some(3));
        assert_eq!(
            levels(&rows),
            [None, None, s2, s3, None, s2, s3, s2, s3, s2, s3]
        );
    }

    #[test]
    fn where_the_first_fit_adds_up_to_the_total_it_stands() {
        // 合计 10 over four rows of 5: the first fit nests the first three in a chain, and with
        // the fourth the top adds up. So would two pairs; the first fit is kept.
        let mut rows = list(&[
            ("合计", 1_000),
            ("甲", 500),
            ("乙", 500),
            ("丙", 500),
            ("丁", 500),
        ]);
        nest_uncoded_rows(&mut rows, Unit::Yuan);
        assert_eq!(levels(&rows), [None, None, Some(2), Some(3), None]);
    }

    #[test]
    fn a_total_no_way_adds_up_to_leaves_the_first_fit() {
        // 合计 16 is no sum of these rows however they nest: the first fit stands.
        let mut rows = list(&[("合计", 1_600), ("甲", 500), ("乙", 500), ("丙", 500)]);
        nest_uncoded_rows(&mut rows, Unit::Yuan);
        assert_eq!(levels(&rows), [None, None, Some(2), Some(3)]);
    }

    /// 合计 25.30 = 货物 2.00 + 服务 23.30 = 会议费 1.40 + three 维修（护）费 of 7.30, each
    /// category and its unit of the same figure; the rows under the 合计.
    fn equal_repairs() -> Vec<LineItem> {
        list(&[
            ("合计", 25_300_000),
            ("货物", 2_000_000),
            ("某局（本级）", 2_000_000),
            ("办公费", 2_000_000),
            ("服务", 23_300_000),
            ("某局（本级）", 23_300_000),
            ("会议费", 1_400_000),
            ("维修（护）费", 7_300_000),
            ("维修（护）费", 7_300_000),
            ("维修（护）费", 7_300_000),
        ])
    }

    #[test]
    fn the_search_stops_at_its_budget() {
        let rows = equal_repairs();
        let listed: Vec<&LineItem> = rows.iter().skip(1).collect();
        let total = Some((25_300_000, 2));
        let unit = Unit::TenThousandYuan;
        // The first fit alone places the nine rows: it does not add up, and no more is allowed.
        assert_eq!(search(&listed, unit, 1, total, listed.len()), None);
        assert_eq!(
            search(&listed, unit, 1, total, SEARCH_STEPS),
            Some(vec![1, 2, 3, 1, 2, 3, 3, 3, 3])
        );
    }

    #[test]
    fn a_search_past_its_budget_leaves_the_first_fit() {
        // 合计 and 服务 40.00 over forty rows of 1.00: each row could be the parent of the one
        // after it, and only the way tried last (all forty siblings) adds up; rather than try
        // every way the search gives up and the first fit stands, in time.
        let mut figures = vec![("合计", 40_000_000), ("服务", 40_000_000)];
        figures.extend(std::iter::repeat_n(("维修费", 1_000_000), 40));
        let mut rows = list(&figures);
        let listed: Vec<&LineItem> = rows.iter().skip(1).collect();
        let mut first_fit = Vec::new();
        assign_first_fit(&listed, Unit::TenThousandYuan, 1, &mut first_fit);
        let expected: Vec<Option<u8>> = std::iter::once(None)
            .chain(first_fit.iter().map(|&(_, _, l)| (l >= 2).then_some(l)))
            .collect();
        let started = std::time::Instant::now();
        nest_uncoded_rows(&mut rows, Unit::TenThousandYuan);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(levels(&rows), expected);
    }
}
