from __future__ import annotations

from pathlib import Path

import pytest

from cdss.embed import Embedder
from ingest.chunking import chunk_document, sentence_spans
from ingest.document import Block, LoadedDoc, assemble
from ingest.loaders import load_file

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_sentence_spans_keep_decimals_and_abbreviations() -> None:
    text = "Give 0.5 mg IV. Dr. Smith agreed, e.g. for pain. Then stop.\n- item one\n- item two"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == [
        "Give 0.5 mg IV.",
        "Dr. Smith agreed, e.g. for pain.",
        "Then stop.",
        "- item one",
        "- item two",
    ]


def test_chunks_fit_the_model_and_are_exact_substrings(embedder: Embedder) -> None:
    long_text = " ".join(
        f"Sentence number {i} explains a dosing rule for drug {i} in renal impairment."
        for i in range(120)
    )
    giant = "word " * 600  # one sentence longer than the budget
    doc = assemble(
        "x.md",
        LoadedDoc(
            "A long title for the test document",
            "guideline",
            [Block(long_text, "Section A > Sub"), Block(giant.strip(), "Giant")],
        ),
    )

    def count(t: str) -> int:
        return len(embedder.tokenizer(t, add_special_tokens=False)["input_ids"])

    chunks = chunk_document(doc, count, target=200, overlap=30)
    assert len(chunks) > 5
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert embedder.count_tokens(c.embed_text) <= 256, c.chunk_index
    # consecutive chunks of the same section overlap (sentence overlap) but advance
    a, b = chunks[0], chunks[1]
    assert b.start < a.end and b.start > a.start


def test_corpus_chunks_within_token_limit(embedder: Embedder) -> None:
    files = sorted((ROOT / "corpora" / "guidelines").glob("*.md"))[:6]
    if not files:
        pytest.skip("corpus not present")

    def count(t: str) -> int:
        return len(embedder.tokenizer(t, add_special_tokens=False)["input_ids"])

    for f in files:
        doc = assemble(f.name, load_file(f))
        for c in chunk_document(doc, count):
            assert embedder.count_tokens(c.embed_text) <= 256


def test_table_header_travels_with_rows_in_the_embedded_text() -> None:
    from ingest.chunking import table_header

    text = "Intro line.\n| CrCl | Dose |\n| 30-59 | 400 mg |\n| below 15 | 100 mg |\nAfter."
    assert table_header(text, text.index("| below")) == "| CrCl | Dose |"
    assert table_header(text, text.index("| 30-59")) == "| CrCl | Dose |"
    assert table_header(text, text.index("| CrCl")) == ""  # the chunk begins with the header itself
    assert table_header(text, text.index("After")) == ""
    assert table_header(text, 0) == ""
