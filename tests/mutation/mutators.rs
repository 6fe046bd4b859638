//! The mutations: each finds every site of its kind in a text and says how one site is changed.
//! A change keeps the line's display width (CJK = 2 columns), so the columns of a space-aligned
//! layout stay where they were; only a dropped table removes lines.

use super::layout::{display_width, Layout, Role};
use super::prng::SplitMix64;
use budget_extract::extract::title::is_table_title;
use budget_extract::money::Unit;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    CellChanged,
    CellBlanked,
    /// Blanked cells whose value the narrative or another table also states.
    CellBlankedStatedElsewhere,
    ComparisonWord,
    HeadingYear,
    DateYear,
    DepartmentPlaceholder,
    TableDropped,
    NarrativeFigure,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::CellChanged,
        Kind::CellBlanked,
        Kind::CellBlankedStatedElsewhere,
        Kind::ComparisonWord,
        Kind::HeadingYear,
        Kind::DateYear,
        Kind::DepartmentPlaceholder,
        Kind::TableDropped,
        Kind::NarrativeFigure,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::CellChanged => "cell_changed",
            Kind::CellBlanked => "cell_blanked",
            Kind::CellBlankedStatedElsewhere => "cell_blanked_stated_elsewhere",
            Kind::ComparisonWord => "comparison_word",
            Kind::HeadingYear => "heading_year",
            Kind::DateYear => "date_year",
            Kind::DepartmentPlaceholder => "department_placeholder",
            Kind::TableDropped => "table_dropped",
            Kind::NarrativeFigure => "narrative_figure",
        }
    }
}

/// How one site is changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Line `line` (0-based) becomes `text`.
    Replace { line: usize, text: String },
    /// Lines `first..=last` (0-based) are removed.
    Delete { first: usize, last: usize },
}

/// One mutation of one text.
#[derive(Clone, Debug)]
pub struct Site {
    pub kind: Kind,
    /// A finer grouping within the kind (`table_title`/`heading`, `money`/`count`/`percent`,
    /// `extracted`/`not_extracted`, …).
    pub class: &'static str,
    pub edit: Edit,
    /// What was there and what replaces it, for the report.
    pub before: String,
    pub after: String,
}

impl Site {
    /// The 0-based line the mutation starts at.
    pub fn line(&self) -> usize {
        match self.edit {
            Edit::Replace { line, .. } => line,
            Edit::Delete { first, .. } => first,
        }
    }
}

/// The mutated text.
pub fn apply(lines: &[String], edit: &Edit) -> String {
    let kept: Vec<&str> = match edit {
        Edit::Replace { line, text } => lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == *line {
                    text.as_str()
                } else {
                    l.as_str()
                }
            })
            .collect(),
        Edit::Delete { first, last } => lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i < first || i > last)
            .map(|(_, l)| l.as_str())
            .collect(),
    };
    kept.join("\n")
}

/// Every site of `kind` in the text, in text order.
pub fn sites(layout: &Layout, kind: Kind) -> Vec<Site> {
    match kind {
        Kind::CellChanged => cell_sites(layout, false),
        Kind::CellBlanked => cell_sites(layout, true),
        Kind::CellBlankedStatedElsewhere => cell_sites(layout, true)
            .into_iter()
            .filter(|s| s.class.starts_with("stated_elsewhere"))
            .map(|s| Site {
                kind: Kind::CellBlankedStatedElsewhere,
                ..s
            })
            .collect(),
        Kind::ComparisonWord => comparison_sites(layout),
        Kind::HeadingYear => year_sites(layout, YearPlace::Heading),
        Kind::DateYear => year_sites(layout, YearPlace::Date),
        Kind::DepartmentPlaceholder => department_sites(layout),
        Kind::TableDropped => table_sites(layout),
        Kind::NarrativeFigure => narrative_figure_sites(layout),
    }
}

/// Up to `cap` sites of `kind`, picked with the generator; sorted back into text order.
pub fn pick(layout: &Layout, kind: Kind, cap: usize, rng: &mut SplitMix64) -> Vec<Site> {
    let mut all = sites(layout, kind);
    rng.shuffle(&mut all);
    all.truncate(cap);
    all.sort_by_key(Site::line);
    all
}

