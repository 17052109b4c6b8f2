"""Medication statements from free text.

A statement starts at a formulary name (generic, brand, abbreviation or a combination product) and reads dose,
unit, route, frequency, duration, formulation and any stated total from the words that follow, up to the next
drug, line or sentence end (`grammar.py`). Whether it is an active order is decided from the words around it
(`status.py`). A few things need the whole note and are settled after the first pass:

- "Pradaxa (dabigatran) 150 mg" is one statement, not an empty brand and a dosed generic;
- "750 mg x1, then 750 mg every 48 hours" is a loading dose and a maintenance order;
- a dose change ("increase to 1,000 mg BID", "double the dose") is the order, and the dose it replaces is not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any

from cdss.dosing import grammar as g
from cdss.dosing.formulary import Formulary, Product
from cdss.dosing.grammar import Frequency
from cdss.dosing.prose import prose_dose
from cdss.dosing.status import Sections, reason_word, status
from cdss.errors import Deadline

__all__ = ["Extractor", "Frequency", "MedStatement"]


@dataclass
class MedStatement:
    drug: str  # formulary generic
    name: str  # as written
    span: tuple[int, int]
    dose: float | None = None  # in `unit`, the maximum of a range
    dose_min: float | None = None
    unit: str | None = None
    per_kg: bool = False
    per_kg_day: bool = False  # "90 mg/kg/day": the dose is per kg per day
    per_m2: bool = False  # "1250 mg/m2": the dose is per square metre of body surface area
    ceiling: bool = (
        False  # a titration ceiling the order allows ("to max 30 mg/h"), not a dose given now
    )
    per_hour: bool = False
    stated_dose: float | None = (
        None  # the total written beside a per-kg dose ("= 7,500 mg"), per administration
    )
    stated_unit: str | None = None
    cap_dose: float | None = (
        None  # "0.9 mg/kg, capped at 90 mg": the per-kg dose never exceeds this amount
    )
    cap_unit: str | None = None
    written_per_kg: float | None = (
        None  # "7,500 mg (15 mg/kg)": the per-kg figure written beside an absolute dose
    )
    route: str | None = None
    iv_push: bool = False
    flush: bool = False
    concentration: float | None = None  # per mL, in `concentration_unit`
    concentration_unit: str | None = None
    formulation: str | None = None  # a formulation code of the drug (ER, patch, ...)
    frequency: Frequency | None = None
    duration_days: float | None = None
    total_only: bool = False  # the dose is a daily or weekly total, not one administration
    infusion_h: float | None = (
        None  # "40 mEq IV over 30 min": given over this many hours (a rate can be worked out)
    )
    loading: bool = False
    change: bool = False  # written as a dose change ("increase to")
    previous_dose: float | None = (
        None  # the dose a change replaces, when written in the same statement
    )
    status: str = "active"  # active | inactive | allergy
    status_reason: str = ""
    product: str | None = None
    components: dict[str, float] = field(
        default_factory=dict
    )  # per-dose amounts in component units (products)
    origin: str = "note"
    from_volume: bool = (
        False  # the dose was worked out from a volume (mL, mL/h) and the bag's strength
    )
    # "20 mg SC 1-hourly PRN, max 120 mg/24h": the most the order allows in a day, in `prn_cap_unit`
    prn_cap: float | None = None
    prn_cap_unit: str | None = None

    @property
    def active(self) -> bool:
        return self.status == "active"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


_WORD = re.compile(r"[^\W_]+")


class _Match:
    """The part of a regex match the statement parser uses."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _: int = 0) -> str:
        return self._text


_GIVE_AMOUNT = re.compile(
    r"(?i)\b(?:inject|give|take|administer|dose|dial|use|VTBI|volume to be infused)\s*:?\s*(?=\d)"
)
# a product's strengths spelt out after it: "(oxycodone 5 mg/acetaminophen 325 mg)", "5 mg/325 mg"
_NAME = r"[A-Za-z][\w-]*(?:\s+[A-Za-z]{1,4})?"  # "tenofovir DF", "oxycodone"
_GLOSS_NAME = r"[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?"  # "tenofovir disoproxil fumarate"
_COMPONENT_GLOSS = re.compile(
    r"(?i)\s*\(\s*"
    + _GLOSS_NAME
    + r"\s+(?:"
    + g.NUM
    + r")\s*(?:mg|mcg)\s*(?:/|,|\+|and)\s*"
    + _GLOSS_NAME
    + r"\s+(?:"
    + g.NUM
    + r")\s*(?:mg|mcg)\s*\)"
)
_STRENGTH_PAIR = re.compile(
    r"(?i)^([\s)]*)\(?\s*(?:(?P<n1>"
    + _NAME
    + r")\s+)?(?P<a1>"
    + g.NUM
    + r")\s*(?:mg|mcg)\s*(?:/|,|\+|and)\s*(?:(?P<n2>"
    + _NAME
    + r")\s+)?(?P<a2>"
    + g.NUM
    + r")\s*(?:mg|mcg)\s*\)?"
)


# "Percocet (oxycodone/APAP 5/325) 1-2 tab": the component names, then the strengths
_NAMED_PAIR = re.compile(
    r"(?i)^([\s)]*)\(\s*[A-Za-z][\w/ +-]{0,40}?\s+("
    + g.NUM
    + r")\s*(?:mg)?\s*/\s*("
    + g.NUM
    + r")\s*(?:mg)?\s*\)"
)


_TABS_AFTER = re.compile(r"(?i)\s*[,(]?\s*(?:x\s*)?([1-4])\s*(?:tabs?|tablets?|caps?|capsules?)\b")
_REST_OF_STRENGTH = re.compile(r"(?i)^(\s*/\s*\d+(?:\.\d+)?\s*(?:mg\b)?)")


def _strength_pair(
    body: str,
    order: list[str | None] | list[str] | None = None,
    generic: Callable[[str], str | None] | None = None,
) -> str:
    """ "(oxycodone 5 mg/acetaminophen 325 mg) 1-2 tab" read as "5/325 1-2 tab", padded to the same length so
    positions in the body still point at the note. "Augmentin 875/125 mg PO BID": the product's name took the
    first number of its strength; the rest of the strength ("/125 mg") is not a dose. When each strength is
    written beside its component ("Truvada (tenofovir DF 300 mg/emtricitabine 200 mg)") and the note names them
    in the other order than the product's strength order, the numbers are put back in that order."""
    rest = _REST_OF_STRENGTH.match(body)
    if rest:
        return " " * rest.end() + body[rest.end() :]
    m = _STRENGTH_PAIR.match(body)
    if m:
        first, second = m.group("a1"), m.group("a2")
        if order and generic and len(order) == 2 and m.group("n1") and m.group("n2"):
            names = [_component(m.group(k), generic) for k in ("n1", "n2")]
            if names == [order[1], order[0]]:
                first, second = second, first
    else:
        m = _NAMED_PAIR.match(body)
        if not m:
            return body
        first, second = m.group(2), m.group(3)
    short = f"{m.group(1)}{first}/{second}"
    return short + " " * (m.end() - len(short)) + body[m.end() :]


# a prefilled syringe or a single intravitreal injection: "enoxaparin 40 mg/0.4 mL SC", "vancomycin 1 mg/0.1 mL
# intravitreal"; the volume is 1 mL or less, and the route is an injection (oral "250 mg/5 mL" is a strength)
_SYRINGE = re.compile(
    r"(?i)^[\s(:]*(" + g.NUM + r")\s*(mg|mcg|units?)\s*(?:/|in)\s*(0?\.\d+|1(?:\.0)?)\s*m[lL]\b"
)
_INJECTED = frozenset({"IV", "IM", "SC", "IVIT", "IT"})
_VOLUME_LATER = re.compile(r"(?i)\b\d+(?:\.\d+)?\s*m[lL]\b(?!\s*/\s*h)")


def _syringe_amount(body: str) -> g.Dose | None:
    """The amount in a syringe written as its content ("40 mg/0.4 mL") when no volume to give follows: the
    whole syringe is the dose."""
    m = _SYRINGE.match(body)
    if not m or g.parse_route(body[: m.end() + 40]) not in _INJECTED:
        return None
    if _VOLUME_LATER.search(body[m.end() : m.end() + 60].split("\n")[0]):
        return None
    unit = g.UNIT_WORDS.get(m.group(2).lower())
    if unit is None:
        return None
    return g.Dose(value=g.num(m.group(1)), unit=unit, start=m.start(1), end=m.end())


def _component(written: str, generic: Callable[[str], str | None]) -> str | None:
    """ "tenofovir DF" is tenofovir: the salt abbreviation after the name is not part of it."""
    return generic(written) or generic(written.split()[0])


