"""The formulary: validated drug files, interactions, products and classes.

A broken entry fails loading with a message naming the file, the drug and the
field, so a pharmacist can fix the YAML without reading code. The schema is
documented for pharmacists in corpora/formulary/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cdss.errors import FormularyError

ROUTES = (
    "PO",
    "IV",
    "IM",
    "SC",
    "SL",
    "PR",
    "INH",
    "TOP",
    "TD",
    "IT",
    "NAS",
    "OPH",
    "EPI",
    "IO",
    "BUCC",
    "VAG",
    "OTIC",
    "IP",  # intraperitoneal (antibiotics in peritoneal dialysis fluid)
    "IVIT",  # intravitreal (endophthalmitis antibiotics, steroids): a microgram-to-milligram route of its own
)
SEVERITIES = Literal["info", "warning", "critical"]
UNITS = ("mg", "mcg", "g", "units", "mEq", "mmol", "mL", "puff", "tab")
FREQUENCIES = (
    "once",
    "daily",
    "BID",
    "TID",
    "QID",
    "q4h",
    "q6h",
    "q8h",
    "q12h",
    "q24h",
    "q48h",
    "nightly",
    "weekly",
    "every_other_day",
    "continuous",
    "q72h",
    "q3h",
    "q2h",
    "q1h",
    "q36h",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limit(Strict):
    population: Literal["adult", "pediatric", "older_adult"]
    route: str | None = None
    # the limit holds only where the note names its setting (`when_pattern`), or not where it names another
    # (`unless_pattern`): heparin's 80 units/kg VTE bolus is not the 100 units/kg of an ablation or a PCI
    when_pattern: str = ""
    unless_pattern: str = ""
    # a ceiling for loading doses only ("paracetamol LOADING 30 mg/kg once" before 15 mg/kg maintenance)
    loading_only: bool = False
    # a ceiling for regular maintenance doses only: a neonate's phenobarbital 20 mg/kg load is given once, the
    # 2.5-5 mg/kg/day after it is not; a dose with no regular frequency (stat, once, x1) is taken as a load
    maintenance_only: bool = False
    # a ceiling for an IV push or bolus only: fluorouracil's 400 mg/m2 bolus beside its 2,400 mg/m2 46-hour infusion
    push_only: bool = False
    max_single: float | None = None
    max_daily: float | None = None
    max_single_per_kg: float | None = None
    max_daily_per_kg: float | None = None
    max_single_per_m2: float | None = None  # cisplatin: 100 mg/m2 in one dose (per cycle)
    # the most per m2 in any `cycle_days` days: cisplatin 120 mg/m2 in 21 days allows 100 every 3 weeks, 20 daily
    # for 5 days and 40 weekly, and catches 100 weekly
    max_cycle_per_m2: float | None = None
    cycle_days: int | None = None
    max_rate_h: float | None = None  # continuous infusions: the most per hour
    max_rate_per_kg_h: float | None = None  # ... and per kg per hour (dexmedetomidine 1.5 mcg/kg/h)
    max_admin_rate_h: float | None = (
        None  # an intermittent dose "over N min" given faster than this per hour (KCl)
    )
    max_admin_rate_per_kg_h: float | None = (
        None  # ... and per kg per hour (potassium in children: 0.5 mEq/kg/h)
    )
    admin_rate_exempt_upto: float | None = (
        None  # doses up to this may run faster than max_admin_rate_h (magnesium 2 g over 5 min for torsades)
    )
    age_min_years: float | None = (
        None  # optional age band inside a population (neonate: age_max_years 0.08)
    )
    age_max_years: float | None = None
    reference: str = Field(min_length=3)


class RenalBand(Strict):
    measure: Literal["crcl", "egfr"]
    below: float = Field(gt=0)
    action: Literal["avoid", "max_daily", "min_interval", "reduce", "caution"]
    max_daily: float | None = None
    min_interval_h: float | None = None
    start_max_daily: float | None = (
        None  # the most to start with (an order written "start", "initiate", "new")
    )
    route: str | None = (
        None  # the band applies to this route only (IV acyclovir by interval, oral by daily dose)
    )
    full_daily: float | None = (
        None  # reduce bands: the usual full daily dose; a fixed (not per-kg) order at or above it is unreduced
    )
    max_rate_per_kg_h: float | None = (
        None  # reduce bands of infusions: the highest rate (milrinone by CrCl)
    )
    full_per_m2: float | None = (
        None  # a "reduce" band: the unreduced dose per m2 (capecitabine 1,250 mg/m2); at or above it, not reduced
    )
    ei_min_interval_h: float | None = (
        None  # extended-interval aminoglycoside dosing: the longer interval this band needs (Hartford)
    )
    severity: Literal["info", "warning", "critical"] = "warning"
    crrt: bool = False  # the band written for continuous renal replacement therapy
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class HepaticBand(Strict):
    """A limit in liver disease. `any` = cirrhosis, any Child-Pugh class or chronic heavy alcohol use;
    `child_pugh_b` = class B or C; `child_pugh_c` = class C (decompensated)."""

    when: Literal["any", "child_pugh_b", "child_pugh_c"]
    action: Literal["max_daily", "max_single", "avoid", "caution"]
    max_daily: float | None = None
    max_single: float | None = None
    max_single_per_kg: float | None = (
        None  # maintenance doses by weight (voriconazole: half of 4 mg/kg); loading exempt
    )
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class Formulation(Strict):
    """A formulation whose interval or limits differ (ER/CR tablets, patches, depots, liposomal, concentrated)."""

    code: str = Field(min_length=2)
    names: list[str] = []  # brand names that mean this formulation
    markers: list[str] = []  # words written after the drug name ("ER", "patch")
    min_interval_h: float | None = None
    max_single: float | None = None
    max_daily: float | None = None
    never_routes: list[
        str
    ] = []  # routes this formulation must never take (benzathine penicillin IV: fatal)
    never_advice: str = ""
    severity: SEVERITIES = "warning"
    reference: str = Field(min_length=3)


class OpioidInfo(Strict):
    """Equianalgesic factors (oral morphine mg per unit, by route; patches per mcg/h) and opioid-naive ceilings."""

    mme_per_unit: dict[str, float] = {}
    naive_max_single: dict[str, float] = {}
    naive_contraindicated: list[
        str
    ] = []  # routes or formulation codes only for opioid-tolerant patients
    reference: str = Field(min_length=3)


class NeverRoute(Strict):
    route: str
    severity: SEVERITIES = "critical"
    # only in this population: IM vitamin K is wrong in an anticoagulated adult, standard at birth
    adults_only: bool = False
    advice: str = Field(min_length=3)
    reference: str = ""


class ConcentrationLimit(Strict):
    population: Literal["adult", "pediatric", "older_adult"]
    age_min_years: float | None = None
    age_max_years: float | None = None
    context: str | None = None  # e.g. "flush": applies only when the statement says so
    routes: list[
        str
    ] = []  # only for these routes when the order names one (dextrose: IV, not the buccal gel)
    max_per_mL: float = Field(gt=0)
    unit: str
    reference: str = Field(min_length=3)


class Condition(Strict):
    """One patient condition of a dose criterion; every field given must hold."""

    age_gte: float | None = None
    age_lt: float | None = None
    weight_lte: float | None = None
    weight_gte: float | None = None
    scr_gte: float | None = None
    crcl_lt: float | None = None
    crcl_gte: float | None = None
    egfr_lt: float | None = None
    egfr_gte: float | None = None
    label: str = Field(min_length=2)  # how the message names it: "age 80 or older"


class AgeContraindication(Strict):
    """Not for patients younger than `below_years` (codeine and tramadol under 12, promethazine under 2), or only
    in a context the note names (`when_pattern`: codeine after tonsillectomy under 18)."""

    below_years: float = Field(gt=0)
    when_pattern: str = ""
    # not when the note names an accepted use (aspirin under 16 for Kawasaki disease or after cardiac surgery)
    unless_pattern: str = ""
    severity: SEVERITIES = "critical"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class NeonatalInterval(Strict):
    """A neonatal dosing interval (Neofax): below this postmenstrual age (and postnatal age, when given) doses
    are repeated no more often than `min_interval_h`. Bands are listed youngest first."""

    pma_below_weeks: float = Field(gt=0)
    postnatal_days_below: float | None = None
    min_interval_h: float = Field(gt=0)
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class PeripheralAvoid(Strict):
    """A vesicant to give through a central line except in the emergencies `unless_pattern` names."""

    unless_pattern: str = ""
    # only from this strength in percent (dextrose above 12.5%: peripheral veins take about 900 mOsm/L)
    min_percent: float | None = None
    # only above this concentration per mL in the drug's unit (amiodarone infusions above 2 mg/mL: phlebitis)
    min_concentration: float | None = None
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class Retitrate(Strict):
    """After `after_days_off` days without the drug it is started again from the titration's first step."""

    after_days_off: float = Field(gt=0)
    max_restart_daily: float = Field(gt=0)
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class StartCeiling(Strict):
    """In a named condition the drug is started low and titrated: bisoprolol in heart failure starts at 1.25 mg
    daily, where 10 mg on day one brings on decompensation, bradycardia and hypotension. The ceiling applies only
    to a first start in a note that names the condition (`when_pattern`), never to a continued or increased dose."""

    when_pattern: str = Field(min_length=2)
    label: str = Field(min_length=2)
    max_start_daily: float = Field(gt=0)
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class OlderAdultAvoid(Strict):
    """AGS Beers Criteria: avoid from `from_years` (65) unless the note names an accepted use (`unless_pattern`:
    diphenhydramine for a severe allergic reaction)."""

    from_years: float = Field(default=65, gt=0)
    unless_pattern: str = ""
    # read over the whole note: a care setting that makes the use accepted ("MND clinic (palliative)") is written
    # in the heading, not on the order's line
    unless_note_pattern: str = ""
    severity: SEVERITIES = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class Contraindication(Strict):
    """A condition the note names (affirmed, not negated) in which the drug must not be given at any dose:
    methylergonovine with hypertension or pre-eclampsia."""

    pattern: str = Field(min_length=2)  # regex over the note, case-insensitive
    label: str = Field(min_length=2)  # how the message names the condition
    formulation: str | None = None  # only for this formulation code (3% saline, not 0.9%)
    order_pattern: str = ""  # only when the order itself matches (a continuous infusion)
    unless_pattern: str = (
        ""  # not when the note matches this (heart block with a pacemaker in place)
    )
    severity: SEVERITIES = "critical"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class DoseCriterion(Strict):
    """Patient-specific dose caps that renal bands cannot express, e.g. apixaban for AF:
    2.5 mg twice daily when at least two of age >= 80, weight <= 60 kg, creatinine >= 1.5 mg/dL."""

    min_met: int = Field(ge=0)
    conditions: list[Condition] = []
    action: Literal["limit", "avoid"] = (
        "limit"  # avoid: the drug is not for this patient and indication at any dose
    )
    route: str | None = None  # the criterion applies to this route only
    iv_push_only: bool = False  # ... and only to a push or bolus (not to an infusion)
    children: bool = False  # the criterion holds for children too (most are adult label criteria)
    daily_only: bool = False  # only for orders given every day or more often (isoniazid 300 mg daily, 900 mg 3x/week)
    unless_pattern: str = (
        ""  # regex over the note; when it matches, the criterion does not apply (cardiac arrest)
    )
    # the criterion does not apply from this weight up: enoxaparin's 40 mg prophylaxis cap, weight-banded from 91 kg
    unless_weight_gte: float | None = None
    max_single: float | None = None
    max_single_per_kg: float | None = (
        None  # plain lidocaine infiltration: 4.5 mg/kg (with epinephrine 7)
    )
    # a dose this many times the criterion's cap is critical whatever `severity` says (plain lidocaine at 1.5 times
    # 4.5 mg/kg is past the 7 mg/kg that even epinephrine allows: systemic toxicity)
    critical_ratio: float | None = None
    max_daily: float | None = None
    # long-term hydroxychloroquine: 5 mg/kg/day of actual body weight
    max_daily_per_kg: float | None = None
    # the least dose for this indication (ceftriaxone 500 mg for gonorrhoea; cefazolin 3 g at 120 kg or more);
    # needs `indication_pattern` in the note and every condition met
    min_single: float | None = None
    min_single_per_kg: float | None = None  # enoxaparin treatment: at least 1 mg/kg per dose
    # the least a day for this indication, however it is split (RCOG weight-banded LMWH prophylaxis: dalteparin
    # 10,000 units a day at 131-170 kg, once daily or 5,000 units twice)
    min_daily: float | None = None
    indication: str = ""  # human wording, e.g. "atrial fibrillation"
    indication_pattern: str = (
        ""  # regex over the note; when it does not match, the finding is info, not a warning
    )
    indication_required: bool = False  # without the indication in the note the criterion says nothing (prophylaxis caps on treatment)
    underdose: bool = False  # the reduced dose is for these patients only: given when the criteria cannot be met, it underdoses
    severity: Literal["info", "warning", "critical"] = "warning"
    advice: str = Field(min_length=3)
    reference: str = Field(min_length=3)


