"""Age contraindications: drugs that are never for young children whatever the dose.

A dose within the mg/kg limits can still be the wrong drug: codeine and tramadol are contraindicated under 12
(ultra-rapid CYP2D6 metabolisers have died), and after tonsillectomy or adenoidectomy under 18; promethazine is
contraindicated under 2 (fatal respiratory depression). The formulary lists them as `age_contraindications`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref


def _age(years: float) -> str:
    if years < 1:
        return f"{years * 12:.0f} months"
    return f"{years:g} years"


class AgeContraindicationRule(Rule):
    """Protects children from drugs contraindicated at their age (codeine, tramadol under 12; promethazine under
    2). Silent when the age is unknown: the age-banded dose limits still apply."""

    name = "pediatric"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        age = ctx.patient.age_years
        if age is None or not drug.age_contraindications:
            return []
        for ci in drug.age_contraindications:
            if (
                age >= ci.below_years
                or (ci.when_pattern and not re.search(ci.when_pattern, ctx.text, re.I))
                or (ci.unless_pattern and re.search(ci.unless_pattern, ctx.text, re.I))
            ):
                continue
            return [
                self.finding(
                    ci.severity,
                    [drug.name],
                    f"{drug.name} is contraindicated under {_age(ci.below_years)}"
                    f" and this patient is {_age(age)}: {ci.advice}",
                    st,
                    ref(drug, ci.reference),
                )
            ]
        return []
