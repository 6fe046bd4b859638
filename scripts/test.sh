#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, every unit and integration test, then
# the dataset exports loaded by real clients (Frictionless, DuckDB): the committed output/ and a
# fresh run over the real fixtures. The Python packages come from a virtualenv this script makes
# when it is missing (`.venv`, or $BUDGET_EXTRACT_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked

venv="${BUDGET_EXTRACT_VENV:-.venv}"
if ! "$venv/bin/python" -c 'import duckdb, frictionless' 2>/dev/null; then
  # Made once (git-ignored), reused while its packages import.
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-exports.txt
fi
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
cargo run --locked --quiet -- corpus tests/fixtures/real tests/fixtures/final \
  tests/fixtures/checks tests/fixtures/dataset -o "$fresh" --quiet
"$venv/bin/python" scripts/check_exports.py output "$fresh"
