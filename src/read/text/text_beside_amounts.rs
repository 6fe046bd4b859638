//! A column of running text printed right of every amount column: 广州's project tables set
//! each project's 绩效目标 (a paragraph) beside its figures, wrapped over many lines and
//! centred on the row's line of amounts. `pdftotext -layout` prints each of those lines on its
//! own, so read line by line the paragraph's lines would be rows of their own, their varying
//! starts would split the column in several, and a page would seem to start with a header of
//! text. This repair takes the paragraph's pieces off their lines and gives each paragraph
//! whole to its row's line of amounts, before the lines are cut into columns.

use super::aligned::{choose_measure, TableLine};
use super::tokens::{Measure, Token};

/// Fewest lines of text beside the amounts on a page before they are read as a column.
const FEWEST_LINES: usize = 3;

/// Fewest characters of a piece of the column that holds no clause: a label of the header over
/// it (`绩效目标`) is shorter.
const FEWEST_CHARS: usize = 6;

/// Fewest characters of such a piece among the header's lines, above the page's first amounts:
/// the longest labels (`国有资本经营预算财政拨款`) are shorter.
const FEWEST_CHARS_IN_HEADER: usize = 16;

/// Whether text holds a clause's punctuation, which no header label or row name does (the
/// 、 after an item's number, `七、结转下年`, is no clause's).
fn is_clause(text: &str) -> bool {
    let unnumbered = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        .trim_start_matches('、');
    unnumbered.contains(['。', '；', '，', '、'])
}

/// The index of the first token of `line` that starts right of `edge` (every amount of the
/// page), when the text from there on reads as a piece of a paragraph: all text, and either a
/// clause or one long piece, not the header's labels (`上级补助收入  其他收入`) set apart.
/// Above the page's first amounts, where the header stands, a piece without a clause must be
/// longer than any label. A paragraph set one space after the amounts on its row's line starts
/// on its other lines in the column right after them: pdftotext's grid shifts the lines apart.
fn beside_from(line: &TableLine, edge: usize, measure: Measure, in_header: bool) -> Option<usize> {
    let first = line
        .tokens
        .iter()
        .position(|t| t.span(measure).start >= edge)?;
    let rest = &line.tokens[first..];
    let text: String = rest.iter().map(|t| t.text.as_str()).collect();
    let fewest = if in_header {
        FEWEST_CHARS_IN_HEADER
    } else {
        FEWEST_CHARS
    };
    let long_piece = rest.len() == 1 && text.chars().count() >= fewest;
    (rest.iter().all(|t| !t.number) && (is_clause(&text) || long_piece)).then_some(first)
}

/// Gathers each page's column of running text beside the amounts onto the rows' lines, each
/// row's paragraph whole on its line of amounts.
pub(super) fn gather_text_beside_amounts(lines: &mut Vec<TableLine>) {
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = start + lines[start..].iter().take_while(|l| l.page == page).count();
        gather_on_page(&mut lines[start..end]);
        start = end;
    }
    // Lines left with nothing were the paragraphs' alone (a table line always has a token).
    lines.retain(|l| !l.tokens.is_empty());
}

/// An amount with decimals or thousands separators: a classification code (`20799`) is a
/// number too, but it stands left of the names.
fn is_amount(token: &Token) -> bool {
    token.number && token.text.contains(['.', ','])
}

