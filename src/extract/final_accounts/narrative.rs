//! The figures a final-accounts narrative states (情况说明): totals with their change on the year
//! before, each revenue source and kind of spending with its share, the 一般公共预算财政拨款 by
//! 类 and per 项 with 年初预算 and 决算 and the stated reason, completion rates (完成率), the 三公
//! budget against actual with reasons and counts, 政府采购 and assets.
//!
//! The narrative is read chapter by chapter (一、… 十一、); a chapter's paragraphs are joined
//! into one text, so that a sentence wrapped over several paragraphs is read whole.

use crate::document::Document;
use crate::extract::model::{Fact, FactValue, Percent, Warning};
use crate::extract::narrative::compact_spaces;
use crate::money::{fold_width, parse_amount, Amount, Unit};
use regex::{Captures, Regex};
use std::sync::LazyLock;

const AMT: &str = r"(?P<n>\d[\d,，]*(?:\.\d+)?)(?P<u>亿元|万元|千元|元)";

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("{AMT}", AMT)).expect("static regex")
}

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"));
static SECTION: LazyLock<Regex> = LazyLock::new(|| re(r"^[（(][一二三四五六七八九十]+[）)]"));
/// `1、`, `2．`, `3.` opening a numbered item (not `0.94万元`).
static ITEM_START: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{1,2}(?:[、．]|\.[^\d])"));
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| re(r"X{2,}\s*(?:万元|%|％|个|人次|辆|批次|分)|XXXX"));
/// A change on the year before, from the comparison words on.
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[，,。；]?(?:与|较|比)(?:上年度?|\d{4}年度?)(?:相比)?[，,]?[^。；\n]{0,40}?(?P<dir>增加|减少|持平)(?:(?P<cn>\d[\d,，]*(?:\.\d+)?)(?P<cu>亿元|万元|千元|元))?(?:[，,](?P<rdir>增长|下降)(?P<rp>\d+(?:\.\d+)?)[%％])?",
    )
});
static SHARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[，,]\s*占[^，,。；\n%％]{0,12}?(?P<p>\d+(?:\.\d+)?)[%％]"));
static RATE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[，,]\s*完成(?:年初)?预算的(?P<p>\d+(?:\.\d+)?)[%％]"));
static REASON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"决算数(?:(?P<cmp>大于|小于|等于)(?:（(?:大于|小于)）)?预算数的主要原因(?:是)?[：:](?P<why>[^。\n]*)|与预算数(?:基本)?持平)",
    )
});

struct Simple {
    key: &'static str,
    regex: Regex,
}

fn simple(key: &'static str, prefix: &str) -> Simple {
    Simple {
        key,
        regex: re(&format!("{prefix}{{AMT}}")),
    }
}

/// Figures that stand alone, each with its change, share or rate where one follows.
static SIMPLE: LazyLock<Vec<Simple>> = LazyLock::new(|| {
    vec![
        simple("appropriation_total", r"财政拨款收入支出总计(?:为)?"),
        simple(
            "revenue_expenditure_total",
            r"(?:^|[^款])收入支出总计(?:为)?",
        ),
        simple("revenue_current", r"本年收入合计(?:为)?"),
        simple("expenditure_current", r"本年支出合计(?:为)?"),
        simple(
            "appropriation_expenditure",
            r"(?:^|[。\n])一般公共预算财政拨款支出(?:决算)?(?:为)?",
        ),
        simple(
            "general_budget_basic_expenditure",
            r"一般公共预算财政拨款基本支出(?:决算)?(?:为)?",
        ),
        simple("personnel_expenses", r"人员经费(?:支出)?(?:为)?"),
        simple("public_expenses", r"公用经费(?:支出)?(?:为)?"),
        simple("operating_expenses", r"机关运行经费(?:支出)?(?:为)?"),
        simple(
            "procurement_total",
            r"政府采购(?:支出)?(?:总)?金额(?:[（(]以合同签订为准[）)])?(?:为)?",
        ),
        simple("procurement.goods", r"货物采购(?:金额)?(?:为)?"),
        simple("procurement.works", r"工程采购(?:金额)?(?:为)?"),
        simple("procurement.services", r"服务采购(?:金额)?(?:为)?"),
        simple(
            "procurement.sme_reserved",
            r"面向中小企业预留政府采购项目预算金额(?:为)?",
        ),
        simple(
            "procurement.micro_reserved",
            r"面向小微企业预留政府采购项目预算金额(?:为)?",
        ),
    ]
});

