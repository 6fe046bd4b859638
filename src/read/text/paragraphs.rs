//! Prose lines back into paragraphs. Layouts that print a page wrap each paragraph at the right
//! margin; a line that reaches the margin and is followed by one at the left margin continues
//! the same paragraph, even across a page break.

use super::tokens::{display_width, is_cjk};
use crate::document::{Document, Origin};
use regex::Regex;
use std::sync::LazyLock;

/// A list item or heading number that starts a new paragraph: `（一）`, `一、`, `1．`, `(2)`.
static ITEM_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、．.]|\d+\s*[、．.](?:\D|$)|第[一二三四五六七八九十\d]+[部章节条])")
        .expect("static regex")
});

/// One prose line as the paragraph builder sees it.
pub(crate) struct ProseLine<'a> {
    pub number: u32,
    pub page: u32,
    pub text: &'a str,
    /// True when one or more blank lines came before it on the same page.
    pub blank_before: bool,
    /// True when its page sets every line of running text a blank line apart, so a blank line
    /// before it does not end the paragraph.
    pub double_spaced: bool,
    /// Where the page's text reaches at its widest, in display columns.
    pub page_width: usize,
}

#[derive(Default)]
pub(crate) struct ParagraphBuilder {
    text: String,
    first: u32,
    last: u32,
    page: u32,
    /// Whether the last line reached the right margin and did not end a sentence.
    open: bool,
    /// How far the paragraph's first line is indented: its other lines stand left of it.
    first_indent: usize,
    /// Brackets the paragraph has opened and not closed.
    open_brackets: i64,
}

fn indent(text: &str) -> usize {
    text.chars().take_while(|c| c.is_whitespace()).count()
}

/// How many brackets a line opens, less those it closes.
fn bracket_balance(text: &str) -> i64 {
    text.chars()
        .map(|c| match c {
            '（' | '(' => 1,
            '）' | ')' => -1,
            _ => 0,
        })
        .sum()
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '！', '？', '!', '?'])
}

