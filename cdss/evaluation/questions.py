"""The questions file: one JSON object per line, validated up front so a typo fails before a long run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdss.errors import UsageError

FIELDS = {"id", "question", "note", "gold_doc", "gold_phrase", "unanswerable", "patient"}


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    note: str = ""
    gold_doc: str = ""
    gold_phrase: str = ""
    unanswerable: bool = False
    patient: dict[str, Any] = field(default_factory=dict)


def _parse(obj: Any, where: str) -> EvalQuestion:
    if not isinstance(obj, dict):
        raise UsageError(f"{where}: each line must be a JSON object with id and question")
    unknown = set(obj) - FIELDS
    if unknown:
        raise UsageError(
            f"{where}: unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(FIELDS))}"
        )
    qid, question = obj.get("id"), obj.get("question")
    if not isinstance(qid, str) or not qid or not isinstance(question, str) or not question.strip():
        raise UsageError(f"{where}: 'id' and 'question' must be non-empty strings")
    unanswerable = bool(obj.get("unanswerable", False))
    gold_doc, gold_phrase = obj.get("gold_doc") or "", obj.get("gold_phrase") or ""
    if not unanswerable and not (
        isinstance(gold_doc, str) and gold_doc and isinstance(gold_phrase, str) and gold_phrase
    ):
        raise UsageError(
            f"{where} ({qid}): an answerable question needs gold_doc and gold_phrase; "
            'mark questions the corpus cannot answer with "unanswerable": true'
        )
    patient = obj.get("patient") or {}
    if not isinstance(patient, dict):
        raise UsageError(
            f"{where} ({qid}): 'patient' must be an object such as {{\"weight_kg\": 70}}"
        )
    return EvalQuestion(
        qid, question, str(obj.get("note") or ""), gold_doc, gold_phrase, unanswerable, patient
    )


def load_questions(path: Path) -> list[EvalQuestion]:
    from cdss.cli_io import iter_jsonl

    out: list[EvalQuestion] = []
    seen: set[str] = set()
    try:
        for n, obj, err in iter_jsonl(str(path)):
            if err:
                raise UsageError(f"{path}: {err}")
            q = _parse(obj, f"{path}:{n}")
            if q.id in seen:
                raise UsageError(f"{path}:{n}: duplicate id {q.id!r}; ids must be unique")
            seen.add(q.id)
            out.append(q)
    except OSError as exc:
        raise UsageError(
            f"cannot read questions file {path} ({exc.strerror}); pass a JSONL file"
        ) from exc
    if not out:
        raise UsageError(f"{path} holds no questions; write one JSON object per line")
    return out
