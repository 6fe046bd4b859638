//! Lines of laid-out text split into positioned tokens. Positions are kept in two measures: the
//! character index (what `pdftotext -layout` aligns on, one column per glyph) and the display
//! width (what a terminal or a fixed-width export aligns on, two columns per CJK glyph).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Which measure positions are read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    Chars,
    Display,
}

/// A run of text on one line and where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    pub chars: Range<usize>,
    pub display: Range<usize>,
    /// True for an amount-like run of digits (`4,844.56`, `0`, `-`), also for bare codes.
    pub number: bool,
    /// Printed one space after the token before it. pdftotext sets words that stand close on a
    /// line one space apart, counting each character as one column whatever its width, so such
    /// a token may stand further right on the page than its column says.
    pub packed: bool,
}

impl Token {
    pub fn span(&self, measure: Measure) -> Range<usize> {
        match measure {
            Measure::Chars => self.chars.clone(),
            Measure::Display => self.display.clone(),
        }
    }

    pub fn width(&self) -> usize {
        self.display.end - self.display.start
    }
}

/// True for characters that take two columns on a terminal (CJK ideographs, full-width forms).
pub(crate) fn is_wide(c: char) -> bool {
    // Most characters of a line are ASCII or spaces: settle them with one comparison.
    if (c as u32) < 0x1100 {
        return false;
    }
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

pub(crate) fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// CJK ideographs and full-width punctuation: text that never takes spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    is_wide(c)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t' || c == '\u{a0}'
}

/// An amount as tables print it: `4,844.56`, `0`, `(1.50)`, `-3`, or a dash for zero.
pub(crate) fn is_number(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return false;
    }
    if t.chars().all(|c| matches!(c, '-' | '—' | '–' | '－' | '―')) {
        return t.chars().count() <= 2;
    }
    // `1.` and `2、` number list items, they are not amounts.
    if t.ends_with(['.', '．', '、']) {
        return false;
    }
    let t = t
        .strip_prefix(['-', '－', '−'])
        .unwrap_or(t)
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    let mut digits = 0;
    let mut dots = 0;
    for c in t.chars() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            ',' | '，' => {}
            '.' | '．' => dots += 1,
            _ => return false,
        }
    }
    digits > 0
        && dots <= 1
        && t.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// A bare classification code or code part: digits only, no separators (`201`, `05`, `2010301`).
pub(crate) fn is_code_part(text: &str) -> bool {
    let n = text.len();
    (2..=9).contains(&n) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Characters that follow a number inside one phrase: `2026 年`, `48 万元`, `7 辆`.
fn is_measure_word_start(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '万'
            | '亿'
            | '千'
            | '元'
            | '个'
            | '人'
            | '辆'
            | '台'
            | '套'
            | '家'
            | '%'
            | '％'
            | '项'
            | '次'
            | '批'
            | '号'
    )
}

/// Measure words of things counted whole: dates' parts and counts, never after a decimal.
fn counts_whole(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '个' | '人' | '辆' | '台' | '套' | '家' | '项' | '次' | '批' | '号'
    )
}

/// Groups of words separated by single spaces: `2026 年预算数` stays one token, two cells set
/// two or more spaces apart become two.
pub(crate) fn coarse_tokens(line: &str) -> Vec<Token> {
    // One pass: a token runs from a non-space character to two spaces (or one wide space).
    struct Open {
        bytes: Range<usize>,
        chars: Range<usize>,
        display: Range<usize>,
    }
    let mut out: Vec<Token> = Vec::new();
    let mut open: Option<Open> = None;
    let mut spaces = 0usize;
    let (mut ci, mut di) = (0usize, 0usize);
    let close = |open: Open, out: &mut Vec<Token>| {
        let text = line.get(open.bytes.clone()).unwrap_or("").to_string();
        out.push(Token {
            number: is_number(&text),
            text,
            chars: open.chars,
            display: open.display,
            packed: false,
        });
    };
    for (bi, c) in line.char_indices() {
        let w = if is_wide(c) { 2 } else { 1 };
        if is_space(c) {
            spaces += if c == ' ' { 1 } else { 2 };
            if spaces >= 2 {
                if let Some(token) = open.take() {
                    close(token, &mut out);
                }
            }
        } else {
            match open.as_mut() {
                Some(token) => {
                    token.bytes.end = bi + c.len_utf8();
                    token.chars.end = ci + 1;
                    token.display.end = di + w;
                }
                None => {
                    open = Some(Open {
                        bytes: bi..bi + c.len_utf8(),
                        chars: ci..ci + 1,
                        display: di..di + w,
                    })
                }
            }
            spaces = 0;
        }
        ci += 1;
        di += w;
    }
    if let Some(token) = open {
        close(token, &mut out);
    }
    out
}

