#![no_main]
//! The spreadsheet reader on arbitrary bytes: as an `.xlsx` (zip) or, behind the OLE signature,
//! an `.xls`. Broken zips and compound files, broken XML and BIFF records, lying sizes.

use budget_extract::read::sheet::{self, Container};
use budget_extract::read::Limits;
use libfuzzer_sys::fuzz_target;

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
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
