//! What extraction produces: a disclosure's identity, its tables as classified line items, its
//! narrative facts, and the summary figures researchers ask for first.

use crate::money::{Amount, Fen, Unit};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::str::FromStr;

/// The canonical table kinds, whatever the printed title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    RevenueExpenditureSummary,
    Revenue,
    Expenditure,
    AppropriationSummary,
    GeneralBudgetExpenditure,
    GeneralBudgetBasicExpenditure,
    AppropriationExpenditure,
    AppropriationBasicExpenditure,
    ThreePublic,
    OperatingExpenses,
    GovernmentFundExpenditure,
    StateCapitalExpenditure,
    ProjectExpenditure,
    Procurement,
    PerformanceTargets,
    Unknown,
}

impl TableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::RevenueExpenditureSummary => "revenue_expenditure_summary",
            TableKind::Revenue => "revenue",
            TableKind::Expenditure => "expenditure",
            TableKind::AppropriationSummary => "appropriation_summary",
            TableKind::GeneralBudgetExpenditure => "general_budget_expenditure",
            TableKind::GeneralBudgetBasicExpenditure => "general_budget_basic_expenditure",
            TableKind::AppropriationExpenditure => "appropriation_expenditure",
            TableKind::AppropriationBasicExpenditure => "appropriation_basic_expenditure",
            TableKind::ThreePublic => "three_public",
            TableKind::OperatingExpenses => "operating_expenses",
            TableKind::GovernmentFundExpenditure => "government_fund_expenditure",
            TableKind::StateCapitalExpenditure => "state_capital_expenditure",
            TableKind::ProjectExpenditure => "project_expenditure",
            TableKind::Procurement => "procurement",
            TableKind::PerformanceTargets => "performance_targets",
            TableKind::Unknown => "unknown",
        }
    }

    /// Tables whose rows are two independent lists side by side: revenue left, expenditure right.
    pub fn is_two_sided(self) -> bool {
        matches!(
            self,
            TableKind::RevenueExpenditureSummary | TableKind::AppropriationSummary
        )
    }
}

/// Which classification of government revenue and expenditure a table's row codes follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// 支出功能分类: 类 3 digits, 款 5, 项 7.
    Functional,
    /// 部门预算支出经济分类: 类 301…, 款 30101….
    DepartmentEconomic,
    /// 政府预算支出经济分类: 类 501…, 款 50101….
    GovernmentEconomic,
}

/// The side of a two-sided summary table a line item sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Revenue,
    Expenditure,
}

/// What an amount column measures: money planned (预算数, 年初预算数) or money spent and received
/// (决算数 and the columns of a final-accounts table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Budget,
    Actual,
}

/// A table column with its stable key and the label as printed (parent label first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    pub key: String,
    pub label: String,
    /// True for columns of amounts, false for text columns such as codes and names.
    pub amount: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Set on the amount columns of final accounts, whose tables mix budgeted and actual figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// In a table printed as several lists side by side, the list the column belongs to (from 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<usize>,
}

/// The amounts of one row, in column order, keyed by column key. `None` is a blank cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(pub Vec<(String, Option<Amount>)>);

impl Values {
    pub fn get(&self, key: &str) -> Option<Fen> {
        self.amount(key).map(|a| a.fen)
    }

    pub fn amount(&self, key: &str) -> Option<Amount> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, amount)| *amount)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, amount) in &self.0 {
            map.serialize_entry(key, &amount.map(|a| a.fen))?;
        }
        map.end()
    }
}

/// One normalized table row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LineItem {
    /// The row's index among the source table's rows.
    pub row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// In a table printed as several lists side by side, the list the row belongs to (from 0):
    /// rows of different lists can share a row index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<usize>,
    pub code: Option<String>,
    pub name: String,
    /// 1 for 类, 2 for 款, 3 for 项.
    pub level: Option<u8>,
    pub parent: Option<String>,
    /// True for 合计/总计 rows.
    pub total: bool,
    pub values: Values,
    /// Text columns other than code and name (procurement project names, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    /// The row's cells as printed, up to the last one with text (writers differ in whether they
    /// pad a row with blank cells to the table's full width).
    pub raw: Vec<String>,
}

