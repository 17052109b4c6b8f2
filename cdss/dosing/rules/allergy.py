"""Allergies: the drug itself, its allergy group (HIT covers every heparin) and cross-sensitive groups."""

from __future__ import annotations

import re

from cdss.dosing.formulary import allergen_terms
from cdss.dosing.rules.base import Finding, Rule, RuleContext, order_line, ref

# side effects recorded as allergies: the drug may still be given (information, not an alert)
INTOLERANCE = re.compile(
    r"(?i)\b(?:nausea|vomit\w*|n/v|n&v|gi upset|upset stomach|stomach upset|dyspepsia|constipat\w*|"
    r"drows\w*|sedat\w*|dizz\w*|headache|diarrho?ea|intoleran\w*|side effects?|jittery|insomnia|"
    r"dry mouth|fatigue|tired|red[- ]man|red neck|flushing|infusion reaction|infusion-related|"
    # opioid neurotoxicity is a reason to switch opioid, not an allergy to the group (PCF: opioid switching)
    r"hallucinat\w*|myoclon\w*|confus\w*|delirium|nightmares?|urinary retention|neurotoxic\w*)\b"
)
MILD = re.compile(
    r"(?i)\b(?:rash|itch\w*|prurit\w*|maculopapular|morbilliform|exanthem\w*|mild|erythema|flushing|"
    r"red[- ]man|hives?\s+only|skin reaction)\b"
)
# classes where, after a non-severe reaction, another member may be given (AAAAI/ACAAI 2022: a cephalosporin with a
# dissimilar side chain; opioid itching is histamine release, not allergy)
MILD_REACTION_INFO = frozenset({"cephalosporin", "opioid"})
# reactions that make a cross-sensitive class unsafe; other reactions (a remote rash) allow it (AAAAI/ACAAI 2022)
SEVERE = re.compile(
    r"(?i)anaphyla\w*|angio-?o?edema|swelling|throat|airway|stridor|wheez\w*|bronchospasm|hypotension|"
    r"shock|sjs|stevens|\bten\b|toxic epidermal|dress|blister\w*|desquam\w*|serum sickness|"
    r"interstitial nephritis|ha?emoly\w*|hepatitis|icu|intubat\w*|epinephrine|epi-?pen|hives|urticaria"
)

# a supervised challenge to remove an allergy label gives the drug on purpose ("direct oral challenge amoxicillin
# 250 mg x1, observe 60 min; if tolerated remove allergy label"): said, not alarmed
# "Aspirin desensitisation completed today", "post-desensitization maintenance": the allergy has been worked around
# under supervision, and the maintenance dose is the point of it
DESENSITISED = re.compile(
    r"(?i)\bdesensiti[sz]\w*\b[^.\n]{0,40}?\b(?:complete\w*|done|successful\w*|tolerated)\b|"
    r"\b(?:after|post|following|completed)[- ](?:\w+\s+)?desensiti[sz]\w*"
)


def _worked_around(desensitised: bool, challenge: bool) -> str:
    if desensitised:
        return " after a completed desensitisation (give it daily: a gap of 48 hours or more loses tolerance)"
    return " as a supervised challenge to remove the label" if challenge else ""


CHALLENGE = re.compile(
    r"(?i)\b(?:oral|drug|graded|direct|supervised|two-step|2-step)\s+(?:provocation|challenge)\b|"
    r"\bchallenge\s+(?:dose|test)\b|\bde-?label\w*|\bprovocation\s+test\b|\bremove\s+(?:the\s+)?allergy\s+label\b"
)


# a reaction written as absent ("non-urticarial rash", "no angioedema") is not that reaction
_NEGATED = re.compile(
    r"(?i)\b(?:non|no|not|without|nil|denies)[- ](?:\w+[- /])?(?:urticari\w*|hives|angio-?o?edema|anaphyla\w*|"
    r"wheez\w*|blister\w*|swelling|stridor|hypotension)(?:[/, ]+(?:urticari\w*|hives|angio-?o?edema|anaphyla\w*|"
    r"wheez\w*|blister\w*|swelling|stridor|hypotension))*"
)


def _severe(reaction: str) -> bool:
    return bool(SEVERE.search(_NEGATED.sub(" ", reaction)))


class AllergyRule(Rule):
    """Protects against giving a drug the patient is recorded as allergic to, a member of the same allergy group
    (amoxicillin after a penicillin allergy, enoxaparin after HIT), or a cross-sensitive group at the severity
    the formulary gives."""

    name = "allergy"

    def check(self, ctx: RuleContext) -> list[Finding]:
        out = []
        for allergy in ctx.patient.allergies:
            generics, groups = allergen_terms(ctx.formulary, allergy.substance)
            for g in list(generics):
                groups |= set(ctx.formulary.drugs[g].allergy_groups)
            reaction = f" ({allergy.reaction})" if allergy.reaction else ""
            intolerance = bool(INTOLERANCE.search(allergy.reaction)) and not _severe(
                allergy.reaction
            )
            direct = "info" if intolerance else "critical"
            # a known non-severe reaction (remote rash, itch): cross-sensitive classes are information only
            mild = bool(MILD.search(allergy.reaction)) and not _severe(allergy.reaction)
            desensitised = bool(DESENSITISED.search(ctx.text)) if ctx.statements else False
            for st in ctx.statements:
                drug = ctx.formulary.drugs[st.drug]
                shared = groups & set(drug.allergy_groups)
                # read only for a statement the allergy concerns: most orders share nothing with it
                challenge = (st.drug in generics or bool(shared)) and (
                    desensitised or bool(CHALLENGE.search(order_line(ctx.text, st)))
                )
                if st.drug in generics:
                    out.append(
                        self.finding(
                            "info" if challenge else direct,
                            [drug.name],
                            f"{drug.name} ordered despite a recorded allergy to "
                            f"{allergy.substance}{reaction}"
                            + _worked_around(desensitised, challenge),
                            st,
                            ref(drug, "allergy"),
                        )
                    )
                    continue
                if shared:
                    g = sorted(shared)[0]
                    sev = direct if not mild else ("info" if g in MILD_REACTION_INFO else "warning")
                    sev = "info" if challenge else sev
                    out.append(
                        self.finding(
                            sev,
                            [drug.name],
                            f"{drug.name} is in the {g.replace('_', ' ')} group; "
                            f"recorded allergy to {allergy.substance}{reaction}"
                            + _worked_around(desensitised, challenge),
                            st,
                            ref(drug, "allergy group"),
                        )
                    )
                    continue
                for c in ctx.formulary.allergy_cross:
                    if drug.name in c.except_drugs or (
                        c.only_drugs and drug.name not in c.only_drugs
                    ):
                        continue
                    if (
                        c.allergy in groups
                        and c.flags in drug.allergy_groups
                        and c.allergy != c.flags
                    ):
                        out.append(
                            self.finding(
                                "info" if mild or intolerance else c.severity,
                                [drug.name],
                                f"{drug.name}: possible cross-sensitivity with the "
                                f"recorded {allergy.substance} allergy{reaction}. {c.advice}".strip(),
                                st,
                                f"formulary: allergy cross-sensitivity {c.allergy} -> {c.flags} ({c.reference})",
                            )
                        )
                        break
        return out
