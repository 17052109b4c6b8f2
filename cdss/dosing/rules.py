"""Dose rules, one class per category, registered like Presidio recognizers.

Each rule sees the active statements, the patient and the formulary, and
returns Findings that explain themselves with the numbers and cite the
formulary entry they come from.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Condition, Drug, Formulary, Limit, RenalBand, allergen_terms
from cdss.dosing.patient import Patient

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
MASS = {"g": 1000.0, "mg": 1.0, "mcg": 0.001}


@dataclass
class Finding:
    rule: str
    severity: str
    drugs: list[str]
    message: str
    span: tuple[int, int] | None
    origin: str
    reference: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "drugs": self.drugs, "message": self.message,
                "span": list(self.span) if self.span else None, "origin": self.origin, "reference": self.reference}


@dataclass
class RuleContext:
    formulary: Formulary
    statements: list[MedStatement]  # active, de-duplicated orders
    patient: Patient
    text: str = ""
    origin: str = "note"
    known_spans: tuple[tuple[int, int], ...] = ()  # every recognised medication mention, active or not


def fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:g}"


def convert(value: float | None, unit: str | None, target: str) -> float | None:
    if value is None or unit is None:
        return None
    if unit == target:
        return value
    if unit in MASS and target in MASS:
        return value * MASS[unit] / MASS[target]
    return None


def absolute_dose(st: MedStatement, drug: Drug, patient: Patient) -> float | None:
    """The per-dose amount in the drug's unit (per-kg doses need the weight)."""
    unit = st.unit
    dose = convert(st.dose, unit, drug.unit)
    if dose is None:
        return None
    if st.per_kg:
        return dose * patient.weight_kg if patient.weight_kg else None
    return dose


def per_day(st: MedStatement) -> float | None:
    if st.per_hour:
        return 24.0
    return st.frequency.per_day if st.frequency else None


def limits_for(drug: Drug, st: MedStatement, patient: Patient) -> list[Limit]:
    # adolescents of 50 kg or more take adult doses (the labels' own rule for most drugs)
    child = patient.pediatric and not (patient.weight_kg and patient.weight_kg >= 50)
    pops = ["pediatric"] if child else ["adult"] + (["older_adult"] if patient.older_adult else [])
    out = []
    for pop in pops:
        cands = [lim for lim in drug.limits if lim.population == pop and (lim.route is None or lim.route == st.route)]
        if st.route is None:
            routed = [lim for lim in drug.limits if lim.population == pop and lim.route is not None]
            if routed and not cands:
                cands = routed
        out += cands
    return out


def _lenient(lims: list[Limit], attr: str, population: str) -> tuple[float, Limit] | None:
    """Unknown route: several limits may apply; use the most permissive to avoid false alarms."""
    vals = [(getattr(lim, attr), lim) for lim in lims if lim.population == population and getattr(lim, attr) is not None]
    return max(vals, key=lambda x: x[0]) if vals else None


WHO = {"adult": "adult", "pediatric": "paediatric", "older_adult": "older-adult"}


def exceeded(lims: list[Limit], attr: str, value: float) -> tuple[str, float, Limit] | None:
    """The first population whose (most permissive) limit `attr` the value exceeds: (who, limit, entry)."""
    for pop in dict.fromkeys(lim.population for lim in lims):
        best = _lenient(lims, attr, pop)
        if best and value > best[0] * 1.0001:
            return WHO[pop], best[0], best[1]
    return None


def ref(drug: Drug, source: str) -> str:
    return f"formulary: {drug.name} ({source})"


class Rule(ABC):
    name: ClassVar[str]

    @abstractmethod
    def check(self, ctx: RuleContext) -> list[Finding]: ...

    def finding(self, severity: str, drugs: list[str], message: str, st: MedStatement | None, reference: str) -> Finding:
        return Finding(self.name, severity, drugs, message, st.span if st else None, st.origin if st else "note", reference)


