"""Frequency: weekly-only drugs given daily, orders more frequent than any usual schedule, and extended-release
or patch formulations at immediate-release intervals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import INTRAOP, Finding, Rule, RuleContext, order_line, ref

_SERIES = re.compile(
    r"(?i)\bx\s*\d+\s*(?:doses?|total)?\b|\b\d+\s*doses?\b|\b(?:load\w*|total of|then (?:daily|stop))"
)


# anticipatory ("just in case") prescribing at the end of life: SC PRN doses up to hourly are the standard (Scottish
# Palliative Care Guidelines, PCF), with a 24-hour review trigger rather than a frequency ceiling
_ANTICIPATORY = re.compile(
    r"(?i)\banticipatory\b|\bend[- ]of[- ]life\b|\bjust[- ]in[- ]case\b|\bpalliative\b|\blast days of life\b|"
    r"\bEOLC\b|\bsyringe driver\b|\bCSCI\b"
)
_RESCUE = re.compile(r"(?i)\bbreakthrough\b|\bbtp\b|\brescue\b|\bbreak-through\b")
# "until chest clear", "titrate to effect", "repeat q20min PRN pain" (TCCC ketamine): doses stepped to an end point
_TO_EFFECT = re.compile(
    r"(?i)\buntil\b|\btitrat\w*\s+to\b|\bto\s+effect\b|"
    r"\brepeat\w*\s+(?:every\s+)?q?\s?\d{1,2}\s*min\w*\s+(?:PRN|as needed|if needed)"
)


# a weekly total written in the note: "weekly warfarin dose 35 mg", "35 mg/week", "total weekly dose: 35 mg"
_WEEKLY_TOTAL = re.compile(
    r"(?i)\bweekly\s+(?:\w+\s+){0,2}(?:dose|total)\s*(?:of|is|:|=)?\s*(?P<a>\d+(?:\.\d+)?)\s*mg\b|"
    r"\b(?P<b>\d+(?:\.\d+)?)\s*mg\s*(?:/|per|a)\s*(?:wk|week)\b|"
    r"\btotal\s+weekly\s+dose\s*(?:of|is|:|=)?\s*(?P<c>\d+(?:\.\d+)?)\s*mg\b"
)


_SC_ON_LINE = re.compile(r"(?i)\b(?:SC|subcut|s/c)\b")


class FrequencyRule(Rule):
    """Protects against daily methotrexate (fatal when it should be weekly), q1h orders of drugs given q4-6h,
    and OxyContin q4h or a fentanyl patch changed daily (an ER product at an IR interval)."""

    name = "frequency"
    ORDER: ClassVar[dict[str, float]] = {
        "weekly": 1 / 7,
        "every_other_day": 0.5,
        "once": 1,
        "daily": 1,
        "nightly": 1,
        "q24h": 1,
        "q48h": 0.5,
        "q72h": 1 / 3,
        "q36h": 2 / 3,
        "BID": 2,
        "q12h": 2,
        "TID": 3,
        "q8h": 3,
        "QID": 4,
        "q6h": 4,
        "q4h": 6,
        "q3h": 8,
        "q2h": 12,
        "q1h": 24,
        "continuous": 24,
    }

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        f = st.frequency
        if f is None or f.code == "once" or st.loading:
            return []
        if drug.weekly_only and f.per_day > 1 / 7 + 1e-9 and st.route in (None, "PO", "SC", "IM"):
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} is a once-weekly medicine but is written {f.code} "
                    f"({f.per_day * 7:g} doses a week); daily dosing has caused fatal toxicity",
                    st,
                    ref(drug, "weekly-only regimen"),
                )
            ]
        order = ctx.text[st.span[0] : st.span[1]]
        if (
            f.code in drug.loading_frequencies
            and st.duration_days is None
            and not _SERIES.search(order)
            and not f.prn
        ):
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} {f.code} with no number of doses or stop date: {f.code} is a loading schedule "
                    f"(a few doses); maintenance is {', '.join(c for c in drug.frequencies or [] if c not in drug.loading_frequencies)}",
                    st,
                    ref(drug, "loading schedule"),
                )
            ]
        for form in drug.formulations:
            if (
                form.code == st.formulation
                and form.min_interval_h
                and f.interval_h
                and f.interval_h < form.min_interval_h
            ):
                # a weekly product given daily is seven doses a week at once, whatever the product's usual severity
                sev = "critical" if form.min_interval_h / f.interval_h >= 7 else form.severity
                return [
                    self.finding(
                        sev,
                        [drug.name],
                        f"{drug.name} {form.code} written every {f.interval_h:g} h; this formulation is given "
                        f"no more often than every {form.min_interval_h:g} h (an immediate-release interval "
                        "for a long-acting product releases several doses at once)",
                        st,
                        ref(drug, form.reference),
                    )
                ]
        longest = drug.longest_interval_h
        crcl = ctx.patient.renal("crcl")[0]
        if (
            longest
            and f.interval_h
            and f.interval_h > longest * 1.0001
            and crcl is not None
            and crcl >= (drug.longest_interval_crcl_from or 0)
            and not ctx.patient.dialysis
            and st.route in (None, "IV")
        ):
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} every {f.interval_h:g} h with CrCl {crcl:.0f} mL/min: with this kidney "
                    f"function it is given at least every {longest:g} h, so a longer interval underdoses "
                    "(a serious infection undertreated)",
                    st,
                    ref(drug, drug.longest_interval_reference or "usual interval"),
                )
            ]
        intermittent = [c for c in drug.frequencies or [] if c != "continuous"]
        age = ctx.patient.age_years
        if intermittent and age is not None and age < 1:
            intermittent += drug.infant_frequencies
        if intermittent and not st.product and not st.per_hour and f.code != "continuous":
            allowed = max(
                self.ORDER.get(c) or (24 / int(c[1:-1]) if c[1:-1].isdigit() else 0)
                for c in intermittent
            )
            redose = (
                f.interval_h is not None
                and f.interval_h >= 2
                and bool(INTRAOP.search(order_line(ctx.text, st)))
            )
            line = order_line(ctx.text, st)
            as_needed = f.prn or bool(re.search(r"(?i)\bPRN\b|\bas needed\b", line))
            # "PRN SC: morphine 5mg 1-hourly": the route may head the line instead of following the dose
            subcut = st.route == "SC" or (st.route is None and bool(_SC_ON_LINE.search(line)))
            # "5 mg SC 1-hourly PRN breakthrough": palliative rescue doses of a parenteral opioid
            rescue = (
                as_needed
                and drug.opioid is not None
                and (subcut or st.route in ("IV", "SL"))
                and (
                    bool(_RESCUE.search(line))
                    # beside a scheduled regimen of the same opioid (a syringe driver, MST) a PRN dose is the
                    # breakthrough dose even when the word is not written
                    or any(
                        o is not st
                        and o.drug == st.drug
                        and o.active
                        and o.frequency is not None
                        and not o.frequency.prn
                        for o in ctx.statements
                    )
                )
            )
            anticipatory = (
                as_needed and subcut and f.per_day <= 24 and bool(_ANTICIPATORY.search(ctx.text))
            )
            # "2 mg IV, then double the dose every 5 min until chest clear": titration to an end point
            to_effect = f.code.endswith("min") and bool(_TO_EFFECT.search(line))
            if (
                allowed
                and f.per_day > allowed * 1.0001
                and not (f.prn and f.per_day <= 6)
                and not redose
                and not rescue
                and not anticipatory
                and not to_effect
                # one infusion of a protocol dosed by body surface area ("5 g/m2 over 24 h"), not a daily regimen
                and not (f.code == "daily total" and ctx.per_m2)
            ):
                sev = "critical" if f.per_day >= 4 * allowed and f.per_day >= 12 else "warning"
                return [
                    self.finding(
                        sev,
                        [drug.name],
                        f"{drug.name} written {f.code} ({f.per_day:g} doses/day); usual "
                        f"frequencies are {', '.join(drug.frequencies or [])}",
                        st,
                        ref(drug, "usual frequencies"),
                    )
                ]
        return []

    def check(self, ctx: RuleContext) -> list[Finding]:
        return super().check(ctx) + self._weekly_totals_daily(ctx)

    def _weekly_totals_daily(self, ctx: RuleContext) -> list[Finding]:
        """ "Stable weekly warfarin dose 35 mg. Plan: continue warfarin 35 mg PO daily": the weekly total written
        as the daily dose, seven times the intended amount. The note's totals are read once."""
        totals = [
            (m.start(), m.end(), float(m.group("a") or m.group("b") or m.group("c")))
            for m in _WEEKLY_TOTAL.finditer(ctx.text)
        ]
        if not totals:
            return []
        out: list[Finding] = []
        for st in ctx.statements:
            f = st.frequency
            if st.dose is None or f is None or f.per_day < 1 or not st.unit or st.loading:
                continue
            if any(abs(v - st.dose) < 1e-6 and not (a <= st.span[0] < b) for a, b, v in totals):
                drug = ctx.formulary.drugs[st.drug]
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} {st.dose:g} {st.unit} written {f.code}, but {st.dose:g} "
                        f"{st.unit} is the weekly total in the note: {f.per_day * 7:g} times the "
                        "intended amount (divide the weekly dose across the week)",
                        st,
                        ref(drug, "weekly total written as a daily dose"),
                    )
                )
        return out
