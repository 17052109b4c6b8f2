"""Run every question through the real pipeline and score what the clinician would see.

A retrieval hit is a ranked passage from the gold document that contains the
gold phrase (after the quote verifier's normalisation), so the right document
but the wrong section does not count. An answer hit is stricter: the phrase
lies inside a quote that is verified and shown (its claim is supported).
Notes are de-identified by the pipeline and never written to the results.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cdss.evaluation.questions import EvalQuestion
from cdss.generate.verify import normalise

if TYPE_CHECKING:
    from cdss.pipeline import Answer, Pipeline

RANK_DEPTH = 10
METRICS = (
    "hit@1",
    "hit@5",
    "hit@10",
    "mrr",
    "doc_hit@5",
    "answer_hit",
    "answered_answerable",
    "abstained_unanswerable",
    "quotes_verified",
)


def _norm(text: str) -> str:
    """The verifier's normalisation, lower case, without the closing punctuation quotes are cleaned of."""
    return normalise(text).lower().strip().rstrip(".;,:").strip()


@dataclass
class QuestionResult:
    id: str
    question: str
    has_note: bool
    unanswerable: bool
    gold_doc: str
    gold_phrase: str
    rank: (
        int | None
    )  # 1-based rank of the first passage holding the gold phrase, None if not in the top RANK_DEPTH
    doc_rank: int | None  # rank of the first passage from the gold document
    in_sources: bool  # the gold passage was among the sources given to the generator
    answer_hit: bool
    abstained: bool
    claims: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    verification: dict[str, int]
    withheld_reasons: list[str]
    dose_findings: list[dict[str, str]]
    timings_ms: dict[str, float]
    tokens_generated: int
    model: dict[str, str]
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EvalRun:
    results: list[QuestionResult]
    summary: dict[str, Any] = field(default_factory=dict)


def score_answer(q: EvalQuestion, answer: Answer) -> QuestionResult:
    phrase = _norm(q.gold_phrase)
    rank = doc_rank = None
    for i, p in enumerate(answer.retrieved[:RANK_DEPTH], 1):
        if not q.unanswerable and p.doc_id == q.gold_doc:
            doc_rank = doc_rank or i
            if rank is None and phrase in _norm(p.text):
                rank = i
    shown = [c for c in answer.claims if c.supported]
    quotes = [cit for c in shown for cit in c.citations if cit.verified]
    # the phrase is the fact asked for: shown from another document that states it verbatim, it still answers
    hit = bool(phrase) and any(phrase in _norm(cit.quote) for cit in quotes)
    v = answer.verification
    return QuestionResult(
        id=q.id,
        question=q.question,
        has_note=bool(q.note.strip()),
        unanswerable=q.unanswerable,
        gold_doc=q.gold_doc,
        gold_phrase=q.gold_phrase,
        rank=rank,
        doc_rank=doc_rank,
        in_sources=rank is not None and rank <= len(answer.sources),
        answer_hit=hit,
        abstained=answer.insufficient_evidence,
        claims=[c.to_json() for c in answer.claims],
        sources=[
            {"id": s.id, "doc_id": s.doc_id, "section": s.section, "text": s.text}
            for s in answer.sources
        ],
        verification={
            "quotes": v.quotes,
            "verified": v.verified,
            "reattributed": v.reattributed,
            "unverified": v.unverified,
            "claims_withheld": v.claims_withheld,
        },
        withheld_reasons=[
            c.reason.split(":")[0] for c in answer.claims if not c.supported and c.reason
        ],
        # findings on the answer only: the note's own findings describe the note, not the answer
        dose_findings=[
            {"rule": f.rule, "severity": str(f.severity), "message": f.message}
            for f in answer.dose_findings
            if f.origin == "answer"
        ],
        timings_ms={k: round(t, 2) for k, t in answer.timings_ms.items()},
        tokens_generated=answer.tokens_generated,
        model={
            "backend": answer.model.backend,
            "name": answer.model.name,
            "prompt_version": answer.model.prompt_version,
        },
    )


