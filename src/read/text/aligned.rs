//! Space-aligned layouts: `pdftotext -layout` output of a printed disclosure, fixed-width exports,
//! and rows whose cells are set two or more spaces apart.
//!
//! Column boundaries come from the layout itself: the tokens of a table's body rows are grouped
//! into columns where they overlap (left-aligned names share their start, right-aligned amounts
//! their end), the header's labels are matched to those columns in order, and a header label
//! with no amounts under it is a column that is blank in every row. Wrapped names join their
//! row; page furniture is dropped; a table continued on the next page, with or without its
//! header repeated, is read as one table.

use super::furniture::{furniture, is_page_number};
use super::paragraphs::{ParagraphBuilder, ProseLine};
use super::text_beside_amounts::gather_text_beside_amounts;
use super::tokens::{
    coarse_tokens, display_width, drop_leaders, is_cjk, is_code_part, is_wide, refine, Measure,
    Token,
};
use super::wrapped_amounts::{
    is_cut_amount, rejoin_amounts_cut_beside_wrapped_names, rejoin_wrapped_amounts,
};
use super::{without_spaces, SourceLine};
use crate::document::{
    numbers_the_columns, opens_with_year_span, Cell, Document, Origin, Row, Table,
};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

static META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:编制(?:部门|单位)|预算(?:主管)?(?:部门|单位)|预算[（(](?:单位|部门)[）)]名称|(?:部门|单位)(?:名称)?|预算年度|填报单位)\s*[:：]|单\s*位\s*[:：]\s*(?:亿元|万元|千元|元)")
        .expect("static regex")
});
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:注\s*[:：\d１-９]|说明\s*[:：]|备注\s*[:：])").expect("static regex")
});
/// A part of the disclosure opening (`第三部分 2026年度部门预算情况说明`): no table runs on past
/// it, even when its words are set apart like cells or it follows a page break.
static PART_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]{1,3}部分").expect("static regex"));
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单\s*位\s*[:：]\s*(?:亿元|万元|千元|元)").expect("static regex"));

/// Labels that head a total row.
fn is_total_label(text: &str) -> bool {
    let t = without_spaces(text);
    let t = t.trim_end_matches(['：', ':']);
    matches!(t, "合计" | "总计" | "小计") || t.ends_with("合计") || t.ends_with("总计")
}

/// A form's field naming the body, its label and the name set apart without a colon
/// (`部门名称        某某局`): metadata, not a row or header of the table below it. The name
/// must end like an organisation: `单位名称   整体绩效目标` is a header.
fn is_name_field(tokens: &[Token]) -> bool {
    static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(局|委|办|室|部|院|会|中心|厅|处|所|站|馆|队|府|校|社|团|署)(（本级）)?$")
            .expect("static regex")
    });
    match tokens {
        [label, name] => {
            matches!(
                without_spaces(&label.text).as_ref(),
                "部门名称" | "单位名称"
            ) && !name.number
                && !name.text.contains(['，', '。', '；'])
                && ORGANISATION.is_match(&name.text)
        }
        _ => false,
    }
}

/// Whether text names a table: `表` closes its noun (`…收支总表`, `…情况表（按功能分类科目）`,
/// `预算03表 支出总表`, `表12`, `决算报表说明`), not a word it is part of (`地表水`, `代表`,
/// `表彰`, `表单`), which a project's name or a target's text may hold.
fn names_a_table(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '表' {
            continue;
        }
        match chars.peek() {
            None => return true,
            Some(&next) => {
                if next.is_whitespace()
                    || next.is_ascii_digit()
                    || "（(【[续说格一二三四五六七八九十".contains(next)
                {
                    return true;
                }
            }
        }
    }
    false
}

/// How a line of the text reads before tables are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Blank,
    /// A unit line or a metadata field (`编制部门：…`, `单位：万元`).
    Meta,
    /// A note under a table (`注：…`).
    Note,
    /// A table title, a heading naming a table, or the heading of a part of the disclosure.
    Title,
    /// A line of running text.
    Prose,
    /// Two or more cells set apart, or a lone amount.
    Tabular,
    /// A short single piece of text: a heading, or a header label or wrapped cell of a table.
    Short,
}

/// Longest line read as a possible table row, in bytes; longer ones are prose.
pub(crate) const MAX_ROW_BYTES: usize = 8_192;
/// Most cells a line may hold to be read as a table row.
const MAX_ROW_CELLS: usize = 400;

fn classify(text: &str, page_width: usize) -> (Class, Vec<Token>) {
    if text.len() > MAX_ROW_BYTES {
        return (Class::Prose, Vec::new());
    }
    let tokens: Vec<Token> = drop_leaders(coarse_tokens(text));
    let trimmed = text.trim();
    if tokens.is_empty() {
        return (Class::Blank, tokens);
    }
    let colon = trimmed.contains(['：', ':']);
    if colon && (META.is_match(trimmed) || UNIT.is_match(trimmed)) {
        return (Class::Meta, tokens);
    }
    if is_name_field(&tokens) {
        return (Class::Meta, tokens);
    }
    if trimmed.starts_with(['注', '说', '备']) && NOTE.is_match(trimmed) {
        return (Class::Note, tokens);
    }
    let has = |c: char| tokens.iter().any(|t| t.text.contains(c));
    // A part's number alone (`第二部分`) may open a heading set over several lines.
    let names_its_part = PART_HEADING
        .find(trimmed)
        .is_some_and(|m| !trimmed[m.end()..].trim().is_empty());
    if names_its_part && !has('。') {
        return (Class::Title, tokens);
    }
    let chars: usize = tokens.iter().map(|t| t.chars.end - t.chars.start).sum();
    let sentence = has('。') || has('；');
    let names_table = tokens.iter().any(|t| names_a_table(&t.text));
    if tokens.len() == 1 || (!tokens.iter().any(|t| t.number) && names_table) {
        let ends_colon = tokens.last().is_some_and(|t| t.text.ends_with(['：', ':']));
        // A title names its table in a phrase, never a clause (`，`): a row's name with `表` in
        // it beside a paragraph of its text column is no title.
        if names_table && chars <= 60 && !sentence && !ends_colon && !has('，') {
            return (Class::Title, tokens);
        }
    }
    if tokens.len() > MAX_ROW_CELLS {
        return (Class::Prose, tokens);
    }
    if tokens.len() >= 2 || tokens[0].number {
        return (Class::Tabular, tokens);
    }
    let starts_at_margin = tokens[0].chars.start <= 6;
    let long = page_width > 0 && tokens[0].display.end * 10 >= page_width * 8;
    if sentence || (starts_at_margin && chars >= 20 && (has('，') || long)) {
        return (Class::Prose, tokens);
    }
    (Class::Short, tokens)
}

/// One line of a table region, split into cells.
#[derive(Clone, Debug)]
pub(super) struct TableLine {
    /// Index of the line among the kept lines.
    pub(super) source: usize,
    pub(super) number: u32,
    pub(super) page: u32,
    pub(super) tokens: Vec<Token>,
    pub(super) blank_before: bool,
}

impl TableLine {
    pub(super) fn has_number(&self) -> bool {
        self.tokens.iter().any(|t| t.number)
    }

    /// A body row anchor: it carries an amount, or it is a total row (a `合计` among other labels
    /// is a header).
    fn is_anchor(&self) -> bool {
        self.has_number()
            || (self.tokens.len() == 1
                && self
                    .tokens
                    .first()
                    .is_some_and(|t| is_total_label(&t.text) || t.text.trim() == "无"))
    }
}

/// What the reader found, for choosing the layout's name.
#[derive(Default)]
pub(crate) struct Counts {
    pub tables: usize,
    pub rows: usize,
}

/// Lines waiting to be placed: a region being built or short lines that may open one.
struct Pending {
    lines: Vec<usize>,
}

/// Most lines of a header above a table's first row.
const HEADER_LINES: usize = 12;

/// A line printed with a space after every character (`0 辆 ， 其 他 用 车 1 辆`): it spreads
/// past the margin the page's prose wraps at, so it does not say where that margin is.
fn is_letter_spaced(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let single = parts
        .iter()
        .filter(|p| {
            let mut chars = p.chars();
            chars.next().is_some_and(is_wide) && chars.next().is_none()
        })
        .count();
    parts.len() >= 8 && single * 2 >= parts.len()
}