/// A maximal run of ASCII digits, commas and points that starts and ends with a digit:
/// byte range in the line.
fn number_tokens(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',' || bytes[i] == b'.')
        {
            i += 1;
        }
        let mut end = i;
        while end > start && !bytes[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let letter_before = start > 0 && bytes[start - 1].is_ascii_alphabetic();
        let letter_after = i < bytes.len() && bytes[i].is_ascii_alphabetic();
        if !letter_before && !letter_after {
            out.push((start, end));
        }
    }
    out
}

/// A digit changed so the value moves by at least 100 units of its last printed digit (far
/// past any rounding tolerance of a sum), or the leading digit when there are fewer than
/// three. Returns the new token.
fn change_a_digit(token: &str, rng: &mut SplitMix64) -> Option<String> {
    let digits: Vec<usize> = token
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let first = *digits.first()?;
    let candidates: Vec<usize> = if digits.len() >= 3 {
        digits[..digits.len() - 2].to_vec()
    } else {
        vec![first]
    };
    let at = candidates[rng.below(candidates.len())];
    let old = token.as_bytes()[at];
    let integer_digits = token
        .split('.')
        .next()
        .map_or(0, |w| w.bytes().filter(u8::is_ascii_digit).count());
    // A leading digit of a many-digit whole part never becomes 0 (no `0123`).
    let lowest = if at == first && integer_digits > 1 {
        b'1'
    } else {
        b'0'
    };
    let choices: Vec<u8> = (lowest..=b'9').filter(|d| *d != old).collect();
    let new = choices[rng.below(choices.len())];
    let mut out = token.as_bytes().to_vec();
    out[at] = new;
    String::from_utf8(out).ok()
}

/// The site generator's own stream for digit choices: a site's new digit depends only on the
/// line and token it changes.
fn digit_rng(line: usize, start: usize) -> SplitMix64 {
    SplitMix64::new(((line as u64) << 20) ^ start as u64)
}

fn replaced(line: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{}{}", &line[..start], with, &line[end..])
}

fn cell_sites(layout: &Layout, blank: bool) -> Vec<Site> {
    let mut out = Vec::new();
    for (index, line) in layout.lines.iter().enumerate() {
        let Role::Table(block) = layout.roles[index] else {
            continue;
        };
        // Performance targets (`≥ 90 %`) are no money, wherever the extraction put them.
        if layout.target_blocks.contains(&block) || line.contains(['≥', '≤', '＝', '=']) {
            continue;
        }
        let whole_yuan = layout
            .units
            .get(&block)
            .is_none_or(|units| units.contains(&Unit::Yuan));
        for (start, end) in number_tokens(line) {
            let token = &line[start..end];
            let before = line[..start].chars().next_back();
            let after = line[end..].chars().next();
            let separated_before = before.is_none_or(|c| c.is_whitespace() || c == '|');
            let separated_after = after.is_none_or(|c| c.is_whitespace() || c == '|');
            if !separated_before || !separated_after {
                continue;
            }
            let whole = !token.contains(['.', ',']);
            // A table in 万元 prints decimals: a short whole number in it is a code part or a
            // row number.
            let short_whole = whole && token.len() <= 2 && !whole_yuan;
            if short_whole
                || whole && (is_code_part(line, start, end) || layout.codes.contains(token))
            {
                continue;
            }
            // A blank states the zero a printed `0.00` states: blanking one changes no figure.
            if blank && token.bytes().all(|b| matches!(b, b'0' | b'.' | b',')) {
                continue;
            }
            let values = layout.cell_values(block, token);
            if values.is_empty() {
                continue;
            }
            let extracted = layout.extracted_in_table(block, &values);
            let class = match (layout.stated_elsewhere(block, &values), extracted) {
                (true, true) => "stated_elsewhere/extracted",
                (true, false) => "stated_elsewhere/not_extracted",
                (false, true) => "extracted",
                (false, false) => "not_extracted",
            };
            let new_token = if blank {
                " ".repeat(token.len())
            } else {
                match change_a_digit(token, &mut digit_rng(index, start)) {
                    Some(t) => t,
                    None => continue,
                }
            };
            out.push(Site {
                kind: if blank {
                    Kind::CellBlanked
                } else {
                    Kind::CellChanged
                },
                class,
                edit: Edit::Replace {
                    line: index,
                    text: replaced(line, start, end, &new_token),
                },
                before: token.to_string(),
                after: new_token,
            });
        }
    }
    out
}

