"""The dose-rule test set (tests/dosing/dose_cases.jsonl): recall and false-alarm rate.

Recall: expected (rule, drug) findings that the checker produced. False-alarm rate: cases where the
checker produced a warning/critical finding (rule, drug) that the case does not expect.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from cdss.dosing import DoseChecker, Formulary

pytestmark = pytest.mark.integration
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_cases(checker: DoseChecker) -> tuple[float, float, int, list[str], list[str]]:
    cases = [
        json.loads(x)
        for x in (HERE / "dose_cases.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    expected_total = hits = alarms = 0
    missed, false = [], []
    for c in cases:
        findings = checker.check(c["text"], patient=c.get("patient")).findings
        produced = {
            (f.rule, d)
            for f in findings
            if f.severity != "info" or f.rule == "unknown_drug"
            for d in f.drugs
        }
        expected = {(e["rule"], e["drug"]) for e in c["expect"]}
        expected_total += len(expected)
        hits += len(expected & produced)
        missed += [f"{c['id']}:{r}:{d}" for r, d in expected - produced]
        extra = produced - expected
        if extra:
            alarms += 1
            false += [f"{c['id']}:{r}:{d}" for r, d in extra]
    return hits / max(1, expected_total), alarms / len(cases), len(cases), missed, false


def test_dose_rule_recall_and_false_alarms() -> None:
    checker = DoseChecker(Formulary.load(ROOT / "corpora" / "formulary"))
    recall, far, n, missed, false = run_cases(checker)
    print(f"\n[dose rules n={n}] recall {recall:.3f}  false-alarm rate {far:.3f}")
    print("missed:", missed)
    print("false alarms:", false)
    print("by rule missed:", Counter(m.split(":")[1] for m in missed))
    assert n >= 150
    assert recall >= 0.95
    assert far <= 0.05
