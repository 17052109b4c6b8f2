"""Congruence, as qdrant-client tests its local mode against the server: the same ingestion and the same
queries on both engines (qdrant-edge embedded, qdrant-client in memory) give the same ranked chunks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cdss.embed import Embedder
from cdss.retrieve import Retriever
from cdss.store.edge import EdgeStore
from cdss.store.server import QdrantStore
from ingest.runner import Ingestor

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
DOCS = ("hyponatraemia.md", "acute-kidney-injury.md", "anticoagulant-reversal.md", "sepsis.md")
QUERIES = [
    "how fast can sodium be corrected in chronic hyponatraemia",
    "reversal of apixaban before surgery",
    "stop metformin in acute kidney injury",
    "antibiotics within one hour in septic shock",
    "idarucizumab dose",
    "fluid bolus volume in sepsis",
    "nephrotoxic drugs to hold in AKI",
    "desmopressin when sodium rises too fast",
]


def test_edge_and_server_rank_the_same_chunks(tmp_path: Path, embedder: Embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in DOCS:
        shutil.copy(ROOT / "corpora" / "guidelines" / name, corpus / name)
    edge, server = EdgeStore(tmp_path / "edge", "c"), QdrantStore(":memory:", "c")
    try:
        reports = [Ingestor(s, embedder).run([corpus]) for s in (edge, server)]
        assert reports[0].chunks_added == reports[1].chunks_added > 20
        for mode in ("hybrid", "dense", "bm25"):
            for q in QUERIES:
                a = [p.chunk_id for p in Retriever(edge, embedder).search(q, top_k=5, mode=mode)]
                b = [p.chunk_id for p in Retriever(server, embedder).search(q, top_k=5, mode=mode)]
                assert a == b, (mode, q)
    finally:
        edge.close()
        server.close()
