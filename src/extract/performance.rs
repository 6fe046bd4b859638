//! The funding a performance-target form (绩效目标表) states. The forms are free layouts of
//! targets and indicators, but each prints what the project or the department is given, in one
//! of two ways: a fund's label with its figure beside it in the same row (`年度资金总额：
//! 1,960.35`, `基本支出 12,634.14 财政拨款 98,880.78`), or figures under a header that names
//! the funds (`项目名称 项目总额 其中：财政资金 其他资金`). Those figures become the row's values,
//! keyed by the fund; every other number of the form (indicator values, counts, rates) stays
//! text.

use crate::extract::model::{Column, LineItem, Values};
use crate::extract::title::squeeze;
use crate::money::{parse_amount, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// A figure of money as forms print it: with two to six decimals, or with thousands
/// separators. Indicator values are mostly bare integers (`≥ 96 %`).
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,6})?|\d+\.\d{2,6})$").expect("static regex")
});

/// Fund labels as the forms print them, with the key each figure takes.
const FUNDS: &[(&str, &str)] = &[
    ("项目总额", "total"),
    ("资金总额", "total"),
    ("年度资金总额", "total"),
    ("年度金额", "total"),
    ("项目资金总额", "total"),
    ("预算支出总额", "total"),
    ("拟投入的资金", "total"),
    ("财政资金", "appropriation"),
    ("财政拨款", "appropriation"),
    ("财政拨款资金", "appropriation"),
    ("市级财政资金", "appropriation"),
    ("本级财政资金", "appropriation"),
    ("其他资金", "other_funds"),
    ("上年结转", "carryover_prior"),
    ("上年结转资金", "carryover_prior"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("财政专项资金", "special_fund"),
    ("其他事业发展性支出", "other_development"),
    ("市本级使用资金", "own_level_use"),
    ("本级使用资金", "own_level_use"),
    ("拟用于对下转移支付资金", "transfer_to_lower"),
    ("对下转移支付资金", "transfer_to_lower"),
];

/// The fund a label names: `其中：财政资金`, `年度资金总额：`, `拟投入的资金（万元）` all name one.
pub fn fund_key(label: &str) -> Option<&'static str> {
    let mut t = squeeze(label);
    for prefix in ["其中：", "其中:", "其中"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    for suffix in ["（万元）", "(万元)", "（元）", "(元)", "：", ":"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.to_string();
        }
    }
    FUNDS.iter().find(|(l, _)| *l == t).map(|(_, k)| *k)
}

pub fn is_money(text: &str) -> bool {
    MONEY.is_match(text.trim())
}

