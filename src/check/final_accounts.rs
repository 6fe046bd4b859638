//! What final accounts (部门决算) add to the checks: both sides of the summary tables balance
//! with the carry-overs in and out of the year, 决算数 against 年初预算数 with the completion
//! rates and the wording the narrative states, shares, the 三公 table per measure, the two lists
//! of the basic-expenditure table, and the narrative's 决算 figures against the tables.
//!
//! The generic rules see final-accounts tables through [`generic_view`], which leaves out what
//! they would misread (a list total of the side-by-side basic table taken for the table's
//! total, a carry-over's breakdown by fund taken for sections of the revenue side).

use super::figure::{
    blank_under, cell, column_label, compare_into, item_row, kind_name, row_label, skipped,
    title_without_figures, Claim, Figure,
};
use super::summary_tables::bare_name;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{
    Disclosure, DocumentKind, ExtractedTable, Fact, LineItem, Percent, Side, TableKind,
};
use crate::extract::title::squeeze;
use crate::money::{Fen, Unit};
use std::borrow::Cow;
use std::sync::LazyLock;

fn group(row: &LineItem) -> Option<&str> {
    row.fields
        .iter()
        .find(|(k, _)| k == "group")
        .map(|(_, v)| v.as_str())
}

fn is_carryover(name: &str) -> bool {
    let n = bare_name(name);
    n.contains("结转") || n.contains("结余")
}

fn is_numbered(name: &str) -> bool {
    bare_name(name) != squeeze(name)
}

/// The disclosure as the generic rules should see it. Budgets are seen as they are.
pub(crate) fn generic_view(d: &Disclosure) -> Cow<'_, Disclosure> {
    if d.document_kind != DocumentKind::FinalAccounts {
        return Cow::Borrowed(d);
    }
    let mut view = d.clone();
    let mut changed = false;
    for table in view.tables.iter_mut() {
        if table.rows.iter().any(|r| group(r).is_some()) {
            for row in table.rows.iter_mut().filter(|r| r.total) {
                row.total = false;
                changed = true;
            }
        }
        if table.kind.is_two_sided() {
            for side in [Side::Revenue, Side::Expenditure] {
                let mut after_carryover = false;
                for row in table.rows.iter_mut().filter(|r| r.side == Some(side)) {
                    if row.total {
                        after_carryover = false;
                    } else if is_carryover(&row.name) {
                        after_carryover = true;
                    } else if after_carryover && is_numbered(&row.name) {
                        row.name = format!("其中：{}", bare_name(&row.name));
                        changed = true;
                    } else {
                        after_carryover = false;
                    }
                }
            }
        }
    }
    if changed {
        Cow::Owned(view)
    } else {
        Cow::Borrowed(d)
    }
}

fn fact_figure(fact: &Fact) -> Option<Figure> {
    Figure::fact(fact)
}

fn first_amount_key(table: &ExtractedTable, side: Option<Side>) -> Option<&str> {
    table
        .columns
        .iter()
        .find(|c| c.amount && c.side == side && c.key == "total")
        .or_else(|| table.columns.iter().find(|c| c.amount && c.side == side))
        .map(|c| c.key.as_str())
}

fn side_rows(table: &ExtractedTable, side: Side) -> impl Iterator<Item = &LineItem> {
    table.rows.iter().filter(move |r| r.side == Some(side))
}

fn named<'a>(table: &'a ExtractedTable, side: Side, starts: &str) -> Option<&'a LineItem> {
    side_rows(table, side).find(|r| bare_name(&r.name).starts_with(starts))
}

fn grand(table: &ExtractedTable, side: Side) -> Option<&LineItem> {
    side_rows(table, side).find(|r| r.total && squeeze(&r.name).ends_with("总计"))
}

