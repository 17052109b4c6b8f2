"""Who may call: failed authentications logged and slowed per client address, requests limited per caller.

Shared by the API-key check (the app factory's before_request) and CDS Hooks' JWT check, so it lives apart
from both: neither the factory nor the blueprints import each other for it.
"""

from __future__ import annotations

import logging

from flask import current_app, g, request

from cdss.web.errors import ApiError

log = logging.getLogger("cdss.web")


def auth_failed(kind: str) -> None:
    """Log a failed authentication (kind and client address, never the credential) and slow down guessing:
    more than `server.auth_failures_per_minute` from one address is a 429."""
    addr = request.remote_addr or "-"
    log.warning(
        "auth_failed",
        extra={
            "request_id": g.get("request_id"),
            "kind": kind,
            "client": addr,
            "route": request.url_rule.rule if request.url_rule else "-",
        },
    )
    ok, retry = current_app.extensions["cdss.authfail"].allow(f"addr:{addr}")
    if not ok:
        raise ApiError(
            429,
            f"too many failed authentications from this address; retry in {retry} s",
            headers={"Retry-After": str(retry)},
        )


def rate_limit(key_id: str) -> None:
    """Per-caller request limit (API key or CDS Hooks issuer)."""
    ok, retry = current_app.extensions["cdss.ratelimit"].allow(key_id)
    if not ok:
        per = current_app.config["CDSS"]["server.rate_limit_per_minute"]
        raise ApiError(
            429,
            f"rate limit of {per} requests per minute exceeded; retry in {retry} s",
            headers={"Retry-After": str(retry)},
        )
