#!/usr/bin/env bash
# End-to-end throughput of the release binary (read → extract → check → JSON written), per input
# kind, at 1 and 2 threads: the seed as published (TAB text), each text layout of it, the other
# real budgets in corpus/, and the seed as DOCX from two writers. Each kind is a folder of copies
# of one file, run through `budget-extract DIR -o OUT -j N -q`; the best of $ROUNDS runs is shown.
#
# Usage: scripts/profile_text.sh [COPIES]            (default 1000 copies per kind)
#        scripts/profile_text.sh --instructions      (instructions per document, via callgrind)
# Environment:
#   ROUNDS   runs per figure, best kept (default 3)
#   THREADS  thread counts to run (default "1 2")
#   ONLY     keep the kinds whose name contains this
#   OUT_DIR  where the JSON goes (default: a temporary folder beside the inputs, on disk; give
#            /dev/shm to leave the disk out)
#   BIN      the binary to measure (default: target/release/budget-extract, built first)
#
# Wall-clock figures move with whatever else the machine runs; cpu-ms/doc (user + system time of
# the whole run) moves less, and --instructions (valgrind's instruction count for 11 copies less
# that for 1, divided by 10, so start-up and one-time regex compilation drop out) not at all.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=throughput
copies=1000
case ${1:-} in
--instructions) mode=instructions ;;
"") ;;
*) copies=$1 ;;
esac
rounds=${ROUNDS:-3}
threads=${THREADS:-"1 2"}
only=${ONLY:-}

if [[ -z ${BIN:-} ]]; then
    cargo build --release --quiet
    bin=$PWD/target/release/budget-extract
else
    bin=$BIN
fi

work=$(mktemp -d)
out_base=${OUT_DIR:-$work}
out=$(mktemp -d -p "$out_base")
trap 'rm -rf "$work" "$out"' EXIT

# Folders of `n` copies of `file` (hard links), one per kind.
make_copies() { # folder file n
    mkdir -p "$1"
    local ext=${2##*.}
    cp "$2" "$1/00000.$ext"
    python3 - "$1" "$ext" "$3" <<'PY'
import os, sys
folder, ext, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
first = os.path.join(folder, f"00000.{ext}")
for i in range(1, copies):
    os.link(first, os.path.join(folder, f"{i:05d}.{ext}"))
PY
}

kinds=()
declare -A files
add_kind() { # name file
    [[ -z $only || $1 == *"$only"* ]] || return 0
    kinds+=("$1")
    files["$1"]=$2
}
add_kind seed.txt corpus/000_19b5df8ff6376e0f.txt
for f in tests/fixtures/layouts/*.txt; do
    add_kind "layout:$(basename "$f" .txt | sed 's/^seed\.//')" "$f"
done
for f in corpus/*.txt; do
    case $f in *000_19b5df8ff6376e0f*) continue ;; esac
    add_kind "real:$(basename "$f" .txt)" "$f"
done
for f in tests/fixtures/docx/seed-*.docx; do
    add_kind "docx:$(basename "$f" .docx | sed 's/^seed-//')" "$f"
done

if [[ $mode == instructions ]]; then
    command -v valgrind >/dev/null || {
        echo "error: valgrind is not installed" >&2
        exit 2
    }
    instructions() { # folder
        rm -rf "$out/run"
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" -o "$out/run" -j 1 -q 2>&1 |
            awk '/Collected :/ { print $NF }'
    }
    printf '%-60s %8s %14s\n' kind KiB "M instr/doc"
    for name in "${kinds[@]}"; do
        make_copies "$work/one/$name" "${files[$name]}" 1
        make_copies "$work/eleven/$name" "${files[$name]}" 11
        one=$(instructions "$work/one/$name")
        eleven=$(instructions "$work/eleven/$name")
        awk -v n="$name" -v s="$(stat -c %s "${files[$name]}")" -v a="$one" -v b="$eleven" \
            'BEGIN { printf "%-60s %8.1f %14.2f\n", n, s / 1024, (b - a) / 10 / 1e6 }'
    done
    exit 0
fi

printf '%-60s %8s %3s %10s %8s %11s\n' kind KiB -j docs/s MB/s cpu-ms/doc
for name in "${kinds[@]}"; do
    make_copies "$work/in/$name" "${files[$name]}" "$copies"
    size=$(stat -c %s "${files[$name]}")
    for j in $threads; do
        best=
        best_cpu=
        for ((r = 0; r < rounds; r++)); do
            rm -rf "$out/run"
            start=$(date +%s.%N)
            /usr/bin/time -f '%U %S' -o "$work/cpu" "$bin" "$work/in/$name" -o "$out/run" -j "$j" -q
            end=$(date +%s.%N)
            wall=$(echo "$end - $start" | bc -l)
            cpu=$(awk '{print $1 + $2}' "$work/cpu")
            if [[ -z $best ]] || (($(echo "$wall < $best" | bc -l))); then
                best=$wall
                best_cpu=$cpu
            fi
        done
        written=$(find "$out/run" -name '*.json' | wc -l)
        if ((written != copies)); then
            echo "error: $name wrote $written of $copies files" >&2
            exit 1
        fi
        awk -v n="$name" -v s="$size" -v j="$j" -v c="$copies" -v w="$best" -v u="$best_cpu" \
            'BEGIN { printf "%-60s %8.1f %3d %10.0f %8.1f %11.3f\n", n, s / 1024, j, c / w, c * s / w / 1e6, u * 1000 / c }'
    done
    rm -rf "$work/in/$name"
done
