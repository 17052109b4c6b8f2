"""Dose-checker speed (issue 5). Not a test: prints measured numbers.

Statements/s over the dose-case texts, and p50/p95 for a ~2 KB note with many medication lines.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import cdss  # noqa: F401
from cdss.dosing import DoseChecker, Formulary

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    t = time.perf_counter()
    checker = DoseChecker(Formulary.load(ROOT / "corpora" / "formulary"))
    print(f"formulary load + compile {1000 * (time.perf_counter() - t):.0f} ms")
    cases = [
        json.loads(x)
        for x in (ROOT / "tests" / "dosing" / "dose_cases.jsonl").read_text().splitlines()
        if x.strip()
    ]
    n_stmts = 0
    t = time.perf_counter()
    for _ in range(5):
        for c in cases:
            n_stmts += len(checker.check(c["text"], patient=c.get("patient")).medications)
    secs = time.perf_counter() - t
    print(
        f"{n_stmts} statements in {secs:.2f} s: {n_stmts / secs:.0f} statements/s, {1000 * secs / n_stmts:.2f} ms/statement"
    )
    note = (ROOT / "examples" / "note-af-ckd.txt").read_text()
    lines = [c["text"] for c in cases[:40]]
    big = note + "\n" + "\n".join(lines)
    big = big[:2048]
    times = []
    for _ in range(50):
        t = time.perf_counter()
        r = checker.check(big)
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    print(
        f"2 KB note ({len(big)} chars, {len(r.medications)} statements, {len(r.findings)} findings): "
        f"p50 {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms"
    )

    # time per KB must stay flat from 2 KB to 200 KB (extraction is linear: headings are indexed once)
    line = "KCl 20 mEq PO daily\nmetoprolol 25 mg PO BID\nAllergies: penicillin (rash)\n"
    for kb in (2, 20, 200):
        text = (line * (kb * 1024 // len(line) + 1))[: kb * 1024]
        t = time.perf_counter()
        checker.check(text)
        secs = time.perf_counter() - t
        print(f"{kb:>3} KB medication list: {1000 * secs:.0f} ms, {1000 * secs / kb:.2f} ms/KB")


if __name__ == "__main__":
    main()