/// Parts listed after a total (`其中：财政拨款收入…，占…%；其他收入…`).
static REVENUE_PART: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<what>财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入){AMT}")
});
static EXPENDITURE_PART: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<what>基本支出|项目支出|经营支出|上缴上级支出|对附属单位补助支出){AMT}")
});
static FUNCTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?P<name>\p{Han}[\p{Han}、]*?支出|\p{Han}+?)[（(]类[）)]{AMT}"));
static BUDGET_ACTUAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"年初预算(?:数)?为(?P<bn>\d[\d,，]*(?:\.\d+)?)(?P<bu>亿元|万元|千元|元)[，,]\s*(?:支出)?决算(?:数)?为{AMT}",
    )
});
static ITEM_PATH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<c>[^（）。\n]+?)[（(]类[）)](?P<k>[^（）。\n]+?)[（(]款[）)](?P<x>[^（）。\n]+?)[（(]项[）)]",
    )
});
static THREE_PUBLIC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"三公[”\x22’]?经费(?:财政拨款)?支出年初预算(?:数)?为(?P<bn>\d[\d,，]*(?:\.\d+)?)(?P<bu>亿元|万元|千元|元)[，,]\s*(?:支出)?决算(?:数)?为{AMT}",
    )
});
static THREE_PUBLIC_PARTS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("outbound_travel", r"因公出国[（(]境[）)]费(?:用)?"),
        ("vehicles", r"公务用车购置及运行(?:维护)?费"),
        ("vehicle_purchase", r"公务用车购置(?:费)?"),
        ("vehicle_operation", r"公务用车运行(?:维护)?(?:费)?"),
        ("official_reception", r"公务接待费"),
    ]
    .into_iter()
    .map(|(k, p)| (k, re(&format!(r"{p}(?:支出)?决算(?:数)?为{{AMT}}"))))
    .collect()
});
static THREE_PUBLIC_CHANGE: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("total", r"三公[”\x22’]?经费(?:财政拨款)?支出决算(?:数)?"),
        ("outbound_travel", r"因公出国[（(]境[）)]费(?:用)?支出决算"),
        ("vehicles", r"公务用车购置及运行(?:维护)?费支出决算"),
        ("official_reception", r"公务接待费支出决算"),
    ]
    .into_iter()
    .map(|(k, p)| {
        (
            k,
            re(&format!(
                r"{p}(?:(?:比|较)(?:上年度?|\d{{4}}年度?))?(?:与(?:上年度?|\d{{4}}年度?))?(?P<dir>增加|减少|持平)(?:(?P<cn>\d[\d,，]*(?:\.\d+)?)(?P<cu>亿元|万元|千元|元))?(?:[，,](?P<rdir>增长|下降)(?P<rp>\d+(?:\.\d+)?)[%％])?"
            )),
        )
    })
    .collect()
});
static THREE_PUBLIC_REASON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"三公[”\x22’]?经费(?:财政拨款)?支出决算数(?:小于|大于|等于)(?:（(?:小于|大于)）)?预算数的主要原因(?:是)?[：:](?P<why>[^。\n]*)",
    )
});
static COUNTS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("three_public.outbound_travel.groups", r"团组(?P<c>\d+)个"),
        (
            "three_public.outbound_travel.people",
            r"团组\d+个[、，,]?(?:累计|共)?(?P<c>\d+)人次",
        ),
        ("vehicles_held", r"公务用车保有量(?:为)?(?P<c>\d+)辆"),
        (
            "vehicles_bought",
            r"(?:购置(?:公务用车|车辆)|公务用车购置数量(?:为)?)(?P<c>\d+)辆",
        ),
        (
            "three_public.official_reception.batches",
            r"(?:国内公务)?接待(?:国内)?(?:公务)?(?:共)?(?:计)?(?P<c>\d+)批次",
        ),
        (
            "three_public.official_reception.people",
            r"接待(?:国内)?(?:公务)?(?:共)?(?:计)?\d+批次[、，,]?(?:共|累计)?(?P<c>\d+)人次",
        ),
        (
            "three_public.official_reception.foreign_batches",
            r"外宾(?:接待)?(?P<c>\d+)批次",
        ),
        (
            "three_public.official_reception.foreign_people",
            r"外宾(?:接待)?\d+批次[、，,]?(?P<c>\d+)人次",
        ),
        ("vehicles_held", r"共有车辆(?P<c>\d+)辆"),
        (
            "large_equipment",
            r"(?:100|一百)万元[（(]含[）)]以上设备[（(]不含车辆[）)](?P<c>\d+)台",
        ),
    ]
    .into_iter()
    .map(|(k, p)| (k, re(p)))
    .collect()
});

