"""Drug pairs: interactions from the formulary and duplicate therapy within a group, with planned overlaps
(warfarin bridged with LMWH until the INR is therapeutic, a cross-taper) reported as information."""

from __future__ import annotations

import re
from collections import defaultdict

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import SEVERITIES, Interaction
from cdss.dosing.rules.base import (
    STARTING,
    Finding,
    Rule,
    RuleContext,
    daily_dose,
    lenient,
    limits_for,
    order_line,
)

PLANNED_OVERLAP = re.compile(
    r"(?i)\buntil\s+(?:the\s+)?inr\b|\bbridg\w*|\boverlap\w*|\binr\s*(?:>=|≥|>|of at least)\s*2|\btherapeutic\s+inr|"
    r"\bcross[- ]?taper\w*|\btransition(?:ing)?\s+(?:to|from)\b|\buntil\s+(?:inr\s+)?therapeutic\b|\bx\s*\d+\s*days?\s+"
    r"(?:overlap|then stop)|\bthen\s+(?:stop|discontinue|d/c)\b|"
    # "stop enoxaparin after at least 5 days AND INR 2 or more for 24 h"
    r"\binr\s*(?:is\s*)?(?:2(?:\.0)?\s*(?:or (?:more|above|higher|greater)|\+)|at least 2)|"
    r"\b(?:stop|discontinue|d/c)\b[^.\n]{0,40}\bwhen\s+(?:the\s+)?inr\b"
)


_SWITCH_WORDS = (
    r"(?i)\b(?:switch|convert|chang|transition|replac|swap|rotat)\w*|->|→|\binstead\b|\bthen\b"
)
_SWITCH = re.compile(_SWITCH_WORDS + r"|\bbreakthrough\b|\bbtp\b|\bprn\b")
# two names of one long-acting form: a PRN breakthrough dose elsewhere does not explain them
_SWITCH_SAME_FORM = re.compile(_SWITCH_WORDS)


_BULLET = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)]|\[\s?x?\s?\])?[ \t]*")
_BOTH = re.compile(
    r"(?i)\b(?:fills|takes|taking|has|on)\s+both\b|\bboth\s+(?:bottles|brand|names|products)\b|"
    # a med rec that keeps two lists' names of one drug: "Longtec 20 mg BD (discharge letter) - both continued"
    r"\bboth\s+(?:continued|charted|prescribed|active|restarted|ordered|given|kept)\b"
)


def _listed_twice(text: str, stmts: list[MedStatement]) -> list[MedStatement]:
    """Two names of one drug (Keppra and levetiracetam), each with a dose, each heading its own line of one list
    (no blank line between), or said to be taken both: the same drug twice. A brand in the history and the
    generic in the plan is one drug mentioned twice, not a duplicate."""
    dosed = [s for s in stmts if s.dose is not None and not s.loading]
    if len({s.name.lower() for s in dosed}) < 2:
        return []
    a, b = dosed[0], dosed[-1]
    between = text[a.span[0] : b.span[1]]
    both = _BOTH.search(text, a.span[0], min(len(text), b.span[1] + 60))
    if both:
        # the two names written before "both", nearest first ("OxyContin ... Longtec ... both continued")
        before = [st for st in dosed if st.span[0] < both.start()]
        for i in range(len(before) - 1, 0, -1):
            pair = next(
                (x for x in reversed(before[:i]) if x.name.lower() != before[i].name.lower()), None
            )
            if pair is not None:
                return [pair, before[i]]
        return [a, b]

    def heads_line(st: MedStatement) -> bool:
        line_start = text.rfind("\n", 0, st.span[0]) + 1
        m = _BULLET.match(text, line_start)
        return m is not None and m.end() == st.span[0]

    if "\n" in between and "\n\n" not in between and heads_line(a) and heads_line(b):
        return [a, b]
    # "Home: Lantus 24 units ... Admission orders: - insulin glargine 24 units - Basaglar 24 units": any two names
    # heading lines of one list, even when the drug is also named in a home-medication line above it
    for i, x in enumerate(dosed):
        for y in dosed[i + 1 :]:
            gap = text[x.span[0] : y.span[1]]
            if (
                x.name.lower() != y.name.lower()
                and "\n" in gap
                and "\n\n" not in gap
                and heads_line(x)
                and heads_line(y)
            ):
                return [x, y]
    return []


