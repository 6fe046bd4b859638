//! Amounts of a row printed on a page that closed up its blank columns. Such a page prints a
//! row's amounts in order but not under the header, so its spacing alone says which columns
//! they are in, and often says it wrongly. The table's own sums decide: among the ways to set
//! the row's amounts, in order, into the table's amount columns, the one under which every
//! column identity holds (合计 = 基本 + 项目, 基本 = 人员 + 公用, the fund sources…) is the
//! reading, taking the placement nearest the page's own when several hold. A row no placement
//! makes add up keeps the page's reading, so a wrong printed figure still shows in the checks.

use crate::extract::column_sums::{column_identities, ColumnIdentity};
use crate::extract::model::{ExtractedTable, LineItem, Warning};
use crate::money::{Amount, Unit};
use std::collections::BTreeSet;

/// Why a row printed on a page without its blank columns was re-placed.
const CLOSED_UP: &str = "was printed on a page without its blank columns; its amounts are set in the columns under which the table's sums hold";

/// Why a row printed on a page whose amounts drift was re-placed.
const DRIFTED: &str = "was printed on a page whose amounts drift off their columns; its amounts are set one column over, where the row's sums hold";

/// Most placements tried for one row; a row with more stays as read.
const MAX_PLACEMENTS: usize = 5_000;

fn holds(identity: &ColumnIdentity, keys: &[&str], values: &[Option<Amount>], unit: Unit) -> bool {
    let at = |key: &str| keys.iter().position(|k| *k == key).and_then(|i| values[i]);
    let slack = |a: Option<Amount>| a.map_or(0, |a| unit.half_unit_of_last_digit(a.decimals));
    let whole = at(&identity.whole);
    let parts: Vec<Option<Amount>> = identity.parts.iter().map(|k| at(k)).collect();
    let sum: i64 = parts.iter().flatten().map(|a| a.fen.0).sum();
    let tolerance: i64 = slack(whole) + parts.iter().map(|a| slack(*a)).sum::<i64>();
    (whole.map_or(0, |a| a.fen.0) - sum).abs() <= tolerance
}

/// Whether the identity holds with figures in it, not only as blanks equal to blanks.
fn holds_with_figures(identity: &ColumnIdentity, keys: &[&str], values: &[Option<Amount>]) -> bool {
    let at = |key: &str| keys.iter().position(|k| *k == key).and_then(|i| values[i]);
    at(&identity.whole).is_some_and(|a| a.fen.0 != 0)
}

/// The ways to choose `k` of `m` positions in order, at most `limit` of them.
fn choices(m: usize, k: usize, limit: usize) -> Option<Vec<Vec<usize>>> {
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..k).collect();
    if k > m {
        return Some(out);
    }
    loop {
        out.push(current.clone());
        if out.len() > limit {
            return None;
        }
        // The rightmost position that can still move right.
        let Some(i) = (0..k).rev().find(|&i| current[i] < m - k + i) else {
            return Some(out);
        };
        current[i] += 1;
        for j in i + 1..k {
            current[j] = current[j - 1] + 1;
        }
    }
}

