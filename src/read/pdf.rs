//! PDF reader: poppler's `pdftotext -layout -enc UTF-8` turns the PDF into space-aligned text
//! with a form feed after every page, and the text reader reads that text. A PDF and the
//! `pdftotext -layout` text of it therefore give the same document.
//!
//! `pdftotext` runs as a child process, never in ours: a crash, a hang or a memory blow-up in
//! the C++ parser on a hostile file costs that file an error record, not the run. The child
//! gets the PDF on stdin, is killed after [`Limits::pdf_timeout`], has its address space capped
//! at [`Limits::max_pdf_memory_bytes`] (Unix), and is killed once its text passes
//! [`Limits::max_pdf_text_bytes`].
//!
//! What is ours and checked here on the child's output ([`assess`]): a PDF of pages without a
//! text layer (a scan) is refused as needing OCR, and so is a text layer that decodes to
//! garbage (fonts whose ToUnicode maps are missing or wrong), instead of emitting nonsense as
//! data.

use super::Limits;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The environment variable naming the `pdftotext` program to run instead of the one on `PATH`.
pub const PROGRAM_VARIABLE: &str = "BUDGET_EXTRACT_PDFTOTEXT";

/// Most bytes of the child's stderr kept; the rest is read and dropped.
const MAX_STDERR_BYTES: u64 = 64 * 1024;

/// Most lines of a readable PDF's stderr kept for `source.pdftotext_stderr`.
const MAX_STDERR_LINES: usize = 5;

/// Fewer glyphs than this per page, on average, is a PDF without a text layer. Running page
/// furniture that a scanner or a stamping tool adds as text (`- 3 -`, `第 3 页 共 20 页`) is
/// under 16 glyphs a page; the real disclosures of `corpus-wild` hold at least 307 a page on
/// average (their emptiest single pages, covers and separators, hold 3).
pub const MIN_GLYPHS_PER_PAGE: usize = 16;

/// A text layer is judged readable or not only from this many glyphs on: fewer give no
/// reliable share (and are refused as having no text layer unless the PDF has a single page).
pub const MIN_JUDGED_GLYPHS: usize = 50;

/// A text layer of which fewer than this share of glyphs (in percent) are characters Chinese
/// disclosures print (CJK ideographs and punctuation, ASCII, common symbols) is unreadable. A
/// font whose codes are passed through as Unicode without a ToUnicode map lands in Latin
/// Extended, Greek, Cyrillic, Hebrew, Arabic and such; real disclosures are at least 99.99%
/// readable (all 87 of `corpus-wild`), so 80% leaves a wide margin both ways: a document whose
/// digits alone are garbled (a fifth to a third of its glyphs) is still caught.
pub const MIN_READABLE_PERCENT: usize = 80;

/// A text layer of which this share of glyphs (in percent) or more are broken (private-use
/// code points, U+FFFD, control characters: what `pdftotext` writes for glyphs it cannot map)
/// is unreadable. Real disclosures have none or a few private-use symbol bullets (well under
/// 1%).
pub const MAX_BROKEN_PERCENT: usize = 5;

#[derive(Debug)]
pub enum PdfError {
    /// `pdftotext` could not be started (not installed, or not executable).
    ToolMissing { program: String, error: String },
    /// The child did not finish within [`Limits::pdf_timeout`].
    TimedOut { after: Duration },
    /// The child wrote more text than [`Limits::max_pdf_text_bytes`].
    TextTooLarge { limit: u64 },
    /// The child ran out of the memory [`Limits::max_pdf_memory_bytes`] allows it.
    OutOfMemory { limit: u64 },
    /// The PDF needs a password to open, or forbids copying its text.
    Encrypted { detail: String },
    /// `pdftotext` could not read the PDF (or crashed on it): the first line of its stderr.
    Broken { detail: String },
    /// The PDF has no pages.
    NoPages,
    /// Pages, but (next to) no text on them: a scan.
    NoText { pages: u32, glyphs: usize },
    /// A text layer that decodes to garbage.
    Unreadable { assessment: Assessment },
    /// The child's pipes failed (not the PDF's fault).
    Io(String),
}

