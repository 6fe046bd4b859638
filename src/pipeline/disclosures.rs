//! One disclosure from several files. Some departments publish a year's budget as two files:
//! the narrative (情况说明) in one and the tables in the other. Once every file of a run has its
//! output, files of the same department key, fiscal year and kind whose parts complement each
//! other (narrative only, tables only) are grouped into one disclosure: each names the group's
//! `disclosure_id` and files, and the checks relating narrative figures and the 目录 to tables
//! ([`rule::ACROSS_FILES`]) run over the group's files together, listed in each file's JSON
//! with the other files named. Every other file is a disclosure of its own (copies of one file
//! under several paths are one).
//!
//! The grouping is worked out from the manifest, so an incremental run regroups correctly: a
//! file whose recorded disclosure is not the one it now belongs to (a partner appeared,
//! changed or went) is read, extracted and written again with its group.

use super::manifest::ManifestEntry;
use super::{check_bytes, read_file, Checked, FileError};
use crate::check::{self, rule, ChecksListed};
use crate::emit::{self, dataset, AcrossFiles, DisclosureFile, DisclosureInfo};
use crate::extract::model::{Disclosure, DocumentKind};
use crate::extract::{final_accounts, summary};
use crate::read::Limits;
use std::collections::BTreeMap;
use std::path::Path;

/// A disclosure: its id and the manifest entries of its files (indices, sorted by path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub members: Vec<usize>,
}

fn is_partial(parts: &str) -> bool {
    parts == "narrative" || parts == "tables"
}

fn id_of(entries: &[ManifestEntry], members: &[usize]) -> String {
    let first = &entries[members[0]];
    let shas: Vec<&str> = members
        .iter()
        .map(|&i| entries[i].sha256.as_str())
        .collect();
    emit::disclosure_id(
        first.department_key.as_deref(),
        first.fiscal_year,
        &first.document_kind,
        &shas,
    )
}