_PAREN_JOIN = re.compile(r"(?i)\s*(?:ER|XR|XL|CR|SR|LA|IR|DR|ODT)?\s*[(\[/]\s*$")
_THEN = re.compile(r"(?i),?\s*\bthen\b")
_DOSE_COUNT = re.compile(r"(?i)(?:\bx\s*|\bfor\s+)[1-6]\s*(?:more\s+|further\s+)?doses?\b")
_ORPHAN_CHANGE = re.compile(
    r"(?i)(?<![\w-])(?:(?:please|pls|plan:?|will|->)\s+)?(increase|decrease|reduce|titrate|change|"
    r"go\s+up|up-?titrate|wean|adjust|switch|double|triple|halve)\w*\s+(?:the\s+dose\s+|dose\s+|up\s+|down\s+)?to\s+"
    r"(?=" + g.NUM + r")"
)
# protocol lines under a drug named once: "VTE heparin nomogram.\nBolus 80 units/kg = 8,000 units IV\nInfusion ..."
_PROTOCOL_LINE = re.compile(
    # a line, or a sentence after a drug named without a dose ("PCA: hydromorphone 0.2 mg/mL. Demand dose 2 mg")
    r"(?im)(?:^|(?<=[a-z0-9)]\.\s))[ \t]*(?:[-*•]\s*)?(bolus|load(?:ing)?(?:\s+dose)?|infusion|"
    r"(?:pca\s+)?demand(?:\s+dose)?|pca\s+dose|initial\s+(?:rate|infusion)|maintenance|"
    r"then|(?:infusion\s+|drip\s+|initial\s+)?rate|goal|target|start(?:ing)?(?:\s+(?:at|rate))?|"
    r"pump(?:\s+(?:start|initial|programmed|rate|set|setting|running))*(?:\s+(?:at|to))?|run(?:ning)?\s+at)\s*[:=]?\s*(?="
    + g.NUM
    + r")"
)
_ORPHAN_SCALE = re.compile(r"(?i)\b(double|triple|halve)\s+(?:the\s+)?(?:current\s+)?(?:dose|it)\b")
_SCALE_BEFORE = re.compile(
    # "halve the gabapentin 300 mg" scales; "halve to 150 mg" names the new dose
    r"(?i)\b(double|triple|halve|half)\s+(?:the\s+)?(?:(?!to\b)\w+\s+)?(?:dose\s+(?:of\s+)?)?$"
)
# "IV paracetamol (Perfalgan) 1 g q6h", "PO amoxicillin 500 mg": the route written just before the name
_ROUTE_BEFORE = re.compile(
    r"(?<![\w/])(IV|IM|PO|SC|SL|PR|subcut|oral|intravenous|intramuscular|buccal|intranasal|rectal|sublingual)\s+$",
    re.IGNORECASE,
)


_NEXT_ROUTE = re.compile(
    r"(?i)[,;\s]+(?:IV|IM|PO|SC|SL|PR|subcut|oral|buccal|intranasal|rectal|intravenous|intramuscular)\s*$"
)


def _route_before(before: str) -> str | None:
    m = _ROUTE_BEFORE.search(before)
    return g.parse_route(m.group(1)) if m else None


_CHANGE_BEFORE = re.compile(
    r"(?i)\b(increase|decrease|reduce|titrate|change|up-?titrate|wean|adjust|go up|raise|lower)\w*"
    # "Change to: dolutegravir 50 mg BD": a colon may end the verb
    r"(?:\s+(?:the|his|her|their|pt'?s?|patient'?s?))?(?:\s+to)?(?:\s+(?:high|higher|low|lower|full)[- ]dose)?\s*:?\s*$|"
    # "Double to high-dose amoxicillin 90 mg/kg/day": the new dose is written after the name
    r"\b(?:double[ds]?|triple[ds]?|halve[ds]?)\s+to(?:\s+(?:high|higher|low|lower|full)[- ]dose)?\s*$"
)
_SCALE_FACTOR = {"double": 2.0, "triple": 3.0, "halve": 0.5, "half": 0.5}


_LOCAL_ANAESTHETICS = frozenset(
    {
        "lidocaine",
        "bupivacaine",
        "ropivacaine",
        "levobupivacaine",
        "mepivacaine",
        "prilocaine",
        "articaine",
    }
)
_WITH_EPI = re.compile(r"(?i)^\s*(?:\d+(?:\.\d+)?\s*%\s*)?(?:with|w/|\+|and|plus)\s*$")
_DILUENTS = frozenset({"sodium chloride", "dextrose", "lactated ringer", "sterile water", "water"})
_IN_VOLUME = re.compile(
    r"(?i)(?:(?:\b(?:in|into|diluted in|mixed in|in a)\s+|/\s*)\d+(?:\.\d+)?\s*(?:mL|ml|L|cc)\s*(?:of\s+)?(?:bag\s+of\s+)?"
    r"|\b(?:in|into|diluted in|diluted with|mixed in)\s+)"
    # "phenytoin 1,500 mg IV in NS over 10 min" too, and a strength before the name: "in 50 mL 0.9% NaCl"
    r"(?:\d+(?:\.\d+)?\s*%\s*)?$"
)


def _bag_rx(units: str) -> re.Pattern[str]:
    """ "4 mg in 250 mL", "40 g/1000 mL": an amount in one of `units` per volume (groups: amount, unit, mL)."""
    return re.compile(
        # "Noradrenaline (norepinephrine) 4 mg in 50 mL": a name in brackets may stand before the bag
        r"(?i)[\s:(]*(?:(?:[A-Za-z][\w -]{0,40})?\)\s*)?("
        + g.NUM
        + r")\s*("
        + units
        + r")\s*(?:/|in|per)\s*("
        + g.NUM
        + r")\s*m[lL]\b"
    )


_BAG = _bag_rx(r"mg|mcg|units?|milliunits?")
_BAG_ANY = _bag_rx(
    r"g|mg|mcg|units?|milliunits?|meq|mmol"
)  # grams and mEq too: magnesium, potassium
# "PRN, max 120 mg/24h", "maximum 4 g in 24 hours": the stated daily ceiling of an as-needed order
_PRN_CAP = re.compile(
    r"(?i)\b(?:max(?:imum)?|not\s+to\s+exceed|nte|no\s+more\s+than)\.?\s*(?:of\s+)?("
    + g.NUM
    + r")\s*(mg|mcg|micrograms?|g|units?)\s*(?:/|per|in|a|each)\s*(?:24\s*h(?:rs?|ours?)?|day|d)\b"
)
_DRIP_WORDS = re.compile(
    r"(?i)\bcontinuous\b|\bgtt\b|\bdrip\b|\b(?:mcg|mg|units?|milliunits?)\s*/\s*(?:kg\s*/\s*)?(?:min|h|hr|hour)\b"
)
_STRENGTH_OF = re.compile(
    r"^\s*\(\s*\d+(?:\.\d+)?\s*(?:mg|mcg|units?)\s*/\s*m[lL]\s*(?:of\s+|as\s+)?$"
)
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%")
_TITRATE_MAX = re.compile(
    r"(?i)\b(?:to\s+(?:a\s+)?)?(?:max(?:imum)?|up\s+to|not\s+to\s+exceed|NTE)\.?\s*(?:of\s+|rate\s+)?(\d+(?:\.\d+)?)\s*"
    r"(mg|mcg|units?|milliunits?)\s*/\s*(h|hr|hour|min)\b"
)
# "alteplase 0.9 mg/kg, capped at max 90 mg", "0.1 mg/kg (max 10 mg)": a per-dose cap beside a per-kg dose (not
# "max 4 g/day" or "max 1,000 units/h", which are other limits)
_PER_KG_CAP = re.compile(
    r"(?i)^[^.\n;]{0,25}?(?:\bcapped\s+at|\bto\s+a|\bnot\s+to\s+exceed|\bNTE|\bmax(?:imum)?)\.?\s*(?:at\s+|of\s+)?"
    r"(?:max(?:imum)?\.?\s*)?(?:dose\s+)?(?:of\s+)?(" + g.NUM + r")\s*(mg|mcg|g|units?)\b(?!\s*/)"
)
_SERIES_CAP = re.compile(
    r"(?i)\b(?:to\s+(?:a\s+)?(?:total\s+)?max(?:imum)?|max(?:imum)?\s+(?:total|cumulative)|up\s+to\s+(?:a\s+)?total(?:\s+of)?)"
    r"\.?\s*(?:of\s+)?(" + g.NUM + r")\s*(mg|mcg|g|units?)\b(?!\s*/)"
)
# a formulary name that is another word in context: "ASA I" / "ASA class 2" is the anaesthetic physical status
_NOT_A_DRUG_AFTER = {
    "asa": re.compile(
        r"(?:\s*(?:class|grade|score|physical\s+status|PS)\b|\s+(?:I{1,3}|IV|V|VI)E?\b|"
        r"\s*[1-6]E?\s*(?=[,;.)\n]|$))"
    )
}
_BAG_ML_RATE = re.compile(
    r"(?i)(?:@|\bat|\brate|\brun\w*|\binfuse\w*|->|=)[ \t:]*(?:a\s+rate\s+of\s+)?("
    + g.NUM
    + r")\s*m[lL]\s*/\s*h(?:r|our)?\b"
)
_ML_PER_HOUR = re.compile(r"(?i)(?<![\d.,])(?:" + g.NUM + r")\s*m[lL]\s*/\s*h(?:r|our)?\b")
_TAB_STRENGTH_THEN = re.compile(r"(?i)\s*(?:tabs?|tablets?|caps?|capsules?)\b\s*[-–:=,]\s*(?=\d)")
_SOURCE_ASIDE = re.compile(
    r"(?i)\((?:letter|per|as per|previously|prev|was|old|home|prior|GP|discharge|hospital|clinic letter)\b[^)\n]*\)"
)
_LEADING_PERCENT = re.compile(r"\s*[(:]?\s*(\d+(?:\.\d+)?)\s*%")
_EQUALS_AMOUNT = re.compile(r"=\s*(\d[\d,.]*\s*(?:mg|mcg|g)\b)")
_STATED_ML = re.compile(r"\s*(?:=|->|→|i\.e\.?)\s*(\d+(?:\.\d+)?)\s*m[lL]\b")
_COMBO_PAIR = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*\d+(?:\.\d+)?\s*(mg|mcg)\b")


def _per_kg_in(wpk: re.Match[str], unit: str | None) -> float:
    """ "1,040 mg (40 mg/kg)" with the dose in g, or "1 g (40 mg/kg)": the per-kg figure in the dose's own unit."""
    value, written = g.num(wpk.group(1)), g.UNIT_WORDS.get(wpk.group(2).lower())
    if written in g.MASS and unit in g.MASS and written != unit:
        return value * g.MASS[written] / g.MASS[unit or "mg"]
    return value


