//! A mutation-testing harness for the checks: it injects one error at a time into real
//! disclosure texts (a changed or blanked cell, a swapped comparison word, a wrong year, a
//! placeholder department, a dropped table, a changed narrative figure) and counts how many
//! of them the checks report, i.e. how many raise a failure the unmutated text does not.
//!
//! Sites are picked with a seeded generator, so a run is reproducible. The unmutated texts'
//! own failures are reported too: each is a real contradiction in the published document or a
//! false alarm.

pub mod layout;
pub mod mutators;
pub mod prng;
pub mod runner;

use budget_extract::emit;
use layout::Layout;
use mutators::{apply, pick, Kind, Site};
use prng::SplitMix64;
use runner::{judge, new_failures, observe, restates, Failure, Observation, Verdict};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// The folders of whole real texts (`pdftotext -layout` output and text disclosures).
pub const TEXT_FOLDERS: &[&str] = &[
    "corpus",
    "tests/fixtures/real",
    "tests/fixtures/wild",
    "tests/fixtures/final",
];

/// One input text.
pub struct Text {
    /// Its path relative to the crate.
    pub name: String,
    pub text: String,
}

pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.txt` of `folders`, by path; a text that repeats an earlier one byte for byte is
/// left out.
pub fn load_texts(folders: &[&str]) -> Vec<Text> {
    let root = crate_root();
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !seen.insert(text.clone()) {
            continue;
        }
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        out.push(Text { name, text });
    }
    out
}

/// The texts named, by path relative to the crate.
pub fn load_named(names: &[&str]) -> Vec<Text> {
    let root = crate_root();
    names
        .iter()
        .filter_map(|name| {
            let text = std::fs::read_to_string(root.join(Path::new(name))).ok()?;
            Some(Text {
                name: name.to_string(),
                text,
            })
        })
        .collect()
}

/// What to run.
pub struct Plan {
    pub seed: u64,
    /// At most this many sites of each kind per text.
    pub cap_per_kind: usize,
    pub kinds: Vec<Kind>,
}

/// Sites tried and what became of them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    pub tried: usize,
    pub detected: usize,
    pub extracted_differently: usize,
    pub read_failed: usize,
    /// Detected only by failures the unmutated document has at the same figures, with
    /// another message.
    pub detected_by_changed_message: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict, only_changed_messages: bool) {
        self.tried += 1;
        if verdict == Verdict::Detected && only_changed_messages {
            self.detected_by_changed_message += 1;
        }
        match verdict {
            Verdict::Detected => self.detected += 1,
            Verdict::ExtractedDifferently => self.extracted_differently += 1,
            Verdict::ReadFailed => self.read_failed += 1,
            Verdict::Undetected => {}
        }
    }

    /// Detected per hundred tried; `None` when nothing was tried.
    pub fn percent(&self) -> Option<f64> {
        (self.tried > 0).then(|| 100.0 * self.detected as f64 / self.tried as f64)
    }
}

/// One mutant's outcome, kept for the report.
pub struct Outcome {
    pub text: String,
    pub site: Site,
    pub verdict: Verdict,
    /// The first new failure, when detected (one at figures no unmutated failure involves,
    /// if any).
    pub first_new_failure: Option<Failure>,
    /// Every new failure restates one the unmutated document has.
    pub only_changed_messages: bool,
}

/// An unmutated text's own failures.
pub struct Baseline {
    pub text: String,
    /// Failures by rule and message; or why the text could not be run.
    pub failures: Result<BTreeMap<Failure, usize>, String>,
}

#[derive(Default)]
pub struct Report {
    pub by_kind: BTreeMap<Kind, Tally>,
    pub by_class: BTreeMap<(Kind, &'static str), Tally>,
    pub by_text: BTreeMap<(String, Kind), Tally>,
    pub baselines: Vec<Baseline>,
    pub outcomes: Vec<Outcome>,
}

/// Department key, fiscal year and document kind: what the files of one disclosure share.
type DisclosureKey = (String, Option<u16>, String);

/// The disclosures among the texts, as indices: a department's narrative and its tables
/// published as two files are one disclosure, as a bulk run groups them (same department,
/// year and kind, one file narrative only and the other tables only); every other text is one
/// of its own. A text that does not run is left out.
pub fn disclosures(texts: &[Text]) -> Vec<Vec<usize>> {
    let mut partial: BTreeMap<DisclosureKey, Vec<(usize, &'static str)>> = BTreeMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let Ok(alone) = observe(&[(&text.name, &text.text)]) else {
            out.push(vec![i]);
            continue;
        };
        let Some(d) = alone.disclosures.first() else {
            continue;
        };
        let parts = emit::parts_of(d);
        match emit::department_key(d) {
            Some(key) if parts == "narrative" || parts == "tables" => partial
                .entry((
                    key.to_string(),
                    d.fiscal_year,
                    format!("{:?}", d.document_kind),
                ))
                .or_default()
                .push((i, parts)),
            _ => out.push(vec![i]),
        }
    }
    for members in partial.into_values() {
        let both = members.iter().any(|(_, p)| *p == "narrative")
            && members.iter().any(|(_, p)| *p == "tables");
        if both {
            out.push(members.into_iter().map(|(i, _)| i).collect());
        } else {
            out.extend(members.into_iter().map(|(i, _)| vec![i]));
        }
    }
    out.sort();
    out
}

/// Runs every picked mutation of every text and judges it against the unmutated disclosure
/// the text belongs to.
pub fn run(texts: &[Text], plan: &Plan) -> Report {
    let mut report = Report::default();
    for members in disclosures(texts) {
        let files: Vec<(&str, &str)> = members
            .iter()
            .map(|&i| (texts[i].name.as_str(), texts[i].text.as_str()))
            .collect();
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        let base = match observe(&files) {
            Ok(base) => base,
            Err(e) => {
                report.baselines.push(Baseline {
                    text: names.join(" + "),
                    failures: Err(e),
                });
                continue;
            }
        };
        report.baselines.push(Baseline {
            text: names.join(" + "),
            failures: Ok(base.failures.clone()),
        });
        for (at, (name, text)) in files.iter().enumerate() {
            let Some(disclosure) = base.disclosures.get(at) else {
                continue;
            };
            let Some(layout) = Layout::of(text, disclosure) else {
                continue;
            };
            for &kind in &plan.kinds {
                let label = format!("{name}/{}", kind.name());
                let mut rng = SplitMix64::for_label(plan.seed, &label);
                for site in pick(&layout, kind, plan.cap_per_kind, &mut rng) {
                    let outcome = mutate_and_judge(&files, at, &layout, &base, site);
                    report.add(outcome);
                }
            }
        }
    }
    report
}

/// Mutates file `at` of the disclosure `files` and judges the result.
fn mutate_and_judge(
    files: &[(&str, &str)],
    at: usize,
    layout: &Layout,
    base: &Observation,
    site: Site,
) -> Outcome {
    let mutant_text = apply(&layout.lines, &site.edit);
    let mutant_files: Vec<(&str, &str)> = files
        .iter()
        .enumerate()
        .map(|(i, (name, text))| (*name, if i == at { mutant_text.as_str() } else { *text }))
        .collect();
    let mutant = observe(&mutant_files);
    let verdict = judge(base, &mutant);
    let fresh = match &mutant {
        Ok(m) => new_failures(base, m),
        Err(_) => Vec::new(),
    };
    let first_new_failure = fresh
        .iter()
        .find(|f| !restates(base, f))
        .or(fresh.first())
        .map(|f| (*f).clone());
    let only_changed_messages = !fresh.is_empty() && fresh.iter().all(|f| restates(base, f));
    Outcome {
        text: files[at].0.to_string(),
        site,
        verdict,
        first_new_failure,
        only_changed_messages,
    }
}

impl Report {
    fn add(&mut self, outcome: Outcome) {
        let kind = outcome.site.kind;
        let (verdict, changed) = (outcome.verdict, outcome.only_changed_messages);
        self.by_kind.entry(kind).or_default().add(verdict, changed);
        self.by_class
            .entry((kind, outcome.site.class))
            .or_default()
            .add(verdict, changed);
        self.by_text
            .entry((outcome.text.clone(), kind))
            .or_default()
            .add(verdict, changed);
        self.outcomes.push(outcome);
    }

    pub fn tally(&self, kind: Kind) -> Tally {
        self.by_kind.get(&kind).copied().unwrap_or_default()
    }

    /// The table of detection per kind.
    pub fn kind_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| kind | tried | detected | % | of which by a changed message only | undetected, extracted differently | read failed |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
        let mut all = Tally::default();
        for kind in Kind::ALL {
            let t = self.tally(kind);
            let _ = writeln!(out, "{}", row(kind.name(), &t));
            if kind != Kind::CellBlankedStatedElsewhere {
                all.tried += t.tried;
                all.detected += t.detected;
                all.extracted_differently += t.extracted_differently;
                all.read_failed += t.read_failed;
                all.detected_by_changed_message += t.detected_by_changed_message;
            }
        }
        let _ = writeln!(
            out,
            "{}",
            row("all (stated-elsewhere blanks counted once)", &all)
        );
        out
    }
}

fn percent_text(t: &Tally) -> String {
    t.percent().map_or("-".to_string(), |p| format!("{p:.1}"))
}

fn row(label: &str, t: &Tally) -> String {
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} |",
        t.tried,
        t.detected,
        percent_text(t),
        t.detected_by_changed_message,
        t.extracted_differently,
        t.read_failed
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "## Detection per kind\n")?;
        writeln!(f, "{}", self.kind_table())?;

        writeln!(f, "## Detection per kind and class\n")?;
        writeln!(f, "| kind | class | tried | detected | % |")?;
        writeln!(f, "|---|---|---:|---:|---:|")?;
        for ((kind, class), t) in &self.by_class {
            writeln!(
                f,
                "| {} | {class} | {} | {} | {} |",
                kind.name(),
                t.tried,
                t.detected,
                percent_text(t)
            )?;
        }

        writeln!(f, "\n## Detection per text (detected/tried)\n")?;
        write!(f, "| text |")?;
        for kind in Kind::ALL {
            write!(f, " {} |", kind.name())?;
        }
        writeln!(f, " all |")?;
        write!(f, "|---|")?;
        for _ in Kind::ALL {
            write!(f, "---:|")?;
        }
        writeln!(f, "---:|")?;
        let texts: BTreeSet<&String> = self.by_text.keys().map(|(t, _)| t).collect();
        for text in texts {
            write!(f, "| {text} |")?;
            let mut all = Tally::default();
            for kind in Kind::ALL {
                match self.by_text.get(&(text.clone(), kind)) {
                    Some(t) => {
                        write!(f, " {}/{} |", t.detected, t.tried)?;
                        if kind != Kind::CellBlankedStatedElsewhere {
                            all.tried += t.tried;
                            all.detected += t.detected;
                        }
                    }
                    None => write!(f, " - |")?,
                }
            }
            writeln!(
                f,
                " {}/{} ({}%) |",
                all.detected,
                all.tried,
                percent_text(&all)
            )?;
        }

        writeln!(
            f,
            "\n## Rules that detect each kind (the first new failure)\n"
        )?;
        let mut detecting: BTreeMap<(Kind, &str), usize> = BTreeMap::new();
        for outcome in &self.outcomes {
            if let Some(failure) = &outcome.first_new_failure {
                *detecting
                    .entry((outcome.site.kind, failure.rule.as_str()))
                    .or_insert(0) += 1;
            }
        }
        for kind in Kind::ALL {
            let rules: Vec<String> = detecting
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|((_, rule), n)| format!("{rule} {n}"))
                .collect();
            writeln!(f, "- {}: {}", kind.name(), rules.join(", "))?;
        }

        writeln!(f, "\n## Failures of the unmutated texts\n")?;
        for baseline in &self.baselines {
            match &baseline.failures {
                Err(e) => writeln!(f, "- {}: does not run: {e}", baseline.text)?,
                Ok(failures) => {
                    let total: usize = failures.values().sum();
                    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
                    for (failure, n) in failures {
                        *by_rule.entry(failure.rule.as_str()).or_insert(0) += n;
                    }
                    let rules: Vec<String> =
                        by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
                    writeln!(
                        f,
                        "- {}: {total} failures ({})",
                        baseline.text,
                        rules.join(", ")
                    )?;
                    for (failure, n) in failures {
                        let times = if *n > 1 {
                            format!(" (×{n})")
                        } else {
                            String::new()
                        };
                        writeln!(f, "  - {}: {}{times}", failure.rule, failure.message)?;
                    }
                }
            }
        }

        writeln!(f, "\n## Mutants not detected\n")?;
        for outcome in self
            .outcomes
            .iter()
            .filter(|o| o.verdict != Verdict::Detected)
        {
            writeln!(
                f,
                "- {} {} [{}] line {}: {} → {} ({:?})",
                outcome.site.kind.name(),
                outcome.text,
                outcome.site.class,
                outcome.site.line() + 1,
                outcome.site.before,
                outcome.site.after,
                outcome.verdict
            )?;
        }
        Ok(())
    }
}
