"""Embedded backend: a qdrant-edge shard on disk (Qdrant's engine in process).

One writer and any number of read-only processes share it through published generations
(store/generations.py): `cdss ingest` writes a working copy and publishes it when it closes; serving
(several gunicorn workers), audits and search open the store read-only and move to a newly published
generation within `store.refresh_s`. A store written by an earlier cdss directly in the collection
folder, with a write-ahead log, still opens in one process only, as it did.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
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
from cdss.store.generations import Generations

log = logging.getLogger(__name__)


def _where(where: Where) -> qe.Filter:
    def cond(c: Cond) -> qe.FieldCondition:
        match = qe.MatchAny(list(c.any_of)) if c.any_of is not None else qe.MatchValue(c.value)
        return qe.FieldCondition(key=c.key, match=match)

    return qe.Filter(must=[cond(c) for c in where.must], must_not=[cond(c) for c in where.must_not])


class EdgeStore(Store):
    backend = "edge"

    def __init__(
        self,
        path: str | Path,
        collection: str = "cdss",
        *,
        read_only: bool = False,
        refresh_s: float = 1.0,
    ) -> None:
        self.path = Path(path) / collection
        self.read_only, self.refresh_s = read_only, refresh_s
        self.legacy = Generations.is_legacy(self.path)
        self._gens = Generations(self.path)
        self._swap = threading.Lock()
        self._gen: Path | None = None  # the generation a reader has loaded
        self._tmp: Path | None = None  # the writer's working copy
        self._dirty = False
        self._next_check = 0.0
        self.shard: Any = None  # qe.EdgeShard, or None for a reader before anything was published
        if self.legacy:
            self.shard = self._open(lambda: qe.EdgeShard.load(str(self.path)))
        elif read_only:
            self._refresh()
        else:
            self._gens.acquire_writer()
            try:
                tmp, copied = self._gens.working_copy()
                self.shard = self._open(
                    (lambda: qe.EdgeShard.load(str(tmp))) if copied else (lambda: _create(tmp))
                )
            except BaseException:
                self._gens.release_writer()
                raise
            self._tmp = tmp

    def _open(self, load: Callable[[], Any]) -> Any:
        try:
            return load()
        except Exception as exc:  # the engine raises plain Exception
            text = str(exc)
            if "WouldBlock" in text or "lock" in text.lower():
                raise StoreLockedError(
                    f"the embedded store at {self.path} is open in another process (this store was "
                    "written with a write-ahead log, which allows one process). Stop the other process "
                    "(e.g. `cdss serve`), re-ingest into a new --store folder to share it read-only, or "
                    "run a Qdrant server and pass --store http://HOST:6333."
                ) from exc
            raise StoreError(
                f"cannot open the embedded store at {self.path}: {text}. "
                "Delete the directory and re-run `cdss ingest` if it is corrupt."
            ) from exc

    def _refresh(self) -> None:
        """Reader: load the published generation when CURRENT names another one."""
        self._next_check = time.monotonic() + self.refresh_s
        gen = self._gens.current()
        if gen is None or gen == self._gen:
            return
        with self._swap:
            if gen != self._gen:
                # in-flight queries hold their own reference to the old shard; it is freed after them
                self.shard = self._open(lambda: qe.EdgeShard.load(str(gen)))
                self._gen = gen
                log.info("store_generation", extra={"generation": gen.name})

    def _read(self) -> Any:
        if self.read_only and not self.legacy and time.monotonic() >= self._next_check:
            self._refresh()
        return self.shard

    def _write(self) -> Any:
        self._guard_write()
        self._dirty = True
        return self.shard

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
        self._write().update(qe.UpdateOperation.upsert_points(points))

    def _set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self._write().update(qe.UpdateOperation.set_payload_by_filter(_where(where), payload))

    def _delete(self, where: Where) -> None:
        self._write().update(qe.UpdateOperation.delete_points_by_filter(_where(where)))

    def _scroll_page(self, fields: Sequence[str], offset: Any) -> tuple[list[dict[str, Any]], Any]:
        shard = self._read()
        if shard is None:
            return [], None
        recs, offset = shard.scroll(
            qe.ScrollRequest(limit=1000, offset=offset, with_payload=list(fields))
        )
        return [dict(r.payload or {}) for r in recs], offset

    def _retrieve(self, ids: list[str]) -> list[PointRecord]:
        shard = self._read()
        if shard is None:
            return []
        return [
            record_from(str(r.id), r.vector, r.payload)
            for r in shard.retrieve(list[Any](ids), with_payload=True, with_vector=True)
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
        shard = self._read()
        if shard is None:  # a reader before the first ingestion was published
            return []
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
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in shard.query(req)]

    def count(self, *, live_only: bool = True) -> int:
        shard = self._read()
        if shard is None:
            return 0
        return int(
            shard.count(
                qe.CountRequest(exact=True, filter=_search_filter(None, live_only=live_only))
            )
        )

    def optimize(self) -> None:
        self._write().optimize()

    def flush(self) -> None:
        if not self.read_only and self.shard is not None:
            self.shard.flush()

    def close(self) -> None:
        """Writer: flush and publish the working copy (or drop it when nothing was written); reader:
        let go of the loaded generation. Closing twice is harmless."""
        shard, self.shard = self.shard, None
        if shard is not None:
            try:
                if not self.read_only:
                    shard.flush()
                shard.close()
            except Exception:  # noqa: S110  (the engine may already have released it)
                pass
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            try:
                if self._dirty:
                    gen = self._gens.publish(tmp)
                    log.info("store_published", extra={"generation": gen.name})
                else:
                    self._gens.discard(tmp)
            finally:
                self._gens.release_writer()


def _create(path: Path) -> Any:
    """A new shard without a write-ahead log (so readers in other processes can load its copies), with
    payload indexes on the fields every filter uses."""
    config = qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=DENSE_DIM, distance=qe.Distance.Cosine)},
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        wal_enabled=False,
    )
    path.mkdir(parents=True, exist_ok=True)
    shard = qe.EdgeShard.create(str(path), config)
    for name in INDEXED_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
    shard.update(qe.UpdateOperation.create_field_index("live", qe.PayloadSchemaType.Integer))
    return shard


def _search_filter(flt: SearchFilter | None, *, live_only: bool = True) -> qe.Filter | None:
    where = search_where(flt, live_only=live_only)
    return _where(where) if where else None
