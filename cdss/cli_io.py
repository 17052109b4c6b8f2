"""Shared CLI input/output: FILE|- reading, --jsonl batches, colours only on a TTY."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from cdss.errors import CdssError, InputError
from cdss.text import decode_utf8


def read_input(arg: str, max_bytes: int | None = None) -> tuple[str, bool]:
    """Read FILE or '-' as UTF-8; undecodable bytes are replaced and reported (second value)."""
    try:
        raw = sys.stdin.buffer.read() if arg == "-" else Path(arg).read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read {arg} ({exc.strerror or type(exc).__name__}); pass an existing file or - for stdin"
        ) from exc
    if max_bytes is not None and len(raw) > max_bytes:
        raise InputError(
            f"input is {len(raw)} bytes, over the limit of {max_bytes}; split the note or raise the limit"
        )
    text, bad = decode_utf8(raw)
    return text, bad is not None


def iter_jsonl(arg: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Yields (line number, object or None, error message or None); blank lines are skipped."""
    fh: TextIO = sys.stdin if arg == "-" else open(arg, encoding="utf-8", errors="replace")  # noqa: SIM115
    try:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, None, f"line {n} is not valid JSON ({exc.msg})"
                continue
            if not isinstance(obj, dict):
                yield n, None, f"line {n} is not a JSON object"
                continue
            yield n, obj, None
    finally:
        if fh is not sys.stdin:
            fh.close()


def run_jsonl(
    arg: str, field: str, handle: Callable[[str, dict[str, Any]], dict[str, Any]], out: TextIO
) -> int:
    """One output line per input line, same order and id; bad lines become error objects."""
    failures = 0
    for n, obj, err in iter_jsonl(arg):
        rid = obj.get("id", n) if obj is not None else n
        if err is None and obj is not None and not isinstance(obj.get(field), str):
            err = f"line {n} has no string field {field!r}"
        if err is not None or obj is None:
            result: dict[str, Any] = {"id": rid, "error": {"code": "bad_line", "message": err}}
            failures += 1
        else:
            try:
                result = {"id": rid, **handle(obj[field], obj)}
            except CdssError as exc:
                result = {"id": rid, "error": {"code": exc.code, "message": exc.message}}
                failures += 1
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return failures


class Style:
    def __init__(self, stream: TextIO) -> None:
        self.on = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text

    def bold(self, t: str) -> str:
        return self(t, "1")

    def dim(self, t: str) -> str:
        return self(t, "2")

    def red(self, t: str) -> str:
        return self(t, "31")

    def yellow(self, t: str) -> str:
        return self(t, "33")

    def cyan(self, t: str) -> str:
        return self(t, "36")


def patient_arg(raw: str | None) -> dict[str, Any] | None:
    """--patient JSON: an object of patient-context overrides, or a usage error that shows an example."""
    from cdss.errors import UsageError

    if not raw:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f'--patient is not valid JSON ({exc.msg}); example: \'{{"age": 80, "egfr": 28}}\''
        ) from exc
    if not isinstance(data, dict):
        raise UsageError("--patient must be a JSON object")
    return data


SEV_STYLE = {"critical": "red", "warning": "yellow", "info": "cyan"}


def print_findings(findings: list[dict[str, Any]], st: Style) -> None:
    """Dose findings, one line each with its reference below; used by check-doses and ask."""
    for f in findings:
        colour = getattr(st, SEV_STYLE[f["severity"]])
        print(colour(f"{f['severity'].upper():<8}") + f" {f['rule']}: {f['message']}")
        print(st.dim(f"         {f['reference']}"))
