//! Shares a budget's text states of a named total (`基本支出预算37789.36万元，占本年支出预算
//! 3.55%`, `公务接待费1.88万元，占“三公”经费的1.80%`): the figure over the total the text names
//! must round to the stated percentage. Final accounts state theirs as facts
//! (`final_accounts::shares`).

use super::comparison::sentences_after;
use super::figure::Figure;
use super::final_accounts::ratio_agrees;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, DocumentKind, FactValue, Percent};
use crate::extract::narrative::AMOUNT;
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Fen, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// One share as a share pattern captures it (groups `amount`, `unit`, `whole`, `pct`): the
/// text matched, the printed part and its unit word, the words naming the whole, the percentage.
pub(super) struct ShareText<'t> {
    pub matched: regex::Match<'t>,
    pub amount: regex::Match<'t>,
    pub unit: regex::Match<'t>,
    pub whole: regex::Match<'t>,
    pub pct: regex::Match<'t>,
}

impl<'t> ShareText<'t> {
    pub fn of(c: &regex::Captures<'t>) -> Option<ShareText<'t>> {
        Some(ShareText {
            matched: c.get(0)?,
            amount: c.name("amount")?,
            unit: c.name("unit")?,
            whole: c.name("whole")?,
            pct: c.name("pct")?,
        })
    }

    /// The share as judged against `wholes`; `None` when its unit is no unit of money.
    fn stated(&self, block: usize, wholes: Vec<Fen>, adjusted: bool) -> Option<Stated<'t>> {
        Some(Stated {
            block,
            text: self.matched.as_str(),
            amount: self.amount.as_str(),
            unit: Unit::from_word(self.unit.as_str())?,
            pct: self.pct.as_str(),
            named: self.whole.as_str(),
            wholes,
            adjusted,
        })
    }
}

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

/// A share stated with no whole named (`…合计27664.22万元，其中：基本支出11700.63万元，占42.30%`)
/// is of the total the sentence opens its list with.
static SHARE_OF_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<amount>\d[\d,]*(?:\.\d+)?)(?P<unit>亿元|万元|元)[，,]?占(?P<pct>\d+(?:\.\d+)?)%",
    )
    .expect("static regex")
});
/// The total a list of parts follows: `…合计27664.22万元，其中：`.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<u>亿元|万元|元)[，,]?其中[：:]?")
        .expect("static regex")
});

/// One stated share: the printed part, its percentage and the wholes it may be of.
struct Stated<'a> {
    block: usize,
    text: &'a str,
    amount: &'a str,
    unit: Unit,
    pct: &'a str,
    named: &'a str,
    wholes: Vec<Fen>,
    /// The shares the sentence states of this whole sum to 100%: one of them may be set a digit
    /// off its rounding to make them so.
    adjusted: bool,
}

/// Whether printed percentages sum to exactly 100 (every one of them read).
fn sum_to_hundred(pcts: &[&str]) -> bool {
    let parsed: Vec<Percent> = pcts.iter().filter_map(|p| Percent::parse(p)).collect();
    parsed.len() == pcts.len() && super::shares_agree::sum_to_hundred(&parsed)
}

