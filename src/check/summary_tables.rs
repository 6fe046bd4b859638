//! The two-sided summary tables (部门收支总表, 财政拨款收支总表): each side read into sections,
//! items and totals, and checked on its own and against the other side.

use super::figure::{
    cell, column_label, compare_into, count_of, kind_name, table_unit, Claim, Figure,
};
use super::{rule, Checks, Relation};
use crate::extract::model::{Disclosure, ExtractedTable, LineItem, Side, TableKind};
use crate::extract::title::squeeze;
use crate::money::{Fen, Unit};
use regex::Regex;
use std::sync::LazyLock;

static ANY_NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[、.．])\s*",
    )
    .expect("static regex")
});

/// Whether a name can start with numbering at all: a Chinese numeral, an opening bracket or a
/// digit (`\d`, which is numeric). Most names do not, and skip the regular expressions.
fn starts_numbering(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '('
    ) || c.is_numeric()
}

pub(crate) use crate::extract::title::is_chinese_numbered;

/// A row name without its numbering (`一、本年收入` → `本年收入`, `1. 一般公共预算资金` →
/// `一般公共预算资金`), squeezed.
pub(crate) fn bare_name(name: &str) -> String {
    let squeezed = squeeze(name);
    if !squeezed.starts_with(starts_numbering) {
        return squeezed;
    }
    match ANY_NUMBERING.replace(&squeezed, "") {
        std::borrow::Cow::Owned(bare) => bare,
        std::borrow::Cow::Borrowed(_) => squeezed,
    }
}

/// One numbered section of a side (`一、本年收入` and the items below it), or a lone item.
pub(crate) struct Section<'a> {
    /// The numbered row, `None` for items before the first numbered row.
    pub header: Option<&'a LineItem>,
    pub items: Vec<&'a LineItem>,
}

/// The value of a Chinese section number (`一` → 1, `十二` → 12, `二十一` → 21).
pub(super) fn chinese_number(numeral: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = numeral.chars().collect();
    match chars.as_slice() {
        [d] if *d == '十' => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

impl Section<'_> {
    /// The number of its numbered row (`三、` → 3).
    fn number(&self) -> Option<u32> {
        let name = squeeze(&self.header?.name);
        let end = name.find(['、', '.', '．'])?;
        chinese_number(&name[..end])
    }

    /// True for 上年结转 / 结转下年 / 结余 sections.
    pub fn is_carryover(&self) -> bool {
        self.header.is_some_and(|h| is_carryover_name(&h.name))
    }
}

fn is_carryover_name(name: &str) -> bool {
    let n = squeeze(name);
    n.contains("结转") || n.contains("结余")
}

/// One side of a two-sided table.
pub(crate) struct SideModel<'a> {
    pub table: &'a ExtractedTable,
    pub side: Side,
    pub grand: Option<&'a LineItem>,
    /// `本年收入合计` / `本年支出合计`.
    pub subtotal: Option<&'a LineItem>,
    /// Sections before the subtotal (all sections when there is none).
    pub before: Vec<Section<'a>>,
    /// Sections after the subtotal.
    pub after: Vec<Section<'a>>,
}

