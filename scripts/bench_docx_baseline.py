#!/usr/bin/env python3
"""Baseline for the DOCX benchmark: python-docx opens each file and dumps every table's cell
text (what a hand-written Python extractor would start from). Reads file paths, one a line,
from stdin; prints one line: files, seconds, files/s, MB/s.

Run by scripts/bench_bulk.sh inside a virtualenv that has python-docx.
"""

import os
import sys
import time

import docx


def main():
    paths = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    total_bytes = sum(os.path.getsize(p) for p in paths)
    cells = 0
    failed = 0
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for path in paths:
            try:
                document = docx.Document(path)
            except Exception as error:  # a bad file must not stop the baseline either
                failed += 1
                print(f"{path}: {error}", file=sys.stderr)
                continue
            for table in document.tables:
                for row in table.rows:
                    for cell in row.cells:
                        sink.write(cell.text)
                        sink.write("\t")
                        cells += 1
                    sink.write("\n")
    seconds = time.perf_counter() - start
    done = len(paths) - failed
    print(f"python-docx: {done} files in {seconds:.2f} s: {done / seconds:.0f} files/s, "
          f"{total_bytes / 1e6 / seconds:.1f} MB/s ({cells} cells, {failed} failed)")


if __name__ == "__main__":
    main()
