"""CDS Hooks authentication: the EHR's signed JWT, checked strictly (CDS Hooks 2.0, "Trusting CDS Clients").

- the issuer must be allow-listed with its JWKS (`server.cds_jwks_file`);
- the header's `kid` must name one of that issuer's keys, always (with one key too: a token without a kid,
  or with another kid, is someone else's); the key type must fit the algorithm (ES384 an EC P-384 key,
  RS384 an RSA key), so a mismatch is a 401 rather than an exception;
- `aud` must be the CDS service's endpoint URL (CDS Hooks: "the CDS Service endpoint, as specified in the
  discovery endpoint") built from `server.cds_audience`, our public base URL as the EHR knows it, or that
  base URL itself. It is never taken from the request's Host header, which the caller controls: with no
  audience set the CDS routes refuse to serve;
- `exp`, `iat` are numbers (a string is rejected), `jti` a short string, and each `jti` is accepted once
  while its token could still be valid; the replay cache is a SQLite file, so a restart or a second worker
  does not forget it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import jwt

from cdss.web.body import SURROGATE
from cdss.web.errors import ApiError
from cdss.web.sqlite import connect

ALGORITHMS = {"ES384": "EC", "RS384": "RSA"}
MAX_TOKEN = 16_384
LEEWAY = 30


class ReplayCache:
    """Seen `jti` values until their token's expiry, in SQLite (":memory:" for tests)."""

    def __init__(self, path: str) -> None:
        self._db = connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS jti (key TEXT PRIMARY KEY, expires REAL NOT NULL)"
        )
        self._lock = threading.Lock()

    def first_use(self, key: str, expires: float) -> bool:
        now = time.time()
        with self._lock:
            self._db.execute("DELETE FROM jti WHERE expires < ?", (now,))
            try:
                self._db.execute("INSERT INTO jti (key, expires) VALUES (?, ?)", (key, expires))
            except sqlite3.IntegrityError:
                return False
            return True

    def close(self) -> None:
        self._db.close()


class JwtVerifier:
    def __init__(self, jwks_file: str, audience: str, replay_file: str = ":memory:") -> None:
        self.issuers: dict[str, list[dict[str, Any]]] = {}
        if jwks_file:
            data = json.loads(Path(jwks_file).read_text(encoding="utf-8"))
            for iss, jwks in (data.get("issuers") or {}).items():
                self.issuers[iss] = list((jwks.get("jwks") or jwks).get("keys", []))
        self.audience = audience
        self.replay = ReplayCache(replay_file)

    def audiences(self, path: str) -> list[str]:
        base = self.audience.rstrip("/")
        service = "/".join(
            path.split("/")[:3]
        )  # /cds-services/<id>, also for /cds-services/<id>/feedback
        return list(dict.fromkeys([base + path, base + service, base]))

    def verify(self, token: str, path: str) -> dict[str, Any]:
        if not self.issuers:
            raise ApiError(
                401, "CDS Hooks JWT verification is not configured: set server.cds_jwks_file"
            )
        if not self.audience:
            raise ApiError(
                503,
                "CDS Hooks are disabled until server.cds_audience is set to this service's URL "
                "as the EHR calls it (e.g. https://cdss.example.org/cds-services)",
                code="not_configured",
            )
        if len(token) > MAX_TOKEN:
            raise ApiError(401, "bearer JWT too large")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise ApiError(401, "malformed bearer JWT") from exc
        iss = unverified.get("iss")
        keys = self.issuers.get(iss) if isinstance(iss, str) else None
        if keys is None:
            raise ApiError(401, "JWT issuer is not allow-listed")
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in ALGORITHMS:
            raise ApiError(401, "JWT must be signed with ES384 or RS384")
        kid = header.get("kid")
        jwk = next((k for k in keys if isinstance(kid, str) and k.get("kid") == kid), None)
        if jwk is None:
            raise ApiError(401, "the JWT header's kid names no key in the issuer's JWKS")
        if jwk.get("kty") != ALGORITHMS[alg] or (alg == "ES384" and jwk.get("crv") != "P-384"):
            raise ApiError(401, f"the key {kid} cannot verify {alg}")
        for name in ("exp", "iat", "nbf"):
            value = unverified.get(name)
            if name in unverified and (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value < 1e11
            ):  # seconds since 1970, before the year 5000
                raise ApiError(401, f"JWT claim {name} must be a number (NumericDate)")
        jti = unverified.get("jti")
        if (
            not isinstance(jti, str)
            or not 0 < len(jti) <= 256
            or not jti.isprintable()
            or SURROGATE.search(jti)
        ):
            raise ApiError(
                401, "JWT claim jti must be a printable string of at most 256 characters"
            )
        try:
            key = jwt.PyJWK(jwk, algorithm=alg).key
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                audience=self.audiences(path),
                issuer=iss,
                options={"require": ["exp", "iat", "jti", "aud", "iss"]},
                leeway=LEEWAY,
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise ApiError(401, f"JWT rejected: {type(exc).__name__}") from exc
        if not self.replay.first_use(f"{iss}\x1f{jti}", float(claims["exp"]) + LEEWAY):
            raise ApiError(401, "JWT jti already used (replay)")
        return claims


def verifier() -> JwtVerifier:
    """The app's verifier, built once from its settings (the JWKS file is read at first use)."""
    from flask import current_app

    app = current_app
    if "cdss.jwt" not in app.extensions:
        cfg = app.config["CDSS"]
        app.extensions["cdss.jwt"] = JwtVerifier(
            cfg["server.cds_jwks_file"], cfg["server.cds_audience"], cfg["server.cds_replay_db"]
        )
    return app.extensions["cdss.jwt"]  # type: ignore[no-any-return]
