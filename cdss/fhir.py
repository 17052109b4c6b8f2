"""FHIR R4 resources (parsed with fhir.resources, R4B models) to dose-checker input.

MedicationRequests become one medication statement line each; Patient,
Observations (weight, eGFR, creatinine, potassium) and AllergyIntolerance
become the checker's patient overrides.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

LOINC = {
    "29463-7": "weight_kg",
    "3141-9": "weight_kg",
    "33914-3": "egfr",
    "62238-1": "egfr",
    "98979-8": "egfr",
    "48642-3": "egfr",
    "2160-0": "scr",
    "38483-4": "scr",
    "2823-3": "potassium",
    "6298-4": "potassium",
}
PERIOD_HOURS = {"h": 1, "d": 24, "wk": 168, "mo": 720, "min": 1 / 60}


class FhirError(ValueError):
    pass


# fhir.resources raises KeyError / TypeError for an unknown or non-string resourceType in contained resources
_INVALID = (ValidationError, KeyError, TypeError, ValueError)


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.errors()[0]["msg"])
    return "unknown or malformed resourceType"


def _age(born: Any, today: date) -> int:
    """Age in whole years from a FHIR date, which may be a year ("1943") or a year and month ("1943-02")."""
    if isinstance(born, date):
        y, m, d = born.year, born.month, born.day
    else:
        parts = [int(x) for x in str(born).split("-")[:3]]
        y, m, d = parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1
    return today.year - y - ((today.month, today.day) < (m, d))


def resources(obj: Any) -> list[dict[str, Any]]:
    """A resource, a Bundle (entries) or a list, flattened to resource dicts."""
    if obj is None:
        return []
    if isinstance(obj, list):
        return [r for o in obj for r in resources(o)]
    if not isinstance(obj, dict):
        raise FhirError("expected a FHIR resource or Bundle object")
    if obj.get("resourceType") == "Bundle":
        try:
            Bundle.model_validate(obj)
        except _INVALID as exc:
            raise FhirError(f"invalid Bundle: {_why(exc)}") from exc
        return [
            e["resource"]
            for e in obj.get("entry") or []
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)
        ]
    return [obj]


def _text(cc: Any) -> str:
    if cc is None:
        return ""
    if cc.text:
        return str(cc.text)
    for c in cc.coding or []:
        if c.display:
            return str(c.display)
    return ""


def medication_line(raw: dict[str, Any]) -> tuple[str, MedicationRequest]:
    try:
        mr = MedicationRequest.model_validate(raw)
    except _INVALID as exc:
        raise FhirError(f"invalid MedicationRequest: {_why(exc)}") from exc
    name = (
        _text(mr.medicationCodeableConcept)
        or (mr.medicationReference.display if mr.medicationReference else "")
        or ""
    )
    parts = [name]
    for d in (mr.dosageInstruction or [])[:1]:
        for dr in d.doseAndRate or []:
            q = dr.doseQuantity
            if q is not None and q.value is not None:
                parts.append(f"{float(q.value):g} {q.unit or q.code or ''}".strip())
                break
        if d.route is not None:
            parts.append(_text(d.route))
        rep = d.timing.repeat if d.timing and d.timing.repeat else None
        if rep is not None and rep.frequency and rep.period and rep.periodUnit in PERIOD_HOURS:
            hours = float(rep.period) * PERIOD_HOURS[rep.periodUnit] / float(rep.frequency)
            parts.append(
                "once weekly"
                if hours == 168
                else f"q{hours:g}h"
                if hours < 24 or hours % 24
                else ("daily" if hours == 24 else f"q{hours:g}h")
            )
        elif d.text:
            parts.append(str(d.text))
        if d.asNeededBoolean:
            parts.append("PRN")
    return " ".join(p for p in parts if p), mr


def patient_overrides(items: list[dict[str, Any]], today: date | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    allergies: list[dict[str, str]] = []
    newest: dict[str, str] = {}
    for raw in items:
        kind = raw.get("resourceType")
        try:
            if kind == "Patient":
                p = Patient.model_validate(raw)
                if p.birthDate:
                    t = today or date.today()
                    out["age"] = _age(p.birthDate, t)
                if p.gender in ("female", "male"):
                    out["sex"] = "F" if p.gender == "female" else "M"
            elif kind == "Observation":
                o = Observation.model_validate(raw)
                codes = [c.code for c in (o.code.coding or []) if c.code] if o.code else []
                key = next((LOINC[c] for c in codes if c in LOINC), None)
                q = o.valueQuantity
                if key and q is not None and q.value is not None:
                    when = str(o.effectiveDateTime or "")
                    if when >= newest.get(key, ""):
                        newest[key] = when
                        value = float(q.value)
                        unit = (q.unit or q.code or "").lower()
                        if key == "weight_kg" and unit in ("lb", "[lb_av]", "lbs"):
                            value *= 0.4536
                        if key == "scr" and unit in ("umol/l", "µmol/l"):
                            value /= 88.4
                        out[key] = round(value, 2)
            elif kind == "AllergyIntolerance":
                a = AllergyIntolerance.model_validate(raw)
                name = _text(a.code)
                if name:
                    reaction = ""
                    if a.reaction and a.reaction[0].manifestation:
                        reaction = _text(a.reaction[0].manifestation[0])
                    allergies.append({"substance": name, "reaction": reaction})
        except _INVALID as exc:
            raise FhirError(f"invalid {kind}: {_why(exc)}") from exc
    if allergies:
        out["allergies"] = allergies
    return out