/// The placement of a row's amounts under which the identities hold, nearest the page's own;
/// `None` when the row adds up as read, when no placement does, or when two are equally near.
fn better_placement(
    row: &LineItem,
    keys: &[&str],
    identities: &[ColumnIdentity],
    unit: Unit,
    max_shift: usize,
) -> Option<Vec<Option<Amount>>> {
    let values: Vec<Option<Amount>> = keys.iter().map(|k| row.values.amount(k)).collect();
    if identities.iter().all(|i| holds(i, keys, &values, unit)) {
        return None;
    }
    let read_at: Vec<usize> = (0..values.len()).filter(|i| values[*i].is_some()).collect();
    let printed: Vec<Amount> = values.iter().flatten().copied().collect();
    if printed.is_empty() || printed.len() == keys.len() {
        return None;
    }
    let mut best: Option<(usize, Vec<Option<Amount>>)> = None;
    let mut tied = false;
    for at in choices(keys.len(), printed.len(), MAX_PLACEMENTS)? {
        let mut placed = vec![None; keys.len()];
        for (slot, amount) in at.iter().zip(&printed) {
            placed[*slot] = Some(*amount);
        }
        let adds_up = identities.iter().all(|i| holds(i, keys, &placed, unit))
            && identities
                .iter()
                .any(|i| holds_with_figures(i, keys, &placed));
        if !adds_up
            || at
                .iter()
                .zip(&read_at)
                .any(|(a, b)| a.abs_diff(*b) > max_shift)
        {
            continue;
        }
        let distance: usize = at.iter().zip(&read_at).map(|(a, b)| a.abs_diff(*b)).sum();
        match &best {
            Some((d, _)) if *d < distance => {}
            Some((d, _)) if *d == distance => tied = true,
            _ => {
                tied = false;
                best = Some((distance, placed));
            }
        }
    }
    if tied {
        return None;
    }
    best.map(|(_, placed)| placed)
}

/// The rows whose sum the row at `index` is part of: the row of its parent code and the rows
/// under that code, or, for a top-level code, the table's total row and the top-level rows.
/// `None` where codes repeat (a code then names no one row).
fn parent_and_siblings(table: &ExtractedTable, index: usize) -> Option<(usize, Vec<usize>)> {
    let rows = &table.rows;
    let row = rows.get(index)?;
    row.code.as_ref()?;
    let coded: Vec<&str> = rows.iter().filter_map(|r| r.code.as_deref()).collect();
    let distinct: BTreeSet<&str> = coded.iter().copied().collect();
    if distinct.len() != coded.len() {
        return None;
    }
    let whole = match row.parent.as_deref() {
        Some(parent) => rows
            .iter()
            .position(|r| r.code.as_deref() == Some(parent))?,
        None => rows.iter().position(|r| r.total)?,
    };
    let siblings = (0..rows.len())
        .filter(|&i| rows[i].code.is_some() && !rows[i].total && rows[i].parent == row.parent)
        .collect();
    Some((whole, siblings))
}

/// Whether the row at `whole` is the sum of the rows at `parts` in every amount column, with the
/// row at `index` read as `values`.
fn sums_hold(
    table: &ExtractedTable,
    (whole, parts): (usize, &[usize]),
    (index, values): (usize, &[Option<Amount>]),
    keys: &[&str],
    unit: Unit,
) -> bool {
    group_sums_hold(table, whole, parts, &[(index, values)], keys, unit)
}

/// A row whose own identities hold however its amounts are set (`合计 = 项目` reads as well as
/// `合计 = 基本`) is placed by the sum it is part of: its parent code's row, or for a top-level
/// code the table's total, is the sum of the rows under it in every column. When that sum fails
/// as the page reads the row and holds under exactly one other placement that keeps the row's
/// identities, that placement is the reading.
fn placement_by_parent(
    table: &ExtractedTable,
    index: usize,
    keys: &[&str],
    identities: &[ColumnIdentity],
    unit: Unit,
) -> Option<Vec<Option<Amount>>> {
    let row = table.rows.get(index)?;
    let (whole, siblings) = parent_and_siblings(table, index)?;
    let values: Vec<Option<Amount>> = keys.iter().map(|k| row.values.amount(k)).collect();
    if sums_hold(table, (whole, &siblings), (index, &values), keys, unit) {
        return None;
    }
    let printed: Vec<Amount> = values.iter().flatten().copied().collect();
    if printed.is_empty() || printed.len() == keys.len() {
        return None;
    }
    let mut found: Option<Vec<Option<Amount>>> = None;
    for at in choices(keys.len(), printed.len(), MAX_PLACEMENTS)? {
        let mut placed = vec![None; keys.len()];
        for (slot, amount) in at.iter().zip(&printed) {
            placed[*slot] = Some(*amount);
        }
        if !identities.iter().all(|i| holds(i, keys, &placed, unit))
            || !sums_hold(table, (whole, &siblings), (index, &placed), keys, unit)
        {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(placed);
    }
    found
}

/// Re-places the amounts of the rows at `uncertain` (indexes into `table.rows`) where the
/// table's sums say where they belong.
pub fn place_by_sums(table: &mut ExtractedTable, uncertain: &[usize], warnings: &mut Vec<Warning>) {
    if uncertain.is_empty() {
        return;
    }
    let (keys, identities, unit) = sums_of(table);
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    move_closed_up_column(table, uncertain, &key_refs, &identities, unit, warnings);
    if identities.is_empty() {
        return;
    }
    for &index in uncertain {
        let Some(row) = table.rows.get(index) else {
            continue;
        };
        let Some(placed) = better_placement(row, &key_refs, &identities, unit, usize::MAX)
            .or_else(|| placement_by_parent(table, index, &key_refs, &identities, unit))
        else {
            continue;
        };
        set_placement(table, index, &key_refs, &placed, warnings, CLOSED_UP);
    }
    place_uncoded_groups(table, uncertain, &key_refs, &identities, unit, warnings);
}

/// A table's amount columns by key, the identities between them, and the unit its figures are
/// printed in: what every placement is judged by.
fn sums_of(table: &ExtractedTable) -> (Vec<String>, Vec<ColumnIdentity>, Unit) {
    let keys: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.amount)
        .map(|c| c.key.clone())
        .collect();
    let key_set: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    let (identities, _) = column_identities(table, &key_set);
    let unit = table.source_unit.unwrap_or(Unit::Yuan);
    (keys, identities, unit)
}

