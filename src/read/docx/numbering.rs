//! Automatic list numbering: the numbering part's definitions, the counters Word keeps while it
//! lays the document out, and the number formats Chinese disclosures use (`一、`, `（一）`, `1.`).
//!
//! Counters follow Word: lists are counted per abstract definition, so a `numId` that comes back
//! after another list continues where it stopped, and so do two `numId`s sharing one abstract
//! definition; a `w:startOverride` restarts its level the first time its `numId` is used.

use super::package::{PartError, PartXml};
use super::styles::Styles;
use super::xml::{self, path_ends_with, Ns};
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};

const LEVELS: usize = 9;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Clone, Debug, Default)]
struct Level {
    start: Option<i64>,
    format: Option<String>,
    text: Option<String>,
    /// `w:lvlRestart`: restart after a use of levels above this one-based level; 0 never.
    restart: Option<u32>,
    legal: bool,
    suffix: Suffix,
    /// The paragraph style linked to this level.
    style: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives with the numbering style of this name.
    style_link: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Override {
    start: Option<i64>,
    level: Option<Level>,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    overrides: [Option<Override>; LEVELS],
}

/// The numbering part, parsed.
#[derive(Clone, Debug, Default)]
pub(super) struct Definitions {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

fn level_index(value: Option<String>) -> Option<usize> {
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&l| l < LEVELS)
}

impl Definitions {
    pub fn parse(reader: &mut PartXml<'_>) -> Result<Definitions, PartError> {
        let mut definitions = Definitions::default();
        let mut path: Vec<Vec<u8>> = Vec::new();
        let mut skip = 0usize;
        let mut abstract_num: Option<(String, Abstract)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_level: Option<(usize, Override)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut buf = Vec::new();
        loop {
            let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
            let ns = xml::resolved(&ns);
            match event {
                Event::Start(e) => {
                    if skip > 0 {
                        skip += 1;
                        buf.clear();
                        continue;
                    }
                    if ns == Ns::MarkupCompatibility && e.local_name().as_ref() == b"Choice" {
                        // Custom number formats (w14); the fallback names a standard one.
                        skip = 1;
                        buf.clear();
                        continue;
                    }
                    path.push(if ns == Ns::Word {
                        e.local_name().as_ref().to_vec()
                    } else {
                        Vec::new()
                    });
                    let val = || xml::val(reader, &e);
                    let number = || val().and_then(|v| v.trim().parse::<i64>().ok());
                    if path_ends_with(&path, &[b"numbering", b"abstractNum"]) {
                        abstract_num = xml::attribute(reader, &e, Ns::Word, b"abstractNumId")
                            .map(|id| (id, Abstract::default()));
                    } else if path_ends_with(&path, &[b"numbering", b"num"]) {
                        num = xml::attribute(reader, &e, Ns::Word, b"numId")
                            .map(|id| (id, Num::default()));
                    } else if path_ends_with(&path, &[b"lvl"]) {
                        level = level_index(xml::attribute(reader, &e, Ns::Word, b"ilvl"))
                            .map(|i| (i, Level::default()));
                    } else if path_ends_with(&path, &[b"num", b"lvlOverride"]) {
                        override_level = level_index(xml::attribute(reader, &e, Ns::Word, b"ilvl"))
                            .map(|i| (i, Override::default()));
                    } else if let Some((_, l)) = level.as_mut() {
                        if path_ends_with(&path, &[b"lvl", b"start"]) {
                            l.start = number();
                        } else if path_ends_with(&path, &[b"lvl", b"numFmt"]) {
                            l.format = val();
                        } else if path_ends_with(&path, &[b"lvl", b"lvlText"]) {
                            let null = xml::attribute(reader, &e, Ns::Word, b"null")
                                .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
                            l.text = if null { Some(String::new()) } else { val() };
                        } else if path_ends_with(&path, &[b"lvl", b"lvlRestart"]) {
                            l.restart = val().and_then(|v| v.trim().parse().ok());
                        } else if path_ends_with(&path, &[b"lvl", b"isLgl"]) {
                            l.legal = xml::on_off(reader, &e);
                        } else if path_ends_with(&path, &[b"lvl", b"suff"]) {
                            l.suffix = match val().as_deref() {
                                Some("space") => Suffix::Space,
                                Some("nothing") => Suffix::Nothing,
                                _ => Suffix::Tab,
                            };
                        } else if path_ends_with(&path, &[b"lvl", b"pStyle"]) {
                            l.style = val();
                        }
                    } else if let Some((_, o)) = override_level.as_mut() {
                        if path_ends_with(&path, &[b"lvlOverride", b"startOverride"]) {
                            o.start = number();
                        }
                    } else if let Some((_, n)) = num.as_mut() {
                        if path_ends_with(&path, &[b"num", b"abstractNumId"]) {
                            n.abstract_id = val().unwrap_or_default();
                        }
                    } else if let Some((_, a)) = abstract_num.as_mut() {
                        if path_ends_with(&path, &[b"abstractNum", b"numStyleLink"]) {
                            a.style_link = val();
                        }
                    }
                }
                Event::End(_) => {
                    if skip > 0 {
                        skip -= 1;
                        buf.clear();
                        continue;
                    }
                    if path_ends_with(&path, &[b"lvl"]) {
                        if let Some((index, l)) = level.take() {
                            if let Some((_, o)) = override_level.as_mut() {
                                o.level = Some(l);
                            } else if let Some((_, a)) = abstract_num.as_mut() {
                                a.levels[index] = Some(l);
                            }
                        }
                    } else if path_ends_with(&path, &[b"num", b"lvlOverride"]) {
                        if let (Some((index, o)), Some((_, n))) =
                            (override_level.take(), num.as_mut())
                        {
                            n.overrides[index] = Some(o);
                        }
                    } else if path_ends_with(&path, &[b"numbering", b"num"]) {
                        if let Some((id, n)) = num.take() {
                            definitions.nums.entry(id).or_insert(n);
                        }
                    } else if path_ends_with(&path, &[b"numbering", b"abstractNum"]) {
                        if let Some((id, a)) = abstract_num.take() {
                            definitions.abstracts.entry(id).or_insert(a);
                        }
                    }
                    path.pop();
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(definitions)
    }
}

/// Word's running list counters over one document.
pub(super) struct Counters<'d> {
    definitions: &'d Definitions,
    styles: &'d Styles,
    /// Current value per level, per abstract definition; `None` until used or after a restart.
    values: HashMap<String, [Option<i64>; LEVELS]>,
    /// `numId`s whose start overrides have been applied.
    started: HashSet<String>,
}

impl<'d> Counters<'d> {
    pub fn new(definitions: &'d Definitions, styles: &'d Styles) -> Counters<'d> {
        Counters {
            definitions,
            styles,
            values: HashMap::new(),
            started: HashSet::new(),
        }
    }

    /// The abstract definition behind a `numId`, following numbering-style links.
    fn abstract_of(&self, num_id: &str) -> Option<(&'d str, &'d Abstract)> {
        let mut num = self.definitions.nums.get(num_id)?;
        for _ in 0..4 {
            let id = num.abstract_id.as_str();
            let definition = self.definitions.abstracts.get(id)?;
            let Some(link) = &definition.style_link else {
                return Some((id, definition));
            };
            let (linked, _) = self.styles.numbering(link)?;
            num = self.definitions.nums.get(&linked)?;
        }
        None
    }

    /// The level a paragraph of `style` takes in list `num_id` when it names none.
    pub fn level_for_style(&self, num_id: &str, style: Option<&str>) -> u8 {
        let (Some(style), Some((_, definition))) = (style, self.abstract_of(num_id)) else {
            return 0;
        };
        definition
            .levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .map_or(0, |i| i as u8)
    }

    /// Counts one numbered paragraph and returns the label Word shows before its text, with
    /// the separator the level asks for. `None` when the list or level is not defined.
    pub fn next_label(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let num = self.definitions.nums.get(num_id)?;
        let (abstract_id, definition) = self.abstract_of(num_id)?;
        let level_of = |index: usize| -> Option<&'d Level> {
            num.overrides[index]
                .as_ref()
                .and_then(|o| o.level.as_ref())
                .or(definition.levels[index].as_ref())
        };
        let level = level_of(ilvl)?;
        let values = self
            .values
            .entry(abstract_id.to_string())
            .or_insert([None; LEVELS]);
        if self.started.insert(num_id.to_string()) {
            for (index, o) in num.overrides.iter().enumerate() {
                if let Some(start) = o.as_ref().and_then(|o| o.start) {
                    values[index] = Some(start.saturating_sub(1));
                }
            }
        }
        let start = level.start.unwrap_or(0);
        values[ilvl] = Some(values[ilvl].map_or(start, |v| v.saturating_add(1)));
        for (deeper, value) in values.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = level_of(deeper).and_then(|l| l.restart);
            let restarts = match restart {
                None => true,
                Some(0) => false,
                Some(r) => (ilvl as u32) < r,
            };
            if restarts {
                *value = None;
            }
        }
        let format = level.format.as_deref().unwrap_or("decimal");
        let template = match &level.text {
            Some(t) => t.clone(),
            None => format!("%{}.", ilvl + 1),
        };
        let label = if format == "bullet" {
            bullet(&template)
        } else {
            let mut label = String::new();
            let mut chars = template.chars().peekable();
            while let Some(c) = chars.next() {
                let placeholder = match (c, chars.peek()) {
                    ('%', Some(d)) if ('1'..='9').contains(d) => Some(*d as usize - '1' as usize),
                    _ => None,
                };
                let Some(index) = placeholder else {
                    label.push(c);
                    continue;
                };
                chars.next();
                let Some(shown) = level_of(index) else {
                    continue;
                };
                let value = values[index].unwrap_or(shown.start.unwrap_or(0));
                let shown_format = if level.legal && index < ilvl {
                    "decimal"
                } else {
                    shown.format.as_deref().unwrap_or("decimal")
                };
                label.push_str(&format_number(value, shown_format));
            }
            label
        };
        if label.is_empty() {
            return Some(String::new());
        }
        Some(with_separator(label, level.suffix))
    }
}

