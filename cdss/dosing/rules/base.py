"""What every dose rule shares: the finding it returns, the context it reads and the per-statement loop.

Rules are shaped like Presidio recognizers: a class with its name and a docstring saying what it protects
against, registered in `cdss.dosing.rules.RULES` and chosen by configuration. Most rules judge one statement
at a time and implement `check_statement`; rules that look across statements (daily totals, interactions,
duplicates, conversions) override `check`.
"""

from __future__ import annotations

import re
from abc import ABC
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug, Formulary, Limit
from cdss.dosing.grammar import MASS
from cdss.dosing.patient import Patient
from cdss.dosing.severity import Severity

WHO = {"adult": "adult", "pediatric": "paediatric", "older_adult": "older-adult"}


@dataclass
class Finding:
    rule: str
    severity: Severity
    drugs: list[str]
    message: str
    span: tuple[int, int] | None
    origin: str
    reference: str
    missing: list[str] = field(
        default_factory=list
    )  # not_checked: what the check needed ("weight", "dose")

    def __post_init__(self) -> None:
        self.severity = Severity.parse(self.severity)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "drugs": self.drugs,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "origin": self.origin,
            "reference": self.reference,
        }
        if self.missing:
            d["missing"] = self.missing
        return d


@dataclass
class RuleContext:
    formulary: Formulary
    statements: list[MedStatement]  # active orders
    patient: Patient
    text: str = ""
    origin: str = "note"
    known_spans: tuple[
        tuple[int, int], ...
    ] = ()  # every recognised medication mention, active or not
    all_statements: list[MedStatement] = field(
        default_factory=list
    )  # active and inactive, in text order

    @cached_property
    def per_m2(self) -> bool:
        """The note doses something by body surface area ("5 g/m2"): a protocol. Read once per check; the rules
        ask for every statement, and searching the note each time made a 200 KB list quadratic."""
        return bool(_PER_M2.search(self.text))


_PER_M2 = re.compile(r"(?i)\b(?:mg|g|mcg|units?)\s*/\s*m(?:2|²)(?![\w])")


def fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def convert(value: float | None, unit: str | None, target: str) -> float | None:
    if value is None or unit is None:
        return None
    if unit == target:
        return value
    if unit in MASS and target in MASS:
        return value * MASS[unit] / MASS[target]
    if {unit, target} == {"milliunits", "units"}:  # oxytocin, vasopressin written in milliunits
        return value / 1000 if unit == "milliunits" else value * 1000
    return None


# "cefazolin 2 g ... redose 2 g q4h intra-op": surgical-prophylaxis redosing runs only for the operation's length
INTRAOP = re.compile(
    r"(?i)\bre-?dos\w*|\bintra-?op\w*|\bduring (?:the )?(?:surgery|procedure|case)\b"
)


def to_drug_unit(value: float | None, unit: str | None, drug: Drug) -> float | None:
    """A value in the drug's own unit: by mass or milliunits, or by the drug's `unit_factors` (potassium
    phosphates ordered in mEq of potassium, dosed in mmol of phosphate)."""
    out = convert(value, unit, drug.unit)
    if out is None and value is not None and unit in drug.unit_factors:
        return value * drug.unit_factors[unit]
    return out


def absolute_dose(st: MedStatement, drug: Drug, patient: Patient) -> float | None:
    """The per-dose amount in the drug's unit. A stated total ("15 mg/kg = 1,200 mg") is what will be given;
    otherwise per-kg doses need the weight, and per-kg-per-day doses are divided by the frequency."""
    if st.stated_dose is not None and st.stated_unit:
        stated = to_drug_unit(st.stated_dose, st.stated_unit, drug)
        if stated is not None:
            return stated
    dose = to_drug_unit(st.dose, st.unit, drug)
    if dose is None:
        return None
    if st.per_kg:
        if not patient.weight_kg:
            return None
        dose *= patient.weight_kg
        if st.cap_dose is not None and st.cap_unit:
            cap = to_drug_unit(st.cap_dose, st.cap_unit, drug)
            dose = dose if cap is None else min(dose, cap)
        if st.per_kg_day:
            n = st.frequency.per_day if st.frequency else None
            return dose / n if n else None
    return dose


def titrated_opioid(st: MedStatement, drug: Drug, patient: Patient) -> bool:
    """A child's opioid raised step by step on an existing regimen ("MST 40 mg BD ... increase to 60 mg BD"), or
    given to a child documented as opioid-tolerant: the paediatric ceilings are starting doses for the opioid-naive,
    and palliative titration goes past them by design (BNFc: "adjusted according to response")."""
    if drug.opioid is None or not patient.pediatric:
        return False
    if patient.opioid_status == "tolerant":
        return True
    return bool(st.change and st.previous_dose and st.dose and st.dose / st.previous_dose <= 2.0)


