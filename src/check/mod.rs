//! `check`: arithmetic and cross-table/narrative consistency of an extracted disclosure.
//!
//! Every check yields one [`CheckResult`]: the rule, `pass`/`fail`/`skipped`, the figures
//! involved (table kind, block, row code or name, column; or narrative fact key), the expected
//! and actual values, their exact difference (`actual − expected`, in yuan) and a one-line
//! message. Amounts are compared in integer fen, never in floats. [`check_listed`] counts every
//! check by rule and outcome and keeps whole only the records [`ChecksListed`] names (by
//! default the failed and skipped ones); [`check`] keeps them all.
//!
//! **Tolerance.** A printed amount is rounded to its last printed digit, so it may be off its
//! true value by half of that digit (`Unit::half_unit_of_last_digit`); blanks, dashes and zeros
//! are exact. A sum of n rounded figures may differ from its rounded total by up to n
//! half-units; two printings of one value on the same grid must agree exactly; figures printed
//! on different grids (a narrative `156.7万元` against a table `156.70`) may differ by the sum of
//! their half-units. A difference within that tolerance is a `pass` with the note `rounding`;
//! anything larger is a `fail`. Inequalities (`at_most`) fail only when the left side exceeds
//! the bound by more than the tolerance.
//!
//! | rule | what it checks | tolerance |
//! |---|---|---|
//! | `hierarchy` | in every coded table each parent row (类, 款; in the procurement table, department → unit → project rows) equals the sum of the rows under it, per amount column; a level the table leaves out is reached past | n half-units |
//! | `total_row` | a table's 合计 row equals the sum of its top-level rows, per amount column | n half-units |
//! | `change_row` | a row labelled as a change (`增减变化金额`, `增减额`) right under the rows of a year and the year before (labelled `2025 年`, `2026 年`) is the later less the earlier, per amount column (深圳's 三公 table, unit by unit) | n half-units |
//! | `basic_plus_project` | per row: total = 基本支出 + 项目支出 (+ 上缴上级 / 经营 / 对附属单位补助 支出 columns where printed); a performance form's total = its 基本支出 + 项目支出 | n half-units |
//! | `personnel_plus_public` | per row: total = 人员经费 + 公用经费 | n half-units |
//! | `fund_sources` | per row of revenue, 财政拨款收支总表 expenditure and procurement tables, and of expenditure tables split by the money paying for them instead of by 基本/项目 (深圳's, 广州's 基本支出 and 项目支出 tables): total = the fund / revenue-source columns; each fund subtotal (财政拨款, 一般公共预算 小计, 政府性基金 小计, 单位资金 小计) = its parts; `skipped` when a column is not a known source. A performance form's total (or 基本 + 项目) = 财政资金 + 其他资金 + 上年结转, and = its split by budget level, per project row or over the form; not checked when the form prints a figure of a fund not known | n half-units |
//! | `three_public_parts` | per row of the 三公 table: total = 因公出国 + 公务用车 + 公务接待; 公务用车 = 购置 + 运行 (fund by fund where each item is split by fund) | n half-units |
//! | `summary_section_sum` | in a 收支总表, a numbered row with items below it (一、本年收入) = the sum of its items, per column; an uncoded item with rows nested under it (a 类 over its 款, a 款 over its 项, placed by `extract::nesting`) = the sum of the rows at the next level | n half-units |
//! | `summary_total` | in a 收支总表, a 本年…合计 row = the rows above it; the grand total = the sections (or the subtotal plus the rows after it; funds numbered under a carry-over row after it are that row's breakdown, checked against it as a section), per column | n half-units |
//! | `summary_balance` | in a 收支总表, the revenue grand total = the expenditure grand total | two figures |
//! | `cross_table_code` | the same 功能分类 code carries the same total/basic/project amounts in 一般公共预算财政拨款支出表 and 部门支出总表 (equal when every fund is general budget, else `at_most`), and the same total in 部门收入总表 and 部门支出总表 (budgets); a code one table has and the other lacks fails; 收支总表 / 财政拨款收支总表 类 rows, placed by name, against the coded tables (where no table prints codes, against the 类 rows the detail tables name exactly so at their top level) | two figures |
//! | `cross_table_total` | totals two tables both state: 收支总表 revenue/expenditure totals and fund rows vs 部门收入/支出总表; 财政拨款收支总表 fund rows vs 收支总表; its 本年支出 by fund vs the general-budget, fund and state-capital expenditure tables; the functional table's 基本/项目 totals vs the economic-classification basic and project tables (a basic table split by fund, by its 一般公共预算 column when the functional table is the 一般公共预算 one) | two figures |
//! | `three_public_vs_economic` | economic line items 因公出国（境）费, 公务接待费, 公务用车运行维护费, 公务用车购置 (30212/30217/30231/31013, 50207/50206/50208/50303; basic + project tables of one classification) are at most the 三公 figure (三公 also counts other spending) | n half-units, `at_most` |
//! | `procurement_detail` | the procurement table's 合计 equals the sum of its project rows | n half-units |
//! | `narrative_vs_table` | a narrative figure equals every table figure that states the same thing (a 三公 table printed a row per year and split by fund: the fiscal year's row under the general budget, where the other funds hold nothing; a 三公 figure's stated change on last year is that row less last year's); a blank cell is zero, so a figure the text states and the table leaves blank fails (also a 三公 table printed with no figures at all: its title without a table under it); a budget's `本年收入合计` / `本年支出合计` is the 收支总表's row so named; a figure named as a row or column names it (a column under a group by both, `上年结转结余的一般公共预算收入`; a table heading two columns alike is quoted by their groups too) (`row_figure`: the nearest of that row's cells or that column's total; a one-row table's row is its columns' totals); the codes a functional item's path prints by level (`基层司法业务（04项）`) make the code of the row so named; `skipped` when no table in the document states it | two figures; codes exact |
//! | `narrative_sum` | a narrative total equals its stated parts: revenue sources, expenditure by function, 三公 parts, 政府采购 货物 + 工程 + 服务, 财政拨款支出 = 基本 + 项目 (parts in the total's paragraph); any list of amounts a sentence brings in after a figure (其中, 包括, 分别为, a colon) adds up to it (主要包括, or a single part: at most the figure; a list opening a sentence of its own, to one of the figures of the sentence before; twice over, as two sides, only under a figure named for revenue and expenditure both), and numbered item paragraphs under a figure make it up (under a list opening a sentence of its own, only when the sentence before states its figure alone, else each at most the figure; a list goes on past the items of a list inside it, numbered another way, when its own numbering resumes); a part a list names, restated in a numbered paragraph right after the list (`包括在职人员经费7,678.47万元、…` / `（一）在职人员经费7,678.47万元，…`), is the same figure; a count of the department's units (`内设12个机构科室，分别是…`, `行政单位1家，事业单位4家，具体包括：` then numbered paragraphs) is as many as the units then named (one not counted by the text's own words left out) | n half-units; counts exact |
//! | `narrative_change` | year-on-year changes agree: a total's change = the sum of its parts' changes; in a budget revenue and expenditure change alike; a sentence comparing this year's figure with last year's (budgets and 决算; last year's may come first: `2025年…执行数为…，2026年预算安排…，比…增加…%`) says the direction the two figures go (增加/增长, 减少/下降, 持平), the difference they make, and the percentage that difference is of last year's figure (stated, or this year's less the change); a difference and its percentage say the same direction (`增加…万元，增长…%`) wherever this year's figure stands; a figure of 0 has not increased; last year's figure may be stated in brackets after (`增加…万元（去年预算数为0万元…）`); a percentage may be named `上升`, `增幅`, `减幅`; a figure's parts set in brackets between it and its comparison (`…346.67万元（…36万元，比上年增加36万元；…）比上年增加33.44万元`) leave the comparison the figure's, and a `。` inside brackets ends no sentence. A change broken down into its parts (`减少449.92万元，主要是基本支出减少111.64万元，项目支出减少338.28万元`; `其中`, `…中，`, a numbered list, brackets): when the parts listed add up to the whole's figure this year their changes can add up to its change (a level whole of level parts has no part that moved; a part stated at 0 has not risen), and when no run of the parts adds up to the whole's change but one would with one direction word reversed, that word fails. In a budget whose tables make its spending 基本支出 + 项目支出 alone, a change broken down into those two first is broken down completely: their changes add up to it. In a budget, a fund's revenue and expenditure stated at the same figure (`财政拨款收入`, `财政拨款支出预算`) change alike; a sentence printed over several lines or pages is read whole | n half-units; the percentage as `budget_vs_actual` |
//! | `narrative_bound` | 机关运行经费 ≤ 公用经费 of the basic economic table; 绩效目标管理 funds ≤ 项目支出 (= 项目支出, under `narrative_vs_table`, where every project is: `项目支出均实行了绩效目标管理`); a share the text states (`占…总额的比例为100%`, `占本年支出3.55%`) is at most 100%, whatever the whole (a change of a share, `占比提高`, or a ratio to last year's figure is none) | two figures, `at_most`; shares exact |
//! | `code_name` | the same classification code carries the same name in every table that prints it (spacing and bracket width ignored); the spelling most tables use is expected | exact text |
//! | `fiscal_year` | each table title's year, and the year each narrative sentence is about, is the fiscal year; other years a sentence names are the fiscal year or the year before (dates counted as of, 截至…, are free); a heading that names the document's year (`第三部分 …2024年度部门决算情况说明`, the cover's `2026年部门预算`) names the fiscal year, and a placeholder (`XXXX年`) fails; a year's end counted as of (`截至2024年12月31日`) is the fiscal year's in a 决算 and the year before's in a budget (unless the sentence sets a goal by it); another day counted as of is of the year before (from its June, when a budget is drawn up) or later in a budget (later days set goals), of the fiscal year or the next in a 决算; a period (`2025年1月1日至2025年12月31日`) does not end before it starts; a deadline a budget sets (`在2024年11月前完成`) is not before its year; the day a document is dated (a paragraph that is only a date) is in the fiscal year for a budget, in the year after for a 决算 | exact |
//! | `department_name` | a table title or heading (part titles, the cover, the 目录's entries) that names a department before its year or table name names this one, possibly without its leading place names, or a unit the text speaks of; a placeholder (`XX局`, `××`, `某某`) fails; titles that name only their kind (`本年支出总体情况表`, `名词解释`) and bare names in a list of units name none | exact text |
//! | `completeness` | every table the 目录 lists is printed (compared by the kind its title names, so `财政拨款支出表（功能科目）` finds `财政拨款支出预算表`; as many tables of a kind as entries); without a 目录, a 决算 that prints most of the national template's nine tables prints all of them (budget forms differ by region and leave out empty tables); a table printed in one economic classification has its twin where the document prints others in both; an attachment label (`附件13`) has its attachment; a part headed by its tables (`五、项目绩效目标表`) has a table under each numbered item; `skipped` when the file has no tables (published apart) | count |
//! | `carryover_balance` | final accounts: in the 收入支出决算总表 and 财政拨款收入支出决算总表, 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 本年支出合计 + 结余分配 + 年末结转和结余 (the rows, not the 总计); in the fund tables, per row 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 | n half-units |
//! | `budget_vs_actual` | final accounts: each 完成率 the narrative states (the 一般公共预算财政拨款 whole, each 项, the 三公 whole and items, also against the 三公 table) = 决算数 / 年初预算数; the wording (决算数大于/小于预算数, 持平) matches the two figures, and a difference comes with a reason (the 三公 whole's wording, read from the sentences after its figures, without) | the ratio of the figures' rounding bounds must round to the stated percentage; wording: the two figures' half-units |
//! | `narrative_share` | final accounts: each 占…% the narrative states = the part / its total (revenue sources of 本年收入合计, spending of 本年支出合计, 类 of 一般公共预算财政拨款支出, 三公 items of the 三公 total); budgets: a figure stated as a share of a total the sentence names (`…万元，占本年支出预算3.55%`, 总支出, 总收入, “三公”经费) = the figure / that total (the grand or this year's total, or 基本 + 项目 支出: any of them); both kinds: a share of a whole the text states by the same name before it, in its sentence or the one before (`政府采购支出总额15,346.40万元…。…12,127.08万元，占政府采购支出总额的79.02%`), = the figure / that figure; the shares one sentence states of one whole, named or left unsaid (`…万元，占1.4%；…`), fit one whole, and the one share the others' whole excludes fails (two shares of a named whole that no whole fits fail together) | as `budget_vs_actual` |
//! | `reading` | a table whose own arithmetic (the rules above `cross_table_code`, `procurement_detail`, `carryover_balance`) fails on more rows than one wrong figure can touch (four or more: a figure touches its row, its parent and the 合计) was most likely misread: one `skipped` record with the note `misread` names the table and the rows, and the failures of the rules that hold its figures against another table or the narrative (`cross_table_*`, `three_public_vs_economic`, `narrative_vs_table`, `narrative_bound`, `budget_vs_actual`, `narrative_share`) become `skipped` with the note `reading_uncertain`; its own failures stay. A table read cut short (its 合计 more than its rows in every failing column, nothing else of its own failing, untitled tables with its columns, or as many unnamed ones, right after it: pages not joined to it) gets the same warning naming those pages, and its 合计's failures become `skipped` too. A table whose figures sit one column off another table's (two `cross_table_total` failures on one of its rows, in two columns, by one figure either way: a header printed askew) gets the same warning, naming the two columns | row count |
//!
//! Final accounts also run, under the rules above: the 三公 table's identities per measure
//! (`three_public_parts`), each list of the side-by-side basic table against its 合计
//! (`total_row`) and both lists against the 一般公共预算财政拨款支出决算表's 基本支出
//! (`cross_table_total`), a carry-over's breakdown by fund (`summary_section_sum`), the
//! narrative's 决算 figures against the tables (`narrative_vs_table`), its totals against their
//! parts and 机关运行经费 ≤ 公用经费 (`narrative_sum`, `narrative_bound`). The generic rules see
//! a final-accounts disclosure through `final_accounts::generic_view`: the side-by-side table's
//! list totals are not the table's total, and a carry-over's breakdown by fund is not a section.
//!
//! "n half-units" is the sum of the half-units of the figures summed (plus the total's own when
//! it is printed on another grid); "two figures" is exact on one grid, else both half-units.
//! A failure by exactly the 上年结转 of the 财政拨款收支总表 gets the note [`CARRYOVER_NOTE`].

