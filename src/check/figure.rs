//! Printed figures with the rounding they carry, and the one comparison every money rule uses.

use super::{CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::model::{
    Disclosure, ExtractedTable, Fact, FactValue, LineItem, Side, TableKind, TextBlock,
};
use crate::extract::title::{classify, is_table_title, squeeze};
use crate::money::{Amount, Fen, Unit};

/// One printed amount: its exact value, half of its last printed digit (zero when it is exact:
/// blank, a dash, or a printed zero) and where it was printed.
#[derive(Clone, Debug)]
pub(crate) struct Figure {
    pub fen: Fen,
    pub half: i64,
    /// The grid it was printed on (unit, decimals); `None` when exact.
    pub grid: Option<(Unit, u32)>,
    /// The unit it was printed in, for messages.
    pub unit: Unit,
    pub at: Involved,
}

impl Figure {
    pub fn new(amount: Option<Amount>, unit: Unit, at: Involved) -> Figure {
        match amount {
            Some(a) if a.fen != Fen::ZERO => Figure {
                fen: a.fen,
                half: unit.half_unit_of_last_digit(a.decimals),
                grid: Some((unit, a.decimals)),
                unit,
                at,
            },
            _ => Figure {
                fen: Fen::ZERO,
                half: 0,
                grid: None,
                unit,
                at,
            },
        }
    }

    /// A narrative money fact as a figure; `None` for counts.
    pub fn fact(fact: &Fact) -> Option<Figure> {
        let FactValue::Money(amount) = fact.value else {
            return None;
        };
        let unit = fact.source_unit.unwrap_or(Unit::Yuan);
        Some(Figure::new(
            Some(amount),
            unit,
            Involved::Fact {
                fact: fact.key.clone(),
                label: fact.label.clone(),
                block: fact.block,
                value: Some(amount.fen),
            },
        ))
    }

    /// A fact's year-on-year change as a figure.
    pub fn change(fact: &Fact) -> Option<Figure> {
        let Some(FactValue::Money(amount)) = fact.change else {
            return None;
        };
        let unit = fact.source_unit.unwrap_or(Unit::Yuan);
        Some(Figure::new(
            Some(amount),
            unit,
            Involved::Fact {
                fact: format!("{}.change", fact.key),
                label: fact.label.clone(),
                block: fact.block,
                value: Some(amount.fen),
            },
        ))
    }
}

/// The title of a table of `kind` the document prints with no table under it: a table whose
/// cells are all blank, which the reader finds no rows in. Its figures are blank cells, not
/// figures no table states.
pub(crate) fn title_without_figures(d: &Disclosure, kind: TableKind) -> Option<&TextBlock> {
    if d.table(kind).is_some() {
        return None;
    }
    d.paragraphs.iter().find(|p| {
        !p.text.trim_start().starts_with('注')
            && is_table_title(&p.text)
            && classify(&p.text) == kind
    })
}

/// A blank cell of a table printed as its title alone (see [`title_without_figures`]).
pub(crate) fn blank_under(title: &TextBlock, unit: Unit) -> Figure {
    Figure::new(
        None,
        unit,
        Involved::Text {
            block: title.block,
            text: title.text.trim().to_string(),
        },
    )
}

/// A row of a table as the thing a check is about, with no column or value of it.
pub(crate) fn row_of(
    table: &ExtractedTable,
    side: Option<Side>,
    row: impl Into<String>,
) -> Involved {
    Involved::Table {
        table: table.kind,
        block: table.block,
        side,
        row: row.into(),
        column: None,
        value: None,
    }
}

/// A table's title as the thing a check is about (`row` is `title`), on one side or the whole.
pub(crate) fn title_of(table: &ExtractedTable, side: Option<Side>) -> Involved {
    row_of(table, side, "title")
}

/// One level of a classification path a narrative prints (`司法（06款）`): the level's name and
/// the code printed with its marker (empty for a bare `（款）`).
struct PathLevel<'a> {
    name: String,
    code: &'a str,
}

