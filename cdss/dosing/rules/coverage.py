"""What could not be checked, said out loud, so that "no findings" means checked and fine (as VistA's dose
checks do): a dose that could not be read, a weight-based drug with no weight, a drug outside the formulary."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import ClassVar

from cdss.dosing.extract import MedStatement
from cdss.dosing.formulary import Drug
from cdss.dosing.rules.base import Finding, Rule, RuleContext, limits_for, ref
from cdss.dosing.severity import Severity

_FREQ_PENDING = re.compile(
    r"(?i)\b(?:frequency|interval|dosing interval|schedule)\s+(?:tbd|to be determined|pending|per levels?|"
    r"per pharmacy|per protocol|by levels?)|\b(?:interval|frequency)\s+(?:per|by)\s+(?:levels?|pharmacy)|"
    r"\bredose per (?:levels?|pharmacy)|\bper pharmacy to dose\b|"
    # "Prednisolone 5 mg tabs - 'reducing course as per hospital sheet'": the regimen is elsewhere
    r"\b(?:reducing|tapering|weaning)\s+(?:course|dose|regimen)\s+(?:as\s+)?per\b|\bas\s+per\s+(?:the\s+)?(?:hospital|discharge|clinic)\s+(?:sheet|letter|chart|plan)\b"
)


class NotCheckedRule(Rule):
    """Protects against silent passes: an active order whose dose could not be read, or a per-kg order (or a
    drug dosed only per kg) for a patient with no recorded weight, is reported as not checked, naming what is
    missing."""

    name = "not_checked"

    def check_statement(self, st: MedStatement, drug: Drug, ctx: RuleContext) -> Iterable[Finding]:
        if st.product:
            return []
        # a concentration alone is checked only where the formulary limits it ("heparin 10 units/mL flush");
        # "lidocaine 1% infiltration as required" has a strength and no dose
        if st.dose is None and (st.concentration is None or not drug.concentration_limits):
            if ctx.origin == "answer":
                return []  # prose mentions in answers ("the apixaban dose") are not orders
            if any(o.drug == st.drug and o.dose is not None for o in ctx.statements):
                return []  # a later mention of a drug already ordered with a dose ("start apixaban when ...")
            if st.unit in ("tab", "cap"):
                return [
                    self.finding(
                        "info",
                        [drug.name],
                        f"{drug.name}: ordered in tablets with no strength, so its dose "
                        "was not checked; write the strength (mg per tablet)",
                        st,
                        ref(drug, "dose check"),
                        ["strength"],
                    )
                ]
            return [
                self.finding(
                    "info",
                    [drug.name],
                    f"{drug.name}: no dose could be read from the order, so its dose "
                    "was not checked",
                    st,
                    ref(drug, "dose check"),
                    ["dose"],
                )
            ]
        if (
            st.unit == "mL"
            and drug.unit != "mL"
            and st.concentration is None
            and not st.per_hour
            and not drug.ml_order_unsafe
            and ctx.origin != "answer"
        ):
            # "Oramorph 5 mL": 10 mg/5 mL or the 20 mg/mL concentrate, a 10-fold difference (NPSA: prescribe in mg)
            return [
                self.finding(
                    "info",
                    [drug.name],
                    f"{drug.name}: ordered as a volume with no strength, so its dose was not checked; write "
                    f"the dose in {drug.unit} (or the liquid's strength)",
                    st,
                    ref(drug, "dose check"),
                    ["strength"],
                )
            ]
        if (
            st.frequency is None
            and not st.per_hour
            and ctx.origin != "answer"
            and _FREQ_PENDING.search(ctx.text[st.span[0] : st.span[1] + 40])
        ):
            return [
                self.finding(
                    "info",
                    [drug.name],
                    f"{drug.name}: the frequency is not set yet, so the daily dose and "
                    "interval were not checked",
                    st,
                    ref(drug, "dose check"),
                    ["frequency"],
                )
            ]
        if st.per_m2 and st.stated_dose is None and ctx.patient.surface_area is None:
            # "methotrexate 50 mg/m2 IM" with no height, weight or BSA anywhere: the mg dose cannot be worked out
            return [
                self.finding(
                    "info",
                    [drug.name],
                    f"{drug.name} is ordered per m2 but no body surface area, height or weight is recorded, so "
                    "its dose was not checked",
                    st,
                    ref(drug, "dose check"),
                    ["body surface area"],
                )
            ]
        if not ctx.patient.weight_kg:
            adult = [
                lim
                for lim in limits_for(drug, st, ctx.patient, ctx.text)
                if lim.population != "pediatric"
            ]
            only_per_kg = (
                bool(adult)
                and any(lim.max_single_per_kg or lim.max_daily_per_kg for lim in adult)
                and all(lim.max_single is None and lim.max_daily is None for lim in adult)
            ) or (  # an infusion whose only ceiling is per kg per hour (dobutamine in mcg/kg/min)
                st.per_hour
                and any(lim.max_rate_per_kg_h for lim in adult)
                and all(lim.max_rate_h is None for lim in adult)
            )
            if st.per_kg and st.stated_dose is None:
                return [
                    self.finding(
                        "info",
                        [drug.name],
                        f"{drug.name} is written per kg but no weight was found; record "
                        "the weight to check the dose",
                        st,
                        ref(drug, "weight-based dosing"),
                        ["weight"],
                    )
                ]
            if only_per_kg or (
                ctx.patient.pediatric
                and any(
                    lim.population == "pediatric"
                    and (lim.max_single_per_kg or lim.max_daily_per_kg)
                    for lim in limits_for(drug, st, ctx.patient, ctx.text)
                )
            ):
                return [
                    self.finding(
                        "info",
                        [drug.name],
                        f"{drug.name} is dosed by weight and no weight was found; its "
                        "weight-based limits were not checked",
                        st,
                        ref(drug, "weight-based dosing"),
                        ["weight"],
                    )
                ]
        return []


class UnknownDrugRule(Rule):
    """Protects against a false sense of safety for drugs the formulary does not hold: a word followed by a dose
    that is not a formulary name is reported as not checked."""

    name = "unknown_drug"
    PATTERN = re.compile(
        r"(?<![\w/-])([A-Za-z][A-Za-z\-]{3,})(?:\s+(?:ER|XR|XL|SR|CR|DR|IR|ODT|MR|LA|PR|P/N))?(?:\s*\([A-Za-z0-9][\w\-/ ]{2,40}\))?"
        # "Otezla (apremilast) titration pack, target 30 mg", "Exjade (deferasirox) dispersible tablets 20 mg/kg/day"
        r"(?:[ ,]+(?:titration|starter|pack|kit|target|dose|then|at|to|up|dispersible|soluble|effervescent|"
        # "| Pyrazinamide | 600 mg PO OD |": a table cell border between the name and the dose
        r"film-coated|tablets?|capsules?|oral|solution|suspension))*(?:[ \t]*\|)?\s+(\d+(?:[.,]\d+)?)(?:/\d+(?:\.\d+)?)?\s*"
        r"(mg|mcg|g|units|mEq|mL|micrograms?)\b(?!\s*/\s*(?:dl|l|min|h))",
        re.IGNORECASE,
    )
    # a product counted in capsules or tablets: a capitalised or quoted name ("'ThyroMax Ultra' 2 caps")
    COUNTED = re.compile(
        r"(?<![\w/-])['\"‘“]?((?:[A-Z][A-Za-z\-]+\s+)?[A-Z][A-Za-z\-]{3,})['\"’”]?"
        r"(?:\s*\([A-Za-z0-9][\w\-/ ]{2,40}\))?\s+(\d+)\s*"  # "Artemether-lumefantrine (Coartem) 4 tabs"
        r"(caps?|capsules?|tabs?|tablets?|softgels?|gummies|lozenges?)\b"
    )
    # a fluid or blood product given as a strength ("Human albumin 20%: 1.5 g/kg"), though its name is a lab word
    BLOOD_PRODUCT = re.compile(
        r"(?i)(?<![\w/-])((?:human\s+)?albumin)\s+(\d+(?:\.\d+)?)\s*(%)(?=\s*[:,(-]?\s*\d|\s+(?:IV|infusion|bottle|vial))"
    )
    STOP: ClassVar[frozenset[str]] = frozenset(
        "given take takes taking took total dose doses increase increased decrease decreased reduce reduced start started "
        "starting continue continued plus then daily with and from into over each every than about approximately approx "
        "maximum max minimum min target load loading bolus additional extra another further was were received receive "
        "cumulative running infusing programmed remaining "
        "glucose creatinine lactate potassium sodium magnesium calcium albumin protein bicarbonate chloride phosphate "
        "hemoglobin haemoglobin troponin bilirubin urine output intake fluid fluids saline bags bag rate once twice "
        "change changed titrate titrated repeat repeated weight weighs weighing dosed dosing needs needed upto "
        "thrice nightly weekly hourly every using usual typical single high higher lower low tablet tablets capsule "
        "capsules gram grams held hold holding stopped stop restart resumed resume only aims aim goal push slow rapid "
        "infuse infused infusion drip over oral dosage tabs caps pill pills injection inject units unit flush lock "
        "solution suspension liquid syrup patch patches spray drops home current currently previous prior now stat "
        "double triple half halve want wants would should could must give gave administer administered strength extra "
        "regular chewable demand basal lockout clinician draw draws drawing drawn withdraw measure measured "
        "loaded reloaded after before maintenance bolused aliquot aliquots".split()
    )

    def check(self, ctx: RuleContext) -> list[Finding]:
        if not ctx.text or ctx.origin == "answer":
            return []  # guideline prose ("the label allows 5 mg") is not a medication list
        known = ctx.formulary.synonyms
        out, seen = [], set()
        hits = sorted(
            [
                *self.PATTERN.finditer(ctx.text),
                *self.COUNTED.finditer(ctx.text),
                *self.BLOOD_PRODUCT.finditer(ctx.text),
            ],
            key=lambda m: m.start(),
        )
        merged: list[
            list[int]
        ] = []  # the formulary names' spans, merged, for a binary search per hit
        for a, b in sorted(ctx.known_spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        starts = [a for a, _ in merged]
        for m in hits:
            whole = m.group(1)
            word = whole.split()[-1]
            if any(w.lower() in known or w.lower() in self.STOP for w in whole.split()[:-1]):
                whole = word  # "Start Zyrtex 2 tabs": the name is the last word
            elif len(whole.split()) > 1 and word.lower() in self.STOP:
                word = whole.split()[
                    0
                ]  # "Sinemet Plus (co-careldopa 25/100) 1 tab": a product's modifier last
            low = word.lower()
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < merged[i][1]:
                continue
            product = m.re is self.BLOOD_PRODUCT
            if (
                low in known
                or (low in self.STOP and not product)
                or low in seen
                or low in ctx.formulary.product_names
                or (word.isupper() and len(word) <= 4)
            ):
                continue
            seen.add(low)
            word = whole
            out.append(
                Finding(
                    self.name,
                    Severity.INFO,
                    [word.lower()],
                    (
                        f"'{word}' {m.group(2)}% is not in the formulary, so its dose was not checked"
                        if product
                        else f"'{word}' with a dose of {m.group(2)} {m.group(3)} is not in the "
                        "formulary, so its dose was not checked"
                    ),
                    (m.start(), m.end()),
                    ctx.origin,
                    "formulary: no entry",
                    ["formulary entry"],
                )
            )
        return out
