"""Embedded backend: a qdrant-edge shard on disk (Qdrant's engine in process).

A shard with a write-ahead log can be opened by one process only; the second
opener gets a clear StoreLockedError instead of the engine's WAL message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from cdss.embed import DENSE_DIM
from cdss.errors import StoreError, StoreLockedError
from cdss.store.base import (
    DENSE,
    INDEXED_FIELDS,
    SPARSE,
    Cond,
    Hit,
    PointRecord,
    SearchFilter,
    Store,
    Where,
    record_from,
    search_where,
)

log = logging.getLogger(__name__)


def _where(where: Where) -> qe.Filter:
    def cond(c: Cond) -> qe.FieldCondition:
        match = qe.MatchAny(list(c.any_of)) if c.any_of is not None else qe.MatchValue(c.value)
        return qe.FieldCondition(key=c.key, match=match)

    return qe.Filter(must=[cond(c) for c in where.must], must_not=[cond(c) for c in where.must_not])


class EdgeStore(Store):
    backend = "edge"

    def __init__(self, path: str | Path, collection: str = "cdss") -> None:
        self.path = Path(path) / collection
        config = qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=DENSE_DIM, distance=qe.Distance.Cosine)},
            sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )
        try:
            if (self.path / "wal").exists() or (self.path / "segments").exists():
                self.shard = qe.EdgeShard.load(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.shard = qe.EdgeShard.create(str(self.path), config)
                for name in INDEXED_FIELDS:
                    self.shard.update(
                        qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword)
                    )
                self.shard.update(
                    qe.UpdateOperation.create_field_index("live", qe.PayloadSchemaType.Integer)
                )
        except Exception as exc:  # the engine raises plain Exception
            text = str(exc)
            if "WouldBlock" in text or "lock" in text.lower():
                raise StoreLockedError(
                    f"the embedded store at {self.path} is open in another process (a qdrant-edge shard "
                    "allows one process). Stop the other process (e.g. `cdss serve`), or run a Qdrant "
                    "server and pass --store http://HOST:6333 so several processes can share it."
                ) from exc
            raise StoreError(
                f"cannot open the embedded store at {self.path}: {text}. "
                "Delete the directory and re-run `cdss ingest` if it is corrupt."
            ) from exc

    def upsert(self, records: Sequence[PointRecord]) -> None:
        if not records:
            return
        points = [
            qe.Point(
                id=r.id,
                vector={
                    DENSE: r.dense,
                    SPARSE: qe.SparseVector(indices=r.sparse[0], values=r.sparse[1]),
                },
                payload=r.payload,
            )
            for r in records
        ]
        self.shard.update(qe.UpdateOperation.upsert_points(points))

    def _set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self.shard.update(qe.UpdateOperation.set_payload_by_filter(_where(where), payload))

    def _delete(self, where: Where) -> None:
        self.shard.update(qe.UpdateOperation.delete_points_by_filter(_where(where)))

    def _scroll_page(self, fields: Sequence[str], offset: Any) -> tuple[list[dict[str, Any]], Any]:
        recs, offset = self.shard.scroll(
            qe.ScrollRequest(limit=1000, offset=offset, with_payload=list(fields))
        )
        return [dict(r.payload or {}) for r in recs], offset

    def _retrieve(self, ids: list[str]) -> list[PointRecord]:
        return [
            record_from(str(r.id), r.vector, r.payload)
            for r in self.shard.retrieve(list[Any](ids), with_payload=True, with_vector=True)
        ]

    def query(
        self,
        *,
        dense: list[float] | None,
        sparse: tuple[list[int], list[float]] | None,
        limit: int,
        prefetch: int = 40,
        flt: SearchFilter | None = None,
        fusion: str = "rrf",
    ) -> list[Hit]:
        f = _search_filter(flt)
        queries = []
        if dense is not None:
            queries.append(qe.Query.Nearest(dense, using=DENSE))
        if sparse is not None and sparse[0]:
            queries.append(
                qe.Query.Nearest(qe.SparseVector(indices=sparse[0], values=sparse[1]), using=SPARSE)
            )
        if not queries:
            return []
        if len(queries) == 1:
            req = qe.QueryRequest(limit=limit, query=queries[0], filter=f, with_payload=True)
        else:
            fuse: Any = qe.Fusion.Dbsf() if fusion == "dbsf" else qe.Fusion.Rrf(k=60)
            req = qe.QueryRequest(
                limit=limit,
                query=fuse,
                with_payload=True,
                prefetches=[qe.Prefetch(limit=prefetch, query=q, filter=f) for q in queries],
            )
        return [
            Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in self.shard.query(req)
        ]

    def count(self, *, live_only: bool = True) -> int:
        return int(
            self.shard.count(
                qe.CountRequest(exact=True, filter=_search_filter(None, live_only=live_only))
            )
        )

    def optimize(self) -> None:
        self.shard.optimize()

    def flush(self) -> None:
        self.shard.flush()

    def close(self) -> None:
        try:
            self.shard.flush()
            self.shard.close()
        except Exception:  # closing twice is harmless  # noqa: S110
            pass


def _search_filter(flt: SearchFilter | None, *, live_only: bool = True) -> qe.Filter | None:
    where = search_where(flt, live_only=live_only)
    return _where(where) if where else None
