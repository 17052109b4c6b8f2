"""Infusion rates: continuous infusions per hour (per kg per hour when the limit is), and intermittent doses
given "over N minutes" faster than they may run."""

from __future__ import annotations

from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    by_ratio,
    fmt,
    lenient,
    limits_for,
    ref,
)

ADMIN_RATE_TOLERANCE = 1.25


class InfusionRateRule(Rule):
    """Protects against infusion rates far above the usual: a per-minute dose read as per hour (dexmedetomidine
    0.5 mcg/kg/min is 30 mcg/kg/h, 20 times the maximum), 1 unit/kg/h of insulin for 0.1. Rates are compared per
    hour, per kg when the limit is per kg (which needs the weight)."""

    name = "max_rate"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if not st.per_hour and not st.infusion_h:
            return []
        rate = absolute_dose(st, drug, ctx.patient)
        lims = limits_for(drug, st, ctx.patient, ctx.text)
        if (
            not st.per_hour
        ):  # "40 mEq over 30 min" runs at 80 mEq/h; only administration-rate limits apply
            w = ctx.patient.weight_kg
            per_kg = lenient(
                [lim for lim in lims if lim.max_admin_rate_per_kg_h], "max_admin_rate_per_kg_h"
            )
            if rate is not None and st.infusion_h and per_kg and w:
                r = rate / st.infusion_h / w
                if r > per_kg[0] * ADMIN_RATE_TOLERANCE:
                    # "potassium chloride 20 mmol over 1 hour" for 14 kg: 1.4 mEq/kg/h, for at most 0.5
                    return [
                        self.finding(
                            by_ratio(r / per_kg[0], drug.critical_ratio),
                            [drug.name],
                            f"{drug.name} {fmt(rate)} {drug.unit} over {st.infusion_h * 60:.0f} min runs at "
                            f"{r:.2g} {drug.unit}/kg/h for {w:.3g} kg, faster than the maximum of "
                            f"{per_kg[0]:g} {drug.unit}/kg/h",
                            st,
                            ref(drug, per_kg[1].reference),
                        )
                    ]
            admin = lenient([lim for lim in lims if lim.max_admin_rate_h], "max_admin_rate_h")
            if (
                rate is None
                or not st.infusion_h
                or not admin
                or rate / st.infusion_h <= admin[0] * 1.0001
                or (
                    admin[1].admin_rate_exempt_upto is not None
                    and rate <= admin[1].admin_rate_exempt_upto * 1.0001
                )  # small emergency doses may run faster (magnesium 2 g over 5 min for torsades)
            ):
                return []
            r = rate / st.infusion_h
            over = r / admin[0]
            return [
                self.finding(
                    # within a quarter of the limit is how pumps and protocols round (2,250 mg over 2 h); say so
                    "info" if over < ADMIN_RATE_TOLERANCE else by_ratio(over, drug.critical_ratio),
                    [drug.name],
                    f"{drug.name} {fmt(rate)} {drug.unit} over {st.infusion_h * 60:.0f} min runs at {fmt(r)} "
                    f"{drug.unit}/h, faster than the maximum of {fmt(admin[0])} {drug.unit}/h",
                    st,
                    ref(drug, admin[1].reference),
                )
            ]
        w = ctx.patient.weight_kg
        if rate is None:
            return []
        per_kg = lenient([lim for lim in lims if lim.max_rate_per_kg_h], "max_rate_per_kg_h")
        if per_kg and w and rate / w > per_kg[0] * 1.05:
            ratio = rate / w / per_kg[0]
            return [
                self.finding(
                    by_ratio(ratio, drug.critical_ratio),
                    [drug.name],
                    f"{drug.name} {fmt(rate)} {drug.unit}/h is {rate / w:.3g} {drug.unit}/kg/h for {w:.3g} kg, "
                    f"above the maximum rate of {per_kg[0]:g} {drug.unit}/kg/h"
                    + (
                        f" ({ratio:.0f}x: a per-minute rate where per hour was meant?)"
                        if ratio >= 10
                        else ""
                    ),
                    st,
                    ref(drug, per_kg[1].reference),
                )
            ]
        absolute = lenient([lim for lim in lims if lim.max_rate_h], "max_rate_h")
        if absolute and rate > absolute[0] * 1.0001:
            return [
                self.finding(
                    by_ratio(rate / absolute[0], drug.critical_ratio),
                    [drug.name],
                    f"{drug.name} {fmt(rate)} {drug.unit}/h is above the maximum rate of {fmt(absolute[0])} "
                    f"{drug.unit}/h",
                    st,
                    ref(drug, absolute[1].reference),
                )
            ]
        return []


class PumpRateRule(Rule):
    """Protects against a pump programmed at a rate that does not deliver the ordered dose: "18 units/kg/h =
    1,620 units/h ... PUMP RATE: 324 mL/h" of a 50 units/mL bag delivers 16,200 units/h. The ordered rate and the
    rate worked out from the mL/h and the bag strength are compared; twice or half the order is critical. Titrated
    drugs are compared with the highest rate the order allows ("max 20 milliunits/min")."""

    name = "pump_rate"
    MISMATCH: float = 1.5

    def check(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        rates = [s for s in ctx.statements if s.per_hour and s.dose is not None and not s.loading]
        for pump in (s for s in rates if s.from_volume):
            drug = ctx.formulary.drugs[pump.drug]
            given = absolute_dose(pump, drug, ctx.patient)
            ordered = [
                a
                for s in rates
                if s.drug == pump.drug and not s.from_volume
                for a in (absolute_dose(s, drug, ctx.patient),)
                if a
            ]
            if not given or not ordered:
                continue
            top = max(ordered)
            ratio = given / top if given >= top else min(ordered) / given
            if ratio < self.MISMATCH:
                continue
            more = given >= top
            out.append(
                self.finding(
                    "critical" if ratio >= 2 else "warning",
                    [drug.name],
                    f"{drug.name} pump rate delivers {fmt(given)} {drug.unit}/h, {ratio:.1f} times "
                    f"{'more' if more else 'less'} than the ordered {fmt(top if more else min(ordered))} "
                    f"{drug.unit}/h: check the mL/h against the bag strength",
                    pump,
                    ref(drug, "ordered rate against programmed rate"),
                )
            )
        return out
