//! Names of classification codes: matching an uncoded row (`一般公共服务支出` in a 收支总表)
//! to its 功能分类 类 code, and checking that each code carries one name across tables.

use super::figure::row_of;
use super::summary_tables::{bare_name, SideModel};
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{Classification, Disclosure, ExtractedTable, Side, TableKind};
use crate::extract::rows::split_code_name;
use std::collections::BTreeMap;

/// 功能分类 类 names as the national classification prints them, used to place a name when the
/// document's own coded tables do not list that 类. Names change between years, so the
/// document's own spelling always wins.
const FUNCTION_CLASSES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

/// A 类 code of the national classification, as a static string.
pub(crate) fn national_class(code: &str) -> Option<&'static str> {
    FUNCTION_CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, _)| *c)
}

/// A name as compared: numbering, spaces and quotes dropped, brackets folded to one width.
pub(crate) fn normalize(name: &str) -> String {
    let bare = bare_name(name);
    if !bare.contains(['（', '）']) {
        return bare;
    }
    bare.replace('（', "(").replace('）', ")")
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice similarity of two names' character pairs, 0–1000: `a`, whose pairs are `pairs`, against
/// `b`. `scratch` is reused between calls.
fn similarity(a: &str, pairs: &[(char, char)], b: &str, scratch: &mut Vec<(char, char)>) -> usize {
    scratch.clear();
    let mut chars = b.chars();
    if let Some(mut previous) = chars.next() {
        for c in chars {
            scratch.push((previous, c));
            previous = c;
        }
    }
    if pairs.is_empty() || scratch.is_empty() {
        return usize::from(a == b) * 1000;
    }
    let total = pairs.len() + scratch.len();
    let mut common = 0usize;
    for pair in pairs {
        if let Some(i) = scratch.iter().position(|p| p == pair) {
            scratch.swap_remove(i);
            common += 1;
        }
    }
    2000 * common / total
}

/// The least similarity at which a misspelt name still counts as the same 类.
const SAME_NAME: usize = 700;

/// 功能分类 类 codes with their names, as the document's coded tables print them.
pub(crate) struct FunctionNames {
    known: Vec<(String, String)>,
}

impl FunctionNames {
    pub fn of(d: &Disclosure) -> FunctionNames {
        let mut known: Vec<(String, String)> = Vec::new();
        for table in d
            .tables
            .iter()
            .filter(|t| t.classification == Some(Classification::Functional))
        {
            for row in table.rows.iter().filter(|r| r.level == Some(1)) {
                if let Some(code) = &row.code {
                    let name = normalize(&row.name);
                    if !name.is_empty() && !known.iter().any(|(c, n)| c == code && *n == name) {
                        known.push((code.clone(), name));
                    }
                }
            }
        }
        FunctionNames { known }
    }

    fn candidates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.known
            .iter()
            .map(|(c, n)| (c.as_str(), n.as_str()))
            .chain(FUNCTION_CLASSES.iter().copied())
    }

    /// The 类 code a name is, spelled exactly as the document's coded tables or the national
    /// list spell it.
    pub fn exact_code_for(&self, name: &str) -> Option<String> {
        let name = normalize(name);
        let name = name.strip_suffix("预算").unwrap_or(&name);
        self.candidates()
            .find(|(_, n)| !name.is_empty() && *n == name)
            .map(|(code, _)| code.to_string())
    }

    /// The 类 code a name stands for: an exact match in the document, else in the national list,
    /// else the single most similar name above [`SAME_NAME`].
    pub fn code_for(&self, name: &str) -> Option<String> {
        if let Some(code) = self.exact_code_for(name) {
            return Some(code);
        }
        let name = normalize(name);
        let name = name.strip_suffix("预算").unwrap_or(&name);
        if name.is_empty() {
            return None;
        }
        let pairs = bigrams(name);
        let mut scratch = Vec::new();
        let mut best: Option<(usize, &str)> = None;
        let mut tied = false;
        for (code, candidate) in self.candidates() {
            let score = similarity(name, &pairs, candidate, &mut scratch);
            match best {
                Some((s, c)) if score == s && c != code => tied = true,
                Some((s, _)) if score <= s => {}
                _ => {
                    best = Some((score, code));
                    tied = false;
                }
            }
        }
        match best {
            Some((score, code)) if score >= SAME_NAME && !tied => Some(code.to_string()),
            _ => None,
        }
    }
}

/// One place a code is printed with a name.
struct Occurrence {
    name: String,
    printed: String,
    at: Involved,
}

fn classification_of_code(code: &str) -> Option<Classification> {
    match code.as_bytes().first()? {
        b'2' => Some(Classification::Functional),
        b'3' => Some(Classification::DepartmentEconomic),
        b'5' => Some(Classification::GovernmentEconomic),
        _ => None,
    }
}

fn occurrence(table: &ExtractedTable, side: Option<Side>, code: &str, name: &str) -> Occurrence {
    Occurrence {
        name: normalize(name),
        printed: crate::extract::title::squeeze(name),
        at: row_of(table, side, code),
    }
}

fn class_label(class: Classification) -> &'static str {
    match class {
        Classification::Functional => "功能分类",
        Classification::DepartmentEconomic => "部门经济分类",
        Classification::GovernmentEconomic => "政府经济分类",
    }
}