/// The pages whose running text is set a blank line apart, line by line (广州's and 深圳's
/// narrative and lists): there a blank line says nothing of where a paragraph ends. A page is so
/// when most lines of text that run to the margin without ending a sentence are set apart from
/// the line that goes on with it.
fn double_spaced_pages(
    kept: &[&SourceLine<'_>],
    classes: &[(Class, Vec<Token>)],
    width_of: impl Fn(u32) -> usize,
) -> BTreeSet<u32> {
    let text = |class: Class| matches!(class, Class::Prose | Class::Short);
    let mut tally: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    let mut open_before: Option<u32> = None;
    let mut blank = false;
    for (line, (class, _)) in kept.iter().zip(classes) {
        if *class == Class::Blank {
            blank = true;
            continue;
        }
        if text(*class) && open_before == Some(line.page) {
            let (apart, all) = tally.entry(line.page).or_default();
            *all += 1;
            *apart += usize::from(blank);
        }
        let width = width_of(line.page);
        let reach = display_width(line.text.trim_end());
        let open = text(*class)
            && width > 0
            && reach * 20 >= width * 17
            && !line
                .text
                .trim_end()
                .ends_with(['。', '！', '？', '；', '：']);
        open_before = open.then_some(line.page);
        blank = false;
    }
    tally
        .into_iter()
        .filter(|(_, (apart, all))| *all >= 3 && apart * 2 > *all)
        .map(|(page, _)| page)
        .collect()
}

/// Reads a space-aligned text into `document`.
pub(crate) fn read(lines: &[SourceLine<'_>], document: &mut Document) -> Counts {
    let dropped = furniture(lines);
    let kept: Vec<&SourceLine<'_>> = lines
        .iter()
        .zip(&dropped)
        .filter(|(_, d)| !**d)
        .map(|(l, _)| l)
        .collect();
    let mut page_widths: BTreeMap<u32, usize> = BTreeMap::new();
    for line in kept.iter().filter(|l| !is_letter_spaced(l.text)) {
        // Display width: digits and Latin letters take half the room of CJK text on the page.
        let w = display_width(line.text.trim_end());
        let slot = page_widths.entry(line.page).or_default();
        *slot = (*slot).max(w);
    }
    let width_of = |page: u32| page_widths.get(&page).copied().unwrap_or(0);
    let mut classes: Vec<(Class, Vec<Token>)> = kept
        .iter()
        .map(|l| classify(l.text, width_of(l.page)))
        .collect();

    let double_spaced = double_spaced_pages(&kept, &classes, width_of);
    let mut counts = Counts::default();
    let mut prose = ParagraphBuilder::default();
    let mut region: Option<Pending> = None;
    let mut pending = Pending { lines: Vec::new() };
    let mut blank_before = false;

    let emit_prose =
        |i: usize, blank: bool, prose: &mut ParagraphBuilder, document: &mut Document| {
            let line = kept[i];
            prose.push(
                ProseLine {
                    number: line.number,
                    page: line.page,
                    text: line.text,
                    blank_before: blank,
                    double_spaced: double_spaced.contains(&line.page),
                    page_width: width_of(line.page),
                },
                document,
            );
        };
    // When prose or the end of the text comes: the open region becomes a table, the short
    // lines held back before any region become prose.
    let finish_open = |region: &mut Option<Pending>,
                       pending: &mut Pending,
                       classes: &mut [(Class, Vec<Token>)],
                       in_text_column: &[bool],
                       prose: &mut ParagraphBuilder,
                       document: &mut Document,
                       counts: &mut Counts| {
        if let Some(r) = region.take() {
            close_region(
                &kept,
                classes,
                &r.lines,
                in_text_column,
                document,
                prose,
                counts,
            );
        }
        for &j in &pending.lines {
            let blank = j > 0 && classes[j - 1].0 == Class::Blank;
            emit_prose(j, blank, prose, document);
        }
        pending.lines.clear();
    };

    // Where each page's rightmost figure ends, by characters.
    let mut rightmost_figure: BTreeMap<u32, usize> = BTreeMap::new();
    for (line, (_, tokens)) in kept.iter().zip(&classes) {
        for t in tokens.iter().filter(|t| t.number) {
            let end = rightmost_figure.entry(line.page).or_default();
            *end = (*end).max(t.chars.end);
        }
    }
    let mut in_text_column = vec![false; kept.len()];
    let mut i = 0;
    while i < kept.len() {
        let class = classes[i].0;
        // A table carries over to the next page only if that page goes on with table lines.
        if let Some(r) = region.as_ref() {
            let last_page = r.lines.last().map(|&j| kept[j].page);
            if class != Class::Blank
                && last_page.is_some_and(|p| p != kept[i].page)
                && class != Class::Tabular
                && !(class == Class::Short && names_go_on(&kept, &classes, &r.lines, i))
            {
                let r = region.take().unwrap_or(Pending { lines: Vec::new() });
                close_region(
                    &kept,
                    &mut classes,
                    &r.lines,
                    &in_text_column,
                    document,
                    &mut prose,
                    &mut counts,
                );
            }
        }
        // A paragraph of a table's text column (a project's 绩效目标) wrapped beside its rows
        // stays in the table, or with the header it stands under, even where one of its lines
        // reads like a title (`…财务决算报表软件、`) or a field (`故障排除速度：24小时内；`).
        let open = region.as_ref().map_or(&pending.lines, |r| &r.lines);
        let clause = || {
            classes[i]
                .1
                .iter()
                .any(|t| t.text.contains(['，', '。', '；']))
        };
        let in_column = || {
            wraps_in_text_column(
                &kept,
                &classes,
                open,
                i,
                width_of(kept[i].page),
                rightmost_figure.get(&kept[i].page).copied(),
            )
        };
        let class = if (matches!(class, Class::Prose | Class::Title)
            || (class == Class::Meta && clause()))
            && in_column()
        {
            in_text_column[i] = true;
            Class::Short
        } else {
            // A short line of the text column is marked too, so that the paragraph it ends
            // stays with its row.
            if class == Class::Short && region.is_some() && in_column() {
                in_text_column[i] = true;
            }
            class
        };
        match class {
            Class::Blank => {
                blank_before = true;
                if let Some(r) = region.as_mut() {
                    r.lines.push(i);
                }
                i += 1;
                continue;
            }
            Class::Meta | Class::Title | Class::Note | Class::Prose => {
                finish_open(
                    &mut region,
                    &mut pending,
                    &mut classes,
                    &in_text_column,
                    &mut prose,
                    document,
                    &mut counts,
                );
                match class {
                    Class::Prose => emit_prose(i, blank_before, &mut prose, document),
                    _ => prose.push_alone(kept[i].number, kept[i].text, document),
                }
            }
            Class::Tabular => {
                match region.as_mut() {
                    Some(r) => r.lines.push(i),
                    None => {
                        prose.flush(document);
                        let mut lines: Vec<usize> = std::mem::take(&mut pending.lines);
                        // Only the short lines just above can be its header, and the lines of
                        // its first row's paragraph between them.
                        let mut header_lines = 0;
                        let keep_from = (0..lines.len())
                            .rev()
                            .find(|&k| {
                                if !in_text_column[lines[k]] {
                                    header_lines += 1;
                                }
                                header_lines > HEADER_LINES
                            })
                            .map(|k| k + 1);
                        if let Some(keep_from) = keep_from {
                            for &j in &lines[..keep_from] {
                                prose.push_alone(kept[j].number, kept[j].text, document);
                            }
                            lines.drain(..keep_from);
                        }
                        lines.push(i);
                        region = Some(Pending { lines });
                    }
                }
            }
            Class::Short => match region.as_mut() {
                Some(r) => r.lines.push(i),
                None => pending.lines.push(i),
            },
        }
        blank_before = false;
        i += 1;
    }
    finish_open(
        &mut region,
        &mut pending,
        &mut classes,
        &in_text_column,
        &mut prose,
        document,
        &mut counts,
    );
    prose.flush(document);
    keep_running_heads(lines, &dropped, document);
    counts
}

/// Whether a line of running text at `i` is a line of an open table's text column (a
/// project's 绩效目标 wrapped beside its amounts): one piece starting in the right half of the
/// page, where paragraphs of the page never start, right of every figure of the page, and
/// under text the table printed there before (its header label, or the cell's lines above).
fn wraps_in_text_column(
    kept: &[&SourceLine<'_>],
    classes: &[(Class, Vec<Token>)],
    region: &[usize],
    i: usize,
    page_width: usize,
    rightmost_figure: Option<usize>,
) -> bool {
    let [piece] = classes[i].1.as_slice() else {
        return false;
    };
    // pdftotext lines text up by characters, not by display width.
    let start = piece.chars.start;
    let tokens = || {
        region
            .iter()
            .filter(|&&j| kept[j].page == kept[i].page)
            .flat_map(|&j| classes[j].1.iter())
    };
    // The paragraphs are the page's last column: no figure of the page stands right of them.
    // The column's text above overlaps the line: its header label centred over it, or the lines
    // of a cell above, which start where it starts.
    page_width > 0
        && piece.display.start * 2 >= page_width
        && rightmost_figure.is_none_or(|end| end < start)
        && tokens().any(|t| !t.number && t.chars.start < piece.chars.end && start < t.chars.end)
}

/// Keeps the running titles among the dropped furniture (page numbers aside), each before the
/// first block printed after it.
fn keep_running_heads(lines: &[SourceLine<'_>], dropped: &[bool], document: &mut Document) {
    for (line, _) in lines.iter().zip(dropped).filter(|(_, d)| **d) {
        let text = line.text.trim();
        if is_page_number(text) || !text.chars().any(is_cjk) {
            continue;
        }
        // Blocks stand in the order of their lines.
        let block = document
            .blocks
            .partition_point(|b| b.origin().start <= line.number);
        document.running_heads.push((block, text.to_string()));
    }
}

/// Whether the single pieces of text opening a page, at `i`, go on with the names of the table
/// left open on the page before: each starts where names of its rows start, and table lines
/// follow on the same page.
fn names_go_on(
    kept: &[&SourceLine<'_>],
    classes: &[(Class, Vec<Token>)],
    region: &[usize],
    i: usize,
) -> bool {
    let last_page = region.last().map(|&j| kept[j].page);
    let starts: Vec<usize> = region
        .iter()
        .filter(|&&j| Some(kept[j].page) == last_page && classes[j].0 == Class::Tabular)
        .flat_map(|&j| classes[j].1.iter())
        .filter(|t| !t.number)
        .map(|t| t.chars.start)
        .collect();
    let page = kept[i].page;
    for j in i..kept.len() {
        if kept[j].page != page {
            return false;
        }
        match classes[j].0 {
            Class::Blank => {}
            Class::Tabular => return true,
            Class::Short => {
                let aligned = classes[j]
                    .1
                    .first()
                    .is_some_and(|t| starts.iter().any(|s| s.abs_diff(t.chars.start) <= 1));
                if !aligned {
                    return false;
                }
            }
            _ => return false,
        }
    }
    false
}

/// Turns a region's lines into a table, or back into paragraphs when they hold no table.
fn close_region(
    kept: &[&SourceLine<'_>],
    classes: &mut [(Class, Vec<Token>)],
    indexes: &[usize],
    in_text_column: &[bool],
    document: &mut Document,
    prose: &mut ParagraphBuilder,
    counts: &mut Counts,
) {
    prose.flush(document);
    let mut lines: Vec<TableLine> = Vec::new();
    let mut blank = false;
    for &i in indexes {
        let source = kept[i];
        let coarse = classes
            .get_mut(i)
            .map(|c| std::mem::take(&mut c.1))
            .unwrap_or_default();
        let tokens = refine(coarse);
        if tokens.is_empty() {
            blank = true;
            continue;
        }
        lines.push(TableLine {
            source: i,
            number: source.number,
            page: source.page,
            tokens,
            blank_before: blank,
        });
        blank = false;
    }
    rejoin_wrapped_amounts(&mut lines);
    rejoin_amounts_cut_beside_wrapped_names(&mut lines);
    gather_text_beside_amounts(&mut lines);
    // Short lines after the last row that are not part of it are prose again; the lines of
    // its text column's last paragraph (a project's 绩效目标 running on below its amounts) are
    // part of it.
    let last_anchor = lines.iter().rposition(|l| l.is_anchor());
    let Some(last_anchor) = last_anchor else {
        // A table printed with its header and no rows (`预算07表 政府性基金…` where the fund
        // pays nothing) is a table all the same: an empty one.
        if is_header_alone(&lines) {
            if let (Some(table), leftover) = build_table(&lines) {
                counts.tables += 1;
                document.push_table(table);
                for i in leftover {
                    prose.push_alone(kept[i].number, kept[i].text, document);
                }
                return;
            }
        }
        for line in &lines {
            prose.push_alone(line.number, kept[line.source].text, document);
        }
        return;
    };
    let widest_in_rows = lines
        .iter()
        .filter(|l| l.is_anchor())
        .flat_map(|l| l.tokens.iter())
        .map(|t| t.width())
        .max()
        .unwrap_or(0);
    // Where rows are set a blank line apart, a blank line says nothing about where the table ends.
    let spaced_rows = lines.iter().filter(|l| l.blank_before).count() * 2 > lines.len();
    let mut tail: Vec<TableLine> = Vec::new();
    let mut end = lines.len();
    while end > last_anchor + 1 {
        let line = &lines[end - 1];
        let too_wide = line.tokens.iter().map(|t| t.width()).sum::<usize>() > widest_in_rows + 10;
        let set_apart = line.blank_before && !spaced_rows;
        let wraps_on = in_text_column.get(line.source).copied().unwrap_or(false);
        if line.tokens.len() == 1
            && !wraps_on
            && (set_apart || end - 1 > last_anchor + 2 || too_wide)
        {
            end -= 1;
        } else {
            break;
        }
    }
    tail.extend(lines.drain(end..));
    let (table, leftover) = build_table(&lines);
    if let Some(table) = table {
        counts.tables += 1;
        counts.rows += table.rows.len();
        document.push_table(table);
    }
    let mut after: Vec<usize> = leftover;
    after.extend(tail.iter().map(|l| l.source));
    after.sort_unstable();
    after.dedup();
    for i in after {
        prose.push_alone(kept[i].number, kept[i].text, document);
    }
}

/// Labels only a table's header prints.
const HEADER_LABELS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "科目编码",
    "科目名称",
    "功能分类科目",
    "支出功能分类科目",
    "经济分类科目",
    "项目名称",
    "预算数",
    "金额",
];

/// Lines holding a table's header and nothing else: cells set apart on one line at least, and
/// three of them labels only a header prints.
fn is_header_alone(lines: &[TableLine]) -> bool {
    let labels = lines
        .iter()
        .flat_map(|l| l.tokens.iter())
        .filter(|t| HEADER_LABELS.contains(&&*without_spaces(&t.text)))
        .count();
    labels >= 3 && lines.iter().any(|l| l.tokens.len() >= 2)
}

/// Which measure lines up a block better: fewer distinct left edges of text and right edges of
/// amounts.
pub(super) fn choose_measure(lines: &[TableLine]) -> Measure {
    let score = |m: Measure| {
        let mut edges: Vec<(bool, usize)> = Vec::new();
        for line in lines.iter().filter(|l| l.is_anchor()) {
            for t in &line.tokens {
                let s = t.span(m);
                edges.push(if t.number {
                    (true, s.end)
                } else {
                    (false, s.start)
                });
            }
        }
        edges.sort_unstable();
        edges.dedup();
        edges.len()
    };
    // Character positions unless display widths line the rows up clearly better.
    if score(Measure::Display) * 5 < score(Measure::Chars) * 4 {
        Measure::Display
    } else {
        Measure::Chars
    }
}

/// A column found in the body rows.
#[derive(Clone, Debug)]
struct BodyColumn {
    span: Range<usize>,
    numbers: usize,
    texts: usize,
    /// Classification codes (or code parts) left of the names: left-aligned like text.
    code: bool,
}

impl BodyColumn {
    fn numeric(&self) -> bool {
        self.numbers > self.texts
    }

    /// Amounts sit at the right of their cell; names and codes at the left.
    fn right_aligned(&self) -> bool {
        self.numeric() && !self.code
    }
}

/// Labels of the summary rows at the foot of a table: totals, subtotals, carry-overs.
fn is_summary_label(text: &str) -> bool {
    let t = without_spaces(text);
    is_total_label(&t) || t.ends_with("小计") || t.contains("结转") || t.contains("结余")
}

/// A `合计` centred under merged code and name cells, or the labels of summary rows printed in
/// cells merged across a side of the table, form a column of their own; they belong to the text
/// column on their left.
fn merge_total_labels(groups: &mut Vec<Vec<Placed>>, body: &[TableLine]) {
    let is_total_group = |g: &Vec<Placed>| {
        g.len() <= 6
            && g.iter().all(|p| {
                !p.number
                    && body
                        .get(p.line)
                        .and_then(|l| l.tokens.get(p.token))
                        .is_some_and(|t| is_summary_label(&t.text))
            })
    };
    let mut k = 0;
    while k < groups.len() {
        if !is_total_group(&groups[k]) {
            k += 1;
            continue;
        }
        // Never into a column holding another cell of one of the labels' lines: the two would
        // fuse into one cell.
        let text_group = |j: usize| {
            groups[j].iter().any(|p| !p.number)
                && !is_total_group(&groups[j])
                && !shares_line(&groups[j], &groups[k])
        };
        // Rightwards only up to the next amounts: a label left of its own row's amounts (the
        // revenue side's `本年收入合计` on a page where that side lists nothing else) heads its
        // own side, not the text column past them.
        let amounts = |g: &Vec<Placed>| g.iter().all(|p| p.number);
        let target = (0..k).rev().find(|&j| text_group(j)).or_else(|| {
            (k + 1..groups.len())
                .find(|&j| text_group(j))
                .filter(|&j| !groups[k + 1..j].iter().any(amounts))
        });
        match target {
            Some(j) => {
                let moved = groups.remove(k);
                let j = if j > k { j - 1 } else { j };
                groups[j].extend(moved);
            }
            // A page holding only summary rows has no other text column: the summary labels of
            // one side, centred in merged cells, are one column with the labels left of them
            // when no amounts stand between and no line holds both.
            None if k > 0
                && is_total_group(&groups[k - 1])
                && !shares_line(&groups[k - 1], &groups[k]) =>
            {
                let moved = groups.remove(k);
                groups[k - 1].extend(moved);
            }
            None => k += 1,
        }
    }
}

/// Whether two groups of tokens have tokens on one line.
fn shares_line(a: &[Placed], b: &[Placed]) -> bool {
    a.iter().any(|p| b.iter().any(|q| q.line == p.line))
}

/// A name wrapped onto the next line flush left, left of where the column's names start, forms
/// a column of its own when nothing printed there overlaps the names: each of its pieces is the
/// only text of its line and no line holds it and a name. It belongs to the column of names on
/// its right.
fn merge_wrapped_names(groups: &mut Vec<Vec<Placed>>, body: &[TableLine]) {
    let lone_text = |g: &Vec<Placed>| {
        g.iter()
            .all(|p| !p.number && body.get(p.line).is_some_and(|l| l.tokens.len() == 1))
    };
    let mut k = 0;
    while k + 1 < groups.len() {
        let names = |g: &Vec<Placed>| g.iter().all(|p| !p.number);
        if lone_text(&groups[k])
            && names(&groups[k + 1])
            && !shares_line(&groups[k], &groups[k + 1])
        {
            let moved = groups.remove(k);
            groups[k].extend(moved);
        } else {
            k += 1;
        }
    }
}

/// A token's place in the body: which line and which token.
#[derive(Clone, Copy, Debug)]
struct Placed {
    line: usize,
    token: usize,
    start: usize,
    end: usize,
    number: bool,
}

/// Most work one split search may do before it settles for a simpler cut.
const SPLIT_BUDGET: usize = 2_000_000;

/// Groups tokens into columns: tokens that overlap share a column, unless two of them sit on
/// the same line, in which case the group is cut where it separates them best.
fn cluster(mut placed: Vec<Placed>) -> Vec<Vec<Placed>> {
    placed.sort_by_key(|p| (p.start, p.end));
    let mut groups: Vec<Vec<Placed>> = Vec::new();
    let mut end = 0usize;
    for p in placed {
        match groups.last_mut() {
            Some(g) if p.start < end => {
                end = end.max(p.end);
                g.push(p);
            }
            _ => {
                end = p.end;
                groups.push(vec![p]);
            }
        }
    }
    let mut out = Vec::new();
    for g in groups {
        split_conflicts(g, &mut out, 0);
    }
    rejoin_amount_columns(out)
}

/// How many character columns pdftotext's grid may shift the right edge of an amount.
const GRID_SHIFT: usize = 2;

/// A cut made for other tokens can part amounts of one column whose right edges the character
/// grid shifted apart: overlapping amount-only groups that never share a line and end within
/// [`GRID_SHIFT`] columns of each other are one column. (Columns that take turns, 人员经费 or
/// 公用经费 on each row, also never share a line, but their right edges lie a cell apart.)
fn rejoin_amount_columns(mut groups: Vec<Vec<Placed>>) -> Vec<Vec<Placed>> {
    let amounts_only = |g: &[Placed]| !g.is_empty() && g.iter().all(|p| p.number);
    let span = |g: &[Placed]| {
        g.iter().map(|p| p.start).min().unwrap_or(0)..g.iter().map(|p| p.end).max().unwrap_or(0)
    };
    let mut i = 0;
    while i < groups.len() {
        let mut j = i + 1;
        while j < groups.len() {
            let (a, b) = (span(&groups[i]), span(&groups[j]));
            let joins = amounts_only(&groups[i])
                && amounts_only(&groups[j])
                && overlaps(&a, &b)
                && a.end.abs_diff(b.end) <= GRID_SHIFT
                && {
                    let lines: BTreeSet<usize> = groups[i].iter().map(|p| p.line).collect();
                    !groups[j].iter().any(|q| lines.contains(&q.line))
                };
            if joins {
                let moved = groups.remove(j);
                groups[i].extend(moved);
                j = i + 1;
            } else {
                j += 1;
            }
        }
        i += 1;
    }
    groups
}

fn split_conflicts(group: Vec<Placed>, out: &mut Vec<Vec<Placed>>, depth: usize) {
    let mut by_line: BTreeMap<usize, Vec<Placed>> = BTreeMap::new();
    for p in &group {
        by_line.entry(p.line).or_default().push(*p);
    }
    let mut gaps: Vec<Range<usize>> = Vec::new();
    for tokens in by_line.values_mut() {
        if tokens.len() < 2 {
            continue;
        }
        tokens.sort_by_key(|p| p.start);
        for pair in tokens.windows(2) {
            gaps.push(pair[0].end..pair[1].start.max(pair[0].end));
        }
    }
    if gaps.is_empty() || depth > 64 {
        out.push(group);
        return;
    }
    // The cut that separates the most same-line pairs while crossing the fewest tokens.
    let mut candidates: Vec<usize> = gaps.iter().flat_map(|g| [g.start, g.end]).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let work = candidates.len().saturating_mul(gaps.len() + group.len());
    let best = if work > SPLIT_BUDGET {
        gaps.iter()
            .max_by_key(|g| g.end - g.start)
            .map(|g| g.start)
            .unwrap_or(0)
    } else {
        let mut best = (0usize, usize::MAX, 0usize);
        for &x in &candidates {
            let separated = gaps.iter().filter(|g| g.start <= x && x <= g.end).count();
            let crossing = group.iter().filter(|p| p.start < x && x < p.end).count();
            if separated > best.0 || (separated == best.0 && crossing < best.1) {
                best = (separated, crossing, x);
            }
        }
        best.2
    };
    let names_left = group.iter().any(|p| !p.number && p.end <= best);
    let (mut left, mut right): (Vec<Placed>, Vec<Placed>) = (Vec::new(), Vec::new());
    for p in group {
        let goes_left = if p.end <= best {
            true
        } else if p.start >= best {
            false
        } else if p.number {
            // Amounts are right-aligned: their end says where they belong.
            p.end <= best
        } else {
            // pdftotext's character grid shifts cells by a column or two after wide glyphs, so
            // a name can start left of the right edge of amounts: it never joins amounts alone.
            p.start < best && names_left
        };
        if goes_left {
            left.push(p);
        } else {
            right.push(p);
        }
    }
    if left.is_empty() || right.is_empty() {
        let mut all = left;
        all.extend(right);
        out.push(all);
        return;
    }
    split_conflicts(left, out, depth + 1);
    split_conflicts(right, out, depth + 1);
}

/// One header label as printed: its text (wrapped lines joined) and where it sits.
#[derive(Clone, Debug)]
struct Label {
    text: String,
    span: Range<usize>,
    /// The header line it starts on (index into the header lines).
    top: usize,
    /// The header line it ends on.
    bottom: usize,
}

/// Words that close a complete header label; a piece ending otherwise, or shorter than three
/// characters, or opening with a bracket, is part of a label wrapped over several lines.
fn is_complete_label(text: &str) -> bool {
    let t = without_spaces(text);
    let n = t.chars().count();
    if n < 3 || t.starts_with(['（', '(']) {
        return matches!(
            &*t,
            "类" | "款"
                | "项"
                | "合计"
                | "小计"
                | "总计"
                | "项目"
                | "科目"
                | "金额"
                | "收入"
                | "支出"
                | "编码"
                | "名称"
                | "序号"
        );
    }
    const ENDINGS: &[&str] = &[
        "费", "支出", "收入", "合计", "小计", "总计", "经费", "资金", "编码", "名称", "数", "项目",
        "金额", "科目", "预算", "形式", "大类", "用途", "代码",
    ];
    ENDINGS.iter().any(|e| t.ends_with(e))
}

fn is_side_heading(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(squeezed.as_str(), "收入" | "支出")
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn overlap_len(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// One printed piece of a header label.
struct Piece {
    text: String,
    span: Range<usize>,
    /// The header line it is printed on.
    line: usize,
    used: bool,
    /// Printed left of where it stands ([`Token::packed`]), when that is taken into account.
    displaced: bool,
    /// Printed one space after the word before it ([`Token::packed`]).
    packed: bool,
    /// Where it stands on the page when it heads several columns: a wide character takes two
    /// columns of the grid though the character count gives it one.
    reach: Range<usize>,
}

/// Pairs the first lines of labels that found no second line by place with second lines that
/// found no first line, in order. Walking the header's lowest pieces left to right, a run of
/// unfinished pieces on one line wraps onto as many single pieces of one lower line next to it:
/// those right after the run, else those right before it, when one of each pair is displaced.
/// pdftotext packs a line's words one space apart, so a packed first line prints left of its
/// second line.
fn pair_in_order(pieces: &[Piece], has_below: &[bool], wraps_onto: &mut [Option<usize>]) {
    let mut order: Vec<usize> = (0..pieces.len()).filter(|&i| !has_below[i]).collect();
    order.sort_by_key(|&i| pieces[i].span.start);
    let single = |i: usize, wraps_onto: &[Option<usize>]| {
        !wraps_onto.contains(&Some(i)) && wraps_onto[i].is_none()
    };
    let unfinished = |i: usize, wraps_onto: &[Option<usize>]| {
        single(i, wraps_onto) && !is_complete_label(&pieces[i].text)
    };
    let mut at = 0;
    while at < order.len() {
        let first = order[at];
        if !unfinished(first, wraps_onto) {
            at += 1;
            continue;
        }
        let line = pieces[first].line;
        let run = order[at..]
            .iter()
            .take_while(|&&i| pieces[i].line == line && unfinished(i, wraps_onto))
            .count();
        // A displaced piece that is unfinished is a first line itself.
        let takes = |seconds: &[usize], wraps_onto: &[Option<usize>]| {
            seconds.len() == run
                && seconds.iter().all(|&j| {
                    single(j, wraps_onto)
                        && pieces[j].line > line
                        && !(pieces[j].displaced && unfinished(j, wraps_onto))
                })
                && seconds
                    .iter()
                    .all(|&j| pieces[j].line == pieces[seconds[0]].line)
        };
        let after = order.get(at + run..at + 2 * run).unwrap_or(&[]);
        let before = order.get(at.saturating_sub(run)..at).unwrap_or(&[]);
        let seconds = if takes(after, wraps_onto) {
            Some(after.to_vec())
        } else if at >= run && takes(before, wraps_onto) {
            Some(before.to_vec())
        } else {
            None
        };
        // Pieces printed where they stand found their partners by place already.
        let firsts = &order[at..at + run];
        if let Some(seconds) = seconds.filter(|seconds| {
            firsts
                .iter()
                .zip(seconds)
                .all(|(&upper, &lower)| pieces[upper].displaced || pieces[lower].displaced)
        }) {
            for (&upper, &lower) in firsts.iter().zip(&seconds) {
                wraps_onto[upper] = Some(lower);
            }
        }
        at += run;
    }
}

/// How the header's wrapped labels are put back together.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrapping {
    /// The lines of a label overlap where they are printed.
    ByPlace,
    /// As [`Wrapping::ByPlace`], but a piece packed one space after another is not where it is
    /// printed: packed first lines (`一般公共预 政府性基金 国有资本经`) take their second lines
    /// (`算`, `预算`, `营预算`) in order.
    PackedInOrder,
}

/// The header's labels: leaves (the lowest label over each column, with the upper lines of a
/// wrapped label joined to it) and parents (labels over several columns).
fn header_labels(
    header: &[TableLine],
    measure: Measure,
    wrapping: Wrapping,
) -> (Vec<Label>, Vec<Label>) {
    let mut pieces: Vec<Piece> = Vec::new();
    for (li, line) in header.iter().enumerate() {
        for t in &line.tokens {
            pieces.push(Piece {
                text: t.text.clone(),
                span: t.span(measure),
                line: li,
                used: false,
                displaced: wrapping == Wrapping::PackedInOrder && t.packed,
                packed: t.packed,
                reach: match wrapping {
                    Wrapping::PackedInOrder => {
                        let span = t.span(measure);
                        span.start..span.start + t.width()
                    }
                    Wrapping::ByPlace => t.span(measure),
                },
            });
        }
    }
    // For each piece, the pieces on the nearest lower line that overlap it. A displaced piece
    // cannot be told to stand over or under anything.
    let below = |i: usize, pieces: &[Piece]| -> Vec<usize> {
        let p = &pieces[i];
        if p.displaced {
            return Vec::new();
        }
        let mut best_line: Option<usize> = None;
        let mut found = Vec::new();
        for (j, q) in pieces.iter().enumerate() {
            if q.line <= p.line || q.displaced || !overlaps(&p.span, &q.span) {
                continue;
            }
            match best_line {
                Some(l) if q.line > l => continue,
                Some(l) if q.line < l => {
                    found.clear();
                    best_line = Some(q.line);
                }
                None => best_line = Some(q.line),
                _ => {}
            }
            found.push(j);
        }
        found
    };
    // Whether the pieces anywhere below a piece stand in two or more columns.
    let spans_columns = |i: usize, pieces: &[Piece]| -> bool {
        let p = &pieces[i];
        let under: Vec<&Piece> = pieces
            .iter()
            .filter(|q| q.line > p.line && overlaps(&p.span, &q.span))
            .collect();
        under
            .iter()
            .enumerate()
            .any(|(a, q)| under[a + 1..].iter().any(|r| !overlaps(&q.span, &r.span)))
    };
    // Upper pieces of a wrapped label: they overlap exactly one piece below, stand over one
    // column only, and are not a complete label over another complete label. The label below
    // may itself be wrapped (`政府性基金` / `预算` under `总计`): its lines are joined first, so
    // lower lines are settled before the lines above them.
    let mut wraps_onto: Vec<Option<usize>> = vec![None; pieces.len()];
    let label_from = |j: usize, wraps_onto: &[Option<usize>], pieces: &[Piece]| -> String {
        let mut text = pieces[j].text.trim().to_string();
        // A piece wraps onto one on a lower line only, so the walk ends.
        let mut at = j;
        while let Some(k) = wraps_onto[at] {
            text.push_str(pieces[k].text.trim());
            at = k;
        }
        text
    };
    for i in (0..pieces.len()).rev() {
        let under = below(i, &pieces);
        if under.len() == 1 && spans_columns(i, &pieces) {
            continue;
        }
        if let [j] = under[..] {
            let (p, q) = (&pieces[i], &pieces[j]);
            let narrow = (q.span.end - q.span.start)
                .min(p.span.end - p.span.start)
                .max(1);
            // A piece packed one space after the word before it stands up to its own width
            // right of where it is printed (`政府性基金预算 国有资本经营预` over `算拨款`).
            let stands = match p.packed {
                true => p.span.start..p.span.end + (p.span.end - p.span.start),
                false => p.span.clone(),
            };
            let enough = overlap_len(&stands, &q.span) * 2 >= narrow;
            let both_complete = is_complete_label(&p.text)
                && (is_complete_label(&q.text)
                    || is_complete_label(&label_from(j, &wraps_onto, &pieces)));
            if enough && !both_complete {
                wraps_onto[i] = Some(j);
            }
        }
    }
    let mut has_below: Vec<bool> = (0..pieces.len())
        .map(|i| !below(i, &pieces).is_empty())
        .collect();
    if wrapping == Wrapping::PackedInOrder {
        pair_in_order(&pieces, &has_below, &mut wraps_onto);
        for (i, onto) in wraps_onto.iter().enumerate() {
            has_below[i] |= onto.is_some();
        }
    }
    let lowest_line = pieces.iter().map(|p| p.line).max().unwrap_or(0);
    let mut leaves = Vec::new();
    for i in 0..pieces.len() {
        if has_below[i] {
            continue;
        }
        // The side headings of a two-sided table (`收入`, `支出`) stand centred over their
        // side's 项目 and 预算数, often over the gap between the two: they head a side, not a
        // column.
        // A `收入` that ends a wrapped label (`上级补助` / `收入`) is that label's leaf.
        if pieces[i].line < lowest_line
            && is_side_heading(&pieces[i].text)
            && !wraps_onto.contains(&Some(i))
        {
            continue;
        }
        // Collect the chain of pieces wrapping onto this one, top first.
        let mut chain = vec![i];
        loop {
            let head = chain[chain.len() - 1];
            match (0..pieces.len()).find(|&k| wraps_onto[k] == Some(head) && !chain.contains(&k)) {
                Some(k) => chain.push(k),
                None => break,
            }
        }
        chain.reverse();
        let mut text = String::new();
        // A displaced piece says nothing of where its label stands, unless all of it is.
        let placed = chain.iter().any(|&k| !pieces[k].displaced);
        let mut span: Option<Range<usize>> = None;
        for &k in &chain {
            pieces[k].used = true;
            text.push_str(pieces[k].text.trim());
            if placed && pieces[k].displaced {
                continue;
            }
            let at = &pieces[k].span;
            span = Some(span.map_or(at.clone(), |s| s.start.min(at.start)..s.end.max(at.end)));
        }
        let span = span.unwrap_or_else(|| pieces[i].span.clone());
        leaves.push(Label {
            text,
            span,
            top: pieces[chain[0]].line,
            bottom: pieces[i].line,
        });
    }
    let parents = pieces
        .iter()
        .filter(|p| !p.used)
        .map(|p| Label {
            text: p.text.trim().to_string(),
            span: p.reach.clone(),
            top: p.line,
            bottom: p.line,
        })
        .collect();
    leaves.sort_by_key(|l| l.span.start);
    (leaves, parents)
}

/// A header that numbers its columns (`** ** 1 2 3`) marks each column's own label: when every
/// mark falls under a label and a label is left without one, that label stands over columns
/// (`本级财政拨款` printed between its `金额` and `其中:经费拨款`, over neither) and is their parent.
fn demote_unnumbered_labels(
    marks: &[Range<usize>],
    leaves: &mut Vec<Label>,
    parents: &mut Vec<Label>,
) {
    if marks.is_empty() {
        return;
    }
    let widened = |l: &Label| l.span.start.saturating_sub(1)..l.span.end + 1;
    let marked: Vec<bool> = leaves
        .iter()
        .map(|l| marks.iter().any(|m| overlaps(&widened(l), m)))
        .collect();
    let every_mark_placed = marks
        .iter()
        .all(|m| leaves.iter().any(|l| overlaps(&widened(l), m)));
    if !every_mark_placed || marked.iter().filter(|m| **m).count() < marks.len() {
        return;
    }
    let mut k = 0;
    leaves.retain(|l| {
        let keep = marked[k];
        k += 1;
        if !keep {
            parents.push(l.clone());
        }
        keep
    });
}

/// A final column: a header label, a body column, or both.
#[derive(Clone, Debug)]
struct Column {
    label: Option<usize>,
    body: Option<usize>,
    span: Range<usize>,
}

/// How far apart a label and a body column are, as a cost of matching them. Of two labels over
/// a column, the one that ends lower is its own; one ending above most labels is a parent.
fn match_cost(
    labels: &[Label],
    i: usize,
    bodies: &[BodyColumn],
    j: usize,
    leaf_line: usize,
) -> usize {
    let label = &labels[i];
    // The label printed left of this one heads the cell before: this one's cell starts after it.
    let left = i
        .checked_sub(1)
        .map(|k| labels[k].span.end)
        .filter(|&end| end <= label.span.start)
        .unwrap_or(0);
    leaf_line.saturating_sub(label.bottom).min(3) * 2 + distance_cost(label, left, bodies, j)
}

/// A label centred over a cell: over an amount right-aligned in it, the label's centre is the
/// cell's, the cell running from the previous column's end (or the end of the label left of
/// this one, when that is further right: the columns between are blank) to the amount's; over
/// a name left-aligned in it, the label sits right of where the name starts.
fn distance_cost(label: &Label, left: usize, bodies: &[BodyColumn], j: usize) -> usize {
    let body = &bodies[j];
    let prev_end = j.checked_sub(1).map_or(0, |i| bodies[i].span.end);
    let next_start = bodies.get(j + 1).map_or(usize::MAX, |b| b.span.start);
    let over = overlaps(&label.span, &body.span);
    if body.right_aligned() {
        let cell = prev_end.max(left).min(body.span.start)..body.span.end + 1;
        if label.span.start >= cell.start && label.span.end <= cell.end {
            let label_centre = label.span.start + label.span.end;
            let cell_centre = cell.start + cell.end;
            let off = label_centre.abs_diff(cell_centre) / 6;
            // Amounts reaching under the label on the left are more likely that label's.
            let under_left = usize::from(body.span.start < left);
            return off.min(4) + usize::from(!over) + under_left;
        }
    } else {
        if over {
            return 0;
        }
        if label.span.start + 1 >= body.span.start.max(prev_end) && label.span.end <= next_start {
            // The further right of where the names start, the less likely the label is theirs.
            return 1 + (label.span.start.saturating_sub(body.span.start) / 10).min(6);
        }
    }
    let far = if label.span.end <= body.span.start {
        let gap = body.span.start - label.span.end;
        if body.right_aligned() {
            gap.div_ceil(2)
        } else {
            gap * 2
        }
    } else {
        let gap = label.span.start.saturating_sub(body.span.end);
        if body.right_aligned() {
            gap * 2
        } else {
            gap
        }
    };
    far + 1
}

/// Cost of a header label with no amounts under it (a column blank in every row).
const SKIP_LABEL: usize = 4;
/// Cost of a body column with no label over it.
const SKIP_BODY: usize = 8;
/// Largest alignment table computed exactly.
const ALIGN_BUDGET: usize = 4_000_000;

/// Matches header labels to body columns in order, at the least total cost.
fn align(labels: &[Label], bodies: &[BodyColumn]) -> Vec<Column> {
    let (n, m) = (labels.len(), bodies.len());
    let mut columns = Vec::with_capacity(n + m);
    if n.saturating_mul(m) > ALIGN_BUDGET {
        // Too large to align exactly: match by overlap alone.
        let mut used = vec![false; n];
        for (j, b) in bodies.iter().enumerate() {
            let label = (0..n).find(|&i| !used[i] && overlaps(&labels[i].span, &b.span));
            if let Some(i) = label {
                used[i] = true;
            }
            columns.push(Column {
                label,
                body: Some(j),
                span: b.span.clone(),
            });
        }
        for (i, l) in labels.iter().enumerate().filter(|(i, _)| !used[*i]) {
            columns.push(Column {
                label: Some(i),
                body: None,
                span: l.span.clone(),
            });
        }
        columns.sort_by_key(|c| c.span.start);
        return columns;
    }
    // The line most labels end on: where the leaves are.
    let mut bottoms: Vec<usize> = labels.iter().map(|l| l.bottom).collect();
    bottoms.sort_unstable();
    let lowest = bottoms.get(bottoms.len() / 2).copied().unwrap_or(0);
    let w = m + 1;
    let mut cost = vec![usize::MAX / 4; (n + 1) * w];
    cost[0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i * w + j];
            if i < n {
                let c = &mut cost[(i + 1) * w + j];
                *c = (*c).min(here + SKIP_LABEL);
            }
            if j < m {
                let c = &mut cost[i * w + j + 1];
                *c = (*c).min(here + SKIP_BODY);
            }
            if i < n && j < m {
                let c = &mut cost[(i + 1) * w + j + 1];
                *c = (*c).min(here + match_cost(labels, i, bodies, j, lowest));
            }
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cost[i * w + j];
        if i > 0
            && j > 0
            && cost[(i - 1) * w + j - 1] + match_cost(labels, i - 1, bodies, j - 1, lowest) == here
        {
            let (l, b) = (&labels[i - 1], &bodies[j - 1]);
            columns.push(Column {
                label: Some(i - 1),
                body: Some(j - 1),
                span: l.span.start.min(b.span.start)..l.span.end.max(b.span.end),
            });
            i -= 1;
            j -= 1;
        } else if i > 0 && cost[(i - 1) * w + j] + SKIP_LABEL == here {
            columns.push(Column {
                label: Some(i - 1),
                body: None,
                span: labels[i - 1].span.clone(),
            });
            i -= 1;
        } else if j > 0 {
            columns.push(Column {
                label: None,
                body: Some(j - 1),
                span: bodies[j - 1].span.clone(),
            });
            j -= 1;
        } else {
            break;
        }
    }
    columns.reverse();
    columns
}

fn near(a: &Range<usize>, b: &Range<usize>, slack: usize) -> bool {
    a.start < b.end + slack && b.start < a.end + slack
}

/// A label left without amounts is not always a blank column. Stacked over the label of a
/// neighbouring column that got the amounts, it is that label's first line (when the two do not
/// read as two complete labels) or its parent; set above the labels on both sides of it, it is
/// their parent.
fn demote_stacked_labels(
    columns: &mut Vec<Column>,
    leaves: &mut [Label],
    bodies: &[BodyColumn],
    parents: &mut Vec<Label>,
) {
    let mut k = 0;
    while k < columns.len() {
        let (Some(l), None) = (columns[k].label, columns[k].body) else {
            k += 1;
            continue;
        };
        let stacked = [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter(|&j| j < columns.len())
            .find(|&j| match (columns[j].label, columns[j].body) {
                (Some(m), Some(b)) => {
                    let (a, c) = (&leaves[l], &leaves[m]);
                    let apart = a.bottom < c.top || c.bottom < a.top;
                    apart && (near(&a.span, &bodies[b].span, 1) || near(&a.span, &c.span, 2))
                }
                _ => false,
            });
        if let Some(j) = stacked {
            let m = columns[j].label.unwrap_or(l);
            let (upper, lower) = if leaves[l].bottom < leaves[m].top {
                (l, m)
            } else {
                (m, l)
            };
            let upper_label = leaves[upper].clone();
            if is_complete_label(&upper_label.text) && is_complete_label(&leaves[lower].text) {
                parents.push(upper_label);
            } else {
                let merged = &mut leaves[lower];
                merged.text = format!("{}{}", upper_label.text, merged.text);
                merged.top = upper_label.top;
                merged.span = merged.span.start.min(upper_label.span.start)
                    ..merged.span.end.max(upper_label.span.end);
            }
            columns[j].label = Some(lower);
            let span = &leaves[lower].span;
            columns[j].span =
                columns[j].span.start.min(span.start)..columns[j].span.end.max(span.end);
            columns.remove(k);
            continue;
        }
        let top_of = |j: usize| columns.get(j).and_then(|c| c.label).map(|x| leaves[x].top);
        let between = match (k.checked_sub(1).and_then(top_of), top_of(k + 1)) {
            (Some(left), Some(right)) => left > leaves[l].bottom && right > leaves[l].bottom,
            _ => false,
        };
        if between {
            parents.push(leaves[l].clone());
            columns.remove(k);
            continue;
        }
        k += 1;
    }
}

/// Where each column's cell ends: after a right-aligned amount, before a left-aligned name,
/// else half way.
fn boundaries(columns: &[Column], bodies: &[BodyColumn]) -> Vec<usize> {
    columns
        .windows(2)
        .map(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            let a_numeric = a
                .body
                .and_then(|j| bodies.get(j))
                .is_some_and(|c| c.right_aligned());
            let b_text = b
                .body
                .and_then(|j| bodies.get(j))
                .is_some_and(|c| !c.right_aligned());
            if a_numeric {
                (a.span.end + 1).min(b.span.start.max(a.span.end))
            } else if b_text {
                b.span.start.saturating_sub(1).max(a.span.end)
            } else {
                (a.span.end + b.span.start.max(a.span.end)) / 2
            }
        })
        .collect()
}

/// The column a token falls in, given the cell boundaries.
fn column_at(bounds: &[usize], span: &Range<usize>, number: bool) -> usize {
    let x = if number {
        span.end.saturating_sub(1)
    } else {
        span.start
    };
    bounds.partition_point(|&b| b <= x)
}

/// The columns each parent label stands over, and how many parents stand above it.
///
/// A parent stands over the columns its text overlaps, widened over the neighbouring columns
/// whose labels sit as deep below it. Parents set right above labels (the groups of leaves) share
/// the columns they both reach by nearness, on whichever line each is printed: a group label
/// spanning two lines of the header prints lower than one that spans one. A parent with another
/// parent printed under its text is a group of groups: it stands over the groups printed as low
/// as those under its text, and over columns no group heads (深圳's 三公 table prints
/// `公务用车购置及运行维护费` over `小计`, `公务用车购置费` and `公务用车运行维护费`, which print
/// a line below `总计`, `因公出国(境)费` and `公务接待费` beside them).
fn parent_spans(
    parents: &[Label],
    leaves: &[Label],
    columns: &[Column],
    bounds: &[usize],
) -> Vec<(String, Range<usize>, usize)> {
    let n = columns.len();
    let centre = |k: usize| (columns[k].span.start + columns[k].span.end) as f64 / 2.0;
    let text_centre = |pi: usize| (parents[pi].span.start + parents[pi].span.end) as f64 / 2.0;
    let cell = |k: usize| {
        let start = if k == 0 { 0 } else { bounds[k - 1] };
        start..bounds.get(k).copied().unwrap_or(usize::MAX)
    };
    let leaf_top = |k: usize| columns[k].label.map(|l| leaves[l].top);
    // Each parent with the columns it may reach and those its text stands over.
    let mut candidates: Vec<(usize, Range<usize>, Range<usize>)> = Vec::new();
    for (pi, p) in parents.iter().enumerate() {
        let covered: Vec<usize> = (0..n)
            .filter(|&k| overlaps(&p.span, &cell(k)) && leaf_top(k).is_some_and(|t| t > p.bottom))
            .collect();
        let (Some(&lo), Some(&hi)) = (covered.first(), covered.last()) else {
            continue;
        };
        let depth = covered
            .iter()
            .filter_map(|&k| leaf_top(k))
            .min()
            .unwrap_or(usize::MAX);
        let deep = |k: usize| leaf_top(k).is_some_and(|top| top >= depth);
        let (mut a, mut b) = (lo, hi);
        while a > 0 && deep(a - 1) {
            a -= 1;
        }
        while b + 1 < n && deep(b + 1) {
            b += 1;
        }
        candidates.push((pi, a..b + 1, lo..hi + 1));
    }
    let over_groups: Vec<bool> = candidates
        .iter()
        .map(|(pi, _, text_over)| {
            candidates.iter().any(|(qi, _, other)| {
                parents[*qi].top > parents[*pi].bottom && overlaps(text_over, other)
            })
        })
        .collect();
    // The columns of candidate `ci` it is nearer to than every rival reaching them, as one run
    // around its text.
    let share = |ci: usize, rivals: &dyn Fn(usize) -> bool, reach: &Range<usize>| {
        let (pi, _, text_over) = &candidates[ci];
        let mine = |k: usize| {
            candidates.iter().enumerate().all(|(cj, (qj, other, _))| {
                cj == ci
                    || !rivals(cj)
                    || !other.contains(&k)
                    || (centre(k) - text_centre(*pi)).abs() <= (centre(k) - text_centre(*qj)).abs()
            })
        };
        let seed = text_over.clone().find(|&k| reach.contains(&k) && mine(k))?;
        let (mut lo, mut hi) = (seed, seed);
        while lo > reach.start && mine(lo - 1) {
            lo -= 1;
        }
        while hi + 1 < reach.end && mine(hi + 1) {
            hi += 1;
        }
        Some(lo..hi + 1)
    };
    // Groups of leaves first; each column's group, with the line it is printed on.
    let mut placed: Vec<(usize, Range<usize>)> = Vec::new();
    let mut group_line: Vec<Option<usize>> = vec![None; n];
    // A group whose columns reach strictly within another's heads deeper labels: it stands
    // under that one rather than beside it.
    let within =
        |a: &Range<usize>, b: &Range<usize>| a != b && b.start <= a.start && a.end <= b.end;
    for ci in (0..candidates.len()).filter(|&ci| !over_groups[ci]) {
        let reach = &candidates[ci].1;
        let rivals = |cj: usize| {
            let other = &candidates[cj].1;
            let same_line = parents[candidates[cj].0].bottom == parents[candidates[ci].0].bottom;
            same_line || !over_groups[cj] && !within(reach, other) && !within(other, reach)
        };
        let Some(range) = share(ci, &rivals, reach) else {
            continue;
        };
        let line = parents[candidates[ci].0].bottom;
        for k in range.clone() {
            group_line[k] = Some(group_line[k].map_or(line, |l: usize| l.max(line)));
        }
        placed.push((candidates[ci].0, range));
    }
    for ci in (0..candidates.len()).filter(|&ci| over_groups[ci]) {
        let (pi, reach, text_over) = &candidates[ci];
        let under = text_over.clone().filter_map(|k| group_line[k]).min();
        let with_mine = |k: usize| group_line[k].is_none_or(|l| under.is_some_and(|u| l >= u));
        let (mut a, mut b) = (text_over.start, text_over.end - 1);
        while a > reach.start && with_mine(a - 1) {
            a -= 1;
        }
        while b + 1 < reach.end && with_mine(b + 1) {
            b += 1;
        }
        let line = parents[*pi].bottom;
        let rivals = |cj: usize| parents[candidates[cj].0].bottom == line;
        if let Some(range) = share(ci, &rivals, &(a..b + 1)) {
            placed.push((*pi, range));
        }
    }
    // Higher parents first: a lower one stands under the parent whose columns hold its text.
    placed.sort_by_key(|(pi, _)| parents[*pi].bottom);
    let mut out: Vec<(String, Range<usize>, usize)> = Vec::new();
    let mut nested: Vec<(Range<usize>, usize, usize)> = Vec::new();
    for (pi, range) in placed {
        let p = &parents[pi];
        let level = nested
            .iter()
            .filter(|(r, _, bottom)| {
                *bottom < p.top && r.start <= range.start && range.end <= r.end
            })
            .map(|(_, level, _)| level + 1)
            .max()
            .unwrap_or(0);
        nested.push((range.clone(), level, p.bottom));
        out.push((p.text.clone(), range, level));
    }
    out
}

/// Where a column's cells line up: amounts on their right edge, names and codes on their left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    Right(usize),
    Left(usize),
}

/// A segment of a table on one page: its columns and rows of cells.
struct Segment {
    columns: usize,
    /// Leaf label of each column.
    leaves: Vec<String>,
    /// Parent labels: text, the columns they cover, and how many parents stand above each.
    parents: Vec<(String, Range<usize>, usize)>,
    rows: Vec<Vec<String>>,
    /// Lines after the rows that are not part of the table (indexes of kept lines).
    leftover: Vec<usize>,
    /// Kind of each column: true for amounts.
    numeric: Vec<bool>,
    /// Centre of each column relative to the segment's width, for matching continuations.
    centres: Vec<f64>,
    /// Where each column's body lines up on the page: the right edge of its amounts, the left
    /// edge of its names or codes; `None` for a column blank in every row.
    edges: Vec<Option<Edge>>,
    /// Where each column (label and body) sits on the page.
    spans: Vec<Range<usize>>,
    /// True for a page holding only the header, its rows on the next page.
    header_only: bool,
    /// True for a page whose amounts do not line up under their columns (see
    /// [`amounts_ragged`]): each of its rows' amounts may stand a column off.
    ragged: bool,
    first_line: u32,
    last_line: u32,
}

/// Whether a cell opens with a classification code run into its name (`2080505-机关…`).
fn opens_with_code(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    // A year opening a name (`2023年信息化运维服务项目`) is no code, nor a span of years.
    (3..=9).contains(&digits)
        && !opens_with_year_span(text)
        && !text[digits..].starts_with('年')
        && text[digits..]
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '-' | '－' | '—' | ' ') || is_cjk(c))
}

fn join_piece(cell: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    let spaced = cell.chars().last().is_some_and(|c| !is_cjk(c))
        && piece.chars().next().is_some_and(|c| !is_cjk(c));
    if spaced && !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(piece);
}

/// Reads the lines of one page of a table.
/// Whether a page's amounts fail to line up: amounts are printed flush right in their cells,
/// so a column's figures end within [`GRID_SHIFT`] characters of each other either way of the
/// column's edge. A page that pdftotext laid out line by line instead, each line spaced by its
/// own text (a long name pushing its amounts right, a short one letting them drift left), ends a
/// column's figures further apart than that; its rows print their amounts in order, but where
/// each stands says little about its column.
fn amounts_ragged(groups: &[Vec<Placed>], bodies: &[BodyColumn], body: &[TableLine]) -> bool {
    groups
        .iter()
        .zip(bodies)
        .filter(|(_, b)| b.right_aligned())
        .any(|(g, _)| {
            // Whole amounts only: a cut one (`18,536.8` over its last digit) ends short of its cell.
            let ends = g.iter().filter(|p| {
                body.get(p.line)
                    .and_then(|l| l.tokens.get(p.token))
                    .is_some_and(|t| t.number && t.text.contains('.') && !is_cut_amount(&t.text))
            });
            let (lo, hi) = ends.fold((usize::MAX, 0), |(lo, hi), p| {
                (lo.min(p.end), hi.max(p.end))
            });
            hi > lo && hi - lo > 2 * GRID_SHIFT
        })
}

fn read_segment<'a>(lines: &'a [TableLine], measure: Measure, continued: bool) -> Option<Segment> {
    // The body starts at the first line with an amount; a table with none (an empty table) has
    // only its total row, or a line saying `无`.
    // A row numbering the columns (`** ** 1 2 3`) holds numbers but belongs to the header.
    let numbers_columns =
        |l: &TableLine| numbers_the_columns(l.tokens.iter().map(|t| t.text.as_str()));
    let Some(mut first_anchor) = lines
        .iter()
        .position(|l| l.has_number() && !numbers_columns(l))
        .or_else(|| {
            lines
                .iter()
                .position(|l| l.is_anchor() && !numbers_columns(l))
        })
    else {
        // A header numbering its columns over no rows: an empty table.
        if !lines.iter().any(numbers_columns) {
            return None;
        }
        let header: Vec<TableLine> = lines
            .iter()
            .filter(|l| !numbers_columns(l))
            .cloned()
            .collect();
        return empty_table_segment(&header, &[], measure);
    };
    // Lines of numbered items above the first amounts are rows of a list that runs on from an
    // earlier page, even where that page's last lines were not read as the table's: a header
    // names its columns, it never counts them.
    let above = &lines[..first_anchor];
    if (continued || all_numbered_items(above))
        && rows_above(above, &lines[first_anchor..], measure)
    {
        first_anchor = 0;
    }
    if first_anchor > 1 && name_wraps_around(lines, first_anchor, measure) {
        first_anchor -= 1;
    }
    let (header, body) = lines.split_at(first_anchor);
    // Where each column is numbered: one mark (`1`, `**`) under each column's own label.
    let marks: Vec<Range<usize>> = header
        .iter()
        .filter(|l| numbers_columns(l))
        .flat_map(|l| l.tokens.iter().map(|t| t.span(measure)))
        .collect();
    let header: Vec<TableLine> = header
        .iter()
        .filter(|l| !numbers_columns(l))
        .cloned()
        .collect();
    let header = header.as_slice();
    if !body.iter().any(|l| l.has_number()) {
        return empty_table_segment(header, body, measure);
    }
    // Body columns from every token of the body.
    let mut placed = Vec::new();
    for (li, line) in body.iter().enumerate() {
        for (ti, t) in line.tokens.iter().enumerate() {
            let s = t.span(measure);
            placed.push(Placed {
                line: li,
                token: ti,
                start: s.start,
                end: s.end.max(s.start + 1),
                number: t.number,
            });
        }
    }
    let mut groups = cluster(placed);
    groups.sort_by_key(|g| g.iter().map(|p| p.start).min().unwrap_or(0));
    merge_total_labels(&mut groups, body);
    merge_wrapped_names(&mut groups, body);
    if let Some(segment) = unaligned_segment(header, body, &groups) {
        return Some(segment);
    }
    let mut bodies: Vec<BodyColumn> = groups
        .iter()
        .map(|g| BodyColumn {
            span: g.iter().map(|p| p.start).min().unwrap_or(0)
                ..g.iter().map(|p| p.end).max().unwrap_or(0),
            numbers: g.iter().filter(|p| p.number).count(),
            texts: g.iter().filter(|p| !p.number).count(),
            code: false,
        })
        .collect();
    // Digits-only columns left of the first column of names are codes. A few words beside the
    // codes (the 类 款 项 of a header printed below a total row) are not that column.
    let most_texts = bodies
        .iter()
        .filter(|b| !b.numeric())
        .map(|b| b.texts)
        .max()
        .unwrap_or(0);
    if let Some(first_text) = bodies
        .iter()
        .position(|b| !b.numeric() && b.texts * 2 >= most_texts)
    {
        for (gi, b) in bodies.iter_mut().enumerate().take(first_text) {
            b.code = b.numeric()
                && groups[gi].iter().filter(|p| p.number).all(|p| {
                    body.get(p.line)
                        .and_then(|l| l.tokens.get(p.token))
                        .is_some_and(|t| is_code_part(&t.text))
                });
        }
    }
    let ragged = amounts_ragged(&groups, &bodies, body);
    let mut token_column: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for p in g {
            token_column.insert((p.line, p.token), gi);
        }
    }
    let read_header = |wrapping: Wrapping| {
        let (mut leaves, mut parents) = header_labels(header, measure, wrapping);
        demote_unnumbered_labels(&marks, &mut leaves, &mut parents);
        let mut columns = align(&leaves, &bodies);
        demote_stacked_labels(&mut columns, &mut leaves, &bodies, &mut parents);
        (leaves, parents, columns)
    };
    let (mut leaves, mut parents, mut columns) = read_header(Wrapping::ByPlace);
    // Labels left without amounts may be the two lines of labels packed on the page: the
    // reading in order stands when it gives every label its amounts and leaves no more amounts
    // unlabelled. (Where some labels stay alone, the table has blank columns, and fewer of them
    // says nothing.)
    let misfits = |columns: &[Column]| {
        let labels_alone = columns.iter().filter(|c| c.body.is_none()).count();
        let bodies_alone = columns.iter().filter(|c| c.label.is_none()).count();
        (labels_alone, bodies_alone)
    };
    let (labels_alone, bodies_alone) = misfits(&columns);
    if labels_alone > 0 && header.iter().any(|l| l.tokens.iter().any(|t| t.packed)) {
        let in_order = read_header(Wrapping::PackedInOrder);
        let (labels_after, bodies_after) = misfits(&in_order.2);
        if labels_after == 0 && bodies_after <= bodies_alone {
            (leaves, parents, columns) = in_order;
        }
    }
    let body_to_final: BTreeMap<usize, usize> = columns
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.body.map(|b| (b, k)))
        .collect();
    let bounds = boundaries(&columns, &bodies);
    let n = columns.len();
    let mut parent_spans = parent_spans(&parents, &leaves, &columns, &bounds);
    // The nearest parent of each column.
    parent_spans.sort_by_key(|(_, _, level)| *level);
    let leaf_texts: Vec<String> = columns
        .iter()
        .map(|c| c.label.map(|l| leaves[l].text.clone()).unwrap_or_default())
        .collect();
    let numeric: Vec<bool> = columns
        .iter()
        .map(|c| {
            c.body
                .and_then(|b| bodies.get(b))
                .is_some_and(|b| b.numeric())
                || c.body.is_none() && c.label.is_some()
        })
        .collect();
    // Rows: anchors start rows; a text-only line continues the name of the row it wraps with, or
    // stands as a row of its own.
    let text_column: Vec<bool> = columns
        .iter()
        .map(|c| {
            c.body
                .and_then(|b| bodies.get(b))
                .is_some_and(|b| !b.numeric())
        })
        .collect();
    let code_column: Vec<bool> = columns
        .iter()
        .map(|c| c.body.and_then(|b| bodies.get(b)).is_some_and(|b| b.code))
        .collect();
    let column_of = |li: usize, ti: usize, t: &Token| -> usize {
        token_column
            .get(&(li, ti))
            .and_then(|g| body_to_final.get(g))
            .copied()
            .unwrap_or_else(|| column_at(&bounds, &t.span(measure), t.number))
            .min(n.saturating_sub(1))
    };
    let mut col_widths = vec![0usize; n];
    let mut anchor_widths = vec![0usize; n];
    for (li, line) in body.iter().enumerate() {
        for (ti, t) in line.tokens.iter().enumerate() {
            if !t.number {
                let k = column_of(li, ti, t);
                col_widths[k] = col_widths[k].max(t.width());
                if line.is_anchor() {
                    anchor_widths[k] = anchor_widths[k].max(t.width());
                }
            }
        }
    }
    struct Building<'t> {
        cells: Vec<String>,
        /// The last line of text put in each cell, and its display width.
        last_piece: Vec<(&'t str, usize)>,
        line: usize,
        anchor: bool,
        /// A lone line of text that fits no column of the table (a title after it).
        misfit: bool,
        sources: Vec<usize>,
    }
    let cells_of = |li: usize| -> Vec<(usize, &str, usize)> {
        body[li]
            .tokens
            .iter()
            .enumerate()
            .map(|(ti, t)| (column_of(li, ti, t), t.text.as_str(), t.width()))
            .collect()
    };
    let full = |k: usize, width: usize| width + 4 >= col_widths.get(k).copied().unwrap_or(0);
    let new_row = |cells: Vec<(usize, &'a str, usize)>, li: usize, anchor: bool| {
        let mut row = Building {
            cells: vec![String::new(); n],
            last_piece: vec![("", 0); n],
            line: li,
            anchor,
            misfit: false,
            sources: vec![body[li].source],
        };
        for (k, text, width) in cells {
            join_piece(&mut row.cells[k], text);
            row.last_piece[k] = (text, width);
        }
        row
    };
    let mut rows: Vec<Building> = Vec::new();
    let mut li = 0;
    while li < body.len() {
        let line = &body[li];
        let cells = cells_of(li);
        // A coded name too long for its cell wraps around its row's amounts together with a
        // neighbour's name: their first lines stand above the amounts line, whose cells for
        // them are empty, and the rest of each below it.
        let next_fills = body.get(li + 1).is_some_and(|n| {
            !n.blank_before
                && n.is_anchor()
                && !cells_of(li + 1)
                    .iter()
                    .any(|c| cells.iter().any(|d| d.0 == c.0))
        });
        let distinct = cells.windows(2).all(|w| w[0].0 < w[1].0);
        if !line.is_anchor()
            && cells.len() >= 2
            && distinct
            && next_fills
            && line.tokens.iter().all(|t| !t.number)
            && cells.first().is_some_and(|c| opens_with_code(c.1))
        {
            let mut row = new_row(cells_of(li + 1), li + 1, true);
            for &(k, text, width) in &cells {
                row.cells[k] = text.trim().to_string();
                row.last_piece[k] = (text, width);
            }
            row.sources.insert(0, line.source);
            let mut next = li + 2;
            let rest_below = body.get(next).is_some_and(|b| {
                !b.blank_before
                    && !b.is_anchor()
                    && b.tokens.iter().all(|t| !t.number)
                    && cells_of(next).iter().all(|c| {
                        cells.iter().any(|d| d.0 == c.0)
                            && !opens_with_code(c.1)
                            && !starts_item(c.1)
                    })
            });
            if rest_below {
                for (k, text, width) in cells_of(next) {
                    join_piece(&mut row.cells[k], text);
                    row.last_piece[k] = (text, width);
                }
                row.sources.push(body[next].source);
                row.line = next;
                next += 1;
            }
            rows.push(row);
            li = next;
            continue;
        }
        let text_only =
            !line.is_anchor() && cells.len() == 1 && !cells.iter().any(|c| is_code_part(c.1));
        if text_only {
            let (k, text, width) = cells[0];
            let item = starts_item(text);
            let prev = rows
                .last()
                .filter(|r| r.line + 1 == li && !line.blank_before && !r.misfit);
            let next_adjacent = body
                .get(li + 1)
                .is_some_and(|n| !n.blank_before && n.is_anchor());
            let next_empty = next_adjacent && !cells_of(li + 1).iter().any(|c| c.0 == k);
            let prev_wraps = prev.is_some_and(|r| {
                let (piece, w) = r.last_piece[k];
                !piece.is_empty() && full(k, w) && !is_complete_label(piece)
            });
            let prev_empty = prev.is_some_and(|r| r.cells[k].is_empty() && r.anchor);
            // A name too long for its cell is centred around its row's amounts: its first line
            // directly above an amounts line whose cell for it is empty and whose last cell
            // before it is the row's code, the rest directly below that line, alone in the same
            // column. Such a first line is wider than any name printed beside amounts because it
            // did not fit, so its width is no sign of a title beyond the table, and it may break
            // after a word that could end a name (`…专项资金` / `支出`). The row above must not be
            // able to take it as its own name's end (its cell full and unfinished, or empty), and
            // the line below must be a name's rest, not an item or a code opening another row.
            let coded_next = next_empty
                && cells_of(li + 1).iter().rfind(|c| c.0 < k).is_some_and(|c| {
                    (code_column[c.0] && is_code_part(c.1)) || opens_with_code(c.1)
                });
            let rest_below = body.get(li + 2).is_some_and(|b| {
                let below = cells_of(li + 2);
                !b.blank_before
                    && !b.is_anchor()
                    && below.len() == 1
                    && below.iter().all(|c| {
                        c.0 == k && !starts_item(c.1) && !is_code_part(c.1) && !opens_with_code(c.1)
                    })
            });
            // Or the name's first line is set in by its level and its rest below starts at the
            // cell's edge (`  上级转移支付资金` / amounts / `（中央预算内投资）`).
            let indented_around = next_empty
                && body.get(li + 2).is_some_and(|b| {
                    b.tokens
                        .first()
                        .zip(line.tokens.first())
                        .is_some_and(|(rest, first)| {
                            rest.span(measure).start + 2 <= first.span(measure).start
                        })
                });
            // Or the first line opens with the row's code itself, above an amounts line that
            // prints no name of its own (`2080199-其他人力资源和社会保障管理事` / `50205-委托业务费
            // … 60.70` / `务支出`): in a coded table a line of amounts has no row without it.
            let code_above = next_empty && opens_with_code(text);
            // Or neither: a first line that no word could end (`广州市人民政府国有资产监` /
            // amounts / `督管理委员会`, a unit's name at the margin like its rest).
            let cut_mid_word = next_empty && !is_complete_label(text);
            let split_around = text_column[k]
                && !item
                && (coded_next || indented_around || code_above || cut_mid_word)
                && rest_below
                && !prev_wraps
                && !prev_empty;
            let misfit = !text_column[k] || (width > anchor_widths[k] + 4 && !split_around);
            // A name's first line carries its level's indent, the lines it wraps onto start at
            // the cell's edge: a line of text set further in than the name on the amounts line
            // below it is where that name begins (`  深圳市发展改革委专` / `项资金重大科研平台自主
            // 23,600.00 …`).
            let starts_at =
                |l: &TableLine, i: usize| l.tokens.get(i).map(|t| t.span(measure).start);
            let indented_over_next = next_adjacent
                && !text.trim_end().ends_with(['：', ':'])
                && starts_at(line, 0).is_some_and(|own| {
                    let next = &body[li + 1];
                    next.tokens.iter().enumerate().any(|(ti, t)| {
                        !t.number
                            && column_of(li + 1, ti, t) == k
                            && starts_at(next, ti).is_some_and(|s| s + 2 <= own)
                    })
                });
            // A name split around the amounts of its row: its first line sits above a row whose
            // cell for it is empty.
            let first_line_of_next = !misfit
                && !item
                && next_adjacent
                && (!is_complete_label(text) || split_around || indented_over_next)
                && (next_empty || (full(k, width) && !prev_wraps) || indented_over_next);
            if !(misfit || item || next_empty && first_line_of_next) && (prev_wraps || prev_empty) {
                if let Some(r) = rows.last_mut() {
                    join_piece(&mut r.cells[k], text);
                    r.last_piece[k] = (text, width);
                    r.line = li;
                    r.sources.push(line.source);
                }
                li += 1;
                continue;
            }
            // A name wrapped over several lines around its row's amounts (杭州's unit names in a
            // narrow cell: `杭州市公安` / `局监所管理支` / amounts / `队（留置看护` / `管理支队）`):
            // after a blank line, two or more lines of text in the name's column alone run on,
            // without a blank, into the row's amounts line.
            let wraps_above = line.blank_before && !misfit && !item && !is_complete_label(text);
            let run_end = (li + 1..body.len()).find(|&j| {
                let l = &body[j];
                let alone_in_k = !l.is_anchor() && {
                    let c = cells_of(j);
                    c.len() == 1 && c[0].0 == k && !starts_item(c[0].1)
                };
                l.blank_before || !alone_in_k
            });
            let wrapped_above = wraps_above
                && run_end
                    .is_some_and(|j| j > li + 1 && !body[j].blank_before && body[j].is_anchor());
            if let (true, Some(j)) = (wrapped_above, run_end) {
                let mut row = new_row(cells_of(j), j, true);
                // The name may go on beside the amounts (`服务中心（杭  6,314.47`).
                let beside = std::mem::take(&mut row.cells[k]);
                let mut name = String::new();
                for (n, above) in body[li..j].iter().enumerate() {
                    for (_, piece, piece_width) in cells_of(li + n) {
                        join_piece(&mut name, piece);
                        row.last_piece[k] = (piece, piece_width);
                    }
                    row.sources.insert(n, above.source);
                }
                if !beside.is_empty() {
                    join_piece(&mut name, &beside);
                    if let Some(&(_, piece, piece_width)) = cells_of(j).iter().find(|c| c.0 == k) {
                        row.last_piece[k] = (piece, piece_width);
                    }
                }
                row.cells[k] = name;
                rows.push(row);
                li = j + 1;
                continue;
            }
            if first_line_of_next {
                // The first line of a name whose amounts sit on the next line.
                let mut row = new_row(cells_of(li + 1), li + 1, true);
                let rest = std::mem::take(&mut row.cells[k]);
                row.cells[k] = text.trim().to_string();
                join_piece(&mut row.cells[k], &rest);
                if rest.is_empty() {
                    row.last_piece[k] = (text, width);
                }
                row.sources.insert(0, line.source);
                li += 2;
                if split_around {
                    for (_, piece, piece_width) in cells_of(li) {
                        join_piece(&mut row.cells[k], piece);
                        row.last_piece[k] = (piece, piece_width);
                    }
                    row.sources.push(body[li].source);
                    row.line = li;
                    li += 1;
                }
                rows.push(row);
                continue;
            }
            let mut row = new_row(cells, li, false);
            row.misfit = misfit;
            rows.push(row);
            li += 1;
            continue;
        }
        rows.push(new_row(cells, li, line.is_anchor()));
        li += 1;
    }
    // A coded name too long for its cell wraps around its row's amounts: its code and first
    // words on a line of their own, the rest on (or under) the amounts line. The code opens the
    // row; the rest of the name follows it.
    let has_amounts = |r: &Building| {
        r.cells
            .iter()
            .zip(&numeric)
            .any(|(c, n)| *n && !c.is_empty())
    };
    // Likewise a name wrapped in a narrow cell beside a code column: the code and the first words
    // on one line, the rest of the name on the next with the amounts the code line left blank (all
    // of them, or those of the columns at the far right). In a coded table every row but the
    // totals has its code, so a row with none, a name's rest and amounts only in its coded row's
    // blanks is the rest of that row. (A line of amounts alone may belong to the row below.)
    let has_code = |r: &Building| (0..n).any(|c| code_column[c] && !r.cells[c].is_empty());
    let rest_of_coded_row = |r: &Building, next: &Building| {
        has_code(r)
            && !has_code(next)
            && has_amounts(next)
            && (0..n).any(|c| !numeric[c] && !next.cells[c].is_empty())
            && next.sources.first().copied() == r.sources.last().map(|s| s + 1)
            && (0..n).all(|c| {
                let cell = next.cells[c].as_str();
                if numeric[c] {
                    cell.is_empty() || r.cells[c].is_empty()
                } else {
                    !is_total_label(cell) && !starts_item(cell) && !opens_with_code(cell)
                }
            })
    };
    let mut k = 0;
    while k + 1 < rows.len() {
        let head: Vec<usize> = (0..n).filter(|c| !rows[k].cells[*c].is_empty()).collect();
        let merges = match head[..] {
            [column] => {
                opens_with_code(&rows[k].cells[column])
                    && !has_amounts(&rows[k])
                    && has_amounts(&rows[k + 1])
                    && !opens_with_code(&rows[k + 1].cells[column])
            }
            _ => false,
        };
        if !merges && rest_of_coded_row(&rows[k], &rows[k + 1]) {
            let next = rows.remove(k + 1);
            let row = &mut rows[k];
            for (c, text) in next.cells.into_iter().enumerate() {
                if numeric[c] {
                    if !text.is_empty() {
                        row.cells[c] = text;
                    }
                } else {
                    join_piece(&mut row.cells[c], &text);
                }
            }
            row.line = next.line;
            row.anchor = true;
            row.sources.extend(next.sources);
        } else if merges {
            let next = rows.remove(k + 1);
            let column = head[0];
            let row = &mut rows[k];
            for (c, text) in next.cells.into_iter().enumerate() {
                if c == column {
                    join_piece(&mut row.cells[c], &text);
                } else {
                    row.cells[c] = text;
                }
            }
            row.line = next.line;
            row.anchor = true;
            row.sources.extend(next.sources);
        }
        k += 1;
    }
    let mut leftover = Vec::new();
    while rows.last().is_some_and(|r| r.misfit) {
        if let Some(r) = rows.pop() {
            leftover.splice(0..0, r.sources);
        }
    }
    let lo = columns.iter().map(|c| c.span.start).min().unwrap_or(0) as f64;
    let hi = columns.iter().map(|c| c.span.end).max().unwrap_or(1) as f64;
    let centres = columns
        .iter()
        .map(|c| ((c.span.start + c.span.end) as f64 / 2.0 - lo) / (hi - lo).max(1.0))
        .collect();
    let edges = columns
        .iter()
        .map(|c| {
            let b = bodies.get(c.body?)?;
            Some(if b.right_aligned() {
                Edge::Right(b.span.end)
            } else {
                Edge::Left(b.span.start)
            })
        })
        .collect();
    let parents_out: Vec<(String, Range<usize>, usize)> = parent_spans
        .into_iter()
        .filter(|(_, range, _)| range.len() >= 2)
        .collect();
    Some(Segment {
        columns: n,
        leaves: leaf_texts,
        parents: parents_out,
        rows: rows.into_iter().map(|r| r.cells).collect(),
        leftover,
        numeric,
        centres,
        edges,
        spans: columns.iter().map(|c| c.span.clone()).collect(),
        header_only: false,
        ragged,
        first_line: lines.first().map_or(0, |l| l.number),
        last_line: lines.last().map_or(0, |l| l.number),
    })
}