/// Gathers one page's paragraphs.
fn gather_on_page(lines: &mut [TableLine]) {
    let measure = choose_measure(lines);
    let Some(edge) = lines
        .iter()
        .flat_map(|l| l.tokens.iter())
        .filter(|t| is_amount(t))
        .map(|t| t.span(measure).end)
        .max()
    else {
        return;
    };
    // The paragraphs are the page's last column: a figure right of the amounts (a target's
    // value in a performance form) means the text there is cells of other columns.
    let figures_beyond = lines
        .iter()
        .flat_map(|l| l.tokens.iter())
        .any(|t| t.number && t.span(measure).start > edge);
    if figures_beyond {
        return;
    }
    let first_amounts = lines.iter().position(|l| l.has_number()).unwrap_or(0);
    let beside: Vec<Option<usize>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| beside_from(l, edge, measure, i < first_amounts))
        .collect();
    if beside.iter().flatten().count() < FEWEST_LINES {
        return;
    }
    let anchors: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].has_number())
        .collect();
    if anchors.is_empty() {
        return;
    }
    let owner = owners(lines, &beside, &anchors);
    let mut paragraphs: Vec<Vec<Token>> = vec![Vec::new(); anchors.len()];
    for (i, row) in owner.into_iter().enumerate() {
        if let (Some(from), Some(row)) = (beside[i], row) {
            paragraphs[row].extend(lines[i].tokens.drain(from..));
        }
    }
    // Where the page's amounts end, by characters and by display width.
    let amounts_end = |range: fn(&Token) -> (usize, usize)| {
        lines
            .iter()
            .flat_map(|l| l.tokens.iter())
            .filter(|t| is_amount(t))
            .map(|t| range(t).1)
            .max()
            .unwrap_or(0)
    };
    let (chars_end, display_end) = (
        amounts_end(|t| (t.chars.start, t.chars.end)),
        amounts_end(|t| (t.display.start, t.display.end)),
    );
    for (&anchor, pieces) in anchors.iter().zip(paragraphs) {
        if pieces.is_empty() {
            continue;
        }
        // The paragraph stands where its column starts, but clear of every amount of the page
        // in either measure: by display width a row's amounts sit further right the wider its
        // name, and a paragraph reaching over an amount would join its column.
        let span = |range: fn(&Token) -> (usize, usize), amounts: usize| {
            let line = lines[anchor].tokens.last().map_or(0, |t| range(t).1);
            let start = pieces.iter().map(|t| range(t).0).min().unwrap_or(0);
            let end = pieces.iter().map(|t| range(t).1).max().unwrap_or(0);
            let start = start.max(amounts.max(line) + 2);
            start..end.max(start + 1)
        };
        let joined = Token {
            text: pieces.iter().map(|t| t.text.as_str()).collect(),
            chars: span(|t| (t.chars.start, t.chars.end), chars_end),
            display: span(|t| (t.display.start, t.display.end), display_end),
            number: false,
            packed: false,
        };
        lines[anchor].tokens.push(joined);
    }
}

