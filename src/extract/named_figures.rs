//! Narrative figures named like a row or a column of the document's own tables:
//! `（3）卫生健康支出（类）支出 62.09 万元`, `“卫生健康支出”科目2,206万元`, `人员经费 4,840.3 万元`,
//! `实验室及相关设施（2060204），2024 年度决算数为 1,165.07 万元`. The keyed patterns of
//! [`super::narrative`] know what a handful of phrasings mean; these figures are known by the
//! name the tables give them, whatever the region's phrasing, so each can be held against the
//! cells of the rows so named.

use super::model::{ExtractedTable, Fact, FactValue, LineItem, TableKind};
use super::narrative::{compact_spaces, sentence_between, AMOUNT};
use super::title::squeeze;
use crate::document::Document;
use crate::money::{fold_width, parse_amount, Unit};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The key of the facts this module finds.
pub const ROW_FIGURE: &str = "row_figure";

/// List numbering a name starts with: `（3）`, `3.`, `二、`.
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,3}[、.．])")
        .expect("static regex")
});
/// A classification level or code in brackets (`（类）`, `（204类）`, `（2060204）`): not part of
/// the name.
static LEVEL_OR_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(](?:\d{0,3}[类款项]|\d{3,7})[）)]").expect("static regex"));
static LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\d{0,3}[类款项][）)]").expect("static regex"));
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(](?P<c>\d{3}|\d{5}|\d{7})[）)]").expect("static regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>\d{4})\s*年度?").expect("static regex"));
/// Words between a name and its figure, or a name's generic ending (`支出`, `经费`), which the
/// narrative and the tables use interchangeably.
const ENDINGS: [&str; 15] = [
    "支出",
    "预算数",
    "决算数",
    "预算",
    "决算",
    "科目",
    "合计",
    "小计",
    "共计",
    "金额",
    "经费",
    "安排",
    "数",
    "为",
    "是",
];
/// Words that make a figure a change, a comparison, a share or last year's figure, not the
/// named item's own amount.
const NOT_THE_ITEMS_OWN: [&str; 14] = [
    "增加", "减少", "增长", "下降", "降低", "上升", "持平", "比", "较", "上年", "去年", "同期",
    "以上", "以下",
];
/// Words that open a list, longest first: `其中人员经费…`, `包括人员支出…`.
const LIST_OPENERS: [&str; 4] = ["主要包括", "具体包括", "包括", "其中"];
const CLAUSE_ENDS: [char; 8] = ['。', '；', ';', '，', ',', '：', ':', '、'];

/// What a row, column or narrative label names, without numbering, levels, codes, years and
/// generic endings: `（3）卫生健康支出（类）支出` and `卫生健康支出` are both `卫生健康`.
pub fn name_core(name: &str) -> String {
    let squeezed = squeeze(name);
    // A classification path (`卫生健康支出（类）…（款）计划生育事务（项）科目`) names the part
    // before its last level.
    let levels: Vec<_> = LEVEL.find_iter(&squeezed).collect();
    let named = match levels.as_slice() {
        [.., before, last] => &squeezed[before.end()..last.start()],
        [last] => &squeezed[..last.start()],
        [] => squeezed.as_str(),
    };
    // `一般公共预算拨款安排的培训费`: the fund that pays is the scope of the table that holds
    // the figure, not part of its name.
    let named = named.rsplit_once("安排的").map_or(named, |(_, name)| name);
    // The words that open a list (`其中`, `包括`) name no part of its first item.
    let named = LIST_OPENERS
        .iter()
        .find_map(|w| named.strip_prefix(w))
        .unwrap_or(named);
    let mut text = named.to_string();
    text = NUMBERING.replace(&text, "").into_owned();
    text = LEVEL_OR_CODE.replace_all(&text, "").into_owned();
    text = YEAR.replace_all(&text, "").into_owned();
    // `一般公共预算拨款收入`, `一般公共预算资金`, `一般公共预算`: regions name one fund's money
    // with or without these words.
    let core = text
        .trim_start_matches("本年")
        .replace("拨款", "")
        .replace("资金", "");
    without_endings(core)
}

fn without_endings(mut core: String) -> String {
    loop {
        let before = core.len();
        for ending in ENDINGS {
            if let Some(rest) = core.strip_suffix(ending) {
                core = rest.to_string();
            }
        }
        if core.len() == before {
            return core;
        }
    }
}

/// A revenue label's core without its `收入` (`政府性基金预算拨款收入` → `政府性基金预算`): the name
/// of a fund's column or row that says neither 收入 nor 支出, as a revenue table heads it.
pub fn revenue_core(label: &str) -> Option<String> {
    name_core(label)
        .strip_suffix("收入")
        .map(|core| without_endings(core.to_string()))
        .filter(|core| !too_general(core))
}

