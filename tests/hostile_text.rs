//! Hostile and broken text inputs, and disclosures that are only partly there: each ends in a
//! per-file error with a stable kind, or in output whose warnings say what was missing.

use budget_extract::pipeline::{process_bytes, read_file, FileError, Processed, Stage};
use budget_extract::read::Limits;
use std::time::{Duration, Instant};

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn seed_lines() -> Vec<String> {
    std::fs::read_to_string(SEED)
        .expect("seed")
        .lines()
        .map(str::to_string)
        .collect()
}

/// The seed's narrative part: everything before its first table title.
fn seed_narrative() -> String {
    let lines = seed_lines();
    let end = lines
        .iter()
        .position(|l| l.starts_with("附表"))
        .expect("the seed lists its tables");
    lines[..end].join("\n")
}

fn process(name: &str, bytes: &[u8], limits: &Limits) -> Result<Processed, FileError> {
    let started = Instant::now();
    let outcome = process_bytes(name, bytes, limits);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "{name} took {took:?}");
    if let Err(e) = &outcome {
        assert_ne!(e.kind, "internal", "{name}: the pipeline panicked: {e}");
    }
    outcome
}

fn read_ok(name: &str, bytes: &[u8]) -> Processed {
    process(name, bytes, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn refused(name: &str, bytes: &[u8], limits: &Limits) -> (String, String) {
    match process(name, bytes, limits) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => {
            assert_eq!((e.stage, e.path.as_str()), (Stage::Read, name), "{e}");
            (e.kind, e.message)
        }
    }
}

fn codes(processed: &Processed) -> Vec<&'static str> {
    processed
        .disclosure
        .warnings
        .iter()
        .map(|w| w.code)
        .collect()
}

fn json(processed: &Processed) -> serde_json::Value {
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

#[test]
fn bytes_no_detector_can_settle_still_read_and_name_the_guess() {
    // Every byte pair here is valid GBK, Big5, EUC-KR and Shift_JIS alike.
    let ambiguous: Vec<u8> = (0..2000u32)
        .flat_map(|i| [0xB0 + (i % 7) as u8, 0xA1 + (i % 13) as u8])
        .chain(*b"\n\t1.00\t2.00\n")
        .collect();
    let processed = read_ok("ambiguous.txt", &ambiguous);
    let encoding = json(&processed)["source"]["encoding"].clone();
    assert!(
        encoding.as_str().is_some_and(|e| e != "UTF-8"),
        "the guessed encoding is recorded: {encoding}"
    );
    // Read as best it can be, with warnings for what is not there.
    assert!(processed.disclosure.fiscal_year.is_none());
    assert!(codes(&processed).contains(&"no_fiscal_year"));
}

#[test]
fn mixed_encodings_read_as_one_guess() {
    // A UTF-8 narrative with a table pasted in from a GBK file.
    let mut bytes = seed_narrative().into_bytes();
    bytes.extend(b"\n");
    let (table, _, _) = encoding_rs::GB18030
        .encode("附表1 部门收支总表\n单位：万元\n项目\t预算数\n一般公共预算拨款收入\t4,844.56\n");
    bytes.extend_from_slice(&table);
    let processed = read_ok("mixed.txt", &bytes);
    // One guess for the whole file turns one part or the other into mojibake; whatever could
    // not be found for it is flagged, and the guess is recorded.
    let disclosure = &processed.disclosure;
    let codes = codes(&processed);
    assert!(disclosure.department.is_some() || codes.contains(&"no_department"));
    assert!(disclosure.fiscal_year.is_some() || codes.contains(&"no_fiscal_year"));
    assert!(!disclosure.tables.is_empty() || codes.contains(&"no_tables"));
    assert!(
        disclosure.tables.iter().all(|t| !t.title.is_empty()) || codes.contains(&"untitled_table")
    );
    assert!(json(&processed)["source"]["encoding"].is_string());
}

#[test]
fn nul_bytes() {
    let mut bytes = seed_narrative().into_bytes();
    // A NUL inside a word and a run of them at the end, as a broken export leaves them.
    let at = std::str::from_utf8(&bytes).unwrap().find("办公室").unwrap();
    bytes.insert(at + "办公".len(), 0);
    bytes.extend([0u8; 16]);
    let processed = read_ok("nul.txt", &bytes);
    assert!(codes(&processed).contains(&"reader"));
    assert!(processed
        .disclosure
        .warnings
        .iter()
        .any(|w| w.message.contains("NUL")));
    assert_eq!(
        processed.disclosure.department.as_deref(),
        Some("重庆市九龙坡区人民政府办公室")
    );

    // Nothing but NULs is no text at all.
    let (kind, _) = refused("nul.txt", &[0u8; 4096], &Limits::default());
    assert_eq!(kind, "binary");
}

#[test]
fn a_single_line_of_a_megabyte() {
    // The full 100 MB line runs in scripts/memory_caps.sh; a debug build reads a megabyte in
    // about a second.
    let line = "预算".repeat(1024 * 1024 / 6);
    let processed = read_ok("line.txt", line.as_bytes());
    assert!(codes(&processed).contains(&"no_tables"));
    assert_eq!(processed.source.blocks, ["line 1"]);

    // A line of TAB-separated figures is one row of a table.
    let row = "1,234.56\t".repeat(256 * 1024 / 9);
    let processed = read_ok("row.txt", row.as_bytes());
    assert_eq!(processed.disclosure.tables.len(), 1);
    assert!(codes(&processed).contains(&"untitled_table"));
}

#[test]
fn more_lines_or_cells_than_the_caps_are_refused_before_reading() {
    // A megabyte of line breaks would be a million paragraphs.
    let lines = "a\n".repeat(1_000_001);
    let (kind, message) = refused("lines.txt", lines.as_bytes(), &Limits::default());
    assert_eq!(kind, "too_many_lines");
    assert!(
        message.contains("1000001 lines") && message.contains("1000000-line cap"),
        "{message}"
    );

    let tabs = "\t".repeat(1_000_001);
    let (kind, message) = refused("tabs.txt", tabs.as_bytes(), &Limits::default());
    assert_eq!(kind, "too_many_cells");
    assert!(message.contains("1000000-cell cap"), "{message}");

    // CRLF counts once per line, and a lower cap is honoured exactly.
    let limits = Limits {
        max_text_lines: 3,
        max_cells: 2,
        ..Limits::default()
    };
    assert!(process("ok.txt", "甲\t乙\r\n丙\t\r\n丁".as_bytes(), &limits).is_ok());
    let (kind, _) = refused("over.txt", "甲\r\n乙\r\n丙\r\n丁".as_bytes(), &limits);
    assert_eq!(kind, "too_many_lines");
    let (kind, _) = refused("over.txt", "甲\t乙\t丙\t丁".as_bytes(), &limits);
    assert_eq!(kind, "too_many_cells");
}

#[test]
fn a_two_gigabyte_file_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: two gigabytes that take no disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024).unwrap();
    drop(file);
    let error = read_file(&path, &Limits::default()).expect_err("refused");
    assert_eq!(
        (error.kind.as_str(), error.stage),
        ("too_large", Stage::Read)
    );
    assert!(
        error.message.contains("2147483648 bytes") && error.message.contains("268435456-byte cap"),
        "{}",
        error.message
    );
    assert!(error.path.ends_with("huge.txt"));

    // The cap is inclusive: a file of exactly the cap is read.
    let limits = Limits {
        max_file_bytes: 4096,
        ..Limits::default()
    };
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(4096).unwrap();
    drop(file);
    assert_eq!(read_file(&path, &limits).unwrap().len(), 4096);
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(4097).unwrap();
    drop(file);
    assert_eq!(read_file(&path, &limits).err().unwrap().kind, "too_large");

    // Bytes already in memory meet the same cap.
    let (kind, _) = refused("big.txt", &[b'a'; 4097], &limits);
    assert_eq!(kind, "too_large");
}

