#![no_main]
//! What is ours in the PDF route, on arbitrary bytes taken as `pdftotext`'s output: judging the
//! text layer (pages by form feeds, glyph kinds) and reading the text with its pages. Never a
//! panic; the counts and pages always hold together.

use budget_extract::read::{pdf, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let counts = pdf::count_glyphs(&String::from_utf8_lossy(data));
    assert!(counts.readable + counts.broken <= counts.glyphs);
    assert_eq!(
        counts.pages as usize,
        data.iter().filter(|&&b| b == b'\x0c').count()
    );
    if let Ok(assessment) = pdf::assess(data) {
        assert_eq!(assessment, counts);
        assert!(assessment.pages > 0 || assessment.glyphs > 0);
    }
    if let Ok((document, _, _)) = text::read(data) {
        // Pages come from the form feeds of the decoded text (in UTF-16 a 0x0C byte is no
        // form feed).
        let feeds = text::decode(data).0.matches('\u{c}').count();
        let paginated = feeds > 0;
        for block in &document.blocks {
            let origin = block.origin();
            match origin.pages {
                Some(pages) => {
                    assert!(paginated);
                    assert!(1 <= pages.first && pages.first <= pages.last);
                    assert!(pages.last as usize <= feeds + 1);
                }
                None => assert!(!paginated),
            }
        }
    }
});