class MaxSingleDose(Rule):
    name = "max_single_dose"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            dose = absolute_dose(st, drug, ctx.patient)
            if dose is None:
                continue
            hit = exceeded(limits_for(drug, st, ctx.patient), "max_single", dose)
            if hit:
                who, limit, entry = hit
                ratio = dose / limit
                out.append(self.finding("critical" if ratio >= 2 else "warning", [drug.name],
                                        f"{drug.name} {fmt(dose)} {drug.unit} per dose exceeds the {who} maximum single "
                                        f"dose of {fmt(limit)} {drug.unit}" + (f" ({ratio:.1f}x)" if ratio >= 2 else ""),
                                        st, ref(drug, entry.reference)))
        return out


def _met(c: Condition, p: Patient) -> bool | None:
    """True/False when the patient's data decide the condition, None when a needed value is missing."""
    checks = [(c.age_gte, p.age_years, lambda v, t: v >= t), (c.age_lt, p.age_years, lambda v, t: v < t),
              (c.weight_lte, p.weight_kg, lambda v, t: v <= t), (c.weight_gte, p.weight_kg, lambda v, t: v >= t),
              (c.scr_gte, p.scr_mg_dl, lambda v, t: v >= t), (c.crcl_lt, p.crcl, lambda v, t: v < t),
              (c.egfr_lt, p.egfr, lambda v, t: v < t)]
    results = []
    for threshold, value, op in checks:
        if threshold is None:
            continue
        if value is None:
            return None
        results.append(op(value, threshold))
    return all(results) if results else None


class CriteriaDose(Rule):
    """Patient-specific caps (e.g. apixaban 2.5 mg BID for AF with two of age/weight/creatinine); reported as max_single_dose."""

    name = "max_single_dose"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            dose = absolute_dose(st, drug, ctx.patient)
            if dose is None or not drug.dose_criteria or ctx.patient.pediatric:
                continue
            for crit in drug.dose_criteria:
                met = [c.label for c in crit.conditions if _met(c, ctx.patient)]
                if len(met) < crit.min_met:
                    continue
                n = per_day(st)
                over_single = crit.max_single is not None and dose > crit.max_single * 1.0001
                over_daily = crit.max_daily is not None and n is not None and dose * n > crit.max_daily * 1.0001
                if not (over_single or over_daily):
                    continue
                indicated = not crit.indication_pattern or bool(re.search(crit.indication_pattern, ctx.text, re.I))
                limit = f"{fmt(crit.max_single or 0)} {drug.unit} per dose" if over_single else f"{fmt(crit.max_daily or 0)} {drug.unit}/day"
                scope = f" for {crit.indication}" if crit.indication else ""
                msg = (f"{drug.name} {fmt(dose)} {drug.unit}: the dose{scope} is {limit} when at least {crit.min_met} of these "
                       f"apply, and this patient has {', '.join(met)}. {crit.advice}")
                if not indicated:
                    msg = f"If the indication is {crit.indication}: " + msg
                out.append(self.finding(crit.severity if indicated else "info", [drug.name], msg, st,
                                        ref(drug, crit.reference)))
                break
        return out


class MaxDailyDose(Rule):
    name = "max_daily_dose"

    def check(self, ctx: RuleContext) -> list[Finding]:
        totals: dict[str, list[tuple[MedStatement, float]]] = defaultdict(list)
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            dose, n = absolute_dose(st, drug, ctx.patient), per_day(st)
            if dose is not None and n is not None:
                totals[st.drug].append((st, dose * n))
        out = []
        for generic, items in totals.items():
            drug = ctx.formulary.drugs[generic]
            total = sum(x for _, x in items)
            st = items[-1][0]
            hit = exceeded(limits_for(drug, st, ctx.patient), "max_daily", total)
            if hit:
                who, limit, entry = hit
                how = " (combined from " + ", ".join(s.name for s, _ in items) + ")" if len(items) > 1 else ""
                prn = " counting PRN doses at their maximum frequency" if any(s.frequency and s.frequency.prn for s, _ in items) else ""
                out.append(self.finding("critical" if total / limit >= 2 else "warning", [generic],
                                        f"{generic} {fmt(total)} {drug.unit}/day{how}{prn} exceeds the {who} maximum of "
                                        f"{fmt(limit)} {drug.unit}/day", st, ref(drug, entry.reference)))
        return out


