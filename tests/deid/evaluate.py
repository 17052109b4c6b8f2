"""Scores a Deidentifier on generated notes: per-type character recall and precision,
leaks of names/MRN/SSN/phone, and the share of clinical spans that survive verbatim."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from cdss.deid import Deidentifier
from tests.deid.generator import Note

LEAK_TYPES = ("PERSON", "MRN", "SSN", "PHONE")
# the wider definition: no name, identifier, contact or address token may be left in the output
STRICT_LEAK_TYPES = ("PERSON", "MRN", "SSN", "PHONE", "ID", "EMAIL", "URL", "IP", "LOCATION")
_GENERIC = frozenset(
    """mrs mr ms dr the and of ward unit street st road rd avenue ave lane ln drive dr court ct place
hospital clinic centre center medical health care home nursing house pharmacy school surgery practice trust nhs
foundation university general community county city north south east west new saint st. rue de la le des du
boulevard blvd way close crescent terrace apartment apt suite floor building block park village town
""".split()
)


@dataclass
class Scores:
    recall: dict[str, float] = field(default_factory=dict)
    precision: float = 0.0
    overall_recall: float = 0.0
    leaks: list[tuple[str, str, str]] = field(default_factory=list)
    strict_leaks: list[tuple[str, str, str]] = field(default_factory=list)
    clinical_kept: float = 0.0
    clinical_lost: list[str] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [f"{t:<9} recall {r:.4f}" for t, r in sorted(self.recall.items())]
        rows.append(
            f"overall recall {self.overall_recall:.4f}  precision {self.precision:.4f}  "
            f"clinical kept {self.clinical_kept:.4f}  leaks {len(self.leaks)}  "
            f"strict leaks {len(self.strict_leaks)}"
        )
        return "\n".join(rows)


def score(notes: list[Note], deid: Deidentifier) -> Scores:
    s = Scores()
    gold_chars: dict[str, int] = defaultdict(int)
    hit_chars: dict[str, int] = defaultdict(int)
    pred_total = pred_in_gold = 0
    clin_total = clin_kept = 0
    for note in notes:
        res = deid.deidentify(note.text)
        covered = bytearray(len(note.text))
        for e in res.entities:
            for i in range(e.start, e.end):
                covered[i] = 1
        gold = bytearray(len(note.text))
        for a, b, kind in note.phi:
            n_chars = sum(1 for ch in note.text[a:b] if not ch.isspace())
            hit = sum(1 for i in range(a, b) if covered[i] and not note.text[i].isspace())
            gold_chars[kind] += n_chars
            hit_chars[kind] += hit
            for i in range(a, b):
                gold[i] = 1
            if hit < n_chars:
                s.missed.append((kind, note.text[a:b]))
            if kind in LEAK_TYPES:
                value = note.text[a:b]
                tokens = (
                    [value]
                    if kind != "PERSON"
                    else [
                        w
                        for w in re.findall(r"[\w'’-]+", value)
                        if len(w) >= 3 and w.lower() not in {"mrs", "mr", "ms"}
                    ]
                )
                for tok in tokens:
                    if re.search(r"(?<![\w])" + re.escape(tok) + r"(?![\w])", res.text):
                        s.leaks.append((kind, tok, note.style))
        for a, b, kind in note.phi:
            if kind not in STRICT_LEAK_TYPES:
                continue
            value = note.text[a:b]
            if kind in ("PERSON", "LOCATION"):
                toks = [
                    w
                    for w in re.findall(r"[\w'’-]+", value)
                    if len(w) >= 3 and w.lower() not in _GENERIC
                ]
            else:
                toks = [value]
            for tok in toks:
                if re.search(r"(?<![\w])" + re.escape(tok) + r"(?![\w])", res.text):
                    s.strict_leaks.append((kind, tok, note.style))
        for e in res.entities:
            n = sum(1 for i in range(e.start, e.end) if not note.text[i].isspace())
            pred_total += n
            inside = sum(1 for i in range(e.start, e.end) if gold[i] and not note.text[i].isspace())
            pred_in_gold += inside
            if inside < n:
                s.false_pos.append(note.text[e.start : e.end])
        for a, b in note.clinical:
            clin_total += 1
            span = note.text[a:b]
            if not any(covered[i] for i in range(a, b)) and span in res.text:
                clin_kept += 1
            else:
                s.clinical_lost.append(span)
    s.recall = {k: hit_chars[k] / gold_chars[k] for k in gold_chars}
    s.overall_recall = sum(hit_chars.values()) / max(1, sum(gold_chars.values()))
    s.precision = pred_in_gold / max(1, pred_total)
    s.clinical_kept = clin_kept / max(1, clin_total)
    return s