mod arithmetic;
mod breakdown;
mod comparison;
mod completeness;
mod count_parts;
mod counted_lists;
mod cross;
mod figure;
mod final_accounts;
mod identity;
mod list_sum;
mod names;
mod narrative;
mod performance;
mod reading;
mod share;
mod shares_agree;
mod summary_tables;

use crate::extract::model::{Disclosure, Side, TableKind};
use crate::money::Fen;
use serde::Serialize;
use std::collections::BTreeMap;

/// The stable rule names.
pub mod rule {
    pub const HIERARCHY: &str = "hierarchy";
    pub const TOTAL_ROW: &str = "total_row";
    pub const CHANGE_ROW: &str = "change_row";
    pub const BASIC_PLUS_PROJECT: &str = "basic_plus_project";
    pub const PERSONNEL_PLUS_PUBLIC: &str = "personnel_plus_public";
    pub const FUND_SOURCES: &str = "fund_sources";
    pub const THREE_PUBLIC_PARTS: &str = "three_public_parts";
    pub const SUMMARY_SECTION_SUM: &str = "summary_section_sum";
    pub const SUMMARY_TOTAL: &str = "summary_total";
    pub const SUMMARY_BALANCE: &str = "summary_balance";
    pub const CROSS_TABLE_CODE: &str = "cross_table_code";
    pub const CROSS_TABLE_TOTAL: &str = "cross_table_total";
    pub const THREE_PUBLIC_VS_ECONOMIC: &str = "three_public_vs_economic";
    pub const PROCUREMENT_DETAIL: &str = "procurement_detail";
    pub const NARRATIVE_VS_TABLE: &str = "narrative_vs_table";
    pub const NARRATIVE_SUM: &str = "narrative_sum";
    pub const NARRATIVE_CHANGE: &str = "narrative_change";
    pub const NARRATIVE_BOUND: &str = "narrative_bound";
    pub const CODE_NAME: &str = "code_name";
    pub const FISCAL_YEAR: &str = "fiscal_year";
    pub const DEPARTMENT_NAME: &str = "department_name";
    pub const COMPLETENESS: &str = "completeness";
    pub const CARRYOVER_BALANCE: &str = "carryover_balance";
    pub const BUDGET_VS_ACTUAL: &str = "budget_vs_actual";
    pub const NARRATIVE_SHARE: &str = "narrative_share";
    pub const READING: &str = "reading";

