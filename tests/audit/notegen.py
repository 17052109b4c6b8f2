"""Synthetic audit notes: generated clinical notes (with PHI) plus medication lines from the dose-case set."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.deid.generator import generate

HERE = Path(__file__).resolve().parents[1]


def audit_notes(n: int, seed: int = 7) -> list[dict[str, str]]:
    cases = [
        json.loads(x)
        for x in (HERE / "dosing" / "dose_cases.jsonl").read_text().splitlines()
        if x.strip()
    ]
    med_cases = [c for c in cases if not c.get("patient")]
    rnd = random.Random(seed)
    out = []
    for i, note in enumerate(generate(n, seed=seed)):
        extra = "\n".join(rnd.choice(med_cases)["text"] for _ in range(2))
        out.append({"id": f"note-{i:05d}", "text": note.text + "\nPlan:\n" + extra})
    return out
