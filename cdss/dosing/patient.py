"""Patient context from the note: age, sex, weight, height, renal function, potassium,
allergies, pregnancy. Cockcroft-Gault CrCl is computed when age, sex, weight and
serum creatinine are known and no CrCl is stated. Explicit values (`--patient`,
the API's `patient`) override what was read from text.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from cdss.errors import InputError

NUM = r"(\d+(?:\.\d+)?)"


@dataclass
class Allergy:
    substance: str
    reaction: str = ""


@dataclass
class Patient:
    age_years: float | None = None
    sex: str | None = None  # "F" | "M"
    weight_kg: float | None = None
    height_cm: float | None = None
    bsa_m2: float | None = (
        None  # body surface area as written ("BSA 1.69 m2"); else worked out from height and weight
    )
    egfr: float | None = None
    crcl: float | None = None
    crcl_source: str | None = None  # stated | cockcroft-gault | override
    scr_mg_dl: float | None = None
    potassium: float | None = None
    platelets: float | None = None  # x10^9/L ("plt 9", "platelets 42K")
    allergies: list[Allergy] = field(default_factory=list)
    no_known_allergies: bool = False
    pregnant: bool | None = None
    gestation_weeks: float | None = None  # "G1 @ 31 wks", "28+3 weeks gestation", "GA 34w"
    dialysis: str | None = None  # HD | PD | CRRT (ESRD and anuria count as HD)
    hepatic: str | None = None  # any | child_pugh_b | child_pugh_c
    opioid_status: str | None = None  # naive | tolerant
    ibw_kg: float | None = None  # ideal body weight as written ("IBW 70 kg")
    insulin_naive: bool = False  # "insulin-naive", "not on insulin": a first insulin regimen

    @property
    def pediatric(self) -> bool:
        return self.age_years is not None and self.age_years < 18

    @property
    def ideal_weight_kg(self) -> float | None:
        """Ideal body weight: as written, else Devine's formula from height and sex (adults, 152 cm or more)."""
        if self.ibw_kg:
            return self.ibw_kg
        if self.height_cm and self.height_cm >= 152 and self.sex and not self.pediatric:
            return (50.0 if self.sex == "M" else 45.5) + 2.3 * (self.height_cm / 2.54 - 60)
        return None

    @property
    def surface_area(self) -> float | None:
        """Body surface area in m2: as written, else Mosteller's formula from height and weight."""
        if self.bsa_m2:
            return self.bsa_m2
        h, w = self.height_cm, self.weight_kg
        return (h * w / 3600) ** 0.5 if h and w else None

    @property
    def obese(self) -> bool:
        """Actual weight at least 125% of ideal (the usual cut-off for switching to ideal or adjusted weight)."""
        ideal = self.ideal_weight_kg
        return bool(ideal and self.weight_kg and self.weight_kg >= 1.25 * ideal)

    @property
    def older_adult(self) -> bool:
        return self.age_years is not None and self.age_years >= 65

    def renal(self, measure: str) -> tuple[float | None, str]:
        """The value for a band's measure, falling back to the other measure (said in the message). Dialysis
        (HD, PD, ESRD, anuria) selects the lowest band whatever number is written; CRRT is reported apart."""
        if self.dialysis in ("HD", "PD"):
            return 0.0, {"HD": "haemodialysis/ESRD", "PD": "peritoneal dialysis"}[self.dialysis]
        if self.dialysis == "CRRT":
            return 0.0, "CRRT"
        if measure == "crcl":
            if self.crcl is not None:
                return self.crcl, f"CrCl {self.crcl:.0f} mL/min" + (
                    " (Cockcroft-Gault)" if self.crcl_source == "cockcroft-gault" else ""
                )
            if self.egfr is not None:
                return self.egfr, f"eGFR {self.egfr:.0f} (used in place of CrCl)"
        else:
            if self.egfr is not None:
                return self.egfr, f"eGFR {self.egfr:.0f} mL/min/1.73m²"
            if self.crcl is not None:
                return self.crcl, f"CrCl {self.crcl:.0f} mL/min (used in place of eGFR)"
        return None, ""

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, [], False) or k == "allergies"}


def _first(rx: str, text: str) -> re.Match[str] | None:
    return re.search(rx, text, re.IGNORECASE)


