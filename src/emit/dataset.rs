//! Dataset exports: `documents.csv`, `line_items.csv` and `facts.csv` (and the same content as
//! JSON Lines on request), built for a whole corpus without holding its documents in memory.
//!
//! Each document's rows are rendered once, as soon as it is extracted, into a small sidecar
//! file next to its JSON ([`DocumentRows`], `.<name>.rows`). At the end of a run
//! [`assemble`] concatenates the sidecars of every document in a stable order into the export
//! files. An unchanged document skipped by an incremental run keeps its sidecar, so its rows
//! are in the exports without being extracted again.

use crate::check::RuleCounts;
use crate::emit::{Durability, Source};
use crate::extract::model::{Classification, Disclosure, DocumentKind, FactValue, Side};
use crate::money::Fen;
use crate::read::Format;
use serde_json::{Number as JsonNumber, Value};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Bumped whenever the export columns change, so that an incremental run re-renders documents
/// whose sidecars have the old columns.
pub const EXPORT_VERSION: &str = "2";

/// The UTF-8 byte order mark Excel needs to open a CSV file as UTF-8 rather than the legacy
/// code page.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a column's text is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    /// An exact decimal number (yuan), never a float.
    Number,
    Boolean,
}

impl FieldType {
    /// The Frictionless Table Schema type name.
    pub fn table_schema_name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
        }
    }
}

/// One export column: its name, type, and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldType,
    pub description: &'static str,
}

pub(crate) const fn field(name: &'static str, kind: FieldType, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
    }
}

use FieldType::{Boolean, Integer, Number, String as Text};

/// `documents.csv`: one row per document.
pub const DOCUMENT_FIELDS: &[Field] = &[
    field(
        "document_id",
        Text,
        "The document's output file name without `.json`; unique and stable for an input path.",
    ),
    field(
        "output_file",
        Text,
        "The per-document JSON file, relative to the output folder.",
    ),
    field("source_path", Text, "The input path as given to the run."),
    field(
        "source_format",
        Text,
        "`text`, `docx`, `pdf` or `spreadsheet`, read from the bytes.",
    ),
    field("source_sha256", Text, "SHA-256 of the input bytes."),
    field("source_bytes", Integer, "Size of the input in bytes."),
    field("department", Text, "The department's name as printed."),
    field(
        "department_key",
        Text,
        "The department's name normalized for joining (docs/dataset.md): the same department printed different ways has one key.",
    ),
    field(
        "department_scope",
        Text,
        "`本级` (the department's own unit) or `汇总` (with its subordinate units) where the name says.",
    ),
    field(
        "province",
        Text,
        "The province-level place the name begins with (北京市, 上海市, 天津市, 重庆市 are province-level).",
    ),
    field("city", Text, "The prefecture-level city the name names."),
    field(
        "county",
        Text,
        "The county-level place (district, county) the name names.",
    ),
    field("fiscal_year", Integer, "The budget or final-accounts year."),
    field(
        "document_kind",
        Text,
        "`budget` (预算) or `final_accounts` (决算).",
    ),
    field(
        "disclosure_id",
        Text,
        "The disclosure the document belongs to, shared by the files of one disclosure published as several (a narrative file and a tables file of one department, year and kind).",
    ),
    field("revenue_total_yuan", Number, "Total revenue, yuan."),
    field("expenditure_total_yuan", Number, "Total expenditure, yuan."),
    field(
        "basic_expenditure_yuan",
        Number,
        "Basic expenditure (基本支出), yuan.",
    ),
    field(
        "project_expenditure_yuan",
        Number,
        "Project expenditure (项目支出), yuan.",
    ),
    field(
        "operating_expenses_yuan",
        Number,
        "Operating expenses (机关运行经费), yuan.",
    ),
    field(
        "procurement_total_yuan",
        Number,
        "Government procurement total, yuan.",
    ),
    field("three_public_total_yuan", Number, "三公 total, yuan."),
    field(
        "three_public_outbound_travel_yuan",
        Number,
        "因公出国（境）费, yuan.",
    ),
    field(
        "three_public_official_reception_yuan",
        Number,
        "公务接待费, yuan.",
    ),
    field(
        "three_public_vehicle_purchase_yuan",
        Number,
        "公务用车购置费, yuan.",
    ),
    field(
        "three_public_vehicle_operation_yuan",
        Number,
        "公务用车运行维护费, yuan.",
    ),
    field("tables", Integer, "Tables found."),
    field(
        "line_items",
        Integer,
        "Rows of `line_items.csv` for this document (amount cells).",
    ),
    field("facts", Integer, "Narrative facts."),
    field("checks", Integer, "Checks run."),
    field("failed_checks", Integer, "Checks that failed."),
    field("warnings", Integer, "Extraction warnings."),
];

