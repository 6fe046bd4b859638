//! Tables that run over several pages and print their label, title, unit and header again on
//! each page, or only the header. Each page is read as a table of its own; a page whose columns
//! are the previous table's, under the same title or none, with nothing but heading lines
//! between, goes on with that table.
//!
//! A repeated title over different columns is not a continuation: some volumes print the
//! remaining columns of a wide table on the next page under the same title, and those pages
//! stay tables of their own.

use crate::document::{Block, Document};
use crate::extract::model::{ExtractedTable, Side, TableKind};
use crate::extract::title::squeeze;

/// Most heading lines between two pages of one table: label, title, unit or department line,
/// and a stray footer the furniture filter let through.
const MOST_HEADING_LINES: usize = 5;
/// Longest heading line, in characters; prose between two tables is longer.
const LONGEST_HEADING_LINE: usize = 80;

/// Whether two tables have the same columns, some of them amounts. Forms without amount
/// columns (a performance-target form per project) print one record to a table under one title,
/// so they are never continuations. Once the first page's columns are known by their labels, a
/// text column no header label stands over (a paragraph of the 绩效目标 column that one page
/// printed set apart from the rest) says nothing of which table a page belongs to.
fn same_columns(a: &ExtractedTable, b: &ExtractedTable) -> bool {
    let known = a.kind != TableKind::Unknown;
    let headed = |t: &'_ ExtractedTable| -> Vec<(String, Option<Side>)> {
        t.columns
            .iter()
            .filter(|c| !known || c.amount || !c.label.trim().is_empty())
            .map(|c| (c.key.clone(), c.side))
            .collect()
    };
    a.columns.iter().any(|c| c.amount) && headed(a) == headed(b)
}

/// Whether only short heading lines stand between the blocks `from` and `to`.
fn only_headings_between(document: &Document, from: usize, to: usize) -> bool {
    let between = document.blocks.get(from + 1..to).unwrap_or(&[]);
    between.len() <= MOST_HEADING_LINES
        && between.iter().all(|b| match b {
            Block::Paragraph(p) => {
                let text = squeeze(&p.text);
                // A sentence is prose, not a heading.
                text.chars().count() <= LONGEST_HEADING_LINE && !text.ends_with('。')
            }
            Block::Table(_) => false,
        })
}

