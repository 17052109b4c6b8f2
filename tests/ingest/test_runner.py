"""Incremental ingestion on both store backends: idempotence, replacement, prune, interruption."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.embed import Embedder
from cdss.retrieve import Retriever
from cdss.store import Store
from ingest.runner import Ingestor
from tests.ingest.fixtures import build_corpus

pytestmark = pytest.mark.integration


def texts_of(store: Store, doc_id: str) -> list[str]:
    return [
        p["text"]
        for p in store.scroll_payloads(["doc_id", "text", "live"])
        if p["doc_id"] == doc_id and p["live"]
    ]


def test_ingest_all_formats_then_idempotent(
    store: Store, embedder: Embedder, tmp_path: Path
) -> None:
    root = build_corpus(tmp_path / "c")
    (root / "empty.md").write_text("")
    (root / "latin.txt").write_bytes("Caf\xe9 note about gentamicin levels.".encode("latin-1"))
    ing = Ingestor(store, embedder)
    first = ing.run([root])
    assert first.documents == 5
    assert {Path(s.path).name for s in first.skipped} == {"empty.md"}
    assert [Path(w.path).name for w in first.warnings] == ["latin.txt"]
    assert first.chunks_added > 0 and first.chunks_unchanged == 0
    pages = {
        p["page"] for p in store.scroll_payloads(["doc_id", "page"]) if p["doc_id"] == "gout.pdf"
    }
    assert pages == {1, 2}
    total = store.count()
    second = ing.run([root])
    assert second.chunks_added == 0 and second.chunks_deleted == 0
    assert second.chunks_unchanged == total == store.count()
    hits = Retriever(store, embedder).search("how fast can sodium be corrected", top_k=3)
    assert hits[0].doc_id == "sodium.md" and "10 mmol/L" in hits[0].text


def test_changed_file_replaced_and_prune(store: Store, embedder: Embedder, tmp_path: Path) -> None:
    root = build_corpus(tmp_path / "c")
    ing = Ingestor(store, embedder)
    ing.run([root])
    before = store.count()
    f = root / "notes.txt"
    f.write_text(
        "Potassium guidance\n\nRecheck potassium within 2 hours after IV replacement.\n",
        encoding="utf-8",
    )
    rep = ing.run([root])
    assert rep.documents_changed == 1 and rep.chunks_added == 1 and rep.chunks_deleted == 1
    assert texts_of(store, "notes.txt") == [
        "Recheck potassium within 2 hours after IV replacement."
    ]  # line 1 is the title
    assert store.count(live_only=False) == before  # old version gone, not just hidden
    (root / "gout.pdf").unlink()
    rep = ing.run([root])
    assert rep.documents_pruned == 0 and texts_of(
        store, "gout.pdf"
    )  # without --prune nothing is deleted
    rep = ing.run([root], prune=True)
    assert rep.documents_pruned == 1 and rep.chunks_deleted == 2 and not texts_of(store, "gout.pdf")


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("fail_at", ["upsert", "hide_old", "show_new", "delete_old"])
def test_interruption_never_exposes_half_a_document(
    store: Store, embedder: Embedder, tmp_path: Path, fail_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    old = "\n\n".join(f"Old paragraph {i} says dose A for drug {i}. " * 3 for i in range(30))
    new = "\n\n".join(f"New paragraph {i} says dose B for drug {i}. " * 3 for i in range(30))
    (root / "doc.md").write_text("# Doc\n\n" + old, encoding="utf-8")
    ing = Ingestor(store, embedder)
    ing.run([root])
    old_texts = sorted(texts_of(store, "doc.md"))
    (root / "doc.md").write_text("# Doc\n\n" + new, encoding="utf-8")

    calls = {"upsert": 0, "set_live": 0}
    real_upsert, real_set_live, real_delete = store.upsert, store.set_live, store.delete_doc

    def upsert(records):  # type: ignore[no-untyped-def]
        calls["upsert"] += 1
        if fail_at == "upsert" and calls["upsert"] == 1:
            real_upsert(records[: len(records) // 2])  # half the new chunks written, then crash
            raise Boom()
        return real_upsert(records)

    def set_live(doc_id, doc_hash, live, *, other_hashes=False):  # type: ignore[no-untyped-def]
        step = "hide_old" if other_hashes else "show_new"
        if fail_at == step:
            raise Boom()
        return real_set_live(doc_id, doc_hash, live, other_hashes=other_hashes)

    def delete_doc(doc_id, *, keep_hash=None):  # type: ignore[no-untyped-def]
        if fail_at == "delete_old":
            raise Boom()
        return real_delete(doc_id, keep_hash=keep_hash)

    monkeypatch.setattr(store, "upsert", upsert)
    monkeypatch.setattr(store, "set_live", set_live)
    monkeypatch.setattr(store, "delete_doc", delete_doc)
    with pytest.raises(Boom):
        ing.run([root])
    visible = sorted(texts_of(store, "doc.md"))
    assert visible in (old_texts, []) or all(t.startswith("New") for t in visible)
    assert not (any("Old" in t for t in visible) and any("New" in t for t in visible))
    if visible and visible[0].startswith("New"):
        assert len(visible) == len(old_texts)  # whole new version, never a part

    monkeypatch.undo()
    rep = ing.run([root])
    final = texts_of(store, "doc.md")
    assert final and all(t.startswith("New") for t in final)
    assert store.count(live_only=False) == store.count() == len(final)
    assert rep.documents == 1
