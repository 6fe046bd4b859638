//! Finds each table's title and unit among the paragraphs before it, and classifies the title
//! into a canonical [`TableKind`].

use crate::document::{Block, Document};
use crate::extract::model::{Classification, TableKind};
use crate::money::Unit;
use regex::Regex;
use std::sync::LazyLock;

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:金额)?单\s*位\s*[:：]\s*(亿元|万元|千元|元)").expect("static regex")
});
static UNIT_IN_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*(亿元|万元|千元|元)\s*[）)]").expect("static regex"));
static ATTACHMENT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(附件|附表)\s*\d*[:：]?\s*$|^第?\s*\d+\s*页|^-\s*\d+\s*-$").expect("static regex")
});
static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(预算年度|编制(部门|单位)|(预算)?[（(]?(单位|部门)[）)]?名称|单位名称|部门名称)\s*[:：]|^(单位|部门)名称\s{2,}\S+(局|委|办|室|部|院|会|中心|厅|处|所|站|馆|队|府|校|社|团|署)(（本级）)?$",
    )
    .expect("static regex")
});

/// Removes spaces and quotes so that titles and labels compare regardless of typography.
pub fn squeeze(text: &str) -> String {
    // Copies the runs between dropped characters whole: labels are squeezed by the thousand.
    let mut out = String::with_capacity(text.len());
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'') {
            out.push_str(&text[run_start..i]);
            run_start = i + c.len_utf8();
        }
    }
    out.push_str(&text[run_start..]);
    out
}

/// The unit a text declares (`单位：万元`), if any.
pub fn unit_in(text: &str) -> Option<Unit> {
    UNIT.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| Unit::from_word(m.as_str()))
}

/// The unit a header label declares in brackets (`总体资金情况（元）`), if any.
pub fn unit_in_label(text: &str) -> Option<Unit> {
    UNIT_IN_LABEL
        .captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| Unit::from_word(m.as_str()))
}

/// The title, unit and heading paragraphs found before one table.
#[derive(Debug, Default)]
pub struct Heading {
    pub title: String,
    pub unit: Option<Unit>,
}

fn is_title_noise(text: &str) -> bool {
    unit_in(text).is_some() || ATTACHMENT_LABEL.is_match(text) || METADATA.is_match(text)
}

/// Lines that may sit between a table's title and the table: units, metadata, attachment labels,
/// bracketed subtitles.
pub fn is_heading_noise(text: &str) -> bool {
    let t = text.trim();
    is_title_noise(t) || (t.starts_with(['（', '(']) && t.ends_with(['）', ')']))
}

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d+\s*[.．、]|[一二三四五六七八九十]+\s*、|[（(][一二三四五六七八九十\d]+[)）])",
    )
    .expect("static regex")
});

/// A paragraph that titles a table of a known kind (not an entry of a list of tables).
pub fn is_table_title(text: &str) -> bool {
    // Most paragraphs name no table: rule them out before copying them.
    if !text.contains('表') {
        return false;
    }
    let t = squeeze(text);
    t.chars().count() <= 60 && !LIST_ITEM.is_match(&t) && classify(&t) != TableKind::Unknown
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '；', ';', '：', ':', '，', ','])
}

