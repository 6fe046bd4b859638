#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every unit and integration test, then
# the dataset exports loaded by real clients (Frictionless, DuckDB): the committed output/ and a
# fresh run over the real fixtures. The Python packages come from the virtualenv `.ci/run`
# creates (`.venv`, or $BUDGET_EXTRACT_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked

venv="${BUDGET_EXTRACT_VENV:-.venv}"
if ! "$venv/bin/python" -c 'import duckdb, frictionless' 2>/dev/null; then
  echo "the export check needs $venv with frictionless and duckdb: run .ci/run, or" >&2
  echo "  python3 -m venv $venv && $venv/bin/pip install -r scripts/requirements-exports.txt" >&2
  exit 1
fi
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
cargo run --locked --quiet -- corpus tests/fixtures/real tests/fixtures/final \
  tests/fixtures/checks tests/fixtures/dataset -o "$fresh" --quiet
"$venv/bin/python" scripts/check_exports.py output "$fresh"
