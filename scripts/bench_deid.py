"""De-identification latency and memory (issue 3). Not a test: prints measured numbers.

Notes of ~1 KB, 2 KB and 8 KB are cut from generated notes (whole lines).
Usage: .venv/bin/python scripts/bench_deid.py [--runs 60]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cdss  # noqa: E402,F401
from cdss.deid import Deidentifier  # noqa: E402
from tests.deid.generator import generate  # noqa: E402


def note_of(size: int, seed: int) -> str:
    text = ""
    for note in generate(40, seed=seed):
        for line in note.text.splitlines(keepends=True):
            if len(text) + len(line) > size:
                return text
            text += line
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=60)
    args = ap.parse_args()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    deid = Deidentifier(formulary_dir=str(ROOT / "corpora" / "formulary"))
    build = time.perf_counter() - t
    deid.deidentify(note_of(2048, 1))
    print(
        f"engine build {build * 1000:.0f} ms; RSS before {rss0:.0f} MB, after build {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    for size in (1024, 2048, 8192):
        notes = [note_of(size, seed) for seed in range(10)]
        times = []
        for i in range(args.runs):
            text = notes[i % len(notes)]
            t = time.perf_counter()
            deid.deidentify(text)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(
            f"{size // 1024} KB notes (mean {statistics.mean(len(n) for n in notes):.0f} chars): "
            f"p50 {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
