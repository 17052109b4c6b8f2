"""The web tier's small SQLite files (CDS Hooks replay cache, SMART sessions), opened one way.

Several gunicorn workers share each file, so it runs in WAL mode with autocommit and a short busy
timeout; ":memory:" is for tests. The connection is shared by a worker's threads behind its owner's lock.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5)
    db.execute("PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA journal_mode=MEMORY")
    return db
