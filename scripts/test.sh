#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, then every unit and integration test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
