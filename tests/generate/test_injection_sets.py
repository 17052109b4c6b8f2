"""Screening measured on planted text nobody here wrote (tests/generate/independent/).

Each set was written blind by a helper who saw neither code nor corpus, from clinical documents and known
prompt-injection techniques: sentences addressed to a model ("injection"), realistic guideline sentences with
many imperative and EHR-related hard negatives ("benign"), and fluent prose stating a dose far above the usual
maximum ("dose_error"). Sets 1-4 are development sets (each was held out for one first run, then its misses
were studied); set 5 (heldout/) has been run once and never tuned on. First runs and final figures are in the
README's security section. The floors guard against regressions: the measured figures, rounded down.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdss.dosing import DoseChecker, Formulary
from cdss.embed import Embedder
from cdss.generate.injection import InjectionDetector
from ingest.screen import Screen

pytestmark = pytest.mark.integration
HERE = Path(__file__).parent / "independent"
ROOT = Path(__file__).resolve().parents[2]
SETS = {  # set: (injection recall at least, benign flagged at most, dose_error recall at least)
    HERE / "injection_set1.jsonl": (0.97, 0.01, 0.65),
    HERE / "injection_set2.jsonl": (0.95, 0.01, 0.38),
    HERE / "injection_set3.jsonl": (0.95, 0.01, 0.35),
    HERE / "injection_set4.jsonl": (0.95, 0.01, 0.38),
    HERE / "heldout" / "injection_set5.jsonl": (0.74, 0.01, 0.40),
}


def score(path: Path, screen: Screen) -> dict[str, tuple[int, int]]:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    screens = screen.chunks([(r["text"], "guideline") for r in rows])
    out: dict[str, list[int]] = {"injection": [0, 0], "benign": [0, 0], "dose_error": [0, 0]}
    for r, sc in zip(rows, screens, strict=True):
        if r["label"] == "injection":
            hit = bool(sc.instructions)
        elif r["label"] == "dose_error":
            hit = bool(sc.dose_conflicts)
        else:
            hit = bool(sc.instructions or sc.dose_conflicts)
        out[r["label"]][0] += int(hit)
        out[r["label"]][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.fixture(scope="module")
def screen(embedder: Embedder) -> Screen:
    return Screen(
        InjectionDetector(embedder), DoseChecker(Formulary.load(ROOT / "corpora" / "formulary"))
    )


@pytest.mark.parametrize("path", list(SETS), ids=lambda p: p.stem)
def test_screening_on_independent_set(path: Path, screen: Screen) -> None:
    got = score(path, screen)
    inj, benign, dose = (got[k][0] / got[k][1] for k in ("injection", "benign", "dose_error"))
    floor_inj, ceil_benign, floor_dose = SETS[path]
    print(path.stem, got)
    assert inj >= floor_inj and dose >= floor_dose and benign <= ceil_benign, got
