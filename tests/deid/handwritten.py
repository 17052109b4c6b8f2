"""Loads the hand-written evaluation notes: PHI values are located at every occurrence."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.deid.generator import Note


def load_handwritten(path: Path) -> list[Note]:
    notes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        text = obj["text"]
        if "spans" in obj:  # converted from inline markup: exact offsets (tests/deid/markup.py)
            phi = [(a, b, t) for a, b, t in obj["spans"]]
            clinical = [(a, b) for a, b in obj.get("keep_spans", [])]
            notes.append(Note(text, phi, clinical, obj.get("style", "")))
            continue
        phi = []
        for item in obj["phi"]:
            for m in re.finditer(r"(?<![\w])" + re.escape(item["value"]) + r"(?![\w])", text):
                phi.append((m.start(), m.end(), item["type"]))
        clinical = []
        for k in obj.get("keep", []):
            i = text.find(k)
            if i >= 0:
                clinical.append((i, i + len(k)))
        notes.append(Note(text, phi, clinical, obj.get("style", "")))
    return notes
