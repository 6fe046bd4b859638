//! Header rows → column keys. Printed headers are one to three rows with merged cells; the text
//! layouts write a merged cell once, so a parent row has fewer cells than the leaf row below it.

use crate::document::Row;
use crate::extract::title::squeeze;
use regex::RegexSet;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Known labels and the stable key they get. Checked in order, by substring, on the squeezed
/// label, so that a longer, more specific label is listed before a shorter one it contains.
const KEYS: &[(&str, &str)] = &[
    ("科目编码", "code"),
    ("项目编码", "project_code"),
    ("编码", "code"),
    ("科目名称", "name"),
    ("项目名称", "project_name"),
    ("部门单位", "unit"),
    ("单位名称", "unit"),
    ("部门名称", "unit"),
    // A unit's code (苏州's 部门代码 `024001`, 无锡's 单位代码): text, and no classification code.
    ("部门代码", "unit_code"),
    ("单位代码", "unit_code"),
    ("功能科目", "functional_subject"),
    ("政府经济科目", "government_economic_subject"),
    ("部门经济科目", "department_economic_subject"),
    ("是否政府采购", "is_procurement"),
    // Procurement tables listing 品目 → 专项 → 物品 rows (Jiangsu's 政府采购预算表).
    ("采购品目", "procurement_category"),
    ("专项名称", "special_project"),
    ("采购物品", "procurement_item"),
    ("采购组织", "procurement_method"),
    ("项目状态", "project_status"),
    ("类", "class_code"),
    ("款", "section_code"),
    ("项", "item_code"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    // 杭州 names the halves of 基本支出 人员支出 and 日常公用支出, 湖南 人员类 and 公用类.
    ("人员支出", "personnel"),
    ("日常公用", "public"),
    ("人员类", "personnel"),
    ("公用类", "public"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("机动经费", "reserve"),
    ("一般债券", "general_bond"),
    ("专项债券", "special_bond"),
    ("国际组织贷款", "foreign_loan"),
    ("国际组织赠款", "foreign_grant"),
    ("一般公共预算", "general_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
    // Printed with a character missing (国有资本经预算) or wrapped, it is still state capital.
    ("国有资本", "state_capital"),
    ("财政专户", "fiscal_special_account"),
    ("财政拨款", "appropriation"),
    // Final accounts' 支出决算表 spends beside 基本支出 and 项目支出.
    ("上缴上级", "remittance_to_superior"),
    ("经营支出", "operating_expenditure"),
    ("对附属单位补助", "subsidy_to_subordinates"),
    ("事业单位经营", "operating_income"),
    ("经营收入", "operating_income"),
    ("事业收入", "business_income"),
    ("上级补助", "superior_subsidy"),
    ("附属单位上缴", "subordinate_remittance"),
    ("其他收入", "other_income"),
    ("其它收入", "other_income"),
    ("单位资金", "unit_funds"),
    // 广州 names the unit's own money beside the appropriation 其他资金.
    ("其他资金", "unit_funds"),
    ("上年结转", "carryover_prior"),
    // 深圳 prints the same balance as 上年结余、结转.
    ("上年结余", "carryover_prior"),
    ("结转下年", "carryover_next"),
    // The final-accounts names for the same balances.
    ("年初结转", "carryover_prior"),
    ("年末结转", "carryover_next"),
    ("因公出国", "outbound_travel"),
    ("购置及运行", "vehicles"),
    ("公务用车购置", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("公务接待", "official_reception"),
    ("会议费", "meeting"),
    ("培训费", "training"),
    ("机关运行经费", "operating_expenses"),
    // Under a 公务用车购置及运行费 parent the leaves may say only 购置费 and 运行费.
    ("购置费", "vehicle_purchase"),
    ("运行费", "vehicle_operation"),
    // The 三公 table's own total.
    ("三公经费合计", "total"),
    ("三公经费", "three_public"),
    ("总计", "total"),
    ("合计", "total"),
    ("小计", "total"),
    // A fund table of final accounts: 本年收入 beside 本年支出 (its 本年收入合计 is a total).
    ("本年收入", "revenue"),
    ("决算数", "actual"),
    ("预算数", "budget"),
    ("金额", "amount"),
    // 深圳's 支出总表 prints, beside each row's procurement, the share reserved for small
    // firms: `其中：…预留给中小企业的项目资金规模` is a figure, though it names 项目.
    ("小型、微型企业", "small_firm_reserve"),
    ("小型微型企业", "small_firm_reserve"),
    ("中小企业", "sme_reserve"),
    ("项目", "item"),
    ("科目", "subject"),
];

/// Keys of columns that hold text rather than amounts.
const TEXT_KEYS: &[&str] = &[
    "code",
    "unit_code",
    "project_code",
    "name",
    "project_name",
    "unit",
    "functional_subject",
    "government_economic_subject",
    "department_economic_subject",
    "is_procurement",
    "procurement_category",
    "special_project",
    "procurement_item",
    "procurement_method",
    "project_status",
    "class_code",
    "section_code",
    "item_code",
    "item",
    "subject",
];

/// The labels of [`KEYS`] longer than one character, as one set searched in a single pass, with
/// their keys in the same order.
static CONTAINED_LABELS: LazyLock<(RegexSet, Vec<&'static str>)> = LazyLock::new(|| {
    let long: Vec<&(&str, &str)> = KEYS.iter().filter(|(l, _)| l.chars().count() > 1).collect();
    let set = RegexSet::new(long.iter().map(|(l, _)| regex::escape(l))).expect("static regex");
    (set, long.iter().map(|(_, k)| *k).collect())
});

pub fn key_for(label: &str) -> Option<&'static str> {
    let label = squeeze(label);
    if label.is_empty() {
        return None;
    }
    // The single-character code columns only match exactly, never inside a longer label.
    if matches!(label.as_str(), "类" | "款" | "项") {
        return KEYS.iter().find(|(l, _)| *l == label).map(|(_, k)| *k);
    }
    // A measure printed as 预算 alone (广州's, 长沙's 本年预算) is the budget figure; inside a
    // longer label 预算 names a fund (一般公共预算).
    let measure = label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '年');
    if matches!(measure, "预算" | "本年预算") {
        return Some("budget");
    }
    // The first label in list order that the text contains.
    let (set, keys) = &*CONTAINED_LABELS;
    set.matches(&label).iter().next().map(|i| keys[i])
}

pub fn is_text_key(key: &str) -> bool {
    TEXT_KEYS.contains(&key)
}

/// A key made unique with a number (`subject_2`) whose first use names a column of text.
pub fn is_repeated_text_key(key: &str) -> bool {
    match key.rsplit_once('_') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            TEXT_KEYS.contains(&base)
        }
        _ => false,
    }
}

