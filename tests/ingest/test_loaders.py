from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import assemble
from ingest.loaders import SkipFile, load_file
from tests.ingest.fixtures import GUIDE_MD, HTML_PAGE, write_pdf

pytestmark = pytest.mark.unit


def test_markdown_sections_and_title(tmp_path: Path) -> None:
    f = tmp_path / "s.md"
    f.write_text(GUIDE_MD, encoding="utf-8")
    doc = load_file(f)
    assert doc.title == "Test guideline on sodium"
    sections = [b.section for b in doc.blocks]
    # "Source:" and "Version:" before the first heading are metadata, not a retrievable block
    assert sections == ["Correction limits", "Severe symptoms"]
    assert doc.meta == {"source": "Test body, 2024", "version": "test 1"}
    assert "|------|" not in doc.blocks[1].text and "| 1 | Bolus 150 mL |" in doc.blocks[1].text


def test_front_matter_keeps_other_preamble_text(tmp_path: Path) -> None:
    f = tmp_path / "g.md"
    f.write_text(
        "# G\n\nSource: Body 2020\nReview date: 2027-01-01\nScope: adults only.\n\n## Dose\n\nGive 1 g.\n"
    )
    doc = load_file(f)
    assert doc.meta == {"source": "Body 2020", "review_date": "2027-01-01"}
    assert [(b.section, b.text) for b in doc.blocks] == [
        ("", "Scope: adults only."),
        ("Dose", "Give 1 g."),
    ]


def test_plain_text_capital_headings_become_sections(tmp_path: Path) -> None:
    f = tmp_path / "k.txt"
    f.write_text(
        "Potassium replacement\n\nINDICATIONS\nLow potassium below 3.5 mmol/L.\n\nDOSING IN RENAL "
        "IMPAIRMENT:\nHalve the dose when eGFR is below 30.\nICU and HDU use the central line protocol.\n"
    )
    doc = load_file(f)
    assert doc.title == "Potassium replacement"
    assert [b.section for b in doc.blocks] == ["Indications", "Dosing in renal impairment"]
    assert (
        "ICU and HDU use the central line protocol." in doc.blocks[1].text
    )  # a sentence in capitals is not a heading


def test_html_drops_noise_keeps_lists_and_tables(tmp_path: Path) -> None:
    f = tmp_path / "p.html"
    f.write_text(HTML_PAGE, encoding="utf-8")
    loaded = load_file(f)
    text = assemble("p.html", loaded).text
    assert loaded.title == "Cellulitis test page"
    for noise in ("COOKIES", "Home menu link", "Copyright", "trackVisitor", "color:red"):
        assert noise not in text
    assert "Cephalexin 500 mg four times daily" in text
    assert "- Five days is usually enough." in text
    assert "| Doxycycline | 100 mg BID |" in text
    assert [b.section for b in loaded.blocks] == ["", "Duration"]


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    f = tmp_path / "g.pdf"
    write_pdf(
        f, ["First page about colchicine.", "Second page about allopurinol."], title="Gout PDF"
    )
    loaded = load_file(f)
    assert loaded.title == "Gout PDF"
    assert [b.page for b in loaded.blocks] == [1, 2]
    assert "allopurinol" in loaded.blocks[1].text


def test_non_utf8_is_decoded_with_warning(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Caf\xe9 guidance: na\xefve patients need 5 mg.\n".encode("latin-1"))
    loaded = load_file(f)
    assert loaded.warnings and "UTF-8" in loaded.warnings[0]
    assert "guidance" in loaded.blocks[0].text and "\ufffd" in loaded.blocks[0].text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n", "empty"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("image.png", b"\x89PNG\r\n", "unsupported"),
        ("bad.yaml", b"key: [unclosed", "YAML"),
        ("other.yaml", b"just: a mapping\n", "not a formulary"),
        ("bin.txt", b"abc\x00def", "binary"),
    ],
)
def test_bad_files_are_skipped_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(SkipFile) as info:
        load_file(f)
    assert reason.lower() in str(info.value).lower()


def test_formulary_yaml_renders_readable_text(tmp_path: Path) -> None:
    f = tmp_path / "naproxen.yaml"
    f.write_text(
        "name: naproxen\ndisplay_name: Naproxen\nsynonyms: [Aleve]\nunit: mg\nroutes: [PO]\n"
        "summary: Naproxen is an NSAID.\nlimits:\n  - population: adult\n    max_single: 500\n    max_daily: 1500\n"
        "    reference: FDA label\n",
        encoding="utf-8",
    )
    loaded = load_file(f)
    text = assemble("naproxen.yaml", loaded).text
    assert loaded.kind == "formulary" and loaded.title == "Formulary: Naproxen"
    assert (
        "Adults: maximum single dose 500 mg; maximum 1500 mg per day. Reference: FDA label." in text
    )
    # synonyms serve the query expander; in the indexed text they made drug entries outrank the guidelines
    assert "Also written as" not in text and "Aleve" not in text


def test_formulary_csv(tmp_path: Path) -> None:
    f = tmp_path / "local.csv"
    f.write_text("name,max_daily,unit\nparacetamol,4000,mg\n", encoding="utf-8")
    loaded = load_file(f)
    assert (
        loaded.kind == "formulary"
        and "paracetamol. max daily: 4000; unit: mg." in loaded.blocks[0].text
    )