/// `line_items.csv`: long format, one row per amount cell of a table row.
pub const LINE_ITEM_FIELDS: &[Field] = &[
    field("document_id", Text, "The document (see documents.csv)."),
    field("department", Text, "The department's name as printed."),
    field("department_key", Text, "The department's name normalized for joining."),
    field("fiscal_year", Integer, "The budget or final-accounts year."),
    field("document_kind", Text, "`budget` or `final_accounts`."),
    field("table_index", Integer, "The table's position among the document's tables, from 0."),
    field("table_kind", Text, "Canonical table kind, e.g. `expenditure`."),
    field("classification", Text, "Which classification the row codes follow: `functional`, `department_economic` or `government_economic`."),
    field("side", Text, "`revenue` or `expenditure` on two-sided summary tables."),
    field("list", Integer, "In a table printed as several lists side by side (two-sided summary tables; 人员经费 and 公用经费 lists of a basic-expenditure table), the list the row belongs to, from 0 left to right: rows of two lists can share a row index."),
    field("row", Integer, "The row's index among the source table's rows."),
    field("code", Text, "Classification code (类 3 digits, 款 5, 项 7)."),
    field("name", Text, "The row's name as printed."),
    field("level", Integer, "1 for 类, 2 for 款, 3 for 项."),
    field("parent", Text, "The parent row's code."),
    field("is_total", Boolean, "True for 合计/总计 rows, which sum other rows."),
    field("column_key", Text, "The column's stable key, e.g. `basic`."),
    field("column_label", Text, "The column's label as printed (parent label first)."),
    field("amount_yuan", Number, "The amount in yuan, exact."),
    field("source_unit", Text, "The unit the table printed its amounts in (元, 万元, …)."),
];

/// `facts.csv`: one row per figure stated in the narrative.
pub const FACT_FIELDS: &[Field] = &[
    field("document_id", Text, "The document (see documents.csv)."),
    field(
        "fact_index",
        Integer,
        "The fact's position among the document's facts, from 0.",
    ),
    field(
        "key",
        Text,
        "What the figure is, e.g. `three_public.total`.",
    ),
    field(
        "label",
        Text,
        "What the figure is about, where the key alone does not say.",
    ),
    field(
        "value",
        Number,
        "The figure: yuan when `unit` is `yuan`, else a count.",
    ),
    field("unit", Text, "`yuan` or `count`."),
    field(
        "source_unit",
        Text,
        "The unit printed in the sentence (万元, 元).",
    ),
    field(
        "change",
        Number,
        "Year-on-year change in the same unit, negative for a decrease.",
    ),
    field(
        "block",
        Integer,
        "The block index of the paragraph it came from.",
    ),
    field("sentence", Text, "The sentence the figure was read from."),
];

/// One export table: its file stem and columns.
#[derive(Clone, Copy, Debug)]
pub struct Resource {
    pub name: &'static str,
    pub fields: &'static [Field],
    pub primary_key: &'static [&'static str],
}

pub const DOCUMENTS: Resource = Resource {
    name: "documents",
    fields: DOCUMENT_FIELDS,
    primary_key: &["document_id"],
};
pub const LINE_ITEMS: Resource = Resource {
    name: "line_items",
    fields: LINE_ITEM_FIELDS,
    primary_key: &[
        "document_id",
        "table_index",
        "row",
        "side",
        "list",
        "column_key",
    ],
};
pub const FACTS: Resource = Resource {
    name: "facts",
    fields: FACT_FIELDS,
    primary_key: &["document_id", "fact_index"],
};

/// The export tables, in sidecar section order.
pub const RESOURCES: [Resource; 3] = [DOCUMENTS, LINE_ITEMS, FACTS];

