"""Insulin doses judged against the patient's weight: the slips that turn a safe regimen into severe hypoglycaemia.

Insulin has no single maximum dose (insulin-resistant patients take hundreds of units a day), so fixed ceilings
miss the errors pharmacists actually catch: a first-ever regimen written at several units/kg/day, or a mealtime
dose of more than a unit per kilogram. Both are judged per kg, which needs the weight; without it this rule is
silent and the single-dose ceilings of the formulary still apply.
"""

from __future__ import annotations

import re
from typing import ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.rules.base import Finding, Rule, RuleContext, absolute_dose, per_day
from cdss.dosing.severity import Severity
from cdss.dosing.status import reason_word

REFERENCE = (
    "ADA Standards of Care in Diabetes 2024, sections 9 (start basal insulin at 10 units/day or "
    "0.1-0.2 units/kg/day) and 16 (hospital basal-bolus 0.3-0.5 units/kg/day in total); ISMP high-alert list"
)


_U100_SYRINGE = re.compile(
    r"(?i)\bU-?100\s+(?:insulin\s+)?syringe|\b\d+[- ]unit mark\b|\btuberculin\s+syringe|\binsulin syringe\b"
)
_U500_SYRINGE = re.compile(r"(?i)\bU-?500\s+(?:insulin\s+)?syringe|\bkwik\s*pen\b")
# "patient to draw up 2 mL with an insulin syringe": the volume measured out, written after the dose in units
_DRAWN = re.compile(
    r"(?i)\b(?:draws?|drawing|drawn)\s+up\s+(\d+(?:\.\d+)?)\s*(?:mL|ml|cc)\b|"
    r"\b(?:give|inject|administer)\s+(\d+(?:\.\d+)?)\s*(?:mL|ml|cc)\b"
)