/// The same code carries the same name in every table.
pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    let functions = FunctionNames::of(d);
    // Per code, the distinct (table, name) places it is printed, in document order.
    let mut by_code: BTreeMap<(u8, String), Vec<Occurrence>> = BTreeMap::new();
    let class_key = |c: Classification| match c {
        Classification::Functional => 0u8,
        Classification::DepartmentEconomic => 1,
        Classification::GovernmentEconomic => 2,
    };
    let mut add = |class: Classification, code: &str, occ: Occurrence| {
        let list = by_code
            .entry((class_key(class), code.to_string()))
            .or_default();
        let same_table = |o: &Occurrence| match (&o.at, &occ.at) {
            (Involved::Table { block: a, .. }, Involved::Table { block: b, .. }) => a == b,
            _ => false,
        };
        if !list.iter().any(|o| same_table(o) && o.name == occ.name) && !occ.name.is_empty() {
            list.push(occ);
        }
    };
    for table in &d.tables {
        if table.kind == TableKind::PerformanceTargets {
            continue;
        }
        if table.kind.is_two_sided() {
            let model = SideModel::read(table, Side::Expenditure);
            // A numbered row naming a function heads its 款 and 项 (深圳's 收支总表): it is the
            // function's row, and the names under it are no 类.
            let rows = model
                .function_rows_where(|h| functions.code_for(&h.name).is_some_and(|c| c.len() == 3));
            for row in rows {
                if let Some(code) = functions.code_for(&row.name) {
                    add(
                        Classification::Functional,
                        &code,
                        occurrence(table, Some(Side::Expenditure), &code, &row.name),
                    );
                }
            }
            continue;
        }
        if table.kind == TableKind::Procurement {
            for row in &table.rows {
                for (key, text) in &row.fields {
                    let class = match key.as_str() {
                        "functional_subject" => Classification::Functional,
                        "government_economic_subject" => Classification::GovernmentEconomic,
                        "department_economic_subject" => Classification::DepartmentEconomic,
                        _ => continue,
                    };
                    if let Some((code, name)) = split_code_name(text) {
                        add(class, &code, occurrence(table, None, &code, &name));
                    }
                }
            }
            continue;
        }
        for row in &table.rows {
            let Some(code) = row.code.as_deref() else {
                continue;
            };
            let Some(class) = table
                .classification
                .or_else(|| classification_of_code(code))
            else {
                continue;
            };
            add(class, code, occurrence(table, None, code, &row.name));
        }
    }
    for ((class, code), occurrences) in by_code {
        let tables = occurrences.len();
        if tables < 2 {
            continue;
        }
        // The spelling most tables use is taken as meant; a tie goes to the first printed.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for o in &occurrences {
            match counts.iter_mut().find(|(n, _)| *n == o.name) {
                Some((_, c)) => *c += 1,
                None => counts.push((&o.name, 1)),
            }
        }
        let majority = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, c))| (*c, std::cmp::Reverse(*i)))
            .map(|(_, (n, _))| n.to_string())
            .unwrap_or_default();
        let reference = occurrences.iter().find(|o| o.name == majority);
        let class_name = class_label(match class {
            0 => Classification::Functional,
            1 => Classification::DepartmentEconomic,
            _ => Classification::GovernmentEconomic,
        });
        let deviating: Vec<&Occurrence> =
            occurrences.iter().filter(|o| o.name != majority).collect();
        if deviating.is_empty() {
            let printed = reference.map(|o| o.printed.clone()).unwrap_or_default();
            out.push(CheckResult {
                rule: rule::CODE_NAME,
                status: Status::Pass,
                note: None,
                relation: Relation::Equal,
                involves: occurrences.iter().map(|o| o.at.clone()).collect(),
                expected: Some(Value::Text(printed.clone())),
                actual: Some(Value::Text(printed.clone())),
                difference: None,
                tolerance: None,
                message: format!("{class_name} {code} is named {printed} in all {tables} tables"),
            });
            continue;
        }
        let reference_printed = reference.map(|o| o.printed.clone()).unwrap_or_default();
        for o in deviating {
            let (kind, block) = match &o.at {
                Involved::Table { table, block, .. } => (*table, *block),
                Involved::Fact { block, .. } | Involved::Text { block, .. } => {
                    (TableKind::Unknown, *block)
                }
            };
            let mut involves = vec![o.at.clone()];
            involves.extend(reference.map(|r| r.at.clone()));
            out.push(CheckResult {
                rule: rule::CODE_NAME,
                status: Status::Fail,
                note: None,
                relation: Relation::Equal,
                involves,
                expected: Some(Value::Text(reference_printed.clone())),
                actual: Some(Value::Text(o.printed.clone())),
                difference: None,
                tolerance: None,
                message: format!(
                    "{class_name} {code} is named {} in {} (block {block}) but {reference_printed} elsewhere",
                    o.printed,
                    super::figure::kind_name(kind)
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_class_names_still_place() {
        let names = FunctionNames { known: Vec::new() };
        assert_eq!(
            names.code_for("资源勘探工程信息等支出").as_deref(),
            Some("215")
        );
        assert_eq!(
            names.code_for("一、一般公共服务支出").as_deref(),
            Some("201")
        );
        assert_eq!(names.code_for("住房保障支出预算").as_deref(), Some("221"));
        assert_eq!(names.code_for("本年支出"), None);
        assert_eq!(names.code_for("结转下年"), None);
    }
}
