//! `departments.csv`: the panel view, one row per department key and fiscal year with the
//! disclosures found for it. Built at the end of a run from what the manifest records of every
//! document, not from the documents themselves.

use crate::emit::dataset::{
    csv_to_jsonl, csv_writer, field, finish, header_record, ExportFile, ExportOptions, Field,
    FieldType, Resource, UTF8_BOM,
};
use crate::emit::Durability;
use crate::extract::department;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

use FieldType::{Integer, String as Text};

pub const DEPARTMENT_FIELDS: &[Field] = &[
    field(
        "department_key",
        Text,
        "The department's name normalized for joining (see documents.csv).",
    ),
    field(
        "fiscal_year",
        Integer,
        "The budget or final-accounts year; blank for documents whose year was not found.",
    ),
    field("province", Text, "The province-level place the key names."),
    field("city", Text, "The prefecture-level city the key names."),
    field("county", Text, "The county-level place the key names."),
    field(
        "disclosures",
        Integer,
        "Disclosures found (a disclosure may be published as several files).",
    ),
    field(
        "disclosure_ids",
        Text,
        "The disclosures' ids (documents.csv `disclosure_id`), sorted, separated by `;`.",
    ),
    field(
        "document_kinds",
        Text,
        "The kinds found, sorted, separated by `;`: `budget`, `final_accounts`.",
    ),
    field("documents", Integer, "Files (documents.csv rows) found."),
    field(
        "document_ids",
        Text,
        "The files' document ids, sorted, separated by `;`.",
    ),
];

pub const DEPARTMENTS: Resource = Resource {
    name: "departments",
    fields: DEPARTMENT_FIELDS,
    primary_key: &["department_key", "fiscal_year"],
};

/// What the panel needs to know of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelDocument<'a> {
    pub document_id: &'a str,
    pub department_key: Option<&'a str>,
    pub fiscal_year: Option<u16>,
    pub document_kind: &'a str,
    pub disclosure_id: &'a str,
}

#[derive(Default)]
struct Cell<'a> {
    disclosures: BTreeSet<&'a str>,
    kinds: BTreeSet<&'a str>,
    documents: BTreeSet<&'a str>,
}

/// The panel's CSV records (no header) and how many. Documents without a department key are
/// left out: they cannot be placed.
pub fn panel_records(documents: &[PanelDocument<'_>]) -> io::Result<(Vec<u8>, u64)> {
    let mut cells: BTreeMap<(&str, Option<u16>), Cell<'_>> = BTreeMap::new();
    for d in documents {
        let Some(key) = d.department_key else {
            continue;
        };
        let cell = cells.entry((key, d.fiscal_year)).or_default();
        cell.disclosures.insert(d.disclosure_id);
        if !d.document_kind.is_empty() {
            cell.kinds.insert(d.document_kind);
        }
        cell.documents.insert(d.document_id);
    }
    let mut writer = csv_writer();
    let join = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(";");
    for ((key, year), cell) in &cells {
        let region = department::identify(key).region;
        writer.write_record([
            *key,
            &year.map(|y| y.to_string()).unwrap_or_default(),
            region.province.as_deref().unwrap_or(""),
            region.city.as_deref().unwrap_or(""),
            region.county.as_deref().unwrap_or(""),
            &cell.disclosures.len().to_string(),
            &join(&cell.disclosures),
            &join(&cell.kinds),
            &cell.documents.len().to_string(),
            &join(&cell.documents),
        ])?;
    }
    Ok((finish(writer)?, cells.len() as u64))
}

/// Writes `departments.csv` (and `departments.jsonl` with `options.jsonl`) into `dir` through
/// temporary files in `staging`. Returns the rows written.
pub fn write(
    dir: &Path,
    staging: &Path,
    documents: &[PanelDocument<'_>],
    options: ExportOptions,
    durability: Durability,
) -> io::Result<u64> {
    let (records, count) = panel_records(documents)?;
    let mut csv = ExportFile::create(dir, staging, &format!("{}.csv", DEPARTMENTS.name))?;
    if options.excel_bom {
        csv.writer.write_all(UTF8_BOM)?;
    }
    csv.writer.write_all(&header_record(DEPARTMENT_FIELDS)?)?;
    csv.writer.write_all(&records)?;
    csv.commit(durability)?;
    if options.jsonl {
        let mut jsonl = ExportFile::create(dir, staging, &format!("{}.jsonl", DEPARTMENTS.name))?;
        csv_to_jsonl(&records, DEPARTMENT_FIELDS, &mut jsonl.writer)?;
        jsonl.commit(durability)?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_department_and_year_with_its_disclosures() {
        let doc = |id, key, year, kind, disclosure| PanelDocument {
            document_id: id,
            department_key: key,
            fiscal_year: year,
            document_kind: kind,
            disclosure_id: disclosure,
        };
        let documents = [
            doc(
                "narrative",
                Some("中共江苏省委办公厅"),
                Some(2019),
                "budget",
                "d1",
            ),
            doc(
                "tables",
                Some("中共江苏省委办公厅"),
                Some(2019),
                "budget",
                "d1",
            ),
            doc(
                "accounts",
                Some("中共江苏省委办公厅"),
                Some(2019),
                "final_accounts",
                "d2",
            ),
            doc(
                "next",
                Some("中共江苏省委办公厅"),
                Some(2020),
                "budget",
                "d3",
            ),
            doc("nameless", None, Some(2020), "budget", "d4"),
        ];
        let (records, count) = panel_records(&documents).unwrap();
        assert_eq!(count, 2);
        assert_eq!(
            String::from_utf8(records).unwrap(),
            "中共江苏省委办公厅,2019,江苏省,,,2,d1;d2,budget;final_accounts,3,accounts;narrative;tables\n\
             中共江苏省委办公厅,2020,江苏省,,,1,d3,budget,1,next\n"
        );
    }
}
