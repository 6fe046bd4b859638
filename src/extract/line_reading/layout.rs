//! Final-accounts tables as a text layer lays them out, back into plain grids: one header row,
//! then one row per printed row with its code, its name and its amounts in the table's amount
//! columns. Two layouts are read:
//!
//! * a list of coded rows (收入决算表, 支出决算表, the fund tables): code parts in 类/款/项
//!   columns, a name, amounts; rows spread over several lines are put back together
//!   ([`super::assemble`]);
//! * two such lists side by side (一般公共预算财政拨款基本支出决算表: 人员经费 items left, 公用
//!   经费 items right, each with code, name and 决算数): each list is read on its own and the
//!   second is set below the first, each row marked with the list it came from.

use super::assemble::{assemble, Assembled, Fragment};
use super::cells::{
    amount_piece, is_code_label, is_placeholder, is_printed_amount, is_total_label, label_piece,
    Piece,
};
use super::names::is_known;
use crate::document::{Cell, Row, Table};
use crate::extract::columns::{is_text_key, key_for};
use crate::extract::title::squeeze;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Codes glued to their names, several to a cell.
static RUN_TOGETHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{3}(?:\d{2}){0,2})(\p{Han}[^\d]*)").expect("static regex"));

/// A table read back into a plain grid.
pub(super) struct Regrouped {
    pub table: Table,
    /// Per row of `table` (header included): the source row it starts at and the source cells
    /// it joins.
    pub sources: Vec<(usize, Vec<String>)>,
    /// Per row of `table`: the list it came from in a side-by-side table (`personnel`, `public`).
    pub groups: Vec<Option<&'static str>>,
    /// Lines of amounts that found no row.
    pub stray: usize,
    /// Cells of template filler that were left out.
    pub placeholders: usize,
}

fn texts(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.trim().to_string()).collect())
        .collect()
}

fn cell(texts: &[Vec<String>], row: usize, col: usize) -> &str {
    texts
        .get(row)
        .and_then(|r| r.get(col))
        .map_or("", String::as_str)
}

/// A row that only names the code columns (`类 款 项`).
fn is_code_label_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|t| !t.is_empty()).collect();
    !filled.is_empty() && filled.iter().all(|t| is_code_label(t))
}

/// A row that only numbers the columns (`** ** 1 2 3`, `栏次 1 2`): header furniture, no label.
fn is_column_number_row(row: &[String]) -> bool {
    crate::document::numbers_the_columns(row.iter().map(String::as_str))
}

fn is_amount_only_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|t| !t.is_empty()).collect();
    !filled.is_empty() && filled.iter().all(|t| is_printed_amount(t))
}

/// The first row that starts the body: one with a code, or a total label and nothing but
/// amounts beside it.
fn first_body_row(texts: &[Vec<String>], columns: Range<usize>) -> usize {
    texts
        .iter()
        .position(|row| {
            let part: Vec<&str> = row
                .get(columns.clone())
                .unwrap_or(&[])
                .iter()
                .map(String::as_str)
                .filter(|t| !t.is_empty())
                .collect();
            let coded = part.iter().any(|t| match label_piece(t) {
                Piece::Code(c) => c.len() != 2,
                Piece::CodeName(..) => true,
                _ => false,
            });
            let labels: Vec<&&str> = part.iter().filter(|t| !is_printed_amount(t)).collect();
            coded || (labels.len() == 1 && is_total_label(labels[0]))
        })
        .unwrap_or(texts.len())
}

