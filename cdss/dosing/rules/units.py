"""Units: impossible units, mg/mcg/g slips, insulin in mL, and 10-fold differences between two lists."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.grammar import num
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    fmt,
    order_line,
    ref,
    to_drug_unit,
)

_LOAD = re.compile(r"(?i)\bload(?:ing)?\b|\bbolus\b")
# "increase by 2 units", "reduce by 10%" is not read (a percent has no unit), "go up 4 units"
_STEP = re.compile(
    r"(?i)\b(increase|up-?titrate|titrate up|go up|raise|decrease|reduce|lower|cut|down-?titrate)\w*\s+"
    r"(?:the\s+dose\s+)?(?:by\s+)?(\d+(?:\.\d+)?)\s*(units?|u|mg|mcg)\b"
)
_STEP_UNIT = {"unit": "units", "units": "units", "u": "units", "mg": "mg", "mcg": "mcg"}


class UnitRule(Rule):
    """Protects against a unit the drug is never dosed in, a dose more than 20 times the usual maximum (a
    mg-for-mcg or g-for-mg slip) or, written in the smaller unit, 50 times below the usual minimum, insulin ordered in mL (units are required: a 100-fold risk), and the same drug
    written 10 times larger in one place than another ("4U" on the home list read as 40 units)."""

    name = "unit"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = super().check(ctx)
        out += self._tenfold(ctx)
        out += self._increment(ctx)
        return out

    def _increment(self, ctx: RuleContext) -> list[Finding]:
        """ "Levemir 12 units nocte. Plan: increase by 2 units -> Levemir 140 units": the change written as a step
        from the current dose, and a new dose that does not follow from it (a slipped zero)."""
        out: list[Finding] = []
        previous: dict[str, MedStatement] = {}
        for st in ctx.all_statements:
            before = previous.get(st.drug)
            if (
                st.dose
                and st.unit
                and before is not None
                and before.dose
                and before.unit == st.unit
                and 0
                <= st.span[0] - before.span[1]
                <= 300  # a step is written next to the dose it changes
            ):
                between = ctx.text[before.span[1] : st.span[0]]
                step = _STEP.search(between)
                if (
                    step
                    and num(step.group(2)) > 0
                    and _STEP_UNIT.get(step.group(3).lower()) == st.unit
                ):
                    sign = (
                        -1
                        if step.group(1).lower().startswith(("de", "re", "down", "low", "cut"))
                        else 1
                    )
                    expected = before.dose + sign * num(step.group(2))
                    ratio = st.dose / expected if expected > 0 else 0
                    if ratio >= 1.5 or 0 < ratio <= 0.5:
                        drug = ctx.formulary.drugs[st.drug]
                        out.append(
                            self.finding(
                                "critical" if ratio >= 5 or ratio <= 0.2 else "warning",
                                [drug.name],
                                f"{drug.name}: {fmt(before.dose)} {st.unit} changed by {step.group(0).strip()} "
                                f"should be {fmt(expected)} {st.unit}, but {fmt(st.dose)} {st.unit} is written "
                                f"({ratio:.2g} times that: a slipped zero or decimal?); confirm the intended dose",
                                st,
                                ref(drug, "dose-change arithmetic"),
                            )
                        )
            if st.dose and st.unit:
                previous[st.drug] = st
        return out

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if st.unit == "mL" and drug.ml_order_unsafe and st.dose is not None:
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} ordered as {fmt(st.dose)} mL; it must be ordered "
                    f"in {drug.unit} (a volume order risks a many-fold overdose)",
                    st,
                    ref(drug, "canonical unit"),
                )
            ]
        if (
            st.unit is None
            or st.dose is None
            or st.unit in ("tab", "puff", "patch", "mL")
            or st.product
        ):
            return []
        if (
            st.previous_dose
            and st.dose / st.previous_dose >= 5
            and "insulin" in drug.classes
            and abs(st.dose / st.previous_dose - 10) >= 0.01
        ):  # "increase glargine from 12 units to 140 units": no insulin titration multiplies the dose
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} changed from {fmt(st.previous_dose)} to {fmt(st.dose)} {st.unit}: "
                    f"{st.dose / st.previous_dose:.0f} times the dose (insulin is titrated by 10-20% or 2-4 units "
                    "at a time); a slipped zero?",
                    st,
                    ref(drug, "10-fold check"),
                )
            ]
        if st.previous_dose and abs(st.dose / st.previous_dose - 10) < 0.01:
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} changed from {fmt(st.previous_dose)} to "
                    f"{fmt(st.dose)} {st.unit}: a 10-fold increase (a misplaced decimal or an extra zero?); "
                    "confirm the intended dose",
                    st,
                    ref(drug, "10-fold check"),
                )
            ]
        dose = to_drug_unit(st.dose, st.unit, drug)
        if dose is None and {st.unit, drug.unit} == {"mmol", "mEq"}:
            return [
                self.finding(
                    "info",
                    [drug.name],
                    f"{drug.name} written in {st.unit}, but the formulary doses it in "
                    f"{drug.unit}; the dose was not checked",
                    st,
                    ref(drug, "canonical unit"),
                    ["dose in " + drug.unit],
                )
            ]
        if dose is None:
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} written in {st.unit}, but it is dosed in "
                    f"{drug.unit}; check the unit",
                    st,
                    ref(drug, "canonical unit"),
                )
            ]
        # intravitreal and intrathecal doses are checked by their own route limits, not by the systemic usual dose
        own_route = st.route in ("IVIT", "IT") and any(lim.route == st.route for lim in drug.limits)
        usual = None if own_route else drug.usual_single_dose
        if (
            usual
            and not st.per_kg
            and not st.per_hour  # a rate per hour is not a single dose; the rate rule checks it
            # a dose by body surface area ("methotrexate 5 g/m2 = 4.8 g" in an ALL protocol) is a protocol dose,
            # not the usual (low-dose) range written in the wrong unit
            and not st.per_m2
            and not ctx.per_m2
            and len(usual) == 2
            and usual[1] > 0
            and dose > 20 * usual[1]
        ):
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} {fmt(st.dose)} {st.unit} is {dose / usual[1]:,.0f} times the usual maximum "
                    f"single dose of {fmt(usual[1])} {drug.unit}: likely unit error (mg/mcg/g?)",
                    st,
                    ref(drug, "usual single dose"),
                )
            ]
        if (
            usual
            and not st.per_kg
            and not st.per_hour
            and len(usual) == 2
            and st.unit != drug.unit
            and (st.unit, drug.unit) in (("mcg", "mg"), ("mg", "g"))
            and dose * 50 < usual[0]
        ):  # "phytonadione 10 mcg IV" for 10 mg: the smaller unit written, a 1,000-fold underdose
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} {fmt(st.dose)} {st.unit} is {usual[0] / dose:,.0f} times below the usual "
                    f"minimum single dose of {fmt(usual[0])} {drug.unit}: likely unit error ({st.unit} written "
                    f"for {drug.unit}?)",
                    st,
                    ref(drug, "usual single dose"),
                )
            ]
        return []

    def _tenfold(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        seen: set[str] = set()
        earlier: dict[
            tuple[str, str, float], MedStatement
        ] = {}  # (drug, unit, dose) -> first statement (linear)
        for b in ctx.all_statements:
            if not b.dose or not b.unit or b.per_kg or b.status == "allergy" or b.ceiling:
                continue
            a = earlier.get((b.drug, b.unit, round(b.dose / 10, 6))) or earlier.get(
                (b.drug, b.unit, round(b.dose * 10, 6))
            )
            if not b.change:
                earlier.setdefault((b.drug, b.unit, round(b.dose, 6)), b)
            if a is not None and (
                (
                    a.route and b.route and a.route != b.route
                )  # "4 mg intranasal ... then 0.4 mg IV increments"
                or a.per_hour != b.per_hour
                or a.loading
                or b.loading
                or _LOAD.search(order_line(ctx.text, a))
                or _LOAD.search(order_line(ctx.text, b))
            ):
                # "80 mg IV bolus, then 8 mg/h", "60 mg IV x1 (20 mg/kg load) / then 6 mg q12h": a load and its
                # maintenance, not a slip
                a = None
            if a is not None and b.active and b.drug not in seen:
                drug = ctx.formulary.drugs[a.drug]
                seen.add(a.drug)
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} is written as {fmt(a.dose or 0)} {a.unit} "
                        f"and as {fmt(b.dose)} {b.unit}: exactly 10 times apart (a 'U' or a trailing "
                        "zero misread?); confirm the intended dose",
                        b,
                        ref(drug, "10-fold check"),
                    )
                )
        return out
