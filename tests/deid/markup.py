"""Turns an evaluation set written with inline markup into JSON Lines with exact character offsets.

Authors of blind sets write identifiers as ``[[TYPE|value]]`` and clinical strings that must survive as
``<<value>>`` inside each note (``### id: X | style: S | country: C`` ... ``### end``). Offsets are computed
here, from the markup, so no one counts characters by hand; every span is checked against the plain text.

    python -m tests.deid.markup notes.md tests/deid/heldout3_notes.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

TYPES = {"PERSON", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "SSN", "MRN", "ID"}
_MARK = re.compile(r"\[\[([A-Z]+)\|(.*?)\]\]|<<(.*?)>>", re.S)
_HEAD = re.compile(r"^### id:\s*(\S+)\s*\|\s*style:\s*(.*?)\s*(?:\|\s*country:\s*(.*?))?\s*$")


def parse_note(body: str) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Plain text, PHI spans (start, end, type) and clinical spans (start, end) of one marked-up note."""
    out, phi, keep, pos = [], [], [], 0
    length = 0
    for m in _MARK.finditer(body):
        chunk = body[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        if m.group(1):
            kind, value = m.group(1), m.group(2)
            if kind not in TYPES:
                raise ValueError(f"unknown type {kind!r} in {m.group(0)!r}")
            phi.append((length, length + len(value), kind))
        else:
            value = m.group(3)
            keep.append((length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(body[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text or "<<" in text or ">>" in text:
        raise ValueError(
            "unbalanced markup left in the text: " + text[max(0, text.find("[[") - 20) :][:80]
        )
    return text, phi, keep


def convert(md: str) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        head = _HEAD.match(lines[i].strip())
        if not head:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip() != "### end":
            j += 1
        body = "\n".join(lines[i + 1 : j]).strip("\n")
        text, phi, keep = parse_note(body)
        for a, b, _ in phi:
            assert text[a:b].strip(), (head.group(1), a, b)
        notes.append(
            {
                "id": head.group(1),
                "style": head.group(2),
                "country": head.group(3) or "",
                "text": text,
                "spans": [[a, b, t] for a, b, t in phi],
                "phi": [{"type": t, "value": text[a:b]} for a, b, t in phi],
                "keep_spans": [[a, b] for a, b in keep],
                "keep": [text[a:b] for a, b in keep],
            }
        )
        i = j + 1
    return notes


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    notes = convert(src.read_text(encoding="utf-8"))
    dst.write_text(
        "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes), encoding="utf-8"
    )
    print(
        f"{len(notes)} notes, {sum(len(n['spans']) for n in notes)} PHI spans, "
        f"{sum(len(n['keep']) for n in notes)} clinical strings -> {dst}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
