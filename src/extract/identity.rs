//! Which department, which year, which kind of document: read from the text, never from the
//! file name.

use crate::document::{Block, Document};
use crate::extract::model::DocumentKind;
use crate::extract::title::squeeze;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static ORG_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(办公室|办公厅|委员会|局|厅|委|办|中心|院|会|部|所|站|馆|处|队|街道办事处|镇人民政府|人民政府|政府|学校|大学|学院|党校|法院|检察院|社|团|署|指挥部)(（本级）|（汇总）)?$")
        .expect("static regex")
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:预算)?[（(]?(?:单位|部门)[）)]?名称\s*[:：]\s*(?:\d+\s*[-－]\s*)?(?P<n>[^\s，,。；;]+)")
        .expect("static regex")
});
static COMPILED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"编制(?:单位|部门)\s*[:：]\s*(?P<n>[^\s，,。；;]+)").expect("static regex")
});
/// A cover or table-header field naming the department: `预算主管部门：…`, `预算单位：…`,
/// `部门：…` (not `单位：万元`).
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:预算(?:主管)?(?:部门|单位)|主管部门|部门|单位)\s*[:：]\s*(?P<n>[^\s，,。；;]{3,})",
    )
    .expect("static regex")
});
static TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}年度?)?(?P<n>\S+?)(?:\d{4}年度?)?(?:部门|单位)?(?:预算|决算)(?:公开)?(?:情况说明|说明|报告)?$")
        .expect("static regex")
});
static DOC_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>20\d{2})\s*年度?\s*(?:[\p{Han}（）()]{0,30}?)(?:部门|单位)?(?:预算|决算)")
        .expect("static regex")
});
/// A cover title once its wrapped lines are joined and squeezed: `2026年深圳市财政局（本级）部门预算`,
/// `北京市司法局2026年度部门预算信息公开`, `西南大学2024年度部门预算`.
static COVER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<y1>20\d{2})年度?)?(?P<n>\S+?)(?:(?P<y2>20\d{2})年度?)?(?:部门|单位)?(?:预算|决算)")
        .expect("static regex")
});
/// A line that is only a year, as printed under a table-volume title: `（2026年度）`, `2026（年度）`.
static BARE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?(?P<y>20\d{2})[（(]?年度?[)）]?[)）]?$").expect("static regex")
});
/// A bracketed year opening a cell: `（2026年度）`.
static LEADING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(](?P<y>20\d{2})年度[)）]").expect("static regex"));
/// A form field naming the department, as the label cell of a table row.
const NAME_FIELDS: &[&str] = &[
    "部门名称",
    "单位名称",
    "预算单位",
    "预算部门",
    "主管部门",
    "部门",
];
static TITLE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>20\d{2})\s*年").expect("static regex"));

/// The cover title: the opening lines up to the one that says 预算 or 决算, joined and squeezed,
/// because covers wrap anywhere, even inside `部门预算` (`…（本级）部` / `门预算`). `None` when
/// the document opens with something else (a table volume, a 目录).
fn cover_title(document: &Document) -> Option<String> {
    let mut joined = String::new();
    for (_, p) in document.paragraphs().take(4) {
        let line = squeeze(&p.text);
        if line.is_empty() {
            continue;
        }
        if line.starts_with("目录") || line.chars().count() > 40 {
            return None;
        }
        joined.push_str(&line);
        if joined.contains("预算") || joined.contains("决算") {
            return Some(joined);
        }
    }
    None
}

/// The name and year a cover title gives, the name only where it ends like an organisation.
fn cover_identity(document: &Document) -> (Option<String>, Option<u16>) {
    let Some(title) = cover_title(document) else {
        return (None, None);
    };
    let Some(c) = COVER_TITLE.captures(&title) else {
        return (None, None);
    };
    let year = c
        .name("y1")
        .or(c.name("y2"))
        .and_then(|y| y.as_str().parse().ok());
    let name = c
        .name("n")
        .map(|n| n.as_str().to_string())
        .filter(|n| ORG_SUFFIX.is_match(n) && !n.contains("预算") && !n.contains("决算"));
    (name, year)
}