def set_cockcroft_gault(p: Patient) -> None:
    """CrCl (mL/min) from age, weight, serum creatinine (mg/dL) and sex, when all four are known: the one home
    of the formula, for values read from the note and for values the caller overrides."""
    age, weight, scr = p.age_years, p.weight_kg, p.scr_mg_dl
    if age is None or weight is None or not scr or p.sex is None:
        return
    if age < 18:
        # Cockcroft-Gault is an adult formula: in a 3 kg newborn it gives 11 mL/min for a normal creatinine.
        # Children's kidney function is the eGFR or CrCl the note or the EHR states (bedside Schwartz needs height)
        return
    p.crcl = round((140 - age) * weight / (72 * scr) * (0.85 if p.sex == "F" else 1.0), 1)
    p.crcl_source = "cockcroft-gault"


def read_patient(text: str) -> Patient:
    p = Patient()
    m = _first(
        r"\b"
        + NUM
        + r"\s*[- ]?(?:year|yr)s?[- ]?old|\b"
        + NUM
        + r"\s*(?:yo|y/o|y\.o\.)\b|\bage[d:]?\s*"
        + NUM
        + r"\b(?!\s*(?:weeks?|wks?|months?|mos?|days?|d)\b)",
        text,
    )
    if m:
        p.age_years = float(next(g for g in m.groups() if g))
    elif re.search(r"\[AGE_\d+\]", text):
        p.age_years = 90.0  # ages over 89 are pseudonymised: they are at least 90
    else:
        # "18 mo, 11 kg" at the start of a line is an age; "BMP in 1-2 wk" or "x 5 d" is not
        m = _first(
            r"\b"
            + NUM
            + r"[- ]?(month|mo|week|wk|day|d)s?[- ]?old|(?:^|(?<=\n)|(?<=[.;:]\s))"
            + NUM
            + r"\s*(mo|mos|m/o|wk|wks)\b(?!\s*(?:ago|later|before|after|course|of\b|history|f/u|follow))|"
            r"\bDOL\s*"
            + NUM
            + r"|\bage[d:]?\s*"
            + NUM
            + r"\s*(months?|mos?|weeks?|wks?|days?|d)\b",
            text,
        )
        if m:
            value = next(x for x in (m.group(1), m.group(3), m.group(5), m.group(6)) if x)
            unit = (m.group(2) or m.group(4) or m.group(7) or "d").lower()
            p.age_years = float(value) / {"m": 12, "w": 52.18, "d": 365.25}[unit[0]]
        elif _first(r"\b(?:neonate|newborn|preterm|premature infant|NICU)\b", text):
            p.age_years = 0.02
    if _first(r"\b(?:woman|female|girl|lady)\b|\b\d+\s?(?:yo\s?)?F\b|\bMrs\.?\b|\bMs\.?\b", text):
        p.sex = "F"
    elif _first(r"\b(?:man|male|boy|gentleman)\b|\b\d+\s?(?:yo\s?)?M\b|\bMr\.?\s", text):
        p.sex = "M"
    ibw = _IBW.search(text)
    if ibw:
        p.ibw_kg = float(ibw.group(1))
        text = text[: ibw.start()] + " " * (ibw.end() - ibw.start()) + text[ibw.end() :]
    m = _first(
        r"(?:weight|wt|weighs|weighing)\s*(?:of|is|:|=)?\s*"
        + NUM
        + r"\s*(?:lbs?|pounds)\s*[(\[]\s*"
        + NUM
        + r"\s*(kg)",
        text,
    )
    if m:
        m = re.search(NUM + r"\s*(kg)", m.group(0))
    m = (
        m
        or _first(
            r"(?:weight|wt|weighs|weighing)\s*(?:of|is|:|=)?\s*" + NUM + r"\s*(kg|lbs?|pounds)",
            text,
        )
        or re.search(r"(?<![/\w.])" + NUM + r"\s*(kg)\b(?!\s*/)", text)
        or re.search(r"(?<![/\w.])" + NUM + r"\s*(lbs?)\b", text)
    )
    if m:
        w = float(m.group(1))
        p.weight_kg = w * 0.4536 if m.group(2).lower().startswith(("lb", "pound")) else w
    m = _first(r"(?:height|ht)\s*(?:of|is|:|=)?\s*" + NUM + r"\s*(cm|m|in|inches)\b", text)
    if m:
        h, u = float(m.group(1)), m.group(2).lower()
        p.height_cm = h * 100 if u == "m" else h * 2.54 if u.startswith("in") else h
    m = _first(
        r"\b(?:BSA|body surface area)\s*(?:of|is|:|=)?\s*(\d\.\d+)\s*(?:m2|m²|m\^2|sq\.? ?m)", text
    )
    if m and 0.1 <= float(m.group(1)) <= 3.5:
        p.bsa_m2 = float(m.group(1))
    m = _first(r"\begfr\s*(?:of|is|was|:|=)?\s*[<>]?\s*" + NUM, text)
    if m:
        p.egfr = float(m.group(1))
    m = _first(r"\b(?:crcl|creatinine clearance)\s*(?:of|is|was|:|=)?\s*[<>]?\s*" + NUM, text)
    if m:
        p.crcl, p.crcl_source = float(m.group(1)), "stated"
    m = _first(
        r"\b(?:scr|serum creatinine|creatinine|creat|cr)\b\s*(?:of|is|was|:|=)?\s*"
        + NUM
        + r"\s*(mg/dl|µmol/l|umol/l)?",
        text,
    )
    if m:
        v = float(m.group(1))
        unit = (m.group(2) or "").lower()
        p.scr_mg_dl = v / 88.4 if unit in ("µmol/l", "umol/l") or v > 20 else v
    m = _first(
        r"(?<![\w])(?:k\+?|potassium)\s*(?:of|is|was|:|=)?\s*" + NUM + r"(?!\s*(?:meq|mg))", text
    )
    if m and 1.5 <= float(m.group(1)) <= 9.5:
        p.potassium = float(m.group(1))
    m = _first(
        r"(?i)(?<![\w])(?:plts?|platelets?|platelet count)\s*(?:of|is|was|:|=)?\s*"
        + NUM
        + r"\s*k?\b",
        text,
    )
    if m and 0 <= float(m.group(1)) <= 2000:
        p.platelets = float(m.group(1))
    if p.crcl is None:
        set_cockcroft_gault(p)
    _read_allergies(text, p)
    _read_states(text, p)
    if _first(r"\bnot pregnant\b|\bpregnancy test negative\b|\bhcg negative\b", text):
        p.pregnant = False
    elif _first(
        r"\b(?:urine |serum |beta[- ]?)?hcg (?:is )?(?:positive|pos\b|\+)|positive (?:urine |serum )?(?:hcg|pregnancy test)|"
        r"\bupt (?:positive|pos\b|\+)|\bpregnan(?:t|cy)\b(?! test negative)|\b\d+\s*weeks? (?:gestation|pregnant)\b|\bG\dP\d",
        text,
    ):
        p.pregnant = True
    m = _GESTATION.search(text)
    if p.age_years is not None and p.age_years < 10:
        m = None  # "preterm male GA 27+0 wk, DOL 3": a newborn's own gestation, not a pregnancy
    if m and p.pregnant is not False:
        weeks = float(next(g for g in m.groups() if g))
        if 4 <= weeks <= 43:
            p.gestation_weeks = weeks
            p.pregnant = True
    return p


