"""API keys (constant-time), per-key rate limits and the audit log.

Keys come from CDSS_API_KEYS (comma-separated) and/or a file of sha256 hex
digests (server.api_keys_file), so a hospital can deploy hashes only. A key is
identified in logs by the first 12 hex digits of its hash, never by its value.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from cdss.errors import ConfigError


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class KeyStore:
    def __init__(self, plain: str = "", hashes_file: str = "") -> None:
        self.hashes: list[str] = [key_hash(k.strip()) for k in plain.split(",") if k.strip()]
        if hashes_file:
            try:
                lines = Path(hashes_file).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ConfigError(
                    f"cannot read server.api_keys_file {hashes_file}: {exc.strerror}"
                ) from exc
            for line in lines:
                h = line.split("#", 1)[0].strip().lower()
                if h:
                    if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
                        raise ConfigError(
                            f"{hashes_file}: {h[:12]}... is not a sha256 hex digest; "
                            "write `printf %s KEY | sha256sum` output, one per line"
                        )
                    self.hashes.append(h)

    @classmethod
    def from_env(cls, hashes_file: str = "") -> KeyStore:
        return cls(os.environ.get("CDSS_API_KEYS", ""), hashes_file)

    def check(self, presented: str) -> str | None:
        """Key id if the key is valid. Compares every stored hash in constant time."""
        h = key_hash(presented)
        ok = False
        for stored in self.hashes:
            ok |= hmac.compare_digest(h, stored)
        return h[:12] if ok else None

    def __bool__(self) -> bool:
        return bool(self.hashes)


class RateLimiter:
    """Sliding one-minute window per key id."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key_id: str) -> tuple[bool, int]:
        if self.per_minute <= 0:
            return True, 0
        now = time.monotonic()
        with self._lock:
            q = self._hits[key_id]
            while q and now - q[0] > 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return False, int(60 - (now - q[0])) + 1
            q.append(now)
            return True, 0


class AuditLog:
    """Who asked what kind of request when: key id, route, status, the note's SHA-256. Never text."""

    def __init__(self, path: str) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, entry: dict[str, Any]) -> None:
        if not self.path:
            return
        line = json.dumps(
            {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **entry}, sort_keys=True
        )
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