impl<'a> SideModel<'a> {
    pub fn read(table: &'a ExtractedTable, side: Side) -> SideModel<'a> {
        let rows: Vec<&LineItem> = table.rows.iter().filter(|r| r.side == Some(side)).collect();
        // A numbered total (杭州's `一、本年支出合计` over its 类, then `二、年终结转结余`) heads a
        // section of the side: its items follow it and the grand total adds it to the next.
        let is_total = |r: &LineItem| r.total && !is_chinese_numbered(&squeeze(&r.name));
        let totals: Vec<&LineItem> = rows.iter().copied().filter(|r| is_total(r)).collect();
        let grand = totals
            .iter()
            .copied()
            .find(|r| squeeze(&r.name).ends_with("总计"))
            .or_else(|| {
                totals.iter().copied().find(|r| {
                    let name = squeeze(&r.name);
                    !name.starts_with("本年") && !name.starts_with("当年")
                })
            });
        // Any other total row (本年收入合计 beside 收入总计, 当年收入小计 beside 收入合计)
        // closes this year's part.
        let subtotal = totals.iter().copied().find(|r| Some(*r) != grand);
        let mut before: Vec<Section> = Vec::new();
        let mut after: Vec<Section> = Vec::new();
        let mut past_subtotal = false;
        for row in rows {
            if is_total(row) {
                if Some(row) == subtotal {
                    past_subtotal = true;
                }
                continue;
            }
            let name = squeeze(&row.name);
            // Parts of another item: `其中` rows, and rows nested under an item (see
            // `extract::nesting`).
            if name.starts_with("其中") || (row.code.is_none() && row.level.is_some_and(|l| l > 2))
            {
                continue;
            }
            if name.is_empty() && row.values.0.iter().all(|(_, v)| v.is_none()) {
                continue;
            }
            // After the subtotal, funds numbered under a carry-over row (`上年结转结余`, then
            // `一、一般公共预算拨款`, `二、政府性基金预算拨款`) break that row down: they are its
            // items, not more money on top of it.
            if past_subtotal && is_chinese_numbered(&name) && fund_of(&name).is_some() {
                if let Some(section) = after.last_mut() {
                    if section.header.is_some_and(|h| is_carryover_name(&h.name)) {
                        section.items.push(row);
                        continue;
                    }
                    if section.header.is_none()
                        && section
                            .items
                            .last()
                            .is_some_and(|r| is_carryover_name(&r.name))
                    {
                        let carried = section.items.pop();
                        if section.items.is_empty() {
                            after.pop();
                        }
                        after.push(Section {
                            header: carried,
                            items: vec![row],
                        });
                        continue;
                    }
                }
            }
            let list = if past_subtotal {
                &mut after
            } else {
                &mut before
            };
            if is_chinese_numbered(&name) {
                list.push(Section {
                    header: Some(row),
                    items: Vec::new(),
                });
            } else {
                match list.last_mut() {
                    Some(section) => section.items.push(row),
                    None => list.push(Section {
                        header: None,
                        items: vec![row],
                    }),
                }
            }
        }
        let mut model = SideModel {
            table,
            side,
            grand,
            subtotal,
            before,
            after,
        };
        model.nest_restarted_list();
        model
    }

    /// Some templates number a side's breakdown inside one of its sections with the section's
    /// own numerals (`一、本年支出`, then `一、一般公共服务支出`, `二、外交支出` … `三十一、往来性支出`,
    /// then `二、年终结转结余`). Read as lists side by side, the breakdown's rows interleave with
    /// the side's; read as nested, the breakdown is the items of the numbered row just above its
    /// `一`. The printed sums decide between the two readings: the nested one is taken when
    /// more of its sums hold (the side's list against its total, the breakdown against its row).
    fn nest_restarted_list(&mut self) {
        let Some(key) = self.main_key() else {
            return;
        };
        let Some(target) = self.subtotal.or(self.grand) else {
            return;
        };
        let numbers: Vec<Option<u32>> = self.before.iter().map(Section::number).collect();
        let Some(opens) = (1..self.before.len()).find(|&i| {
            numbers[i] == Some(1)
                && numbers[i - 1].is_some()
                && self.before[i - 1].items.is_empty()
                && self.before[i - 1]
                    .header
                    .is_some_and(|h| h.values.amount(key).is_some())
        }) else {
            return;
        };
        let mut end = opens;
        while end < self.before.len() && numbers[end] == Some((end - opens + 1) as u32) {
            end += 1;
        }
        let unit = table_unit(self.table);
        let holds = |whole: &LineItem, parts: &mut dyn Iterator<Item = &LineItem>| {
            let Some(printed) = whole.values.amount(key) else {
                return false;
            };
            let mut sum = 0i64;
            let mut slack = unit.half_unit_of_last_digit(printed.decimals);
            for amount in parts.filter_map(|p| p.values.amount(key)) {
                sum += amount.fen.0;
                slack += unit.half_unit_of_last_digit(amount.decimals);
            }
            (printed.fen.0 - sum).abs() <= slack
        };
        // What a section adds to a sum, as `contribution` counts it.
        let counted = |s: &Section<'a>| -> Vec<&'a LineItem> {
            match s.header {
                Some(h) if h.values.amount(key).is_some() || s.items.is_empty() => vec![h],
                _ => s.items.clone(),
            }
        };
        let flat_holds = self
            .lists_before()
            .iter()
            .filter(|list| holds(target, &mut list.iter().flat_map(|s| counted(s))))
            .count();
        let parent = &self.before[opens - 1];
        let Some(parent_row) = parent.header else {
            return;
        };
        let nested = &self.before[opens..end];
        let mut outer = self.before[..opens]
            .iter()
            .chain(&self.before[end..])
            .flat_map(counted);
        let nested_holds = usize::from(holds(target, &mut outer))
            + usize::from(holds(
                parent_row,
                &mut nested.iter().filter_map(|s| s.header),
            ));
        if nested_holds <= flat_holds {
            return;
        }
        let breakdown: Vec<&'a LineItem> = self
            .before
            .drain(opens..end)
            .filter_map(|s| s.header)
            .collect();
        self.before[opens - 1].items = breakdown;
    }

    /// The side's amount columns, each key once (a side printing two breakdowns has an amount
    /// column beside each, under one key). A column no row of the side prints an amount in is
    /// none of its measures: a piece of a header the layout set apart (`支           出`).
    pub fn keys(&self) -> Vec<&'a str> {
        let mut keys: Vec<&'a str> = Vec::new();
        for c in &self.table.columns {
            let key = c.key.as_str();
            let printed = self
                .table
                .rows
                .iter()
                .any(|r| r.side == Some(self.side) && r.values.get(key).is_some());
            if c.amount && c.side == Some(self.side) && printed && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// The one amount a row of this side is read by: `total`, else the first amount column.
    pub fn main_key(&self) -> Option<&'a str> {
        let keys = self.keys();
        keys.iter()
            .copied()
            .find(|k| *k == "total")
            .or_else(|| keys.first().copied())
    }

    /// The sections before the subtotal as the lists they form. A side usually numbers one
    /// list (一、二、三、…); some templates print two breakdowns of the same spending side by
    /// side, by function and by purpose, each numbered from 一 and each adding up to the total,
    /// read row by row into one interleaved sequence. A numbered section continues the first
    /// list whose last number is one less, else the first whose last number is lower, else it
    /// starts a list.
    pub fn lists_before(&self) -> Vec<Vec<&Section<'a>>> {
        let mut lists: Vec<(Option<u32>, Vec<&Section<'a>>)> = Vec::new();
        for section in &self.before {
            let Some(n) = section.number() else {
                match lists.last_mut() {
                    Some((_, list)) => list.push(section),
                    None => lists.push((None, vec![section])),
                }
                continue;
            };
            let follows = |last: &Option<u32>, step: bool| match last {
                Some(l) if step => *l + 1 == n,
                Some(l) => *l < n,
                None => true,
            };
            let at = lists
                .iter()
                .position(|(last, _)| follows(last, true))
                .or_else(|| {
                    (n > 1)
                        .then(|| lists.iter().position(|(last, _)| follows(last, false)))
                        .flatten()
                });
            match at {
                Some(i) => {
                    lists[i].0 = Some(n);
                    lists[i].1.push(section);
                }
                None => lists.push((Some(n), vec![section])),
            }
        }
        lists.into_iter().map(|(_, list)| list).collect()
    }

    pub fn sections(&self) -> impl Iterator<Item = &Section<'a>> {
        self.before.iter().chain(&self.after)
    }

