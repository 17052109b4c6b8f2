"""Hybrid search: dense (MiniLM) and BM25 prefetches fused inside Qdrant.

Overlapping chunks of the same document (sentence overlap at chunk edges)
would otherwise fill the top-k with near-copies; we keep the better-ranked one.
"""

from __future__ import annotations

from cdss.config import Config
from cdss.embed import Embedder
from cdss.passages import Passage
from cdss.retrieve.intent import section_lift
from cdss.retrieve.query import QueryExpander
from cdss.store import SearchFilter, Store

MODES = ("hybrid", "dense", "bm25")


def _overlap(a: Passage, b: Passage) -> float:
    if a.doc_id != b.doc_id:
        return 0.0
    inter = min(a.end, b.end) - max(a.start, b.start)
    return max(0, inter) / max(1, min(a.end - a.start, b.end - b.start))


class Retriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        *,
        prefetch: int = 40,
        fusion: str = "dbsf",
        expander: QueryExpander | None = None,
        max_per_doc: int = 0,
        guideline_bonus: float = 0.0,
        section_bonus: float = 0.0,
    ) -> None:
        self.store, self.embedder = store, embedder
        self.guideline_bonus = guideline_bonus
        self.section_bonus = section_bonus
        self.prefetch, self.fusion = prefetch, fusion
        self.expander = expander
        self.max_per_doc = max_per_doc

    @classmethod
    def from_config(
        cls,
        store: Store,
        embedder: Embedder,
        config: Config,
        synonyms: dict[str, str] | None = None,
    ) -> Retriever:
        """`synonyms`: the formulary's, when the caller already loaded it (the pipeline does)."""
        expander = None
        if config["retrieve.expand"]:
            if synonyms is None:
                from cdss.dosing.formulary import Formulary
                from cdss.errors import FormularyError

                try:
                    synonyms = Formulary.load(
                        config.resolve_path("dosing.formulary_dir")
                    ).search_names
                except FormularyError:
                    synonyms = {}
            expander = QueryExpander(synonyms)
        return cls(
            store,
            embedder,
            prefetch=config["retrieve.prefetch"],
            fusion=config["retrieve.fusion"],
            expander=expander,
            max_per_doc=config["retrieve.max_per_doc"],
            guideline_bonus=config["retrieve.guideline_bonus"],
            section_bonus=config["retrieve.section_bonus"],
        )

    def search(
        self,
        query: str,
        *,
        top_k: int = 5,
        kind: str | None = None,
        doc_ids: list[str] | None = None,
        mode: str = "hybrid",
        sparse_query: str | None = None,
        max_per_doc: int | None = None,
    ) -> list[Passage]:
        """`query` is embedded densely; `sparse_query` (default: the same text) feeds BM25. The first
        `top_k` results hold at most `max_per_doc` passages per document (default: the retriever's); passages
        over the cap follow after them, in rank order, so a caller asking for more still sees them."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        asked = query
        if self.expander is not None and sparse_query is None:
            query = sparse_query = self.expander.expand(query)
        dense = self.embedder.dense_one(query) if mode in ("hybrid", "dense") else None
        sparse = (
            self.embedder.sparse_query(sparse_query or query)
            if mode in ("hybrid", "bm25")
            else None
        )
        cap = self.max_per_doc if max_per_doc is None else max_per_doc
        hits = self.store.query(
            dense=dense,
            sparse=sparse,
            limit=top_k * 4,
            prefetch=max(self.prefetch, top_k * 4),
            flt=SearchFilter(kind=kind, doc_ids=doc_ids),
            fusion=self.fusion,
        )
        out: list[Passage] = []
        for h in hits:
            p = h.payload
            cand = Passage(
                chunk_id=h.chunk_id,
                doc_id=p.get("doc_id", ""),
                title=p.get("title", ""),
                section=p.get("section", ""),
                page=p.get("page"),
                text=p.get("text", ""),
                score=h.score,
                kind=p.get("kind", ""),
                start=int(p.get("start", 0)),
                end=int(p.get("end", 0)),
                screen=p.get("screen"),
            )
            if any(_overlap(cand, kept) > 0.5 or cand.text == kept.text for kept in out):
                continue
            out.append(cand)
        if self.guideline_bonus and self.fusion == "dbsf":
            # formulary entries match on their titles and drug names and outrank the guideline passage that
            # answers the question; a fixed lift on the fused score of non-formulary passages rebalances that
            for kept in out:
                if kept.kind != "formulary":
                    kept.score += self.guideline_bonus
            out.sort(key=lambda x: -x.score)
        if self.section_bonus and self.fusion == "dbsf":
            # "CrCl 40 - how often?": the entry's renal section, not its overview, answers
            for kept in out:
                kept.score += section_lift(asked, kept.section, self.section_bonus)
            out.sort(key=lambda x: -x.score)
        if cap > 0 and not doc_ids:
            per_doc: dict[str, int] = {}
            first: list[Passage] = []
            rest: list[Passage] = []
            for kept in out:
                per_doc[kept.doc_id] = per_doc.get(kept.doc_id, 0) + 1
                (first if per_doc[kept.doc_id] <= cap or kept.kind != "formulary" else rest).append(
                    kept
                )
            out = first + rest
        return out[:top_k]

    def dense_similarity(self, query: str, texts: list[str]) -> list[float]:
        """Cosine similarity of the query to each text (vectors are normalised)."""
        q = self.embedder.dense_one(query)
        return [sum(a * b for a, b in zip(q, v, strict=True)) for v in self.embedder.dense(texts)]