/// The label and the gap Word leaves after it. A tab or space after a label that ends in
/// full-width punctuation (`一、`, `（一）`) is dropped, so the text reads as Chinese
/// disclosures type it; after `1.` it becomes one space.
fn with_separator(mut label: String, suffix: Suffix) -> String {
    let ends_wide = label.chars().last().is_some_and(|c| {
        matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2460}'..='\u{24FF}')
    });
    if suffix != Suffix::Nothing && !ends_wide {
        label.push(' ');
    }
    label
}

/// Bullet glyphs from symbol fonts sit in the private-use area; show them as a bullet.
fn bullet(template: &str) -> String {
    if template
        .chars()
        .any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c))
    {
        "•".to_string()
    } else {
        template.to_string()
    }
}

const CHINESE_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_SIMPLIFIED: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_TRADITIONAL: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];

/// A counter value in one of Word's number formats; formats this reader does not know, and
/// values a format cannot show, fall back to decimal.
pub(super) fn format_number(value: i64, format: &str) -> String {
    let decimal = || value.to_string();
    if value <= 0 && format != "decimalZero" {
        return match format {
            "none" => String::new(),
            "chineseCounting" | "chineseCountingThousand" | "ideographDigital" if value == 0 => {
                "〇".to_string()
            }
            _ => decimal(),
        };
    }
    let n = value as u64;
    match format {
        "none" => String::new(),
        "decimalZero" => format!("{value:02}"),
        "upperRoman" => roman(n).unwrap_or_else(decimal),
        "lowerRoman" => roman(n).map(|r| r.to_lowercase()).unwrap_or_else(decimal),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => {
            counting(n, &CHINESE_DIGITS, ['十', '百', '千'], true).unwrap_or_else(decimal)
        }
        "chineseLegalSimplified" => {
            counting(n, &LEGAL_SIMPLIFIED, ['拾', '佰', '仟'], false).unwrap_or_else(decimal)
        }
        "ideographLegalTraditional" => {
            counting(n, &LEGAL_TRADITIONAL, ['拾', '佰', '仟'], false).unwrap_or_else(decimal)
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| CHINESE_DIGITS[d as usize - '0' as usize])
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            enclosed(n, 20, 0x2460).unwrap_or_else(decimal)
        }
        "decimalEnclosedParen" => enclosed(n, 20, 0x2474).unwrap_or_else(decimal),
        "decimalEnclosedFullstop" => enclosed(n, 20, 0x2488).unwrap_or_else(decimal),
        "ideographEnclosedCircle" => enclosed(n, 10, 0x3280).unwrap_or_else(decimal),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸").unwrap_or_else(decimal),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥").unwrap_or_else(decimal),
        _ => decimal(),
    }
}