fn judge(stated: Stated<'_>, out: &mut Checks) {
    let Stated {
        block,
        text,
        amount,
        unit,
        pct,
        named,
        wholes: candidates,
        adjusted,
    } = stated;
    let (Ok(Some(parsed)), Some(percent)) = (parse_amount(amount, unit), Percent::parse(pct))
    else {
        return;
    };
    if candidates.is_empty() {
        return;
    }
    let at = Involved::Text {
        block,
        text: text.to_string(),
    };
    let part = Figure::new(Some(parsed), unit, at.clone());
    let agrees_with = |w: &Fen| {
        let whole = Figure {
            fen: *w,
            half: part.half,
            grid: None,
            unit,
            at: at.clone(),
        };
        let off_by_one = |step: i64| Percent {
            scaled: percent.scaled + step,
            decimals: percent.decimals,
        };
        match ratio_agrees(&part, &whole, percent) {
            Some(false) if adjusted => Some(
                ratio_agrees(&part, &whole, off_by_one(1)) == Some(true)
                    || ratio_agrees(&part, &whole, off_by_one(-1)) == Some(true),
            ),
            verdict => verdict,
        }
    };
    let verdicts: Vec<Option<bool>> = candidates.iter().map(agrees_with).collect();
    if verdicts.iter().all(Option::is_none) {
        return;
    }
    let passed = verdicts.contains(&Some(true));
    if passed && !out.keeps_passes() {
        out.count_pass(rule::NARRATIVE_SHARE, std::iter::once(&at));
        return;
    }
    let computed: Vec<String> = candidates
        .iter()
        .map(|w| {
            format!(
                "{:.2}% of {}",
                parsed.fen.0 as f64 * 100.0 / w.0 as f64,
                super::figure::show(*w, unit)
            )
        })
        .collect();
    out.push(CheckResult {
        rule: rule::NARRATIVE_SHARE,
        status: if passed { Status::Pass } else { Status::Fail },
        note: None,
        relation: Relation::Equal,
        involves: vec![at],
        expected: Some(Value::Text(computed.join(" or "))),
        actual: Some(Value::Text(format!("{pct}%"))),
        difference: None,
        tolerance: None,
        message: format!(
            "“{text}” (block {block}) states {pct}% of {named}, but {amount} is {}",
            computed.join(" or ")
        ),
    });
}

/// A share the text states of a whole (`占…总额的比例为100%`, `占本年支出的3.55%`): the words
/// between `占` and the percentage name the whole, so none of them is a digit or ends a clause,
/// and a share that changes (`占比提高`) is no share.
static ANY_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"占(?P<of>[^。；;，,、:：%％\d]{0,40}?)(?P<pct>\d+(?:\.\d+)?)[%％]")
        .expect("static regex")
});
/// Words that make a percentage after `占` a change of a share, a ratio to another year's
/// figure, or one to a budget or plan (`决算数占年初预算数的105%`, a completion rate), any of
/// which may pass 100%.
const SHARE_CHANGES: [&str; 13] = [
    "增",
    "减",
    "提高",
    "降低",
    "上升",
    "下降",
    "上年",
    "去年",
    "同期",
    "预算数",
    "年初预算",
    "调整预算",
    "计划",
];

/// A part is at most its whole: a share stated above 100% is a misprint, whatever the whole.
fn beyond_whole(block: usize, text: &str, out: &mut Checks) {
    for c in ANY_SHARE.captures_iter(text) {
        let (Some(whole_match), Some(of), Some(pct)) = (c.get(0), c.name("of"), c.name("pct"))
        else {
            continue;
        };
        if SHARE_CHANGES.iter().any(|w| of.as_str().contains(w)) {
            continue;
        }
        let Some(percent) = Percent::parse(pct.as_str()) else {
            continue;
        };
        let at = Involved::Text {
            block,
            text: whole_match.as_str().to_string(),
        };
        let within =
            percent.scaled <= 100i64.saturating_mul(10i64.saturating_pow(percent.decimals));
        if within && !out.keeps_passes() {
            out.count_pass(rule::NARRATIVE_BOUND, std::iter::once(&at));
            continue;
        }
        out.push(CheckResult {
            rule: rule::NARRATIVE_BOUND,
            status: if within { Status::Pass } else { Status::Fail },
            note: None,
            relation: Relation::AtMost,
            involves: vec![at],
            expected: Some(Value::Text("at most 100%".to_string())),
            actual: Some(Value::Text(format!("{}%", pct.as_str()))),
            difference: None,
            tolerance: None,
            message: format!(
                "“{}” (block {block}) states a share of {}%: a part is at most its whole (100%)",
                whole_match.as_str(),
                pct.as_str()
            ),
        });
    }
}

/// A share of a whole the text names in its own words (`授予中小企业合同金额12,127.08万元，占政府
/// 采购支出总额的79.02%`): the words between `占` and `的` name it, and no change or other
/// year's figure.
static SHARE_OF_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<amount>\d[\d,]*(?:\.\d+)?)(?P<unit>亿元|万元|元)[，,]?占",
        r"(?P<whole>[^，,。；;:：、%％\d的]{2,30})的(?:比例为|比重为)?(?P<pct>\d+(?:\.\d+)?)%",
    ))
    .expect("static regex")
});