_GESTATION = re.compile(
    r"(?i)(?:\bG\d{1,2}(?:\s*P\d{1,2}(?:[-,]?\d{1,2}){0,3})?\s*(?:@|at|,)?\s*|\b(?:E?GA|gestational age)\s*(?:of|:|=)?\s*)"
    r"(\d{1,2})(?:\+\d|\s*\d/7)?\s*(?:wks?|weeks?|w)\b|"
    r"\b(\d{1,2})(?:\+\d|\s*\d/7)?\s*(?:wks?|weeks?|w)\s*(?:gestation|GA|EGA|pregnan\w*|IUP|of pregnancy)\b|"
    # obstetric shorthand: "39w1d", "32+3 wk"
    r"(?<![\d.+/])((?:[1-3]\d|4[0-2]))(?:w\s?[0-6]\s?d\b|\+[0-6]\s*(?:wks?|weeks?)\b)|"
    # UK shorthand, weeks out of forty: "24/40 pregnant", "9/40 by dates", "31+3/40"
    r"(?<![\d.+/:])([4-9]|[1-3]\d|4[0-2])(?:\+[0-6])?/40\b(?!\s*(?:mg|mcg|units?|mL|mmol))"
)


_IBW = re.compile(r"(?i)\b(?:IBW|ideal (?:body )?weight)\s*(?:of|is|:|=|~)?\s*" + NUM + r"\s*kg\b")
_ALLERGY_LIST_END = re.compile(
    r"(?<!\d)\.\s|\||->|→|\s[-–—]\s(?=[^\n.;|]*\d)|\s(?=[A-Z][A-Za-z /]{1,30}:\s)"
)
_ALLERGY_AFTER = re.compile(
    r"(?i)\b([A-Za-z][\w\-]{1,25}(?: [A-Za-z][\w\-]{1,20})?)\s+(?:allergy|allergic reaction|"
    r"intolerance)(?:\s*\(([^)]{2,40})\)|[ \t]*:[ \t]*([a-z][\w /]{2,30}?)(?=[).;,\n]|$))?|\b(?:hx of|h/o|history of)\s+(HIT)\b"
    r"|\b(HIT(?:T)?|heparin[- ]induced thrombocytopenia)(?:\s*\(([^)]{2,40})\))?"
)


