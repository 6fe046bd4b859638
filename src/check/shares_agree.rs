//! Shares one sentence states of one whole must imply one whole: `教育支出448,061.80万元，占总支出
//! 的93.06%；科学技术支出1,989.00万元，占总支出的0.41%；…` or, with the whole left unsaid,
//! `一般公共服务（类）支出5,140.00万元，占1.4%；公共安全（类）支出299,901.02万元，占81.0%；…`.
//! Each printed part and percentage bounds the whole it is a share of; where all but one of a
//! sentence's shares agree on a whole and that one cannot be of it, that one is misstated. The
//! rule needs neither the whole's figure nor its kind, so it holds for budgets and final
//! accounts alike, beside the rules that weigh a share against the whole a table states.

use super::comparison::sentences_with;
use super::figure::show;
use super::share::ShareText;
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Disclosure, Percent};
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Fen, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// A part, `占`, what it is a share of (perhaps nothing), and the percentage; on squeezed text.
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<amount>\d[\d,]*(?:\.\d+)?)(?P<unit>亿元|万元|千元|元)[，,]?占",
        r"(?P<whole>[^\d，,。；;：:%％（）()、]{0,12}?)(?P<pct>\d+(?:\.\d+)?)[%％]",
    ))
    .expect("static regex")
});

/// A bound on the whole: `num / den` fen.
#[derive(Clone, Copy)]
struct Ratio {
    num: i128,
    den: i128,
}

impl Ratio {
    fn le(self, other: Ratio) -> bool {
        self.num * other.den <= other.num * self.den
    }

    fn fen(self) -> i128 {
        self.num / self.den
    }
}

/// One stated share as printed: the text, the part and its unit, the percentage.
struct Printed<'t> {
    text: &'t str,
    amount: &'t str,
    unit: Unit,
    pct: Percent,
}

/// One stated share and the wholes it allows: at least `low`, at most `high` (none: unbounded).
struct Share<'t> {
    text: &'t str,
    amount: &'t str,
    unit: Unit,
    part: Fen,
    /// The fen of the part's last printed digit: the precision a whole is told in.
    step: i128,
    pct: Percent,
    low: Ratio,
    high: Option<Ratio>,
}

impl Share<'_> {
    fn allows(&self, low: Ratio, high: Option<Ratio>) -> bool {
        let below_high = high.is_none_or(|h| self.low.le(h));
        let above_low = self.high.is_none_or(|h| low.le(h));
        below_high && above_low
    }
}

/// The wholes `shares` agree on: the greatest of their lower bounds and the least of their upper.
fn agreed(shares: &[&Share]) -> Option<(Ratio, Option<Ratio>)> {
    let low = shares
        .iter()
        .map(|s| s.low)
        .reduce(|a, b| if a.le(b) { b } else { a })?;
    let high = shares
        .iter()
        .filter_map(|s| s.high)
        .reduce(|a, b| if a.le(b) { a } else { b });
    high.is_none_or(|h| low.le(h)).then_some((low, high))
}

/// What the whole is called: `总支出的` and `总支出` are one, `` is a whole the sentence leaves
/// unsaid.
fn whole_name(raw: &str) -> &str {
    let mut name = raw;
    loop {
        let before = name.len();
        for ending in ["的", "为", "比例", "比重", "比"] {
            name = name.strip_suffix(ending).unwrap_or(name);
        }
        if name.len() == before {
            return name;
        }
    }
}

/// Whether percentages of one whole sum to exactly 100: then one of them may be set a digit off
/// its rounding to make them so.
pub(super) fn sum_to_hundred(pcts: &[Percent]) -> bool {
    let places = pcts.iter().map(|p| p.decimals).max().unwrap_or(0).min(6);
    let sum = pcts.iter().fold(0i64, |sum, p| {
        sum.saturating_add(
            p.scaled
                .saturating_mul(10i64.pow(places - p.decimals.min(places))),
        )
    });
    pcts.len() >= 2 && sum == 100 * 10i64.pow(places)
}