/// The chapters whose numbered items explain 项 of one fund.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fund {
    General,
    Government,
    StateCapital,
}

impl Fund {
    fn key(self) -> &'static str {
        match self {
            Fund::General => "appropriation_expenditure",
            Fund::Government => "government_fund_expenditure",
            Fund::StateCapital => "state_capital_expenditure",
        }
    }

    fn of_heading(text: &str) -> Option<Fund> {
        if text.contains("一般公共预算财政拨款支出") && !text.contains("基本支出") {
            Some(Fund::General)
        } else if text.contains("政府性基金") {
            Some(Fund::Government)
        } else if text.contains("国有资本经营") {
            Some(Fund::StateCapital)
        } else {
            None
        }
    }
}

/// A chapter's paragraphs joined: the text and where each paragraph starts in it.
struct Flow {
    text: String,
    starts: Vec<(usize, usize)>,
    fund: Option<Fund>,
}

impl Flow {
    fn block_at(&self, at: usize) -> usize {
        self.starts
            .iter()
            .take_while(|(offset, _)| *offset <= at)
            .last()
            .map_or(0, |(_, b)| *b)
    }
}

fn chapters(document: &Document) -> Vec<Flow> {
    let mut flows: Vec<Flow> = Vec::new();
    let mut current = Flow {
        text: String::new(),
        starts: Vec::new(),
        fund: None,
    };
    for (block, p) in document.paragraphs() {
        let text = compact_spaces(p.text.trim());
        if text.is_empty() {
            continue;
        }
        if CHAPTER.is_match(&text) && text.chars().count() <= 40 {
            flows.push(std::mem::replace(
                &mut current,
                Flow {
                    text: String::new(),
                    starts: Vec::new(),
                    fund: Fund::of_heading(&text),
                },
            ));
        }
        // Paragraphs are joined where one ends mid-sentence, else kept apart by a line break.
        let joins = current
            .text
            .chars()
            .last()
            .is_some_and(|c| !matches!(c, '。' | '；' | '！' | '？' | '\n' | '：'))
            && !SECTION.is_match(&text)
            && !ITEM_START.is_match(&text)
            && !current.text.ends_with("说明")
            && !current.text.ends_with("情况");
        if !current.text.is_empty() && !joins {
            current.text.push('\n');
        }
        current.starts.push((current.text.len(), block));
        current.text.push_str(&text);
    }
    flows.push(current);
    flows
}

fn money(number: &str, unit: &str) -> Option<(Amount, Unit)> {
    let unit = Unit::from_word(unit)?;
    let folded: String = number.chars().map(fold_width).collect();
    parse_amount(&folded, unit)
        .ok()
        .flatten()
        .map(|a| (a, unit))
}

fn signed(amount: Amount, direction: &str) -> Amount {
    if matches!(direction, "减少" | "下降") {
        Amount {
            fen: -amount.fen,
            decimals: amount.decimals,
        }
    } else {
        amount
    }
}

const SENTENCE_ENDS: [char; 4] = ['。', '；', ';', '\n'];

fn sentence_around(text: &str, at: usize) -> String {
    crate::extract::narrative::sentence_between(text, at, &SENTENCE_ENDS)
}

