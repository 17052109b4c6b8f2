"""Single-dose, daily and patient-criteria limits: the ceilings of the formulary's `limits` and `dose_criteria`."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Condition, Drug
from cdss.dosing.patient import Patient
from cdss.dosing.rules.base import (
    INTRAOP,
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    by_ratio,
    exceeded,
    fmt,
    limits_for,
    once_per_note,
    order_line,
    per_day,
    prn_capped,
    ref,
    titrated_opioid,
)
from cdss.dosing.severity import Severity


def _tenfold_step(st: MedStatement) -> bool:
    """ "currently 0.1 mg BID ... increase to 1 mg TID": a change five or more times the dose it replaces, above
    the maximum, is a decimal slip rather than a titration step."""
    return bool(st.change and st.previous_dose and st.dose and st.dose / st.previous_dose >= 5)


def single_limit_hit(
    rule: Rule, st: MedStatement, drug: Drug, dose: float, lims: list, what: str
) -> Finding | None:  # type: ignore[type-arg]
    hit = exceeded(lims, "max_single", dose, st.route is not None)
    if not hit:
        return None
    who, limit, entry = hit
    ratio = dose / limit
    return rule.finding(
        Severity.CRITICAL if _tenfold_step(st) else by_ratio(ratio, drug.critical_ratio),
        [drug.name],
        f"{drug.name} {fmt(dose)} {drug.unit} per dose exceeds the {who} "
        f"maximum single {what}dose of {fmt(limit)} {drug.unit}"
        + (f" ({ratio:.1f}x)" if ratio >= 2 else ""),
        st,
        ref(drug, entry.reference),
    )


class MaxSingleDose(Rule):
    """Protects against a single administration above the largest legitimate dose (10-fold slips, mg for mcg,
    a total daily dose given at once). Route- and age-band-specific limits apply first; an unknown route uses
    the most permissive limit so correct orders are not flagged."""

    name = "max_single_dose"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        dose = absolute_dose(st, drug, ctx.patient)
        if (
            dose is None or st.per_hour or st.total_only or titrated_opioid(st, drug, ctx.patient)
        ):  # a rate or a daily total is not a single dose
            return []
        lims = limits_for(drug, st, ctx.patient, ctx.text)
        hit = single_limit_hit(self, st, drug, dose, lims, "")
        if hit:
            return [hit]
        for form in drug.formulations:
            if (
                form.code == st.formulation
                and form.max_single is not None
                and dose > form.max_single * 1.0001
            ):
                return [
                    self.finding(
                        by_ratio(dose / form.max_single, drug.critical_ratio),
                        [drug.name],
                        f"{drug.name} {form.code} {fmt(dose)} {drug.unit} per dose exceeds the "
                        f"{form.code} maximum of {fmt(form.max_single)} {drug.unit}",
                        st,
                        ref(drug, form.reference),
                    )
                ]
        return []


def _met(c: Condition, p: Patient) -> bool | None:
    """True/False when the patient's data decide the condition, None when a needed value is missing."""
    crcl = p.renal("crcl")[0]
    egfr = p.renal("egfr")[0]
    checks = [
        (c.age_gte, p.age_years, lambda v, t: v >= t),
        (c.age_lt, p.age_years, lambda v, t: v < t),
        (c.weight_lte, p.weight_kg, lambda v, t: v <= t),
        (c.weight_gte, p.weight_kg, lambda v, t: v >= t),
        (c.scr_gte, p.scr_mg_dl, lambda v, t: v >= t),
        (c.crcl_lt, crcl, lambda v, t: v < t),
        (c.crcl_gte, crcl, lambda v, t: v >= t),
        (c.egfr_lt, egfr, lambda v, t: v < t),
        (c.egfr_gte, egfr, lambda v, t: v >= t),
    ]
    results = []
    for threshold, value, op in checks:
        if threshold is None:
            continue
        if value is None and threshold is c.age_gte and threshold <= 18:
            value = (
                18.0  # age unknown: the checker treats the patient as an adult everywhere else too
            )
        if value is None:
            return None
        results.append(op(value, threshold))
    return all(results) if results else None


# "not in arrest", "no HTN/pre-eclampsia", "no hx of hypertension, or pre-eclampsia": a short negated list
_NEGATION = re.compile(
    r"(?i)\b(?:not|no|non|without|never|denies|negative for)\b[\s-]*(?:(?:hx|history)\s+(?:of\s+)?)?"
    r"(?:[\w-]+\s*(?:/|,|\bor\b|\band\b)?\s*){0,2}$|"
    # a condition named only as a possibility: "serum Mg only if oliguric", "watch for signs of toxicity"
    r"\b(?:if|unless|in case of|watch for|monitor for|signs of)\s+(?:[\w-]+\s+){0,1}$"
)


