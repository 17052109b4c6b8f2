"""Who may call each route, declared on the route: `@public`, `@api_key_required`, `@cds_jwt_required`.

Each decorator marks its view, and `check_routes(app)` refuses to build an app with a route that carries
no mark, so a new route cannot become public by forgetting a decorator (a path-prefix list in a
before_request hook fails open in exactly that case). Failed authentications are logged by kind and
slowed per client address; requests are limited per caller (API key or CDS Hooks issuer).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request

from cdss.web.errors import ApiError

log = logging.getLogger("cdss.web")
View = TypeVar("View", bound=Callable[..., Any])
AUTH_ATTR = (
    "cdss_auth"  # the mark each decorator leaves on its view: "public", "api_key", "cds_jwt"
)


def _mark(view: Callable[..., Any], kind: str) -> None:
    setattr(view, AUTH_ATTR, kind)


def public(view: View) -> View:
    """No credential: health, the panel page and its static files (the panel sends the key itself)."""
    _mark(view, "public")
    return view


def api_key_required(view: View) -> View:
    """`Authorization: Bearer <API key>` from `server.api_keys_file`; scripts and the panel use it."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        authenticate_api_key()
        return view(*args, **kwargs)

    _mark(wrapper, "api_key")
    return wrapper  # type: ignore[return-value]


def cds_jwt_required(view: View) -> View:
    """The EHR's signed JWT (CDS Hooks 2.0); the verified claims are in `g.cds_claims`."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.cds_claims = authenticate_cds_jwt()
        return view(*args, **kwargs)

    _mark(wrapper, "cds_jwt")
    return wrapper  # type: ignore[return-value]


def smart_session_required(view: View) -> View:
    """The SMART session cookie set by /smart/callback (the panel launched from the EHR); state-changing
    requests must also echo the session's CSRF token in X-CSRF-Token. The session is in `g.smart`."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cdss.web.smart_sessions import COOKIE, sessions

        sid = request.cookies.get(COOKIE, "")
        session = sessions().get(sid) if sid else None
        if session is None:
            auth_failed("smart_session")
            raise ApiError(401, "no SMART session: launch cdss from the EHR")
        if request.method != "GET" and not secrets.compare_digest(
            request.headers.get("X-CSRF-Token", ""), str(session["csrf"])
        ):
            auth_failed("smart_csrf")
            raise ApiError(403, "missing or wrong X-CSRF-Token for this SMART session")
        g.smart_sid, g.smart = sid, session
        g.key_id = "smart:" + hashlib.sha256(sid.encode()).hexdigest()[:12]
        rate_limit(g.key_id)
        return view(*args, **kwargs)

    _mark(wrapper, "smart_session")
    return wrapper  # type: ignore[return-value]


def check_routes(app: Flask) -> None:
    """Fail at start-up, naming the route, when a view has no authentication decorator."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is not None and getattr(view, AUTH_ATTR, None) is None:
            raise RuntimeError(
                f"route {rule.rule} ({rule.endpoint}) has no authentication decorator: add @public, "
                "@api_key_required, @cds_jwt_required or @smart_session_required (cdss.web.auth)"
            )


def authenticate_api_key() -> str:
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    keys = current_app.extensions["cdss.keys"]
    key_id = keys.check(token) if token and keys else None
    if key_id is None:
        auth_failed("api_key")
        raise ApiError(401, "missing or invalid API key: send Authorization: Bearer <key>")
    g.key_id = key_id
    rate_limit(key_id)
    return str(key_id)


def authenticate_cds_jwt() -> dict[str, Any]:
    """The EHR's verified claims; a failure is logged by kind and counted against the client address."""
    from cdss.web.cds_auth import verifier

    auth = request.headers.get("Authorization", "")
    try:
        if not auth.lower().startswith("bearer "):
            raise ApiError(
                401, "CDS Hooks requests need Authorization: Bearer <JWT signed by the EHR>"
            )
        claims = verifier().verify(auth[7:].strip(), request.path)
    except ApiError as exc:
        if exc.status == 401:
            auth_failed("cds_jwt")
        raise
    g.key_id = "jwt:" + hashlib.sha256(str(claims["iss"]).encode()).hexdigest()[:12]
    rate_limit(g.key_id)
    return claims


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
