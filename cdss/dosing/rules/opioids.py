"""Opioids: initial-dose ceilings and tolerance-only products in opioid-naive patients, and conversions between
opioids that ignore their relative potency (a 1:1 morphine-to-hydromorphone switch)."""

from __future__ import annotations

import re

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.patient import Patient
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    by_ratio,
    fmt,
    per_day,
    ref,
)

# an established regimen carried on ("CONTINUE: MST Continus 60 mg 12-hourly", "cont. usual OxyContin"): the patient
# takes it already, so an opioid-naive starting ceiling says nothing about it
_CONTINUED = re.compile(
    r"(?i)\bcontinu\w*|\bcont\b\.?|\busual\b|\bestablished\b|\bhome\b|\bcurrent(?:ly)?\b|\bregular\s*:|"
    r"\bexisting\b|\balready\b|\bstable\s+on\b"
)


def _line_before(text: str, start: int) -> str:
    """The words of the statement's line before the drug name ("CONTINUE: MST Continus ...")."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start]


_STATED_OME = re.compile(
    r"(?i)=\s*(\d[\d,]*(?:\.\d+)?)\s*mg\s*(?:of\s+)?(?:oral\s+morphine(?:\s+equivalents?)?|OME|MME|OMEDD)\s*"
    r"(?:/|per|in)\s*(?:24\s*h(?:ours?|rs?)?|day|d)\b"
)


def _stated_ome(text: str) -> list[tuple[int, float]]:
    """Where the note states a 24-hour oral morphine total, and the total."""
    return [(m.start(), float(m.group(1).replace(",", ""))) for m in _STATED_OME.finditer(text)]


_CONVERSION = re.compile(r"(?i)\b(switch|convert|chang|rotat|transition|replac|swap|stop)\w*")
_TO = re.compile(r"(?i)\bto\b|→|->|=|\bwith\b|\bequivalent\b|\bstart(?:ing)?\b|\bnew\s*:")
_PCA_BASAL = re.compile(
    r"(?i)\bPCA\b[^\n]{0,80}?\b(?:basal|continuous)(?:\s+(?:rate|infusion))?\s*[:=]?\s*(\d+(?:\.\d+)?)"
)
PATCH_TOLERANCE = 1.5
ESCALATION_MAX = (
    2.0  # one titration step raises an opioid by 25-50%, at most 100% (NCCN adult cancer pain)
)
ORAL_MIN_INTERVAL_H = 2.0  # oral opioids peak at 30-60 min and act 3-6 h


def mme(st: MedStatement, drug: Drug, patient: Patient, daily: bool) -> float | None:
    """Oral morphine milligram equivalents of one dose (or of a day, when `daily`)."""
    if drug.opioid is None:
        return None
    route = st.route or (
        "TD" if st.formulation == "patch" or st.per_hour and "TD" in drug.routes else None
    )
    factors = drug.opioid.mme_per_unit
    if (
        route is None
    ):  # no route written: oral when the drug has an oral factor, else its only factor
        route = "PO" if "PO" in factors else (next(iter(factors)) if len(factors) == 1 else None)
    factor = factors.get(route or "")
    if factor is None:
        return None
    if route == "TD":  # patches: the factor is per mcg/h, for a day
        return st.dose * factor if st.dose is not None else None
    dose = absolute_dose(st, drug, patient)
    if dose is None:
        return None
    n = per_day(st) if daily else 1.0
    return dose * factor * n if n is not None else None


class OpioidRule(Rule):
    """Protects against opioid doses that kill the opioid-naive (fentanyl patches, ER products, IV hydromorphone
    above the initial range) and conversions that switch drugs milligram for milligram."""

    name = "opioid"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = self._naive(ctx)
        out += self._conversions(ctx)
        out += self._escalations(ctx)
        if ctx.patient.opioid_status == "naive":
            out += self._naive_patterns(ctx)
        return out

    def _escalations(self, ctx: RuleContext) -> list[Finding]:
        """A dose change that more than doubles an opioid ("Duragesic 25 mcg/h ... go up to 100 mcg/h")."""
        out: list[Finding] = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if drug.opioid is None or not st.change or not st.previous_dose or st.dose is None:
                continue
            ratio = st.dose / st.previous_dose
            if ratio > ESCALATION_MAX + 1e-9:
                unit = st.unit or drug.unit
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} raised from {fmt(st.previous_dose)} to {fmt(st.dose)} {unit}"
                        f"{'/h' if st.per_hour else ''} ({ratio:.1f}x) in one step; opioid titration raises "
                        "the dose by 25-50%, at most 100% (fentanyl patches by 12-25 mcg/h, no sooner than "
                        "every 3 days)",
                        st,
                        ref(drug, drug.opioid.reference),
                    )
                )
        return out

    def _naive_patterns(self, ctx: RuleContext) -> list[Finding]:
        """Orders that are unsafe in the opioid-naive whatever the dose: a PCA with a basal (continuous)
        infusion, and an oral opioid more often than every 2 hours."""
        out: list[Finding] = []
        for st in ctx.statements:
            drug = ctx.formulary.drugs[st.drug]
            if drug.opioid is None:
                continue
            # "PCA morphine 1 mg/mL: demand 1 mg, basal 1 mg/hr": the PCA word may stand just before the drug
            line_start = ctx.text.rfind("\n", 0, st.span[0]) + 1
            body = ctx.text[max(line_start, st.span[0] - 12) : st.span[1] + 80]
            m = _PCA_BASAL.search(body)
            if m and float(m.group(1)) > 0:
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} PCA with a basal infusion in an opioid-naive patient: basal rates are not "
                        "recommended in the opioid-naive (respiratory depression; APS and ISMP PCA guidance)",
                        st,
                        ref(drug, drug.opioid.reference),
                    )
                )
                continue
            f = st.frequency
            oral = (st.route or "PO") == "PO" and st.formulation != "patch" and not st.per_hour
            if (
                oral
                and f is not None
                and f.interval_h is not None
                and f.interval_h < ORAL_MIN_INTERVAL_H
            ):
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} by mouth every {fmt(f.interval_h)} h in an opioid-naive patient: oral "
                        "opioids peak at 30-60 min and last 3-6 h, so doses stack (opioid-naive start: every "
                        "4-6 h as needed)",
                        st,
                        ref(drug, drug.opioid.reference),
                    )
                )
        return out

    def _naive(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        status = ctx.patient.opioid_status
        opioids = [st for st in ctx.statements if ctx.formulary.drugs[st.drug].opioid is not None]
        for st in opioids:
            drug = ctx.formulary.drugs[st.drug]
            if status is None and self._tolerant_by_dose(ctx, st, opioids):
                continue  # already taking 60 MME a day or more (the FDA definition of opioid tolerance)
            info = drug.opioid
            assert info is not None
            tolerance_only = st.route in info.naive_contraindicated or (
                st.formulation in info.naive_contraindicated
            )
            others = [o for o in opioids if o.drug != st.drug]
            if tolerance_only and status == "naive":
                out.append(
                    self.finding(
                        "critical",
                        [drug.name],
                        f"{drug.name} {st.formulation or st.route} is for "
                        "opioid-tolerant patients only and this patient is opioid-naive (fatal "
                        "respiratory depression)",
                        st,
                        ref(drug, info.reference),
                    )
                )
                continue
            if tolerance_only and status is None and not others:
                out.append(
                    self.finding(
                        "info",
                        [drug.name],
                        f"{drug.name} {st.formulation or st.route} is for "
                        "opioid-tolerant patients only; confirm and document opioid tolerance",
                        st,
                        ref(drug, info.reference),
                    )
                )
                continue
            ceiling = None
            if st.route:  # "PO:ER" (an extended-release starting dose) before the route's immediate-release one
                ceiling = (
                    info.naive_max_single.get(f"{st.route}:{st.formulation}")
                    if st.formulation
                    else None
                )
                ceiling = ceiling if ceiling is not None else info.naive_max_single.get(st.route)
            if ceiling is None and st.route is None and info.naive_max_single:
                ceiling = max(info.naive_max_single.values())
            dose = absolute_dose(st, drug, ctx.patient)
            if ceiling is None or dose is None or status == "tolerant" or st.formulation == "patch":
                continue
            if st.total_only:
                # a syringe driver's 24-hour amount: opioid-naive starts are about two single doses a day (Scottish
                # Palliative Care Guidelines: morphine 10 mg/24 h by CSCI, 5 mg if frail), not six
                ceiling *= 2
            ratio = dose / ceiling
            if status == "naive" and ratio > 1.0001:
                out.append(
                    self.finding(
                        by_ratio(ratio),
                        [drug.name],
                        f"{drug.name} {fmt(dose)} {drug.unit} "
                        f"{st.route or ''} exceeds the usual opioid-naive starting maximum of {fmt(ceiling)} "
                        f"{drug.unit}" + (f" ({ratio:.1f}x)" if ratio >= 2 else ""),
                        st,
                        ref(drug, info.reference),
                    )
                )
            elif (
                status is None
                and not others
                and ratio >= 3
                and not st.change
                and not _CONTINUED.search(_line_before(ctx.text, st.span[0]))
            ):
                # an "increase methadone to 70 mg" changes an existing regimen: the patient already takes it
                out.append(
                    self.finding(
                        "warning",
                        [drug.name],
                        f"{drug.name} {fmt(dose)} {drug.unit} {st.route or ''} is "
                        f"{ratio:.1f} times the usual opioid-naive starting maximum of {fmt(ceiling)} "
                        f"{drug.unit}, and no opioid tolerance is documented",
                        st,
                        ref(drug, info.reference),
                    )
                )
        return out

    TOLERANT_MME: float = 60.0

    def _tolerant_by_dose(
        self, ctx: RuleContext, st: MedStatement, opioids: list[MedStatement]
    ) -> bool:
        """The note's other opioid orders (same drug in another form included) add up to at least 60 MME/day:
        "oxycodone IR 20 mg q4h ATC -> start OxyContin 60 mg q12h" is a conversion in a tolerant patient."""
        total = 0.0
        # the regimen being converted from counts, though the note stops it ("... New: morphine SC. Stop MST.")
        replaced = [
            o
            for o in ctx.all_statements
            if o.status_reason == "stopped later in the note"
            and ctx.formulary.drugs[o.drug].opioid is not None
            and o.span[0] < st.span[0]
        ]
        for o in [*opioids, *replaced]:
            if o is st or o.frequency is None or (o.frequency.prn and o.drug == st.drug):
                continue
            total += mme(o, ctx.formulary.drugs[o.drug], ctx.patient, True) or 0.0
        return total >= self.TOLERANT_MME

    def _conversions(self, ctx: RuleContext) -> list[Finding]:
        out: list[Finding] = []
        pool = [
            s
            for s in ctx.all_statements
            if ctx.formulary.drugs[s.drug].opioid is not None and s.dose is not None
        ]
        totals = _stated_ome(ctx.text) if len(pool) > 1 else []  # read once, not once per pair
        for i, old in enumerate(pool):
            for new in pool[i + 1 :]:
                same_drug = new.drug == old.drug
                if (
                    same_drug
                    and (not old.route or not new.route or old.route == new.route)
                    or not new.active
                    or new.span[0] - old.span[1] > 160
                    # "MST 30 mg bd ... morphine 5 mg SC 1-hourly PRN breakthrough": a PRN rescue dose beside a
                    # scheduled regimen is not what the regimen converts to
                    or (
                        same_drug
                        and new.frequency is not None
                        and new.frequency.prn
                        and old.frequency is not None
                        and not old.frequency.prn
                        and any(
                            s is not new
                            and s.drug == new.drug
                            and s.active
                            and s.span[0] > old.span[0]
                            and s.frequency is not None
                            and not s.frequency.prn
                            for s in pool
                        )
                    )
                ):
                    continue  # the same drug converts only between routes ("Dilaudid PO -> IV")
                between = ctx.text[old.span[0] : new.span[0]]
                before = ctx.text[max(0, old.span[0] - 40) : old.span[0]]
                if (
                    not same_drug
                    and not (  # one opioid by two routes is a route switch whatever the wording
                        _TO.search(between)
                        and (
                            _CONVERSION.search(before + between)
                            or "from" in old.status_reason
                            or "switched" in old.status_reason
                        )
                    )
                ):
                    continue
                d_old, d_new = ctx.formulary.drugs[old.drug], ctx.formulary.drugs[new.drug]
                daily = old.frequency is not None and new.frequency is not None
                a, b = mme(old, d_old, ctx.patient, daily), mme(new, d_new, ctx.patient, daily)
                if (
                    daily and not same_drug
                ):  # "OxyContin 20 mg q12h + oxycodone IR 5 mg 2x/day -> fentanyl": the whole old regimen
                    a = (
                        sum(
                            mme(s, d_old, ctx.patient, True) or 0.0
                            for s in pool
                            if s.drug == old.drug
                            and s.active
                            and s.span[1] <= new.span[0]
                            and s.frequency
                            and not s.frequency.prn
                        )
                        or a
                    )
                stated = [v for pos, v in totals if pos < new.span[0]]
                if daily and stated and a:
                    # "Previous 24 h: MST 30 mg BD + Oramorph 10 mg x2 = 80 mg oral morphine/24h": the note's own
                    # total of what was taken, PRN doses included, is what the new regimen replaces
                    a = max(a, max(stated))
                if not a or not b:
                    continue
                ratio = b / a
                # patches come in 12 and 25 mcg/h steps: the label starts 25 mcg/h from 60 MME/day or less;
                # oral to parenteral of the same drug is 2:1 in continuous palliative dosing (BNF, PCF) where the
                # single-dose table says 3:1, so a switch within that range is no overdose
                parenteral = {old.route, new.route} & {"SC", "IV", "IM"} and "PO" in {
                    old.route,
                    new.route,
                }
                tolerance = (
                    PATCH_TOLERANCE
                    if new.formulation == "patch"
                    else 1.55
                    if same_drug and parenteral
                    else 1.25
                )
                if ratio > tolerance:
                    what = "per day" if daily else "per dose"
                    out.append(
                        self.finding(
                            by_ratio(ratio),
                            [d_new.name] if same_drug else [d_new.name, d_old.name],
                            f"opioid conversion {d_old.name}{' ' + (old.route or '') if same_drug else ''} -> "
                            f"{d_new.name}{' ' + (new.route or '') if same_drug else ''}: {fmt(b)} mg oral morphine "
                            f"equivalents {what} replace {fmt(a)} ({ratio:.1f}x); equianalgesic tables "
                            "call for the same or a 25-50% lower equivalent dose for incomplete "
                            "cross-tolerance",
                            new,
                            ref(d_new, d_new.opioid.reference if d_new.opioid else ""),
                        )
                    )
                break
        return out