/// Splits coarse tokens of a table line where a single space still separates two cells: between
/// a number and text (`2010301 行政运行`, `事务 1,803.05`), and between two CJK words
/// (`公务用车购置 公务用车运行`), but not inside `2026 年`.
#[cfg(test)]
pub(crate) fn table_tokens(line: &str) -> Vec<Token> {
    refine(coarse_tokens(line))
}

/// [`table_tokens`] from the coarse tokens of a line.
pub(crate) fn refine(coarse: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(coarse.len());
    for token in coarse {
        if !token.text.contains(' ') {
            out.push(token);
            continue;
        }
        let parts: Vec<&str> = token.text.split(' ').collect();
        let spread = letter_spaced_runs(&parts);
        let (mut c, mut d) = (token.chars.start, token.display.start);
        let mut pieces: Vec<Token> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let (cw, dw) = (part.chars().count(), display_width(part));
            let joined = i > 0 && spread[i - 1] && spread[i];
            let split = i > 0 && !joined && {
                let before = parts[i - 1];
                let a_number = is_number(before);
                let b_number = is_number(part);
                let a_cjk = before.chars().last().is_some_and(is_cjk);
                let b_cjk = part.chars().next().is_some_and(is_cjk);
                // A date's year, month or day is a whole number, and so is a count: an amount
                // with decimals before `年…` or `人…` ends its cell (`12,846.204768 年终结转结余`,
                // `1,117.06 人性化服务，…`).
                let measure = part.chars().next().is_some_and(|c| {
                    is_measure_word_start(c) && !(counts_whole(c) && before.contains('.'))
                });
                (a_number && !measure && (b_cjk || b_number))
                    || (b_number && (a_cjk || a_number))
                    || (a_cjk && b_cjk && !qualifies_word_before(part))
                    || (a_cjk && opens_with_hyphened_code(part))
                    || (a_number && opens_with_numbered_item(part))
            };
            match (split, pieces.last_mut()) {
                (false, Some(last)) => {
                    if !joined {
                        last.text.push(' ');
                    }
                    last.text.push_str(part);
                    last.chars.end = c + cw;
                    last.display.end = d + dw;
                }
                _ => pieces.push(Token {
                    text: part.to_string(),
                    chars: c..c + cw,
                    display: d..d + dw,
                    number: false,
                    packed: i > 0,
                }),
            }
            c += cw + 1;
            d += dw + 1;
        }
        for mut piece in pieces {
            piece.number = is_number(&piece.text);
            out.push(piece);
        }
    }
    merge_letter_spaced(drop_leaders(out))
}

/// Whether a part opens with a classification code joined to its name by a hyphen
/// (`50501-工资福利支出`): a cell of its own, even one space after a name too long for its cell
/// (`2130311-水资源节约管理与 50501-工资福利支出`).
fn opens_with_hyphened_code(part: &str) -> bool {
    let digits = part.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = part[digits..].chars();
    (3..=9).contains(&digits)
        && matches!(rest.next(), Some('-' | '－'))
        && rest.next().is_some_and(is_cjk)
}

/// Whether a part opens with the enumerator of a numbered item (`1、一般公共服务支出`,
/// `2.外交支出`, `(3)公共安全支出`): an amount never ends so, so after an amount it is the next
/// cell, the label of the item beside it (a two-sided table prints its left side's amount one
/// space before its right side's numbered item: `656.73 1、一般公共服务支出`).
fn opens_with_numbered_item(part: &str) -> bool {
    static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}[、.．]|[（(]\d{1,2}[)）])\p{Han}").expect("static regex")
    });
    ENUMERATOR.is_match(part)
}