struct Reader<'a> {
    flow: &'a Flow,
    facts: Vec<Fact>,
}

impl Reader<'_> {
    fn has(&self, key: &str, label: Option<&str>) -> bool {
        self.facts
            .iter()
            .any(|f| f.key == key && f.label.as_deref() == label)
    }

    fn push(
        &mut self,
        key: &str,
        label: Option<String>,
        value: FactValue,
        source_unit: Option<Unit>,
        at: usize,
        sentence: String,
    ) -> Option<usize> {
        if self.has(key, label.as_deref()) {
            return None;
        }
        let unit = match value {
            FactValue::Money(_) => "yuan",
            FactValue::Count(_) => "count",
            FactValue::Percent(_) => "percent",
        };
        self.facts.push(Fact {
            key: key.to_string(),
            label,
            value,
            unit,
            source_unit,
            change: None,
            sentence,
            block: self.flow.block_at(at),
            note: None,
        });
        Some(self.facts.len() - 1)
    }

    /// A money fact from the `n`/`u` groups of a match; returns its index and where it ends.
    fn money(
        &mut self,
        key: &str,
        label: Option<String>,
        c: &Captures<'_>,
        number: &str,
        unit: &str,
    ) -> Option<(usize, usize)> {
        let whole = c.get(0)?;
        let (amount, unit) = money(c.name(number)?.as_str(), c.name(unit)?.as_str())?;
        // A pattern may open on the mark that ends the sentence before.
        let start = whole.start()
            + whole
                .as_str()
                .chars()
                .take_while(|c| matches!(c, '。' | '\n'))
                .map(char::len_utf8)
                .sum::<usize>();
        let sentence = sentence_around(&self.flow.text, start);
        let index = self.push(
            key,
            label,
            FactValue::Money(amount),
            Some(unit),
            start,
            sentence,
        )?;
        Some((index, whole.end()))
    }

    fn percent(&mut self, key: &str, label: Option<String>, p: &str, at: usize) {
        if let Some(value) = Percent::parse(p) {
            let sentence = sentence_around(&self.flow.text, at);
            self.push(key, label, FactValue::Percent(value), None, at, sentence);
        }
    }

    /// The share (`，占20.51%`), completion rate and change on the year before that follow a
    /// figure, as facts of their own (`…share`, `…completion_rate`, `…change_rate`) and as the
    /// figure's change.
    fn follow_ups(&mut self, index: usize, end: usize) {
        let key = self.facts[index].key.clone();
        let label = self.facts[index].label.clone();
        let rest = &self.flow.text[end..];
        if let Some(s) = SHARE.captures(rest) {
            if let Some(p) = s.name("p") {
                self.percent(&format!("{key}.share"), label.clone(), p.as_str(), end);
            }
        }
        if let Some(r) = RATE_AFTER.captures(rest) {
            if let Some(p) = r.name("p") {
                self.percent(
                    &format!("{key}.completion_rate"),
                    label.clone(),
                    p.as_str(),
                    end,
                );
            }
        }
        // The comparison may follow a share in the next sentence.
        let window: &str = {
            let mut cut = rest.len().min(240);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            &rest[..cut]
        };
        // The first comparison in this figure's sentence or the one right after it.
        let found = window
            .char_indices()
            .filter(|(_, ch)| matches!(ch, '与' | '比' | '较'))
            .take_while(|(i, _)| window[..*i].matches(['。', '\n']).count() <= 1)
            .find_map(|(i, _)| CHANGE.captures(&window[i..]).map(|c| (i, c)));
        let Some((start, c)) = found else {
            return;
        };
        let Some(direction) = c.name("dir").map(|m| m.as_str()) else {
            return;
        };
        let change = if direction == "持平" {
            Some(Amount {
                fen: crate::money::Fen::ZERO,
                decimals: 0,
            })
        } else {
            match (c.name("cn"), c.name("cu")) {
                (Some(n), Some(u)) => {
                    money(n.as_str(), u.as_str()).map(|(a, _)| signed(a, direction))
                }
                _ => None,
            }
        };
        if let Some(change) = change {
            self.facts[index].change = Some(FactValue::Money(change));
        }
        if let (Some(d), Some(p)) = (c.name("rdir"), c.name("rp")) {
            if let Some(value) = Percent::parse(p.as_str()) {
                let value = if d.as_str() == "下降" {
                    value.negated()
                } else {
                    value
                };
                let at = end + start;
                let sentence = sentence_around(&self.flow.text, at);
                self.push(
                    &format!("{key}.change_rate"),
                    label,
                    FactValue::Percent(value),
                    None,
                    at,
                    sentence,
                );
            }
        }
    }

    fn simple_figures(&mut self) {
        let text = self.flow.text.clone();
        for s in SIMPLE.iter() {
            for c in s.regex.captures_iter(&text) {
                if let Some((index, end)) = self.money(s.key, None, &c, "n", "u") {
                    self.follow_ups(index, end);
                }
            }
        }
    }

    fn parts(&mut self) {
        let text = self.flow.text.clone();
        for (regex, prefix) in [
            (&*REVENUE_PART, "revenue"),
            (&*EXPENDITURE_PART, "expenditure"),
        ] {
            for c in regex.captures_iter(&text) {
                let key = match (prefix, c.name("what").map(|m| m.as_str())) {
                    ("revenue", Some("财政拨款收入")) => "revenue.appropriation",
                    ("revenue", Some("上级补助收入")) => "revenue.superior_subsidy",
                    ("revenue", Some("事业收入")) => "revenue.business_income",
                    ("revenue", Some("经营收入")) => "revenue.operating_income",
                    ("revenue", Some("附属单位上缴收入")) => {
                        "revenue.subordinate_remittance"
                    }
                    ("revenue", Some("其他收入")) => "revenue.other_income",
                    (_, Some("基本支出")) => "basic_expenditure",
                    (_, Some("项目支出")) => "project_expenditure",
                    (_, Some("经营支出")) => "expenditure.operating",
                    (_, Some("上缴上级支出")) => "expenditure.remittance_to_superior",
                    (_, Some("对附属单位补助支出")) => {
                        "expenditure.subsidy_to_subordinates"
                    }
                    _ => continue,
                };
                // A part of the year's totals: its sentence names the total.
                let Some(whole) = c.get(0) else { continue };
                let sentence = sentence_around(&text, whole.start());
                let lead = text[..whole.start()].rfind(['\n']).map_or(0, |i| i + 1);
                let paragraph = &text[lead..whole.start()];
                if !(sentence.contains("其中") || paragraph.contains("其中")) {
                    continue;
                }
                if let Some((index, end)) = self.money(key, None, &c, "n", "u") {
                    self.follow_ups(index, end);
                }
            }
        }
    }

    fn functions(&mut self) {
        let text = self.flow.text.clone();
        for c in FUNCTION.captures_iter(&text) {
            let Some(name) = c.name("name") else { continue };
            let label = name
                .as_str()
                .trim_start_matches(['：', ':', '；', '，', '、'])
                .to_string();
            if let Some((index, end)) = self.money(
                "appropriation_expenditure.function",
                Some(label),
                &c,
                "n",
                "u",
            ) {
                self.follow_ups(index, end);
            }
        }
    }

    /// 年初预算 against 决算: the fund's whole, then each numbered 项.
    fn budget_against_actual(&mut self, fund: Fund) {
        let text = self.flow.text.clone();
        let key = fund.key();
        // The whole comes before the first numbered item.
        let first_item = self
            .flow
            .starts
            .iter()
            .map(|(o, _)| *o)
            .find(|o| ITEM_START.is_match(&text[*o..]))
            .unwrap_or(text.len());
        if let Some(c) = BUDGET_ACTUAL.captures(&text[..first_item]) {
            self.budget_pair(key, None, &c, &text, 0, first_item);
        }
        let starts: Vec<usize> = self
            .flow
            .starts
            .iter()
            .map(|(o, _)| *o)
            .filter(|o| ITEM_START.is_match(&text[*o..]))
            .collect();
        for (k, start) in starts.iter().enumerate() {
            let end = starts
                .get(k + 1)
                .copied()
                .or_else(|| {
                    self.flow.starts.iter().map(|(o, _)| *o).find(|o| {
                        *o > *start
                            && (SECTION.is_match(&text[*o..]) || text[*o..].starts_with("按上述"))
                    })
                })
                .unwrap_or(text.len());
            let item = &text[*start..end];
            let label = ITEM_PATH.captures(item).map(|p| {
                let part = |n: &str| {
                    p.name(n)
                        .map_or("", |m| m.as_str())
                        .trim_start_matches(|c: char| {
                            c.is_ascii_digit() || matches!(c, '、' | '.' | '．')
                        })
                        .to_string()
                };
                format!("{}（类）{}（款）{}（项）", part("c"), part("k"), part("x"))
            });
            let Some(label) = label else { continue };
            if let Some(c) = BUDGET_ACTUAL.captures(item) {
                self.budget_pair(&format!("{key}.item"), Some(label), &c, &text, *start, end);
            }
        }
    }

    fn budget_pair(
        &mut self,
        key: &str,
        label: Option<String>,
        c: &Captures<'_>,
        text: &str,
        offset: usize,
        end: usize,
    ) {
        let Some(whole) = c.get(0) else { return };
        let at = offset + whole.start();
        let scope = &text[offset..end];
        let start_of = |at: usize| {
            text[..at]
                .rfind(['。', '\n'])
                .map_or(offset, |i| {
                    i + text[i..].chars().next().map_or(1, char::len_utf8)
                })
                .max(offset)
        };
        let end_of = |at: usize| {
            text[at..]
                .find(['。', '\n'])
                .map_or(text.len(), |i| {
                    at + i + text[at + i..].chars().next().map_or(1, char::len_utf8)
                })
                .min(end.max(at))
        };
        // The reason follows the figures; a text layer that moved lines may have put it first.
        let (reason, reason_at) = match REASON.captures(&scope[whole.end()..]) {
            Some(r) => (Some(r), offset + whole.end()),
            None => (REASON.captures(scope), offset),
        };
        let mut sentence_start = start_of(at);
        let mut sentence_end = end_of(offset + whole.end());
        if let Some(m) = reason.as_ref().and_then(|r| r.get(0)) {
            sentence_start = sentence_start.min(start_of(reason_at + m.start()));
            sentence_end = sentence_end.max(end_of(reason_at + m.end()));
        }
        let sentence: String = text[sentence_start..sentence_end.min(text.len())]
            .trim()
            .chars()
            .filter(|c| *c != '\n')
            .collect();
        let note = reason
            .as_ref()
            .and_then(|r| r.name("why"))
            .map(|m| m.as_str().trim().to_string())
            .filter(|s| !s.is_empty());
        let block = self.flow.block_at(at);
        let push = |reader: &mut Self, k: String, n: &str, u: &str, note: Option<String>| {
            if let (Some(n), Some(u)) = (c.name(n), c.name(u)) {
                if let Some((amount, unit)) = money(n.as_str(), u.as_str()) {
                    if reader.has(&k, label.as_deref()) {
                        return;
                    }
                    reader.facts.push(Fact {
                        key: k,
                        label: label.clone(),
                        value: FactValue::Money(amount),
                        unit: "yuan",
                        source_unit: Some(unit),
                        change: None,
                        sentence: sentence.clone(),
                        block,
                        note,
                    });
                }
            }
        };
        push(self, format!("{key}.budget"), "bn", "bu", None);
        push(self, format!("{key}.actual"), "n", "u", note);
        if let Some(r) = RATE_AFTER.captures(&text[offset + whole.end()..]) {
            if let Some(p) = r.name("p") {
                self.percent(
                    &format!("{key}.completion_rate"),
                    label.clone(),
                    p.as_str(),
                    at,
                );
            }
        }
    }

    fn three_public(&mut self) {
        let text = self.flow.text.clone();
        if let Some(c) = THREE_PUBLIC.captures(&text) {
            let after = c.get(0).map_or(0, |m| m.end());
            let reason = THREE_PUBLIC_REASON
                .captures(&text)
                .and_then(|r| r.name("why"))
                .or_else(|| REASON.captures(&text[after..]).and_then(|r| r.name("why")))
                .map(|m| m.as_str().trim().to_string())
                .filter(|s| !s.is_empty());
            self.money("three_public_budget.total", None, &c, "bn", "bu");
            if let Some((index, end)) = self.money("three_public.total", None, &c, "n", "u") {
                self.facts[index].note = reason;
                if let Some(r) = RATE_AFTER.captures(&text[end..]) {
                    if let Some(p) = r.name("p") {
                        self.percent("three_public.completion_rate", None, p.as_str(), end);
                    }
                }
            }
        }
        for (part, regex) in THREE_PUBLIC_PARTS.iter() {
            if let Some(c) = regex.captures(&text) {
                let key = format!("three_public.{part}");
                if let Some((_, end)) = self.money(&key, None, &c, "n", "u") {
                    if let Some(r) = RATE_AFTER.captures(&text[end..]) {
                        if let Some(p) = r.name("p") {
                            self.percent(&format!("{key}.completion_rate"), None, p.as_str(), end);
                        }
                    }
                }
            }
        }
        for (part, regex) in THREE_PUBLIC_CHANGE.iter() {
            let Some(c) = regex.captures(&text) else {
                continue;
            };
            let key = format!("three_public.{part}");
            let Some(direction) = c.name("dir").map(|m| m.as_str()) else {
                continue;
            };
            let change = if direction == "持平" {
                Some(Amount {
                    fen: crate::money::Fen::ZERO,
                    decimals: 0,
                })
            } else {
                match (c.name("cn"), c.name("cu")) {
                    (Some(n), Some(u)) => {
                        money(n.as_str(), u.as_str()).map(|(a, _)| signed(a, direction))
                    }
                    _ => None,
                }
            };
            if let Some(f) = self.facts.iter_mut().find(|f| f.key == key) {
                if f.change.is_none() {
                    f.change = change.map(FactValue::Money);
                }
            }
            if let (Some(d), Some(p), Some(whole)) = (c.name("rdir"), c.name("rp"), c.get(0)) {
                if let Some(value) = Percent::parse(p.as_str()) {
                    let value = if d.as_str() == "下降" {
                        value.negated()
                    } else {
                        value
                    };
                    let sentence = sentence_around(&text, whole.start());
                    self.push(
                        &format!("{key}.change_rate"),
                        None,
                        FactValue::Percent(value),
                        None,
                        whole.start(),
                        sentence,
                    );
                }
            }
        }
    }

    fn counts(&mut self) {
        let text = self.flow.text.clone();
        for (key, regex) in COUNTS.iter() {
            let Some(c) = regex.captures(&text) else {
                continue;
            };
            let (Some(n), Some(whole)) = (c.name("c"), c.get(0)) else {
                continue;
            };
            let Ok(count) = n.as_str().parse::<i64>() else {
                continue;
            };
            let sentence = sentence_around(&text, whole.start());
            self.push(
                key,
                None,
                FactValue::Count(count),
                None,
                whole.start(),
                sentence,
            );
        }
    }
}