/// Whether a table's row or column name says neither revenue nor spending (`一般公共预算`).
pub fn neutral(name: &str) -> bool {
    !name.contains("收入") && !name.contains("支出")
}

/// The classification code a label carries in brackets (`实验室及相关设施（2060204）`).
pub fn label_code(label: &str) -> Option<String> {
    CODE.captures(label)
        .and_then(|c| c.name("c"))
        .map(|m| m.as_str().to_string())
}

/// Whether a label places its name in the classification: by a level (`（款）`) or a code.
pub fn label_places_itself(label: &str) -> bool {
    LEVEL.is_match(label) || label_code(label).is_some()
}

/// Economic classification codes (`30231`, `303`, `50201`): a narrative states economic items
/// for other scopes (三公, operating expenses) than the tables' rows of them.
fn economic_code(code: &str) -> bool {
    code.starts_with('3') || code.starts_with('5')
}

/// The tables whose rows and columns name the department's own amounts. Project, procurement
/// and performance tables name projects, purchases and indicators, whose figures a narrative
/// states for other scopes (a unit's share, a year's target) as often as for the table's.
pub fn naming_tables(tables: &[ExtractedTable]) -> impl Iterator<Item = &ExtractedTable> {
    tables.iter().filter(|t| {
        !matches!(
            t.kind,
            TableKind::ProjectExpenditure
                | TableKind::Procurement
                | TableKind::PerformanceTargets
                | TableKind::Unknown
        )
    })
}

/// Endings of organisations' names: a row so named is a unit's subtotal, and a narrative states
/// a unit's figures for scopes (all its funds) no single table's row holds.
pub(crate) const ORGANISATION_ENDINGS: [&str; 14] = [
    "本级）",
    "本级)",
    "局",
    "厅",
    "委员会",
    "办公室",
    "中心",
    "院",
    "站",
    "所",
    "馆",
    "学校",
    "队",
    "部",
];

/// Whether a row's name can name a narrative figure: an item of a classification or a
/// summary's line, not a total (the keyed facts' business), an organisation, or an economic
/// item of a basic-expenditure table (a narrative states those for the 三公 scope).
pub fn names_an_item(table: &ExtractedTable, row: &LineItem) -> bool {
    let squeezed = squeeze(&row.name);
    !row.total
        && !row.code.as_deref().is_some_and(economic_code)
        && !matches!(
            table.kind,
            TableKind::GeneralBudgetBasicExpenditure | TableKind::AppropriationBasicExpenditure
        )
        && !ORGANISATION_ENDINGS.iter().any(|e| squeezed.ends_with(e))
}

/// Name cores too general to name one figure: basic and project spending are stated for each
/// fund and unit in turn (the keyed facts weigh them against every total).
fn too_general(core: &str) -> bool {
    core.chars().count() < 2 || matches!(core, "基本" | "项目" | "收入" | "总")
}

/// What a column's label names: its last part that names more than a measure
/// (`2026年预算数/基本支出` → `基本支出`, `因公出国（境）费/决算数` → `因公出国（境）费`).
pub fn column_name(label: &str) -> &str {
    label
        .rsplit('/')
        .find(|part| !name_core(part).is_empty())
        .unwrap_or(label)
}

/// The names the tables give their rows and amount columns, and the codes of their rows.
pub struct TableNames {
    /// Name cores a label may name by itself: classes (类), summary lines, columns.
    pub named_alone: HashSet<String>,
    /// Name cores of 款 and 项, which a label names only with its level: a 项's name is as
    /// often a project's (深圳 names projects after their 项).
    pub named_with_level: HashSet<String>,
    /// Name cores of rows and columns that say neither 收入 nor 支出, which a revenue label
    /// names without its `收入`.
    pub neutral: HashSet<String>,
    /// Amount columns named by their group and leaf (`上年结转结余/一般公共预算`), which a label
    /// names as `上年结转结余的一般公共预算收入`.
    pub grouped: HashSet<(String, String)>,
    pub codes: HashSet<String>,
}

/// The group and leaf a label names with `的` (`上年结转结余的一般公共预算收入` →
/// `上年结转结余`, `一般公共预算`): cores as a column's group and leaf labels give them.
pub fn label_group_and_leaf(label: &str) -> Option<(String, String)> {
    let (group, leaf) = squeeze(label)
        .rsplit_once('的')
        .map(|(g, l)| (g.to_string(), l.to_string()))?;
    let leaf = revenue_core(&leaf).unwrap_or_else(|| name_core(&leaf));
    let group = name_core(&group);
    (!too_general(&group) && !too_general(&leaf)).then_some((group, leaf))
}