class FrequencyRule(Rule):
    name = "frequency"
    ORDER: ClassVar[dict[str, float]] = {"weekly": 1 / 7, "every_other_day": 0.5, "once": 1, "daily": 1, "nightly": 1,
                                         "q24h": 1, "q48h": 0.5, "q72h": 1 / 3, "q36h": 2 / 3, "BID": 2, "q12h": 2,
                                         "TID": 3, "q8h": 3, "QID": 4, "q6h": 4, "q4h": 6, "q3h": 8, "q2h": 12, "q1h": 24,
                                         "continuous": 24}

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for st in ctx.statements:
            drug, f = ctx.formulary.drugs[st.drug], st.frequency
            if f is None or f.code == "once":
                continue
            if drug.weekly_only and f.per_day > 1 / 7 + 1e-9 and st.route in (None, "PO", "SC", "IM"):
                out.append(self.finding("critical", [drug.name],
                                        f"{drug.name} is a once-weekly medicine but is written {f.code} "
                                        f"({f.per_day * 7:g} doses a week); daily dosing has caused fatal toxicity",
                                        st, ref(drug, "weekly-only regimen")))
                continue
            if drug.frequencies and not f.prn and "continuous" not in drug.frequencies and not st.product:
                allowed = max(self.ORDER.get(c, 0) for c in drug.frequencies)
                if allowed and f.per_day > allowed * 1.0001:
                    out.append(self.finding("warning", [drug.name],
                                            f"{drug.name} written {f.code} ({f.per_day:g} doses/day); usual frequencies are "
                                            f"{', '.join(drug.frequencies)}", st, ref(drug, "usual frequencies")))
        return out


class RenalRule(Rule):
    name = "renal"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        seen: set[str] = set()
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if drug.name in seen or not drug.renal:
                continue
            hits = []
            for band in drug.renal:
                value, label = ctx.patient.renal(band.measure)
                if value is not None and value < band.below:
                    hits.append((band, label))
            if not hits:
                continue
            lowest = min(h[0].below for h in hits)
            dose, n = absolute_dose(st, drug, ctx.patient), per_day(st)
            for band, label in [h for h in hits if h[0].below == lowest]:  # bands at one cut-off are all checked
                msg, sev = self._band(drug, band, label, st, dose, n)
                if msg:
                    seen.add(drug.name)
                    out.append(self.finding(sev, [drug.name], msg, st, ref(drug, band.reference)))
                    break
        return out

    @staticmethod
    def _band(drug: Drug, band: RenalBand, label: str, st: MedStatement, dose: float | None,
              n: float | None) -> tuple[str | None, str]:
        msg, sev = None, band.severity
        if band.action == "avoid":
            msg = f"{drug.name} with {label}: {band.advice}"
        elif band.action == "max_daily" and band.max_daily is not None:
            if dose is not None and n is not None and dose * n > band.max_daily * 1.0001:
                msg = (f"{drug.name} {fmt(dose * n)} {drug.unit}/day exceeds the renal maximum of {fmt(band.max_daily)} "
                       f"{drug.unit}/day at {label}: {band.advice}")
        elif band.action == "min_interval" and band.min_interval_h is not None:
            if st.frequency and st.frequency.interval_h and st.frequency.interval_h < band.min_interval_h:
                msg = (f"{drug.name} every {st.frequency.interval_h:g} h is too frequent at {label} (at least every "
                       f"{band.min_interval_h:g} h): {band.advice}")
        else:
            msg, sev = f"{drug.name} with {label}: {band.advice}", ("info" if band.action == "caution" else band.severity)
        return msg, sev