/// The header text over each column: the header rows' texts at that position, top first.
fn header_labels(texts: &[Vec<String>], header: &[usize], width: usize) -> Vec<Vec<String>> {
    (0..width)
        .map(|col| {
            header
                .iter()
                .map(|r| cell(texts, *r, col).to_string())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .collect()
}

fn is_amount_label(parts: &[String]) -> bool {
    let joined = parts.concat();
    key_for(&joined).is_some_and(|k| !is_text_key(k))
        || parts
            .last()
            .and_then(|l| key_for(l))
            .is_some_and(|k| !is_text_key(k))
}

/// One list of a table: the columns it spans and which of them hold amounts.
struct List {
    columns: Range<usize>,
    amount_columns: Vec<usize>,
}

impl List {
    /// The line's fragment, then one fragment more for each further code and name a label cell
    /// holds (`30240税金及附加费用30299其他商品和服务支出`: two printed rows run together).
    fn fragments(
        &self,
        texts: &[Vec<String>],
        row: usize,
        placeholders: &mut usize,
    ) -> Vec<Fragment> {
        let mut more: Vec<Fragment> = Vec::new();
        let f = self.fragment(texts, row, placeholders, &mut more);
        let mut out = vec![f];
        out.extend(more);
        out
    }

    fn fragment(
        &self,
        texts: &[Vec<String>],
        row: usize,
        placeholders: &mut usize,
        more: &mut Vec<Fragment>,
    ) -> Fragment {
        let mut f = Fragment {
            row,
            ..Fragment::default()
        };
        for col in self.columns.clone() {
            let mut text = cell(texts, row, col);
            if text.is_empty() {
                continue;
            }
            let runs: Vec<(usize, &str, &str)> = RUN_TOGETHER
                .captures_iter(text)
                .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str(), c.get(2)?.as_str())))
                .collect();
            if runs.len() > 1 && runs[0].0 == 0 && self.amount_columns.len() == 1 {
                for (_, code, name) in &runs[1..] {
                    more.push(Fragment {
                        row,
                        codes: vec![code.to_string()],
                        name: name.to_string(),
                        raw: vec![format!("{code}{name}")],
                        ..Fragment::default()
                    });
                }
                text = &text[..runs[1].0];
            }
            f.raw.push(text.to_string());
            let slot = self.amount_columns.iter().position(|c| *c == col);
            let piece = match slot {
                Some(_) => amount_piece(text),
                None => label_piece(text),
            };
            match (piece, slot) {
                (Piece::Amount(a), Some(slot)) => {
                    f.amounts.insert(slot, a);
                }
                (Piece::Code(c), _) => f.codes.push(c),
                (Piece::CodeName(c, n), _) => {
                    f.codes.push(c);
                    f.name.push_str(&n);
                }
                (Piece::Placeholder, _) => *placeholders += 1,
                (Piece::Text(t), _) => f.name.push_str(&t),
                // A figure printed among the labels of a one-figure list is that figure.
                (Piece::Amount(a), None)
                    if self.amount_columns.len() == 1 && !f.amounts.contains_key(&0) =>
                {
                    f.amounts.insert(0, a);
                }
                (Piece::Amount(_), None) => f.loose += 1,
                (Piece::Empty, _) => {}
            }
        }
        if f.codes.is_empty() && is_total_label(&f.name) {
            f.total = true;
        }
        f
    }
}