class InsulinRule(Rule):
    """Protects against implausible insulin doses: a first insulin regimen (insulin-naive patient) whose total is
    above 0.6 units/kg/day (warning) or 1 unit/kg/day (critical: several times any starting dose; 1.2 and 2 for
    children), a single basal dose above 2 units/kg, and a single
    rapid- or short-acting dose above 1 unit/kg for any patient (critical)."""

    name = "insulin"
    NAIVE_WARNING: ClassVar[float] = 0.6  # units/kg/day
    NAIVE_CRITICAL: ClassVar[float] = 1.0
    CHILD_WARNING: ClassVar[float] = 1.2
    CHILD_CRITICAL: ClassVar[float] = 2.0
    BOLUS_CRITICAL: ClassVar[float] = 1.0  # units/kg per rapid- or short-acting dose
    # a single basal dose above 2 units/kg is several times any patient's whole daily need (severe insulin
    # resistance runs about 1-2 units/kg/day in total): a units/kg or ten-fold slip ("Lantus 120 units" at 27 kg)
    BASAL_CRITICAL: ClassVar[float] = 2.0
    BOLUS_CLASSES: ClassVar[frozenset[str]] = frozenset({"rapid_insulin", "short_acting_insulin"})

    def check(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = self._u500_syringe(ctx) + self._volume_drawn(ctx)
        w = ctx.patient.weight_kg
        if not w:
            return out
        regimen: list[tuple[MedStatement, float]] = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if "insulin" not in drug.classes or drug.unit != "units":
                continue
            dose = absolute_dose(st, drug, ctx.patient)
            if dose is None:
                continue
            if (
                self.BOLUS_CLASSES & set(drug.classes)
                and dose / w > self.BOLUS_CRITICAL
                and st.formulation != "concentrated"  # U-500 exists for 200+ units a day
            ):
                out.append(
                    self.finding(
                        Severity.CRITICAL,
                        [drug.name],
                        f"{drug.name} {dose:,.0f} units is {dose / w:.2g} "
                        f"units/kg in a single dose for {w:.3g} kg; mealtime and correction doses are "
                        "usually 0.05-0.2 units/kg (a units/kg or decimal slip?)",
                        st,
                        REFERENCE,
                    )
                )
            if (
                "basal_insulin" in drug.classes
                and dose / w > self.BASAL_CRITICAL
                and st.formulation != "concentrated"
                and not st.per_hour
            ):
                out.append(
                    self.finding(
                        Severity.CRITICAL,
                        [drug.name],
                        f"{drug.name} {dose:,.0f} units is {dose / w:.2g} units/kg in one basal dose for "
                        f"{w:.3g} kg; basal insulin is usually 0.1-0.5 units/kg/day (a ten-fold slip?)",
                        st,
                        REFERENCE,
                    )
                )
            n = per_day(st) or 1.0
            if not st.loading:
                regimen.append((st, dose * n))
        tdd = sum(x for _, x in regimen)
        # children newly diagnosed with type 1 diabetes start at 0.5-1 units/kg/day (ISPAD 2022), more than adults
        warn, crit = (
            (self.CHILD_WARNING, self.CHILD_CRITICAL)
            if ctx.patient.pediatric
            else (self.NAIVE_WARNING, self.NAIVE_CRITICAL)
        )
        if ctx.patient.insulin_naive and regimen and tdd / w > warn:
            sev = Severity.CRITICAL if tdd / w >= crit else Severity.WARNING
            names = sorted({st.drug for st, _ in regimen})
            out.append(
                self.finding(
                    sev,
                    names,
                    f"first insulin regimen of {tdd:,.0f} units/day is {tdd / w:.2g} units/kg/day "
                    f"for {w:.3g} kg; insulin-naive patients start at 0.1-0.2 units/kg/day basal (at most "
                    "about 0.5 units/kg/day in total in hospital)",
                    regimen[-1][0],
                    REFERENCE,
                )
            )
        return out

    def _volume_drawn(self, ctx: RuleContext) -> list[Finding]:
        """ "Lantus 100 units/mL ... 20 units at night - draw up 2 mL": the volume holds 200 units, ten times the
        dose. The vial's strength is the one written, else the usual 100 units/mL."""
        out = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if "insulin" not in drug.classes or st.unit != "units" or not st.dose or st.per_hour:
                continue
            end = ctx.text.find("\n", st.span[1] + 1)
            m = _DRAWN.search(ctx.text, st.span[1], len(ctx.text) if end < 0 else end)
            if not m:
                continue
            strength = (
                st.concentration if st.concentration_unit == "units" and st.concentration else 100.0
            )
            held = float(m.group(1) or m.group(2)) * strength
            ratio = held / st.dose
            if 0.8 <= ratio <= 1.25:
                continue
            out.append(
                self.finding(
                    Severity.CRITICAL if ratio >= 2 or ratio <= 0.5 else Severity.WARNING,
                    [drug.name],
                    f"{drug.name}: {m.group(1) or m.group(2)} mL of {strength:g} units/mL holds {held:,.0f} units, "
                    f"{ratio:.2g} times the {st.dose:g} units ordered (insulin measured in mL is a 10-fold error "
                    "waiting to happen: give it in units, with an insulin pen or syringe)",
                    st,
                    "ISMP high-alert medications (insulin): never express insulin doses in mL",
                )
            )
        return out

    def _u500_syringe(self, ctx: RuleContext) -> list[Finding]:
        """U-500 drawn up with a U-100 syringe: each "unit" mark holds five units (the ISMP-reported overdose)."""
        for st in ctx.statements:
            if (
                st.formulation != "concentrated"
                or "insulin" not in ctx.formulary.drugs[st.drug].classes
            ):
                continue
            around = ctx.text[st.span[0] : st.span[1] + 200]
            if _U100_SYRINGE.search(around) and not _U500_SYRINGE.search(around):
                return [
                    self.finding(
                        Severity.CRITICAL,
                        [st.drug],
                        f"{st.drug} U-500 measured with a U-100 or other syringe: each unit mark holds 5 units (a "
                        "five-fold overdose). Use the U-500 KwikPen or a U-500 syringe, dosed in units",
                        st,
                        "ISMP: U-500 insulin safety (dedicated U-500 syringes, KwikPen); FDA label (Humulin R U-500)",
                    )
                ]
        return []


_TYPE1 = re.compile(
    r"(?i)\bT1DM?\b|\btype\s*(?:1|I|one)\s+(?:diabetes|DM)\b|\bDM\s*(?:type\s*)?(?:1|I)\b|\bDM1\b|\bIDDM\b|"
    r"\bjuvenile[- ]onset diabetes\b"
)
_HELD = re.compile(r"(?:hold|holding|held|stop|stopped|discontinu\w*|d/c|off)")


class BasalInsulinHeldRule(Rule):
    """Protects people with type 1 diabetes from having all basal insulin stopped (NPO before surgery, poor
    intake): without basal insulin they go into ketoacidosis within hours whatever the glucose, and a sliding
    scale alone does not prevent it. Silent when another basal insulin or an insulin infusion stays active."""

    name = "insulin"
    REFERENCE: ClassVar[str] = (
        "ADA Standards of Care in Diabetes 2024, section 16 (perioperative care: type 1 diabetes keeps basal "
        "insulin, usually 60-80% of the dose; never a correction scale alone)"
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not _TYPE1.search(ctx.text):
            return []
        basal = [
            s for s in ctx.all_statements if "basal_insulin" in ctx.formulary.drugs[s.drug].classes
        ]
        held = [s for s in basal if not s.active and _HELD.match(reason_word(s.status_reason))]
        if not held:
            return []
        covered = any(s.active for s in basal) or any(
            s.active and s.per_hour and "insulin" in ctx.formulary.drugs[s.drug].classes
            for s in ctx.statements
        )
        if covered:
            return []
        st = held[-1]
        return [
            self.finding(
                Severity.WARNING,
                [st.drug],
                f"{st.drug} held in type 1 diabetes with no other basal insulin or insulin infusion: basal insulin "
                "must continue (usually 60-80% of the dose when NPO) or ketoacidosis follows; a correction scale "
                "alone is not enough",
                st,
                self.REFERENCE,
            )
        ]


# a hypoglycaemia in the note: the word, or a glucose below 4 mmol/L (70 mg/dL) beside a glucose word
_HYPO = re.compile(
    r"(?i)\bhypo(?:s|glyc(?:a)?emi\w*)?\b(?![- ](?:risk|unawareness|awareness|protocol|box|kit))|"
    r"\b(?:BG|CBG|BM|glucose|sugar|POC|FSBG|SMBG)s?\b[^\n]{0,40}?(?<![\d.])[0-3]\.\d\s*(?:mmol|\b)|"
    r"\b(?:BG|CBG|glucose|sugar|POC|FSBG)s?\b[^\n]{0,30}?(?<![\d.])[2-6]\d\s*mg/dL"
)
_NO_HYPO = re.compile(r"(?i)\b(?:no|denies|without|nil|free of)\s+(?:\w+\s+)?hypo")


class InsulinIncreaseAfterHypoRule(Rule):
    """Protects against raising an insulin dose when the note records hypoglycaemia (a night-time low of 3.1
    mmol/L, "hypo treated"): a low calls for a 10-20% reduction, not an increase, and a raised basal dose makes
    the next one worse."""

    name = "insulin"
    REFERENCE: ClassVar[str] = (
        "ADA Standards of Care in Diabetes 2024, sections 6 and 16 (hypoglycaemia: reduce the insulin dose by 10-20%; "
        "titrate basal insulin down after any value below 70 mg/dL / 3.9 mmol/L); ISMP high-alert list (insulin)"
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not _HYPO.search(ctx.text) or _NO_HYPO.search(ctx.text):
            return []
        out: list[Finding] = []
        for st in ctx.statements:
            if "insulin" not in ctx.formulary.drugs[st.drug].classes or not st.change:
                continue
            if st.previous_dose and st.dose and st.dose > st.previous_dose * 1.0001:
                out.append(
                    self.finding(
                        Severity.WARNING,
                        [st.drug],
                        f"{st.drug} increased from {st.previous_dose:g} to {st.dose:g} units although the note "
                        "records hypoglycaemia: reduce the dose by 10-20% (or find the cause) instead",
                        st,
                        self.REFERENCE,
                    )
                )
        return out
