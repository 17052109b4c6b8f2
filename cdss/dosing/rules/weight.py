"""Weight-based dosing: mg/kg against its limits, and the stated total against the weight it was worked from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug, Limit
from cdss.dosing.grammar import num
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    arithmetic_slip,
    by_ratio,
    fmt,
    lenient,
    limits_for,
    per_day,
    ref,
    titrated_opioid,
    to_drug_unit,
)

_CAP = re.compile(
    r"(?i)\b(?:max(?:imum)?\.?|capped|cap)\s*(?:of|at|to)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
)


class WeightBasedRule(Rule):
    """Protects against 10-fold slips in the arithmetic of weight-based orders, pounds used as kilograms, and
    mg/kg doses above their per-kg maxima (paediatric doses above all). A per-kg order with no weight cannot be
    checked and says so (see the not_checked rule)."""

    name = "weight_based"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        w = ctx.patient.weight_kg
        if not w:
            return self._per_kg_without_weight(st, drug, ctx)
        order = ctx.text[st.span[0] : st.span[1]]
        if titrated_opioid(st, drug, ctx.patient) and not st.per_kg:
            return []  # a child's opioid titrated on an existing regimen: no naive per-kg ceiling
        mismatch = self._arithmetic(st, drug, w, order)
        ideal = ctx.patient.ideal_weight_kg
        if (
            mismatch and ideal and ctx.patient.obese
        ):  # worked from ideal or adjusted weight, as obesity needs
            if any(
                self._arithmetic(st, drug, x, order) is None
                for x in (ideal, ideal + 0.4 * (w - ideal))
            ):
                mismatch = None
        if mismatch:
            return [mismatch]
        lims = limits_for(drug, st, ctx.patient, ctx.text)
        if st.per_hour:
            return []  # an infusion rate, not a dose: judged against the rate limits (InfusionRateRule)
        per_kg_limits = [lim for lim in lims if lim.max_single_per_kg or lim.max_daily_per_kg]
        if not per_kg_limits:
            return []
        dose, n = absolute_dose(st, drug, ctx.patient), per_day(st)
        if dose is None:
            return []
        obese = self._obesity(st, drug, ctx, per_kg_limits, dose)
        if obese:
            return obese
        single = dose / w if not st.total_only else None
        daily = dose * n / w if n is not None and not st.loading else None
        return self._over_limits(
            st,
            drug,
            per_kg_limits,
            single,
            daily,
            lambda lim: (
                f"{drug.name} {fmt(dose)} {drug.unit} is {dose / w:.3g} {drug.unit}/kg for {w:.3g} kg, "
                f"above the maximum of {lim:g} {drug.unit}/kg per dose"
            ),
            lambda lim: (
                f"{drug.name} {fmt(dose * n)} {drug.unit}/day is {dose * n / w:.3g} {drug.unit}/kg/day for "  # type: ignore[operator]
                f"{w:.3g} kg, above the maximum of {lim:g} {drug.unit}/kg/day"
            ),
        )

    def _obesity(
        self, st: MedStatement, drug: Drug, ctx: RuleContext, lims: list[Limit], dose: float
    ) -> list[Finding]:
        """An obese patient dosed on actual weight where the label doses on ideal (or adjusted) weight: IV
        acyclovir 10 mg/kg on 132 kg is 19 mg/kg of a 70 kg ideal weight, and nephrotoxic. A bare "10 mg/kg"
        with no total is left to the pharmacy's choice of weight."""
        p = ctx.patient
        ideal, w = p.ideal_weight_kg, p.weight_kg
        if not drug.obesity_dosing_weight or not p.obese or not ideal or not w or st.loading:
            return []
        if st.per_kg and st.stated_dose is None:
            return []
        basis = ideal if drug.obesity_dosing_weight == "ideal" else ideal + 0.4 * (w - ideal)
        name = "ideal" if drug.obesity_dosing_weight == "ideal" else "adjusted"
        limit = lenient(lims, "max_single_per_kg")
        if not limit or dose / basis <= limit[0] * 1.05:
            return []
        return [
            self.finding(
                "warning",
                [drug.name],
                f"{drug.name} {fmt(dose)} {drug.unit} is {dose / basis:.3g} {drug.unit}/kg of the {name} body "
                f"weight ({basis:.0f} kg; actual {w:.0f} kg), above the maximum of {limit[0]:g} "
                f"{drug.unit}/kg: in obesity dose on {name} body weight",
                st,
                ref(drug, limit[1].reference),
            )
        ]

    def _per_kg_without_weight(
        self, st: MedStatement, drug: Drug, ctx: RuleContext
    ) -> list[Finding]:
        """A guideline or an answer states mg/kg for no one in particular: the per-kg figure itself can still be
        far above its maximum ("gentamicin 70 mg/kg"), and no weight is needed to see it."""
        if ctx.origin != "answer" or not st.per_kg or st.per_hour or st.dose is None:
            return []
        per_kg = to_drug_unit(st.dose, st.unit, drug)
        lims = [
            lim
            for lim in limits_for(drug, st, ctx.patient, ctx.text)
            if lim.max_single_per_kg or lim.max_daily_per_kg
        ]
        if per_kg is None or not lims:
            return []
        n = per_day(st)
        # a loading dose or an infusion has no daily count to multiply by
        steady = (
            n is not None
            and not st.loading
            and not (st.frequency and st.frequency.code == "continuous")
        )
        daily = per_kg if st.per_kg_day else (per_kg * n if steady and n is not None else None)
        return self._over_limits(
            st,
            drug,
            lims,
            None if st.per_kg_day else per_kg,
            daily,
            lambda lim: (
                f"{drug.name} {per_kg:g} {drug.unit}/kg per dose is above the maximum of {lim:g} {drug.unit}/kg"
            ),
            lambda lim: (
                f"{drug.name} {daily:.3g} {drug.unit}/kg/day is above the maximum of {lim:g} {drug.unit}/kg/day"
            ),
        )

    def _over_limits(
        self,
        st: MedStatement,
        drug: Drug,
        lims: list[Limit],
        single: float | None,
        daily: float | None,
        single_msg: Callable[[float], str],
        daily_msg: Callable[[float], str],
    ) -> list[Finding]:
        """The one comparison of per-kg doses with their limits, with 5% tolerance for weights and roundings:
        the per-dose figure first, then the daily one."""
        for value, field, message in (
            (single, "max_single_per_kg", single_msg),
            (daily, "max_daily_per_kg", daily_msg),
        ):
            limit = lenient(lims, field) if value is not None else None
            if limit and value is not None and value > limit[0] * 1.05:
                return [
                    self.finding(
                        by_ratio(value / limit[0], drug.critical_ratio),
                        [drug.name],
                        message(limit[0]),
                        st,
                        ref(drug, limit[1].reference),
                    )
                ]
        return []

    def _arithmetic(
        self, st: MedStatement, drug: Drug, w: float, order: str = ""
    ) -> Finding | None:
        """'15 mg/kg = 7,500 mg' for 50 kg is 10 times 750 mg; '(15 mg/kg)' beside 2,400 mg for 80 kg is 30 mg/kg.
        A cap written with the per-kg dose ("12 units/kg/h, max 1,000 units/h") explains a lower stated dose."""
        if st.per_kg and st.stated_dose is not None and st.dose is not None:
            per_kg = to_drug_unit(st.dose, st.unit, drug)
            stated = to_drug_unit(st.stated_dose, st.stated_unit, drug)
            if per_kg is None or stated is None:
                return None
            n = st.frequency.per_day if st.per_kg_day and st.frequency else None
            expected = per_kg * w / (n if st.per_kg_day and n else 1)
            if st.per_kg_day and not n:
                return None
        elif st.written_per_kg is not None and st.dose is not None:
            stated = to_drug_unit(st.dose, st.unit, drug)
            written = to_drug_unit(
                st.written_per_kg, st.unit, drug
            )  # in the dose's unit, as the dose
            if stated is None or written is None:
                return None
            expected = written * w
        else:
            return None
        ratio = stated / expected if expected else 0
        if 0.85 <= ratio <= 1.15:
            return None
        cap = _CAP.search(order)
        if ratio < 1 and cap and abs(num(cap.group(1)) - stated) <= 0.01 * num(cap.group(1)):
            return None  # the stated dose is the cap itself
        sev, why = arithmetic_slip(ratio, "weight-based", pounds=True)
        return self.finding(
            sev,
            [drug.name],
            f"{drug.name}: the stated dose {fmt(stated)} {drug.unit} does not match "
            f"{fmt(expected)} {drug.unit} worked from the weight ({w:.1f} kg); it is {why}",
            st,
            ref(drug, "weight-based dose arithmetic"),
        )
