"""Server backend: qdrant-client against a Qdrant server (`url`) or its in-process
local mode (`:memory:` / a path) used by tests for congruence with the server API."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from qdrant_client import QdrantClient
from qdrant_client import models as m

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


def _where(where: Where) -> m.Filter:
    def cond(c: Cond) -> m.FieldCondition:
        match: Any = (
            m.MatchAny(any=list(c.any_of)) if c.any_of is not None else m.MatchValue(value=c.value)
        )
        return m.FieldCondition(key=c.key, match=match)

    return m.Filter(
        must=[cond(c) for c in where.must], must_not=[cond(c) for c in where.must_not] or None
    )


class QdrantStore(Store):
    backend = "qdrant"

    def __init__(
        self,
        location: str,
        collection: str = "cdss",
        *,
        api_key_env: str = "QDRANT_API_KEY",
        read_only: bool = False,
    ) -> None:
        self.collection, self.read_only = collection, read_only
        try:
            if location.startswith("http"):
                self.client = QdrantClient(
                    url=location, api_key=os.environ.get(api_key_env) or None, timeout=30
                )
            elif location == ":memory:":
                self.client = QdrantClient(location=":memory:")
            else:
                self.client = QdrantClient(path=location)
            if not self.client.collection_exists(collection):
                self.client.create_collection(
                    collection,
                    vectors_config={
                        DENSE: m.VectorParams(size=DENSE_DIM, distance=m.Distance.COSINE)
                    },
                    sparse_vectors_config={SPARSE: m.SparseVectorParams(modifier=m.Modifier.IDF)},
                )
                if location.startswith("http"):  # local mode ignores payload indexes
                    for name in INDEXED_FIELDS:
                        self.client.create_payload_index(
                            collection, name, m.PayloadSchemaType.KEYWORD
                        )
                    self.client.create_payload_index(
                        collection, "live", m.PayloadSchemaType.INTEGER
                    )
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise StoreLockedError(
                    f"the local Qdrant store at {location} is open in another process; use a Qdrant server URL"
                ) from exc
            raise StoreError(f"cannot open Qdrant at {location}: {exc}") from exc
        except Exception as exc:
            raise StoreError(
                f"cannot reach Qdrant at {location} ({type(exc).__name__}); check that the server is running "
                "and that --store/store.url is right"
            ) from exc

    def upsert(self, records: Sequence[PointRecord]) -> None:
        self._guard_write()
        if not records:
            return
        points = [
            m.PointStruct(
                id=r.id,
                vector={
                    DENSE: r.dense,
                    SPARSE: m.SparseVector(indices=r.sparse[0], values=r.sparse[1]),
                },
                payload=r.payload,
            )
            for r in records
        ]
        self.client.upsert(self.collection, points=points, wait=True)

    def _set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self._guard_write()
        self.client.set_payload(self.collection, payload=payload, points=_where(where), wait=True)

    def _delete(self, where: Where) -> None:
        self._guard_write()
        selector = m.FilterSelector(filter=_where(where))
        self.client.delete(self.collection, points_selector=selector, wait=True)

    def _scroll_page(self, fields: Sequence[str], offset: Any) -> tuple[list[dict[str, Any]], Any]:
        recs, offset = self.client.scroll(
            self.collection, limit=1000, offset=offset, with_payload=list(fields)
        )
        return [dict(r.payload or {}) for r in recs], offset

    def _retrieve(self, ids: list[str]) -> list[PointRecord]:
        points = self.client.retrieve(
            self.collection, ids=ids, with_payload=True, with_vectors=True
        )
        return [record_from(str(r.id), r.vector, r.payload) for r in points]

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
        queries: list[tuple[Any, str]] = []
        if dense is not None:
            queries.append((dense, DENSE))
        if sparse is not None and sparse[0]:
            queries.append((m.SparseVector(indices=sparse[0], values=sparse[1]), SPARSE))
        if not queries:
            return []
        if len(queries) == 1:
            res = self.client.query_points(
                self.collection,
                query=queries[0][0],
                using=queries[0][1],
                query_filter=f,
                limit=limit,
                with_payload=True,
            )
        else:
            res = self.client.query_points(
                self.collection,
                prefetch=[
                    m.Prefetch(query=q, using=u, limit=prefetch, filter=f) for q, u in queries
                ],
                query=m.FusionQuery(fusion=m.Fusion.DBSF if fusion == "dbsf" else m.Fusion.RRF),
                limit=limit,
                with_payload=True,
            )
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in res.points]

    def count(self, *, live_only: bool = True) -> int:
        return int(
            self.client.count(
                self.collection,
                count_filter=_search_filter(None, live_only=live_only),
                exact=True,
            ).count
        )

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # noqa: S110
            pass


def _search_filter(flt: SearchFilter | None, *, live_only: bool = True) -> m.Filter | None:
    where = search_where(flt, live_only=live_only)
    return _where(where) if where else None
