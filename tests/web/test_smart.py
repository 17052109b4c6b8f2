"""SMART App Launch against the loopback EHR fakes: the redirect dance, scopes, PKCE, the rejected
cases, token refresh, CSRF, and no token in responses, cookies readable by scripts, or logs."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cdss.web.services import Services
from tests.web.conftest import make_app
from tests.web.smart_fakes import CLIENT_ID, LAUNCH, NOTE_1, FakeEhr

pytestmark = pytest.mark.integration
V2_SCOPES = (
    "launch openid fhirUser patient/Patient.rs patient/DocumentReference.rs "
    "patient/MedicationRequest.rs patient/AllergyIntolerance.rs patient/Observation.rs"
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def follow_authorize(location: str) -> str:
    """What the browser does at the EHR: GET the authorize URL, read the redirect back to us."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(location, timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302
        return str(exc.headers["Location"])
    raise AssertionError("the fake authorization server did not redirect")


@pytest.fixture
def ehr() -> Iterator[FakeEhr]:
    fake = FakeEhr()
    yield fake
    fake.close()


def smart_app(services: Services, tmp_path: Path, ehr: FakeEhr, **more: object) -> Flask:
    cfg: dict[str, object] = {
        "smart.fhir_servers": ehr.iss,
        "smart.client_id": CLIENT_ID,
        "smart.session_db": str(tmp_path / "smart.sqlite"),
        "smart.cookie_secure": False,  # loopback http in tests
        "server.cds_audience": "http://cdss.test",
        **more,
    }
    return make_app(services, tmp_path, **cfg)


@pytest.fixture
def client(web_services: Services, tmp_path: Path, ehr: FakeEhr) -> FlaskClient:
    return smart_app(web_services, tmp_path, ehr).test_client()


def launch(client: FlaskClient, ehr: FakeEhr, launch_id: str | None = LAUNCH) -> Any:
    """The whole dance; returns the callback response."""
    q = {"iss": ehr.iss, **({"launch": launch_id} if launch_id else {})}
    r = client.get("/smart/launch?" + urllib.parse.urlencode(q))
    assert r.status_code == 302, r.get_json()
    back = urllib.parse.urlparse(follow_authorize(r.headers["Location"]))
    assert back.path == "/smart/callback"
    return client.get("/smart/callback?" + back.query)