_SEQUENCE = re.compile(
    r"(?i)\bthen\b|\bfollowed by\b|\bstep(?:ped|ping)?[- ]down\b|->|→|=>|\bswitch(?:ed|ing)? to\b|"
    r"\b(?:change|transition|convert)(?:d|ed|ing)? to\b|\bafter (?:which|that)\b"
)


_NEXT_LINE_SEQUENCE = re.compile(
    r"(?i)\s*(?:[-*•]\s*)?(?:then|followed by|after (?:that|which)|step(?:ping)?[- ]down to|"
    r"(?:change|switch|convert|transition)(?:d|ed|ing)?\s+to)\b"
)


def _in_sequence(text: str, members: list[MedStatement]) -> bool:
    """Two drugs of a group ordered one after the other ("methylprednisolone 1 g IV x 3 days, then prednisone 60
    mg"): the words between them say the first ends before the second starts."""
    if len(members) != 2:
        return False
    a, b = sorted(members, key=lambda s: s.span[0])
    gap = text[a.span[0] : b.span[0]]
    # the sequence word leads into the second drug ("..., then prednisone"); a "then" inside the first drug's own
    # regimen ("apixaban 10 mg BID x 7 days, then 5 mg BID") does not end it
    line = text[text.rfind("\n", 0, b.span[0]) + 1 : b.span[0]]
    if "\n" in gap and len(gap) <= 300 and gap.count("\n") <= 3 and _NEXT_LINE_SEQUENCE.match(line):
        # a line of its own that starts with the sequence word ("Then prednisolone 1 mg/kg/day"), a line or
        # two of monitoring after the first drug's course
        return True
    if len(gap) > 160 or gap.count("\n") > 1:
        return False
    if "\n" in gap:  # on the next line, the line itself must start with the sequence word
        return False
    return bool(_SEQUENCE.search(text[max(a.span[0], b.span[0] - 25) : b.span[0]]))


_GIVEN = re.compile(r"(?i)\b(?:given|administered|gave|received)\b")
_TIMED = re.compile(r"\s*(?:at\s+)?@?\s*\d{1,2}:\d{2}\b")
_LOG_TIME = re.compile(
    r"\s*(?:[-*•]\s*)?(?:[01]?\d|2[0-3])[:.h]?[0-5]\d\b(?!\s*(?:mg|mcg|units|mL))"
)
_SEIZING = re.compile(r"(?i)\bseiz\w*|\bstatus\b|\bconvuls\w*|\bfitting\b|\bepilep\w*")


def _rescue_step(text: str, members: dict[str, MedStatement]) -> bool:
    """A seizure rescue ladder: the first drug's dose is recorded as already given ("Buccolam 5 mg given by
    paramedics 10:05"), the second is the next step, and the note is about seizures."""
    if len(members) != 2 or not _SEIZING.search(text):
        return False
    first, second = sorted(members.values(), key=lambda s: s.span[0])
    line_end = text.find("\n", first.span[0])
    after = text[first.span[0] : line_end if line_end != -1 else len(text)][:120]
    if bool(_GIVEN.search(after)) and second.span[0] > first.span[0] + len(after) - 1:
        return True
    # "Benzodiazepines x2 given: buccal midazolam 5 mg 14:02, IV lorazepam 1.8 mg 14:12": a record of doses given,
    # each with its time
    lead = text[text.rfind("\n", 0, first.span[0]) + 1 : first.span[0]]
    # "07:40 buccal midazolam 7.5mg (paramedics) / 07:50 lorazepam 2mg IV": a timed log, a line per dose given
    if all(
        _LOG_TIME.match(text[text.rfind("\n", 0, st.span[0]) + 1 : st.span[0]])
        for st in (first, second)
    ):
        return True
    return bool(_GIVEN.search(lead)) and all(
        _TIMED.match(text, st.span[1]) or _TIMED.search(text[st.span[0] : st.span[1]])
        for st in (first, second)
    )


