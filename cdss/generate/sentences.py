"""Sources as numbered sentences (S2.3 = third sentence of source S2), the unit every backend cites.

Citing an id instead of copying text is what makes a quote verbatim by
construction: the quote is rendered from the source, never typed by a model.
Sentences that cannot answer anything (bibliography, a list's lead-in, a table
header or separator, a synonym list, text addressed to a model) are marked so
no backend offers them as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdss.generate.injection import lexical_only
from cdss.generate.types import Source
from cdss.text import sentence_spans

_LEAD = re.compile(r"^(?:[-*•]\s+|\d+[.)]\s+)")
_BIBLIO = re.compile(
    r"(?i)^(?:references?|sources?|version|review date|bibliography|also written as|see also|scope|"
    r"audience|intended for|owner|approved by)\s*:|"
    r"\bet al\b|\b(?:19|20)\d\d\s*;\s*\d|\bdoi:|\bN Engl J Med\b|\bLancet\b\s+\d|\bBMJ\b\s+\d|"
    r"^(?:FDA|EMA) label:|^(?:UK )?SmPC:|^BNF:"
)
_NON_EVIDENCE_SECTIONS = re.compile(
    r"(?i)(?:^|> )(?:references|bibliography|sources|further reading)$"
)
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")


@dataclass(frozen=True)
class Sentence:
    id: str  # "S2.3"
    source: Source
    text: str  # exact substring of source.text (list markers and table pipes trimmed)
    start: int  # offset in source.text
    table_header: str = ""  # for a table row: the header row it belongs to
    lead_in: str = (
        ""  # for a list item: the sentence introducing the list ("AKI is present if ...:")
    )
    quotable: bool = True
    why_not: str = ""

    @property
    def context(self) -> str:
        """What a reader needs to understand the sentence alone: section, and a table row's header."""
        parts = [self.source.section.split(" > ")[-1]] if self.source.section else []
        if self.table_header:
            parts.append(self.table_header)
        if self.lead_in:
            parts.append(self.lead_in)
        return " | ".join(parts)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    seg = text[a:b]
    m = _LEAD.match(seg)
    if m:
        a += m.end()
    while a < b and text[a] in "| ":
        a += 1
    while b > a and text[b - 1] in "| ":
        b -= 1
    return a, b


def split_source(source: Source) -> list[Sentence]:
    out: list[Sentence] = []
    text = source.text
    spans = sentence_spans(text)
    rows = [text[a:b].lstrip().startswith("|") for a, b in spans]
    header = lead = ""
    section_excluded = bool(_NON_EVIDENCE_SECTIONS.search(source.section))
    flagged = source.instruction_spans
    for i, (a0, b0) in enumerate(spans):
        raw = text[a0:b0]
        a, b = _trim(text, a0, b0)
        sent = text[a:b]
        is_row = rows[i]
        nxt = text[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else ""
        why = ""
        if section_excluded or _BIBLIO.search(sent):
            why = "bibliography or metadata"
        elif is_row and _TABLE_SEP.match(raw.strip()):
            why = "table separator"
        elif is_row and (
            _TABLE_SEP.match(nxt.strip())
            or (i == 0 or not rows[i - 1])
            and i + 1 < len(spans)
            and rows[i + 1]
            and not re.search(r"\d", sent)
        ):
            why, header = (
                "table header",
                sent,
            )  # the first row of a table (ingestion drops the |---| rule)
        elif sent.rstrip().endswith(":"):
            why = "lead-in to a list"
        elif len(sent) < 20 or sum(ch.isalpha() for ch in sent) < 12:
            why = "too short to stand alone"
        elif any(a < fb and b > fa for fa, fb in flagged) or (
            source.screen is None and lexical_only(sent)
        ):
            # screened at ingestion: the stored spans decide; an unscreened store gets the cheap cue check
            why = "addressed to a model (possible prompt injection)"
        if not is_row:
            header = ""
        item = bool(_LEAD.match(raw.lstrip()))
        if why == "lead-in to a list":
            lead = sent
        elif not item and not is_row:
            lead = ""
        out.append(
            Sentence(
                f"{source.id}.{len(out) + 1}",
                source,
                sent,
                a,
                header if is_row and why != "table header" else "",
                lead if item or is_row else "",
                not why,
                why,
            )
        )
    return out


def number_sources(sources: list[Source]) -> list[Sentence]:
    return [s for src in sources for s in split_source(src)]
