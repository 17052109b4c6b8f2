"""CDS Hooks 2.0: discovery, medication-safety cards on order-sign/order-select, a patient-view
card linking to the panel, and feedback. Requests carry the EHR's signed JWT, checked strictly
(`cds_auth`); bodies are validated against `schemas.CdsRequest` / `FeedbackRequest`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request

from cdss.fhir import FhirError, medication_line, patient_overrides, resources
from cdss.web.auth import cds_jwt_required, public
from cdss.web.body import json_request
from cdss.web.errors import ApiError
from cdss.web.schemas import CdsRequest, FeedbackRequest

bp = Blueprint("cds_hooks", __name__)
PID = "{{context.patientId}}"
PREFETCH = {
    "patient": f"Patient/{PID}",
    "weight": f"Observation?patient={PID}&code=http://loinc.org|29463-7&_sort=-date&_count=1",
    "renal": f"Observation?patient={PID}&code=http://loinc.org|33914-3,62238-1,98979-8,2160-0&_sort=-date&_count=2",
    "allergies": f"AllergyIntolerance?patient={PID}&clinical-status=active",
    "medications": f"MedicationRequest?patient={PID}&status=active",
}
SERVICES = [
    {
        "hook": "order-sign",
        "id": "cdss-medication-safety",
        "title": "cdss medication safety",
        "description": "Checks draft medication orders against the hospital formulary: dose limits, renal and weight-based "
        "dosing, interactions, duplicates and allergies.",
        "prefetch": PREFETCH,
    },
    {
        "hook": "order-select",
        "id": "cdss-medication-safety-select",
        "title": "cdss medication safety (on select)",
        "description": "The same checks while a medication order is being selected.",
        "prefetch": PREFETCH,
    },
    {
        "hook": "patient-view",
        "id": "cdss-patient-view",
        "title": "cdss guideline assistant",
        "description": "Links to the cdss sidebar panel for guideline questions about this patient.",
        "prefetch": {"patient": f"Patient/{PID}"},
    },
]
BY_ID = {s["id"]: s for s in SERVICES}


def panel_url() -> str:
    """The panel's address in cards: from server.cds_audience (our public URL), not the request's Host header,
    which the caller chooses (a card must never link to a host an attacker named)."""
    base = str(current_app.config["CDSS"]["server.cds_audience"]).rstrip("/")
    return (base or request.host_url.rstrip("/")) + "/panel"


@bp.get("/cds-services")
@public
def discovery() -> Any:
    return jsonify({"services": SERVICES})


def _card(
    summary: str,
    indicator: str,
    detail: str,
    suggestions: list[dict[str, Any]] | None = None,
    links: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": summary[:139],
        "indicator": indicator,
        "detail": detail,
        "source": {
            "label": "cdss formulary checks",
            "url": panel_url(),
        },
    }
    if suggestions:
        card["suggestions"] = suggestions
        card["selectionBehavior"] = "at-most-one"
    if links:
        card["links"] = links
    return card


def _suggestion(finding: Any, order: dict[str, Any]) -> list[dict[str, Any]]:
    """A safe change we can state exactly: weekly-only drugs ordered daily -> once weekly."""
    if finding.rule != "frequency" or "once-weekly" not in finding.message:
        return []
    fixed = json.loads(json.dumps(order))
    for d in fixed.get("dosageInstruction") or []:
        d["timing"] = {"repeat": {"frequency": 1, "period": 1, "periodUnit": "wk"}}
        d.pop("text", None)
    return [
        {
            "label": "Change to once weekly",
            "uuid": str(uuid.uuid4()),
            "isRecommended": True,
            "actions": [
                {
                    "type": "update",
                    "description": "Set the frequency to once weekly",
                    "resource": fixed,
                }
            ],
        }
    ]


def medication_cards(payload: CdsRequest) -> list[dict[str, Any]]:
    prefetch = payload.prefetch or {}
    context = payload.context
    if "patient" not in prefetch and not payload.fhirServer:
        raise ApiError(412, "required prefetch 'patient' is missing and no fhirServer was given")
    try:
        drafts = [
            r
            for r in resources(context.draftOrders if context else None)
            if r.get("resourceType") == "MedicationRequest"
        ]
        selections = set(context.selections or []) if context else set()
        if selections:
            drafts = [
                r for r in drafts if f"MedicationRequest/{r.get('id')}" in selections
            ] or drafts
        others = [
            r
            for k in ("medications",)
            for r in resources(prefetch.get(k))
            if r.get("resourceType") == "MedicationRequest"
        ]
        patient = patient_overrides(
            [
                r
                for k in ("patient", "weight", "renal", "allergies")
                for r in resources(prefetch.get(k))
            ]
        )
        draft_lines = [medication_line(r) for r in drafts]
        other_lines = [medication_line(r)[0] for r in others]
    except FhirError as exc:
        raise ApiError(400, f"FHIR content could not be parsed: {exc}") from exc
    if not draft_lines:
        return []
    from cdss.web.api import services

    checker = services().checker
    text = "\n".join(line for line, _ in draft_lines)
    active = checker.extractor.extract("\n".join(other_lines), origin="note") if other_lines else []
    report = checker.check(text, patient=patient, origin="order", active_from=active)
    cards = []
    drafted = {m.drug for m in report.medications}
    for f in report.findings:
        if (
            f.severity == "info" and f.rule not in ("not_checked", "unknown_drug")
        ) or not drafted & set(f.drugs):
            continue
        order = drafts[min(text[: f.span[0]].count("\n"), len(drafts) - 1)] if f.span else drafts[0]
        quote = _formulary_quote(checker, f)
        detail = (
            f"**{f.message}**\n\n" + (f"> {quote}\n\n" if quote else "") + f"Source: {f.reference}"
        )
        cards.append(_card(f.message, f.severity, detail, _suggestion(f, order)))
    g.log = {"orders": len(draft_lines), "cards": len(cards)}
    return cards


def _formulary_quote(checker: Any, finding: Any) -> str:
    """Verbatim formulary text behind a finding (renal advice, interaction action, or the drug summary)."""
    form = checker.formulary
    drug = form.drugs.get(finding.drugs[0]) if finding.drugs else None
    if finding.rule == "interaction":
        for it in form.interactions:
            if any(
                form.matches(it.a, a) and form.matches(it.b, b)
                for a in finding.drugs
                for b in finding.drugs
                if a != b
            ):
                return str(it.action or it.effect)
    if drug is not None and finding.rule == "renal":
        return next((b.advice for b in drug.renal if b.advice in finding.message), "")
    return drug.summary if drug is not None else ""


@bp.post("/cds-services/<service_id>")
@cds_jwt_required
def call_service(service_id: str) -> Any:
    if service_id not in BY_ID:
        raise ApiError(404, f"no CDS service {service_id!r}; see /cds-services")
    payload = json_request(CdsRequest)
    if payload.hook not in (None, BY_ID[service_id]["hook"]):
        raise ApiError(400, f"service {service_id} handles hook {BY_ID[service_id]['hook']!r}")
    if service_id == "cdss-patient-view":
        link = {
            "label": "Open the cdss guideline panel",
            "url": panel_url(),
            "type": "absolute",
        }
        cards = [
            _card(
                "Ask guideline questions about this patient (cdss)",
                "info",
                "Answers quote the hospital's guidelines and formulary verbatim.",
                links=[link],
            )
        ]
    else:
        cards = medication_cards(payload)
    current_app.extensions["cdss.audit"].record(
        {
            "request_id": g.request_id,
            "key_id": g.key_id,
            "kind": "cds-hooks",
            "service": service_id,
            "cards": len(cards),
        }
    )
    return jsonify({"cards": cards})


@bp.post("/cds-services/<service_id>/feedback")
@cds_jwt_required
def feedback(service_id: str) -> Any:
    if service_id not in BY_ID:
        raise ApiError(404, f"no CDS service {service_id!r}")
    # what reaches the audit log is bounded and typed: the card id (a token), the outcome, the reason code;
    # a clinician's free-text userComment can name the patient, so only its presence is recorded
    for item in json_request(FeedbackRequest).feedback:
        reasons = item.overrideReasons
        code = reasons.reason.code if reasons and reasons.reason else None
        current_app.extensions["cdss.audit"].record(
            {
                "request_id": g.request_id,
                "key_id": g.key_id,
                "kind": "cds-feedback",
                "service": service_id,
                "card": item.card,
                "outcome": item.outcome,
                "override_reason": code,
                "override_comment": bool(reasons and reasons.userComment),
            }
        )
    return jsonify({})
