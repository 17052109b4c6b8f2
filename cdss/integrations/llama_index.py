"""LlamaIndex integration: our store as a retriever, and a query engine that only answers with
verified citations, whatever LLM the team plugs in.

- `CdssRetriever` is a `BaseRetriever` over our hybrid search (dense + BM25 in Qdrant, query
  expansion, near-duplicate removal): nodes carry our payload (doc id, title, section, page, offsets,
  kind) in their metadata and the chunk id as node id.
- `VerifiedQueryEngine` asks the team's LLM (any `llama_index.core.llms.LLM`) through our versioned
  prompts (`LlamaIndexChat` is a `ChatBackend` like our own backends), then runs our quote verifier on
  every citation: a claim whose quote is not found verbatim in the retrieved passage is withheld, and
  its quote never reaches `response`, `source_nodes` or `metadata`. With no verified claim the
  answer is "insufficient evidence".

    from cdss.integrations.llama_index import CdssRetriever, VerifiedQueryEngine
    retriever = CdssRetriever.from_config(load_config())     # the store `cdss ingest` wrote
    engine = VerifiedQueryEngine.build(retriever, llm=Ollama(model="medgemma"))
    print(engine.query("Apixaban dose for AF at 84 years and 58 kg?"))

LlamaIndex is imported only here; nothing else in cdss depends on it.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.llms import LLM, ChatMessage
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from cdss.config import Config
from cdss.generate.llm import ChatBackend
from cdss.generate.prompts import PromptSet
from cdss.generate.types import GenerationRequest
from cdss.generate.verify import Claim, verify
from cdss.images import ImageInput
from cdss.passages import Passage
from cdss.retrieve import Retriever

INSUFFICIENT = "Insufficient evidence in the retrieved sources to answer."
META_FIELDS = ("doc_id", "title", "section", "page", "start", "end", "kind")


def to_node(p: Passage) -> NodeWithScore:
    meta: dict[str, Any] = {k: getattr(p, k) for k in META_FIELDS}
    if p.screen:  # spans ingestion flagged as addressed to a model: never quotable evidence
        meta["screen"] = p.screen
    node = TextNode(
        id_=p.chunk_id,
        text=p.text,
        metadata=meta,
        excluded_llm_metadata_keys=["screen", "start", "end"],
        excluded_embed_metadata_keys=list(meta),
    )
    return NodeWithScore(node=node, score=p.score)


def to_passage(n: NodeWithScore) -> Passage:
    m = n.node.metadata
    return Passage(
        chunk_id=n.node.node_id,
        doc_id=str(m.get("doc_id", "")),
        title=str(m.get("title", "")),
        section=str(m.get("section", "")),
        page=m.get("page"),
        text=n.node.get_content(),
        score=float(n.score or 0.0),
        kind=str(m.get("kind", "guideline")),
        start=int(m.get("start") or 0),
        end=int(m.get("end") or 0),
        screen=m.get("screen"),
    )


class CdssRetriever(BaseRetriever):
    """Our hybrid retrieval as a LlamaIndex retriever."""

    def __init__(self, retriever: Retriever, top_k: int = 5) -> None:
        super().__init__()
        self.retriever, self.top_k = retriever, top_k

    @classmethod
    def from_config(cls, config: Config) -> CdssRetriever:
        """The configured store, opened read-only (ingestion stays `cdss ingest`'s job)."""
        from cdss.embed import Embedder
        from cdss.store import open_store

        store = open_store(config, read_only=True)
        embedder = Embedder.from_config(config)
        return cls(Retriever.from_config(store, embedder, config), config["retrieve.top_k"])

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self.retriever.search(query_bundle.query_str, top_k=self.top_k)
        return [to_node(p) for p in passages]


class LlamaIndexChat(ChatBackend):
    """A ChatBackend over any LlamaIndex LLM, so it gets our prompts and our strict parser. The JSON
    schema is not enforced here (LlamaIndex LLMs differ in how they constrain output); the verifier
    judges whatever comes back."""

    backend = "llama_index"

    def __init__(self, llm: LLM, prompts: PromptSet | None = None) -> None:
        # v2: the model cites sentence ids and the quote is rendered from the source (verbatim by
        # construction); the verifier still checks every quote, for v1 (free quotes) too
        super().__init__(type(llm).__name__, prompts or PromptSet.load("v2"))
        self.llm = llm

    def chat(
        self,
        system: str,
        user: str,
        schema: dict[str, Any] | None = None,
        image: ImageInput | None = None,
    ) -> tuple[str, int]:
        reply = self.llm.chat(
            [ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)]
        )
        text = reply.message.content or ""
        return text, len(text.split())


class VerifiedQueryEngine(CustomQueryEngine):
    """Retrieve, ask the LLM, verify every quote; only verified claims are returned."""

    retriever: Any
    backend: Any

    @classmethod
    def build(
        cls, retriever: BaseRetriever, llm: LLM, prompts: PromptSet | None = None
    ) -> VerifiedQueryEngine:
        return cls(retriever=retriever, backend=LlamaIndexChat(llm, prompts))

    def custom_query(self, query_str: str) -> Response:
        nodes: list[NodeWithScore] = self.retriever.retrieve(query_str)
        sources = [to_passage(n).numbered(i) for i, n in enumerate(nodes, 1)]
        by_label = {s.id: n for s, n in zip(sources, nodes, strict=True)}
        request = GenerationRequest(question=query_str, note="", sources=sources)
        draft = self.backend.generate(request) if sources else None
        claims, report = verify(draft.claims, sources) if draft else ([], None)
        shown: list[Claim] = [c for c in claims if c.supported]
        cited = [c.source for claim in shown for c in claim.citations if c.verified]
        text = (
            "\n".join(
                claim.text
                + " "
                + " ".join(f'[{c.source}: "{c.quote}"]' for c in claim.citations if c.verified)
                for claim in shown
            )
            or INSUFFICIENT
        )
        return Response(
            response=text,
            source_nodes=[by_label[label] for label in dict.fromkeys(cited)],
            metadata={
                "claims": [claim.to_json() for claim in shown],
                "withheld": len(claims) - len(shown),
                "insufficient_evidence": not shown,
                "quotes_unverified": report.unverified if report else 0,
                "parse_error": draft.parse_error if draft else None,
            },
        )
