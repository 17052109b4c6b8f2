"""The dose-rule registry: one module per rule family, one class per rule, chosen by `dosing.rules`.

Like Presidio's recognizer registry, `RULES` maps a class name to its class; `DoseChecker` builds the ones the
configuration names (all by default). Each rule's docstring says what it protects against, and each has its
own test file under tests/dosing/rules/.
"""

from __future__ import annotations

from cdss.dosing.rules.age import AgeContraindicationRule
from cdss.dosing.rules.allergy import AllergyRule
from cdss.dosing.rules.base import Finding, Rule, RuleContext
from cdss.dosing.rules.beers import OlderAdultAvoidRule
from cdss.dosing.rules.concentration import ConcentrationRule
from cdss.dosing.rules.conditions import ContraindicationRule
from cdss.dosing.rules.coverage import NotCheckedRule, UnknownDrugRule
from cdss.dosing.rules.frequency import FrequencyRule
from cdss.dosing.rules.hepatic import HepaticRule
from cdss.dosing.rules.insulin import (
    BasalInsulinHeldRule,
    InsulinIncreaseAfterHypoRule,
    InsulinRule,
)
from cdss.dosing.rules.interactions import DuplicateTherapyRule, InteractionRule
from cdss.dosing.rules.limits import (
    CriteriaDose,
    CriteriaUnderdose,
    IndicationMinimumDose,
    MaxDailyDose,
    MaxSingleDose,
)
from cdss.dosing.rules.neonatal import NeonatalIntervalRule
from cdss.dosing.rules.notation import NotationRule
from cdss.dosing.rules.npo import PrandialInsulinNpoRule
from cdss.dosing.rules.opioids import OpioidRule
from cdss.dosing.rules.potassium import HyperkalaemiaRule, HypokalaemiaInsulinRule
from cdss.dosing.rules.pregnancy import PregnancyRule
from cdss.dosing.rules.rate import InfusionRateRule, PumpRateRule
from cdss.dosing.rules.renal import RenalRule
from cdss.dosing.rules.restart import RestartTitrationRule
from cdss.dosing.rules.route import PeripheralLineRule, RouteRule
from cdss.dosing.rules.surface_area import BodySurfaceAreaRule
from cdss.dosing.rules.units import UnitRule
from cdss.dosing.rules.weight import WeightBasedRule

RULES: dict[str, type[Rule]] = {
    r.__name__: r
    for r in (
        MaxSingleDose,
        CriteriaDose,
        CriteriaUnderdose,
        IndicationMinimumDose,
        MaxDailyDose,
        InfusionRateRule,
        PumpRateRule,
        FrequencyRule,
        NeonatalIntervalRule,
        RenalRule,
        HepaticRule,
        WeightBasedRule,
        BodySurfaceAreaRule,
        UnitRule,
        RouteRule,
        PeripheralLineRule,
        ConcentrationRule,
        OpioidRule,
        InsulinRule,
        BasalInsulinHeldRule,
        InsulinIncreaseAfterHypoRule,
        PrandialInsulinNpoRule,
        InteractionRule,
        DuplicateTherapyRule,
        AllergyRule,
        PregnancyRule,
        HyperkalaemiaRule,
        HypokalaemiaInsulinRule,
        NotationRule,
        AgeContraindicationRule,
        OlderAdultAvoidRule,
        RestartTitrationRule,
        ContraindicationRule,
        NotCheckedRule,
        UnknownDrugRule,
    )
}
RULE_NAMES = sorted({r.name for r in RULES.values()})

__all__ = ["RULES", "RULE_NAMES", "Finding", "Rule", "RuleContext"]
