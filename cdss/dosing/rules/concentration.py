"""Concentrations: the strength of a solution against the maximum for the patient and the use (flushes)."""

from __future__ import annotations

from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, by_ratio, fmt, populations, ref


class ConcentrationRule(Rule):
    """Protects against the wrong vial: heparin 1,000 or 10,000 units/mL used to flush a neonate's line where
    10 units/mL is the strength (the error that has killed infants)."""

    name = "concentration"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if st.concentration is None or not drug.concentration_limits:
            return []
        age = ctx.patient.age_years
        pops = populations(ctx.patient)
        for lim in drug.concentration_limits:
            if lim.population not in pops or (lim.context == "flush" and not st.flush):
                continue
            if lim.age_max_years is not None and (age is None or age >= lim.age_max_years):
                continue
            if lim.age_min_years is not None and (age is None or age < lim.age_min_years):
                continue
            if st.concentration_unit != lim.unit:
                continue
            if lim.routes and st.route and st.route not in lim.routes:
                continue
            if st.concentration > lim.max_per_mL * 1.0001:
                ratio = st.concentration / lim.max_per_mL
                what = f"{lim.context} " if lim.context else ""
                return [
                    self.finding(
                        by_ratio(ratio),
                        [drug.name],
                        f"{drug.name} {fmt(st.concentration)} {lim.unit}/mL "
                        f"{what}is {ratio:,.0f} times the maximum {what}concentration of "
                        f"{fmt(lim.max_per_mL)} {lim.unit}/mL for this patient",
                        st,
                        ref(drug, lim.reference),
                    )
                ]
        return []