fn build(
    template: &Table,
    header: Vec<String>,
    lists: Vec<(Vec<Assembled>, Option<&'static str>)>,
    stray: usize,
    placeholders: usize,
) -> Regrouped {
    let width = header.len();
    let mut rows = vec![Row::new(header.into_iter().map(Cell::text).collect())];
    let mut sources = vec![(0, Vec::new())];
    let mut groups = vec![None];
    for (assembled, group) in lists {
        for a in assembled {
            let mut cells = vec![Cell::text(a.code().unwrap_or_default()), Cell::text(a.name)];
            for slot in 0..width.saturating_sub(2) {
                cells.push(Cell::text(
                    a.amounts.get(&slot).cloned().unwrap_or_default(),
                ));
            }
            rows.push(Row::new(cells));
            sources.push((a.first_row, a.raw));
            groups.push(group);
        }
    }
    Regrouped {
        table: Table {
            rows,
            origin: template.origin,
        },
        sources,
        groups,
        stray,
        placeholders,
    }
}

/// Reads a list of coded rows. `None` when the table has no coded rows to read.
pub(super) fn coded_list(table: &Table) -> Option<Regrouped> {
    let texts = texts(table);
    let width = texts.iter().map(Vec::len).max().unwrap_or(0);
    let body = first_body_row(&texts, 0..width);
    if body >= texts.len() {
        return None;
    }
    let header: Vec<usize> = (0..body)
        .filter(|r| {
            !is_amount_only_row(&texts[*r])
                && !is_code_label_row(&texts[*r])
                && !is_column_number_row(&texts[*r])
        })
        .collect();
    let lines: Vec<usize> = (0..texts.len())
        .filter(|r| {
            !header.contains(r)
                && !is_code_label_row(&texts[*r])
                && !is_column_number_row(&texts[*r])
        })
        .collect();
    let mut labels = header_labels(&texts, &header, width);
    let mut amount_columns = amount_columns(&texts, &lines, &labels, 0..width);
    adopt_labels_on_the_left(&texts, &lines, &mut labels, &mut amount_columns);
    if amount_columns.is_empty() {
        return None;
    }
    let list = List {
        columns: 0..width,
        amount_columns: amount_columns.clone(),
    };
    let mut placeholders = 0;
    let fragments: Vec<Fragment> = lines
        .iter()
        .flat_map(|r| list.fragments(&texts, *r, &mut placeholders))
        .collect();
    let (assembled, stray) = assemble(&fragments, is_known);
    let mut head = vec!["科目编码".to_string(), "科目名称".to_string()];
    head.extend(amount_columns.iter().map(|c| labels[*c].join("/")));
    Some(build(
        table,
        head,
        vec![(assembled, None)],
        stray,
        placeholders,
    ))
}

/// Columns of amounts: those whose header names an amount or whose body prints amounts, and
/// whose body holds no names or codes.
fn amount_columns(
    texts: &[Vec<String>],
    lines: &[usize],
    labels: &[Vec<String>],
    columns: Range<usize>,
) -> Vec<usize> {
    columns
        .filter(|col| {
            let body: Vec<&str> = lines
                .iter()
                .map(|r| cell(texts, *r, *col))
                .filter(|t| !t.is_empty() && !is_placeholder(t))
                .collect();
            let holds_labels = body.iter().any(|t| !is_printed_amount(t));
            let holds_amounts = body.iter().any(|t| is_printed_amount(t));
            !holds_labels && (holds_amounts || labels.get(*col).is_some_and(|l| is_amount_label(l)))
        })
        .collect()
}

/// A column of figures with no header over it, beside a header with no figures under it on its
/// left, is one column: the page set the label left of the figures it heads.
fn adopt_labels_on_the_left(
    texts: &[Vec<String>],
    lines: &[usize],
    labels: &mut [Vec<String>],
    amount_columns: &mut Vec<usize>,
) {
    let holds_figures = |col: usize| {
        lines
            .iter()
            .any(|r| is_printed_amount(cell(texts, *r, col)))
    };
    let mut emptied = Vec::new();
    for col in amount_columns.iter().copied() {
        let Some(left) = col.checked_sub(1) else {
            continue;
        };
        if labels[col].is_empty()
            && holds_figures(col)
            && amount_columns.contains(&left)
            && !labels[left].is_empty()
            && !holds_figures(left)
            && !emptied.contains(&left)
        {
            labels[col] = std::mem::take(&mut labels[left]);
            emptied.push(left);
        }
    }
    amount_columns.retain(|c| !emptied.contains(c));
}

/// Where each list of a side-by-side table starts: at a code column that follows a column of
/// amounts.
fn list_starts(labels: &[Vec<String>]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut seen_amount = false;
    for (col, parts) in labels.iter().enumerate() {
        if parts.is_empty() {
            continue;
        }
        let is_code = parts.iter().any(|p| is_code_label(p));
        if is_code && seen_amount {
            starts.push(col);
            seen_amount = false;
        } else if is_amount_label(parts) {
            seen_amount = true;
        }
    }
    starts
}

/// Which spending a list of a basic-expenditure table holds: from its total row's label, else
/// from its 类 codes.
fn group_of(rows: &[Assembled]) -> Option<&'static str> {
    for r in rows.iter().filter(|r| r.total) {
        let n = squeeze(&r.name);
        if n.contains("人员经费") {
            return Some("personnel");
        }
        if n.contains("公用经费") {
            return Some("public");
        }
    }
    let classes: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.codes.first().map(String::as_str))
        .collect();
    if !classes.is_empty() && classes.iter().all(|c| matches!(*c, "301" | "303")) {
        Some("personnel")
    } else if !classes.is_empty()
        && classes
            .iter()
            .all(|c| c.starts_with("302") || c.starts_with("310"))
    {
        Some("public")
    } else {
        None
    }
}