def _affirmed(pattern: str, text: str) -> bool:
    """The pattern occurs at least once not negated: "(not in arrest)" does not mean arrest. Asked for every
    statement of a drug with contraindications, so it is answered once per note."""
    return once_per_note(
        "affirmed",
        pattern,
        text,
        lambda: any(
            not _NEGATION.search(text[max(0, m.start() - 30) : m.start()])
            and not _REMOVED_AFTER.match(text, m.end())
            for m in re.finditer(pattern, text, re.I)
        ),
    )


# "Central line removed, PIV x2": a line named as gone is no line; "Asthma: no." a condition answered no on a form
_REMOVED_AFTER = re.compile(
    r"(?i)\s*(?:was\s+|has been\s+)?(?:removed|pulled|out|d/c'?d|discontinued|occluded|lost|ruled\s+out|excluded)\b|"
    r"\s*[:\-?]\s*(?:no|none|nil|neg(?:ative)?|absent|denied)\b(?!\s*(?:change|improvement|response))"
)


PRN_TOLERANCE = (
    1.25  # PRN-only orders whose most-frequent use is within this of the daily maximum: info
)


class CriteriaDose(Rule):
    """Protects against full doses where patient facts call for a reduced one (apixaban 2.5 mg BID for AF with
    two of age/weight/creatinine; rivaroxaban 15 mg at CrCl 15-50; dabigatran 75 mg BID at CrCl 15-30)."""

    name = "max_single_dose"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        dose = absolute_dose(st, drug, ctx.patient)
        if dose is None or not drug.dose_criteria:
            return []
        for crit in drug.dose_criteria:
            if (
                (ctx.patient.pediatric and not crit.children)
                or (
                    crit.daily_only
                    and not (
                        st.frequency and st.frequency.interval_h and st.frequency.interval_h <= 24
                    )
                )
                or (crit.route and st.route != crit.route)
                or (crit.iv_push_only and not st.iv_push)
                or (crit.unless_pattern and _affirmed(crit.unless_pattern, ctx.text))
                or (
                    crit.unless_weight_gte is not None
                    and (ctx.patient.weight_kg or 0) >= crit.unless_weight_gte
                )
            ):
                continue
            met = [c.label for c in crit.conditions if _met(c, ctx.patient)]
            if len(met) < crit.min_met:
                continue
            n = per_day(st)
            cap_single = crit.max_single
            if crit.max_single_per_kg is not None and ctx.patient.weight_kg and not st.per_hour:
                per_kg = crit.max_single_per_kg * ctx.patient.weight_kg
                cap_single = per_kg if cap_single is None else min(cap_single, per_kg)
            over_single = cap_single is not None and dose > cap_single * 1.0001
            cap_daily = crit.max_daily
            if crit.max_daily_per_kg is not None and ctx.patient.weight_kg:
                per_kg = crit.max_daily_per_kg * ctx.patient.weight_kg
                cap_daily = per_kg if cap_daily is None else min(cap_daily, per_kg)
            over_daily = cap_daily is not None and n is not None and dose * n > cap_daily * 1.0001
            if not (over_single or over_daily or crit.action == "avoid"):
                continue
            indicated = not crit.indication_pattern or bool(
                re.search(crit.indication_pattern, ctx.text, re.I)
            )
            if not indicated and crit.indication_required:
                continue
            scope = f" for {crit.indication}" if crit.indication else ""
            who = (
                f"this patient has {', '.join(met)}"
                if met
                else "nothing in the note says otherwise"
            )
            if crit.action == "avoid":
                msg = f"{drug.name}{scope} is not recommended when {who}. {crit.advice}"
            else:
                limit = (
                    f"{fmt(cap_single or 0)} {drug.unit} per dose"
                    + (
                        f" ({crit.max_single_per_kg:g} {drug.unit}/kg)"
                        if crit.max_single_per_kg is not None
                        else ""
                    )
                    if over_single
                    else f"{fmt(cap_daily or 0)} {drug.unit}/day"
                    + (
                        f" ({crit.max_daily_per_kg:g} {drug.unit}/kg/day)"
                        if crit.max_daily_per_kg is not None
                        else ""
                    )
                )
                when = (
                    f" when at least {crit.min_met} of these apply, and {who}"
                    if crit.conditions
                    else ""
                )
                given = (
                    f"{fmt(dose)} {drug.unit}"
                    if over_single or n is None
                    else f"{fmt(dose)} {drug.unit} x{n:g}/day = {fmt(dose * n)} {drug.unit}/day"
                )
                msg = f"{drug.name} {given}: the dose{scope} is {limit}{when}. {crit.advice}"
            if not indicated:
                msg = f"If the indication is {crit.indication}: " + msg
            severity = crit.severity
            if crit.critical_ratio and (
                (over_single and cap_single and dose / cap_single >= crit.critical_ratio)
                or (
                    over_daily
                    and cap_daily
                    and n is not None
                    and dose * n / cap_daily >= crit.critical_ratio
                )
            ):
                severity = "critical"
            return [
                self.finding(
                    severity if indicated else "info",
                    [drug.name],
                    msg,
                    st,
                    ref(drug, crit.reference),
                )
            ]
        return []