/// Sets the row at `index` to `placed` and says so in a warning that names the row.
fn set_placement(
    table: &mut ExtractedTable,
    index: usize,
    keys: &[&str],
    placed: &[Option<Amount>],
    warnings: &mut Vec<Warning>,
    why: &str,
) {
    let block = table.block;
    let Some(row) = table.rows.get_mut(index) else {
        return;
    };
    set_values(row, keys, placed);
    let label = match &row.code {
        Some(code) => format!("{code} {}", row.name),
        None => row.name.clone(),
    };
    warnings.push(Warning {
        code: "amounts_placed_by_sums",
        message: format!("row {} ({label}) {why}", row.row),
        block: Some(block),
    });
}

/// Re-places the amounts of the rows at `drifting`, printed on a page whose amounts drift off
/// their columns, where the row's own identities fail as printed and hold with each amount at
/// most one column from where the page shows it. A drift is a few characters, under a column's
/// width; a row whose sums need a wider move (a blank cell, a wrong figure) keeps its reading,
/// so the checks still see it.
pub fn place_drifting_by_sums(
    table: &mut ExtractedTable,
    drifting: &[usize],
    warnings: &mut Vec<Warning>,
) {
    if drifting.is_empty() {
        return;
    }
    let (keys, identities, unit) = sums_of(table);
    if identities.is_empty() {
        return;
    }
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    for &index in drifting {
        let Some(row) = table.rows.get(index) else {
            continue;
        };
        let Some(placed) = better_placement(row, &key_refs, &identities, unit, 1) else {
            continue;
        };
        set_placement(table, index, &key_refs, &placed, warnings, DRIFTED);
    }
}

/// A row's index and its amounts, one per amount column.
type RowValues = (usize, Vec<Option<Amount>>);

