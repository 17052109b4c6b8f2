"""Store facade: `open_store(config)` picks the backend from configuration."""

from __future__ import annotations

from cdss.config import Config
from cdss.errors import ConfigError
from cdss.store.base import DocState, Hit, PointRecord, SearchFilter, Store, point_id

__all__ = ["DocState", "Hit", "PointRecord", "SearchFilter", "Store", "open_store", "point_id"]


def open_store(config: Config, *, read_only: bool = False) -> Store:
    """`read_only` for every process but ingestion: any number of them can share an embedded store
    (store/generations.py), and a write through one fails with StoreReadOnlyError."""
    backend = config["store.backend"]
    collection = config["store.collection"]
    if backend == "edge":
        from cdss.store.edge import EdgeStore

        return EdgeStore(
            config.resolve_path("store.path"),
            collection,
            read_only=read_only,
            refresh_s=config["store.refresh_s"],
        )
    if backend == "qdrant":
        from cdss.store.server import QdrantStore

        location = config["store.url"] or str(config.resolve_path("store.path"))
        return QdrantStore(
            location, collection, api_key_env=config["store.api_key_env"], read_only=read_only
        )
    raise ConfigError(f"store.backend must be 'edge' or 'qdrant', got {backend!r}")


def store_overrides(store: str | None, collection: str | None) -> dict[str, object]:
    """Translate the CLI's --store/--collection into settings: a value starting with http selects the server."""
    out: dict[str, object] = {}
    if store:
        if store.startswith("http") or store == ":memory:":
            out.update({"store.backend": "qdrant", "store.url": store})
        else:
            out.update({"store.path": store})
    if collection:
        out["store.collection"] = collection
    return out