/// A form row `部门名称 | X` naming the department, as table volumes print it in their
/// performance forms: a label cell and a value cell of a table, or a line with the two set
/// apart by spaces.
fn name_in_form_rows(document: &Document) -> Option<String> {
    for (_, p) in document.paragraphs() {
        let mut words = p.text.split_whitespace();
        let (Some(label), Some(value), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        if NAME_FIELDS.contains(&label.trim_end_matches(['：', ':'])) && ORG_SUFFIX.is_match(value)
        {
            return Some(value.to_string());
        }
    }
    for (_, table) in document.tables() {
        for row in &table.rows {
            let mut cells = row.cells.iter().map(|c| squeeze(&c.text));
            while let Some(cell) = cells.next() {
                // A form's field row printed above its header is read stacked onto the header
                // labels below it: `部门名称` + `总体资金情况`, then the name + `预算支出总额`.
                let Some(field) = NAME_FIELDS.iter().find(|f| cell.starts_with(*f)) else {
                    continue;
                };
                let stacked = cell.len() > field.len();
                // Stacking can also leave stray pieces (`）`, other labels) between the label and
                // the name: a stacked row is searched to its end, a plain one only next door.
                let reach = if stacked { usize::MAX } else { 2 };
                let name = cells
                    .by_ref()
                    .filter(|c| !c.is_empty())
                    .take(reach)
                    .find_map(|value| {
                        if stacked {
                            organisation_prefix(&value)
                        } else {
                            Some(value).filter(|v| ORG_SUFFIX.is_match(v))
                        }
                    });
                if name.is_some() {
                    return name;
                }
                break;
            }
        }
    }
    None
}

/// The longest start of `text` that ends like an organisation, at least four characters long;
/// none in a sentence (a name holds no `，`, `。`, `、` or `；`).
fn organisation_prefix(text: &str) -> Option<String> {
    if text.contains(['，', '。', '、', '；', ',']) {
        return None;
    }
    let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    ends.iter()
        .rev()
        .map(|end| &text[..*end])
        .find(|prefix| prefix.chars().count() >= 4 && ORG_SUFFIX.is_match(prefix))
        .map(str::to_string)
}

/// The department's name: the cover title's, else a short first line ending like an
/// organisation, else a `名称：` field, else a form row naming it, else the opening heading
/// with its year and document words removed.
pub fn department(document: &Document) -> Option<String> {
    if let (Some(name), _) = cover_identity(document) {
        return Some(name);
    }
    let opening: Vec<&str> = document
        .blocks
        .iter()
        .take(6)
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.trim()),
            Block::Table(_) => None,
        })
        .collect();
    for text in &opening {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.chars().count() <= 40
            && !t.contains("预算")
            && !t.contains("决算")
            && !NAME_FIELDS.iter().any(|f| t.starts_with(f))
            && ORG_SUFFIX.is_match(&t)
        {
            return Some(t);
        }
    }
    for (_, p) in document.paragraphs() {
        let text = p.text.trim();
        let field = FIELD
            .captures(text)
            .and_then(|c| c.name("n"))
            .filter(|n| crate::money::Unit::from_word(n.as_str()).is_none());
        if let Some(n) = NAMED
            .captures(text)
            .and_then(|c| c.name("n"))
            .or(field)
            .or_else(|| COMPILED_BY.captures(text).and_then(|c| c.name("n")))
        {
            return Some(n.as_str().to_string());
        }
    }
    if let Some(name) = name_in_form_rows(document) {
        return Some(name);
    }
    for text in &opening {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(n) = TITLE_NAME.captures(&t).and_then(|c| c.name("n")) {
            if ORG_SUFFIX.is_match(n.as_str()) {
                return Some(n.as_str().to_string());
            }
        }
    }
    None
}

/// The fiscal year: the year the cover title or a heading gives the document
/// (`2026年预算公开`), else the year most table titles carry, else a line that is only a year.
pub fn fiscal_year(document: &Document, titles: &[&str]) -> Option<u16> {
    if let (_, Some(year)) = cover_identity(document) {
        return Some(year);
    }
    for (_, p) in document.paragraphs().take(12) {
        if p.text.chars().count() > 60 {
            continue;
        }
        if let Some(y) = DOC_YEAR.captures(&p.text).and_then(|c| c.name("y")) {
            return y.as_str().parse().ok();
        }
    }
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for title in titles {
        if let Some(y) = TITLE_YEAR
            .captures(title)
            .and_then(|c| c.name("y"))
            .and_then(|y| y.as_str().parse::<u16>().ok())
        {
            *counts.entry(y).or_default() += 1;
        }
    }
    let from_titles = counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(year, _)| year);
    from_titles
        .or_else(|| {
            document.paragraphs().find_map(|(_, p)| {
                BARE_YEAR
                    .captures(&squeeze(&p.text))
                    .and_then(|c| c.name("y")?.as_str().parse().ok())
            })
        })
        .or_else(|| {
            // The same line read stacked onto a form's header cell: `（2026年度）财政拨款…`.
            document.tables().find_map(|(_, t)| {
                t.rows.iter().flat_map(|r| &r.cells).find_map(|c| {
                    LEADING_YEAR
                        .captures(&squeeze(&c.text))
                        .and_then(|c| c.name("y")?.as_str().parse().ok())
                })
            })
        })
}

