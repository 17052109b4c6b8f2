"""flaskr-style fixtures: `app` (real services on a small embedded corpus) and `client`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cdss.config import load_config
from cdss.deid import Deidentifier
from cdss.dosing import DoseChecker, Formulary
from cdss.embed import Embedder
from cdss.generate.extractive import ExtractiveGenerator
from cdss.pipeline import Pipeline
from cdss.retrieve import Retriever
from cdss.retrieve.query import QueryExpander
from cdss.store.edge import EdgeStore
from cdss.web import create_app
from cdss.web.services import Services
from ingest.runner import Ingestor
from tests.ingest.fixtures import build_corpus

ROOT = Path(__file__).resolve().parents[2]
KEY = "test-key-123"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="session")
def web_services(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, deid: Deidentifier
) -> Iterator[Services]:
    store = EdgeStore(tmp_path_factory.mktemp("web-store"), "web")
    Ingestor(store, embedder).run([build_corpus(tmp_path_factory.mktemp("web-corpus"))])
    form = Formulary.load(ROOT / "corpora" / "formulary")
    checker = DoseChecker(form)
    pipeline = Pipeline(
        deid,
        Retriever(store, embedder, expander=QueryExpander(form.search_names)),
        ExtractiveGenerator(embedder),
        checker,
        top_k=3,
    )
    services = Services(load_config(environ={}), deid=deid, checker=checker, pipeline=pipeline)
    yield services
    services.close()


def make_app(services: Services, tmp_path: Path, **overrides: object) -> Flask:
    cfg = {
        "server.audit_log": str(tmp_path / "audit.jsonl"),
        "server.rate_limit_per_minute": 1000,
        "server.auth_failures_per_minute": 1000,
        "server.max_body_bytes": 100_000,
        **overrides,
    }
    return create_app(load_config(overrides=cfg, environ={}), services=services)


@pytest.fixture
def app(web_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("CDSS_API_KEYS", f"{KEY},other-key")
    return make_app(web_services, tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
