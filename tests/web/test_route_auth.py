"""Authentication is declared on each route; an unmarked route stops the app from being built."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from cdss.web.auth import AUTH_ATTR, check_routes, public

EXPECTED = {
    "/healthz": "public",
    "/panel": "public",
    "/panel/": "public",
    "/static/<path:name>": "public",
    "/cds-services": "public",
    "/readyz": "api_key",
    "/openapi.json": "api_key",
    "/v1/deid": "api_key",
    "/v1/check-doses": "api_key",
    "/v1/search": "api_key",
    "/v1/ask": "api_key",
    "/cds-services/<service_id>": "cds_jwt",
    "/cds-services/<service_id>/feedback": "cds_jwt",
    "/smart/launch": "public",
    "/smart/callback": "public",
    "/smart/context": "smart_session",
    "/smart/ask": "smart_session",
    "/smart/logout": "smart_session",
}


def test_every_route_declares_who_may_call_it(app: Flask) -> None:
    marks = {
        r.rule: getattr(app.view_functions[r.endpoint], AUTH_ATTR) for r in app.url_map.iter_rules()
    }
    for rule, kind in EXPECTED.items():
        assert marks[rule] == kind, rule
    assert set(marks) == set(EXPECTED)  # a new route is added here with its mark


def test_a_route_without_a_decorator_is_refused_at_start_up() -> None:
    app = Flask("t", static_folder=None)
    bp = Blueprint("x", __name__)

    @bp.get("/open")
    @public
    def fine() -> Any:
        return "ok"

    @bp.get("/forgotten")
    def forgotten() -> Any:
        return "leak"

    app.register_blueprint(bp)
    with pytest.raises(RuntimeError, match="/forgotten"):
        check_routes(app)


@pytest.mark.parametrize("path", ["/readyz", "/openapi.json"])
def test_key_routes_refuse_without_a_key(client: FlaskClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"


def test_cds_service_routes_refuse_an_api_key_instead_of_a_jwt(client: FlaskClient) -> None:
    from tests.web.conftest import AUTH

    r = client.post("/cds-services/cdss-medication-safety", json={}, headers=AUTH)
    assert r.status_code == 401
    # an unknown service is not revealed to an unauthenticated caller either
    assert client.post("/cds-services/nope", json={}).status_code == 401
