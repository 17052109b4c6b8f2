"""JSON API: /v1/ask, /v1/deid, /v1/check-doses, /v1/search, health, readiness, OpenAPI."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request

from cdss.web import ApiError
from cdss.web.services import Services

bp = Blueprint("api", __name__)


def services() -> Services:
    return current_app.extensions["cdss.services"]  # type: ignore[no-any-return]


def body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "send the request body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=False)
    try:
        data = json.loads(raw or b"")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, "the request body is not valid JSON", code="bad_json") from exc
    if not isinstance(data, dict):
        raise ApiError(422, "the request body must be a JSON object")
    return data


def field(data: dict[str, Any], name: str, kind: type, *, required: bool = True, default: Any = None,
          max_len: int | None = None, minimum: int | None = None, maximum: int | None = None, choices: tuple = ()) -> Any:
    if name not in data or data[name] is None:
        if required:
            raise ApiError(422, f"field '{name}' is required", field=name)
        return default
    value: Any = data[name]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise ApiError(422, f"field '{name}' must be a {kind.__name__}", field=name)
    return _check(name, value, kind, required, max_len, minimum, maximum, choices)


def _check(name: str, value: Any, kind: type, required: bool, max_len: int | None, minimum: int | None,
           maximum: int | None, choices: tuple) -> Any:
    if max_len is not None and isinstance(value, str) and len(value.encode("utf-8")) > max_len:
        raise ApiError(422, f"field '{name}' is over the {max_len}-byte limit", field=name)
    if kind is str and required and not value.strip():
        raise ApiError(422, f"field '{name}' must not be empty", field=name)
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise ApiError(422, f"field '{name}' must be between {minimum} and {maximum}", field=name)
    if choices and value not in choices:
        raise ApiError(422, f"field '{name}' must be one of {', '.join(choices)}", field=name)
    return value


def audit(kind: str, note: str | None, status: int = 200, **extra: Any) -> None:
    entry = {"request_id": g.request_id, "key_id": g.key_id, "kind": kind, "status": status, **extra}
    if note:
        entry["note_sha256"] = hashlib.sha256(note.encode("utf-8")).hexdigest()
    current_app.extensions["cdss.audit"].record(entry)


@bp.get("/healthz")
def healthz() -> Any:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Any:
    state = services().ready()
    ok = all(state.values())
    resp = jsonify({"ready": ok, "components": state})
    resp.status_code = 200 if ok else 503
    return resp


@bp.get("/openapi.json")
def openapi() -> Any:
    from cdss.web.openapi import document

    return jsonify(document())


@bp.post("/v1/deid")
def deid() -> Any:
    data = body()
    limit = current_app.config["CDSS"]["deid.max_bytes"]
    text = field(data, "text", str, max_len=limit)
    res = services().deid.deidentify(text)
    g.log = {"entities": res.counts()}
    audit("deid", text)
    return jsonify({"text": res.text, "entities": [e.to_json() for e in res.entities]})


@bp.post("/v1/check-doses")
def check_doses() -> Any:
    data = body()
    text = field(data, "text", str, max_len=current_app.config["CDSS"]["deid.max_bytes"])
    patient = field(data, "patient", dict, required=False)
    report = services().checker.check(text, patient=patient)
    g.log = {"medications": len(report.medications), "findings": len(report.findings),
             "critical": sum(f.severity == "critical" for f in report.findings)}
    audit("check-doses", text)
    return jsonify(report.to_json())


@bp.post("/v1/search")
def search() -> Any:
    data = body()
    query = field(data, "query", str, max_len=2000)
    top_k = field(data, "top_k", int, required=False, default=current_app.config["CDSS"]["retrieve.top_k"], minimum=1,
                  maximum=50)
    kind = field(data, "kind", str, required=False, choices=("guideline", "formulary"))
    passages = services().retriever.search(query, top_k=top_k, kind=kind)
    g.log = {"passages": len(passages)}
    audit("search", None)
    keep = ("chunk_id", "doc_id", "title", "section", "page", "text", "score")
    return jsonify({"query": query, "passages": [{k: v for k, v in p.to_json().items() if k in keep} for p in passages]})


@bp.post("/v1/ask")
def ask() -> Any:
    data = body()
    cfg = current_app.config["CDSS"]
    note = field(data, "note", str, required=False, default="", max_len=cfg["deid.max_bytes"])
    question = field(data, "question", str, max_len=2000)
    patient = field(data, "patient", dict, required=False)
    answer, deid = services().pipeline.ask(note, question, patient)
    out = answer.to_json()
    out["text"] = deid.relink(out["text"])  # the clinician's view only; logs and audit carry no text
    out["deid"]["note"] = answer.note_deidentified  # "what the model saw"
    out["request_id"] = g.request_id
    g.log = {"timings_ms": out["timings_ms"], "entities": out["deid"]["entities"], "claims": len(out["answer"]),
             "findings": len(out["dose_findings"]), "quotes_unverified": out["verification"]["unverified"]}
    audit("ask", note, mode=out["mode"])
    return jsonify(out)
