#!/usr/bin/env python3
"""A large generated corpus end to end, killed half-way and resumed.

    python3 scripts/bench_resume.py [--count 10000] [--seed 7] [--docx-share 0.5] [--jobs 2]

1. Generates --count documents (cached under --work) and runs them uninterrupted into
   STRAIGHT, under /usr/bin/time -v (wall time, peak RSS).
2. Runs them again into RESUMED and sends SIGKILL once half of the documents the first run
   wrote are on disk; checks that every file beside the staging folder is complete (each JSON
   parses, each rows sidecar has all the bytes its header announces).
3. Runs again into RESUMED to completion and checks that it skipped the work done before the
   kill, and that every file except run.json is byte for byte the same as STRAIGHT's.
4. Checks the exports against the JSON with scripts/bench_check_exports.py (DuckDB too when
   the benchmark virtualenv has it).
"""

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "budget-extract")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from bench_bulk import bench_python, generator_version, parse_time  # noqa: E402


def top_level_files(folder):
    return sorted(e.name for e in os.scandir(folder) if e.is_file())


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def count_outputs(folder):
    try:
        return sum(1 for e in os.scandir(folder) if e.name.endswith(".json"))
    except FileNotFoundError:
        return 0


def complete_after_kill(folder):
    bad = []
    for name in top_level_files(folder):
        path = os.path.join(folder, name)
        if name.endswith(".json"):
            try:
                json.load(open(path, encoding="utf-8"))
            except ValueError:
                bad.append(name)
        elif name.endswith(".rows"):
            with open(path, "rb") as f:
                data = f.read()
            header, _, body = data.partition(b"\n")
            lengths = [int(x) for x in header.split()[3:6]]
            if sum(lengths) != len(body):
                bad.append(name)
    return bad


def timed_run(corpus, out, jobs, label):
    timing = out + ".time"
    proc = subprocess.run(["/usr/bin/time", "-v", "-o", timing, BIN, corpus, "-o", out,
                           "--jobs", str(jobs), "--quiet"], stderr=subprocess.DEVNULL)
    if proc.returncode not in (0, 1):
        sys.exit(f"{label}: exit code {proc.returncode}")
    t = parse_time(timing)
    report = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))
    o = report["outcomes"]
    print(f"{label}: exit {proc.returncode}; {o['written']} written, {o['skipped_unchanged']} "
          f"unchanged, {o['failed']} failed in {t['wall']:.1f} s wall ({t['cpu']:.1f} s CPU); "
          f"peak RSS {t['rss_mb']:.0f} MB")
    return report, t


def main():
    parser = argparse.ArgumentParser(description="Kill-and-resume check on a large corpus")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--docx-share", type=float, default=0.5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    corpus = os.path.join(args.work, f"corpus-{args.count}-seed{args.seed}-docx{args.docx_share}-"
                                     f"{generator_version()}")
    if not os.path.exists(os.path.join(corpus, ".complete")):
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate_corpus.py"),
                        "--out", corpus, "--count", str(args.count), "--seed", str(args.seed),
                        "--docx-share", str(args.docx_share)], check=True)
        open(os.path.join(corpus, ".complete"), "w").close()
    straight = os.path.join(args.work, "resume-straight")
    resumed = os.path.join(args.work, "resume-killed")
    # Last time's folders are moved aside now and deleted at the end: on ext4, creating files
    # right after deleting thousands is slow, which would distort the timings.
    trash = os.path.join(args.work, f"trash-{os.getpid()}")
    os.makedirs(trash)
    for folder in (straight, resumed):
        if os.path.exists(folder):
            os.rename(folder, os.path.join(trash, os.path.basename(folder)))

    report, _ = timed_run(corpus, straight, args.jobs, "uninterrupted run")
    half = max(1, report["outcomes"]["written"] // 2)

    child = subprocess.Popen([BIN, corpus, "-o", resumed, "--jobs", str(args.jobs), "--quiet"],
                             stderr=subprocess.DEVNULL)
    while count_outputs(resumed) < half and child.poll() is None:
        time.sleep(0.005)
    if child.poll() is not None:
        sys.exit("the run finished before it could be killed; use a larger --count")
    child.send_signal(signal.SIGKILL)
    child.wait()
    at_kill = count_outputs(resumed)
    bad = complete_after_kill(resumed)
    if bad:
        sys.exit(f"incomplete files after SIGKILL: {bad[:5]}")
    leftovers = len(os.listdir(os.path.join(resumed, ".partial"))) \
        if os.path.isdir(os.path.join(resumed, ".partial")) else 0
    print(f"SIGKILL with {at_kill} JSON files written: every file beside .partial/ is complete "
          f"({leftovers} partial files staged in .partial/)")

    report, _ = timed_run(corpus, resumed, args.jobs, "resumed run")
    if report["outcomes"]["skipped_unchanged"] < at_kill - 2 * args.jobs:
        sys.exit("the resumed run redid work that was finished before the kill")

    a, b = top_level_files(straight), top_level_files(resumed)
    a = [n for n in a if n != "run.json"]
    b = [n for n in b if n != "run.json"]
    if a != b:
        sys.exit(f"different files: {sorted(set(a) ^ set(b))[:5]}")
    differing = [n for n in a if digest(os.path.join(straight, n)) != digest(os.path.join(resumed, n))]
    if differing:
        sys.exit(f"files differ after resuming: {differing[:5]}")
    print(f"same final output: {len(a)} files identical byte for byte (run.json aside)")

    python = bench_python(args.work, "duckdb", "duckdb", required=False)
    checker = os.path.join(ROOT, "scripts", "bench_check_exports.py")
    subprocess.run([python, checker, resumed], check=True)
    shutil.rmtree(trash, ignore_errors=True)


if __name__ == "__main__":
    main()