/// Every export table: those of the sidecars, then the panel of departments built from all
/// documents at the end of a run ([`crate::emit::panel`]).
pub const ALL_RESOURCES: [Resource; 4] = [
    DOCUMENTS,
    LINE_ITEMS,
    FACTS,
    crate::emit::panel::DEPARTMENTS,
];

/// One document's export rows as CSV records without a header, one buffer per resource (in
/// [`RESOURCES`] order), with the number of records in each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentRows {
    pub sections: [Vec<u8>; 3],
    pub records: [u64; 3],
}

/// A sidecar file's content, borrowed from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sidecar<'a> {
    pub sections: [&'a [u8]; 3],
    pub records: [u64; 3],
}

const SIDECAR_MAGIC: &str = "budget-extract rows";

impl DocumentRows {
    /// The sidecar file's bytes: a header line giving the export version, each section's
    /// length and record count, then the sections. Lengths (not separators) mark the sections,
    /// so assembling the exports needs no CSV parsing.
    pub fn to_sidecar(&self) -> Vec<u8> {
        let [d, l, f] = &self.sections;
        let [dn, ln, fn_] = self.records;
        let mut out = format!(
            "{SIDECAR_MAGIC} {EXPORT_VERSION} {} {} {} {dn} {ln} {fn_}\n",
            d.len(),
            l.len(),
            f.len()
        )
        .into_bytes();
        out.reserve(d.len() + l.len() + f.len());
        for section in [d, l, f] {
            out.extend_from_slice(section);
        }
        out
    }
}

impl<'a> Sidecar<'a> {
    /// Reads sidecar bytes; `None` if they are not a complete sidecar of this export version.
    pub fn parse(bytes: &'a [u8]) -> Option<Sidecar<'a>> {
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..newline]).ok()?;
        let rest = header.strip_prefix(SIDECAR_MAGIC)?.strip_prefix(' ')?;
        let mut parts = rest.split(' ');
        if parts.next()? != EXPORT_VERSION {
            return None;
        }
        let mut numbers = [0u64; 6];
        for number in &mut numbers {
            *number = parts.next()?.parse().ok()?;
        }
        if parts.next().is_some() {
            return None;
        }
        let lengths = [numbers[0], numbers[1], numbers[2]].map(|n| n as usize);
        let body = &bytes[newline + 1..];
        if body.len() as u64 != numbers[0] + numbers[1] + numbers[2] {
            return None;
        }
        let (d, rest) = body.split_at(lengths[0]);
        let (l, f) = rest.split_at(lengths[1]);
        Some(Sidecar {
            sections: [d, l, f],
            records: [numbers[3], numbers[4], numbers[5]],
        })
    }
}

/// The sidecar file name for a document's JSON file name: hidden, beside it, so that the
/// output folder stays flat.
pub fn sidecar_name(output_file: &str) -> String {
    let stem = output_file.strip_suffix(".json").unwrap_or(output_file);
    format!(".{stem}.rows")
}

/// The document id for a JSON output file name.
pub fn document_id(output_file: &str) -> &str {
    output_file.strip_suffix(".json").unwrap_or(output_file)
}

fn yuan(amount: Option<Fen>) -> String {
    amount.map(Fen::to_yuan_string).unwrap_or_default()
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Docx => "docx",
        Format::Spreadsheet => "spreadsheet",
        Format::Pdf => "pdf",
    }
}

/// `budget` or `final_accounts`.
pub fn document_kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Budget => "budget",
        DocumentKind::FinalAccounts => "final_accounts",
    }
}

fn classification_name(classification: Classification) -> &'static str {
    match classification {
        Classification::Functional => "functional",
        Classification::DepartmentEconomic => "department_economic",
        Classification::GovernmentEconomic => "government_economic",
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Revenue => "revenue",
        Side::Expenditure => "expenditure",
    }
}

fn fact_value(value: &FactValue) -> String {
    match value {
        FactValue::Money(amount) => amount.fen.to_yuan_string(),
        FactValue::Count(n) => n.to_string(),
        FactValue::Percent(p) => p.to_decimal_string(),
    }
}

pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

