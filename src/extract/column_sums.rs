//! Which columns of a table sum which: 合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费,
//! 合计 = the fund or revenue sources, the 三公 total = its parts. They are part of how a table
//! is printed, so extraction uses them to place amounts a page left ambiguous, and the checks
//! test every row against them.

use crate::extract::model::{Column, ExtractedTable, TableKind};
use crate::extract::title::squeeze;
use crate::money::Unit;
use std::collections::BTreeSet;

/// What a column identity sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sums {
    /// 合计 = 基本支出 + 项目支出 (+ the other spending beside them).
    Spending,
    /// 基本支出 (or the total) = 人员经费 + 公用经费.
    PeopleAndRunning,
    /// 合计 = the fund or revenue sources; each fund subtotal = its parts.
    FundSources,
    /// The 三公 total = its parts; 公务用车 = 购置 + 运行.
    ThreePublic,
}

/// One column that is the sum of others, in every row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnIdentity {
    pub sums: Sums,
    pub whole: String,
    pub parts: Vec<String>,
}

/// Why the columns' identities of one kind cannot be known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unknowable {
    /// Columns beside the fund sources that are no known source (their keys).
    UnknownFundColumns(Vec<String>),
    /// The 三公 table also lists 会议费/培训费, so which columns its total covers is unclear.
    ThreePublicWithMeetings,
}

/// Revenue-source and fund columns, and which of them are subtotals of which.
pub const FUND_KEYS: &[&str] = &[
    "appropriation",
    "general_budget",
    "general_budget_funds",
    "general_bond",
    "foreign_loan",
    "foreign_grant",
    "government_fund",
    "government_fund_funds",
    "special_bond",
    "state_capital",
    "fiscal_special_account",
    "unit_funds",
    "business_income",
    "operating_income",
    "superior_subsidy",
    "subordinate_remittance",
    "other_income",
    "carryover_prior",
];
const GENERAL_BUDGET_PARTS: &[&str] = &[
    "general_budget_funds",
    "general_bond",
    "foreign_loan",
    "foreign_grant",
];
const GOVERNMENT_FUND_PARTS: &[&str] = &["government_fund_funds", "special_bond"];
const APPROPRIATION_PARTS: &[&str] = &["general_budget", "government_fund", "state_capital"];
const UNIT_FUND_PARTS: &[&str] = &[
    "business_income",
    "operating_income",
    "superior_subsidy",
    "subordinate_remittance",
    "other_income",
];

fn present(keys: &BTreeSet<&str>, wanted: &[&str]) -> Vec<String> {
    wanted
        .iter()
        .filter(|k| keys.contains(*k))
        .map(|k| k.to_string())
        .collect()
}

fn identity(sums: Sums, whole: &str, parts: Vec<String>) -> ColumnIdentity {
    ColumnIdentity {
        sums,
        whole: whole.to_string(),
        parts,
    }
}

/// The fund identities of a table's columns.
fn fund_identities(keys: &BTreeSet<&str>) -> Result<Vec<ColumnIdentity>, Unknowable> {
    let unknown: Vec<String> = keys
        .iter()
        .filter(|k| **k != "total" && !FUND_KEYS.contains(k))
        .map(|k| k.to_string())
        .collect();
    if !unknown.is_empty() {
        return Err(Unknowable::UnknownFundColumns(unknown));
    }
    let mut identities = Vec::new();
    let mut top: Vec<String> = Vec::new();
    if keys.contains("appropriation") {
        top.push("appropriation".to_string());
        let parts = present(keys, APPROPRIATION_PARTS);
        if !parts.is_empty() {
            identities.push(identity(Sums::FundSources, "appropriation", parts));
        }
    } else {
        top.extend(present(keys, APPROPRIATION_PARTS));
    }
    for (whole, parts) in [
        ("general_budget", GENERAL_BUDGET_PARTS),
        ("government_fund", GOVERNMENT_FUND_PARTS),
    ] {
        let parts = present(keys, parts);
        if keys.contains(whole) && !parts.is_empty() {
            identities.push(identity(Sums::FundSources, whole, parts));
        }
    }
    top.extend(present(keys, &["fiscal_special_account"]));
    if keys.contains("unit_funds") {
        top.push("unit_funds".to_string());
        let parts = present(keys, UNIT_FUND_PARTS);
        if !parts.is_empty() {
            identities.push(identity(Sums::FundSources, "unit_funds", parts));
        }
    } else {
        top.extend(present(keys, UNIT_FUND_PARTS));
    }
    top.extend(present(keys, &["carryover_prior"]));
    if keys.contains("total") && !top.is_empty() {
        identities.insert(0, identity(Sums::FundSources, "total", top));
    }
    Ok(identities)
}