_LOAD_WORD = re.compile(r"(?i)\bload(?:ing)?\b|\bLD\b")
_PUMP_AFTER = re.compile(
    r"(?i)(?:->|→|=|\brun\w*|\brate|\bpump|\binfuse\w*|@|\bat)\s*(?:(?:programmed|set|running)\s*)?(?:at\s*)?"
    r"(?:a rate of\s*)?(?:to\s*)?(" + g.NUM + r")\s*m[lL]\s*/\s*h(?:r|our)?\b"
)
_ROUTE_LINE = re.compile(r"(?i)[ \t,;]*\n?[ \t]*route[ \t]*[:=][ \t]*([A-Za-z ]{2,20})")


def _route_line(text: str, end: int, limit: int) -> str | None:
    """An order form writes the route on its own line under the drug: "bupivacaine 0.25% 20 mL\nroute: IV"."""
    m = _ROUTE_LINE.match(text, end, min(limit, end + 60))
    return g.parse_route(m.group(1)) if m else None


def _per_min(m: re.Match[str]) -> bool:
    """A stated total written per minute ("= 170 mcg/min") is kept per hour, like the rate it states."""
    return (m.lastindex or 0) >= 4 and bool(m.group(4))


_MIN_MISSPELT = 7
# a misspelt name is read as a drug only when a dose follows on its line ("Simvastain 40 mg nocte")
_DOSE_AFTER_TYPO = re.compile(r"[^\S\n]*(?:\([^()\n]{0,40}\)[^\S\n]*)?[^\W\d_]{0,12}[^\S\n]*\d")