/// Whether the lines above the first amounts of a page continuing a table are rows, not its
/// header repeated: each of their pieces stands over the names of the rows below and over none
/// of their amounts or codes, or each of them is a numbered item (`二十二、…`): a header names its
/// columns, it never counts them. A repeated header has labels over the amounts.
fn rows_above(above: &[TableLine], below: &[TableLine], measure: Measure) -> bool {
    if all_numbered_items(above) {
        return true;
    }
    let cells: Vec<(Range<usize>, bool)> = below
        .iter()
        .filter(|l| l.is_anchor())
        .flat_map(|l| l.tokens.iter())
        .map(|t| (t.span(measure), t.number))
        .collect();
    !above.is_empty()
        && above.iter().flat_map(|l| l.tokens.iter()).all(|t| {
            let span = t.span(measure);
            let under = |number: bool| {
                cells
                    .iter()
                    .any(|(s, n)| *n == number && overlaps(&span, s))
            };
            !t.number && under(false) && !under(true)
        })
}

/// Whether the first row's name wraps around its line of amounts, as a name too long for its
/// cell does when the row's other cells (a paragraph beside it) make the row tall: the line of
/// amounts prints nothing where names stand, the line below it holds the name's rest and no
/// amount, and the single piece of text just above is the name's first line, not a label of
/// the header.
fn name_wraps_around(lines: &[TableLine], anchor: usize, measure: Measure) -> bool {
    let amounts = &lines[anchor];
    // The row's code, where it prints one, stands left of the name (深圳's `2080506` / the
    // name's two lines around it / amounts).
    let codes = amounts
        .tokens
        .iter()
        .take_while(|t| t.number && is_code_part(&t.text) && matches!(t.text.len(), 3 | 5 | 7))
        .count();
    let Some(first_amount) = amounts.tokens.get(codes).filter(|t| t.number) else {
        return false;
    };
    let codes_end = codes
        .checked_sub(1)
        .and_then(|last| amounts.tokens.get(last))
        .map_or(0, |t| t.span(measure).end);
    let left_of_amounts = |line: &TableLine| {
        line.page == amounts.page
            && !line.has_number()
            && line.tokens.first().is_some_and(|t| {
                let span = t.span(measure);
                span.start >= codes_end && span.end <= first_amount.span(measure).start
            })
    };
    let above = &lines[anchor - 1];
    above.tokens.len() == 1
        && left_of_amounts(above)
        && !above.tokens[0].text.contains(['。', '；', '，'])
        && lines.get(anchor + 1).is_some_and(left_of_amounts)
}

