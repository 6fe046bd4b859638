//! `datapackage.json`: a Frictionless Tabular Data Package describing the CSV exports, with a
//! Fiscal Data Package `model` (the amount as a CNY measure; classifications as dimensions
//! with code and label) so that fiscal-data tools can load `line_items.csv` as budget lines.

use crate::emit::dataset::{
    ExportOptions, ExportStamp, Field, Resource, ALL_RESOURCES, DOCUMENTS, FACTS, LINE_ITEMS,
};
use serde_json::{json, Value};

fn table_schema(resource: &Resource) -> Value {
    let fields: Vec<Value> = resource
        .fields
        .iter()
        .map(|f: &Field| {
            let mut field = json!({
                "name": f.name,
                "type": f.kind.table_schema_name(),
                "description": f.description,
            });
            if f.kind == crate::emit::dataset::FieldType::Boolean {
                field["trueValues"] = json!(["true"]);
                field["falseValues"] = json!(["false"]);
            }
            field
        })
        .collect();
    let mut schema = json!({
        "fields": fields,
        "primaryKey": resource.primary_key,
        // A blank cell is a value the document does not state (never zero).
        "missingValues": [""],
    });
    if resource.name == LINE_ITEMS.name || resource.name == FACTS.name {
        schema["foreignKeys"] = json!([{
            "fields": "document_id",
            "reference": { "resource": DOCUMENTS.name, "fields": "document_id" }
        }]);
    }
    schema
}

/// The property of the descriptor that holds the [`ExportStamp`].
pub const STAMP_PROPERTY: &str = "budget_extract";

/// The package descriptor for exports written with `options`; `stamp` says what they were
/// built from.
pub fn descriptor(options: ExportOptions, stamp: Option<&ExportStamp>) -> Value {
    // Python's name for UTF-8 behind a byte order mark, which Frictionless tools accept.
    let encoding = if options.excel_bom {
        "utf-8-sig"
    } else {
        "utf-8"
    };
    let resources: Vec<Value> = ALL_RESOURCES
        .iter()
        .map(|resource| {
            json!({
                "name": resource.name,
                "path": format!("{}.csv", resource.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": encoding,
                "dialect": { "delimiter": ",", "doubleQuote": true, "header": true },
                "schema": table_schema(resource),
            })
        })
        .collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "budget-extract-disclosures",
        "title": "Chinese government department budget and final-accounts disclosures (部门预算/决算公开)",
        "description": "Extracted by budget-extract: one row per document in documents.csv, every amount cell of every table in line_items.csv (long format, exact yuan), the figures stated in the narrative in facts.csv, and one row per department and year with the disclosures found in departments.csv. Amounts are exact decimals in yuan whatever unit the document printed; source_unit says what it printed.",
        "version": crate::emit::dataset::EXPORT_VERSION,
        "countryCode": "CN",
        "granularity": "aggregated",
        "resources": resources,
        "model": {
            "measures": {
                "amount": {
                    "source": "amount_yuan",
                    "resource": "line_items",
                    "currency": "CNY",
                    "factor": 1,
                    "title": "Amount (元)",
                }
            },
            "dimensions": {
                "department": {
                    "dimensionType": "entity",
                    "description": "key is the name normalized for joining (docs/dataset.md); name is as printed.",
                    "attributes": {
                        "key": { "source": "department_key" },
                        "name": { "source": "department", "labelfor": "key" },
                    },
                    "primaryKey": "key",
                },
                "fiscal_year": {
                    "dimensionType": "datetime",
                    "attributes": { "year": { "source": "fiscal_year" } },
                    "primaryKey": "year",
                },
                "phase": {
                    "dimensionType": "other",
                    "description": "budget = approved (预算), final_accounts = executed (决算)",
                    "attributes": { "document_kind": { "source": "document_kind" } },
                    "primaryKey": "document_kind",
                },
                "classification": {
                    "dimensionType": "classification",
                    "description": "The row's classification: scheme functional (支出功能分类), department_economic (部门预算支出经济分类) or government_economic (政府预算支出经济分类); code 类 3 digits, 款 5, 项 7; parent_code is the code one level up.",
                    "attributes": {
                        "scheme": { "source": "classification" },
                        "code": { "source": "code" },
                        "label": { "source": "name", "labelfor": "code" },
                        "level": { "source": "level" },
                        "parent_code": { "source": "parent" },
                    },
                    "primaryKey": ["scheme", "code"],
                },
                "table": {
                    "dimensionType": "other",
                    "attributes": {
                        "kind": { "source": "table_kind" },
                        "side": { "source": "side" },
                        "column": { "source": "column_key" },
                        "column_label": { "source": "column_label", "labelfor": "column" },
                    },
                    "primaryKey": ["kind", "side", "column"],
                },
                "document": {
                    "dimensionType": "other",
                    "attributes": { "id": { "source": "document_id" } },
                    "primaryKey": "id",
                },
            },
        },
    });
    if let Some(stamp) = stamp {
        package[STAMP_PROPERTY] = serde_json::to_value(stamp).unwrap_or(Value::Null);
    }
    package
}

/// The descriptor as written to disk: pretty JSON ending in a newline.
pub fn descriptor_bytes(options: ExportOptions, stamp: Option<&ExportStamp>) -> Vec<u8> {
    // Serializing a `Value` into memory cannot fail.
    let mut out = serde_json::to_vec_pretty(&descriptor(options, stamp)).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The stamp recorded in a descriptor file's bytes, if any.
pub fn stamp_of(descriptor_bytes: &[u8]) -> Option<ExportStamp> {
    let package: Value = serde_json::from_slice(descriptor_bytes).ok()?;
    serde_json::from_value(package.get(STAMP_PROPERTY)?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_column_is_described_and_the_amount_is_cny() {
        let package = descriptor(ExportOptions::default(), None);
        let resources = package["resources"].as_array().unwrap();
        assert_eq!(resources.len(), ALL_RESOURCES.len());
        for (resource, described) in ALL_RESOURCES.iter().zip(resources) {
            let names: Vec<&str> = described["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let expected: Vec<&str> = resource.fields.iter().map(|f| f.name).collect();
            assert_eq!(names, expected);
            for key in resource.primary_key {
                assert!(names.contains(key), "{key} in {}", resource.name);
            }
        }
        assert_eq!(package["model"]["measures"]["amount"]["currency"], "CNY");
        let line_items = &resources[1]["schema"]["fields"];
        let amount = line_items
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "amount_yuan")
            .unwrap();
        assert_eq!(amount["type"], "number");
        assert_eq!(
            descriptor(
                ExportOptions {
                    excel_bom: true,
                    jsonl: false
                },
                None
            )["resources"][0]["encoding"],
            "utf-8-sig"
        );
    }

    #[test]
    fn the_stamp_round_trips_through_the_file() {
        let stamp = ExportStamp {
            manifest_sha256: "ab".to_string(),
            excel_bom: false,
            jsonl: true,
            rows: crate::emit::dataset::ExportCounts {
                documents: 1,
                line_items: 2,
                facts: 3,
                departments: 4,
            },
        };
        let bytes = descriptor_bytes(ExportOptions::default(), Some(&stamp));
        assert_eq!(stamp_of(&bytes), Some(stamp));
        assert_eq!(
            stamp_of(&descriptor_bytes(ExportOptions::default(), None)),
            None
        );
    }
}
