"""A one-document corpus in an embedded store and a pipeline around a given backend, for real-model tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cdss.generate.types import Generator
from cdss.pipeline import Pipeline


@contextmanager
def tiny_pipeline(tmp_path: Path, markdown: str, backend: Generator) -> Iterator[Pipeline]:
    from cdss.deid import Deidentifier
    from cdss.embed import Embedder
    from cdss.retrieve import Retriever
    from cdss.store.edge import EdgeStore
    from ingest.runner import Ingestor

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "guide.md").write_text(markdown, encoding="utf-8")
    emb = Embedder()
    store = EdgeStore(tmp_path / "s", "t")
    try:
        Ingestor(store, emb).run([corpus])
        yield Pipeline(Deidentifier(), Retriever(store, emb), backend, None, top_k=1)
    finally:
        store.close()
