"""Loopback fakes written for the SMART tests: an EHR's authorization server (discovery, authorize,
token, JWKS, launch context) and a FHIR R4 server with one synthetic patient.

They check what a real EHR checks (client id, registered redirect URI, PKCE S256 verifier, aud, one-time
codes, bearer tokens on every FHIR read) and record what they were asked, so tests can assert the
scopes requested and that tokens never reach the browser. Knobs turn on the rejected cases.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "cdss-test"
LAUNCH = "launch-ctx-1"
PATIENT = "p1"
NOTE_1 = (
    "Clinic note. Mrs Adaeze Okonkwo-Baptiste, 84, seen with her daughter. Atrial fibrillation on "
    "apixaban 5 mg twice daily. Weight 58 kg, creatinine 1.1. Knee pain: taking naproxen."
)
NOTE_2 = "Telephone note: daughter reports bruising on the forearms since last week."


def _bundle(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": r} for r in resources],
    }


def _obs(code: str, value: float, unit: str, when: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "valueQuantity": {"value": value, "unit": unit},
        "effectiveDateTime": when,
        "subject": {"reference": f"Patient/{PATIENT}"},
    }


def _med(text: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": "active",
        "intent": "order",
        "subject": {"reference": f"Patient/{PATIENT}"},
        "medicationCodeableConcept": {"text": text.split(" ")[0]},
        "dosageInstruction": [{"text": " ".join(text.split(" ")[1:])}],
    }


PATIENT_RESOURCE = {
    "resourceType": "Patient",
    "id": PATIENT,
    "name": [{"given": ["Adaeze"], "family": "Okonkwo-Baptiste"}],
    "gender": "female",
    "birthDate": "1942-03-04",
}
FHIR = {
    "DocumentReference": [
        {
            "resourceType": "DocumentReference",
            "id": "n1",
            "status": "current",
            "date": "2026-11-30T10:00:00Z",
            "type": {"text": "Clinic note"},
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain",
                        "data": base64.b64encode(NOTE_1.encode()).decode(),
                    }
                }
            ],
        },
        {
            "resourceType": "DocumentReference",
            "id": "n2",
            "status": "current",
            "date": "2026-11-29T09:00:00Z",
            "type": {"text": "Telephone note"},
            "content": [{"attachment": {"contentType": "text/plain", "url": "Binary/b2"}}],
        },
    ],
    "MedicationRequest": [_med("apixaban 5 mg PO BID"), _med("naproxen 500 mg PO BID")],
    "AllergyIntolerance": [
        {
            "resourceType": "AllergyIntolerance",
            "patient": {"reference": f"Patient/{PATIENT}"},
            "code": {"text": "penicillin"},
            "reaction": [{"manifestation": [{"text": "anaphylaxis"}]}],
        }
    ],
    "Observation": [
        _obs("29463-7", 58, "kg", "2026-11-30"),
        _obs("2160-0", 1.1, "mg/dL", "2026-11-30"),
        _obs("62238-1", 28, "mL/min/1.73m2", "2026-11-30"),
        _obs("2823-3", 5.9, "mmol/L", "2026-11-30"),
    ],
}


@dataclass
class FakeEhr:
    """Both servers on one loopback port: FHIR under /fhir (the iss), OAuth under /auth."""

    capabilities: list[str] = field(
        default_factory=lambda: [
            "launch-ehr",
            "launch-standalone",
            "client-public",
            "context-ehr-patient",
            "context-standalone-patient",
            "permission-v2",
            "sso-openid-connect",
        ]
    )
    id_token_aud: str | None = None  # set: the id_token names another audience
    omit_patient: bool = False
    expires_in: int = 3600
    refresh_fails: bool = False
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    fhir_requests: list[str] = field(default_factory=list)
    issued_tokens: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict[str, str]] = {}
        self.access: dict[str, float] = {}
        self.refresh: set[str] = set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.iss = self.base + "/fhir"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def expire_all(self) -> None:
        with self.lock:
            self.access = dict.fromkeys(self.access, 0.0)

    # ---- OAuth ----
    def smart_configuration(self) -> dict[str, Any]:
        return {
            "issuer": self.base + "/auth",
            "authorization_endpoint": self.base + "/auth/authorize",
            "token_endpoint": self.base + "/auth/token",
            "jwks_uri": self.base + "/auth/jwks",
            "capabilities": self.capabilities,
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": "ehr-1", "use": "sig", "alg": "RS256"}]}

    def authorize(self, q: dict[str, str]) -> str:
        self.authorize_requests.append(q)
        ok = (
            q.get("response_type") == "code"
            and q.get("client_id") == CLIENT_ID
            and q.get("code_challenge_method") == "S256"
            and q.get("aud") == self.iss
            and q.get("state")
            and q.get("launch", LAUNCH) == LAUNCH
        )
        target = q.get("redirect_uri", "")
        if not ok:
            return (
                target
                + "?"
                + urllib.parse.urlencode({"error": "invalid_request", "state": q.get("state", "")})
            )
        code = secrets.token_urlsafe(16)
        self.codes[code] = q
        return target + "?" + urllib.parse.urlencode({"code": code, "state": q["state"]})

    def _new_access(self) -> str:
        tok = "at-" + secrets.token_urlsafe(24)
        with self.lock:
            self.access[tok] = time.time() + self.expires_in
        self.issued_tokens.append(tok)
        return tok

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        if form.get("grant_type") == "refresh_token":
            if self.refresh_fails or form.get("refresh_token") not in self.refresh:
                return 400, {"error": "invalid_grant"}
            return 200, {
                "access_token": self._new_access(),
                "token_type": "Bearer",
                "expires_in": self.expires_in,
            }
        q = self.codes.pop(form.get("code", ""), None)
        if q is None or form.get("redirect_uri") != q["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(
            b"="
        )
        if challenge.decode() != q["code_challenge"] or form.get("client_id") != CLIENT_ID:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        refresh = "rt-" + secrets.token_urlsafe(24)
        self.refresh.add(refresh)
        self.issued_tokens.append(refresh)
        body: dict[str, Any] = {
            "access_token": self._new_access(),
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "scope": q["scope"],
            "refresh_token": refresh,
        }
        if not self.omit_patient:
            body["patient"] = PATIENT
        if "openid" in q["scope"].split():
            now = int(time.time())
            claims = {
                "iss": self.base + "/auth",
                "aud": self.id_token_aud or CLIENT_ID,
                "sub": "dr1",
                "fhirUser": self.base + "/fhir/Practitioner/dr1",
                "nonce": q.get("nonce", ""),
                "iat": now,
                "exp": now + 300,
            }
            body["id_token"] = jwt.encode(
                claims, self.key, algorithm="RS256", headers={"kid": "ehr-1"}
            )
        return 200, body

    # ---- FHIR ----
    def fhir(self, path: str, auth: str) -> tuple[int, Any, str]:
        self.fhir_requests.append(path)
        tok = auth.removeprefix("Bearer ").strip()
        with self.lock:
            live = self.access.get(tok, 0.0) > time.time()
        if not live:
            return 401, {"resourceType": "OperationOutcome"}, "application/fhir+json"
        route = urllib.parse.urlparse(path).path.removeprefix("/fhir/")
        if route == f"Patient/{PATIENT}":
            return 200, PATIENT_RESOURCE, "application/fhir+json"
        if route == "Binary/b2":
            return 200, NOTE_2.encode(), "text/plain"
        if route in FHIR:
            return 200, _bundle(FHIR[route]), "application/fhir+json"
        return 404, {"resourceType": "OperationOutcome"}, "application/fhir+json"


def _handler(ehr: FakeEhr) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            return None

        def _send(
            self, status: int, body: Any, ctype: str = "application/json", location: str = ""
        ) -> None:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:  # noqa: N802
            url = urllib.parse.urlparse(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/fhir/.well-known/smart-configuration":
                self._send(200, ehr.smart_configuration())
            elif url.path == "/auth/jwks":
                self._send(200, ehr.jwks())
            elif url.path == "/auth/authorize":
                self._send(302, b"", location=ehr.authorize(q))
            elif url.path.startswith("/fhir/"):
                status, body, ctype = ehr.fhir(self.path, self.headers.get("Authorization", ""))
                self._send(status, body, ctype)
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            n = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
            if self.path == "/auth/token":
                status, body = ehr.token(form)
                self._send(status, body)
            else:
                self._send(404, {"error": "not found"})

    return Handler