    /// The rows that carry figures of their own: each section's items, or the numbered row of a
    /// section without items; with whether the row is a carry-over.
    pub fn leaves(&self) -> Vec<(&'a LineItem, bool)> {
        let mut out = Vec::new();
        for section in self.sections() {
            let carry = section.is_carryover();
            match section.header {
                Some(h) if section.items.is_empty() => out.push((h, carry)),
                _ => out.extend(
                    section
                        .items
                        .iter()
                        .map(|i| (*i, carry || is_carryover_name(&i.name))),
                ),
            }
        }
        out
    }

    /// Rows that list one function (类) each on an expenditure side: items, and numbered rows
    /// with no items below them (`一、一般公共服务支出`); never carry-over or total rows.
    pub fn function_rows(&self) -> Vec<&'a LineItem> {
        self.function_rows_where(|_| false)
    }

    /// As [`SideModel::function_rows`], but a numbered row that itself names a function
    /// (`一、一般公共服务支出` above its 款 and 项) is that function's row, its items its parts.
    pub fn function_rows_where(
        &self,
        names_function: impl Fn(&LineItem) -> bool,
    ) -> Vec<&'a LineItem> {
        let mut out = Vec::new();
        for section in self.sections() {
            if section.is_carryover() {
                continue;
            }
            match section.header {
                Some(h) if names_function(h) => out.push(h),
                Some(h) if section.items.is_empty() => {
                    if !is_carryover_name(&h.name) {
                        out.push(h);
                    }
                }
                _ => out.extend(
                    section
                        .items
                        .iter()
                        .copied()
                        .filter(|i| !is_carryover_name(&i.name)),
                ),
            }
        }
        out
    }

    /// The row that states this year's money from `fund` (see [`fund_of`]), outside carry-over
    /// sections.
    pub fn current_fund_row(&self, fund: &str) -> Option<&'a LineItem> {
        self.sections()
            .filter(|s| !s.is_carryover())
            .flat_map(|s| s.header.into_iter().chain(s.items.iter().copied()))
            .find(|r| fund_of(&r.name) == Some(fund))
    }

    /// The figure this year's part of the side carries: the `一、本年…` section row, else the
    /// 本年…合计 row.
    pub fn current_total(&self) -> Option<&'a LineItem> {
        self.before
            .iter()
            .filter_map(|s| s.header)
            .find(|h| bare_name(&h.name).starts_with("本年"))
            .or(self.subtotal)
    }
}