/// Final accounts (决算) when the headings or table titles say so; a budget otherwise.
pub fn document_kind(document: &Document, titles: &[&str]) -> DocumentKind {
    let heading_says = document
        .paragraphs()
        .take(12)
        .any(|(_, p)| p.text.chars().count() <= 60 && p.text.contains("决算"));
    let titles_say = titles.iter().filter(|t| t.contains("决算")).count() * 2 > titles.len().max(1);
    if heading_says || titles_say {
        DocumentKind::FinalAccounts
    } else {
        DocumentKind::Budget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(paragraphs: &[&str]) -> Document {
        Document::of_lines(paragraphs)
    }

    #[test]
    fn seed_opening() {
        let d = doc(&[
            "重庆市九龙坡区人民政府办公室",
            "2026年预算公开情况说明",
            "一、单位基本情况",
        ]);
        assert_eq!(
            department(&d).as_deref(),
            Some("重庆市九龙坡区人民政府办公室")
        );
        assert_eq!(fiscal_year(&d, &[]), Some(2026));
        assert_eq!(document_kind(&d, &[]), DocumentKind::Budget);
    }

    #[test]
    fn cover_and_table_header_fields() {
        let d = doc(&[
            "上海市普陀区2025年区级部门预算",
            "预算主管部门：上海市普陀区人民政府万里街道办事处",
        ]);
        assert_eq!(
            department(&d).as_deref(),
            Some("上海市普陀区人民政府万里街道办事处")
        );
        let d = doc(&[
            "收支预算总表",
            "部门：中共江苏省委办公厅                 单位：万元",
        ]);
        assert_eq!(department(&d).as_deref(), Some("中共江苏省委办公厅"));
        let d = doc(&["某某情况", "单位：万元"]);
        assert_eq!(department(&d), None);
    }

    #[test]
    fn heading_with_name_and_final_accounts() {
        let d = doc(&["上海市普陀区财政局2024年度部门决算", "目录"]);
        assert_eq!(department(&d).as_deref(), Some("上海市普陀区财政局"));
        assert_eq!(fiscal_year(&d, &[]), Some(2024));
        assert_eq!(document_kind(&d, &[]), DocumentKind::FinalAccounts);
    }

    #[test]
    fn cover_wrapped_over_lines_with_leading_year() {
        // The wrap can fall inside `部门预算` itself.
        let d = doc(&["2026 年深圳市应急管理局（本级）部", "门预算", "目   录"]);
        assert_eq!(department(&d).as_deref(), Some("深圳市应急管理局（本级）"));
        assert_eq!(fiscal_year(&d, &[]), Some(2026));
        let d = doc(&[
            "2026年",
            "广州市人民政府国有资产监督管理委员会部",
            "门预算",
            "目 录",
        ]);
        assert_eq!(
            department(&d).as_deref(),
            Some("广州市人民政府国有资产监督管理委员会")
        );
        let d = doc(&[
            " 北京市住房和城乡建设委员会 2026 年度",
            "部门预算信息公开",
            "目 录",
        ]);
        assert_eq!(
            department(&d).as_deref(),
            Some("北京市住房和城乡建设委员会")
        );
        assert_eq!(fiscal_year(&d, &[]), Some(2026));
        // A publication date after the title is not the fiscal year.
        let d = doc(&["西南大学", "2024 年度部门预算", "2025 年 4 月"]);
        assert_eq!(department(&d).as_deref(), Some("西南大学"));
        assert_eq!(fiscal_year(&d, &[]), Some(2024));
    }

    #[test]
    fn table_volume_names_its_department_in_a_form_row() {
        let d = doc(&[
            "预算13表 部门整体支出绩效目标表",
            "（2026年度）",
            "部门名称            北京市重大项目建设指挥部办公室",
        ]);
        assert_eq!(
            department(&d).as_deref(),
            Some("北京市重大项目建设指挥部办公室")
        );
        assert_eq!(fiscal_year(&d, &["收支总表"]), Some(2026));
        // The same row read stacked onto the header labels below it.
        let mut d = doc(&["预算13表 部门整体支出绩效目标表"]);
        d.blocks.push(crate::document::Block::Table(
            crate::document::Table::of_texts(&[&[
                "部门名称总体资金情况（万元",
                "）",
                "北京市退役军人事务局预算支出总额",
                "合计",
            ]]),
        ));
        assert_eq!(department(&d).as_deref(), Some("北京市退役军人事务局"));
        // Stacked further along the row.
        let mut d = doc(&["预算13表 部门整体支出绩效目标表"]);
        d.blocks.push(crate::document::Block::Table(
            crate::document::Table::of_texts(&[&[
                "部门名称总体资金情况（万元）",
                "预算支出总额",
                "合计",
                "（2026年度）财政拨款基本支出",
                "北京市市场监督管理局项目支出",
            ]]),
        ));
        assert_eq!(department(&d).as_deref(), Some("北京市市场监督管理局"));
    }
}