def _planned(ctx: RuleContext, drugs: list[str], documented: bool) -> bool:
    """A documented, deliberate overlap (bridging, cross-taper) between these drugs."""
    if not documented:
        return False
    classes = [set(ctx.formulary.drugs[d].classes) for d in drugs]
    anticoag = all("anticoagulant" in c for c in classes)
    return anticoag or any(
        "ssri" in c or "antipsychotic" in c or "opioid" in c or "insulin" in c for c in classes
    )


def _dose_applies(ctx: RuleContext, drug: str, min_daily: float | None) -> bool:
    """An interaction that needs a dose ("aspirin above 100 mg/day") applies unless the dose is known to be lower.
    The maintenance dose counts: "aspirin 325 mg chewed x1, then 81 mg daily" is the labelled ticagrelor start."""
    if min_daily is None:
        return True
    stmts = [st for st in ctx.statements if st.drug == drug]
    kept = [st for st in stmts if not st.loading] or stmts[:1]
    for st in kept:
        daily = daily_dose(st, ctx.formulary.drugs[drug], ctx.patient)
        if daily is None or daily >= min_daily:
            return True
    return False


def _start_severity(ctx: RuleContext, it: Interaction, drug: str) -> tuple[SEVERITIES, str] | None:
    """Drug a started beside b: judged by its starting daily dose against the reduced titration the label gives."""
    if it.a_start_max_daily is None or it.severity_if_fast_start is None:
        return None
    stmts = [st for st in ctx.statements if st.drug == drug and st.dose is not None]
    started = [st for st in stmts if STARTING.search(order_line(ctx.text, st))]
    if not started and len(stmts) > 1 and not any(st.change for st in stmts):
        # "25 mg on alternate days for 2 weeks, then 25 mg daily ...": a titration written out step by step starts
        # at its first step
        started = stmts[:1]
    if not started:
        return None
    unit = ctx.formulary.drugs[drug].unit
    daily = daily_dose(started[0], ctx.formulary.drugs[drug], ctx.patient)
    if daily is None:
        return None
    if daily > it.a_start_max_daily * 1.0001:
        return (
            it.severity_if_fast_start,
            f" Started at {daily:g} {unit}/day: beside this drug the first weeks are at most "
            f"{it.a_start_max_daily:g} {unit}/day.",
        )
    return "info", " Started at the reduced titration the label gives for this combination."


def _max_severity(ctx: RuleContext, it: Interaction, drug: str) -> tuple[SEVERITIES, str] | None:
    """Drug a above the most the label allows beside b (rosuvastatin 20 mg with ciclosporin: at most 5 mg)."""
    if it.a_max_daily is None or it.severity_above_max is None:
        return None
    d = ctx.formulary.drugs[drug]
    days = [daily_dose(st, d, ctx.patient) for st in ctx.statements if st.drug == drug]
    daily = max((x for x in days if x is not None), default=None)
    if daily is None or daily <= it.a_max_daily * 1.0001:
        return None
    return (
        it.severity_above_max,
        f" {drug} {daily:g} {d.unit}/day is above the {it.a_max_daily:g} {d.unit}/day allowed with this drug.",
    )


_QTC = re.compile(
    r"(?i)\bQTc?(?:\s*(?:interval|of|was|is|=|:|~|now|today))*\s*(\d{3})\s*(?:ms|msec)?\b"
)
_ECG_PLAN = re.compile(r"(?i)\b(?:ECG|EKG|tele(?:metry)?)\b")