#[test]
fn a_table_of_ten_thousand_columns() {
    let columns = 10_000;
    let header: Vec<String> = (0..columns).map(|i| format!("科目{i}")).collect();
    let figures: Vec<String> = (0..columns).map(|i| format!("{i}.00")).collect();
    let text = format!(
        "2026年部门收支总表\n单位：万元\n{}\n{}\n",
        header.join("\t"),
        figures.join("\t")
    );
    let processed = read_ok("wide.txt", text.as_bytes());
    let table = &processed.disclosure.tables[0];
    assert_eq!(table.title, "2026年部门收支总表");
    assert!(table.rows.iter().any(|r| r.raw.len() == columns));
    assert!(!codes(&processed).contains(&"unknown_unit"));
}

#[test]
fn a_disclosure_without_tables_is_output_with_a_warning() {
    let processed = read_ok("narrative.txt", seed_narrative().as_bytes());
    assert!(processed.disclosure.tables.is_empty());
    assert!(codes(&processed).contains(&"no_tables"));
    // Everything the narrative says is still there.
    assert_eq!(processed.disclosure.fiscal_year, Some(2026));
    assert!(!processed.disclosure.facts.is_empty());
}

#[test]
fn tables_without_recognizable_titles_are_output_with_warnings() {
    let text = format!(
        "{}\n\n项目\t预算数\n一般公共预算拨款收入\t4,844.56\n\n这是一段说明文字，不是表格标题。\n\t项目\n\t金额\n\n\t合计\n\t12.00\n",
        seed_narrative()
    );
    let processed = read_ok("untitled.txt", text.as_bytes());
    assert_eq!(processed.disclosure.tables.len(), 2);
    let codes = codes(&processed);
    assert!(
        codes.contains(&"untitled_table") || codes.contains(&"unknown_table"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"no_tables"));
}

#[test]
fn an_unknown_unit_is_output_with_a_warning() {
    for unit_line in ["单位：千美元", "单位：亿吨", ""] {
        let text = format!(
            "{}\n附表1 2026年部门收支总表\n{unit_line}\n项目\t预算数\n一般公共预算拨款收入\t4,844.56\n合计\t4,844.56\n",
            seed_narrative()
        );
        let processed = read_ok("unit.txt", text.as_bytes());
        assert_eq!(processed.disclosure.tables.len(), 1, "{unit_line}");
        assert!(
            codes(&processed).contains(&"unknown_unit"),
            "{unit_line}: {:?}",
            codes(&processed)
        );
        assert_eq!(processed.disclosure.tables[0].source_unit, None);
    }
}

#[test]
fn mixed_encodings_are_read_with_a_warning() {
    // A UTF-8 narrative followed by a table whose lines are GBK.
    let mut bytes = "某某局\n\n2025年部门预算公开说明\n\n".as_bytes().to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t12.50\n",
    );
    bytes.extend_from_slice(&gbk);
    let processed = budget_extract::pipeline::process_bytes(
        "mixed.txt",
        &bytes,
        &budget_extract::read::Limits::default(),
    )
    .expect("a best-effort result");
    let json: serde_json::Value = serde_json::from_slice(&processed.json).unwrap();
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["message"]
            .as_str()
            .unwrap()
            .starts_with("mixed encodings")),
        "{warnings:#?}"
    );
}