/// One leaf column before keys are assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderColumn {
    pub label: String,
    pub parent: Option<String>,
}

fn is_subtotal(label: &str) -> bool {
    matches!(squeeze(label).as_str(), "小计" | "合计" | "总计")
}

/// A header cell that only numbers its column (`1`, `**`, `栏次`): no label.
fn is_column_number(label: &str) -> bool {
    let t = squeeze(label);
    (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
        || (!t.is_empty() && t.chars().all(|c| c == '*'))
        || t == "栏次"
}

/// Leaf labels with their parent label, one per grid column of the leaf header row. A leaf
/// row that numbers the columns under their labels (`** ** 1 2 3`) leaves each column its
/// label above.
pub fn leaf_columns(header: &[&Row]) -> Vec<HeaderColumn> {
    let mut columns = leaf_columns_as_printed(header);
    take_higher_parents(&mut columns, header);
    for column in columns.iter_mut() {
        if is_column_number(&column.label) {
            column.label = column.parent.take().unwrap_or_default();
        }
        if column.parent.is_none() {
            if let Some((group, leaf)) = group_run_into_leaf(&column.label) {
                column.parent = Some(group);
                column.label = leaf;
            }
        }
    }
    // A group's 小计 stands first under it: a group label read into the next cell still heads
    // it, when that cell's label is one of the group's (`公务用车购置费` under `公务用车…`).
    for i in 0..columns.len().saturating_sub(1) {
        if columns[i].parent.is_none() && squeeze(&columns[i].label) == "小计" {
            let next = &columns[i + 1];
            if let Some(group) = next.parent.clone().filter(|g| shares_words(g, &next.label)) {
                columns[i].parent = Some(group);
            }
        }
    }
    // A group of sources opened by its 小计 (北京's 合计 | 本年收入{小计, …} | 上年结转结余{小计,
    // …}) runs to the next 小计: where the group's label reached one of its cells only, it heads
    // every cell of the run.
    let mut i = 0;
    while i < columns.len() {
        if columns[i].parent.is_some() || squeeze(&columns[i].label) != "小计" {
            i += 1;
            continue;
        }
        let end = (i + 1..columns.len())
            .find(|&j| is_subtotal(&columns[j].label))
            .unwrap_or(columns.len());
        let groups: BTreeSet<&str> = columns[i + 1..end]
            .iter()
            .filter_map(|c| c.parent.as_deref())
            .collect();
        if let [group] = groups.into_iter().collect::<Vec<_>>()[..] {
            if is_source_group(group) {
                let group = group.to_string();
                for column in &mut columns[i..end] {
                    column.parent.get_or_insert_with(|| group.clone());
                }
            }
        }
        i = end;
    }
    split_source_groups_at_subtotals(&mut columns);
    columns
}

/// The text over grid position `at` of a row that writes its merged cells: the cell there, or
/// the merged cell covering it.
fn text_over(row: &Row, at: usize) -> Option<&str> {
    let start = (0..=at)
        .rev()
        .find(|&k| row.cells.get(k).is_some_and(|c| !c.covered))?;
    let cell = &row.cells[start];
    let reaches = start + (cell.col_span.max(1) as usize) > at;
    Some(cell.text.trim()).filter(|t| reaches && !t.is_empty())
}

/// Headers of three levels and more (深圳's 三公 table: `公务用车购置及运行维护费` over `小计`,
/// `公务用车购置费` and `公务用车运行维护费`, each over the three funds; `总计` over three funds
/// beside them): a column with no parent in the row above its label takes the nearest one
/// higher up, and a group's 小计 names the group it totals (`公务用车购置及运行维护费/小计`).
/// Only rows that write their merged cells say which columns a label stands over.
fn take_higher_parents(columns: &mut [HeaderColumn], header: &[&Row]) {
    let Some(above_parent) = header.len().checked_sub(2) else {
        return;
    };
    let higher: Vec<&Row> = header[..above_parent]
        .iter()
        .rev()
        .copied()
        .filter(|row| {
            row.cells.len() == columns.len()
                && row.cells.iter().any(|c| c.covered || c.col_span > 1)
        })
        .collect();
    for (at, column) in columns.iter_mut().enumerate() {
        let Some(group) = higher.iter().find_map(|row| text_over(row, at)) else {
            continue;
        };
        match column.parent.as_deref() {
            None if squeeze(&column.label) != squeeze(group) => {
                column.parent = Some(group.to_string());
            }
            Some(parent) if is_subtotal(parent) && squeeze(parent) != squeeze(group) => {
                column.parent = Some(format!("{group}/{parent}"));
            }
            _ => {}
        }
    }
}

/// A revenue table whose two source groups (this year's revenue, last year's carry-over) each
/// open with a 小计 (`合计 | 本年收入{小计, 一般公共预算, …, 其他收入} | 上年结转结余{小计, …}`):
/// each group runs from its 小计 to the next. Group labels are centred over their runs, so a
/// layout that places them by where they were printed lets one reach over the other's columns
/// (`上年结转结余` over `事业收入`) or over the 合计 and the unit's code and name before both.
fn split_source_groups_at_subtotals(columns: &mut [HeaderColumn]) {
    let subtotals: Vec<usize> = (0..columns.len())
        .filter(|&i| squeeze(&columns[i].label) == "小计")
        .collect();
    let &[this_year_from, carried_from] = subtotals.as_slice() else {
        return;
    };
    let group = |key: &str| {
        columns.iter().find_map(|c| {
            c.parent
                .as_deref()
                .filter(|p| is_source_group(p) && key_for(p) == Some(key))
                .map(str::to_string)
        })
    };
    let (Some(this_year), Some(carried)) = (group("revenue"), group("carryover_prior")) else {
        return;
    };
    for (i, column) in columns.iter_mut().enumerate() {
        let in_a_group = column.parent.as_deref().is_none_or(is_source_group);
        if !in_a_group {
            continue;
        }
        column.parent = if i >= carried_from {
            Some(carried.clone())
        } else if i >= this_year_from {
            Some(this_year.clone())
        } else {
            None
        };
    }
}

/// A label heading a revenue table's sources: this year's revenue or last year's carry-over.
fn is_source_group(label: &str) -> bool {
    matches!(key_for(label), Some("revenue" | "carryover_prior"))
        && !label.contains("小计")
        && !label.contains("合计")
}

/// Whether two labels open with the same words (three characters or more).
fn shares_words(a: &str, b: &str) -> bool {
    squeeze(a)
        .chars()
        .zip(squeeze(b).chars())
        .take_while(|(x, y)| x == y)
        .count()
        >= 3
}

/// A group label printed above a leaf and read into the leaf's cell (`公务用车购置及运行费` over
/// `公务用车购置费`, `基本支出` over `人员经费`): both parts name columns, and the first names a
/// group of spending (it ends in 费 or 支出).
fn group_run_into_leaf(label: &str) -> Option<(String, String)> {
    let label = squeeze(label);
    let cuts = label.char_indices().map(|(i, _)| i).skip(2);
    for cut in cuts {
        let (group, leaf) = label.split_at(cut);
        // This year's revenue and the carry-over each head their sources (北京's 收入总表).
        let heads_sources =
            is_source_group(group) && !leaf.starts_with(['结', '转', '余', '和', '及', '、']);
        if leaf.chars().count() < 2
            || !(group.ends_with('费') || group.ends_with("支出") || heads_sources)
        {
            continue;
        }
        let (Some(g), Some(l)) = (key_for(group), key_for(leaf)) else {
            continue;
        };
        if heads_sources && FUND_SOURCE_KEYS.contains(&l) {
            return Some((group.to_string(), leaf.to_string()));
        }
        // A measure (预算数) or a total under a label names no leaf of a group.
        let measure = matches!(l, "budget" | "actual" | "total");
        if g != l && !measure && !is_text_key(g) && !is_text_key(l) && key_for(&label) == Some(g) {
            return Some((group.to_string(), leaf.to_string()));
        }
    }
    None
}

fn leaf_columns_as_printed(header: &[&Row]) -> Vec<HeaderColumn> {
    let Some(leaf) = header.last() else {
        return Vec::new();
    };
    let leaf_texts: Vec<String> = leaf
        .cells
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();
    let Some(parent) = header.len().checked_sub(2).and_then(|i| header.get(i)) else {
        return leaf_texts
            .into_iter()
            .map(|label| HeaderColumn {
                label,
                parent: None,
            })
            .collect();
    };
    // A reader that expands merged cells gives both rows the same grid: take the parent above.
    // Where the source wrote no spans (a TAB export, a text table), a parent's text sits in its
    // first position and the positions it covers are empty: an empty cell above a leaf label
    // continues the parent on its left, if that parent stood over a leaf label too.
    // Some writers drop spans and pack a row's cells to the left, padding it with empty cells at
    // its end: labels with no gap between them and only blanks after are a compact row, the same
    // row a text layout writes without the padding.
    let parent_texts: Vec<&str> = parent.cells.iter().map(|c| c.text.trim()).collect();
    let filled = parent_texts
        .iter()
        .rposition(|t| !t.is_empty())
        .map_or(0, |i| i + 1);
    let packed = filled < parent_texts.len()
        && parent_texts[..filled].iter().all(|t| !t.is_empty())
        && !parent.cells.iter().any(|c| c.covered || c.col_span > 1);
    if parent.cells.len() == leaf.cells.len() && leaf.cells.len() > 1 && !packed {
        let spans_written = parent.cells.iter().any(|c| c.covered || c.col_span > 1);
        let mut current: Option<String> = None;
        let mut current_is_group = false;
        return leaf_texts
            .into_iter()
            .zip(&parent.cells)
            .map(|(label, above)| {
                let above_text = above.text.trim();
                let continues = !spans_written
                    && above_text.is_empty()
                    && !label.is_empty()
                    && current_is_group;
                if !above.covered && !continues {
                    current = Some(above_text.to_string()).filter(|s| !s.is_empty());
                    current_is_group = !label.is_empty() && current.is_some();
                }
                match (label.is_empty(), current.clone()) {
                    (true, Some(p)) => {
                        current_is_group = false;
                        HeaderColumn {
                            label: p,
                            parent: None,
                        }
                    }
                    (_, p) => HeaderColumn {
                        label,
                        parent: p.filter(|_| {
                            above.col_span > 1 || above.covered || continues || !spans_written
                        }),
                    },
                }
            })
            .collect();
    }
    // Compact parent row: a blank leaf cell takes the next parent label as its own; a 小计 leaf
    // opens a group under the next parent label; other leaf labels stand on their own.
    let parents: Vec<String> = parent
        .cells
        .iter()
        .take(if packed { filled } else { parent.cells.len() })
        .map(|c| c.text.trim().to_string())
        .collect();
    let mut next = 0usize;
    if parents
        .first()
        .is_some_and(|p| p.contains("科目") || squeeze(p) == "项目")
        && leaf_texts
            .first()
            .is_some_and(|l| l.contains("编码") || l.contains("科目") || l.contains("类"))
    {
        next = 1;
    }
    let leaf_has_gaps = leaf_texts.iter().any(|l| l.is_empty());
    let mut group: Option<String> = None;
    let mut columns = Vec::with_capacity(leaf_texts.len());
    for label in leaf_texts {
        if label.is_empty() {
            group = None;
            let own = parents.get(next).cloned().unwrap_or_default();
            next += 1;
            columns.push(HeaderColumn {
                label: own,
                parent: None,
            });
        } else if is_subtotal(&label) {
            let p = parents.get(next).cloned();
            if leaf_has_gaps {
                next += 1;
            }
            group = p.clone();
            columns.push(HeaderColumn { label, parent: p });
        } else {
            columns.push(HeaderColumn {
                label,
                parent: group.clone(),
            });
        }
    }
    columns
}

/// Keys of the columns that name where revenue comes from.
const FUND_SOURCE_KEYS: &[&str] = &[
    "general_budget",
    "government_fund",
    "state_capital",
    "fiscal_special_account",
    "business_income",
    "unit_funds",
];

/// Assigns each leaf column a stable key, unique within the table. A `合计` under a parent takes
/// the parent's key (`公务用车购置及运行费/小计` is `vehicles`), unless that parent stands over
/// every amount column: then it is the table's total.
pub fn assign_keys(columns: &[HeaderColumn]) -> Vec<(String, String)> {
    let amount_columns: Vec<&HeaderColumn> = columns
        .iter()
        .filter(|c| !key_for(&c.label).is_some_and(is_text_key))
        .collect();
    let over_all = |parent: &str| {
        amount_columns.len() > 1
            && amount_columns
                .iter()
                .all(|c| c.parent.as_deref() == Some(parent))
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        let parent_key = column
            .parent
            .as_deref()
            .filter(|p| !over_all(p))
            .and_then(key_for);
        let mut own_key = key_for(&column.label);
        // 基本支出's 小计 whose group label went missing still opens the group of its halves.
        if column.parent.is_none()
            && squeeze(&column.label) == "小计"
            && columns
                .get(i + 1)
                .is_some_and(|next| key_for(&next.label) == Some("personnel"))
        {
            own_key = Some("basic");
        }
        // Likewise 本年收入's 小计, between the 总计 and the fund sources, where a 上年结转 group
        // follows (总计 | 本年收入{小计, 一般公共预算, …} | 上年结转结余{小计, …}).
        if column.parent.is_none()
            && squeeze(&column.label) == "小计"
            && i > 0
            && key_for(&columns[i - 1].label) == Some("total")
            && columns
                .get(i + 1)
                .and_then(|next| key_for(&next.label))
                .is_some_and(|k| FUND_SOURCE_KEYS.contains(&k))
            && columns[i + 1..]
                .iter()
                .any(|c| c.parent.as_deref().and_then(key_for) == Some("carryover_prior"))
        {
            own_key = Some("revenue");
        } else if column.parent.is_none()
            && matches!(squeeze(&column.label).as_str(), "小计" | "合计")
            && i > 0
            && key_for(&columns[i - 1].label) == Some("total")
            && columns
                .get(i + 1)
                .is_some_and(|next| key_for(&next.label) == Some("general_budget"))
            && !columns[i + 1..]
                .iter()
                .any(|c| matches!(squeeze(&c.label).as_str(), "小计" | "合计"))
        {
            // Otherwise a second total between the 总计 and 一般公共预算 is the 小计 of the
            // 财政拨款 group whose label, centred over the group, went to a neighbour: a group's
            // subtotal stands first under it, and the appropriation's sources follow. Where
            // another 小计 follows, the groups are this year's revenue and the carry-over (北京),
            // each with all its sources, and the first 小计 is no appropriation.
            own_key = Some("appropriation");
        }
        let mut key = match (own_key, parent_key) {
            (Some("total"), Some(p))
                if !is_text_key(p) && p != "budget" && p != "actual" && p != "subject" =>
            {
                p.to_string()
            }
            (Some(k), _) => k.to_string(),
            (None, _) if column.label.trim().is_empty() => format!("column_{}", i + 1),
            (None, _) => format!("column_{}", i + 1),
        };
        if out.iter().any(|(k, _)| *k == key) {
            key = match parent_key {
                // The fund's own money beside its bonds: 一般公共预算/一般公共预算资金.
                Some(p) if p == key => format!("{key}_funds"),
                Some(p) if p != key && !out.iter().any(|(k, _)| *k == format!("{p}_{key}")) => {
                    format!("{p}_{key}")
                }
                _ => format!("{key}_{}", i + 1),
            };
        }
        let label = match &column.parent {
            Some(p) if !p.is_empty() && *p != column.label => {
                format!("{}/{}", squeeze(p), squeeze(&column.label))
            }
            _ => squeeze(&column.label),
        };
        out.push((key, label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Cell;

    fn row(cells: &[&str]) -> Row {
        Row::new(cells.iter().map(|c| Cell::text(*c)).collect())
    }

    fn keys(header: &[Row]) -> Vec<String> {
        let refs: Vec<&Row> = header.iter().collect();
        assign_keys(&leaf_columns(&refs))
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// A row of merged cells: `(text, span)`, each covering the positions after it.
    fn merged(cells: &[(&str, u32)]) -> Row {
        let mut out = Vec::new();
        for (text, span) in cells {
            let mut cell = Cell::text(*text);
            cell.col_span = *span;
            out.push(cell);
            for _ in 1..*span {
                let mut covered = Cell::text("");
                covered.covered = true;
                out.push(covered);
            }
        }
        Row::new(out)
    }

    #[test]
    fn a_column_under_no_parent_in_the_row_above_takes_the_one_higher_up() {
        // 总计 spans two rows over its funds; 公务用车购置及运行费 stands over 小计 and 购置费.
        let funds = ["一般公共预算", "政府性基金预算"];
        let mut leaves = vec!["单位"];
        for _ in 0..3 {
            leaves.extend(funds);
        }
        let h = [
            merged(&[("", 1), ("总计", 2), ("公务用车购置及运行费", 4)]),
            merged(&[("", 1), ("", 2), ("小计", 2), ("购置费", 2)]),
            row(&leaves),
        ];
        let refs: Vec<&Row> = h.iter().collect();
        let assigned = assign_keys(&leaf_columns(&refs));
        let keys: Vec<&str> = assigned.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys[1..],
            [
                "general_budget",
                "government_fund",
                "vehicles_general_budget",
                "vehicles_government_fund",
                "vehicle_purchase_general_budget",
                "vehicle_purchase_government_fund",
            ]
        );
        assert_eq!(assigned[1].1, "总计/一般公共预算");
        assert_eq!(assigned[3].1, "公务用车购置及运行费/小计/一般公共预算");
    }

    #[test]
    fn source_groups_run_from_their_subtotals_wherever_their_labels_were_printed() {
        // 苏州's 收入总表: `上年结转结余`, centred over its run, printed left of where the run
        // starts, over 事业收入.
        let leaves = [
            "部门代码",
            "部门名称",
            "合计",
            "小计",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
            "财政专户管理资金",
            "事业收入",
            "事业单位经营收入",
            "上级补助收入",
            "附属单位上缴收入",
            "其他收入",
            "小计",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
            "财政专户管理资金",
            "单位资金",
        ];
        let mut groups = [""; 19];
        groups[7] = "本年收入";
        groups[8] = "上年结转结余";
        let h = [row(&groups), row(&leaves)];
        let refs: Vec<&Row> = h.iter().collect();
        let assigned = assign_keys(&leaf_columns(&refs));
        let key = |i: usize| assigned[i].0.as_str();
        let label = |i: usize| assigned[i].1.as_str();
        assert_eq!(
            (key(2), key(3), key(8), key(12)),
            ("total", "revenue", "business_income", "other_income")
        );
        assert_eq!(
            (key(13), key(14), key(18)),
            (
                "carryover_prior",
                "carryover_prior_general_budget",
                "unit_funds"
            )
        );
        assert_eq!(label(2), "合计");
        assert!(
            (3..13).all(|i| label(i).starts_with("本年收入/")),
            "{assigned:?}"
        );
        assert!(
            (13..19).all(|i| label(i).starts_with("上年结转结余/")),
            "{assigned:?}"
        );
    }

    #[test]
    fn functional_table_header() {
        let h = [
            row(&["功能分类科目", "2026年预算数"]),
            row(&["科目编码", "科目名称", "小计", "基本支出", "项目支出"]),
        ];
        assert_eq!(keys(&h), ["code", "name", "total", "basic", "project"]);
    }

    #[test]
    fn procurement_reserved_for_small_firms_is_a_figure() {
        // 深圳's 支出总表: the shares of procurement reserved for small firms name 项目 in their
        // labels but hold figures.
        let h = [row(&[
            "预算单位",
            "科目编码",
            "科目名称",
            "支出总计",
            "小计",
            "2026年政府采购项目其中：2026年政府采购项目中预留给中小企业的项目资金规模",
            "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模",
        ])];
        let k = keys(&h);
        assert_eq!(k[5..], ["sme_reserve", "small_firm_reserve"]);
        assert!(!is_text_key(&k[5]) && !is_text_key(&k[6]));
    }

    #[test]
    fn budget_printed_as_a_bare_measure() {
        for label in ["预算", "本年预算", "2026年预算", "2026年预算数"] {
            assert_eq!(key_for(label), Some("budget"), "{label}");
        }
        // Inside a longer label 预算 names a fund.
        assert_eq!(key_for("一般公共预算"), Some("general_budget"));
        assert_eq!(key_for("政府性基金预算"), Some("government_fund"));
    }

    #[test]
    fn revenue_header_with_blank_leaf_cells() {
        let h = [
            row(&[
                "科目",
                "总计",
                "一般公共预算拨款收入",
                "事业收入",
                "其他收入",
            ]),
            row(&["科目编码", "科目名称", "", "", "", ""]),
        ];
        assert_eq!(
            keys(&h),
            [
                "code",
                "name",
                "total",
                "general_budget",
                "business_income",
                "other_income"
            ]
        );
    }

    #[test]
    fn three_public_groups() {
        let h = [
            row(&[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务接待费",
            ]),
            row(&["", "", "小计", "公务用车购置费", "公务用车运行费", ""]),
        ];
        assert_eq!(
            keys(&h),
            [
                "total",
                "outbound_travel",
                "vehicles",
                "vehicle_purchase",
                "vehicle_operation",
                "official_reception"
            ]
        );
    }

    #[test]
    fn three_public_groups_in_every_grid_writers_use() {
        let expected = [
            "total",
            "outbound_travel",
            "vehicles",
            "vehicle_purchase",
            "vehicle_operation",
            "official_reception",
        ];
        let leaf = ["", "", "小计", "公务用车购置费", "公务用车运行费", ""];
        // Merged cells written in their first position (a TAB export).
        let expanded = [
            row(&[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "",
                "",
                "公务接待费",
            ]),
            row(&leaf),
        ];
        assert_eq!(keys(&expanded), expected);
        // Spans dropped and the row packed to the left (pandoc).
        let packed = [
            row(&[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务接待费",
                "",
                "",
            ]),
            row(&leaf),
        ];
        assert_eq!(keys(&packed), expected);
    }

    #[test]
    fn fund_table_with_codes_in_parent_row() {
        let h = [
            row(&["科目编码", "科目名称", "本年政府性基金预算财政拨款支出"]),
            row(&["", "", "总计", "基本支出", "项目支出"]),
        ];
        assert_eq!(keys(&h), ["code", "name", "total", "basic", "project"]);
    }

    #[test]
    fn an_expenditure_table_split_by_the_money_paying_for_it() {
        // 深圳's 基本支出总表: the 财政拨款 group's 小计 under a label centred off it, and the
        // carry-over printed 上年结余、结转.
        let h = [row(&[
            "支出项目类别",
            "总计",
            "小计",
            "财政拨款一般公共预算拨款",
            "政府性基金预算拨款",
            "国有资本经营预算拨款",
            "财政专户管理资金",
            "事业收入",
            "上年结余、结转",
        ])];
        assert_eq!(
            keys(&h),
            [
                "item",
                "total",
                "appropriation",
                "general_budget",
                "government_fund",
                "state_capital",
                "fiscal_special_account",
                "business_income",
                "carryover_prior"
            ]
        );
        // 广州's: the unit's own money is 其他资金, and 国有资本经营预算 misprinted without 营.
        let h = [row(&[
            "支出项目类别（资金使用单位）",
            "总计",
            "合计",
            "一般公共预算",
            "国有资本经预算",
            "财政专户拨款",
            "其他资金",
        ])];
        assert_eq!(
            keys(&h),
            [
                "item",
                "total",
                "appropriation",
                "general_budget",
                "state_capital",
                "fiscal_special_account",
                "unit_funds"
            ]
        );
        // 北京's 收入总表: 合计 | 本年收入{小计, sources…} | 上年结转结余{小计, sources…}, the group
        // labels lost: the first 小计 is not the appropriation's.
        let h = [row(&[
            "单位编码",
            "合计",
            "小计",
            "一般公共预算资金",
            "事业收入",
            "小计",
            "一般公共预算资金",
        ])];
        assert_ne!(keys(&h)[2], "appropriation");
        // The same, with each group's label read into one cell of its group: the group still
        // runs from its 小计 to the next, and its sources are the carry-over's.
        let h = [row(&[
            "单位编码",
            "合计",
            "小计",
            "一般公共预算资金",
            "本年收入财政专户管理资金",
            "事业收入",
            "小计",
            "一般公共预算资金",
            "上年结转结余国有资本经营预算",
            "单位资金",
        ])];
        assert_eq!(
            keys(&h),
            [
                "code",
                "total",
                "revenue",
                "general_budget",
                "fiscal_special_account",
                "business_income",
                "carryover_prior",
                "carryover_prior_general_budget",
                "state_capital",
                "unit_funds"
            ]
        );
        assert_eq!(labels(&h)[8], "上年结转结余/国有资本经营预算");
        // A second total before anything but the appropriation's sources is no subtotal of them.
        let h = [row(&["科目名称", "合计", "小计", "人员经费", "公用经费"])];
        assert_eq!(keys(&h), ["name", "total", "basic", "personnel", "public"]);
    }

    #[test]
    fn hangzhou_headers_numbered_and_run_together() {
        // Labels over a row of column numbers; 基本支出's group label lost over its 小计.
        let h = [
            row(&[
                "功能分类科目名称",
                "合计",
                "小计",
                "人员经费",
                "日常公用支出",
                "项目支出",
            ]),
            row(&["**", "1", "2", "3", "4", "5"]),
        ];
        assert_eq!(
            keys(&h),
            ["name", "total", "basic", "personnel", "public", "project"]
        );
        assert_eq!(labels(&h)[1], "合计");
        // The 三公 table: its own total named 三公经费合计, and the 公务用车 group label read
        // into the cell of the leaf under it.
        let h = [row(&[
            "单位名称",
            "“三公”经费合计",
            "因公出国(境)费用",
            "小计",
            "公务用车购置及运行费公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
        ])];
        assert_eq!(
            keys(&h),
            [
                "unit",
                "total",
                "outbound_travel",
                "vehicles",
                "vehicle_purchase",
                "vehicle_operation",
                "official_reception"
            ]
        );
        // A measure under a label is no leaf of a group: 机关运行经费预算数 stays one column.
        let h = [row(&["机关运行经费预算数"])];
        assert_eq!(keys(&h), ["operating_expenses"]);
    }

    fn labels(header: &[Row]) -> Vec<String> {
        let refs: Vec<&Row> = header.iter().collect();
        assign_keys(&leaf_columns(&refs))
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn parent_row_padded_to_the_grid_reads_like_the_compact_one() {
        let leaf = ["科目编码", "科目名称", "总计", "人员经费", "日常公用经费"];
        let compact = [row(&["经济分类科目", "2026年基本支出"]), row(&leaf)];
        let padded = [
            row(&["经济分类科目", "2026年基本支出", "", "", ""]),
            row(&leaf),
        ];
        let expected = [
            "科目编码",
            "科目名称",
            "2026年基本支出/总计",
            "2026年基本支出/人员经费",
            "2026年基本支出/日常公用经费",
        ];
        assert_eq!(labels(&compact), expected);
        assert_eq!(labels(&padded), expected);
        assert_eq!(
            keys(&padded),
            ["code", "name", "total", "personnel", "public"]
        );
    }

    #[test]
    fn total_leaf_opens_its_group_under_row_spanning_labels() {
        let expected = [
            "科目编码",
            "科目名称",
            "本年政府性基金预算财政拨款支出/总计",
            "本年政府性基金预算财政拨款支出/基本支出",
            "本年政府性基金预算财政拨款支出/项目支出",
        ];
        let leaf = ["", "", "总计", "基本支出", "项目支出"];
        let compact = [
            row(&["科目编码", "科目名称", "本年政府性基金预算财政拨款支出"]),
            row(&leaf),
        ];
        let expanded = [
            row(&[
                "科目编码",
                "科目名称",
                "本年政府性基金预算财政拨款支出",
                "",
                "",
            ]),
            row(&leaf),
        ];
        assert_eq!(labels(&compact), expected);
        assert_eq!(labels(&expanded), expected);
    }
}
