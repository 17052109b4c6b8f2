"""Flask application factory: JSON API, CDS Hooks and the sidebar panel.

Errors are always JSON with a stable code; a 500 carries only a generic message
and the request id (the exception goes to the log by type, never the note).
One JSON log line per request: request id, key id, route, status, timings and
counts, never text.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from cdss.config import Config, load_config
from cdss.errors import CdssError
from cdss.web.security import AuditLog, KeyStore, RateLimiter
from cdss.web.services import Services

log = logging.getLogger("cdss.web")
PUBLIC_PATHS = ("/healthz", "/panel", "/static/", "/favicon.ico")
CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 412: "precondition_failed",
         413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited",
         500: "internal_error", 503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.field = status, message, code or CODES.get(status, "error"), field


def error_response(status: int, message: str, code: str | None = None, field: str | None = None) -> Any:
    body: dict[str, Any] = {"error": {"code": code or CODES.get(status, "error"), "message": message}}
    if field:
        body["error"]["field"] = field
    if getattr(g, "request_id", None):
        body["error"]["request_id"] = g.request_id
    resp = jsonify(body)
    resp.status_code = status
    return resp


def create_app(config: Config | dict[str, Any] | None = None, services: Services | None = None) -> Flask:
    """`config`: a Config, or a dict of setting overrides (tests), or None for the environment's settings."""
    cfg = config if isinstance(config, Config) else load_config(overrides=config or {})
    app = Flask(__name__, static_folder=None)
    app.config["CDSS"] = cfg
    app.config["MAX_CONTENT_LENGTH"] = cfg["server.max_body_bytes"]
    app.extensions["cdss.services"] = services or Services(cfg)
    app.extensions["cdss.keys"] = KeyStore.from_env(cfg["server.api_keys_file"])
    app.extensions["cdss.ratelimit"] = RateLimiter(cfg["server.rate_limit_per_minute"])
    app.extensions["cdss.audit"] = AuditLog(cfg["server.audit_log"])

    from cdss.web.api import bp as api_bp
    from cdss.web.cds_hooks import bp as cds_bp
    from cdss.web.panel import bp as panel_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(cds_bp)
    app.register_blueprint(panel_bp)

    @app.before_request
    def _start() -> Any:
        g.request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex[:16]
        g.t0 = time.perf_counter()
        g.log = {}
        g.key_id = None
        if request.path.startswith(PUBLIC_PATHS) or request.path.startswith("/cds-services"):
            return None  # CDS Hooks authenticates with the EHR's JWT instead
        keys: KeyStore = app.extensions["cdss.keys"]
        auth = request.headers.get("Authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        key_id = keys.check(token) if token and keys else None
        if key_id is None:
            return error_response(401, "missing or invalid API key: send Authorization: Bearer <key>")
        g.key_id = key_id
        ok, retry = app.extensions["cdss.ratelimit"].allow(key_id)
        if not ok:
            resp = error_response(429, f"rate limit of {cfg['server.rate_limit_per_minute']} requests per minute "
                                       f"exceeded; retry in {retry} s")
            resp.headers["Retry-After"] = str(retry)
            return resp
        return None

    @app.after_request
    def _finish(resp: Any) -> Any:
        resp.headers["X-Request-Id"] = g.get("request_id", "")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Cache-Control", "no-store")
        rule = request.url_rule.rule if request.url_rule else request.path[:64]
        log.info("request", extra={"request_id": g.get("request_id"), "key_id": g.get("key_id"), "route": rule,
                                   "method": request.method, "status": resp.status_code,
                                   "ms": round((time.perf_counter() - g.get("t0", time.perf_counter())) * 1000, 1),
                                   **g.get("log", {})})
        return resp

    @app.errorhandler(ApiError)
    def _api_error(e: ApiError) -> Any:
        return error_response(e.status, e.message, e.code, e.field)

    @app.errorhandler(CdssError)
    def _cdss_error(e: CdssError) -> Any:
        status = e.http_status if e.http_status != 500 else 503
        return error_response(status, e.message, e.code)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException) -> Any:
        status = e.code or 500
        messages = {404: "no such route; see /openapi.json", 405: f"method {request.method} not allowed on {request.path}",
                    413: f"request body over the {cfg['server.max_body_bytes']}-byte limit",
                    400: "malformed request"}
        return error_response(status, messages.get(status, e.description or "error"))

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> Any:
        log.error("unhandled error", extra={"request_id": g.get("request_id"), "exc_type": type(e).__name__})
        return error_response(500, "internal error; quote the request id when reporting it")

    return app