/// The share with the wholes it allows: part ± its rounding over percentage ± its rounding (a
/// digit more where the sentence's shares were adjusted to sum to 100).
fn bounded<'t>(printed: Printed<'t>, adjusted: bool) -> Option<Share<'t>> {
    let Printed {
        text,
        amount,
        unit,
        pct,
    } = printed;
    let parsed = parse_amount(amount, unit).ok()??;
    // Beyond any budget's figures and percentages: no bound is read from them (and the
    // products below stay far inside i128).
    if parsed.fen.0.unsigned_abs() > 10u64.pow(17) || pct.scaled > 10i64.pow(9) || pct.decimals > 6
    {
        return None;
    }
    // A printed zero is exact.
    let half = if parsed.fen == Fen::ZERO {
        0
    } else {
        unit.half_unit_of_last_digit(parsed.decimals)
    };
    let scale = 10i128.pow(pct.decimals.min(6));
    // In half digits of the percentage: stated ± ½ digit, or ± 1½ when adjusted.
    let p2 = 2 * i128::from(pct.scaled);
    let slack = if adjusted { 3 } else { 1 };
    let (fen, half) = (i128::from(parsed.fen.0), i128::from(half));
    // 100·(part ± half) / whole within stated ± slack: whole ≥ 200·scale·(part − half)/(p2 + slack)
    // and whole ≤ 200·scale·(part + half)/(p2 − slack).
    let low = Ratio {
        num: 200 * scale * (fen - half).max(0),
        den: p2 + slack,
    };
    let high = (p2 > slack).then_some(Ratio {
        num: 200 * scale * (fen + half),
        den: p2 - slack,
    });
    Some(Share {
        text,
        amount,
        unit,
        part: parsed.fen,
        step: (2 * half).max(1),
        pct,
        low,
        high,
    })
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    for (block, sentence) in sentences_with(&d.paragraphs, &['占']) {
        let text = squeeze(&sentence);
        let mut groups: Vec<(&str, Vec<Printed>)> = Vec::new();
        let mut last_end = 0;
        for c in SHARE.captures_iter(&text) {
            let Some(ShareText {
                matched: whole,
                amount,
                unit,
                whole: raw_whole,
                pct,
            }) = ShareText::of(&c)
            else {
                continue;
            };
            // A part of a part (`…，其中人员经费…，占80%`) is a share of another whole.
            let nested = last_end > 0 && text[last_end..whole.start()].contains("其中");
            last_end = whole.end();
            let (Some(unit), Some(pct)) =
                (Unit::from_word(unit.as_str()), Percent::parse(pct.as_str()))
            else {
                continue;
            };
            if nested {
                continue;
            }
            let name = whole_name(raw_whole.as_str());
            let member = Printed {
                text: whole.as_str(),
                amount: amount.as_str(),
                unit,
                pct,
            };
            match groups.iter_mut().find(|(n, _)| *n == name) {
                Some((_, members)) => members.push(member),
                None => groups.push((name, vec![member])),
            }
        }
        for (name, members) in groups {
            let pcts: Vec<Percent> = members.iter().map(|m| m.pct).collect();
            let adjusted = sum_to_hundred(&pcts);
            let shares: Vec<Share> = members
                .into_iter()
                .filter_map(|m| bounded(m, adjusted))
                // `0万元，占0%` allows any whole.
                .filter(|s| s.part != Fen::ZERO || s.pct.scaled != 0)
                .collect();
            judge(block, name, &shares, out);
        }
    }
}

