"""Structured JSON logging. Records carry ids, counts, timings and entity types in
`extra`; messages are constant strings, so patient text has no path into logs."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_STD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.msg if isinstance(record.msg, str) else str(record.msg),
        }
        for key, value in record.__dict__.items():
            if key not in _STD and not key.startswith("_"):
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
        return json.dumps(out, default=str)


def setup_logging(level: int = logging.WARNING, stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("cdss")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    ing = logging.getLogger("ingest")
    ing.handlers[:] = [handler]
    ing.setLevel(level)
    ing.propagate = False