/// Shares of a whole the text states by the same name before them, in their sentence or the
/// one before (`学校2024年度政府采购支出总额15,346.40万元，…。授予中小企业合同金额12,127.08万元，
/// 占政府采购支出总额的79.02%`): the part over that figure must round to the percentage.
/// Budgets and final accounts alike; shares of the totals the budget rule names are its own.
fn shares_of_a_figure_named_before(
    block: usize,
    text: &str,
    previous: Option<&str>,
    budget: bool,
    out: &mut Checks,
) {
    for c in SHARE_OF_NAMED.captures_iter(text) {
        let Some(share) = ShareText::of(&c) else {
            continue;
        };
        let named = share.whole.as_str();
        if SHARE_CHANGES.iter().any(|w| named.contains(w))
            || budget && SHARE.is_match(share.matched.as_str())
        {
            continue;
        }
        let before = format!(
            "{}{}",
            previous.unwrap_or(""),
            &text[..share.matched.start()]
        );
        let Some(whole) = figure_named(&before, named) else {
            continue;
        };
        if let Some(stated) = share.stated(block, vec![whole], false) {
            judge(stated, out);
        }
    }
}

/// The last figure `text` states right after `name` (`政府采购支出总额15,346.40万元`,
/// `…总额为…`).
fn figure_named(text: &str, name: &str) -> Option<Fen> {
    let mut found = None;
    let mut from = 0;
    while let Some(at) = text[from..].find(name) {
        let after = from + at + name.len();
        let rest = text[after..]
            .strip_prefix("为")
            .or_else(|| text[after..].strip_prefix("是"))
            .unwrap_or(&text[after..]);
        if let Some(c) = AMOUNT
            .captures(rest)
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
        {
            let unit = c.name("u").and_then(|u| Unit::from_word(u.as_str()));
            let amount = unit.and_then(|u| parse_amount(c.name("n")?.as_str(), u).ok()?);
            if let Some(amount) = amount.filter(|a| a.fen.0 > 0) {
                found = Some(amount.fen);
            }
        }
        from = after;
    }
    found
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    let budget = d.document_kind == DocumentKind::Budget;
    for (block, sentence, previous) in sentences_after(&d.paragraphs, &['占']) {
        let text = squeeze(&sentence);
        beyond_whole(block, &text, out);
        let squeezed_previous = previous.as_deref().map(squeeze);
        shares_of_a_figure_named_before(block, &text, squeezed_previous.as_deref(), budget, out);
        if !budget {
            continue;
        }
        let named_pcts = |whole: &str| -> Vec<&str> {
            SHARE
                .captures_iter(&text)
                .filter(|c| c.name("whole").is_some_and(|w| w.as_str() == whole))
                .filter_map(|c| c.name("pct").map(|p| p.as_str()))
                .collect()
        };
        for c in SHARE.captures_iter(&text) {
            let Some(share) = ShareText::of(&c) else {
                continue;
            };
            let named = share.whole.as_str();
            let adjusted = sum_to_hundred(&named_pcts(named));
            if let Some(stated) = share.stated(block, wholes(d, named), adjusted) {
                judge(stated, out);
            }
        }
        let Some(lead) = LEAD.captures(&text) else {
            if let Some(previous) = previous {
                shares_of_the_sentence_before(block, &text, &squeeze(&previous), out);
            }
            continue;
        };
        let (Some(lead_at), Some(Some(lead_unit))) = (
            lead.get(0),
            lead.name("u").map(|u| Unit::from_word(u.as_str())),
        ) else {
            continue;
        };
        let Ok(Some(total)) = parse_amount(lead.name("n").map_or("", |n| n.as_str()), lead_unit)
        else {
            continue;
        };
        let named = format!(
            "the {} the list follows",
            super::figure::show(total.fen, lead_unit)
        );
        let listed = &text[lead_at.end()..];
        judge_list(block, listed, &named, &[total.fen], out);
    }
}

