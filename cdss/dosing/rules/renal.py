"""Renal dosing bands: caps, minimum intervals and avoid-lists by CrCl or eGFR, and dialysis as the lowest band."""

from __future__ import annotations

import re

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug, RenalBand
from cdss.dosing.rules.base import (
    STARTING,
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    daily_dose,
    fmt,
    ref,
)
from cdss.dosing.severity import Severity

# a daily dose this many times the band's maximum accumulates to toxicity (gabapentin 1,800 mg/day on HD)
CRITICAL_MULTIPLE = 3.0
# an interval this many times shorter than the band's minimum gives that multiple of the safe exposure
FAR_TOO_FREQUENT = 4.0


def _rate_per_kg_h(ctx: RuleContext, st: MedStatement, drug: Drug) -> float | None:
    """An infusion's rate per kg per hour in the drug's unit, when the weight is known or the order is per kg."""
    if not st.per_hour or st.dose is None or st.unit != drug.unit:
        return None
    if st.per_kg:
        return st.dose
    w = ctx.patient.weight_kg
    return st.dose / w if w else None


_EXTENDED = re.compile(
    r"(?i)\bEI\b|\bEIAG\b|extended[- ]interval|once[- ]daily\s+(?:dosing|aminoglycoside|gent\w*|tobra\w*)|\bODA\b|"
    r"hartford|pulse[- ]dos\w*"
)


def _extended_interval(ctx: RuleContext, st: MedStatement, drug: Drug) -> bool:
    """An aminoglycoside order is extended-interval when it says so or its dose is 4 mg/kg or more: such doses
    need a longer interval in renal impairment than conventional 1-2.5 mg/kg doses (Hartford nomogram)."""
    if drug.extended_interval_from_per_kg is None:
        return False
    line_start = ctx.text.rfind("\n", 0, st.span[0]) + 1
    if _EXTENDED.search(ctx.text[line_start : st.span[1]]):
        return True
    dose = absolute_dose(st, drug, ctx.patient)
    w = ctx.patient.weight_kg
    per_kg = st.dose if st.per_kg and st.unit == drug.unit else (dose / w if dose and w else None)
    return per_kg is not None and per_kg >= drug.extended_interval_from_per_kg * 0.97


