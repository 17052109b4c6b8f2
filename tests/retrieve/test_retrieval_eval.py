"""Retrieval evaluation on the starter corpus: dense-only, BM25-only and hybrid, hit@1/hit@5/MRR."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.dosing.formulary import Formulary
from cdss.embed import Embedder
from cdss.retrieve import Retriever
from cdss.retrieve.query import QueryExpander
from tests.retrieve.evaluate import evaluate, load_cases

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_retrieval_eval(corpus_store, embedder: Embedder) -> None:  # type: ignore[no-untyped-def]
    cases = load_cases()
    assert len(cases) >= 40
    expander = QueryExpander(Formulary.load(ROOT / "corpora" / "formulary").search_names)
    retriever = Retriever(corpus_store, embedder, expander=expander)
    rows = {mode: evaluate(retriever, cases, mode) for mode in ("dense", "bm25", "hybrid")}
    print(f"\n[retrieval n={len(cases)}]")
    for s in rows.values():
        print(
            f"{s.mode:<7} hit@1 {s.hit1:.3f}  hit@5 {s.hit5:.3f}  MRR {s.mrr:.3f}  misses {s.misses}"
        )
    # measured 0.85 on this set (goal 0.95 not reached with MiniLM; see README "Retrieval quality")
    assert rows["hybrid"].hit5 >= 0.80
    assert rows["hybrid"].mrr >= rows["bm25"].mrr


def test_filters_and_dedup(corpus_store, embedder: Embedder) -> None:  # type: ignore[no-untyped-def]
    r = Retriever(corpus_store, embedder)
    form = r.search("naproxen maximum daily dose", top_k=5, kind="formulary")
    assert form and all(p.kind == "formulary" for p in form)
    only = r.search("sodium correction", top_k=5, doc_ids=["guidelines/hyponatraemia.md"])
    assert only and {p.doc_id for p in only} == {"guidelines/hyponatraemia.md"}
    hits = r.search("sodium correction limit in 24 hours", top_k=8)
    for i, a in enumerate(hits):
        for b in hits[i + 1 :]:
            if a.doc_id == b.doc_id:
                inter = min(a.end, b.end) - max(a.start, b.start)
                assert inter <= 0.5 * min(a.end - a.start, b.end - b.start)


def test_guideline_bonus_lifts_guideline_passages(corpus_store, embedder: Embedder) -> None:  # type: ignore[no-untyped-def]
    q = "is naproxen safe with her kidney function eGFR 28"
    plain = Retriever(corpus_store, embedder).search(q, top_k=10)
    lifted = Retriever(corpus_store, embedder, guideline_bonus=0.5).search(q, top_k=10)

    def first_guideline(hits: list) -> int:  # type: ignore[type-arg]
        return next((i for i, p in enumerate(hits) if p.kind != "formulary"), len(hits))

    assert first_guideline(lifted) <= first_guideline(plain)
    before = {p.chunk_id: p.score for p in plain}
    for p in lifted:
        if p.chunk_id in before:
            assert p.score - before[p.chunk_id] == pytest.approx(
                0.0 if p.kind == "formulary" else 0.5
            )