    /// Every rule that runs on any disclosure, in the order they run.
    pub const ALL: &[&str] = &[
        HIERARCHY,
        TOTAL_ROW,
        CHANGE_ROW,
        BASIC_PLUS_PROJECT,
        PERSONNEL_PLUS_PUBLIC,
        FUND_SOURCES,
        THREE_PUBLIC_PARTS,
        SUMMARY_SECTION_SUM,
        SUMMARY_TOTAL,
        SUMMARY_BALANCE,
        CROSS_TABLE_CODE,
        CROSS_TABLE_TOTAL,
        THREE_PUBLIC_VS_ECONOMIC,
        PROCUREMENT_DETAIL,
        NARRATIVE_VS_TABLE,
        NARRATIVE_SUM,
        NARRATIVE_CHANGE,
        NARRATIVE_BOUND,
        CODE_NAME,
        FISCAL_YEAR,
        DEPARTMENT_NAME,
        COMPLETENESS,
        READING,
    ];

    /// The rules that relate a disclosure's narrative (its figures, its 目录) to its tables.
    /// When a disclosure is published as several files (the narrative in one, the tables in
    /// another) they run over all its files together.
    pub const ACROSS_FILES: &[&str] = &[
        NARRATIVE_VS_TABLE,
        NARRATIVE_BOUND,
        BUDGET_VS_ACTUAL,
        NARRATIVE_SHARE,
        COMPLETENESS,
    ];