/// Reads the paragraphs between the previous table and the table at `block`.
pub fn heading_before(document: &Document, block: usize) -> Heading {
    let mut paragraphs: Vec<&str> = Vec::new();
    let mut pages: Vec<Option<u32>> = Vec::new();
    for b in document.blocks[..block].iter().rev() {
        match b {
            Block::Paragraph(p) => {
                paragraphs.push(p.text.trim());
                pages.push(p.origin.pages.map(|pages| pages.first));
                if paragraphs.len() >= 8 {
                    break;
                }
            }
            Block::Table(_) => break,
        }
    }
    let unit = paragraphs.iter().find_map(|p| unit_in(p));
    // Nearest first: skip unit and metadata lines, keep a trailing bracketed subtitle, find the
    // line that names the table, then a first half split off before it.
    let mut suffix: Vec<&str> = Vec::new();
    let mut title_line: Option<usize> = None;
    for (i, p) in paragraphs.iter().enumerate() {
        if is_title_noise(p) {
            continue;
        }
        if p.chars().count() > 80 || ends_sentence(p) {
            break;
        }
        if p.contains('表') {
            title_line = Some(i);
            break;
        }
        if (p.starts_with(['（', '(']) && p.ends_with(['）', ')'])) && suffix.len() < 2 {
            suffix.push(p);
            continue;
        }
        break;
    }
    let Some(line) = title_line else {
        return Heading {
            title: String::new(),
            unit,
        };
    };
    let mut parts: Vec<&str> = Vec::new();
    let main = paragraphs[line];
    if let Some(prefix) = paragraphs.get(line + 1) {
        let starts_fresh = main.starts_with(|c: char| c.is_ascii_digit()) || main.starts_with("附");
        // A table row or a note left above the title is not the first half of it.
        let fragment = !prefix.contains(['：', ':']) && !prefix.starts_with(['注', '（', '(']);
        // A page opens with its table's title: the line left at the foot of the page before
        // (the end of a name wrapped in the last row there) is not the title's first half.
        let same_page = match (pages.get(line), pages.get(line + 1)) {
            (Some(Some(title)), Some(Some(before))) => title == before,
            _ => true,
        };
        if !starts_fresh
            && fragment
            && same_page
            && !prefix.contains('表')
            && !is_title_noise(prefix)
            && !ends_sentence(prefix)
            && prefix.chars().count() <= 40
        {
            parts.push(prefix);
        }
    }
    parts.push(main);
    parts.extend(suffix.iter().rev());
    Heading {
        title: parts.concat(),
        unit,
    }
}

/// Classifies a table by its title. Order matters: the more specific names come first.
pub fn classify(title: &str) -> TableKind {
    let t = squeeze(title);
    let has = |s: &str| t.contains(s);
    if t.is_empty() {
        TableKind::Unknown
    } else if has("绩效目标") || has("绩效指标") {
        TableKind::PerformanceTargets
    } else if has("采购") {
        TableKind::Procurement
    } else if has("三公") {
        TableKind::ThreePublic
    } else if has("机关运行经费") {
        TableKind::OperatingExpenses
    } else if has("国有资本经营") {
        TableKind::StateCapitalExpenditure
    } else if has("政府性基金") {
        TableKind::GovernmentFundExpenditure
    } else if has("项目支出") {
        TableKind::ProjectExpenditure
    } else if has("基本支出") {
        if has("一般公共预算") || !has("财政拨款") {
            TableKind::GeneralBudgetBasicExpenditure
        } else {
            TableKind::AppropriationBasicExpenditure
        }
    } else if has("收支总表")
        || has("收入支出决算总表")
        || has("收入支出预算总表")
        || has("收支预算总表")
        || has("收支决算总表")
        // Regions name the same tables `…收支总体情况表`, `…收支情况表`.
        || (has("收支") && (has("总体情况表") || has("情况表")))
    {
        if has("财政拨款") {
            TableKind::AppropriationSummary
        } else {
            TableKind::RevenueExpenditureSummary
        }
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralBudgetExpenditure
    } else if has("财政拨款") && has("支出") {
        TableKind::AppropriationExpenditure
    } else if has("收入") && names_a_whole_table(&t) {
        TableKind::Revenue
    } else if has("支出") && names_a_whole_table(&t) {
        TableKind::Expenditure
    } else {
        TableKind::Unknown
    }
}

/// The endings by which regions name a table of the whole department: `收入总表`,
/// `收入预算表`, `收入决算表`, `收入总体情况表`, `本年支出总体情况表`.
fn names_a_whole_table(squeezed: &str) -> bool {
    ["总表", "预算表", "决算表", "总体情况表", "情况表"]
        .iter()
        .any(|ending| squeezed.contains(ending))
}

/// The economic classification a title names in brackets, if any.
pub fn classification_in_title(title: &str) -> Option<Classification> {
    let t = squeeze(title);
    if t.contains("部门预算支出经济分类") || t.contains("部门经济分类") {
        Some(Classification::DepartmentEconomic)
    } else if t.contains("政府预算支出经济分类") || t.contains("政府经济分类") {
        Some(Classification::GovernmentEconomic)
    } else if t.contains("功能分类") {
        Some(Classification::Functional)
    } else {
        None
    }
}

/// For performance tables: whole-department (部门整体) or per-project (项目) targets.
pub fn performance_scope(title: &str) -> Option<String> {
    let t = squeeze(title);
    if t.contains("整体") {
        Some("department".to_string())
    } else if t.contains("项目") {
        Some("project".to_string())
    } else {
        None
    }
}

static CHINESE_NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+[、.．]").expect("static regex"));