_NOT_ALLERGENS = frozenset(
    "no known drug drugs food any reported documented severe listed true possible suspected "
    "her his the a an with of mild reaction reactions seasonal environmental".split()
)


_NO_ALLERGY_BEFORE = re.compile(r"(?i)\b(?:no|denies|without|not|never|nil)\s+(?:known\s+)?$")


def _read_allergies(text: str, p: Patient) -> None:
    if _first(r"\b(?:nkda|nka|no known (?:drug )?allergies)\b", text):
        p.no_known_allergies = True
    items: list[str] = []
    for m in re.finditer(
        r"(?im)(?:^|[.;,|][ \t]*)[ \t]*(?:allergies|allergy|allergy list|adrs?|adverse (?:drug )?reactions|(?-i:ALL))[ \t]*[:\-][ \t]*(.*)$",
        text,
    ):
        for seg in _split_top(m.group(1)):
            head, *rest = _ALLERGY_LIST_END.split(seg)
            if head.strip() and not _DELABELLED.search(seg):
                items.append(head)
            if rest:  # the list ended inside this item ("penicillin (anaphylaxis). Otitis media: amoxicillin ...")
                break
    for m in re.finditer(
        r"(?i)\b(?:allergic|allergy|intolerant|intolerance)\s+(?:to\s+)?([A-Za-z][\w\- ]{2,30}?)"
        r"(?:\s*\(([^)]{2,40})\))?(?=[.;,|\n]|\s[-–—]\s|$)",
        text,
    ):
        if not _DELABELLED.search(_line_rest(text, m.end())):
            items.append(m.group(1) + (f" ({m.group(2)})" if m.group(2) else ""))
    for m in _ALLERGY_AFTER.finditer(text):  # "PCN allergy (hives)", "h/o HIT"
        if _DELABELLED.search(_line_rest(text, m.end())):
            continue  # "PCN allergy label REMOVED 5/2024 (neg skin test + amoxicillin challenge)"
        if _NO_ALLERGY_BEFORE.search(text[max(0, m.start() - 12) : m.start()]) or re.match(
            r"(?i)(?:no|denies|not|nil|without|never)\s", m.group(0)
        ):
            continue  # "No sulfa allergy", "denies penicillin allergy": a negated allergy
        substance = m.group(1) or m.group(4) or m.group(5)
        reaction = (
            m.group(2) or m.group(3) or m.group(6)
        )  # "(hives)", or "morphine intolerance: nausea"
        words = substance.lower().split()
        if words[-1] in _NOT_ALLERGENS or words[0] in _NOT_ALLERGENS:
            substance = " ".join(w for w in substance.split() if w.lower() not in _NOT_ALLERGENS)
            if not substance:
                continue
        items.append(substance + (f" ({reaction})" if reaction else ""))
    for m in _ANGIOEDEMA.finditer(text):  # "h/o ACE-I angioedema", "angioedema on lisinopril"
        items.append((m.group(1) or m.group(2)) + " (angioedema)")
    seen = set()
    for raw in items:
        raw = raw.strip(" .")
        if not raw or re.fullmatch(r"(?i)nkda|nka|none|no known (?:drug )?allergies|nil", raw):
            continue
        allergy = split_allergy(raw)
        key = allergy.substance.lower()
        if key not in seen and not _DELABELLED.search(raw):
            seen.add(key)
            p.allergies.append(allergy)