    /// The rules only final accounts (部门决算) run (`narrative_share` also runs on a budget whose
    /// text states a share of a named total).
    pub const FINAL_ACCOUNTS: &[&str] = &[CARRYOVER_BALANCE, BUDGET_VS_ACTUAL, NARRATIVE_SHARE];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Skipped,
}

/// How actual relates to expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// `actual = expected`.
    Equal,
    /// `actual ≤ expected` (expected is a bound).
    AtMost,
}

/// An expected or actual value: money in yuan, a name, or a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Money(Fen),
    Text(String),
    Number(i64),
}

/// One figure (or title) a check looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Involved {
    Table {
        table: TableKind,
        /// The table's block index in the document.
        block: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        side: Option<Side>,
        /// The row's code, else its printed name; `title` for a table title.
        row: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<String>,
        /// The cell's amount in yuan; `null` for a blank cell.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<Fen>,
    },
    Fact {
        fact: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        block: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<Fen>,
    },
    /// A paragraph of the document: a heading, a contents entry, a sentence.
    Text { block: usize, text: String },
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// One of [`rule::ALL`] or [`rule::FINAL_ACCOUNTS`].
    pub rule: &'static str,
    pub status: Status,
    /// `rounding` for a pass within rounding; why, for a skipped check; [`CARRYOVER_NOTE`] for a
    /// failure by exactly the carry-over; else absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "is_equal")]
    pub relation: Relation,
    pub involves: Vec<Involved>,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
    /// `actual − expected`, in yuan, for money.
    pub difference: Option<Fen>,
    /// The difference rounding allows, in yuan, for money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Fen>,
    pub message: String,
}

