"""Incremental, idempotent ingestion.

Unchanged documents (same doc_hash, fully live) are skipped without
embedding; changed ones are re-chunked, unchanged chunk texts reuse their
stored vectors, and the swap follows the store's visibility protocol so an
interrupted run never exposes half a document. Embedding is batched across
documents because it dominates the run time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from cdss.embed import Embedder
from cdss.store import DocState, PointRecord, Store, point_id
from ingest.chunking import chunk_document
from ingest.document import Chunk, Document, assemble
from ingest.loaders import SkipFile, load_file
from ingest.screen import Flagged, Screen

log = logging.getLogger(__name__)
MANIFEST_NAMES = {"manifest.yaml", "manifest.yml"}


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class IngestReport:
    documents: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_deleted: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    documents_changed: int = 0
    documents_pruned: int = 0
    embed_seconds: float = 0.0
    screen_seconds: float = 0.0
    flagged: list[Flagged] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 3)
        d["embed_seconds"] = round(self.embed_seconds, 3)
        d["screen_seconds"] = round(self.screen_seconds, 3)
        return d


def discover(paths: Sequence[Path]) -> Iterator[tuple[Path, str, Path]]:
    """(file, doc_id, root): doc_id is the path relative to the ingested root; hidden files are ignored."""
    for root in paths:
        if root.is_file():
            yield root, root.name, root.parent
            continue
        for f in sorted(root.rglob("*")):
            rel = f.relative_to(root)
            if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                yield f, rel.as_posix(), root


def load_manifest(root: Path) -> dict[str, dict[str, Any]]:
    for name in MANIFEST_NAMES:
        p = root / name
        if p.is_file():
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
            items = data.get("documents", []) if isinstance(data, dict) else data
            return {str(d["id"]): d for d in items if isinstance(d, dict) and "id" in d}
    return {}


class Ingestor:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        *,
        chunk_tokens: int = 200,
        overlap: int = 30,
        max_file_bytes: int = 20_000_000,
        batch_chunks: int = 256,
        screen: Screen | None = None,
    ) -> None:
        self.store, self.embedder, self.screen = store, embedder, screen
        self.chunk_tokens, self.overlap = chunk_tokens, overlap
        self.max_file_bytes, self.batch_chunks = max_file_bytes, batch_chunks

    def _count(self, text: str) -> int:
        return len(
            self.embedder.tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]
        )

    def load(self, paths: Sequence[Path], kind: str | None, report: IngestReport) -> list[Document]:
        docs: list[Document] = []
        manifests: dict[Path, dict[str, dict[str, Any]]] = {}
        for f, doc_id, root in discover(paths):
            if f.name in MANIFEST_NAMES:
                continue
            if f.name.lower().startswith("readme"):
                report.skipped.append(
                    Skipped(str(f), "README (documentation about the corpus, not evidence)")
                )
                continue
            try:
                if f.stat().st_size > self.max_file_bytes:
                    raise SkipFile(
                        f"larger than ingest.max_file_bytes ({self.max_file_bytes} bytes)"
                    )
                loaded = load_file(f)
            except SkipFile as exc:
                report.skipped.append(Skipped(str(f), str(exc)))
                continue
            meta = manifests.setdefault(root, load_manifest(root)).get(doc_id, {})
            if meta.get("title"):
                loaded.title = str(meta["title"])
            loaded.kind = kind or str(
                meta.get("kind")
                or ("formulary" if "formulary" in doc_id.split("/")[0] else loaded.kind)
            )
            loaded.meta.update(
                {k: str(meta[k]) for k in ("source", "version", "review_date") if meta.get(k)}
            )
            doc = assemble(doc_id, loaded)
            if not doc.text:
                report.skipped.append(Skipped(str(f), "no text content"))
                continue
            for w in doc.warnings:
                report.warnings.append(Skipped(str(f), w))
                log.warning("ingest warning", extra={"doc_id": doc_id, "warning": w})
            docs.append(doc)
        return docs

    def run(
        self,
        paths: Sequence[Path],
        *,
        kind: str | None = None,
        prune: bool = False,
        progress: bool = False,
    ) -> IngestReport:
        t0 = time.perf_counter()
        report = IngestReport()
        docs = self.load(paths, kind, report)
        report.documents = len(docs)
        states = self.store.doc_states()
        seen = {d.doc_id for d in docs}
        todo: list[tuple[Document, list[Chunk]]] = []
        for doc in docs:
            state = states.get(doc.doc_id)
            if state is not None and state.consistent_hash == doc.doc_hash:
                report.chunks_unchanged += state.hashes[doc.doc_hash]
                continue
            todo.append(
                (
                    doc,
                    chunk_document(
                        doc, self._count, target=self.chunk_tokens, overlap=self.overlap
                    ),
                )
            )
        total = sum(len(c) for _, c in todo)
        bar = None
        if progress and total:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="chunk", desc="embedding", leave=False)
        batch: list[tuple[Document, list[Chunk]]] = []
        for item in todo:
            batch.append(item)
            if sum(len(c) for _, c in batch) >= self.batch_chunks:
                self._write_batch(batch, states, report, bar)
                batch = []
        if batch:
            self._write_batch(batch, states, report, bar)
        if bar is not None:
            bar.close()
        if prune:
            for doc_id, state in states.items():
                if doc_id not in seen:
                    report.chunks_deleted += sum(state.hashes.values())
                    report.documents_pruned += 1
                    self.store.delete_doc(doc_id)
        self.store.flush()
        if todo or report.documents_pruned:
            self.store.optimize()
        report.seconds = time.perf_counter() - t0
        return report

    def _write_batch(
        self,
        batch: list[tuple[Document, list[Chunk]]],
        states: dict[str, DocState],
        report: IngestReport,
        bar: Any,
    ) -> None:
        old_vectors = self._old_vectors(batch, states)
        need = [
            c
            for _, chunks in batch
            for c in chunks
            if (c.doc_id, c.content_hash) not in old_vectors
        ]
        t = time.perf_counter()
        dense = self.embedder.dense([c.embed_text for c in need])
        report.embed_seconds += time.perf_counter() - t
        fresh = {id(c): v for c, v in zip(need, dense, strict=True)}
        screens: dict[int, dict[str, Any]] = {}
        if self.screen is not None:
            t = time.perf_counter()
            items = [(c, doc.kind) for doc, chunks in batch for c in chunks]
            for (c, _), sc in zip(
                items, self.screen.chunks([(c.text, k) for c, k in items]), strict=True
            ):
                screens[id(c)] = sc.to_payload()
            report.screen_seconds += time.perf_counter() - t
            self._report_flags(batch, screens, report)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for doc, chunks in batch:
            records = []
            for c in chunks:
                vec = old_vectors.get((c.doc_id, c.content_hash)) or fresh[id(c)]
                pid = point_id(doc.doc_id, doc.doc_hash, c.chunk_index, c.content_hash)
                payload = {
                    "chunk_id": pid,
                    "doc_id": doc.doc_id,
                    "title": doc.title,
                    "section": c.section,
                    "page": c.page,
                    "kind": doc.kind,
                    "chunk_index": c.chunk_index,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                    "content_hash": c.content_hash,
                    "doc_hash": doc.doc_hash,
                    "ingested_at": now,
                    "live": 0,
                    **doc.meta,
                }
                if id(c) in screens:
                    payload["screen"] = screens[id(c)]
                records.append(
                    PointRecord(pid, vec, self.embedder.sparse_doc(c.embed_text), payload)
                )
            self.commit_document(doc, records, states, report)
            if bar is not None:
                bar.update(len(chunks))

    @staticmethod
    def _report_flags(
        batch: list[tuple[Document, list[Chunk]]],
        screens: dict[int, dict[str, Any]],
        report: IngestReport,
    ) -> None:
        for doc, chunks in batch:
            n = sum(len(screens[id(c)]["instructions"]) for c in chunks)
            if n:
                report.flagged.append(Flagged(doc.doc_id, "instructions", n))
                log.warning(
                    "ingest flagged",
                    extra={"doc_id": doc.doc_id, "kind": "instructions", "count": n},
                )
            seen = set()
            for c in chunks:
                for conflict in screens[id(c)]["dose_conflicts"]:
                    if conflict["message"] not in seen:
                        seen.add(conflict["message"])
                        report.flagged.append(
                            Flagged(doc.doc_id, "dose_conflict", 1, conflict["message"])
                        )

    def _old_vectors(
        self, batch: list[tuple[Document, list[Chunk]]], states: dict[str, DocState]
    ) -> dict[tuple[str, str], list[float]]:
        """Stored dense vectors of chunk texts already embedded (changed documents, resumed runs)."""
        ids = []
        for doc, chunks in batch:
            state = states.get(doc.doc_id)
            if state is not None:
                ids += [
                    state.chunk_ids[c.content_hash]
                    for c in chunks
                    if c.content_hash in state.chunk_ids
                ]
        return {
            (r.payload["doc_id"], r.payload["content_hash"]): r.dense
            for r in self.store.vectors_for(ids).values()
        }

    def commit_document(
        self,
        doc: Document,
        records: list[PointRecord],
        states: dict[str, DocState],
        report: IngestReport,
    ) -> None:
        """Write hidden, hide old, show new, delete old: each step leaves a whole version or none visible."""
        old = states.get(doc.doc_id)
        old_contents = set().union(*old.content_hashes.values()) if old else set()
        new_contents = {r.payload["content_hash"] for r in records}
        for i in range(0, len(records), 256):
            self.store.upsert(records[i : i + 256])
        if old is not None:
            self.store.set_live(doc.doc_id, doc.doc_hash, False, other_hashes=True)
        self.store.set_live(doc.doc_id, doc.doc_hash, True)
        if old is not None:
            self.store.delete_doc(doc.doc_id, keep_hash=doc.doc_hash)
        report.documents_changed += 1
        report.chunks_added += len(new_contents - old_contents)
        report.chunks_unchanged += len(new_contents & old_contents)
        report.chunks_deleted += len(old_contents - new_contents)
