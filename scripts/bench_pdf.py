#!/usr/bin/env python3
"""PDF benchmark: budget-extract end to end on a folder of PDFs, against pdftotext alone and
pdfplumber.

usage: python3 scripts/bench_pdf.py FOLDER [--runs N] [--plumber-runs N] [--no-plumber] [--work DIR]

Builds the release binary, then measures on every *.pdf in FOLDER (best of --runs, default 3;
pdfplumber best of --plumber-runs, default 1):
  - budget-extract end to end (pdftotext child, read, extract, check, JSON and exports written)
    at --jobs 1 and --jobs 2: documents/s and pages/s;
  - pdftotext -layout -enc UTF-8 alone on the same files, one after another and two at a time:
    what our PDF route costs before any of our own work;
  - pdfplumber opening each PDF and extracting every page's tables (what a Python extractor
    would start from), one process, one file after another; installed with pip into a
    virtualenv under --work (default: a folder in the system temp dir, kept for re-runs).
Prints each figure and ours as a ratio to both baselines (same thread count for pdftotext;
pdfplumber is single-threaded, so ours at 1 and 2 threads against its one).

example: python3 scripts/bench_pdf.py tests/fixtures/pdf   (or any folder of disclosure PDFs)
"""
import argparse
import concurrent.futures
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "budget-extract")

PLUMBER = r"""
import sys, time
import pdfplumber
paths = [l.rstrip("\n") for l in sys.stdin if l.strip()]
tables = pages = failed = 0
start = time.perf_counter()
for path in paths:
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages += 1
                tables += len(page.extract_tables())
    except Exception as error:
        failed += 1
        print(f"{path}: {error}", file=sys.stderr)
print(time.perf_counter() - start, pages, tables, failed)
"""


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ours(files, jobs, work, attempt):
    out = os.path.join(work, f"out-j{jobs}-{attempt}")
    shutil.rmtree(out, ignore_errors=True)
    listing = "".join(f + "\n" for f in files).encode()
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run([BIN, "-", "-o", out, "--jobs", str(jobs), "--quiet"],
                          input=listing, stderr=subprocess.PIPE)
    seconds, cpu = time.perf_counter() - start, children_cpu() - cpu
    if proc.returncode not in (0, 1):
        sys.exit(f"budget-extract failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    report = json.load(open(os.path.join(out, "run.json"), encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    return seconds, cpu, len(report.get("failures") or [])


def pdftotext_one(path):
    with open(path, "rb") as f:
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], stdin=f,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_pdftotext(files, jobs):
    start, cpu = time.perf_counter(), children_cpu()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(pdftotext_one, files))
    return time.perf_counter() - start, children_cpu() - cpu


def plumber_python(work):
    env_dir = os.path.join(work, "venv")
    python = os.path.join(env_dir, "bin", "python")
    if not os.path.exists(python):
        venv.create(env_dir, with_pip=True)
    if subprocess.run([python, "-c", "import pdfplumber"], capture_output=True).returncode:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "pdfplumber"], check=True)
    return python


def run_plumber(python, files):
    cpu = children_cpu()
    proc = subprocess.run([python, "-c", PLUMBER], input="".join(f + "\n" for f in files),
                          capture_output=True, text=True, check=True)
    seconds, pages, tables, failed = proc.stdout.split()
    return float(seconds), int(pages), int(tables), int(failed), children_cpu() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="a folder of PDFs (not walked: its *.pdf)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--plumber-runs", type=int, default=1,
                        help="pdfplumber runs (1: it takes minutes)")
    parser.add_argument("--no-plumber", action="store_true", help="skip pdfplumber")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "bench-pdf"),
                        help="scratch folder: outputs and the pdfplumber virtualenv")
    args = parser.parse_args()
    files = sorted(os.path.join(args.folder, f) for f in os.listdir(args.folder)
                   if f.lower().endswith(".pdf"))
    if not files:
        sys.exit(f"no .pdf files in {args.folder}")
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is needed: apt-get install poppler-utils")
    os.makedirs(args.work, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    pages = sum(pages_of(f) for f in files)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"{len(files)} PDFs, {pages} pages, {mb:.1f} MB; best of {args.runs} runs; "
          f"{os.cpu_count()} cores")

    def rate(seconds):
        return f"{len(files) / seconds:7.1f} documents/s {pages / seconds:8.1f} pages/s"

    # Ours and pdftotext alone take turns, so that a change in the machine's load (it may be
    # shared) weighs on both alike; CPU seconds (ours: with its pdftotext children) say what
    # the load does not.
    ours, tool = {1: [], 2: []}, {1: [], 2: []}
    failed = 0
    for _ in range(args.runs):
        for jobs in (1, 2):
            seconds, cpu, failed = run_ours(files, jobs, args.work, 0)
            ours[jobs].append((seconds, cpu))
            tool[jobs].append(run_pdftotext(files, jobs))
    ours = {j: min(v) for j, v in ours.items()}
    tool = {j: min(v) for j, v in tool.items()}
    for jobs in (1, 2):
        print(f"budget-extract --jobs {jobs}: {ours[jobs][0]:6.2f} s {rate(ours[jobs][0])} "
              f"(CPU {ours[jobs][1]:.2f} s; {failed} failed)")
        print(f"pdftotext alone, {jobs} at a time: {tool[jobs][0]:6.2f} s {rate(tool[jobs][0])} "
              f"(CPU {tool[jobs][1]:.2f} s)")
    cpu = min(v[1] for v in ours.values()), min(v[1] for v in tool.values())
    ours = {j: v[0] for j, v in ours.items()}
    tool = {j: v[0] for j, v in tool.items()}
    best = None
    if not args.no_plumber:
        python = plumber_python(args.work)
        best = min(run_plumber(python, files) for _ in range(args.plumber_runs))
        print(f"pdfplumber (tables of every page): {best[0]:6.2f} s {rate(best[0])}"
              f" (CPU {best[4]:.2f} s; {best[2]} tables, {best[3]} failed)")
    print(f"CPU per document: ours {1000 * cpu[0] / len(files):.0f} ms (pdftotext included), "
          f"pdftotext alone {1000 * cpu[1] / len(files):.0f} ms"
          + (f", pdfplumber {1000 * best[4] / len(files):.0f} ms" if best else ""))
    for jobs in (1, 2):
        versus = f", {best[0] / ours[jobs]:.1f}x pdfplumber" if best else ""
        print(f"ours at {jobs} thread(s): {tool[jobs] / ours[jobs]:.2f}x the speed of "
              f"pdftotext alone ({jobs} at a time){versus}")


if __name__ == "__main__":
    main()