/// A table found in the document, classified and normalized.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExtractedTable {
    pub kind: TableKind,
    pub title: String,
    pub source_unit: Option<Unit>,
    /// The classification its row codes follow, where they have codes.
    pub classification: Option<Classification>,
    /// For performance-target tables: `department` (部门整体) or `project` (项目).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The block index of the table in the document.
    pub block: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<LineItem>,
}

impl ExtractedTable {
    /// The first 合计/总计 row (on `side`, for two-sided tables).
    pub fn total_row(&self, side: Option<Side>) -> Option<&LineItem> {
        self.rows.iter().find(|r| r.total && r.side == side)
    }

    pub fn row_by_code(&self, code: &str) -> Option<&LineItem> {
        self.rows.iter().find(|r| r.code.as_deref() == Some(code))
    }
}

/// The value a narrative fact states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactValue {
    Money(Amount),
    Count(i64),
    Percent(Percent),
}

/// A percentage as printed (`98.20%` is 9820 with 2 decimals), kept exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percent {
    pub scaled: i64,
    pub decimals: u32,
}

impl Percent {
    /// Parses `98.20`, `0`, `-1.87` (the number before `%`).
    pub fn parse(text: &str) -> Option<Percent> {
        let t = text.trim();
        let (negative, body) = match t.strip_prefix(['-', '－', '−']) {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, frac) = body.split_once(['.', '．']).unwrap_or((body, ""));
        if whole.is_empty() || whole.len() > 9 || frac.len() > 6 {
            return None;
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let scaled: i64 = format!("{whole}{frac}").parse().ok()?;
        Some(Percent {
            scaled: if negative { -scaled } else { scaled },
            decimals: frac.len() as u32,
        })
    }

    /// The value as printed, exactly: `98.20`, `-1.87`, `0`.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.scaled < 0 { "-" } else { "" };
        let digits = self.scaled.unsigned_abs().to_string();
        let places = self.decimals as usize;
        if places == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = places + 1);
        let (whole, frac) = padded.split_at(padded.len() - places);
        format!("{sign}{whole}.{frac}")
    }

    /// The value as a float, for comparisons that allow rounding.
    pub fn as_f64(self) -> f64 {
        self.scaled as f64 / 10f64.powi(self.decimals as i32)
    }

    pub fn negated(self) -> Percent {
        Percent {
            scaled: -self.scaled,
            decimals: self.decimals,
        }
    }
}

/// A figure stated in the narrative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub key: String,
    /// What the figure is about, where the key alone does not say (a function's name, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(serialize_with = "serialize_fact_value")]
    pub value: FactValue,
    /// `yuan`, `count` or `percent`.
    pub unit: &'static str,
    /// The printed unit of a money figure (万元, 元).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_unit: Option<Unit>,
    /// Year-on-year change, negative for 减少; same unit as `value`.
    #[serde(serialize_with = "serialize_change")]
    pub change: Option<FactValue>,
    pub sentence: String,
    /// The block index of the paragraph it came from.
    pub block: usize,
    /// What the text gives as the reason for the figure (决算数小于预算数的主要原因：…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Fact {
    pub fn money(&self) -> Option<Fen> {
        match self.value {
            FactValue::Money(a) => Some(a.fen),
            FactValue::Count(_) | FactValue::Percent(_) => None,
        }
    }

    pub fn percent(&self) -> Option<Percent> {
        match self.value {
            FactValue::Percent(p) => Some(p),
            FactValue::Money(_) | FactValue::Count(_) => None,
        }
    }

    pub fn count(&self) -> Option<i64> {
        match self.value {
            FactValue::Count(n) => Some(n),
            FactValue::Money(_) | FactValue::Percent(_) => None,
        }
    }
}

fn serialize_fact_value<S: Serializer>(value: &FactValue, s: S) -> Result<S::Ok, S::Error> {
    match value {
        FactValue::Money(a) => a.fen.serialize(s),
        FactValue::Count(n) => s.serialize_i64(*n),
        // Written through its decimal text so that 98.20 stays exactly what was printed.
        FactValue::Percent(p) => match serde_json::Number::from_str(&p.to_decimal_string()) {
            Ok(number) => number.serialize(s),
            Err(_) => s.serialize_f64(p.as_f64()),
        },
    }
}

fn serialize_change<S: Serializer>(value: &Option<FactValue>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize_fact_value(v, s),
        None => s.serialize_none(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// What the narrative says the department is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub functions: Vec<String>,
    pub internal_units: Vec<String>,
    pub subordinate_units: Vec<String>,
    pub contact: Contact,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ThreePublic {
    pub total: Option<Fen>,
    pub outbound_travel: Option<Fen>,
    pub official_reception: Option<Fen>,
    pub vehicle_purchase: Option<Fen>,
    pub vehicle_operation: Option<Fen>,
}

/// The headline figures, in yuan: from the tables where a table has them, else from the
/// narrative; `null` where the document states neither.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub revenue_total: Option<Fen>,
    pub expenditure_total: Option<Fen>,
    pub basic_expenditure: Option<Fen>,
    pub project_expenditure: Option<Fen>,
    /// Money a department holds back beside basic and project spending (单位预留机动经费).
    pub reserve_expenditure: Option<Fen>,
    pub operating_expenses: Option<Fen>,
    pub procurement_total: Option<Fen>,
    pub three_public: ThreePublic,
    /// Final accounts: money carried over into the year (年初结转和结余), from the 收入支出决算总表.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carryover_prior: Option<Fen>,
    /// Final accounts: money carried over out of the year (年末结转和结余).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carryover_next: Option<Fen>,
    /// Final accounts: the 三公 budget (预算数) beside `three_public`, which holds the 决算数.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub three_public_budget: Option<ThreePublic>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Budget,
    FinalAccounts,
}

/// Something extraction could not do cleanly, with where it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub block: Option<usize>,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    pub department: Option<String>,
    /// The department's key, scope and region, read from its name.
    pub department_identity: Option<crate::extract::department::Identity>,
    pub fiscal_year: Option<u16>,
    pub document_kind: DocumentKind,
    pub summary: Summary,
    pub profile: Profile,
    pub tables: Vec<ExtractedTable>,
    pub facts: Vec<Fact>,
    pub warnings: Vec<Warning>,
    /// The document's paragraphs, for the checks that read headings, dates and the contents
    /// list; the output carries the figures read from them, not the text again.
    #[serde(skip)]
    pub paragraphs: Vec<TextBlock>,
    /// The tables the document's contents list (目录) announces.
    #[serde(skip)]
    pub contents: Vec<ContentsEntry>,
    /// The running titles of its pages (page furniture), for the checks that read headings.
    #[serde(skip)]
    pub running_heads: Vec<TextBlock>,
}

/// A paragraph and its block index in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBlock {
    pub block: usize,
    pub text: String,
}

/// A table a contents list (目录) announces: the entry as printed, without its list label, dot
/// leader and page number, and the kind its title names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentsEntry {
    pub block: usize,
    pub title: String,
    pub kind: TableKind,
}

impl Disclosure {
    pub fn table(&self, kind: TableKind) -> Option<&ExtractedTable> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    pub fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.key == key)
    }
}

#[cfg(test)]
mod percent_tests {
    use super::Percent;

    #[test]
    fn percent_text_round_trips_exactly() {
        for text in ["98.20", "0", "-1.87", "0.05", "100.0", "-0.5"] {
            let p = Percent::parse(text).expect("parses");
            assert_eq!(p.to_decimal_string(), text);
        }
    }
}
