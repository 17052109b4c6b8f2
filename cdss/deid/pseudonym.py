"""Typed, numbered pseudonyms, consistent within one note; optional date shifting.

The same person is one tag whatever form the name takes ("Dr. Abara",
"ABARA, JOHN", "John Abara", "John"): mentions are linked by surname, and a
lone word joins a person whose first or last name it is. Date shifting moves
every date by the same number of days so intervals survive (admission and
discharge stay 4 days apart) and keeps each date's written format.
"""

from __future__ import annotations

import datetime as dt

import regex

from cdss.deid.types import Entity

TITLES = {
    "dr",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "nurse",
    "sister",
    "md",
    "rn",
    "do",
    "np",
    "pa",
    "jr",
    "sr",
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _name_parts(value: str) -> tuple[list[str], str]:
    """(tokens, surname) for "First Last", "LAST, FIRST", "Dr. Last"."""
    if "," in value:
        last, _, first = value.partition(",")
        toks = [
            t
            for t in regex.findall(r"[\p{L}'’\-]+", first + " " + last)
            if t.lower().strip(".") not in TITLES
        ]
        sur = regex.findall(r"[\p{L}'’\-]+", last)
        return [t.lower() for t in toks], (sur[-1].lower() if sur else "")
    toks = [
        t for t in regex.findall(r"[\p{L}'’\-]+", value) if t.lower() not in TITLES and len(t) > 1
    ]
    return [t.lower() for t in toks], (toks[-1].lower() if toks else "")


class Pseudonymizer:
    def __init__(self, date_shift_days: int = 0) -> None:
        self.shift = date_shift_days

    def apply(self, text: str, entities: list[Entity]) -> tuple[str, dict[str, str]]:
        tags: dict[tuple[str, str], str] = {}
        counters: dict[str, int] = {}
        people: list[tuple[set[str], str, str]] = []  # (tokens, surname, tag)
        mapping: dict[str, str] = {}
        pieces: list[str] = []
        pos = 0
        for ent in entities:
            value = text[ent.start : ent.end]
            pieces.append(text[pos : ent.start])
            pos = ent.end
            if ent.type == "DATE" and self.shift:
                shifted = shift_date(value, self.shift)
                if shifted is not None:
                    pieces.append(shifted)
                    continue
            tag = self._tag(ent.type, value, tags, counters, people)
            if len(value) > len(
                mapping.get(tag, "")
            ):  # display the fullest form ("John Abara", not "Abara")
                mapping[tag] = value
            pieces.append(f"[{tag}]")
        pieces.append(text[pos:])
        return "".join(pieces), mapping

    def _tag(
        self,
        etype: str,
        value: str,
        tags: dict[tuple[str, str], str],
        counters: dict[str, int],
        people: list[tuple[set[str], str, str]],
    ) -> str:
        if etype == "PERSON":
            toks, sur = _name_parts(value)
            for ptoks, psur, ptag in people:
                if (
                    (sur and sur == psur and len(toks) > 1)
                    or (len(toks) == 1 and toks[0] in ptoks)
                    or (len(toks) > 1 and sur == psur)
                    or (sur and len(ptoks) == 1 and psur in toks)
                ):
                    ptoks.update(toks)
                    return ptag
            counters[etype] = counters.get(etype, 0) + 1
            tag = f"PERSON_{counters[etype]}"
            people.append((set(toks), sur, tag))
            return tag
        key = (etype, regex.sub(r"[\W_]+", "", value.lower()))
        if key not in tags:
            counters[etype] = counters.get(etype, 0) + 1
            tags[key] = f"{etype}_{counters[etype]}"
        return tags[key]


def _year(y: str) -> int:
    n = int(y)
    return n + (2000 if n < 50 else 1900) if len(y) == 2 else n


def shift_date(value: str, days: int) -> str | None:
    """Shift a date in place, keeping its format; None when it cannot be parsed (then it is tagged)."""
    delta = dt.timedelta(days=days)
    m = regex.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(.*)", value)
    try:
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3])) + delta
            return f"{d.year:04d}-{d.month:02d}-{d.day:02d}{m[4]}"
        m = regex.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})", value)
        if m:
            d = dt.date(_year(m[4]), int(m[1]), int(m[3])) + delta
            y = f"{d.year % 100:02d}" if len(m[4]) == 2 else str(d.year)
            return f"{d.month:0{len(m[1])}d}{m[2]}{d.day:0{len(m[3])}d}{m[2]}{y}"
        m = regex.fullmatch(r"(?i)([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(,?\s+)(\d{4})", value)
        if m and _month(m[1]):
            d = dt.date(int(m[4]), _month(m[1]), int(m[2])) + delta
            return f"{_month_name(m[1], d.month)} {d.day}{m[3]}{d.year}"
        m = regex.fullmatch(
            r"(?i)(\d{1,2})(?:st|nd|rd|th)?([\s-])([a-z]+)\.?([\s-],?\s*)(\d{4}|\d{2})", value
        )
        if m and _month(m[3]):
            d = dt.date(_year(m[5]), _month(m[3]), int(m[1])) + delta
            y = f"{d.year % 100:02d}" if len(m[5]) == 2 else str(d.year)
            return f"{d.day}{m[2]}{_month_name(m[3], d.month)}{m[4]}{y}"
    except ValueError:
        return None
    return None


def _month(word: str) -> int:
    w = word.lower()[:3]
    for i, name in enumerate(MONTHS, 1):
        if name.startswith(w):
            return i
    return 0


def _month_name(original: str, month: int) -> str:
    name = MONTHS[month - 1]
    name = name[:3] if len(original.rstrip(".")) <= 4 and original.lower() not in MONTHS else name
    return name.upper() if original.isupper() else name.capitalize()