/// Which fund or revenue source a summary row names, as the column key the same source gets in
/// other tables.
pub(crate) fn fund_of(name: &str) -> Option<&'static str> {
    let n = squeeze(name);
    if is_carryover_name(&n) {
        return None;
    }
    let found = [
        ("一般公共预算", "general_budget"),
        ("政府性基金", "government_fund"),
        ("国有资本经营", "state_capital"),
        ("财政专户", "fiscal_special_account"),
        ("事业单位经营", "operating_income"),
        ("经营收入", "operating_income"),
        ("事业收入", "business_income"),
        ("上级补助", "superior_subsidy"),
        ("附属单位", "subordinate_remittance"),
        ("其他收入", "other_income"),
    ];
    found
        .iter()
        .find(|(word, _)| n.contains(word))
        .map(|(_, key)| *key)
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Revenue => "收入",
        Side::Expenditure => "支出",
    }
}

fn subject(model: &SideModel, row: &LineItem, key: &str) -> String {
    format!(
        "{} {}方 {} [{}]",
        kind_name(model.table.kind),
        side_name(model.side),
        squeeze(&row.name),
        column_label(model.table, key)
    )
}

/// What a section contributes to a total: its numbered row's value, or when that is blank its
/// items'.
fn contribution(model: &SideModel, section: &Section, key: &str) -> Vec<Figure> {
    match section.header {
        Some(h) if h.values.amount(key).is_some() || section.items.is_empty() => {
            vec![cell(model.table, h, key)]
        }
        _ => section
            .items
            .iter()
            .map(|i| cell(model.table, i, key))
            .collect(),
    }
}