fn is_equal(relation: &Relation) -> bool {
    *relation == Relation::Equal
}

impl CheckResult {
    pub fn failed(&self) -> bool {
        self.status == Status::Fail
    }
}

/// Which check records are kept whole (and listed in a document's JSON). Every check is
/// counted by rule and outcome either way; passes are most of a document's checks and, kept
/// whole, most of the time the check stage takes and most of a document's JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecksListed {
    /// Failed and skipped checks: every check a reader has to look at.
    #[default]
    Findings,
    /// Every check, passes included (with the note `rounding` where the figures differ within
    /// what their rounding allows).
    All,
}

impl ChecksListed {
    /// Whether a check's record is kept.
    pub fn lists(self, check: &CheckResult) -> bool {
        self == ChecksListed::All || check.status != Status::Pass
    }
}

/// Checks of one rule by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RuleCounts {
    pub pass: usize,
    pub fail: usize,
    pub skipped: usize,
}

/// The checks of one disclosure as they are made: every one counted by rule and outcome, the
/// ones [`ChecksListed`] names kept whole.
#[derive(Clone, Debug)]
pub struct Checks {
    listed: ChecksListed,
    records: Vec<CheckResult>,
    counts: Vec<(&'static str, RuleCounts)>,
    /// The narrative facts (key, label, block) some check looked at, kept or not.
    facts_seen: Vec<(String, Option<String>, usize)>,
}

impl Checks {
    fn new(listed: ChecksListed) -> Checks {
        Checks {
            listed,
            records: Vec::new(),
            counts: rule::ALL
                .iter()
                .map(|r| (*r, RuleCounts::default()))
                .collect(),
            facts_seen: Vec::new(),
        }
    }

