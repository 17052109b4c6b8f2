"""The strict reply parser and the quote verifier."""

from __future__ import annotations

import pytest

from cdss.generate.parse import parse_reply
from cdss.generate.types import DraftCitation, DraftClaim, ModelInfo, Source
from cdss.generate.verify import normalise, verify

pytestmark = pytest.mark.unit
M = ModelInfo("scripted", "x", "v1")
GOOD = '{"insufficient_evidence": false, "answer": [{"claim": "Avoid it.", "citations": [{"source": "S1", "quote": "q"}]}]}'


@pytest.mark.parametrize(
    "raw",
    [
        GOOD,
        "```json\n" + GOOD + "\n```",
        "Sure! Here is the answer:\n" + GOOD + "\nHope this helps.",
        "```\n" + GOOD + "```",
    ],
)
def test_parser_tolerates_fences_and_chatter(raw: str) -> None:
    d = parse_reply(raw, M)
    assert d.parse_error is None and d.claims[0].text == "Avoid it."
    assert d.claims[0].citations[0].source == "S1" and not d.insufficient_evidence


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "I cannot answer that.",
        "{not json}",
        '{"answer": "text"}',
        '{"answer": [{"citations": []}]}',
        '[{"claim": "x"}]',
        '{"foo": 1}',
        '```json\n{"answer": [\n```',
    ],
)
def test_parser_rejects_everything_else(raw: str) -> None:
    d = parse_reply(raw, M)
    assert d.parse_error is not None and d.claims == [] and d.insufficient_evidence


def test_parser_braces_inside_strings_and_source_brackets() -> None:
    raw = 'x {"answer": [{"claim": "use {braces}", "citations": [{"source": "[S2]", "quote": "a } b"}]}]} y'
    d = parse_reply(raw, M)
    assert d.claims[0].text == "use {braces}" and d.claims[0].citations[0].source == "S2"


SRC = [
    Source(
        id="S1",
        chunk_id="c1",
        doc_id="guidelines/uti.md",
        title="UTI",
        section="Cystitis",
        page=None,
        text="Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min.\n"
        "Give  nitrofurantoin 100 mg twice daily for 5 days.",
        score=0.9,
        start=1000,
    ),
    Source(
        id="S2",
        chunk_id="c2",
        doc_id="guidelines/ckd.md",
        title="CKD",
        section="Antibiotics",
        page=None,
        text="Doses of **renally cleared** antibiotics need “adjustment” below an eGFR of 30.",
        score=0.8,
        start=50,
    ),
]


def claim(text: str, source: str, quote: str) -> DraftClaim:
    return DraftClaim(text, [DraftCitation(source, quote)])


def test_exact_and_normalised_quotes_map_to_document_offsets() -> None:
    claims, rep = verify(
        [
            claim(
                "Avoid below 30.",
                "S1",
                "Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min.",
            ),
            claim(
                "Adjust doses below 30.",
                "S2",
                'Doses of renally cleared antibiotics need "adjustment" below an eGFR of 30',
            ),
            claim(
                "Five days of 100 mg twice daily.",
                "S1",
                "Give nitrofurantoin 100 mg twice daily for 5 days",
            ),
        ],
        SRC,
    )
    assert [c.supported for c in claims] == [True, True, True] and rep.verified == 3
    c0 = claims[0].citations[0]
    assert (c0.start, c0.end) == (
        1000,
        1000 + len("Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min"),
    )
    assert (
        claims[1].citations[0].quote
        == "Doses of **renally cleared** antibiotics need “adjustment” below an eGFR of 30"
    )
    assert (
        claims[2].citations[0].quote == "Give  nitrofurantoin 100 mg twice daily for 5 days"
    )  # the source's own text


def test_reattributed_fabricated_and_invented_numbers() -> None:
    claims, rep = verify(
        [
            claim(
                "Avoid below 30.",
                "S2",
                "Nitrofurantoin should be avoided when creatinine clearance is below 30",
            ),
            claim("Give 200 mg.", "S1", "Give nitrofurantoin 200 mg twice daily"),
            claim(
                "Give 200 mg twice daily.",
                "S1",
                "Give nitrofurantoin 100 mg twice daily for 5 days",
            ),
            claim("Short.", "S1", "mg"),
            claim("Unknown source.", "S9", "Nitrofurantoin should be avoided"),
        ],
        SRC,
    )
    assert claims[0].supported and claims[0].citations[0].source == "S1"
    assert claims[0].citations[0].reattributed_from == "S2" and rep.reattributed == 2
    assert not claims[1].supported and not claims[1].citations[0].verified
    assert not claims[2].supported and "200" in (claims[2].reason or "")
    assert not claims[3].supported
    assert (
        claims[4].supported and claims[4].citations[0].source == "S1"
    )  # fake marker re-attributed to the real source
    assert rep.unverified == 2 and rep.claims_withheld == 3


def test_normalise() -> None:
    assert normalise("a\u00a0 “b”\n\n–  c **d**") == 'a "b" - c d'