/// The header's fund columns: position and key of each label naming a fund, when the header
/// names that fund once (a form that prints `合计`/`基本支出` under two funds leaves which is
/// which to its layout, and those are not read).
fn header_funds(header: &[String]) -> Vec<(usize, &'static str, String)> {
    let named: Vec<(usize, &'static str, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, t)| fund_key(t).map(|k| (i, k, t.trim().to_string())))
        .collect();
    named
        .iter()
        .filter(|(_, k, _)| named.iter().filter(|(_, o, _)| o == k).count() == 1)
        .cloned()
        .collect()
}

/// The header of a form: its first row that names two or more funds and prints no figure.
fn header_row(rows: &[Vec<String>]) -> Option<usize> {
    rows.iter().position(|r| {
        r.iter().filter(|t| fund_key(t).is_some()).count() >= 2 && !r.iter().any(|t| is_money(t))
    })
}

/// Reads the funding figures of a form's rows (`raw` cells as printed), in `unit`. Returns the
/// columns the figures were found under, in the order they are first met.
pub fn read_funding(rows: &mut [LineItem], unit: Unit) -> Vec<Column> {
    let raws: Vec<Vec<String>> = rows.iter().map(|r| r.raw.clone()).collect();
    // A header narrower than the rows under it spans cells the rows print apart: its
    // positions say nothing of theirs.
    let widest = raws.iter().map(Vec::len).max().unwrap_or(0);
    let header = header_row(&raws).filter(|h| raws[*h].len() >= widest);
    let columns_of_header = header.map(|h| header_funds(&raws[h])).unwrap_or_default();
    let mut columns: Vec<Column> = Vec::new();
    for (at, row) in rows.iter_mut().enumerate() {
        if Some(at) == header {
            continue;
        }
        let mut values: Vec<(String, Option<crate::money::Amount>)> = Vec::new();
        let mut pending: Option<(&'static str, String)> = None;
        for (i, cell) in row.raw.iter().enumerate() {
            if let Some(key) = fund_key(cell) {
                pending = Some((key, cell.trim().to_string()));
                continue;
            }
            if !is_money(cell) {
                if !cell.trim().is_empty() {
                    pending = None;
                }
                continue;
            }
            let found = pending.take().or_else(|| {
                columns_of_header
                    .iter()
                    .find(|(c, _, _)| *c == i)
                    .map(|(_, k, l)| (*k, l.clone()))
            });
            let Some((key, label)) = found else {
                continue;
            };
            if values.iter().any(|(k, _)| k == key) {
                continue;
            }
            let Ok(Some(amount)) = parse_amount(cell, unit) else {
                continue;
            };
            values.push((key.to_string(), Some(amount)));
            if !columns.iter().any(|c| c.key == key) {
                columns.push(Column {
                    key: key.to_string(),
                    label,
                    amount: true,
                    side: None,
                    measure: None,
                    list: None,
                });
            }
        }
        row.values = Values(values);
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Fen;

    fn rows(cells: &[&[&str]]) -> Vec<LineItem> {
        cells
            .iter()
            .enumerate()
            .map(|(i, r)| LineItem {
                row: i,
                raw: r.iter().map(|c| c.to_string()).collect(),
                ..LineItem::default()
            })
            .collect()
    }

    #[test]
    fn labels_beside_figures_and_headers_over_them() {
        // 广州: two lists of label–figure pairs side by side.
        let mut form = rows(&[
            &[
                "部门预算支出",
                "预算金额（万元）",
                "",
                "收入来源",
                "预算金额（万元）",
            ],
            &["基本支出", "", "12,634.14", "财政拨款", "", "98,880.78"],
            &["项目支出", "", "86,246.64", "其他资金", "", "0.00"],
        ]);
        read_funding(&mut form, Unit::TenThousandYuan);
        assert_eq!(form[1].values.get("basic"), Some(Fen(12_634_140_000)));
        assert_eq!(
            form[1].values.get("appropriation"),
            Some(Fen(98_880_780_000))
        );
        assert_eq!(form[2].values.get("other_funds"), Some(Fen(0)));
        // 北京: figures under the header's fund columns; indicator values stay text.
        let mut form = rows(&[
            &[
                "项目名称",
                "项目总额",
                "其中：财政资金",
                "其他资金",
                "绩效目标",
                "三级指标",
                "本年绩效指标值",
            ],
            &[
                "7430-昌平区气象台站运行及服务维持费",
                "52.000000",
                "52.000000",
                "",
                "…",
            ],
            &["", "", "", "", "", "信封成本控制 ≤", "1595.03"],
        ]);
        let columns = read_funding(&mut form, Unit::TenThousandYuan);
        let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["total", "appropriation"]);
        assert_eq!(form[1].values.get("total"), Some(Fen(52_000_000)));
        assert!(form[2].values.0.is_empty());
    }

    #[test]
    fn a_header_of_spanning_cells_is_not_read_by_position() {
        // 九龙坡: 基本支出 and 项目支出 each span four cells of the figures' row.
        let mut form = rows(&[
            &["总体资金情况（元）", "预算支出总额", "基本支出", "项目支出"],
            &[
                "",
                "",
                "合计",
                "财政拨款",
                "专户资金",
                "单位资金",
                "合计",
                "财政拨款",
                "专户资金",
                "单位资金",
            ],
            &[
                "",
                "48161575.99",
                "23093975.99",
                "23093975.99",
                "",
                "",
                "25067600.00",
                "25067600.00",
            ],
        ]);
        assert!(read_funding(&mut form, Unit::Yuan).is_empty());
        assert!(form[2].values.0.is_empty());
    }

    #[test]
    fn a_fund_named_twice_in_the_header_is_not_read_by_position() {
        let mut form = rows(&[
            &[
                "预算支出总额",
                "合计",
                "基本支出",
                "项目支出",
                "合计",
                "基本支出",
                "项目支出",
            ],
            &[
                "30,775.648545",
                "30,767.648545",
                "2,010.968210",
                "28,756.680335",
                "8.000000",
                "8.000000",
            ],
        ]);
        read_funding(&mut form, Unit::TenThousandYuan);
        let keys: Vec<&str> = form[1].values.keys().collect();
        assert_eq!(keys, ["total"]);
    }
}