class Drug(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9 \-]*$")
    display_name: str = ""
    synonyms: list[str] = []
    classes: list[str] = []
    duplicate_groups: list[str] = []
    allergy_groups: list[str] = []
    routes: list[str] = Field(min_length=1)
    unit: str
    unit_factors: dict[
        str, float
    ] = {}  # another unit it is ordered in: 1 of that unit = factor of `unit`
    # names under which a dose is the combined product, not the component the drug is dosed in (UK "co-trimoxazole
    # 480 mg" is 400 mg sulfamethoxazole + 80 mg trimethoprim): such a dose times `total_factor` is in `unit`
    total_names: list[str] = []
    total_factor: float | None = None
    # for drugs dosed in mEq: mg of salt per mEq, so a percent strength reads as mEq/mL (8.4% bicarbonate: 84 -> 1)
    mg_per_unit: float | None = None
    obesity_dosing_weight: Literal["ideal", "adjusted"] | None = (
        None  # per-kg doses in obesity are on ideal or adjusted body weight, not actual (acyclovir IV)
    )
    usual_single_dose: list[float] | None = None
    frequencies: list[str] | None = None
    # schedules used only in infants under a year (clonidine every 4 hours for neonatal abstinence)
    infant_frequencies: list[str] = []
    longest_interval_h: float | None = (
        None  # with CrCl at or above the next field, a longer interval underdoses
    )
    extended_interval_from_per_kg: float | None = (
        None  # a single dose at or above this per kg is extended-interval dosing (aminoglycosides 4-7 mg/kg)
    )
    longest_interval_crcl_from: float | None = None
    longest_interval_reference: str = ""
    weekly_only: bool = False
    # frequencies only for a loading series with a stated count or duration (digoxin q6h x 3 doses)
    loading_frequencies: list[str] = []
    limits: list[Limit] = []
    renal: list[RenalBand] = []
    dose_criteria: list[DoseCriterion] = []
    hepatic: str | None = None
    hepatic_bands: list[HepaticBand] = []
    formulations: list[Formulation] = []
    opioid: OpioidInfo | None = None
    iv_push: bool = True  # False: never IV push, bolus or undiluted
    iv_push_advice: str = ""
    never_routes: list[NeverRoute] = []
    concentration_limits: list[ConcentrationLimit] = []
    ml_order_unsafe: bool = False  # insulins: an order in mL is an error
    age_contraindications: list[AgeContraindication] = []
    older_adult_avoid: OlderAdultAvoid | None = None
    neonatal_intervals: list[NeonatalInterval] = []
    peripheral_avoid: PeripheralAvoid | None = None
    retitrate: Retitrate | None = None
    start_ceilings: list[StartCeiling] = []
    contraindications: list[Contraindication] = []
    critical_ratio: float = Field(
        default=2.0, ge=1.0
    )  # overdose ratio from which a limit breach is critical
    pregnancy: str | None = None
    pregnancy_risk: SEVERITIES | None = (
        None  # contraindicated (critical) or avoid (warning) in pregnancy
    )
    # a risk that starts at a gestational age (NSAIDs from 20 weeks: fetal renal injury, ductal closure), with
    # information only when the pregnancy's age is not written
    pregnancy_from_week: float | None = None
    # uses in which the pregnancy is the indication (methotrexate for ectopic pregnancy, misoprostol for
    # miscarriage): a regex over the note that turns the pregnancy finding into information
    pregnancy_indication: str = ""
    summary: str = Field(min_length=10)
    references: list[str] = []

    @field_validator("routes")
    @classmethod
    def _routes(cls, v: list[str]) -> list[str]:
        bad = [r for r in v if r not in ROUTES]
        if bad:
            raise ValueError(f"unknown route(s) {bad}; use {', '.join(ROUTES)}")
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r}; use {', '.join(UNITS)}")
        return v

    @field_validator("frequencies")
    @classmethod
    def _freqs(cls, v: list[str] | None) -> list[str] | None:
        bad = [f for f in v or [] if f not in FREQUENCIES and not re.fullmatch(r"q\d{1,3}h", f)]
        if bad:
            raise ValueError(f"unknown frequency code(s) {bad}; use {', '.join(FREQUENCIES)}")
        return v

    @property
    def label(self) -> str:
        return self.display_name or self.name


