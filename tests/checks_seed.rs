//! The checks on the seed disclosure (2026 budget of 重庆市九龙坡区人民政府办公室): the real
//! disagreements it contains are found with their figures, and its rounding passes as rounding.

use budget_extract::check::{
    failures_by_rule, rule, CheckResult, Involved, Status, Value, CARRYOVER_NOTE,
};
use budget_extract::emit::ChecksListed;
use budget_extract::extract::model::TableKind;
use budget_extract::money::{parse_amount, Fen, Unit};
use budget_extract::pipeline::{self, process_bytes_listing, Processed};
use budget_extract::read::Limits;

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn seed_bytes() -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

/// The seed with every check kept, passes included.
fn seed() -> Processed {
    process_bytes_listing(SEED, &seed_bytes(), &Limits::default(), ChecksListed::All).unwrap()
}

fn wan(text: &str) -> Fen {
    parse_amount(text, Unit::TenThousandYuan)
        .unwrap()
        .unwrap()
        .fen
}

fn money(text: &str) -> Option<Value> {
    Some(Value::Money(wan(text)))
}

fn text(s: &str) -> Option<Value> {
    Some(Value::Text(s.to_string()))
}

fn at(c: &CheckResult, table: TableKind, wanted_row: &str, wanted_column: &str) -> bool {
    matches!(
        c.involves.first(),
        Some(Involved::Table { table: t, row, column: Some(col), .. })
            if *t == table && row == wanted_row && col == wanted_column
    )
}

fn about_fact(c: &CheckResult, key: &str) -> bool {
    matches!(c.involves.first(), Some(Involved::Fact { fact, .. }) if fact == key)
}

/// The only check that matches.
fn one(checks: &[CheckResult], what: impl Fn(&CheckResult) -> bool) -> &CheckResult {
    let found: Vec<&CheckResult> = checks.iter().filter(|c| what(c)).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    found[0]
}

fn assert_figures(c: &CheckResult, status: Status, expected: &str, actual: &str, difference: &str) {
    assert_eq!(c.status, status, "{c:#?}");
    assert_eq!(c.expected, money(expected), "{c:#?}");
    assert_eq!(c.actual, money(actual), "{c:#?}");
    assert_eq!(c.difference, Some(wan(difference)), "{c:#?}");
}

#[test]
fn appropriation_revenue_against_the_narrative() {
    let checks = seed().checks;
    // 财政拨款收支总表 本年收入 一般公共预算资金 4,816.16 against the narrative's 一般公共预算拨款
    // 4844.56: the 28.40 difference is the 上年结转.
    let c = one(&checks, |c| {
        c.rule == rule::NARRATIVE_VS_TABLE
            && about_fact(c, "revenue.general_budget")
            && c.involves.iter().any(|i| {
                matches!(
                    i,
                    Involved::Table {
                        table: TableKind::AppropriationSummary,
                        ..
                    }
                )
            })
    });
    assert_figures(c, Status::Fail, "4,816.16", "4844.56", "28.40");
    assert_eq!(c.note.as_deref(), Some(CARRYOVER_NOTE));
    assert!(c.message.contains("28.40万元"), "{}", c.message);
    // The department-level tables agree with the narrative.
    for kind in [TableKind::RevenueExpenditureSummary, TableKind::Revenue] {
        let c = one(&checks, |c| {
            c.rule == rule::NARRATIVE_VS_TABLE
                && about_fact(c, "revenue.general_budget")
                && c.involves
                    .iter()
                    .any(|i| matches!(i, Involved::Table { table, .. } if *table == kind))
        });
        assert_figures(c, Status::Pass, "4,844.56", "4844.56", "0");
    }
}

#[test]
fn procurement_department_row_against_its_unit_and_projects() {
    let checks = seed().checks;
    let c = one(&checks, |c| {
        c.rule == rule::HIERARCHY && at(c, TableKind::Procurement, "102", "total")
    });
    assert_figures(c, Status::Fail, "205.90", "210.90", "5.00");
    assert!(c
        .involves
        .iter()
        .any(|i| matches!(i, Involved::Table { row, .. } if row == "102001")));
    let c = one(&checks, |c| c.rule == rule::PROCUREMENT_DETAIL);
    assert_figures(c, Status::Fail, "205.90", "210.90", "5.00");
    // The 本级 unit row agrees with its ten project rows.
    let c = one(&checks, |c| {
        c.rule == rule::HIERARCHY && at(c, TableKind::Procurement, "102001", "total")
    });
    assert_figures(c, Status::Pass, "205.90", "205.90", "0");
}

#[test]
fn code_215_is_spelt_three_ways() {
    let checks = seed().checks;
    let mut found: Vec<(Option<Value>, Option<Value>, TableKind)> = checks
        .iter()
        .filter(|c| c.rule == rule::CODE_NAME && c.status == Status::Fail)
        .map(|c| {
            let kind = match c.involves.first() {
                Some(Involved::Table { table, row, .. }) => {
                    assert_eq!(row, "215");
                    *table
                }
                other => panic!("{other:?}"),
            };
            (c.expected.clone(), c.actual.clone(), kind)
        })
        .collect();
    found.sort_by_key(|(_, _, kind)| *kind);
    assert_eq!(
        found,
        [
            (
                text("资源勘探工业信息等支出"),
                text("资产勘探工业信息等支出"),
                TableKind::Expenditure
            ),
            (
                text("资源勘探工业信息等支出"),
                text("资源勘探工程信息等支出"),
                TableKind::AppropriationSummary
            ),
        ]
    );
}

