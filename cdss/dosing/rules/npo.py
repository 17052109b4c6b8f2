"""Nil by mouth: mealtime insulin still scheduled while the patient is not eating.

Before an endoscopy or an operation the patient is kept NPO, yet the home basal-bolus regimen is often re-ordered
"as usual". Basal insulin continues (usually reduced); the mealtime (prandial) doses must be held, with correction
doses only, or a dose is given with no meal to cover it and the glucose falls. This is the error a pharmacist
catches on pre-procedure orders, and no dose ceiling can see it: 8 units is a normal dose, just not today.
"""

from __future__ import annotations

import re
from typing import ClassVar

from cdss.dosing.rules.base import Finding, Rule, RuleContext, order_line
from cdss.dosing.severity import Severity

_NPO = re.compile(
    r"(?i)\bNPO\b|\bN\.P\.O\.|\bnil\s+by\s+mouth\b|\bNBM\b|\bnothing\s+by\s+mouth\b|\bnil\s+orally\b|"
    r"\bfasting\s+from\s+midnight\b|\bkeep\s+fasting\b"
)
# the NPO order has ended, or lies in the past
_NPO_OVER = re.compile(
    r"(?i)\b(?:no\s+longer|not)\s+(?:NPO|NBM|nil\s+by\s+mouth)\b|\b(?:NPO|NBM)\s+(?:lifted|ended|discontinued|"
    r"stopped|until\s+now)\b|\b(?:diet|eating|oral\s+intake)\s+(?:resumed|restarted|advanced|tolerated)\b|"
    r"\bnow\s+eating\b"
)
# a mealtime schedule on the order line
_MEALS = re.compile(
    r"(?i)\bwith\s+(?:each\s+|all\s+|every\s+)?(?:meals?|breakfast|lunch|dinner|supper|tea)\b|"
    r"\bbefore\s+(?:meals?|breakfast|lunch|dinner|supper)\b|\b(?:AC|TIDAC|ac\s+meals)\b|\bprandial\b|\bmealtime\b"
)
# the order already allows for the fast: correction scale only, or held while NPO
_ALLOWED = re.compile(
    r"(?i)\bcorrection\b|\bsliding\s+scale\b|\bSSI\b|\bper\s+scale\b|\bscale\b|\bhold\w*\b|\bheld\b|"
    r"\bif\s+eating\b|\bwhen\s+eating\b|\bonce\s+eating\b|\bwhen\s+(?:diet|meals?)\s+(?:resume|restart)\w*\b|"
    r"\bafter\s+the\s+procedure\b|\bpost-?(?:op|procedure)\b"
)

_HELD = re.compile(r"(?i)\bhold\b|\bheld\b|\bomit(?:ted)?\b|\bwithh(?:o|e)ld\b")


class PrandialInsulinNpoRule(Rule):
    """Protects against a mealtime (rapid- or short-acting) insulin dose scheduled with meals while the note
    keeps the patient NPO: with no meal the dose causes hypoglycaemia. Basal insulin and correction scales are
    left alone; an order that says to hold it, or to give it once eating, is not flagged."""

    name = "insulin"
    CLASSES: ClassVar[frozenset[str]] = frozenset({"rapid_insulin", "short_acting_insulin"})
    REFERENCE: ClassVar[str] = (
        "ADA Standards of Care in Diabetes 2024, section 16 (NPO or poor intake: basal insulin, usually reduced, "
        "with correction doses; hold prandial insulin); ISMP high-alert list (insulin)"
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not _NPO.search(ctx.text) or _NPO_OVER.search(ctx.text):
            return []
        out: list[Finding] = []
        # "Home: NovoRapid 8 units TDS with meals ... HOLD insulin aspart (NovoRapid) while NBM": held elsewhere
        held = {s.drug for s in ctx.all_statements if _HELD.search(order_line(ctx.text, s))}
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if (
                not self.CLASSES & set(drug.classes)
                or st.per_hour
                or st.dose is None
                or st.drug in held
            ):
                continue
            line = order_line(ctx.text, st)
            if not _MEALS.search(line) or _ALLOWED.search(line):
                continue
            out.append(
                self.finding(
                    Severity.WARNING,
                    [drug.name],
                    f"{drug.name} {st.dose:g} units scheduled with meals while the patient is NPO: hold mealtime "
                    "insulin until eating (continue basal insulin, usually reduced, with correction doses)",
                    st,
                    self.REFERENCE,
                )
            )
        return out
