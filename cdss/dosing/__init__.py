"""Formulary dose-rule checking over medication statements in notes and answers."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cdss.config import Config
from cdss.dosing.extract import Extractor, MedStatement
from cdss.dosing.formulary import Formulary
from cdss.dosing.patient import Patient, apply_overrides, read_patient
from cdss.dosing.rules import RULES, Finding, RuleContext
from cdss.dosing.severity import Severity, sort_key
from cdss.errors import ConfigError, Deadline

__all__ = [
    "DoseChecker",
    "DoseReport",
    "Finding",
    "Formulary",
    "MedStatement",
    "Patient",
    "Severity",
]


@dataclass
class DoseReport:
    medications: list[MedStatement]
    patient: Patient
    findings: list[Finding]

    def to_json(self) -> dict[str, Any]:
        return {
            "medications": [m.to_json() for m in self.medications],
            "patient": self.patient.to_json(),
            "findings": [f.to_json() for f in self.findings],
        }


class DoseChecker:
    """Built once per process (formulary load + name regex); `check` is thread-safe (no shared mutable state)."""

    def __init__(self, formulary: Formulary, rules: list[str] | None = None) -> None:
        self.formulary = formulary
        self.extractor = Extractor(formulary)
        self.rules = [RULES[r]() for r in (rules or list(RULES))]
        self._lock = threading.Lock()
        self.extractor.warm_up()  # build the name index now, not on the first request

    @classmethod
    def from_config(cls, config: Config) -> DoseChecker:
        names = [r.strip() for r in str(config.get("dosing.rules") or "").split(",") if r.strip()]
        unknown = [r for r in names if r not in RULES]
        if unknown:
            raise ConfigError(
                f"dosing.rules: unknown rule(s) {unknown}; choose from {', '.join(RULES)}"
            )
        return cls(Formulary.load(config.resolve_path("dosing.formulary_dir")), names or None)

    @cached_property
    def _vocabulary(self) -> list[str]:
        return sorted(set(self.formulary.drugs))

    def vocabulary(self) -> list[str]:
        return self._vocabulary

    def check(
        self,
        text: str,
        *,
        patient: dict[str, Any] | None = None,
        origin: str = "note",
        context: Patient | None = None,
        active_from: list[MedStatement] | None = None,
        deadline: Deadline | None = None,
    ) -> DoseReport:
        """Check `text`. For an answer, pass the note's patient (`context`) and its medications
        (`active_from`) so interactions between the answer's drugs and the note's are found."""
        meds = self.extractor.extract(text, origin=origin, deadline=deadline)
        ctx_patient = (
            context if context is not None else apply_overrides(read_patient(text), patient)
        )
        active = [m for m in meds if m.active]
        pool = active + [m for m in (active_from or []) if m.active]
        ctx = RuleContext(
            self.formulary, pool, ctx_patient, text, origin, tuple(m.span for m in meds), meds
        )
        findings: list[Finding] = []
        for rule in self.rules:
            for f in rule.check(ctx):
                if origin == "answer" and f.origin != "answer" and f.rule != "interaction":
                    continue  # the note's own findings are reported once, from the note check
                involved = [m.origin for m in pool if m.drug in f.drugs]
                if (
                    origin == "answer"
                    and f.rule == "interaction"
                    and ("answer" not in involved or "note" not in involved)
                ):
                    # answer x note is the warning that matters; two drugs named in one guideline answer are
                    # usually alternatives ("apixaban or rivaroxaban"), not a co-prescription
                    continue
                findings.append(f)
        findings.sort(key=lambda f: (sort_key(f.severity), f.span[0] if f.span else 0))
        return DoseReport(meds, ctx_patient, findings)
