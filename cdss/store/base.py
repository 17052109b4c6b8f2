"""The store contract shared by the embedded and server backends.

Visibility protocol (why `live` exists; an integer 0/1 because qdrant-edge's
MatchValue takes a Python bool as an integer and would never match a JSON bool): a document's new chunks are written
hidden, the old version is hidden, the new one is shown, and only then are
the old points deleted. Each step is one store operation, so a crash at any
point leaves either the old version, no version, or the new version visible,
never a mix; `doc_states()` lets the next ingestion run finish the job.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DENSE = "dense"
SPARSE = "bm25"
ID_NAMESPACE = uuid.UUID("6c1f4f5e-8d0e-4c55-9b0a-2f9a3f0c1d11")
INDEXED_FIELDS = ("doc_id", "kind", "doc_hash", "content_hash")


def point_id(doc_id: str, doc_hash: str, chunk_index: int, content_hash: str) -> str:
    """Deterministic id: the same file content always yields the same points (idempotent re-runs)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{doc_id}|{doc_hash}|{chunk_index}|{content_hash}"))


@dataclass
class PointRecord:
    id: str
    dense: list[float]
    sparse: tuple[list[int], list[float]]
    payload: dict[str, Any]


@dataclass
class Hit:
    chunk_id: str
    score: float
    payload: dict[str, Any]


@dataclass
class SearchFilter:
    kind: str | None = None
    doc_ids: Sequence[str] | None = None


@dataclass(frozen=True)
class Cond:
    """One payload condition: `key` equals `value`, or (with `any_of`) is one of several values."""

    key: str
    value: str | int = ""
    any_of: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Where:
    """A backend-neutral filter; each backend translates it to its engine's Filter in one small function."""

    must: tuple[Cond, ...] = ()
    must_not: tuple[Cond, ...] = ()


def search_where(flt: SearchFilter | None, *, live_only: bool = True) -> Where | None:
    """What a query may see: live points only (the visibility protocol), then kind and doc ids."""
    must: list[Cond] = []
    if live_only:
        must.append(Cond("live", 1))
    if flt and flt.kind:
        must.append(Cond("kind", flt.kind))
    if flt and flt.doc_ids:
        must.append(Cond("doc_id", any_of=tuple(flt.doc_ids)))
    return Where(tuple(must)) if must else None


def doc_where(doc_id: str, doc_hash: str | None = None, *, exclude_hash: bool = False) -> Where:
    """A document's points; with doc_hash, one version of it, or (exclude_hash) every other version."""
    doc = Cond("doc_id", doc_id)
    if doc_hash is None:
        return Where((doc,))
    version = Cond("doc_hash", doc_hash)
    return Where((doc,), (version,)) if exclude_hash else Where((doc, version))


def record_from(point_id: str, vector: Any, payload: dict[str, Any] | None) -> PointRecord:
    """A stored point read back (both engines return named vectors as a mapping of the same shape)."""
    sp = vector[SPARSE]
    return PointRecord(
        point_id, list(vector[DENSE]), (list(sp.indices), list(sp.values)), dict(payload or {})
    )


@dataclass
class DocState:
    """What the store holds for one document: points per doc_hash, and which hash is live."""

    doc_id: str
    hashes: dict[str, int] = field(default_factory=dict)
    live_hashes: set[str] = field(default_factory=set)
    content_hashes: dict[str, set[str]] = field(default_factory=dict)
    chunk_ids: dict[str, str] = field(default_factory=dict)  # content_hash -> a stored point id

    @property
    def consistent_hash(self) -> str | None:
        """The live hash when the document is fully committed with no leftovers, else None."""
        if len(self.hashes) == 1 and self.live_hashes == set(self.hashes):
            return next(iter(self.hashes))
        return None


class Store(ABC):
    """One facade over qdrant-edge (embedded) and qdrant-client (server or :memory:).

    What the visibility protocol needs (which points to show, hide, delete or page through) is written
    here once; a backend supplies only the engine calls, each a few lines: `_where` translates a
    filter, `_set_payload`, `_delete`, `_scroll_page` and `_retrieve` run one engine operation.
    """

    backend: str = ""
    read_only: bool = False  # serving, audits and search; only ingestion writes

    def _guard_write(self) -> None:
        if self.read_only:
            from cdss.errors import StoreReadOnlyError

            raise StoreReadOnlyError(
                f"this {self.backend} store is open read-only (serving, audits and search read it); "
                "only `cdss ingest` writes to it"
            )

    @abstractmethod
    def upsert(self, records: Sequence[PointRecord]) -> None: ...

    @abstractmethod
    def _set_payload(self, where: Where, payload: dict[str, Any]) -> None: ...

    @abstractmethod
    def _delete(self, where: Where) -> None: ...

    @abstractmethod
    def _scroll_page(
        self, fields: Sequence[str], offset: Any
    ) -> tuple[list[dict[str, Any]], Any]: ...

    @abstractmethod
    def _retrieve(self, ids: list[str]) -> list[PointRecord]: ...

    def set_live(
        self, doc_id: str, doc_hash: str, live: bool, *, other_hashes: bool = False
    ) -> None:
        """Set `live` on the doc's points with this doc_hash (or, with other_hashes, on all others)."""
        self._set_payload(
            doc_where(doc_id, doc_hash, exclude_hash=other_hashes), {"live": int(live)}
        )

    def delete_doc(self, doc_id: str, *, keep_hash: str | None = None) -> None:
        """Delete a document's points, except those of `keep_hash` when given."""
        self._delete(
            doc_where(doc_id, keep_hash, exclude_hash=True) if keep_hash else doc_where(doc_id)
        )

    def scroll_payloads(self, fields: Sequence[str]) -> Iterable[dict[str, Any]]:
        offset = None
        while True:
            payloads, offset = self._scroll_page(fields, offset)
            yield from payloads
            if offset is None:
                break

    def vectors_for(self, ids: Sequence[str]) -> dict[str, PointRecord]:
        return {r.id: r for r in self._retrieve(list(ids))} if ids else {}

    @abstractmethod
    def query(
        self,
        *,
        dense: list[float] | None,
        sparse: tuple[list[int], list[float]] | None,
        limit: int,
        prefetch: int = 40,
        flt: SearchFilter | None = None,
        fusion: str = "rrf",
    ) -> list[Hit]: ...

    @abstractmethod
    def count(self, *, live_only: bool = True) -> int: ...

    def optimize(self) -> None:  # noqa: B027 - optional for backends
        """Build indexes after bulk writes where the engine supports it."""

    def flush(self) -> None:  # noqa: B027
        """Make writes durable where the engine buffers them."""

    @abstractmethod
    def close(self) -> None: ...

    def doc_states(self) -> dict[str, DocState]:
        states: dict[str, DocState] = {}
        for p in self.scroll_payloads(["doc_id", "doc_hash", "live", "content_hash", "chunk_id"]):
            st = states.setdefault(p["doc_id"], DocState(p["doc_id"]))
            h = p["doc_hash"]
            st.hashes[h] = st.hashes.get(h, 0) + 1
            st.content_hashes.setdefault(h, set()).add(p.get("content_hash", ""))
            if p.get("chunk_id"):
                st.chunk_ids[p.get("content_hash", "")] = p["chunk_id"]
            if p.get("live"):
                st.live_hashes.add(h)
        return states

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