class WeightBasedRule(Rule):
    name = "weight_based"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        w = ctx.patient.weight_kg
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            per_kg_limits = [lim for lim in limits_for(drug, st, ctx.patient) if lim.max_single_per_kg or lim.max_daily_per_kg]
            if st.per_kg and not w:
                out.append(self.finding("info", [drug.name], f"{drug.name} is written per kg but no weight was found; "
                                        "record the weight to check the dose", st, ref(drug, "weight-based dosing")))
                continue
            if not per_kg_limits or not w:
                continue
            dose, n = absolute_dose(st, drug, ctx.patient), per_day(st)
            if dose is None:
                continue
            single = _lenient(per_kg_limits, "max_single_per_kg", per_kg_limits[0].population)
            if single and dose / w > single[0] * 1.0001:
                out.append(self.finding("critical" if dose / w >= 2 * single[0] else "warning", [drug.name],
                                        f"{drug.name} {fmt(dose)} {drug.unit} is {dose / w:.2g} {drug.unit}/kg for {w:.0f} kg, "
                                        f"above the maximum of {single[0]:g} {drug.unit}/kg per dose", st, ref(drug, single[1].reference)))
                continue
            daily = _lenient(per_kg_limits, "max_daily_per_kg", per_kg_limits[0].population)
            if daily and n is not None and dose * n / w > daily[0] * 1.0001:
                out.append(self.finding("warning", [drug.name],
                                        f"{drug.name} {fmt(dose * n)} {drug.unit}/day is {dose * n / w:.3g} {drug.unit}/kg/day for "
                                        f"{w:.0f} kg, above the maximum of {daily[0]:g} {drug.unit}/kg/day", st,
                                        ref(drug, daily[1].reference)))
        return out


class UnitRule(Rule):
    name = "unit"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if st.unit is None or st.dose is None or st.unit in ("tab", "puff", "patch", "mL") or st.product:
                continue
            dose = convert(st.dose, st.unit, drug.unit)
            if dose is None:
                out.append(self.finding("warning", [drug.name], f"{drug.name} written in {st.unit}, but it is dosed in "
                                        f"{drug.unit}; check the unit", st, ref(drug, "canonical unit")))
                continue
            usual = drug.usual_single_dose
            if usual and not st.per_kg and len(usual) == 2 and usual[1] > 0 and dose > 20 * usual[1]:
                out.append(self.finding("critical", [drug.name],
                                        f"{drug.name} {fmt(st.dose)} {st.unit} is {dose / usual[1]:,.0f} times the usual maximum "
                                        f"single dose of {fmt(usual[1])} {drug.unit}: likely unit error (mg/mcg/g?)", st,
                                        ref(drug, "usual single dose")))
        return out


class RouteRule(Rule):
    name = "route"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if st.route and st.route not in drug.routes:
                sev = "critical" if st.route in ("IT", "IV") and "PO" in drug.routes and len(drug.routes) == 1 else "warning"
                sev = "critical" if st.route == "IT" else sev
                out.append(self.finding(sev, [drug.name], f"{drug.name} by route {st.route} is not an approved route "
                                        f"(formulary routes: {', '.join(drug.routes)})", st, ref(drug, "routes")))
        return out


class InteractionRule(Rule):
    name = "interaction"

    def check(self, ctx: RuleContext) -> list[Finding]:
        by_drug: dict[str, MedStatement] = {}
        for st in ctx.statements:
            if st.drug not in by_drug or st.origin == "answer":
                by_drug[st.drug] = st
        names = sorted(by_drug)
        out, seen = [], set()
        for it in ctx.formulary.interactions:
            for a in names:
                if not ctx.formulary.matches(it.a, a):
                    continue
                for b in names:
                    if a == b or not ctx.formulary.matches(it.b, b) or frozenset((a, b)) in seen:
                        continue
                    seen.add(frozenset((a, b)))
                    st = by_drug[b] if by_drug[b].origin == "answer" or by_drug[a].origin != "answer" else by_drug[a]
                    out.append(self.finding(it.severity, sorted([a, b]), f"{a} + {b}: {it.effect} {it.action}".strip(),
                                            st, f"formulary interactions: {it.a} + {it.b} ({it.reference})"))
        return out


class DuplicateTherapyRule(Rule):
    name = "duplicate_therapy"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        groups: dict[str, dict[str, MedStatement]] = defaultdict(dict)
        same: dict[str, dict[str, MedStatement]] = defaultdict(dict)
        for st in ctx.statements:
            for g in ctx.formulary.drugs[st.drug].duplicate_groups:
                groups[g].setdefault(st.drug, st)
            same[st.drug].setdefault((st.product or st.name).lower(), st)
        for g, members in groups.items():
            if len(members) > 1:
                label = ctx.formulary.classes.get(g, {}).get("label", g.replace("_", " "))
                st = list(members.values())[-1]
                out.append(self.finding("warning", sorted(members), f"duplicate therapy: {' and '.join(sorted(members))} "
                                        f"are both {label}", st, f"formulary: duplicate group {g}"))
        for generic, written in same.items():
            if len(written) > 1 and any(s.product for s in written.values()):
                st = list(written.values())[-1]
                out.append(self.finding("warning", [generic], f"{generic} appears in more than one product "
                                        f"({', '.join(s.product or s.name for s in written.values())}); count the total daily dose",
                                        st, f"formulary: {generic}"))
        return out


