"""Pregnancy: drugs the formulary marks as contraindicated (critical) or to avoid (warning) in pregnancy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref


class PregnancyRule(Rule):
    """Protects against teratogens and fetotoxic drugs in a pregnant patient (isotretinoin, warfarin, ACE
    inhibitors, methotrexate, valproate), when the note records the pregnancy. Where the pregnancy is itself the indication (methotrexate for an
    ectopic pregnancy) the finding is information only."""

    name = "pregnancy"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if not ctx.patient.pregnant or not drug.pregnancy_risk:
            return []
        advice = drug.pregnancy or "avoid in pregnancy"
        severity = drug.pregnancy_risk
        weeks = ctx.patient.gestation_weeks
        use = (
            re.search(drug.pregnancy_indication, ctx.text, re.I)
            if drug.pregnancy_indication
            else None
        )
        if use:  # the pregnancy is what is being treated (methotrexate for an ectopic pregnancy)
            severity = "info"
            advice = f"used for {use.group(0).strip()}, an accepted use in pregnancy; {advice[0].lower()}{advice[1:]}"
        if drug.pregnancy_from_week is not None:
            if weeks is not None and weeks < drug.pregnancy_from_week:
                return []
            if weeks is None:
                severity = "info"
                advice += f" (the gestational age is not written; the risk applies from {drug.pregnancy_from_week:g} weeks)"
            else:
                advice += f" (here {weeks:g} weeks)"
        return [
            self.finding(
                severity,
                [drug.name],
                f"{drug.name} in a pregnant patient: {advice}",
                st,
                ref(drug, "pregnancy"),
            )
        ]