/// The levels of a classification path (`一般公共服务支出（类）财政事务（款）行政运行（项）`), split
/// at its level markers only: a name may hold brackets of its own (`政府办公厅（室）及相关机构事务`).
fn path_levels(label: &str) -> Vec<PathLevel<'_>> {
    let mut levels = Vec::new();
    let mut name_start = 0;
    let mut search = 0;
    while let Some(open) = label[search..].find('（').map(|i| search + i) {
        let inner_start = open + '（'.len_utf8();
        let Some(close) = label[inner_start..].find('）').map(|i| inner_start + i) else {
            break;
        };
        let next = close + '）'.len_utf8();
        // Any other bracket is the name's own: the name goes on past it.
        if let Some(code) = level_code(&label[inner_start..close]) {
            levels.push(PathLevel {
                name: same_name(&label[name_start..open]),
                code,
            });
            name_start = next;
        }
        search = next;
    }
    levels
}

/// A name as a classification compares it: without spaces, and with the variant `其它` written
/// `其他` as the code tables print it.
fn same_name(name: &str) -> String {
    squeeze(name).replace("其它", "其他")
}

/// The 项 row of a functional table a narrative item names (`一般公共服务支出（类）财政事务（款）
/// 行政运行（项）`, or `财政事务（款）行政运行（项）` under a heading naming the 类): by its name
/// under the named 款 (and 类), else the only 项 of that name.
pub(crate) fn item_row<'a>(table: &'a ExtractedTable, label: &str) -> Option<&'a LineItem> {
    let levels = path_levels(label);
    let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
    let (class, section, item) = match names.as_slice() {
        [class, section, item] => (Some(*class), *section, *item),
        [section, item] => (None, *section, *item),
        _ => return None,
    };
    let name_of = |code: &str| {
        table
            .row_by_code(code)
            .map(|r| same_name(&r.name))
            .unwrap_or_default()
    };
    let items: Vec<&LineItem> = table
        .rows
        .iter()
        .filter(|r| r.level == Some(3) && same_name(&r.name) == item)
        .collect();
    items
        .iter()
        .copied()
        .find(|r| {
            let code = r.code.as_deref().unwrap_or("");
            code.len() == 7
                && name_of(&code[..5]) == section
                && class.is_none_or(|c| name_of(&code[..3]) == c)
        })
        .or(match items.as_slice() {
            // Unless its 款 is printed under another name: then the 项 named is not in the table.
            [only] => {
                let code = only.code.as_deref().unwrap_or("");
                let printed = code.get(..5).map(name_of).unwrap_or_default();
                (printed.is_empty() || printed == section).then_some(*only)
            }
            _ => None,
        })
}

/// The code a level marker of a classification path prints (`204类` → `204`, `款` → ``).
fn level_code(part: &str) -> Option<&str> {
    let code = part.strip_suffix(['类', '款', '项'])?;
    code.chars().all(|c| c.is_ascii_digit()).then_some(code)
}

/// The whole 项 code a classification path prints level by level (`公共安全支出（204类）司法
/// （06款）基层司法业务（04项）` → `2040604`), where it prints all three.
pub(crate) fn printed_item_code(label: &str) -> Option<String> {
    let levels = path_levels(label);
    match levels.as_slice() {
        [class, section, item]
            if class.code.len() == 3 && section.code.len() == 2 && item.code.len() == 2 =>
        {
            Some(format!("{}{}{}", class.code, section.code, item.code))
        }
        _ => None,
    }
}

/// The unit a table's amounts are read in (extraction reads an undeclared unit as 元).
pub(crate) fn table_unit(table: &ExtractedTable) -> Unit {
    table.source_unit.unwrap_or(Unit::Yuan)
}

/// How a row is named in check output: its code, else its printed name.
pub(crate) fn row_label(row: &LineItem) -> String {
    match &row.code {
        Some(code) => code.clone(),
        // A procurement table prints its 合计： in a text column, leaving the name blank.
        None if row.total && row.name.trim().is_empty() => "合计".to_string(),
        None => crate::extract::title::squeeze(&row.name),
    }
}

