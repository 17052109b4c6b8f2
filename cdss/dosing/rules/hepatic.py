"""Hepatic limits: caps and avoid-lists in cirrhosis, Child-Pugh B/C and chronic heavy alcohol use."""

from __future__ import annotations

from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, absolute_dose, daily_dose, fmt, ref

_COVERS = {
    "any": {"any", "child_pugh_b", "child_pugh_c"},
    "child_pugh_b": {"child_pugh_b", "child_pugh_c"},
    "child_pugh_c": {"child_pugh_c"},
}
_LABEL = {
    "any": "liver disease or heavy alcohol use",
    "child_pugh_b": "Child-Pugh B",
    "child_pugh_c": "severe liver disease (Child-Pugh C or liver failure)",
}


class HepaticRule(Rule):
    """Protects against doses the liver cannot clear (acetaminophen above 2 g/day in cirrhosis or heavy alcohol
    use, valproate in hepatic disease). The most specific band that covers the patient's state applies."""

    name = "hepatic"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        state = ctx.patient.hepatic
        if not state or not drug.hepatic_bands:
            return []
        bands = [b for b in drug.hepatic_bands if state in _COVERS[b.when]]
        order = {"child_pugh_c": 0, "child_pugh_b": 1, "any": 2}
        for band in sorted(bands, key=lambda b: order[b.when]):
            label = _LABEL[state]
            if band.action == "avoid":
                return [
                    self.finding(
                        band.severity,
                        [drug.name],
                        f"{drug.name} with {label}: {band.advice}",
                        st,
                        ref(drug, band.reference),
                    )
                ]
            if band.action == "max_daily" and band.max_daily is not None:
                # every active order of the drug counts (Tylenol + Norco), reported once, on the last of them
                same = [s for s in ctx.statements if s.drug == st.drug and not s.loading]
                if same and same[-1] is not st:
                    return []
                days = [
                    d for s in same for d in (daily_dose(s, drug, ctx.patient),) if d is not None
                ]
                daily = sum(days) if days else None
                if daily is not None and daily > band.max_daily * 1.0001:
                    ratio = daily / band.max_daily
                    sev = band.severity
                    if sev == "warning" and ratio >= drug.critical_ratio:
                        sev = "critical"
                    return [
                        self.finding(
                            sev,
                            [drug.name],
                            f"{drug.name} {fmt(daily)} {drug.unit}/day exceeds "
                            f"{fmt(band.max_daily)} {drug.unit}/day, the maximum with {label}: {band.advice}",
                            st,
                            ref(drug, band.reference),
                        )
                    ]
            if (
                band.action == "max_single"
                and band.max_single_per_kg is not None
                and not st.loading
            ):
                dose, w = absolute_dose(st, drug, ctx.patient), ctx.patient.weight_kg
                if dose is not None and w and dose / w > band.max_single_per_kg * 1.05:
                    return [
                        self.finding(
                            band.severity,
                            [drug.name],
                            f"{drug.name} {fmt(dose)} {drug.unit} is "
                            f"{dose / w:.3g} {drug.unit}/kg per dose, above {band.max_single_per_kg:g} "
                            f"{drug.unit}/kg with {label}: {band.advice}",
                            st,
                            ref(drug, band.reference),
                        )
                    ]
            if band.action == "max_single" and band.max_single is not None and not st.loading:
                dose = absolute_dose(st, drug, ctx.patient)
                if dose is not None and dose > band.max_single * 1.0001:
                    return [
                        self.finding(
                            band.severity,
                            [drug.name],
                            f"{drug.name} {fmt(dose)} {drug.unit} per dose "
                            f"exceeds {fmt(band.max_single)} {drug.unit}, the maximum with {label}: "
                            f"{band.advice}",
                            st,
                            ref(drug, band.reference),
                        )
                    ]
            if band.action == "caution":
                return [
                    self.finding(
                        "info",
                        [drug.name],
                        f"{drug.name} with {label}: {band.advice}",
                        st,
                        ref(drug, band.reference),
                    )
                ]
        return []