def _one_slip(a: str, b: str) -> bool:
    """Whether a and b differ by one letter dropped, added or changed, or by two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


class Extractor:
    def __init__(self, formulary: Formulary) -> None:
        self.f = formulary

    def warm_up(self) -> None:
        _ = self._by_first_word
        _ = self.f.interaction_index

    @cached_property
    def _by_first_word(self) -> dict[str, list[str]]:
        """Lower-case names keyed by their first word, longest first: name lookup is linear in the text."""
        out: dict[str, list[str]] = {}
        for n in set(self.f.names()):
            low = n.lower()
            m = _WORD.search(low)
            if len(low) >= 2 and m and m.start() == 0:
                out.setdefault(m.group(0), []).append(low)
        for v in out.values():
            v.sort(key=len, reverse=True)
        return out

    @cached_property
    def _by_deletion(self) -> dict[str, set[str]]:
        """One-word drug names of 7 letters or more, under each spelling with one letter left out (SymSpell's
        index): a word one slip from a name shares one of these keys with it."""
        out: dict[str, set[str]] = {}
        for name in self.f.synonyms:
            if len(name) >= _MIN_MISSPELT and name.isalpha():
                for key in {name} | {name[:i] + name[i + 1 :] for i in range(len(name))}:
                    out.setdefault(key, set()).add(name)
        return out

    def misspelt(self, word: str) -> str | None:
        """The one drug name a long word is a single slip from ("Simvastain", "amlodopine", "metfromin"): one
        letter dropped, added, changed or two swapped. Short words and words near two names are left alone."""
        low = word.lower()
        if (
            len(low) < _MIN_MISSPELT
            or not low.isalpha()
            or low in self.f.synonyms
            or low
            in self.f.other_names  # a medicine in its own right (metamizole, not methimazole)
        ):
            return None
        index = self._by_deletion
        near: set[str] = set()
        for key in {low} | {low[:i] + low[i + 1 :] for i in range(len(low))}:
            near |= index.get(key, set())
        near = {n for n in near if _one_slip(low, n)}
        drugs = {self.f.synonyms[n] for n in near}
        return min(near) if len(drugs) == 1 else None

    def find_names(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, written) of every formulary name, longest match first, not inside a longer word. A long
        word one slip from a drug name and followed by a dose is read as that drug."""
        low = text.lower()
        found: list[tuple[int, int, str]] = []
        pos_end = 0
        index = self._by_first_word
        for m in _WORD.finditer(low):
            s = m.start()
            if s < pos_end or (
                s > 0 and (low[s - 1] == "-" or low[s - 1].isalnum() or low[s - 1] == "_")
            ):
                continue
            word = m.group(0)
            if (
                word not in index
                and len(word) >= _MIN_MISSPELT
                and _DOSE_AFTER_TYPO.match(low, m.end())
                and self.misspelt(word)
            ):
                found.append((s, m.end(), text[s : m.end()]))
                pos_end = m.end()
                continue
            for name in index.get(word, ()):
                e = s + len(name)
                if low.startswith(name, s) and not (
                    e < len(low)
                    and (
                        low[e].isalnum()
                        or low[e] in "_-"
                        or (low[e] == "/" and low[e + 1 : e + 2].isdigit())
                    )
                ):
                    after = _NOT_A_DRUG_AFTER.get(name)
                    if after is not None and after.match(text, e):
                        break
                    found.append((s, e, text[s:e]))
                    pos_end = e
                    break
        return found

    def _drop_component_gloss(self, text: str, matches: list[_Match]) -> list[_Match]:
        """ "Percocet (oxycodone 5 mg/acetaminophen 325 mg) 1-2 tab": the names in the bracket after a product
        spell out its strengths; they are not orders of their own (the product statement reads them)."""
        drop: set[int] = set()
        for i, m in enumerate(matches):
            product = self.f.product_names.get(m.group(1).lower())
            if product is None:
                continue
            gloss = _COMPONENT_GLOSS.match(text, m.end())
            if not gloss:
                continue
            for j in range(i + 1, len(matches)):
                if matches[j].start() >= gloss.end():
                    break
                if self._generic(matches[j].group(1)) in product.components:
                    drop.add(j)
        return [m for i, m in enumerate(matches) if i not in drop]

    def _generic(self, written: str) -> str | None:
        low = written.lower()
        if low in self.f.synonyms:
            return self.f.synonyms[low]
        if low in self.f.formulation_names:
            return self.f.formulation_names[low][0]
        typo = self.misspelt(low) if " " not in low else None
        return self.f.synonyms[typo] if typo else None

    def _routes(self, written: str) -> set[str]:
        """The formulary routes of a written name; a product not resolved to one drug is taken as SC-capable."""
        generic = self._generic(written)
        return set(self.f.drugs[generic].routes) if generic in self.f.drugs else {"SC"}

    def extract(
        self, text: str, origin: str = "note", deadline: Deadline | None = None
    ) -> list[MedStatement]:
        matches = [_Match(s, e, w) for s, e, w in self.find_names(text)]
        # "opium tincture (10 mg/mL morphine) 6 mL": the moiety in the strength bracket is not an order of its own
        matches = [
            m
            for i, m in enumerate(matches)
            if not (
                i
                and _STRENGTH_OF.match(text[matches[i - 1].end() : m.start()])
                and text[m.end() : m.end() + 3].lstrip().startswith(")")
            )
        ]
        matches = self._drop_component_gloss(text, matches)
        # "D1 20 mg QDS; D2 15 mg QDS": a regimen's day labels, not dextrose (D5, D10) dosed in mg
        matches = [
            m
            for m in matches
            if not (_DAY_LABEL.fullmatch(m.group(1)) and _MG_AFTER.match(text, m.end()))
        ]
        sections = Sections(text)
        out: list[MedStatement] = []
        joined_start: int | None = None
        diluents = self._diluents(text, matches)
        for i, m in enumerate(matches):
            if deadline is not None and i % 256 == 255:
                deadline.check("medication extraction")
            if i in diluents:
                continue
            written = m.group(1)
            j = i + 1
            while (
                j in diluents
            ):  # "KCl 40 mEq in 100 mL NS IV over 30 min": the diluent belongs to the order
                j += 1
            nxt = matches[j].start() if j < len(matches) else len(text)
            low = written.lower()
            generic = self._generic(written)
            here = self.f.product_names.get(low)
            there = (
                self.f.product_names.get(matches[i + 1].group(1).lower())
                if i + 1 < len(matches)
                else None
            )
            if (
                i + 1 < len(matches)
                and (
                    (generic and generic == self._generic(matches[i + 1].group(1)))
                    or (here is not None and there is not None and here.name == there.name)
                )  # "oxyCODONE-acetaminophen (Percocet) 5-325 mg"
                and _PAREN_JOIN.match(text[m.end() : nxt])
            ):
                joined_start = (
                    m.start() if joined_start is None else joined_start
                )  # "Pradaxa (dabigatran) 150 mg"
                continue
            end = min(nxt, _clause_end(text, m.end()))
            tail = text[m.end() : end]
            product = self.f.product_names.get(low)
            if product is not None and low in self.f.synonyms:
                # a name that is both ("Bactrim DS", "Zosyn"): the product when counted in tablets or no dose
                if g.parse_dose(tail).unit not in (None, "tab"):
                    product = None
            if product is None and generic is None:
                joined_start = None
                continue
            start = joined_start if joined_start is not None else m.start()
            joined_start = None
            if start != m.start():
                written = text[start : m.end()]
            parts = self._split_then(tail)
            first: list[MedStatement] = []
            for k, part in enumerate(parts):
                stmts = self._parse(
                    text,
                    sections,
                    start,
                    m.end(),
                    written,
                    part,
                    product,
                    origin,
                    nxt,
                    # "0.5 mg IV x1 now, then 0.25 mg IV q6h x 2 doses": a load split into a few doses
                    loading=len(parts) == 2 and (k == 0 or bool(_DOSE_COUNT.search(part))),
                    matched=m.group(1),
                )
                for (
                    st
                ) in stmts:  # "... PO x1, then 400 mg daily": the maintenance order keeps the route
                    if k == 1 and st.route is None and first:
                        st.route = first[0].route
                first = first or stmts
                out.extend(stmts)
        self._orphan_changes(text, out, origin)
        self._protocol_lines(text, sections, out, origin)
        self._supersede(text, out)
        self._stopped_later(out, text)
        _bag_additive_rate(text, out)
        _restated(text, out)
        _strength_then_volume(text, out)
        _shared_route(text, out)
        return out

    @staticmethod
    def _stopped_later(out: list[MedStatement], text: str = "") -> None:
        """ "Convert to U-500 (was glargine 160 + lispro 45 TID) ... Stop glargine and lispro": a later stop order
        with no dose ends the drug's earlier mentions too. Only an explicit stop word counts, not a held dose."""
        stop_at: dict[str, int] = {}
        stop_name: dict[str, str] = {}
        # "QTc 488 on citalopram. / citalopram 20 mg daily - STOPPED": a dosed stop ends the undosed mentions before it
        dosed_stop_at: dict[str, int] = {}
        for st in out:
            if st.status == "inactive" and _STOP_WORD.match(reason_word(st.status_reason)):
                line_end = text.find("\n", st.span[1])
                if st.dose is None and _PLANNED_STOP.search(
                    text[st.span[0] : line_end if line_end >= 0 else len(text)]
                ):
                    continue  # "Stop heparin 4-6 h pre-op": a stop planned for later leaves the order running now
                if st.dose is None:
                    stop_at[st.drug] = st.span[0]
                    stop_name[st.drug] = st.name.lower().strip()
                else:
                    dosed_stop_at[st.drug] = st.span[0]
        seen: set[str] = set()
        for st in out:
            head = _NEW_ORDER_LINE.match(text, text.rfind("\n", 0, st.span[0]) + 1)
            # the line's new order is this drug: it follows the "New:" or "switch to" at once
            replacing = st.drug in seen and head is not None and 0 <= st.span[0] - head.end() <= 25
            seen.add(st.drug)
            if replacing or _other_brand(st, stop_name.get(st.drug)):
                continue  # "Current: Zomorph 60 mg BD / New: morphine 120 mg SC over 24 h. Stop Zomorph."
            if st.active and (
                st.span[0] < stop_at.get(st.drug, -1)
                or (st.dose is None and st.span[0] < dosed_stop_at.get(st.drug, -1))
            ):
                st.status, st.status_reason = "inactive", "stopped later in the note"

    def _diluents(self, text: str, matches: list[_Match]) -> set[int]:
        """Indexes of mentions that are the diluent of the order before them ("in 100 mL NS", "in 250 mL D5W")."""
        out = set()
        for i in range(1, len(matches)):
            if self._generic(matches[i].group(1)) in _DILUENTS and _IN_VOLUME.search(
                text, matches[i - 1].end(), matches[i].start()
            ):
                out.add(i)
            elif (
                # "lidocaine 1% with epinephrine 1:100,000 - infiltrate up to 60 mL": the vasoconstrictor is part
                # of the local anaesthetic's product; the volume is the anaesthetic's
                self._generic(matches[i].group(1)) == "epinephrine"
                and self._generic(matches[i - 1].group(1)) in _LOCAL_ANAESTHETICS
                and _WITH_EPI.match(text[matches[i - 1].end() : matches[i].start()])
            ):
                out.add(i)
        return out

    @staticmethod
    def _split_then(tail: str) -> list[str]:
        """'2 g IV x1, then 1 g IV q12h': the loading dose, then the maintenance order (with the same offsets)."""
        m = _THEN.search(tail)
        if not m or not g.DOSE_RX.match(tail, m.end()):
            return [tail]
        return [tail[: m.start()], " " * m.end() + tail[m.end() :]]

    def _parse(
        self,
        text: str,
        sections: Sections,
        start: int,
        name_end: int,
        written: str,
        tail: str,
        product: Product | None,
        origin: str,
        limit: int,
        loading: bool = False,
        matched: str = "",
    ) -> list[MedStatement]:
        body = tail.lstrip(" ") if tail.startswith(" " * 4) else tail
        offset = len(tail) - len(body)
        row = text[text.rfind("\n", 0, start) + 1 : start].lstrip()
        if row.startswith("|") or re.match(r"\s*\|", body):
            # a table row: "| acetaminophen | 1 g PO q6h | scheduled |": the cells read as one order
            body = body.replace("|", " ")
        if product is not None:
            body = _strength_pair(
                body, product.strength_components or list(product.components), self._generic
            )
        closed = bool(re.match(r"\s*\)", body))
        if closed:
            # "Augmentin (amoxicillin-clavulanate) 875/125 mg": the bracket closing the written name
            body = body.replace(")", " ", 1)
        # the brand's strength pair after the bracketed generic, read as written without the bracket ("Augmentin
        # 875/125 mg" is 875 mg); other pairs ("800/160 mg (DS)" of co-trimoxazole) keep their own reading
        pair = _COMBO_PAIR.match(body) if product is None and closed else None
        if pair:
            # a combination dosed by its first component: "875/125 mg" is 875 mg of amoxicillin
            first = f"{pair.group(1)} {pair.group(2)}"
            body = (
                body[: pair.start(1)] + first.ljust(pair.end() - pair.start(1)) + body[pair.end() :]
            )
        dose = g.parse_dose(body)
        if dose.end and dose.value is not None:
            after_at = name_end + offset + dose.end
            following = self.find_names(text[after_at : after_at + 30])
            if (
                following
                and following[0][0] <= 1
                and self._generic(following[0][2]) != self._generic(matched)
            ):
                # "(352 mg lidocaine, 176 mcg epinephrine)": the amount names the drug written right after it
                dose = g.Dose()
        then = (
            _TAB_STRENGTH_THEN.match(body, dose.end)
            if dose.end and dose.unit in ("mg", "mcg", "g")
            else None
        )
        if then:
            # "Methotrexate 2.5 mg tabs - 10 mg PO": the tablet strength, then the dose
            later = g.parse_dose(body[then.end() :])
            if later.value is not None:
                dose = dataclasses.replace(
                    later, start=later.start + then.end(), end=later.end + then.end()
                )
        if dose.value is None and (_BAG.match(body) or g.CONCENTRATION.match(body.lstrip(" (:"))):
            # "milrinone 20 mg/100 mL (200 mcg/mL) @ 10.5 mL/h = 0.5 mcg/kg/min": the bag, then the rate
            dose = g.find_rate(body) or dose
        if dose.value is None and (
            g.CONCENTRATION.match(_FORM_WORDS.sub("", body.lstrip(" (:"), count=1))
            # "Paracetamol IV (10 mg/mL) - pump programmed VTBI 80 mL": a route word before the strength
            or g.CONCENTRATION.match(re.sub(r"(?i)^\s*(?:IV|PO|SC|IM)\s*\(?", "", body))
        ):
            # "insulin glargine 100 units/mL pen - inject 100 units at bedtime": the pen's strength, then the dose
            # ("paracetamol infant drops 100 mg/mL - give 4 mL": a form word may come first)
            give = _GIVE_AMOUNT.search(body)
            if give:
                later = g.parse_dose(body[give.end() :])
                if later.value is not None:
                    dose = dataclasses.replace(
                        later, start=later.start + give.end(), end=later.end + give.end()
                    )
        if dose.value is None and product is None:
            dose = _syringe_amount(body) or dose
        if (
            dose.value is None
            and product is None
            and (_PERCENT.search(body[:40]) or g.CONCENTRATION.search(body))
        ):
            # "ropivacaine 0.2% (2 mg/mL) epidural infusion @ 60 mL/h": the strength, then the pump rate in mL/h,
            # read as a volume per hour and turned into an amount by the strength below
            ml_h = _ML_PER_HOUR.search(body)
            if ml_h:
                later = g.parse_dose(body[ml_h.start() :])
                if later.value is not None and later.per_hour:
                    dose = dataclasses.replace(
                        later, start=later.start + ml_h.start(), end=later.end + ml_h.start()
                    )
        if dose.value is None and product is None:
            dose = self._bag_only(matched, body) or dose
        if dose.value is None and product is None and (eq := _EQUALS_AMOUNT.search(body[:160])):
            # "5 x 2.2 mL cartridges (11 mL = 220 mg lidocaine)": the amount the arithmetic states
            later = g.parse_dose(body[eq.start(1) :])
            if later.value is not None:
                dose = dataclasses.replace(
                    later, start=later.start + eq.start(1), end=later.end + eq.start(1)
                )
        if dose.value is None and origin == "answer":
            dose = prose_dose(body, text[max(0, start - 60) : start])
        # "(letter: '10 mg weekly, Mondays')": an aside quoting another source is not this order's frequency
        plain = _SOURCE_ASIDE.sub(lambda m: " " * len(m.group(0)), body)
        freq = g.parse_frequency(plain[dose.start :]) or g.parse_frequency(plain)
        lead = text[text.rfind("\n", 0, start) + 1 : start]
        if freq is not None and not freq.prn and _PRN_LEAD.search(lead):
            # "PRN: morphine 5 mg subcut 1-hourly": the line's heading makes every dose on it as needed
            freq = dataclasses.replace(freq, prn=True)
        driver = _SYRINGE_DRIVER.search(lead + body[:80])
        if freq is None and (driver or _OVER_24H.match(body)):
            # "CSCI 24 h: midazolam 10 mg + metoclopramide 30 mg in WFI": a syringe driver's amount is per 24 hours
            freq = Frequency("daily", 1.0, 24.0, False)
            dose = dataclasses.replace(dose, per_day_total=True)
        if dose.per_hour and not re.search(
            r"(?i)patch|transdermal|\bTD\b", written + " " + body
        ):  # a rate: "increase by 2
            # milliunits/min q30 min" titrates it; it is not a dosing interval (a patch's change interval is)
            freq = Frequency("continuous", 24.0, None, False)
        if (
            freq is not None
            and freq.code == "continuous"
            and not dose.per_hour
            and not dose.per_day_total
            and not re.search(r"(?i)continuous|drip|/\s*h(?:r|our)?\b", body)
        ):
            # "5 g given as two 2.5 g infusions" is one administration, and "... when creatinine clearance is
            # below 30 mL/min" is a clearance: neither makes a fixed amount into 24 doses a day
            freq = (
                Frequency("once", 1.0, None, freq.prn)
                if re.search(r"(?i)infusions?", body)
                else None
            )
        total_cap = _SERIES_CAP.search(body[dose.end :]) if dose.end and freq else None
        if freq and total_cap and freq.code.endswith("min") and dose.value and not dose.per_kg:
            # "flumazenil 0.2 mg IV, repeat q1min to max 1 mg": a short series, as many doses as the cap allows
            cap_unit = g.UNIT_WORDS.get(total_cap.group(2).lower())
            if cap_unit == dose.unit:
                n = max(1.0, round(g.num(total_cap.group(1)) / dose.value))
                freq = Frequency(freq.code, min(freq.per_day, n), freq.interval_h, freq.prn)
        if dose.per_week:  # a weekly total is checked as its daily average
            freq = Frequency("weekly total", 1.0, 24.0, False)
        if dose.per_day_total:  # "2 g/day" is checked against the daily maximum only
            freq = Frequency("daily total", 1.0, 24.0, False)
        if (
            not loading
            and freq is not None
            and freq.code == "once"
            and _LOAD_WORD.search(body[: dose.end + 30] if dose.end else body[:40])
        ):  # "fluconazole 800 mg PO x1 (load), then fluconazole 200 mg daily": a one-off load, named so
            loading = True
        if loading and (freq is None or freq.code == "once"):
            freq = Frequency("once", 1.0, None, False)
        after = body[dose.end :] if dose.end else body
        stated = g.STATED.match(after) if dose.per_kg or dose.per_m2 else None
        if (
            dose.per_kg and stated is None
        ):  # "1 mg/kg SC q12h for PE. Wt 220 lb -> 220 mg": the total after the weight
            stated = g.STATED_LATER.match(text, name_end + len(tail), limit)
        capped = (
            _CAPPED_TO.match(after, stated.end()) if stated and stated.string is after else None
        )
        if capped:  # "10 mg/kg = 470 mg -> capped 400 mg": the capped amount is the dose given, under its cap
            stated = capped
        wpk = g.WRITTEN_PER_KG.match(after) if dose.unit and not dose.per_kg else None
        cap = (
            _PER_KG_CAP.match(after)
            if dose.per_kg and not dose.per_kg_day and stated is None
            # "10 mg/kg = 470 mg -> capped 400 mg": the computed total, then the cap that gives the dose
            else capped
        )
        conc = g.CONCENTRATION.search(body)
        scale = g.SCALE.search(body)
        value, low = dose.value, dose.low
        tabs = (
            _TABS_AFTER.match(body, dose.end)
            if dose.end and dose.unit not in (None, "tab", "mL")
            else None
        )
        if tabs and value is not None and product is None and not dose.per_kg and not dose.per_hour:
            # "Tylenol 500 mg 2 tabs PO q6h": the tablet strength, then how many tablets make the dose
            n = float(tabs.group(1))
            value, low = value * n, (low or value) * n
        if (
            scale
            and value is not None
            and dose.end
            and scale.start() > dose.end
            # "increase to 50 mg BD (double dose)": the words describe the new dose written out
            and not dose.changed
            and not re.search(r"\(\s*$", body[max(0, scale.start() - 3) : scale.start()])
        ):
            factor = _SCALE_FACTOR[scale.group(1).lower()]
            value, low = value * factor, (low or value) * factor
        st_status, reason = status(text, sections, start, name_end + len(tail), limit, name_end)
        span_start = start + (offset + name_end - start if offset else 0)
        span_end = name_end + len(tail.rstrip(" ,;.\n"))
        before = text[max(0, start - 40) : start]
        if name_end + len(tail) >= limit and limit < len(text):
            # "buccal midazolam 5 mg 14:02, IV lorazepam 1.8 mg": a route word just before the next drug is its own
            body = _NEXT_ROUTE.sub("", body)
        written_route = (
            g.parse_route(body[dose.start :])
            or g.parse_route(body)
            or g.parse_route(" ".join(written.split()[1:]))
            or _route_line(text, name_end + len(tail), limit)
            or _route_before(before)
        )
        # "CSCI over 24 h: morphine 40 mg + midazolam 10 mg": a syringe driver runs subcutaneously, unless the
        # drug is never given SC (magnesium "via syringe driver at 20 mL/h" is an IV pump)
        driver_route = None
        if not written_route and driver and not re.search(r"(?i)\bIV\b|intraven", lead + body):
            routes = self._routes(written)
            driver_route = next((r for r in ("SC", "IV") if r in routes), None)
        base: dict[str, Any] = dict(
            name=written,
            span=(span_start, span_end),
            route=written_route or driver_route,
            frequency=freq,
            duration_days=g.duration_days(body),
            infusion_h=g.infusion_hours(body),
            total_only=dose.per_week or dose.per_day_total,
            status=st_status,
            status_reason=reason,
            origin=origin,
            iv_push=bool(g.PUSH.search(body)),
            flush=bool(g.FLUSH.search(body) or g.FLUSH.search(before[-15:])),
            concentration=g.num(conc.group(1)) if conc else None,
            concentration_unit=g.UNIT_WORDS.get(conc.group(2).lower()) if conc else None,
            loading=loading,
            change=dose.changed
            or bool(g.CHANGE.search(body[: max(dose.end, 1)]) or _CHANGE_BEFORE.search(before)),
        )
        if product is None:
            generic = self._generic(matched) or ""
            # the strength written with the name or right after it ("Dextrose 50%", "sodium bicarbonate 8.4% 3 mmol"),
            # not a diluent's ("vancomycin 1 g in NaCl 0.9%")
            pct = _PERCENT.search(written) or _LEADING_PERCENT.match(body)
            per_unit = self.f.drugs[generic].mg_per_unit
            if base["concentration"] is None and pct and self.f.drugs[generic].unit in ("mg", "g"):
                # "Dextrose 50% 6 mL IV push": a percent strength is grams per 100 mL (50% is 500 mg/mL)
                base["concentration"], base["concentration_unit"] = g.num(pct.group(1)) * 10, "mg"
            elif base["concentration"] is None and pct and per_unit:
                # "sodium bicarbonate 8.4%": 84 mg/mL of a salt of 84 mg per mEq is 1 mEq/mL
                base["concentration"] = g.num(pct.group(1)) * 10 / per_unit
                base["concentration_unit"] = self.f.drugs[generic].unit
            if (
                base["route"] == "TD"
                and "TD" not in self.f.drugs[generic].routes
                and re.search(r"(?i)\bpatch", body)
                and not re.search(r"(?i)\btransdermal|\bTD\b", body)
            ):
                base["route"] = (
                    None  # "give last OxyContin dose at time of patch application": another product
                )
            formulation = self._formulation(generic, written, matched, body)
            drug_unit = self.f.drugs[generic].unit
            if dose.unit == "tab" and drug_unit != "tab":
                return [
                    MedStatement(generic, dose=None, unit="tab", formulation=formulation, **base)
                ]
            if (
                conc
                and dose.unit == "units"
                and dose.value == g.num(conc.group(1))
                and not dose.per_kg
                and dose.start
                < conc.end()  # the dose is the strength itself, not a dose read after it
            ):
                value = low = None  # "heparin 10 units/mL flush": a concentration, not a dose
            bag = _BAG.match(body, dose.start) if dose.end and not dose.per_hour else None
            # "MgSO4 20 g in 500 mL running at 250 mL/h": grams and mEq bags too
            rate_bag = _BAG_ANY.match(body, dose.start) if dose.end and not dose.per_hour else None
            if rate_bag is None and dose.end and not dose.per_hour and value is not None:
                # "magnesium sulfate 50% - 20 g in 40 mL": a strength may stand between the name and the bag
                near = _BAG_ANY.search(body, dose.start, dose.end + 20)
                rate_bag = near if near and g.num(near.group(1)) == value else None
            bag_rate = (
                _BAG_ML_RATE.search(body, rate_bag.end()) if rate_bag and not dose.per_kg else None
            )
            written_rate = g.find_rate(body, rate_bag.end()) if rate_bag and bag_rate else None
            if (
                rate_bag
                and bag_rate
                and g.UNIT_WORDS.get(rate_bag.group(2).lower()) == dose.unit
                and (
                    written_rate is None
                    or (written_rate.unit == dose.unit and not written_rate.per_kg)
                )
            ):
                bag = rate_bag
                # "Actrapid 50 units in 50 mL (1 unit/mL) at 45 mL/h", "heparin 25,000 units in 500 mL at 30 mL/h":
                # the bag, then the pump's mL/h: the amount per hour that pump delivers; "20 g in 40 mL at
                # 20 mL/h (= 10 g/h)": the amount per hour written beside it, in the bag's unit, is the order
                per_ml = g.num(bag.group(1)) / max(g.num(bag.group(3)), 1e-9)
                value = low = (
                    written_rate.value
                    if written_rate is not None
                    else g.num(bag_rate.group(1)) * per_ml
                )
                dose = dataclasses.replace(dose, per_hour=True)
                base["frequency"] = Frequency("continuous", 24.0, None, False)
                base["from_volume"] = True
                base["concentration"], base["concentration_unit"] = per_ml, dose.unit
                bag = None
            if (
                bag
                and (
                    set(self.f.drugs[generic].frequencies or ["?"]) <= {"continuous", "once"}
                    # "vasopressin 20 units in 100 mL ... 0.03 units/min IV continuous": this order is a drip
                    or _DRIP_WORDS.search(
                        body[bag.end() :] + text[name_end + len(tail) : limit].split("\n", 1)[0]
                    )
                )
                and not dose.per_kg
            ):
                # "norepinephrine 4 mg in 250 mL NS": a drug given only by infusion names its bag, not a dose
                value = low = None
                if base["concentration"] is None and g.UNIT_WORDS.get(bag.group(2).lower()):
                    base["concentration"] = g.num(bag.group(1)) / max(g.num(bag.group(3)), 1e-9)
                    base["concentration_unit"] = g.UNIT_WORDS[bag.group(2).lower()]
            any_bag = _BAG_ANY.match(body, dose.start) if dose.end and not dose.per_hour else None
            if base["concentration"] is None and any_bag and value is not None:
                # "potassium chloride 20 mmol in 50 mL NaCl 0.9% over 1 hour": the dose and its dilution
                amount_unit = g.UNIT_WORDS.get(any_bag.group(2).lower())
                if amount_unit:
                    base["concentration"] = g.num(any_bag.group(1)) / max(
                        g.num(any_bag.group(3)), 1e-9
                    )
                    base["concentration_unit"] = amount_unit
            unit = dose.unit
            if unit == "mL" and value is not None:
                # a pump rate in mL/h of a stated bag strength is an amount per hour, insulin included
                value, low, unit = self._volume_to_amount(
                    generic,
                    body,
                    value,
                    low,
                    conc,
                    rate=dose.per_hour,
                    name_pct=g.num(pct.group(1)) if pct and _PERCENT.search(written) else None,
                )
                base["from_volume"] = unit != "mL"
            infusion_bag = bag is not None and value is None
            if infusion_bag or (unit == "mL" and dose.per_hour and not base["from_volume"]):
                # "norepinephrine 4 mg in 250 mL NS at 8 mcg/min", "@ 10.5 mL/h = 0.5 mcg/kg/min": the rate
                # written after the bag or the pump setting is the order
                rate = g.find_rate(body, dose.end if infusion_bag else dose.start)
                if rate is not None:
                    dose, value, low, unit = rate, rate.value, rate.low, rate.unit
                    base["frequency"] = Frequency("continuous", 24.0, None, False)
                    base["from_volume"] = False
            drug = self.f.drugs[generic]
            if (
                drug.total_factor
                and value is not None
                and unit in ("mg", "g", "mcg")
                and any(n.lower() in written.lower() for n in drug.total_names)
            ):
                # "co-trimoxazole 480 mg": the product's total; trimethoprim is a sixth of it
                value, low = value * drug.total_factor, (low or value) * drug.total_factor
                total_factor = drug.total_factor
            else:
                total_factor = 1.0
            prn_cap = _PRN_CAP.search(body)
            pump = (
                []
                if bag_rate is not None and dose.per_hour and base["from_volume"]
                else (self._trailing_pump(generic, body, dose, unit, base))
            )
            pump += self._titration_max(generic, body, dose, unit, base)
            pump += self._stated_volume(body, dose, value, unit, base, generic)
            return pump + [
                MedStatement(
                    generic,
                    dose=value,
                    dose_min=low,
                    unit=unit,
                    per_kg=dose.per_kg,
                    per_kg_day=dose.per_kg_day,
                    per_m2=dose.per_m2,
                    per_hour=dose.per_hour,
                    stated_dose=(
                        g.num(stated.group(1)) * (60 if _per_min(stated) else 1) * total_factor
                    )
                    if stated
                    else None,
                    stated_unit=g.UNIT_WORDS.get(stated.group(2).lower()) if stated else None,
                    cap_dose=g.num(cap.group(1)) if cap else None,
                    cap_unit=g.UNIT_WORDS.get(cap.group(2).lower()) if cap else None,
                    written_per_kg=_per_kg_in(wpk, unit) if wpk else None,
                    formulation=formulation,
                    previous_dose=dose.previous,
                    prn_cap=g.num(prn_cap.group(1)) if prn_cap else None,
                    prn_cap_unit=g.UNIT_WORDS.get(prn_cap.group(2).lower()) if prn_cap else None,
                    **base,
                )
            ]
        comps = dict(product.components)
        strength = g.STRENGTH_RX.match(body)
        if strength and product.strengths:
            nums = [g.num(strength.group(1)), g.num(strength.group(2))]
            order = product.strength_components or list(product.components)
            for n, comp in zip(nums, order, strict=False):
                if comp:
                    comps[comp] = n
        count = (
            dose.value if dose.unit == "tab" else (1.0 if dose.unit is None or strength else None)
        )
        if count is None and dose.value is not None and dose.value in product.components.values():
            # "Tylenol Extra Strength 500 mg 2 tabs": the product's strength restated, then the tablet count
            tab_count = _TABS_AFTER.match(body, dose.end)
            count = float(tab_count.group(1)) if tab_count else 1.0
        out = []
        for comp, amount in comps.items():
            per_dose = amount * count if count is not None else None
            cmin = (
                amount * (dose.low if dose.unit == "tab" and dose.low else (count or 0))
                if count is not None
                else None
            )
            out.append(
                MedStatement(
                    comp,
                    dose=per_dose,
                    dose_min=cmin,
                    unit=self.f.drugs[comp].unit,
                    product=product.name,
                    components=comps,
                    **base,
                )
            )
        return out

    def _titration_max(
        self, generic: str, body: str, dose: g.Dose, unit: str | None, base: dict[str, Any]
    ) -> list[MedStatement]:
        """ "start 5 mg/h, increase by 2.5 mg/h q15 min to max 30 mg/h": the ceiling the nurse may titrate to is
        a rate the order allows, so it is checked like the starting rate."""
        if not dose.per_hour or dose.per_kg or not dose.end:
            return []
        m = _TITRATE_MAX.search(body, dose.end)
        if not m or g.UNIT_WORDS.get(m.group(2).lower(), m.group(2).lower()) != unit:
            return []
        cap = g.num(m.group(1)) * (60 if m.group(3).lower() == "min" else 1)
        if dose.value is None or cap <= dose.value:
            return []
        return [
            MedStatement(
                generic,
                dose=cap,
                unit=unit,
                per_hour=True,
                ceiling=True,
                **base,
            )
        ]

    def _bag_only(self, matched: str, body: str) -> g.Dose | None:
        """An order that names only its bag: "magnesium sulfate 40 g/1000 mL (40 mg/mL) @ 500 mL/h" runs at the
        pump rate times the strength (20 g/h), and "potassium chloride 40 mEq/100 mL IVPB over 1 hr" is a 40 mEq
        dose given over an hour. Either way the amount is checked, never silently dropped."""
        bag = _BAG_ANY.match(body)
        generic = self._generic(matched)
        if not bag or generic is None or g.num(bag.group(3)) <= 1:
            return None
        unit = g.UNIT_WORDS.get(bag.group(2).lower(), bag.group(2).lower())
        amount, volume = g.num(bag.group(1)), g.num(bag.group(3))
        pump = _PUMP_AFTER.search(body, bag.end())
        if pump:
            per_h = g.num(pump.group(1)) * amount / volume
            return g.Dose(per_h, per_h, unit, per_hour=True, end=pump.end(), start=bag.start(1))
        freqs = set(self.f.drugs[generic].frequencies or ["?"])
        if freqs <= {"continuous"} or not g.infusion_hours(body):
            return None  # a drip's bag alone is not a dose; a bag given over a stated time is
        return g.Dose(amount, amount, unit, end=bag.end(), start=bag.start(1))

    def _trailing_pump(
        self, generic: str, body: str, dose: g.Dose, unit: str | None, base: dict[str, Any]
    ) -> list[MedStatement]:
        """ "heparin 25,000 units/500 mL: 18 units/kg/h = 1,620 units/h -> run at 324 mL/h": the pump rate written
        after an ordered rate is a second, worked-out rate of the same bag, so the two can be compared."""
        if not dose.per_hour or unit == "mL" or not dose.end:
            return []
        rate = _PUMP_AFTER.search(body)
        bag = _BAG.search(body)
        drug_unit = self.f.drugs[generic].unit
        if not rate or not bag or g.UNIT_WORDS.get(bag.group(2).lower()) != drug_unit:
            return []
        per_ml = g.num(bag.group(1)) / max(g.num(bag.group(3)), 1e-9)
        return [
            MedStatement(
                generic,
                dose=g.num(rate.group(1)) * per_ml,
                unit=drug_unit,
                per_hour=True,
                **{
                    **base,
                    "from_volume": True,
                    "concentration": per_ml,
                    "concentration_unit": drug_unit,
                },
            )
        ]

    def _stated_volume(
        self,
        body: str,
        dose: g.Dose,
        value: float | None,
        unit: str | None,
        base: dict[str, Any],
        generic: str,
    ) -> list[MedStatement]:
        """ "susp 120 mg/5 mL - give 90 mg = 37.5 mL": the volume measured out is what is given. When it does not
        hold the dose written (37.5 mL is 900 mg), it is checked as a dose of its own."""
        if value is None or unit in (None, "mL") or not dose.end or dose.per_kg or dose.per_hour:
            return []
        vol = _STATED_ML.match(body, dose.end)
        liquid = g.LIQUID.search(body)
        if not vol or not liquid or g.UNIT_WORDS.get(liquid.group(2).lower()) != unit:
            return []
        amount = g.num(vol.group(1)) * g.num(liquid.group(1)) / max(g.num(liquid.group(3)), 1e-9)
        if 0.8 <= amount / value <= 1.25:
            return []
        return [
            MedStatement(
                generic, dose=amount, unit=unit, **{**base, "from_volume": True, "loading": False}
            )
        ]

    def _volume_to_amount(
        self,
        generic: str,
        body: str,
        value: float,
        low: float | None,
        conc: re.Match[str] | None,
        rate: bool = False,
        name_pct: float | None = None,
    ) -> tuple[float, float | None, str]:
        """'160 mg/5 mL susp -- give 15 mL' is 480 mg: a volume with the liquid's strength written beside it is
        checked as the amount it holds. Insulins stay in mL (an insulin order in mL is itself the error)."""
        drug = self.f.drugs[generic]
        if drug.unit == "mL" or (drug.ml_order_unsafe and not rate):
            return value, low, "mL"
        liquid = g.LIQUID.search(body)
        if liquid:
            per_ml = g.num(liquid.group(1)) / max(g.num(liquid.group(3)), 1e-9)
            unit = g.UNIT_WORDS.get(liquid.group(2).lower())
        elif conc:
            per_ml, unit = g.num(conc.group(1)), g.UNIT_WORDS.get(conc.group(2).lower())
        elif drug.unit in ("mg", "g") and (pct := _PERCENT.search(body[:40])):
            # "bupivacaine 0.5% 40 mL": a percent strength is grams per 100 mL, so 0.5% is 5 mg/mL (200 mg)
            per_ml, unit = g.num(pct.group(1)) * 10, "mg"
        elif drug.unit in ("mg", "g") and name_pct is not None:
            per_ml, unit = (
                name_pct * 10,
                "mg",
            )  # "Dextrose 50% 6 mL": the strength written with the name
        else:
            return value, low, "mL"
        if not unit:
            return value, low, "mL"
        return value * per_ml, (low * per_ml if low is not None else None), unit

    def _formulation(self, generic: str, written: str, matched: str, body: str) -> str | None:
        parts = [p.strip() for p in re.split(r"[()\[\]/]+", written)] + re.split(
            r"[\s()\[\]/]+", written
        )
        for name in (
            matched,
            *parts,
        ):  # "Bicillin L-A (penicillin G benzathine)": either name may say it
            hit = self.f.formulation_names.get(name.lower())
            if hit and hit[0] == generic:
                return hit[1]
        head = written + " " + body[:30]
        for form in self.f.drugs[generic].formulations:
            for marker in form.markers:
                if re.search(r"(?i)(?<![\w-])" + re.escape(marker) + r"(?![\w-])", head):
                    return form.code
        return None

    def _protocol_lines(
        self, text: str, sections: Sections, out: list[MedStatement], origin: str
    ) -> None:
        """Lines of a protocol that name no drug ("Bolus 80 units/kg = 8,000 units IV") belong to the drug named
        just above them without a dose, so their doses are checked as that drug's orders."""
        if not out:
            return
        spans = sorted(st.span for st in out)
        added: list[
            int
        ] = []  # ids of statements read from protocol lines: the next line may follow them
        for m in _PROTOCOL_LINE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            prev = [st for st in out if st.span[1] <= m.start() and m.start() - st.span[1] < 300]
            pump_line = m.group(1).lower().startswith(("pump", "run"))
            if (
                not prev
                or prev[-1].product
                or (
                    prev[-1].dose is not None
                    and id(prev[-1]) not in added
                    # "... 18 units/kg/h = 1,440 units/h.\nPump programmed: 144 mL/h": the pump setting of the
                    # rate just ordered, read so the two can be compared
                    and not (pump_line and prev[-1].per_hour)
                    # "insulin regular 50 units in 50 mL (1 unit/mL)\nRate: 0.1 units/kg/h = 80 mL/h": the bag, then
                    # the rate line that runs it
                    and not (
                        m.group(1).lower().startswith(("rate", "infusion", "run"))
                        and prev[-1].concentration is not None
                        and not prev[-1].per_hour
                    )
                )
            ):
                continue
            head = prev[-1]
            line_end = text.find("\n", m.end())
            end = line_end if line_end >= 0 else len(text)
            body = text[m.end() : end]
            bolus = m.group(1).lower().startswith(("bolus", "load"))
            stmts = [  # "bolus 80 units/kg = 7,200 units IV, then 18 units/kg/h": the load, then the rate
                st
                for k, part in enumerate(self._split_then(body))
                for st in self._parse(
                    text,
                    sections,
                    m.start(),
                    m.end(),
                    head.name,
                    part,
                    None,
                    origin,
                    end,
                    loading=bolus and k == 0,
                    matched=head.drug,
                )
            ]
            for st in stmts:
                if (
                    st.route is None
                ):  # "PCA: hydromorphone 0.2 mg/mL. Demand dose 2 mg": the drug's route
                    pca = re.search(r"(?i)\bPCA\b", text[max(0, head.span[0] - 30) : m.end()])
                    st.route = head.route or ("IV" if pca else None)
                if st.dose is not None:
                    bag = next(
                        (p for p in reversed(prev) if p.drug == head.drug and p.concentration), None
                    )
                    if st.unit == "mL" and st.per_hour and bag and bag.concentration_unit:
                        # "Pump programmed: 100 mL/h" of the bag named above (4 mcg/mL): 400 mcg/h
                        per_ml = bag.concentration or 0.0
                        st.dose *= per_ml
                        st.dose_min = st.dose_min * per_ml if st.dose_min else st.dose
                        st.unit, st.concentration = bag.concentration_unit, bag.concentration
                        st.concentration_unit = bag.concentration_unit
                        st.from_volume = True
                    out.append(st)
                    added.append(id(st))
                    if (
                        st.per_kg
                        and st.per_hour
                        and st.stated_unit == "mL"
                        and st.stated_dose
                        and bag
                        and bag.concentration_unit == st.unit
                    ):
                        # "0.1 units/kg/h = 80 mL/h" of 1 unit/mL: the pump rate written with the order, compared
                        out.append(
                            replace(
                                st,
                                dose=st.stated_dose * (bag.concentration or 0.0),
                                dose_min=None,
                                per_kg=False,
                                stated_dose=None,
                                stated_unit=None,
                                from_volume=True,
                                concentration=bag.concentration,
                                concentration_unit=bag.concentration_unit,
                            )
                        )
                        st.stated_dose = st.stated_unit = None

    def _orphan_changes(self, text: str, out: list[MedStatement], origin: str) -> None:
        """'Metformin 500 mg BID. Increase to 1,000 mg BID.': a change with no drug name is about the drug before it."""
        if not out:
            return
        spans = sorted(st.span for st in out)
        for m in _ORPHAN_CHANGE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            prev = [
                st
                for st in out
                if st.span[1] <= m.start() and m.start() - st.span[1] < 200 and st.dose is not None
            ]
            if not prev:
                continue
            last = prev[-1]
            end = _clause_end(text, m.end())
            body = text[m.end() : end]
            dose = g.parse_dose(body)
            if dose.value is None:
                continue
            stated = g.STATED.match(body[dose.end :]) if dose.per_kg or dose.per_m2 else None
            out.append(
                replace(
                    last,
                    dose=dose.value,
                    dose_min=dose.low,
                    unit=dose.unit or last.unit,
                    frequency=g.parse_frequency(body) or last.frequency,
                    route=g.parse_route(body) or last.route,
                    span=(m.start(), m.end() + len(body.rstrip(" ,;.\n"))),
                    change=True,
                    status="active",
                    status_reason="",
                    origin=origin,
                    # "-> increase to 5 mg/kg BID = 450 mg": the new dose's own per-kg form and stated total
                    per_kg=dose.per_kg,
                    per_kg_day=dose.per_kg_day,
                    per_m2=dose.per_m2,
                    per_hour=dose.per_hour,
                    stated_dose=g.num(stated.group(1)) if stated else None,
                    stated_unit=g.UNIT_WORDS.get(stated.group(2).lower()) if stated else None,
                    loading=False,
                )
            )
        for m in _ORPHAN_SCALE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            prev = [
                st
                for st in out
                if st.span[1] <= m.start() and m.start() - st.span[1] < 200 and st.dose is not None
            ]
            described = re.search(r"\(\s*$", text[max(0, m.start() - 3) : m.start()]) or (
                prev and prev[-1].change and "\n" not in text[prev[-1].span[0] : m.start()]
            )
            if prev and not described:
                # "increase to 50 mg BD (double dose)" describes the new dose written out; it is not a second change
                last, factor = prev[-1], _SCALE_FACTOR[m.group(1).lower()]
                out.append(
                    replace(
                        last,
                        dose=(last.dose or 0) * factor,
                        dose_min=(last.dose_min or last.dose or 0) * factor,
                        span=(m.start(), m.end()),
                        change=True,
                        status="active",
                        status_reason="",
                        origin=origin,
                        stated_dose=None,
                        stated_unit=None,
                        loading=False,
                    )
                )
        out.sort(key=lambda s: s.span)

    @staticmethod
    def _supersede(text: str, out: list[MedStatement]) -> None:
        """A dose change is the order: the earlier dose of the same drug is not. 'Double the dose' is computed
        from the dose it doubles. One pass; each statement is superseded at most once (linear overall)."""
        before: dict[
            str, list[MedStatement]
        ] = {}  # per drug, active dosed statements not yet superseded
        for st in out:
            if not st.active:
                continue
            earlier = before.get(st.drug, [])
            if st.dose is None and earlier:
                sm = _SCALE_BEFORE.search(text[max(0, st.span[0] - 40) : st.span[0]])
                if sm:
                    prev, factor = earlier[-1], _SCALE_FACTOR[sm.group(1).lower()]
                    st.dose, st.dose_min, st.unit = (
                        (prev.dose or 0) * factor,
                        (prev.dose_min or prev.dose or 0) * factor,
                        prev.unit,
                    )
                    st.frequency, st.route, st.change = (
                        st.frequency or prev.frequency,
                        st.route or prev.route,
                        True,
                    )
            if st.dose is None:
                continue
            if (
                earlier
                and not st.change
                and _SCALE_BEFORE.search(text[max(0, st.span[0] - 40) : st.span[0]])
            ):
                st.change = (
                    True  # "DOUBLE levetiracetam -> 800 mg IV BD": the new dose, written out
                )
            if st.change and earlier:
                if st.previous_dose is None and earlier[-1].unit == st.unit:
                    st.previous_dose = earlier[
                        -1
                    ].dose  # "Duragesic 25 mcg/h ... go up to 100 mcg/h"
                for e in earlier:
                    e.status, e.status_reason = (
                        "inactive",
                        "replaced by the dose change that follows",
                    )
                earlier.clear()
            before.setdefault(st.drug, []).append(st)