pub(crate) fn finish(writer: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

/// Renders one document's export rows. `output_file` is its JSON file's name.
pub fn document_rows(
    output_file: &str,
    source: &Source,
    disclosure: &Disclosure,
    check_counts: &[(&'static str, RuleCounts)],
    disclosure_id: &str,
) -> io::Result<DocumentRows> {
    let id = document_id(output_file);
    let department = disclosure.department.as_deref().unwrap_or("");
    let identity = disclosure.department_identity.as_ref();
    let department_key = identity.map(|i| i.key.as_str()).unwrap_or("");
    let scope = identity
        .and_then(|i| i.scope)
        .map(|s| s.as_str())
        .unwrap_or("");
    let place = |get: fn(&crate::extract::department::Region) -> &Option<String>| {
        identity
            .and_then(|i| get(&i.region).as_deref())
            .unwrap_or("")
    };
    let year = disclosure
        .fiscal_year
        .map(|y| y.to_string())
        .unwrap_or_default();
    let kind = document_kind_name(disclosure.document_kind);

    let mut items = csv_writer();
    let mut item_count = 0u64;
    let mut row_number = String::new();
    let mut level = String::new();
    for (table_index, table) in disclosure.tables.iter().enumerate() {
        let table_index = table_index.to_string();
        let classification = table.classification.map(classification_name).unwrap_or("");
        let unit = table.source_unit.map(|u| u.label()).unwrap_or("");
        for item in &table.rows {
            row_number.clear();
            let _ = write!(row_number, "{}", item.row);
            level.clear();
            if let Some(l) = item.level {
                let _ = write!(level, "{l}");
            }
            let side = item.side.map(side_name).unwrap_or("");
            let list = item.list.map(|l| l.to_string()).unwrap_or_default();
            for (key, amount) in &item.values.0 {
                let Some(amount) = amount else { continue };
                // Two-sided tables repeat keys (`item`, `budget`) once per side.
                let label = table
                    .columns
                    .iter()
                    .find(|c| {
                        &c.key == key
                            && (c.side.is_none() || c.side == item.side)
                            && (c.list.is_none() || c.list == item.list)
                    })
                    .map(|c| c.label.as_str())
                    .unwrap_or("");
                items.write_record([
                    id,
                    department,
                    department_key,
                    &year,
                    kind,
                    &table_index,
                    table.kind.as_str(),
                    classification,
                    side,
                    &list,
                    &row_number,
                    item.code.as_deref().unwrap_or(""),
                    &item.name,
                    &level,
                    item.parent.as_deref().unwrap_or(""),
                    if item.total { "true" } else { "false" },
                    key,
                    label,
                    &amount.fen.to_yuan_string(),
                    unit,
                ])?;
                item_count += 1;
            }
        }
    }

    let mut facts = csv_writer();
    for (index, fact) in disclosure.facts.iter().enumerate() {
        facts.write_record([
            id,
            &index.to_string(),
            &fact.key,
            fact.label.as_deref().unwrap_or(""),
            &fact_value(&fact.value),
            fact.unit,
            fact.source_unit.map(|u| u.label()).unwrap_or(""),
            &fact.change.as_ref().map(fact_value).unwrap_or_default(),
            &fact.block.to_string(),
            &fact.sentence,
        ])?;
    }

    let summary = &disclosure.summary;
    let three = &summary.three_public;
    let mut documents = csv_writer();
    documents.write_record([
        id,
        output_file,
        &source.path,
        format_name(source.info.format),
        &source.sha256,
        &source.bytes.to_string(),
        department,
        department_key,
        scope,
        place(|r| &r.province),
        place(|r| &r.city),
        place(|r| &r.county),
        &year,
        kind,
        disclosure_id,
        &yuan(summary.revenue_total),
        &yuan(summary.expenditure_total),
        &yuan(summary.basic_expenditure),
        &yuan(summary.project_expenditure),
        &yuan(summary.operating_expenses),
        &yuan(summary.procurement_total),
        &yuan(three.total),
        &yuan(three.outbound_travel),
        &yuan(three.official_reception),
        &yuan(three.vehicle_purchase),
        &yuan(three.vehicle_operation),
        &disclosure.tables.len().to_string(),
        &item_count.to_string(),
        &disclosure.facts.len().to_string(),
        &check_counts
            .iter()
            .map(|(_, n)| n.pass + n.fail + n.skipped)
            .sum::<usize>()
            .to_string(),
        &check_counts
            .iter()
            .map(|(_, n)| n.fail)
            .sum::<usize>()
            .to_string(),
        &disclosure.warnings.len().to_string(),
    ])?;

    Ok(DocumentRows {
        sections: [finish(documents)?, finish(items)?, finish(facts)?],
        records: [1, item_count, disclosure.facts.len() as u64],
    })
}

/// How the export files are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Start each CSV file with a UTF-8 byte order mark (for Excel).
    pub excel_bom: bool,
    /// Also write `<name>.jsonl` with the same rows as JSON objects.
    pub jsonl: bool,
}

/// Rows written per export table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportCounts {
    pub documents: u64,
    pub line_items: u64,
    pub facts: u64,
    #[serde(default)]
    pub departments: u64,
}

/// What a set of export files was built from, recorded in `datapackage.json` so that a run
/// whose manifest did not change can leave the exports alone.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportStamp {
    /// SHA-256 of the compacted manifest the exports were assembled from.
    pub manifest_sha256: String,
    pub excel_bom: bool,
    pub jsonl: bool,
    pub rows: ExportCounts,
}