/// A whole number in the run of numbers that leads a named row: a code, its 类/款/项 parts
/// in columns of their own (`205   03   99   其他职业教育支出`), or a row number.
fn is_code_part(line: &str, start: usize, end: usize) -> bool {
    let leading = line[..start]
        .chars()
        .all(|c| c.is_whitespace() || c.is_ascii_digit());
    let named_after = line[end..].chars().any(|c| c as u32 >= 0x2e80);
    leading && named_after && {
        let next = line[end..].trim_start();
        let next_token: &str = next.split_whitespace().next().unwrap_or("");
        // The run goes on to the name, through short whole numbers only.
        !next.starts_with(|c: char| c.is_ascii_digit())
            || (next_token.len() <= 3 && next_token.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// Comparison words and what each is swapped for (all two CJK characters, so widths agree).
pub const COMPARISONS: &[(&str, &str)] = &[
    ("增加", "减少"),
    ("减少", "增加"),
    ("大于", "小于"),
    ("小于", "大于"),
    ("高于", "低于"),
    ("低于", "高于"),
    ("增长", "下降"),
    ("上升", "下降"),
    ("下降", "增长"),
    ("持平", "增加"),
    ("等于", "大于"),
];

fn comparison_sites(layout: &Layout) -> Vec<Site> {
    let mut out = Vec::new();
    for (index, line) in layout.lines.iter().enumerate() {
        if !matches!(layout.roles[index], Role::Paragraph(_)) || layout.is_titled(index) {
            continue;
        }
        let Some((paragraph, offset)) = layout.paragraph_text(index) else {
            continue;
        };
        for (word, opposite) in COMPARISONS {
            for (at, _) in line.match_indices(word) {
                let in_paragraph = offset + at;
                // `增加（减少）` and `增减` name no direction.
                // Squeezed: `小于（大` and `于）` may be printed on two lines.
                let before = squeezed(&paragraph[..in_paragraph]);
                let after = squeezed(&paragraph[in_paragraph + word.len()..]);
                let near_before = &before[floor_char(&before, before.len().saturating_sub(12))..];
                let near_after = &after[..ceil_char(&after, 12)];
                let near = &format!("{near_before}{word}{near_after}");
                let opposes = COMPARISONS
                    .iter()
                    .filter(|(w, _)| w == word)
                    .any(|(_, o)| near.contains(o))
                    || near.contains("增减");
                if opposes {
                    continue;
                }
                if !claims_a_comparison(&paragraph, in_paragraph, word) {
                    continue;
                }
                out.push(Site {
                    kind: Kind::ComparisonWord,
                    class: word,
                    edit: Edit::Replace {
                        line: index,
                        text: replaced(line, at, at + word.len(), opposite),
                    },
                    before: word.to_string(),
                    after: opposite.to_string(),
                });
            }
        }
    }
    out
}

/// An amount or a percentage as the text states it, squeezed: what a comparison word compares.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d[\d,]*(?:\.\d+)?(?:亿元|万元|千元|元|%|％)").expect("static regex")
});
/// The figure a direction word states right after it (`增加24.17万元`, `增长3.8%`).
static FIGURE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^了?(?P<n>\d[\d,]*(?:\.\d+)?)(?:亿元|万元|千元|元|%|％)").expect("static regex")
});