/// Groups documents into disclosures. Files with a department key and a year that hold only a
/// narrative or only tables are grouped by key, year and kind when the group has both a
/// narrative and tables; every other file is a disclosure of its own, except that copies of one
/// file (the same bytes) are one disclosure. Groups come in the order of their first file's
/// path; `entries` must be sorted by path.
pub fn group(entries: &[ManifestEntry]) -> Vec<Group> {
    let mut buckets: BTreeMap<(&str, u16, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let (Some(key), Some(year), true) = (
            e.department_key.as_deref(),
            e.fiscal_year,
            is_partial(&e.parts),
        ) {
            buckets
                .entry((key, year, e.document_kind.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut grouped: Vec<Option<Vec<usize>>> = vec![None; entries.len()];
    for members in buckets.into_values() {
        let narrative = members.iter().any(|&i| entries[i].parts == "narrative");
        let tables = members.iter().any(|&i| entries[i].parts == "tables");
        if narrative && tables {
            let first = members[0];
            grouped[first] = Some(members);
        }
    }
    let mut in_group = vec![false; entries.len()];
    for members in grouped.iter().flatten() {
        for &i in members {
            in_group[i] = true;
        }
    }
    // Copies of one file (the same bytes under two paths) are one disclosure.
    let mut copies: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate().filter(|(i, _)| !in_group[*i]) {
        copies.entry(e.sha256.as_str()).or_default().push(i);
    }
    for members in copies.into_values() {
        let first = members[0];
        grouped[first] = Some(members);
    }
    grouped
        .into_iter()
        .flatten()
        .map(|members| Group {
            id: id_of(entries, &members),
            members,
        })
        .collect()
}

/// The groups whose files' outputs do not name them yet.
pub fn stale<'a>(entries: &[ManifestEntry], groups: &'a [Group]) -> Vec<&'a Group> {
    groups
        .iter()
        .filter(|g| {
            let paths: Vec<&str> = g
                .members
                .iter()
                .map(|&i| entries[i].path.as_str())
                .collect();
            g.members.iter().any(|&i| {
                let e = &entries[i];
                let recorded: Vec<&str> = if e.disclosure_files.is_empty() {
                    vec![e.path.as_str()]
                } else {
                    e.disclosure_files.iter().map(String::as_str).collect()
                };
                e.disclosure_id != g.id || recorded != paths
            })
        })
        .collect()
}

/// The disclosure of several files as one, for the checks across them: every file's tables and
/// narrative figures, the 目录, the summary worked out again from both.
fn merged(parts: &[&Disclosure]) -> Disclosure {
    let tables: Vec<_> = parts
        .iter()
        .flat_map(|d| d.tables.iter().cloned())
        .collect();
    let facts: Vec<_> = parts.iter().flat_map(|d| d.facts.iter().cloned()).collect();
    let kind = parts
        .first()
        .map_or(DocumentKind::Budget, |d| d.document_kind);
    let mut summary = summary::summarize(&tables, &facts);
    if kind == DocumentKind::FinalAccounts {
        final_accounts::summarize(&tables, &facts, &mut summary);
    }
    Disclosure {
        department: parts.iter().find_map(|d| d.department.clone()),
        department_identity: parts.iter().find_map(|d| d.department_identity.clone()),
        fiscal_year: parts.iter().find_map(|d| d.fiscal_year),
        document_kind: kind,
        summary,
        profile: Default::default(),
        tables,
        facts,
        warnings: Vec::new(),
        // The text's sentences state shares of the tables' totals (`narrative_share`), and the
        // titles of tables printed without figures count as printed (`completeness`).
        paragraphs: parts
            .iter()
            .flat_map(|d| d.paragraphs.iter().cloned())
            .collect(),
        // The narrative's 目录 announces the tables the other file prints; only the disclosure
        // as a whole can be held to it (`completeness`), the narrative alone printing none. Files
        // that each print a 目录 announce the same tables, so one list is taken, not their sum
        // (which would expect every table twice): the longest, announcing the most.
        contents: parts
            .iter()
            .map(|d| &d.contents)
            .max_by_key(|c| c.len())
            .cloned()
            .unwrap_or_default(),
        running_heads: Vec::new(),
    }
}

/// One file of a disclosure, ready to write.
pub struct Written {
    pub checked: Checked,
    pub json: Vec<u8>,
    pub rows: dataset::DocumentRows,
    /// Failed checks by rule, its own and those across the files.
    pub failed_checks: BTreeMap<String, usize>,
    pub disclosure_id: String,
    /// The paths of the disclosure's files when it has more than one.
    pub disclosure_files: Vec<String>,
}

/// Renders the files of one disclosure: each file's JSON names the disclosure, and with more
/// than one file the narrative-to-table checks run across them. `outputs` are the files' JSON
/// names, in the order of `files`.
pub fn render(
    files: Vec<Checked>,
    outputs: &[String],
    listed: ChecksListed,
) -> std::io::Result<Vec<Written>> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].source.path.cmp(&files[b].source.path));
    let info = match files.as_slice() {
        [one] => DisclosureInfo::single(&one.source, &one.disclosure),
        _ => {
            let first = &files[order[0]].disclosure;
            let shas: Vec<&str> = files.iter().map(|f| f.source.sha256.as_str()).collect();
            DisclosureInfo {
                id: emit::disclosure_id(
                    emit::department_key(first),
                    first.fiscal_year,
                    dataset::document_kind_name(first.document_kind),
                    &shas,
                ),
                files: order
                    .iter()
                    .map(|&i| DisclosureFile {
                        path: files[i].source.path.clone(),
                        sha256: files[i].source.sha256.clone(),
                        parts: emit::parts_of(&files[i].disclosure).to_string(),
                    })
                    .collect(),
            }
        }
    };
    let complementary = files
        .iter()
        .any(|f| emit::parts_of(&f.disclosure) == "narrative")
        && files
            .iter()
            .any(|f| emit::parts_of(&f.disclosure) == "tables");
    let across = complementary.then(|| {
        let parts: Vec<&Disclosure> = order.iter().map(|&i| &files[i].disclosure).collect();
        check::check_listed(&merged(&parts), listed)
    });
    let mut out = Vec::with_capacity(files.len());
    for (mut file, output) in files.into_iter().zip(outputs) {
        let across_records = across
            .as_ref()
            .map(|a| file.checks.replace_rules(a, rule::ACROSS_FILES));
        let other_files: Vec<String> = info
            .files
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| *p != file.source.path)
            .collect();
        let across_view = across_records.as_ref().map(|checks| AcrossFiles {
            checks,
            other_files,
        });
        let json = emit::document_json_in(
            &file.source,
            &file.disclosure,
            &file.checks,
            &info,
            across_view.as_ref(),
        );
        let rows = dataset::document_rows(
            output,
            &file.source,
            &file.disclosure,
            file.checks.counts(),
            &info.id,
        )?;
        let mut failed_checks = super::bulk::failed_checks_by_rule(file.checks.records());
        for (rule, n) in
            super::bulk::failed_checks_by_rule(across_records.as_deref().unwrap_or(&[]))
        {
            *failed_checks.entry(rule).or_insert(0) += n;
        }
        out.push(Written {
            checked: file,
            json,
            rows,
            failed_checks,
            disclosure_id: info.id.clone(),
            disclosure_files: if info.files.len() > 1 {
                info.files.iter().map(|f| f.path.clone()).collect()
            } else {
                Vec::new()
            },
        });
    }
    Ok(out)
}