fn roman(n: u64) -> Option<String> {
    if n >= 4000 {
        return None;
    }
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while rest >= value {
            out.push_str(symbol);
            rest -= value;
        }
    }
    Some(out)
}

/// Word's letter numbering: A…Z, then AA…ZZ, AAA…
fn letters(n: u64, base: u8) -> String {
    let letter = char::from(base + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(64) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// Chinese counting up to 9999: 十一, 二十, 一百零一, 一千零一十. With `bare_ten`, 10–19 are
/// written without a leading one (十, 十一), as Word writes `chineseCounting`.
fn counting(n: u64, digits: &[char; 10], units: [char; 3], bare_ten: bool) -> Option<String> {
    if n >= 10_000 {
        return None;
    }
    let places = [
        (n / 1000 % 10, Some(units[2])),
        (n / 100 % 10, Some(units[1])),
        (n / 10 % 10, Some(units[0])),
        (n % 10, None),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (digit, unit) in places {
        if digit == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            // Positional 〇 belongs to ideographDigital; counting forms write 零.
            out.push('零');
            pending_zero = false;
        }
        let bare = bare_ten && out.is_empty() && unit == Some(units[0]) && digit == 1;
        if !bare {
            out.push(digits[digit as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    Some(out)
}

fn enclosed(n: u64, max: u64, first: u32) -> Option<String> {
    if n > max {
        return None;
    }
    char::from_u32(first + n as u32 - 1).map(String::from)
}

fn cycle(n: u64, symbols: &str) -> Option<String> {
    symbols
        .chars()
        .nth(usize::try_from(n - 1).ok()?)
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting() {
        let shown: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1001, 1010]
            .iter()
            .map(|&n| format_number(n, "chineseCounting"))
            .collect();
        assert_eq!(
            shown,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千零一",
                "一千零一十"
            ]
        );
        assert_eq!(format_number(10, "chineseLegalSimplified"), "壹拾");
        assert_eq!(format_number(23, "chineseLegalSimplified"), "贰拾叁");
        assert_eq!(format_number(10_000, "chineseCounting"), "10000");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(format_number(12, "ideographDigital"), "一二");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(5, "none"), "");
        assert_eq!(format_number(5, "someFutureFormat"), "5");
    }

    #[test]
    fn separators() {
        assert_eq!(with_separator("一、".into(), Suffix::Tab), "一、");
        assert_eq!(with_separator("（一）".into(), Suffix::Space), "（一）");
        assert_eq!(with_separator("1.".into(), Suffix::Tab), "1. ");
        assert_eq!(with_separator("1.".into(), Suffix::Nothing), "1.");
    }
}
