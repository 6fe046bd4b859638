#!/usr/bin/env bash
# Peak memory and time of the release binary on hostile inputs at full size, generated in a temp
# folder: a 2 GB (sparse) text file, zip bombs that inflate to 1 GB, a central directory of 5
# million entries, a 100 MB line, and the largest text and Word inputs the default caps let
# through. Prints one line per input (size, peak RSS, budget, wall time, outcome) and fails if an
# outcome differs from the expected one or a peak passes its budget (the budgets are the ones in
# docs/limits.md). Takes about a minute and 2 GB of temp space. Needs python3 (standard library
# only) and GNU time at /usr/bin/time.
# Usage: scripts/memory_caps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin="$PWD/target/release/budget-extract"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, struct, sys, zipfile, zlib
work = sys.argv[1]
MIB, GIB = 1 << 20, 1 << 30
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
OPEN = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'

def path(name):
    return os.path.join(work, name)

def bomb(name, head, unit, lie):
    """A package whose main part inflates to 1 GiB: head, then unit repeated."""
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w") as part:
            part.write(head)
            chunk = unit * (MIB // len(unit))
            written = len(head)
            while written + len(chunk) <= GIB:
                part.write(chunk)
                written += len(chunk)
    if lie:
        # Claim 1000 inflated bytes in both headers of the part.
        data = bytearray(open(path(name), "rb").read())
        name_bytes = b"word/document.xml"
        for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
            at = data.find(signature)
            while at >= 0:
                if data[at + name_at:at + name_at + len(name_bytes)] == name_bytes:
                    struct.pack_into("<I", data, at + size_at, 1000)
                at = data.find(signature, at + 4)
        open(path(name), "wb").write(data)

bomb("bomb-header.docx", OPEN + b"<w:p><w:r><w:t>", b"a", lie=False)
bomb("bomb-text.docx", OPEN + b"<w:p><w:r><w:t>", b"a", lie=True)
bomb("bomb-paragraphs.docx", OPEN, b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", lie=True)

# The largest Word document the caps let through: 63 MiB of one-run paragraphs.
with zipfile.ZipFile(path("paragraphs-at-cap.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", RELS)
    unit = "<w:p><w:r><w:t>一般公共预算财政拨款支出</w:t></w:r></w:p>".encode()
    z.writestr("word/document.xml", OPEN + unit * (63 * MIB // len(unit)) + b"</w:body></w:document>")

# One local entry and five million central headers pointing at it (235 MB).
local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
header = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"a"
entries = 5_000_000
with open(path("directory.docx"), "wb") as f:
    f.write(local)
    f.write(header * entries)
    f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(header) * entries, len(local), 0))

with open(path("line-100mb.txt"), "w", encoding="utf-8") as f:
    f.write("预算" * (100 * MIB // 6))
with open(path("row-100mb.txt"), "w", encoding="utf-8") as f:
    f.write("1,234.56\t" * (100 * MIB // 9))
with open(path("lines-over-cap.txt"), "w", encoding="utf-8") as f:
    f.write("a\n" * 1_000_001)
with open(path("lines-at-cap.txt"), "w", encoding="utf-8") as f:
    f.write("一般公共预算财政拨款支出\n" * 1_000_000)
# The largest text the caps let through: a million lines of 250 bytes, just under 256 MiB.
with open(path("text-at-caps.txt"), "w", encoding="utf-8") as f:
    line = "一般公共预算财政拨款支出" * 6 + "1234567890" * 3 + "\n"
    f.write(line * 1_000_000)
# Both text caps at once, near the size cap: a million lines of 245 bytes with a TAB in each,
# two cells a line.
with open(path("table-at-caps.txt"), "w", encoding="utf-8") as f:
    f.write("2026年部门收支总表\n单位：万元\n")
    line = "一般公共预算财政拨款支出" * 6 + "\t" + "1234567890" * 2 + ".00\n"
    f.write(line * 999_990)
# A Word table of a million cells: 1,000 rows of 999.
with zipfile.ZipFile(path("table-at-caps.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", RELS)
    cell = b"<w:tc><w:p><w:r><w:t>1,234.56</w:t></w:r></w:p></w:tc>"
    row = b"<w:tr>" + cell * 999 + b"</w:tr>"
    title = "<w:p><w:r><w:t>2026年部门收支总表</w:t></w:r></w:p><w:p><w:r><w:t>单位：万元</w:t></w:r></w:p>".encode()
    z.writestr("word/document.xml", OPEN + title + b"<w:tbl>" + row * 1000 + b"</w:tbl></w:body></w:document>")
# 10,000 columns by 99 rows: just under the cell cap.
with open(path("wide.txt"), "w", encoding="utf-8") as f:
    f.write("2026年部门收支总表\n单位：万元\n")
    f.write("\t".join(f"科目{i}" for i in range(10_000)) + "\n")
    row = "\t".join(f"{i}.00" for i in range(10_000)) + "\n"
    for _ in range(98):
        f.write(row)
PY
truncate -s 2G "$work/huge-2gb.txt"

failed=0
# name, expected outcome ("written" or an error kind), budget for the peak in MiB
check() {
  local name="$1" expected="$2" budget_mib="$3"
  local input="$work/$name" out="$work/out-$name" log="$work/time-$name"
  local code=0
  /usr/bin/time -v "$bin" -q "$input" -o "$out" 2>"$log" || code=$?
  local rss_kib wall outcome
  rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  if [ "$code" -eq 0 ]; then
    outcome=written
  else
    outcome=$(grep -m1 '^error: ' "$log" | sed 's/^error: //' || true)
    outcome=${outcome#"$input: Read failed: "}
  fi
  local size
  size=$(stat -c %s "$input")
  local verdict=ok
  case "$expected" in
    written) [ "$code" -eq 0 ] || verdict=WRONG-OUTCOME ;;
    *) [[ "$code" -eq 1 && "$outcome" == *"$expected"* ]] || verdict=WRONG-OUTCOME ;;
  esac
  if [ "$rss_kib" -gt $((budget_mib * 1024)) ]; then verdict="OVER-BUDGET"; fi
  [ "$verdict" = ok ] || failed=1
  printf '%-22s %12s bytes  peak %6d MiB (budget %5d)  %8s  %-13s %s\n' \
    "$name" "$size" $((rss_kib / 1024)) "$budget_mib" "$wall" "$verdict" \
    "$( [ "$code" -eq 0 ] && echo written || echo "$outcome")"
}

check huge-2gb.txt "over the 268435456-byte cap" 64
check bomb-header.docx "inflates past the 67108864-byte cap per part" 64
check bomb-text.docx "inflates past the 67108864-byte cap per part" 128
check bomb-paragraphs.docx "inflates past the 67108864-byte cap per part" 256
check directory.docx "over the 10000-entry cap" 384
check row-100mb.txt "over the 1000000-cell cap" 192
check lines-over-cap.txt "over the 1000000-line cap" 64
check line-100mb.txt written 640
check lines-at-cap.txt written 384
check text-at-caps.txt written 1536
check table-at-caps.txt written 1536
check wide.txt written 512
check paragraphs-at-cap.docx written 384
check table-at-caps.docx written 512
exit "$failed"