/// A page that closed up its blank columns sets them all off by the same step: every amount it
/// prints in one column may belong in another that is blank on that page (北京's and 西南大学's
/// 收入决算表 print their second page's 其他收入 under 经营收入). When the table's total row
/// is not the sum of its top-level rows as read, and moving one column's amounts of the
/// uncertain rows into one blank column makes it so, keeping each row's identities, that move
/// is the reading; when two moves would, neither is made.
fn move_closed_up_column(
    table: &mut ExtractedTable,
    uncertain: &[usize],
    keys: &[&str],
    identities: &[ColumnIdentity],
    unit: Unit,
    warnings: &mut Vec<Warning>,
) {
    let rows = &table.rows;
    let Some(total) = rows.iter().position(|r| r.total) else {
        return;
    };
    // The top-level rows: coded rows without a parent code, or in a list without codes (not
    // nested yet) every row; a nested list adds up under no move and is left as read.
    let coded = rows.iter().any(|r| r.code.is_some());
    let top: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            !rows[i].total && (!coded || rows[i].code.is_some() && rows[i].parent.is_none())
        })
        .collect();
    if top.is_empty() {
        return;
    }
    let values = |i: usize| -> Vec<Option<Amount>> {
        keys.iter().map(|k| rows[i].values.amount(k)).collect()
    };
    let blank_on_page = |k: usize| uncertain.iter().all(|&i| values(i)[k].is_none());
    let mut found: Option<(usize, usize, Vec<RowValues>)> = None;
    for from in 0..keys.len() {
        if blank_on_page(from) {
            continue;
        }
        for to in (0..keys.len()).filter(|&to| to != from && blank_on_page(to)) {
            let moved: Vec<RowValues> = uncertain
                .iter()
                .map(|&i| {
                    let mut v = values(i);
                    v[to] = v[from].take();
                    (i, v)
                })
                .collect();
            let keeps_identities = moved
                .iter()
                .all(|(_, v)| identities.iter().all(|id| holds(id, keys, v, unit)));
            let trial: Vec<(usize, &[Option<Amount>])> =
                moved.iter().map(|(i, v)| (*i, v.as_slice())).collect();
            // Only the two columns change: as read they do not add up, moved they do (another
            // column's own error, as a 合计 printed wrong, does not stand in the way).
            let pair = [from, to];
            let adds_up = |trial: &[(usize, &[Option<Amount>])]| {
                columns_sum_up(table, total, &top, trial, keys, &pair, unit)
            };
            if !keeps_identities || adds_up(&[]) || !adds_up(&trial) {
                continue;
            }
            if found.is_some() {
                return;
            }
            found = Some((from, to, moved));
        }
    }
    let Some((from, to, moved)) = found else {
        return;
    };
    for (i, placed) in &moved {
        if let Some(row) = table.rows.get_mut(*i) {
            set_values(row, keys, placed);
        }
    }
    let label = |key: &str| {
        table
            .columns
            .iter()
            .find(|c| c.key == key)
            .map_or_else(|| key.to_string(), |c| c.label.clone())
    };
    warnings.push(Warning {
        code: "amounts_placed_by_sums",
        message: format!(
            "{} rows were printed on a page without its blank columns; their amounts read under {} are set under {}, where the table's total is the sum of its rows",
            moved.len(),
            label(keys[from]),
            label(keys[to])
        ),
        block: Some(table.block),
    });
}

/// Most ways tried to set a group of rows at once.
const MAX_GROUP_PLACEMENTS: usize = 5_000;

/// The parent of each row of a list without codes, as its sums nest it (`nesting`): the row
/// above at one level less, or the table's total row for a top-level row. `None` for a row
/// that is no part of a sum (the total itself, rows without figures).
fn uncoded_parents(table: &ExtractedTable, unit: Unit) -> Option<Vec<Option<usize>>> {
    if table
        .rows
        .iter()
        .any(|r| r.code.is_some() || r.side.is_some())
    {
        return None;
    }
    let total = table.rows.iter().position(|r| r.total)?;
    let mut nested = table.rows.clone();
    crate::extract::nesting::nest_uncoded_rows(&mut nested, unit);
    let level = |i: usize| nested[i].level.unwrap_or(1);
    let has_figures = |i: usize| nested[i].values.0.iter().any(|(_, v)| v.is_some());
    let mut parents = vec![None; nested.len()];
    for i in 0..nested.len() {
        if i == total
            || nested[i].total
            || !has_figures(i)
            || crate::extract::title::squeeze(&nested[i].name).starts_with("其中")
        {
            continue;
        }
        parents[i] = if level(i) <= 1 {
            Some(total)
        } else {
            (0..i).rev().find(|&j| {
                !nested[j].total
                    && has_figures(j)
                    && level(j) == level(i) - 1
                    && !crate::extract::title::squeeze(&nested[j].name).starts_with("其中")
            })
        };
    }
    Some(parents)
}

