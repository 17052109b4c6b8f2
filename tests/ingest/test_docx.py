"""Word (.docx) guidelines: headings, numbered and bulleted lists and tables survive, quotes verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.embed import Embedder
from cdss.generate.verify import verify
from cdss.store.edge import EdgeStore
from ingest.document import assemble
from ingest.loaders import SkipFile, load_file
from ingest.runner import Ingestor

ROW = "| Nitrofurantoin | below 30 mL/min | avoid |"


def write_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Urinary tract infection in adults"
    d.add_heading("Urinary tract infection in adults", level=1)
    d.add_heading("Cystitis", level=2)
    d.add_paragraph("Treat uncomplicated cystitis in women for 3 days.")
    d.add_heading("Renal dosing", level=3)
    d.add_paragraph("Check the creatinine clearance before prescribing.", style="List Number")
    d.add_paragraph("Prefer pivmecillinam when nitrofurantoin is unsuitable.", style="List Bullet")
    table = d.add_table(rows=3, cols=3)
    for r, cells in enumerate(
        [
            ("Drug", "CrCl", "Action"),
            ("Nitrofurantoin", "below 30 mL/min", "avoid"),
            ("Trimethoprim", "15-30 mL/min", "halve the dose after 3 days"),
        ]
    ):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    d.add_heading("Pyelonephritis", level=2)
    d.add_paragraph("Admit if the patient cannot take oral fluids.")
    d.save(str(path))


@pytest.mark.unit
def test_headings_lists_and_tables_are_kept(tmp_path: Path) -> None:
    f = tmp_path / "uti.docx"
    write_docx(f)
    loaded = load_file(f)
    assert loaded.title == "Urinary tract infection in adults" and loaded.kind == "guideline"
    by_section = {b.section: b.text for b in loaded.blocks}
    assert by_section["Cystitis"] == "Treat uncomplicated cystitis in women for 3 days."
    renal = by_section["Cystitis > Renal dosing"]
    assert "- Check the creatinine clearance before prescribing." in renal
    assert "- Prefer pivmecillinam when nitrofurantoin is unsuitable." in renal
    assert "| Drug | CrCl | Action |" in renal and ROW in renal
    assert by_section["Pyelonephritis"].startswith("Admit if")
    doc = assemble("uti.docx", loaded)
    assert ROW in doc.text


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "save it as .docx"),
        ("old.doc", b"\xd0\xcf\x11\xe0 legacy word", "save the document as .docx"),
    ],
)
def test_bad_word_files_are_skipped_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(SkipFile, match=reason):
        load_file(f)


@pytest.mark.unit
def test_empty_word_document_is_skipped(tmp_path: Path) -> None:
    import docx

    f = tmp_path / "empty.docx"
    docx.Document().save(str(f))
    with pytest.raises(SkipFile, match="no text content"):
        load_file(f)


@pytest.mark.integration
def test_docx_is_searchable_and_its_quotes_verify(tmp_path: Path, embedder: Embedder) -> None:
    from cdss.generate.types import DraftCitation, DraftClaim
    from cdss.retrieve import Retriever

    corpus = tmp_path / "c"
    corpus.mkdir()
    write_docx(corpus / "uti.docx")
    store = EdgeStore(tmp_path / "s", "docx")
    try:
        report = Ingestor(store, embedder).run([corpus])
        assert report.documents == 1 and not report.skipped
        hits = Retriever(store, embedder).search("nitrofurantoin renal function CrCl", top_k=3)
        top = hits[0]
        assert top.doc_id == "uti.docx" and top.section == "Cystitis > Renal dosing"
        source = top.numbered(1)
        real = DraftClaim(
            "Check renal function first.",
            [DraftCitation("S1", "Check the creatinine clearance before prescribing.")],
        )
        invented = DraftClaim(
            "Nitrofurantoin is fine at any CrCl.",
            [DraftCitation("S1", "Nitrofurantoin is safe at any creatinine clearance.")],
        )
        claims, _ = verify([real, invented], [source])
        assert claims[0].supported and claims[0].citations[0].verified
        assert not claims[1].supported and not claims[1].citations[0].verified
    finally:
        store.close()