/// Rows nested under an item by their sums (`extract::nesting`: a 类's 款 and their 项, uncoded)
/// add up to it. The nesting is read from the sums, so this holds wherever they did; it fails
/// where a row was left blank (its figure missing, its parts printed) and the rows under it were
/// placed by what follows. A section's own items are `summary_section_sum`'s (level 2); this
/// takes the levels below.
fn nested_rows(model: &SideModel, out: &mut Checks) {
    let rows: Vec<&LineItem> = model
        .table
        .rows
        .iter()
        .filter(|r| r.side == Some(model.side) && !r.total && r.code.is_none())
        .collect();
    let depth = |r: &LineItem| r.level.unwrap_or(0);
    for (i, parent) in rows.iter().enumerate() {
        let under: Vec<&LineItem> = rows[i + 1..]
            .iter()
            .take_while(|r| depth(r) > depth(parent))
            .copied()
            .collect();
        let Some(next) = under.iter().map(|r| depth(r)).min().filter(|d| *d >= 3) else {
            continue;
        };
        let children: Vec<&LineItem> = under.into_iter().filter(|r| depth(r) == next).collect();
        for key in model.keys() {
            if parent.values.amount(key).is_none()
                && children.iter().all(|c| c.values.amount(key).is_none())
            {
                continue;
            }
            compare_into(
                out,
                rule::SUMMARY_SECTION_SUM,
                Relation::Equal,
                children.iter().map(|c| cell(model.table, c, key)).collect(),
                vec![cell(model.table, parent, key)],
                || Claim {
                    subject: subject(model, parent, key),
                    expected_is: format!(
                        "the sum of {} nested under it",
                        count_of(children.len(), "row")
                    ),
                },
            );
        }
    }
}

fn side_checks(model: &SideModel, out: &mut Checks) {
    let lists = model.lists_before();
    let of_list = |i: usize| match lists.len() {
        1 => String::new(),
        n => format!(" in list {} of {n}", i + 1),
    };
    for key in model.keys() {
        for section in model.sections() {
            let Some(header) = section.header else {
                continue;
            };
            if header.values.amount(key).is_none()
                || section.items.iter().all(|i| i.values.amount(key).is_none())
            {
                continue;
            }
            compare_into(
                out,
                rule::SUMMARY_SECTION_SUM,
                Relation::Equal,
                section
                    .items
                    .iter()
                    .map(|i| cell(model.table, i, key))
                    .collect(),
                vec![cell(model.table, header, key)],
                || Claim {
                    subject: subject(model, header, key),
                    expected_is: format!("the sum of {}", count_of(section.items.len(), "item")),
                },
            );
        }
        let befores: Vec<Vec<Figure>> = lists
            .iter()
            .map(|list| {
                list.iter()
                    .flat_map(|s| contribution(model, s, key))
                    .collect()
            })
            .collect();
        let after: Vec<Figure> = model
            .after
            .iter()
            .flat_map(|s| contribution(model, s, key))
            .collect();
        if let Some(subtotal) = model.subtotal {
            if subtotal.values.amount(key).is_some() {
                for (i, before) in befores.iter().enumerate().filter(|(_, b)| !b.is_empty()) {
                    compare_into(
                        out,
                        rule::SUMMARY_TOTAL,
                        Relation::Equal,
                        before.clone(),
                        vec![cell(model.table, subtotal, key)],
                        || Claim {
                            subject: subject(model, subtotal, key),
                            expected_is: format!(
                                "the sum of the rows above it ({}){}",
                                before.len(),
                                of_list(i)
                            ),
                        },
                    );
                }
            }
        }
        if let Some(grand) = model.grand {
            if grand.values.amount(key).is_none() {
                continue;
            }
            let comparisons: Vec<(Vec<Figure>, String)> = match model.subtotal {
                Some(subtotal) => {
                    let mut parts = vec![cell(model.table, subtotal, key)];
                    parts.extend(after.iter().cloned());
                    let n = parts.len() - 1;
                    vec![(
                        parts,
                        format!("{} plus the {n} rows after it", squeeze(&subtotal.name)),
                    )]
                }
                None => befores
                    .iter()
                    .enumerate()
                    .map(|(i, before)| {
                        let n = before.len();
                        (
                            before.clone(),
                            format!("the sum of {}{}", count_of(n, "row"), of_list(i)),
                        )
                    })
                    .collect(),
            };
            for (expected, expected_is) in comparisons {
                if expected.is_empty() {
                    continue;
                }
                compare_into(
                    out,
                    rule::SUMMARY_TOTAL,
                    Relation::Equal,
                    expected,
                    vec![cell(model.table, grand, key)],
                    || Claim {
                        subject: subject(model, grand, key),
                        expected_is,
                    },
                );
            }
        }
    }
}