/// The placements of a row's printed amounts, in order, under which its own identities hold:
/// the page's own first.
fn placements_keeping_identities(
    row: &LineItem,
    keys: &[&str],
    identities: &[ColumnIdentity],
    unit: Unit,
    open: &[usize],
) -> Vec<Vec<Option<Amount>>> {
    let values: Vec<Option<Amount>> = keys.iter().map(|k| row.values.amount(k)).collect();
    let printed: Vec<Amount> = values.iter().flatten().copied().collect();
    let mut out = vec![values.clone()];
    // As many figures as open columns still have a way to sit: one in each, in order.
    if printed.is_empty() || printed.len() > open.len() {
        return out;
    }
    let Some(all) = choices(open.len(), printed.len(), MAX_PLACEMENTS) else {
        return out;
    };
    for at in all {
        let mut placed = vec![None; keys.len()];
        for (slot, amount) in at.iter().zip(&printed) {
            placed[open[*slot]] = Some(*amount);
        }
        if placed != values && identities.iter().all(|i| holds(i, keys, &placed, unit)) {
            out.push(placed);
        }
    }
    out
}

/// In a list without codes, the rows a page set by spacing alone under one parent are set
/// together: when the parent is not the sum of its rows as read, the one way of setting the
/// uncertain rows (each keeping its own identities) under which the most columns sum to the
/// parent, more than as read, is the reading; two ways tied leave the page's reading. A column
/// that no setting makes add up (a figure of the document's own wrong, a unit it leaves out)
/// still shows in the checks. Parents are settled before their children.
fn place_uncoded_groups(
    table: &mut ExtractedTable,
    uncertain: &[usize],
    keys: &[&str],
    identities: &[ColumnIdentity],
    unit: Unit,
    warnings: &mut Vec<Warning>,
) {
    let Some(parents) = uncoded_parents(table, unit) else {
        return;
    };
    let mut wholes: Vec<usize> = parents.iter().flatten().copied().collect();
    wholes.sort_unstable();
    wholes.dedup();
    // The total first, then parents top to bottom: a parent is settled before its rows.
    wholes.sort_by_key(|&w| (!table.rows[w].total, w));
    for whole in wholes {
        let parts: Vec<usize> = (0..parents.len())
            .filter(|&i| parents[i] == Some(whole))
            .collect();
        if group_sums_hold(table, whole, &parts, &[], keys, unit) {
            continue;
        }
        // A column the parent leaves blank (or zero) holds nothing in its rows: no way sets an
        // amount there.
        let open: Vec<usize> = (0..keys.len())
            .filter(|&k| {
                table.rows[whole]
                    .values
                    .amount(keys[k])
                    .is_some_and(|a| a.fen.0 != 0)
            })
            .collect();
        let movable: Vec<(usize, Vec<Vec<Option<Amount>>>)> = parts
            .iter()
            .filter(|i| uncertain.contains(i))
            .map(|&i| {
                let ways =
                    placements_keeping_identities(&table.rows[i], keys, identities, unit, &open);
                (i, ways)
            })
            .filter(|(_, ways)| ways.len() > 1)
            .collect();
        if movable.is_empty() {
            continue;
        }
        let combinations: usize = movable
            .iter()
            .map(|(_, ways)| ways.len())
            .try_fold(1_usize, |n, w| n.checked_mul(w))
            .unwrap_or(usize::MAX);
        if combinations > MAX_GROUP_PLACEMENTS {
            continue;
        }
        // Judged on the columns the ways differ in: a column every way reads alike says
        // nothing between them (and may miss its total for a reason of the document's own).
        let judged: Vec<usize> = (0..keys.len())
            .filter(|&k| {
                movable
                    .iter()
                    .any(|(_, ways)| ways.iter().any(|w| w[k] != ways[0][k]))
            })
            .collect();
        let score = |n: usize| {
            let mut pick = Vec::with_capacity(movable.len());
            let mut rest = n;
            for (_, ways) in &movable {
                pick.push(rest % ways.len());
                rest /= ways.len();
            }
            let trial: Vec<(usize, &[Option<Amount>])> = movable
                .iter()
                .zip(&pick)
                .map(|((i, ways), way)| (*i, ways[*way].as_slice()))
                .collect();
            let holding = judged
                .iter()
                .filter(|&&k| columns_sum_up(table, whole, &parts, &trial, keys, &[k], unit))
                .count();
            (holding, pick)
        };
        // How far each way moves its row's amounts from where the page prints them.
        let moved: Vec<Vec<usize>> = movable
            .iter()
            .map(|(_, ways)| {
                let at = |w: &[Option<Amount>]| -> Vec<usize> {
                    (0..w.len()).filter(|k| w[*k].is_some()).collect()
                };
                let read = at(&ways[0]);
                ways.iter()
                    .map(|w| at(w).iter().zip(&read).map(|(a, b)| a.abs_diff(*b)).sum())
                    .collect()
            })
            .collect();
        let (as_read, _) = score(0);
        // The most columns holding, then the least moved: nearest the page among equals.
        let mut best: Option<((usize, usize), Vec<usize>)> = None;
        let mut tied = false;
        for n in 1..combinations {
            let (holding, pick) = score(n);
            let distance: usize = pick.iter().zip(&moved).map(|(w, d)| d[*w]).sum();
            let rank = (holding, usize::MAX - distance);
            match &best {
                Some((b, _)) if rank < *b => {}
                Some((b, _)) if rank == *b => tied = true,
                _ => {
                    tied = false;
                    best = Some((rank, pick));
                }
            }
        }
        let Some((_, pick)) = best.filter(|((b, _), _)| !tied && *b > as_read) else {
            continue;
        };
        for ((i, ways), way) in movable.iter().zip(&pick) {
            if *way == 0 {
                continue;
            }
            set_placement(table, *i, keys, &ways[*way], warnings, CLOSED_UP);
        }
    }
}

