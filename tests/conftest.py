"""Shared fixtures. Models load once per session; stores are fresh per test."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import cdss  # noqa: F401  (sets the offline environment first)
from cdss.config import Config, load_config
from cdss.embed import Embedder
from cdss.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


def make_store(backend: str, tmp_path: Path) -> Store:
    if backend == "edge":
        from cdss.store.edge import EdgeStore

        return EdgeStore(tmp_path / "shard", "test")
    from cdss.store.server import QdrantStore

    return QdrantStore(":memory:", f"test_{uuid.uuid4().hex[:8]}")


@pytest.fixture(params=["edge", "qdrant"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = make_store(request.param, tmp_path)
    yield s
    s.close()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return load_config(overrides={"store.path": str(tmp_path / "store")}, environ={})


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Fails any attempt to open an internet (AF_INET/AF_INET6) connection and records it."""
    attempts: list[tuple[object, ...]] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("connect", address))
            raise NetworkAttempt(f"network connection attempted to {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    def guarded_create_connection(address: object, *a: object, **k: object) -> socket.socket:
        attempts.append(("create_connection", address))
        raise NetworkAttempt(f"network connection attempted to {address!r}")

    def guarded_getaddrinfo(host: object, *a: object, **k: object) -> list[object]:
        attempts.append(("getaddrinfo", host))
        raise NetworkAttempt(f"DNS lookup attempted for {host!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


@pytest.fixture(scope="session")
def deid():  # type: ignore[no-untyped-def]
    from cdss.deid import Deidentifier

    return Deidentifier(formulary_dir=str(ROOT / "corpora" / "formulary"))


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder):  # type: ignore[no-untyped-def]
    """The starter corpus ingested once per test session into an embedded store."""
    from cdss.store.edge import EdgeStore
    from ingest.runner import Ingestor

    store = EdgeStore(tmp_path_factory.mktemp("corpus-store"), "corpus")
    Ingestor(store, embedder).run([ROOT / "corpora"])
    yield store
    store.close()