/// An amount of money as the text states it, squeezed.
static MONEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d,]*(?:\.\d+)?(?:亿元|万元|千元|元)").expect("static regex"));
/// A difference stated with its direction (`增加24.17万元`).
static DIFFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:增加|减少|增长|下降|上升)了?\d[\d,]*(?:\.\d+)?(?:亿元|万元|千元|元)")
        .expect("static regex")
});

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the comparison word at `at` of the paragraph makes a claim about the figures the
/// text states, so that reversing it says something false a reader could see. Not a claim:
/// - a change of nothing (`减少0万元`, `增长0%`): it has no direction to reverse;
/// - a threshold of a target or a scoring rule (`不低于60亿条`, `大于等于60%`, `小于60%不得分`);
/// - `基本持平`, which allows a small change either way (`增加…，与上年基本持平`);
/// - a reason or a purpose (`主要原因是在职人数增加`, `主要用于增加水费`) or any other word that
///   neither states a figure nor compares one the clause or the one before it states
///   (`减少对北面小区的日照`; `没有…支出，与上年持平` names no figure).
fn claims_a_comparison(paragraph: &str, at: usize, word: &str) -> bool {
    const CLAUSE_ENDS: &[char] = &['，', ',', '；', ';', '。', '：', ':'];
    let before = squeezed(&paragraph[..at]);
    let after = squeezed(&paragraph[at + word.len()..]);
    let clause_start = before.rfind(CLAUSE_ENDS).map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    let clause_before = &before[clause_start..];
    let clause_after = after.split(CLAUSE_ENDS).next().unwrap_or("");
    let clause = format!("{clause_before}{word}{clause_after}");
    let threshold = clause_before.ends_with('不')
        || after.starts_with("等于")
        || clause.contains("得分")
        || clause.contains("扣分");
    if threshold || word == "持平" && clause_before.ends_with("基本") {
        return false;
    }
    if let Some(c) = FIGURE_AFTER.captures(&after) {
        let (Some(whole), Some(figure)) = (c.get(0), c.name("n")) else {
            return false;
        };
        if !figure
            .as_str()
            .bytes()
            .any(|b| b.is_ascii_digit() && b != b'0')
        {
            return false;
        }
        if !whole.as_str().ends_with(['%', '％']) {
            return true;
        }
        // A percentage alone (`8,627.17万元，比2023年度决算数增长8.24%`) fits last year's figure
        // either way: this year's over 1 ± the percentage. Reversed, it contradicts something
        // only where the sentence also states the difference or last year's figure.
        let sentence_start = before.rfind('。').map_or(0, |p| p + '。'.len_utf8());
        let sentence_end = after.find('。').unwrap_or(after.len());
        let sentence = format!(
            "{}{word}{}",
            &before[sentence_start..],
            &after[..sentence_end]
        );
        let amounts = MONEY.find_iter(&sentence).count();
        return DIFFERENCE.is_match(&sentence) || amounts >= 2;
    }
    let reason = ["原因", "主要是", "用于", "由于"]
        .iter()
        .any(|w| clause_before.contains(w));
    if reason {
        return false;
    }
    // `决算数小于预算数`: two figures the text states elsewhere, named.
    let between_figures = ["大于", "小于", "等于", "高于", "低于"].contains(&word)
        && clause_before.ends_with('数')
        && clause_after.contains('数');
    if between_figures {
        return true;
    }
    // `0.73万元。与2025年预算数持平`: the figure compared stands in this clause or the one before.
    let compares = ["比", "较", "与", "同比", "相比"]
        .iter()
        .any(|w| clause_before.contains(w));
    let previous_start = before[..clause_start]
        .trim_end_matches(CLAUSE_ENDS)
        .rfind(CLAUSE_ENDS)
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    compares
        && FIGURE.is_match(&format!(
            "{}{word}{clause_after}",
            &before[previous_start..]
        ))
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum YearPlace {
    /// `2025年` in a heading, part title or table title (not a date).
    Heading,
    /// `2025年12月…` anywhere outside tables.
    Date,
}

/// A year that is wrong for the document: the year before, unless that is the fiscal year.
pub fn wrong_year(year: u16, fiscal_year: Option<u16>) -> u16 {
    if Some(year - 1) == fiscal_year {
        year + 1
    } else {
        year - 1
    }
}

fn year_sites(layout: &Layout, place: YearPlace) -> Vec<Site> {
    let mut out = Vec::new();
    for (index, line) in layout.lines.iter().enumerate() {
        let titled = layout.is_titled(index);
        let wanted = match place {
            YearPlace::Heading => titled,
            YearPlace::Date => !matches!(layout.roles[index], Role::Table(_)),
        };
        if !wanted {
            continue;
        }
        for (start, end) in number_tokens(line) {
            if end - start != 4 {
                continue;
            }
            let Ok(year) = line[start..end].parse::<u16>() else {
                continue;
            };
            if !(1990..=2099).contains(&year) {
                continue;
            }
            // `2024年` and, in some PDFs' text, `2024 年 8 月`.
            let rest = line[end..].trim_start_matches(' ');
            let Some(after_year) = rest.strip_prefix('年') else {
                continue;
            };
            let after_year = after_year.trim_start_matches(' ');
            let month_digits = after_year.bytes().take_while(u8::is_ascii_digit).count();
            let as_of = {
                let before = line[..start].trim_end();
                before.ends_with("截至") || before.ends_with("截止")
            };
            // `2025年12月31日`, `2025年8月`, and `截至2025年底`.
            let is_date = (1..=2).contains(&month_digits)
                && after_year[month_digits..]
                    .trim_start_matches(' ')
                    .starts_with('月')
                || as_of && after_year.starts_with(['底', '末']);
            if is_date != (place == YearPlace::Date) {
                continue;
            }
            let class = match place {
                YearPlace::Heading if layout.table_title_lines.contains(&index) => "table_title",
                YearPlace::Heading => "heading",
                YearPlace::Date if as_of => "as_of",
                YearPlace::Date => "date",
            };
            let new = wrong_year(year, layout.fiscal_year);
            if place == YearPlace::Date && lengthens_a_period(line, start, end, new < year) {
                continue;
            }
            let new_year = new.to_string();
            out.push(Site {
                kind: match place {
                    YearPlace::Heading => Kind::HeadingYear,
                    YearPlace::Date => Kind::DateYear,
                },
                class,
                edit: Edit::Replace {
                    line: index,
                    text: replaced(line, start, end, &new_year),
                },
                before: line[start..end].to_string(),
                after: new_year,
            });
        }
    }
    out
}

/// Whether the year at `start..end` begins a period (`2025年1月1日至2025年12月31日`) and moving it
/// `earlier`, or ends one and moving it later: the period only grows, and a project may well run
/// longer than a year, so nothing a reader could see is wrong. (Moved the other way the period
/// ends before it starts.)
fn lengthens_a_period(line: &str, start: usize, end: usize, earlier: bool) -> bool {
    const LINKS: &[&str] = &["至", "到", "—", "－", "-", "~", "～"];
    let year_follows = |text: &str| {
        let text = text.trim_start();
        LINKS.iter().any(|l| {
            text.strip_prefix(l).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            })
        })
    };
    // The date's own month and day, then a link and another year.
    let after = &line[end..];
    let date_len = after
        .char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_digit() || c.is_whitespace() || matches!(c, '年' | '月' | '日'))
        })
        .map_or(after.len(), |(i, _)| i);
    let begins = year_follows(&after[date_len..]);
    let before = line[..start].trim_end();
    let ends = LINKS.iter().any(|l| {
        before.strip_suffix(l).is_some_and(|b| {
            let b = b.trim_end();
            b.ends_with('日') || b.ends_with('月')
        })
    });
    begins && earlier || ends && !earlier
}

