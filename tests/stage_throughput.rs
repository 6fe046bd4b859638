//! Where a document's time goes: CPU time per stage (read, extract, check, JSON) for the seed in
//! every layout and as DOCX, and for the other real budgets. A benchmark that prints figures, not
//! a timed test:
//!
//! ```text
//! cargo test --release --test stage_throughput -- --ignored --nocapture
//! ```
//!
//! `BENCH_ROUNDS` (default 200) sets how often each file is run; `BENCH_FILTER` keeps the files
//! whose path contains it; `BENCH_DIR` adds the first ten .txt and ten .docx files of a folder
//! (such as a corpus from `scripts/generate_corpus.py`).

mod common;
use common::timing::cpu_seconds;

use budget_extract::emit::{document_json, ChecksListed, Source};
use budget_extract::read::{read, Limits};
use budget_extract::{check, extract};
use std::path::Path;
fn inputs() -> Vec<(String, Vec<u8>)> {
    let filter = std::env::var("BENCH_FILTER").unwrap_or_default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let extra = std::env::var("BENCH_DIR").ok();
    let mut folders = vec![
        (root.join("corpus"), "txt", usize::MAX),
        (root.join("tests/fixtures/layouts"), "txt", usize::MAX),
        (root.join("tests/fixtures/docx"), "docx", usize::MAX),
    ];
    if let Some(dir) = &extra {
        folders.push((Path::new(dir).to_path_buf(), "txt", 10));
        folders.push((Path::new(dir).to_path_buf(), "docx", 10));
    }
    for (dir, extension, most) in folders {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("input folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .filter(|p| {
                extension == "txt"
                    || p.to_string_lossy().contains("seed-")
                    || extra.as_deref().is_some_and(|x| p.starts_with(x))
            })
            .collect();
        entries.sort();
        entries.truncate(most);
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

/// Average CPU seconds of `f` over `rounds` runs.
fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> f64 {
    let start = cpu_seconds();
    for _ in 0..rounds {
        std::hint::black_box(f());
    }
    (cpu_seconds() - start) / rounds as f64
}

#[test]
#[ignore = "benchmark; run with --release -- --ignored --nocapture"]
fn cpu_time_per_stage() {
    let limits = Limits::default();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    println!(
        "{:<64} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "file (µs of CPU per document)",
        "KiB",
        "read",
        "extract",
        "check",
        "json",
        "total",
        "docs/cpu-s"
    );
    for (name, bytes) in inputs() {
        let Ok((document, info)) = read(&bytes, &limits) else {
            println!("{name}: not readable");
            continue;
        };
        let disclosure = extract::extract(&document);
        let checks = check::check_listed(&disclosure, ChecksListed::default());
        let source = Source::new(&name, &bytes, info.clone(), &document);
        // Warm the lazily compiled regular expressions before timing.
        let _ = document_json(&source, &disclosure, &checks);
        let read_time = time(rounds, || read(&bytes, &limits));
        let extract_time = time(rounds, || extract::extract(&document));
        let check_time = time(rounds, || {
            check::check_listed(&disclosure, ChecksListed::default())
        });
        let json_time = time(rounds, || {
            let source = Source::new(&name, &bytes, info.clone(), &document);
            document_json(&source, &disclosure, &checks)
        });
        let total = read_time + extract_time + check_time + json_time;
        println!(
            "{:<64} {:>6.1} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>9.0}",
            name,
            bytes.len() as f64 / 1024.0,
            read_time * 1e6,
            extract_time * 1e6,
            check_time * 1e6,
            json_time * 1e6,
            total * 1e6,
            1.0 / total
        );
    }
}
