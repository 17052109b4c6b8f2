"""CDS Hooks 2.0: discovery, order-sign cards from FHIR prefetch, patient-view, feedback, JWT security."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from flask.testing import FlaskClient

from cdss.web.services import Services
from tests.web.conftest import make_app

pytestmark = pytest.mark.integration
ISS = "https://ehr.example.org"
AUD = "http://localhost/cds-services/cdss-medication-safety"


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {
        "es": ec.generate_private_key(ec.SECP384R1()),
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rogue": ec.generate_private_key(ec.SECP384R1()),
    }


@pytest.fixture
def client(web_services: Services, tmp_path: Path, keys: dict[str, Any]) -> FlaskClient:
    jwks = {
        "keys": [
            dict(
                json.loads(jwt.algorithms.ECAlgorithm.to_jwk(keys["es"].public_key())),
                kid="es1",
                alg="ES384",
            ),
            dict(
                json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys["rsa"].public_key())),
                kid="rs1",
                alg="RS384",
            ),
        ]
    }
    f = tmp_path / "jwks.json"
    f.write_text(json.dumps({"issuers": {ISS: {"jwks": jwks}}}))
    return make_app(
        web_services,
        tmp_path,
        **{
            "server.cds_jwks_file": str(f),
            "server.cds_audience": "http://localhost",
            "server.cds_replay_db": str(tmp_path / "jti.sqlite"),
        },
    ).test_client()


def token(
    keys: dict[str, Any],
    *,
    key: str = "es",
    kid: str = "es1",
    aud: str = AUD,
    iss: str = ISS,
    exp: int = 300,
    jti: str | None = None,
) -> str:
    now = int(time.time())
    alg = "RS384" if key == "rsa" else "ES384"
    return jwt.encode(
        {
            "iss": iss,
            "aud": aud,
            "exp": now + exp,
            "iat": now,
            "jti": jti or uuid.uuid4().hex,
            "sub": "ehr",
        },
        keys[key],
        algorithm=alg,
        headers={"kid": kid},
    )


def med(
    mid: str,
    text: str,
    value: float,
    unit: str,
    freq: int,
    period: float,
    period_unit: str,
    route: str = "PO",
) -> dict:
    return {
        "resourceType": "MedicationRequest",
        "id": mid,
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {"text": text},
        "dosageInstruction": [
            {
                "route": {"text": route},
                "timing": {
                    "repeat": {"frequency": freq, "period": period, "periodUnit": period_unit}
                },
                "doseAndRate": [{"doseQuantity": {"value": value, "unit": unit}}],
            }
        ],
    }


def obs(code: str, value: float, unit: str) -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2025-03-14",
        "valueQuantity": {"value": value, "unit": unit},
    }


def bundle(*res: dict) -> dict:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in res]}


def order_sign(draft: list[dict], **prefetch: Any) -> dict:
    base = {
        "patient": {
            "resourceType": "Patient",
            "id": "p1",
            "gender": "female",
            "birthDate": "1943-02-02",
        },
        "weight": bundle(obs("29463-7", 58, "kg")),
        "renal": bundle(obs("33914-3", 24, "mL/min/1.73m2")),
        "allergies": bundle(
            {
                "resourceType": "AllergyIntolerance",
                "patient": {"reference": "Patient/p1"},
                "code": {"text": "penicillin"},
                "reaction": [{"manifestation": [{"text": "anaphylaxis"}]}],
            }
        ),
        "medications": bundle(med("a1", "warfarin 5 mg tablet", 5, "mg", 1, 1, "d")),
    }
    base.update(prefetch)
    return {
        "hookInstance": str(uuid.uuid4()),
        "hook": "order-sign",
        "fhirServer": None,
        "context": {"userId": "Practitioner/1", "patientId": "p1", "draftOrders": bundle(*draft)},
        "prefetch": base,
    }


def post(client: FlaskClient, keys: dict, path: str, payload: dict, **tok: Any) -> Any:
    return client.post(
        path, json=payload, headers={"Authorization": f"Bearer {token(keys, **tok)}"}
    )


def test_discovery(client: FlaskClient) -> None:
    services = {s["id"]: s for s in client.get("/cds-services").get_json()["services"]}
    assert services["cdss-medication-safety"]["hook"] == "order-sign"
    assert services["cdss-medication-safety-select"]["hook"] == "order-select"
    assert services["cdss-patient-view"]["hook"] == "patient-view"
    assert (
        services["cdss-medication-safety"]["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    )


def test_order_sign_cards(client: FlaskClient, keys: dict) -> None:
    draft = [
        med("d1", "methotrexate 2.5 mg tablet", 15, "mg", 1, 1, "d"),
        med("d2", "naproxen 500 mg tablet", 500, "mg", 3, 1, "d"),
        med("d3", "amoxicillin 500 mg capsule", 500, "mg", 3, 1, "d"),
    ]
    r = post(client, keys, "/cds-services/cdss-medication-safety", order_sign(draft))
    assert r.status_code == 200, r.get_json()
    cards = r.get_json()["cards"]
    summaries = " | ".join(c["summary"] for c in cards)
    assert "once-weekly" in summaries and "warfarin" in summaries and "allergy" in summaries
    for c in cards:
        assert len(c["summary"]) < 140 and c["indicator"] in ("info", "warning", "critical")
        assert (
            c["source"]["label"] and c["source"]["url"].endswith("/panel") and uuid.UUID(c["uuid"])
        )
        assert c["detail"].startswith("**")
    mtx = next(c for c in cards if "once-weekly" in c["summary"])
    assert mtx["indicator"] == "critical" and "> " in mtx["detail"]  # formulary text quoted
    action = mtx["suggestions"][0]["actions"][0]
    assert action["type"] == "update" and action["resource"]["id"] == "d1"
    assert action["resource"]["dosageInstruction"][0]["timing"]["repeat"] == {
        "frequency": 1,
        "period": 1,
        "periodUnit": "wk",
    }
    renal = [
        c
        for c in cards
        if "naproxen" in c["summary"] and ("eGFR" in c["summary"] or "CrCl" in c["summary"])
    ]
    assert renal


def test_patient_view_and_missing_prefetch(client: FlaskClient, keys: dict) -> None:
    r = post(
        client,
        keys,
        "/cds-services/cdss-patient-view",
        {
            "hook": "patient-view",
            "hookInstance": "x",
            "context": {"patientId": "p1"},
            "prefetch": {},
        },
        aud="http://localhost/cds-services/cdss-patient-view",
    )
    card = r.get_json()["cards"][0]
    assert card["links"][0]["url"].endswith("/panel") and card["links"][0]["type"] == "absolute"
    payload = order_sign([med("d1", "naproxen", 500, "mg", 3, 1, "d")])
    del payload["prefetch"]["patient"]
    r = post(client, keys, "/cds-services/cdss-medication-safety", payload)
    assert r.status_code == 412 and r.get_json()["error"]["code"] == "precondition_failed"
    bad = order_sign([{"resourceType": "MedicationRequest", "status": 12}])
    assert post(client, keys, "/cds-services/cdss-medication-safety", bad).status_code == 400


def test_feedback_recorded(client: FlaskClient, keys: dict) -> None:
    fb = {
        "feedback": [
            {
                "card": str(uuid.uuid4()),
                "outcome": "overridden",
                "outcomeTimestamp": "2025-03-14T10:00:00Z",
                "overrideReasons": {"reason": {"code": "benefit-outweighs-risk"}},
            }
        ]
    }
    r = post(
        client,
        keys,
        "/cds-services/cdss-medication-safety/feedback",
        fb,
        aud="http://localhost/cds-services/cdss-medication-safety/feedback",
    )
    assert r.status_code == 200
    assert (
        post(
            client,
            keys,
            "/cds-services/cdss-medication-safety/feedback",
            {"feedback": [{"outcome": "maybe"}]},
            aud="http://localhost/cds-services/cdss-medication-safety/feedback",
        ).status_code
        == 422
    )


def test_jwt_security(client: FlaskClient, keys: dict) -> None:
    payload = order_sign([med("d1", "naproxen", 500, "mg", 3, 1, "d")])
    url = "/cds-services/cdss-medication-safety"
    assert client.post(url, json=payload).status_code == 401
    assert (
        post(client, keys, url, payload, key="rsa", kid="rs1").status_code == 200
    )  # RS384 accepted
    assert post(client, keys, url, payload, key="rogue").status_code == 401  # wrong signing key
    assert post(client, keys, url, payload, iss="https://evil.example").status_code == 401
    assert post(client, keys, url, payload, aud="https://other-service").status_code == 401
    assert post(client, keys, url, payload, exp=-120).status_code == 401
    jti = uuid.uuid4().hex
    assert post(client, keys, url, payload, jti=jti).status_code == 200
    r = post(client, keys, url, payload, jti=jti)
    assert r.status_code == 401 and "replay" in r.get_json()["error"]["message"]
    hs = jwt.encode(
        {"iss": ISS, "aud": AUD, "exp": int(time.time()) + 60, "iat": int(time.time()), "jti": "h"},
        "a-long-enough-hmac-secret-for-the-test-32b",
        algorithm="HS256",
    )
    assert (
        client.post(url, json=payload, headers={"Authorization": f"Bearer {hs}"}).status_code == 401
    )


def test_card_links_never_follow_the_host_header(client: FlaskClient, keys: dict) -> None:
    """A caller-chosen Host must not become the panel link an EHR shows a clinician."""
    r = client.post(
        "/cds-services/cdss-patient-view",
        headers={
            "Authorization": f"Bearer {token(keys, aud='http://localhost/cds-services/cdss-patient-view')}",
            "Host": "evil.example",
        },
        json={
            "hook": "patient-view",
            "hookInstance": "x",
            "context": {"patientId": "p1"},
            "prefetch": {},
        },
    )
    assert r.status_code == 200, r.get_json()
    card = r.get_json()["cards"][0]
    assert card["links"][0]["url"] == "http://localhost/panel" and "evil" not in json.dumps(card)