/// The row (index into `anchors`) whose paragraph each line's piece beside the amounts is part
/// of. A paragraph is centred on its row's line of amounts: as many lines below it as above,
/// or one more or one fewer. Of those counts, the one whose last line ends a sentence is taken;
/// the lines left between two rows are the next row's lines above its amounts. Pieces above
/// the first row are its own, pieces below the last row its own.
fn owners(lines: &[TableLine], beside: &[Option<usize>], anchors: &[usize]) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    let Some(&first) = anchors.first() else {
        return owner;
    };
    let piece_ends_sentence = |i: usize| {
        lines[i]
            .tokens
            .last()
            .is_some_and(|t| t.text.ends_with(['。', '；']))
    };
    let mut above: usize = 0;
    for i in (0..first).filter(|&i| beside[i].is_some()) {
        owner[i] = Some(0);
        above += 1;
    }
    for (row, &anchor) in anchors.iter().enumerate() {
        if beside[anchor].is_some() {
            owner[anchor] = Some(row);
        }
        let next = anchors.get(row + 1).copied().unwrap_or(lines.len());
        let between: Vec<usize> = (anchor + 1..next)
            .filter(|&i| beside[i].is_some())
            .collect();
        if row + 1 == anchors.len() {
            between.iter().for_each(|&i| owner[i] = Some(row));
            break;
        }
        let n = between.len();
        let candidates = [Some(above), Some(above + 1), above.checked_sub(1)];
        let below = candidates
            .into_iter()
            .flatten()
            .filter(|&d| d <= n)
            .find(|&d| match d {
                0 => beside[anchor].is_some() && piece_ends_sentence(anchor),
                d => piece_ends_sentence(between[d - 1]),
            })
            .unwrap_or(above.min(n));
        for (k, &i) in between.iter().enumerate() {
            owner[i] = Some(if k < below { row } else { row + 1 });
        }
        above = n - below;
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of pieces at their character columns (CJK text two display columns a character).
    fn line(number: u32, pieces: &[(usize, &str)]) -> TableLine {
        let tokens = pieces
            .iter()
            .map(|&(at, text)| {
                let chars = text.chars().count();
                let number = text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
                Token {
                    text: text.to_string(),
                    chars: at..at + chars,
                    display: at..at + if number { chars } else { 2 * chars },
                    number,
                    packed: false,
                }
            })
            .collect();
        TableLine {
            source: number as usize,
            number,
            page: 1,
            tokens,
            blank_before: false,
        }
    }

    fn texts(line: &TableLine) -> Vec<&str> {
        line.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn each_paragraph_goes_whole_to_its_rows_amounts() {
        let mut lines = vec![
            line(1, &[(2, "总计"), (12, "合计"), (40, "绩效目标")]),
            line(2, &[(40, "通过项目实施，保障机")]),
            line(
                3,
                &[
                    (2, "甲经费"),
                    (14, "150.05"),
                    (24, "0.00"),
                    (40, "关办公正常运转；不断"),
                ],
            ),
            line(4, &[(40, "提高控烟水平。")]),
            line(5, &[(40, "通过对基层工作人员开")]),
            line(
                6,
                &[
                    (2, "乙项目"),
                    (16, "18.74"),
                    (24, "0.00"),
                    (40, "展业务培训，提高基层"),
                ],
            ),
            line(7, &[(40, "服务能力。")]),
        ];
        gather_text_beside_amounts(&mut lines);
        // The lines of paragraph alone are gone; the header keeps its label.
        assert_eq!(lines.len(), 3);
        assert_eq!(texts(&lines[0]), ["总计", "合计", "绩效目标"]);
        assert_eq!(
            texts(&lines[1]),
            [
                "甲经费",
                "150.05",
                "0.00",
                "通过项目实施，保障机关办公正常运转；不断提高控烟水平。"
            ]
        );
        assert_eq!(
            texts(&lines[2]),
            [
                "乙项目",
                "18.74",
                "0.00",
                "通过对基层工作人员开展业务培训，提高基层服务能力。"
            ]
        );
        // The paragraph stands clear of the amounts in both measures.
        let paragraph = &lines[1].tokens[3];
        assert!(paragraph.chars.start >= 30 && paragraph.display.start >= 30);
    }

    #[test]
    fn a_paragraph_starting_right_where_the_amounts_end_is_beside_them() {
        // One space after the last amount on the row's line, in the very next column on the
        // paragraph's other lines: pdftotext's grid shifts them by one.
        let mut lines = vec![
            line(1, &[(2, "总计"), (12, "合计"), (40, "绩效目标")]),
            line(2, &[(28, "通过委托第三方中介机构，协助")]),
            line(3, &[(28, "完成年度决算审计报告复核，")]),
            line(
                4,
                &[
                    (2, "甲经费"),
                    (12, "438.85"),
                    (24, "0.00"),
                    (29, "聘请专业审计机构"),
                ],
            ),
            line(5, &[(28, "对企业开展专项审计。")]),
        ];
        gather_text_beside_amounts(&mut lines);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            texts(&lines[1]),
            [
                "甲经费",
                "438.85",
                "0.00",
                "通过委托第三方中介机构，协助完成年度决算审计报告复核，聘请专业审计机构对企业开展专项审计。"
            ]
        );
    }

    #[test]
    fn a_sentence_ending_below_the_middle_closes_a_longer_paragraph() {
        // Four lines above the amounts, five below: the fifth ends the sentence, so it is the
        // row's and not the next row's first line.
        let text = |i: usize| format!("第{i}行文字，继续写下去");
        let mut pieces: Vec<TableLine> = Vec::new();
        for i in 0..4 {
            pieces.push(line(i, &[(40, &text(i as usize))]));
        }
        pieces.push(line(4, &[(2, "甲"), (14, "1.00"), (40, &text(4))]));
        for i in 5..9 {
            pieces.push(line(i, &[(40, &text(i as usize))]));
        }
        pieces.push(line(9, &[(40, "最后一行。")]));
        pieces.push(line(10, &[(40, "下一项的开头，")]));
        pieces.push(line(11, &[(2, "乙"), (14, "2.00"), (40, "下一项的结尾。")]));
        gather_text_beside_amounts(&mut pieces);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].tokens[2].text.ends_with("最后一行。"));
        assert_eq!(pieces[1].tokens[2].text, "下一项的开头，下一项的结尾。");
    }

    #[test]
    fn labels_and_codes_are_no_paragraph() {
        // A revenue header whose labels run right of its few amounts, and a template's codes.
        let mut lines = vec![
            line(
                1,
                &[
                    (2, "合计"),
                    (20, "小计"),
                    (40, "上级补助收入"),
                    (60, "附属单位上缴收入"),
                ],
            ),
            line(2, &[(40, "事业单位经营收入"), (60, "其他收入")]),
            line(3, &[(2, "某局"), (14, "4,651.67"), (24, "4,651.67")]),
            line(4, &[(2, "某局本级"), (14, "4,651.67"), (24, "4,651.67")]),
        ];
        let before = lines.clone();
        gather_text_beside_amounts(&mut lines);
        assert_eq!(lines.len(), before.len());
        for (a, b) in lines.iter().zip(&before) {
            assert_eq!(texts(a), texts(b));
        }
    }
}
