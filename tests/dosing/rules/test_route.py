"""route: unapproved routes, intrathecal never-events; IV push of drugs that must be infused."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    ("AML, plt 12 this am. ceftriaxone 1 g IM once", "warning"),
    ("KCl 20 mEq IV push over 1 minute", "critical"),
    ("potassium chloride 10 mEq undiluted IV", "critical"),
    (
        "methotrexate 50 mg intrathecal",
        "critical",
    ),  # IT limit is 15 mg (max_single_dose also fires)
    ("ondansetron 4 mg intrathecally", "critical"),
    ("metformin 500 mg IV", "critical"),
    (
        "Bicillin L-A (penicillin G benzathine) 2.4 million units IV x1",
        "critical",
    ),  # IM-only suspension
    (
        "NG tube in situ. Order: OxyContin 20 mg - crush and give via NG q12h",
        "critical",
    ),  # do not crush ER
    ("bupivacaine 0.25% 20 mL (50 mg)\nroute: IV", "critical"),  # the route on its own line
    ("SAH, NPO, no tube: nimodipine 60 mg - draw from capsule, give IV q4h", "critical"),
    ("Post-op, NPO. insulin glargine 20 units IV daily (no SC access)", "critical"),
]
NEAR_MISS = [
    # a syringe driver of a drug never given SC is an IV pump, not a subcutaneous driver
    "magnesium sulfate 50% - 20 g in 40 mL via syringe driver at 2 mL/h (1 g/h) for 24 h",
    "plt 210. ceftriaxone 1 g IM once",
    "PD peritonitis: cefazolin 1 g intraperitoneal once daily in the long dwell",
    "KCl 10 mEq IV over 1 hour",
    "methotrexate 12 mg intrathecal",
    "morphine 2 mg IV push q4h PRN",
    "ondansetron 4 mg IV push",
    "Bicillin L-A 2.4 million units IM x1 for syphilis",
    "penicillin G 4 million units IV q4h",
    "oxycodone IR 5 mg crushed via NG q4h PRN",
    "SAH day 3: nimodipine 60 mg via NG q4h",
]


@pytest.mark.parametrize(("text", "severity"), POSITIVE)
def test_positive(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    hits = checker.check(text).findings
    assert any(f.severity == severity and f.rule in ("route", "max_single_dose") for f in hits), [
        (f.rule, f.severity, f.message) for f in hits
    ]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "route"))


def test_im_vitamin_k_in_adults_not_newborns(checker) -> None:  # type: ignore[no-untyped-def]
    adult = "INR 6.2, no bleeding, on warfarin: hold warfarin, phytonadione 2.5 mg IM x1"
    newborn = "term newborn: phytonadione 1 mg IM x1 at birth"
    assert [f.severity for f in fired(checker, adult, "route", {"age": 66})] == ["warning"]
    assert not fired(checker, newborn, "route", {"age": 0.0, "weight_kg": 3.4})


PERIPHERAL_POSITIVE = [
    "iCa 1.01, asymptomatic. calcium chloride 1 g IV over 30 min via 20G PIV L forearm",
    "calcium chloride 1 g in 50 mL IV over 1 h peripherally, recheck iCa",
]
PERIPHERAL_NEAR_MISS = [
    "Code blue, PEA: calcium chloride 1 g IV push via 18G PIV",  # the emergency it is for
    "calcium chloride 1 g IV over 30 min via R IJ central line",  # central access
    "calcium gluconate 2 g IV over 1 h via 22G PIV",  # the peripheral choice
]


@pytest.mark.parametrize("text", PERIPHERAL_POSITIVE)
def test_calcium_chloride_peripheral(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "route") if "peripheral line" in f.message]
    assert [f.severity for f in found] == ["warning"], text


@pytest.mark.parametrize("text", PERIPHERAL_NEAR_MISS)
def test_calcium_chloride_peripheral_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "route") if "peripheral line" in f.message]
    assert not found, text


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        (
            "No central access (PICC declined). dextrose 20% / amino acids 4.25% via peripheral IV @ 80 mL/h",
            True,
        ),
        (
            "peripheral PN: dextrose 10% / amino acids 3% via PIV @ 100 mL/h",
            False,
        ),  # within the peripheral limit
        ("dextrose 20% / amino acids 5% via central line (R IJ TLC) @ 80 mL/h, PIV for abx", False),
    ],
)
def test_concentrated_dextrose_through_a_peripheral_line(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "route") if "dextrose" in f.drugs]
    assert bool(serious(found)) is serious_expected, text


def test_nimodipine_drawn_into_a_syringe_for_a_peripheral_iv(checker) -> None:  # type: ignore[no-untyped-def]
    text = (
        "nimodipine 60 mg q4h - RN: draw capsule contents into syringe and give via PIV until OG in"
    )
    assert [str(f.severity) for f in fired(checker, text, "route")] == ["critical"]
    ok = "nimodipine 60 mg via OG q4h x 21 days"
    assert not serious(fired(checker, ok, "route"))


@pytest.mark.parametrize(
    ("text", "serious_expected"),
    [
        (
            "CVC not yet placed - only 20G forearm PIV.\nsodium chloride 23.4% 30 mL IV push over 10 min via PIV",
            True,
        ),
        ("sodium chloride 23.4% 30 mL via R IJ central line over 10 min", False),
        ("sodium chloride 3% 250 mL via PIV over 1 h", False),
    ],
)
def test_concentrated_saline_through_a_peripheral_line(checker, text, serious_expected) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in fired(checker, text, "route") if "sodium chloride" in f.drugs]
    assert bool(serious(found)) is serious_expected, text


def test_neuraxial_and_palliative_subcut_routes(checker) -> None:  # type: ignore[no-untyped-def]
    ok = "spinal: bupivacaine 0.5% 12 mg intrathecal\nfentanyl 15 micrograms intrathecal"
    assert not serious(fired(checker, ok, "route"))
    assert not serious(fired(checker, "haloperidol 1.5 mg SC at night", "route"))
    too_much = "fentanyl 100 mcg intrathecal"
    assert serious(checker.check(too_much, patient={"age": 30, "weight_kg": 70}).findings)


def test_amiodarone_concentration_through_a_peripheral_line(checker) -> None:  # type: ignore[no-untyped-def]
    bag = "amiodarone 900 mg in 250 mL D5W (3.6 mg/mL) via L forearm PIV @ 1 mg/min x 6 h"
    assert serious(fired(checker, "Central line removed, PIV x2.\n" + bag, "route", {"age": 67}))
    assert not serious(
        fired(
            checker, "CVC in situ.\n" + bag.replace("via L forearm PIV ", ""), "route", {"age": 67}
        )
    )
    weak = "amiodarone 900 mg in 500 mL D5W (1.8 mg/mL) via L forearm PIV @ 1 mg/min x 6 h"
    assert not serious(fired(checker, weak, "route", {"age": 67}))


def test_concentrated_potassium_through_a_peripheral_line(checker) -> None:  # type: ignore[no-untyped-def]
    strong = "KCl 40 mmol in 100 mL NaCl 0.9% IV over 4 h via peripheral cannula"
    assert [str(f.severity) for f in fired(checker, strong, "route")] == ["critical"]
    assert not serious(
        fired(
            checker, "KCl 10 mmol in 100 mL NaCl 0.9% IV over 1 h via peripheral cannula", "route"
        )
    )
    assert not serious(
        fired(
            checker, "KCl 40 mmol in 100 mL IV over 4 h via CVC (peripheral line removed)", "route"
        )
    )


def test_a_depot_formulation_given_iv(checker) -> None:  # type: ignore[no-untyped-def]
    found = fired(checker, "haloperidol decanoate 50 mg IV every 4 weeks", "route")
    assert [str(f.severity) for f in found] == ["critical"]
    assert not serious(fired(checker, "haloperidol decanoate 50 mg deep IM every 4 weeks", "route"))
    assert not serious(fired(checker, "haloperidol 2.5 mg IV once for agitation", "route"))


def test_clindamycin_is_never_pushed(checker) -> None:  # type: ignore[no-untyped-def]
    assert serious(
        fired(checker, "Clindamycin 900 mg (6 mL of 150 mg/mL) IV push over 1 min q8h", "route")
    )
    assert not serious(
        fired(checker, "Clindamycin 900 mg in 100 mL NaCl 0.9% IV over 30 min q8h", "route")
    )


def test_calcium_gluconate_gel_on_the_skin(checker) -> None:  # type: ignore[no-untyped-def]
    assert not serious(
        fired(checker, "HF acid burn: calcium gluconate 2.5% gel topically q15 min", "route")
    )
