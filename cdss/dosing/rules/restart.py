"""Restarting after a gap: drugs whose tolerance is lost within days and must be titrated again from the start.

Clozapine taken again at the home dose after two or more days off causes orthostatic collapse, bradycardia,
syncope and seizures (the label says to restart at 12.5 mg once or twice daily); lamotrigine restarted at the old
dose after five half-lives off brings back the risk of Stevens-Johnson syndrome. The formulary lists `retitrate`
for such drugs; this rule reads the gap from the note ("off clozapine x 5 days", "missed 3 days", "not taken
for a week") and compares the restart dose with the starting dose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import (
    Finding,
    Rule,
    RuleContext,
    absolute_dose,
    daily_dose,
    fmt,
    ref,
)
from cdss.dosing.rules.limits import _affirmed

_GAP = re.compile(
    r"(?i)\b(?:off|missed|stopped|without|refused|declined|omitted|not\s+(?:taken|taking|had|given)|ran\s+out(?:\s+of)?|nonadheren\w*|non-adheren\w*|"
    r"no(?:\s+doses?(?:\s+of)?)?)\b(?P<ctx>[^.\n;]{0,40}?)\b(?:x|for|×|in|past|last|over)?\s*(?:the\s+)?(?:past\s+|last\s+)?"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|a)\s*(?P<unit>days?|d|weeks?|wks?)\b"
)
# "a week off clozapine", "3 days without lamotrigine": the gap written before the word
_GAP_BEFORE = re.compile(
    r"(?i)\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s*(?P<unit>days?|d|weeks?|wks?)\s+(?:off|without|of\s+missed)\b"
    r"(?P<ctx>[^.\n;]{0,30})"
)
# "5 days' respite where clozapine was not given", "three days in custody, lamotrigine omitted": the gap first,
# the drug and the miss after it
_GAP_THEN_MISS = re.compile(
    r"(?i)\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s*(?P<unit>days?|d|weeks?|wks?)(?:['’]s?)?\s+"
    r"(?P<ctx>[^.\n;]{0,40}?)\b(?:(?:was|were)\s+)?(?:not\s+(?:given|taken|had|supplied|administered)|omitted|missed|"
    r"withheld|unavailable|no\s+supply)\b"
)
# "last dose Thu 20:00 (>96 h ago)", "no clozapine for over 72 hours": a gap in hours, read against the drug
# named in the same line or the line before
_GAP_HOURS = re.compile(
    r"(?i)\b(?:last\s+(?:dose|taken|given|had)|off|missed|without|no\s+doses?)\b[^.\n;]{0,40}?"
    r"(?:>|≥|over|more than|at least)?\s*(?P<n>\d{2,3})\s*(?:h|hrs?|hours?)\b"
)
# "Clozapine last taken 6 days ago", "last dose of lamotrigine a week ago"
_LAST_TAKEN = re.compile(
    r"(?i)(?P<pre>\b[\w-]+\s+)?\blast\s+(?:dose|taken|given|had|took)\b(?P<ctx>[^.\n;]{0,30}?)\s*"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|a)\s*(?P<unit>days?|d|weeks?|wks?)\s+ago\b"
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}
_RESTART = re.compile(
    r"(?i)\b(?:resum\w*|restart\w*|re-?start\w*|re-?initiat\w*|continue|home dose|back on)\b"
)


def days_off(text: str, names: set[str]) -> float | None:
    """The longest gap in days the note gives for one of `names` (or for 'meds' in general)."""
    best = None
    about = names | {"med", "meds", "medication", "all"}
    for m in [*_GAP.finditer(text), *_GAP_BEFORE.finditer(text), *_GAP_THEN_MISS.finditer(text)]:
        ctx = m.group("ctx").lower()
        # the gap after "off"/"missed" may name nothing ("off x 5 days"); the one before it must name the drug
        if (ctx.strip() or m.re is not _GAP) and not any(n in ctx for n in about):
            continue
        n = float(_WORDS.get(m.group("n").lower(), 0) or m.group("n"))
        days = n * 7 if m.group("unit").lower().startswith("w") else n
        best = days if best is None else max(best, days)
    for m in _LAST_TAKEN.finditer(text):
        if any(n in m.group("ctx").lower() or n in m.group("pre").lower() for n in about):
            n = float(_WORDS.get(m.group("n").lower(), 0) or m.group("n"))
            days = n * 7 if m.group("unit").lower().startswith("w") else n
            best = days if best is None else max(best, days)
    for m in _GAP_HOURS.finditer(text):
        near = text[
            max(0, text.rfind("\n", 0, max(0, text.rfind("\n", 0, m.start())))) : m.end()
        ].lower()
        if any(n in near for n in about):
            days = float(m.group("n")) / 24
            best = days if best is None else max(best, days)
    return best


# "Day 1: clozapine 100 mg PO BID", "start lamotrigine 100 mg BID": a first start is titrated from the same dose
_FIRST_START = re.compile(
    r"(?i)\bday\s*(?:1|one)\b|\bstart(?:ing|ed)?\b|\binitiat\w*|\bcommenc\w*|\bbegin\b|\bnew(?:ly)?\s+start|"
    r"\bfirst\s+dose\b"
)
_NOT_A_START = re.compile(
    r"(?i)\bcontinu\w*|\bhome\b|\bcurrent\w*|\bincreas\w*|\bup-?titrat\w*|\bmaintenance\b|\btarget\b|"
    r"\bgoal\b|\bestablished\b|\bstable\b|\bweek\s*[2-9]|\bday\s*(?:[2-9]|\d{2})"
)


# "No community script found", "dose not confirmed": nothing shows the patient takes the drug now, so a dose of it
# is a first start (methadone induction: at most 30 mg, 40 mg on the first day)
_UNCONFIRMED = re.compile(
    r"(?i)\bno\s+(?:community\s+|current\s+|active\s+)?(?:script|prescription|rx)\s+(?:was\s+)?(?:found|located|"
    r"confirmed|on\s+record)|\bno\s+(?:community|current)\s+(?:script|prescription)\b|"
    r"\bnil\s+(?:current\s+|community\s+)?(?:script|prescription)\b|\b(?:unable|could\s*n[o']t|cannot)\s+(?:to\s+)?(?:confirm|verify)\b|"
    r"\bnot\s+(?:yet\s+)?(?:confirmed|verified)\b|\bunconfirmed\b|\bunverified\b"
)


def _line(text: str, st: MedStatement) -> str:
    """The statement's line up to 30 characters past it, where start and restart words are written."""
    end = text.find("\n", st.span[1])
    return text[
        text.rfind("\n", 0, st.span[0]) + 1 : min(st.span[1] + 30, len(text) if end < 0 else end)
    ]