    /// The kept records, in the order the checks ran.
    pub fn records(&self) -> &[CheckResult] {
        &self.records
    }

    pub fn into_records(self) -> Vec<CheckResult> {
        self.records
    }

    pub fn listed(&self) -> ChecksListed {
        self.listed
    }

    /// Checks per rule and outcome, in the order the rules run: every rule of [`rule::ALL`]
    /// (with zeros when none of its checks applied), then the final-accounts rules the
    /// disclosure ran.
    pub fn counts(&self) -> &[(&'static str, RuleCounts)] {
        &self.counts
    }

    /// Replaces this document's checks of `rules`, counts and records, by those of `other`
    /// (the same rules run over all the files of a disclosure). Returns the records taken from
    /// `other`.
    pub fn replace_rules(&mut self, other: &Checks, rules: &[&str]) -> Vec<CheckResult> {
        self.records.retain(|c| !rules.contains(&c.rule));
        for (rule, counts) in self.counts.iter_mut() {
            if rules.contains(rule) {
                *counts = RuleCounts::default();
            }
        }
        for (rule, counts) in other.counts.iter().filter(|(r, _)| rules.contains(r)) {
            match self.counts.iter_mut().find(|(r, _)| r == rule) {
                Some((_, mine)) => *mine = *counts,
                None => self.counts.push((rule, *counts)),
            }
        }
        other
            .records
            .iter()
            .filter(|c| rules.contains(&c.rule))
            .cloned()
            .collect()
    }

    pub(crate) fn keeps_passes(&self) -> bool {
        self.listed == ChecksListed::All
    }

    pub(crate) fn push(&mut self, check: CheckResult) {
        self.count(check.rule, check.status);
        self.see_facts(check.involves.iter());
        if self.listed.lists(&check) {
            self.records.push(check);
        }
    }

    /// Changes the kept records `which` selects with `change`, keeping the counts true.
    pub(crate) fn reclassify(
        &mut self,
        which: impl Fn(&CheckResult) -> bool,
        change: impl Fn(&mut CheckResult),
    ) {
        let mut moved: Vec<(&'static str, Status, Status)> = Vec::new();
        for c in self.records.iter_mut().filter(|c| which(c)) {
            let before = c.status;
            change(c);
            moved.push((c.rule, before, c.status));
        }
        for (rule, before, after) in moved {
            self.uncount(rule, before);
            self.count(rule, after);
        }
    }

    pub(crate) fn extend(&mut self, checks: impl IntoIterator<Item = CheckResult>) {
        for check in checks {
            self.push(check);
        }
    }

    /// Counts a pass that is not kept, noting the facts it looked at.
    /// Whether a check of `rule` already failed on something of text block `block`: a second
    /// rule that finds the same misstatement need not report it again.
    pub(crate) fn failed_at_block(&self, rule: &str, block: usize) -> bool {
        self.records.iter().any(|c| {
            c.rule == rule
                && c.failed()
                && c.involves.iter().any(|i| match i {
                    Involved::Text { block: b, .. } | Involved::Fact { block: b, .. } => {
                        *b == block
                    }
                    Involved::Table { .. } => false,
                })
        })
    }

    pub(crate) fn count_pass<'a>(
        &mut self,
        rule: &'static str,
        involves: impl Iterator<Item = &'a Involved>,
    ) {
        self.count(rule, Status::Pass);
        self.see_facts(involves);
    }

    fn count(&mut self, rule: &'static str, status: Status) {
        let at = match self.counts.iter().position(|(r, _)| *r == rule) {
            Some(at) => at,
            None => {
                self.counts.push((rule, RuleCounts::default()));
                self.counts.len() - 1
            }
        };
        let n = &mut self.counts[at].1;
        match status {
            Status::Pass => n.pass += 1,
            Status::Fail => n.fail += 1,
            Status::Skipped => n.skipped += 1,
        }
    }

    fn uncount(&mut self, rule: &'static str, status: Status) {
        if let Some((_, n)) = self.counts.iter_mut().find(|(r, _)| *r == rule) {
            let slot = match status {
                Status::Pass => &mut n.pass,
                Status::Fail => &mut n.fail,
                Status::Skipped => &mut n.skipped,
            };
            *slot = slot.saturating_sub(1);
        }
    }

    fn see_facts<'a>(&mut self, involves: impl Iterator<Item = &'a Involved>) {
        for i in involves {
            if let Involved::Fact {
                fact, label, block, ..
            } = i
            {
                let seen = self
                    .facts_seen
                    .iter()
                    .any(|(f, l, b)| f == fact && l == label && b == block);
                if !seen {
                    self.facts_seen.push((fact.clone(), label.clone(), *block));
                }
            }
        }
    }