impl PdfError {
    pub fn kind(&self) -> &'static str {
        match self {
            PdfError::ToolMissing { .. } => "pdftotext_missing",
            PdfError::TimedOut { .. } => "timed_out",
            PdfError::TextTooLarge { .. } => "too_large",
            PdfError::OutOfMemory { .. } => "out_of_memory",
            PdfError::Encrypted { .. } => "encrypted",
            PdfError::Broken { .. } => "broken_pdf",
            PdfError::NoPages => "no_pages",
            PdfError::NoText { .. } => "needs_ocr",
            PdfError::Unreadable { .. } => "unreadable_text",
            PdfError::Io(_) => "io",
        }
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::ToolMissing { program, error } => write!(
                f,
                "cannot run {program:?} ({error}); PDF inputs need poppler's pdftotext: install \
                 poppler-utils (e.g. `apt-get install poppler-utils`)"
            ),
            PdfError::TimedOut { after } => write!(
                f,
                "pdftotext timed out after {} s and was stopped",
                after.as_secs_f64()
            ),
            PdfError::TextTooLarge { limit } => write!(
                f,
                "the PDF's text is too large: pdftotext wrote over the {limit}-byte cap"
            ),
            PdfError::OutOfMemory { limit } => write!(
                f,
                "pdftotext ran out of memory reading the PDF (capped at {limit} bytes): too large \
                 or hostile"
            ),
            PdfError::Encrypted { detail } => write!(
                f,
                "the PDF is encrypted (password-protected or copy-protected): {detail}; remove \
                 the protection (e.g. `qpdf --decrypt`) or ask for an unprotected copy"
            ),
            PdfError::Broken { detail } => write!(f, "broken PDF: {detail}"),
            PdfError::NoPages => f.write_str("the PDF has no pages"),
            PdfError::NoText { pages, glyphs } => write!(
                f,
                "no text layer: {pages} page(s) with {glyphs} characters of text in all (a \
                 scanned document?); it needs OCR"
            ),
            PdfError::Unreadable { assessment } => write!(
                f,
                "text layer unreadable (broken font maps); needs OCR: of {} characters, {}% are \
                 CJK, ASCII or common symbols and {}% private-use, replacement or control \
                 characters",
                assessment.glyphs,
                assessment.readable_percent(),
                assessment.broken_percent()
            ),
            PdfError::Io(e) => write!(f, "talking to pdftotext failed: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// What `pdftotext` made of a PDF it could read.
#[derive(Debug)]
pub struct PdfText {
    /// UTF-8 text (as `pdftotext` wrote it), a form feed after every page.
    pub text: Vec<u8>,
    /// Pages, counted by their form feeds.
    pub pages: u32,
    /// The first lines `pdftotext` wrote to stderr though it succeeded (syntax errors it read
    /// past).
    pub stderr: Vec<String>,
}

/// Glyph counts of a text layer, by what kind of character each glyph decoded to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assessment {
    /// Pages: form feeds in the text.
    pub pages: u32,
    /// Characters other than whitespace.
    pub glyphs: usize,
    /// Glyphs that are characters a Chinese disclosure prints.
    pub readable: usize,
    /// Glyphs that stand for no character: private use, U+FFFD, controls.
    pub broken: usize,
}

impl Assessment {
    pub fn readable_percent(&self) -> usize {
        (self.readable * 100)
            .checked_div(self.glyphs)
            .unwrap_or(100)
    }

    pub fn broken_percent(&self) -> usize {
        (self.broken * 100).checked_div(self.glyphs).unwrap_or(0)
    }
}

/// Counts the glyphs of `pdftotext`'s output by kind.
pub fn count_glyphs(text: &str) -> Assessment {
    let mut a = Assessment::default();
    for c in text.chars() {
        if c == '\u{c}' {
            a.pages = a.pages.saturating_add(1);
        }
        if c.is_whitespace() {
            continue;
        }
        a.glyphs += 1;
        if is_broken(c) {
            a.broken += 1;
        } else if is_readable(c) {
            a.readable += 1;
        }
    }
    a
}

/// Private use (BMP and planes 15-16), the replacement character and controls: what a glyph
/// without a usable Unicode mapping comes out as.
fn is_broken(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FFFD}') || c.is_control()
}