/// Whether a column is blank or zero in every row: whatever it is, it adds nothing to a sum.
fn holds_nothing(table: &ExtractedTable, key: &str) -> bool {
    table
        .rows
        .iter()
        .all(|r| r.values.amount(key).is_none_or(|a| a.fen.0 == 0))
}

/// A revenue table printing this year's revenue and last year's carry-over each with its
/// sources (总计 | 本年收入{小计, 一般公共预算, …} | 上年结转结余{小计, 一般公共预算, …}): 总计 =
/// 本年收入 + 上年结转, and each of those is the sum of the columns after it up to the next
/// group: a group's 小计 stands first under it, so the columns' order says which group each
/// source is in, whatever its key (the carry-over's 单位资金 is `unit_funds` like this year's
/// would be). A column of no known source that is blank in every row holds nothing to sum.
fn current_and_carried_identities(
    table: &ExtractedTable,
    keys: &BTreeSet<&str>,
) -> Result<Vec<ColumnIdentity>, Unknowable> {
    let blank = |key: &str| holds_nothing(table, key);
    let order: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| c.amount && keys.contains(c.key.as_str()))
        .map(|c| c.key.as_str())
        .collect();
    let (Some(current_at), Some(carried_at)) = (
        order.iter().position(|k| *k == "revenue"),
        order.iter().position(|k| *k == "carryover_prior"),
    ) else {
        return Err(Unknowable::UnknownFundColumns(Vec::new()));
    };
    if carried_at < current_at {
        return Err(Unknowable::UnknownFundColumns(Vec::new()));
    }
    let known = |k: &str| FUND_KEYS.contains(&k) || k.starts_with("carryover_prior_");
    let unknown: Vec<String> = order
        .iter()
        .filter(|k| !matches!(**k, "total" | "revenue" | "carryover_prior"))
        .filter(|k| !known(k) && !blank(k))
        .map(|k| k.to_string())
        .collect();
    if !unknown.is_empty() {
        return Err(Unknowable::UnknownFundColumns(unknown));
    }
    let sources = |range: std::ops::Range<usize>| -> Vec<String> {
        order[range]
            .iter()
            .filter(|k| known(k))
            .map(|k| k.to_string())
            .collect()
    };
    let mut identities = vec![identity(
        Sums::FundSources,
        "total",
        vec!["revenue".to_string(), "carryover_prior".to_string()],
    )];
    for (whole, parts) in [
        ("revenue", sources(current_at + 1..carried_at)),
        ("carryover_prior", sources(carried_at + 1..order.len())),
    ] {
        if !parts.is_empty() {
            identities.push(identity(Sums::FundSources, whole, parts));
        }
    }
    Ok(identities)
}

/// Labels of expenditure columns that sit beside 基本支出 and 项目支出 in a total.
fn is_other_spending(label: &str) -> bool {
    let l = squeeze(label);
    ["上缴上级", "经营支出", "对附属单位补助"]
        .iter()
        .any(|w| l.contains(w))
}

/// The amount columns of expenditure beside 基本支出 and 项目支出.
fn other_spending(table: &ExtractedTable) -> impl Iterator<Item = &Column> {
    table
        .columns
        .iter()
        .filter(|c| c.amount && c.key != "total" && is_other_spending(&c.label))
}

