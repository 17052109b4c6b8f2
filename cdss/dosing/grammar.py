"""The small grammar of a medication statement: dose (with per-kg, per-day and stated totals), unit, route,
frequency, duration. Patterns are compiled once at import (regular expressions only, no models).

Kept apart from `extract.py` so the statement logic (which words belong to which drug, status) reads on its
own, and so every pattern has one home when a new way of writing an order turns up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
UNIT_WORDS = {
    "mg": "mg",
    "mg pe": "mg",  # fosphenytoin is written in phenytoin equivalents; the formulary's mg are PE
    "mgpe": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "ng": "ng",
    "nanogram": "ng",
    "nanograms": "ng",
    "g": "g",
    "gm": "g",
    "gram": "g",
    "grams": "g",
    "units": "units",
    "unit": "units",
    "u": "units",
    "iu": "units",
    "milliunits": "milliunits",
    "milliunit": "milliunits",
    "mu/min": "milliunits",
    "meq": "mEq",
    "ml": "mL",
    "cc": "mL",
    "tab": "tab",
    "tabs": "tab",
    "tablet": "tab",
    "tablets": "tab",
    "cap": "tab",
    "caps": "tab",
    "capsule": "tab",
    "capsules": "tab",
    "puff": "puff",
    "puffs": "puff",
    "patch": "patch",
    "mmol": "mmol",
}
UNIT_RX = (
    r"milliunits?|mg\s?PE(?![a-z])|mg|mcg|µg|μg|ug|milligrams?|micrograms?|nanograms?|ng|gm|grams?|g|units?|u|iu|meq|mmol|ml|cc|tabs?|tablets?|caps?|"
    r"capsules?|puffs?|patch"
)
ROUTE_WORDS = [
    # "IVT" stays intraventricular (neurosurgery); eye clinics write "intravitreal" or "IVIT"
    (r"intra-?vitreal(?:ly)?|ivit", "IVIT"),
    (r"intraventricular(?:ly)?|ivt|intrathecal(?:ly)?|it", "IT"),
    (r"epidural(?:ly)?", "EPI"),
    (r"intraperitoneal(?:ly)?|ip", "IP"),
    (r"iv\s*push|ivp|iv\s*piggyback|ivpb|intravenous(?:ly)?|iv|piv|peripheral\s+iv", "IV"),
    (r"intramuscular(?:ly)?|im", "IM"),
    (r"subcut(?:aneous(?:ly)?)?|sub-?q|sq|sc|s\.c\.", "SC"),
    # local anaesthetic infiltrated into the tissues is dosed as a subcutaneous injection
    # ... as is one injected into a fracture haematoma ("haematoma block") or a wound
    (
        r"(?:local\s+)?infiltration|infiltrated|ha?ematoma\s+block|"
        r"injected\s+into\s+(?:the\s+)?(?:fracture\s+)?(?:ha?ematoma|wound|fracture)",
        "SC",
    ),
    (r"sublingual(?:ly)?|sl", "SL"),
    (r"per\s+rectum|rectal(?:ly)?|pr", "PR"),
    (
        r"inhaled|inhalation|inh|neb(?:uli[sz]ed|uli[sz]er|uli[sz]ation|s)?|p?mdi|inhalers?|evohaler|accuhaler|turbohaler|diskus|ellipta|easyhaler|spiromax|respimat|puffs?|via spacer|spacer",
        "INH",
    ),
    (r"topical(?:ly)?|top", "TOP"),
    (r"transdermal(?:ly)?|td|patch", "TD"),
    (r"intranasal(?:ly)?|nasal|in", "NAS"),
    # buccal midazolam and dextrose gel are absorbed through the cheek: neither an IV dose nor swallowed
    (r"buccal(?:ly)?|bucc", "BUCC"),
    (r"po|p\.o\.|by mouth|oral(?:ly)?|per\s+os|via\s+(?:ng|og|peg|g-tube)|ng|ngt|og|ogt|peg", "PO"),
]
# words that may stand between a drug name and its dose ("oxycodone ER 10 mg", "morphine IV 4 mg",
# "increase metformin to 1,000 mg", "Pradaxa (dabigatran) 150 mg")
_FILLER = (
    r"(?:[\s,:()\[\]=]|\s[-–]\s|\s--?\s|\s—\s|->|→|(?:\d+(?:\.\d+)?|\.\d+)\s*%|\(?\s*1\s*:\s*\d{1,3}(?:,?\d{3})*\s*\)?|(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:mg|mcg|units?|meq|g)\s*/\s*(?:\d+(?:\.\d+)?\s*)?m[lL]\b|\b(?:dose|doses|take|give|inject|to|up|down|increased?|decreased?|reduced?|titrated?|"
    r"change[ds]?|go|going|at|of|now|stat|start|started|begin|then|resumed?|restart(?:ed)?|recommence[d]?|load(?:ing)?|bolus|push|slow|rapid|ivp|iv|im|sc|"
    r"sq|subcut|po|pr|sl|oral|orally|intranasal|nasal|buccal|rectal|rectally|sublingual|conc|concentrate:|"
    r"tabs?|tablets?|caps?|capsules?|solution|soln|sol|susp(?:ension)?|liquid|syrup|elixir|"
    r"inj(?:ection)?|infusion|drip|er|cr|sr|xr|xl|la|ir|dr|ec|odt|mr|cd|retard|continus|extended[- ]release|controlled[- ]release|"
    r"modified[- ]release|prolonged[- ]release|sustained[- ]release|infiltrat\w*|"
    r"(?:with|w/)\s+(?:epinephrine|adrenaline|epi)|"
    r"immediate[- ]release|sulfate|sulphate|sodium|potassium|hcl|hydrochloride|tartrate|succinate|citrate|"
    r"regular|plain|renally|renal|dosed|adjusted|flush|lock|concentrate|concentrated|undiluted|premixed|new|daily|dose:|ns|d5w|lr|nss|normal saline|in|"
    r"infusion|gtt|drip|mcg/ml|mg/ml|"
    # inhaler devices: "Flixotide Evohaler 250 micrograms/puff"
    r"evohaler|accuhaler|diskus|hfa|p?mdi|inhaler|turbohaler|ellipta|respimat|easyhaler|clickhaler|spiromax|"
    r"nexthaler|autohaler|aerosol|cfc-free)\b)*?"
)
_STRENGTH = (
    r"(?:[\s)\]]*(?:"
    + NUM
    + r")\s*(?:/|-(?=\s*(?:"
    + NUM
    + r")\s*mg\s+(?:\d|one|two)))\s*(?:"
    + NUM
    + r")(?![\d.,])\s*(?:mg)?)?"  # "875/125 mg": the second number whole, never "875/12" and a dose of "5 mg"
)
DOSE_RX = re.compile(
    r"(?i)"
    + _STRENGTH
    + _FILLER
    + r"("
    + NUM
    + r")(?:\s*(?:-|to|–)\s*("
    + NUM
    + r"))?\s*(?P<unit>"
    + r"(?:million\s+|mill?\s+|m\s*)?units?(?![a-z])|mu\b|(?:"
    + UNIT_RX
    + r"))(?![a-z])(?!\s*/\s*(?:\d+(?:\.\d+)?\s*)?m[lL]\b)(\s*/\s*kg)?(\s*/\s*(?:day|d|24\s*h(?:rs?|ours?)?)\b)?(\s*/\s*(?:h|hr|hour|min|minute)\b)?"
    r"(\s*/\s*(?:dose)\b)?(\s*/\s*(?:wk|week)\b|\s+(?:per|a)\s+week\b)?"
)
# "10/325", and "5-325 mg" when a tablet count follows (a range is written "1-2 tab", not "5-325 mg 1 tab")
STRENGTH_RX = re.compile(
    r"[\s)\]]*("
    + NUM
    + r")\s*(?:/|-(?=\s*(?:"
    + NUM
    + r")\s*mg\s+(?:\d|one|two)))\s*("
    + NUM
    + r")"
)
CHANGE_TO = re.compile(
    r"(?i)(?:↑|⬆|\bup\b|↓|⬇)\s*(?:the\s+dose\s+)?(?:to\s+)?(?="
    + NUM
    + r")|\b(?:increase[ds]?|decrease[ds]?|reduce[ds]?|titrate[ds]?|change[ds]?|go(?:ing)?\s+up|"
    r"up-?titrat\w*|wean\w*|adjust\w*|raise[ds]?|lower(?:ed)?|escalate[ds]?|bump(?:ed)?|double[ds]?|triple[ds]?|"
    r"halve[ds]?)\s+"
    r"(?:the\s+dose\s+|dose\s+|it\s+)?(?:up\s+|down\s+)?to\s+(?=" + NUM + r")"
)
ARROW_CHANGE = re.compile(
    r"(?i)^[\s:,]*(?:(?:increase|decrease|reduce|change|titrate|adjust|wean)[ds]?\s+(?:from\s+)?)?(?:"
    + NUM
    + r")\s*(?:"
    + UNIT_RX
    + r")\b(?!\s*/\s*(?:kg|m2|m²))[^\n;>→]{0,25}?(?:->|→|=>|⇒)\s*(?="
    + NUM
    + r"\s*(?:"
    + UNIT_RX
    + r")\b)"
)
FROM_TO = re.compile(
    r"(?i)\bfrom\s+(?:" + NUM + r")\s*(?:" + UNIT_RX + r")?\b.*?\bto\s+(?=" + NUM + r")"
)
STATED = re.compile(
    r"(?i)^[^\n;]{0,50}?(?:=|→|->|\(|i\.e\.?|total(?:\s+of)?|which is|equals|gives)\s*("
    + NUM
    + r")\s*("
    + UNIT_RX
    # "(200 mcg/mL premix = 6.8 mL/h)": a strength per mL is no stated total
    + r")(?![a-z])(?!\s*/\s*kg)(?!\s*/\s*m[lL]\b)(\s*/\s*(?:day|d)\b)?(\s*/\s*(?:min|minute)\b)?"
)
STATED_LATER = re.compile(
    r"(?i)[^\n;]{0,60}?(?:=|→|->|=>)\s*("
    + NUM
    + r")\s*("
    + UNIT_RX
    + r")(?![a-z])(?!\s*/\s*kg)(?!\s*/\s*m[lL]\b)"
)
WRITTEN_PER_KG = re.compile(
    r"(?i)^\s*\(\s*(?:=\s*)?(" + NUM + r")\s*(mg|mcg|g|units?|meq)\s*/\s*kg(\s*/\s*(?:day|d)\b)?"
)
DURATION = re.compile(r"(?i)(?:x|for|over)\s*(\d+)\s*(day|d|week|wk|month)s?\b")
# "double the dose" scales the dose before it; "double to 300 mg" names the new dose instead
SCALE = re.compile(r"(?i)\b(double|triple|halve|half)\b(?!\s+(?:the\s+dose\s+)?to\s+[\d.])")
CHANGE = re.compile(
    r"(?i)\b(increase[ds]?|decrease[ds]?|reduce[ds]?|titrate[ds]?|change[ds]?|go(?:ing)?\s+up|"
    r"up-?titrat\w*|wean(?:ed)?|escalat\w*|adjust(?:ed)?|switch(?:ed)?)\b"
)
PUSH = re.compile(
    # "no bolus", "without a bolus": an infusion started without one
    r"(?i)\biv\s*push\b|\bivp\b|(?<!no )(?<!without )(?<!without a )\bbolus\b|\bundiluted\b|\brapid\s+iv\b|"
    r"(?<!no )\bpush\b|\bslow\s+iv\b(?!\s*infusion)"
)
FLUSH = re.compile(r"(?i)\bflush(?:es)?\b|\block\b|\bhep[- ]?lock\b")
CONCENTRATION = re.compile(r"(?i)(" + NUM + r")\s*(milliunits?|units?|mg|mcg|meq)\s*/\s*m[lL]\b")
# an oral liquid's strength per volume: "160 mg/5 mL", "250 mg per 5 mL"
LIQUID = re.compile(
    r"(?i)(" + NUM + r")\s*(mg|mcg|units?|meq)\s*(?:/|per|in)\s*(" + NUM + r")\s*m[lL]\b"
)


# mg per unit of mass: one table for extraction and the rules
MASS = {"g": 1000.0, "mg": 1.0, "mcg": 0.001, "ng": 0.000001}


def num(s: str) -> float:
    return float(s.replace(",", ""))


@dataclass
class Dose:
    value: float | None = None  # the maximum of a range
    low: float | None = None
    unit: str | None = None
    per_kg: bool = False
    per_kg_day: bool = False
    per_hour: bool = False
    per_week: bool = False  # "warfarin 40 mg/wk": a weekly total, read as its daily average
    per_day_total: bool = False  # "APAP 2 g/day": a daily total; the single dose is unknown
    end: int = 0
    start: int = 0  # where the dose's own words begin (after "from X to" or "increase to")
    changed: bool = False  # the dose is the new dose of a change
    previous: float | None = (
        None  # the dose it replaces, when written before the change in the same statement
    )
    per_m2: bool = False  # "1250 mg/m2": per square metre of body surface area


_PER_M2 = re.compile(r"\s*/\s*m(?:2|²|\^2)(?![\w])")
_LEAD_IN = re.compile(
    r"(?i)^[^\n;]*?\b(?:bolus|load(?:ing)?(?:\s+dose)?|initial\s+dose|run(?:ning)?\s+at|infus(?:e|ing)\s+at|"
    r"pump(?:\s+programmed)?(?:\s+at)?|via\s+(?:a\s+)?(?:CVC|PICC|central line|CVAD|Hickman|pump)\s+at)\s*[:=]?\s*(?="
    + NUM
    + r")"
)


_COUNT_VOLUME = re.compile(
    r"(?i)^[^\n;]{0,50}?(?<![\d.,:])(\d{1,2})\s*[x×]\s*(\d+(?:\.\d+)?)\s*m[lL]\s*"
    r"(?:cartridges?|carpules?|ampoules?|amps?|vials?|syringes?)\b"
)
# "250 micrograms/puff, 2 puffs BD", "100 mcg 2 puffs": a strength per actuation times the number of actuations
_PUFFS = re.compile(
    r"(?i)(?:\s*(?:/|per)\s*(?:puff|actuation|inhalation|spray|dose|blister))?\s*[,;]?\s*(?:x\s*)?"
    r"(\d{1,2})\s*(?:puffs?|actuations?|inhalations?|sprays?|blisters?)\b"
)


# "(conventional)", and a strength with the moiety it counts: "opium tincture (10 mg/mL morphine) 6 mL"
_PAREN_WORDS = re.compile(
    r"\s*\((?:(?:\d+(?:\.\d+)?)\s*(?:mg|mcg|units?)\s*/\s*m[lL]\s*)?[A-Za-z][A-Za-z .,'/-]{0,40}\)|"
    # "Lantus (insulin glargine 100 units/mL vial) 20 units": the strength closes a bracket opened with the name
    r"\s*\d+(?:\.\d+)?\s*(?:mg|mcg|units?)\s*/\s*m[lL](?:\s+[A-Za-z]+){0,2}\s*\)|"
    # "fentanyl transdermal patch 25 mcg/h", "Clozapine day 1: 100 mg": a form word or a titration day before the dose
    r"\s*(?:(?:[Tt]ransdermal|[Tt]opical)\s+)?(?:[Pp]atch|[Mm]atrix [Pp]atch)\s+(?=\d)|"
    r"\s*(?:[Oo]n\s+)?[Dd]ay\s+\d{1,2}\s*[:\-–]\s*(?=\d)|"
    # "Lanoxin (digoxin) maintenance 0.25 mg", "restart clozapine at usual dose 200 mg": a word for which dose
    r"(?i:\s*(?:at\s+)?(?:the\s+|her\s+|his\s+)?(?:usual|normal|full|previous|home|maintenance|maint\.?|"
    r"currently(?:\s+on)?|presently|current dose)"
    r"(?:\s+dose)?(?:\s+of)?\s*[:=]?\s*(?=\d))"
)


def parse_dose(tail: str) -> Dose:
    """The dose at the start of `tail` (after filler words); a "from X to Y" change reads Y."""
    offset, changed = 0, False
    ch = CHANGE_TO.search(tail) or ARROW_CHANGE.match(tail)
    ft = FROM_TO.match(tail) or FROM_TO.search(tail[:60])
    if ch:
        offset, changed = ch.end(), True
    elif ft:
        offset, changed = ft.end(), True
    if not offset and not DOSE_RX.match(tail):
        # "amphotericin B deoxycholate (conventional) 350 mg": a word in brackets between the name and the dose
        pm = _PAREN_WORDS.match(tail)
        offset = pm.end() if pm else 0
    m = DOSE_RX.match(tail, offset)
    if not m and not offset:
        # "Heparin VTE protocol, wt 75 kg: bolus 80 units/kg ...": the dose follows a bolus or loading word later
        # in the same clause
        lead = _LEAD_IN.search(tail[:80])
        if lead:
            offset = lead.end()
            m = DOSE_RX.match(tail, offset)
    if not m:
        # "lidocaine 2% with adrenaline 1:80,000, 4 x 2.2 mL cartridges": a count of cartridges or ampoules
        cv = _COUNT_VOLUME.match(tail)
        if cv:
            n, vol = num(cv.group(1)), num(cv.group(2))
            return Dose(n * vol, n * vol, "mL", end=cv.end(), start=cv.start(1))
        return Dose()
    m2 = _PER_M2.match(tail, m.end())
    lo, hi = num(m.group(1)), num(m.group(2)) if m.group(2) else None
    puffs = None if m2 else _PUFFS.match(tail, m.end())
    if puffs:  # "250 micrograms/puff, 2 puffs": the dose is what the puffs add up to
        n = num(puffs.group(1))
        lo, hi = lo * n, hi * n if hi else None
    if m.group(6) and "min" in m.group(6):  # rates are kept per hour: 0.5 mcg/kg/min is 30 mcg/kg/h
        lo, hi = lo * 60, hi * 60 if hi else None
    word = m.group(3).lower()
    if re.match(
        r"mill?\b|million\b|m\s*units?|mu$", word
    ):  # "2.4 million units", "4 MU" (ISMP: write "million")
        lo, hi, word = lo * 1e6, hi * 1e6 if hi else None, "units"
    unit = UNIT_WORDS.get(word, word)
    per_kg = bool(m.group(4))
    per_hour = bool(m.group(6))
    previous = None
    if changed and offset:
        first = DOSE_RX.match(tail)
        if (
            first
            and first.end() <= offset
            and UNIT_WORDS.get(first.group(3).lower(), "units") == unit
        ):
            previous = num(first.group(2) or first.group(1))
    per_day_total = bool(m.group(5)) and not per_kg
    per_week = bool(m.group(8)) and not per_kg
    if per_week:
        lo, hi = lo / 7, hi / 7 if hi else None
    return Dose(
        hi or lo,
        lo,
        unit,
        per_kg,
        per_kg and bool(m.group(5)),
        per_hour,
        per_week,
        per_day_total,
        m2.end() if m2 else puffs.end() if puffs else m.end(),
        offset,
        changed,
        previous,
        bool(m2),
    )


def find_rate(tail: str, start: int = 0) -> Dose | None:
    """The first amount-per-time rate at or after `start` ("4 mg in 250 mL NS at 8 mcg/min", "@ 10.5 mL/h =
    0.5 mcg/kg/min"): for infusions whose first number is the bag or the pump's mL/h."""
    for m in re.finditer(r"(?<![\d.,])\d", tail[start:]):
        pos = start + m.start()
        d = parse_dose(tail[pos:])
        if d.value is not None and d.per_hour and d.unit not in (None, "mL"):
            return replace(d, end=d.end + pos, start=d.start + pos)
    return None


_ROUTES = [
    (re.compile(r"(?i)(?<![\w/])(?:" + rx + r")(?![\w/])"), code) for rx, code in ROUTE_WORDS
]
_NASAL = re.compile(r"(?i)\b(?:intranasal|nasal)")
_IT = re.compile(r"(?i:intrathecal|intraventricular)|\bIT\b|\bIVT\b")


def parse_route(tail: str) -> str | None:
    """The route written first: "20 mg PO, repeat ... then call for IV labetalol" is an oral order."""
    best: tuple[int, int, str] | None = None
    for rank, (rx, code) in enumerate(_ROUTES):
        m = rx.search(tail)
        if m is None:
            continue
        if code == "NAS" and not _NASAL.search(tail):
            continue
        if code == "IT" and not _IT.search(tail):
            continue
        if best is None or (m.start(), rank) < best[:2]:
            best = (m.start(), rank, code)
    return best[2] if best else None


@dataclass
class Frequency:
    code: str  # daily, BID, q6h, weekly, once, ...
    per_day: float  # doses per 24 h (maximum when a range is given)
    interval_h: float | None = None  # shortest interval between doses
    prn: bool = False


_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FREQ = [
    (
        r"q\.?\s?(\d+)\s*-\s*(\d+)\s*h(?:rs?|ours?)?|every\s+(\d+)\s*(?:-|to)\s*(\d+)\s*(?:h\b|hrs?\b|hours?)|"
        r"\b(\d+)\s*(?:-|to)\s*(\d+)\s*[- ]?hourly\b",  # UK "4-6 hourly"
        "range",
    ),
    (r"\bq\.?\s?(\d+)\s*min(?:ute)?s?\b|every\s+(\d+)\s*min(?:ute)?s?\b", "minutes"),
    (
        r"q\.?\s?(\d+)\s*h(?:rs?|ours?)?\b|every\s+(\d+)\s*(?:h\b|hrs?\b|hours?)|\b(\d+)\s*[- ]?hourly\b|\bq(\d+)(?=\s|$|,)(?!\s*(?:weeks?|wks?|days?|d\b|months?|mo\b|min))",
        "interval",
    ),
    (r"every\s+(\d+)\s*(?:weeks?|wks?)\b|\bq\s?(\d+)\s*(?:weeks?|wks?|w)\b", "weeks"),
    (
        r"every\s+(\d+)\s*months?\b|\bq\s?(\d+)\s*(?:months?|mo)\b|\bmonthly\b|\bonce\s+(?:a|per|every)\s+month\b",
        "months",
    ),
    (r"every\s+hour|\bhourly\b|\bq\.?\s?h\b|\bq\s?1\s?h", "hourly"),
    (r"every\s+(\d+)\s*days?|\bq\s?(\d+)\s*d(?:ays?)?\b", "days"),
    (
        r"\b(\d|one|two|three|four|five|six)\s*(?:x|times)\s*(?:a|per|/|each)?\s*(?:day|daily|d)\b",
        "n_daily",
    ),
    (
        r"\b(\d|one|two|three)\s*(?:x|times)\s*(?:a|per|/|each)?\s*week(?:ly)?\b|\bmwf\b|\btiw\b|\bm/w/f\b|"
        r"(?:after|post)[- ](?:each\s+)?(?:hd|dialysis|haemodialysis|hemodialysis)\b|\bwith\s+(?:each\s+)?(?:hd|dialysis)",
        "n_weekly",
    ),
    (
        r"once\s+(?:a\s+)?week(?:ly)?|weekly|every\s+week|q\s?week|q\s?wk|once\s+every\s+7\s+days|\bqw\b",
        "weekly",
    ),
    (r"every\s+other\s+day|\bqod\b|q\.o\.d\.|alternate\s+days", "every_other_day"),
    (
        r"four\s+times\s+(?:a\s+|per\s+)?day|\bqid\b|q\.i\.d\.|\bqds\b|\bachs\b|\bac\s*(?:&|and|\+)\s*hs\b|"
        r"(?:with|before)\s+meals\s+and\s+(?:at\s+)?bedtime",
        "QID",
    ),
    (r"three\s+times\s+(?:a\s+|per\s+)?day|\btid\b|t\.i\.d\.|\btds\b", "TID"),
    (r"twice\s+(?:a\s+|per\s+)?day|twice\s+daily|\bbid\b|b\.i\.d\.|\bbd\b", "BID"),
    (
        r"\bqhs\b|nightly|at\s+bedtime|at\s+night|\bhs\b|\bqpm\b|every\s+evening|\bon\b(?=\s*$)",
        "nightly",
    ),
    (
        r"once\s+daily|\bdaily\b|\bqd\b|q\.d\.|\bod\b|every\s+day|once\s+a\s+day|\bqam\b|every\s+morning|per\s+day|/day|"
        r"a\s+day|\bq24\b|\bmane\b|\bnocte\b",
        "daily",
    ),
    (
        r"\bonce\b|\bx\s?1\b|\bstat\b|single\s+dose|one\s+dose|\bnow\b|one[- ]time|\bpre-?op\b|on\s+call",
        "once",
    ),
    # meal times only when nothing else says how often ("carvedilol 25 mg BID with meals" is BID); "(AC)" is a
    # regimen's initials (doxorubicin/cyclophosphamide), not "before meals"
    (
        r"(?:with|before|after)\s+(?:each\s+|every\s+|all\s+|3\s+)?meals?\b|(?<!\()\bac\b(?!\s*[/)])|\bpc\b(?!\s*/)",
        "TID",
    ),
    (r"continuous(?:ly)?|infusion|drip|/\s*h(?:r|our)?\b|/\s*min\b", "continuous"),
]
_FREQ_RX = [(re.compile(r"(?i)" + rx), kind) for rx, kind in _FREQ]
_PRN = re.compile(r"(?i)\bprn\b|as\s+needed|p\.r\.n\.|until\s+(?:the\s+)?pain")
_FIXED = {
    "weekly": (1 / 7, 168.0),
    "every_other_day": (0.5, 48.0),
    "QID": (4, 6.0),
    "TID": (3, 8.0),
    "BID": (2, 12.0),
    "nightly": (1, 24.0),
    "daily": (1, 24.0),
    "once": (1, None),
    "continuous": (24, None),
    "hourly": (24, 1.0),
}


# monitoring written after an order ("D50 25 g IV x1, BG q1h x4") has its own schedule, not the drug's
_MONITOR = re.compile(
    r"(?i)[,;]\s*(?:bg|bgs|cbg|fsbg|fsbs|poc(?:t)?\s+glucose|glucose|fingersticks?|accuchecks?|vitals|vs|labs?|"
    r"bmp|bmps|k\+?|potassium|levels?|recheck|check|monitor|smbg|sbgm|bsl|blood sugars?|"
    # "Lantus 10 units qHS, titrate by 2 units q3d": the titration step's interval is not the dose's
    r"(?:up)?titrat\w*|adjust\w*)\b|"
    # "oxybutynin 5 mg PO TID with CIC q4-6h": a care activity's own schedule follows the dose's
    r"\b(?:with|plus|and|\+)\s+(?:CIC|ISC|intermittent (?:self-)?cath\w*|self-?cath\w*|catheteri[sz]\w*|"
    r"suction\w*|turns?|repositioning|obs|observations|neuro ?obs|vitals|dressing changes?|"
    r"mouth care|chest physio\w*|incentive spirometry)\b|"
    # "at 100 mg PE/min, continuous ECG + BP q5min": the monitoring's schedule, not the dose's
    r"\b(?:continuous|cardiac)\s+(?:ECG|monitoring|telemetry)\b|\+\s*(?:BP|ECG|obs|vitals|SpO2|sats|neuro ?obs)\b"
)
# "q4-6h prn, max 5 doses/24h": the stated cap bounds the doses per day
_MAX_DOSES = re.compile(
    r"(?i)\b(?:max(?:imum)?|no\s+more\s+than|not\s+to\s+exceed|nte)\.?\s*(\d+|one|two|three|four|five|six)\s*"
    r"doses?\s*(?:/|per|in|each|a)\s*(?:24\s*h(?:rs?|ours?)?|day|d)\b"
)


# "800 mg TDS (reduced from 5x daily for renal function)", "instead of q6h": the frequency it replaces
_PREVIOUS_FREQ = re.compile(
    r"(?i)\b(?:(?:reduced|decreased|changed|increased|down|up|switched|converted|moved)\s+from|instead\s+of|"
    r"rather\s+than)\s+(?:(?!\bto\b)[^)\n;,]){1,30}|"
    # "80 mg SC ONCE daily - NOT BD": the frequency written only to be ruled out
    r"\b(?:not|never)\s+(?:bd|bid|b\.i\.d\.?|tds|tid|qds|qid|twice\s+(?:a\s+)?daily|12[- ]hourly|q12h|q8h|q6h|"
    r"three\s+times\s+(?:a\s+)?daily)\b"
)


# "600 mg daily (300 mg BD)": the bracket splits the daily total written before it; its frequency is not the total's
_DAILY_SPLIT = re.compile(
    r"(?i)(\b(?:daily|a day|per day|/day|od|/24 ?h))\s*\(\s*(?:=\s*)?\d[^()\n]{0,30}\)"
)


def parse_frequency(tail: str) -> Frequency | None:
    cut = _MONITOR.search(tail)
    if cut:
        tail = tail[: cut.start()]
    tail = _PREVIOUS_FREQ.sub(lambda m: " " * len(m.group(0)), tail)
    tail = _DAILY_SPLIT.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), tail)
    f = _parse_frequency(tail)
    cap = _MAX_DOSES.search(tail)
    if f is not None and cap:
        n = _WORDNUM.get(cap.group(1).lower(), 0) or int(cap.group(1))
        if 0 < n < f.per_day:
            f = Frequency(f.code, float(n), f.interval_h, f.prn)
    return f