/// The group and leaf of a column label with a group over it (`上年结转结余/一般公共预算`).
pub fn column_group_and_leaf(label: &str) -> Option<(String, String)> {
    let mut parts = label.split('/').filter(|p| !p.trim().is_empty());
    let group = name_core(parts.next()?);
    let leaf = name_core(parts.next_back()?);
    (!too_general(&group) && !too_general(&leaf)).then_some((group, leaf))
}

impl TableNames {
    pub fn of(tables: &[ExtractedTable]) -> TableNames {
        let mut names = TableNames {
            named_alone: HashSet::new(),
            named_with_level: HashSet::new(),
            neutral: HashSet::new(),
            grouped: naming_tables(tables)
                .flat_map(|t| t.columns.iter().filter(|c| c.amount))
                .filter_map(|c| column_group_and_leaf(&c.label))
                .collect(),
            codes: HashSet::new(),
        };
        let items = || {
            naming_tables(tables).flat_map(|t| t.rows.iter().filter(move |r| names_an_item(t, r)))
        };
        for row in items() {
            if let Some(code) = &row.code {
                names.codes.insert(code.clone());
                let core = name_core(&row.name);
                if code.len() > 3 {
                    names.named_with_level.insert(core);
                } else {
                    names.named_alone.insert(core);
                }
            }
        }
        let uncoded = items()
            .filter(|r| r.code.is_none())
            .map(|r| r.name.as_str());
        let columns = naming_tables(tables)
            .flat_map(|t| t.columns.iter().filter(|c| c.amount))
            .map(|c| column_name(&c.label));
        let names_alone: Vec<&str> = uncoded.chain(columns).collect();
        names.neutral = names_alone
            .iter()
            .filter(|n| neutral(n))
            .map(|n| name_core(n))
            .filter(|c| !too_general(c) && !names.named_with_level.contains(c))
            .collect();
        let alone: Vec<String> = names_alone
            .into_iter()
            .map(name_core)
            .filter(|core| !names.named_with_level.contains(core))
            .collect();
        names.named_alone.extend(alone);
        names.named_alone.retain(|c| !too_general(c));
        names.named_with_level.retain(|c| !too_general(c));
        names
    }

    /// Whether a narrative label names a row or column of the tables.
    pub fn knows(&self, label: &str) -> bool {
        if let Some(code) = label_code(label) {
            return self.codes.contains(&code);
        }
        let core = name_core(label);
        self.named_alone.contains(&core)
            || label_places_itself(label) && self.named_with_level.contains(&core)
            || revenue_core(label).is_some_and(|c| self.neutral.contains(&c))
            || label_group_and_leaf(label).is_some_and(|g| self.grouped.contains(&g))
    }
}

/// The clause of `text` that ends at byte `end`: back to the last clause punctuation.
fn clause_before(text: &str, end: usize) -> (usize, &str) {
    let start = text[..end]
        .rfind(CLAUSE_ENDS)
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    (start, &text[start..end])
}

/// Whether a clause speaks of the item's own figure in the document's year.
fn own_figure(clause: &str, fiscal_year: Option<u16>) -> bool {
    // `上年结转结余` is this year's money carried over from the last, not last year's figure.
    let clause = clause
        .replace("上年结转", "结转")
        .replace("上年结余", "结余");
    if NOT_THE_ITEMS_OWN.iter().any(|w| clause.contains(w)) {
        return false;
    }
    YEAR.captures_iter(&clause).all(|c| {
        let year = c.name("y").and_then(|y| y.as_str().parse::<u16>().ok());
        fiscal_year.is_none() || year == fiscal_year
    })
}

/// The label of the figure starting at byte `at`: the clause before it, or, where that clause
/// holds only a year and filler words (`，2024 年度决算数为`), the clause before that.
fn label_before(text: &str, at: usize, fiscal_year: Option<u16>) -> Option<String> {
    let (start, clause) = clause_before(text, at);
    if !own_figure(clause, fiscal_year) {
        return None;
    }
    if !name_core(clause).is_empty() {
        return Some(squeeze(clause));
    }
    if start == 0 || !text[..start].ends_with(['，', ',']) {
        return None;
    }
    let comma = text[..start].char_indices().next_back()?.0;
    let (_, earlier) = clause_before(text, comma);
    (own_figure(earlier, fiscal_year) && label_code(earlier).is_some()).then(|| squeeze(earlier))
}

