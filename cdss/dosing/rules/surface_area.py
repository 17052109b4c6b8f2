"""Doses by body surface area: the stated total against the BSA it was worked from, mg/m2 against its limits,
and the intensity of a schedule (mg/m2 in one cycle).

Chemotherapy is dosed in mg/m2, and its lethal errors are of three kinds: a decimal slip in the arithmetic
("50 mg/m2 = 840 mg" for 1.69 m2), a per-cycle dose written per day or per week ("cisplatin 100 mg/m2 weekly"),
and a per-m2 figure above anything licensed. Each is caught here; limits come from the formulary
(`max_single_per_m2`, `max_cycle_per_m2` over `cycle_days`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug, Limit
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    arithmetic_slip,
    by_ratio,
    fmt,
    limits_for,
    order_line,
    ref,
    to_drug_unit,
)

# a written cap or a deliberate reduction explains a total below per-m2 x BSA ("1.4 mg/m2 (max 2 mg)", "75% dose")
_LOWER_ON_PURPOSE = re.compile(
    r"(?i)\bmax(?:imum)?\b|\bcap(?:ped)?\b|\d\s*%|\breduc\w*|\bdose[- ]band\w*"
)


_PER_M2_DAY = re.compile(r"(?i)/\s*m(?:2|²)\s*/\s*(?:day|d|24\s*h)\b")


class BodySurfaceAreaRule(Rule):
    """Protects against 10-fold slips in mg/m2 arithmetic, per-cycle doses repeated weekly or daily, and mg/m2
    doses above their licensed maximum. Without a BSA (written, or height and weight) the arithmetic cannot be
    checked; the per-m2 limits still can."""

    name = "body_surface_area"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        bsa = ctx.patient.surface_area
        mismatch = self._arithmetic(st, drug, bsa, order_line(ctx.text, st)) if bsa else None
        if mismatch:
            return [mismatch]
        per_m2 = self._per_m2(st, drug, bsa)
        if per_m2 is None:
            return []
        lims = [
            lim
            for lim in limits_for(drug, st, ctx.patient, ctx.text)
            if lim.max_single_per_m2 or lim.max_cycle_per_m2
        ]
        return self._single(st, drug, per_m2, lims) or self._cycle(st, drug, per_m2, lims)

    @staticmethod
    def _per_m2(st: MedStatement, drug: Drug, bsa: float | None) -> float | None:
        """The dose per m2: as written, else the absolute dose over the BSA."""
        if st.per_hour or st.per_kg:
            return None
        if st.per_m2:
            return to_drug_unit(st.dose, st.unit, drug)
        dose = to_drug_unit(st.dose, st.unit, drug)
        return dose / bsa if dose is not None and bsa else None

    def _arithmetic(self, st: MedStatement, drug: Drug, bsa: float, order: str) -> Finding | None:
        """'Methotrexate 50 mg/m2 = 840 mg' for 1.69 m2 is ten times 84 mg."""
        if not st.per_m2 or st.stated_dose is None or st.dose is None:
            return None
        per_m2 = to_drug_unit(st.dose, st.unit, drug)
        stated = to_drug_unit(st.stated_dose, st.stated_unit, drug)
        if per_m2 is None or stated is None or per_m2 <= 0:
            return None
        expected = per_m2 * bsa
        n = st.frequency.per_day if st.frequency else None
        if (
            _PER_M2_DAY.search(order)
            and n
            and n > 1
            and abs(stated / (expected / n) - 1) < abs(stated / expected - 1)
        ):
            expected /= n  # "6 mg/m2/day = 2 mg PO BD": the daily amount split into its doses
        ratio = stated / expected
        if 0.85 <= ratio <= 1.15 or (
            ratio < 1 and (ratio > 0.5 or _LOWER_ON_PURPOSE.search(order))
        ):
            return None
        sev, why = arithmetic_slip(ratio, "BSA-based", drug.critical_ratio)
        return self.finding(
            sev,
            [drug.name],
            f"{drug.name}: the stated dose {fmt(stated)} {drug.unit} does not match {fmt(expected)} {drug.unit} "
            f"worked from {fmt(per_m2)} {drug.unit}/m2 and the body surface area ({bsa:.2f} m2); it is {why}",
            st,
            ref(drug, "body-surface-area dose arithmetic"),
        )

    def _single(
        self, st: MedStatement, drug: Drug, per_m2: float, lims: list[Limit]
    ) -> list[Finding]:
        for lim in lims:
            top = lim.max_single_per_m2
            if top and per_m2 > top * 1.05:
                return [
                    self.finding(
                        by_ratio(per_m2 / top, drug.critical_ratio),
                        [drug.name],
                        f"{drug.name} {fmt(per_m2)} {drug.unit}/m2 per dose is above the maximum of {fmt(top)} "
                        f"{drug.unit}/m2",
                        st,
                        ref(drug, lim.reference),
                    )
                ]
        return []

    def _cycle(
        self, st: MedStatement, drug: Drug, per_m2: float, lims: list[Limit]
    ) -> list[Finding]:
        """The mg/m2 given in one cycle: the doses that fall inside `cycle_days` at the written interval, no more
        than the written duration allows."""
        f = st.frequency
        if f is None or f.prn or not f.interval_h or st.loading:
            return []
        if f.code == "daily total" and st.infusion_h:
            return []  # "100 mg/m2 IV over 24 h": one infusion lasting a day, not a dose repeated daily
        for lim in lims:
            if not lim.max_cycle_per_m2 or not lim.cycle_days:
                continue
            doses = math.ceil(lim.cycle_days * 24 / f.interval_h - 1e-9)
            if st.duration_days:
                doses = min(doses, max(1, round(st.duration_days * 24 / f.interval_h)))
            total = per_m2 * doses
            every = f.code if f.code in ("daily", "weekly") else f"every {fmt(f.interval_h)} h"
            if total > lim.max_cycle_per_m2 * 1.05:
                return [
                    self.finding(
                        by_ratio(total / lim.max_cycle_per_m2, drug.critical_ratio),
                        [drug.name],
                        f"{drug.name} {fmt(per_m2)} {drug.unit}/m2 {every} is {fmt(total)} "
                        f"{drug.unit}/m2 in {lim.cycle_days} days, above the most intense standard schedule "
                        f"({fmt(lim.max_cycle_per_m2)} {drug.unit}/m2 in {lim.cycle_days} days): a per-cycle "
                        "dose repeated weekly or daily?",
                        st,
                        ref(drug, lim.reference),
                    )
                ]
        return []