def per_day(st: MedStatement) -> float | None:
    if st.per_hour:
        # "300 mg in 250 mL over 60 min -> 250 mL/h": a bag run over a stated time gives its rate for that long
        return min(24.0, st.infusion_h) if st.infusion_h else 24.0
    return st.frequency.per_day if st.frequency else None


def daily_dose(st: MedStatement, drug: Drug, patient: Patient) -> float | None:
    """The most the order gives in 24 h; an as-needed order with its own stated daily ceiling ("1-hourly PRN, max
    120 mg/24h") gives at most that ceiling."""
    dose, n = absolute_dose(st, drug, patient), per_day(st)
    return prn_capped(st, drug, dose * n) if dose is not None and n is not None else None


def prn_capped(st: MedStatement, drug: Drug, total: float) -> float:
    """`total` a day, or less when the as-needed order states its own daily ceiling."""
    if st.frequency is not None and st.frequency.prn and st.prn_cap is not None:
        cap = to_drug_unit(st.prn_cap, st.prn_cap_unit, drug)
        if cap is not None and cap < total:
            return cap
    return total


def _age_ok(lim: Limit, patient: Patient) -> bool:
    age = patient.age_years
    if lim.age_min_years is not None and (age is None or age < lim.age_min_years):
        return False
    return not (lim.age_max_years is not None and (age is None or age >= lim.age_max_years))


def populations(patient: Patient) -> list[str]:
    # adolescents of 50 kg or more take adult doses (the labels' own rule for most drugs)
    child = patient.pediatric and not (patient.weight_kg and patient.weight_kg >= 50)
    return ["pediatric"] if child else ["adult"] + (["older_adult"] if patient.older_adult else [])


_ORAL_RELEASE = re.compile(r"\b(?:CD|XL|XR|SR|ER|LA|MR|CR|DR|ODT|EC|Retard|Continus|Uno)\b")


def _maintenance(st: MedStatement) -> bool:
    """A regular dose after (or without) a load: not marked as loading, and repeated on a schedule."""
    f = st.frequency
    return not st.loading and f is not None and f.code != "once" and f.per_day > 0


def limits_for(drug: Drug, st: MedStatement, patient: Patient, text: str = "") -> list[Limit]:
    """The limits for this patient's population(s), route and formulation. An age band (neonate, infant) that
    matches replaces the general paediatric limits it refines. A rate per hour with no route written ("insulin
    gtt ... run at 70 mL/h") is an IV infusion when the drug has no patch. A limit tied to a setting holds only
    where the note (`text`) names it."""
    out = []
    route = st.route
    if route is None and st.per_hour and st.formulation != "patch" and "TD" not in drug.routes:
        route = "IV" if "IV" in drug.routes else None
    if route is None and not st.per_hour and "PO" in drug.routes and _ORAL_RELEASE.search(st.name):
        route = "PO"  # "Cardizem CD 240 mg OD": a modified-release product is a tablet or capsule
    for pop in populations(patient):
        pool = [lim for lim in drug.limits if lim.population == pop and _age_ok(lim, patient)]
        banded = [
            lim for lim in pool if lim.age_min_years is not None or lim.age_max_years is not None
        ]
        if banded:
            covered = {b.route for b in banded}
            pool = banded + [
                lim
                for lim in pool
                if lim not in banded and None not in covered and lim.route not in covered
            ]
        pool = [
            lim
            for lim in pool
            if _setting_ok(lim, text)
            and (st.loading or not lim.loading_only)
            and (not lim.maintenance_only or _maintenance(st))
            and (not lim.push_only or st.iv_push)
        ]
        kept = {lim.route for lim in pool if lim.maintenance_only}
        if kept:  # a maintenance ceiling refines the loading ones of its route, as an age band does
            pool = [lim for lim in pool if lim.maintenance_only or lim.route not in kept]
        cands = [lim for lim in pool if lim.route is None or lim.route == route]
        if route is None:
            routed = [lim for lim in pool if lim.route is not None]
            if routed and not cands:
                cands = routed
        out += cands
    return out


_PER_NOTE: dict[tuple[str, str, int, int], bool] = {}


