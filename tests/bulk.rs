//! Corpus runs through the library: incremental re-runs, bad files, exports that agree with
//! the JSON, collision-free names, reproducible output.

mod common;
use common::folder::snapshot;

use budget_extract::emit::dataset::ExportOptions;
use budget_extract::money::{parse_amount, Fen, Unit};
use budget_extract::pipeline::bulk::{run_bulk, BulkOptions, STAGING_DIR};
use budget_extract::pipeline::inputs;
use budget_extract::pipeline::progress::Silent;
use budget_extract::pipeline::report::RunReport;
use budget_extract::pipeline::Stage;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";
const DISTRICTS: [&str; 5] = ["渝中区", "江北区", "南岸区", "北碚区", "巴南区"];

/// The seed's narrative and first tables (the whole seed is slow in a debug build), under
/// another district's name so that documents differ.
fn seed_variant(i: usize) -> String {
    let seed = fs::read_to_string(SEED).expect("seed in corpus/");
    let head: Vec<&str> = seed.lines().take(800).collect();
    head.join("\n")
        .replace("九龙坡区", DISTRICTS[i % DISTRICTS.len()])
}

fn write(path: &Path, content: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("input folder");
    }
    fs::write(path, content).expect("input written");
}

fn run(input: &Path, output: &Path, configure: impl FnOnce(&mut BulkOptions)) -> RunReport {
    let (files, errors) = inputs::gather(&[input.to_path_buf()], &mut &b""[..]);
    let mut options = BulkOptions::new(output);
    options.jobs = Some(2);
    configure(&mut options);
    run_bulk(&files, errors, &options, &Silent).expect("run completes")
}

fn json_files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "run.json" && n != "datapackage.json")
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("readable")).expect("valid JSON")
}
#[test]
fn rerun_skips_unchanged_inputs_and_redoes_changed_ones() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    for i in 0..3 {
        write(&input.join(format!("d{i}.txt")), seed_variant(i));
    }
    let first = run(&input, &output, |_| {});
    assert_eq!(
        (
            first.outcomes.written,
            first.outcomes.skipped_unchanged,
            first.outcomes.failed
        ),
        (3, 0, 0)
    );
    let again = run(&input, &output, |_| {});
    assert_eq!(
        (again.outcomes.written, again.outcomes.skipped_unchanged),
        (0, 3)
    );

    write(&input.join("d1.txt"), seed_variant(4));
    let changed = run(&input, &output, |_| {});
    assert_eq!(
        (changed.outcomes.written, changed.outcomes.skipped_unchanged),
        (1, 2)
    );
    let d1 = json_files(&output)
        .into_iter()
        .find(|n| n.starts_with("d1-"))
        .expect("d1 output");
    let doc = read_json(&output.join(&d1));
    assert_eq!(doc["department"]["name"], "重庆市巴南区人民政府办公室");

    // An output removed behind the manifest's back is made again.
    fs::remove_file(output.join(&d1)).expect("removed");
    let repaired = run(&input, &output, |_| {});
    assert_eq!(
        (
            repaired.outcomes.written,
            repaired.outcomes.skipped_unchanged
        ),
        (1, 2)
    );

    let forced = run(&input, &output, |o| o.force = true);
    assert_eq!(forced.outcomes.written, 3);
    assert_eq!(forced.documents_in_output, 3);
}

#[test]
fn a_bad_file_gets_an_error_record_and_keeps_its_earlier_output() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    write(&input.join("good.txt"), seed_variant(0));
    write(&input.join("later-bad.txt"), seed_variant(1));
    run(&input, &output, |_| {});
    let before = snapshot(&output);
    let bad_output = before
        .keys()
        .find(|n| n.starts_with("later-bad-"))
        .expect("output of the file that goes bad")
        .clone();

    // The file turns into a legacy Word file; another input is empty.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 512]);
    write(&input.join("later-bad.txt"), ole);
    write(&input.join("empty.txt"), "");
    let report = run(&input, &output, |_| {});
    assert_eq!(report.outcomes.failed, 2);
    assert_eq!(report.outcomes.skipped_unchanged, 1);
    let kinds: Vec<(String, Stage, &str)> = report
        .failures
        .iter()
        .map(|f| {
            let name = Path::new(&f.path).file_name().unwrap_or_default();
            (
                name.to_string_lossy().into_owned(),
                f.stage,
                f.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("empty.txt".to_string(), Stage::Read, "empty"),
            ("later-bad.txt".to_string(), Stage::Read, "ole_container"),
        ]
    );
    assert!(report.failures.iter().all(|f| !f.message.is_empty()));

    // The earlier good output is still there, unchanged, and still in the exports.
    assert_eq!(
        fs::read(output.join(&bad_output)).ok(),
        before.get(&bad_output).cloned()
    );
    let documents = fs::read_to_string(output.join("documents.csv")).expect("documents.csv");
    assert!(documents.contains(bad_output.trim_end_matches(".json")));

    let on_disk = read_json(&output.join("run.json"));
    assert_eq!(on_disk["outcomes"]["failed"], 2);
    assert_eq!(on_disk["failures"][1]["stage"], "read");
    assert_eq!(on_disk["failures"][1]["kind"], "ole_container");
}