def test_ehr_launch_end_to_end(
    client: FlaskClient, ehr: FakeEhr, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    r = launch(client, ehr)
    assert r.status_code == 302 and r.headers["Location"] == "/panel?launch=smart"
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "cdss_smart=" in cookie
    asked = ehr.authorize_requests[0]
    assert asked["scope"] == V2_SCOPES
    assert asked["aud"] == ehr.iss and asked["launch"] == LAUNCH
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["redirect_uri"] == "http://cdss.test/smart/callback" and asked["nonce"]
    token_call = ehr.token_requests[0]
    assert token_call["code_verifier"] and token_call["client_id"] == CLIENT_ID

    ctx = client.get("/smart/context")
    assert ctx.status_code == 200
    data = ctx.get_json()
    assert data["patient"]["id"] == "p1" and data["labs"] == {
        "egfr": 28.0,
        "potassium": 5.9,
        "scr": 1.1,
        "weight_kg": 58.0,
    }
    assert [n["title"] for n in data["notes"]] == ["Clinic note", "Telephone note"]
    assert data["notes"][0]["text"] == NOTE_1 and "bruising" in data["notes"][1]["text"]
    assert any("apixaban" in m for m in data["medications"])
    assert data["allergies"][0]["substance"] == "penicillin"

    ans = client.post(
        "/smart/ask",
        json={"note": NOTE_1, "question": "Is the apixaban dose right for her?"},
        headers={"X-CSRF-Token": data["csrf"]},
    )
    assert ans.status_code == 200, ans.get_json()
    out = ans.get_json()
    # the EHR's facts reached the dose checker: 84 years and 58 kg make apixaban 5 mg BID too high
    # for AF under the dose-reduction criteria, and naproxen at eGFR 28 is flagged
    rules = {(f["rule"], tuple(f["drugs"])) for f in out["dose_findings"]}
    assert any("naproxen" in d for _, d in rules), rules
    assert "Okonkwo" not in out["deid"]["note"]  # de-identification applied to the EHR's note

    # no token anywhere the browser or the logs can see
    seen = json.dumps(data) + json.dumps(out) + cookie
    logs = caplog.text + (tmp_path / "audit.jsonl").read_text()
    for tok in ehr.issued_tokens:
        assert tok not in seen and tok not in logs
    assert "Okonkwo" not in logs and "p1" not in (tmp_path / "audit.jsonl").read_text()


def test_standalone_launch_asks_for_a_patient_picker(client: FlaskClient, ehr: FakeEhr) -> None:
    r = launch(client, ehr, launch_id=None)
    assert r.status_code == 302
    scope = ehr.authorize_requests[0]["scope"].split()
    assert "launch/patient" in scope and "launch" not in scope
    assert "launch" not in ehr.authorize_requests[0]


def test_v1_scopes_for_a_server_without_permission_v2(
    web_services: Services, tmp_path: Path, ehr: FakeEhr
) -> None:
    ehr.capabilities = [c for c in ehr.capabilities if c != "permission-v2"] + ["permission-v1"]
    c = smart_app(web_services, tmp_path, ehr).test_client()
    assert launch(c, ehr).status_code == 302
    scope = ehr.authorize_requests[0]["scope"].split()
    assert "patient/Observation.read" in scope and not any(s.endswith(".rs") for s in scope)


def test_bad_and_reused_state_are_refused(client: FlaskClient, ehr: FakeEhr) -> None:
    r = client.get(f"/smart/launch?iss={urllib.parse.quote(ehr.iss)}&launch={LAUNCH}")
    back = urllib.parse.urlparse(follow_authorize(r.headers["Location"]))
    params = dict(urllib.parse.parse_qsl(back.query))
    forged = client.get("/smart/callback?" + urllib.parse.urlencode({**params, "state": "forged"}))
    assert forged.status_code == 400 and "state" in forged.get_json()["error"]["message"]
    assert client.get("/smart/callback?" + back.query).status_code == 302
    again = client.get("/smart/callback?" + back.query)
    assert again.status_code == 400  # one-time state


def test_wrong_audience_in_the_id_token_is_refused(client: FlaskClient, ehr: FakeEhr) -> None:
    ehr.id_token_aud = "some-other-app"
    r = launch(client, ehr)
    assert r.status_code == 401 and "InvalidAudience" in r.get_json()["error"]["message"]
    assert "Set-Cookie" not in r.headers
    assert client.get("/smart/context").status_code == 401


def test_a_launch_with_the_wrong_aud_is_refused_by_the_ehr(
    web_services: Services, tmp_path: Path, ehr: FakeEhr
) -> None:
    other = FakeEhr()
    try:  # cdss sends aud = the iss it launched from; an EHR expecting another aud refuses
        ehr.iss, real = other.iss, ehr.iss
        c = smart_app(
            web_services, tmp_path, ehr, **{"smart.fhir_servers": other.iss}
        ).test_client()
        r = c.get(f"/smart/launch?iss={urllib.parse.quote(other.iss)}&launch={LAUNCH}")
        location = r.headers["Location"].replace(other.base, ehr.base)
        ehr.iss = real
        back = urllib.parse.urlparse(follow_authorize(location))
        # the state is the other EHR's pending login: the error comes back through our callback
        err = c.get("/smart/callback?" + back.query)
        assert err.status_code == 400 and "invalid_request" in err.get_json()["error"]["message"]
    finally:
        other.close()


def test_missing_patient_context_is_refused(client: FlaskClient, ehr: FakeEhr) -> None:
    ehr.omit_patient = True
    r = launch(client, ehr)
    assert r.status_code == 400 and "no patient context" in r.get_json()["error"]["message"]


def test_unlisted_iss_and_unconfigured_launch(
    client: FlaskClient, web_services: Services, tmp_path: Path
) -> None:
    r = client.get("/smart/launch?iss=https://evil.example/fhir&launch=x")
    assert r.status_code == 400 and "not allowed" in r.get_json()["error"]["message"]
    plain = make_app(web_services, tmp_path).test_client()
    assert plain.get("/smart/launch?iss=x").status_code == 404


def test_expired_token_is_refreshed_then_a_failed_refresh_ends_the_session(
    client: FlaskClient, ehr: FakeEhr
) -> None:
    assert launch(client, ehr).status_code == 302
    ehr.expire_all()  # the FHIR server now rejects the access token
    assert client.get("/smart/context").status_code == 200
    assert [t["grant_type"] for t in ehr.token_requests] == ["authorization_code", "refresh_token"]
    ehr.expire_all()
    ehr.refresh_fails = True
    r = client.get("/smart/context")
    assert r.status_code == 401 and "relaunch" in r.get_json()["error"]["message"]
    assert client.get("/smart/context").status_code == 401  # the session is gone


def test_csrf_token_and_cookie_are_required(client: FlaskClient, ehr: FakeEhr) -> None:
    assert client.get("/smart/context").status_code == 401  # no cookie
    assert launch(client, ehr).status_code == 302
    body = {"note": "", "question": "apixaban dose?"}
    assert client.post("/smart/ask", json=body).status_code == 403
    wrong = client.post("/smart/ask", json=body, headers={"X-CSRF-Token": "nope"})
    assert wrong.status_code == 403
    csrf = client.get("/smart/context").get_json()["csrf"]
    out = client.post("/smart/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 200 and client.get("/smart/context").status_code == 401


def test_session_rows_hold_no_usable_token(
    client: FlaskClient, ehr: FakeEhr, tmp_path: Path
) -> None:
    assert launch(client, ehr).status_code == 302
    raw = (tmp_path / "smart.sqlite").read_bytes()
    for tok in ehr.issued_tokens:
        assert tok.encode() not in raw  # encrypted with a key only the cookie carries