/// The placeholder a template prints for a department like this one, padded with spaces to
/// the name's width.
pub fn placeholder_for(name: &str) -> String {
    let width = display_width(name);
    let base = if name.ends_with('局') && width >= 4 {
        "XX局"
    } else if width >= 6 {
        "XX部门"
    } else {
        "XX"
    };
    format!(
        "{base}{}",
        " ".repeat(width.saturating_sub(display_width(base)))
    )
}

fn department_sites(layout: &Layout) -> Vec<Site> {
    // A template's name is a placeholder already.
    let Some(name) = layout
        .department
        .as_deref()
        .filter(|n| !n.trim().is_empty() && !n.contains("XX") && !n.contains("某某"))
    else {
        return Vec::new();
    };
    let placeholder = placeholder_for(name);
    let mut out = Vec::new();
    for (index, line) in layout.lines.iter().enumerate() {
        if !layout.is_titled(index) {
            continue;
        }
        for (at, _) in line.match_indices(name) {
            let rest = &line[at + name.len()..];
            // A name run into the words after it (上海市普陀区司法局2026年单位预算) keeps
            // them next to the placeholder; the padding goes to the end of the line.
            let text = if rest.is_empty() || rest.starts_with("  ") {
                replaced(line, at, at + name.len(), &placeholder)
            } else {
                format!(
                    "{}{}{}{}",
                    &line[..at],
                    placeholder.trim_end(),
                    rest,
                    " ".repeat(placeholder.len() - placeholder.trim_end().len())
                )
            };
            out.push(Site {
                kind: Kind::DepartmentPlaceholder,
                class: if layout.table_title_lines.contains(&index) {
                    "table_title"
                } else {
                    "heading"
                },
                edit: Edit::Replace { line: index, text },
                before: name.to_string(),
                after: placeholder.trim_end().to_string(),
            });
        }
    }
    out
}