class RenalRule(Rule):
    """Protects against doses that accumulate when the kidneys cannot clear them. The lowest band the patient's
    CrCl/eGFR falls below applies; haemodialysis, peritoneal dialysis, ESRD and anuria select the lowest band;
    CRRT uses a band written for CRRT, else the lowest band reported as information (CRRT dosing depends on the
    effluent rate)."""

    name = "renal"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        seen: set[str] = set()
        crrt = ctx.patient.dialysis == "CRRT"
        # a dosed order is judged before a bare mention of the same drug ("capecitabine monotherapy" above it)
        for st in sorted(ctx.statements, key=lambda s: s.dose is None):
            drug = ctx.formulary.drugs[st.drug]
            if drug.name in seen or not drug.renal or st.loading or st.route == "IP":
                continue  # intraperitoneal antibiotics are dosed for PD already (ISPD 2022), not by CrCl
            hits: list[tuple[RenalBand, str]] = []
            if crrt and any(b.crrt for b in drug.renal):
                hits = [(b, "CRRT") for b in drug.renal if b.crrt]
            else:
                for band in drug.renal:
                    if band.crrt or (band.route and st.route and band.route != st.route):
                        continue
                    value, label = ctx.patient.renal(band.measure)
                    if value is not None and value < band.below:
                        hits.append((band, label))
            if not hits:
                continue
            start_hit = self._start(ctx, st, drug, hits)
            if start_hit:
                seen.add(drug.name)
                out.append(start_hit)
                continue
            lowest = min(h[0].below for h in hits)
            for band, label in [
                h for h in hits if h[0].below == lowest
            ]:  # bands at one cut-off are all checked
                msg, sev = self._band(
                    drug,
                    band,
                    label,
                    st,
                    daily_dose(st, drug, ctx.patient),
                    _extended_interval(ctx, st, drug),
                    ctx.patient.surface_area,
                )
                rate = _rate_per_kg_h(ctx, st, drug)
                if band.max_rate_per_kg_h is not None and rate is not None:
                    over = rate > band.max_rate_per_kg_h * 1.05
                    sev = band.severity if over else "info"
                    msg = (
                        f"{drug.name} at {fmt(rate / 60)} {drug.unit}/kg/min with {label}"
                        + (
                            f" is above the renal maximum of {fmt(band.max_rate_per_kg_h / 60)} {drug.unit}/kg/min"
                            if over
                            else ""
                        )
                        + f": {band.advice}"
                    )
                elif band.max_rate_per_kg_h is not None:
                    sev = "info"
                if band.action == "reduce" and sev != "info" and not st.per_m2:
                    dose = absolute_dose(st, drug, ctx.patient)
                    msg = f"{msg} ({fmt(dose or 0)} {drug.unit} per dose is above the usual adult dose)"
                if msg:
                    if crrt and not band.crrt:
                        sev, msg = (
                            Severity.INFO,
                            msg
                            + " (patient on CRRT: dose by effluent rate; no CRRT band in the formulary)",
                        )
                    seen.add(drug.name)
                    out.append(self.finding(sev, [drug.name], msg, st, ref(drug, band.reference)))
                    break
        return out

    def _start(
        self, ctx: RuleContext, st: MedStatement, drug: Drug, hits: list[tuple[RenalBand, str]]
    ) -> Finding | None:
        """A first order above the band's starting dose ("start allopurinol 300 mg" in CKD 4); titration may go higher."""
        banded = [h for h in hits if h[0].start_max_daily is not None]
        if not banded:
            return None
        line_start = ctx.text.rfind("\n", 0, st.span[0]) + 1
        if not STARTING.search(ctx.text[max(line_start, st.span[0] - 40) : st.span[0]]):
            return None
        band, label = min(banded, key=lambda h: h[0].below)
        daily = daily_dose(st, drug, ctx.patient)
        cap = band.start_max_daily or 0.0
        if daily is None or daily <= cap * 1.0001:
            return None
        return self.finding(
            Severity.WARNING,
            [drug.name],
            f"{drug.name} started at {fmt(daily)} {drug.unit}/day with {label}: "
            f"start at no more than {fmt(cap)} {drug.unit}/day. {band.advice}",
            st,
            ref(drug, band.reference),
        )

    @staticmethod
    def _band(
        drug: Drug,
        band: RenalBand,
        label: str,
        st: MedStatement,
        daily: float | None,
        extended: bool = False,
        bsa: float | None = None,
    ) -> tuple[str | None, str]:
        msg, sev = None, band.severity
        if band.action == "avoid":
            msg = f"{drug.name} with {label}: {band.advice}"
        elif band.action == "max_daily" and band.max_daily is not None:
            if daily is not None and daily > band.max_daily * 1.0001:
                if daily >= band.max_daily * CRITICAL_MULTIPLE:
                    sev = "critical"  # gabapentin 1,800 mg/day on haemodialysis (300 mg/day): toxicity
                msg = (
                    f"{drug.name} {fmt(daily)} {drug.unit}/day exceeds the renal maximum of {fmt(band.max_daily)} "
                    f"{drug.unit}/day at {label}: {band.advice}"
                )
        elif band.action == "min_interval" and band.min_interval_h is not None:
            f = st.frequency
            need = band.min_interval_h
            if extended and band.ei_min_interval_h:
                need = max(need, band.ei_min_interval_h)
            if f and f.interval_h and f.interval_h < need and f.code != "once":
                if f.interval_h * FAR_TOO_FREQUENT <= need:
                    sev = "critical"  # vancomycin q12h in an anuric patient on HD (every 48 h or by levels)
                kind = "extended-interval dosing " if need > band.min_interval_h else ""
                msg = (
                    f"{drug.name} {kind}every {f.interval_h:g} h is too frequent at {label} (at least every "
                    f"{need:g} h): {band.advice}"
                )
        else:
            # caution and reduce bands carry no number: a dose above the usual adult maximum single dose is a
            # full (unreduced) dose and a warning; otherwise the advice is information
            msg, sev = f"{drug.name} with {label}: {band.advice}", "info"
            usual = drug.usual_single_dose
            dose = st.dose if st.unit == drug.unit else None
            if band.action == "reduce" and band.full_per_m2 is not None and st.per_m2:
                if dose is not None and dose >= band.full_per_m2 * 0.9999:
                    sev = (
                        band.severity
                    )  # "capecitabine 1250 mg/m2" at CrCl 38: the full, unreduced dose
                    msg = f"{drug.name} {fmt(dose)} {drug.unit}/m2 is the full dose at {label}: {band.advice}"
            elif (
                band.action == "reduce"
                and band.full_per_m2 is not None
                and not st.per_m2
                and dose is not None
                and bsa
                and dose / bsa >= band.full_per_m2 * 0.95
            ):
                # "Xeloda 2300 mg bid" at BSA 1.85 and CrCl 36: the full 1,250 mg/m2 written as a total
                sev = band.severity
                msg = (
                    f"{drug.name} {fmt(dose)} {drug.unit} is {fmt(dose / bsa)} {drug.unit}/m2 (BSA {bsa:.2f} m2), "
                    f"the full dose at {label}: {band.advice}"
                )
            elif (
                band.action == "reduce" and usual and dose is not None and dose > usual[-1] * 1.0001
            ):
                sev = band.severity
            elif (
                band.action == "reduce"
                and band.full_daily is not None
                and not st.per_kg
                and daily is not None
                and daily >= band.full_daily * 0.9999
            ):
                sev = band.severity  # Bactrim DS 1 tab BID at CrCl 28: the full dose, not half
                msg = f"{drug.name} {fmt(daily)} {drug.unit}/day is the full dose at {label}: {band.advice}"
        return msg, sev