_CAPPED_TO = re.compile(
    r"(?i)\)?\s*(?:->|→|=>|,|;)?\s*\(?\s*(?:capped|cap|rounded(?:\s+(?:down|up))?|max(?:imum|ed)?)\s*[,:;]?\s*(?:(?:so\s+)?give[ns]?|giving|dose)?\s*(?:at|to|of)?\s*("
    + g.NUM
    + r")\s*("
    + g.UNIT_RX
    + r")(?![a-z])(?!\s*/)"
)
_DAY_LABEL = re.compile(r"D\d{1,2}")
_MG_AFTER = re.compile(r"(?i)\s*:?\s*\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?)\b")
_PRN_LEAD = re.compile(
    r"(?i)(?:^|[\s(])(?:PRN|as required|as needed|when required)\s*(?:meds?|medicines)?\s*[:\-–]\s*"
)
_SYRINGE_DRIVER = re.compile(
    r"(?i)\bCSCI\b|\bsyringe driver\b|\bT34\b|\bMcKinley\b|"
    r"\b24\s*h(?:ours?|rs?)?\s*(?:infusion|syringe|via|SC|subcut)\b"
)
# "oxycodone 35 mg SC over 24 h": the amount itself is given over a day ("up to four times in 24 hours" is not this)
_OVER_24H = re.compile(
    # "900 mg in 500 mL glucose 5% over 23 h" (the rest of a 24-hour amiodarone load) is a day's amount too
    r"(?i)^[\s:]*[\d.,]+\s*(?:mg|mcg|micrograms?|g|units?)\b[^.;\n]{0,40}?\b(?:over|per|/)\s*2[0-4]\s*h(?:ours?|rs?)?\b"
)
_FORM_WORDS = re.compile(
    r"(?i)^(?:(?:infant|paediatric|pediatric|children'?s|oral|concentrated)\s+)*(?:drops|suspension|susp|syrup|"
    r"elixir|solution|soln|liquid|mixture)\s*"
)
_PLANNED_STOP = re.compile(
    r"(?i)\b\d+(?:\s*-\s*\d+)?\s*(?:h|hrs?|hours?|days?|d)\s+(?:pre-?op\w*|before|prior)\b|\bpre-?op(?:eratively)?\b|"
    r"\bbefore (?:the )?(?:surgery|procedure|operation|theatre|op)\b|\bprior to\b|\bon the morning of\b|"
    r"\bthe (?:day|night) before\b|\bwhen (?:INR|the INR)\b|\bonce (?:INR|the INR)\b"
)
# a line that writes the order replacing an earlier one of the same drug: a later stop ends the old one only
_NEW_ORDER_LINE = re.compile(
    r"(?i)[^\S\n]*[-*•]?[^\S\n]*(?:new(?:\s+(?:regimen|order|plan))?\s*:|(?:switch(?:ed)?|convert(?:ed)?|change[d]?)\s+to\b|"
    r"now\s*:|to\s*:)"
)
_STOP_WORD = re.compile(r"(?:stop|stopped|discontinu\w*|d/c|dc'd|d/c'd)$")
_CLAUSE_END = re.compile(r"\n|;|(?<!\d)\.(?=\s|$)(?!\s*\d)")