def _qt_severity(ctx: RuleContext, it: Interaction) -> tuple[SEVERITIES, str] | None:
    """A QT-prolonging pair is judged by the QTc the note gives: 500 ms or more is critical (torsades risk rises
    steeply, AHA/ACCF 2010), a normal QTc with ECG monitoring planned is information; otherwise the entry stands."""
    if "QT" not in it.effect:
        return None
    m = _QTC.search(ctx.text)
    if not m:
        return None
    qtc = int(m.group(1))
    if qtc >= 500:
        return "critical", f" QTc is {qtc} ms (500 or more): avoid adding a QT-prolonging drug."
    if qtc < 450 and _ECG_PLAN.search(ctx.text[m.end() :]):
        return "info", f" QTc {qtc} ms is normal and ECG monitoring is planned."
    return None


_CLOCK = re.compile(r"[ \t]*(?:[-*•]\s*)?([01]?\d|2[0-3]):?([0-5]\d)\b")


_SEPARATED = re.compile(
    r"(?i)\bseparat\w*\s+(?:\w+\s+){0,4}(?:by\s+)?(?:at\s+least\s+)?\d+\s*(?:-\s*\d+\s*)?h|\b\d+\s*(?:h|hrs?|hours?)\s+apart\b|"
    r"\b(?:\d+\s*(?:h|hrs?|hours?)\s+)(?:before|after)\s+(?:the\s+)?(?:levothyroxine|synthroid|iron|calcium)"
)


def _clock_h(text: str, st: MedStatement) -> float | None:
    """The clock time heading the statement's line ("06:00 levothyroxine 100 mcg"), in hours."""
    line_start = text.rfind("\n", 0, st.span[0]) + 1
    m = _CLOCK.match(text, line_start)
    if not m or m.end() > st.span[0]:
        return None
    return int(m.group(1)) + int(m.group(2)) / 60


def _safe_note(ctx: RuleContext, it: Interaction, a: MedStatement, b: MedStatement) -> str:
    """Why the pair is information here: the numbers that make it safe, or the hours between the doses."""
    p = ctx.patient
    if it.safe_potassium_below is not None and it.safe_egfr_from is not None:
        kidney = p.egfr if p.egfr is not None else p.crcl
        if (
            p.potassium is not None
            and p.potassium < it.safe_potassium_below
            and kidney is not None
            and kidney >= it.safe_egfr_from
            and not p.dialysis
        ):
            return (
                f" Potassium {p.potassium:g} and kidney function {kidney:.0f} allow the combination: monitor as "
                "advised."
            )
    if it.separate_h is not None:
        if _SEPARATED.search(ctx.text):
            return " The note says the doses are separated, as advised."
        ta, tb = _clock_h(ctx.text, a), _clock_h(ctx.text, b)
        if ta is not None and tb is not None:
            gap = abs(ta - tb)
            if min(gap, 24 - gap) >= it.separate_h:
                return f" Given {min(gap, 24 - gap):g} h apart, as advised."
    return ""


# ISMP high-alert classes: two names of one of these drugs taken together is a double dose that can kill
HIGH_ALERT_CLASSES = frozenset(
    {
        "anticoagulant",
        "insulin",
        "opioid",
        "antineoplastic",
        "antiarrhythmic",
        "sulfonylurea",
        "vasopressor",
    }
)


# routes whose doses stay where they are given (intravitreal injections of micrograms to a few milligrams)
LOCAL_ROUTES = frozenset({"IVIT"})


