"""Quote verification: a quote counts only if it is really in the cited source.

Matching is exact after normalising Unicode (NFKC), quote marks, dashes,
whitespace and Markdown emphasis, on both sides, with a character map back to
the source so the displayed quote is the source's own text and its offsets
are document offsets. A quote found in another retrieved source is
re-attributed. A claim that states a number none of its verified quotes
contains is not supported either: models must not invent doses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cdss.generate.injection import lexical_only
from cdss.generate.types import DraftClaim, Source

_TRANS = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "″": '"',
    "–": "-",
    "—": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "…": "...",
    "\u00a0": " ",
    "\u200b": "",
}
MIN_QUOTE_CHARS = 12
_NUM = re.compile(r"\d+(?:[.,]\d+)?")


def _in_flagged(c: Citation, by_id: dict[str, Source]) -> bool:
    """Does a verified quote overlap a sentence ingestion flagged as addressed to a model? A source ingested
    without screening gets the cheap cue check on the quote instead."""
    src = by_id.get(c.source)
    if src is not None and src.screen is None:
        return lexical_only(c.quote)
    if src is None or c.start is None or c.end is None:
        return False
    a, b = c.start - src.start, c.end - src.start
    return any(a < fb and b > fa for fa, fb in src.instruction_spans)


def normalise_map(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            c = _TRANS.get(c, c)
            if c in "*`" or not c:
                continue
            if c.isspace():
                if prev_space:
                    continue
                c, prev_space = " ", True
            else:
                prev_space = False
            out.append(c)
            idx.append(i)
    while out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def normalise(text: str) -> str:
    return normalise_map(text)[0]


def clean_quote(quote: str) -> str:
    q = normalise(quote).strip().strip("\"'").strip()
    return q.rstrip(".;,:").strip()


@dataclass(kw_only=True)
class Citation:
    source: str
    doc_id: str
    title: str
    section: str
    page: int | None
    quote: str
    verified: bool
    start: int | None = None
    end: int | None = None
    reattributed_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = {
            k: getattr(self, k)
            for k in (
                "source",
                "doc_id",
                "title",
                "section",
                "page",
                "quote",
                "verified",
                "start",
                "end",
            )
        }
        if self.reattributed_from:
            d["reattributed_from"] = self.reattributed_from
        return d


@dataclass
class Claim:
    text: str
    supported: bool
    citations: list[Citation] = field(default_factory=list)
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "supported": self.supported,
            "citations": [c.to_json() for c in self.citations],
        }
        if self.reason:
            d["reason"] = self.reason
        return d


@dataclass
class VerifyReport:
    quotes: int = 0
    verified: int = 0
    reattributed: int = 0
    unverified: int = 0
    claims_withheld: int = 0


def _find(quote: str, source: Source) -> tuple[int, int] | None:
    """Character span of the normalised quote inside the source text, in source coordinates."""
    norm, idx = normalise_map(source.text)
    pos = norm.find(quote)
    if pos < 0 or not quote:
        return None
    return idx[pos], idx[pos + len(quote) - 1] + 1


def verify(claims: list[DraftClaim], sources: list[Source]) -> tuple[list[Claim], VerifyReport]:
    by_id = {s.id: s for s in sources}
    report = VerifyReport()
    out: list[Claim] = []
    for dc in claims:
        cites: list[Citation] = []
        for c in dc.citations:
            report.quotes += 1
            q = clean_quote(c.quote)
            cited = by_id.get(c.source)
            order = ([cited] if cited else []) + [s for s in sources if s is not cited]
            hit = None
            if len(q) >= MIN_QUOTE_CHARS:
                for s in order:
                    span = _find(q, s)
                    if span:
                        hit = (s, span)
                        break
            if hit is None:
                report.unverified += 1
                meta = cited or Source(
                    id=c.source,
                    chunk_id="",
                    doc_id="",
                    title="",
                    section="",
                    page=None,
                    text="",
                    score=0.0,
                )
                cites.append(
                    Citation(
                        source=c.source,
                        doc_id=meta.doc_id,
                        title=meta.title,
                        section=meta.section,
                        page=meta.page,
                        quote=c.quote,
                        verified=False,
                    )
                )
                continue
            s, (a, b) = hit
            moved = s.id != c.source
            report.verified += 1
            report.reattributed += int(moved)
            cites.append(
                Citation(
                    source=s.id,
                    doc_id=s.doc_id,
                    title=s.title,
                    section=s.section,
                    page=s.page,
                    quote=s.text[a:b],
                    verified=True,
                    start=s.start + a,
                    end=s.start + b,
                    reattributed_from=c.source if moved else None,
                )
            )
        good = [c for c in cites if c.verified]
        reason = None
        if any(_in_flagged(c, by_id) for c in good) or lexical_only(dc.text):
            reason = "the quote or claim contains instructions addressed to a model (possible prompt injection)"
        elif not good:
            reason = "no quote could be verified against the sources"
        else:
            quoted_numbers = {
                n for c in good for n in _NUM.findall(normalise(c.quote).replace(",", ""))
            }
            stray = [
                n
                for n in _NUM.findall(normalise(dc.text).replace(",", ""))
                if n not in quoted_numbers
            ]
            if stray:
                reason = f"the claim states numbers not found in its quotes: {', '.join(sorted(set(stray)))}"
        supported = reason is None
        report.claims_withheld += int(not supported)
        out.append(Claim(dc.text, supported, cites, reason))
    return out, report