/// Judges each share of the list `listed` (`…万元，占…%`) as of one of `wholes`.
fn judge_list(block: usize, listed: &str, named: &str, wholes: &[Fen], out: &mut Checks) {
    let pcts: Vec<&str> = SHARE_OF_LEAD
        .captures_iter(listed)
        .filter_map(|c| c.name("pct").map(|p| p.as_str()))
        .collect();
    let adjusted = sum_to_hundred(&pcts);
    for c in SHARE_OF_LEAD.captures_iter(listed) {
        let (Some(whole_match), Some(amount), Some(unit), Some(pct)) =
            (c.get(0), c.name("amount"), c.name("unit"), c.name("pct"))
        else {
            continue;
        };
        let Some(unit) = Unit::from_word(unit.as_str()) else {
            continue;
        };
        judge(
            Stated {
                block,
                text: whole_match.as_str(),
                amount: amount.as_str(),
                unit,
                pct: pct.as_str(),
                named,
                wholes: wholes.to_vec(),
                adjusted,
            },
            out,
        );
    }
}

/// A list that opens its own sentence (`…收入预算合计2,867.94万元，包括本年收入2,867.94万元，上年
/// 结转结余0万元。其中：本年一般公共预算收入2,723.94万元，占94.98%；…`) shares out a figure of the
/// sentence before: each share must be of one of them.
fn shares_of_the_sentence_before(block: usize, text: &str, previous: &str, out: &mut Checks) {
    if !text.starts_with("其中") {
        return;
    }
    let wholes: Vec<(Fen, Unit)> = AMOUNT
        .captures_iter(previous)
        .filter_map(|c| {
            let unit = Unit::from_word(c.name("u")?.as_str())?;
            let amount = parse_amount(c.name("n")?.as_str(), unit).ok()??;
            (amount.fen.0 > 0).then_some((amount.fen, unit))
        })
        .collect();
    if wholes.is_empty() {
        return;
    }
    let named = format!(
        "a figure of the sentence before the list ({})",
        wholes
            .iter()
            .map(|(f, u)| super::figure::show(*f, *u))
            .collect::<Vec<_>>()
            .join(" or ")
    );
    let wholes: Vec<Fen> = wholes.iter().map(|(f, _)| *f).collect();
    judge_list(block, text, &named, &wholes, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ChecksListed;

    fn failed(sentence: &str) -> usize {
        let mut out = Checks::new(ChecksListed::Findings);
        beyond_whole(1, sentence, &mut out);
        out.records().iter().filter(|c| c.failed()).count()
    }

    #[test]
    fn only_a_share_of_a_whole_is_bounded_by_it() {
        assert_eq!(
            failed("涉及财政性资金339.5万元，占财政性资金总额的比例为300%。"),
            1
        );
        assert_eq!(failed("人员支出250,110.65万元，占61.9%。"), 0);
        assert_eq!(failed("占财政性资金总额的比例为100%。"), 0);
        // Completion rates and changes of a share may pass 100%.
        assert_eq!(failed("决算数占年初预算数的105.20%。"), 0);
        assert_eq!(failed("占比提高120%。"), 0);
        assert_eq!(failed("占上年预算的112%。"), 0);
    }

    /// (checks, failures) of the shares of wholes named before, in `text` after `previous`.
    fn named_before(previous: Option<&str>, text: &str) -> (usize, usize) {
        let mut out = Checks::new(ChecksListed::All);
        shares_of_a_figure_named_before(1, text, previous, false, &mut out);
        let records = out.records();
        (records.len(), records.iter().filter(|c| c.failed()).count())
    }

    #[test]
    fn a_share_of_a_figure_the_text_named_before_is_held_to_it() {
        // 西南大学 2024 决算, its total in the sentence before, its second whole in its own.
        let previous =
            "学校2024年度政府采购支出总额15,346.40万元，其中：政府采购货物支出5,510.39万元。";
        let share = "授予中小企业合同金额12,127.08万元，占政府采购支出总额的79.02%，其中：授予小微企业合同金额7,278.13万元，占授予中小企业合同金额的60.02%；";
        assert_eq!(named_before(Some(previous), share), (2, 0));
        let misprinted = share.replace("12,127.08", "12,124.08");
        assert_eq!(named_before(Some(previous), &misprinted), (2, 2));
        // A whole the text names nowhere before, or a share of another year's figure: no check.
        assert_eq!(
            named_before(None, &share[share.find("授予小微").unwrap_or(0)..]),
            (0, 0)
        );
        assert_eq!(
            named_before(
                Some("上年支出总额100万元。"),
                "本年5万元，占上年支出总额的9%。"
            ),
            (0, 0)
        );
    }
}
