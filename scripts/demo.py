"""The demo: ingest the starter corpus into the embedded store, then show the main jobs.

Run with `make demo`. Safe to re-run: ingestion is incremental.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cdss  # noqa: F401  (offline environment)
from cdss.cli import main

ROOT = Path(__file__).resolve().parent.parent
STORE = str(ROOT / "var" / "qdrant")


def banner(text: str) -> None:
    print("\n" + "=" * 100 + f"\n{text}\n" + "=" * 100, flush=True)


def run() -> int:
    banner("1. Ingest the starter corpus (guidelines + formulary) into the embedded Qdrant store")
    code = main(["ingest", str(ROOT / "corpora"), "--store", STORE, "--prune"])
    if code != 0:
        return code
    for query in (
        "nitrofurantoin renal function threshold",
        "apixaban dose reduction criteria atrial fibrillation",
        "how fast can sodium be corrected in chronic hyponatraemia",
    ):
        banner(f"2. cdss search {query!r}")
        main(["search", query, "--store", STORE, "--top-k", "2"])
    return 0


if __name__ == "__main__":
    sys.exit(run())