/// Whether the row at `whole` is the sum of the rows at `parts` in every amount column, with
/// the rows of `trial` read as set there.
fn group_sums_hold(
    table: &ExtractedTable,
    whole: usize,
    parts: &[usize],
    trial: &[(usize, &[Option<Amount>])],
    keys: &[&str],
    unit: Unit,
) -> bool {
    let every: Vec<usize> = (0..keys.len()).collect();
    columns_sum_up(table, whole, parts, trial, keys, &every, unit)
}

/// Whether the row at `whole` is the sum of the rows at `parts` in the columns `columns`.
fn columns_sum_up(
    table: &ExtractedTable,
    whole: usize,
    parts: &[usize],
    trial: &[(usize, &[Option<Amount>])],
    keys: &[&str],
    columns: &[usize],
    unit: Unit,
) -> bool {
    let value = |row: usize, k: usize| match trial.iter().find(|(i, _)| *i == row) {
        Some((_, placed)) => placed[k],
        None => table.rows[row].values.amount(keys[k]),
    };
    let slack = |a: Option<Amount>| a.map_or(0, |a| unit.half_unit_of_last_digit(a.decimals));
    columns.iter().all(|&k| {
        let printed = value(whole, k);
        let amounts: Vec<Option<Amount>> = parts.iter().map(|&p| value(p, k)).collect();
        let sum: i64 = amounts.iter().flatten().map(|a| a.fen.0).sum();
        let tolerance = slack(printed) + amounts.iter().map(|a| slack(*a)).sum::<i64>();
        (printed.map_or(0, |a| a.fen.0) - sum).abs() <= tolerance
    })
}

fn set_values(row: &mut LineItem, keys: &[&str], placed: &[Option<Amount>]) {
    for (key, amount) in row.values.0.iter_mut() {
        if let Some(i) = keys.iter().position(|k| k == key) {
            *amount = placed.get(i).copied().flatten();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_in_order() {
        assert_eq!(
            choices(4, 2, 100),
            Some(vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ])
        );
        assert_eq!(choices(30, 15, 100), None);
    }
}