/// Generic facts whose words mean something else in final accounts, read again here.
const REREAD: &[&str] = &[
    "revenue_total",
    "expenditure_total",
    "expenditure.function",
    "appropriation_revenue",
    "appropriation_expenditure",
    "basic_expenditure",
    "project_expenditure",
    "procurement_total",
    "procurement.goods",
    "procurement.works",
    "procurement.services",
];

/// The final-accounts facts, with the generic facts that keep their meaning.
pub(super) fn facts(
    document: &Document,
    generic: Vec<Fact>,
    warnings: &mut Vec<Warning>,
) -> Vec<Fact> {
    let mut found: Vec<Fact> = Vec::new();
    for flow in chapters(document) {
        if flow.text.is_empty() {
            continue;
        }
        let mut reader = Reader {
            flow: &flow,
            facts: std::mem::take(&mut found),
        };
        if let Some(fund) = flow.fund {
            reader.budget_against_actual(fund);
        }
        reader.simple_figures();
        reader.parts();
        reader.functions();
        reader.three_public();
        reader.counts();
        found = reader.facts;
    }
    for (block, p) in document.paragraphs() {
        if PLACEHOLDER.is_match(&compact_spaces(&p.text)) {
            warnings.push(Warning {
                code: "placeholder",
                message: "the text holds template placeholders (XXX) where figures belong"
                    .to_string(),
                block: Some(block),
            });
        }
    }
    let mut out: Vec<Fact> = generic
        .into_iter()
        .filter(|f| {
            !REREAD.contains(&f.key.as_str())
                && !f.key.starts_with("revenue.")
                && !found.iter().any(|g| g.key == f.key)
        })
        .collect();
    out.extend(found);
    out.sort_by_key(|f| f.block);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::of_lines(paragraphs)
    }

    fn find<'a>(facts: &'a [Fact], key: &str) -> &'a Fact {
        facts
            .iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("no {key}"))
    }

    #[test]
    fn counts_of_the_three_public_chapter() {
        let d = doc(&[
            "七、财政拨款“三公”经费支出决算情况说明",
            "1、因公出国（境）费支出 12.5 万元。全年安排因公出国（境）团组 3 个、累计 11 人次。",
            "公务用车运行维护支出 8 万元。2024年，某局所属各预算单位开支财政拨款的公务用车保有量为 4 辆。",
            "国内公务接待支出 2 万元。共接待 15 批次、120 人次，其中：接待外宾 2 批次、9 人次。",
        ]);
        let mut warnings = Vec::new();
        let f = facts(&d, Vec::new(), &mut warnings);
        assert_eq!(
            find(&f, "three_public.outbound_travel.groups").count(),
            Some(3)
        );
        assert_eq!(
            find(&f, "three_public.outbound_travel.people").count(),
            Some(11)
        );
        assert_eq!(find(&f, "vehicles_held").count(), Some(4));
        assert_eq!(
            find(&f, "three_public.official_reception.batches").count(),
            Some(15)
        );
        assert_eq!(
            find(&f, "three_public.official_reception.people").count(),
            Some(120)
        );
        assert_eq!(
            find(&f, "three_public.official_reception.foreign_batches").count(),
            Some(2)
        );
        assert_eq!(
            find(&f, "three_public.official_reception.foreign_people").count(),
            Some(9)
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn change_on_the_year_and_rates() {
        let d = doc(&[
            "七、财政拨款“三公”经费支出决算情况说明",
            "“三公”经费财政拨款支出年初预算为30万元，支出决算为24.6万元，完成预算的82%，其中：因公出国（境）费决算为10万元，完成预算的100%；公务接待费支出决算为2.6万元，完成预算的52%。决算数小于预算数的主要原因：厉行节约。",
            "2024年度“三公”经费财政拨款支出决算数比2023年度减少1.4万元，下降5.38%，其中：因公出国（境）费支出决算增加2万元，增长25%；公务接待费支出决算持平。",
        ]);
        let mut warnings = Vec::new();
        let f = facts(&d, Vec::new(), &mut warnings);
        assert_eq!(
            find(&f, "three_public_budget.total").money().map(|m| m.0),
            Some(30_000_000)
        );
        let total = find(&f, "three_public.total");
        assert_eq!(total.money().map(|m| m.0), Some(24_600_000));
        assert_eq!(total.note.as_deref(), Some("厉行节约"));
        assert_eq!(
            total.change,
            Some(FactValue::Money(Amount {
                fen: crate::money::Fen(-1_400_000),
                decimals: 1
            }))
        );
        assert_eq!(
            find(&f, "three_public.total.change_rate")
                .percent()
                .map(|p| p.as_f64()),
            Some(-5.38)
        );
        assert_eq!(
            find(&f, "three_public.official_reception.completion_rate")
                .percent()
                .map(|p| p.as_f64()),
            Some(52.0)
        );
        assert_eq!(
            find(&f, "three_public.official_reception").change,
            Some(FactValue::Money(Amount {
                fen: crate::money::Fen::ZERO,
                decimals: 0
            }))
        );
    }
}
