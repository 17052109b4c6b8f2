"""Server-side SMART sessions: the browser holds only a random session id in an HttpOnly cookie.

Sessions live in SQLite so that every gunicorn worker sees them. The row key is a hash of the session
id and the row (access and refresh tokens, patient id, CSRF token) is encrypted with a key derived
from the session id, so the file alone opens no session and leaks no token: only a request carrying
the cookie can decrypt its own row. Pending logins (state -> PKCE verifier, nonce, endpoints) are
one-time and expire after ten minutes. Nothing about the patient but the FHIR id is stored here:
notes, medications and observations are fetched from the EHR per request and never persisted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from cdss.web.sqlite import connect

PENDING_TTL_S = 600
COOKIE = "cdss_smart"
TABLES = ("sessions", "pending")
# statements per table, built once from the two constant names above
SQL = {
    t: {
        "purge": f"DELETE FROM {t} WHERE expires < ?",  # noqa: S608
        "insert": f"INSERT INTO {t} (id, data, expires) VALUES (?, ?, ?)",  # noqa: S608
        "select": f"SELECT data, expires FROM {t} WHERE id = ?",  # noqa: S608
        "delete": f"DELETE FROM {t} WHERE id = ?",  # noqa: S608
    }
    for t in TABLES
}


def _key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(
        hashlib.sha256(b"cdss-smart-session|" + secret.encode()).digest()
    )


def _row_id(secret: str) -> str:
    return hashlib.sha256(b"cdss-smart-id|" + secret.encode()).hexdigest()


class SessionStore:
    def __init__(self, path: str) -> None:
        self._db = connect(path)
        for table in TABLES:
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} "
                "(id TEXT PRIMARY KEY, data BLOB NOT NULL, expires REAL NOT NULL)"
            )
        self._lock = threading.Lock()

    # ---- pending logins, keyed by the OAuth state ----
    def begin(self, data: dict[str, Any]) -> str:
        state = secrets.token_urlsafe(32)
        self._put("pending", _row_id(state), state, data, time.time() + PENDING_TTL_S)
        return state

    def finish(self, state: str) -> dict[str, Any] | None:
        """The pending login for this state, once: a replayed or unknown state gets None."""
        return self._take("pending", _row_id(state), state, delete=True)

    # ---- sessions, keyed by the cookie ----
    def create(self, data: dict[str, Any], ttl_s: float) -> str:
        sid = secrets.token_urlsafe(32)
        self._put("sessions", _row_id(sid), sid, data, time.time() + ttl_s)
        return sid

    def get(self, sid: str) -> dict[str, Any] | None:
        return self._take("sessions", _row_id(sid), sid, delete=False)

    def update(self, sid: str, data: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE sessions SET data = ? WHERE id = ?",
                (self._seal(sid, data), _row_id(sid)),
            )

    def delete(self, sid: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE id = ?", (_row_id(sid),))

    def close(self) -> None:
        self._db.close()

    # ---- storage ----
    @staticmethod
    def _seal(secret: str, data: dict[str, Any]) -> bytes:
        return Fernet(_key(secret)).encrypt(json.dumps(data).encode())

    def _put(self, table: str, rid: str, secret: str, data: dict[str, Any], expires: float) -> None:
        with self._lock:
            self._db.execute(SQL[table]["purge"], (time.time(),))
            self._db.execute(
                SQL[table]["insert"],
                (rid, self._seal(secret, data), expires),
            )

    def _take(self, table: str, rid: str, secret: str, *, delete: bool) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(SQL[table]["select"], (rid,)).fetchone()
            if row is not None and (delete or row[1] < time.time()):
                self._db.execute(SQL[table]["delete"], (rid,))
        if row is None or row[1] < time.time():
            return None
        try:
            return dict(json.loads(Fernet(_key(secret)).decrypt(row[0])))
        except (InvalidToken, ValueError):
            return None


def sessions() -> SessionStore:
    """The app's session store, opened at first use from `smart.session_db`."""
    from flask import current_app

    app = current_app
    if "cdss.smart" not in app.extensions:
        path = str(app.config["CDSS"].resolve_path("smart.session_db"))
        app.extensions["cdss.smart"] = SessionStore(path)
    return app.extensions["cdss.smart"]  # type: ignore[no-any-return]
