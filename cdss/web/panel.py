"""The EHR sidebar panel: static files from web/, with a strict Content Security Policy."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, send_from_directory

from cdss.config import PROJECT_ROOT

WEB_DIR = PROJECT_ROOT / "web"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *")
bp = Blueprint("panel", __name__)


def _send(name: str) -> Any:
    if not (WEB_DIR / name).is_file():
        abort(404)
    resp = send_from_directory(WEB_DIR, name, max_age=0)
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp


@bp.get("/panel")
def panel() -> Any:
    return _send("index.html")


@bp.get("/panel/")
def panel_slash() -> Any:
    return redirect("/panel", 308)


@bp.get("/static/<path:name>")
def static(name: str) -> Any:
    if name not in ("panel.js", "panel.css", "favicon.svg"):
        abort(404)
    return _send(name)
