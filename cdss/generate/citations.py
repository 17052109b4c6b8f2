"""Constrained citations: the model cites sentence ids, the quote is rendered from the source.

The sources go to the model as numbered sentences ([S2.3] ...). The reply is
a JSON object whose citation ids are an enum of exactly the ids shown, which
structured outputs enforce (a JSON schema for OpenAI-compatible servers, a
grammar in the transformers backend). A quote therefore cannot be misquoted:
it is the source's own sentence. The verifier still runs on every quote, so a
backend that ignores the schema is caught, not trusted.
"""

from __future__ import annotations

import json
from typing import Any

from cdss.generate.parse import json_candidates, strip_thinking
from cdss.generate.sentences import Sentence
from cdss.generate.types import Draft, DraftCitation, DraftClaim, ModelInfo

MAX_CLAIMS = 4
MAX_CITES = 3
MAX_CLAIM_CHARS = 300


def render_sentences(sentences: list[Sentence]) -> str:
    """One block per source (title and section once), one line per quotable sentence."""
    blocks: list[str] = []
    current = ""
    for s in sentences:
        if not s.quotable:
            continue
        if s.source.id != current:
            current = s.source.id
            src = s.source
            where = " > ".join(x for x in (src.title, src.section) if x) + (
                f" (page {src.page})" if src.page else ""
            )
            blocks.append(f"Source {src.id}: {where}")
        prefix = f"({s.table_header}) " if s.table_header else ""
        blocks.append(f"[{s.id}] {prefix}{s.text}")
    return "\n".join(blocks) or "(no sources retrieved)"


def answer_schema(ids: list[str]) -> dict[str, Any]:
    """The reply's JSON schema: either insufficient evidence and no claims, or at least one claim whose
    `cite` items are an enum of the sentence ids shown to the model."""
    claim = {
        "type": "object",
        "properties": {
            "claim": {"type": "string", "minLength": 1, "maxLength": MAX_CLAIM_CHARS},
            "cite": {
                "type": "array",
                "items": {"type": "string", "enum": ids},
                "minItems": 1,
                "maxItems": MAX_CITES,
            },
        },
        "required": ["claim", "cite"],
        "additionalProperties": False,
    }
    insufficient = {
        "type": "object",
        "properties": {
            "insufficient_evidence": {"const": True},
            "answer": {"type": "array", "maxItems": 0},
        },
        "required": ["insufficient_evidence", "answer"],
        "additionalProperties": False,
    }
    if not ids:
        return insufficient
    answered = {
        "type": "object",
        "properties": {
            "insufficient_evidence": {"const": False},
            "answer": {"type": "array", "items": claim, "minItems": 1, "maxItems": MAX_CLAIMS},
        },
        "required": ["insufficient_evidence", "answer"],
        "additionalProperties": False,
    }
    return {"anyOf": [answered, insufficient]}


def parse_cited_reply(
    raw: str, sentences: list[Sentence], model: ModelInfo, tokens: int = 0
) -> Draft:
    """Claims with their quotes rendered from the cited sentences. An id that was not shown becomes an
    unverifiable citation (so it is counted and the claim withheld), never a guess."""
    by_id = {s.id: s for s in sentences if s.quotable}
    text = strip_thinking(raw)
    errors: list[str] = []
    for cand in json_candidates(text):
        try:
            obj = json.loads(cand)
            if not isinstance(obj, dict) or not isinstance(obj.get("answer"), list):
                raise ValueError('no "answer" list')
            claims = []
            for item in obj["answer"]:
                if not isinstance(item, dict) or not isinstance(item.get("claim"), str):
                    raise ValueError('each answer item needs a string "claim"')
                cites = item.get("cite") or []
                if not isinstance(cites, list):
                    raise ValueError('"cite" must be a list of sentence ids')
                parsed = []
                for c in cites:
                    sid = str(c).strip().strip("[]")
                    s = by_id.get(sid)
                    parsed.append(
                        DraftCitation(s.source.id, s.text)
                        if s
                        else DraftCitation(sid.split(".")[0], "")
                    )
                claims.append(DraftClaim(item["claim"].strip(), parsed))
            insufficient = bool(obj.get("insufficient_evidence", False)) or not claims
            return Draft(claims, insufficient, model, raw=raw, tokens_generated=tokens)
        except (ValueError, TypeError) as exc:
            errors.append(str(exc))
    reason = errors[0] if errors else "no JSON object in the model output"
    return Draft([], True, model, raw=raw, parse_error=reason, tokens_generated=tokens)
