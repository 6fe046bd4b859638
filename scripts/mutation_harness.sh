#!/usr/bin/env bash
# How many injected errors the checks find: runs the mutation harness (tests/mutation/) over
# every real text in corpus/ and tests/fixtures/{real,wild,final}/ and prints, per mutation
# kind, the sites tried and detected, detection per text, the rules that detect, the unmutated
# texts' own failures and every mutant that went undetected.
#   MUTATION_CAP   sites per kind and text (default 25)
#   MUTATION_SEED  the seed that picks them (default: the test's)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --test mutations -- --ignored --nocapture --exact full