/// Whether an extracted title reads as a table's title: it names a table of a known kind, or
/// it ends in 表 before a bracketed qualifier (`（按经济分类）`, `（2026年度）`). A performance
/// form's indicator cell (`资金`, `本（表单对接）`) that the extraction took for the title of a
/// page of the form titles nothing: that page continues the table before it.
fn reads_as_table_title(title: &str) -> bool {
    if is_table_title(title) {
        return true;
    }
    let mut rest = title.trim();
    while let Some(open) = rest
        .strip_suffix(['）', ')'])
        .and_then(|inner| inner.rfind(['（', '(']))
    {
        rest = rest[..open].trim_end();
    }
    rest.ends_with('表')
}

/// Each table the document titles, from its title through the line before the next titled
/// table or the next heading after it. Blocks without a title of their own between them are the
/// table's continuation (a page of it, a form of a performance table read row by row): dropping
/// one drops rows, not a table, so they go with the table they continue. So are pages that
/// repeat the title of the table before them, as a heading line or as a table the extraction
/// read apart: the reader sees one table printed over several pages.
fn table_sites(layout: &Layout) -> Vec<Site> {
    let mut out = Vec::new();
    let mut titled: Vec<usize> = Vec::new();
    for (k, table) in layout.tables.iter().enumerate() {
        if table.title_lines.is_empty() || !reads_as_table_title(&table.title) {
            continue;
        }
        let repeats_previous = titled
            .last()
            .is_some_and(|&previous| layout.tables[previous].title == table.title);
        if !repeats_previous {
            titled.push(k);
        }
    }
    for (n, &k) in titled.iter().enumerate() {
        let table = &layout.tables[k];
        let first = table.start();
        let next = titled.get(n + 1).copied().unwrap_or(layout.tables.len());
        let next_title = layout
            .tables
            .get(next)
            .map_or(layout.lines.len(), |t| t.start());
        let body_end = layout.tables[k..next]
            .iter()
            .map(|t| t.last_line)
            .max()
            .unwrap_or(table.last_line);
        let repeats_title = |i: usize| {
            let line: String = layout.lines[i].split_whitespace().collect();
            line == table.title
        };
        let next_heading = (body_end + 1..next_title)
            .find(|&i| {
                matches!(layout.roles[i], Role::Paragraph(_))
                    && layout.headings[i]
                    && !repeats_title(i)
            })
            .unwrap_or(next_title);
        let last = next_heading.saturating_sub(1).max(body_end);
        if last < first {
            continue;
        }
        let title = table
            .title_lines
            .iter()
            .map(|&i| layout.lines[i].trim())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Site {
            kind: Kind::TableDropped,
            class: "titled",
            edit: Edit::Delete { first, last },
            before: format!(
                "{title} (block {}, lines {}-{})",
                table.block,
                first + 1,
                last + 1
            ),
            after: String::new(),
        });
    }
    out
}

/// Units a narrative figure is stated in, longest first so `人次` is not read as `人`.
const FIGURE_UNITS: &[(&str, &str)] = &[
    ("亿元", "money"),
    ("万元", "money"),
    ("千元", "money"),
    ("元", "money"),
    ("%", "percent"),
    ("％", "percent"),
    ("人次", "count"),
    ("批次", "count"),
    ("辆", "count"),
    ("人", "count"),
    ("个", "count"),
    ("台", "count"),
    ("次", "count"),
    ("批", "count"),
    ("项", "count"),
    ("家", "count"),
    ("套", "count"),
];