def _line_rest(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos : end if end >= 0 else len(text)]


# an allergy label that testing or a challenge has removed: "penicillin - REMOVED 2023 (neg skin test ...)"
_DELABELLED = re.compile(
    r"(?i)\b(?:removed|de-?labell?ed|delisted|ruled out|not (?:a true )?allerg\w*|negative (?:skin )?"
    r"test|neg skin test|tolerated (?:\w+ )?(?:challenge|rechallenge|test dose)|passed (?:\w+ )?challenge|"
    # "penicillin - rash as a child; tolerated cefalexin 2021": a drug taken without reaction is no allergy
    r"^\s*(?:has\s+|since\s+|but\s+)?tolerat(?:ed|es|ing)\b|no reaction to)"
)
_ANGIOEDEMA = re.compile(
    r"(?i)\b([A-Za-z][\w\-]{1,25}?)(?:[- ](?:induced|related|associated))?\s+angio-?o?edema\b|"
    r"\bangio-?o?edema\s+(?:on|with|from|due to|after|to|secondary to)\s+([A-Za-z][\w\-]{2,25})"
)


def _split_top(line: str) -> list[str]:
    """Split an allergy list at ';', ',' and 'and' outside parentheses: "penicillin (rash age 6, >20 yr ago); sulfa"."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and (ch in ";," or (line.startswith(" and ", i) and i >= start)):
            out.append(line[start:i])
            start = i + (5 if ch == " " else 1)
    out.append(line[start:])
    return [x for x in out if x.strip()]


def split_allergy(raw: str) -> Allergy:
    """'penicillin (anaphylaxis)', 'sulfa - rash', 'codeine: nausea' -> substance and reaction."""
    rm = re.match(r"(.+?)\s*(?:\(([^)]*)\)|\s[-–]\s*(.+)|[-–]\s+(.+)|:\s*(.+))$", raw.strip())
    substance, reaction = (
        (rm.group(1), next((g for g in rm.groups()[1:] if g), "")) if rm else (raw, "")
    )
    return Allergy(substance.strip(), reaction.strip())


_DIALYSIS = [
    ("CRRT", r"\b(?:crrt|cvvhd?f?|cvvh|continuous (?:veno-venous|renal replacement))\b"),
    (
        "PD",
        r"\b(?:peritoneal dialysis|on pd|capd|apd|ccpd|pd (?:pt|patient|nightly|exchanges?|catheter))\b",
    ),
    (
        "HD",
        r"\b(?:esrd|eskd|end[- ]stage (?:renal|kidney)|h(?:a)?emodialysis|on hd|hd (?:mwf|tts|tiw|m/w/f)|"
        r"dialysis[- ]dependent|on dialysis|anuric|anuria|dialysis (?:mwf|tts|m/w/f))\b",
    ),
]
_NO_DIALYSIS = re.compile(
    r"(?i)\bnot on (?:hd|dialysis)|no (?:hd|dialysis)\b|pre-?dialysis|avoid dialysis"
)
_HEPATIC = [
    (
        "child_pugh_c",
        r"\bchild[- ]?(?:pugh|turcotte)?[- ]?(?:class\s*)?c\b|\bcp[- ]?c\b|decompensated|\besld\b|"
        r"end[- ]stage liver|liver failure|hepatic failure|hepatic encephalopathy|\bmeld\s*(?:of\s*|:\s*)?[3-4]\d|"
        r"severe (?:alcoholic|alcohol-associated|acute) hepatitis|acute liver injury|"
        # acute liver failure after an overdose: "?ALF (King's criteria under review)"
        r"\bALF\b|acute liver failure|fulminant hepat\w*|king'?s (?:college )?criteria",
    ),
    (
        "child_pugh_b",
        r"\bchild[- ]?(?:pugh|turcotte)?[- ]?(?:class\s*)?b\b|\bcp[- ]?b\b|moderate hepatic impairment",
    ),
    (
        "any",
        r"\bcirrho\w*|\bchild[- ]?pugh\b|hepatic impairment|liver disease|alcoholic hepatitis|"
        r"alcohol (?:use disorder|abuse|dependence|excess|misuse)|(?:excess|harmful) (?:alcohol|etoh)|\betoh (?:abuse|use disorder|dependence)|heavy (?:alcohol|etoh|drink)|"
        r"drinks? \d+\s*(?:\+\s*)?(?:beers|drinks|units|glasses)|\d+\s*(?:-\s*\d+\s*)?(?:beers|drinks|units|glasses of wine|shots)"
        r"\s*(?:/|per|a|each)\s*(?:day|d|night)\b|chronic alcohol|\baud\b|\bnash\b|\bmasld\b|hepatitis [bc]\b|"
        r"\bhep\.? [bc]\b|chronic (?:hbv|hcv)|\b(?:hbv|hcv) (?:infection|carrier|positive)|"
        # "drinks alcohol daily"; a bilirubin of 2 mg/dL or more ("liver mets, bilirubin 2.8 mg/dL")
        r"\bdrinks? (?:alcohol |etoh )?(?:daily|every day|heavily)\b|\bdaily (?:alcohol|etoh) (?:use|intake)\b|"
        r"\b(?:bilirubin|t\.?\s?bili|bili)\s*(?:of|is|:|=)?\s*(?:[2-9]|[1-4]\d)(?:\.\d+)?\s*mg\s*/\s*dl\b|"
        # quantities of spirits, wine or beer a day ("1 pint vodka daily", "a fifth of whiskey a day")
        r"\b(?:\d+(?:\.\d+)?|an?|one|two|three|half an?)\s*(?:pints?|fifths?|bottles?|handles?|litres?|liters?|cans?|"
        r"six-packs?)\s+(?:of\s+)?(?:vodka|wine|beer|whisk(?:e)?y|spirits|liquor|rum|gin|cider|lager|brandy|tequila)\b"
        r"[^.\n]{0,20}?(?:daily|a day|per day|/\s*day|each day|every day|nightly|a night|qd)\b",
    ),
]
_NO_LIVER = re.compile(
    r"(?i)\bno (?:history of )?(?:liver disease|cirrhosis|hepatic impairment)|normal (?:lfts|liver)"
)
_NAIVE = re.compile(
    r"(?i)opioid[- ]na(?:i|ï)ve|no (?:prior|previous|home|chronic|current|active|regular) opioids?|not on (?:any )?opioids|"
    r"never (?:been )?on (?:any )?opioids|no opioids? (?:since|for|in (?:the )?(?:last|past))|opioid[- ]free|"
    r"no (?:home )?opioids? (?:pta|prior to (?:admission|arrival)|before admission|at home)\b|"
    r"never (?:taken|had|used) opioids|no opioid (?:use|exposure|history)|no opioids? (?:so far|to date|yet|ever)\b|"
    r"\bnever (?:had|taken|tried|used) (?:an? |any )?(?:strong )?opioids?\b|"
    r"(?:home meds?|medications?|meds)\b[^\n]{0,80}?(?:--|-|;|,|\.)\s*no opioids?\b|"
    # "paracetamol 1 g QDS only (no opioids)", "Opioid history: nil regular", "nil opioids PTA"
    r"\(\s*no opioids?\s*\)|\bopioid (?:history|hx|use)\s*(?::|-|=)\s*(?:nil|none|no|never)\b|\bnil (?:regular )?opioids?\b"
)
_TOLERANT = re.compile(
    r"(?i)opioid[- ]tolerant|chronic opioid|on (?:chronic |long-term )?(?:methadone|buprenorphine)|"
    r"home (?:oxycodone|morphine|hydromorphone|fentanyl|opioids?|dilaudid|oxycontin|ms contin|percocet|norco|"
    r"duragesic|tapentadol|nucynta)|\bMME\b|\bOME\b|opioid use disorder|\bOUD\b|tolerant to opioids|"
    # "methadone 110 mg daily (OTP-verified)": an opioid treatment programme dose is a maintenance dose
    r"\bOTP\b|opioid treatment program\w*|methadone (?:maintenance|clinic|program\w*)|home methadone|"
    # "Prison OST - reception ... COWS 14": opioid substitution for dependence, withdrawal scored; not naive
    r"\bOST\b|\bOAT\b|opioid (?:substitution|agonist|replacement) (?:therapy|treatment)|"
    r"\bCOWS\s*(?:score\s*)?(?:of\s*|:|=)?\s*(?:[5-9]|[1-4]\d)\b|"
    # "on MS Contin 200 mg PO q12h for months": a long-standing opioid regimen is tolerance
    r"\bon (?:ms contin|oxycontin|morphine|oxycodone|hydromorphone|dilaudid|fentanyl|duragesic|methadone|"
    r"opioids?)\b[^.\n]{0,50}?\b(?:for|x|×|since)\s*(?:many |several |\d+\s*)?(?:months?|mos?|years?|yrs?|weeks?|wks?)\b"
)


_NAIVE_OTHERWISE = re.compile(
    r"(?i)\bno other (?:opioids?|narcotics?)\b|\bonly (?:occasional|rare|intermittent) (?:opioid|tramadol|codeine)|"
    r"\b(?:occasional|rare|intermittent) (?:opioids?|tramadol|codeine|co-codamol)(?: PRN)? only\b|"
    # "codeine stopped 2 months ago (constipation)": a weak opioid stopped weeks ago leaves no tolerance
    r"\b(?:codeine|tramadol|co-codamol|dihydrocodeine|opioids?)\s+(?:was\s+)?stopped\s+(?:\d+|a|one|two|three|six)\s+"
    r"(?:months?|years?|weeks?)\s+ago\b"
)


_INSULIN_NAIVE = re.compile(
    r"(?i)insulin[- ]na(?:i|ï)ve|not (?:currently |previously )?on insulin|never (?:used|taken|"
    r"been on|had) insulin|new to insulin|no (?:prior|previous|home) insulin|first (?:ever )?insulin|"
    # "New T1DM, DKA resolving": a new diagnosis of type 1 diabetes has had no insulin before this admission
    r"\bnew(?:ly)?[- ](?:diagnos\w*|onset|presentation)?\s*(?:of\s+)?(?:T1DM|T1D|type\s*1\b|IDDM)|"
    r"\b(?:T1DM|T1D|type\s*1 diabetes)\s*[-,(]?\s*new(?:ly)?[- ]diagnos\w*"
)


def _read_states(text: str, p: Patient) -> None:
    """Kidney, liver and opioid-tolerance states written as words ("ESRD on HD MWF", "Child-Pugh C", "opioid-naive")."""
    if not _NO_DIALYSIS.search(text):
        for code, rx in _DIALYSIS:
            if re.search(rx, text, re.IGNORECASE):
                p.dialysis = code
                break
    if not _NO_LIVER.search(text):
        for code, rx in _HEPATIC:
            if re.search(rx, text, re.IGNORECASE):
                p.hepatic = code
                break
    p.insulin_naive = bool(_INSULIN_NAIVE.search(text))
    if _NAIVE.search(text):
        p.opioid_status = "naive"
    elif _TOLERANT.search(text):
        p.opioid_status = "tolerant"
    elif _NAIVE_OTHERWISE.search(text):
        # "home meds: tramadol 50 mg PRN, ~1 tab every other day. no other opioids": occasional use is not tolerance
        p.opioid_status = "naive"


FIELDS = {
    "age": "age_years",
    "age_years": "age_years",
    "sex": "sex",
    "weight_kg": "weight_kg",
    "weight": "weight_kg",
    "height_cm": "height_cm",
    "bsa": "bsa_m2",
    "bsa_m2": "bsa_m2",
    "ibw_kg": "ibw_kg",
    "egfr": "egfr",
    "crcl": "crcl",
    "scr": "scr_mg_dl",
    "scr_mg_dl": "scr_mg_dl",
    "creatinine": "scr_mg_dl",
    "scr_umol_l": "scr_umol_l",
    "potassium": "potassium",
    "k": "potassium",
    "platelets": "platelets",
    "plt": "platelets",
    "pregnant": "pregnant",
}


_AGE_TEXT = re.compile(
    r"(?i)^\s*(\d+(?:\.\d+)?)\s*(years?|yrs?|y|months?|mos?|mo|m|weeks?|wks?|w|days?|d)?\s*(?:old)?\s*$"
)
_AGE_UNIT = {"y": 1.0, "m": 12.0, "w": 52.18, "d": 365.25}


def _age_years(value: str | dict[str, Any]) -> float:
    """An age written with its unit, as forms and FHIR send it: "9 months", "3 days", {"value": 7, "unit": "wk"}.

    A child's doses depend on whether "9" means years or months, so a unit the checker cannot read is refused,
    never guessed."""
    text = f"{value.get('value', '')} {value.get('unit', '')}" if isinstance(value, dict) else value
    m = _AGE_TEXT.match(text)
    if not m:
        raise InputError(
            f"patient.age {text!r} is not an age; send a number of years or a number with its unit "
            '("9 months", "3 days", {"value": 7, "unit": "wk"})'
        )
    unit = (m.group(2) or "y").lower()
    key = "m" if unit.startswith("mo") or unit == "m" else unit[0]
    return float(m.group(1)) / _AGE_UNIT[key]


def apply_overrides(p: Patient, data: dict[str, Any] | None) -> Patient:
    if not data:
        return p
    if not isinstance(data, dict):
        raise InputError(
            'patient must be a JSON object such as {"age": 80, "weight_kg": 58, "egfr": 28}'
        )
    for key, value in data.items():
        k = key.lower()
        if k == "allergies":
            if not isinstance(value, list):
                raise InputError(
                    "patient.allergies must be a list of strings or {substance, reaction} objects"
                )
            # the EHR's coded list often has no reaction; the note's own wording of it ("penicillin (non-urticarial
            # rash as a child)") is kept for the same substance
            noted = {a.substance.lower(): a.reaction for a in p.allergies if a.reaction}
            p.allergies = [
                a if a.reaction else Allergy(a.substance, noted.get(a.substance.lower(), ""))
                for a in (
                    split_allergy(v)
                    if isinstance(v, str)
                    else Allergy(str(v.get("substance", "")), str(v.get("reaction", "")))
                    for v in value
                    if not (isinstance(v, str) and _DELABELLED.search(v))
                )
            ]
            continue
        attr = FIELDS.get(k)
        if attr is None:
            raise InputError(
                f"unknown patient field {key!r}; use one of {', '.join(sorted(set(FIELDS)))}, allergies"
            )
        if attr == "sex":
            sv = str(value).upper()[:1]
            if sv not in ("F", "M"):
                raise InputError("patient.sex must be 'F' or 'M'")
            p.sex = sv
        elif attr == "pregnant":
            if not isinstance(value, bool):  # "no" and "false" are truthy strings: never guess
                raise InputError("patient.pregnant must be true or false")
            p.pregnant = value
        elif attr == "age_years" and isinstance(value, (str, dict)):
            p.age_years = _age_years(value)
        else:
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
            ):
                raise InputError(f"patient.{key} must be a finite number")
            if attr == "scr_umol_l":  # SI units, as UK, European and Australian EHRs send it
                p.scr_mg_dl = float(value) / 88.4
            elif attr == "scr_mg_dl" and value > 30:
                # 88 is a normal creatinine in umol/L and a lethal one in mg/dL: never guess which was meant
                raise InputError(
                    f"patient.{key} {value} mg/dL is not a serum creatinine; "
                    "if the value is in umol/L send it as scr_umol_l"
                )
            else:
                setattr(p, attr, float(value))
            if attr == "crcl":
                p.crcl_source = "override"
    if (
        "crcl" not in {k.lower() for k in data}
        and p.crcl_source != "stated"
        and None not in (p.age_years, p.weight_kg, p.scr_mg_dl, p.sex)
        and p.scr_mg_dl
    ):
        set_cockcroft_gault(p)
    if p.age_years is not None and p.age_years < 10 and "pregnant" not in {k.lower() for k in data}:
        # "24+5/40, D3, BW 700 g": read from the note before the EHR's age arrived, the gestation is the newborn's
        p.pregnant, p.gestation_weeks = None, None
    return p
