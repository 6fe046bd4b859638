//! The dataset researchers load: unique line-item keys, department identity, disclosures
//! published as several files, and the panel of departments by year, on real disclosures.

mod common;
use common::folder::snapshot;

use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::bulk::{run_bulk, BulkOptions};
use budget_extract::pipeline::inputs;
use budget_extract::pipeline::progress::Silent;
use budget_extract::pipeline::report::RunReport;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A 2019 budget of 中共江苏省委办公厅 published as two files: the narrative names the
/// department 江苏省委办公厅, the tables 中共江苏省委办公厅.
const JIANGSU_NARRATIVE: &str = "corpus/jiangsu-party-committee-office-2019-budget-narrative.txt";
const JIANGSU_TABLES: &str = "corpus/jiangsu-party-committee-office-2019-budget-tables.txt";
/// 北京市退役军人事务局's 2026 budget: 附件1 the narrative, 附件2 the tables volume.
const BEIJING_NARRATIVE: &str = "tests/fixtures/dataset/beijing-veterans-2026-narrative.txt";
const BEIJING_TABLES: &str = "tests/fixtures/dataset/beijing-veterans-2026-tables.txt";

fn run(input: &Path, output: &Path) -> RunReport {
    run_listing(input, output, ChecksListed::Findings)
}

fn run_listing(input: &Path, output: &Path, listed: ChecksListed) -> RunReport {
    let (files, errors) = inputs::gather(&[input.to_path_buf()], &mut &b""[..]);
    let mut options = BulkOptions::new(output);
    options.jobs = Some(2);
    options.checks_listed = listed;
    run_bulk(&files, errors, &options, &Silent).expect("run completes")
}

fn copy(from: &str, to: &Path) {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).expect("input folder");
    }
    fs::copy(from, to).expect("fixture copied");
}

/// The JSON of every document by its input file name.
fn documents(output: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(output).expect("output folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.ends_with(".json") || name == "run.json" || name == "datapackage.json" {
            continue;
        }
        let json: Value = serde_json::from_slice(&fs::read(&path).expect("JSON")).expect("valid");
        let input = json["source"]["path"].as_str().expect("source path");
        let input = Path::new(input).file_name().expect("file name");
        out.insert(input.to_string_lossy().into_owned(), json);
    }
    out
}

/// A CSV export as rows of column → text.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("CSV");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("record").iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn disclosure_id(doc: &Value) -> &str {
    doc["source"]["disclosure"]["id"]
        .as_str()
        .expect("disclosure id")
}