/// The narrative's money figures whose label names a row or an amount column of the tables,
/// other than those a keyed fact of the same paragraph already states.
pub fn row_figures(
    document: &Document,
    tables: &[ExtractedTable],
    keyed: &[Fact],
    department: Option<&str>,
    fiscal_year: Option<u16>,
) -> Vec<Fact> {
    let names = TableNames::of(tables);
    let mut out = Vec::new();
    if names.codes.is_empty() && names.named_alone.is_empty() {
        return out;
    }
    for (block, paragraph) in document.paragraphs() {
        if !paragraph.text.contains('元') {
            continue;
        }
        let text = compact_spaces(&paragraph.text);
        for caps in AMOUNT.captures_iter(&text) {
            let (Some(number), Some(unit_word)) = (caps.name("n"), caps.name("u")) else {
                continue;
            };
            let Some(label) = label_before(&text, number.start(), fiscal_year) else {
                continue;
            };
            // `无锡市信访局2025年度一般公共预算拨款安排的培训费预算支出`: what follows the
            // department's name names the figure; `无锡市商务局2026年支出预算合计` names the
            // department's own total, which is no row's (its core is empty).
            let label = match department.and_then(|d| label.find(d).map(|at| at + d.len())) {
                Some(after) => label[after..].to_string(),
                None => label,
            };
            let known = names.knows(&label);
            let Some(unit) = Unit::from_word(unit_word.as_str()) else {
                continue;
            };
            let folded: String = number.as_str().chars().map(fold_width).collect();
            let Ok(Some(amount)) = parse_amount(&folded, unit) else {
                continue;
            };
            let stated_by_a_keyed_fact = keyed
                .iter()
                .any(|f| f.block == block && f.money() == Some(amount.fen));
            if !known || stated_by_a_keyed_fact {
                continue;
            }
            out.push(Fact {
                key: ROW_FIGURE.to_string(),
                label: Some(label),
                value: FactValue::Money(amount),
                unit: "yuan",
                source_unit: Some(unit),
                change: None,
                sentence: sentence_between(&text, number.start(), &['。', '；', ';']),
                block,
                note: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_without_their_numbering_levels_and_endings() {
        for (narrative, row) in [
            ("（3）卫生健康支出（类）支出", "卫生健康支出"),
            ("2.“卫生健康支出”科目", "卫生健康支出"),
            ("（一）人员经费", "人员支出"),
            ("公共安全（类）支出", "  公共安全支出"),
            ("其他支出", "其他支出"),
            // 杭州: `按支出用途分类，包括人员支出 250,110.65 万元，…`.
            ("包括人员支出", "人员支出"),
            ("其中人员经费", "人员支出"),
        ] {
            assert_eq!(name_core(narrative), name_core(row), "{narrative}");
            assert!(!name_core(row).is_empty());
        }
        assert_ne!(name_core("事业收入"), name_core("事业支出"));
        assert_eq!(
            revenue_core("2.政府性基金预算拨款收入").as_deref(),
            Some(name_core("政府性基金预算").as_str())
        );
        assert_eq!(name_core("一般公共预算资金"), name_core("一般公共预算"));
        assert_eq!(
            name_core("2025年度一般公共预算拨款安排的培训费预算支出"),
            name_core("培训费")
        );
        assert_eq!(column_name("因公出国（境）费/决算数"), "因公出国（境）费");
        assert_eq!(column_name("2026年预算数/基本支出"), "基本支出");
        assert_eq!(name_core("2024年度决算数为"), "");
        assert_eq!(
            label_code("9.实验室及相关设施（2060204）").as_deref(),
            Some("2060204")
        );
    }

    #[test]
    fn a_label_names_a_columns_group_and_leaf_with_de() {
        assert_eq!(
            label_group_and_leaf("上年结转结余的一般公共预算收入"),
            column_group_and_leaf("上年结转结余/一般公共预算")
        );
        assert_eq!(
            label_group_and_leaf("上年结转结余的单位资金"),
            column_group_and_leaf("上年结转结余/单位资金")
        );
        assert_ne!(
            label_group_and_leaf("上年结转结余的一般公共预算收入"),
            column_group_and_leaf("本年收入/一般公共预算")
        );
        assert_eq!(column_group_and_leaf("一般公共预算"), None);
        // This year's money carried over is the item's own figure; last year's is not.
        assert!(own_figure("上年结转结余的单位资金", Some(2026)));
        assert!(!own_figure("上年预算数", Some(2026)));
    }

    #[test]
    fn changes_shares_and_other_years_are_not_the_items_own_figure() {
        let text = "卫生健康支出62.09万元，比上年增加3.00万元，2025年卫生健康支出59.09万元";
        let at = |s: &str| text.find(s).unwrap_or(0);
        assert_eq!(
            label_before(text, at("62.09"), Some(2026)).as_deref(),
            Some("卫生健康支出")
        );
        assert_eq!(label_before(text, at("3.00"), Some(2026)), None);
        assert_eq!(label_before(text, at("59.09"), Some(2026)), None);
        let coded = "9.实验室及相关设施（2060204），2024年度决算数为1,165.07万元";
        assert_eq!(
            label_before(coded, coded.find("1,165").unwrap_or(0), Some(2024)).as_deref(),
            Some("9.实验室及相关设施（2060204）")
        );
    }
}