# a dispensing label's directions on the line under the product: "Methotrexate 2.5mg tablets / Take FOUR tablets
# (10mg) ONCE DAILY", "Trimethoprim 50mg/5mL oral suspension / Dose: 7.5mL (75mg) ONCE at night"
_DIRECTIONS_LINE = re.compile(
    r"[^\S\n]*(?:[-•*][^\S\n]*)?(?:take|dose|give|sig|directions?|inject|instil|apply|inhale|use)\b[^\S\n]*:?",
    re.I,
)


def _other_brand(st: MedStatement, stopped: str | None) -> bool:
    """ "MST Continus 30 mg 12-hourly ... Stop regular Oramorph": a stop written with one brand does not end an order
    written with another brand of the same drug; an order written with the generic name it does end."""
    if not stopped or stopped == st.drug or stopped.startswith(st.drug) or st.formulation is None:
        return (
            False  # only a named long-acting product ("MST Continus", formulation ER) is told apart
        )
    written = st.name.lower()
    head = written.split("(")[0].strip()
    return stopped not in written and not head.startswith(st.drug)


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    if m and m.group(0) == "\n" and _DIRECTIONS_LINE.match(text, m.end()):
        end = text.find("\n", m.end())
        return end if end >= 0 else len(text)
    return m.start() if m else len(text)