def _failed(q: EvalQuestion, exc: Exception) -> QuestionResult:
    return QuestionResult(
        q.id,
        q.question,
        bool(q.note.strip()),
        q.unanswerable,
        q.gold_doc,
        q.gold_phrase,
        None,
        None,
        False,
        False,
        False,
        [],
        [],
        {},
        [],
        [],
        {},
        0,
        {},
        error=f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}",
    )


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def summarise(results: list[QuestionResult], wall_seconds: float = 0.0) -> dict[str, Any]:
    ok = [r for r in results if r.error is None]
    ans = [r for r in ok if not r.unanswerable]
    una = [r for r in ok if r.unanswerable]
    n = len(ans)

    def rate(xs: Iterable[bool], d: int) -> float | None:
        return round(sum(xs) / d, 4) if d else None  # None: no question of that kind, so no figure

    quotes = Counter[str]()
    for r in ok:
        quotes.update(r.verification)
    stages: dict[str, list[float]] = {}
    for r in ok:
        for k, t in r.timings_ms.items():
            stages.setdefault(k, []).append(t)
    gen_s = sum(r.timings_ms.get("generate", 0.0) for r in ok) / 1000
    tokens = sum(r.tokens_generated for r in ok)
    metrics = {
        "hit@1": rate((r.rank == 1 for r in ans), n),
        "hit@5": rate((r.rank is not None and r.rank <= 5 for r in ans), n),
        "hit@10": rate((r.rank is not None for r in ans), n),
        "mrr": round(sum(1 / r.rank for r in ans if r.rank) / n, 4) if ans else None,
        "doc_hit@5": rate((r.doc_rank is not None and r.doc_rank <= 5 for r in ans), n),
        "answer_hit": rate((r.answer_hit for r in ans), n),
        "answered_answerable": rate((not r.abstained for r in ans), n),
        "abstained_unanswerable": rate((r.abstained for r in una), len(una)),
        "quotes_verified": rate([True] * quotes["verified"], quotes["quotes"]),
    }
    return {
        "questions": len(results),
        "answerable": len(ans),
        "unanswerable": len(una),
        "errors": len(results) - len(ok),
        "backend": next((r.model for r in ok if r.model), {}),
        "metrics": metrics,
        "quotes": {
            k: quotes[k]
            for k in ("quotes", "verified", "reattributed", "unverified", "claims_withheld")
        },
        "withheld_reasons": dict(Counter(x for r in ok for x in r.withheld_reasons).most_common()),
        "dose_findings_on_answers": dict(
            Counter(f["severity"] for r in ok for f in r.dose_findings)
        ),
        "latency_ms": {
            k: {"p50": round(_pct(v, 50), 1), "p95": round(_pct(v, 95), 1)}
            for k, v in stages.items()
        },
        "tokens_per_second": round(tokens / gen_s, 2) if tokens and gen_s else None,
        "wall_seconds": round(wall_seconds, 1),
    }


def run_eval(
    pipeline: Pipeline,
    questions: list[EvalQuestion],
    progress: Callable[[int, int], None] | None = None,
) -> EvalRun:
    """Questions run one at a time so per-stage latency is what one clinician would wait."""
    t0 = time.perf_counter()
    results: list[QuestionResult] = []
    for i, q in enumerate(questions, 1):
        try:
            answer, _ = pipeline.ask(
                q.note, q.question, patient=q.patient or None, retrieve_k=RANK_DEPTH
            )
            results.append(score_answer(q, answer))
        except (
            Exception
        ) as exc:  # one bad question must not hide the other answers; it is counted as an error
            results.append(_failed(q, exc))
        if progress:
            progress(i, len(questions))
    return EvalRun(results, summarise(results, time.perf_counter() - t0))


def check_thresholds(summary: dict[str, Any], fail_under: dict[str, float]) -> list[str]:
    """Metrics below their floor, as readable lines (empty when the gate passes)."""
    metrics = summary["metrics"]
    out = []
    for k, v in fail_under.items():
        if metrics[k] is None:
            out.append(
                f"{k} has no value (the questions file has no question it applies to), so it cannot pass {v:.3f}"
            )
        elif metrics[k] < v:
            out.append(f"{k} = {metrics[k]:.3f} is below {v:.3f}")
    return out


def compare(summary: dict[str, Any], baseline: dict[str, Any], tolerance: float) -> list[str]:
    """Metrics that dropped by more than `tolerance` against a golden summary.json."""
    old = baseline.get("metrics", {})
    return [
        f"{k} fell from {old[k]:.3f} to {v if v is not None else 'nothing'}"
        for k, v in summary["metrics"].items()
        if isinstance(old.get(k), (int, float)) and (v is None or v < old[k] - tolerance)
    ]