_CYCLE = re.compile(
    r"(?i)\b(?:q|every\s*)(?:7|14|21|28)\s*d(?:ays?)?\b|\bq\s?[1-4]\s*w(?:ee)?ks?\b|\bevery\s*[1-4]\s*weeks?\b|"
    r"\b(?:of\s+)?(?:each\s+|a\s+)?(?:7|14|21|28)[- ]day\s+cycles?\b"
)
_CYCLE_DAYS = re.compile(
    r"(?i)\bdays?\s*\d{1,2}\s*(?:-|–|to|through)\s*\d{1,2}\b|\bcycles?\b|\bC\d+D\d+\b"
)


def _parse_frequency(tail: str) -> Frequency | None:
    if _CYCLE_DAYS.search(tail) and _CYCLE.search(tail):
        # "1250 mg/m2 PO BID days 1-14 q21d": the cycle repeats the course; BID is the dosing interval
        stripped = _CYCLE.sub(" ", tail)
        if _parse_frequency_inner(stripped) is not None:
            tail = stripped
    return _parse_frequency_inner(tail)


def _parse_frequency_inner(tail: str) -> Frequency | None:
    prn = bool(_PRN.search(tail))
    for rx, kind in _FREQ_RX:
        m = rx.search(tail)
        if not m:
            continue
        groups = [x for x in m.groups() if x]
        if kind == "range":
            a, b = [int(x) for x in groups][:2]
            lo = min(a, b) or 1
            return Frequency(f"q{a}-{b}h", 24 / lo, float(lo), prn)
        if (
            kind == "minutes"
        ):  # "0.4 mg SL q5 min x3": a short series, counted by its doses when written
            n = int(groups[0]) if groups else 5
            # "x3", or "every 15 min PRN, max 8 doses": the series' own count
            count = re.search(
                r"(?i)\bx\s?(\d+)\b|\bmax(?:imum)?\.?\s*(?:of\s+)?(\d+)\s*doses?\b(?!\s*(?:/|per|in|a)\b)",
                tail,
            )
            return Frequency(
                f"q{n}min",
                float(count.group(1) or count.group(2)) if count else 1440 / max(1, n),
                n / 60,
                prn,
            )
        if kind == "interval":
            h = int(groups[0]) if groups else 24
            return Frequency(f"q{h}h", 24 / h if h else 1, float(h), prn)
        if kind == "days":
            d = int(groups[0]) if groups else 1
            return Frequency(f"q{24 * d}h", 1 / d if d else 1, 24.0 * d, prn)
        if kind in ("weeks", "months"):
            n = int(groups[0]) if groups else 1
            days = n * (7 if kind == "weeks" else 30)
            return Frequency(f"q{days}d", 1 / days, 24.0 * days, prn)
        if kind == "n_daily":
            n = _WORDNUM.get(groups[0].lower(), 0) or int(groups[0])
            return Frequency(f"{n}x/day", float(n), 24.0 / n if n else None, prn)
        if kind == "n_weekly":
            g = groups[0].lower() if groups else "three"
            n = _WORDNUM.get(g, 0) or (int(g) if g.isdigit() else 3)
            return Frequency(f"{n}x/week", n / 7, 48.0 if n == 3 else 168.0 / n, prn)
        per, interval = _FIXED[kind]
        code = "q1h" if kind == "hourly" else kind
        return Frequency(code, float(per), interval, prn)
    if prn:
        return Frequency("prn", 1.0, None, True)
    return None


def duration_days(tail: str) -> float | None:
    m = DURATION.search(tail)
    if not m:
        return None
    return (
        float(m.group(1)) * {"d": 1, "day": 1, "week": 7, "wk": 7, "month": 30}[m.group(2).lower()]
    )


_OVER = re.compile(r"(?i)\bover\s+(\d+(?:\.\d+)?)\s*(min(?:ute)?s?|h(?:ou)?rs?|h)\b")


def infusion_hours(tail: str) -> float | None:
    """ "infuse over 30 min" -> 0.5: how long an intermittent dose runs, so its rate can be checked."""
    m = _OVER.search(tail)
    if not m:
        return None
    value = float(m.group(1))
    return value / 60 if m.group(2).lower().startswith("min") else value