/// Sections, totals and the balance of each two-sided table.
pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    for table in d.tables.iter().filter(|t| t.kind.is_two_sided()) {
        let revenue = SideModel::read(table, Side::Revenue);
        let expenditure = SideModel::read(table, Side::Expenditure);
        side_checks(&revenue, out);
        side_checks(&expenditure, out);
        nested_rows(&revenue, out);
        nested_rows(&expenditure, out);
        let (Some(r), Some(e)) = (revenue.grand, expenditure.grand) else {
            continue;
        };
        let (Some(rk), Some(ek)) = (revenue.main_key(), expenditure.main_key()) else {
            continue;
        };
        if r.values.amount(rk).is_none() && e.values.amount(ek).is_none() {
            continue;
        }
        compare_into(
            out,
            rule::SUMMARY_BALANCE,
            Relation::Equal,
            vec![cell(table, e, ek)],
            vec![cell(table, r, rk)],
            || Claim {
                subject: format!("{} {}", kind_name(table.kind), squeeze(&r.name)),
                expected_is: squeeze(&e.name),
            },
        );
    }
}

/// What the 财政拨款收支总表 (else the 部门收支总表) says was carried over from last year: its
/// revenue side's carry-over sections, by their numbered row or else their items.
pub(crate) fn carryover(d: &Disclosure) -> Option<(Fen, Unit)> {
    let table = d
        .table(TableKind::AppropriationSummary)
        .or_else(|| d.table(TableKind::RevenueExpenditureSummary))?;
    let model = SideModel::read(table, Side::Revenue);
    let key = model.main_key()?;
    let mut total = Fen::ZERO;
    let mut found = false;
    for section in model.sections().filter(|s| s.is_carryover()) {
        found = true;
        total = total
            + match section.header.and_then(|h| h.values.get(key)) {
                Some(v) => v,
                None => section.items.iter().filter_map(|i| i.values.get(key)).sum(),
            };
    }
    found.then_some((total, table_unit(table)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_section_numbers() {
        let read = |s: &str| chinese_number(s);
        assert_eq!(read("一"), Some(1));
        assert_eq!(read("九"), Some(9));
        assert_eq!(read("十"), Some(10));
        assert_eq!(read("十二"), Some(12));
        assert_eq!(read("二十"), Some(20));
        assert_eq!(read("二十一"), Some(21));
        assert_eq!(read("零"), None);
        assert_eq!(read("一百"), None);
    }

    fn row(name: &str) -> LineItem {
        LineItem {
            side: Some(Side::Expenditure),
            name: name.to_string(),
            ..LineItem::default()
        }
    }

    fn side_table(names: &[&str]) -> ExtractedTable {
        ExtractedTable {
            kind: TableKind::RevenueExpenditureSummary,
            title: String::new(),
            source_unit: None,
            classification: None,
            scope: None,
            block: 0,
            columns: Vec::new(),
            rows: names.iter().map(|n| row(n)).collect(),
        }
    }

    fn numbers(model: &SideModel) -> Vec<Vec<String>> {
        model
            .lists_before()
            .iter()
            .map(|list| {
                list.iter()
                    .filter_map(|s| s.header.map(|h| h.name.clone()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn interleaved_breakdowns_are_read_as_two_lists() {
        let two = side_table(&[
            "一、一般公共服务支出",
            "一、基本支出",
            "二、外交支出",
            "二、项目支出",
            "三、国防支出",
            "三、单位预留机动经费",
            "四、公共安全支出",
            "五、教育支出",
        ]);
        let model = SideModel::read(&two, Side::Expenditure);
        assert_eq!(
            numbers(&model),
            [
                vec![
                    "一、一般公共服务支出",
                    "二、外交支出",
                    "三、国防支出",
                    "四、公共安全支出",
                    "五、教育支出"
                ],
                vec!["一、基本支出", "二、项目支出", "三、单位预留机动经费"],
            ]
        );
        // One list, numbered with a gap, stays one list.
        let gap = side_table(&["一、本年收入", "三、上年结转"]);
        assert_eq!(numbers(&SideModel::read(&gap, Side::Expenditure)).len(), 1);
    }

    fn priced(name: &str, wan: Option<i64>) -> LineItem {
        let amount = wan.map(|w| crate::money::Amount {
            fen: Fen(w * 1_000_000),
            decimals: 2,
        });
        LineItem {
            side: Some(Side::Expenditure),
            name: name.to_string(),
            total: name.ends_with("总计"),
            values: crate::extract::model::Values(vec![("budget".to_string(), amount)]),
            ..LineItem::default()
        }
    }

    fn priced_table(rows: &[(&str, Option<i64>)]) -> ExtractedTable {
        let mut table = side_table(&[]);
        table.source_unit = Some(Unit::TenThousandYuan);
        table.columns = vec![crate::extract::model::Column {
            key: "budget".to_string(),
            label: "预算数".to_string(),
            amount: true,
            side: Some(Side::Expenditure),
            measure: None,
            list: None,
        }];
        table.rows = rows.iter().map(|(n, w)| priced(n, *w)).collect();
        table
    }

    #[test]
    fn a_breakdown_numbered_again_inside_a_section_is_its_items() {
        // 北京's 财政拨款收支总表 numbers the classes under 一、本年支出 from 一 again, then goes
        // on with 二、年终结转结余. Only read as nested do its sums hold.
        let nested = priced_table(&[
            ("一、本年支出", Some(100)),
            ("一、一般公共服务支出", Some(70)),
            ("二、外交支出", None),
            ("三、教育支出", Some(30)),
            ("二、年终结转结余", None),
            ("支出总计", Some(100)),
        ]);
        let model = SideModel::read(&nested, Side::Expenditure);
        assert_eq!(numbers(&model), [vec!["一、本年支出", "二、年终结转结余"]]);
        let items: Vec<&str> = model.before[0]
            .items
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(
            items,
            ["一、一般公共服务支出", "二、外交支出", "三、教育支出"]
        );
        // Two breakdowns side by side, each adding up to the total, stay two lists.
        let side_by_side = priced_table(&[
            ("一、一般公共服务支出", Some(70)),
            ("一、基本支出", Some(60)),
            ("二、教育支出", Some(30)),
            ("二、项目支出", Some(40)),
            ("支出总计", Some(100)),
        ]);
        let model = SideModel::read(&side_by_side, Side::Expenditure);
        assert_eq!(model.lists_before().len(), 2);
    }
}
