"""Audit throughput on synthetic notes (issue 7). Not a test: prints measured numbers.

Usage: .venv/bin/python scripts/bench_audit.py [--notes 2000] [--workers 2] [--engine process|ray]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.audit.notegen import audit_notes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", choices=["process", "ray"], default="process")
    ap.add_argument(
        "--join", type=int, default=1, help="concatenate N generated notes into one (longer notes)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notes.jsonl"
        base = audit_notes(args.notes * args.join, seed=42)
        notes = [
            {"id": base[i]["id"], "text": "\n\n".join(b["text"] for b in base[i : i + args.join])}
            for i in range(0, len(base), args.join)
        ]
        src.write_text("".join(json.dumps(n) + "\n" for n in notes))
        kb = sum(len(n["text"]) for n in notes) / len(notes) / 1024
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cdss.cli",
                "audit",
                str(src),
                "--out",
                str(Path(tmp) / "out"),
                "--quiet",
                "--workers",
                str(args.workers),
                "--engine",
                args.engine,
            ],
            check=True,
        )
        wall = time.perf_counter() - t
        s = json.loads((Path(tmp) / "out" / "summary.json").read_text())
        print(
            f"{args.engine}: {s['notes_processed']} notes (mean {kb:.1f} KB), {args.workers} workers: wall {wall:.1f} s including model "
            f"loading = {s['notes_processed'] / wall:.1f} notes/s; run loop {s['seconds']} s = {s['notes_per_second']} notes/s; "
            f"{s['findings']} findings, {s['by_severity'].get('critical', 0)} critical"
        )


if __name__ == "__main__":
    main()