def _first_start(line: str, st: MedStatement) -> bool:
    """ "Start bisoprolol 10 mg", "Day 1: clozapine 100 mg": a first start, not a change, continuation or restart."""
    return (
        not st.change
        and bool(_FIRST_START.search(line))
        and not _NOT_A_START.search(line)
        and not _RESTART.search(line)
    )


class RestartTitrationRule(Rule):
    """Protects against restarting a drug at its full dose after the gap that the label says needs a new
    titration (clozapine 2 days, lamotrigine 5 half-lives)."""

    name = "retitration"

    @staticmethod
    def _continued(st: MedStatement, ctx: RuleContext, gap: float | None, limit: float) -> bool:
        """ "confirmed with prescriber: methadone 60 mg daily, last dose yesterday ... Rx: methadone 60 mg OD,
        start today": the note already holds the dose, with no gap that needs titrating, so it goes on."""
        if (gap is not None and gap >= limit) or _UNCONFIRMED.search(ctx.text):
            return False
        return any(
            o.drug == st.drug and o.dose is not None and o.span[1] <= st.span[0] and o is not st
            for o in ctx.all_statements
        )

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if st.dose is not None and drug.start_ceilings:
            found = self._start_ceiling(st, drug, ctx)
            if found:
                return found
        rt = drug.retitrate
        if rt is None or st.dose is None:
            return []
        names = {drug.name, *(s.lower() for s in drug.synonyms)}
        line = _line(ctx.text, st)
        daily = daily_dose(st, drug, ctx.patient)
        if (
            daily is None and st.frequency is None
        ):  # "80 mg supervised tonight": one dose is the day's amount
            daily = absolute_dose(st, drug, ctx.patient)
        if daily is None or daily <= rt.max_restart_daily * 1.0001:
            return []
        gap = days_off(ctx.text, names)
        cap = f"at most {fmt(rt.max_restart_daily)} {drug.unit}/day. {rt.advice}"
        if gap is not None and gap >= rt.after_days_off:
            if not _RESTART.search(line):
                return []
            what = (
                f"restarted at {fmt(daily)} {drug.unit}/day after {gap:g} days off: after "
                f"{rt.after_days_off:g} days or more it is titrated again from {cap}"
            )
        elif (_first_start(line, st) and not self._continued(st, ctx, gap, rt.after_days_off)) or (
            _UNCONFIRMED.search(ctx.text) and not _NOT_A_START.search(line)
        ):
            what = f"started at {fmt(daily)} {drug.unit}/day: a first start is titrated from {cap}"
        else:
            return []
        return [
            self.finding(
                rt.severity, [drug.name], f"{drug.name} {what}", st, ref(drug, rt.reference)
            )
        ]

    def _start_ceiling(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> list[Finding]:
        """A first start above the condition's starting dose (bisoprolol 10 mg started in heart failure)."""
        daily = daily_dose(st, drug, ctx.patient)
        if daily is None or not _first_start(_line(ctx.text, st), st):
            return []
        for c in drug.start_ceilings:
            if daily <= c.max_start_daily * 1.0001:
                continue
            if not _affirmed(c.when_pattern, ctx.text):
                continue
            what = (
                f"{drug.name} started at {fmt(daily)} {drug.unit}/day in {c.label}: it is started at no more "
                f"than {fmt(c.max_start_daily)} {drug.unit}/day and titrated. {c.advice}"
            )
            return [self.finding(c.severity, [drug.name], what, st, ref(drug, c.reference))]
        return []
