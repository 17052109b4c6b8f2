"""not_checked / unknown_drug: what could not be checked is said, naming what is missing."""

from __future__ import annotations

import pytest

from tests.dosing.rules.conftest import ROOT, fired

pytestmark = pytest.mark.unit

NOT_CHECKED = [
    ("vancomycin 15 mg/kg IV q12h", ["weight"]),
    ("metformin 1 tab PO BID with meals and apixaban as directed", ["dose"]),
    ("pred taper as directed, see pt instructions", ["dose"]),
]


@pytest.mark.parametrize(("text", "missing"), NOT_CHECKED)
def test_not_checked(checker, text, missing) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, text, "not_checked")
    assert any(f.missing == missing and f.severity == "info" for f in hits), [
        (f.missing, f.message) for f in hits
    ]


def test_unknown_drug_is_reported(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(checker, "zuranolone 50 mg PO nightly", "unknown_drug")
    assert hits and hits[0].drugs == ["zuranolone"] and hits[0].missing == ["formulary entry"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("pt-brought: 'ThyroMax Ultra' 2 caps PO daily (OTC supplement)", "thyromax ultra"),
        ("start Zyrtex 2 tabs daily", "zyrtex"),
    ],
)
def test_unknown_product_counted_in_capsules(checker, text, name) -> None:  # type: ignore[no-untyped-def]
    assert [f.drugs for f in fired(checker, text, "unknown_drug")] == [[name]]


@pytest.mark.parametrize("text", ["Take 2 tabs daily", "Tylenol Extra Strength 2 tabs q6h"])
def test_counted_words_that_are_not_products(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "unknown_drug")


@pytest.mark.parametrize(
    "text", ["vancomycin 15 mg/kg IV q12h, wt 70 kg", "metformin 500 mg PO BID"]
)
def test_near_miss(checker, text) -> None:  # type: ignore[no-untyped-def]
    assert not fired(checker, text, "not_checked")


def test_rules_are_chosen_by_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cdss.config import load_config
    from cdss.dosing import DoseChecker
    from cdss.errors import ConfigError

    cfg = tmp_path / "cdss.toml"
    cfg.write_text(
        f'[dosing]\nformulary_dir = "{ROOT / "corpora" / "formulary"}"\nrules = "AllergyRule, NotationRule"\n'
    )
    checker = DoseChecker.from_config(load_config(cfg, environ={}))
    assert sorted(type(r).__name__ for r in checker.rules) == ["AllergyRule", "NotationRule"]
    cfg.write_text('[dosing]\nrules = "NoSuchRule"\n')
    with pytest.raises(ConfigError, match="NoSuchRule"):
        DoseChecker.from_config(load_config(cfg, environ={}))


def test_frequency_pending_is_reported(checker) -> None:  # type: ignore[no-untyped-def]
    hits = fired(
        checker,
        "Gram-neg sepsis, 70 kg: gentamicin 5 mg/kg IV - frequency TBD per levels",
        "not_checked",
    )
    assert [f.missing for f in hits] == [["frequency"]]
    assert not fired(checker, "gentamicin 5 mg/kg IV q24h, 70 kg", "not_checked")


def test_a_counted_product_with_its_brand_in_brackets(checker) -> None:  # type: ignore[no-untyped-def]
    found = fired(
        checker, "Artemether-lumefantrine (Riamet) 4 tabs PO now, then at 8 h", "unknown_drug"
    )
    assert found and "not in the formulary" in found[0].message


def test_a_strength_without_a_dose_is_not_checked(checker) -> None:  # type: ignore[no-untyped-def]
    found = fired(
        checker, "Bupivacaine 0.5% local infiltration to the wound - as needed", "not_checked"
    )
    assert found and "no dose" in found[0].message


def test_products_outside_the_formulary_with_strength_pairs_or_percent(checker) -> None:  # type: ignore[no-untyped-def]
    assert fired(checker, "Entresto 24/26 mg PO BID", "unknown_drug")
    assert fired(checker, "Human albumin 20%: 100 mL IV over 1 h", "unknown_drug")
    assert not fired(checker, "albumin 28 g/L, bilirubin 40", "unknown_drug")