impl ParagraphBuilder {
    /// Adds a line that may continue the paragraph being built.
    pub fn push(&mut self, line: ProseLine<'_>, document: &mut Document) {
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            return;
        }
        let new_page = line.page != self.page;
        let joins = !self.text.is_empty()
            && self.open
            && (!line.blank_before || new_page || line.double_spaced)
            && (indent(line.text) <= 1 || indent(line.text) < self.first_indent)
            && !ITEM_START.is_match(trimmed);
        if joins {
            let last = self.text.chars().last();
            let first = trimmed.chars().next();
            let spaced = last.is_some_and(|c| c.is_ascii_alphanumeric())
                && first.is_some_and(|c| c.is_ascii_alphanumeric());
            if spaced
                || (last.is_some_and(|c| !is_cjk(c) && c != '-')
                    && first.is_some_and(|c| !is_cjk(c)))
            {
                self.text.push(' ');
            }
            self.text.push_str(trimmed);
            self.last = line.number;
            self.open_brackets += bracket_balance(trimmed);
        } else {
            self.flush(document);
            self.text = trimmed.to_string();
            self.open_brackets = bracket_balance(trimmed);
            self.first_indent = indent(line.text);
            self.first = line.number;
            self.last = line.number;
        }
        self.page = line.page;
        let reach = display_width(line.text.trim_end());
        let full = line.page_width > 0 && reach * 20 >= line.page_width * 17;
        // A line that leaves a bracket open stops short of the margin only because the name in
        // it wraps there (`（十五）…服务管理中心（广州市保健` / `中心）`).
        self.open = (full || self.open_brackets > 0) && !ends_sentence(trimmed);
    }

    /// Adds a line that stands alone (a title, a unit line).
    pub fn push_alone(&mut self, number: u32, text: &str, document: &mut Document) {
        self.flush(document);
        document.push_paragraph(text.trim().to_string(), Origin::lines(number, number));
    }

    pub fn flush(&mut self, document: &mut Document) {
        if !self.text.is_empty() {
            document.push_paragraph(
                std::mem::take(&mut self.text),
                Origin::lines(self.first, self.last),
            );
        }
        self.open = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(lines: &[(u32, &str, bool)]) -> Vec<String> {
        let width = lines.iter().map(|l| display_width(l.1)).max().unwrap_or(0);
        let mut d = Document::default();
        let mut b = ParagraphBuilder::default();
        for (i, (page, text, blank)) in lines.iter().enumerate() {
            b.push(
                ProseLine {
                    number: i as u32 + 1,
                    page: *page,
                    text,
                    blank_before: *blank,
                    double_spaced: false,
                    page_width: width,
                },
                &mut d,
            );
        }
        b.flush(&mut d);
        d.paragraphs().map(|(_, p)| p.text.clone()).collect()
    }

    #[test]
    fn wrapped_lines_join_across_pages() {
        let p = build(&[
            (
                0,
                "  江苏省委办公厅2019年度收入、支出预算总计27664.22万",
                false,
            ),
            (
                0,
                "元，与上年相比收、支预算总计各增加3205.79万元，增长",
                false,
            ),
            (0, "13.11%。其中：", false),
            (0, "  （一）收入预算总计27664.22万元。包括：", false),
            (
                0,
                "  此外，基本支出预算数为11700.63万元。与上年相比增加",
                false,
            ),
            (1, "1297.52万元，增长12.47%。", true),
        ]);
        assert_eq!(
            p,
            [
                "江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比收、支预算总计各增加3205.79万元，增长13.11%。其中：",
                "（一）收入预算总计27664.22万元。包括：",
                "此外，基本支出预算数为11700.63万元。与上年相比增加1297.52万元，增长12.47%。"
            ]
        );
    }

    /// A page with a margin of its own: the first line indented past it, the others at it.
    #[test]
    fn lines_left_of_the_first_lines_indent_continue_it() {
        let p = build(&[
            (
                0,
                "       十二、一般公共预算机关运行经费支出预算情况说明",
                false,
            ),
            (
                0,
                "       2025 年本部门一般公共预算机关运行经费预算支出 98.53 万",
                false,
            ),
            (
                0,
                "  元，与上年相比减少 1.15 万元，减少 1.15%。主要原因是厉行节",
                false,
            ),
            (0, "  约，减少行政运行费用支出。", false),
            (0, "       十三、政府采购支出预算情况说明", false),
        ]);
        assert_eq!(
            p,
            [
                "十二、一般公共预算机关运行经费支出预算情况说明",
                "2025 年本部门一般公共预算机关运行经费预算支出 98.53 万元，与上年相比减少 1.15 万元，减少 1.15%。主要原因是厉行节约，减少行政运行费用支出。",
                "十三、政府采购支出预算情况说明",
            ]
        );
    }

    /// Double-spaced narrative (every line a blank line apart) and a name wrapped inside its
    /// brackets, as 广州 prints its list of budget units.
    #[test]
    fn double_spaced_lines_and_open_brackets_continue() {
        let width = display_width("  本部门预算为汇总预算，包括：委本级预算，以及纳入编制");
        let lines = [
            "  本部门预算为汇总预算，包括：委本级预算，以及纳入编制",
            "范围的下属单位预算。预算单位2个，具体包括：",
            "  （一）广州市卫生健康发展和服务管理中心（广州市保健",
            "中心）",
            "  （二）广州市计划生育协会",
        ];
        let mut d = Document::default();
        let mut b = ParagraphBuilder::default();
        for (i, text) in lines.iter().enumerate() {
            b.push(
                ProseLine {
                    number: i as u32 + 1,
                    page: 0,
                    text,
                    blank_before: i > 0,
                    double_spaced: true,
                    page_width: width,
                },
                &mut d,
            );
        }
        b.flush(&mut d);
        let p: Vec<String> = d.paragraphs().map(|(_, p)| p.text.clone()).collect();
        assert_eq!(
            p,
            [
                "本部门预算为汇总预算，包括：委本级预算，以及纳入编制范围的下属单位预算。预算单位2个，具体包括：",
                "（一）广州市卫生健康发展和服务管理中心（广州市保健中心）",
                "（二）广州市计划生育协会",
            ]
        );
        // The same lines on a page that is not double-spaced end at every blank line.
        assert_eq!(
            build(&lines.iter().map(|l| (0, *l, true)).collect::<Vec<_>>()).len(),
            5
        );
    }

    #[test]
    fn short_lines_and_blank_lines_end_paragraphs() {
        let p = build(&[
            (0, "一、部门主要职能", false),
            (
                0,
                "负责会议的准备工作，协助领导同志组织实施会议议定事项和其他事项",
                false,
            ),
            (0, "", false),
            (0, "2.协助起草公文。", true),
        ]);
        assert_eq!(p.len(), 3);
    }
}
