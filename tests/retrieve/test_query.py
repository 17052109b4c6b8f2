"""Query expansion: brands to generics, abbreviations spelt out, misspellings corrected."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.dosing.formulary import Formulary
from cdss.retrieve.query import QueryExpander

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def expander() -> QueryExpander:
    return QueryExpander(Formulary.load(ROOT / "corpora" / "formulary").search_names)


@pytest.mark.parametrize(
    ("question", "added"),
    [
        ("semaglutied titration schedule", "semaglutide"),
        ("admitted with pnuemonia, not ICU", "pneumonia"),
        ("on chlorthalidne and still 155/95", "chlorthalidone"),
        ("apixiban dose in AF", "apixaban"),
        ("lasix for AKI?", "furosemide"),
        ("Lokelma for K 6.5?", "sodium zirconium cyclosilicate"),  # other_names.yaml
        ("norco max per day?", "hydrocodone and acetaminophen"),  # a product
    ],
)
def test_misspellings_and_brands_add_the_known_word(
    expander: QueryExpander, question: str, added: str
) -> None:
    assert added in expander.expand(question)


def test_known_words_and_short_words_are_left_alone(expander: QueryExpander) -> None:
    assert expander.corrections("pneumonia sodium insulin dose") == []
    assert expander.corrections("give K now") == []  # too short to correct safely
