"""Span repair and the OCR detection view: each rule with a positive and a near-miss."""

from __future__ import annotations

import pytest

from cdss.deid.ocr import ocr_view
from cdss.deid.spans import SpanRepair
from cdss.deid.types import Entity

pytestmark = pytest.mark.unit


def span(text: str, value: str, kind: str) -> Entity:
    start = text.index(value)
    return Entity(start, start + len(value), kind, 0.8)


def repaired(text: str, *found: tuple[str, str]) -> list[tuple[str, str]]:
    out = SpanRepair().repair(text, [span(text, v, k) for v, k in found])
    return [(text[e.start : e.end], e.type) for e in out]


GROWS = [
    ("Works at Twin Lakes Poultry since May.", ("Twin Lakes", "LOCATION"), "Twin Lakes Poultry"),
    ("Lives at Flat 6, 12 Mill Lane now.", ("12 Mill Lane", "LOCATION"), "Flat 6, 12 Mill Lane"),
    ("Seen: OKAFOR, ROSALIND N. today", ("OKAFOR, ROSALIND", "PERSON"), "OKAFOR, ROSALIND N."),
    ("Claim 4532-118-907-KT filed", ("4532-118-907", "ID"), "4532-118-907-KT"),
    ("Folder: GV 0441829 scanned", ("0441829", "MRN"), "GV 0441829"),
]


@pytest.mark.parametrize(("text", "found", "whole"), GROWS, ids=[g[2] for g in GROWS])
def test_a_span_grows_by_the_words_that_belong_to_it(
    text: str, found: tuple[str, str], whole: str
) -> None:
    assert repaired(text, found)[0][0] == whole


KEEPS = [
    # the next word's first capital is no middle initial ("MOSS, ELLEN   MRN: ...")
    ("Patient: MOSS, ELLEN   MRN: 00482913", ("MOSS, ELLEN", "PERSON")),
    ("Twin Lakes and then the pharmacy", ("Twin Lakes", "LOCATION")),
    ("Seen by OKAFOR, ROSALIND. Plan: rest", ("OKAFOR, ROSALIND", "PERSON")),
    ("Abara ROSALIND N. walked", ("ROSALIND", "PERSON")),  # no comma: not LAST, FIRST MIDDLE
    ("file: CPF 418.302.775-09", ("418.302.775-09", "ID")),  # CPF is the label, not a prefix
]


@pytest.mark.parametrize(("text", "found"), KEEPS, ids=[k[1][0] for k in KEEPS])
def test_a_span_does_not_grow_into_other_words(text: str, found: tuple[str, str]) -> None:
    assert repaired(text, found)[0][0] == found[0]


def test_neighbours_of_one_kind_on_one_line_are_joined() -> None:
    text = "Address: 1420 Riverside Ave S, Lakewood Falls, MN 55454"
    out = repaired(
        text, ("1420 Riverside Ave S", "LOCATION"), ("Lakewood Falls, MN 55454", "LOCATION")
    )
    assert out == [("1420 Riverside Ave S, Lakewood Falls, MN 55454", "LOCATION")]


def test_neighbours_of_different_kinds_or_lines_stay_apart() -> None:
    text = "Dr Moss\nLakewood Falls"
    assert len(repaired(text, ("Moss", "PERSON"), ("Lakewood Falls", "LOCATION"))) == 2


def test_a_word_between_two_address_parts_is_a_place() -> None:
    text = "2 Croft Road, Achnabreck, Kilvannan PA72 6QZ"
    out = repaired(
        text,
        ("2 Croft Road", "LOCATION"),
        ("Achnabreck", "PERSON"),
        ("Kilvannan PA72 6QZ", "LOCATION"),
    )
    assert out == [(text, "LOCATION")]


def test_a_quoted_nickname_after_a_name_is_the_same_person() -> None:
    text = 'TEMITOPE ("Tope") arrived'
    assert ("Tope", "PERSON") in repaired(text, ("TEMITOPE", "PERSON"))


def test_a_quoted_word_after_a_non_name_is_left() -> None:
    text = 'Clinic ("Tope") arrived'
    assert repaired(text, ("Clinic", "LOCATION")) == [("Clinic", "LOCATION")]


def test_ocr_view_repairs_lookalikes_and_keeps_the_length() -> None:
    text = "DOB O7/l4/l932. Ph (7l4) 555-Ol42. Name J0HNS0N, DEL0RES"
    view = ocr_view(text)
    assert view is not None and len(view) == len(text)
    assert "07/14/1932" in view and "(714) 555-0142" in view and "JOHNSON, DELORES" in view


@pytest.mark.parametrize(
    "text",
    ["HbA1c 7.2, SpO2 94% on O2, CD4 410, vitamin B12 low, L4-L5 disc", "O7/14 only one odd token"],
)
def test_ocr_view_leaves_clinical_writing_alone(text: str) -> None:
    assert ocr_view(text) is None


def test_a_weekday_before_a_date_is_part_of_it() -> None:
    text = "Giro visita mer 09/10/2024 h 8.30"
    assert repaired(text, ("09/10/2024", "DATE"))[0][0] == "mer 09/10/2024"


def test_weak_hits_made_only_of_foreign_words_are_dropped() -> None:
    from presidio_analyzer import RecognizerResult

    from cdss.deid.foreign import drop_foreign_words

    text = "Paciente: Maria Santos. Verdacht auf Morbus Parkinson."
    hits = [
        RecognizerResult("PERSON", 0, 8, 0.8),  # "Paciente", weak: dropped
        RecognizerResult("PERSON", 10, 22, 0.8),  # "Maria Santos": names, kept
        RecognizerResult("PERSON", 24, 32, 0.9),  # "Verdacht" from a context pattern: strong, kept
    ]
    kept = [text[r.start : r.end] for r in drop_foreign_words(text, hits)]
    assert kept == ["Maria Santos", "Verdacht"]