class InteractionRule(Rule):
    """Protects against pairs the formulary lists as contraindicated or needing action (clarithromycin +
    simvastatin, methotrexate + TMP-SMX, warfarin + NSAIDs)."""

    name = "interaction"

    def check(self, ctx: RuleContext) -> list[Finding]:
        by_drug: dict[str, MedStatement] = {}
        for st in ctx.statements:
            if st.route in LOCAL_ROUTES:
                continue  # an intravitreal injection reaches the blood in traces: no systemic interaction
            if st.drug not in by_drug or st.origin == "answer":
                by_drug[st.drug] = st
        names = sorted(by_drug)
        documented = bool(PLANNED_OVERLAP.search(ctx.text))
        out, seen = [], set()
        index = ctx.formulary.interaction_index
        cands = sorted({i for n in names for i in index.get(n, ())})
        for it in (ctx.formulary.interactions[i] for i in cands):
            side_a = [a for a in names if ctx.formulary.matches(it.a, a)]
            side_b = [b for b in names if ctx.formulary.matches(it.b, b)] if side_a else []
            for a in side_a:
                for b in side_b:
                    if a == b or frozenset((a, b)) in seen:
                        continue
                    if not _dose_applies(ctx, a, it.a_min_daily) or not _dose_applies(
                        ctx, b, it.b_min_daily
                    ):
                        continue
                    seen.add(frozenset((a, b)))
                    st = (
                        by_drug[b]
                        if by_drug[b].origin == "answer" or by_drug[a].origin != "answer"
                        else by_drug[a]
                    )
                    sev, note = it.severity, ""
                    age = ctx.patient.age_years
                    if (
                        it.age_below_years is not None
                        and it.severity_below_age
                        and age is not None
                        and age < it.age_below_years
                    ):
                        sev = it.severity_below_age
                    p = ctx.patient
                    if (
                        it.unsafe_potassium_below is not None
                        and it.severity_if_unsafe
                        and p.potassium is not None
                        and p.potassium < it.unsafe_potassium_below
                    ):
                        sev, note = (
                            it.severity_if_unsafe,
                            f" Potassium is {p.potassium:g}, below {it.unsafe_potassium_below:g}.",
                        )
                    fast = _start_severity(ctx, it, a if ctx.formulary.matches(it.a, a) else b)
                    if fast is not None:
                        sev, note = fast
                    over = _max_severity(ctx, it, a if ctx.formulary.matches(it.a, a) else b)
                    if over is not None:
                        sev, note = over
                    worse = next(
                        (w.reason for w in it.critical_when if re.search(w.pattern, ctx.text)), ""
                    )
                    if worse:
                        sev, note = "critical", f" {worse}"
                    qt = _qt_severity(ctx, it)
                    if qt is not None:
                        sev, note = qt
                    long_qt = qt is not None and qt[0] == "critical"
                    safe = _safe_note(ctx, it, by_drug[a], by_drug[b])
                    why = next(
                        (w.reason for w in it.info_when if re.search(w.pattern, ctx.text)), ""
                    )
                    if why and not note:
                        safe = safe or f" {why}"
                    if safe and not long_qt:
                        sev, note = "info", safe
                    if it.routes and not (
                        by_drug[a].route in it.routes and by_drug[b].route in it.routes
                    ):
                        sev, note = (
                            "info",
                            f" Not both given {'/'.join(it.routes)}: the harm is reported with those routes.",
                        )
                    if _planned(ctx, [a, b], documented):
                        sev, note = (
                            "info",
                            " Documented as a planned overlap (bridging/cross-taper): monitor as planned.",
                        )
                    shared = set(ctx.formulary.drugs[a].duplicate_groups) & set(
                        ctx.formulary.drugs[b].duplicate_groups
                    )
                    if shared and _in_sequence(ctx.text, [by_drug[a], by_drug[b]]):
                        # "ketorolac x 4 doses, then ibuprofen 6 h after the last": one after the other
                        sev, note = "info", " Given one after the other, not together."
                    out.append(
                        self.finding(
                            sev,
                            sorted([a, b]),
                            f"{a} + {b}: {it.effect} {it.action}".strip() + note,
                            st,
                            f"formulary interactions: {it.a} + {it.b} ({it.reference})",
                        )
                    )
        return out