def once_per_note(kind: str, pattern: str, text: str, answer: Callable[[], bool]) -> bool:
    """One search per pattern and note: limits and conditions are looked up for every statement and rule, and a
    200 KB list searched again each time is quadratic. The key holds the note's hash and length, never the note
    itself (patient text is not kept between requests); a str caches its hash, so the key is free after the first
    call. `kind` keeps different questions about the same pattern apart."""
    key = (kind, pattern, hash(text), len(text))
    hit = _PER_NOTE.get(key)
    if hit is None:
        if len(_PER_NOTE) > 4096:
            _PER_NOTE.clear()
        hit = _PER_NOTE[key] = answer()
    return hit


def _note_says(pattern: str, text: str) -> bool:
    return once_per_note(
        "says", pattern, text, lambda: bool(re.search(pattern, text, re.IGNORECASE))
    )


def _setting_ok(lim: Limit, text: str) -> bool:
    if lim.when_pattern and not _note_says(lim.when_pattern, text):
        return False
    return not (lim.unless_pattern and _note_says(lim.unless_pattern, text))


def _lenient(lims: list[Limit], attr: str, population: str) -> tuple[float, Limit] | None:
    """Unknown route: several limits may apply; use the most permissive to avoid false alarms."""
    vals = [
        (getattr(lim, attr), lim)
        for lim in lims
        if lim.population == population and getattr(lim, attr) is not None
    ]
    return max(vals, key=lambda x: x[0]) if vals else None


def lenient(lims: list[Limit], attr: str) -> tuple[float, Limit] | None:
    return _lenient(lims, attr, lims[0].population) if lims else None


def exceeded(
    lims: list[Limit], attr: str, value: float, route_known: bool = True
) -> tuple[str, float, Limit] | None:
    """The first population whose (most permissive) limit `attr` the value exceeds: (who, limit, entry). With the
    route unknown, a candidate route with no such limit means the dose may be legitimate: nothing is exceeded."""
    for pop in dict.fromkeys(lim.population for lim in lims):
        if not route_known and any(
            getattr(lim, attr) is None for lim in lims if lim.population == pop and lim.route
        ):
            continue
        best = _lenient(lims, attr, pop)
        if best and value > best[0] * 1.0001:
            return WHO[pop], best[0], best[1]
    return None


def by_ratio(ratio: float, critical_at: float = 2.0) -> Severity:
    """Overdoses of twice the limit or more are potentially lethal (critical); smaller ones are warnings."""
    return Severity.CRITICAL if ratio >= critical_at else Severity.WARNING


def arithmetic_slip(
    ratio: float, basis: str, critical_at: float = 2.0, pounds: bool = False
) -> tuple[Severity | str, str]:
    """Severity and reading of a stated total that is `ratio` times the amount worked from weight or body surface
    area: ten times is a decimal or zero slip, 2.2 times is pounds used as kilograms (weights only)."""
    why = (
        f"about 10 times the {basis} amount (a decimal or zero slip)"
        if 8 <= ratio <= 12 or 0.08 <= ratio <= 0.125
        else f"2.2 times the {basis} amount (the weight in pounds used as kilograms?)"
        if pounds and 2.0 <= ratio <= 2.4
        else f"{ratio:.2g} times the {basis} amount"
    )
    sev = (
        by_ratio(ratio, critical_at) if ratio > 1 else ("critical" if ratio <= 0.125 else "warning")
    )
    return sev, why


def ref(drug: Drug, source: str) -> str:
    return f"formulary: {drug.name} ({source})"


# words that start a drug ("start allopurinol", "add lamotrigine"): renal starting doses, interaction start doses
STARTING = re.compile(
    r"(?i)\b(?:start(?:ing|ed)?|initiat\w*|begin(?:ning)?|commenc\w*|new(?:ly)?|add(?:ing)?)\b"
)


def order_line(text: str, st: MedStatement) -> str:
    """The whole line the statement stands on: where an order's own context (an accepted use, "redose
    intra-op") is read, so a word elsewhere in the note does not count."""
    start = text.rfind("\n", 0, st.span[0]) + 1
    end = text.find("\n", st.span[1])
    return text[start : None if end < 0 else end]


class Rule(ABC):
    """A dose rule. `name` is the rule id findings carry; the class docstring says what it protects against."""

    name: ClassVar[str]

    def check(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        for st in ctx.statements:
            out.extend(self.check_statement(st, ctx.formulary.drugs[st.drug], ctx))
        return out

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        return ()

    def finding(
        self,
        severity: str | Severity,
        drugs: list[str],
        message: str,
        st: MedStatement | None,
        reference: str,
        missing: list[str] | None = None,
    ) -> Finding:
        return Finding(
            self.name,
            Severity.parse(severity),
            drugs,
            message,
            st.span if st else None,
            st.origin if st else "note",
            reference,
            missing or [],
        )
