from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdss.cli import main
from tests.ingest.fixtures import build_corpus

pytestmark = pytest.mark.integration


def test_ask_json_and_human(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert main(["ingest", str(build_corpus(tmp_path / "c")), "--store", store]) == 0
    capsys.readouterr()
    note = tmp_path / "note.txt"
    note.write_text(
        "Patient: MOSS, ELLEN. 70-year-old woman. Na 118 with confusion. Meds: naproxen 500 mg PO TID, "
        "ibuprofen 400 mg PO TID.",
        encoding="utf-8",
    )
    q = "How fast may sodium be raised in the first 24 hours?"
    assert main(["ask", "--note", str(note), "-q", q, "--store", store, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == q and data["mode"] == "extractive"
    assert any("10 mmol/L" in c["text"] for c in data["answer"] if c["supported"])
    assert any(f["rule"] == "duplicate_therapy" for f in data["dose_findings"])
    assert data["deid"]["entities"]["PERSON"] == 1
    assert main(["ask", "--note", str(note), "-q", q, "--store", store]) == 0
    out = capsys.readouterr().out
    assert "Dose checks" in out and "[S1]" in out and "Sources" in out and "sodium.md" in out
    assert main(["ask", "-q", q, "--store", store, "--patient", "{bad json"]) == 2
    # one image with the question: stripped of metadata; the extractive default says it does not read images
    from tests.test_images import jpeg_with_exif

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif())
    assert main(["ask", "-q", q, "--store", store, "--image", str(photo), "--json"]) == 0
    image = json.loads(capsys.readouterr().out)["image"]
    assert (
        image["source_format"] == "jpeg"
        and "EXIF" in image["metadata_removed"]
        and "does not read" in image["note"]
    )
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7")
    assert main(["ask", "-q", q, "--store", store, "--image", str(tmp_path / "doc.pdf")]) == 2
    assert "PNG, a JPEG or a DICOM" in capsys.readouterr().err


def test_missing_note_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "ask",
                "--note",
                str(tmp_path / "nope.txt"),
                "-q",
                "dose?",
                "--store",
                str(tmp_path / "s"),
            ]
        )
        != 0
    )
    err = capsys.readouterr().err
    assert "cannot read" in err and "nope.txt" in err and "Traceback" not in err