_PUMP_ML_H = re.compile(r"(?i)(?<![\d.,])(\d+(?:\.\d+)?)\s*m[lL]\s*/\s*h(?:r|our)?\b")


def _bag_additive_rate(text: str, out: list[MedStatement]) -> None:
    """ "| 0.9% sodium chloride 500 mL | potassium chloride 20 mmol | 96 mL/h |": an additive's amount is per bag,
    so the pump rate gives its hourly dose (20 mmol x 96/500 = 3.8 mmol/h), never 20 mmol every hour."""
    for i, st in enumerate(out[1:], 1):
        prev = out[i - 1]
        if (
            st.per_hour
            or st.dose is None
            or st.unit not in ("mmol", "mEq", "mg", "g", "units")
            or st.frequency is None
            or st.frequency.code != "continuous"
            or prev.drug not in _DILUENTS
            or prev.unit != "mL"
            or not prev.dose
        ):
            continue
        line_start = text.rfind("\n", 0, st.span[0]) + 1
        line_end = text.find("\n", st.span[0])
        rate = _PUMP_ML_H.search(text, st.span[0], len(text) if line_end < 0 else line_end)
        if prev.span[0] < line_start or rate is None:
            continue
        share = float(rate.group(1)) / prev.dose
        st.dose = round(st.dose * share, 3)
        st.dose_min = round(st.dose_min * share, 3) if st.dose_min is not None else None
        st.per_hour = True