/// One cell of a table as a figure; a blank cell is an exact zero.
/// The key under which `row` holds the amount of column `key`. A row of another list printed
/// side by side holds it under that list's own key, `key` with a suffix (`amount_2`, see
/// `extract::keys`).
fn key_in_row<'a>(row: &'a LineItem, key: &'a str) -> &'a str {
    if row.values.has_key(key) {
        return key;
    }
    let mut suffixed = row.values.keys().filter(|k| {
        k.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    match (suffixed.next(), suffixed.next()) {
        (Some(only), None) => only,
        _ => key,
    }
}

pub(crate) fn cell(table: &ExtractedTable, row: &LineItem, key: &str) -> Figure {
    let key = key_in_row(row, key);
    let amount = row.values.amount(key);
    Figure::new(
        amount,
        table_unit(table),
        Involved::Table {
            table: table.kind,
            block: table.block,
            side: row.side,
            row: row_label(row),
            column: Some(key.to_string()),
            value: amount.map(|a| a.fen),
        },
    )
}

/// Whether any of the given cells holds a value.
pub(crate) fn any_value(row: &LineItem, keys: &[&str]) -> bool {
    keys.iter().any(|k| row.values.amount(k).is_some())
}

/// The label a column is printed with, last part only (`2026年预算数/基本支出` → `基本支出`)
/// unless that part is a bare 小计 or another amount column's too (`本年收入/一般公共预算` beside
/// `上年结转结余/一般公共预算`).
pub(crate) fn column_label(table: &ExtractedTable, key: &str) -> String {
    let last_part = |label: &str| label.rsplit('/').next().unwrap_or(label).to_string();
    table
        .columns
        .iter()
        .find(|c| c.key == key && c.amount)
        .map(|c| {
            let last = last_part(&c.label);
            let shared = table
                .columns
                .iter()
                .any(|o| o.amount && o.key != c.key && last_part(&o.label) == last);
            // `小计` alone does not say of what.
            if shared || matches!(last.as_str(), "小计" | "合计") {
                c.label.clone()
            } else {
                last
            }
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| key.to_string())
}

/// A short Chinese name for a table kind, for messages.
pub(crate) fn kind_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::RevenueExpenditureSummary => "部门收支总表",
        TableKind::Revenue => "部门收入总表",
        TableKind::Expenditure => "部门支出总表",
        TableKind::AppropriationSummary => "财政拨款收支总表",
        TableKind::GeneralBudgetExpenditure => "一般公共预算财政拨款支出表",
        TableKind::GeneralBudgetBasicExpenditure => "一般公共预算基本支出表",
        TableKind::AppropriationExpenditure => "财政拨款支出表",
        TableKind::AppropriationBasicExpenditure => "财政拨款基本支出表",
        TableKind::ThreePublic => "“三公”经费支出表",
        TableKind::OperatingExpenses => "机关运行经费表",
        TableKind::GovernmentFundExpenditure => "政府性基金预算支出表",
        TableKind::StateCapitalExpenditure => "国有资本经营预算支出表",
        TableKind::ProjectExpenditure => "项目支出表",
        TableKind::Procurement => "政府采购表",
        TableKind::PerformanceTargets => "绩效目标表",
        TableKind::Unknown => "未识别表",
    }
}

/// An amount in a printed unit, exactly: `4,816.16万元`, `0.035万元`, `-28.4元`.
pub(crate) fn show(fen: Fen, unit: Unit) -> String {
    let mut out = String::with_capacity(32);
    push_shown(&mut out, fen, unit);
    out
}

/// Appends [`show`]'s text.
pub(crate) fn push_shown(out: &mut String, fen: Fen, unit: Unit) {
    let per = unit.fen_per_unit().unsigned_abs();
    let places = per.ilog10() as usize;
    let value = i128::from(fen.0);
    if value < 0 {
        out.push('-');
    }
    let abs = value.unsigned_abs();
    let (mut whole, mut fraction) = (abs / per, abs % per);
    // Digits right to left: an i64 of fen has at most 19, a unit's fraction at most 10.
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    let width = digits.len() - start;
    for (i, &d) in digits[start..].iter().enumerate() {
        if i > 0 && (width - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(d));
    }
    let mut fraction_digits = [b'0'; 40];
    for slot in fraction_digits[..places].iter_mut().rev() {
        *slot = b'0' + (fraction % 10) as u8;
        fraction /= 10;
    }
    let mut kept = places;
    while kept > 2 && fraction_digits[kept - 1] == b'0' {
        kept -= 1;
    }
    if kept > 0 {
        out.push('.');
        for &d in &fraction_digits[..kept] {
            out.push(char::from(d));
        }
    }
    out.push_str(unit.label());
}

/// The widest rounding two sides of a comparison can honestly differ by. Each printed figure may
/// be off its true value by half its last digit; when every inexact figure sits on one grid and
/// one side is a single figure, rounding that side cannot add more than the other side already
/// allows (a rounded total differs from the sum of n rounded parts by at most n half-units).
pub(crate) fn tolerance(expected: &[Figure], actual: &[Figure]) -> Fen {
    let inexact = |side: &[Figure]| side.iter().filter(|f| f.grid.is_some()).count();
    let halves = |side: &[Figure]| side.iter().fold(0i64, |sum, f| sum.saturating_add(f.half));
    let mut grids = expected.iter().chain(actual).filter_map(|f| f.grid);
    let one_grid = match grids.next() {
        Some(first) => grids.all(|g| g == first),
        None => true,
    };
    let (e, a) = (halves(expected), halves(actual));
    if one_grid && (inexact(expected) <= 1 || inexact(actual) <= 1) {
        Fen(e.max(a))
    } else {
        Fen(e.saturating_add(a))
    }
}

fn is_blank_cell(at: &Involved) -> bool {
    matches!(
        at,
        Involved::Table {
            value: None,
            column: Some(_),
            ..
        }
    )
}

/// `its 3 child rows`, `its only child row`.
pub(crate) fn count_of(n: usize, what: &str) -> String {
    if n == 1 {
        format!("its only {what}")
    } else {
        format!("its {n} {what}s")
    }
}

/// What a money comparison is about, for its message.
pub(crate) struct Claim {
    /// What the actual figure is: `部门支出总表 201 一般公共服务支出 [基本支出]`.
    pub subject: String,
    /// What the expected figure is: `the sum of its 4 children`.
    pub expected_is: String,
}

/// A message built in one buffer, amounts shown in one unit.
struct Message {
    text: String,
    unit: Unit,
}

impl Message {
    fn push(&mut self, text: &str) -> &mut Message {
        self.text.push_str(text);
        self
    }

    fn amount(&mut self, fen: Fen) -> &mut Message {
        push_shown(&mut self.text, fen, self.unit);
        self
    }
}

/// The outcome of a money comparison, before anything is written about it.
struct Judgement {
    status: Status,
    rounding: bool,
    expected_sum: Fen,
    actual_sum: Fen,
    difference: Fen,
    tol: Fen,
}

/// Whether one figure restates another printed to more decimals by cutting it short rather than
/// rounding it (`87.70万元` for a table's `877,080.00元`, `204.91万元` for `204.9197万元`): some
/// writers cut every figure so, and the figure is right to its own decimals.
fn cut_short(expected: &[Figure], actual: &[Figure]) -> bool {
    let ([a], [b]) = (expected, actual) else {
        return false;
    };
    let (coarse, fine) = if a.half > b.half { (a, b) } else { (b, a) };
    let cut = fine.fen.0.saturating_sub(coarse.fen.0);
    coarse.fen.0 > 0 && cut >= 0 && cut < coarse.half.saturating_mul(2)
}

fn judge(relation: Relation, expected: &[Figure], actual: &[Figure]) -> Judgement {
    let expected_sum: Fen = expected.iter().map(|f| f.fen).sum();
    let actual_sum: Fen = actual.iter().map(|f| f.fen).sum();
    let difference = actual_sum - expected_sum;
    let tol = tolerance(expected, actual);
    let excess = match relation {
        Relation::Equal => Fen(difference.0.saturating_abs()),
        Relation::AtMost => difference.max(Fen::ZERO),
    };
    let (status, rounding) = if excess == Fen::ZERO {
        (Status::Pass, false)
    } else if excess <= tol || (relation == Relation::Equal && cut_short(expected, actual)) {
        (Status::Pass, true)
    } else {
        (Status::Fail, false)
    };
    Judgement {
        status,
        rounding,
        expected_sum,
        actual_sum,
        difference,
        tol,
    }
}

/// Compares the sum of `actual` with the sum of `expected` (equal, or at most), to the rounding
/// the printed figures allow, into `out`. The claim is only put into words when the record is
/// kept whole: most checks pass, and a pass the output does not list is only counted.
pub(crate) fn compare_into(
    out: &mut Checks,
    rule: &'static str,
    relation: Relation,
    expected: Vec<Figure>,
    actual: Vec<Figure>,
    claim: impl FnOnce() -> Claim,
) {
    let judgement = judge(relation, &expected, &actual);
    if judgement.status == Status::Pass && !out.keeps_passes() {
        out.count_pass(rule, expected.iter().chain(&actual).map(|f| &f.at));
        return;
    }
    out.push(record(rule, relation, expected, actual, claim(), judgement));
}

/// Compares the sum of `actual` with the sum of `expected` (equal, or at most), to the rounding
/// the printed figures allow.
pub(crate) fn compare(
    rule: &'static str,
    relation: Relation,
    expected: Vec<Figure>,
    actual: Vec<Figure>,
    claim: Claim,
) -> CheckResult {
    let judgement = judge(relation, &expected, &actual);
    record(rule, relation, expected, actual, claim, judgement)
}

/// The whole record of a judged comparison, with its message.
fn record(
    rule: &'static str,
    relation: Relation,
    expected: Vec<Figure>,
    actual: Vec<Figure>,
    claim: Claim,
    judgement: Judgement,
) -> CheckResult {
    let Judgement {
        status,
        rounding,
        expected_sum,
        actual_sum,
        difference,
        tol,
    } = judgement;
    let note = rounding.then(|| "rounding".to_string());
    let unit = actual
        .first()
        .or(expected.first())
        .map(|f| f.unit)
        .unwrap_or(Unit::Yuan);
    let Claim {
        subject,
        expected_is,
    } = claim;
    let mut m = Message {
        text: String::with_capacity(subject.len() + expected_is.len() + 160),
        unit,
    };
    m.push(&subject).push(": ").amount(actual_sum);
    match (relation, status, note.is_some()) {
        (Relation::Equal, Status::Pass, false) => {
            m.push(", equal to ")
                .push(&expected_is)
                .push(" ")
                .amount(expected_sum);
        }
        (Relation::Equal, Status::Pass, true) => {
            m.push(" against ")
                .push(&expected_is)
                .push(" ")
                .amount(expected_sum)
                .push("; the difference ")
                .amount(difference)
                .push(" is within rounding (±")
                .amount(tol)
                .push(")");
        }
        (Relation::Equal, _, _) => {
            m.push(", but ")
                .push(&expected_is)
                .push(" is ")
                .amount(expected_sum)
                .push("; difference ")
                .amount(difference)
                .push(" (rounding allows ±")
                .amount(tol)
                .push(")");
        }
        (Relation::AtMost, Status::Pass, false) => {
            m.push(", not more than ")
                .push(&expected_is)
                .push(" ")
                .amount(expected_sum);
        }
        (Relation::AtMost, Status::Pass, true) => {
            m.push(" exceeds ")
                .push(&expected_is)
                .push(" ")
                .amount(expected_sum)
                .push(" by ")
                .amount(difference)
                .push(", within rounding (±")
                .amount(tol)
                .push(")");
        }
        (Relation::AtMost, _, _) => {
            m.push(" exceeds ")
                .push(&expected_is)
                .push(" ")
                .amount(expected_sum)
                .push(" by ")
                .amount(difference)
                .push(" (rounding allows ±")
                .amount(tol)
                .push(")");
        }
    }
    let message = m.text;
    // Blank cells add nothing to a sum; the message still names every column summed. A side
    // of blank cells only is kept: what was compared is where a reviewer looks.
    let printed = |side: Vec<Figure>| {
        let blank = side.iter().all(|f| is_blank_cell(&f.at));
        side.into_iter()
            .filter(move |f| blank || !is_blank_cell(&f.at))
            .map(|f| f.at)
    };
    let involves = printed(actual).chain(printed(expected)).collect::<Vec<_>>();
    CheckResult {
        rule,
        status,
        note,
        relation,
        involves,
        expected: Some(Value::Money(expected_sum)),
        actual: Some(Value::Money(actual_sum)),
        difference: Some(difference),
        tolerance: Some(tol),
        message,
    }
}

/// A check that could not be made, with why.
pub(crate) fn skipped(
    rule: &'static str,
    involves: Vec<Involved>,
    why: impl Into<String>,
) -> CheckResult {
    let why = why.into();
    CheckResult {
        rule,
        status: Status::Skipped,
        note: Some(why.clone()),
        relation: Relation::Equal,
        involves,
        expected: None,
        actual: None,
        difference: None,
        tolerance: None,
        message: why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str, unit: Unit) -> Figure {
        let amount = crate::money::parse_amount(text, unit).unwrap();
        Figure::new(
            amount,
            unit,
            Involved::Fact {
                fact: text.to_string(),
                label: None,
                block: 0,
                value: None,
            },
        )
    }

    #[test]
    fn shows_amounts_in_their_unit() {
        assert_eq!(
            show(Fen(4_816_160_000), Unit::TenThousandYuan),
            "4,816.16万元"
        );
        assert_eq!(show(Fen(35_000), Unit::TenThousandYuan), "0.035万元");
        assert_eq!(show(Fen(-2_840), Unit::Yuan), "-28.40元");
        assert_eq!(show(Fen(12_345_678_900), Unit::Yuan), "123,456,789.00元");
        assert_eq!(show(Fen(0), Unit::TenThousandYuan), "0.00万元");
    }

    /// `show` as first written, the definition the faster one must keep.
    fn show_by_definition(fen: Fen, unit: Unit) -> String {
        let per = unit.fen_per_unit();
        let places = per.ilog10() as usize;
        let value = i128::from(fen.0);
        let sign = if value < 0 { "-" } else { "" };
        let abs = value.unsigned_abs();
        let per = per.unsigned_abs();
        let (whole, fraction) = (abs / per, abs % per);
        let digits = whole.to_string();
        let mut grouped = String::new();
        let lead = digits.len() % 3;
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - lead) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let mut fraction_text = format!("{fraction:0places$}");
        while fraction_text.len() > 2 && fraction_text.ends_with('0') {
            fraction_text.pop();
        }
        format!("{sign}{grouped}.{fraction_text}{}", unit.label())
    }

    #[test]
    fn shows_every_amount_as_defined() {
        let units = [
            Unit::Yuan,
            Unit::ThousandYuan,
            Unit::TenThousandYuan,
            Unit::HundredMillionYuan,
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut values = vec![0, 1, -1, 999, 1000, -100_000, i64::MAX, i64::MIN];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push((seed as i64) >> (seed % 60));
        }
        for fen in values {
            for unit in units {
                assert_eq!(show(Fen(fen), unit), show_by_definition(Fen(fen), unit));
            }
        }
    }

    #[test]
    fn rounded_total_of_rounded_parts() {
        let w = Unit::TenThousandYuan;
        // 1,859.62 against 1,764.44 + 95.17: one cent off with two parts on one grid.
        let parts = vec![printed("1,764.44", w), printed("95.17", w)];
        let whole = vec![printed("1,859.62", w)];
        assert_eq!(tolerance(&parts, &whole), Fen(10_000));
        // Two printings of one value on the same grid must agree exactly.
        assert_eq!(
            tolerance(&[printed("4,844.56", w)], &[printed("4,844.56", w)]),
            Fen(5_000)
        );
        // A narrative figure with fewer decimals adds its own half unit.
        assert_eq!(
            tolerance(&[printed("156.7", w)], &[printed("156.70", w)]),
            Fen(55_000)
        );
        // Blanks and zeros are exact.
        assert_eq!(tolerance(&[printed("", w)], &[printed("0", w)]), Fen(0));
    }

    #[test]
    fn a_figure_cut_to_fewer_decimals_restates_the_finer_one() {
        let w = Unit::TenThousandYuan;
        let table = printed("204.9197", w);
        // Cut short or rounded, 204.91 and 204.92 restate it; 204.90 and 204.93 do not.
        for (stated, restates) in [
            ("204.91", true),
            ("204.92", true),
            ("204.90", false),
            ("204.93", false),
        ] {
            let judged = judge(
                Relation::Equal,
                std::slice::from_ref(&table),
                &[printed(stated, w)],
            );
            assert_eq!(judged.status == Status::Pass, restates, "{stated}");
        }
    }

    #[test]
    fn a_path_splits_at_its_level_markers_only() {
        let names = |label: &str| -> Vec<String> {
            path_levels(label).into_iter().map(|l| l.name).collect()
        };
        assert_eq!(
            names(
                "政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务支出（项）"
            ),
            [
                "政府办公厅（室）及相关机构事务",
                "其他政府办公厅（室）及相关机构事务支出"
            ]
        );
        assert_eq!(
            names(
                "社会保障和就业支出（类）行政事业单位养老支出（款）其它行政事业单位养老支出（项）"
            ),
            [
                "社会保障和就业支出",
                "行政事业单位养老支出",
                "其他行政事业单位养老支出"
            ]
        );
        assert_eq!(
            printed_item_code("公共安全支出（204类）司法（06款）基层司法业务（04项）").as_deref(),
            Some("2040604")
        );
        assert_eq!(printed_item_code("司法（06款）基层司法业务（04项）"), None);
        // An unclosed bracket ends the path where it opens.
        assert_eq!(names("财政事务（款）行政运行（项"), ["财政事务"]);
    }
}