/// 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 本年支出合计 + 结余分配 + 年末结转和结余,
/// per amount column both sides share; a carry-over's breakdown by fund equals it; each row of
/// a fund table balances.
fn carryover_balance(d: &Disclosure, out: &mut Checks) {
    for table in d.tables.iter().filter(|t| t.kind.is_two_sided()) {
        let rev_key = first_amount_key(table, Some(Side::Revenue));
        let exp_key = first_amount_key(table, Some(Side::Expenditure));
        let (Some(rk), Some(ek)) = (rev_key, exp_key) else {
            continue;
        };
        let revenue: Vec<&LineItem> = [
            named(table, Side::Revenue, "本年收入"),
            named(table, Side::Revenue, "使用非财政拨款结余"),
            side_rows(table, Side::Revenue).find(|r| {
                let n = bare_name(&r.name);
                n.starts_with("年初") && is_carryover(&n)
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        let expenditure: Vec<&LineItem> = [
            named(table, Side::Expenditure, "本年支出"),
            named(table, Side::Expenditure, "结余分配"),
            side_rows(table, Side::Expenditure).find(|r| {
                let n = bare_name(&r.name);
                n.starts_with("年末") && is_carryover(&n)
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        let has_carryover = revenue
            .iter()
            .chain(&expenditure)
            .any(|r| is_carryover(&r.name));
        if revenue.is_empty() || expenditure.is_empty() || !has_carryover {
            continue;
        }
        let names = |rows: &[&LineItem]| {
            rows.iter()
                .map(|r| squeeze(&r.name))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        compare_into(
            out,
            rule::CARRYOVER_BALANCE,
            Relation::Equal,
            expenditure.iter().map(|r| cell(table, r, ek)).collect(),
            revenue.iter().map(|r| cell(table, r, rk)).collect(),
            || Claim {
                subject: format!("{} 收入方 {}", kind_name(table.kind), names(&revenue)),
                expected_is: format!("支出方 {}", names(&expenditure)),
            },
        );
        // A carry-over printed with its breakdown by fund below it.
        let rows: Vec<&LineItem> = side_rows(table, Side::Revenue).collect();
        if let Some(at) = rows.iter().position(|r| is_carryover(&r.name)) {
            let parts: Vec<&LineItem> = rows[at + 1..]
                .iter()
                .copied()
                .take_while(|r| !r.total && is_numbered(&r.name))
                .collect();
            if !parts.is_empty() && rows[at].values.amount(rk).is_some() {
                compare_into(
                    out,
                    rule::SUMMARY_SECTION_SUM,
                    Relation::Equal,
                    parts.iter().map(|r| cell(table, r, rk)).collect(),
                    vec![cell(table, rows[at], rk)],
                    || Claim {
                        subject: format!(
                            "{} 收入方 {} [{}]",
                            kind_name(table.kind),
                            squeeze(&rows[at].name),
                            column_label(table, rk)
                        ),
                        expected_is: format!("the sum of its {} funds below it", parts.len()),
                    },
                );
            }
        }
    }
    for table in d.tables.iter().filter(|t| {
        matches!(
            t.kind,
            TableKind::GovernmentFundExpenditure | TableKind::StateCapitalExpenditure
        ) && t.columns.iter().any(|c| c.key == "carryover_next")
    }) {
        for row in &table.rows {
            let keys = ["carryover_prior", "revenue", "total", "carryover_next"];
            if keys.iter().all(|k| row.values.amount(k).is_none()) {
                continue;
            }
            compare_into(
                out,
                rule::CARRYOVER_BALANCE,
                Relation::Equal,
                vec![
                    cell(table, row, "total"),
                    cell(table, row, "carryover_next"),
                ],
                vec![
                    cell(table, row, "carryover_prior"),
                    cell(table, row, "revenue"),
                ],
                || Claim {
                    subject: format!(
                        "{} {} 年初结转和结余 + 本年收入",
                        kind_name(table.kind),
                        row_label(row)
                    ),
                    expected_is: "本年支出 + 年末结转和结余".to_string(),
                },
            );
        }
    }
}

/// The 三公 table's identities for each measure: 合计 = 因公出国 + 公务用车 + 公务接待, 公务用车 =
/// 购置 + 运行.
fn three_public_parts(d: &Disclosure, out: &mut Checks) {
    for table in d.tables.iter().filter(|t| t.kind == TableKind::ThreePublic) {
        for measure in ["budget", "actual"] {
            let k = |item: &str| format!("{item}_{measure}");
            if !table.columns.iter().any(|c| c.key == k("total")) {
                continue;
            }
            let identities = [
                (
                    k("total"),
                    vec![k("outbound_travel"), k("vehicles"), k("official_reception")],
                ),
                (
                    k("vehicles"),
                    vec![k("vehicle_purchase"), k("vehicle_operation")],
                ),
            ];
            for row in &table.rows {
                for (whole, parts) in &identities {
                    let keys: Vec<&str> = parts
                        .iter()
                        .map(String::as_str)
                        .chain([whole.as_str()])
                        .collect();
                    if keys.iter().all(|key| row.values.amount(key).is_none()) {
                        continue;
                    }
                    let labels: Vec<String> =
                        parts.iter().map(|p| column_label(table, p)).collect();
                    compare_into(
                        out,
                        rule::THREE_PUBLIC_PARTS,
                        Relation::Equal,
                        parts.iter().map(|p| cell(table, row, p)).collect(),
                        vec![cell(table, row, whole)],
                        || Claim {
                            subject: format!("{} [{}]", kind_name(table.kind), whole),
                            expected_is: format!("{} ({})", parts.join(" + "), labels.join(" + ")),
                        },
                    );
                }
            }
        }
    }
}

/// The side-by-side basic table: each list's total is the sum of its 类 rows, and both lists
/// together are the 基本支出 of the 一般公共预算财政拨款支出决算表.
fn basic_lists(d: &Disclosure, out: &mut Checks) {
    for table in d
        .tables
        .iter()
        .filter(|t| t.rows.iter().any(|r| group(r).is_some()))
    {
        let Some(key) = first_amount_key(table, None) else {
            continue;
        };
        let mut totals: Vec<&LineItem> = Vec::new();
        for name in ["personnel", "public"] {
            let rows: Vec<&LineItem> = table
                .rows
                .iter()
                .filter(|r| group(r) == Some(name))
                .collect();
            let Some(total) = rows.iter().copied().find(|r| r.total) else {
                continue;
            };
            totals.push(total);
            let classes: Vec<&LineItem> = rows
                .iter()
                .copied()
                .filter(|r| !r.total && r.level == Some(1))
                .collect();
            if classes.is_empty() {
                continue;
            }
            compare_into(
                out,
                rule::TOTAL_ROW,
                Relation::Equal,
                classes.iter().map(|r| cell(table, r, key)).collect(),
                vec![cell(table, total, key)],
                || Claim {
                    subject: format!(
                        "{} {} [{}]",
                        kind_name(table.kind),
                        squeeze(&total.name),
                        column_label(table, key)
                    ),
                    expected_is: format!(
                        "the sum of its 类 rows ({})",
                        classes
                            .iter()
                            .map(|r| row_label(r))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
                },
            );
        }
        let functional = d.tables.iter().find(|t| {
            t.kind == TableKind::GeneralBudgetExpenditure
                && t.columns.iter().any(|c| c.key == "basic")
        });
        if let (Some(f), false) = (functional, totals.is_empty()) {
            if let Some(total) = f.total_row(None) {
                compare_into(
                    out,
                    rule::CROSS_TABLE_TOTAL,
                    Relation::Equal,
                    vec![cell(f, total, "basic")],
                    totals.iter().map(|r| cell(table, r, key)).collect(),
                    || Claim {
                        subject: format!(
                            "{} {}",
                            kind_name(table.kind),
                            totals
                                .iter()
                                .map(|r| squeeze(&r.name))
                                .collect::<Vec<_>>()
                                .join(" + ")
                        ),
                        expected_is: format!(
                            "{} 合计 [{}]",
                            kind_name(f.kind),
                            column_label(f, "basic")
                        ),
                    },
                );
            }
        }
    }
}

/// Where a table states a narrative figure of final accounts.
fn counterparts<'a>(
    d: &'a Disclosure,
    fact: &Fact,
) -> Vec<(&'a ExtractedTable, &'a LineItem, String)> {
    let table = |kind: TableKind| d.tables.iter().find(|t| t.kind == kind);
    let mut out: Vec<(&ExtractedTable, &LineItem, String)> = Vec::new();
    let mut push = |t: Option<&'a ExtractedTable>, row: Option<&'a LineItem>, key: Option<&str>| {
        if let (Some(t), Some(r), Some(k)) = (t, row, key) {
            if t.columns.iter().any(|c| c.amount && c.key == k) {
                out.push((t, r, k.to_string()));
            }
        }
    };
    let summary = table(TableKind::RevenueExpenditureSummary);
    let appropriation = table(TableKind::AppropriationSummary);
    let general = table(TableKind::GeneralBudgetExpenditure);
    let three = table(TableKind::ThreePublic);
    // A 三公 table whose figures are all blank still holds the cells the narrative's figures
    // belong in: its figures row, else the blank row it prints none in.
    let three_row = three.and_then(|t| {
        t.total_row(None)
            .or_else(|| {
                t.rows
                    .iter()
                    .find(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
            })
            .or_else(|| t.rows.first())
            .or(Some(&*BLANK_ROW))
    });
    let basic = d
        .tables
        .iter()
        .find(|t| t.rows.iter().any(|r| group(r).is_some()));
    let key = fact.key.as_str();
    match key {
        "revenue_expenditure_total" => {
            for side in [Side::Revenue, Side::Expenditure] {
                push(
                    summary,
                    summary.and_then(|t| grand(t, side)),
                    summary.and_then(|t| first_amount_key(t, Some(side))),
                );
            }
        }
        "appropriation_total" => {
            for side in [Side::Revenue, Side::Expenditure] {
                push(
                    appropriation,
                    appropriation.and_then(|t| grand(t, side)),
                    appropriation.and_then(|t| first_amount_key(t, Some(side))),
                );
            }
        }
        "revenue_current" | "expenditure_current" => {
            let (side, detail, start) = if key == "revenue_current" {
                (Side::Revenue, table(TableKind::Revenue), "本年收入")
            } else {
                (Side::Expenditure, table(TableKind::Expenditure), "本年支出")
            };
            push(
                summary,
                summary.and_then(|t| named(t, side, start)),
                summary.and_then(|t| first_amount_key(t, Some(side))),
            );
            push(
                detail,
                detail.and_then(|t| t.total_row(None)),
                Some("total"),
            );
        }
        "general_budget_basic_expenditure" => push(
            general,
            general.and_then(|t| t.total_row(None)),
            Some("basic"),
        ),
        "personnel_expenses" | "public_expenses" => {
            let wanted = if key == "personnel_expenses" {
                "personnel"
            } else {
                "public"
            };
            let row =
                basic.and_then(|t| t.rows.iter().find(|r| r.total && group(r) == Some(wanted)));
            push(basic, row, basic.and_then(|t| first_amount_key(t, None)));
        }
        "appropriation_expenditure.function" => {
            let row = general.and_then(|t| {
                t.rows.iter().find(|r| {
                    r.level == Some(1)
                        && fact
                            .label
                            .as_deref()
                            .is_some_and(|l| squeeze(&r.name) == squeeze(l))
                })
            });
            push(general, row, Some("total"));
        }
        "appropriation_expenditure.actual" => push(
            general,
            general.and_then(|t| t.total_row(None)),
            Some("total"),
        ),
        "appropriation_expenditure.item.actual" => {
            let row = general.and_then(|t| item_row(t, fact.label.as_deref().unwrap_or("")));
            push(general, row, Some("total"));
        }
        _ if key.starts_with("three_public.") || key.starts_with("three_public_budget.") => {
            let (measure, rest) = match key.split_once('.') {
                Some(("three_public_budget", rest)) => ("budget", rest),
                Some((_, rest)) => ("actual", rest),
                None => return Vec::new(),
            };
            if rest.contains('.') {
                return Vec::new();
            }
            push(three, three_row, Some(&format!("{rest}_{measure}")));
        }
        _ => {}
    }
    out
}

/// The row of a table that prints no row of figures at all.
static BLANK_ROW: LazyLock<LineItem> = LazyLock::new(|| LineItem {
    name: "(no figures row)".to_string(),
    ..LineItem::default()
});

/// A narrative 三公 figure of the whole or of one item, 预算数 or 决算数.
fn three_public_figure(key: &str) -> bool {
    match key.split_once('.') {
        Some(("three_public" | "three_public_budget", rest)) => !rest.contains('.'),
        _ => false,
    }
}

fn narrative_vs_tables(d: &Disclosure, out: &mut Checks) {
    for fact in &d.facts {
        let Some(figure) = fact_figure(fact) else {
            continue;
        };
        let subject = match &fact.label {
            Some(label) => format!("narrative {} ({label})", fact.key),
            None => format!("narrative {}", fact.key),
        };
        let found = counterparts(d, fact);
        if found.is_empty() && three_public_figure(&fact.key) {
            if let Some(title) = title_without_figures(d, TableKind::ThreePublic) {
                let unit = fact.source_unit.unwrap_or(Unit::Yuan);
                compare_into(
                    out,
                    rule::NARRATIVE_VS_TABLE,
                    Relation::Equal,
                    vec![blank_under(title, unit)],
                    vec![figure.clone()],
                    || {
                        Claim {
                        subject: subject.clone(),
                        expected_is: format!(
                            "the 三公 table titled at block {}, printed without figures, [{}] (a blank cell)",
                            title.block,
                            if fact.key.starts_with("three_public_budget") {
                                "预算数"
                            } else {
                                "决算数"
                            }
                        ),
                    }
                    },
                );
                continue;
            }
        }
        let resolvable = matches!(
            fact.key.as_str(),
            "appropriation_expenditure.item.actual" | "appropriation_expenditure.function"
        );
        if found.is_empty() && resolvable {
            if d.table(TableKind::GeneralBudgetExpenditure).is_some() {
                out.push(skipped(
                    rule::NARRATIVE_VS_TABLE,
                    vec![figure.at.clone()],
                    format!("{subject}: no row of the 一般公共预算财政拨款支出表 has this name"),
                ));
            }
            continue;
        }
        for (table, row, key) in found {
            let what = match row.code.as_deref() {
                Some(code) => format!(
                    "{} row {code} [{}]",
                    kind_name(table.kind),
                    column_label(table, &key)
                ),
                None => format!(
                    "{}{} {} [{}]",
                    kind_name(table.kind),
                    match row.side {
                        Some(Side::Revenue) => " 收入方",
                        Some(Side::Expenditure) => " 支出方",
                        None => "",
                    },
                    squeeze(&row.name),
                    column_label(table, &key)
                ),
            };
            let what = if row.values.amount(&key).is_none() {
                format!("{what}, a blank cell,")
            } else {
                what
            };
            compare_into(
                out,
                rule::NARRATIVE_VS_TABLE,
                Relation::Equal,
                vec![cell(table, row, &key)],
                vec![figure.clone()],
                || Claim {
                    subject: subject.clone(),
                    expected_is: what,
                },
            );
        }
    }
}

fn fact<'a>(d: &'a Disclosure, key: &str, label: Option<&str>) -> Option<&'a Fact> {
    d.facts
        .iter()
        .find(|f| f.key == key && f.label.as_deref() == label)
}

/// A stated percentage against the figures it is a ratio of: true when some value each printed
/// figure may round from gives a ratio that rounds to the stated percentage.
pub(crate) fn ratio_agrees(part: &Figure, whole: &Figure, stated: Percent) -> Option<bool> {
    if whole.fen.0.saturating_sub(whole.half) <= 0 {
        return None;
    }
    let scale = 10i128.pow(stated.decimals.min(6));
    let p2 = 2 * i128::from(stated.scaled);
    let (part_fen, part_half) = (i128::from(part.fen.0), i128::from(part.half));
    let (whole_fen, whole_half) = (i128::from(whole.fen.0), i128::from(whole.half));
    // stated − ½ digit ≤ 100·(part + h)/(whole − h) and stated + ½ digit ≥ 100·(part − h)/(whole + h).
    let low_ok = 200 * scale * (part_fen + part_half) >= (p2 - 1) * (whole_fen - whole_half);
    let high_ok = (p2 + 1) * (whole_fen + whole_half) >= 200 * scale * (part_fen - part_half);
    Some(low_ok && high_ok)
}

/// A stated percentage cut to its printed digits rather than rounded: true when some value each
/// printed figure may round from gives a ratio from the stated percentage up to, not including,
/// the next value its digits can print.
pub(crate) fn ratio_cut_to(part: &Figure, whole: &Figure, stated: Percent) -> Option<bool> {
    if whole.fen.0.saturating_sub(whole.half) <= 0 {
        return None;
    }
    let scale = 10i128.pow(stated.decimals.min(6));
    let scaled = i128::from(stated.scaled);
    let (part_fen, part_half) = (i128::from(part.fen.0), i128::from(part.half));
    let (whole_fen, whole_half) = (i128::from(whole.fen.0), i128::from(whole.half));
    // stated ≤ 100·(part + h)/(whole − h) and 100·(part − h)/(whole + h) < stated + 1 digit.
    let low_ok = 100 * scale * (part_fen + part_half) >= scaled * (whole_fen - whole_half);
    let high_ok = 100 * scale * (part_fen - part_half) < (scaled + 1) * (whole_fen + whole_half);
    Some(low_ok && high_ok)
}

fn percent_text(p: Percent) -> String {
    let places = p.decimals as usize;
    format!("{:.places$}%", p.as_f64())
}

fn computed_text(part: Fen, whole: Fen, decimals: u32) -> String {
    let places = decimals as usize;
    format!("{:.places$}%", part.0 as f64 * 100.0 / whole.0 as f64)
}

fn rate_check(
    rule_name: &'static str,
    rate: &Fact,
    part: &Figure,
    whole: &Figure,
    what: &str,
    out: &mut Checks,
) {
    let Some(stated) = rate.percent() else {
        return;
    };
    let at = Involved::Fact {
        fact: rate.key.clone(),
        label: rate.label.clone(),
        block: rate.block,
        value: None,
    };
    let subject = match &rate.label {
        Some(l) => format!("narrative {} ({l})", rate.key),
        None => format!("narrative {}", rate.key),
    };
    let Some(agrees) = ratio_agrees(part, whole, stated) else {
        out.push(skipped(
            rule_name,
            vec![at, part.at.clone(), whole.at.clone()],
            format!("{subject}: {what} has no denominator (it is zero)"),
        ));
        return;
    };
    let computed = computed_text(part.fen, whole.fen, stated.decimals);
    out.push(CheckResult {
        rule: rule_name,
        status: if agrees { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves: vec![at, part.at.clone(), whole.at.clone()],
        expected: Some(Value::Text(computed.clone())),
        actual: Some(Value::Text(percent_text(stated))),
        difference: None,
        tolerance: None,
        message: if agrees {
            format!(
                "{subject}: {} agrees with {what} {computed}",
                percent_text(stated)
            )
        } else {
            format!(
                "{subject}: {} stated, but {what} is {computed}",
                percent_text(stated)
            )
        },
    });
}

/// What the text says of 决算数 against 预算数: `大于`, `小于` or `持平`.
fn stated_direction(sentence: &str) -> Option<&'static str> {
    let s = squeeze(sentence);
    if s.contains("决算数大于预算数") {
        Some("大于")
    } else if s.contains("决算数小于预算数") {
        Some("小于")
    } else if s.contains("持平") || s.contains("决算数等于预算数") {
        Some("持平")
    } else {
        None
    }
}

/// What the text says of the 三公 决算数 against its 预算数, in the sentences of the paragraph
/// after the one that states the 三公 figure (`…完成预算的82%。决算数小于预算数的主要原因：…`).
/// A template's `小于（大于）` says nothing.
fn three_public_direction(d: &Disclosure, actual: &Fact) -> Option<&'static str> {
    let paragraph = d.paragraphs.iter().find(|p| p.block == actual.block)?;
    let text = squeeze(&paragraph.text);
    let sentence = squeeze(&actual.sentence);
    let after = text
        .find(sentence.as_str())
        .map_or(text.as_str(), |at| &text[at + sentence.len()..]);
    let s = after.split('。').find(|s| s.contains("决算数"))?;
    if s.contains("（大于）") || s.contains("（小于）") {
        return None;
    }
    stated_direction(s)
}

/// The text's word for 决算数 against 预算数 against the two figures; unless `reason_optional`, a
/// difference must come with its reason.
fn direction_check(
    actual: &Fact,
    budget: &Fact,
    stated: Option<&'static str>,
    reason_optional: bool,
    out: &mut Checks,
) {
    let (Some(a), Some(b)) = (fact_figure(actual), fact_figure(budget)) else {
        return;
    };
    let subject = match &actual.label {
        Some(l) => format!("narrative {} ({l})", actual.key),
        None => format!("narrative {}", actual.key),
    };
    let Some(stated) = stated else {
        return;
    };
    let tol = a.half.saturating_add(b.half);
    let diff = a.fen.0.saturating_sub(b.fen.0);
    let real = if diff.saturating_abs() <= tol {
        "持平"
    } else if diff > 0 {
        "大于"
    } else {
        "小于"
    };
    let reason_missing = real != "持平" && actual.note.is_none() && !reason_optional;
    let passed = stated == real && !reason_missing;
    let unit = actual.source_unit.unwrap_or(Unit::Yuan);
    let show = |f: &Figure| super::figure::show(f.fen, unit);
    out.push(CheckResult {
        rule: rule::BUDGET_VS_ACTUAL,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves: vec![a.at.clone(), b.at.clone()],
        expected: Some(Value::Text(real.to_string())),
        actual: Some(Value::Text(stated.to_string())),
        difference: Some(a.fen - b.fen),
        tolerance: Some(Fen(tol)),
        message: if reason_missing && stated == real {
            format!(
                "{subject}: 决算数 {} {real} 预算数 {} as stated, but no reason is given",
                show(&a),
                show(&b)
            )
        } else if passed {
            format!("{subject}: 决算数 {} {real} 预算数 {}, as stated", show(&a), show(&b))
        } else {
            format!(
                "{subject}: the text says 决算数 {stated} 预算数, but 决算数 {} against 预算数 {} is {real}",
                show(&a),
                show(&b)
            )
        },
    });
}

/// 决算数 against 年初预算数: the stated completion rates and wording against the figures, and
/// the 三公 table's budget and actual against the narrative's rate.
fn budget_vs_actual(d: &Disclosure, out: &mut Checks) {
    for actual in d.facts.iter().filter(|f| f.key.ends_with(".actual")) {
        let stem = &actual.key[..actual.key.len() - ".actual".len()];
        let label = actual.label.as_deref();
        let Some(budget) = fact(d, &format!("{stem}.budget"), label) else {
            continue;
        };
        direction_check(
            actual,
            budget,
            stated_direction(&actual.sentence),
            false,
            out,
        );
        if let (Some(rate), Some(a), Some(b)) = (
            fact(d, &format!("{stem}.completion_rate"), label),
            fact_figure(actual),
            fact_figure(budget),
        ) {
            rate_check(
                rule::BUDGET_VS_ACTUAL,
                rate,
                &a,
                &b,
                "决算数 / 年初预算数",
                out,
            );
        }
    }
    // 三公: the narrative's total and its rate; the table's columns of both measures.
    if let (Some(actual), Some(budget)) = (
        fact(d, "three_public.total", None),
        fact(d, "three_public_budget.total", None),
    ) {
        // Its reason is read with the 三公 item it follows, if at all: only the word is checked.
        direction_check(actual, budget, three_public_direction(d, actual), true, out);
        if let (Some(rate), Some(a), Some(b)) = (
            fact(d, "three_public.completion_rate", None),
            fact_figure(actual),
            fact_figure(budget),
        ) {
            rate_check(
                rule::BUDGET_VS_ACTUAL,
                rate,
                &a,
                &b,
                "决算数 / 年初预算数",
                out,
            );
        }
    }
    if let Some(table) = d.table(TableKind::ThreePublic) {
        let row = table.total_row(None).or_else(|| {
            table
                .rows
                .iter()
                .find(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
        });
        for item in ["outbound_travel", "vehicles", "official_reception"] {
            let key = format!("three_public.{item}.completion_rate");
            let (Some(rate), Some(row)) = (fact(d, &key, None), row) else {
                continue;
            };
            let (ak, bk) = (format!("{item}_actual"), format!("{item}_budget"));
            if !table.columns.iter().any(|c| c.key == ak) {
                continue;
            }
            let (a, b) = (cell(table, row, &ak), cell(table, row, &bk));
            if b.fen == Fen::ZERO
                && a.fen == Fen::ZERO
                && rate.percent().is_some_and(|p| p.scaled == 0)
            {
                // Nothing budgeted and nothing spent: a 0% rate is what the template asks for.
                continue;
            }
            rate_check(
                rule::BUDGET_VS_ACTUAL,
                rate,
                &a,
                &b,
                &format!("the 三公 table's {ak} / {bk}"),
                out,
            );
        }
    }
}

/// Each `…share` fact against its part and the total it is a share of.
fn shares(d: &Disclosure, out: &mut Checks) {
    for share in d.facts.iter().filter(|f| f.key.ends_with(".share")) {
        let part_key = &share.key[..share.key.len() - ".share".len()];
        let Some(part) = fact(d, part_key, share.label.as_deref()) else {
            continue;
        };
        let whole_key = if part_key.starts_with("revenue.") {
            "revenue_current"
        } else if part_key == "appropriation_expenditure.function" {
            "appropriation_expenditure"
        } else if part_key.starts_with("three_public.") {
            "three_public.total"
        } else if matches!(
            part_key,
            "basic_expenditure" | "project_expenditure" | "appropriation_expenditure"
        ) || part_key.starts_with("expenditure.")
        {
            "expenditure_current"
        } else {
            continue;
        };
        let (Some(whole), Some(p)) = (
            fact(d, whole_key, None).and_then(fact_figure),
            fact_figure(part),
        ) else {
            continue;
        };
        rate_check(
            rule::NARRATIVE_SHARE,
            share,
            &p,
            &whole,
            &format!("{part_key} / {whole_key}"),
            out,
        );
    }
}

/// Narrative totals of final accounts against their stated parts.
fn sums(d: &Disclosure, out: &mut Checks) {
    let groups: [(&str, &[&str]); 3] = [
        (
            "revenue_current",
            &[
                "revenue.appropriation",
                "revenue.superior_subsidy",
                "revenue.business_income",
                "revenue.operating_income",
                "revenue.subordinate_remittance",
                "revenue.other_income",
            ],
        ),
        (
            "expenditure_current",
            &[
                "basic_expenditure",
                "project_expenditure",
                "expenditure.operating",
                "expenditure.remittance_to_superior",
                "expenditure.subsidy_to_subordinates",
            ],
        ),
        (
            "general_budget_basic_expenditure",
            &["personnel_expenses", "public_expenses"],
        ),
    ];
    for (whole, parts) in groups {
        let Some(total) = fact(d, whole, None) else {
            continue;
        };
        let found: Vec<&Fact> = parts.iter().filter_map(|k| fact(d, k, None)).collect();
        let (Some(t), Some(figures)) = (
            fact_figure(total),
            found
                .iter()
                .map(|f| fact_figure(f))
                .collect::<Option<Vec<Figure>>>(),
        ) else {
            continue;
        };
        if found.len() < 2 {
            continue;
        }
        compare_into(
            out,
            rule::NARRATIVE_SUM,
            Relation::Equal,
            figures,
            vec![t],
            || Claim {
                subject: format!("narrative {whole}"),
                expected_is: format!(
                    "the sum of {}",
                    found
                        .iter()
                        .map(|f| f.key.as_str())
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
            },
        );
    }
    // 机关运行经费 is part of 公用经费.
    if let (Some(operating), Some(public)) = (
        fact(d, "operating_expenses", None),
        fact(d, "public_expenses", None),
    ) {
        if let (Some(o), Some(p)) = (fact_figure(operating), fact_figure(public)) {
            compare_into(
                out,
                rule::NARRATIVE_BOUND,
                Relation::AtMost,
                vec![p],
                vec![o],
                || Claim {
                    subject: "narrative operating_expenses".to_string(),
                    expected_is: "narrative public_expenses (公用经费)".to_string(),
                },
            );
        }
    }
}

/// Runs the final-accounts rules; nothing for a budget.
pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    if d.document_kind != DocumentKind::FinalAccounts {
        return;
    }
    carryover_balance(d, out);
    three_public_parts(d, out);
    basic_lists(d, out);
    narrative_vs_tables(d, out);
    budget_vs_actual(d, out);
    shares(d, out);
    sums(d, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(fen: i64, half: i64) -> Figure {
        Figure {
            fen: Fen(fen),
            half,
            grid: Some((Unit::TenThousandYuan, 2)),
            unit: Unit::TenThousandYuan,
            at: Involved::Fact {
                fact: String::new(),
                label: None,
                block: 0,
                value: None,
            },
        }
    }

    #[test]
    fn ratios_within_the_rounding_of_their_figures() {
        let p = |t: &str| Percent::parse(t).unwrap();
        // 2940.05 / 2993.92 = 98.2007…%, printed 98.20%.
        let actual = figure(2_940_050_000, 5_000);
        let budget = figure(2_993_920_000, 5_000);
        assert_eq!(ratio_agrees(&actual, &budget, p("98.20")), Some(true));
        assert_eq!(ratio_agrees(&actual, &budget, p("98.30")), Some(false));
        // 0 of 0.95 is 0%.
        assert_eq!(
            ratio_agrees(&figure(0, 0), &figure(9_500_000, 5_000), p("0")),
            Some(true)
        );
        assert_eq!(ratio_agrees(&figure(1, 0), &figure(0, 0), p("0")), None);
        // 1.13 of 25.70 is 4.40%, 4.38% to 4.42% as the two may round: cut to 4%, never to 3%
        // (which rounding would not give either) nor to 5%.
        let (fall, base) = (figure(1_130_000, 5_000), figure(25_700_000, 10_000));
        assert_eq!(ratio_cut_to(&fall, &base, p("4")), Some(true));
        assert_eq!(ratio_cut_to(&fall, &base, p("3")), Some(false));
        assert_eq!(ratio_cut_to(&fall, &base, p("5")), Some(false));
        // 2940.05 / 2993.92 = 98.2007…%: cut to 98.20%, not to 98.19%.
        assert_eq!(ratio_cut_to(&actual, &budget, p("98.20")), Some(true));
        assert_eq!(ratio_cut_to(&actual, &budget, p("98.19")), Some(false));
        assert_eq!(stated_direction("决算数与预算数基本持平。"), Some("持平"));
    }
}