class InfoWhen(Strict):
    """A note pattern that makes an interaction information only: the advised management is documented ("reduce
    warfarin" with amiodarone) or the risk does not apply here (misoprostol with oxytocin after delivery)."""

    pattern: str
    reason: str = Field(min_length=3)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(
                f"info_when pattern does not compile ({exc}); fix the regular expression"
            ) from exc
        return v


class Interaction(Strict):
    a: str
    b: str
    severity: Literal["info", "warning", "critical"]
    a_min_daily: float | None = (
        None  # the pair matters only above this daily dose of a (in a's unit)
    )
    b_min_daily: float | None = None  # ... or of b (ticagrelor + aspirin above 100 mg/day)
    age_below_years: float | None = (
        None  # a different severity below this age (ceftriaxone + calcium in neonates)
    )
    severity_below_age: Literal["info", "warning", "critical"] | None = None
    # information only when the note shows the pair is being used safely: potassium known and below this, with
    # eGFR (or CrCl) known and at least `safe_egfr_from` (spironolactone + ACE inhibitor in heart failure)
    safe_potassium_below: float | None = None
    safe_egfr_from: float | None = None
    separate_h: float | None = (
        None  # information when the two are given at clock times this many hours apart
    )
    # more severe when potassium is known and below this (digoxin with a loop diuretic in hypokalaemia)
    unsafe_potassium_below: float | None = None
    severity_if_unsafe: Literal["warning", "critical"] | None = None
    info_when: list[InfoWhen] = []
    # critical when the note shows the harm is at hand (flumazenil with a tricyclic: a wide QRS, an overdose)
    critical_when: list[InfoWhen] = []
    # starting drug a beside b: at most this much a day (lamotrigine with valproate 25 mg every other day); above it
    # the pair takes `severity_if_fast_start`, at or below it the label's titration is documented (information)
    a_start_max_daily: float | None = None
    severity_if_fast_start: Literal["warning", "critical"] | None = None
    # beside b, drug a at most this much a day (rosuvastatin 5 mg with ciclosporin, FDA label); above it the pair
    # takes `severity_above_max`
    a_max_daily: float | None = None
    severity_above_max: Literal["warning", "critical"] | None = None
    # the pair matters only when both are given by one of these routes (IM olanzapine with a parenteral
    # benzodiazepine); by other or unwritten routes it is information
    routes: list[str] = []
    effect: str
    mechanism: str = ""
    action: str = ""
    reference: str = Field(min_length=3)


