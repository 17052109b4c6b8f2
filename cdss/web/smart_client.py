"""Server-side HTTP to the EHR: SMART discovery, the token endpoint and the FHIR reads the panel needs.

Only this server talks to the EHR with the access token; the browser never sees one. Every call has
a timeout and a size cap, and a failure says which step failed without echoing the EHR's reply
(it could carry patient data) into our error or our log.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from cdss.fhir import LOINC, FhirError, medication_line, patient_overrides
from cdss.web.errors import ApiError

TIMEOUT_S = 10
MAX_BYTES = 5_000_000
NOTES = 3  # latest clinical notes offered in the panel
OBSERVATION_CODES = ",".join(
    f"http://loinc.org|{c}"
    for c in ("29463-7", "3141-9", "2160-0", "33914-3", "62238-1", "98979-8", "2823-3")
)


class TokenRejected(Exception):
    """The FHIR server answered 401: the access token expired or was revoked."""


def request_json(
    url: str,
    what: str,
    *,
    token: str | None = None,
    form: dict[str, str] | None = None,
    basic: tuple[str, str] | None = None,
    accept: str = "application/json",
) -> Any:
    headers = {"Accept": accept}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if basic:
        pair = f"{urllib.parse.quote(basic[0])}:{urllib.parse.quote(basic[1])}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:  # noqa: S310 (allow-listed)
            body = resp.read(MAX_BYTES + 1)
            ctype = resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        if exc.code == 401 and token:
            raise TokenRejected(what) from exc
        raise ApiError(502, f"the EHR refused the {what} request (HTTP {exc.code})") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ApiError(502, f"the EHR did not answer the {what} request; try again") from exc
    if len(body) > MAX_BYTES:
        raise ApiError(502, f"the EHR's {what} reply is over {MAX_BYTES} bytes")
    if "json" not in ctype and accept != "application/json":
        return body
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ApiError(502, f"the EHR's {what} reply is not JSON") from exc


def discover(iss: str) -> dict[str, Any]:
    """`.well-known/smart-configuration`, checked for what the launch needs (PKCE S256 included)."""
    conf = request_json(iss.rstrip("/") + "/.well-known/smart-configuration", "SMART discovery")
    if not isinstance(conf, dict) or not all(
        isinstance(conf.get(k), str) for k in ("authorization_endpoint", "token_endpoint")
    ):
        raise ApiError(502, "the EHR's SMART configuration has no authorization or token endpoint")
    if "S256" not in (conf.get("code_challenge_methods_supported") or []):
        raise ApiError(502, "the EHR's SMART configuration does not offer PKCE with S256")
    return conf


def _entries(bundle: Any) -> list[dict[str, Any]]:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return []
    return [
        e["resource"]
        for e in bundle.get("entry") or []
        if isinstance(e, dict) and isinstance(e.get("resource"), dict)
    ]


def _attachment_text(base: str, token: str, att: dict[str, Any]) -> str:
    if att.get("data"):
        return base64.b64decode(att["data"]).decode("utf-8", errors="replace")
    url = str(att.get("url") or "")
    if not url:
        return ""
    if not url.startswith(("http://", "https://")):
        url = f"{base}/{url.lstrip('/')}"
    if not url.startswith(base + "/"):  # an attachment elsewhere would get our token: refuse
        return ""
    body = request_json(url, "note attachment", token=token, accept="text/plain")
    if isinstance(body, dict) and body.get("resourceType") == "Binary":
        return base64.b64decode(body.get("data") or "").decode("utf-8", errors="replace")
    return body.decode("utf-8", errors="replace") if isinstance(body, bytes) else ""


def patient_context(iss: str, token: str, patient: str) -> dict[str, Any]:
    """The latest notes, active medication orders, allergies and the latest weight, creatinine,
    eGFR and potassium, with the dosing context (`patient`) derived from them."""
    base = iss.rstrip("/")
    pid = urllib.parse.quote(patient, safe="")

    def search(path: str, what: str) -> list[dict[str, Any]]:
        return _entries(request_json(f"{base}/{path}", what, token=token))

    resource = request_json(f"{base}/Patient/{pid}", "Patient", token=token)
    docs = search(
        f"DocumentReference?patient={pid}&status=current&_sort=-date&_count={NOTES}", "notes"
    )
    meds = search(f"MedicationRequest?patient={pid}&status=active", "medications")
    allergies = search(f"AllergyIntolerance?patient={pid}&clinical-status=active", "allergies")
    obs = search(f"Observation?patient={pid}&code={OBSERVATION_CODES}&_sort=-date", "labs")
    notes = []
    for d in docs[:NOTES]:
        content = [c.get("attachment") or {} for c in d.get("content") or []]
        text = next(
            (
                t
                for a in content
                if str(a.get("contentType", "text/plain")).startswith("text/")
                for t in [_attachment_text(base, token, a)]
                if t.strip()
            ),
            "",
        )
        if text:
            title = (d.get("type") or {}).get("text") or d.get("description") or "Note"
            notes.append(
                {
                    "id": str(d.get("id", "")),
                    "date": d.get("date", ""),
                    "title": title,
                    "text": text,
                }
            )
    try:
        facts = patient_overrides([resource, *obs, *allergies])
        lines = [medication_line(m)[0] for m in meds]
    except FhirError as exc:
        raise ApiError(502, f"the EHR returned a resource cdss cannot read: {exc}") from exc
    names = resource.get("name") or [{}]
    display = (
        names[0].get("text")
        or " ".join([*(names[0].get("given") or []), names[0].get("family") or ""]).strip()
    )
    return {
        "patient": {"id": patient, "name": display},
        "facts": facts,
        "labs": {k: facts[k] for k in sorted(set(LOINC.values())) if k in facts},
        "notes": notes,
        "medications": lines,
        "allergies": facts.get("allergies", []),
    }