class CriteriaUnderdose(Rule):
    """Protects against the reduced dose given to a patient who does not qualify for it (apixaban 2.5 mg BID for AF
    at age 81 with a normal weight and creatinine): off-label underdosing raises the stroke risk (ORBIT-AF II).
    Only criteria marked `underdose`, only with the indication in the note and every needed fact known."""

    name = "min_dose"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        dose = absolute_dose(st, drug, ctx.patient)
        if dose is None or ctx.patient.pediatric:
            return []
        for crit in drug.dose_criteria:
            if not crit.underdose or crit.max_single is None or abs(dose - crit.max_single) > 1e-6:
                continue
            n = per_day(st)
            if crit.max_daily is not None and (n is None or dose * n > crit.max_daily * 1.0001):
                continue  # exactly the reduced dose (not rivaroxaban 10 mg prophylaxis); not 15 mg BID is the VTE start, not the AF dose)
            if not crit.indication_pattern or not re.search(
                crit.indication_pattern, ctx.text, re.I
            ):
                continue
            results = [_met(c, ctx.patient) for c in crit.conditions]
            if any(r is None for r in results):
                continue  # a fact is missing: the reduction may be right
            met = [c.label for c, r in zip(crit.conditions, results, strict=True) if r]
            if len(met) >= crit.min_met:
                continue
            has = f"only {', '.join(met)}" if met else "none of them"
            return [
                self.finding(
                    "warning",
                    [drug.name],
                    f"{drug.name} {fmt(dose)} {drug.unit} is the reduced dose for {crit.indication}, given when at "
                    f"least {crit.min_met} of: {', '.join(c.label for c in crit.conditions)}; this patient has "
                    f"{has}, so it underdoses (full dose unless another reason is documented). {crit.advice}",
                    st,
                    ref(drug, crit.reference),
                )
            ]
        return []


_THEN = re.compile(r"(?i)\bthen\b|\bfollowed by\b|\bthereafter\b|\bstep(?:ping)? down to\b")


