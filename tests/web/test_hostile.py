"""Hostile requests (issue 13 regressions): each of these was a 500, a wrong status or a leak before the hardening."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from cdss.web.services import Services
from tests.web.conftest import AUTH, KEY, ROOT, make_app
from tests.web.test_cds_hooks import bundle, med, order_sign

pytestmark = pytest.mark.integration
ISS = "https://ehr.example.org"
SVC = "/cds-services/cdss-medication-safety"
FB = SVC + "/feedback"
PV = "/cds-services/cdss-patient-view"
AUD, PV_AUD = "http://localhost" + SVC, "http://localhost" + PV
V1 = ["/v1/deid", "/v1/check-doses", "/v1/search", "/v1/ask"]
DOSE = '{"text": "naproxen 500 mg PO TID", "patient": %s}'
NAPROXEN = med("d1", "naproxen 500 mg tablet", 500, "mg", 3, 1, "d")


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {
        "es": ec.generate_private_key(ec.SECP384R1()),
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }


def cds_app(
    web_services: Services,
    tmp_path: Path,
    keys: dict[str, Any],
    names: tuple[str, ...] = ("es", "rsa"),
    overrides: dict[str, object] | None = None,
) -> Flask:
    jwk = {
        "es": lambda k: jwt.algorithms.ECAlgorithm.to_jwk(k),
        "rsa": lambda k: jwt.algorithms.RSAAlgorithm.to_jwk(k),
    }
    ids = {"es": ("es1", "ES384"), "rsa": ("rs1", "RS384")}
    jwks = {
        "keys": [
            dict(json.loads(jwk[n](keys[n].public_key())), kid=ids[n][0], alg=ids[n][1])
            for n in names
        ]
    }
    f = tmp_path / f"jwks-{'-'.join(names)}.json"
    f.write_text(json.dumps({"issuers": {ISS: {"jwks": jwks}}}))
    cfg = {
        "server.cds_jwks_file": str(f),
        "server.cds_audience": "http://localhost",
        "server.cds_replay_db": str(tmp_path / "jti.sqlite"),
        **(overrides or {}),
    }
    return make_app(web_services, tmp_path, **cfg)


@pytest.fixture
def c(
    web_services: Services, tmp_path: Path, keys: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> FlaskClient:
    """One app serving both the API (key auth) and CDS Hooks (JWT auth)."""
    monkeypatch.setenv("CDSS_API_KEYS", KEY)
    return cds_app(web_services, tmp_path, keys).test_client()


def tok(
    keys: dict[str, Any], key: str = "es", kid: str | None = "es1", aud: str = AUD, **claims: Any
) -> str:
    now = int(time.time())
    payload = {
        "iss": ISS,
        "aud": aud,
        "exp": now + 300,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "sub": "ehr",
        **claims,
    }
    return jwt.encode(
        payload,
        keys[key],
        algorithm="RS384" if key == "rsa" else "ES384",
        headers={"kid": kid} if kid is not None else {},
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def auth(path: str, keys: dict[str, Any]) -> dict[str, str]:
    return AUTH if path.startswith("/v1/") else bearer(tok(keys))


def send(
    client: FlaskClient,
    path: str,
    body: bytes | str | dict[str, Any],
    headers: dict[str, str],
    **kw: Any,
) -> TestResponse:
    raw = (
        json.dumps(body).encode()
        if isinstance(body, dict)
        else body.encode()
        if isinstance(body, str)
        else body
    )
    return client.post(path, data=raw, content_type="application/json", headers=headers, **kw)


def strict(r: TestResponse) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"response carries the non-JSON constant {name}")

    return json.loads(r.get_data(as_text=True), parse_constant=refuse)


def err(
    r: TestResponse, status: int, code: str | None = None, field: str | None = None
) -> dict[str, Any]:
    """`r` is a JSON error of `status` (and `code`; its field starts with `field`)."""
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:500])
    e = strict(r)["error"]
    assert isinstance(e["code"], str) and e["message"]
    assert code is None or e["code"] == code, e
    assert field is None or str(e.get("field", "")).startswith(field), e
    return e  # type: ignore[no-any-return]


# 1. 500s that are now 4xx -------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [*V1, SVC, FB])
@pytest.mark.parametrize("body", ["[" * 10_000, '{"text": ' + "[" * 5_000 + "]" * 5_000 + "}"])
def test_deep_nesting_is_bad_json(
    c: FlaskClient, keys: dict[str, Any], path: str, body: str
) -> None:
    err(send(c, path, body, auth(path, keys)), 400, "bad_json")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/deid", b'{"text": "\\ud800"}', "text"),
        ("/v1/search", b'{"query": "dose \\udfff"}', "query"),
        (
            "/v1/check-doses",
            b'{"text": "x", "patient": {"allergies": ["pen\\ud83d"]}}',
            "patient.allergies",
        ),
        ("/v1/search", b'{"query": "x", "top_k": 1' + b"1" * 5000 + b"}", None),
        ("/v1/check-doses", (DOSE % ('{"age": ' + "9" * 5000 + "}")).encode(), None),
    ],
    ids=[
        "surrogate-text",
        "surrogate-query",
        "surrogate-allergy",
        "5000-digits-top_k",
        "5000-digits-age",
    ],
)
def test_lone_surrogates_and_5000_digit_integers_are_400(
    c: FlaskClient, path: str, body: bytes, field: str | None
) -> None:
    err(send(c, path, body, AUTH), 400, "bad_json", field)


@pytest.mark.parametrize("path", ["/v1/check-doses", "/v1/ask"])
@pytest.mark.parametrize(
    "allergies", [[1, [2]], [{"substance": 3}], [None], [{"substance": "x", "extra": 1}]]
)
def test_allergy_items_of_wrong_type_are_422(
    c: FlaskClient, path: str, allergies: list[Any]
) -> None:
    body = {"text": "naproxen 500 mg", "question": "dose?", "patient": {"allergies": allergies}}
    err(send(c, path, body, AUTH), 422, "invalid_request", "patient.allergies")


def test_age_of_400_digits_is_not_500(c: FlaskClient) -> None:
    r = send(c, "/v1/check-doses", DOSE % ('{"age": 1' + "0" * 400 + "}"), AUTH)
    assert r.status_code in (400, 422), r.get_data(as_text=True)
    err(r, r.status_code, "invalid_request" if r.status_code == 422 else "bad_json")


def fb(**item: Any) -> dict[str, Any]:
    return {"feedback": [{"card": "card-1", "outcome": "overridden", **item}]}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        *[
            (
                SVC,
                {**order_sign([NAPROXEN]), "context": {"patientId": "p1", "selections": v}},
                "context.selections",
            )
            for v in ("MedicationRequest/d1", [1, 2], [["MedicationRequest/d1"]], {"a": 1})
        ],
        *[
            (FB, fb(overrideReasons=v), "feedback.0.overrideReasons")
            for v in (
                [{"reason": {"code": "x"}}],
                "benefit-outweighs-risk",
                {"reason": "benefit"},
                {"reason": {"code": ["x"]}},
            )
        ],
        *[
            (FB, fb(card=v), "feedback.0.card")
            for v in ("c" * 10_240, "card with spaces", "", "card\n1")
        ],
    ],
)
def test_cds_fields_of_wrong_shape_are_422(
    c: FlaskClient, keys: dict[str, Any], path: str, body: dict[str, Any], field: str
) -> None:
    err(send(c, path, body, auth(path, keys)), 422, "invalid_request", field)


def test_deeply_nested_fhir_contained_is_400(c: FlaskClient, keys: dict[str, Any]) -> None:
    res: dict[str, Any] = NAPROXEN
    for _ in range(40):
        res = {"resourceType": "MedicationRequest", "contained": [res]}
    err(send(c, SVC, order_sign([res]), auth(SVC, keys)), 400, "bad_json")


@pytest.mark.parametrize("where", ["contained", "prefetch"])
@pytest.mark.parametrize("rtype", ["NotAThing", 5])
def test_fhir_unknown_resource_type_is_400(
    c: FlaskClient, keys: dict[str, Any], where: str, rtype: Any
) -> None:
    odd = {"resourceType": rtype, "id": "x"}
    payload = (
        order_sign([{**NAPROXEN, "contained": [odd]}])
        if where == "contained"
        else order_sign([NAPROXEN], medications=bundle(odd))
    )
    err(send(c, SVC, payload, auth(SVC, keys)), 400, "bad_request")


@pytest.mark.parametrize("birth", ["1943", "1943-02"])
def test_fhir_partial_birth_date_is_accepted(
    c: FlaskClient, keys: dict[str, Any], birth: str
) -> None:
    """FHIR `date` allows a year or a year and month; a valid Patient must not be a 500."""
    payload = order_sign(
        [NAPROXEN], patient={"resourceType": "Patient", "id": "p1", "birthDate": birth}
    )
    r = send(c, SVC, payload, auth(SVC, keys))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]


# 2. values that parsed wrongly --------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_numbers_are_400_and_the_answer_is_strict_json(
    c: FlaskClient, value: str
) -> None:
    err(send(c, "/v1/check-doses", DOSE % f'{{"age": {value}}}', AUTH), 400, "bad_json")
    err(send(c, "/v1/search", f'{{"query": "x", "top_k": {value}}}', AUTH), 400, "bad_json")


@pytest.mark.parametrize(
    ("patient", "field"),
    [
        ({"pregnant": "no"}, "patient.pregnant"),
        ({"pregnant": "false"}, "patient.pregnant"),
        ({"pregnant": 1}, "patient.pregnant"),
        ({"age": True}, "patient.age"),
        ({"age": "80"}, "patient.age"),
        ({"age": -1}, "patient.age"),
        ({"egrf": 30}, "patient.egrf"),
    ],
)
def test_patient_fields_are_strict(c: FlaskClient, patient: dict[str, Any], field: str) -> None:
    e = err(send(c, "/v1/check-doses", DOSE % json.dumps(patient), AUTH), 422, "invalid_request")
    assert e["field"] == field


def test_valid_patient_is_200(c: FlaskClient) -> None:
    r = send(
        c,
        "/v1/check-doses",
        DOSE % json.dumps({"age": 80, "weight_kg": 58, "egfr": 28, "pregnant": False}),
        AUTH,
    )
    assert r.status_code == 200 and "findings" in strict(r), r.get_data(as_text=True)[:300]


# 3. CDS Hooks JWT -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("names", [("es", "rsa"), ("es",)])
def test_jwt_kid_must_name_a_key_even_with_one_key(
    web_services: Services, tmp_path: Path, keys: dict[str, Any], names: tuple[str, ...]
) -> None:
    client = cds_app(web_services, tmp_path, keys, names).test_client()
    payload = {"hook": "order-sign", "context": {"patientId": "p1"}, "prefetch": {"patient": None}}
    assert send(client, SVC, payload, bearer(tok(keys))).status_code == 200
    for kid in (None, "nope", ""):
        err(send(client, SVC, payload, bearer(tok(keys, kid=kid))), 401, "unauthorized")


@pytest.mark.parametrize(("key", "kid"), [("rsa", "es1"), ("es", "rs1")])
def test_jwt_key_type_must_fit_alg(
    c: FlaskClient, keys: dict[str, Any], key: str, kid: str
) -> None:
    err(
        send(c, PV, {"context": {"patientId": "p1"}}, bearer(tok(keys, key, kid, aud=PV_AUD))),
        401,
        "unauthorized",
    )


def test_jwt_replay_is_401_also_after_a_restart(
    web_services: Services, tmp_path: Path, keys: dict[str, Any]
) -> None:
    body, once = {"context": {"patientId": "p1"}}, bearer(tok(keys, aud=PV_AUD, jti="once-only"))
    first = cds_app(web_services, tmp_path, keys).test_client()
    assert send(first, PV, body, once).status_code == 200
    assert "replay" in err(send(first, PV, body, once), 401, "unauthorized")["message"]
    restarted = cds_app(
        web_services, tmp_path, keys
    ).test_client()  # same server.cds_replay_db file
    assert "replay" in err(send(restarted, PV, body, once), 401, "unauthorized")["message"]
    assert send(restarted, PV, body, bearer(tok(keys, aud=PV_AUD))).status_code == 200


def test_jwt_audience_never_comes_from_the_host_header(
    web_services: Services, tmp_path: Path, keys: dict[str, Any]
) -> None:
    evil = tok(keys, aud="http://evil.example/cds-services/cdss-medication-safety")
    unset = cds_app(
        web_services, tmp_path, keys, overrides={"server.cds_audience": ""}
    ).test_client()
    for token in (tok(keys), evil):
        err(
            send(unset, SVC, {"context": {}}, {**bearer(token), "Host": "evil.example"}),
            503,
            "not_configured",
        )
    c = cds_app(web_services, tmp_path, keys).test_client()
    err(
        send(c, SVC, {"context": {}}, {**bearer(evil), "Host": "evil.example"}), 401, "unauthorized"
    )


def b64(obj: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


CLAIMS = {"iss": ISS, "aud": PV_AUD, "exp": 4_000_000_000, "iat": 1_700_000_000, "jti": "j"}


@pytest.mark.parametrize(
    "token",
    [
        *[
            f"{b64({'alg': alg, 'kid': 'es1'})}.{b64(CLAIMS)}.c2ln"
            for alg in (["ES384"], {"ES384": 1}, None, 384)
        ],
        "A" * 100_000,
    ],
    ids=["alg-list", "alg-object", "alg-null", "alg-number", "100KB"],
)
def test_garbage_bearer_tokens_are_401_json(c: FlaskClient, token: str) -> None:
    """Nothing is verified yet at this point, so a 500 here is reachable by anyone."""
    err(send(c, PV, {"context": {}}, bearer(token)), 401, "unauthorized")


@pytest.mark.parametrize(
    "claim",
    [
        '"exp": "9999999999"',
        '"iat": "0"',
        '"exp": 1e400',
        '"exp": Infinity',
        '"exp": 1' + "0" * 400,
        '"jti": "\\ud800"',
    ],
    ids=[
        "exp-string",
        "iat-string",
        "exp-1e400",
        "exp-Infinity",
        "exp-401-digits",
        "jti-surrogate",
    ],
)
def test_jwt_signed_claims_of_wrong_type_are_401(
    c: FlaskClient, keys: dict[str, Any], claim: str
) -> None:
    now = int(time.time())  # later keys win in JSON objects: `claim` replaces the sane value
    payload = f'{{"iss": "{ISS}", "aud": "{PV_AUD}", "exp": {now + 60}, "iat": {now}, "jti": "{uuid.uuid4().hex}", {claim}}}'
    token = jwt.api_jws.encode(
        payload.encode(), keys["es"], algorithm="ES384", headers={"kid": "es1"}
    )
    err(send(c, PV, {"context": {}}, bearer(token)), 401, "unauthorized")


# 4. logging and audit -------------------------------------------------------------------------------------------
def test_free_text_request_id_is_neither_echoed_nor_audited(c: FlaskClient, tmp_path: Path) -> None:
    r = send(c, "/v1/deid", {"text": "hello"}, {**AUTH, "X-Request-Id": "Jane Doe MRN 123"})
    assert r.status_code == 200 and re.fullmatch(r"[0-9a-f]{16}", r.headers["X-Request-Id"]), (
        r.headers
    )
    audit = tmp_path / "audit.jsonl"
    assert "Jane" not in audit.read_text() and "MRN 123" not in audit.read_text()
    r = send(c, "/v1/deid", {"text": "hello"}, {**AUTH, "X-Request-Id": "abc-123"})
    assert r.status_code == 200 and r.headers["X-Request-Id"] == "abc-123"
    assert json.loads(audit.read_text().splitlines()[-1])["request_id"] == "abc-123"


def test_feedback_comment_is_audited_as_a_boolean_only(
    c: FlaskClient, keys: dict[str, Any], tmp_path: Path
) -> None:
    body = fb(
        overrideReasons={
            "reason": {"code": "benefit-outweighs-risk"},
            "userComment": "Jane Doe declined",
        }
    )
    assert send(c, FB, body, auth(FB, keys)).status_code == 200
    text = (tmp_path / "audit.jsonl").read_text()
    entry = json.loads(text.splitlines()[-1])
    assert (
        entry["override_comment"] is True and entry["override_reason"] == "benefit-outweighs-risk"
    )
    assert "Jane" not in text and "declined" not in text


def test_failed_authentications_are_logged_without_the_key_and_limited(
    web_services: Services,
    tmp_path: Path,
    keys: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("CDSS_API_KEYS", KEY)
    client = cds_app(
        web_services, tmp_path, keys, overrides={"server.auth_failures_per_minute": 3}
    ).test_client()
    logger = logging.getLogger(
        "cdss.web"
    )  # attached directly: another test may have stopped propagation
    logger.addHandler(caplog.handler)
    monkeypatch.setattr(logger, "level", logging.INFO)
    try:
        rs = [
            send(client, "/v1/deid", {"text": "x"}, bearer("guessed-SECRET-key")) for _ in range(4)
        ]
    finally:
        logger.removeHandler(caplog.handler)
    assert [r.status_code for r in rs] == [401, 401, 401, 429]
    err(rs[3], 429, "rate_limited")
    assert int(rs[3].headers["Retry-After"]) > 0
    failed = list(
        {
            id(rec): rec
            for rec in caplog.records
            if rec.name == "cdss.web" and rec.getMessage() == "auth_failed"
        }.values()
    )
    assert len(failed) == 4 and all(getattr(rec, "kind", None) == "api_key" for rec in failed)
    assert not any("SECRET" in str(rec.__dict__) for rec in caplog.records)
    err(
        send(client, PV, {"context": {}}, bearer(tok(keys, kid="nope", aud=PV_AUD))),
        429,
        "rate_limited",
    )  # same address


def test_cds_routes_are_rate_limited_per_issuer(
    web_services: Services, tmp_path: Path, keys: dict[str, Any]
) -> None:
    client = cds_app(
        web_services, tmp_path, keys, overrides={"server.rate_limit_per_minute": 2}
    ).test_client()
    rs = [
        send(client, PV, {"context": {"patientId": "p1"}}, bearer(tok(keys, aud=PV_AUD)))
        for _ in range(3)
    ]
    assert [r.status_code for r in rs] == [200, 200, 429]
    err(rs[2], 429, "rate_limited")
    assert int(rs[2].headers["Retry-After"]) > 0


# 5. smaller -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "size", "stream"),
    [("/v1/search", 20_000, True), ("/v1/deid", 150_000, True), ("/v1/search", 16_384, False)],
)
def test_oversize_body_is_413_also_when_chunked(
    c: FlaskClient, path: str, size: int, stream: bool
) -> None:
    def chunked(
        path: str, raw: bytes
    ) -> TestResponse:  # no Content-Length: the server frames the body
        return c.post(
            path,
            input_stream=io.BytesIO(raw),
            content_type="application/json",
            headers={**AUTH, "Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True},
        )

    assert (
        chunked("/v1/search", b'{"query": "sodium"}').status_code == 200
    )  # chunked bodies are read
    raw = json.dumps({"text": "x" * size, "query": "x"}).encode()
    err(chunked(path, raw) if stream else send(c, path, raw, AUTH), 413, "payload_too_large")


@pytest.mark.parametrize(
    ("path", "method"),
    [("/v1/ask", "POST"), ("/v1/search", "POST"), ("/healthz", "GET"), (SVC, "POST")],
)
def test_405_carries_allow(c: FlaskClient, path: str, method: str) -> None:
    r = c.put(path, headers=AUTH) if method == "GET" else c.get(path, headers=AUTH)
    err(r, 405, "method_not_allowed")
    assert method in [m.strip() for m in r.headers["Allow"].split(",")]


def test_panel_frame_ancestors_and_origins(
    web_services: Services, tmp_path: Path, app: Flask
) -> None:
    default = app.test_client().get("/panel").headers["Content-Security-Policy"]
    assert default.endswith("frame-ancestors 'self'") and "*" not in default
    client = make_app(
        web_services, tmp_path, **{"server.ehr_origins": "https://ehr.example.org"}
    ).test_client()
    for path in ("/panel", "/static/panel.js"):
        csp = client.get(path).headers["Content-Security-Policy"]
        assert csp.endswith("frame-ancestors 'self' https://ehr.example.org") and "*" not in csp
    page = client.get("/panel").get_data(as_text=True)
    assert '<meta name="cdss-ehr-origins" content="https://ehr.example.org">' in page
    r = make_app(web_services, tmp_path, **{"server.ehr_origins": "*"}).test_client().get("/panel")
    err(r, 503, "config_error")  # a wildcard is refused, not served
    assert "*" not in r.headers.get("Content-Security-Policy", "")


def test_panel_js_checks_the_message_origin() -> None:
    js = (ROOT / "web" / "panel.js").read_text(encoding="utf-8")
    handler = js[js.index('addEventListener("message"') :]
    assert re.match(
        r'addEventListener\("message", \(e\) => \{\s*if \(!allowed\.includes\(e\.origin\)\) return;',
        handler,
    )
    assert "allowed = [window.location.origin" in js


def test_allergy_object_without_reaction_is_checked(client: FlaskClient) -> None:
    """Found by the schemathesis run: an allergy object with only `substance` was a KeyError (500)."""
    r = client.post(
        "/v1/check-doses",
        headers=AUTH,
        json={
            "text": "amoxicillin 500 mg PO TID",
            "patient": {"allergies": [{"substance": "penicillin"}]},
        },
    )
    assert r.status_code == 200, r.get_json()
    assert any(f["rule"] == "allergy" for f in r.get_json()["findings"])