/// A bracket opening a part after a single space qualifies the word before it
/// (`因公出国 （境）费用`); a new cell that opens with a bracket is a numbered item (`（一）`).
fn qualifies_word_before(part: &str) -> bool {
    static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[（(][一二三四五六七八九十\d]+[)）]").expect("static regex")
    });
    part.starts_with(['（', '(']) && !ENUMERATOR.is_match(part)
}

/// Fewest characters of a name printed one character to a space (`因 公 出 国 （ 境 ） 费`)
/// read as one word; fewer are single-character labels set side by side (`类 款 项`).
const LETTER_SPACED_MIN: usize = 4;

/// Which parts of a token belong to a name printed with a space after each character: runs of
/// at least [`LETTER_SPACED_MIN`] single wide characters.
fn letter_spaced_runs(parts: &[&str]) -> Vec<bool> {
    let single: Vec<bool> = parts
        .iter()
        .map(|p| {
            let mut chars = p.chars();
            chars.next().is_some_and(is_wide) && chars.next().is_none()
        })
        .collect();
    let mut out = vec![false; parts.len()];
    let mut start = 0;
    while start < parts.len() {
        let len = single[start..].iter().take_while(|s| **s).count();
        if len >= LETTER_SPACED_MIN {
            out[start..start + len].iter_mut().for_each(|s| *s = true);
        }
        start += len.max(1);
    }
    out
}

/// Dot leaders of a table of contents (`……………`) carry nothing.
pub(crate) fn drop_leaders(tokens: Vec<Token>) -> Vec<Token> {
    tokens
        .into_iter()
        .filter(|t| {
            !(t.text.chars().count() >= 3
                && t.text
                    .chars()
                    .all(|c| matches!(c, '…' | '.' | '·' | '．' | '⋯')))
        })
        .collect()
}

/// Words printed with their characters spread out to fill a cell.
const LETTER_SPACED: &[&str] = &[
    "合计", "总计", "小计", "项目", "金额", "科目", "名称", "编码", "其中", "目录", "单位", "序号",
    // The side headings of a two-sided summary table (`收   入`, `支   出`).
    "收入", "支出",
];

/// Widest gap between the two characters of a word spread out to fill a cell: a summary
/// table's wide 项目 cell spreads them nine spaces apart (`项         目`), 杭州's 支出 eleven.
const LETTER_SPACED_GAP: usize = 12;

