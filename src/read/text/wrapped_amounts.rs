//! Amounts wrapped inside table cells too narrow for them. `pdftotext -layout` prints each line
//! of a cell's text on its own line of the page, so an amount cut by its cell's edge leaves its
//! first part on one line and the rest below, among the row's other cells: read line by line,
//! the pieces would be two wrong amounts. Both repairs here join the pieces back into the
//! printed amount and put it on its row's line before the lines are cut into columns.

use super::aligned::TableLine;
use super::tokens::Token;
use std::ops::Range;

/// An amount cut after its first decimal (`18,536.8`): what a two-decimal amount leaves on its
/// first line when its cell is too narrow for it.
pub(super) fn is_cut_amount(text: &str) -> bool {
    text.split_once('.').is_some_and(|(whole, decimals)| {
        decimals.len() == 1
            && decimals.bytes().all(|b| b.is_ascii_digit())
            && is_whole_amount(whole)
    })
}

/// Digits, with or without thousands separators, and no decimal point (`1,264,602`).
fn is_whole_amount(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_digit() || b == b',')
}

/// Two-decimal amounts wrapped inside a cell too narrow for them: the amount's last digit sits
/// alone on the next line, and the rest of it either on its row's line or on a line of its own
/// just above the row (the cell's text centred on its row). Each line of lone digits takes back
/// its digits, left to right, into the cut amounts (`18,536.8`) of the two lines above it, one
/// digit each, when the counts agree and each digit stands under its amount (right of its start,
/// left of the next one); a line of nothing but cut amounts above the row moves onto the row.
pub(super) fn rejoin_wrapped_amounts(lines: &mut Vec<TableLine>) {
    let is_tail = |t: &Token| t.text.len() == 1 && t.text.bytes().all(|b| b.is_ascii_digit());
    let mut i = 1;
    while i < lines.len() {
        let tail_line = &lines[i];
        if tail_line.blank_before || !tail_line.tokens.iter().all(is_tail) {
            i += 1;
            continue;
        }
        // The cut amounts of the row line and of the line above it, left to right.
        let mut heads: Vec<(usize, usize)> = Vec::new();
        for j in (i.saturating_sub(2)..i).rev() {
            let line = &lines[j];
            if line.page != tail_line.page || (j + 1 < i && lines[j + 1].blank_before) {
                break;
            }
            heads.extend(
                (0..line.tokens.len())
                    .filter(|&ti| is_cut_amount(&line.tokens[ti].text))
                    .map(|ti| (j, ti)),
            );
        }
        heads.sort_by_key(|&(j, ti)| lines[j].tokens[ti].chars.start);
        let tails = &tail_line.tokens;
        let under = |k: usize| {
            let (j, ti) = heads[k];
            let head = &lines[j].tokens[ti];
            let next_start = heads
                .get(k + 1)
                .map_or(usize::MAX, |&(nj, nti)| lines[nj].tokens[nti].chars.start);
            tails[k].chars.start > head.chars.start && tails[k].chars.start < next_start
        };
        if heads.is_empty() || heads.len() != tails.len() || !(0..heads.len()).all(under) {
            i += 1;
            continue;
        }
        let digits: Vec<String> = tails.iter().map(|t| t.text.clone()).collect();
        for (&(j, ti), digit) in heads.iter().zip(&digits) {
            lines[j].tokens[ti].text.push_str(digit);
        }
        lines.remove(i);
        // A line of nothing but cut amounts above the row line belongs to the row.
        let above = i
            .checked_sub(2)
            .filter(|&a| heads.iter().filter(|&&(j, _)| j == a).count() == lines[a].tokens.len());
        if let Some(above) = above {
            let moved = lines.remove(above);
            let row_line = &mut lines[above];
            row_line.blank_before = moved.blank_before;
            for mut token in moved.tokens {
                // Its place on the row line in display columns: shifted by the wide text before it.
                let shift: usize = row_line
                    .tokens
                    .iter()
                    .filter(|t| t.chars.end <= token.chars.start)
                    .map(|t| t.width() - (t.chars.end - t.chars.start))
                    .sum();
                token.display = token.chars.start + shift..token.chars.end + shift;
                let at = row_line
                    .tokens
                    .partition_point(|t| t.chars.start < token.chars.start);
                row_line.tokens.insert(at, token);
            }
            i -= 1;
        }
    }
}

