"""allergy: allergy and order on one line or in one sentence, groups, HIT; near-misses."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import fired, serious

pytestmark = pytest.mark.unit

POSITIVE = [
    # cephalexin shares the R1 side chain of amoxicillin and ampicillin (AAAAI/ACAAI 2022)
    ("Allergy: ampicillin - anaphylaxis 2019. Rx: Keflex 500 mg PO QID x 10 days", "cephalexin"),
    ("Allergies: penicillin (anaphylaxis). Otitis media: amoxicillin 500 mg PO TID", "amoxicillin"),
    ("PCN allergy (hives) - amoxicillin ordered 500 mg PO TID", "amoxicillin"),
    ("Allergies: amoxicillin (angioedema) | Meds: Augmentin 875 mg BID", "amoxicillin-clavulanate"),
    ("Allergies: HIT. VTE prophylaxis: enoxaparin 40 mg SC daily", "enoxaparin"),
    ("h/o heparin-induced thrombocytopenia; heparin 5,000 units SC q8h", "heparin"),
    ("allergic to sulfa. Bactrim DS 1 tab BID", "sulfamethoxazole-trimethoprim"),
]
NEAR_MISS = [
    "Allergies: penicillin (rash). Plan: azithromycin 500 mg PO daily",
    "NKDA. amoxicillin 500 mg PO TID",
    "Allergies: HIT. argatroban per protocol; warfarin 5 mg daily",
]


@pytest.mark.parametrize(("text", "drug"), POSITIVE)
def test_positive(checker, text, drug) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "allergy")
    assert any(drug in f.drugs and f.severity == "critical" for f in hits), [
        (f.severity, f.message) for f in hits
    ]


@pytest.mark.parametrize("text", NEAR_MISS)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "allergy")


def test_allergy_list_does_not_swallow_the_order(checker) -> None:  # type: ignore[no-untyped-def]
    meds = checker.check(
        "Allergies: penicillin (anaphylaxis). Otitis media: amoxicillin 500 mg PO TID"
    ).medications
    assert [m.status for m in meds] == ["active"]


def test_cefazolin_after_penicillin_allergy_is_information(checker) -> None:  # type: ignore[no-untyped-def]
    cef = fired(checker, "Allergies: penicillin (anaphylaxis). cefazolin 2 g IV q8h", "allergy")
    other = fired(
        checker, "Allergies: penicillin (anaphylaxis). ceftriaxone 1 g IV daily", "allergy"
    )
    assert [f.severity for f in cef] == ["info"] and [f.severity for f in other] == ["warning"]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        # AAAAI/ACAAI 2022: after a non-anaphylactic penicillin reaction any cephalosporin may be given
        (
            "Allergies: penicillin (maculopapular rash age 6, >20 yr ago). ceftriaxone 1 g IV q24h",
            "info",
        ),
        # a side effect recorded as an allergy is not an allergy
        ("Allergies: codeine (nausea/vomiting). oxycodone 5 mg PO q6h PRN", "info"),
        # angioedema on one ACE inhibitor contraindicates all of them
        (
            "h/o ACE-I angioedema (enalapril 2020, ICU admit). start lisinopril 10 mg PO daily",
            "critical",
        ),
    ],
)
def test_reaction_decides_severity(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    assert [f.severity for f in fired(checker, text, "allergy")] == [severity]


@pytest.mark.parametrize(
    "text",
    [
        "Allergy: penicillin - REMOVED 2023 (neg skin test + tolerated amoxicillin challenge)\namoxicillin 500 mg PO TID",
        "PCN allergy label REMOVED 5/2024 (neg skin test + amoxicillin challenge)\nampicillin 2 g IV q4h",
    ],
)
def test_removed_allergy_label_is_not_an_allergy(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "allergy")


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        (
            "ALLERGY: ceftazidime - anaphylaxis 2020 (epi x2). Order: aztreonam 2 g IV q8h",
            "critical",
        ),  # shared side chain
        (
            "Allergies: vancomycin (red man syndrome with last course). vancomycin 1,250 mg IV q12h, infuse over 2 h",
            "info",
        ),
        ("Allergy: cephalexin - mild maculopapular rash. cefdinir 300 mg PO BID", "info"),
        ("oxycodone 5 mg PO q4h PRN | allergies: codeine (N/V), morphine (itching)", "info"),
    ],
)
def test_reaction_and_side_chain(checker, text, severity) -> None:  # type: ignore[no-untyped-def]
    got = {
        f.severity
        for f in fired(checker, text, "allergy")
        if f.drugs[0] in ("aztreonam", "vancomycin", "cefdinir", "oxycodone")
    }
    assert got == {severity}, got


@pytest.mark.parametrize(
    "text",
    [
        "Allergy: amoxicillin - anaphylaxis. cefazolin 2 g IV q8h",  # no shared side chain: information
        "Allergy: amoxicillin (mild rash age 4). cefuroxime 500 mg PO BID",
    ],
)
def test_dissimilar_side_chain_is_information_only(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not serious(fired(checker, text, "allergy")), text


def test_a_negated_allergy_is_no_allergy(checker) -> None:  # type: ignore[no-untyped-def]
    text = "PJP. No sulfa allergy.\nBactrim DS 2 tabs PO tid x 21 days"
    assert not serious(fired(checker, text, "allergy", patient={"age": 45, "weight_kg": 64}))
    assert serious(fired(checker, "Sulfa allergy (rash).\nBactrim DS 1 tab PO BID", "allergy"))


def test_a_supervised_challenge_to_remove_the_label(checker) -> None:  # type: ignore[no-untyped-def]
    challenge = (
        "Allergies: penicillin (rash as a child, low risk).\n"
        "Drug provocation test: amoxicillin 500 mg PO x1, observe 1 h, then de-label if no reaction"
    )
    found = fired(checker, challenge, "allergy")
    assert found and not serious(found) and "challenge" in found[0].message
    order = "Allergies: penicillin (rash as a child).\nAmoxicillin 500 mg PO TID x 5 days"
    assert serious(fired(checker, order, "allergy"))


def test_an_intolerance_with_its_reaction_after_a_colon(checker) -> None:  # type: ignore[no-untyped-def]
    switch = "codeine intolerance: nausea. Start morphine 5 mg PO q4h PRN"
    assert not serious(fired(checker, switch, "allergy"))


def test_a_negated_severe_reaction_is_mild(checker) -> None:  # type: ignore[no-untyped-def]
    mild = "Allergies: penicillin (non-urticarial rash as a child).\nCeftriaxone 1 g IV daily"
    assert not serious(fired(checker, mild, "allergy"))
    severe = "Allergies: penicillin (urticaria and wheeze).\nCeftriaxone 1 g IV daily"
    assert serious(fired(checker, severe, "allergy"))


def test_a_coded_allergy_keeps_the_reaction_the_note_gives(checker) -> None:  # type: ignore[no-untyped-def]
    note = "Allergies: penicillin (non-urticarial rash as a child).\nCeftriaxone 1 g IV daily"
    assert not serious(fired(checker, note, "allergy", patient={"allergies": ["penicillin"]}))
