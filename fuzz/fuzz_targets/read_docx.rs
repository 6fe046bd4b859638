#![no_main]
//! The DOCX reader on arbitrary bytes behind a zip signature: broken zips, broken XML.

use budget_extract::read::{docx, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_part_bytes: 8 * 1024 * 1024,
        max_inflated_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    };
    let _ = docx::read(data, &limits);
});
