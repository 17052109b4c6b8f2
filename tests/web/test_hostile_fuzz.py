"""Hostile bodies on every POST route, property-based (issue 13 regressions): whatever arrives (arbitrary JSON with
huge integers, NaN/Infinity, lone surrogates; brackets 10,000 deep; wrong types at every known field; extra fields;
raw bytes), the answer is never a 5xx, and every 4xx is strict JSON with an `error` object."""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from cdss.web.services import Services
from tests.web.conftest import AUTH, KEY, make_app
from tests.web.test_cds_hooks import bundle, med, obs, order_sign

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ISS = "https://ehr.example.org"
SVC = "/cds-services/cdss-medication-safety"
ROUTES = [
    "/v1/deid",
    "/v1/check-doses",
    "/v1/search",
    "/v1/ask",
    SVC,
    SVC + "/feedback",
    "/cds-services/cdss-medication-safety-select",
    "/cds-services/cdss-patient-view",
]
# numbers json.dumps cannot write (or writes as something else): placeholders swapped in after serialising
RAW = {
    "@big-int@": "1" * 5000,
    "@big-neg@": "-" + "9" * 4400,
    "@huge-float@": "1e400",
    "@tiny@": "1e-400",
    "@exp@": "1E+999999999",
    "@neg-zero@": "-0",
    "@long-frac@": "0." + "1" * 5000,
}

# --- values -------------------------------------------------------------------------------------------------------
surrogates = st.characters(categories=["Cs"])
clean = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "naproxen 500 mg PO TID",
            "warfarin 5 mg daily and ibuprofen 400 mg TID",
            "Patient: MOSS, ELLEN MRN 00482913",
            "How fast may sodium be raised?",
            "MedicationRequest/d1",
            "benefit-outweighs-risk",
            "a" * 3000,
            "",
            "   ",
            "\x00",
        ]
    ),
)
texts = st.one_of(
    clean,
    st.text(alphabet=st.one_of(st.characters(), surrogates), max_size=30),
    st.sampled_from(["\ud800", "x\udfffy", "\udbff\udc00"]),
)  # the last pair is valid (U+10FC00)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(sorted(RAW)),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)


