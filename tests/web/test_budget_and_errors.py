"""A request's time budget, and the 500 path's log line (issue 13 items 2 and 8)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from cdss.web.services import Services
from tests.web.conftest import AUTH, make_app

pytestmark = pytest.mark.integration
LIST = "\n".join(f"metformin {500 + i} mg PO BID" for i in range(600))


def test_a_request_past_its_budget_is_a_503_naming_the_stage(
    web_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDSS_API_KEYS", "test-key-123")
    client = make_app(web_services, tmp_path, **{"server.request_budget_s": 0.000001}).test_client()
    r = client.post("/v1/check-doses", headers=AUTH, json={"text": LIST})
    assert r.status_code == 503, r.get_json()
    err = r.get_json()["error"]
    assert err["code"] == "time_budget_exceeded" and "medication extraction" in err["message"]
    r = client.post(
        "/v1/ask",
        headers=AUTH,
        json={"note": "metformin 500 mg PO BID", "question": "Is metformin ok?"},
    )
    assert r.status_code == 503 and r.get_json()["error"]["code"] == "time_budget_exceeded"


def test_within_budget_the_same_request_succeeds(client: FlaskClient) -> None:
    r = client.post("/v1/check-doses", headers=AUTH, json={"text": LIST})
    assert r.status_code == 200 and len(r.get_json()["medications"]) == 600


def test_unhandled_error_logs_request_id_route_and_type_never_text(
    client: FlaskClient,
    web_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("Rosalind Okafor")

    monkeypatch.setattr(web_services.checker, "check", boom)
    logger = logging.getLogger("cdss.web")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.ERROR, logger="cdss.web"):
            r = client.post(
                "/v1/check-doses",
                headers={**AUTH, "X-Request-Id": "req-500"},
                json={"text": "Rosalind Okafor on metformin 500 mg"},
            )
    finally:
        logger.removeHandler(caplog.handler)
    assert r.status_code == 500 and r.get_json()["error"]["request_id"] == "req-500"
    rec = next(x for x in caplog.records if x.getMessage() == "unhandled error")
    assert (
        rec.request_id == "req-500"
        and rec.route == "/v1/check-doses"
        and rec.exc_type == "RuntimeError"
    )  # type: ignore[attr-defined]
    assert "Rosalind" not in caplog.text and "Rosalind" not in r.get_data(as_text=True)