/// Reads and checks again the file of a manifest entry, if it is still the file the entry was
/// made from.
pub fn reread(
    entry: &ManifestEntry,
    limits: &Limits,
    listed: ChecksListed,
) -> Result<Checked, FileError> {
    let bytes = read_file(Path::new(&entry.path), limits)?;
    let sha256 = emit::sha256_hex(&bytes);
    if sha256 != entry.sha256 {
        return Err(FileError {
            path: entry.path.clone(),
            stage: super::Stage::Open,
            kind: "changed".to_string(),
            message: "the file changed during the run; it is grouped on the next run".to_string(),
        });
    }
    check_bytes(&entry.path, &bytes, sha256, limits, listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, key: Option<&str>, year: Option<u16>, parts: &str) -> ManifestEntry {
        ManifestEntry {
            path: path.to_string(),
            sha256: emit::sha256_hex(path.as_bytes()),
            output: format!("{path}.json"),
            department_key: key.map(str::to_string),
            fiscal_year: year,
            document_kind: "budget".to_string(),
            parts: parts.to_string(),
            ..ManifestEntry::default()
        }
    }

    #[test]
    fn a_narrative_and_its_tables_are_one_disclosure() {
        let key = Some("中共江苏省委办公厅");
        let entries = [
            entry("a/narrative.txt", key, Some(2019), "narrative"),
            entry("b/complete.txt", key, Some(2019), "both"),
            entry("c/other-year.txt", key, Some(2020), "tables"),
            entry("d/tables.txt", key, Some(2019), "tables"),
            entry("e/no-key.txt", None, Some(2019), "narrative"),
        ];
        let groups = group(&entries);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, [&[0, 3][..], &[1], &[2], &[4]]);
        // A file alone has the id it is written with before grouping.
        assert_eq!(
            groups[1].id,
            emit::disclosure_id(key, Some(2019), "budget", &[&entries[1].sha256])
        );
        // The id does not depend on the order of the files.
        let swapped = [entries[3].clone(), entries[0].clone()];
        assert_eq!(group(&swapped)[0].id, groups[0].id);
        assert_eq!(group(&swapped)[0].members, [0, 1]);
    }

    #[test]
    fn two_narratives_without_tables_stay_apart_and_stale_groups_are_found() {
        let key = Some("北京市审计局");
        let mut entries = vec![
            entry("a.txt", key, Some(2026), "narrative"),
            entry("b.txt", key, Some(2026), "narrative"),
        ];
        let groups = group(&entries);
        assert_eq!(groups.len(), 2);
        assert_eq!(stale(&entries, &groups).len(), 2);
        for (e, g) in entries.iter_mut().zip(&groups) {
            e.disclosure_id = g.id.clone();
        }
        assert!(stale(&entries, &groups).is_empty());
        // A copy of a file appears: same id, but the files of the disclosure changed.
        let mut copy = entry("c.txt", key, Some(2026), "narrative");
        copy.sha256 = entries[1].sha256.clone();
        copy.disclosure_id = entries[1].disclosure_id.clone();
        entries.push(copy);
        let groups = group(&entries);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].members, [1, 2]);
        assert_eq!(stale(&entries, &groups), [&groups[1]]);
    }

    #[test]
    fn copies_of_one_file_are_one_disclosure() {
        let mut copy = entry("b/report.txt", None, None, "both");
        let original = entry("a/report.txt", None, None, "both");
        copy.sha256 = original.sha256.clone();
        let entries = [original, copy, entry("c/other.txt", None, None, "both")];
        let groups = group(&entries);
        let members: Vec<&[usize]> = groups.iter().map(|g| g.members.as_slice()).collect();
        assert_eq!(members, [&[0, 1][..], &[2]]);
        assert_eq!(
            groups[0].id,
            emit::disclosure_id(None, None, "budget", &[&entries[0].sha256])
        );
    }
}