/// Joins `合    计` back into one token.
fn merge_letter_spaced(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if let Some(last) = out.last_mut() {
            let single = |t: &Token| t.text.chars().count() == 1 && t.text.chars().all(is_cjk);
            let close = token.chars.start.saturating_sub(last.chars.end) <= LETTER_SPACED_GAP;
            if single(last) && single(&token) && close {
                let word = format!("{}{}", last.text, token.text);
                if LETTER_SPACED.contains(&word.as_str()) {
                    last.text = word;
                    last.chars.end = token.chars.end;
                    last.display.end = token.display.end;
                    continue;
                }
            }
        }
        out.push(token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn numbers_and_codes() {
        for yes in ["4,844.56", "0", "0.00", "-", "(1.50)", "189,767,551", "－3"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["2026年", "合计", "", "1.2.3", "---", "5,8a", "1.", "2、"] {
            assert!(!is_number(no), "{no}");
        }
        assert!(is_code_part("2010301") && is_code_part("05") && !is_code_part("0"));
    }

    #[test]
    fn single_spaces_split_cells_but_not_phrases() {
        let line = "2010301 行政运行          1,096.16    1,096.16";
        assert_eq!(
            texts(&table_tokens(line)),
            ["2010301", "行政运行", "1,096.16", "1,096.16"]
        );
        let t = table_tokens("2026 年预算数   公务用车购置 公务用车运行");
        assert_eq!(texts(&t), ["2026 年预算数", "公务用车购置", "公务用车运行"]);
        assert_eq!(t[1].chars, 12..18);
        assert_eq!(t[1].display, 16..28);
        assert_eq!(
            texts(&table_tokens("（室）及相关机构事 1,803.05")),
            ["（室）及相关机构事", "1,803.05"]
        );
        assert_eq!(
            texts(&coarse_tokens("  预算数 4844.56 万元")),
            ["预算数 4844.56 万元"]
        );
    }

    #[test]
    fn an_amount_with_decimals_ends_its_cell_before_a_year_word() {
        // `年` after a whole number is a date (`2026 年`); after an amount it opens the next cell.
        assert_eq!(
            texts(&table_tokens("上年结转结余   8.754697 年终结转结余")),
            ["上年结转结余", "8.754697", "年终结转结余"]
        );
        assert_eq!(texts(&table_tokens("2026 年预算数")), ["2026 年预算数"]);
    }

    #[test]
    fn an_amount_with_decimals_ends_its_cell_before_a_count_word() {
        // A count is a whole number (`30 人`, `12 项`): after an amount with decimals, `人…` and
        // `项…` open the paragraph of the next cell (广州's 绩效目标 printed one space after the
        // row's last amount).
        assert_eq!(
            texts(&table_tokens(
                "专用设备购置   1,117.06 人性化服务，打造学科群布局。"
            )),
            ["专用设备购置", "1,117.06", "人性化服务，打造学科群布局。"]
        );
        assert_eq!(
            texts(&table_tokens(
                "其他运行经费   8.40   0.00 项目，以保证设施正常运行"
            )),
            ["其他运行经费", "8.40", "0.00", "项目，以保证设施正常运行"]
        );
        assert_eq!(texts(&table_tokens("接待   30 人次")), ["接待", "30 人次"]);
        assert_eq!(
            texts(&table_tokens("增长   2.5 万元")),
            ["增长", "2.5 万元"]
        );
    }

    #[test]
    fn a_hyphened_code_after_a_single_space_opens_a_cell() {
        assert_eq!(
            texts(&table_tokens(
                "2130311-水资源节约管理与 50501-工资福利支出    30102-津贴补贴"
            )),
            [
                "2130311-水资源节约管理与",
                "50501-工资福利支出",
                "30102-津贴补贴"
            ]
        );
        // A year range after a name is no code.
        assert_eq!(
            texts(&table_tokens("其他城乡社区公共设施 2026-2028年")),
            ["其他城乡社区公共设施 2026-2028年"]
        );
    }

    #[test]
    fn a_numbered_item_after_an_amount_opens_a_cell() {
        assert_eq!(
            texts(&table_tokens(
                "1、一般公共预算拨款收入               656.73 1、一般公共服务支出"
            )),
            ["1、一般公共预算拨款收入", "656.73", "1、一般公共服务支出"]
        );
        assert_eq!(
            texts(&table_tokens("合计   12.50 (2)外交支出")),
            ["合计", "12.50", "(2)外交支出"]
        );
        // A decimal after an amount is no item, nor is a date's year.
        assert_eq!(texts(&table_tokens("12.50 3.5")), ["12.50", "3.5"]);
        assert_eq!(texts(&table_tokens("2026 年预算数")), ["2026 年预算数"]);
    }

    #[test]
    fn a_bracket_after_a_single_space_qualifies_the_word_before() {
        assert_eq!(
            texts(&table_tokens(
                "3021205-教学类因公出国 （境）费用        40.500000"
            )),
            ["3021205-教学类因公出国 （境）费用", "40.500000"]
        );
        assert_eq!(
            texts(&table_tokens("一般公共服务支出 （一）基本支出")),
            ["一般公共服务支出", "（一）基本支出"]
        );
    }

    #[test]
    fn leaders_dropped_and_spread_words_joined() {
        assert_eq!(
            texts(&table_tokens("  1. 2025年部门收入预算总表   ……………………")),
            ["1. 2025年部门收入预算总表"]
        );
        assert_eq!(
            texts(&table_tokens("   合    计    2,232.91")),
            ["合计", "2,232.91"]
        );
        assert_eq!(texts(&table_tokens("类     款    项")), ["类", "款", "项"]);
        assert_eq!(
            texts(&table_tokens("      收   入          支   出")),
            ["收入", "支出"]
        );
        assert_eq!(texts(&table_tokens("类 款 项")), ["类", "款", "项"]);
        assert_eq!(
            texts(&table_tokens("         项         目       本年预算")),
            ["项目", "本年预算"]
        );
        let t = table_tokens("302         因 公 出 国 （ 境 ） 费   2.83");
        assert_eq!(texts(&t), ["302", "因公出国（境）费", "2.83"]);
        assert_eq!(t[1].chars, 12..27);
    }
}
