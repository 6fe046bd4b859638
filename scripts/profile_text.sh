#!/usr/bin/env bash
# End-to-end throughput of the release binary (read → extract → check → JSON written), per input
# kind, at 1 and 2 threads: the seed as published (TAB text), each text layout of it, the other
# real budgets in corpus/, and the seed as DOCX from two writers. Each kind is a folder of copies
# of one file, run through `budget-extract DIR -o OUT -j N`; the best of $ROUNDS runs is shown.
#
# Usage: scripts/profile_text.sh [COPIES]          (default 1000 copies per kind)
# Environment: ROUNDS (default 3), THREADS (default "1 2"), ONLY (substring of a kind's name).
#
# To see where the time goes, profile one kind with callgrind, e.g.
#   valgrind --tool=callgrind target/release/budget-extract DIR -o OUT -j 1 -q
set -euo pipefail
cd "$(dirname "$0")/.."

copies=${1:-1000}
rounds=${ROUNDS:-3}
threads=${THREADS:-"1 2"}
only=${ONLY:-}

cargo build --release --quiet
bin=$PWD/target/release/budget-extract

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kinds=()
add_kind() { # name file
    local name=$1 file=$2 ext=${2##*.}
    [[ -z $only || $name == *"$only"* ]] || return 0
    mkdir -p "$work/in/$name"
    cp "$file" "$work/in/$name/00000.$ext"
    python3 - "$work/in/$name" "$ext" "$copies" <<'PY'
import os, sys
folder, ext, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
first = os.path.join(folder, f"00000.{ext}")
for i in range(1, copies):
    os.link(first, os.path.join(folder, f"{i:05d}.{ext}"))
PY
    kinds+=("$name")
    sizes["$name"]=$(stat -c %s "$file")
}
declare -A sizes
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

printf '%-60s %8s %3s %10s %8s %9s\n' kind KiB -j docs/s MB/s cpu-ms/doc
for name in "${kinds[@]}"; do
    for j in $threads; do
        best=
        best_cpu=
        for ((r = 0; r < rounds; r++)); do
            rm -rf "$work/out"
            start=$(date +%s.%N)
            /usr/bin/time -f '%U %S' -o "$work/cpu" "$bin" "$work/in/$name" -o "$work/out" -j "$j" -q
            end=$(date +%s.%N)
            wall=$(echo "$end - $start" | bc -l)
            cpu=$(awk '{print $1 + $2}' "$work/cpu")
            if [[ -z $best ]] || (($(echo "$wall < $best" | bc -l))); then
                best=$wall
                best_cpu=$cpu
            fi
        done
        written=$(find "$work/out" -name '*.json' | wc -l)
        if ((written != copies)); then
            echo "error: $name wrote $written of $copies files" >&2
            exit 1
        fi
        awk -v n="$name" -v s="${sizes[$name]}" -v j="$j" -v c="$copies" -v w="$best" -v u="$best_cpu" \
            'BEGIN { printf "%-60s %8.1f %3d %10.0f %8.1f %9.3f\n", n, s / 1024, j, c / w, c * s / w / 1e6, u * 1000 / c }'
    done
done