/// Characters Chinese budget disclosures print: CJK ideographs (with the radicals some fonts
/// map them to), CJK and fullwidth punctuation, ASCII, Latin-1 symbols (`×`, `°`, `¥`), and
/// the symbol blocks of bullets, numbered items, units and table rules.
fn is_readable(c: char) -> bool {
    matches!(c,
        '\u{21}'..='\u{7E}'
        | '\u{A0}'..='\u{FF}'
        | '\u{2000}'..='\u{22FF}'    // punctuation, letterlike (℃), number forms (Ⅰ), arrows, maths
        | '\u{2460}'..='\u{25FF}'    // ①, ⑴, box drawing, shapes (■ □ ●)
        | '\u{2E80}'..='\u{2FDF}'    // CJK and Kangxi radicals
        | '\u{3000}'..='\u{303F}'    // CJK punctuation
        | '\u{3200}'..='\u{33FF}'    // ㈠, ㎡
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'    // vertical forms
        | '\u{FF00}'..='\u{FFEF}'    // fullwidth forms
        | '\u{20000}'..='\u{3134F}'
    )
}

/// Decides whether `pdftotext`'s output is a text layer worth reading: refuses a PDF without
/// pages, pages without text (a scan) and a text layer that decodes to garbage. The output is
/// taken as UTF-8; invalid bytes count as broken glyphs.
pub fn assess(text: &[u8]) -> Result<Assessment, PdfError> {
    let a = count_glyphs(&String::from_utf8_lossy(text));
    if a.pages == 0 && a.glyphs == 0 {
        return Err(PdfError::NoPages);
    }
    let pages = a.pages.max(1) as usize;
    // One page holding a few words is a short document, not a scan; but several pages that
    // hold little more than their numbers are.
    let too_little = if pages == 1 {
        a.glyphs == 0
    } else {
        a.glyphs < MIN_GLYPHS_PER_PAGE * pages
    };
    if too_little {
        return Err(PdfError::NoText {
            pages: a.pages,
            glyphs: a.glyphs,
        });
    }
    if a.glyphs >= MIN_JUDGED_GLYPHS
        && (a.broken * 100 >= MAX_BROKEN_PERCENT * a.glyphs
            || a.readable * 100 < MIN_READABLE_PERCENT * a.glyphs)
    {
        return Err(PdfError::Unreadable { assessment: a });
    }
    Ok(a)
}

/// The `pdftotext` to run: [`PROGRAM_VARIABLE`] when set, else `pdftotext` from `PATH`.
pub fn program() -> OsString {
    std::env::var_os(PROGRAM_VARIABLE)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| OsString::from("pdftotext"))
}

/// Reads a PDF's text with the `pdftotext` of [`program`].
pub fn read(bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    read_with(&program(), bytes, limits)
}

