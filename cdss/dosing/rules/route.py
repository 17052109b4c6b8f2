"""Routes: unapproved routes, never-event routes, and IV push of drugs that must be diluted and infused."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing import grammar as g
from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, order_line, ref
from cdss.dosing.rules.limits import _affirmed

_ROUTE_NAMES = {
    "IT": "intrathecal/intraventricular",
    "IV": "intravenous",
    "IM": "intramuscular",
    "SC": "subcutaneous",
    "EPI": "epidural",
    "IP": "intraperitoneal",
    "PO": "oral",
}


_NO_CRUSH = frozenset({"ER", "XR", "XL", "SR", "CR", "DR", "EC"})
_CRUSH = re.compile(
    r"(?i)\bcrush\w*|\bchew\w*|\bsplit\b|\bvia\s+(?:ng|nj|og|peg|g-?tube|j-?tube|feeding tube|tube)\b|"
    r"\bper\s+(?:ng|peg|tube|g-?tube)\b|\bdown\s+the\s+tube\b|\bthrough\s+(?:the\s+)?(?:ng|peg|tube)\b"
)


IM_MIN_PLATELETS = 50


class RouteRule(Rule):
    """Protects against never-events by route: concentrated potassium as an IV push, vinca alkaloids other than
    IV (fatal intrathecally), and drugs given intrathecally or intraventricularly that are not made for it.
    Route-specific dose limits (intrathecal methotrexate 15 mg) are applied by the dose rules."""

    name = "route"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        for never in drug.never_routes:
            if st.route == never.route and not (never.adults_only and ctx.patient.pediatric):
                return [
                    self.finding(
                        never.severity,
                        [drug.name],
                        f"{drug.name} by the {_ROUTE_NAMES.get(st.route, st.route)} "
                        f"route: {never.advice}",
                        st,
                        ref(drug, "never routes"),
                    )
                ]
        if st.formulation in _NO_CRUSH and _CRUSH.search(ctx.text[st.span[0] : st.span[1] + 40]):
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} {st.formulation} must not be crushed, chewed or given "
                    "down a feeding tube: the whole extended-release dose is released at once (fatal for "
                    "opioids); use an immediate-release or liquid form",
                    st,
                    "ISMP Do Not Crush list",
                )
            ]
        for form in drug.formulations:
            if form.code == st.formulation and st.route in form.never_routes:
                return [
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} {form.code} by the "
                        f"{_ROUTE_NAMES.get(st.route or '', st.route)} route: {form.never_advice or 'never by this route'}",
                        st,
                        ref(drug, form.reference),
                    )
                ]
        if st.iv_push and not drug.iv_push and st.route in (None, "IV"):
            advice = drug.iv_push_advice or "it must be diluted and infused, never pushed"
            return [
                self.finding(
                    "critical",
                    [drug.name],
                    f"{drug.name} written as an IV push/bolus/undiluted: {advice}",
                    st,
                    ref(drug, "IV push"),
                )
            ]
        plt = ctx.patient.platelets
        if st.route == "IM" and plt is not None and plt < IM_MIN_PLATELETS:
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} IM with platelets {plt:g} x10^9/L: intramuscular injection below "
                    f"{IM_MIN_PLATELETS} risks an intramuscular haematoma; give it IV, PO or SC if possible",
                    st,
                    "BNF: intramuscular injections in thrombocytopenia; AABB/ASCO platelet thresholds for procedures",
                )
            ]
        if (
            st.route
            and st.route not in drug.routes
            # through the cheek: a drug given by mouth or under the tongue may be given buccally
            and not (st.route == "BUCC" and {"PO", "SL"} & set(drug.routes))
            and not (
                st.product
                and g.parse_route(ctx.text[st.span[0] : st.span[0] + len(st.name) + 20]) is None
            )
        ):
            # "last Triumeq dose today): cabotegravir 600 mg IM": a product named without a dose has no route of
            # its own; the route read after it is the next drug's
            sev = (
                "critical"
                if st.route in ("IT", "EPI") or (st.route == "IV" and drug.routes == ["PO"])
                else "warning"
            )
            return [
                self.finding(
                    sev,
                    [drug.name],
                    f"{drug.name} by route {st.route} is not an approved route "
                    f"(formulary routes: {', '.join(drug.routes)})",
                    st,
                    ref(drug, "routes"),
                )
            ]
        return []


_PERIPHERAL = re.compile(
    r"(?i)\bPIVs?\b|\bperipheral(?:ly)?\b|\bperiph\b|\b(?:hand|forearm|wrist|antecubital|AC)\s+(?:vein|IV|PIV|line)\b|"
    r"\bvia\s+(?:[LR]\s+|left\s+|right\s+)?(?:hand|forearm|wrist|antecubital)\b|\b(?:18|20|22|24)\s*-?[gG]\b"
)


_PERCENT = re.compile(r"(?i)(\d{1,2}(?:\.\d+)?)\s*%|\bD(\d{1,2})(?:W|NS|\b)")


class PeripheralLineRule(Rule):
    """Protects small peripheral veins from vesicants the formulary says to give centrally outside an emergency:
    calcium chloride (three times the calcium of the gluconate salt; extravasation necroses the hand). Silent
    when the note names the emergency or a central line (`peripheral_avoid.unless_pattern`)."""

    name = "route"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        avoid = drug.peripheral_avoid
        if avoid is None or (st.route and st.route != "IV"):
            return []
        line = order_line(ctx.text, st)
        m = _PERIPHERAL.search(line)
        # a negated central line ("no central access") is no central line
        if m is None or (avoid.unless_pattern and _affirmed(avoid.unless_pattern, ctx.text)):
            return []
        if avoid.min_percent is not None:
            pct = _PERCENT.search(ctx.text, st.span[0], min(st.span[1], st.span[0] + 40))
            if pct is None or float(pct.group(1) or pct.group(2)) <= avoid.min_percent:
                return []
        conc = st.concentration
        if conc is not None and st.concentration_unit != drug.unit:
            # "20 mmol in 50 mL" of a drug dosed in mEq: the drug's own unit factor
            factor = drug.unit_factors.get(st.concentration_unit or "")
            conc = conc * factor if factor else None
        if avoid.min_concentration is not None and (
            conc is None or conc <= avoid.min_concentration
        ):
            return []
        return [
            self.finding(
                avoid.severity,
                [drug.name],
                f"{drug.name} through a peripheral line ({m.group(0).strip()}): {avoid.advice}",
                st,
                ref(drug, avoid.reference),
            )
        ]
