#!/usr/bin/env python3
"""Checks a run's dataset exports against its per-document JSON:

  - documents.csv, line_items.csv and facts.csv load with Python's csv module (a UTF-8 byte
    order mark, written with --excel, is accepted); their headers are the columns that
    datapackage.json describes, and their row counts are those run.json reports;
  - document ids are unique and every line item and fact names a document;
  - per document, the line items are exactly the non-blank amounts of the JSON's tables (same
    count, same exact sum, compared as decimals), the summary columns equal the JSON summary,
    and the facts are the JSON's facts;
  - with DuckDB importable, the same files load with read_csv and DuckDB's DECIMAL totals per
    document equal Python's.

    python3 scripts/bench_check_exports.py OUTPUT_DIR

Exits non-zero with a message on the first disagreement.
"""

import csv
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

SUMMARY = {
    "revenue_total_yuan": "revenue_total",
    "expenditure_total_yuan": "expenditure_total",
    "basic_expenditure_yuan": "basic_expenditure",
    "project_expenditure_yuan": "project_expenditure",
    "operating_expenses_yuan": "operating_expenses",
    "procurement_total_yuan": "procurement_total",
}


def fail(message):
    sys.exit(f"exports check FAILED: {message}")


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, r)) for r in reader]


def decimal_of(text):
    return Decimal(text) if text != "" else None


def main():
    out = sys.argv[1]
    package = json.load(open(os.path.join(out, "datapackage.json"), encoding="utf-8"))
    report = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        header, data = rows(os.path.join(out, resource["path"]))
        described = [f["name"] for f in resource["schema"]["fields"]]
        if header != described:
            fail(f"{resource['path']} header {header} is not the described {described}")
        if len(data) != report["exports"][resource["name"]]:
            fail(f"{resource['path']} has {len(data)} rows, run.json says "
                 f"{report['exports'][resource['name']]}")
        tables[resource["name"]] = data
    documents, items, facts = tables["documents"], tables["line_items"], tables["facts"]
    ids = [d["document_id"] for d in documents]
    if len(set(ids)) != len(ids):
        fail("document ids repeat")
    known = set(ids)
    by_doc_items = defaultdict(list)
    for item in items:
        if item["document_id"] not in known:
            fail(f"line item of unknown document {item['document_id']}")
        by_doc_items[item["document_id"]].append(item)
    by_doc_facts = defaultdict(list)
    for fact in facts:
        if fact["document_id"] not in known:
            fail(f"fact of unknown document {fact['document_id']}")
        by_doc_facts[fact["document_id"]].append(fact)

    python_sums = {}
    grand_total = Decimal(0)
    for row in documents:
        with open(os.path.join(out, row["output_file"]), encoding="utf-8") as f:
            doc = json.load(f, parse_float=Decimal)
        cells = [Decimal(str(v)) for t in doc["tables"] for r in t["rows"]
                 for v in r["values"].values() if v is not None]
        mine = by_doc_items[row["document_id"]]
        exported = [Decimal(i["amount_yuan"]) for i in mine]
        if len(exported) != len(cells) or sum(exported) != sum(cells):
            fail(f"{row['document_id']}: {len(exported)} line items summing to {sum(exported)}, "
                 f"the JSON has {len(cells)} amounts summing to {sum(cells)}")
        if int(row["line_items"]) != len(cells):
            fail(f"{row['document_id']}: line_items column says {row['line_items']}")
        for column, key in SUMMARY.items():
            value = doc["summary"][key]
            expected = None if value is None else Decimal(str(value))
            if decimal_of(row[column]) != expected:
                fail(f"{row['document_id']}: {column} {row[column]!r} but JSON {value!r}")
        if [f["key"] for f in by_doc_facts[row["document_id"]]] != [f["key"] for f in doc["facts"]]:
            fail(f"{row['document_id']}: facts differ from the JSON")
        python_sums[row["document_id"]] = sum(exported)
        grand_total += sum(exported)
    print(f"csv: {len(documents)} documents, {len(items)} line items, {len(facts)} facts; "
          f"every document's line items equal its JSON amounts (total {grand_total} yuan)")

    try:
        import duckdb
    except ImportError:
        print("duckdb: not installed, skipped")
        return
    con = duckdb.connect()
    path = os.path.join(out, "line_items.csv")
    query = (f"select document_id, sum(cast(amount_yuan as decimal(38,2))) from "
             f"read_csv('{path}', header=true, all_varchar=true) group by document_id")
    duck = {doc_id: Decimal(total) for doc_id, total in con.execute(query).fetchall()}
    for doc_id, total in python_sums.items():
        if total != duck.get(doc_id, Decimal(0)):
            fail(f"duckdb total for {doc_id} is {duck.get(doc_id)}, Python's {total}")
    n_docs = con.execute(
        f"select count(*) from read_csv('{os.path.join(out, 'documents.csv')}', header=true)"
    ).fetchone()[0]
    if n_docs != len(documents):
        fail(f"duckdb reads {n_docs} documents, csv {len(documents)}")
    print(f"duckdb {duckdb.__version__}: loaded the exports; per-document DECIMAL totals agree")


if __name__ == "__main__":
    main()