#[test]
fn rounding_passes_as_rounding() {
    let checks = seed().checks;
    // 301 工资福利支出: 1,859.62 against 人员经费 1,764.44 + 日常公用经费 95.17.
    let c = one(&checks, |c| {
        c.rule == rule::PERSONNEL_PLUS_PUBLIC
            && at(c, TableKind::GeneralBudgetBasicExpenditure, "301", "total")
    });
    assert_figures(c, Status::Pass, "1,859.61", "1,859.62", "0.01");
    assert_eq!(c.note.as_deref(), Some("rounding"));
    // 502 机关商品和服务支出: 221.47 against its children's 221.48.
    let c = one(&checks, |c| {
        c.rule == rule::HIERARCHY && at(c, TableKind::GeneralBudgetBasicExpenditure, "502", "total")
    });
    assert_figures(c, Status::Pass, "221.48", "221.47", "-0.01");
    assert_eq!(c.note.as_deref(), Some("rounding"));
    assert_eq!(c.tolerance, Some(wan("0.03")));
}

/// A check's rule, expected, actual and difference.
type Figures = (&'static str, Option<Value>, Option<Value>, Option<Fen>);

#[test]
fn every_failure_on_the_seed_is_a_known_disagreement() {
    let checks = seed().checks;
    let mut failures: Vec<Figures> = checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| (c.rule, c.expected.clone(), c.actual.clone(), c.difference))
        .collect();
    failures.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    let procurement = (
        rule::HIERARCHY,
        money("205.90"),
        money("210.90"),
        Some(wan("5.00")),
    );
    let carryover = (
        rule::NARRATIVE_VS_TABLE,
        money("4,816.16"),
        money("4,844.56"),
        Some(wan("28.40")),
    );
    let mut known = vec![
        // 部门收支总表 counts the carry-over into 一般公共预算资金; 财政拨款收支总表 does not.
        (
            rule::CROSS_TABLE_TOTAL,
            money("4,844.56"),
            money("4,816.16"),
            Some(wan("-28.40")),
        ),
        // The narrative's 一般公共预算拨款 and 一般公共预算财政拨款收入 both.
        carryover.clone(),
        carryover,
        // 102 in the 总计, 一般公共预算 小计 and 一般公共预算资金 columns.
        procurement.clone(),
        procurement.clone(),
        procurement,
        (
            rule::PROCUREMENT_DETAIL,
            money("205.90"),
            money("210.90"),
            Some(wan("5.00")),
        ),
        (
            rule::CODE_NAME,
            text("资源勘探工业信息等支出"),
            text("资源勘探工程信息等支出"),
            None,
        ),
        (
            rule::CODE_NAME,
            text("资源勘探工业信息等支出"),
            text("资产勘探工业信息等支出"),
            None,
        ),
    ];
    known.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(failures, known);
    assert!(checks.iter().all(|c| c.status != Status::Skipped));
    let counts = failures_by_rule(&checks);
    assert_eq!(counts.len(), rule::ALL.len());
    assert_eq!(counts[rule::HIERARCHY], 3);
    assert_eq!(counts[rule::NARRATIVE_VS_TABLE], 2);
    assert_eq!(counts[rule::CODE_NAME], 2);
    assert_eq!(counts[rule::SUMMARY_BALANCE], 0);
}

#[test]
fn checks_are_written_into_the_document_json() {
    let every = seed();
    let processed = pipeline::process_bytes(SEED, &seed_bytes(), &Limits::default()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&processed.json).unwrap();
    let checks = json["checks"].as_array().unwrap();
    // Listed: exactly the checks that did not pass, the same records as when all are kept;
    // counted: all of them, by rule.
    let findings: Vec<&CheckResult> = every
        .checks
        .iter()
        .filter(|c| c.status != Status::Pass)
        .collect();
    assert_eq!(processed.checks.iter().collect::<Vec<_>>(), findings);
    assert_eq!(checks.len(), findings.len());
    assert!(checks.len() < every.checks.len());
    assert_eq!(processed.check_counts, every.check_counts);
    assert_eq!(json["checks_listed"], "findings");
    let counts = json["check_counts"].as_object().unwrap();
    let mut rules = rule::ALL.to_vec();
    rules.sort_unstable();
    assert_eq!(counts.keys().map(String::as_str).collect::<Vec<_>>(), rules);
    let counted = |status: Status, name: &str| {
        let listed: u64 = counts.values().map(|c| c[name].as_u64().unwrap()).sum();
        let all = every.checks.iter().filter(|c| c.status == status).count();
        assert_eq!(listed as usize, all, "{name}");
    };
    counted(Status::Pass, "pass");
    counted(Status::Fail, "fail");
    counted(Status::Skipped, "skipped");
    // The procurement department row 102 against its one unit, in three columns.
    assert_eq!(counts["hierarchy"]["fail"], 3);
    assert_eq!(counts["procurement_detail"]["fail"], 1);
    let failure = checks
        .iter()
        .find(|c| c["rule"] == "narrative_vs_table" && c["status"] == "fail")
        .unwrap();
    // Exact yuan amounts, never floats.
    assert_eq!(failure["expected"].to_string(), "48161600");
    assert_eq!(failure["actual"].to_string(), "48445600");
    assert_eq!(failure["difference"].to_string(), "284000");
    assert_eq!(failure["involves"][0]["fact"], "revenue.general_budget");
    let every: serde_json::Value = serde_json::from_slice(&every.json).unwrap();
    assert_eq!(every["checks_listed"], "all");
    let rounding = every["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["note"] == "rounding")
        .unwrap();
    assert_eq!(rounding["status"], "pass");
    assert!(rounding["tolerance"].is_number());
}
