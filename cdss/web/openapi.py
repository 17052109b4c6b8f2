"""OpenAPI 3.0 description of the JSON API, written to match the handlers (tested by a property-based run)."""

from __future__ import annotations

from typing import Any

from cdss import __version__
from cdss.dosing.rules import RULE_NAMES


def _err() -> dict[str, Any]:
    return {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _op(summary: str, req: str | None, resp: str, extra: tuple[int, ...] = ()) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "security": [{"bearer": []}],
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{resp}"}}
                },
            },
            **{str(c): _err() for c in (400, 401, 413, 415, 422, 429, 500, *extra)},
        },
    }
    if req:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{req}"}}},
        }
    return op


STR = {"type": "string"}
NUM = {"type": "number"}
TEXT = {
    "type": "string",
    "minLength": 1,
    "pattern": "\\S",
    "description": "must contain a non-whitespace character",
}
NULLABLE_INT = {"type": "integer", "nullable": True}
FINDING = {
    "type": "object",
    "required": ["rule", "severity", "drugs", "message", "origin", "reference"],
    "properties": {
        "rule": {"type": "string", "enum": RULE_NAMES},
        "severity": {"type": "string", "enum": ["info", "warning", "critical"]},
        "drugs": {"type": "array", "items": STR},
        "message": STR,
        "span": {"type": "array", "items": {"type": "integer"}, "nullable": True},
        "origin": {"type": "string", "enum": ["note", "answer", "order"]},
        "reference": STR,
        "missing": {
            "type": "array",
            "items": STR,
            "description": "not_checked: what the check needed",
        },
    },
}
PASSAGE = {
    "type": "object",
    "required": ["chunk_id", "doc_id", "title", "text", "score"],
    "properties": {
        "chunk_id": STR,
        "doc_id": STR,
        "title": STR,
        "section": STR,
        "page": NULLABLE_INT,
        "text": STR,
        "score": NUM,
    },
}


def _patient() -> dict[str, Any]:
    """The patient object from `schemas.PatientIn`, so the document and the validation share one set of ranges."""
    from cdss.web.schemas import PatientIn

    props: dict[str, Any] = {}
    for name, info in PatientIn.model_fields.items():
        if name in ("sex", "pregnant", "allergies"):
            continue
        num: dict[str, Any] = {"type": "number", "description": info.description or ""}
        for meta in info.metadata:
            if getattr(meta, "ge", None) is not None:
                num["minimum"] = meta.ge
            if getattr(meta, "le", None) is not None:
                num["maximum"] = meta.le
        props[name] = num
    allergy = {
        "oneOf": [
            {"type": "string", "maxLength": 200},
            {
                "type": "object",
                "required": ["substance"],
                "additionalProperties": False,
                "properties": {
                    "substance": {"type": "string", "minLength": 1, "maxLength": 200},
                    "reaction": {"type": "string", "maxLength": 200},
                },
            },
        ]
    }
    props.update(
        {
            "sex": {"type": "string", "enum": ["F", "M", "female", "male"]},
            "pregnant": {"type": "boolean"},
            "allergies": {"type": "array", "items": allergy, "maxItems": 200},
        }
    )
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "overrides of what is read from the note (unknown fields are rejected with 422)",
        "properties": props,
    }


def document() -> dict[str, Any]:
    patient = _patient()
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "cdss clinical decision support API",
            "version": __version__,
            "description": "De-identify notes, check doses, search guidelines and ask questions answered with "
            "verified quotes. All routes but /healthz need Authorization: Bearer <key>.",
        },
        "paths": {
            "/healthz": {
                "get": {
                    "summary": "liveness",
                    "security": [],
                    "responses": {"200": {"description": "alive"}},
                }
            },
            "/readyz": {
                "get": {
                    "summary": "readiness (models loaded, store open)",
                    "security": [{"bearer": []}],
                    "responses": {
                        "200": {"description": "ready"},
                        "503": {"description": "not ready"},
                        "401": _err(),
                        "429": _err(),
                    },
                }
            },
            "/v1/deid": {"post": _op("de-identify a note", "DeidRequest", "DeidResponse")},
            "/v1/check-doses": {
                "post": _op(
                    "check medication statements against the formulary",
                    "CheckRequest",
                    "CheckResponse",
                )
            },
            "/v1/search": {
                "post": _op("hybrid guideline search", "SearchRequest", "SearchResponse", (503,))
            },
            "/v1/ask": {
                "post": _op(
                    "answer a question about a note with verified quotes",
                    "AskRequest",
                    "Answer",
                    (503,),
                )
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": STR,
                                "message": STR,
                                "field": STR,
                                "request_id": STR,
                            },
                        }
                    },
                },
                "DeidRequest": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {"text": TEXT},
                },
                "DeidResponse": {
                    "type": "object",
                    "required": ["text", "entities"],
                    "properties": {
                        "text": STR,
                        "entities": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["start", "end", "type", "score"],
                                "properties": {
                                    "start": {"type": "integer"},
                                    "end": {"type": "integer"},
                                    "type": STR,
                                    "score": NUM,
                                },
                            },
                        },
                    },
                },
                "CheckRequest": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {"text": TEXT, "patient": patient},
                },
                "CheckResponse": {
                    "type": "object",
                    "required": ["medications", "patient", "findings"],
                    "properties": {
                        "medications": {"type": "array", "items": {"type": "object"}},
                        "patient": {"type": "object"},
                        "findings": {"type": "array", "items": FINDING},
                    },
                },
                "SearchRequest": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {**TEXT, "maxLength": 2000},
                        "top_k": {"type": "integer", "minimum": 1, "maximum": 50},
                        "kind": {"type": "string", "enum": ["guideline", "formulary"]},
                    },
                },
                "SearchResponse": {
                    "type": "object",
                    "required": ["query", "passages"],
                    "properties": {"query": STR, "passages": {"type": "array", "items": PASSAGE}},
                },
                "AskRequest": {
                    "type": "object",
                    "required": ["question"],
                    "properties": {
                        "note": STR,
                        "question": {**TEXT, "maxLength": 2000},
                        "patient": patient,
                        "image": {
                            "type": "object",
                            "required": ["data"],
                            "additionalProperties": False,
                            "description": "one PNG, JPEG or DICOM image (base64); metadata is stripped, and a file "
                            "that is not such an image is a 422",
                            "properties": {
                                "data": {"type": "string", "format": "byte", "minLength": 4},
                                "media_type": {
                                    "type": "string",
                                    "enum": ["image/png", "image/jpeg", "application/dicom"],
                                },
                            },
                        },
                    },
                },
                "Answer": {
                    "type": "object",
                    "required": [
                        "question",
                        "mode",
                        "insufficient_evidence",
                        "answer",
                        "text",
                        "sources",
                        "dose_findings",
                        "deid",
                        "model",
                        "timings_ms",
                    ],
                    "properties": {
                        "question": STR,
                        "mode": {"type": "string", "enum": ["extractive", "llm"]},
                        "insufficient_evidence": {"type": "boolean"},
                        "answer": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["text", "supported", "citations"],
                            },
                        },
                        "text": STR,
                        "sources": {"type": "array", "items": PASSAGE},
                        "dose_findings": {"type": "array", "items": FINDING},
                        "deid": {"type": "object"},
                        "model": {"type": "object"},
                        "timings_ms": {"type": "object"},
                        "request_id": STR,
                    },
                },
            },
        },
    }