#[test]
fn a_narrative_and_its_tables_in_two_files_are_one_disclosure_checked_across() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    copy(JIANGSU_NARRATIVE, &input.join("a/narrative.txt"));
    copy(JIANGSU_TABLES, &input.join("b/tables.txt"));
    run(&input, &output);
    let docs = documents(&output);
    let (narrative, tables) = (&docs["narrative.txt"], &docs["tables.txt"]);
    assert_eq!(narrative["department"]["name"], "江苏省委办公厅");
    assert_eq!(tables["department"]["name"], "中共江苏省委办公厅");
    for doc in [narrative, tables] {
        assert_eq!(doc["department"]["key"], "中共江苏省委办公厅");
        assert_eq!(doc["department"]["region"]["province"], "江苏省");
        let files: Vec<(&str, &str)> = doc["source"]["disclosure"]["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().expect("path"),
                    f["parts"].as_str().expect("parts"),
                )
            })
            .collect();
        assert_eq!(files.len(), 2);
        assert!(files[0].0.ends_with("narrative.txt") && files[0].1 == "narrative");
        assert!(files[1].0.ends_with("tables.txt") && files[1].1 == "tables");
    }
    assert_eq!(disclosure_id(narrative), disclosure_id(tables));

    // The narrative's totals are checked against the other file's tables, and pass.
    let across = &narrative["check_counts"]["narrative_vs_table"];
    assert!(across["pass"].as_u64().expect("count") >= 5, "{across}");
    assert_eq!(across["fail"], 0);
    assert_eq!(
        narrative["check_counts"]["narrative_vs_table"],
        tables["check_counts"]["narrative_vs_table"]
    );
    let listed: Vec<&Value> = narrative["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == "narrative_vs_table")
        .collect();
    assert!(!listed.is_empty());
    for check in listed {
        let other = check["other_files"][0].as_str().expect("other file named");
        assert!(other.ends_with("tables.txt"), "{other}");
    }

    let csv = csv_rows(&output.join("documents.csv"));
    let ids: BTreeSet<&str> = csv.iter().map(|r| r["disclosure_id"].as_str()).collect();
    assert_eq!(ids, BTreeSet::from([disclosure_id(narrative)]));
    let panel = csv_rows(&output.join("departments.csv"));
    assert_eq!(panel.len(), 1);
    assert_eq!(panel[0]["department_key"], "中共江苏省委办公厅");
    assert_eq!(panel[0]["fiscal_year"], "2019");
    assert_eq!(panel[0]["disclosures"], "1");
    assert_eq!(panel[0]["documents"], "2");

    // Alone, each file is a disclosure of its own, with another id.
    let alone = work.path().join("alone");
    run(&input.join("a"), &alone);
    let single = &documents(&alone)["narrative.txt"];
    assert_eq!(
        single["source"]["disclosure"]["files"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_ne!(disclosure_id(single), disclosure_id(narrative));
    assert_eq!(single["check_counts"]["narrative_vs_table"]["pass"], 0);
}

#[test]
fn disclosure_ids_do_not_depend_on_folders_or_order_and_reruns_regroup() {
    let work = tempfile::tempdir().expect("temp dir");
    let (first_in, second_in) = (work.path().join("one"), work.path().join("two"));
    copy(JIANGSU_NARRATIVE, &first_in.join("x/1.txt"));
    copy(JIANGSU_TABLES, &first_in.join("y/2.txt"));
    // The other way round: the tables sort first.
    copy(JIANGSU_TABLES, &second_in.join("a.txt"));
    copy(JIANGSU_NARRATIVE, &second_in.join("b.txt"));
    let (first_out, second_out) = (work.path().join("o1"), work.path().join("o2"));
    run(&first_in, &first_out);
    run(&second_in, &second_out);
    let id = disclosure_id(&documents(&first_out)["1.txt"]).to_string();
    assert_eq!(disclosure_id(&documents(&second_out)["a.txt"]), id);

    // Nothing changed: nothing is written, the folder is the same bytes.
    let before = snapshot(&first_out);
    let again = run(&first_in, &first_out);
    assert_eq!(again.outcomes.written, 0);
    assert_eq!(snapshot(&first_out), before);

    // The tables file changes: the narrative, unchanged, is written again with the new group.
    let mut changed = fs::read_to_string(JIANGSU_TABLES).expect("fixture");
    changed.push('\n');
    fs::write(first_in.join("y/2.txt"), changed).expect("changed");
    let rerun = run(&first_in, &first_out);
    assert_eq!(rerun.outcomes.written, 1);
    let docs = documents(&first_out);
    let new_id = disclosure_id(&docs["1.txt"]);
    assert_ne!(new_id, id);
    assert_eq!(disclosure_id(&docs["2.txt"]), new_id);
    // The same as a fresh run over the changed files.
    let fresh = work.path().join("fresh");
    run(&first_in, &fresh);
    assert_eq!(snapshot(&fresh), snapshot(&first_out));
}

#[test]
fn beijing_narrative_and_tables_volume_are_one_disclosure() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    copy(BEIJING_NARRATIVE, &input.join("narrative.txt"));
    copy(BEIJING_TABLES, &input.join("tables.txt"));
    // Every check listed, passes included: the checks run across the two files are sought.
    run_listing(&input, &output, ChecksListed::All);
    let docs = documents(&output);
    let (narrative, tables) = (&docs["narrative.txt"], &docs["tables.txt"]);
    assert_eq!(narrative["department"]["key"], "北京市退役军人事务局");
    assert_eq!(narrative["department"]["region"]["province"], "北京市");
    assert_eq!(narrative["fiscal_year"], 2026);
    assert_eq!(
        narrative["source"]["disclosure"]["files"][0]["parts"],
        "narrative"
    );
    let parts: Vec<(&str, &str)> = tables["source"]["disclosure"]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["parts"].as_str()?)))
        .collect();
    assert!(
        parts
            .iter()
            .any(|(path, parts)| path.ends_with("tables.txt") && *parts == "tables"),
        "{parts:?}"
    );
    // The tables volume (预算01表 … on every page) has no cover: its department is the
    // 部门名称 row of its 部门整体支出绩效目标表 and its year the line under that title. Read
    // from there, the two files are one disclosure, checked across both.
    assert_eq!(tables["department"]["key"], "北京市退役军人事务局");
    assert_eq!(tables["fiscal_year"], 2026);
    assert_eq!(disclosure_id(narrative), disclosure_id(tables));
    assert_eq!(
        narrative["source"]["disclosure"]["files"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let across = narrative["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["other_files"].is_array())
        .count();
    assert!(across > 0, "no check ran across the two files");
}

#[test]
fn line_items_have_unique_keys_and_tables_unique_column_keys() {
    let work = tempfile::tempdir().expect("temp dir");
    let output = work.path().join("out");
    // The two-sided 部门收支总表 with two expenditure lists, and a 决算 basic-expenditure table
    // printed as two lists side by side.
    let input = work.path().join("in");
    copy(JIANGSU_TABLES, &input.join("jiangsu.txt"));
    copy(
        "tests/fixtures/real/shanghai-putuo-finance-bureau-2024-final-accounts.txt",
        &input.join("putuo.txt"),
    );
    run(&input, &output);
    for (name, doc) in documents(&output) {
        for table in doc["tables"].as_array().expect("tables") {
            let mut keys = BTreeSet::new();
            for column in table["columns"].as_array().expect("columns") {
                let side = column["side"].as_str().unwrap_or("");
                let key = column["key"].as_str().expect("key");
                assert!(
                    keys.insert((side, key)),
                    "{name}: column {side} {key} twice"
                );
            }
        }
    }
    let items = csv_rows(&output.join("line_items.csv"));
    let mut seen = BTreeSet::new();
    for item in &items {
        let key: Vec<&str> = [
            "document_id",
            "table_index",
            "row",
            "side",
            "list",
            "column_key",
        ]
        .iter()
        .map(|k| item[*k].as_str())
        .collect();
        assert!(seen.insert(key.clone()), "line item key {key:?} twice");
    }
    // The second expenditure list of the summary table (基本支出, 项目支出, …) keeps its amounts
    // under its own key.
    let by_use: Vec<&BTreeMap<String, String>> = items
        .iter()
        .filter(|i| i["table_kind"] == "revenue_expenditure_summary" && i["list"] == "2")
        .collect();
    assert!(by_use.iter().any(|i| i["name"] == "一、基本支出"
        && i["column_key"] == "amount_2"
        && i["amount_yuan"] == "117006300"));
    // Both lists of the basic-expenditure table print a row 2; the list tells them apart.
    let lists: BTreeSet<&str> = items
        .iter()
        .filter(|i| {
            i["document_id"].starts_with("putuo-")
                && i["table_kind"] == "general_budget_basic_expenditure"
                && i["row"] == "2"
        })
        .map(|i| i["list"].as_str())
        .collect();
    assert_eq!(lists, BTreeSet::from(["0", "1"]));
}
