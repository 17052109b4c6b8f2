"""Reading request bodies safely: size, nesting, numbers and strings checked before any handler sees them.

A hostile body must cost little and end in a 4xx that names the problem. JSON is parsed only after a
linear scan has bounded its nesting (Python's parser recurses, so 10,000 brackets raised RecursionError
deep inside it); `NaN`, `Infinity` and numbers that overflow to infinity are refused at parse time (they
came back out as invalid JSON); lone UTF-16 surrogates are refused (they cannot be encoded to write a
response or a log); integers beyond Python's 4,300-digit limit are a 400, not a 500. Then the body is
validated against a typed model (`cdss.web.schemas`), strict: a boolean is a boolean, a number is finite
and in range, and the error names the field.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from cdss.web.errors import ApiError

MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)  # possessive: no backtracking
_BRACKET = re.compile(rb"[\[\]{}]")
SURROGATE = re.compile("[\ud800-\udfff]")
M = TypeVar("M", bound=BaseModel)


def nesting_depth(raw: bytes) -> int:
    """Deepest bracket nesting outside strings, in one pass (no recursion)."""
    depth = deepest = 0
    for m in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if m.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number; send finite numbers")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _surrogate_path(obj: Any, path: str = "") -> str | None:
    """Where a lone surrogate sits, if anywhere (iterative walk; depth is already bounded)."""
    stack: list[tuple[Any, str]] = [(obj, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, value in item.items():
                if SURROGATE.search(key):
                    return where or "body"
                stack.append((value, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
    return None


def loads(raw: bytes) -> Any:
    """Parse a request body, or raise ApiError 400 saying what is wrong with it."""
    if nesting_depth(raw) > MAX_DEPTH:
        raise ApiError(
            400, f"the JSON body is nested more than {MAX_DEPTH} levels deep", code="bad_json"
        )
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_constant, parse_float=_float)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "the request body is not UTF-8", code="bad_json") from exc
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, NaN, digit limit
        reason = (
            str(exc).split(":")[0][:120] if not isinstance(exc, json.JSONDecodeError) else exc.msg
        )
        raise ApiError(
            400, f"the request body is not valid JSON ({reason})", code="bad_json"
        ) from exc
    where = _surrogate_path(data)
    if where is not None:
        raise ApiError(
            400,
            f"'{where}' holds an unpaired UTF-16 surrogate; send valid Unicode",
            code="bad_json",
            field=where,
        )
    return data


def read_body(limit: int) -> bytes:
    """The raw body, at most `limit` bytes; longer bodies are a 413 whether or not they declare a length."""
    length = request.content_length
    if length is not None and length > limit:
        raise ApiError(413, f"request body over the {limit}-byte limit for this route")
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return b""
    if length is None and not request.environ.get("wsgi.input_terminated"):
        return b""  # no length and a server that does not frame the body: nothing safe to read
    try:
        raw = stream.read(limit + 1) if length is None else stream.read(length)
    except (
        OSError,
        ValueError,
    ) as exc:  # the worker's read deadline, a client gone, broken chunking
        raise ApiError(408, "the request body did not arrive in time; send it in one go") from exc
    if len(raw) > limit:
        raise ApiError(413, f"request body over the {limit}-byte limit for this route")
    return bytes(raw)


def json_body(limit: int) -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "send the request body as JSON with Content-Type: application/json")
    data = loads(read_body(limit))
    if not isinstance(data, dict):
        raise ApiError(422, "the request body must be a JSON object")
    return data


def validate(model: type[M], data: dict[str, Any]) -> M:
    """`data` as `model`, or a 422 naming the first field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = (
            ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
            or "body"
        )
        raise ApiError(422, f"field '{where}': {err['msg']}", field=where) from exc


_UNION_TAGS = {
    "str",
    "Allergy",
    "list[str]",
    "dict[str,any]",
    "list[dict[str,any]]",
    "function-after[_not_blank(), str]",
}


def body_limit(endpoint: str | None, cfg: Any) -> int:
    """The body limit that fits each route: a search query is small, a note is at most `deid.max_bytes` (twice
    that as escaped JSON), a CDS Hooks call carries orders and prefetch; never above `server.max_body_bytes`."""
    note = 2 * int(cfg["deid.max_bytes"]) + 65_536
    image = (
        4 * int(cfg["image.max_bytes"]) // 3 + 4096
    )  # an image travels as base64 in the JSON body
    limits = {
        "api.search": 16_384,
        "api.deid": note,
        "api.check_doses": note,
        "api.ask": note + image,
        "cds_hooks.call_service": int(cfg["server.cds_max_body_bytes"]),
        "cds_hooks.feedback": 65_536,
        "smart.ask": note,
        "smart.logout": 1024,
    }
    return min(
        limits.get(endpoint or "", int(cfg["server.max_body_bytes"])),
        int(cfg["server.max_body_bytes"]),
    )


def json_request(model: type[M]) -> M:
    """The current request's body as `model`, under its route's limit."""
    from flask import current_app

    return validate(model, json_body(body_limit(request.endpoint, current_app.config["CDSS"])))