fn narrative_figure_sites(layout: &Layout) -> Vec<Site> {
    let mut out = Vec::new();
    for (index, line) in layout.lines.iter().enumerate() {
        if !matches!(layout.roles[index], Role::Paragraph(_)) || layout.is_titled(index) {
            continue;
        }
        for (start, end) in number_tokens(line) {
            let rest = line[end..].trim_start();
            // A figure at the end of a wrapped line has its unit on the next.
            let rest = if rest.is_empty() {
                layout.lines.get(index + 1).map_or("", |l| l.trim_start())
            } else {
                rest
            };
            let Some((_, class)) = FIGURE_UNITS.iter().find(|(u, _)| rest.starts_with(u)) else {
                continue;
            };
            let token = &line[start..end];
            let Some(new_token) = change_a_digit(token, &mut digit_rng(index, start)) else {
                continue;
            };
            let class = match *class {
                "money" if layout.narrative_figure_in_a_table(token, rest) => "money/in_table",
                "money" => "money/narrative_only",
                other => other,
            };
            out.push(Site {
                kind: Kind::NarrativeFigure,
                class,
                edit: Edit::Replace {
                    line: index,
                    text: replaced(line, start, end, &new_token),
                },
                before: token.to_string(),
                after: new_token,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{claims_a_comparison, lengthens_a_period};

    #[test]
    fn moving_a_periods_ends_apart_is_no_claim() {
        let line = "  2025年1月1日至2025年12月31日";
        let first = line.find("2025").unwrap_or(0);
        let second = line.rfind("2025").unwrap_or(0);
        assert!(lengthens_a_period(line, first, first + 4, true));
        assert!(!lengthens_a_period(line, first, first + 4, false));
        assert!(lengthens_a_period(line, second, second + 4, false));
        assert!(!lengthens_a_period(line, second, second + 4, true));
        let alone = "  截至2025年8月31日，";
        let at = alone.find("2025").unwrap_or(0);
        assert!(!lengthens_a_period(alone, at, at + 4, true));
    }

    fn claims(paragraph: &str, word: &str) -> bool {
        let at = paragraph.find(word).unwrap_or(0);
        claims_a_comparison(paragraph, at, word)
    }

    #[test]
    fn only_words_that_compare_stated_figures_are_claims() {
        for (paragraph, word) in [
            (
                "收入较2025年减少449.92万元，主要是基本支出预算减少111.64万元。",
                "减少",
            ),
            (
                "公务接待费0.73万元。与2025年预算数持平，主要原因是业务量无变化。",
                "持平",
            ),
            ("支出较去年增加 24.17 万元，上升\n3.82%。", "上升"),
            (
                "2024年度“三公”经费支出决算数小于预算数的主要原因：厉行节约。",
                "小于",
            ),
        ] {
            assert!(claims(paragraph, word), "{paragraph}");
        }
        for (paragraph, word) in [
            // No direction to reverse.
            ("公务接待费1万元，比2025年减少0万元。", "减少"),
            // Targets and scoring rules.
            ("“穗智管”项目将汇聚更新不低于60亿条数据。", "低于"),
            ("满意度大于等于60%得5分，满意度小于60%不得分。", "小于"),
            // A hedge, a reason, a purpose, no figure.
            (
                "比上年执行数增加66.99万元，增长0.9%，与上年基本持平。",
                "持平",
            ),
            ("增长3.5%，主要原因是在职人数增加。", "增加"),
            ("主要用于增加水费、电费、燃气费等项目支出。", "增加"),
            (
                "本部门2026年没有使用国有资本经营预算拨款安排的支出，与上年持平。",
                "持平",
            ),
            // A percentage alone fits last year's figure either way.
            (
                "2024年度决算数为8,627.17万元，比2023年度决算数增长8.24%。",
                "增长",
            ),
        ] {
            assert!(!claims(paragraph, word), "{paragraph}");
        }
    }
}
