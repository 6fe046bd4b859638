//! The two-sided summary tables (收支总表, 财政拨款收支总表, and their 决算 forms) as a text
//! layer prints them: a wrapped row label comes out as a second row holding the rest of the label, a
//! figure centred in a two-line cell as a row of its own above the label, and two labels can run
//! together into one cell. Each side is put back together on its own.

use super::cells::{bare, is_numbered};
use crate::extract::model::{ExtractedTable, LineItem, Side};
use crate::extract::title::squeeze;
use regex::Regex;
use std::sync::LazyLock;

/// The rows the final-accounts summary tables print, numbering left out.
const KNOWN_ROWS: &[&str] = &[
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "本年收入合计",
    "使用非财政拨款结余（含专用结余）",
    "使用非财政拨款结余",
    "年初结转和结余",
    "年初财政拨款结转和结余",
    "本年支出合计",
    "结余分配",
    "年末结转和结余",
    "年末财政拨款结转和结余",
    "总计",
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "社会保险基金支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "预备费",
    "其他支出",
    "转移性支出",
    "债务还本支出",
    "债务付息支出",
    "债务发行费用支出",
    "抗疫特别国债安排的支出",
];

/// A second numbered label run into the first: `十七、援助其他地区支出十八、自然…`.
static RUN_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[一二三四五六七八九十]+、").expect("static regex"));

fn known(name: &str) -> bool {
    is_known_row(name)
}

/// A row the summary tables print, numbering aside.
pub(super) fn is_known_row(name: &str) -> bool {
    let b = bare(name);
    KNOWN_ROWS.iter().any(|k| squeeze(k) == b)
}

fn is_blank(item: &LineItem) -> bool {
    item.values.0.iter().all(|(_, v)| v.is_none())
}

/// Whether `next` is the rest of `previous`'s wrapped label: together they make a row the
/// summary tables print. The rest of a label brings no figure into a column where the label's
/// first line has one: a row with figures of its own there (an unnumbered 款 below its 类) is a
/// row. Two labels that make no known row together stay two rows: a summary prints rows with
/// no figures (a fund it had none of), and joining them would lose one.
fn continues(previous: &LineItem, next: &LineItem) -> bool {
    if next.name.is_empty()
        || is_numbered(&next.name)
        || next.total
        || known(&next.name)
        || !free_for(previous, next)
    {
        return false;
    }
    let joined = format!("{}{}", squeeze(&previous.name), squeeze(&next.name));
    known(&joined)
}

/// Splits a label that holds two numbered labels into two rows (only a row with no figures:
/// which label its figures would belong to is unknown).
fn split_run_in(items: Vec<LineItem>) -> Vec<LineItem> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let name = squeeze(&item.name);
        let second = RUN_IN
            .find_iter(&name)
            .find(|m| m.start() > 0)
            .map(|m| m.start());
        match second {
            Some(at) if is_blank(&item) && is_numbered(&name) => {
                let mut first = item.clone();
                first.name = name[..at].to_string();
                let mut rest = item;
                rest.name = name[at..].to_string();
                out.push(first);
                out.push(rest);
            }
            _ => out.push(item),
        }
    }
    out
}

fn take_values(into: &mut LineItem, from: &LineItem) {
    for (key, value) in &from.values.0 {
        if value.is_none() {
            continue;
        }
        match into.values.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) if slot.is_none() => *slot = *value,
            Some(_) => {}
            None => into.values.0.push((key.clone(), *value)),
        }
    }
    into.raw
        .extend(from.raw.iter().filter(|t| !t.is_empty()).cloned());
}

fn free_for(item: &LineItem, figures: &LineItem) -> bool {
    figures
        .values
        .0
        .iter()
        .filter(|(_, v)| v.is_some())
        .all(|(k, _)| item.values.amount(k).is_none())
}

/// One side, put back together.
fn repair_side(items: Vec<LineItem>) -> (Vec<LineItem>, usize) {
    let mut out: Vec<LineItem> = Vec::new();
    let mut pending: Option<LineItem> = None;
    let mut stray = 0;
    for item in split_run_in(items) {
        if item.name.trim().is_empty() {
            match pending.as_mut() {
                Some(p) if free_for(p, &item) => take_values(p, &item),
                _ => {
                    if let Some(p) = pending.replace(item) {
                        stray += give_back(p, &mut out);
                    }
                }
            }
            continue;
        }
        if let Some(last) = out.last_mut() {
            if continues(last, &item) {
                last.name = format!("{}{}", squeeze(&last.name), squeeze(&item.name));
                take_values(last, &item);
                continue;
            }
        }
        let mut item = item;
        if let Some(p) = pending.take() {
            if free_for(&item, &p) {
                take_values(&mut item, &p);
                item.row = item.row.min(p.row);
            } else {
                stray += give_back(p, &mut out);
            }
        }
        out.push(item);
    }
    if let Some(p) = pending {
        stray += give_back(p, &mut out);
    }
    (out, stray)
}

/// Figures no later row took go to the row before, else stay a row of their own.
fn give_back(p: LineItem, out: &mut Vec<LineItem>) -> usize {
    match out.last_mut() {
        Some(last) if free_for(last, &p) => {
            take_values(last, &p);
            0
        }
        _ => {
            out.push(p);
            1
        }
    }
}

/// Puts both sides of a two-sided table back together, rows in their printed order. Returns
/// how many figures found no row.
pub(super) fn repair(table: &mut ExtractedTable) -> usize {
    let mut stray = 0;
    let mut all: Vec<LineItem> = Vec::new();
    for side in [Side::Revenue, Side::Expenditure] {
        let items: Vec<LineItem> = table
            .rows
            .iter()
            .filter(|r| r.side == Some(side))
            .cloned()
            .collect();
        let (items, s) = repair_side(items);
        stray += s;
        all.extend(items);
    }
    all.extend(table.rows.iter().filter(|r| r.side.is_none()).cloned());
    all.sort_by_key(|r| r.row);
    for item in all.iter_mut() {
        if item.name.is_empty() {
            continue;
        }
        if item.code.is_none() && super::cells::is_total_label(&item.name) {
            item.total = true;
        }
    }
    table.rows = all;
    stray
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Values;
    use crate::money::{Amount, Fen};

    fn item(row: usize, side: Side, name: &str, value: Option<i64>) -> LineItem {
        LineItem {
            row,
            side: Some(side),
            name: name.to_string(),
            values: Values(vec![(
                "actual".to_string(),
                value.map(|f| Amount {
                    fen: Fen(f),
                    decimals: 2,
                }),
            )]),
            ..LineItem::default()
        }
    }

    #[test]
    fn wrapped_labels_lone_figures_and_run_in_labels() {
        let (items, stray) = repair_side(vec![
            item(2, Side::Revenue, "", Some(29_400_500)),
            item(3, Side::Revenue, "一、一般公共预算财政拨款", None),
            item(4, Side::Revenue, "二、政府性基金预算财政拨", None),
            item(6, Side::Revenue, "款", None),
            item(
                8,
                Side::Revenue,
                "十七、援助其他地区支出十八、自然资源海洋气象等支出",
                None,
            ),
            item(9, Side::Revenue, "年初财政拨款结转和结余", Some(2_163_000)),
        ]);
        assert_eq!(stray, 0);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "一、一般公共预算财政拨款",
                "二、政府性基金预算财政拨款",
                "十七、援助其他地区支出",
                "十八、自然资源海洋气象等支出",
                "年初财政拨款结转和结余"
            ]
        );
        assert_eq!(items[0].values.get("actual"), Some(Fen(29_400_500)));
    }
}
