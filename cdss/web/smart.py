"""SMART App Launch 2.x: the panel launched from the EHR (EHR launch) or on its own (standalone).

    EHR  --GET /smart/launch?iss=FHIR&launch=X-->  cdss  --302 authorize (PKCE S256, state, nonce)-->
    EHR authorization server  --302 /smart/callback?code&state-->  cdss  --POST token (code_verifier)-->
    cdss keeps the tokens server-side and sets an HttpOnly, SameSite cookie  --302-->  /panel

Only allow-listed FHIR servers (`smart.fhir_servers`) may launch us: an `iss` chosen by whoever built
the launch link would otherwise receive our client id and the user's authorization code. The state is
one-time, the id_token is checked (signature by the EHR's JWKS, audience = our client id, issuer,
nonce), a token response without a patient is refused, and expired access tokens are refreshed on the
server. The browser holds a random session id and a CSRF token, never an access token; logs carry no
token, no patient id and no FHIR content (the request log line has route, status and timings).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
import urllib.parse
from typing import Any

import jwt
from flask import Blueprint, current_app, g, jsonify, redirect, request

from cdss.web.auth import public, smart_session_required
from cdss.web.body import json_request
from cdss.web.errors import ApiError
from cdss.web.schemas import SmartAskRequest
from cdss.web.smart_client import TokenRejected, discover, patient_context, request_json
from cdss.web.smart_sessions import COOKIE, sessions

bp = Blueprint("smart", __name__)
ID_TOKEN_ALGS = ["RS256", "ES256", "RS384", "ES384"]


def _cfg(name: str) -> Any:
    return current_app.config["CDSS"][f"smart.{name}"]


def allowed_servers() -> list[str]:
    return [s.strip().rstrip("/") for s in str(_cfg("fhir_servers")).split(",") if s.strip()]


def redirect_uri() -> str:
    base = str(current_app.config["CDSS"]["server.cds_audience"]).rstrip("/")
    return str(_cfg("redirect_uri")) or (base or request.host_url.rstrip("/")) + "/smart/callback"


def scopes(conf: dict[str, Any], standalone: bool) -> str:
    """Our v2 scopes, as v1 `.read` scopes for a server that does not announce permission-v2."""
    wanted = str(_cfg("scopes")).split()
    if standalone:
        wanted = ["launch/patient" if s == "launch" else s for s in wanted]
    caps = set(conf.get("capabilities") or [])
    if "permission-v2" not in caps and "permission-v1" in caps:
        wanted = [s.replace(".rs", ".read") if s.startswith("patient/") else s for s in wanted]
    return " ".join(wanted)


def _client_auth(form: dict[str, str]) -> tuple[str, str] | None:
    import os

    secret = os.environ.get(str(_cfg("client_secret_env")), "")
    if secret:
        return (str(_cfg("client_id")), secret)
    form["client_id"] = str(_cfg("client_id"))  # public client: PKCE proves the caller
    return None


@bp.get("/smart/launch")
@public
def launch() -> Any:
    iss = request.args.get("iss", "").rstrip("/")
    launch_id = request.args.get("launch", "")
    if not allowed_servers() or not _cfg("client_id"):
        raise ApiError(
            404, "SMART launch is not configured: set smart.fhir_servers and smart.client_id"
        )
    if iss not in allowed_servers():
        raise ApiError(
            400, "this FHIR server (iss) is not allowed to launch cdss; see smart.fhir_servers"
        )
    conf = discover(iss)
    verifier = secrets.token_urlsafe(64)
    nonce = secrets.token_urlsafe(24)
    state = sessions().begin(
        {
            "iss": iss,
            "verifier": verifier,
            "nonce": nonce,
            "conf": conf,
            "standalone": not launch_id,
        }
    )
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    params = {
        "response_type": "code",
        "client_id": str(_cfg("client_id")),
        "redirect_uri": redirect_uri(),
        "scope": scopes(conf, standalone=not launch_id),
        "state": state,
        "aud": iss,
        "nonce": nonce,
        "code_challenge": challenge.decode(),
        "code_challenge_method": "S256",
    }
    if launch_id:
        params["launch"] = launch_id
    return redirect(conf["authorization_endpoint"] + "?" + urllib.parse.urlencode(params), 302)


def _check_id_token(token: str, conf: dict[str, Any], nonce: str) -> dict[str, Any]:
    try:
        jwks = (
            request_json(str(conf.get("jwks_uri") or ""), "JWKS") if conf.get("jwks_uri") else None
        )
        if not jwks:
            raise ApiError(
                401, "the EHR's SMART configuration has no jwks_uri to check the id_token"
            )
        kid = jwt.get_unverified_header(token).get("kid")
        keys = jwt.PyJWKSet.from_dict(jwks).keys
        key = next((k for k in keys if kid is None or k.key_id == kid), None)
        if key is None:
            raise ApiError(401, "the id_token is signed by a key the EHR does not publish")
        claims = jwt.decode(
            token,
            key.key,
            algorithms=ID_TOKEN_ALGS,
            audience=str(_cfg("client_id")),
            issuer=conf.get("issuer") or None,
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            leeway=30,
        )
    except jwt.PyJWTError as exc:
        raise ApiError(401, f"the EHR's id_token was refused ({type(exc).__name__})") from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise ApiError(401, "the id_token's nonce does not match this login")
    return dict(claims)


@bp.get("/smart/callback")
@public
def callback() -> Any:
    if request.args.get("error"):
        code = "".join(c for c in request.args["error"][:40] if c.isalnum() or c == "_")
        raise ApiError(400, f"the EHR refused the launch ({code}); relaunch cdss from the EHR")
    pending = sessions().finish(request.args.get("state", ""))
    if pending is None:
        raise ApiError(400, "unknown, expired or reused login state; relaunch cdss from the EHR")
    conf = pending["conf"]
    form = {
        "grant_type": "authorization_code",
        "code": request.args.get("code", ""),
        "redirect_uri": redirect_uri(),
        "code_verifier": pending["verifier"],
    }
    basic = _client_auth(form)
    tok = request_json(conf["token_endpoint"], "token", form=form, basic=basic)
    if not isinstance(tok, dict) or not tok.get("access_token"):
        raise ApiError(502, "the EHR's token response has no access token")
    if not tok.get("patient"):
        raise ApiError(400, "the EHR gave no patient context: open cdss from a patient's chart")
    user = ""
    if "openid" in str(tok.get("scope", "")).split() or tok.get("id_token"):
        if not tok.get("id_token"):
            raise ApiError(401, "openid was granted but the EHR sent no id_token")
        user = str(
            _check_id_token(str(tok["id_token"]), conf, pending["nonce"]).get("fhirUser", "")
        )
    ttl = int(_cfg("session_ttl_s"))
    session = {
        "iss": pending["iss"],
        "token_endpoint": conf["token_endpoint"],
        "access_token": tok["access_token"],
        "refresh_token": tok.get("refresh_token"),
        "expires_at": time.time() + float(tok.get("expires_in") or 300),
        "patient": str(tok["patient"]),
        "user": user,
        "scope": str(tok.get("scope", "")),
        "csrf": secrets.token_urlsafe(24),
    }
    sid = sessions().create(session, ttl)
    resp = redirect("/panel?launch=smart", 302)  # the panel then loads /smart/context
    resp.set_cookie(
        COOKIE,
        sid,
        max_age=ttl,
        path="/",
        httponly=True,
        secure=bool(_cfg("cookie_secure")),
        samesite=str(_cfg("cookie_samesite")),
    )
    return resp


def refresh(sid: str, session: dict[str, Any]) -> dict[str, Any]:
    """A new access token from the refresh token, or a 401 that tells the user to relaunch."""
    if not session.get("refresh_token"):
        raise ApiError(401, "the SMART session expired; relaunch cdss from the EHR")
    form = {"grant_type": "refresh_token", "refresh_token": str(session["refresh_token"])}
    basic = _client_auth(form)
    try:
        tok = request_json(str(session["token_endpoint"]), "token refresh", form=form, basic=basic)
    except ApiError as exc:
        sessions().delete(sid)
        raise ApiError(401, "the SMART session expired; relaunch cdss from the EHR") from exc
    session = {
        **session,
        "access_token": tok["access_token"],
        "refresh_token": tok.get("refresh_token") or session["refresh_token"],
        "expires_at": time.time() + float(tok.get("expires_in") or 300),
    }
    sessions().update(sid, session)
    return session


def with_fhir(fn: Any) -> Any:
    """Call fn(session) with a live access token: refreshed first when it expires within 30 s, and
    once more when the FHIR server rejects it."""
    sid, session = g.smart_sid, g.smart
    if float(session["expires_at"]) < time.time() + 30:
        session = refresh(sid, session)
    try:
        return fn(session)
    except TokenRejected:
        return fn(refresh(sid, session))


def _context(session: dict[str, Any]) -> dict[str, Any]:
    return patient_context(
        str(session["iss"]), str(session["access_token"]), str(session["patient"])
    )


@bp.get("/smart/context")
@smart_session_required
def context() -> Any:
    ctx = with_fhir(_context)
    g.log = {"notes": len(ctx["notes"]), "medications": len(ctx["medications"])}
    return jsonify({**{k: v for k, v in ctx.items() if k != "facts"}, "csrf": g.smart["csrf"]})


@bp.post("/smart/ask")
@smart_session_required
def ask() -> Any:
    from cdss.web.api import run_ask, text_limit

    req = json_request(SmartAskRequest)
    note = text_limit("note", req.note, current_app.config["CDSS"]["deid.max_bytes"])
    ctx = with_fhir(_context)
    orders = [f"- {m}" for m in ctx["medications"] if m]
    if orders:  # the EHR's active orders are checked as orders, beside the note
        note = (
            (note + "\n\n" if note.strip() else "")
            + "Active medication orders:\n"
            + "\n".join(orders)
        )
    patient = {k: v for k, v in ctx["facts"].items() if v not in (None, "", [])} or None
    return jsonify(run_ask(note, req.question, patient, kind="smart-ask"))


@bp.post("/smart/logout")
@smart_session_required
def logout() -> Any:
    sessions().delete(g.smart_sid)
    resp = jsonify({"logged_out": True})
    resp.delete_cookie(COOKIE, path="/")
    return resp
