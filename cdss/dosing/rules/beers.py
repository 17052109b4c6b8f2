"""Older adults: drugs the AGS Beers Criteria say to avoid from 65, whatever the dose.

A dose within the adult limits can still be the wrong drug for an 86-year-old: diphenhydramine as a hypnotic
(strongly anticholinergic: delirium, falls, urinary retention), glyburide (prolonged hypoglycaemia), meperidine
(neurotoxic metabolite). The formulary lists them as `older_adult_avoid`, each with the uses the criteria accept
("severe allergic reaction") as a pattern that silences it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, order_line, ref


class OlderAdultAvoidRule(Rule):
    """Protects older adults from potentially inappropriate medicines (AGS Beers Criteria 2023). Silent when the
    age is unknown or the note names an accepted use."""

    name = "age"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        avoid, age = drug.older_adult_avoid, ctx.patient.age_years
        if avoid is None or age is None or age < avoid.from_years:
            return []
        # the accepted use is read on the order's own line: "Allergies: PCN (hives)" elsewhere is not one
        if avoid.unless_pattern and re.search(avoid.unless_pattern, order_line(ctx.text, st), re.I):
            return []
        if avoid.unless_note_pattern and re.search(avoid.unless_note_pattern, ctx.text, re.I):
            return []
        return [
            self.finding(
                avoid.severity,
                [drug.name],
                f"{drug.name} in a patient aged {age:g}: potentially inappropriate from "
                f"{avoid.from_years:g} (AGS Beers Criteria). {avoid.advice}",
                st,
                ref(drug, avoid.reference),
            )
        ]