/// Whether lines hold numbered items (`二十五、其他支出`) and nothing else.
fn all_numbered_items(lines: &[TableLine]) -> bool {
    !lines.is_empty()
        && lines
            .iter()
            .flat_map(|l| l.tokens.iter())
            .all(|t| !t.number && is_numbered_item(&t.text))
}

/// Labels whose columns hold names or codes, not amounts.
fn is_text_label(label: &str) -> bool {
    let t = without_spaces(label);
    ["编码", "名称", "科目", "代码", "类", "款", "项"]
        .iter()
        .any(|e| t.ends_with(e))
        || matches!(&*t, "项目" | "项目名称")
}

/// Cells set two or more spaces apart without lining up: positions give more columns than any
/// row has cells, and the n-th cell of one row falls in another column than the n-th of the
/// next. When every row and the header have the same number of cells (no cell left blank), the
/// cells are read in order; otherwise positions are all there is.
fn unaligned_segment(
    header: &[TableLine],
    body: &[TableLine],
    groups: &[Vec<Placed>],
) -> Option<Segment> {
    let widest = body.iter().map(|l| l.tokens.len()).max().unwrap_or(0);
    if widest < 2 || groups.len() <= widest {
        return None;
    }
    let anchors: Vec<usize> = (0..body.len()).filter(|&i| body[i].is_anchor()).collect();
    if anchors.len() < 2 || anchors.iter().any(|&i| body[i].tokens.len() != widest) {
        return None;
    }
    if header.last().is_none_or(|line| line.tokens.len() != widest) {
        return None;
    }
    let mut group_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for p in g {
            group_of.insert((p.line, p.token), gi);
        }
    }
    let consistent = (0..widest).all(|k| {
        let mut seen = anchors.iter().map(|&i| group_of.get(&(i, k)));
        let first = seen.next().flatten();
        seen.all(|g| g == first)
    });
    if consistent {
        return None;
    }
    let leaves: Vec<String> = header
        .last()
        .map(|line| line.tokens.iter().map(|t| t.text.clone()).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = body
        .iter()
        .map(|l| {
            let mut cells: Vec<String> = l.tokens.iter().map(|t| t.text.clone()).collect();
            cells.resize(widest, String::new());
            cells
        })
        .collect();
    let numeric = (0..widest)
        .map(|k| {
            anchors
                .iter()
                .any(|&i| body[i].tokens.get(k).is_some_and(|t| t.number))
        })
        .collect();
    Some(Segment {
        columns: widest,
        leaves,
        parents: Vec::new(),
        rows,
        leftover: Vec::new(),
        numeric,
        centres: (0..widest).map(|k| k as f64 / widest as f64).collect(),
        edges: vec![None; widest],
        spans: (0..widest).map(|k| k..k + 1).collect(),
        header_only: false,
        ragged: false,
        first_line: header.first().or(body.first()).map_or(0, |l| l.number),
        last_line: body.last().map_or(0, |l| l.number),
    })
}