class AllergyRule(Rule):
    name = "allergy"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for allergy in ctx.patient.allergies:
            generics, groups = allergen_terms(ctx.formulary, allergy.substance)
            for g in list(generics):
                groups |= set(ctx.formulary.drugs[g].allergy_groups)
            reaction = f" ({allergy.reaction})" if allergy.reaction else ""
            for st in ctx.statements:
                drug = ctx.formulary.drugs[st.drug]
                if st.drug in generics:
                    out.append(self.finding("critical", [drug.name], f"{drug.name} ordered despite a recorded allergy to "
                                            f"{allergy.substance}{reaction}", st, ref(drug, "allergy")))
                    continue
                shared = groups & set(drug.allergy_groups)
                if shared:
                    g = sorted(shared)[0]
                    out.append(self.finding("critical", [drug.name], f"{drug.name} is in the {g.replace('_', ' ')} group; "
                                            f"recorded allergy to {allergy.substance}{reaction}", st, ref(drug, "allergy group")))
                    continue
                for c in ctx.formulary.allergy_cross:
                    if c.allergy in groups and c.flags in drug.allergy_groups and c.allergy != c.flags:
                        out.append(self.finding(c.severity, [drug.name], f"{drug.name}: possible cross-sensitivity with the "
                                                f"recorded {allergy.substance} allergy{reaction}. {c.advice}".strip(), st,
                                                f"formulary: allergy cross-sensitivity {c.allergy} -> {c.flags} ({c.reference})"))
                        break
        return out


class UnknownDrugRule(Rule):
    name = "unknown_drug"
    PATTERN = re.compile(r"(?<![\w/-])([A-Za-z][A-Za-z\-]{3,})\s+(\d+(?:[.,]\d+)?)\s*(mg|mcg|g|units|mEq|mL)\b(?!\s*/\s*(?:dl|l|min|h|kg))",
                         re.IGNORECASE)
    STOP: ClassVar[frozenset[str]] = frozenset(
        "given take takes taking took total dose doses increase increased decrease decreased reduce reduced start started "
        "starting continue continued plus then daily with and from into over each every than about approximately approx "
        "maximum max minimum min target load loading bolus additional extra another further was were received receive "
        "glucose creatinine lactate potassium sodium magnesium calcium albumin protein bicarbonate chloride phosphate "
        "hemoglobin haemoglobin troponin bilirubin urine output intake fluid fluids saline bags bag rate once twice "
        "change changed titrate titrated repeat repeated weight weighs weighing dosed dosing needs needed upto "
        "thrice nightly weekly hourly every using usual typical single high higher lower low tablet tablets capsule "
        "capsules gram grams held hold holding stopped stop restart resumed resume only aims aim goal".split())

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not ctx.text:
            return []
        known = ctx.formulary.synonyms
        out, seen = [], set()
        for m in self.PATTERN.finditer(ctx.text):
            word = m.group(1)
            low = word.lower()
            if any(a <= m.start() < b for a, b in ctx.known_spans):
                continue
            if low in known or low in self.STOP or low in seen or low in ctx.formulary.product_names or word.isupper() and len(word) <= 4:
                continue
            seen.add(low)
            out.append(Finding(self.name, "info", [low], f"'{word}' with a dose of {m.group(2)} {m.group(3)} is not in the "
                               "formulary, so its dose was not checked", (m.start(), m.end()), ctx.origin,
                               "formulary: no entry"))
        return out


RULES: dict[str, type[Rule]] = {r.__name__: r for r in (MaxSingleDose, CriteriaDose, MaxDailyDose, FrequencyRule, RenalRule, WeightBasedRule,
                                                    UnitRule, RouteRule, InteractionRule, DuplicateTherapyRule, AllergyRule,
                                                    UnknownDrugRule)}
