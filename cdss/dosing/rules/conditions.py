"""Contraindications by condition: a drug the note's own diagnoses rule out at any dose."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref
from cdss.dosing.rules.limits import _affirmed


class ContraindicationRule(Rule):
    """Protects against a drug given in a condition its label contraindicates, when the note names that condition
    and does not negate it: methylergonovine in hypertension or pre-eclampsia (stroke, seizures). The conditions
    live in the formulary (`contraindications`), each with its reference; one finding per drug."""

    name = "contraindication"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        order = ctx.text[st.span[0] : st.span[1]]
        for c in drug.contraindications:
            if c.formulation is not None and st.formulation != c.formulation:
                continue
            if c.order_pattern and not re.search(c.order_pattern, order, re.I):
                continue
            if c.unless_pattern and re.search(c.unless_pattern, ctx.text, re.I):
                continue
            if _affirmed(c.pattern, ctx.text):
                m = re.search(c.pattern, ctx.text, re.I)
                where = f" ({m.group(0).strip(' /:')})" if m else ""
                return [
                    self.finding(
                        c.severity,
                        [drug.name],
                        f"{drug.name} is contraindicated with {c.label}{where}: {c.advice}",
                        st,
                        ref(drug, c.reference),
                    )
                ]
        return []

    def check(self, ctx: RuleContext) -> list[Finding]:
        seen: set[str] = set()
        out = []
        for f in super().check(ctx):
            if f.drugs[0] not in seen:
                seen.add(f.drugs[0])
                out.append(f)
        return out