fn judge(block: usize, name: &str, shares: &[Share], out: &mut Checks) {
    // Two shares of a whole left unsaid may be of two wholes; three let the odd one out show.
    if shares.len() < 2 || (shares.len() == 2 && name.is_empty()) {
        return;
    }
    let all: Vec<&Share> = shares.iter().collect();
    let at = |s: &Share| Involved::Text {
        block,
        text: s.text.to_string(),
    };
    if agreed(&all).is_some() {
        let places: Vec<Involved> = shares.iter().map(at).collect();
        if out.keeps_passes() {
            out.push(record(
                Status::Pass,
                places,
                None,
                format!(
                    "the {} shares of block {block} agree on one whole",
                    shares.len()
                ),
            ));
        } else {
            out.count_pass(rule::NARRATIVE_SHARE, places.iter());
        }
        return;
    }
    // The share against the whole a table or the text states already told.
    if out.failed_at_block(rule::NARRATIVE_SHARE, block) {
        return;
    }
    let whole = if name.is_empty() {
        "the whole the sentence leaves unsaid".to_string()
    } else {
        name.to_string()
    };
    let odd_ones: Vec<(usize, Ratio, Option<Ratio>)> = (0..shares.len())
        .filter_map(|i| {
            let others: Vec<&Share> = all
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| *s)
                .collect();
            let (low, high) = agreed(&others)?;
            (!shares[i].allows(low, high)).then_some((i, low, high))
        })
        .collect();
    match odd_ones.as_slice() {
        [(i, low, high)] if shares.len() >= 3 => {
            let s = &shares[*i];
            let implied = high.map_or(low.fen(), |h| (low.fen() + h.fen()) / 2);
            let implied = (implied + s.step / 2) / s.step * s.step;
            let implied = Fen(i64::try_from(implied).unwrap_or(i64::MAX));
            let computed = if implied.0 > 0 {
                format!("{:.2}%", s.part.0 as f64 * 100.0 / implied.0 as f64)
            } else {
                "no share".to_string()
            };
            out.push(record(
                Status::Fail,
                vec![at(s)],
                Some((computed.clone(), s.pct)),
                format!(
                    "“{}” (block {block}) states {}% of {whole}, but the sentence's other shares \
                     of it imply a whole of about {}, of which {} is {computed}",
                    s.text,
                    s.pct.to_decimal_string(),
                    show(implied, s.unit),
                    s.amount
                ),
            ));
        }
        // Two shares, or no single odd one out: the sentence cannot say which is misstated.
        _ if shares.len() == 2 => {
            let [first, second] = shares else {
                return;
            };
            out.push(record(
                Status::Fail,
                vec![at(first), at(second)],
                None,
                format!(
                    "“{}” and “{}” (block {block}) state shares of {whole} that no one whole \
                     gives both",
                    first.text, second.text
                ),
            ));
        }
        _ => {}
    }
}

fn record(
    status: Status,
    involves: Vec<Involved>,
    computed: Option<(String, Percent)>,
    message: String,
) -> CheckResult {
    let (expected, actual) = match computed {
        Some((computed, stated)) => (
            Some(Value::Text(computed)),
            Some(Value::Text(format!("{}%", stated.to_decimal_string()))),
        ),
        None => (None, None),
    };
    CheckResult {
        rule: rule::NARRATIVE_SHARE,
        status,
        note: None,
        relation: Relation::Equal,
        involves,
        expected,
        actual,
        difference: None,
        tolerance: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(amount: &'static str, pct: &str) -> Option<Share<'static>> {
        bounded(
            Printed {
                text: "",
                amount,
                unit: Unit::TenThousandYuan,
                pct: Percent::parse(pct)?,
            },
            false,
        )
    }

    #[test]
    fn a_share_bounds_its_whole_by_both_printings_rounding() {
        // 5,140.00万元 at 1.4%: the whole is between 5,139.995/1.45% and 5,140.005/1.35%.
        let s = share("5,140.00", "1.4").expect("a share");
        assert_eq!(s.low.fen(), 354_482_413_793);
        assert_eq!(s.high.map(Ratio::fen), Some(380_741_111_111));
        // A zero share of nothing bounds nothing above.
        let zero = share("0", "0").expect("a share");
        assert!(zero.high.is_none() && zero.low.fen() == 0);
    }

    #[test]
    fn figures_beyond_any_budget_bound_nothing() {
        assert!(share("1", "99999999999999").is_none());
        assert!(share("99999999999999999", "5").is_none());
        assert!(share("1", "0.12345678").is_none());
    }

    #[test]
    fn whole_names_drop_their_particles() {
        assert_eq!(whole_name("总支出的"), "总支出");
        assert_eq!(whole_name("总支出的比重为"), "总支出");
        assert_eq!(whole_name("比"), "");
    }
}