/// What an amount's piece below the cut holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rest {
    /// The decimals with their point (`.38`): the cut came before the point.
    Decimals,
    /// The last digit (`8` of `1,263,231.78`): the cut came after the first decimal.
    LastDigit,
}

fn rest_of(text: &str) -> Option<Rest> {
    match text.strip_prefix('.') {
        Some(d) if (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Rest::Decimals)
        }
        Some(_) => None,
        None if text.len() == 1 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Rest::LastDigit)
        }
        None => None,
    }
}

fn continues(head: &str, rest: Rest) -> bool {
    match rest {
        Rest::Decimals => is_whole_amount(head),
        Rest::LastDigit => is_cut_amount(head),
    }
}

/// Columns between two amounts of a row, at the least.
const GAP: usize = 2;

/// Whether `at` falls inside `span`.
fn within(span: &Range<usize>, at: usize) -> bool {
    span.start <= at && at < span.end
}

/// Amounts wrapped in narrow cells beside a name wrapped over two lines (深圳's 项目支出总表):
///
/// ```text
/// 深圳市发展和改革委员会      1,264,602    1,263,231.7
///                                                 0.00       0.00   …   1,370.60
/// （本级）                    .38            8
/// ```
///
/// The cut amounts share a line with the name's first part (or have a line of their own), their
/// rest (`.38`, or the last digit) stands under them on the line of the name's last part, and
/// the row's amounts that fit their cells are centred between. A decimal point opening a piece
/// (`.38`) is never printed alone, so a line holding one is where wrapped amounts end: each
/// piece on it joins the cut amount it stands under on one of the two lines above, and when
/// those amounts lie two lines up they move onto the line of the row's other amounts, leaving
/// the name's pieces above and below it to join as any wrapped name does.
pub(super) fn rejoin_amounts_cut_beside_wrapped_names(lines: &mut Vec<TableLine>) {
    let mut i = 1;
    while i < lines.len() {
        i = match rejoin_at(lines, i) {
            Some(next) => next,
            None => i + 1,
        };
    }
}

