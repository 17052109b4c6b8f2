"""deid -> retrieve -> generate -> verify -> check doses -> Answer, with per-stage timings.

Data flows one way through small typed objects. The de-identified note is the
only note text any later stage sees; the pseudonym mapping stays in the
DeidResult the caller holds, and is used only to render the clinician's view.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cdss.errors import Deadline
from cdss.generate.types import GenerationRequest, Generator, ModelInfo, Source
from cdss.generate.verify import Claim, VerifyReport, verify
from cdss.passages import SOURCE_FIELDS
from cdss.retrieve.query import build_query

if TYPE_CHECKING:
    from cdss.config import Config
    from cdss.deid import Deidentifier, DeidResult
    from cdss.dosing import DoseChecker, Finding
    from cdss.images import ImageInput
    from cdss.retrieve import Retriever
    from cdss.retrieve.search import Passage
    from cdss.store import Store

log = logging.getLogger(__name__)
INSUFFICIENT = "The retrieved guideline and formulary evidence does not answer this question."


@dataclass(kw_only=True)
class Answer:
    question: str
    mode: str
    insufficient_evidence: bool
    claims: list[Claim]
    sources: list[Source]
    dose_findings: list[Finding]
    deid_counts: dict[str, int]
    model: ModelInfo
    timings_ms: dict[str, float]
    verification: VerifyReport = field(default_factory=VerifyReport)
    request_id: str = ""
    note_deidentified: str = ""
    retrieved: list[Passage] = field(
        default_factory=list
    )  # ranked candidates (at least the sources); for evaluation
    tokens_generated: int = 0
    image: ImageInput | None = None
    image_reading: str | None = None

    @property
    def text(self) -> str:
        shown = [
            f"{c.text} "
            + " ".join(f"[{s}]" for s in dict.fromkeys(x.source for x in c.citations if x.verified))
            for c in self.claims
            if c.supported
        ]
        return "\n".join(shown) if shown else INSUFFICIENT

    def to_json(self) -> dict[str, Any]:
        v = self.verification
        return {
            "question": self.question,
            "mode": self.mode,
            "insufficient_evidence": self.insufficient_evidence,
            "answer": [c.to_json() for c in self.claims],
            "text": self.text,
            "sources": [s.to_json(SOURCE_FIELDS) for s in self.sources],
            "dose_findings": [f.to_json() for f in self.dose_findings],
            "deid": {"entities": self.deid_counts},
            "model": {
                "backend": self.model.backend,
                "name": self.model.name,
                "prompt_version": self.model.prompt_version,
            },
            "timings_ms": {k: round(t, 1) for k, t in self.timings_ms.items()},
            "verification": {
                "quotes": v.quotes,
                "verified": v.verified,
                "reattributed": v.reattributed,
                "unverified": v.unverified,
                "claims_withheld": v.claims_withheld,
            },
            "image": self._image_json(),
        }

    def _image_json(self) -> dict[str, Any] | None:
        """The image as received (size, format, metadata removed) and the model's reading of it, which is
        labelled as such: no source can verify what a model says it sees."""
        if self.image is None:
            return None
        reading = None
        if self.image_reading:
            reading = {
                "text": self.image_reading,
                "verified": False,
                "label": "the model's reading of the image, not verified against any source",
            }
        out = {**self.image.to_json(), "reading": reading}
        if self.mode == "extractive":
            out["note"] = (
                "the extractive backend does not read images; an LLM backend with a multimodal model does"
            )
        return out


class Pipeline:
    def __init__(
        self,
        deid: Deidentifier,
        retriever: Retriever,
        generator: Generator,
        checker: DoseChecker | None = None,
        *,
        top_k: int = 5,
    ) -> None:
        self.deid, self.retriever, self.generator, self.checker = (
            deid,
            retriever,
            generator,
            checker,
        )
        self.top_k = top_k

    @classmethod
    def from_config(
        cls,
        config: Config,
        store: Store | None = None,
        deid: Deidentifier | None = None,
        checker: DoseChecker | None = None,
    ) -> Pipeline:
        """Builds every stage from settings; already-built stages can be passed in (the web services share them)."""
        from cdss.deid import Deidentifier
        from cdss.dosing import DoseChecker
        from cdss.embed import Embedder
        from cdss.generate import make_generator
        from cdss.retrieve import Retriever
        from cdss.store import open_store

        embedder = Embedder.from_config(config)
        store = store or open_store(config, read_only=True)
        checker = checker or DoseChecker.from_config(config)
        retriever = Retriever.from_config(
            store, embedder, config, synonyms=checker.formulary.search_names
        )
        generator = make_generator(
            config, embedder, checker.formulary.search_names, checker.formulary.other_names
        )
        return cls(
            deid or Deidentifier.from_config(config),
            retriever,
            generator,
            checker,
            top_k=config["retrieve.top_k"],
        )

    def warm_up(self) -> None:
        """Load models before the first request (web workers call this after fork)."""
        self.deid.deidentify("Warm up note for Dr. Example on 01/01/2020.")
        self.retriever.search("warm up", top_k=1)

    def ask(
        self,
        note: str,
        question: str,
        patient: dict[str, Any] | None = None,
        *,
        retrieve_k: int = 0,
        deadline: Deadline | None = None,
        image: ImageInput | None = None,
    ) -> tuple[Answer, DeidResult]:
        """`retrieve_k`: rank at least this many candidates (kept on the Answer) so an evaluation can score hit@10.
        `deadline`: checked after each stage (BudgetExceeded, a 503, when it has passed)."""
        deadline = deadline or Deadline(None)
        rid = uuid.uuid4().hex[:12]
        t: dict[str, float] = {}
        t0 = time.perf_counter()
        deid = self.deid.deidentify(note) if note.strip() else _empty_deid()
        t["deid"] = _ms(t0)
        deadline.check("de-identification")

        t1 = time.perf_counter()
        names = self.checker.vocabulary() if self.checker else []
        query = build_query(question, deid.text, names, self.retriever.expander)
        passages = self.retriever.search(
            query.dense, sparse_query=query.sparse, top_k=max(self.top_k, retrieve_k)
        )
        sources = [p.numbered(i) for i, p in enumerate(passages[: self.top_k], 1)]
        t["retrieve"] = _ms(t1)
        deadline.check("retrieval")

        t2 = time.perf_counter()
        request = GenerationRequest(
            question, deid.text, sources, query.context, query.sparse, image
        )
        draft = self.generator.generate(request) if sources else None
        t["generate"] = _ms(t2)
        deadline.check("generation")

        t3 = time.perf_counter()
        claims, report = verify(draft.claims, sources) if draft else ([], VerifyReport())
        t["verify"] = _ms(t3)

        t4 = time.perf_counter()
        findings: list[Finding] = []
        if self.checker is not None:
            note_check = (
                self.checker.check(deid.text, patient=patient, origin="note", deadline=deadline)
                if note.strip()
                else None
            )
            findings = list(note_check.findings) if note_check else []
            answer_text = "\n".join(c.text for c in claims if c.supported)
            if answer_text:
                ctx = note_check.patient if note_check else None
                seen = {(f.rule, tuple(f.drugs)) for f in findings}
                extra = self.checker.check(
                    answer_text,
                    patient=patient,
                    origin="answer",
                    context=ctx,
                    active_from=note_check.medications if note_check else None,
                ).findings
                findings += [f for f in extra if (f.rule, tuple(f.drugs)) not in seen]
            findings += source_conflicts(
                claims, sources, {(f.rule, tuple(f.drugs)) for f in findings}
            )
        t["check"] = _ms(t4)
        t["total"] = _ms(t0)

        model = draft.model if draft else ModelInfo(getattr(self.generator, "mode", ""), "", "")
        supported = [c for c in claims if c.supported]
        answer = Answer(
            question=question,
            mode=self.generator.mode,
            insufficient_evidence=not supported,
            claims=claims,
            sources=sources,
            dose_findings=findings,
            deid_counts=deid.counts(),
            model=model,
            timings_ms=t,
            verification=report,
            request_id=rid,
            note_deidentified=deid.text,
            retrieved=passages,
            tokens_generated=draft.tokens_generated if draft else 0,
            image=image,
            image_reading=draft.image_reading if draft else None,
        )
        log.info(
            "ask",
            extra={
                "request_id": rid,
                "timings_ms": {k: round(v, 1) for k, v in t.items()},
                "entities": deid.counts(),
                "sources": len(sources),
                "claims": len(claims),
                "supported": len(supported),
                "quotes_unverified": report.unverified,
                "findings": len(findings),
                "parse_error": bool(draft and draft.parse_error),
            },
        )
        return answer, deid


def source_conflicts(
    claims: list[Claim], sources: list[Source], seen: set[tuple[str, tuple[str, ...]]]
) -> list[Finding]:
    """Dose conflicts ingestion found in a quoted passage (a dose many times the formulary maximum), raised on
    the answer that quotes it, whether or not the answer's own wording lets the extractor link drug and dose."""
    from cdss.dosing.rules.base import Finding
    from cdss.dosing.severity import Severity

    by_id = {s.id: s for s in sources}
    out: list[Finding] = []
    for claim in claims:
        if not claim.supported:
            continue
        for cit in claim.citations:
            src = by_id.get(cit.source)
            if src is None:
                continue
            for conflict in (src.screen or {}).get("dose_conflicts", []):
                span = conflict.get("span")
                if (
                    span
                    and cit.start is not None
                    and cit.end is not None
                    and (cit.end - src.start <= span[0] or cit.start - src.start >= span[1])
                ):
                    continue  # the quote is another sentence of the chunk
                key = (str(conflict["rule"]), tuple(conflict["drugs"]))
                if key not in seen:
                    seen.add(key)
                    out.append(
                        Finding(
                            conflict["rule"],
                            Severity.CRITICAL,
                            list(conflict["drugs"]),
                            f"The quoted source contradicts the formulary: {conflict['message']}",
                            None,
                            "answer",
                            conflict["reference"],
                        )
                    )
    return out


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _empty_deid() -> DeidResult:
    from cdss.deid import DeidResult

    return DeidResult("", [], {})
