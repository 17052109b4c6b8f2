"""Parse a model's reply into a Draft: one JSON object, found inside code fences or
surrounding chatter; anything else is a parse error, never a guess."""

from __future__ import annotations

import json
import re
from typing import Any

from cdss.generate.types import Draft, DraftCitation, DraftClaim, ModelInfo

_THINKING = re.compile(r"<unused94>.*?(?:<unused95>|$)", re.DOTALL)  # MedGemma's thinking block
_FENCE = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


def strip_thinking(raw: str) -> str:
    """MedGemma 27B may think between <unused94>thought and <unused95> before answering: not the answer."""
    return _THINKING.sub("", raw).strip()


def json_candidates(raw: str) -> list[str]:
    out = [m.group(1) for m in _FENCE.finditer(raw)]
    # balanced-brace scan for bare objects in chatter
    depth, start, in_str, esc = 0, -1, False, False
    for i, ch in enumerate(raw):
        if in_str:
            esc = (ch == "\\") and not esc
            if ch == '"' and not esc:
                in_str = False
            continue
        if ch == '"':
            in_str, esc = True, False
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append(raw[start : i + 1])
    return out


def _claims(obj: dict[str, Any]) -> list[DraftClaim]:
    items = obj.get("answer")
    if not isinstance(items, list):
        raise ValueError('"answer" must be a list')
    claims = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("claim"), str):
            raise ValueError('each answer item needs a string "claim"')
        cites = item.get("citations") or []
        if not isinstance(cites, list):
            raise ValueError('"citations" must be a list')
        parsed = [
            DraftCitation(str(c["source"]).strip().strip("[]"), str(c["quote"]))
            for c in cites
            if isinstance(c, dict) and "source" in c and "quote" in c
        ]
        claims.append(DraftClaim(item["claim"].strip(), parsed))
    return claims


def parse_reply(raw: str, model: ModelInfo, tokens: int = 0) -> Draft:
    errors = []
    for cand in json_candidates(strip_thinking(raw)):
        try:
            obj = json.loads(cand)
            if not isinstance(obj, dict) or "answer" not in obj:
                raise ValueError('no "answer" key')
            claims = _claims(obj)
            insufficient = bool(obj.get("insufficient_evidence", False)) or not claims
            return Draft(claims, insufficient, model, raw=raw, tokens_generated=tokens)
        except (ValueError, KeyError, TypeError) as exc:
            errors.append(str(exc))
    reason = errors[0] if errors else "no JSON object in the model output"
    return Draft([], True, model, raw=raw, parse_error=reason, tokens_generated=tokens)