def hostile(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right kind of value, sometimes any JSON value at all (the wrong type)."""
    return st.one_of(good, good, good, json_values)


def fields(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[Any]:
    """An object of known fields (each possibly of the wrong type, required ones sometimes missing), sometimes with
    random extra fields."""
    full = st.fixed_dictionaries(
        {k: hostile(v) for k, v in required.items()},
        optional={k: hostile(v) for k, v in optional.items()},
    )
    shaped = st.one_of(
        full,
        full,
        full,
        st.fixed_dictionaries(
            {}, optional={k: hostile(v) for k, v in {**required, **optional}.items()}
        ),
    )
    extras = st.one_of(
        st.just({}), st.just({}), st.dictionaries(texts, json_values, min_size=1, max_size=2)
    )
    return st.tuples(shaped, extras).map(lambda t: {**t[1], **t[0]})


sane = st.floats(min_value=-5, max_value=400, allow_nan=False) | st.integers(-5, 400)
num = st.one_of(sane, sane, numbers)
patient = fields(
    {},
    {
        **{
            f: sane
            for f in (
                "age",
                "age_years",
                "weight_kg",
                "weight",
                "height_cm",
                "egfr",
                "crcl",
                "scr",
                "scr_mg_dl",
                "creatinine",
                "potassium",
                "k",
            )
        },
        "sex": st.sampled_from(["F", "M", "female", "male", "f", "other"]),
        "pregnant": st.booleans(),
        "allergies": st.lists(
            st.one_of(clean, fields({"substance": clean}, {"reaction": clean})), max_size=3
        ),
    },
)
drug = st.sampled_from(
    [
        "naproxen 500 mg tablet",
        "methotrexate 2.5 mg tablet",
        "amoxicillin 500 mg capsule",
        "warfarin 5 mg tablet",
        "metformin",
        "unknownium 3 mg",
    ]
)
med_request = st.builds(
    med,
    clean,
    drug,
    num,
    st.sampled_from(["mg", "g", "mcg", "mL", ""]),
    st.integers(-2, 6) | numbers,
    num,
    st.sampled_from(["h", "d", "wk", "mo", "min", "s"]),
)
resources = st.one_of(
    med_request,
    st.builds(
        obs,
        st.sampled_from(["29463-7", "33914-3", "2160-0", "2823-3", "x"]),
        num,
        st.sampled_from(["kg", "lb", "mL/min/1.73m2", "umol/L", "mg/dL"]),
    ),
    fields(
        {"resourceType": st.just("Patient")},
        {
            "id": clean,
            "gender": st.sampled_from(["female", "male", "x"]),
            "birthDate": st.sampled_from(["1943-02-02", "2030-01-01", "1943"]),
        },
    ),
    fields(
        {
            "resourceType": st.just("AllergyIntolerance"),
            "patient": st.just({"reference": "Patient/p1"}),
        },
        {"code": fields({}, {"text": clean})},
    ),
    json_values,
)
fhir = st.one_of(
    st.lists(resources, max_size=3).map(lambda rs: bundle(*rs)),
    st.lists(resources, max_size=3),
    resources,
)
SHAPES: dict[str, st.SearchStrategy[Any]] = {
    "/v1/deid": fields({"text": clean}, {}),
    "/v1/check-doses": fields({"text": clean}, {"patient": patient}),
    "/v1/search": fields(
        {"query": clean},
        {"top_k": st.integers(-3, 60), "kind": st.sampled_from(["guideline", "formulary", "x"])},
    ),
    "/v1/ask": fields({"question": clean}, {"note": clean, "patient": patient}),
    "cds": fields(
        {},
        {
            "hook": st.sampled_from(["order-sign", "order-select", "patient-view", "x"]),
            "hookInstance": clean,
            "fhirServer": st.none() | clean,
            "context": fields(
                {},
                {
                    "userId": clean,
                    "patientId": clean,
                    "encounterId": clean,
                    "selections": st.lists(clean, max_size=3),
                    "draftOrders": fhir,
                },
            ),
            "prefetch": st.dictionaries(
                st.sampled_from(["patient", "weight", "renal", "allergies", "medications"]) | clean,
                st.none() | fhir,
                max_size=5,
            ),
        },
    ),
    "feedback": fields(
        {
            "feedback": st.lists(
                fields(
                    {
                        "card": st.uuids().map(str) | clean,
                        "outcome": st.sampled_from(["accepted", "overridden", "maybe"]),
                    },
                    {
                        "outcomeTimestamp": clean,
                        "acceptedSuggestions": st.lists(
                            st.dictionaries(clean, json_values, max_size=2), max_size=2
                        ),
                        "overrideReasons": fields(
                            {},
                            {
                                "reason": fields(
                                    {}, {"code": clean, "system": clean, "display": clean}
                                ),
                                "userComment": clean,
                            },
                        ),
                    },
                ),
                max_size=3,
            )
        },
        {},
    ),
}

# well-formed bodies with fuzzed values, so that the handlers behind validation run too
words = st.one_of(
    st.sampled_from(
        [
            "naproxen 750 mg PO TID",
            "methotrexate 15 mg daily, warfarin 5 mg daily",
            "sodium correction",
            "Seen by Dr. Abara, 82-year-old woman, CrCl 24 mL/min",
            "Is nitrofurantoin OK?",
        ]
    ),
    st.text(min_size=1, max_size=40).filter(str.strip),
)
in_range = st.fixed_dictionaries(
    {},
    optional={
        "age": st.integers(0, 130) | st.floats(0, 130),
        "weight_kg": st.floats(0.2, 700),
        "egfr": st.floats(0, 250),
        "crcl": st.floats(0, 300),
        "pregnant": st.booleans(),
        "sex": st.sampled_from(["F", "M"]),
        "allergies": st.lists(words, max_size=2),
    },
)
good_meds = st.lists(
    st.builds(
        med,
        st.sampled_from(["d1", "d2"]),
        drug,
        st.floats(0.1, 2000) | st.integers(1, 2000),
        st.sampled_from(["mg", "g"]),
        st.integers(1, 6),
        st.integers(1, 7),
        st.sampled_from(["h", "d", "wk"]),
    ),
    min_size=1,
    max_size=3,
)
odd_resource = st.fixed_dictionaries(
    {
        "resourceType": st.sampled_from(["Medication", "Observation", "Bundle", "NotAThing", 5]),
        "id": st.just("x"),
    }
)


def cds_call(
    meds: list[dict[str, Any]],
    birth: str,
    contained: list[dict[str, Any]],
    others: list[dict[str, Any]],
) -> dict[str, Any]:
    """A well-formed hook call: valid FHIR dates (a year alone is one), `contained` and extra prefetch resources."""
    first = {**meds[0], "contained": contained} if contained else meds[0]
    patient = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": birth}
    return {
        **order_sign([first, *meds[1:]], patient=patient, medications=bundle(*others)),
        "hook": None,
    }


VALID: dict[str, st.SearchStrategy[Any]] = {
    "/v1/deid": st.fixed_dictionaries({"text": words}),
    "/v1/check-doses": st.fixed_dictionaries({"text": words}, optional={"patient": in_range}),
    "/v1/search": st.fixed_dictionaries(
        {"query": words},
        optional={"top_k": st.integers(1, 50), "kind": st.sampled_from(["guideline", "formulary"])},
    ),
    "/v1/ask": st.fixed_dictionaries(
        {"question": words}, optional={"note": words, "patient": in_range}
    ),
    "cds": st.builds(
        cds_call,
        good_meds,
        st.sampled_from(["1943-02-02", "1900-01-01", "2030-01-01", "1943", "1943-02"]),
        st.lists(odd_resource, max_size=2),
        st.lists(odd_resource, max_size=2),
    ),
    "feedback": st.lists(
        st.fixed_dictionaries(
            {"card": st.uuids().map(str), "outcome": st.sampled_from(["accepted", "overridden"])},
            optional={
                "overrideReasons": st.fixed_dictionaries(
                    {"reason": st.fixed_dictionaries({"code": st.sampled_from(["a", "b-c"])})},
                    optional={"userComment": words},
                )
            },
        ),
        min_size=1,
        max_size=3,
    ).map(lambda items: {"feedback": items}),
}


def encode(value: Any, ascii_only: bool) -> bytes:
    text = json.dumps(value, allow_nan=True, ensure_ascii=ascii_only)
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    return text.encode(
        "utf-8", "surrogatepass"
    )  # lone surrogates become invalid UTF-8 when not escaped


def deep(n: int, opener: str, closed: bool) -> bytes:
    opens = {"[": ("[", "]"), "{": ('{"a":', "}"), "mix": ('[{"text":', "}]")}[opener]
    return (
        opens[0] * n + ("1" if opener != "[" else "") + (opens[1] * n if closed else "")
    ).encode()


def bodies(
    shape: st.SearchStrategy[Any], valid: st.SearchStrategy[Any]
) -> st.SearchStrategy[bytes]:
    as_json = st.builds(
        encode,
        st.one_of(valid, valid, shape, shape, json_values),
        st.sampled_from([True, True, True, False]),
    )
    return st.one_of(
        *[as_json] * 8,
        st.builds(deep, st.integers(30, 12_000), st.sampled_from(["[", "{", "mix"]), st.booleans()),
        st.binary(max_size=300),
        st.tuples(as_json, st.binary(max_size=8)).map(lambda t: t[0] + t[1]),
    )  # trailing garbage


CONTENT_TYPES = st.sampled_from(
    ["application/json"] * 12 + ["application/json; charset=utf-8", "text/plain", ""]
)


def strict_json(raw: bytes) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"response carries {name}, which is not JSON")

    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


class Crashes(logging.Handler):
    """The exception types the app logs for its 500s ("unhandled error", exc_type), to name the bug in a failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.types: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.types.append(str(getattr(record, "exc_type", record.getMessage())))


@pytest.fixture(scope="module")
def es_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP384R1())


