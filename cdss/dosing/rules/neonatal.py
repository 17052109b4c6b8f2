"""Neonates: dosing intervals by postmenstrual and postnatal age, the way Neofax tables them.

A preterm newborn clears aminoglycosides far more slowly than a term baby: gentamicin 4-5 mg/kg is given every
48 h at 28 weeks in the first week of life and every 24 h only from about 35 weeks. The adult renal bands cannot
see this (a creatinine in the first days of life reflects the mother's), so the formulary lists
`neonatal_intervals` and this rule reads the gestational age at birth ("28 wk GA", "born at 31 weeks") and the
day of life ("DOL 3", "day 10 of life") from the note, or the age the EHR sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref

_GA = re.compile(
    r"(?i)\b(\d{2})(?:\s*\+\s*\d)?\s*(?:wk|wks|weeks?)\s*(?:GA|EGA|gestation(?:al age)?|gestational)\b|"
    r"\b(?:GA|EGA|gestational age)\s*(?:of\s*|[:=]\s*)?(\d{2})(?:\s*\+\s*\d)?\s*(?:wk|wks|weeks?)?\b|"
    # the UK "weeks+days/40" notation ("24+6/40"), which on a newborn's note is the gestation
    r"\b(\d{2})\s*\+\s*\d\s*/\s*40\b|"
    r"\bborn at\s*(\d{2})\s*(?:wk|wks|weeks?)|\bex[- ]?(\d{2})\s*(?:wk|wks|weeker|weeks?)\b|\b(\d{2})[- ]?week(?:er)?s?\s+preterm"
)
_PMA = re.compile(
    r"(?i)\b(?:PMA|CGA|corrected (?:gestational )?age)\s*(?:of\s*|[:=]\s*)?(\d{2})(?:\s*\+\s*\d)?\s*(?:wk|wks|weeks?)?"
)
_DOL = re.compile(
    r"(?i)\bDOL\s*#?\s*(\d{1,3})\b|\bday\s*(\d{1,3})\s+of\s+life\b|\bday of life\s*(\d{1,3})\b|"
    r"\bPNA\s*(?:of\s*)?(\d{1,3})\s*(?:d|days?)\b|\b(\d{1,3})\s*(?:d|days?)[- ]old\b"
)
_NEONATE = re.compile(
    r"(?i)\bneonat\w*|\bnewborn\b|\bNICU\b|\bpreterm\b|\bpremature\b|\bDOL\b|\bday of life\b"
)


def _first(m: re.Match[str] | None) -> float | None:
    if m is None:
        return None
    return next((float(x) for x in m.groups() if x is not None), None)


def neonatal_ages(ctx: RuleContext) -> tuple[float, float, bool] | None:
    """(postmenstrual age in weeks, postnatal age in days, whether the gestation was written) for a neonate, or
    None when the note gives no age."""
    age = ctx.patient.age_years
    if (age is None or age > 0.25) and not _NEONATE.search(ctx.text):
        return None
    days = _first(_DOL.search(ctx.text))
    if days is None and age is not None and age <= 0.25:
        days = age * 365.25
    pma = _first(_PMA.search(ctx.text))
    ga = _first(_GA.search(ctx.text))
    if days is None:
        return None
    # no gestation written: taken as term, which holds the preterm bands back (never a stricter reading) and still
    # applies the bands every newborn has (benzylpenicillin every 12 hours in the first week)
    known = pma is not None or ga is not None
    return (pma if pma is not None else (ga if ga is not None else 40.0) + days / 7.0), days, known


class NeonatalIntervalRule(Rule):
    """Protects preterm newborns from doses repeated faster than their kidneys clear them (gentamicin every 24 h
    at 28 weeks in the first week of life accumulates: trough-related nephro- and ototoxicity)."""

    name = "frequency"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        f = st.frequency
        if not drug.neonatal_intervals or f is None or not f.interval_h or f.code == "once":
            return []
        ages = neonatal_ages(ctx)
        if ages is None:
            return []
        pma, days, known = ages
        who = (
            f"{pma:.0f} weeks postmenstrual age, "
            if known
            else "(gestation not written, taken as term) "
        )
        for band in drug.neonatal_intervals:  # ordered youngest first; the first that fits applies
            if pma < band.pma_below_weeks and (
                band.postnatal_days_below is None or days < band.postnatal_days_below
            ):
                if f.interval_h >= band.min_interval_h * 0.99:
                    return []
                return [
                    self.finding(
                        band.severity,
                        [drug.name],
                        f"{drug.name} every {f.interval_h:g} h in a neonate {who}"
                        f"day {days:.0f} of life: the interval is every {band.min_interval_h:g} h. "
                        f"{band.advice}",
                        st,
                        ref(drug, band.reference),
                    )
                ]
        return []