class DuplicateTherapyRule(Rule):
    """Protects against two drugs of one group given together (two anticoagulants, two SSRIs) and one drug
    hidden in two products (acetaminophen in Percocet and Tylenol)."""

    name = "duplicate_therapy"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        groups: dict[str, dict[str, MedStatement]] = defaultdict(dict)
        same: dict[str, dict[str, MedStatement]] = defaultdict(dict)
        every: dict[str, list[MedStatement]] = defaultdict(list)
        for st in ctx.statements:
            for g in ctx.formulary.drugs[st.drug].duplicate_groups:
                groups[g].setdefault(st.drug, st)
            same[st.drug].setdefault((st.product or st.name).lower(), st)
            every[st.drug].append(st)
        documented = bool(PLANNED_OVERLAP.search(ctx.text))
        for g, members in groups.items():
            if len(members) > 1 and all(m.route == "IP" for m in members.values()):
                continue  # cefazolin + ceftazidime in one dwell is the ISPD empiric peritonitis regimen
            if len(members) > 1:
                meta = ctx.formulary.classes.get(g, {})
                label = meta.get("label", g.replace("_", " "))
                severity = meta.get("duplicate_severity", "warning")
                st = list(members.values())[-1]
                names = sorted(members)
                planned = _planned(ctx, names, documented)
                note = " Documented as a planned overlap (bridging/cross-taper)." if planned else ""
                if not planned and _in_sequence(ctx.text, list(members.values())):
                    planned, note = True, " Given one after the other (a step-down), not together."
                if not planned and meta.get("rescue_sequence") and _rescue_step(ctx.text, members):
                    planned, note = (
                        True,
                        " One dose already given for seizures, then the next step of the rescue protocol "
                        "(two benzodiazepine doses in total): watch breathing.",
                    )
                out.append(
                    self.finding(
                        "info" if planned else severity,
                        names,
                        f"duplicate therapy: {' and '.join(names)} are both {label}.{note}",
                        st,
                        f"formulary: duplicate group {g}",
                    )
                )
        for generic, written in same.items():
            forms = {
                s.formulation or "IR"
                for s in written.values()
                if s.dose is not None and not s.loading
            }
            brands = [
                s
                for s in written.values()
                if s.dose is not None and not s.product and not s.loading
            ]
            # ER + IR of one opioid is the usual long-acting plus breakthrough regimen, not a duplicate
            opioid = ctx.formulary.drugs[generic].opioid is not None
            if (
                len(forms) > 1
                and len(brands) > 1
                and not opioid
                and not documented
                and not _SWITCH.search(ctx.text)
            ):
                st = brands[-1]
                out.append(
                    self.finding(
                        "warning",
                        [generic],
                        f"{generic} is ordered twice in different forms ("
                        + ", ".join(sorted(s.name for s in brands))
                        + "): the same drug given twice",
                        st,
                        "formulary: duplicate orders of one drug",
                    )
                )
                continue
            listed = _listed_twice(ctx.text, [s for s in every[generic] if not s.product])
            switch = (
                _SWITCH_SAME_FORM
                if listed
                and listed[0].formulation
                and listed[0].formulation == listed[1].formulation
                else _SWITCH
            )
            if listed and not documented and not switch.search(ctx.text):
                high_alert = bool(HIGH_ALERT_CLASSES & set(ctx.formulary.drugs[generic].classes))
                out.append(
                    self.finding(
                        "critical" if high_alert else "warning",
                        [generic],
                        f"{generic} is listed twice under different names ({' and '.join(s.name for s in listed)}): "
                        "brand and generic of one drug taken together double the dose",
                        listed[-1],
                        "formulary: duplicate orders of one drug",
                    )
                )
                continue
            # an undosed mention of the generic ("added to buprenorphine") refers to the product, it is not another
            products = {k: s for k, s in written.items() if s.product or s.dose is not None}
            if len(products) > 1 and any(s.product for s in products.values()):
                st = list(products.values())[-1]
                drug = ctx.formulary.drugs[generic]
                days = [daily_dose(s, drug, ctx.patient) for s in products.values()]
                cap = lenient(limits_for(drug, st, ctx.patient, ctx.text), "max_daily")
                # within the daily maximum even at the most frequent PRN use: say it, do not warn
                within = (
                    None not in days
                    and cap is not None
                    and sum(d or 0.0 for d in days) <= cap[0] * 1.0001
                )
                out.append(
                    self.finding(
                        "info" if within else "warning",
                        [generic],
                        f"{generic} appears in more than one product "
                        f"({', '.join(s.product or s.name for s in products.values())}); count the total "
                        "daily dose",
                        st,
                        f"formulary: {generic}",
                    )
                )
        return out
