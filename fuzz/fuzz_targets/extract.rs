#![no_main]
//! The whole per-file pipeline (read → extract → check → JSON) on arbitrary bytes.

use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::{Format, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A PDF goes to the pdftotext child, which is not ours to fuzz (and a process per input
    // would slow the fuzzer a hundredfold); what is ours of that route is `pdf_output`.
    if budget_extract::read::sniff(data).is_ok_and(|f| f == Format::Pdf) {
        return;
    }
    let limits = Limits {
        max_part_bytes: 8 * 1024 * 1024,
        max_inflated_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    };
    // Both listings: passes only counted, and passes written up in full.
    let listed = if data.len() % 2 == 0 {
        ChecksListed::Findings
    } else {
        ChecksListed::All
    };
    let _ = process_bytes_listing("fuzz-input", data, &limits, listed);
});