/// Rejoins the pieces on line `i` with the amounts they continue; the line to look at next, or
/// `None` when line `i` holds no such pieces.
fn rejoin_at(lines: &mut Vec<TableLine>, i: usize) -> Option<usize> {
    let line = &lines[i];
    if line.blank_before {
        return None;
    }
    let rests: Vec<(usize, Rest)> = line
        .tokens
        .iter()
        .enumerate()
        .filter_map(|(ti, t)| rest_of(&t.text).map(|r| (ti, r)))
        .collect();
    // A lone digit may be an amount of its own; without decimals beside it, only the layout
    // of a wrapped row vouches for it (see below).
    let decimals = rests.iter().any(|&(_, r)| r == Rest::Decimals);
    if rests.is_empty() {
        return None;
    }
    // Beside the pieces the line holds only the end of a name, on their left.
    let first_rest = rests.first().map_or(0, |&(ti, _)| ti);
    let others_are_a_name = line
        .tokens
        .iter()
        .enumerate()
        .all(|(ti, t)| rests.iter().any(|&(r, _)| r == ti) || (ti < first_rest && !t.number));
    if !others_are_a_name {
        return None;
    }
    // The line above holding the amounts the pieces continue: the nearest whose amounts take
    // every piece, one each, each standing under its amount.
    let heads_line = (i.saturating_sub(2)..i).rev().find_map(|h| {
        let between_breaks = (h + 1..=i).any(|k| lines[k].blank_before);
        if lines[h].page != lines[i].page || between_breaks {
            return None;
        }
        let mut taken: Vec<usize> = Vec::with_capacity(rests.len());
        for &(ti, rest) in &rests {
            let piece = &lines[i].tokens[ti];
            let head = lines[h].tokens.iter().enumerate().position(|(hi, t)| {
                !taken.contains(&hi)
                    && continues(&t.text, rest)
                    && (within(&t.display, piece.display.start)
                        || within(&t.chars, piece.chars.start))
            })?;
            taken.push(head);
        }
        Some((h, taken))
    });
    let (h, heads) = heads_line?;
    // Lone digits finish cut amounts only where the row's other amounts, nothing else, stand
    // centred on the line between.
    let centred_between =
        h + 2 == i && lines[h + 1].has_number() && lines[h + 1].tokens.iter().all(|t| t.number);
    if !decimals && !centred_between {
        return None;
    }
    let pieces: Vec<usize> = rests.iter().map(|&(ti, _)| ti).collect();
    for (&ti, &hi) in pieces.iter().zip(&heads) {
        let piece = lines[i].tokens[ti].text.clone();
        let head = &mut lines[h].tokens[hi];
        head.text.push_str(&piece);
        head.chars.end += piece.chars().count();
        head.display.end += piece.chars().count();
    }
    let mut ti = 0;
    lines[i].tokens.retain(|_| {
        let keep = !pieces.contains(&ti);
        ti += 1;
        keep
    });
    let mut next = i + 1;
    if lines[i].tokens.is_empty() {
        lines.remove(i);
        next = i;
    }
    // Amounts two lines up belong on the line between, with the row's other amounts, when
    // they are all the amounts their line holds.
    let middle = h + 1;
    let only_heads = lines[h]
        .tokens
        .iter()
        .enumerate()
        .all(|(hi, t)| heads.contains(&hi) || !t.number);
    if middle < i && only_heads && lines[middle].has_number() {
        let mut hi = 0;
        let mut moved: Vec<Token> = Vec::new();
        lines[h].tokens.retain(|t| {
            let keep = !heads.contains(&hi);
            hi += 1;
            if !keep {
                moved.push(t.clone());
            }
            keep
        });
        // Printed from its cell's edge rather than aligned with its column's amounts, a cut
        // amount may stand over the next column's: set right to left, each ends before the
        // amount on its right, as the row's amounts are printed.
        let mut limit = lines[middle]
            .tokens
            .iter()
            .filter(|t| t.number && t.display.start > moved.first().map_or(0, |m| m.display.start))
            .map(|t| t.display.start)
            .min();
        for mut token in moved.into_iter().rev() {
            if let Some(limit) = limit.filter(|&l| token.display.end + GAP > l) {
                let width = token.width();
                let end = limit.saturating_sub(GAP).max(width);
                token.display = end - width..end;
            }
            limit = Some(token.display.start);
            place_on(&mut lines[middle], token);
        }
        if lines[h].tokens.is_empty() {
            let emptied = lines.remove(h);
            lines[h].blank_before = emptied.blank_before;
            next -= 1;
        }
    }
    Some(next)
}

/// Puts a token moved from another line onto `line` at its place on the page: its display
/// columns stay (the pieces of a cut amount line up in display columns, as the wide names beside
/// them show), its character columns are counted on the new line.
fn place_on(line: &mut TableLine, mut token: Token) {
    let shift: usize = line
        .tokens
        .iter()
        .filter(|t| t.display.end <= token.display.start)
        .map(|t| t.width() - (t.chars.end - t.chars.start))
        .sum();
    let len = token.chars.end - token.chars.start;
    token.chars =
        token.display.start.saturating_sub(shift)..token.display.start.saturating_sub(shift) + len;
    let at = line
        .tokens
        .partition_point(|t| t.display.start < token.display.start);
    line.tokens.insert(at, token);
}
