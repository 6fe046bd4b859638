#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600), seeded with the committed inputs and fixtures,
# and prints libFuzzer's final figures. Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable
# toolchain is allowed the fuzzer's unstable flags through RUSTC_BOOTSTRAP.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_text read_docx extract)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/$target"
  mkdir -p "$seeds"
  case "$target" in
    read_text) pattern='*.txt' ;;
    read_docx) pattern='*.docx' ;;
    *) pattern='*' ;;
  esac
  for dir in corpus tests/fixtures; do
    [ -d "$dir" ] || continue
    find "$dir" -type f -name "$pattern" -size -2M \
      | while read -r f; do cp "$f" "$seeds/seed-$(sha256sum "$f" | cut -c1-16)"; done
  done
  echo "== $target for ${seconds}s"
  (cd fuzz && cargo fuzz run -O "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 -print_final_stats=1 \
      2>&1 | tee "/tmp/fuzz-$target.log" | grep -E '^(#[0-9]+.*DONE|stat::|==[0-9]+==|SUMMARY|artifact_prefix)' || true)
  if ls fuzz/artifacts/"$target"/crash-* fuzz/artifacts/"$target"/timeout-* fuzz/artifacts/"$target"/oom-* >/dev/null 2>&1; then
    echo "!! $target left artifacts in fuzz/artifacts/$target" >&2
  fi
done
