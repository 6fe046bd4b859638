//! Shares a budget's text states of a named total (`基本支出预算37789.36万元，占本年支出预算
//! 3.55%`, `公务接待费1.88万元，占“三公”经费的1.80%`): the figure over the total the text names
//! must round to the stated percentage. Final accounts state theirs as facts
//! (`final_accounts::shares`).

use super::comparison::sentences_with;
use super::figure::Figure;
use super::final_accounts::ratio_agrees;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, DocumentKind, FactValue, Percent};
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Fen, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// A figure, then the total it is a share of, then the percentage; on squeezed text (quotes
/// dropped, so `“三公”经费` reads `三公经费`).
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<amount>\d[\d,]*(?:\.\d+)?)(?P<unit>亿元|万元|元)[，,]?占",
        r"(?P<whole>本年支出预算|本年支出合计|本年支出|总支出|支出总额|总收入|收入总额|本年收入合计|本年收入|三公经费)",
        r"(?:总额|总数|预算)?的?(?P<pct>\d+(?:\.\d+)?)%",
    ))
    .expect("static regex")
});

/// The totals a named whole may be: a department prints its grand total (总计) or this year's
/// (本年…合计), and either may be what its text calls 本年支出; 本年支出 is also 基本 + 项目.
fn wholes(d: &Disclosure, named: &str) -> Vec<Fen> {
    let fact_keys: &[&str] = if named.contains("支出") {
        &["expenditure_total", "expenditure_current"]
    } else if named.contains("收入") {
        &["revenue_total", "revenue_current"]
    } else {
        &["three_public.total"]
    };
    let mut out: Vec<Fen> = d
        .facts
        .iter()
        .filter(|f| fact_keys.contains(&f.key.as_str()))
        .filter_map(|f| match f.value {
            FactValue::Money(a) => Some(a.fen),
            _ => None,
        })
        .collect();
    let from_tables = if named.contains("支出") {
        d.summary.expenditure_total
    } else if named.contains("收入") {
        d.summary.revenue_total
    } else {
        d.summary.three_public.total
    };
    out.extend(from_tables);
    // A text that states no total still states its two parts.
    if named.contains("支出") {
        if let (Some(basic), Some(project)) =
            (d.summary.basic_expenditure, d.summary.project_expenditure)
        {
            out.push(Fen(basic.0.saturating_add(project.0)));
        }
    }
    out.retain(|w| w.0 > 0);
    out.sort();
    out.dedup();
    out
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    if d.document_kind != DocumentKind::Budget {
        return;
    }
    for (block, sentence) in sentences_with(&d.paragraphs, &['占']) {
        let text = squeeze(&sentence);
        for c in SHARE.captures_iter(&text) {
            let (Some(whole_match), Some(amount), Some(unit), Some(named), Some(pct)) = (
                c.get(0),
                c.name("amount"),
                c.name("unit"),
                c.name("whole"),
                c.name("pct"),
            ) else {
                continue;
            };
            let Some(unit_of) = Unit::from_word(unit.as_str()) else {
                continue;
            };
            let (Ok(Some(parsed)), Some(stated)) = (
                parse_amount(amount.as_str(), unit_of),
                Percent::parse(pct.as_str()),
            ) else {
                continue;
            };
            let at = Involved::Text {
                block,
                text: whole_match.as_str().to_string(),
            };
            let part = Figure::new(Some(parsed), unit_of, at.clone());
            let candidates = wholes(d, named.as_str());
            if candidates.is_empty() {
                continue;
            }
            let agrees_with = |w: &Fen| {
                let whole = Figure {
                    fen: *w,
                    half: part.half,
                    grid: None,
                    unit: unit_of,
                    at: at.clone(),
                };
                ratio_agrees(&part, &whole, stated)
            };
            let verdicts: Vec<Option<bool>> = candidates.iter().map(agrees_with).collect();
            if verdicts.iter().all(Option::is_none) {
                continue;
            }
            let passed = verdicts.contains(&Some(true));
            if passed && !out.keeps_passes() {
                out.count_pass(rule::NARRATIVE_SHARE, std::iter::once(&at));
                continue;
            }
            let computed: Vec<String> = candidates
                .iter()
                .map(|w| {
                    format!(
                        "{:.2}% of {}",
                        parsed.fen.0 as f64 * 100.0 / w.0 as f64,
                        super::figure::show(*w, unit_of)
                    )
                })
                .collect();
            out.push(CheckResult {
                rule: rule::NARRATIVE_SHARE,
                status: if passed { Status::Pass } else { Status::Fail },
                note: None,
                relation: Relation::Equal,
                involves: vec![at.clone()],
                expected: Some(Value::Text(computed.join(" or "))),
                actual: Some(Value::Text(format!("{}%", pct.as_str()))),
                difference: None,
                tolerance: None,
                message: format!(
                    "“{}” (block {block}) states {}% of {}, but {} is {}",
                    whole_match.as_str(),
                    pct.as_str(),
                    named.as_str(),
                    amount.as_str(),
                    computed.join(" or ")
                ),
            });
        }
    }
}