/// Whether the table's rows show the other spending already inside 基本 + 项目: every row that
/// prints such spending has a total of 基本 + 项目 alone (深圳 prints 事业单位经营支出 beside
/// them, as a share of them).
fn rows_count_them_inside(table: &ExtractedTable) -> bool {
    let unit = table.source_unit.unwrap_or(Unit::Yuan);
    let others: Vec<&str> = other_spending(table).map(|c| c.key.as_str()).collect();
    let mut showing = 0;
    for row in &table.rows {
        let fen = |key: &str| row.values.get(key).map_or(0, |f| f.0);
        if others.iter().map(|k| fen(k)).sum::<i64>() == 0 {
            continue;
        }
        let Some(total) = row.values.amount("total") else {
            return false;
        };
        let parts = ["basic", "project", "reserve"];
        let slack: i64 = std::iter::once(Some(total))
            .chain(parts.iter().map(|k| row.values.amount(k)))
            .flatten()
            .map(|a| unit.half_unit_of_last_digit(a.decimals))
            .sum();
        let inside: i64 = parts.iter().map(|k| fen(k)).sum();
        if (total.fen.0 - inside).abs() > slack {
            return false;
        }
        showing += 1;
    }
    showing > 0
}

fn spending_identity(table: &ExtractedTable, keys: &BTreeSet<&str>) -> Option<ColumnIdentity> {
    if !(keys.contains("total") && keys.contains("basic") && keys.contains("project")) {
        return None;
    }
    let mut parts = vec!["basic".to_string(), "project".to_string()];
    // Money set aside beside basic and project spending (单位预留机动经费) is part of the total.
    if keys.contains("reserve") {
        parts.push("reserve".to_string());
    }
    let others: Vec<&Column> = other_spending(table)
        .filter(|c| !parts.contains(&c.key))
        .collect();
    // Printed under 其中 (of which), the other spending is a share of the total, not beside
    // it. The 其中 stands centred over the group, so the header may attach it to one of them.
    let of_which = others.iter().any(|c| c.label.contains("其中")) || rows_count_them_inside(table);
    if !of_which {
        parts.extend(others.iter().map(|c| c.key.clone()));
    }
    Some(identity(Sums::Spending, "total", parts))
}

fn three_public_identities(keys: &BTreeSet<&str>) -> Result<Vec<ColumnIdentity>, Unknowable> {
    let mut identities = Vec::new();
    if keys.contains("vehicles")
        && (keys.contains("vehicle_purchase") || keys.contains("vehicle_operation"))
    {
        identities.push(identity(
            Sums::ThreePublic,
            "vehicles",
            present(keys, &["vehicle_purchase", "vehicle_operation"]),
        ));
    }
    if keys.contains("total") {
        if keys.contains("meeting") || keys.contains("training") {
            return Err(Unknowable::ThreePublicWithMeetings);
        }
        let vehicles: &[&str] = if keys.contains("vehicles") {
            &["vehicles"]
        } else {
            &["vehicle_purchase", "vehicle_operation"]
        };
        let mut parts = present(keys, &["outbound_travel"]);
        parts.extend(present(keys, vehicles));
        parts.extend(present(keys, &["official_reception"]));
        if parts.len() >= 2 {
            identities.insert(0, identity(Sums::ThreePublic, "total", parts));
        }
    }
    identities.extend(three_public_per_fund(keys));
    Ok(identities)
}

/// The key of `item`'s column of `fund` in a 三公 table that splits each item by fund, given
/// which keys the table `has`: `{item}_{fund}`, except that its 总计 group, printed first, keeps
/// the funds' own keys.
pub fn three_public_fund_key(item: &str, fund: &str, has: impl Fn(&str) -> bool) -> String {
    let key = format!("{item}_{fund}");
    if item == "total" && !has(&key) {
        fund.to_string()
    } else {
        key
    }
}

/// A 三公 table that splits each item by fund (深圳's: `总计`, `因公出国(境)费`, `公务接待费`
/// and `公务用车购置及运行维护费` {`小计`, `公务用车购置费`, `公务用车运行维护费`}, each over
/// 一般公共预算, 政府性基金预算 and 国有资本经营预算) adds up fund by fund.
fn three_public_per_fund(keys: &BTreeSet<&str>) -> Vec<ColumnIdentity> {
    let mut identities = Vec::new();
    for fund in ["general_budget", "government_fund", "state_capital"] {
        let of = |item: &str| format!("{item}_{fund}");
        let present = |items: &[&str]| -> Vec<String> {
            items
                .iter()
                .map(|item| of(item))
                .filter(|k| keys.contains(k.as_str()))
                .collect()
        };
        let vehicles = of("vehicles");
        let halves = present(&["vehicle_purchase", "vehicle_operation"]);
        if keys.contains(vehicles.as_str()) && !halves.is_empty() {
            identities.push(identity(Sums::ThreePublic, &vehicles, halves.clone()));
        }
        let whole = three_public_fund_key("total", fund, |k| keys.contains(k));
        if !keys.contains(whole.as_str()) {
            continue;
        }
        let mut parts = present(&["outbound_travel"]);
        if keys.contains(vehicles.as_str()) {
            parts.push(vehicles);
        } else {
            parts.extend(halves);
        }
        parts.extend(present(&["official_reception"]));
        if parts.len() >= 2 {
            identities.push(identity(Sums::ThreePublic, &whole, parts));
        }
    }
    identities
}

