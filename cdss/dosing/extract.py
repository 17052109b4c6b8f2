"""Medication statements from free text.

A statement starts at a formulary name (generic, brand, abbreviation or a
combination product) and reads dose, unit, route, frequency and duration from
the words that follow, up to the next drug, line or sentence end. Whether it
is an active order is decided from the words around it: discontinued, held,
stopped, allergy lines, history, negation and hypotheticals are not orders.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from cdss.dosing.formulary import Formulary, Product

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
UNIT_WORDS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "mcg": "mcg", "µg": "mcg", "ug": "mcg", "microgram": "mcg",
    "micrograms": "mcg", "g": "g", "gm": "g", "gram": "g", "grams": "g", "units": "units", "unit": "units", "u": "units",
    "iu": "units", "meq": "mEq", "ml": "mL", "tab": "tab", "tabs": "tab", "tablet": "tab", "tablets": "tab", "cap": "tab",
    "caps": "tab", "capsule": "tab", "capsules": "tab", "puff": "puff", "puffs": "puff", "patch": "patch",
}
ROUTE_WORDS = [
    (r"iv\s*push|ivp|iv\s*piggyback|ivpb|intravenous(?:ly)?|iv", "IV"), (r"intramuscular(?:ly)?|im", "IM"),
    (r"subcut(?:aneous(?:ly)?)?|sub-?q|sq|sc|s\.c\.", "SC"), (r"sublingual(?:ly)?|sl", "SL"),
    (r"per\s+rectum|rectal(?:ly)?|pr", "PR"), (r"intrathecal(?:ly)?|it", "IT"),
    (r"inhaled|inhalation|inh|neb(?:ulized|ulised)?|mdi", "INH"), (r"topical(?:ly)?|top", "TOP"),
    (r"transdermal(?:ly)?|td", "TD"), (r"intranasal(?:ly)?|nasal|in", "NAS"),
    (r"po|p\.o\.|by mouth|oral(?:ly)?|per\s+os|via\s+(?:ng|peg|g-tube)|ng|peg", "PO"),
]
INACTIVE = re.compile(
    r"(?i)\b(discontinu\w*|stopp?(?:ed|ing)?|d/?c'?d|held|hold(?:ing)?|off\s+(?:of\s+)?|no longer|previously|formerly|"
    r"history of|hx of|was on|used to|allerg\w*|intoleran\w*|reaction to|not (?:on|taking|to)|never|denies|declined|"
    r"refused|avoid(?:ed|ing)?|contraindicated|consider(?:ing)?|if\s+(?:needed|pain|\w+)|may (?:need|require)|"
    r"would (?:start|consider)|could (?:start|consider)|instead of|rather than|switched from|changed from)\b")
STATUS_AFTER = re.compile(r"(?i)^[^.;\n]{0,80}?\b(was|were|has been|have been|is|being)\s+"
                          r"(discontinued|stopped|held|d/c'?d|cancelled|canceled)\b")


@dataclass
class Frequency:
    code: str  # daily, BID, q6h, weekly, once, ...
    per_day: float  # doses per 24 h (maximum when a range is given)
    interval_h: float | None = None  # shortest interval between doses
    prn: bool = False


@dataclass
class MedStatement:
    drug: str  # formulary generic
    name: str  # as written
    span: tuple[int, int]
    dose: float | None = None  # in `unit`, the maximum of a range
    dose_min: float | None = None
    unit: str | None = None
    per_kg: bool = False
    per_hour: bool = False
    route: str | None = None
    frequency: Frequency | None = None
    duration_days: float | None = None
    status: str = "active"  # active | inactive | allergy
    status_reason: str = ""
    product: str | None = None
    components: dict[str, float] = field(default_factory=dict)  # per-dose amounts in component units (products)
    origin: str = "note"

    @property
    def active(self) -> bool:
        return self.status == "active"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


class Extractor:
    def __init__(self, formulary: Formulary) -> None:
        self.f = formulary

    @cached_property
    def name_rx(self) -> re.Pattern[str]:
        names = sorted(set(self.f.names()), key=len, reverse=True)
        alts = "|".join(re.escape(n) for n in names if len(n) >= 2)
        return re.compile(r"(?i)(?<![\w-])(" + alts + r")(?![\w-]|/\d)")

    def extract(self, text: str, origin: str = "note") -> list[MedStatement]:
        matches = list(self.name_rx.finditer(text))
        out: list[MedStatement] = []
        for i, m in enumerate(matches):
            written = m.group(1)
            nxt = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            end = min(nxt, _clause_end(text, m.end()))
            tail = text[m.end() : end]
            low = written.lower()
            product = self.f.product_names.get(low)
            if product is not None and low in self.f.synonyms:
                # a name that is both ("Bactrim DS", "Zosyn"): the product when counted in tablets or no dose
                unit = _dose(tail)[2]
                if unit not in (None, "tab"):
                    product = None
            if product is None and low not in self.f.synonyms:
                continue
            stmts = self._parse(text, m.start(), m.end(), written, tail, product, origin)
            out.extend(stmts)
        return out

    def _parse(self, text: str, start: int, name_end: int, written: str, tail: str, product: Product | None,
               origin: str) -> list[MedStatement]:
        dose, dose_min, unit, per_kg, per_hour, used = _dose(tail)
        strength = _STRENGTH_RX.match(tail)
        route = _route(tail)
        freq = _frequency(tail)
        dur = _DURATION.search(tail)
        duration = float(dur.group(1)) * {"d": 1, "day": 1, "week": 7, "wk": 7, "month": 30}[dur.group(2).lower()] if dur else None
        status, reason = _status(text, start, name_end + len(tail))
        span_end = name_end + len(tail.rstrip(" ,;.\n"))
        base = dict(name=written, span=(start, span_end), route=route, frequency=freq, duration_days=duration,
                    status=status, status_reason=reason, origin=origin)
        if product is None:
            generic = self.f.synonyms[written.lower()]
            drug_unit = self.f.drugs[generic].unit
            if unit == "tab" and drug_unit != "tab":
                return [MedStatement(generic, dose=None, unit="tab", **base)]  # type: ignore[arg-type]
            return [MedStatement(generic, dose=dose, dose_min=dose_min, unit=unit, per_kg=per_kg, per_hour=per_hour,
                                 **base)]  # type: ignore[arg-type]
        comps = dict(product.components)
        if strength and product.strengths:
            nums = [float(strength.group(1).replace(",", "")), float(strength.group(2).replace(",", ""))]
            order = product.strength_components or list(product.components)
            for n, comp in zip(nums, order, strict=False):
                if comp:
                    comps[comp] = n
        count = dose if unit == "tab" else (1.0 if unit is None or strength else None)
        out = []
        for comp, amount in comps.items():
            per_dose = amount * count if count is not None else None
            cmin = amount * (dose_min if unit == "tab" and dose_min else (count or 0)) if count is not None else None
            out.append(MedStatement(comp, dose=per_dose, dose_min=cmin, unit=self.f.drugs[comp].unit, product=product.name,
                                    components=comps, **base))  # type: ignore[arg-type]
        return out


_CLAUSE_END = re.compile(r"\n|;|(?<!\d)\.(?=\s|$)(?!\s*\d)")
_RESTART = re.compile(r"(?i)\b(restart|resume|start|continue|begin|increase|decrease|change to|switch to)\w*\b")
_SENTENCE = re.compile(r"(?<!\d)[.;!?]\s")


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


_STRENGTH = r"(?:\s*(?:" + NUM + r")\s*/\s*(?:" + NUM + r")\s*(?:mg)?)?"
_DOSE = re.compile(r"(?i)" + _STRENGTH + r"[\s,:(]*(?:(?:dose|take|give|inject)\s+)?(" + NUM + r")(?:\s*(?:-|to|–)\s*(" + NUM
                   + r"))?\s*(mg|mcg|µg|ug|milligrams?|micrograms?|gm|grams?|g|units?|u|iu|meq|ml|tabs?|tablets?|caps?|"
                   r"capsules?|puffs?|patch)\b(\s*/\s*kg)?(\s*/\s*(?:h|hr|hour))?")
_STRENGTH_RX = re.compile(r"\s*(" + NUM + r")\s*/\s*(" + NUM + r")")
_DURATION = re.compile(r"(?i)(?:x|for|over)\s*(\d+)\s*(day|d|week|wk|month)s?\b")


def _dose(tail: str) -> tuple[float | None, float | None, str | None, bool, bool, int]:
    m = _DOSE.match(tail)
    if not m:
        return None, None, None, False, False, 0
    lo, hi = _num(m.group(1)), _num(m.group(2)) if m.group(2) else None
    unit = UNIT_WORDS.get(m.group(3).lower(), m.group(3).lower())
    return (hi or lo), lo, unit, bool(m.group(4)), bool(m.group(5)), m.end()


_ROUTES = [(re.compile(r"(?i)(?<![\w/])(?:" + rx + r")(?![\w/])"), code) for rx, code in ROUTE_WORDS]
_NASAL = re.compile(r"(?i)\b(?:intranasal|nasal)")
_IT = re.compile(r"(?i)intrathecal|\bIT\b")


def _route(tail: str) -> str | None:
    for rx, code in _ROUTES:
        if rx.search(tail):
            if code == "NAS" and not _NASAL.search(tail):
                continue
            if code == "IT" and not _IT.search(tail):
                continue
            return code
    return None


_FREQ = [
    (r"q\.?\s?(\d+)\s*-\s*(\d+)\s*h(?:rs?|ours?)?|every\s+(\d+)\s*(?:-|to)\s*(\d+)\s*hours?", "range"),
    (r"q\.?\s?(\d+)\s*h(?:rs?|ours?)?\b|every\s+(\d+)\s*hours?", "interval"),
    (r"once\s+(?:a\s+)?week(?:ly)?|weekly|every\s+week|q\s?week|q\s?wk|once\s+every\s+7\s+days|\bqw\b", "weekly"),
    (r"every\s+other\s+day|\bqod\b|alternate\s+days", "every_other_day"),
    (r"four\s+times\s+(?:a\s+|per\s+)?day|\bqid\b|q\.i\.d\.", "QID"),
    (r"three\s+times\s+(?:a\s+|per\s+)?day|\btid\b|t\.i\.d\.", "TID"),
    (r"twice\s+(?:a\s+|per\s+)?day|twice\s+daily|\bbid\b|b\.i\.d\.|\bbd\b", "BID"),
    (r"\bqhs\b|nightly|at\s+bedtime|at\s+night|\bhs\b|\bqpm\b|every\s+evening|\bon\b(?=\s*$)", "nightly"),
    (r"once\s+daily|\bdaily\b|\bqd\b|\bod\b|every\s+day|once\s+a\s+day|\bqam\b|every\s+morning|per\s+day|/day|a\s+day", "daily"),
    (r"\bonce\b|\bx\s?1\b|\bstat\b|single\s+dose|one\s+dose|\bnow\b", "once"),
    (r"continuous(?:ly)?|infusion|drip|/\s*h(?:r|our)?\b", "continuous"),
]


_FREQ_RX = [(re.compile(r"(?i)" + rx), kind) for rx, kind in _FREQ]
_PRN = re.compile(r"(?i)\bprn\b|as\s+needed|p\.r\.n\.")


def _frequency(tail: str) -> Frequency | None:
    prn = bool(_PRN.search(tail))
    for rx, kind in _FREQ_RX:
        m = rx.search(tail)
        if not m:
            continue
        if kind == "range":
            a, b = [int(x) for x in m.groups() if x][:2]
            lo = min(a, b)
            return Frequency(f"q{a}-{b}h", 24 / lo, float(lo), prn)
        if kind == "interval":
            h = int(next(x for x in m.groups() if x))
            return Frequency(f"q{h}h", 24 / h if h else 1, float(h), prn)
        per = {"weekly": 1 / 7, "every_other_day": 0.5, "QID": 4, "TID": 3, "BID": 2, "nightly": 1, "daily": 1,
               "once": 1, "continuous": 24}[kind]
        interval = {"QID": 6.0, "TID": 8.0, "BID": 12.0, "nightly": 24.0, "daily": 24.0, "weekly": 168.0,
                    "every_other_day": 48.0}.get(kind)
        return Frequency(kind, float(per), interval, prn)
    if prn:
        return Frequency("prn", 1.0, None, True)
    return None


_HEADER = re.compile(r"(?m)^[ \t]*[-*]?[ \t]*([A-Za-z][A-Za-z /&()\-]{2,40}?)[ \t]*:")
_ALLERGY_SECTION = re.compile(r"(?i)allerg|adverse (?:drug )?reaction|\badrs?\b|intoleran")
_HELD_SECTION = re.compile(r"(?i)discontinu|stopped|\bheld\b|\bhold\b|past med|previous med|prior med|inactive|"
                           r"medications? (?:to )?stop")


def section_of(text: str, pos: int) -> str:
    """The heading ("Allergies:", "Held:") a position sits under, if no blank line intervenes."""
    last = None
    for m in _HEADER.finditer(text, 0, pos):
        last = m
    if last is None or "\n\n" in text[last.end() : pos]:
        return ""
    line_end = text.find("\n", last.end())
    inline = text[last.end() : line_end if line_end >= 0 else len(text)].strip()
    if inline and line_end >= 0 and pos > line_end:
        return ""  # "Allergies: penicillin" lists inline: the heading covers its own line only
    return last.group(1)


def _status(text: str, start: int, end: int) -> tuple[str, str]:
    section = section_of(text, start)
    if section and _ALLERGY_SECTION.search(section):
        return "allergy", "listed under allergies"
    if section and _HELD_SECTION.search(section):
        return "inactive", "listed under a discontinued/held section"
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 60) : start]
    before = _SENTENCE.split(before)[-1]  # the current sentence only
    m = INACTIVE.search(before)
    if m and not _RESTART.search(before[m.end() :]):
        word = m.group(1).lower()
        if word.startswith(("allerg", "intoleran", "reaction")):
            return "allergy", f"'{word}' before the drug"
        return "inactive", f"'{word}' before the drug"
    m2 = STATUS_AFTER.search(text[start:end] + text[end : end + 60])
    if m2:
        return "inactive", f"'{m2.group(2).lower()}' after the drug"
    return "active", ""
