#![no_main]
//! The text reader on arbitrary bytes: any encoding, any layout, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = budget_extract::read::text::read(data);
});
