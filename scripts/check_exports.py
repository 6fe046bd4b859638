#!/usr/bin/env python3
"""Checks that a run's dataset exports load in the clients researchers use and agree with the
per-document JSON:

  - Frictionless (the `frictionless` package) validates OUTPUT_DIR/datapackage.json: every CSV
    matches its Table Schema, primary keys are unique, foreign keys resolve;
  - DuckDB (the `duckdb` package) loads the CSVs with the types the package declares and
    finds no repeated primary key;
  - every 合计/总计 row of every table: the export holds, under the row's key, exactly the
    amounts the JSON gives it (compared as DECIMAL);
  - per document, the line items sum to the sum of the JSON's table amounts, and the
    documents.csv summary columns equal the JSON summary;
  - documents sharing a `disclosure_id` in documents.csv share it in their JSON, and
    departments.csv counts the documents of each department key and year.

    python3 scripts/check_exports.py OUTPUT_DIR [OUTPUT_DIR ...]

Exits non-zero with a message on the first disagreement.
"""

import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

import duckdb
import frictionless

SUMMARY = {
    "revenue_total_yuan": "revenue_total",
    "expenditure_total_yuan": "expenditure_total",
    "basic_expenditure_yuan": "basic_expenditure",
    "project_expenditure_yuan": "project_expenditure",
}

DUCK_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DECIMAL(38,2)",
              "boolean": "BOOLEAN"}


def fail(message):
    sys.exit(f"exports check FAILED: {message}")


def decimal_or_none(value):
    return None if value is None else Decimal(str(value))


def validate_package(out):
    report = frictionless.validate(os.path.join(out, "datapackage.json"))
    if not report.valid:
        errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
        errors += [e.message for e in report.errors]
        fail(f"frictionless: {out}/datapackage.json is not valid:\n  " + "\n  ".join(errors[:20]))
    return report


def load(con, out, package):
    """Creates one DuckDB table per resource, typed as the package declares."""
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        columns = ", ".join(f"'{f['name']}': '{DUCK_TYPES[f['type']]}'" for f in fields)
        path = os.path.join(out, resource["path"])
        con.execute(f"create or replace table {resource['name']} as select * from read_csv("
                    f"'{path}', header = true, delim = ',', quote = '\"', escape = '\"', "
                    f"columns = {{{columns}}})")
        key = resource["schema"].get("primaryKey", [])
        if key:
            keys = ", ".join(key)
            repeated = con.execute(f"select {keys}, count(*) from {resource['name']} "
                                   f"group by all having count(*) > 1 limit 5").fetchall()
            if repeated:
                fail(f"duckdb: {resource['path']} repeats its primary key {key}: {repeated}")


def check_totals(con, out):
    documents = con.execute(
        "select document_id, output_file, " + ", ".join(SUMMARY) + " from documents").fetchall()
    total_rows = 0
    for document_id, output_file, *summary in documents:
        with open(os.path.join(out, output_file), encoding="utf-8") as f:
            doc = json.load(f, parse_float=Decimal)
        for (column, key), value in zip(SUMMARY.items(), summary):
            if value != decimal_or_none(doc["summary"][key]):
                fail(f"{document_id}: documents.csv {column} {value} but JSON {doc['summary'][key]}")
        json_sum = Decimal(0)
        for table_index, table in enumerate(doc["tables"]):
            for row in table["rows"]:
                amounts = {k: Decimal(str(v)) for k, v in row["values"].items() if v is not None}
                json_sum += sum(amounts.values(), Decimal(0))
                if not row["total"]:
                    continue
                exported = dict(con.execute(
                    "select column_key, amount_yuan from line_items where document_id = ? "
                    "and table_index = ? and \"row\" = ? and side is not distinct from ? "
                    "and list is not distinct from ?",
                    [document_id, table_index, row["row"], row.get("side"), row.get("list")],
                ).fetchall())
                if exported != amounts:
                    fail(f"{document_id} table {table_index} total row {row['row']} "
                         f"({row['name']}): export {exported}, JSON {amounts}")
                total_rows += 1
        export_sum = con.execute(
            "select coalesce(sum(amount_yuan), 0) from line_items where document_id = ?",
            [document_id]).fetchone()[0]
        if Decimal(export_sum) != json_sum:
            fail(f"{document_id}: line items sum to {export_sum}, the JSON's amounts to {json_sum}")
    return len(documents), total_rows


def check_disclosures(con, out):
    documents = con.execute(
        "select document_id, output_file, source_path, disclosure_id, department_key "
        "from documents").fetchall()
    groups = defaultdict(set)
    groups_files = {}
    for document_id, output_file, source_path, disclosure_id, key in documents:
        with open(os.path.join(out, output_file), encoding="utf-8") as f:
            doc = json.load(f)
        if doc["source"]["disclosure"]["id"] != disclosure_id:
            fail(f"{document_id}: documents.csv disclosure {disclosure_id}, "
                 f"JSON {doc['disclosure']['id']}")
        if doc["department"]["key"] != key:
            fail(f"{document_id}: documents.csv department_key {key}, "
                 f"JSON {doc['department']['key']}")
        groups[disclosure_id].add(source_path)
        members = {m["path"] for m in doc["source"]["disclosure"]["files"]}
        if source_path not in members:
            fail(f"{document_id}: not among its own disclosure's files {members}")
        groups_files[disclosure_id] = members
    for disclosure_id, paths in groups.items():
        if paths != groups_files[disclosure_id]:
            fail(f"disclosure {disclosure_id}: documents.csv has {sorted(paths)}, "
                 f"the JSON names {sorted(groups_files[disclosure_id])}")
    mismatched = con.execute(
        "select d.department_key, d.fiscal_year, p.documents, count(*) from documents d "
        "join departments p on p.department_key = d.department_key "
        "and p.fiscal_year = d.fiscal_year group by all having count(*) != p.documents"
    ).fetchall()
    if mismatched:
        fail(f"departments.csv document counts disagree with documents.csv: {mismatched}")
    return len(groups)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for out in sys.argv[1:]:
        validate_package(out)
        with open(os.path.join(out, "datapackage.json"), encoding="utf-8") as f:
            package = json.load(f)
        con = duckdb.connect()
        load(con, out, package)
        documents, total_rows = check_totals(con, out)
        disclosures = check_disclosures(con, out)
        items = con.execute("select count(*) from line_items").fetchone()[0]
        print(f"{out}: frictionless {frictionless.__version__} valid; duckdb "
              f"{duckdb.__version__}: {documents} documents in {disclosures} disclosures, "
              f"{items} line items, {total_rows} total rows equal their JSON")


if __name__ == "__main__":
    main()
