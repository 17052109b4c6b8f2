"""The web layer's one error type and its JSON shape.

Every error a client sees is `{"error": {"code", "message", "field"?, "request_id"}}` with a stable code, so
an EHR integration can branch on `code` and a support desk can find the request by `request_id`. It lives
apart from the app factory so that blueprints import it without importing the factory (no cycle).
"""

from __future__ import annotations

from typing import Any

from flask import g, jsonify

CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with the HTTP status, a message saying what to do, and the offending field when there is one."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.field = (
            status,
            message,
            code or CODES.get(status, "error"),
            field,
        )
        self.headers = headers or {}


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body: dict[str, Any] = {
        "error": {"code": code or CODES.get(status, "error"), "message": message}
    }
    if field:
        body["error"]["field"] = field
    if getattr(g, "request_id", None):
        body["error"]["request_id"] = g.request_id
    resp = jsonify(body)
    resp.status_code = status
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp
