"""Typed request bodies for every route: what a client may send, strictly.

Strict means JSON's own types are honoured: `"pregnant": "no"` is an error rather than True, `"age": true`
is an error rather than 1, a number is finite and within a range a real patient can have. Unknown patient
fields are rejected (a typo such as `"egrf"` must not silently drop the kidney function), while unknown
top-level fields are ignored so EHR integrations can send their own envelope. String sizes that depend on
configuration (note size) are checked by the handlers; sizes fixed by meaning are declared here.
`tests/web/test_openapi.py` checks these against the OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain a non-whitespace character")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Short = Annotated[str, Field(max_length=256)]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")


class Allergy(_Model):
    model_config = ConfigDict(extra="forbid")
    substance: Annotated[str, Field(min_length=1, max_length=200)]
    reaction: Annotated[str, Field(max_length=200)] = ""


def _num(lo: float, hi: float, what: str) -> Any:
    return Field(default=None, ge=lo, le=hi, description=what)


class PatientIn(_Model):
    """Overrides of what is read from the note; units as the names say."""

    model_config = ConfigDict(extra="forbid")
    age: float | None = _num(0, 130, "years")
    age_years: float | None = _num(0, 130, "years")
    sex: Literal["F", "M", "female", "male"] | None = None
    weight_kg: float | None = _num(0.2, 700, "kg")
    weight: float | None = _num(0.2, 700, "kg")
    height_cm: float | None = _num(20, 275, "cm")
    egfr: float | None = _num(0, 250, "mL/min/1.73 m2")
    crcl: float | None = _num(0, 300, "mL/min")
    scr: float | None = _num(0.05, 30, "serum creatinine in mg/dL (divide umol/L by 88.4)")
    scr_mg_dl: float | None = _num(0.05, 30, "mg/dL")
    creatinine: float | None = _num(0.05, 30, "mg/dL")
    scr_umol_l: float | None = _num(4, 2650, "serum creatinine in umol/L")
    potassium: float | None = _num(0.5, 15, "mmol/L")
    k: float | None = _num(0.5, 15, "mmol/L")
    pregnant: bool | None = None
    allergies: (
        Annotated[list[Annotated[str, Field(max_length=200)] | Allergy], Field(max_length=200)]
        | None
    ) = None

    def overrides(self) -> dict[str, Any]:
        """The fields the client set, in the dose checker's `patient` shape."""
        out = self.model_dump(exclude_none=True, exclude_unset=True)
        if "allergies" in out:
            out["allergies"] = [
                a
                if isinstance(a, str)
                else {"substance": a["substance"], "reaction": a.get("reaction", "")}
                for a in out["allergies"]
            ]
        return out


class DeidRequest(_Model):
    text: Text


class CheckRequest(_Model):
    text: Text
    patient: PatientIn | None = None


class SearchRequest(_Model):
    query: Annotated[Text, Field(max_length=2000)]
    top_k: Annotated[int, Field(ge=1, le=50)] | None = None
    kind: Literal["guideline", "formulary"] | None = None


class ImageIn(_Model):
    model_config = ConfigDict(extra="forbid")
    data: Annotated[str, Field(min_length=4, description="base64 of a PNG, JPEG or DICOM file")]
    media_type: Literal["image/png", "image/jpeg", "application/dicom"] | None = None


class AskRequest(_Model):
    note: str = ""
    question: Annotated[Text, Field(max_length=2000)]
    patient: PatientIn | None = None
    image: ImageIn | None = None


class SmartAskRequest(_Model):
    """The SMART panel's question: the note as the clinician kept or edited it; the patient's facts
    come from the EHR on the server, never from the browser."""

    note: str = ""
    question: Annotated[Text, Field(max_length=2000)]


Resource = dict[str, Any]


class CdsContext(BaseModel):
    """CDS Hooks `context`: only the fields we read are typed; the hook may carry others."""

    model_config = ConfigDict(strict=True, extra="allow")
    userId: Short | None = None  # noqa: N815 - CDS Hooks field names
    patientId: Short | None = None  # noqa: N815
    encounterId: Short | None = None  # noqa: N815
    selections: Annotated[list[Short], Field(max_length=500)] | None = None
    draftOrders: Resource | list[Resource] | None = None  # noqa: N815


class CdsRequest(_Model):
    hook: Short | None = None
    hookInstance: Short | None = None  # noqa: N815
    fhirServer: Annotated[str, Field(max_length=2048)] | None = None  # noqa: N815
    context: CdsContext | None = None
    prefetch: dict[Short, Resource | list[Resource] | None] | None = None


class Coding(_Model):
    code: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$")] | None = None
    system: Annotated[str, Field(max_length=512)] | None = None
    display: Annotated[str, Field(max_length=512)] | None = None


class OverrideReasons(_Model):
    reason: Coding | None = None
    userComment: Annotated[str, Field(max_length=2000)] | None = None  # noqa: N815


class FeedbackItem(_Model):
    card: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
    outcome: Literal["accepted", "overridden"]
    outcomeTimestamp: Short | None = None  # noqa: N815
    acceptedSuggestions: Annotated[list[dict[str, Any]], Field(max_length=50)] | None = None  # noqa: N815
    overrideReasons: OverrideReasons | None = None  # noqa: N815


class FeedbackRequest(_Model):
    feedback: Annotated[list[FeedbackItem], Field(min_length=1, max_length=100)]
