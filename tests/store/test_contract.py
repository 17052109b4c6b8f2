"""One contract, two engines: qdrant-edge (embedded) and qdrant-client (:memory:)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cdss.embed import Embedder
from cdss.errors import StoreLockedError
from cdss.store import PointRecord, SearchFilter, Store, point_id

pytestmark = pytest.mark.integration

DOCS = {
    "a.md": (
        "guideline",
        [
            "Apixaban 2.5 mg twice daily is used when two of age 80, weight 60 kg or creatinine 1.5 apply.",
            "Warfarin reversal uses vitamin K and prothrombin complex concentrate.",
        ],
    ),
    "b.md": (
        "guideline",
        ["Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min."],
    ),
    "f.yaml": ("formulary", ["Naproxen adult maximum is 1500 mg per day."]),
}


def fill(store: Store, embedder: Embedder, live: bool = True) -> None:
    records = []
    for doc_id, (kind, texts) in DOCS.items():
        for i, t in enumerate(texts):
            pid = point_id(doc_id, "h1", i, str(hash(t)))
            records.append(
                PointRecord(
                    pid,
                    embedder.dense_one(t),
                    embedder.sparse_doc(t),
                    {
                        "chunk_id": pid,
                        "doc_id": doc_id,
                        "kind": kind,
                        "text": t,
                        "doc_hash": "h1",
                        "content_hash": str(hash(t)),
                        "live": int(live),
                        "start": 0,
                        "end": len(t),
                    },
                )
            )
    store.upsert(records)


def test_point_ids_are_deterministic() -> None:
    assert point_id("a", "h", 0, "c") == point_id("a", "h", 0, "c") != point_id("a", "h", 1, "c")


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_search_modes_rank_the_relevant_chunk_first(
    store: Store, embedder: Embedder, mode: str
) -> None:
    fill(store, embedder)
    q = "which antibiotic to avoid at low creatinine clearance nitrofurantoin"
    dense = embedder.dense_one(q) if mode != "bm25" else None
    sparse = embedder.sparse_query(q) if mode != "dense" else None
    hits = store.query(dense=dense, sparse=sparse, limit=3)
    assert hits[0].payload["doc_id"] == "b.md"
    assert (
        len(hits) == 3 if mode != "bm25" else 1 <= len(hits) < 4
    )  # BM25 returns only term matches


def test_filters_kind_doc_and_live(store: Store, embedder: Embedder) -> None:
    fill(store, embedder)
    q = embedder.dense_one("maximum daily dose")
    kinds = {
        h.payload["kind"]
        for h in store.query(dense=q, sparse=None, limit=10, flt=SearchFilter(kind="formulary"))
    }
    assert kinds == {"formulary"}
    docs = {
        h.payload["doc_id"]
        for h in store.query(dense=q, sparse=None, limit=10, flt=SearchFilter(doc_ids=["a.md"]))
    }
    assert docs == {"a.md"}
    store.set_live("a.md", "h1", False)
    docs = {
        h.payload["doc_id"]
        for h in store.query(dense=q, sparse=embedder.sparse_query("apixaban"), limit=10)
    }
    assert "a.md" not in docs
    assert store.count() == 2 and store.count(live_only=False) == 4


def test_doc_states_and_delete(store: Store, embedder: Embedder) -> None:
    fill(store, embedder)
    states = store.doc_states()
    assert states["a.md"].hashes == {"h1": 2} and states["a.md"].consistent_hash == "h1"
    store.delete_doc("a.md")
    assert "a.md" not in store.doc_states()
    assert store.count() == 2


def test_vectors_round_trip(store: Store, embedder: Embedder) -> None:
    fill(store, embedder)
    some = next(iter(store.scroll_payloads(["chunk_id", "text"])))
    rec = store.vectors_for([some["chunk_id"]])[some["chunk_id"]]
    assert len(rec.dense) == 384 and rec.sparse[0] and rec.payload["text"] == some["text"]


def test_second_process_gets_a_clear_lock_error(tmp_path: Path) -> None:
    from cdss.store.edge import EdgeStore

    s = EdgeStore(tmp_path, "locked")
    try:
        code = (
            "import sys\nfrom cdss.store.edge import EdgeStore\nfrom cdss.errors import StoreLockedError\n"
            f"try:\n    EdgeStore({str(tmp_path)!r}, 'locked')\nexcept StoreLockedError as e:\n"
            "    print(e); sys.exit(7)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 7, out.stderr
        assert "another process" in out.stdout and "Qdrant server" in out.stdout
    finally:
        s.close()
    assert StoreLockedError.code == "store_locked"