/// Reads a PDF's text with the given `pdftotext` program, then [`assess`]es it.
pub fn read_with(program: &OsStr, bytes: &[u8], limits: &Limits) -> Result<PdfText, PdfError> {
    let run = run_child(program, bytes, limits)?;
    let stderr = String::from_utf8_lossy(&run.stderr);
    match run.status.code() {
        Some(0) => {}
        Some(code) => return Err(failure(code, &stderr)),
        None => {
            // Killed by a signal we did not send: a crash, or an allocation refused under the
            // memory cap (poppler and the C++ runtime abort on one).
            let lower = stderr.to_ascii_lowercase();
            if lower.contains("out of memory") || lower.contains("bad_alloc") {
                return Err(PdfError::OutOfMemory {
                    limit: limits.max_pdf_memory_bytes,
                });
            }
            return Err(PdfError::Broken {
                detail: format!(
                    "pdftotext crashed ({}){}",
                    describe(&run.status),
                    first_line(&stderr)
                        .map(|l| format!(": {l}"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    let assessment = assess(&run.stdout)?;
    Ok(PdfText {
        text: run.stdout,
        pages: assessment.pages,
        stderr: stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(MAX_STDERR_LINES)
            .map(|l| l.chars().take(200).collect())
            .collect(),
    })
}

/// The error for `pdftotext` exiting with `code` (1: the PDF could not be opened; 3: its
/// permissions forbid copying text; 99: anything else).
fn failure(code: i32, stderr: &str) -> PdfError {
    let detail = first_line(stderr)
        .map(str::to_string)
        .unwrap_or_else(|| format!("pdftotext exited with status {code} and said nothing"));
    let lower = stderr.to_ascii_lowercase();
    if code == 3 || lower.contains("password") || lower.contains("encrypt") {
        PdfError::Encrypted { detail }
    } else if lower.contains("invalid page count 0") {
        // A page tree of no pages: pdftotext then refuses the page range 1 to 0.
        PdfError::NoPages
    } else {
        PdfError::Broken { detail }
    }
}

/// The line of stderr that says what went wrong: the first error line, else the first line.
fn first_line(stderr: &str) -> Option<&str> {
    let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next()?;
    Some(lines.find(|l| l.contains("Error")).unwrap_or(first))
}

fn describe(status: &ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal {signal}");
        }
    }
    status.to_string()
}

struct ChildRun {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `program -layout -enc UTF-8 - -` with `bytes` on stdin under the limits, and collects
/// its output.
fn run_child(program: &OsStr, bytes: &[u8], limits: &Limits) -> Result<ChildRun, PdfError> {
    let mut command = Command::new(program);
    command
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cap_memory(&mut command, limits.max_pdf_memory_bytes);
    let mut child = command.spawn().map_err(|e| PdfError::ToolMissing {
        program: program.to_string_lossy().into_owned(),
        error: e.to_string(),
    })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(PdfError::Io(
            "the child's pipes were not opened".to_string(),
        ));
    };
    let over_cap = AtomicBool::new(false);
    let text_cap = limits.max_pdf_text_bytes;
    let deadline = Instant::now() + limits.pdf_timeout;
    std::thread::scope(|scope| {
        // The child may stop reading (it failed, or it is killed): a write error then only
        // means it is gone, which the exit status says better.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let over_cap = &over_cap;
        // The stdout reader says when it is done: at the child's end of output (it exits right
        // after), or at the cap.
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let out = scope.spawn(move || {
            let mut text = Vec::new();
            let read = stdout
                .take(text_cap.saturating_add(1))
                .read_to_end(&mut text);
            if text.len() as u64 > text_cap {
                over_cap.store(true, Ordering::Relaxed);
            }
            let _ = done.send(());
            read.map(|_| text)
        });
        let err = scope.spawn(move || {
            let mut kept = Vec::new();
            let mut stderr = stderr;
            let read = (&mut stderr)
                .take(MAX_STDERR_BYTES)
                .read_to_end(&mut kept)
                .and_then(|_| std::io::copy(&mut stderr, &mut std::io::sink()));
            read.map(|_| kept)
        });
        // Sleep until the output ends or the deadline passes, then wait for the exit, polling
        // in case the child lingers after closing its output.
        let timed_out = || PdfError::TimedOut {
            after: limits.pdf_timeout,
        };
        let ended = match finished.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(timed_out()),
            _ if over_cap.load(Ordering::Relaxed) => {
                Err(PdfError::TextTooLarge { limit: text_cap })
            }
            _ => loop {
                match child.try_wait() {
                    Ok(Some(status)) => break Ok(status),
                    Ok(None) if Instant::now() >= deadline => break Err(timed_out()),
                    Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                    Err(e) => break Err(PdfError::Io(e.to_string())),
                }
            },
        };
        if ended.is_err() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // The pipes close when the child is gone, so the readers end.
        let stdout = out.join();
        let stderr = err.join();
        let status = ended?;
        if over_cap.load(Ordering::Relaxed) {
            return Err(PdfError::TextTooLarge { limit: text_cap });
        }
        let io = |e: std::io::Error| PdfError::Io(e.to_string());
        let panicked = || PdfError::Io("a pipe reader panicked".to_string());
        Ok(ChildRun {
            status,
            stdout: stdout.map_err(|_| panicked())?.map_err(io)?,
            stderr: stderr.map_err(|_| panicked())?.map_err(io)?,
        })
    })
}

/// Caps the child's address space, so that a PDF that makes poppler allocate without end (a
/// font stream inflating to gigabytes) ends the child, not the machine.
#[cfg(unix)]
fn cap_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: the closure runs in the forked child before exec and only calls setrlimit, which
    // is async-signal-safe; it allocates nothing and touches no lock.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn cap_memory(_command: &mut Command, _bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(text: &str, pages: usize) -> String {
        let mut out = String::new();
        for _ in 0..pages {
            out.push_str(text);
            out.push('\u{c}');
        }
        out
    }

    #[test]
    fn pages_are_counted_by_form_feeds() {
        let a = count_glyphs("一\u{c}二 三\n\u{c}");
        assert_eq!((a.pages, a.glyphs, a.readable, a.broken), (2, 3, 3, 0));
        assert_eq!(count_glyphs("").pages, 0);
    }

    #[test]
    fn no_pages_and_blank_pages_are_refused() {
        assert!(matches!(assess(b""), Err(PdfError::NoPages)));
        assert!(matches!(assess(b"\n\n"), Err(PdfError::NoPages)));
        let blank = page_of("\n\n", 3000);
        assert!(matches!(
            assess(blank.as_bytes()),
            Err(PdfError::NoText {
                pages: 3000,
                glyphs: 0
            })
        ));
        assert_eq!(assess(blank.as_bytes()).unwrap_err().kind(), "needs_ocr");
    }

    #[test]
    fn page_numbers_alone_are_no_text_layer() {
        // A scan stamped with "第 N 页 共 20 页" as text: 9 glyphs a page.
        let scan: String = (1..=20)
            .map(|n| format!("\n\n                第 {n} 页 共 20 页\n\u{c}"))
            .collect();
        assert!(matches!(
            assess(scan.as_bytes()),
            Err(PdfError::NoText { .. })
        ));
        // Sixteen glyphs a page on average is enough.
        let thin = page_of("一二三四五六七八九十一二三四五六", 20);
        assert!(assess(thin.as_bytes()).is_ok());
        // One short page is a short document, not a scan.
        assert!(assess("部门预算\n\u{c}".as_bytes()).is_ok());
    }

    #[test]
    fn real_text_is_readable() {
        let text = page_of(
            "                      2026年部门预算\n一、部门主要职能  （一）负责…… ①② ㎡ ℃ ×\n\
             205   教育支出         1,234.56       -0.5%   □ ■\n",
            10,
        );
        let a = assess(text.as_bytes()).unwrap();
        assert_eq!(a.readable, a.glyphs);
        assert_eq!(a.broken, 0);
    }

    #[test]
    fn private_use_and_replacement_glyphs_are_unreadable() {
        // 5% broken is the line: 95 good glyphs and 5 private-use ones is refused, 96 and 4 is
        // not.
        let text = |good: usize, bad: usize| {
            let mut t = "预".repeat(good);
            t.push_str(&"\u{E001}".repeat(bad));
            t.push('\u{c}');
            t
        };
        assert!(matches!(
            assess(text(95, 5).as_bytes()),
            Err(PdfError::Unreadable { .. })
        ));
        assert!(assess(text(96, 4).as_bytes()).is_ok());
        let replacement = format!("{}\u{c}", "\u{FFFD}".repeat(200));
        let err = assess(replacement.as_bytes()).unwrap_err();
        assert_eq!(err.kind(), "unreadable_text");
        assert!(err.to_string().contains("broken font maps"), "{err}");
        // Invalid UTF-8 counts as replacement characters.
        let mut bytes = vec![0xFFu8; 300];
        bytes.push(b'\x0c');
        assert!(matches!(assess(&bytes), Err(PdfError::Unreadable { .. })));
    }

    #[test]
    fn codes_passed_through_as_unicode_are_unreadable() {
        // Adobe-GB1 CIDs of common ideographs (about 800 to 7700) taken for code points land
        // in Latin Extended, Greek, Cyrillic, Armenian, Hebrew, Arabic…: no control or private
        // use, but next to nothing readable.
        let garbage: String = (0x0300u32..0x1E00)
            .step_by(7)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        let text = format!("{garbage}\n 1.00  2.00\n\u{c}");
        let err = assess(text.as_bytes()).unwrap_err();
        assert_eq!(err.kind(), "unreadable_text");
        // 80% readable is the line.
        let mixed =
            |good: usize, other: usize| format!("{}{}\u{c}", "a".repeat(good), "Ж".repeat(other));
        assert!(assess(mixed(80, 20).as_bytes()).is_ok());
        assert!(matches!(
            assess(mixed(79, 21).as_bytes()),
            Err(PdfError::Unreadable { .. })
        ));
    }

    #[test]
    fn few_glyphs_are_not_judged() {
        // Under 50 glyphs the shares say little: a one-page note of 40 odd glyphs passes.
        let text = format!("{}\u{c}", "Ж".repeat(40));
        assert!(assess(text.as_bytes()).is_ok());
    }

    #[test]
    fn exit_codes_and_stderr_name_the_problem() {
        let e = failure(1, "Command Line Error: Incorrect password\n");
        assert_eq!(e.kind(), "encrypted");
        assert!(e.to_string().contains("Incorrect password"), "{e}");
        assert_eq!(
            failure(3, "Permission Error: copying not allowed").kind(),
            "encrypted"
        );
        let e = failure(
            1,
            "Syntax Warning: May not be a PDF file (continuing anyway)\nSyntax Error: Couldn't find trailer dictionary\n",
        );
        assert_eq!(e.kind(), "broken_pdf");
        assert_eq!(
            e.to_string(),
            "broken PDF: Syntax Error: Couldn't find trailer dictionary"
        );
        assert!(failure(99, "").to_string().contains("status 99"));
        let e = failure(
            99,
            "Syntax Error: Invalid page count 0\nCommand Line Error: Wrong page range given: the first page (1) can not be after the last page (0).\n",
        );
        assert_eq!(e.kind(), "no_pages");
    }

    #[test]
    fn a_missing_program_says_to_install_poppler() {
        let e = read_with(
            OsStr::new("/nonexistent/pdftotext"),
            b"%PDF-1.4",
            &Limits::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), "pdftotext_missing");
        assert!(e.to_string().contains("install poppler-utils"), "{e}");
    }

    #[cfg(unix)]
    fn script(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake-pdftotext");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, path)
    }

    #[cfg(unix)]
    #[test]
    fn a_hanging_child_is_killed_at_the_time_limit() {
        let (_dir, path) = script("exec sleep 30");
        let limits = Limits {
            pdf_timeout: Duration::from_millis(300),
            ..Limits::default()
        };
        let e = read_with(path.as_os_str(), &vec![b'x'; 1 << 20], &limits).unwrap_err();
        assert_eq!(e.kind(), "timed_out");
        assert_eq!(
            e.to_string(),
            "pdftotext timed out after 0.3 s and was stopped"
        );
    }

    #[cfg(unix)]
    #[test]
    fn endless_output_stops_at_the_text_cap() {
        let (_dir, path) = script("exec yes 部门预算");
        let limits = Limits {
            max_pdf_text_bytes: 1 << 20,
            ..Limits::default()
        };
        let e = read_with(path.as_os_str(), b"%PDF-1.4", &limits).unwrap_err();
        assert_eq!(e.kind(), "too_large");
    }

    #[cfg(unix)]
    #[test]
    fn a_crash_is_a_broken_pdf_with_what_it_said() {
        let (_dir, path) = script("echo 'Syntax Error: bad object' >&2; kill -SEGV $$");
        let e = read_with(path.as_os_str(), b"%PDF-1.4", &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), "broken_pdf");
        assert!(e.to_string().contains("signal 11"), "{e}");
        assert!(e.to_string().contains("bad object"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn stderr_of_a_readable_pdf_is_kept() {
        let (_dir, path) = script(
            "cat >/dev/null; echo 'Syntax Error (12): Illegal character' >&2; printf '部门预算\\f'",
        );
        let text = read_with(path.as_os_str(), b"%PDF-1.4", &Limits::default()).unwrap();
        assert_eq!(text.pages, 1);
        assert_eq!(text.stderr, ["Syntax Error (12): Illegal character"]);
        assert_eq!(text.text, "部门预算\u{c}".as_bytes());
    }
}