fn people_and_running(keys: &BTreeSet<&str>) -> Option<ColumnIdentity> {
    if !(keys.contains("personnel") && keys.contains("public")) {
        return None;
    }
    let halves = vec!["personnel".to_string(), "public".to_string()];
    if keys.contains("basic") {
        // 基本支出 split into its two halves beside it.
        Some(identity(Sums::PeopleAndRunning, "basic", halves))
    } else if keys.contains("total") && keys.contains("project") {
        // The municipal 收支总表 prints 基本支出 only as its halves, beside 项目支出.
        let mut parts = halves;
        parts.push("project".to_string());
        if keys.contains("reserve") {
            parts.push("reserve".to_string());
        }
        Some(identity(Sums::Spending, "total", parts))
    } else if keys.contains("total") {
        Some(identity(Sums::PeopleAndRunning, "total", halves))
    } else {
        None
    }
}

/// The identities between the amount columns `keys` of a table (for one side of a two-sided
/// table, that side's keys), and the kinds of identity that cannot be known.
pub fn column_identities(
    table: &ExtractedTable,
    keys: &BTreeSet<&str>,
) -> (Vec<ColumnIdentity>, Vec<(Sums, Unknowable)>) {
    let mut identities = Vec::new();
    let mut unknowable = Vec::new();
    // An expenditure table may split its total by the money paying for it instead of by
    // 基本/项目 (深圳's and 广州's 基本支出 and 项目支出 tables): its fund columns sum like a
    // revenue table's.
    let split_by_funds = !["basic", "project", "personnel", "public"]
        .iter()
        .any(|k| keys.contains(k))
        && keys.iter().filter(|k| FUND_KEYS.contains(*k)).count() >= 2;
    let fund_like = split_by_funds
        || matches!(
            table.kind,
            TableKind::Revenue | TableKind::Procurement | TableKind::AppropriationSummary
        );
    match table.kind {
        TableKind::ThreePublic => {
            match three_public_identities(keys) {
                Ok(found) => identities.extend(found),
                Err(why) => unknowable.push((Sums::ThreePublic, why)),
            }
            // A 三公 table with its items as rows and the funds as columns (广州's) splits each
            // item's total by fund.
            if split_by_funds && keys.contains("total") {
                match fund_identities(keys) {
                    Ok(found) => identities.extend(found),
                    Err(why) => unknowable.push((Sums::FundSources, why)),
                }
            }
        }
        _ if fund_like => {
            let fund_columns = keys.iter().filter(|k| FUND_KEYS.contains(*k)).count();
            let two_groups = ["total", "revenue", "carryover_prior"]
                .iter()
                .all(|k| keys.contains(k));
            if two_groups {
                match current_and_carried_identities(table, keys) {
                    Ok(found) => identities.extend(found),
                    Err(why) => unknowable.push((Sums::FundSources, why)),
                }
            } else if keys.contains("total") && fund_columns >= 2 {
                // A column of no known fund that holds nothing (a label pdftotext cut in two,
                // `国有资本经营预` / `算拨款`) cannot change a sum: the identity of the others holds
                // or fails without it.
                let known_or_figured: BTreeSet<&str> = keys
                    .iter()
                    .copied()
                    .filter(|k| *k == "total" || FUND_KEYS.contains(k) || !holds_nothing(table, k))
                    .collect();
                match fund_identities(&known_or_figured) {
                    Ok(found) => identities.extend(found),
                    Err(why) => unknowable.push((Sums::FundSources, why)),
                }
            }
        }
        _ => {}
    }
    if !fund_like {
        identities.extend(spending_identity(table, keys));
    }
    identities.extend(people_and_running(keys));
    (identities, unknowable)
}
