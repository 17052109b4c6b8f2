"""The EHR sidebar panel: static files from web/, with a strict Content Security Policy."""

from __future__ import annotations

import html
import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, send_from_directory

from cdss.data_files import data_dir
from cdss.errors import ConfigError
from cdss.web.auth import public

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
)
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?$")
bp = Blueprint("panel", __name__)


def ehr_origins() -> list[str]:
    """`server.ehr_origins`: the EHR origins that may frame the panel (CSP) and post a note into it (panel.js).
    Only exact scheme://host[:port] origins; a wildcard would let any site frame the panel and prefill it."""
    raw = str(current_app.config["CDSS"]["server.ehr_origins"])
    origins = [o.strip().rstrip("/") for o in raw.split(",") if o.strip()]
    for o in origins:
        if not _ORIGIN.match(o):
            raise ConfigError(
                f"server.ehr_origins: {o!r} is not an origin such as https://ehr.example.org"
            )
    return origins


def _send(name: str) -> Any:
    if not (data_dir("web") / name).is_file():
        abort(404)
    resp = send_from_directory(data_dir("web"), name, max_age=0)
    return _secure(resp)


def _secure(resp: Any) -> Any:
    resp.headers["Content-Security-Policy"] = CSP.format(
        ancestors=" ".join(["'self'", *ehr_origins()])
    )
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp


@bp.get("/panel")
@public
def panel() -> Any:
    page = (data_dir("web") / "index.html").read_text(encoding="utf-8")
    meta = html.escape(",".join(ehr_origins()), quote=True)
    page = page.replace(
        '<meta name="cdss-ehr-origins" content="">',
        f'<meta name="cdss-ehr-origins" content="{meta}">',
    )
    return _secure(Response(page, mimetype="text/html"))


@bp.get("/panel/")
@public
def panel_slash() -> Any:
    return redirect("/panel", 308)


@bp.get("/static/<path:name>")
@public
def static(name: str) -> Any:
    if name not in ("panel.js", "panel.css", "favicon.svg"):
        abort(404)
    return _send(name)
