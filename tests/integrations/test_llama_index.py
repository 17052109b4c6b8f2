"""LlamaIndex on our embedded store with a scripted LlamaIndex LLM: nodes carry our payload, and an
invented quote never reaches the response."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from llama_index.core.llms import (
    ChatMessage,
    CompletionResponse,
    CustomLLM,
    LLMMetadata,
)
from llama_index.core.llms.callbacks import llm_completion_callback

from cdss.embed import Embedder
from cdss.generate.prompts import PromptSet
from cdss.integrations.llama_index import INSUFFICIENT, CdssRetriever, VerifiedQueryEngine
from cdss.retrieve import Retriever
from cdss.store.edge import EdgeStore
from ingest.runner import Ingestor
from tests.ingest.fixtures import build_corpus

pytestmark = pytest.mark.integration
REAL = "Recheck potassium within 4 hours after IV replacement."
INVENTED = "Potassium never needs to be rechecked after IV replacement."


class ScriptedLLM(CustomLLM):
    """Replays replies in order, and records the prompts it was given."""

    replies: list[str]
    prompts: list[str] = []

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="scripted")

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        self.prompts.append(prompt)
        return CompletionResponse(
            text=self.replies[min(len(self.prompts) - 1, len(self.replies) - 1)]
        )

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> Iterator[CompletionResponse]:
        yield self.complete(prompt)

    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> Any:
        from llama_index.core.llms import ChatResponse

        text = self.complete("\n\n".join(str(m.content) for m in messages)).text
        return ChatResponse(message=ChatMessage(role="assistant", content=text))


@pytest.fixture(scope="module")
def retriever(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[CdssRetriever]:
    store = EdgeStore(tmp_path_factory.mktemp("li-store"), "li")
    Ingestor(store, embedder).run([build_corpus(tmp_path_factory.mktemp("li-corpus"))])
    yield CdssRetriever(Retriever(store, embedder), top_k=3)
    store.close()


def test_retriever_returns_nodes_with_our_payload(retriever: CdssRetriever) -> None:
    nodes = retriever.retrieve("how soon to recheck potassium after IV replacement")
    top = nodes[0]
    assert REAL in top.node.get_content()
    meta = top.node.metadata
    assert meta["doc_id"] == "notes.txt" and meta["kind"] == "guideline"
    assert meta["end"] > meta["start"] >= 0 and "page" in meta and "section" in meta
    assert top.node.node_id and top.score is not None
    pdf = retriever.retrieve("colchicine dose for a gout flare")[0]
    assert pdf.node.metadata["doc_id"] == "gout.pdf" and pdf.node.metadata["page"] == 1


def test_invented_quote_never_reaches_the_response(retriever: CdssRetriever) -> None:
    reply = {
        "insufficient_evidence": False,
        "answer": [
            {"claim": "Recheck within 4 hours.", "citations": [{"source": "S1", "quote": REAL}]},
            {"claim": "No recheck is needed.", "citations": [{"source": "S1", "quote": INVENTED}]},
        ],
    }
    llm = ScriptedLLM(replies=[json.dumps(reply)])
    engine = VerifiedQueryEngine.build(retriever, llm, PromptSet.load("v1"))
    response = engine.query("When should potassium be rechecked after IV replacement?")
    everything = (
        str(response)
        + json.dumps(response.metadata)
        + "".join(n.node.get_content() for n in response.source_nodes)
    )
    assert REAL.rstrip(".") in str(response) and "Recheck within 4 hours." in str(response)
    assert INVENTED not in everything and "No recheck is needed." not in everything
    assert response.metadata["withheld"] == 1 and response.metadata["quotes_unverified"] == 1
    assert [n.node.metadata["doc_id"] for n in response.source_nodes] == ["notes.txt"]
    assert "S1" in llm.prompts[0] and "potassium" in llm.prompts[0].lower()


def test_sentence_id_prompts_render_quotes_from_the_source(retriever: CdssRetriever) -> None:
    # v2: the model cites sentence ids; an id that was never shown is unverifiable and withheld
    probe = VerifiedQueryEngine.build(retriever, ScriptedLLM(replies=["{}"]))
    probe.query("When should potassium be rechecked after IV replacement?")
    shown = probe.backend.llm.prompts[0]
    sid = next(
        line.split("]")[0].strip("[")
        for line in shown.splitlines()
        if line.startswith("[S") and "Recheck potassium" in line
    )
    reply = {
        "insufficient_evidence": False,
        "answer": [
            {"claim": "Recheck within 4 hours.", "cite": [sid]},
            {"claim": "Never recheck.", "cite": ["S9.9"]},
        ],
    }
    engine = VerifiedQueryEngine.build(retriever, ScriptedLLM(replies=[json.dumps(reply)]))
    response = engine.query("When should potassium be rechecked after IV replacement?")
    assert REAL.rstrip(".") in str(response) and "Never recheck." not in str(response)
    assert response.metadata["withheld"] == 1


def test_no_verified_claim_is_insufficient_evidence(retriever: CdssRetriever) -> None:
    reply = {
        "insufficient_evidence": False,
        "answer": [{"claim": "Made up.", "citations": [{"source": "S2", "quote": INVENTED}]}],
    }
    engine = VerifiedQueryEngine.build(
        retriever, ScriptedLLM(replies=[json.dumps(reply)]), PromptSet.load("v1")
    )
    response = engine.query("potassium recheck timing")
    assert str(response) == INSUFFICIENT and not response.source_nodes
    assert response.metadata["insufficient_evidence"] and "Made up." not in json.dumps(
        response.metadata
    )
    garbage = VerifiedQueryEngine.build(retriever, ScriptedLLM(replies=["not json at all"]))
    out = garbage.query("potassium recheck timing")
    assert str(out) == INSUFFICIENT and out.metadata["parse_error"]


def test_from_config_opens_the_store_read_only(tmp_path: Path) -> None:
    from cdss.config import load_config
    from cdss.errors import StoreReadOnlyError

    r = CdssRetriever.from_config(load_config(overrides={"store.path": str(tmp_path)}))
    with pytest.raises(StoreReadOnlyError):
        r.retriever.store.delete_doc("x")
    assert r.retrieve("anything") == []
    r.retriever.store.close()
