"""The per-note audit: a pure function of (note record, checker, de-identifier).

Nothing identifying leaves it: a NoteResult carries the note id, entity
counts, and findings with a short snippet of the DE-IDENTIFIED text. Because
it is pure, the same function maps onto Ray Data (`map_batches` with an
actor that builds the models once) or Spark (`mapPartitions`) unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cdss.audit.inputs import NoteRecord
from cdss.config import Config
from cdss.deid import Deidentifier
from cdss.dosing import DoseChecker
from cdss.errors import CdssError

if TYPE_CHECKING:
    from cdss.pipeline import Pipeline

SNIPPET = 70


@dataclass
class AuditFinding:
    note_id: str
    rule: str
    severity: str
    drugs: list[str]
    message: str
    origin: str
    reference: str
    snippet: str
    highlight: tuple[int, int] | None  # offsets of the flagged statement inside `snippet`

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["highlight"] = list(self.highlight) if self.highlight else None
        return d


@dataclass
class NoteResult:
    note_id: str
    ok: bool
    findings: list[AuditFinding] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    medications: int = 0
    error: str | None = None
    error_code: str | None = None
    llm: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["findings"] = [f.to_json() for f in self.findings]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NoteResult:
        """Back from a Ray batch or any other process boundary that carries JSON."""
        findings = [
            AuditFinding(**{**f, "highlight": tuple(f["highlight"]) if f["highlight"] else None})
            for f in d["findings"]
        ]
        return cls(**{**d, "findings": findings})


def _snippet(text: str, span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """The line holding the flagged statement (cut at whitespace when long), with its offsets inside the snippet."""
    if not span:
        return "", None
    s, e = span
    a = text.rfind("\n", 0, s) + 1
    if s - a > 2 * SNIPPET:
        a = text.rfind(" ", 0, s - SNIPPET) + 1
    b = text.find("\n", e)
    b = len(text) if b < 0 else b
    if b - e > 2 * SNIPPET:
        cut = text.find(" ", e + SNIPPET)
        b = cut if 0 <= cut < b else b
    return text[a:b], (s - a, e - a)


def audit_note(record: NoteRecord, deid: Deidentifier, checker: DoseChecker) -> NoteResult:
    """De-identify, read patient context and medications, apply the dose rules."""
    try:
        if not record.text.strip() and not record.orders:
            raise CdssError("empty note", code="empty_text")
        result = deid.deidentify(record.text) if record.text.strip() else None
        clean = result.text if result else ""
        orders = "\n".join(record.orders)
        text = clean + ("\n\nORDERS:\n" + orders if orders else "")
        report = checker.check(text, patient=record.patient)
    except CdssError as exc:
        return NoteResult(record.id, False, error=exc.message, error_code=exc.code)
    findings = []
    for f in report.findings:
        snippet, hl = _snippet(text, f.span)
        findings.append(
            AuditFinding(
                record.id,
                f.rule,
                f.severity,
                f.drugs,
                f.message,
                "order" if f.span and f.span[0] > len(clean) and orders else f.origin,
                f.reference,
                snippet,
                hl,
            )
        )
    return NoteResult(
        record.id, True, findings, result.counts() if result else {}, len(report.medications)
    )


LLM_QUESTION = "Is this patient's medication plan consistent with the guidelines?"


class NoteAuditor:
    """The per-note audit with its models built once: what a pool process, a Ray actor or the
    in-process loop holds. With `with_llm`, the pipeline reads the store read-only, so any number of
    auditors (processes or Ray actors on one machine) share one embedded store."""

    def __init__(self, config: Config, *, with_llm: bool = False) -> None:
        self.deid = Deidentifier.from_config(config)
        self.checker = DoseChecker.from_config(config)
        self.pipeline: Pipeline | None = None
        if with_llm:
            from cdss.pipeline import Pipeline

            self.pipeline = Pipeline.from_config(config, deid=self.deid, checker=self.checker)

    def __call__(self, record: NoteRecord) -> NoteResult:
        res = audit_note(record, self.deid, self.checker)
        if self.pipeline is not None and res.ok and record.text.strip():
            answer, _ = self.pipeline.ask(record.text, LLM_QUESTION, record.patient)
            data = answer.to_json()
            res.llm = {
                "mode": data["mode"],
                "text": data["text"],
                "insufficient_evidence": data["insufficient_evidence"],
                "citations": [c for a in data["answer"] if a["supported"] for c in a["citations"]],
            }
        return res

    def close(self) -> None:
        if self.pipeline is not None:
            self.pipeline.retriever.store.close()


# ---- process-pool plumbing: each worker builds its auditor once ----
_STATE: dict[str, NoteAuditor] = {}


def init_worker(config_overrides: dict[str, Any], config_path: str | None, with_llm: bool) -> None:
    from cdss.config import load_config

    _STATE["auditor"] = NoteAuditor(
        load_config(config_path, overrides=config_overrides), with_llm=with_llm
    )


def worker_audit(record: NoteRecord) -> NoteResult:
    return _STATE["auditor"](record)