fn yuan_of(text: &str) -> Fen {
    parse_amount(text, Unit::Yuan)
        .ok()
        .flatten()
        .map(|a| a.fen)
        .unwrap_or_else(|| panic!("{text:?} is not an exact yuan amount"))
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("export file");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let record = r.expect("CSV record");
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn exports_agree_with_the_json_exactly() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    for i in 0..3 {
        write(&input.join(format!("d{i}.txt")), seed_variant(i));
    }
    write(&input.join("whole-seed.txt"), fs::read(SEED).expect("seed"));
    let report = run(&input, &output, |_| {});
    let counts = report.exports.expect("exports built");

    let documents = csv_rows(&output.join("documents.csv"));
    let items = csv_rows(&output.join("line_items.csv"));
    let facts = csv_rows(&output.join("facts.csv"));
    assert_eq!(counts.documents as usize, documents.len());
    assert_eq!(counts.line_items as usize, items.len());
    assert_eq!(counts.facts as usize, facts.len());
    assert_eq!(documents.len(), 4);

    for row in &documents {
        let doc = read_json(&output.join(&row["output_file"]));
        assert_eq!(
            row["department"],
            doc["department"]["name"].as_str().unwrap_or("")
        );
        assert_eq!(row["fiscal_year"], doc["fiscal_year"].to_string());
        for (column, key) in [
            ("revenue_total_yuan", "revenue_total"),
            ("expenditure_total_yuan", "expenditure_total"),
            ("basic_expenditure_yuan", "basic_expenditure"),
        ] {
            assert_eq!(row[column], doc["summary"][key].to_string(), "{column}");
        }

        // Every non-blank amount of every table is one line item, with the same exact sum.
        let mut json_cells = 0usize;
        let mut json_sum = Fen::ZERO;
        for table in doc["tables"].as_array().expect("tables") {
            for line in table["rows"].as_array().expect("rows") {
                for value in line["values"].as_object().expect("values").values() {
                    if !value.is_null() {
                        json_cells += 1;
                        json_sum = json_sum + yuan_of(&value.to_string());
                    }
                }
            }
        }
        let mine: Vec<_> = items
            .iter()
            .filter(|r| r["document_id"] == row["document_id"])
            .collect();
        assert_eq!(mine.len(), json_cells);
        assert_eq!(row["line_items"], json_cells.to_string());
        let export_sum: Fen = mine.iter().map(|r| yuan_of(&r["amount_yuan"])).sum();
        assert_eq!(export_sum, json_sum, "{}", row["source_path"]);

        let doc_facts = doc["facts"].as_array().expect("facts");
        let my_facts: Vec<_> = facts
            .iter()
            .filter(|r| r["document_id"] == row["document_id"])
            .collect();
        assert_eq!(my_facts.len(), doc_facts.len());
        for (fact, exported) in doc_facts.iter().zip(&my_facts) {
            assert_eq!(exported["key"], fact["key"].as_str().unwrap_or(""));
            assert_eq!(exported["value"], fact["value"].to_string());
        }
    }

    // The expenditure table's 合计 row, as a researcher would pick it out.
    let seed_id = documents
        .iter()
        .find(|r| r["source_path"].ends_with("whole-seed.txt"))
        .map(|r| r["document_id"].clone())
        .expect("seed row");
    let total = items
        .iter()
        .find(|r| {
            r["document_id"] == seed_id
                && r["table_kind"] == "expenditure"
                && r["is_total"] == "true"
                && r["column_key"] == "total"
        })
        .expect("expenditure total row");
    assert_eq!(total["amount_yuan"], "48445600");
    assert_eq!(total["source_unit"], "万元");
}

#[test]
fn jsonl_and_excel_exports_carry_the_same_rows() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    write(&input.join("d.txt"), fs::read(SEED).expect("seed"));
    run(&input, &output, |o| {
        o.exports = Some(ExportOptions {
            excel_bom: true,
            jsonl: true,
        })
    });
    let csv_bytes = fs::read(output.join("line_items.csv")).expect("csv");
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBFdocument_id,"));
    let rows = {
        let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
        reader
            .records()
            .map(|r| r.expect("record"))
            .collect::<Vec<_>>()
    };
    let jsonl = fs::read_to_string(output.join("line_items.jsonl")).expect("jsonl");
    let objects: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(objects.len(), rows.len());
    for (row, object) in rows.iter().zip(&objects) {
        assert_eq!(object["amount_yuan"].to_string(), row[18]);
        // A blank cell is null in JSON.
        assert_eq!(object["name"].as_str().unwrap_or(""), &row[12]);
        assert_eq!(object["is_total"], Value::Bool(&row[15] == "true"));
    }
    let package = read_json(&output.join("datapackage.json"));
    assert_eq!(package["resources"][1]["encoding"], "utf-8-sig");

    // Dropping the option removes the JSON Lines files rather than leaving stale ones.
    run(&input, &output, |_| {});
    assert!(!output.join("line_items.jsonl").exists());
    assert!(fs::read(output.join("line_items.csv"))
        .expect("csv")
        .starts_with(b"document_id,"));
}

