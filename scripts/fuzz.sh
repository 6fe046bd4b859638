#!/usr/bin/env bash
# Runs each fuzz target (read_text, read_docx, read_sheet, docx_xml, extract, pdf_output) for SECONDS (default 600), one
# after another, seeded with the committed inputs and fixtures, and prints libFuzzer's final
# figures. Needs cargo-fuzz (`cargo install cargo-fuzz`) and python3 (to seed docx_xml); the
# stable toolchain is allowed the fuzzer's unstable flags through RUSTC_BOOTSTRAP.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_text read_docx read_sheet docx_xml extract pdf_output)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/$target"
  mkdir -p "$seeds"
  options=()
  case "$target" in
    read_text | pdf_output) pattern='*.txt' ;;
    read_docx) pattern='*.docx' ;;
    read_sheet) pattern='*.xls*' ;;
    docx_xml) pattern='' ; options=(-dict=docx_xml.dict) ;;
    *) pattern='*' ;;
  esac
  if [ -n "$pattern" ]; then
    for dir in corpus tests/fixtures; do
      [ -d "$dir" ] || continue
      find "$dir" -type f -name "$pattern" -size -2M \
        | while read -r f; do cp "$f" "$seeds/seed-$(sha256sum "$f" | cut -c1-16)"; done
    done
  else
    # The main parts of the DOCX fixtures, as the target takes them.
    python3 - "$seeds" tests/fixtures/docx/*.docx <<'PY'
import hashlib, os, sys, zipfile
for path in sys.argv[2:]:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith("document.xml") and "_rels" not in name:
                data = z.read(name)
                seed = os.path.join(sys.argv[1], "seed-" + hashlib.sha256(data).hexdigest()[:16])
                open(seed, "wb").write(data)
PY
  fi
  echo "== $target for ${seconds}s"
  (cd fuzz && cargo fuzz run -O "$target" "corpus/$target" -- ${options[@]+"${options[@]}"} \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 -print_final_stats=1 \
      2>&1 | tee "/tmp/fuzz-$target.log" | grep -E '^(#[0-9]+.*DONE|stat::|==[0-9]+==|SUMMARY|artifact_prefix)' || true)
  if ls fuzz/artifacts/"$target"/crash-* fuzz/artifacts/"$target"/timeout-* fuzz/artifacts/"$target"/oom-* >/dev/null 2>&1; then
    echo "!! $target left artifacts in fuzz/artifacts/$target" >&2
  fi
done