    /// Whether some check looked at this narrative fact.
    pub(crate) fn saw_fact(&self, fact: &crate::extract::model::Fact) -> bool {
        self.facts_seen
            .iter()
            .any(|(f, l, b)| *f == fact.key && *l == fact.label && *b == fact.block)
    }
}

/// Runs every check that applies to the disclosure, every record kept whole.
pub fn check(disclosure: &Disclosure) -> Vec<CheckResult> {
    check_listed(disclosure, ChecksListed::All).into_records()
}

/// Runs every check that applies to the disclosure, counting them all and keeping whole the
/// records `listed` names.
pub fn check_listed(disclosure: &Disclosure, listed: ChecksListed) -> Checks {
    let mut out = Checks::new(listed);
    let view = final_accounts::generic_view(disclosure);
    let generic = view.as_ref();
    arithmetic::hierarchy(generic, &mut out);
    arithmetic::total_rows(generic, &mut out);
    arithmetic::change_rows(generic, &mut out);
    arithmetic::row_identities(generic, &mut out);
    performance::check(generic, &mut out);
    summary_tables::check(generic, &mut out);
    cross::check(generic, &mut out);
    // Before the narrative rules, which report the figures no rule has looked at.
    final_accounts::check(disclosure, &mut out);
    narrative::check(generic, &mut out);
    comparison::check(generic, &mut out);
    share::check(generic, &mut out);
    shares_agree::check(generic, &mut out);
    count_parts::check(generic, &mut out);
    counted_lists::check(generic, &mut out);
    list_sum::check(generic, &mut out);
    names::check(generic, &mut out);
    identity::check(generic, &mut out);
    completeness::check(generic, &mut out);
    // Last of the rules: it reads the failures of all the others.
    reading::check(generic, &mut out);
    explain_carryover(generic, &mut out.records);
    out
}

/// A disagreement by exactly the money carried over from last year usually means one side
/// counts the carry-over and the other does not; say so.
fn explain_carryover(disclosure: &Disclosure, out: &mut [CheckResult]) {
    let Some((carried, unit)) = summary_tables::carryover(disclosure) else {
        return;
    };
    if carried == Fen::ZERO {
        return;
    }
    for c in out.iter_mut().filter(|c| {
        c.failed()
            && matches!(
                c.rule,
                rule::NARRATIVE_VS_TABLE | rule::CROSS_TABLE_TOTAL | rule::CROSS_TABLE_CODE
            )
            && c.difference.map(|d| d.0.saturating_abs()) == Some(carried.0.saturating_abs())
    }) {
        c.note = Some(CARRYOVER_NOTE.to_string());
        c.message.push_str(&format!(
            "; the difference is the 上年结转 ({}), counted on one side only",
            figure::show(carried, unit)
        ));
    }
}

/// The note on a failure whose difference equals the carry-over from last year.
pub const CARRYOVER_NOTE: &str = "difference equals 上年结转";

/// Failed checks per rule, for counting across a corpus. Every rule is listed, with zero when
/// none of its checks failed, so that reports line up; the final-accounts rules are listed for
/// the disclosures that ran them.
pub fn failures_by_rule(checks: &[CheckResult]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> =
        rule::ALL.iter().map(|r| (r.to_string(), 0)).collect();
    for c in checks
        .iter()
        .filter(|c| rule::FINAL_ACCOUNTS.contains(&c.rule))
    {
        counts.entry(c.rule.to_string()).or_default();
    }
    for c in checks.iter().filter(|c| c.failed()) {
        *counts.entry(c.rule.to_string()).or_default() += 1;
    }
    counts
}
