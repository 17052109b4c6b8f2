"""Every route and every error code, auth, log hygiene and the audit log."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cdss.errors import BackendUnavailable
from cdss.logs import setup_logging
from cdss.web.services import Services
from tests.web.conftest import AUTH, make_app

pytestmark = pytest.mark.integration
NOTE = (
    "Patient: MOSS, ELLEN  MRN: 00482913  DOB 02/02/1943. Seen by Dr. Abara. 82-year-old woman, CrCl 24 mL/min.\n"
    "Meds: nitrofurantoin 100 mg PO BID, naproxen 500 mg PO TID, ibuprofen 400 mg PO TID."
)
PHI = ("MOSS", "ELLEN", "00482913", "02/02/1943", "Abara")


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 401
    r = client.get("/readyz", headers=AUTH)
    assert r.status_code == 200 and r.get_json()["ready"] is True


def test_auth(
    client: FlaskClient,
    app: Flask,
    web_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}):
        r = client.post("/v1/deid", json={"text": "x"}, headers=headers)
        assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
    hashes = tmp_path / "keys.sha256"
    hashes.write_text(hashlib.sha256(b"from-file").hexdigest() + "  # ward 7\n")
    monkeypatch.delenv("CDSS_API_KEYS")
    app2 = make_app(web_services, tmp_path, **{"server.api_keys_file": str(hashes)})
    c2 = app2.test_client()
    assert (
        c2.post(
            "/v1/deid", json={"text": "Dr. Abara"}, headers={"Authorization": "Bearer from-file"}
        ).status_code
        == 200
    )
    assert c2.post("/v1/deid", json={"text": "Dr. Abara"}, headers=AUTH).status_code == 401


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "bad_json"),
        (
            {"data": "text=hi", "content_type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
        ),
        ({"json": ["a list"]}, 422, "invalid_request"),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"text": 5}}, 422, "invalid_request"),
        ({"json": {"text": "   "}}, 422, "invalid_request"),
        ({"json": {"text": "x" * 200_000}}, 413, "payload_too_large"),
    ],
)
def test_bad_input_is_clear_json(client: FlaskClient, kwargs: dict, status: int, code: str) -> None:
    r = client.post("/v1/deid", headers=AUTH, **kwargs)
    body = r.get_json()
    assert r.status_code == status and body["error"]["code"] == code and body["error"]["message"]
    if status == 422 and "json" in kwargs and isinstance(kwargs["json"], dict):
        assert body["error"]["field"] == "text"


def test_404_405_and_500_503(
    client: FlaskClient, web_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = client.get("/v1/nothing", headers=AUTH)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    r = client.get("/v1/deid", headers=AUTH)
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("secret MOSS ELLEN traceback detail")

    monkeypatch.setattr(web_services.checker, "check", boom)
    r = client.post("/v1/check-doses", json={"text": "naproxen 500 mg"}, headers=AUTH)
    body = r.get_json()
    assert (
        r.status_code == 500
        and "MOSS" not in r.get_data(as_text=True)
        and body["error"]["request_id"]
    )
    monkeypatch.undo()

    def down(*a: object, **k: object) -> None:
        raise BackendUnavailable("the model server is unavailable")

    monkeypatch.setattr(web_services.pipeline, "ask", down)
    r = client.post("/v1/ask", json={"question": "q?"}, headers=AUTH)
    assert r.status_code == 503 and r.get_json()["error"]["code"] == "backend_unavailable"


def test_rate_limit(
    web_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDSS_API_KEYS", "k1,k2")
    c = make_app(web_services, tmp_path, **{"server.rate_limit_per_minute": 2}).test_client()
    codes = [
        c.post(
            "/v1/deid", json={"text": "Dr. Abara"}, headers={"Authorization": "Bearer k1"}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert (
        c.post(
            "/v1/deid", json={"text": "Dr. Abara"}, headers={"Authorization": "Bearer k2"}
        ).status_code
        == 200
    )


def test_routes_deid_check_search_ask(client: FlaskClient) -> None:
    r = client.post("/v1/deid", json={"text": NOTE}, headers=AUTH).get_json()
    assert "[PERSON_1]" in r["text"] and {e["type"] for e in r["entities"]} >= {
        "PERSON",
        "MRN",
        "DATE",
    }
    r = client.post(
        "/v1/check-doses",
        json={"text": "naproxen 750 mg PO TID", "patient": {"egfr": 20}},
        headers=AUTH,
    )
    rules = {f["rule"] for f in r.get_json()["findings"]}
    assert {"max_daily_dose", "renal"} <= rules
    r = client.post(
        "/v1/search", json={"query": "sodium correction limit", "top_k": 2}, headers=AUTH
    ).get_json()
    assert len(r["passages"]) == 2 and r["passages"][0]["doc_id"] == "sodium.md"
    assert (
        client.post("/v1/search", json={"query": "x", "top_k": 0}, headers=AUTH).status_code == 422
    )
    r = client.post(
        "/v1/ask", json={"note": NOTE, "question": "How fast may sodium be raised?"}, headers=AUTH
    )
    data = r.get_json()
    assert r.status_code == 200 and data["request_id"] == r.headers["X-Request-Id"]
    assert any(c["supported"] for c in data["answer"]) and data["dose_findings"]
    assert "MOSS" not in data["deid"]["note"] and "[PERSON_1]" in data["deid"]["note"]


def test_logs_and_audit_carry_no_phi(client: FlaskClient, app: Flask) -> None:
    stream = io.StringIO()
    setup_logging(logging.INFO, stream)
    try:
        client.post(
            "/v1/ask", json={"note": NOTE, "question": "Is nitrofurantoin OK?"}, headers=AUTH
        )
        client.post("/v1/deid", json={"text": NOTE}, headers=AUTH)
        client.post("/v1/check-doses", json={"text": NOTE}, headers=AUTH)
    finally:
        setup_logging(logging.WARNING)
    logs = stream.getvalue()
    lines = [json.loads(x) for x in logs.splitlines()]
    requests = [x for x in lines if x["event"] == "request"]
    assert len(requests) == 3 and all(
        x["request_id"] and x["key_id"] and x["status"] == 200 for x in requests
    )
    assert requests[0]["timings_ms"]["total"] > 0 and requests[2]["findings"] >= 1
    audit = Path(app.config["CDSS"]["server.audit_log"]).read_text()
    for secret in PHI + ("nitrofurantoin", "naproxen", "Is nitrofurantoin OK"):
        assert secret not in logs and secret not in audit
    entries = [json.loads(x) for x in audit.splitlines()]
    assert [e["kind"] for e in entries] == ["ask", "deid", "check-doses"]
    assert (
        entries[0]["note_sha256"] == hashlib.sha256(NOTE.encode()).hexdigest()
        and entries[0]["key_id"]
    )