/// Reads two or more lists printed side by side. `None` when the header shows one list only.
pub(super) fn side_by_side(table: &Table) -> Option<Regrouped> {
    let texts = texts(table);
    let width = texts.iter().map(Vec::len).max().unwrap_or(0);
    let body = first_body_row(&texts, 0..width);
    if body >= texts.len() {
        return None;
    }
    let header: Vec<usize> = (0..body)
        .filter(|r| !is_amount_only_row(&texts[*r]) && !is_column_number_row(&texts[*r]))
        .collect();
    let labels = header_labels(&texts, &header, width);
    let starts = list_starts(&labels);
    if starts.len() < 2 {
        return None;
    }
    let lines: Vec<usize> = (0..texts.len())
        .filter(|r| !header.contains(r) && !is_column_number_row(&texts[*r]))
        .collect();
    let mut lists = Vec::new();
    let mut stray = 0;
    let mut placeholders = 0;
    let mut amount_label = String::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(width);
        let amount_columns = amount_columns(&texts, &lines, &labels, *start..end);
        let Some(last) = amount_columns.last() else {
            continue;
        };
        if amount_label.is_empty() {
            amount_label = labels[*last].last().cloned().unwrap_or_default();
        }
        // One amount per row: the list's amount columns are one column the layout split.
        let list = List {
            columns: *start..end,
            amount_columns: vec![*last],
        };
        let fragments: Vec<Fragment> = lines
            .iter()
            .flat_map(|r| {
                let mut fs = list.fragments(&texts, *r, &mut placeholders);
                if let Some(f) = fs.first_mut() {
                    for col in amount_columns.iter().filter(|c| *c != last) {
                        let t = cell(&texts, *r, *col);
                        if is_printed_amount(t) && !f.amounts.contains_key(&0) {
                            f.amounts.insert(0, t.to_string());
                        }
                    }
                }
                fs
            })
            .collect();
        let (assembled, s) = assemble(&fragments, is_known);
        stray += s;
        let group = group_of(&assembled);
        lists.push((assembled, group));
    }
    if lists.len() < 2 {
        return None;
    }
    if amount_label.is_empty() {
        amount_label = "决算数".to_string();
    }
    let head = vec![
        "经济分类科目编码".to_string(),
        "科目名称".to_string(),
        amount_label,
    ];
    Some(build(table, head, lists, stray, placeholders))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        Table::of_texts(rows)
    }

    fn grid(r: &Regrouped) -> Vec<Vec<String>> {
        r.table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    /// 长沙's 部门支出总体情况表 as its text layer sets it: 类/款/项 apart, a row of column
    /// numbers under the header, and each label one cell left of the figures it heads.
    pub(in crate::extract::line_reading) const CHANGSHA: &[&[&str]] = &[
        &[
            "类",
            "款",
            "项",
            "功能科目",
            "总计",
            "",
            "基本支出",
            "",
            "项目支出",
            "",
        ],
        &["**", "**", "**", "**", "1", "", "2", "", "3", ""],
        &["", "", "", "合计", "", "656.73", "", "386.73", "", "270.00"],
        &[
            "205",
            "",
            "",
            "教育支出",
            "",
            "656.73",
            "",
            "386.73",
            "",
            "270.00",
        ],
        &[
            "",
            "03",
            "",
            "职业教育",
            "",
            "656.73",
            "",
            "386.73",
            "",
            "270.00",
        ],
        &[
            "205",
            "03",
            "99",
            "其他职业教育支出",
            "",
            "656.73",
            "",
            "386.73",
            "",
            "270.00",
        ],
    ];

    #[test]
    fn column_numbers_are_no_header_and_labels_left_of_figures_head_them() {
        let t = table(CHANGSHA);
        let r = coded_list(&t).expect("a coded list");
        let g = grid(&r);
        assert_eq!(
            g[0],
            ["科目编码", "科目名称", "总计", "基本支出", "项目支出"]
        );
        assert_eq!(g[1], ["", "合计", "656.73", "386.73", "270.00"]);
        assert_eq!(
            g[4],
            ["2050399", "其他职业教育支出", "656.73", "386.73", "270.00"]
        );
        assert!(is_column_number_row(&texts(&t)[1]));
        assert!(!is_column_number_row(&texts(&t)[3]));
    }

    #[test]
    fn split_code_columns_and_amount_lines() {
        let t = table(&[
            &[
                "",
                "支出功能分类科目编码",
                "",
                "",
                "科目名称",
                "本年支出合计",
                "基本支出",
                "项目支出",
            ],
            &["", "", "", "", "", "", "2,336.91", "603.14"],
            &["", "", "", "", "", "2,940.05", "", ""],
            &["类", "款", "项", "", "", "", "", ""],
            &["", "", "", "", "合计", "", "", ""],
            &["", "", "", "", "", "", "1,503.52", ""],
            &["201", "06", "", "01", "行政运行", "1,511.89", "", "8.37"],
            &[
                "201",
                "06",
                "",
                "02",
                "一般行政管理事务",
                "10.00",
                "",
                "10.00",
            ],
        ]);
        let r = coded_list(&t).unwrap();
        assert_eq!(
            grid(&r),
            [
                vec![
                    "科目编码",
                    "科目名称",
                    "本年支出合计",
                    "基本支出",
                    "项目支出"
                ],
                vec!["", "合计", "2,940.05", "2,336.91", "603.14"],
                vec!["2010601", "行政运行", "1,511.89", "1,503.52", "8.37"],
                vec!["2010602", "一般行政管理事务", "10.00", "", "10.00"],
            ]
        );
        assert_eq!(r.sources[1].0, 1);
        assert_eq!(r.sources[2].0, 5);
    }

    #[test]
    fn two_lists_side_by_side() {
        let t = table(&[
            &[
                "类",
                "款",
                "科目名称",
                "决算数",
                "类",
                "经济分类科目编码",
                "款",
                "",
                "科目名称",
                "决算数",
            ],
            &["301", "", "", "2,082.85", "302", "", "", "", "", "171.07"],
            &[
                "",
                "",
                "工资福利支出",
                "",
                "",
                "",
                "商品和服务支出",
                "",
                "",
                "",
            ],
            &["", "", "", "262.33", "", "", "", "", "", "21.21"],
            &["301", "01", "", "", "302", "", "", "", "", ""],
            &["", "", "基本工资", "", "", "01", "办公费", "", "", ""],
            &["301", "13", "", "", "302", "", "因", "公", "出", ""],
            &["", "", "住房公积金", "", "", "12", "用", "", "", ""],
            &["", "", "", "2,152.26", "", "", "", "", "", "184.65"],
            &[
                "",
                "",
                "人员经费合计",
                "",
                "",
                "",
                "公用经费合计",
                "",
                "",
                "",
            ],
        ]);
        let r = side_by_side(&t).unwrap();
        assert_eq!(
            grid(&r),
            [
                vec!["经济分类科目编码", "科目名称", "决算数"],
                vec!["301", "工资福利支出", "2,082.85"],
                vec!["30101", "基本工资", "262.33"],
                vec!["30113", "住房公积金", ""],
                vec!["", "人员经费合计", "2,152.26"],
                vec!["302", "商品和服务支出", "171.07"],
                vec!["30201", "办公费", "21.21"],
                vec!["30212", "因公出用", ""],
                vec!["", "公用经费合计", "184.65"],
            ]
        );
        assert_eq!(r.groups[1], Some("personnel"));
        assert_eq!(r.groups[5], Some("public"));
    }
}
