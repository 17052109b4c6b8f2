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
    banner("2. cdss search 'how fast can sodium be corrected in chronic hyponatraemia'")
    main(
        [
            "search",
            "how fast can sodium be corrected in chronic hyponatraemia",
            "--store",
            STORE,
            "--top-k",
            "2",
        ]
    )
    note = str(ROOT / "examples" / "note-af-ckd.txt")
    banner(f"3. cdss deid {note}  (what any model would see)")
    main(["deid", note])
    banner("4. cdss check-doses on the same note")
    main(["check-doses", note])
    for question in (
        "Is the apixaban dose right for her age, weight and kidney function?",
        "Is naproxen safe for her pain with her kidney function?",
        "Which antibiotic for her cellulitis, and how long?",
    ):
        banner(f"5. cdss ask --note {Path(note).name} -q {question!r}  (extractive backend)")
        main(["ask", "--note", note, "--question", question, "--store", STORE])
    banner("6. The service: `make serve` (or `.venv/bin/cdss serve`) then open the panel")
    print(
        "    http://127.0.0.1:8080/panel   (set CDSS_API_KEYS first; `make demo SERVE=1` starts it now)"
    )
    if "--serve" in sys.argv:
        import os

        os.environ.setdefault("CDSS_API_KEYS", "demo-key")
        print(
            "    API key for this demo server: " + os.environ["CDSS_API_KEYS"].split(",")[0],
            flush=True,
        )
        return main(["serve", "--store", STORE])
    return 0


if __name__ == "__main__":
    sys.exit(run())
