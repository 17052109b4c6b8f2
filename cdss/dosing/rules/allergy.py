"""Allergies: the drug itself, its allergy group (HIT covers every heparin) and cross-sensitive groups."""

from __future__ import annotations

from cdss.dosing.formulary import allergen_terms
from cdss.dosing.rules.base import Finding, Rule, RuleContext, ref


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
            for st in ctx.statements:
                drug = ctx.formulary.drugs[st.drug]
                if st.drug in generics:
                    out.append(self.finding("critical", [drug.name], f"{drug.name} ordered despite a recorded allergy to "
                                            f"{allergy.substance}{reaction}", st, ref(drug, "allergy")))
                    continue
                shared = groups & set(drug.allergy_groups)
                if shared:
                    g = sorted(shared)[0]
                    out.append(self.finding("critical", [drug.name], f"{drug.name} is in the {g.replace('_', ' ')} group; "
                                            f"recorded allergy to {allergy.substance}{reaction}", st, ref(drug, "allergy group")))
                    continue
                for c in ctx.formulary.allergy_cross:
                    if drug.name in c.except_drugs or (c.only_drugs and drug.name not in c.only_drugs):
                        continue
                    if c.allergy in groups and c.flags in drug.allergy_groups and c.allergy != c.flags:
                        out.append(self.finding(c.severity, [drug.name], f"{drug.name}: possible cross-sensitivity with the "
                                                f"recorded {allergy.substance} allergy{reaction}. {c.advice}".strip(), st,
                                                f"formulary: allergy cross-sensitivity {c.allergy} -> {c.flags} ({c.reference})"))
                        break
        return out