class MaxDailyDose(Rule):
    """Protects against daily totals above the maximum, summed across every product that contains the drug
    (Percocet + Tylenol) and counting PRN orders at their most frequent."""

    name = "max_daily_dose"

    def check(self, ctx: RuleContext) -> list[Finding]:
        totals: dict[tuple[str, bool], list[tuple[MedStatement, float]]] = defaultdict(list)
        seen: set[tuple[object, ...]] = set()
        for st in ctx.statements:
            if st.loading or titrated_opioid(st, ctx.formulary.drugs[st.drug], ctx.patient):
                continue
            same = (st.name.lower(), st.dose, st.unit, st.route, repr(st.frequency))
            if same in seen:
                continue  # "stable on aripiprazole 15 mg daily ... continue aripiprazole 15 mg daily": one order
            seen.add(same)
            drug = ctx.formulary.drugs[st.drug]
            if (
                st.frequency is not None
                and st.frequency.interval_h is not None
                and st.frequency.interval_h >= 2
                and INTRAOP.search(order_line(ctx.text, st))
            ):
                continue  # "redose cefazolin 3 g q4h intra-op": the redose runs only for the operation's length
            dose, n = absolute_dose(st, drug, ctx.patient), per_day(st)
            # a depot injection given every week or more (Abilify Maintena 400 mg monthly beside the oral overlap)
            # is not part of an oral daily total; its own monthly dose is checked per dose
            depot = (
                st.route in ("IM", "SC")
                and st.frequency is not None
                and (st.frequency.interval_h or 0) >= 168
            )
            if dose is not None and n is not None:
                # an as-needed order's own stated daily ceiling bounds it
                totals[(st.drug, depot)].append((st, prn_capped(st, drug, dose * n)))
        out = []
        for (generic, _), items in totals.items():
            # "on amoxicillin 225 mg TDS ... double to 675 mg BD": a dose change replaces the orders before it
            changed = [s.span[0] for s, _ in items if s.change]
            if changed:
                items = [(s, x) for s, x in items if s.change or s.span[0] > max(changed)] or items
            # "500 mg IV TDS for 3 days, then 100 mg PO TDS": a later phase follows the first, it does not add to it
            phases = [0]
            for k in range(1, len(items)):
                if _THEN.search(ctx.text[items[k - 1][0].span[1] : items[k][0].span[0]]):
                    phases.append(k)
            if len(phases) > 1:
                bounds = [*phases, len(items)]
                items = max(
                    (items[a:b] for a, b in zip(bounds, bounds[1:], strict=False)),
                    key=lambda part: sum(x for _, x in part),
                )
            drug = ctx.formulary.drugs[generic]
            total = sum(x for _, x in items)
            st = items[-1][0]
            lims = limits_for(drug, st, ctx.patient, ctx.text)
            hit = exceeded(lims, "max_daily", total, st.route is not None)
            weight = ctx.patient.weight_kg
            if not hit and len({s.name.lower() for s, _ in items}) > 1 and weight:
                # two orders each within the per-kg maximum, together above it (Tylenol PO + Ofirmev IV in a child)
                per_kg = exceeded(lims, "max_daily_per_kg", total / weight, st.route is not None)
                if per_kg:
                    hit = (per_kg[0], per_kg[1] * weight, per_kg[2])
            if hit:
                who, limit, entry = hit
                how = (
                    " (combined from " + ", ".join(s.name for s, _ in items) + ")"
                    if len(items) > 1
                    else ""
                )
                prn = (
                    " counting PRN doses at their maximum frequency"
                    if any(s.frequency and s.frequency.prn for s, _ in items)
                    else ""
                )
                only_prn = all(s.frequency and s.frequency.prn for s, _ in items)
                sev = by_ratio(total / limit, drug.critical_ratio)
                if _tenfold_step(st):
                    sev = Severity.CRITICAL
                if only_prn and total / limit < PRN_TOLERANCE:
                    # symptom-triggered PRN (CIWA lorazepam q2h): the ceiling is reached only if every dose is
                    # given, which the hold parameters prevent; it is said, not alarmed
                    sev = Severity.INFO
                out.append(
                    self.finding(
                        sev,
                        [generic],
                        f"{generic} {fmt(total)} {drug.unit}/day{how}{prn} exceeds the {who} maximum of "
                        f"{fmt(limit)} {drug.unit}/day",
                        st,
                        ref(drug, entry.reference),
                    )
                )
        return out


class IndicationMinimumDose(Rule):
    """Protects against a dose below the least one its indication needs (ceftriaxone 250 mg for gonorrhoea since
    CDC 2021, cefazolin 2 g in a patient of 120 kg or more, a prophylactic enoxaparin dose for a pulmonary embolism):
    undertreatment a maximum-dose check cannot see. Only criteria with `min_single` or `min_single_per_kg`, only with
    the indication in the note and the patient's facts meeting every condition."""

    name = "min_dose"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        dose = absolute_dose(st, drug, ctx.patient)
        if dose is None or st.change or ctx.patient.pediatric:
            return []
        for crit in drug.dose_criteria:
            floor, given, per = crit.min_single, dose, "per dose"
            if crit.min_single_per_kg is not None:
                if not ctx.patient.weight_kg:
                    continue
                # a dose rounded to a syringe size is not an underdose
                floor = crit.min_single_per_kg * ctx.patient.weight_kg * 0.9
            if crit.min_daily is not None:
                n = per_day(st)
                if n is None:
                    continue
                floor, given, per = crit.min_daily, dose * n, "a day"
            if floor is None or given >= floor * 0.9999:
                continue
            if (crit.route and st.route != crit.route) or not crit.indication_pattern:
                continue
            if not _affirmed(crit.indication_pattern, ctx.text):
                continue
            if crit.unless_pattern and _affirmed(crit.unless_pattern, ctx.text):
                continue
            if any(_met(c, ctx.patient) is not True for c in crit.conditions):
                continue
            weight = ctx.patient.weight_kg or 0.0
            least = (
                f"{crit.min_single_per_kg:g} {drug.unit}/kg "
                f"({fmt(crit.min_single_per_kg * weight)} {drug.unit})"
                if crit.min_single_per_kg is not None
                else f"{fmt(floor)} {drug.unit}"
            )
            who = f" with {', '.join(c.label for c in crit.conditions)}" if crit.conditions else ""
            return [
                self.finding(
                    crit.severity,
                    [drug.name],
                    f"{drug.name} {fmt(given)} {drug.unit}{'' if per == 'per dose' else ' a day'} is below the "
                    f"dose for {crit.indication}{who}: at least {least} {per}. {crit.advice}",
                    st,
                    ref(drug, crit.reference),
                )
            ]
        return []
