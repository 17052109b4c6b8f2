"""Flask application factory: JSON API, CDS Hooks and the sidebar panel.

Errors are always JSON with a stable code; a 500 carries only a generic message
and the request id (the exception goes to the log by type, never the note).
One JSON log line per request: request id, key id, route, status, timings and
counts, never text.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.middleware.proxy_fix import ProxyFix

from cdss.config import Config, load_config
from cdss.errors import CdssError
from cdss.web.auth import check_routes
from cdss.web.errors import ApiError, error_response
from cdss.web.security import AuditLog, KeyStore, RateLimiter
from cdss.web.services import Services

log = logging.getLogger("cdss.web")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
__all__ = ["ApiError", "create_app", "error_response"]


def request_id() -> str:
    """The caller's X-Request-Id when it is a plain token of at most 64 characters, else a new one: the id
    goes into logs and the audit trail, so free text (which could carry a name) never does."""
    given = request.headers.get("X-Request-Id", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:16]


def create_app(
    config: Config | dict[str, Any] | None = None, services: Services | None = None
) -> Flask:
    """`config`: a Config, or a dict of setting overrides (tests), or None for the environment's settings."""
    cfg = config if isinstance(config, Config) else load_config(overrides=config or {})
    app = Flask(__name__, static_folder=None)
    app.config["CDSS"] = cfg
    app.config["MAX_CONTENT_LENGTH"] = cfg["server.max_body_bytes"]
    (services or Services(cfg)).init_app(app)
    app.extensions["cdss.keys"] = KeyStore.from_env(cfg["server.api_keys_file"])
    app.extensions["cdss.ratelimit"] = RateLimiter(cfg["server.rate_limit_per_minute"])
    app.extensions["cdss.authfail"] = RateLimiter(cfg["server.auth_failures_per_minute"])
    app.extensions["cdss.audit"] = AuditLog(cfg["server.audit_log"])
    if cfg["server.proxy_hops"]:
        hops = int(cfg["server.proxy_hops"])
        # client address and scheme only: X-Forwarded-Host is not trusted (nginx passes a client's through)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    from cdss.web.api import bp as api_bp
    from cdss.web.cds_hooks import bp as cds_bp
    from cdss.web.panel import bp as panel_bp
    from cdss.web.smart import bp as smart_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(cds_bp)
    app.register_blueprint(panel_bp)
    app.register_blueprint(smart_bp)
    check_routes(app)

    @app.before_request
    def _start() -> Any:
        g.request_id = request_id()
        g.t0 = time.perf_counter()
        g.log = {}
        g.key_id = None  # set by the route's authentication decorator (cdss.web.auth)
        return None

    @app.after_request
    def _finish(resp: Any) -> Any:
        resp.headers["X-Request-Id"] = g.get("request_id", "")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Cache-Control", "no-store")
        rule = request.url_rule.rule if request.url_rule else request.path[:64]
        log.info(
            "request",
            extra={
                "request_id": g.get("request_id"),
                "key_id": g.get("key_id"),
                "route": rule,
                "method": request.method,
                "status": resp.status_code,
                "ms": round((time.perf_counter() - g.get("t0", time.perf_counter())) * 1000, 1),
                **g.get("log", {}),
            },
        )
        return resp

    @app.errorhandler(ApiError)
    def _api_error(e: ApiError) -> Any:
        return error_response(e.status, e.message, e.code, e.field, e.headers)

    @app.errorhandler(CdssError)
    def _cdss_error(e: CdssError) -> Any:
        status = e.http_status if e.http_status != 500 else 503
        return error_response(status, e.message, e.code)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException) -> Any:
        status = e.code or 500
        messages = {
            404: "no such route; see /openapi.json",
            405: f"method {request.method} not allowed on this route",
            413: f"request body over the {cfg['server.max_body_bytes']}-byte limit",
            400: "malformed request",
        }
        headers = {}
        if isinstance(e, MethodNotAllowed) and e.valid_methods:
            headers["Allow"] = ", ".join(sorted(e.valid_methods))
        return error_response(status, messages.get(status, "error"), headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> Any:
        rule = request.url_rule.rule if request.url_rule else "-"
        log.error(
            "unhandled error",
            extra={"request_id": g.get("request_id"), "route": rule, "exc_type": type(e).__name__},
        )
        return error_response(500, "internal error; quote the request id when reporting it")

    return app