/// A table with no amounts at all (`无`, then `合计`): its columns are its labels, and each of
/// its rows names itself in the column of names.
fn empty_table_segment(
    header: &[TableLine],
    body: &[TableLine],
    measure: Measure,
) -> Option<Segment> {
    let mut segment = header_segment(header, measure)?;
    let name_column = segment
        .leaves
        .iter()
        .position(|l| {
            let t = without_spaces(l);
            t.ends_with("名称") || t == "项目"
        })
        .or_else(|| segment.numeric.iter().rposition(|n| !n))
        .unwrap_or(0);
    for line in body {
        let mut cells = vec![String::new(); segment.columns];
        for t in &line.tokens {
            if let Some(cell) = cells.get_mut(name_column) {
                join_piece(cell, &t.text);
            }
        }
        segment.rows.push(cells);
    }
    segment.header_only = false;
    segment.first_line = header.first().or(body.first()).map_or(0, |l| l.number);
    segment.last_line = body.last().map_or(segment.last_line, |l| l.number);
    Some(segment)
}

/// A page holding only a table's header: its columns are its labels.
fn header_segment(lines: &[TableLine], measure: Measure) -> Option<Segment> {
    let (mut leaves, mut parents) = header_labels(lines, measure, Wrapping::ByPlace);
    // A label set above the labels on both sides of it is their parent.
    let mut k = 1;
    while k + 1 < leaves.len() {
        if leaves[k - 1].top > leaves[k].bottom && leaves[k + 1].top > leaves[k].bottom {
            parents.push(leaves.remove(k));
        } else {
            k += 1;
        }
    }
    if leaves.is_empty() {
        return None;
    }
    let columns: Vec<Column> = leaves
        .iter()
        .enumerate()
        .map(|(i, l)| Column {
            label: Some(i),
            body: None,
            span: l.span.clone(),
        })
        .collect();
    let bounds = boundaries(&columns, &[]);
    let mut spans = parent_spans(&parents, &leaves, &columns, &bounds);
    spans.sort_by_key(|(_, _, level)| *level);
    let lo = columns.iter().map(|c| c.span.start).min().unwrap_or(0) as f64;
    let hi = columns.iter().map(|c| c.span.end).max().unwrap_or(1) as f64;
    Some(Segment {
        columns: columns.len(),
        leaves: leaves.iter().map(|l| l.text.clone()).collect(),
        parents: spans.into_iter().filter(|(_, r, _)| r.len() >= 2).collect(),
        rows: Vec::new(),
        leftover: Vec::new(),
        numeric: leaves.iter().map(|l| !is_text_label(&l.text)).collect(),
        centres: columns
            .iter()
            .map(|c| ((c.span.start + c.span.end) as f64 / 2.0 - lo) / (hi - lo).max(1.0))
            .collect(),
        edges: vec![None; columns.len()],
        spans: columns.iter().map(|c| c.span.clone()).collect(),
        header_only: true,
        ragged: false,
        first_line: lines.first().map_or(0, |l| l.number),
        last_line: lines.last().map_or(0, |l| l.number),
    })
}

/// A name numbered as an item of a list: `二十二、…`, `（三）…`.
fn is_numbered_item(text: &str) -> bool {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\S")
            .expect("static regex")
    });
    NUMBERED.is_match(text.trim())
}

/// A line that begins a list item (`一、`, `1.`, `（一）`) starts a row, never continues one.
fn starts_item(text: &str) -> bool {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+\s*[、.．]\s*\S|其中[:：]?)")
            .expect("static regex")
    });
    ITEM.is_match(text.trim()) || is_total_label(text)
}

/// Whether every column of names or codes of a continuation starts where one of the first
/// segment's does: the two pages share their left margins and differ, if at all, in where the
/// amounts sit.
fn same_left_margins(first: &Segment, next: &Segment) -> bool {
    let lefts = |s: &Segment| -> Vec<usize> {
        s.edges
            .iter()
            .filter_map(|e| match e {
                Some(Edge::Left(x)) => Some(*x),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (lefts(first), lefts(next));
    let amounts = next.edges.iter().any(|e| matches!(e, Some(Edge::Right(_))));
    amounts && !b.is_empty() && b.iter().all(|x| a.iter().any(|y| x.abs_diff(*y) <= 1))
}

/// Maps a continuation segment's columns onto the first segment's, in order, by kind and
/// position: where the cells line up on the page. Pages of one table are printed with their own
/// margins (a page whose names wrap prints its amounts further right), so the continuation may
/// sit shifted against the first page: the shift that lines the two up best is the one used,
/// preferring small shifts. Kinds never mix while columns of the same kind remain: codes and
/// names go to columns of names, amounts to columns of amounts.
fn map_columns(first: &Segment, next: &Segment) -> Vec<usize> {
    if first.columns == next.columns {
        return (0..next.columns).collect();
    }
    let (n, m) = (next.columns, first.columns);
    if n.saturating_mul(m) > ALIGN_BUDGET || n > m {
        return (0..n).map(|k| k.min(m.saturating_sub(1))).collect();
    }
    let kind_cost = |a: usize, b: usize| -> f64 {
        if next.numeric[a] == first.numeric[b] {
            0.0
        } else {
            1.0
        }
    };
    // A page holding only the header is matched by kind and order, blank columns going last.
    if first.header_only {
        return align_in_order(n, m, kind_cost).1;
    }
    // A continuation read without columns of its own is placed by relative position.
    if next.edges.iter().all(Option::is_none) {
        return align_in_order(n, m, |a, b| {
            (next.centres[a] - first.centres[b]).abs() + kind_cost(a, b)
        })
        .1;
    }
    let width = first.spans.iter().map(|r| r.end).max().unwrap_or(1).max(1) as f64;
    let position = |e: Edge| match e {
        Edge::Right(x) | Edge::Left(x) => x as f64,
    };
    // Where the amounts of a column blank on the first page would end: amount columns are set
    // at even steps, so the step between the columns printed there carries on to the blank ones.
    // (Their spans only fill the room between their neighbours.)
    let printed: Vec<(usize, usize)> = (0..m)
        .filter_map(|b| match first.edges[b] {
            Some(Edge::Right(x)) if first.numeric[b] => Some((b, x)),
            _ => None,
        })
        .collect();
    // The step between neighbouring printed columns; only columns beyond the printed ones
    // are placed by it, those between keep the room their neighbours leave.
    let steps: Vec<usize> = printed
        .windows(2)
        .filter(|w| w[1].0 == w[0].0 + 1 && w[1].1 > w[0].1)
        .map(|w| w[1].1 - w[0].1)
        .collect();
    let step = steps.iter().min().copied();
    let blank_amounts_end = |b: usize| -> usize {
        match (printed.first(), printed.last(), step) {
            (Some(&(i, x)), _, Some(step)) if b < i => x.saturating_sub((i - b) * step),
            (_, Some(&(j, y)), Some(step)) if b > j => y + (b - j) * step,
            _ => first.spans[b].end,
        }
    };
    let there = |b: usize| -> (Edge, f64) {
        match first.edges[b] {
            Some(e) => (e, 0.0),
            // A column blank on the first page is less likely the one the amounts are in.
            None if first.numeric[b] => (Edge::Right(blank_amounts_end(b)), 4.0),
            None => (Edge::Left(first.spans[b].start), 4.0),
        }
    };
    let edge_cost = |a: usize, b: usize, shift: f64| -> f64 {
        let Some(here) = next.edges[a] else {
            return width;
        };
        let (there, blank) = there(b);
        match (here, there) {
            (Edge::Right(_), Edge::Right(_)) | (Edge::Left(_), Edge::Left(_)) => {
                (position(here) + shift - position(there)).abs() + blank
            }
            _ => width,
        }
    };
    let mut shifts = vec![0.0];
    if !same_left_margins(first, next) {
        for a in (0..n).filter(|a| next.numeric[*a]) {
            for b in (0..m).filter(|b| first.numeric[*b]) {
                if let (Some(here), Some(there)) = (next.edges[a], first.edges[b]) {
                    shifts.push(position(there) - position(here));
                }
            }
        }
        shifts.sort_by(f64::total_cmp);
        shifts.dedup();
    }
    let matched = next.edges.iter().filter(|e| e.is_some()).count() as f64;
    shifts
        .iter()
        .map(|&shift| {
            let (cost, map) = align_in_order(n, m, |a, b| {
                edge_cost(a, b, shift) + kind_cost(a, b) * width
            });
            (cost + shift.abs() * matched, map)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, map)| map)
        .unwrap_or_else(|| (0..n).collect())
}

/// The cheapest order-keeping assignment of `n` columns to `m >= n` columns, and its cost.
fn align_in_order(n: usize, m: usize, cost: impl Fn(usize, usize) -> f64) -> (f64, Vec<usize>) {
    let w = m + 1;
    let mut dp = vec![f64::INFINITY; (n + 1) * w];
    for slot in dp.iter_mut().take(m + 1) {
        *slot = 0.0;
    }
    for i in 1..=n {
        for j in 1..=m {
            let take = dp[(i - 1) * w + j - 1] + cost(i - 1, j - 1);
            let skip = dp[i * w + j - 1];
            dp[i * w + j] = take.min(skip);
        }
    }
    let mut map = vec![0usize; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if (dp[i * w + j] - dp[i * w + j - 1]).abs() < 1e-9 && j > i {
            j -= 1;
        } else {
            map[i - 1] = j - 1;
            i -= 1;
            j -= 1;
        }
    }
    (dp[n * w + m], map)
}

/// Builds one table from a region's lines, page by page; also returns the lines found not to
/// belong to it.
/// A row cut by a page break: its amount too wide for its cell printed all but its last digit
/// on one page (`12,437.3`), and the digit with the rest of its name opening the next
/// (`车驾驶员考试    6`). When the page's last row holds exactly one cut amount and the next
/// page's first row holds nothing but a lone digit and text, the digit completes the amount and
/// the text the row's name; `last` takes them and the opening row is gone. The next page's
/// spacing says nothing of the digit's column: one cut amount leaves no doubt.
fn takes_back_cut_digits(last: &mut [String], opening: &[String], numeric: &[bool]) -> bool {
    let cut: Vec<usize> = (0..last.len())
        .filter(|&k| is_cut_amount(&last[k]))
        .collect();
    let [cut] = cut.as_slice() else {
        return false;
    };
    let digits: Vec<&String> = opening
        .iter()
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let [digit] = digits.as_slice() else {
        return false;
    };
    let texts_fit = opening
        .iter()
        .enumerate()
        .all(|(k, c)| c.is_empty() || c == *digit || !numeric.get(k).copied().unwrap_or(false));
    if digit.len() != 1 || !texts_fit {
        return false;
    }
    last[*cut].push_str(digit);
    for (k, text) in opening.iter().enumerate() {
        if !text.is_empty() && text != *digit {
            if let Some(cell) = last.get_mut(k) {
                join_piece(cell, text);
            }
        }
    }
    true
}

fn build_table(lines: &[TableLine]) -> (Option<Table>, Vec<usize>) {
    let measure = choose_measure(lines);
    let pages = lines.chunk_by(|a, b| a.page == b.page);
    // A page holding only a table's header (its rows start on the next page) is read on its own:
    // its geometry is not the next page's.
    let mut leftover: Vec<usize> = Vec::new();
    let mut segments = pages.enumerate().filter_map(|(k, p)| {
        if p.iter().any(|l| l.is_anchor()) {
            read_segment(p, measure, k > 0)
        } else {
            header_segment(p, measure)
        }
    });
    let Some(first) = segments.next() else {
        return (None, lines.iter().map(|l| l.source).collect());
    };
    leftover.extend(first.leftover.iter().copied());
    let mut rows = first.rows.clone();
    let mut uncertain = vec![false; rows.len()];
    let mut drift = vec![first.ragged; rows.len()];
    let mut last_line = first.last_line;
    for next in segments {
        let map = map_columns(&first, &next);
        let closed_up = next.columns < first.columns;
        let mut next_rows = next.rows.iter();
        if let (Some(last), Some(opening)) = (rows.last_mut(), next.rows.first()) {
            if takes_back_cut_digits(last, opening, &first.numeric) {
                next_rows.next();
            }
        }
        for row in next_rows {
            uncertain.push(closed_up);
            drift.push(next.ragged);
            let mut cells = vec![String::new(); first.columns];
            for (k, text) in row.iter().enumerate() {
                if let Some(cell) = map.get(k).and_then(|&target| cells.get_mut(target)) {
                    join_piece(cell, text);
                }
            }
            rows.push(cells);
        }
        last_line = next.last_line;
        leftover.extend(next.leftover.iter().copied());
    }
    let mut table_rows: Vec<Row> = Vec::new();
    // One row of parents per level of nesting, each parent over the columns it spans.
    let levels = first.parents.iter().map(|(_, _, level)| level + 1).max();
    for level in 0..levels.unwrap_or(0) {
        let mut cells: Vec<Cell> = (0..first.columns).map(|_| Cell::text("")).collect();
        let mut nearest: Vec<Option<usize>> = vec![None; first.columns];
        for (pi, (_, range, at)) in first.parents.iter().enumerate() {
            if *at != level {
                continue;
            }
            for k in range.clone() {
                if let Some(slot) = nearest.get_mut(k) {
                    // Later parents sit lower in the header: nearer to the leaf.
                    *slot = Some(pi);
                }
            }
        }
        let mut k = 0;
        while k < first.columns {
            if let Some(pi) = nearest[k] {
                let mut end = k + 1;
                while end < first.columns && nearest[end] == Some(pi) {
                    end += 1;
                }
                cells[k] = Cell::text(first.parents[pi].0.clone());
                cells[k].col_span = (end - k) as u32;
                for cell in cells.iter_mut().take(end).skip(k + 1) {
                    cell.covered = true;
                }
                k = end;
            } else {
                k += 1;
            }
        }
        table_rows.push(Row::new(cells));
    }
    if first.leaves.iter().any(|l| !l.is_empty()) {
        table_rows.push(Row::new(
            first.leaves.iter().map(|l| Cell::text(l.clone())).collect(),
        ));
    }
    table_rows.extend(rows.into_iter().zip(uncertain.into_iter().zip(drift)).map(
        |(r, (columns_uncertain, amounts_drift))| Row {
            cells: r.into_iter().map(Cell::text).collect(),
            columns_uncertain,
            amounts_drift,
        },
    ));
    leftover.sort_unstable();
    (
        Some(Table {
            rows: table_rows,
            origin: Origin::lines(first.first_line, last_line),
        }),
        leftover,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line with each text starting at the given character column.
    fn place(parts: &[(usize, &str)]) -> String {
        let mut line = String::new();
        for (column, text) in parts {
            let have = line.chars().count();
            line.push_str(&" ".repeat(column.saturating_sub(have).max(usize::from(have > 0))));
            line.push_str(text);
        }
        line
    }

    fn read_text(text: &str) -> Document {
        let lines = super::super::source_lines(text);
        let mut d = Document::default();
        read(&lines, &mut d);
        d
    }

    fn grid(d: &Document) -> Vec<Vec<Vec<String>>> {
        d.table_texts()
    }

    /// A unit's name too long for its cell wraps around the unit's amounts, both lines at the
    /// margin and the first cut in the middle of a word (广州's 项目支出表, 杭州's 三公 table).
    /// Its first line is wider than any name printed beside amounts, which alone reads as a line
    /// after the table.
    #[test]
    fn a_name_cut_mid_word_around_its_amounts_is_one_name() {
        let text = [
            place(&[(2, "支出项目类别"), (30, "总计"), (42, "合计")]),
            place(&[(7, "合计"), (27, "1,124.30"), (40, "1,124.30")]),
            place(&[(0, "广州市人民政府国有资产监")]),
            place(&[(27, "1,124.30"), (40, "1,124.30")]),
            place(&[(0, "督管理委员会")]),
            place(&[(2, "巡察业务工作经费"), (29, "582.00"), (42, "582.00")]),
            place(&[(2, "数据平台项目"), (29, "542.30"), (42, "542.30")]),
        ]
        .join("\n");
        let tables = grid(&read_text(&text));
        assert_eq!(tables.len(), 1);
        let names: Vec<&str> = tables[0].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            names,
            [
                "支出项目类别",
                "合计",
                "广州市人民政府国有资产监督管理委员会",
                "巡察业务工作经费",
                "数据平台项目"
            ]
        );
        assert_eq!(tables[0][2][1], "1,124.30");
    }

    #[test]
    fn a_name_holding_the_character_of_table_is_no_title() {
        // `地表水` (surface water), `代表`, `表彰`, `表单`: the first line of a project's name
        // in a 项目支出表 is a line of the table, not the title of another.
        for name in [
            "     地表水环境质量自动监",
            "组织北京电影代表团参加国际影视节",
            "台（表单对接）数量",
        ] {
            assert_eq!(classify(name, 120).0, Class::Short, "{name}");
        }
        for title in [
            "部门预算项目支出及其他支出预算表",
            "一般公共预算支出情况表（按功能分类科目）",
            "表12",
            "三、决算报表说明",
        ] {
            assert_eq!(classify(title, 120).0, Class::Title, "{title}");
        }
    }

    /// 广州's 收入总体情况表: pdftotext packs the first lines of three wrapped labels one space
    /// apart (`一般公共预 政府性基金 国有资本经`), left of their second lines (`算`, `预算`,
    /// `营预算`), and a second line after the first of its row (`助收入`) left of its first line
    /// (`上级补`). Read by place, `国有资本经` took `预算` and two labels were left without
    /// amounts, every column after them one off.
    #[test]
    fn labels_packed_on_their_line_take_their_second_lines_in_order() {
        let lines = [
            place(&[(52, "收入总体情况表")]),
            place(&[
                (40, "财政拨款收入"),
                (68, "财政专户拨款收入"),
                (90, "其他资金收入"),
            ]),
            place(&[(119, "附属单")]),
            place(&[(94, "事业单"), (111, "上级补"), (127, "上年结")]),
            place(&[
                (8, "单位名称"),
                (20, "合计"),
                (32, "一般公共预"),
                (38, "政府性基金"),
                (44, "国有资本经"),
                (77, "其他专户"),
                (82, "事业收"),
                (119, "位上缴"),
            ]),
            place(&[
                (68, "教育收费"),
                (94, "位经营"),
                (98, "其他收入"),
                (103, "助收入"),
                (127, "转结余"),
            ]),
            place(&[
                (34, "算"),
                (44, "预算"),
                (55, "营预算"),
                (77, "收入拨款"),
                (86, "入"),
                (119, "收入"),
            ]),
            place(&[(94, "收入")]),
            place(&[
                (8, "合计"),
                (20, "89,421.55"),
                (32, "83,443.78"),
                (44, "4,400.00"),
                (61, "0.00"),
                (70, "0.00"),
                (79, "0.00"),
                (86, "51.56"),
                (95, "0.00"),
                (100, "1,526.22"),
                (112, "0.00"),
                (120, "0.00"),
                (128, "0.00"),
            ]),
            place(&[
                (0, "广州市生态环境局"),
                (20, "15,819.93"),
                (32, "14,021.23"),
                (44, "1,798.71"),
                (61, "0.00"),
                (70, "0.00"),
                (79, "0.00"),
                (87, "0.00"),
                (95, "0.00"),
                (104, "0.00"),
                (112, "0.00"),
                (120, "0.00"),
                (128, "0.00"),
            ]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let rows = &tables[0];
        let total = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "合计"))
            .expect("the 合计 row");
        let header: Vec<String> = (0..total.len())
            .map(|k| {
                rows.iter()
                    .take_while(|r| r.first().is_none_or(|c| c != "合计"))
                    .map(|r| r.get(k).map_or("", String::as_str))
                    .collect::<String>()
            })
            .collect();
        let under = |label: &str| {
            header
                .iter()
                .position(|h| h.ends_with(label))
                .and_then(|k| total.get(k))
                .map(String::as_str)
        };
        assert_eq!(total.len(), 13, "{header:?} {total:?}");
        assert_eq!(under("一般公共预算"), Some("83,443.78"), "{header:?}");
        assert_eq!(under("政府性基金预算"), Some("4,400.00"), "{header:?}");
        assert_eq!(under("国有资本经营预算"), Some("0.00"), "{header:?}");
        assert_eq!(under("事业收入"), Some("51.56"), "{header:?}");
        assert_eq!(under("其他收入"), Some("1,526.22"), "{header:?}");
        assert_eq!(under("上级补助收入"), Some("0.00"), "{header:?}");
    }

    /// 长沙: a header whose columns are numbered (`** 1 2 3`) under their own labels, with a
    /// parent printed between its two columns over neither, and the amounts right-aligned off
    /// the labels' centres. The numbers are no row, and the label they leave out is a parent.
    #[test]
    fn column_numbers_mark_the_leaves_of_a_header() {
        let lines = [
            place(&[(20, "部门收入总体情况表")]),
            place(&[(42, "本级财政拨款")]),
            place(&[(0, "功能科目"), (27, "合计"), (68, "其它收入")]),
            place(&[(38, "金额"), (52, "其中:经费拨款")]),
            place(&[(3, "**"), (28, "1"), (39, "2"), (56, "3"), (71, "4")]),
            place(&[
                (1, "教育支出"),
                (30, "656.73"),
                (43, "656.73"),
                (58, "656.73"),
            ]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let rows = &tables[0];
        let leaves = rows
            .iter()
            .find(|r| r.iter().any(|c| c == "金额"))
            .expect("the leaf row");
        let body = rows.last().expect("the body row");
        assert_eq!(body[0], "教育支出");
        let under = |label: &str| {
            leaves
                .iter()
                .position(|c| c == label)
                .and_then(|k| body.get(k))
                .map(String::as_str)
        };
        assert_eq!(under("合计"), Some("656.73"), "{rows:?}");
        assert_eq!(under("金额"), Some("656.73"), "{rows:?}");
        assert_eq!(under("其中:经费拨款"), Some("656.73"), "{rows:?}");
        assert!(!leaves.iter().any(|c| c == "本级财政拨款"), "{rows:?}");
        assert!(
            !rows.iter().any(|r| r.iter().any(|c| c == "**")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_header_without_rows_between_two_titles_is_an_empty_table() {
        let lines = [
            place(&[(14, "预算07表 政府性基金预算财政拨款支出表")]),
            place(&[(44, "金额单位：万元")]),
            place(&[(36, "预算数")]),
            place(&[(8, "支出功能分类科目")]),
            place(&[(29, "合计"), (38, "基本支出"), (49, "项目支出")]),
            place(&[(0, "科目编码"), (22, "科目名称")]),
            place(&[(12, "预算08表 国有资本经营预算财政拨款支出表")]),
            // Two pieces of running text side by side are no header.
            place(&[(0, "一、部门职责"), (30, "二、机构设置")]),
            place(&[(0, "负责本部门工作"), (30, "内设三个处室")]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let cells: Vec<&str> = tables[0].iter().flatten().map(String::as_str).collect();
        for label in ["合计", "基本支出", "项目支出", "科目编码"] {
            assert!(cells.contains(&label), "{label}: {cells:?}");
        }
        assert!(d
            .paragraphs()
            .any(|(_, p)| p.text.contains("预算08表 国有资本经营预算财政拨款支出表")));
    }

    #[test]
    fn summary_labels_alone_on_a_page_make_one_column_per_side() {
        // The last page of a two-sided summary holds only its summary rows; the expenditure
        // side's labels, centred in merged cells, start at different places.
        let lines = [
            place(&[(20, "收支总表")]),
            place(&[(0, "部门名称：某局"), (60, "单位：万元")]),
            place(&[
                (8, "项   目"),
                (26, "2026 年预算数"),
                (46, "项   目"),
                (62, "2026 年预算数"),
            ]),
            place(&[
                (0, "上年结余、结转"),
                (32, "0.00"),
                (40, "结转下年"),
                (68, "0.00"),
            ]),
            place(&[(1, "1.财政拨款结余、结转"), (32, "0.00")]),
            place(&[
                (8, "收入总计"),
                (27, "33,934.54"),
                (46, "支出总计"),
                (63, "33,934.54"),
            ]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let body: Vec<&Vec<String>> = tables[0]
            .iter()
            .filter(|r| r.iter().any(|c| c.contains("总计") || c.contains("结余")))
            .collect();
        for row in &body {
            assert_eq!(row.len(), 4, "{row:?}");
        }
        assert_eq!(body[0][2], "结转下年");
        assert_eq!(body[2][2], "支出总计");
    }

    /// Page 1 of a two-sided summary (as `pdftotext -layout` prints it): header, then paired
    /// rows; the expenditure list runs on alone.
    fn two_sided_first_page() -> Vec<&'static str> {
        vec![
            "                               预算01表 收支总表",
            "                                                                         金额单位：万元",
            "",
            "                     收   入                                       支   出",
            "",
            "             项   目           预算数                         项   目           预算数",
            "一、一般公共预算拨款收入                  17,921.443777 一、一般公共服务支出",
            "二、政府性基金预算拨款收入                            二、外交支出",
            "三、国有资本经营预算拨款收入                           三、国防支出",
            "四、财政专户管理资金收入                             四、公共安全支出",
            "五、事业收入                             5.000000 五、教育支出",
            "六、上级补助收入                                 六、科学技术支出",
            "                                         十八、自然资源海洋气象等支出                   20,636.113966",
            "                                         十九、住房保障支出",
            "                                         二十、粮油物资储备支出",
            "                                         二十一、国有资本经营预算支出",
        ]
    }

    /// The footer rows of a two-sided summary's last page, each side a label and an amount; the
    /// page is set further left than page 1.
    fn two_sided_footer() -> Vec<&'static str> {
        vec![
            "         本年收入合计   17,929.443777              本年支出合计   30,775.648545",
            "上年结转结余            12,846.204768 年终结转结余",
            "         收入总计     30,775.648545                支出总计   30,775.648545",
        ]
    }

    fn footer_rows(tables: &[Vec<Vec<String>>]) -> Vec<Vec<String>> {
        tables[0]
            .iter()
            .filter(|r| r.iter().any(|c| c.contains("合计") || c.contains("总计")))
            .cloned()
            .collect()
    }

    #[test]
    fn numbered_items_above_a_continued_pages_first_amounts_are_rows() {
        // The expenditure list runs on past the page break, its items without amounts, above
        // the footer: rows, not a header repeated.
        let mut lines = two_sided_first_page();
        lines.extend([
            "\u{c}                                  二十二、灾害防治及应急管理支出",
            "                                  二十三、其他支出",
            "                                  二十四、债务付息支出",
            "                                  二十五、债务发行费用支出",
            "                                  二十六、抗疫特别国债安排的支出",
        ]);
        lines.extend(two_sided_footer());
        let tables = grid(&read_text(&lines.join("\n")));
        assert_eq!(tables.len(), 1, "{tables:?}");
        let items: Vec<&String> = tables[0]
            .iter()
            .flatten()
            .filter(|c| c.starts_with("二十"))
            .collect();
        assert_eq!(
            items,
            [
                "二十、粮油物资储备支出",
                "二十一、国有资本经营预算支出",
                "二十二、灾害防治及应急管理支出",
                "二十三、其他支出",
                "二十四、债务付息支出",
                "二十五、债务发行费用支出",
                "二十六、抗疫特别国债安排的支出"
            ]
        );
    }

    #[test]
    fn summary_labels_never_join_a_column_that_shares_their_line() {
        // The last page starts with an expenditure item and its amount; below it, the footer's
        // revenue labels have no column of names on their left. The names column on their right
        // holds the expenditure labels of the same lines.
        let mut lines = two_sided_first_page();
        lines.push("\u{c}                                  二十二、灾害防治及应急管理支出         1.000000");
        lines.extend(two_sided_footer());
        let tables = grid(&read_text(&lines.join("\n")));
        assert_eq!(tables.len(), 1);
        let footer = footer_rows(&tables);
        assert_eq!(footer.len(), 2, "{footer:?}");
        for row in &footer {
            assert_eq!(row.len(), 4, "{row:?}");
            assert!(row[0].ends_with('计') && row[2].ends_with('计'), "{row:?}");
        }
        assert_eq!(footer[0][1], "17,929.443777");
        assert_eq!(footer[1][3], "30,775.648545");
    }

    #[test]
    fn coded_names_wrapped_around_their_amounts_in_two_cells_join_their_row() {
        // Two names too long for their cells, the coded function and the department's
        // economic class, wrap around the amounts: their first lines above, the rest below.
        let lines = [
            "                                             预算03表 支出总表",
            "                                                                                                    金额单位：万元",
            "",
            "                                                                                                   其中",
            "  支出功能分类科目        政府支出经济分类科目      部门支出经济分类科目         合计            基本支出           项目支出         事业单位 上缴 对附属单",
            "                                                                                               经营支出 上级 位补助支",
            "                                                                                                    支出  出",
            "2050302-中等职业教育   50501-工资福利支出    30101-基本工资           748.827600     748.827600",
            "2080502-事业单位离退休   50901-社会福利和救助     30307-医疗费补助           177.000000      177.000000",
            "2080502-事业单位离退休   50905-离退休费        30301-离休费             294.296358      294.296358",
            "2080502-事业单位离退休 50905-离退休费          30302-退休费           3,410.481476    3,410.481476",
            "2080505-机关事业单位基本                    30108-机关事业单位基本养老",
            "                 50102-社会保障缴费                             734.155356      734.155356",
            "养老保险缴费支出                            保险缴费",
        ];
        let tables = grid(&read_text(&lines.join("\n")));
        assert_eq!(tables.len(), 1);
        let wrapped = tables[0]
            .iter()
            .find(|r| r.iter().any(|c| c == "734.155356"))
            .expect("the wrapped row");
        assert_eq!(wrapped[0], "2080505-机关事业单位基本养老保险缴费支出");
        assert_eq!(wrapped[1], "50102-社会保障缴费");
        assert_eq!(wrapped[2], "30108-机关事业单位基本养老保险缴费");
        assert!(
            !tables[0].iter().any(|r| r[0] == "养老保险缴费支出"),
            "{tables:?}"
        );
    }

    #[test]
    fn a_summary_label_left_of_its_own_amounts_keeps_its_side() {
        // On the summary's last page the revenue side lists nothing but `本年收入合计`, centred
        // left of its amount; the expenditure side's labels stand past that amount.
        let lines = [
            place(&[(20, "收支总表")]),
            place(&[(0, "部门名称：某局"), (60, "单位：万元")]),
            place(&[
                (8, "项   目"),
                (26, "2026 年预算数"),
                (46, "项   目"),
                (62, "2026 年预算数"),
            ]),
            place(&[(40, "住房公积金"), (68, "1.00")]),
            place(&[(40, "购房补贴"), (68, "2.00")]),
            place(&[
                (8, "本年收入合计"),
                (30, "3.00"),
                (52, "本年支出合计"),
                (68, "3.00"),
            ]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let last = tables[0].last().expect("a summary row");
        assert_eq!(last.len(), 4, "{last:?}");
        assert_eq!(last[0], "本年收入合计");
        assert_eq!(last[1], "3.00");
        assert_eq!(last[2], "本年支出合计");
    }

    #[test]
    fn amounts_wrapped_in_narrow_cells_rejoin_their_row() {
        // Two amounts too wide for their cells: their first part centred above the row's line,
        // their last digit below it, not under the amount's last digit; a third one cut on the
        // row's own line. A line of column numbers under the header is no wrapped amount.
        let lines = [
            place(&[(20, "支出预算表")]),
            place(&[(0, "部门名称：某局"), (60, "单位：万元")]),
            place(&[
                (2, "科目名称"),
                (22, "合计"),
                (38, "小计"),
                (52, "项目支出"),
            ]),
            place(&[(4, "**"), (26, "1"), (42, "2"), (58, "3")]),
            place(&[(21, "370,219.2"), (38, "293,191.8")]),
            place(&[(0, "合计"), (52, "77,027.3")]),
            place(&[(34, "5"), (46, "6"), (59, "8")]),
            place(&[(0, "公共安全支出"), (22, "5,140.00"), (39, "5,140.00")]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let total = tables[0]
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "合计"))
            .expect("total row");
        assert_eq!(
            total[1..],
            ["370,219.25", "293,191.86", "77,027.38"],
            "{:?}",
            tables[0]
        );
        // No piece of a wrapped amount is left as a row of its own.
        let rows_without_name = tables[0].iter().filter(|r| r[0].is_empty()).count();
        assert_eq!(rows_without_name, 0, "{:?}", tables[0]);
        // The header, the total and the item: the column numbers are header furniture.
        assert_eq!(tables[0].len(), 3, "{:?}", tables[0]);
    }

    #[test]
    fn a_one_decimal_amount_without_a_digit_below_stays_as_printed() {
        let lines = [
            place(&[(20, "三公经费表")]),
            place(&[(0, "部门名称：某局"), (60, "单位：万元")]),
            place(&[(2, "单位名称"), (22, "合计"), (38, "公务接待费")]),
            place(&[(0, "某局"), (24, "3.2"), (42, "3.2")]),
            place(&[(0, "某中心"), (24, "1"), (42, "1")]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let row = tables[0]
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "某局"))
            .expect("row");
        assert_eq!(row[1..], ["3.2", "3.2"], "{:?}", tables[0]);
    }

    #[test]
    fn a_coded_name_wrapped_beside_its_code_takes_the_amounts_below() {
        // The code with the first words of its name alone on a line, the rest of the name with
        // the amounts on the next; and a code line with amounts whose last column is printed on
        // the line of the name's rest.
        let lines = [
            place(&[(20, "支出决算表")]),
            place(&[(0, "单位名称：某大学"), (60, "单位：万元")]),
            place(&[
                (2, "科目编码"),
                (12, "科目名称"),
                (28, "合计"),
                (42, "基本支出"),
                (58, "其他"),
            ]),
            place(&[
                (0, "205"),
                (10, "教育支出"),
                (26, "1,200.00"),
                (40, "1,100.00"),
                (56, "100.00"),
            ]),
            place(&[(10, "超长期特别国债")]),
            place(&[(0, "20598")]),
            place(&[(10, "安排的支出"), (26, "1,100.00"), (40, "1,100.00")]),
            place(&[
                (0, "20805"),
                (10, "行政事业单位养"),
                (26, "100.00"),
                (40, "90.00"),
            ]),
            place(&[(10, "老支出"), (58, "10.00")]),
            place(&[
                (10, "合计"),
                (26, "1,300.00"),
                (40, "1,190.00"),
                (56, "110.00"),
            ]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let rows: Vec<&Vec<String>> = tables[0].iter().filter(|r| r.len() == 5).collect();
        let find = |code: &str| {
            rows.iter()
                .find(|r| r[0] == code)
                .unwrap_or_else(|| panic!("row {code} in {:?}", tables[0]))
        };
        assert_eq!(
            find("20598")[1..],
            ["超长期特别国债安排的支出", "1,100.00", "1,100.00", ""]
        );
        assert_eq!(
            find("20805")[1..],
            ["行政事业单位养老支出", "100.00", "90.00", "10.00"]
        );
        assert_eq!(
            rows.iter()
                .filter(|r| r[0].is_empty() && r[1] != "合计")
                .count(),
            0,
            "{rows:?}"
        );
    }

    #[test]
    fn name_wrapped_flush_left_joins_its_column() {
        // A unit name set in from the margin wraps, its last piece flush left at the margin;
        // no line holds both, so the piece is no column of its own.
        let lines = [
            place(&[(20, "支出总表")]),
            place(&[(0, "部门名称：某局"), (60, "单位：万元")]),
            place(&[
                (4, "预算单位"),
                (20, "科目编码"),
                (30, "科目名称"),
                (46, "支出总计"),
            ]),
            place(&[(20, "2080505"), (30, "养老保险缴费"), (50, "12.00")]),
            place(&[(5, "某局某某工程管理")]),
            place(&[(50, "30.00")]),
            place(&[(0, "中心")]),
            place(&[(20, "205"), (30, "教育支出"), (50, "30.00")]),
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let header = tables[0]
            .iter()
            .find(|r| r.iter().any(|c| c == "科目编码"))
            .expect("header row");
        assert_eq!(header.len(), 4, "{header:?}");
        assert!(tables[0].iter().all(|r| r.len() == 4), "{:?}", tables[0]);
    }

    #[test]
    fn side_headings_over_the_gap_head_no_column() {
        // 收入 and 支出 centred over each side's 项目 and 预算, 支出 over the gap between them
        // (a real 收支总体情况表 as pdftotext lays it out).
        let lines = [
            "                         收支总体情况表",
            "单位名称：广州市司法局                                                 单位：万元",
            "              收入                                  支出",
            "         项目         预算                     项目          预算",
            "一、预算拨款                   174,177.85 一、一般公共服务支出                1,075.58",
            "二、财政专户拨款                     0.00 二、外交支出                          0.00",
            "三、事业收入                       0.00 三、国防支出                          0.00",
            "四、事业单位经营收入                   0.00 四、公共安全支出                  103,761.37",
            "五、其他收入                       0.00 五、教育支出                          0.00",
            "六、上级补助收入                     0.00 六、科学技术支出                    3,538.72",
            "七、附属单位上缴收入                   0.00 七、文化旅游体育与传媒支出                   0.00",
            "                                八、社会保障和就业支出                  21,380.99",
            "                                九、卫生健康支出                      1,172.57",
            "                                十、节能环保支出                          0.00",
            "                                十一、城乡社区支出                         0.00",
            "                                十二、农林水支出                          0.00",
            "                                十三、交通运输支出                         0.00",
            "                                十四、资源勘探工业信息等支出                    0.00",
            "                                十五、商业服务业等支出                       0.00",
            "                                十六、金融支出                           0.00",
            "                                十七、援助其他地区支出                       0.00",
            "                                十八、自然资源海洋气象等支出                    0.00",
            "                                十九、住房保障支出                    43,248.62",
            "                                二十、国有资本经营预算支出                     0.00",
            "                                二十一、粮油物资储备支出                      0.00",
            "                                二十二、灾害防治及应急管理支出                   0.00",
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let leaf = tables[0]
            .iter()
            .find(|r| r.iter().any(|c| c == "预算"))
            .expect("leaf header row");
        assert_eq!(leaf.iter().filter(|c| !c.is_empty()).count(), 4, "{leaf:?}");
        assert!(!leaf.iter().any(|c| c == "支出"), "{leaf:?}");
        let first: Vec<&str> = tables[0][2]
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(
            first,
            [
                "一、预算拨款",
                "174,177.85",
                "一、一般公共服务支出",
                "1,075.58"
            ]
        );
    }

    #[test]
    fn split_codes_and_right_aligned_amounts() {
        let d = read_text(
            &[
                place(&[(18, "2025年部门支出预算总表")]),
                place(&[(0, "编制部门：某某街道"), (50, "单位：元")]),
                String::new(),
                place(&[(18, "项目"), (54, "支出预算")]),
                place(&[(0, "功能分类科目编码")]),
                place(&[
                    (20, "功能分类科目名称"),
                    (40, "合计"),
                    (55, "基本支出"),
                    (68, "项目支出"),
                ]),
                place(&[(0, "类"), (6, "款"), (11, "项")]),
                String::new(),
                place(&[
                    (0, "201"),
                    (16, "一般公共服务支出"),
                    (41, "3,296,600"),
                    (60, "0"),
                    (65, "3,296,600"),
                ]),
                String::new(),
                place(&[
                    (0, "201"),
                    (6, "05"),
                    (16, "统计信息事务"),
                    (43, "438,300"),
                    (60, "0"),
                    (67, "438,300"),
                ]),
                String::new(),
                place(&[
                    (0, "201"),
                    (6, "05"),
                    (11, "07"),
                    (16, "专项普查活动"),
                    (43, "438,300"),
                    (60, "0"),
                    (67, "438,300"),
                ]),
                String::new(),
                place(&[
                    (17, "合计"),
                    (41, "3,734,900"),
                    (60, "0"),
                    (65, "3,734,900"),
                ]),
            ]
            .join("\n"),
        );
        let g = grid(&d);
        assert_eq!(g.len(), 1, "{g:?}");
        let t = &g[0];
        let leaf = t
            .iter()
            .find(|r| r.contains(&"基本支出".to_string()))
            .unwrap();
        assert_eq!(leaf.len(), 7, "{t:?}");
        assert_eq!(leaf[..3], ["类", "款", "项"]);
        assert!(t.contains(&vec![
            "201".to_string(),
            "05".into(),
            "07".into(),
            "专项普查活动".into(),
            "438,300".into(),
            "0".into(),
            "438,300".into()
        ]));
        assert_eq!(
            t.last().unwrap()[3..],
            ["合计", "3,734,900", "0", "3,734,900"]
        );
        let paragraphs: Vec<&str> = d.paragraphs().map(|(_, p)| p.text.as_str()).collect();
        assert_eq!(paragraphs[0], "2025年部门支出预算总表");
    }

    #[test]
    fn amounts_shifted_by_the_character_grid_stay_one_column() {
        // The left amounts end one or two columns apart after names of different widths, and
        // the right names start one column after them: the sides are still two columns each.
        let lines = [
            "                           收支总体情况表",
            "单位名称：某某局                                           单位：万元",
            "              收入                                   支出",
            "         项目           预算                    项目          预算",
            "一、预算拨款                     98,880.78 一、一般公共服务支出                    0.00",
            "二、财政专户拨款                      0.00 二、外交支出                          0.00",
            "三、事业收入                        0.00 三、国防支出                          0.00",
            "四、事业单位经营收入                    0.00 四、公共安全支出                        0.00",
            "                                 五、教育支出                          0.00",
            "                                 六、科学技术支出                   94,158.15",
            "                                 七、卫生健康支出                          6.19",
        ];
        let d = read_text(&lines.join("\n"));
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        let body: Vec<Vec<&str>> = tables[0]
            .iter()
            .skip_while(|r| !r.iter().any(|c| c == "一、预算拨款"))
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(body[0].len(), 4, "{body:?}");
        assert_eq!(
            body[0],
            ["一、预算拨款", "98,880.78", "一、一般公共服务支出", "0.00"]
        );
        assert_eq!(
            body[1],
            ["二、财政专户拨款", "0.00", "二、外交支出", "0.00"]
        );
        assert_eq!(body[5], ["", "", "六、科学技术支出", "94,158.15"]);
    }

    #[test]
    fn a_name_field_above_a_form_is_not_stacked_onto_its_header() {
        let lines = [
            "                                  部门整体预算绩效目标申报表",
            "部门名称        某某市政务服务和数据管理局",
            "",
            "            部门预算支出       预算金额（万元）                 收入来源            预算金额（万元）",
            "",
            "            基本支出                          12,634.14 财政拨款                                       98,880.78",
            "",
            "            项目支出                          86,246.64 其他资金                                           0.00",
        ];
        let d = read_text(&lines.join("\n"));
        let paragraphs: Vec<&str> = d.paragraphs().map(|(_, p)| p.text.as_str()).collect();
        assert!(
            paragraphs
                .iter()
                .any(|p| p.starts_with("部门名称") && p.ends_with("某某市政务服务和数据管理局")),
            "{paragraphs:?}"
        );
        let tables = grid(&d);
        assert_eq!(tables.len(), 1);
        assert!(
            !tables[0].iter().flatten().any(|c| c.contains("管理局")),
            "{:?}",
            tables[0]
        );
        assert!(tables[0].iter().flatten().any(|c| c == "部门预算支出"));
        // A header labelled 单位名称 stays the table's header.
        let header = [
            "            单位名称                        整体绩效目标",
            "  某某局                     150.00",
        ];
        let d = read_text(&header.join("\n"));
        assert!(grid(&d)[0].iter().flatten().any(|c| c == "整体绩效目标"));
    }
}
