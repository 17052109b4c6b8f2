"""Sentence splitting shared by ingestion (chunk packing) and the request side (quotable sentences).

It lives in cdss, not ingest, because data flows one way: ingest builds on
cdss, and the answer path must never import the ingestion package.
"""

from __future__ import annotations

import re

_ABBREV = {"e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "etc", "approx", "fig", "no", "st", "al", "incl", "max", "min",
           "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d"}
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (and list item / table row) spans; never splits inside a decimal or a known abbreviation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.start()
        if text[cut - 1 : cut] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", text[max(0, cut - 12) : cut])
            if word and word.group(1).lower() in _ABBREV and m.group(0) != "\n":
                continue
        seg = text[start:cut]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + len(seg.rstrip())))
        start = m.end()
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + len(seg.rstrip())))
    return spans