#[test]
fn inputs_with_the_same_name_and_department_never_collide() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    let same = seed_variant(0);
    write(&input.join("2025/财政局.txt"), &same);
    write(&input.join("2026/财政局.txt"), &same);
    write(&input.join("2026/财政局.docx.txt"), &same);
    let report = run(&input, &output, |_| {});
    assert_eq!(report.outcomes.written, 3);
    let names = json_files(&output);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("财政局")));
    let ids: BTreeSet<String> = csv_rows(&output.join("documents.csv"))
        .into_iter()
        .map(|r| r["document_id"].clone())
        .collect();
    assert_eq!(ids.len(), 3);
    // Names depend on the input path only: a second run in a fresh folder names alike.
    let again = work.path().join("again");
    run(&input, &again, |_| {});
    assert_eq!(json_files(&again), names);
}

#[test]
fn output_is_the_same_bytes_whatever_the_thread_count_and_history() {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("in");
    for i in 0..6 {
        write(&input.join(format!("d{i}.txt")), seed_variant(i));
    }
    let one = work.path().join("one");
    let two = work.path().join("two");
    run(&input, &one, |o| o.jobs = Some(1));
    // The second folder gets there in steps: half the inputs first, then all.
    for i in 3..6 {
        fs::rename(
            input.join(format!("d{i}.txt")),
            work.path().join(format!("d{i}.txt")),
        )
        .expect("moved aside");
    }
    run(&input, &two, |o| o.jobs = Some(2));
    for i in 3..6 {
        fs::rename(
            work.path().join(format!("d{i}.txt")),
            input.join(format!("d{i}.txt")),
        )
        .expect("moved back");
    }
    let report = run(&input, &two, |o| o.jobs = Some(2));
    assert_eq!(report.outcomes.skipped_unchanged, 3);
    assert_eq!(snapshot(&one), snapshot(&two));
    assert!(!two.join(STAGING_DIR).exists());
}

#[cfg(unix)]
#[test]
fn an_unchanged_run_leaves_the_exports_alone() {
    use std::os::unix::fs::MetadataExt;
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    write(&input.join("d.txt"), seed_variant(0));
    run(&input, &output, |_| {});
    let inode = |name: &str| fs::metadata(output.join(name)).expect("file").ino();
    let before = inode("line_items.csv");
    let report = run(&input, &output, |_| {});
    assert_eq!(inode("line_items.csv"), before);
    assert_eq!(report.exports.map(|c| c.documents), Some(1));
    // A changed input rebuilds them.
    write(&input.join("d.txt"), seed_variant(1));
    run(&input, &output, |_| {});
    assert_ne!(inode("line_items.csv"), before);
}

#[test]
fn a_forced_run_rebuilds_the_exports_from_the_outputs_it_rewrote() {
    // A forced run rewrites outputs that may differ where the manifest does not (a check's
    // pass count after a change of the checks): the exports follow the outputs, here a
    // documents.csv edited since it was built.
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    write(&input.join("d.txt"), seed_variant(0));
    run(&input, &output, |_| {});
    let built = fs::read(output.join("documents.csv")).expect("documents.csv");
    write(&output.join("documents.csv"), "stale\n");
    run(&input, &output, |_| {});
    assert_eq!(
        fs::read(output.join("documents.csv")).expect("documents.csv"),
        b"stale\n"
    );
    run(&input, &output, |o| o.force = true);
    assert_eq!(
        fs::read(output.join("documents.csv")).expect("documents.csv"),
        built
    );
}

#[test]
fn leftovers_of_a_killed_run_are_cleared() {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    write(&input.join("d.txt"), seed_variant(0));
    run(&input, &output, |_| {});
    // What a kill can leave: a partial temporary file and a torn manifest line.
    write(&output.join(STAGING_DIR).join(".tmp-abc.part"), "{\"half");
    let manifest = output.join("manifest.jsonl");
    let mut text = fs::read(&manifest).expect("manifest");
    text.extend_from_slice(b"{\"path\":\"in/x.txt\",\"sha");
    fs::write(&manifest, text).expect("torn manifest");
    let report = run(&input, &output, |_| {});
    assert_eq!(report.outcomes.skipped_unchanged, 1);
    assert!(!output.join(STAGING_DIR).exists());
    let lines = fs::read_to_string(&manifest).expect("manifest");
    assert_eq!(lines.lines().count(), 1);
}

#[test]
fn an_output_folder_that_cannot_be_created_is_an_error() {
    let work = tempfile::tempdir().expect("temp dir");
    let blocker = work.path().join("file");
    write(&blocker, "x");
    let options = BulkOptions::new(blocker.join("out"));
    let result = run_bulk(&[PathBuf::from(SEED)], Vec::new(), &options, &Silent);
    assert!(result.is_err());
}