impl ExportStamp {
    /// True when exports stamped `self` are what `options` would build from a manifest with
    /// this hash.
    pub fn matches(&self, manifest_sha256: &str, options: ExportOptions) -> bool {
        self.manifest_sha256 == manifest_sha256
            && self.excel_bom == options.excel_bom
            && self.jsonl == options.jsonl
    }
}

/// The export files `options` produces, relative to the output folder.
pub fn export_files(options: ExportOptions) -> Vec<String> {
    let all = ALL_RESOURCES;
    let mut files: Vec<String> = all.iter().map(|r| format!("{}.csv", r.name)).collect();
    if options.jsonl {
        files.extend(all.iter().map(|r| format!("{}.jsonl", r.name)));
    }
    files
}

/// A sidecar that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSidecar {
    pub path: PathBuf,
    pub reason: String,
}

/// One export file being written: a temporary file in the output folder, renamed into place
/// only once complete.
pub(crate) struct ExportFile {
    final_path: PathBuf,
    pub(crate) writer: BufWriter<tempfile::NamedTempFile>,
}

impl ExportFile {
    pub(crate) fn create(dir: &Path, staging: &Path, name: &str) -> io::Result<ExportFile> {
        let temp = crate::emit::temp_file_in(staging)?;
        Ok(ExportFile {
            final_path: dir.join(name),
            writer: BufWriter::with_capacity(256 * 1024, temp),
        })
    }

    pub(crate) fn commit(self, durability: Durability) -> io::Result<()> {
        let temp = self.writer.into_inner().map_err(|e| e.into_error())?;
        if durability == Durability::Synced {
            temp.as_file().sync_data()?;
        }
        crate::emit::persist(temp, &self.final_path)
    }
}

pub(crate) fn header_record(fields: &[Field]) -> io::Result<Vec<u8>> {
    let mut writer = csv_writer();
    writer.write_record(fields.iter().map(|f| f.name))?;
    finish(writer)
}

