#![no_main]
//! The spreadsheet reader on arbitrary bytes: as an `.xlsx` (zip) or, behind the OLE signature,
//! an `.xls`. Broken zips and compound files, broken XML and BIFF records, lying sizes.
//!
//! The reader catches a panic inside the workbook parser and turns it into an error for the file
//! (the parser indexes some records unchecked). libFuzzer's panic hook would abort on it first,
//! so the hook here only prints: a panic the reader does not catch still reaches libFuzzer and is
//! reported as a crash, and so is every allocation past the RSS limit.

use budget_extract::read::sheet::{self, Container};
use budget_extract::read::Limits;
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
    let limits = Limits {
        max_part_bytes: 8 * 1024 * 1024,
        max_inflated_bytes: 16 * 1024 * 1024,
        max_cells: 200_000,
        ..Limits::default()
    };
    let container = if data.starts_with(OLE_MAGIC) {
        Container::Xls
    } else {
        Container::Xlsx
    };
    let _ = sheet::read(data, container, &limits);
});
