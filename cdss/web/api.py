"""JSON API: /v1/ask, /v1/deid, /v1/check-doses, /v1/search, health, readiness, OpenAPI."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from flask import Blueprint, current_app, g, jsonify

from cdss.errors import Deadline
from cdss.images import ImageInput
from cdss.passages import SEARCH_FIELDS
from cdss.web.auth import api_key_required, public
from cdss.web.body import json_request
from cdss.web.errors import ApiError
from cdss.web.schemas import AskRequest, CheckRequest, DeidRequest, SearchRequest
from cdss.web.services import Services

bp = Blueprint("api", __name__)


def services() -> Services:
    return current_app.extensions["cdss.services"]  # type: ignore[no-any-return]


def text_limit(name: str, value: str, limit: int) -> str:
    """Sizes that come from configuration (the note limit) are checked here; the model checks the rest."""
    if len(value.encode("utf-8", "surrogatepass")) > limit:
        raise ApiError(422, f"field '{name}' is over the {limit}-byte limit", field=name)
    return value


def request_image(data: str, cfg: Any) -> ImageInput:
    """The request's image, decoded, checked against the image.* limits and stripped of metadata."""
    import base64
    import binascii

    from cdss.errors import InputError
    from cdss.images import prepare_image

    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError(422, "field 'image.data' must be base64", field="image.data") from exc
    try:
        return prepare_image(
            raw,
            max_bytes=cfg["image.max_bytes"],
            max_pixels=cfg["image.max_pixels"],
            max_side=cfg["image.max_side"],
        )
    except InputError as exc:
        raise ApiError(422, exc.message, field="image") from exc


def budget() -> Deadline:
    """This request's deadline: `server.request_budget_s` from when it arrived."""
    seconds = float(current_app.config["CDSS"]["server.request_budget_s"])
    return Deadline(max(0.001, seconds - (time.perf_counter() - g.t0)) if seconds else None)


def audit(kind: str, note: str | None, status: int = 200, **extra: Any) -> None:
    entry = {
        "request_id": g.request_id,
        "key_id": g.key_id,
        "kind": kind,
        "status": status,
        **extra,
    }
    if note:
        entry["note_sha256"] = hashlib.sha256(note.encode("utf-8")).hexdigest()
    current_app.extensions["cdss.audit"].record(entry)


@bp.get("/healthz")
@public
def healthz() -> Any:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
@api_key_required
def readyz() -> Any:
    state = services().ready()
    ok = all(state.values())
    resp = jsonify({"ready": ok, "components": state})
    resp.status_code = 200 if ok else 503
    return resp


@bp.get("/openapi.json")
@api_key_required
def openapi() -> Any:
    from cdss.web.openapi import document

    return jsonify(document())


@bp.post("/v1/deid")
@api_key_required
def deid() -> Any:
    req = json_request(DeidRequest)
    text = text_limit("text", req.text, current_app.config["CDSS"]["deid.max_bytes"])
    res = services().deid.deidentify(text)
    g.log = {"entities": res.counts()}
    audit("deid", text)
    return jsonify({"text": res.text, "entities": [e.to_json() for e in res.entities]})


@bp.post("/v1/check-doses")
@api_key_required
def check_doses() -> Any:
    req = json_request(CheckRequest)
    text = text_limit("text", req.text, current_app.config["CDSS"]["deid.max_bytes"])
    patient = req.patient.overrides() if req.patient else None
    report = services().checker.check(text, patient=patient, deadline=budget())
    g.log = {
        "medications": len(report.medications),
        "findings": len(report.findings),
        "critical": sum(f.severity == "critical" for f in report.findings),
    }
    audit("check-doses", text)
    return jsonify(report.to_json())


@bp.post("/v1/search")
@api_key_required
def search() -> Any:
    req = json_request(SearchRequest)
    query, kind = req.query, req.kind
    top_k = req.top_k or current_app.config["CDSS"]["retrieve.top_k"]
    passages = services().retriever.search(query, top_k=top_k, kind=kind)
    g.log = {"passages": len(passages)}
    audit("search", None)
    return jsonify(
        {
            "query": query,
            "passages": [p.to_json(SEARCH_FIELDS) for p in passages],
        }
    )


@bp.post("/v1/ask")
@api_key_required
def ask() -> Any:
    req = json_request(AskRequest)
    cfg = current_app.config["CDSS"]
    note = text_limit("note", req.note, cfg["deid.max_bytes"])
    patient = req.patient.overrides() if req.patient else None
    image = request_image(req.image.data, cfg) if req.image is not None else None
    return jsonify(run_ask(note, req.question, patient, image))


def run_ask(
    note: str,
    question: str,
    patient: dict[str, Any] | None,
    image: ImageInput | None = None,
    kind: str = "ask",
) -> dict[str, Any]:
    """The pipeline's answer as the panel shows it; shared by /v1/ask and the SMART panel's ask."""
    answer, deid = services().pipeline.ask(note, question, patient, deadline=budget(), image=image)
    out = answer.to_json()
    out["text"] = deid.relink(
        out["text"]
    )  # the clinician's view only; logs and audit carry no text
    out["deid"]["note"] = answer.note_deidentified  # "what the model saw"
    out["request_id"] = g.request_id
    g.log = {
        "timings_ms": out["timings_ms"],
        "entities": out["deid"]["entities"],
        "claims": len(out["answer"]),
        "findings": len(out["dose_findings"]),
        "quotes_unverified": out["verification"]["unverified"],
    }
    audit(kind, note, mode=out["mode"])
    return out
