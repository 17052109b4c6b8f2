"""Hyperkalaemia: a drug that raises potassium given (started or continued) when the recorded potassium is high."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref
from cdss.dosing.severity import Severity


class HyperkalaemiaRule(Rule):
    """Protects against feeding hyperkalaemia: potassium supplements and potassium-sparing diuretics
    (spironolactone, eplerenone) are held when potassium is above 5.5 mmol/L (critical) and not started above
    5.0 (warning); ACE inhibitors, ARBs, trimethoprim and calcineurin inhibitors above 5.5 need a dose review
    (warning). Heparins raise potassium too little to hold them on a number alone, so they are left out.
    Inactive orders ("hold spironolactone") are not checked."""

    name = "hyperkalaemia"
    HOLD_CLASSES: ClassVar[frozenset[str]] = frozenset(
        {"potassium_supplement", "potassium_sparing_diuretic"}
    )
    REVIEW_CLASS: ClassVar[str] = "potassium_raising"
    EXEMPT_CLASSES: ClassVar[frozenset[str]] = frozenset(
        {"unfractionated_heparin", "lmwh", "anticoagulant"}
    )
    HIGH: ClassVar[float] = (
        5.5  # hold MRAs and supplements (2022 AHA/ACC/HFSA heart failure guideline)
    )
    UPPER_NORMAL: ClassVar[float] = 5.0
    REFERENCE: ClassVar[str] = (
        "2022 AHA/ACC/HFSA heart failure guideline (hold mineralocorticoid antagonists when potassium is above "
        "5.5 mmol/L; do not start above 5.0); KDIGO 2020 potassium management; FDA labels (K-Dur, Aldactone)"
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        seen: set[str] = set()  # one finding per drug ("on spironolactone ... cont spironolactone")
        out = []
        for f in super().check(ctx):
            if f.drugs[0] not in seen:
                seen.add(f.drugs[0])
                out.append(f)
        return out

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        k = ctx.patient.potassium
        classes = set(drug.classes)
        if k is None or k <= self.UPPER_NORMAL or classes & self.EXEMPT_CLASSES:
            return []
        if classes & self.HOLD_CLASSES:
            sev = Severity.CRITICAL if k > self.HIGH else Severity.WARNING
            return [
                self.finding(
                    sev,
                    [drug.name],
                    f"{drug.name} with potassium {k:g} mmol/L: "
                    + (
                        "hold it (above 5.5 mmol/L) and treat the hyperkalaemia"
                        if k > self.HIGH
                        else "do not start or increase it while potassium is above 5.0 mmol/L; recheck first"
                    ),
                    st,
                    self.REFERENCE,
                )
            ]
        if self.REVIEW_CLASS in classes and k > self.HIGH:
            return [
                self.finding(
                    Severity.WARNING,
                    [drug.name],
                    f"{drug.name} raises potassium and potassium is {k:g} mmol/L: reduce or hold it and "
                    "recheck potassium",
                    st,
                    ref(drug, "hyperkalaemia"),
                )
            ]
        return []


class HypokalaemiaInsulinRule(Rule):
    """Protects against an insulin infusion started while potassium is below 3.3 mmol/L: insulin drives potassium
    into cells, and in DKA or HHS that causes fatal arrhythmia. Potassium is replaced first and insulin held
    until it is at least 3.3 (ADA consensus on hyperglycaemic crises, 2024)."""

    name = "hypokalaemia"
    LOW: ClassVar[float] = 3.3
    REFERENCE: ClassVar[str] = (
        "ADA/EASD/JBDS/AACE/DTS consensus report, hyperglycaemic crises in adults (2024): if potassium is below "
        "3.3 mmol/L, delay insulin and give potassium until it is at least 3.3"
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = super().check(ctx)
        return out[:1]  # one finding per note: the advice is the same for every insulin line

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        k = ctx.patient.potassium
        if k is None or k >= self.LOW or "insulin" not in drug.classes:
            return []
        if not (st.per_hour or st.route == "IV"):
            return []
        return [
            self.finding(
                Severity.CRITICAL,
                [drug.name],
                f"IV {drug.name} with potassium {k:g} mmol/L: hold insulin and replace potassium until it is at "
                "least 3.3 mmol/L (insulin lowers potassium further: arrhythmia, cardiac arrest)",
                st,
                self.REFERENCE,
            )
        ]
