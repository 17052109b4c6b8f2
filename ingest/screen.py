"""Screening documents as they are ingested: text addressed to a model, and doses that contradict the formulary.

Both are properties of the document, not of a question, so they are found once here and stored with each
chunk (`payload["screen"]`), and `cdss ingest` reports them so informatics staff can fix the source:

- `instructions`: spans of sentences addressed to a model (`cdss.generate.injection`); the request side
  never offers them as evidence nor puts them in a prompt;
- `dose_conflicts`: critical dose findings the formulary raises on the chunk's own text read as guideline
  prose, where the dose is at least `ratio` (3) times a formulary maximum (a 10-fold slip, a planted
  "apixaban 100 mg", an opioid-naive start far above the usual), or a weekly drug is written daily. Less
  than that is often an indication-specific dose the formulary does not know (salbutamol 20 mg nebulised in
  hyperkalaemia), and repeat intervals ("every 5 minutes until...") are not daily counts. An answer that
  quotes such a chunk carries the finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cdss.dosing import DoseChecker
from cdss.dosing.severity import Severity
from cdss.generate.injection import InjectionDetector
from cdss.text import sentence_spans

CONFLICT_RULES = ("max_single_dose", "max_daily_dose", "weight_based", "opioid", "frequency")


@dataclass
class Flagged:
    doc_id: str
    kind: str  # "instructions" | "dose_conflict"
    count: int
    detail: str = ""  # for dose conflicts: the finding's message (formulary words and numbers, no patient text)


@dataclass
class ChunkScreen:
    instructions: list[tuple[int, int]] = field(default_factory=list)
    dose_conflicts: list[dict[str, Any]] = field(default_factory=list)

    def to_payload(self) -> dict[str, Any]:
        return {
            "instructions": [list(s) for s in self.instructions],
            "dose_conflicts": self.dose_conflicts,
        }


def fold_ratio(message: str) -> float | None:
    """How many times the limit a finding's message states ("... 1,000 mg/day exceeds the adult maximum of 10 mg")."""
    nums = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", message)]
    m = re.search(r"(?:exceeds|above)[^\d]*(\d[\d,]*(?:\.\d+)?)", message)
    if not m or not nums:
        return None
    limit = float(m.group(1).replace(",", ""))
    before = [
        float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", message[: m.start()])
    ]
    value = max(before) if before else None
    return value / limit if value and limit else None


class Screen:
    def __init__(
        self, detector: InjectionDetector, checker: DoseChecker | None, *, ratio: float = 3.0
    ) -> None:
        self.detector, self.checker, self.ratio = detector, checker, ratio

    def chunks(self, items: list[tuple[str, str]]) -> list[ChunkScreen]:
        """Screens for (text, kind) pairs; every sentence of the batch is judged in one embedding call."""
        spans = [sentence_spans(text) for text, _ in items]
        verdicts = iter(
            self.detector.judge(
                [text[a:b] for (text, _), ss in zip(items, spans, strict=True) for a, b in ss]
            )
        )
        out = []
        for (text, kind), ss in zip(items, spans, strict=True):
            screen = ChunkScreen([(a, b) for a, b in ss if next(verdicts).flagged])
            if self.checker is not None and kind != "formulary":
                screen.dose_conflicts = self._conflicts(text)
            out.append(screen)
        return out

    def _conflicts(self, text: str) -> list[dict[str, Any]]:
        assert self.checker is not None
        found = []
        for f in self.checker.check(text, origin="answer").findings:
            if f.rule in CONFLICT_RULES and f.severity == Severity.CRITICAL:
                ratio = fold_ratio(f.message)
                weekly = f.rule == "frequency" and "once-weekly" in f.message
                if not weekly and (ratio is None or ratio < self.ratio):
                    continue  # a repeat interval, or an indication-specific dose a little above the formulary
                found.append(
                    {
                        "rule": f.rule,
                        "severity": "critical",
                        "drugs": list(f.drugs),
                        "message": f.message,
                        "reference": f.reference,
                        "ratio": round(ratio, 1) if ratio else None,
                        "span": list(f.span) if f.span else None,
                    }
                )
        return found
