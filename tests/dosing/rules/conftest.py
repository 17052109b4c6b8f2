"""Shared fixtures for the per-rule tests: the real formulary, and a helper that says which rule fired."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cdss.dosing import DoseChecker, Formulary
from cdss.dosing.rules.base import Finding

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def checker() -> DoseChecker:
    return DoseChecker(Formulary.load(ROOT / "corpora" / "formulary"))


def fired(
    checker: DoseChecker, text: str, rule: str, patient: dict[str, Any] | None = None
) -> list[Finding]:
    """The findings of one rule for a text."""
    return [f for f in checker.check(text, patient=patient).findings if f.rule == rule]


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("warning", "critical")]


def assert_case(
    checker: DoseChecker, text: str, patient: dict[str, Any] | None, rule: str | None
) -> None:
    """A case table row: `rule` must raise a warning or critical finding, or nothing may when `rule` is None."""
    found = serious(checker.check(text, patient=patient).findings)
    if rule is None:
        assert not found, [(f.rule, f.message) for f in found]
    else:
        assert rule in {f.rule for f in found}, [(f.rule, f.message) for f in found]
