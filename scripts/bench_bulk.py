#!/usr/bin/env python3
"""End-to-end benchmark of corpus runs: documents/s, MB/s and peak RSS per input format, at
1 and 2 threads, plus python-docx on the same DOCX files for comparison.

    python3 scripts/bench_bulk.py [--count 2000] [--seed 1] [--work target/bench]

Generates --count documents with scripts/generate_corpus.py (half .docx; cached under --work),
builds the release binary, then for each format and thread count runs

    /usr/bin/time -v budget-extract - -o OUT --jobs J --quiet < FILE_LIST

--repeat times (the fastest run is reported), each into an empty output folder (read → extract → check → JSON and rows written, manifest and
dataset exports assembled; default buffered writes). Figures:

  docs/s, MB/s   documents written (input bytes) per second of the process's wall time
  cpu s          user + system CPU seconds (the machine may be shared: wall time includes
                 waiting for a core, CPU time does not)
  docs/cpu-s     documents per CPU second per thread: what one uncontended core sustains
  RSS            peak resident set size (/usr/bin/time "Maximum resident set size")
  export s       of the wall time, compacting the manifest and assembling exports (run.json)

A format whose every file fails (e.g. .docx before the DOCX reader exists) is reported as not
measured, with the error kind, rather than as a speed.

The python-docx baseline (installed into a virtualenv under --work on first use) opens each
.docx and writes every table cell's text to /dev/null, single-threaded.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "budget-extract")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def generator_version():
    """A short hash of the generator, so that a cached corpus is remade when it changes."""
    with open(os.path.join(ROOT, "scripts", "generate_corpus.py"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:8]


def generate(work, count, seed):
    corpus = os.path.join(work, f"corpus-{count}-seed{seed}-{generator_version()}")
    marker = os.path.join(corpus, ".complete")
    if not os.path.exists(marker):
        shutil.rmtree(corpus, ignore_errors=True)
        sh([sys.executable, os.path.join(ROOT, "scripts", "generate_corpus.py"), "--out", corpus,
            "--count", str(count), "--seed", str(seed), "--docx-share", "0.5"])
        open(marker, "w").close()
    lists = {}
    for ext in ("txt", "docx"):
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs
                       if f.endswith("." + ext))
        lists[ext] = files
    return corpus, lists


def parse_time(path):
    text = open(path, encoding="utf-8").read()
    def field(label):
        m = re.search(re.escape(label) + r":\s*(\S+)", text)
        return m.group(1) if m else "0"
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return {
        "wall": seconds,
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def run_ours(out_root, files, fmt, jobs, attempt, extra=()):
    # A fresh folder per run, all deleted after the measurements: on ext4, creating files
    # right after deleting thousands is slow (the allocator skips recently freed inodes), which
    # would measure the benchmark's own cleanup rather than the run.
    out = os.path.join(out_root, f"out-{fmt}-j{jobs}-{attempt}")
    shutil.rmtree(out, ignore_errors=True)
    timing = out + ".time"
    listing = "".join(f + "\n" for f in files).encode()
    proc = subprocess.run(["/usr/bin/time", "-v", "-o", timing, BIN, "-", "-o", out,
                           "--jobs", str(jobs), "--quiet", *extra],
                          input=listing, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        sys.exit(f"budget-extract failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    report = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))
    t = parse_time(timing)
    t.update(report=report, bytes=sum(os.path.getsize(f) for f in files))
    return t


def bench_python(work, module, package, required=True):
    """The benchmark virtualenv's python, with `package` installed (best effort unless
    `required`)."""
    env_dir = os.path.join(work, "venv")
    python = os.path.join(env_dir, "bin", "python")
    if not os.path.exists(python):
        venv.create(env_dir, with_pip=True)
    if subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode != 0:
        done = subprocess.run([python, "-m", "pip", "install", "--quiet", package])
        if done.returncode != 0 and required:
            sys.exit(f"cannot install {package} into {env_dir}")
    return python


def python_docx_baseline(work, files):
    python = bench_python(work, "docx", "python-docx")
    listing = "".join(f + "\n" for f in files)
    proc = subprocess.run([python, os.path.join(ROOT, "scripts", "bench_docx_baseline.py")],
                          input=listing, capture_output=True, text=True, check=True)
    line = proc.stdout.strip()
    m = re.search(r"(\d+) files/s", line)
    return line, (float(m.group(1)) if m else None)


def main():
    parser = argparse.ArgumentParser(description="End-to-end corpus benchmark")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measurement; the fastest is reported (the machine is shared)")
    parser.add_argument("--output-root", default=None,
                        help="where output folders go (default: --work); e.g. /dev/shm to take "
                             "the disk out of the measurement")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    out_root = args.output_root or args.work
    os.makedirs(out_root, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    corpus, lists = generate(args.work, args.count, args.seed)
    fs_type = subprocess.run(["findmnt", "-no", "FSTYPE", "-T", out_root], capture_output=True,
                             text=True).stdout.strip()
    print(f"corpus: {corpus}: {len(lists['txt'])} .txt, {len(lists['docx'])} .docx; "
          f"{os.cpu_count()} cores; outputs on {fs_type}; best of {args.repeat}")
    print(f"{'format':6} {'jobs':>4} {'docs':>6} {'failed':>6} {'wall s':>7} {'docs/s':>8} "
          f"{'MB/s':>6} {'cpu s':>6} {'docs/cpu-s':>10} {'RSS MB':>7} {'export s':>8}")
    ours = {}
    for fmt in ("txt", "docx"):
        files = lists[fmt]
        for jobs in [int(j) for j in args.jobs.split(",")]:
            runs = [run_ours(out_root, files, fmt, jobs, a) for a in range(args.repeat)]
            r = min(runs, key=lambda x: x["wall"])
            o = r["report"]["outcomes"]
            if o["written"] == 0:
                kinds = sorted({f["kind"] for f in r["report"]["failures"]})
                print(f"{fmt:6} {jobs:>4} {len(files):>6} {o['failed']:>6}  not measured: every file "
                      f"failed ({', '.join(kinds)})")
                continue
            docs_s = o["written"] / r["wall"]
            ours[(fmt, jobs)] = docs_s
            print(f"{fmt:6} {jobs:>4} {o['written']:>6} {o['failed']:>6} {r['wall']:>7.2f} "
                  f"{docs_s:>8.0f} {r['bytes'] / 1e6 / r['wall']:>6.1f} {r['cpu']:>6.2f} "
                  f"{o['written'] / r['cpu']:>10.0f} {r['rss_mb']:>7.1f} "
                  f"{r['report']['timing']['finishing_seconds']:>8.2f}")
    for entry in os.scandir(out_root):
        if entry.name.startswith("out-"):
            if entry.is_dir():
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.remove(entry.path)
    line, python_rate = python_docx_baseline(args.work, lists["docx"])
    print(line)
    for jobs in (1, 2):
        if ("docx", jobs) in ours and python_rate:
            print(f"budget-extract DOCX at {jobs} thread(s) / python-docx: "
                  f"{ours[('docx', jobs)] / python_rate:.1f}x")
    if not any(k[0] == "docx" for k in ours):
        print("budget-extract DOCX: not measured yet (no DOCX reader in this build)")


if __name__ == "__main__":
    main()
