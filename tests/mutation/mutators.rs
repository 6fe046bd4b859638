//! The mutations: each finds every site of its kind in a text and says how one site is changed.
//! A change keeps the line's display width (CJK = 2 columns), so the columns of a space-aligned
//! layout stay where they were; only a dropped table removes lines.

use super::layout::{display_width, Layout, Role};
use super::prng::SplitMix64;
use budget_extract::money::Unit;

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
                let near_start = floor_char(&paragraph, in_paragraph.saturating_sub(12));
                let near_end = ceil_char(&paragraph, in_paragraph + word.len() + 12);
                let near = &paragraph[near_start..near_end];
                let opposes = COMPARISONS
                    .iter()
                    .filter(|(w, _)| w == word)
                    .any(|(_, o)| near.contains(o))
                    || near.contains("增减");
                if opposes {
                    continue;
                }
                // Only a sentence that states a figure compares anything a check can see.
                let sentence_start = paragraph[..in_paragraph]
                    .rfind('。')
                    .map_or(0, |p| p + '。'.len_utf8());
                let sentence_end = paragraph[in_paragraph..]
                    .find('。')
                    .map_or(paragraph.len(), |p| in_paragraph + p);
                let sentence = &paragraph[sentence_start..sentence_end];
                if !sentence.bytes().any(|b| b.is_ascii_digit()) {
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
            let new_year = wrong_year(year, layout.fiscal_year).to_string();
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

/// Each table the document titles, from its title through the line before the next titled
/// table or the next heading after it. Blocks without a title of their own between them are the
/// table's continuation (a page of it, a form of a performance table read row by row): dropping
/// one drops rows, not a table, so they go with the table they continue.
fn table_sites(layout: &Layout) -> Vec<Site> {
    let mut out = Vec::new();
    let titled: Vec<usize> = (0..layout.tables.len())
        .filter(|&k| !layout.tables[k].title_lines.is_empty())
        .collect();
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
        let next_heading = (body_end + 1..next_title)
            .find(|&i| matches!(layout.roles[i], Role::Paragraph(_)) && layout.headings[i])
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
