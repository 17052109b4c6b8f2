"""Units: impossible units, mg/mcg/g slips, insulin in mL, and 10-fold differences between two lists."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, fmt, order_line, ref, to_drug_unit

_LOAD = re.compile(r"(?i)\bload(?:ing)?\b|\bbolus\b")


class UnitRule(Rule):
    """Protects against a unit the drug is never dosed in, a dose more than 20 times the usual maximum (a
    mg-for-mcg or g-for-mg slip), insulin ordered in mL (units are required: a 100-fold risk), and the same drug
    written 10 times larger in one place than another ("4U" on the home list read as 40 units)."""

    name = "unit"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = super().check(ctx)
        out += self._tenfold(ctx)
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
        usual = drug.usual_single_dose
        if (
            usual
            and not st.per_kg
            and not st.per_hour  # a rate per hour is not a single dose; the rate rule checks it
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
                a.per_hour != b.per_hour
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