@pytest.fixture
def client(
    web_services: Services,
    tmp_path: Path,
    es_key: ec.EllipticCurvePrivateKey,
    monkeypatch: pytest.MonkeyPatch,
) -> FlaskClient:
    monkeypatch.setenv("CDSS_API_KEYS", KEY)
    jwk = dict(
        json.loads(jwt.algorithms.ECAlgorithm.to_jwk(es_key.public_key())), kid="es1", alg="ES384"
    )
    f = tmp_path / "jwks.json"
    f.write_text(json.dumps({"issuers": {ISS: {"jwks": {"keys": [jwk]}}}}))
    return make_app(
        web_services,
        tmp_path,
        **{
            "server.cds_jwks_file": str(f),
            "server.cds_audience": "http://localhost",
            "server.cds_replay_db": str(tmp_path / "jti.sqlite"),
        },
    ).test_client()


def headers_for(path: str, key: ec.EllipticCurvePrivateKey) -> dict[str, str]:
    if path.startswith("/v1/"):
        return AUTH
    now = int(time.time())
    claims = {
        "iss": ISS,
        "aud": "http://localhost" + path.removesuffix("/feedback"),
        "exp": now + 300,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "sub": "ehr",
    }
    return {
        "Authorization": "Bearer "
        + jwt.encode(claims, key, algorithm="ES384", headers={"kid": "es1"})
    }


@pytest.mark.parametrize("path", ROUTES)
def test_hostile_bodies_never_5xx(
    client: FlaskClient, es_key: ec.EllipticCurvePrivateKey, path: str
) -> None:
    kind = "feedback" if path.endswith("/feedback") else "cds" if path.startswith("/cds") else path
    seen: dict[int, int] = {}
    crashes = Crashes()

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(raw=bodies(SHAPES[kind], VALID[kind]), content_type=CONTENT_TYPES)
    def check(raw: bytes, content_type: str) -> None:
        note(f"body[:3000]={raw[:3000]!r} ({len(raw)} bytes), content-type {content_type!r}")
        crashes.types.clear()
        r = client.post(
            path, data=raw, content_type=content_type, headers=headers_for(path, es_key)
        )
        seen[r.status_code] = seen.get(r.status_code, 0) + 1
        assert r.status_code < 500, (
            f"{r.status_code} {crashes.types}: {r.get_data(as_text=True)[:300]}"
        )
        body = strict_json(r.get_data())
        if r.status_code >= 400:
            err = body.get("error") if isinstance(body, dict) else None
            assert (
                isinstance(err, dict) and isinstance(err.get("code"), str) and err.get("message")
            ), body
        else:
            assert r.status_code == 200 and isinstance(body, dict)

    logger = logging.getLogger("cdss.web")
    logger.addHandler(crashes)
    try:
        check()
    finally:
        logger.removeHandler(crashes)
    assert sum(seen.values()) >= 60 and len(seen) >= 2, (
        seen
    )  # the generators reach both rejections and handlers
