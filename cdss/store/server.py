"""Server backend: qdrant-client against a Qdrant server (`url`) or its in-process
local mode (`:memory:` / a path) used by tests for congruence with the server API."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from qdrant_client import QdrantClient
from qdrant_client import models as m

from cdss.embed import DENSE_DIM
from cdss.errors import StoreError, StoreLockedError
from cdss.store.base import DENSE, INDEXED_FIELDS, SPARSE, Hit, PointRecord, SearchFilter, Store


def _filter(flt: SearchFilter | None, *, live_only: bool = True) -> m.Filter | None:
    must: list[Any] = []
    if live_only:
        must.append(m.FieldCondition(key="live", match=m.MatchValue(value=1)))
    if flt and flt.kind:
        must.append(m.FieldCondition(key="kind", match=m.MatchValue(value=flt.kind)))
    if flt and flt.doc_ids:
        must.append(m.FieldCondition(key="doc_id", match=m.MatchAny(any=list(flt.doc_ids))))
    return m.Filter(must=must) if must else None


def _doc_filter(
    doc_id: str, doc_hash: str | None = None, *, exclude_hash: bool = False
) -> m.Filter:
    must: list[Any] = [m.FieldCondition(key="doc_id", match=m.MatchValue(value=doc_id))]
    if doc_hash is None:
        return m.Filter(must=must)
    cond = m.FieldCondition(key="doc_hash", match=m.MatchValue(value=doc_hash))
    return m.Filter(must=must, must_not=[cond]) if exclude_hash else m.Filter(must=must + [cond])


class QdrantStore(Store):
    backend = "qdrant"

    def __init__(
        self, location: str, collection: str = "cdss", *, api_key_env: str = "QDRANT_API_KEY"
    ) -> None:
        self.collection = collection
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

    def set_live(
        self, doc_id: str, doc_hash: str, live: bool, *, other_hashes: bool = False
    ) -> None:
        flt = _doc_filter(doc_id, doc_hash, exclude_hash=other_hashes)
        self.client.set_payload(self.collection, payload={"live": int(live)}, points=flt, wait=True)

    def delete_doc(self, doc_id: str, *, keep_hash: str | None = None) -> None:
        flt = (
            _doc_filter(doc_id, keep_hash, exclude_hash=True) if keep_hash else _doc_filter(doc_id)
        )
        self.client.delete(self.collection, points_selector=m.FilterSelector(filter=flt), wait=True)

    def scroll_payloads(self, fields: Sequence[str]) -> Iterable[dict[str, Any]]:
        offset = None
        while True:
            recs, offset = self.client.scroll(
                self.collection, limit=1000, offset=offset, with_payload=list(fields)
            )
            for r in recs:
                yield dict(r.payload or {})
            if offset is None:
                break

    def vectors_for(self, ids: Sequence[str]) -> dict[str, PointRecord]:
        out: dict[str, PointRecord] = {}
        if not ids:
            return out
        for r in self.client.retrieve(
            self.collection, ids=list(ids), with_payload=True, with_vectors=True
        ):
            vec: Any = r.vector
            sp = vec[SPARSE]
            out[str(r.id)] = PointRecord(
                str(r.id),
                list(vec[DENSE]),
                (list(sp.indices), list(sp.values)),
                dict(r.payload or {}),
            )
        return out

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
        f = _filter(flt)
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
                self.collection, count_filter=_filter(None, live_only=live_only), exact=True
            ).count
        )

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # noqa: S110
            pass
