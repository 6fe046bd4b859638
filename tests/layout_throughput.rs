//! Throughput of the text reader and of the whole pipeline over every text layout, and the time
//! odd inputs take. A benchmark that prints figures, not a timed test:
//!
//! ```text
//! cargo test --release --test layout_throughput -- --ignored --nocapture
//! ```

mod common;
use common::timing::cpu_seconds;

use budget_extract::pipeline::process_bytes;
use budget_extract::read::{read, Limits};
use std::path::Path;
/// Every text input of the repository, or those whose path contains `$BENCH_FILTER`.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let filter = std::env::var("BENCH_FILTER").unwrap_or_default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["corpus", "tests/fixtures/layouts", "tests/fixtures/real"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("fixture folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            if name.contains(&filter) {
                out.push((name, std::fs::read(&path).expect("readable")));
            }
        }
    }
    out
}

#[test]
#[ignore = "benchmark; run with --release -- --ignored --nocapture"]
fn documents_per_second() {
    let limits = Limits::default();
    let inputs = inputs();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    // Compile the regular expressions before timing anything.
    if let Some((name, bytes)) = inputs.first() {
        let _ = process_bytes(name, bytes, &limits);
    }
    println!(
        "{:<70} {:>10} {:>12} {:>12}",
        "file", "KiB", "read/cpu-s", "pipeline/cpu-s"
    );
    let (mut all_bytes, mut all_read, mut all_pipeline) = (0usize, 0f64, 0f64);
    for (name, bytes) in &inputs {
        let start = cpu_seconds();
        for _ in 0..rounds {
            let _ = read(bytes, &limits);
        }
        let read_time = (cpu_seconds() - start) / rounds as f64;
        let start = cpu_seconds();
        for _ in 0..rounds {
            let _ = process_bytes(name, bytes, &limits);
        }
        let pipeline_time = (cpu_seconds() - start) / rounds as f64;
        println!(
            "{:<70} {:>10.1} {:>12.0} {:>12.0}",
            name,
            bytes.len() as f64 / 1024.0,
            1.0 / read_time,
            1.0 / pipeline_time
        );
        all_bytes += bytes.len();
        all_read += read_time;
        all_pipeline += pipeline_time;
    }
    let n = inputs.len() as f64;
    println!(
        "all {} files, per CPU second of one thread: read {:.0} docs ({:.1} MB), pipeline {:.0} docs ({:.1} MB)",
        inputs.len(),
        n / all_read,
        all_bytes as f64 / all_read / 1e6,
        n / all_pipeline,
        all_bytes as f64 / all_pipeline / 1e6
    );
}

#[test]
#[ignore = "benchmark; run with --release -- --ignored --nocapture"]
fn odd_input_sizes() {
    let limits = Limits::default();
    let amounts: Vec<String> = (0..10_000).map(|i| format!("{i}.00")).collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "one line of 100 MB of prose",
            "收入预算一万元，"
                .repeat(100 * 1024 * 1024 / 24)
                .into_bytes(),
        ),
        (
            "one line of 100 MB of amounts two spaces apart",
            "1,000.00  ".repeat(10 * 1024 * 1024).into_bytes(),
        ),
        (
            "10,000 columns x 1,000 rows, TAB-separated",
            format!(
                "某某总表\n单位：万元\n{}",
                format!("合计\t{}\n", amounts.join("\t")).repeat(1000)
            )
            .into_bytes(),
        ),
        (
            "10,000 columns x 100 rows, two spaces apart",
            format!(
                "某某总表\n单位：万元\n{}",
                format!("合计  {}\n", amounts.join("  ")).repeat(100)
            )
            .into_bytes(),
        ),
        (
            "200,000 lines of one cell each",
            "1,000.00\n甲\n".repeat(100_000).into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        let start = cpu_seconds();
        let outcome = process_bytes("odd.txt", &bytes, &limits);
        println!(
            "{what}: {:.1} MB in {:.2} CPU s, {}",
            bytes.len() as f64 / 1e6,
            cpu_seconds() - start,
            match &outcome {
                Ok(p) => format!("{} tables", p.disclosure.tables.len()),
                Err(e) => format!("refused: {e}"),
            }
        );
    }
}