class Product(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    synonyms: list[str] = []
    components: dict[str, float] = Field(min_length=1)
    strengths: list[str] = []
    strength_components: list[str | None] | None = (
        None  # which component each number of a written strength is
    )
    form: str = "tab"
    reference: str = ""


class AllergyCross(Strict):
    allergy: str
    flags: str
    severity: Literal["info", "warning", "critical"]
    except_drugs: list[
        str
    ] = []  # drugs of the flagged group this entry does not apply to (cefazolin)
    only_drugs: list[str] = []  # when given, the entry applies to these drugs only
    advice: str = ""
    reference: str = ""


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FormularyError(f"{path}: cannot read YAML ({type(exc).__name__}: {exc})") from exc


def _explain(path: Path, who: str, exc: ValidationError) -> FormularyError:
    errs = "; ".join(
        f"field {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
    )
    return FormularyError(f"{path}: {who}: {errs}")


class Formulary:
    def __init__(
        self,
        drugs: dict[str, Drug],
        interactions: list[Interaction],
        products: list[Product],
        classes: dict[str, dict[str, str]],
        allergy_cross: list[AllergyCross],
        root: Path | None = None,
        other_names: dict[str, str] | None = None,
    ) -> None:
        self.drugs, self.interactions, self.products = drugs, interactions, products
        self.classes, self.allergy_cross, self.root = classes, allergy_cross, root
        # brand (lower case) -> generic for medicines the guidelines discuss but the checker does not dose
        self.other_names = other_names or {}

    @classmethod
    def load(cls, root: str | Path) -> Formulary:
        root = Path(root)
        files = sorted((root / "drugs").glob("*.yaml"))
        if not files:
            raise FormularyError(
                f"no drug files in {root / 'drugs'}; set dosing.formulary_dir to the formulary folder"
            )
        drugs: dict[str, Drug] = {}
        for f in files:
            data = _load_yaml(f)
            name = data.get("name", f.stem) if isinstance(data, dict) else f.stem
            try:
                drug = Drug.model_validate(data)
            except ValidationError as exc:
                raise _explain(f, f"drug {name!r}", exc) from exc
            if drug.name in drugs:
                raise FormularyError(f"{f}: drug {drug.name!r} is defined twice")
            drugs[drug.name] = drug
        classes: dict[str, dict[str, str]] = {}
        cross: list[AllergyCross] = []
        if (root / "classes.yaml").exists():
            data = _load_yaml(root / "classes.yaml") or {}
            classes = dict(data.get("classes") or {}) if isinstance(data, dict) else {}
            try:
                cross = [AllergyCross.model_validate(x) for x in (data.get("allergy_cross") or [])]
            except ValidationError as exc:
                raise _explain(root / "classes.yaml", "allergy_cross", exc) from exc
        used = {g for d in drugs.values() for g in d.allergy_groups}
        for c in cross:
            for g in (c.allergy, c.flags):
                if g not in used:
                    raise FormularyError(
                        f"{root / 'classes.yaml'}: allergy_cross {c.allergy} -> {c.flags}: no drug has "
                        f"allergy group {g!r}; add it to the drugs' allergy_groups"
                    )
        inter: list[Interaction] = []
        if (root / "interactions.yaml").exists():
            for i, item in enumerate(_load_yaml(root / "interactions.yaml") or []):
                try:
                    it = Interaction.model_validate(item)
                except ValidationError as exc:
                    raise _explain(root / "interactions.yaml", f"entry {i + 1}", exc) from exc
                for side in (it.a, it.b):
                    if side.startswith("class:") and classes and side[6:] not in classes:
                        raise FormularyError(
                            f"{root / 'interactions.yaml'}: entry {i + 1}: unknown class {side!r}"
                        )
                    if not side.startswith("class:") and side not in drugs:
                        raise FormularyError(
                            f"{root / 'interactions.yaml'}: entry {i + 1}: unknown drug {side!r}"
                        )
                inter.append(it)
        products: list[Product] = []
        product_names: set[str] = set()
        if (root / "products.yaml").exists():
            for i, item in enumerate(_load_yaml(root / "products.yaml") or []):
                try:
                    p = Product.model_validate(item)
                except ValidationError as exc:
                    raise _explain(root / "products.yaml", f"product {i + 1}", exc) from exc
                unknown = [c for c in p.components if c not in drugs]
                if unknown:
                    raise FormularyError(
                        f"{root / 'products.yaml'}: product {p.name!r}: unknown component(s) {unknown}"
                    )
                names = [n.lower() for n in [p.name, *p.synonyms]]
                clash = [n for n in names if n in product_names]
                product_names.update(names)
                if clash:  # an unquoted '#' in YAML starts a comment: "name: Tylenol #3" loads as "Tylenol"
                    raise FormularyError(
                        f"{root / 'products.yaml'}: product {p.name!r}: name(s) {clash} already used by "
                        "another product (quote names that contain '#')"
                    )
                products.append(p)
        made = cls(drugs, inter, products, classes, cross, root)
        made.other_names = _other_names(root / "other_names.yaml", set(made.names()))
        return made

    @cached_property
    def synonyms(self) -> dict[str, str]:
        """lower-case written name -> generic name."""
        out: dict[str, str] = {}
        for d in self.drugs.values():
            for n in [d.name, d.display_name, *d.synonyms]:
                if n:
                    out.setdefault(n.lower(), d.name)
                    out.setdefault(n.lower().replace("-", " "), d.name)
                    out.setdefault(n.lower().replace("-", "/"), d.name)
                    out.setdefault(n.lower().replace(" ", "-"), d.name)  # "insulin-glargine"
        return out

    @cached_property
    def formulation_names(self) -> dict[str, tuple[str, str]]:
        """lower-case brand name of a formulation ("oxycontin") -> (generic, formulation code)."""
        out: dict[str, tuple[str, str]] = {}
        for d in self.drugs.values():
            for form in d.formulations:
                for n in form.names:
                    out.setdefault(n.lower(), (d.name, form.code))
        return out

    @cached_property
    def product_names(self) -> dict[str, Product]:
        out: dict[str, Product] = {}
        for p in self.products:
            for n in [p.name, *p.synonyms]:
                out.setdefault(n.lower(), p)
        return out

    def names(self) -> Iterable[str]:
        return list(self.synonyms) + list(self.product_names) + list(self.formulation_names)

    @cached_property
    def search_names(self) -> dict[str, str]:
        """Every name a question may use -> the generic words guidelines write: the drugs' names, products
        ("suboxone" -> "buprenorphine and naloxone"), formulations, and the other medicines the guidelines
        discuss (other_names.yaml). Retrieval and answering read these; dose checking reads `synonyms` only."""
        out = dict(self.other_names)
        for name, product in self.product_names.items():
            out[name] = " and ".join(product.components)
        for name, (generic, _) in self.formulation_names.items():
            out[name] = generic
        out.update(self.synonyms)
        return out

    def groups_of(self, generic: str) -> set[str]:
        d = self.drugs[generic]
        return set(d.classes) | set(d.allergy_groups) | set(d.duplicate_groups)

    @cached_property
    def interaction_index(self) -> dict[str, frozenset[int]]:
        """Drug -> positions of the interactions that can involve it (by name or class), so a note's check looks
        at its own drugs' interactions instead of scanning every pair in the formulary."""
        index: dict[str, set[int]] = {g: set() for g in self.drugs}
        for i, it in enumerate(self.interactions):
            for g in self.drugs:
                if self.matches(it.a, g) or self.matches(it.b, g):
                    index[g].add(i)
        return {g: frozenset(v) for g, v in index.items()}

    def matches(self, side: str, generic: str) -> bool:
        if side.startswith("class:"):
            return side[6:] in self.drugs[generic].classes
        return side == generic


ALLERGY_ALIASES = {
    "pcn": "penicillin",
    "penicillins": "penicillin",
    "sulfa": "sulfonamide_antibiotic",
    "sulfonamides": "sulfonamide_antibiotic",
    "sulpha": "sulfonamide_antibiotic",
    "nsaids": "nsaid",
    "nsaid": "nsaid",
    "cephalosporins": "cephalosporin",
    "opiates": "opioid",
    "opioids": "opioid",
    "codeine": "opioid",
    "statins": "statin",
    "quinolones": "fluoroquinolone",
    "macrolides": "macrolide",
    "ace inhibitors": "ace_inhibitor",
    "ace inhibitor": "ace_inhibitor",
    "hit": "heparin",
    "hitt": "heparin",
    "heparin-induced thrombocytopenia": "heparin",
    "heparin induced thrombocytopenia": "heparin",
    "lmwh": "lmwh",
    "heparins": "heparin",
    "carbapenems": "carbapenem",
    "sulfonamide": "sulfonamide_antibiotic",
    "aminoglycosides": "aminoglycoside",
    "fluoroquinolones": "fluoroquinolone",
    "beta-lactams": "penicillin",
    "beta lactams": "penicillin",
    "amides": "local_anesthetic_amide",
    "ace-i": "ace_inhibitor",
    "acei": "ace_inhibitor",
    "ace-inhibitor": "ace_inhibitor",
    "ace-inhibitors": "ace_inhibitor",
    "acei's": "ace_inhibitor",
    "ace-is": "ace_inhibitor",
}


def _allergy_index(formulary: Formulary) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One compiled alternation over drug names, aliases and group names (cached on the formulary)."""
    cached = getattr(formulary, "_allergy_index", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    terms: dict[str, tuple[str, str]] = {}
    for word, generic in formulary.synonyms.items():
        terms[word] = ("drug", generic)
    groups = {g for d in formulary.drugs.values() for g in d.allergy_groups} | set(
        formulary.classes
    )
    for g in groups:
        terms.setdefault(g.replace("_", " "), ("group", g))
        terms.setdefault(g.replace("_", " ") + "s", ("group", g))
    for alias, g in ALLERGY_ALIASES.items():
        terms[alias] = ("group", g)
    rx = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    formulary._allergy_index = (rx, terms)  # type: ignore[attr-defined]
    return rx, terms


def allergen_terms(formulary: Formulary, text: str) -> tuple[set[str], set[str]]:
    """(generics, groups) named by an allergy entry such as 'penicillin (rash)', 'sulfa', 'NSAIDs'."""
    rx, terms = _allergy_index(formulary)
    generics: set[str] = set()
    groups: set[str] = set()
    for m in rx.finditer(text.lower()):
        kind, value = terms[m.group(1)]
        (generics if kind == "drug" else groups).add(value)
    return generics, groups


class OtherName(BaseModel):
    """A medicine the guidelines name that the dose checker does not cover."""

    model_config = ConfigDict(extra="forbid")
    generic: str
    names: list[str]
    reference: str = ""


def _other_names(path: Path, taken: set[str]) -> dict[str, str]:
    """other_names.yaml as {brand (lower case): generic}; a name the formulary already uses is refused."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for i, item in enumerate(_load_yaml(path) or []):
        try:
            entry = OtherName.model_validate(item)
        except ValidationError as exc:
            raise _explain(path, f"entry {i + 1}", exc) from exc
        for n in [entry.generic, *entry.names]:
            low = n.lower()
            if low in taken:
                raise FormularyError(
                    f"{path}: entry {i + 1}: {n!r} is already a drug, product or formulation name; "
                    "remove it here (the formulary entry covers it)"
                )
            out[low] = entry.generic
    return out