_RESTATED = re.compile(r"(?:\(\s*=|=|i\.e\.?|ie)\s*$")


def _restated(text: str, out: list[MedStatement]) -> None:
    """ "Pabrinex (thiamine 250 mg per pair): 2 pairs IV TDS (= thiamine 500 mg IV TDS)": the order restated in
    the drug's own amount is the one to check; the statement it restates is the same order, not a second one."""
    for prev, st in zip(out, out[1:], strict=False):
        if (
            st.drug == prev.drug
            and st.dose is not None
            and prev.active
            and _RESTATED.search(text[max(prev.span[0], st.span[0] - 6) : st.span[0]])
        ):
            prev.status, prev.status_reason = "inactive", "restated by the order written after it"


def _strength_then_volume(text: str, out: list[MedStatement]) -> None:
    """ "bupivacaine 0.5% plain (Marcaine) 60 mL": the strength written with the generic and the volume after the
    bracketed brand are one order, 300 mg; read apart, the volume has no strength and the dose goes unchecked."""
    for prev, st in zip(out, out[1:], strict=False):
        if (
            st.drug == prev.drug
            and prev.dose is None
            and prev.concentration
            and st.unit == "mL"
            and st.dose is not None
            and st.concentration is None
            and prev.active
            and "\n" not in text[prev.span[0] : st.span[0]]
            and st.span[0] - prev.span[1] <= 3
        ):
            st.dose = round(st.dose * prev.concentration, 3)
            st.dose_min = (
                round(st.dose_min * prev.concentration, 3) if st.dose_min is not None else None
            )
            st.unit = prev.concentration_unit
            st.concentration, st.concentration_unit = prev.concentration, prev.concentration_unit
            st.formulation = st.formulation or prev.formulation
            st.from_volume = True
            prev.status, prev.status_reason = (
                "inactive",
                "its strength is read into the order after it",
            )


_PREMIX_JOIN = re.compile(r"(?i)(?:\+|&|\band\b|\bwith\b|\bw/)\s*$")


def _shared_route(text: str, out: list[MedStatement]) -> None:
    """ "Bupivacaine 0.1% + fentanyl 2 micrograms/mL premixed bag / Route: IV": one bag, one route for both drugs
    (an epidural mix run into a vein is a never event the route check must see)."""
    for prev, st in zip(out, out[1:], strict=False):
        between = text[prev.span[0] : st.span[0]]
        if (
            prev.route is None
            and st.route is not None
            and "\n" not in between
            and _PREMIX_JOIN.search(between)
        ):
            prev.route = st.route