/// Joins each table that repeats the one before it onto that one; the pages' rows keep their
/// order, and a later page's rows are numbered on after the earlier page's.
pub fn join_repeated_pages(
    document: &Document,
    tables: Vec<ExtractedTable>,
) -> Vec<ExtractedTable> {
    let mut out: Vec<ExtractedTable> = Vec::with_capacity(tables.len());
    // The block of the last page joined onto each output table.
    let mut last_block: Vec<usize> = Vec::with_capacity(tables.len());
    for table in tables {
        if let (Some(previous), Some(previous_block)) = (out.last_mut(), last_block.last_mut()) {
            // A later page repeats the title, or (when only the header is repeated) has none.
            let same_title = (!table.title.trim().is_empty()
                && squeeze(&table.title) == squeeze(&previous.title)
                && table.kind == previous.kind)
                || (table.title.trim().is_empty() && !previous.title.trim().is_empty());
            let repeats = same_title
                && same_columns(previous, &table)
                && only_headings_between(document, *previous_block, table.block);
            if repeats {
                let offset = previous.rows.iter().map(|r| r.row + 1).max().unwrap_or(0);
                *previous_block = table.block;
                for column in table.columns {
                    if !previous.columns.iter().any(|c| c.key == column.key) {
                        previous.columns.push(column);
                    }
                }
                previous.rows.extend(table.rows.into_iter().map(|mut r| {
                    r.row += offset;
                    r
                }));
                continue;
            }
        }
        last_block.push(table.block);
        out.push(table);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Origin, Table};
    use crate::extract::extract;

    fn page(document: &mut Document, lines: &[&str], rows: &[&[&str]]) {
        for line in lines {
            document.push_paragraph(line.to_string(), Origin::lines(1, 1));
        }
        document.push_table(Table::of_texts(rows));
    }

    const HEADER: &[&str] = &["科目编码", "科目名称", "合计", "基本支出", "项目支出"];

    #[test]
    fn a_page_repeating_title_and_header_goes_on_with_the_table() {
        let mut d = Document::default();
        let title = ["表7", "一般公共预算支出表（按功能分类）", "单位：万元"];
        page(
            &mut d,
            &title,
            &[HEADER, &["201", "一般公共服务支出", "3.00", "1.00", "2.00"]],
        );
        page(
            &mut d,
            &title,
            &[HEADER, &["20101", "人大事务", "3.00", "1.00", "2.00"]],
        );
        let tables = extract(&d).tables;
        assert_eq!(tables.len(), 1);
        let codes: Vec<_> = tables[0]
            .rows
            .iter()
            .filter_map(|r| r.code.clone())
            .collect();
        assert_eq!(codes, ["201", "20101"]);
        let rows: Vec<usize> = tables[0].rows.iter().map(|r| r.row).collect();
        assert!(rows[0] < rows[1], "{rows:?}");
    }

    #[test]
    fn a_page_with_only_the_header_goes_on_with_the_table() {
        // After its page number, or (none printed) right below the last row: the header printed
        // again is no row either way.
        let between: [&[&str]; 2] = [&["- 5 -"], &[]];
        for lines in between {
            let mut d = Document::default();
            page(
                &mut d,
                &["一般公共预算支出表", "单位：万元"],
                &[HEADER, &["201", "一般公共服务支出", "3.00", "1.00", "2.00"]],
            );
            page(
                &mut d,
                lines,
                &[HEADER, &["20101", "人大事务", "3.00", "1.00", "2.00"]],
            );
            let tables = extract(&d).tables;
            assert_eq!(tables.len(), 1, "{lines:?}");
            let names: Vec<&str> = tables[0].rows.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(names, ["一般公共服务支出", "人大事务"], "{lines:?}");
        }
    }

    #[test]
    fn a_page_printing_part_of_its_text_column_apart_goes_on_with_the_table() {
        // One project's 绩效目标 printed in two places on the later page: an extra text column
        // with no label over it.
        let header: &[&str] = &["支出项目类别（资金使用单位）", "总计", "合计", "绩效目标"];
        let mut d = Document::default();
        page(
            &mut d,
            &["部门预算项目支出及其他支出预算表", "单位：万元"],
            &[
                header,
                &["合计", "8.00", "8.00", ""],
                &["信息化运维", "3.00", "3.00", "保障系统运行。"],
            ],
        );
        page(
            &mut d,
            &["- 26 -"],
            &[
                &[header[0], header[1], header[2], header[3], ""],
                &["车辆租用经费", "5.00", "5.00", "保障职工", "出行。"],
            ],
        );
        let tables = extract(&d).tables;
        assert_eq!(tables.len(), 1, "{tables:#?}");
        let names: Vec<&str> = tables[0].rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["合计", "信息化运维", "车辆租用经费"]);
    }

    #[test]
    fn other_columns_prose_or_forms_keep_tables_apart() {
        // The same title over other columns: a wide table's remaining columns.
        let mut d = Document::default();
        page(
            &mut d,
            &["收入总表"],
            &[
                &["科目编码", "科目名称", "合计"],
                &["201", "一般公共服务支出", "3.00"],
            ],
        );
        page(
            &mut d,
            &["收入总表"],
            &[&["事业收入", "其他收入"], &["1.00", "2.00"]],
        );
        assert_eq!(extract(&d).tables.len(), 2);
        // A sentence between two untitled-looking pages is prose: no continuation.
        let mut d = Document::default();
        page(
            &mut d,
            &["一般公共预算支出表"],
            &[HEADER, &["201", "一般公共服务支出", "3.00", "1.00", "2.00"]],
        );
        page(
            &mut d,
            &["以上为本部门一般公共预算支出情况。"],
            &[HEADER, &["20101", "人大事务", "3.00", "1.00", "2.00"]],
        );
        assert_eq!(extract(&d).tables.len(), 2);
        // Performance forms print one project to a table under one title.
        let mut d = Document::default();
        let form: &[&[&str]] = &[&["项目名称", "信息化建设"], &["绩效目标", "系统上线"]];
        page(&mut d, &["项目绩效目标表"], form);
        page(&mut d, &["项目绩效目标表"], form);
        assert_eq!(extract(&d).tables.len(), 2);
    }
}