/// A JSON object whose keys keep the column order.
struct OrderedObject<'a>(&'a [(&'static str, Value)]);

impl serde::Serialize for OrderedObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Converts header-less CSV records of `fields` into JSON Lines, typed by the fields: an empty
/// cell is `null`, numbers keep their exact decimal text.
pub(crate) fn csv_to_jsonl(
    csv_bytes: &[u8],
    fields: &[Field],
    out: &mut impl Write,
) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes);
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?
    {
        let mut object = Vec::with_capacity(fields.len());
        for (field, text) in fields.iter().zip(record.iter()) {
            let value = if text.is_empty() {
                Value::Null
            } else {
                match field.kind {
                    Text => Value::String(text.to_string()),
                    Boolean => Value::Bool(text == "true"),
                    Integer | Number => JsonNumber::from_str(text)
                        .map(Value::Number)
                        .unwrap_or_else(|_| Value::String(text.to_string())),
                }
            };
            object.push((field.name, value));
        }
        serde_json::to_writer(&mut *out, &OrderedObject(&object))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes the export files into `dir` from the sidecars at `sidecars`, in the order given,
/// through temporary files in `staging` (same file system). A sidecar that cannot be read is
/// reported and left out; an export file that cannot be written is an error, and leaves the
/// previous export file in place.
pub fn assemble<I>(
    dir: &Path,
    staging: &Path,
    sidecars: I,
    options: ExportOptions,
    durability: Durability,
) -> io::Result<(ExportCounts, Vec<BadSidecar>)>
where
    I: IntoIterator<Item = PathBuf>,
{
    let mut csv_files = Vec::with_capacity(3);
    for resource in RESOURCES {
        let mut file = ExportFile::create(dir, staging, &format!("{}.csv", resource.name))?;
        if options.excel_bom {
            file.writer.write_all(UTF8_BOM)?;
        }
        file.writer.write_all(&header_record(resource.fields)?)?;
        csv_files.push(file);
    }
    let mut jsonl_files = Vec::new();
    if options.jsonl {
        for resource in RESOURCES {
            jsonl_files.push(ExportFile::create(
                dir,
                staging,
                &format!("{}.jsonl", resource.name),
            )?);
        }
    }
    let mut counts = [0u64; 3];
    let mut bad = Vec::new();
    let mut buffer = Vec::new();
    for path in sidecars {
        buffer.clear();
        let read =
            fs::File::open(&path).and_then(|mut f| io::Read::read_to_end(&mut f, &mut buffer));
        if let Err(e) = read {
            bad.push(BadSidecar {
                path,
                reason: e.to_string(),
            });
            continue;
        }
        let Some(sidecar) = Sidecar::parse(&buffer) else {
            bad.push(BadSidecar {
                path,
                reason: "not a complete rows file of this version".to_string(),
            });
            continue;
        };
        for (i, section) in sidecar.sections.iter().enumerate() {
            csv_files[i].writer.write_all(section)?;
            counts[i] += sidecar.records[i];
            if let Some(file) = jsonl_files.get_mut(i) {
                csv_to_jsonl(section, RESOURCES[i].fields, &mut file.writer)?;
            }
        }
    }
    for file in csv_files.into_iter().chain(jsonl_files) {
        file.commit(durability)?;
    }
    if !options.jsonl {
        // JSON Lines from an earlier run would no longer match the CSV files.
        for resource in ALL_RESOURCES {
            match fs::remove_file(dir.join(format!("{}.jsonl", resource.name))) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok((
        ExportCounts {
            documents: counts[0],
            line_items: counts[1],
            facts: counts[2],
            departments: 0,
        },
        bad,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_round_trips_and_rejects_damage() {
        let rows = DocumentRows {
            sections: [b"a,b\n".to_vec(), b"\"x\ny\",1\n2,3\n".to_vec(), Vec::new()],
            records: [1, 2, 0],
        };
        let bytes = rows.to_sidecar();
        let sidecar = Sidecar::parse(&bytes).unwrap();
        assert_eq!(sidecar.sections[0], b"a,b\n");
        assert_eq!(sidecar.sections[1], b"\"x\ny\",1\n2,3\n");
        assert_eq!(sidecar.sections[2], b"");
        assert_eq!(sidecar.records, [1, 2, 0]);
        assert!(Sidecar::parse(&bytes[..bytes.len() - 1]).is_none());
        assert!(Sidecar::parse(b"").is_none());
        assert!(Sidecar::parse(b"budget-extract rows 0 1 1 1 1 1 1\nabc").is_none());
    }

    #[test]
    fn jsonl_types_cells_by_field() {
        let fields = [
            field("a", Text, ""),
            field("b", Integer, ""),
            field("c", Number, ""),
            field("d", Boolean, ""),
        ];
        let mut out = Vec::new();
        csv_to_jsonl(b"x,3,48161575.99,true\n,,,false\n", &fields, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":\"x\",\"b\":3,\"c\":48161575.99,\"d\":true}\n{\"a\":null,\"b\":null,\"c\":null,\"d\":false}\n"
        );
    }

    #[test]
    fn sidecar_names_are_hidden_and_follow_the_json_name() {
        assert_eq!(
            sidecar_name("report-0123456789.json"),
            ".report-0123456789.rows"
        );
        assert_eq!(document_id("report-0123456789.json"), "report-0123456789");
    }
}
