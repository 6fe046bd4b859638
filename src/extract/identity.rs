//! Which department, which year, which kind of document: read from the text, never from the
//! file name.

use crate::document::{Block, Document};
use crate::extract::model::DocumentKind;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static ORG_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(办公室|办公厅|委员会|局|厅|委|办|中心|院|会|部|所|站|馆|处|队|街道办事处|镇人民政府|人民政府|政府|学校|党校|法院|检察院|社|团)(（本级）)?$")
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
static TITLE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>20\d{2})\s*年").expect("static regex"));

/// The department's name: a short first line ending like an organisation, else a `名称：`
/// field, else the opening heading with its year and document words removed.
pub fn department(document: &Document) -> Option<String> {
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

/// The fiscal year: the year a heading gives the document (`2026年预算公开`), else the year
/// most table titles carry.
pub fn fiscal_year(document: &Document, titles: &[&str]) -> Option<u16> {
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
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(year, _)| year)
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
}