/// Whether a row name starts with a Chinese section number (`一、`, `十二．`).
pub fn is_chinese_numbered(name: &str) -> bool {
    let name = squeeze(name);
    name.starts_with(|c| "一二三四五六七八九十".contains(c)) && CHINESE_NUMBERED.is_match(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_seed_titles() {
        let cases = [
            ("2026年九龙坡区人民政府办公室财政拨款收支总表", TableKind::AppropriationSummary),
            ("2026年九龙坡区人民政府办公室一般公共预算财政拨款支出预算表", TableKind::GeneralBudgetExpenditure),
            ("2026年九龙坡区人民政府办公室一般公共预算财政拨款基本支出预算表（部门预算支出经济分类科目）", TableKind::GeneralBudgetBasicExpenditure),
            ("2026年九龙坡区人民政府办公室一般公共预算“三公”经费支出表", TableKind::ThreePublic),
            ("2026年九龙坡区人民政府办公室政府性基金预算支出表", TableKind::GovernmentFundExpenditure),
            ("2026年九龙坡区人民政府办公室部门收支总表", TableKind::RevenueExpenditureSummary),
            ("2026年九龙坡区人民政府办公室部门收入总表", TableKind::Revenue),
            ("2026年九龙坡区人民政府办公室部门支出总表", TableKind::Expenditure),
            ("2026年九龙坡区人民政府办公室一般公共预算财政拨款项目支出预算表", TableKind::ProjectExpenditure),
            ("2026年九龙坡区人民政府办公室政府采购明细表", TableKind::Procurement),
            ("2026年九龙坡区人民政府办公室部门整体绩效目标表", TableKind::PerformanceTargets),
            ("收入支出决算总表", TableKind::RevenueExpenditureSummary),
            ("财政拨款收入支出决算总表", TableKind::AppropriationSummary),
            ("财政拨款支出预算表", TableKind::AppropriationExpenditure),
            ("财政拨款基本支出预算表", TableKind::AppropriationBasicExpenditure),
            ("机关运行经费支出预算表", TableKind::OperatingExpenses),
            ("某某情况", TableKind::Unknown),
            // Regional names of the same kinds.
            ("收支总体情况表", TableKind::RevenueExpenditureSummary),
            ("财政拨款收支总体情况表", TableKind::AppropriationSummary),
            ("收入总体情况表", TableKind::Revenue),
            ("本年支出总体情况表", TableKind::Expenditure),
            ("2026年部门收支情况表", TableKind::RevenueExpenditureSummary),
        ];
        for (title, kind) in cases {
            assert_eq!(classify(title), kind, "{title}");
        }
    }

    #[test]
    fn a_name_field_between_title_and_table_is_noise() {
        assert!(is_heading_noise("部门名称    北京市某某局"));
        assert!(is_heading_noise("单位名称：某某局"));
        assert!(!is_heading_noise("部门名称"));
        assert!(!is_heading_noise("部门名称 总体资金情况 预算支出总额"));
        assert!(!is_heading_noise("单位名称        整体绩效目标"));
    }

    /// The end of a name wrapped in the last row of a page stands just above the next page's
    /// title; a title's first half is on its own page.
    #[test]
    fn a_line_from_the_page_before_is_not_the_title_first_half() {
        use crate::document::{Document, Origin, Table};
        let heading = |fragment_page: u32| {
            let mut document = Document::default();
            document.push_paragraph(
                "管理中心".to_string(),
                Origin::lines(1, 1).on_pages(fragment_page, fragment_page),
            );
            document.push_paragraph("支出总表".to_string(), Origin::lines(3, 3).on_pages(2, 2));
            document.push_table(Table::of_texts(&[&["科目编码", "科目名称", "合计"]]));
            let block = document.blocks.len() - 1;
            heading_before(&document, block).title
        };
        assert_eq!(heading(1), "支出总表");
        assert_eq!(heading(2), "管理中心支出总表");
    }

    #[test]
    fn units_in_their_spellings() {
        assert_eq!(unit_in("单位：万元"), Some(Unit::TenThousandYuan));
        assert_eq!(unit_in("金额单位:元"), Some(Unit::Yuan));
        assert_eq!(unit_in("单 位 ： 万元"), Some(Unit::TenThousandYuan));
        assert_eq!(unit_in("单位 万元"), None);
        assert_eq!(unit_in_label("总体资金情况（元）"), Some(Unit::Yuan));
    }
}
