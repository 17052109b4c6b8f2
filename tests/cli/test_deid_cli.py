from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdss.cli import main

pytestmark = pytest.mark.integration
NOTE = "Patient: MOSS, ELLEN  MRN: 00482913\nSeen 03/14/2025 by Dr. Abara. Lisinopril 10 mg PO daily. eGFR 38."


def test_deid_json_offsets_in_original(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "n.txt"
    f.write_text(NOTE, encoding="utf-8")
    assert main(["deid", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"id", "text", "entities"}
    assert {NOTE[e["start"] : e["end"]] for e in out["entities"]} == {
        "MOSS, ELLEN",
        "00482913",
        "03/14/2025",
        "Abara",
    }
    assert {e["type"] for e in out["entities"]} == {"PERSON", "MRN", "DATE"}
    assert "Lisinopril 10 mg PO daily. eGFR 38." in out["text"]


def test_deid_jsonl_batch_with_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "b.jsonl"
    f.write_text(
        json.dumps({"id": "a", "text": NOTE})
        + "\n{broken\n"
        + json.dumps({"id": "c", "text": ""})
        + "\n"
        + json.dumps({"id": "d", "text": "Dr. Kerrigan called (217) 555-0143."})
        + "\n",
        encoding="utf-8",
    )
    assert main(["deid", "--jsonl", str(f)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", 2, "c", "d"]
    assert "[PERSON_1]" in lines[0]["text"] and lines[1]["error"]["code"] == "bad_line"
    assert lines[2]["error"]["code"] == "empty_text"
    assert lines[3]["text"] == "Dr. [PERSON_1] called [PHONE_1]."


def test_deid_bad_input_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "e.txt"
    empty.write_text("")
    assert main(["deid", str(empty)]) == 2
    big = tmp_path / "big.txt"
    big.write_text("word " * 50_000)
    assert main(["deid", str(big)]) == 2
    assert "limit" in capsys.readouterr().err
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Seen by Dr. Mu\xf1oz today.".encode("latin-1"))
    assert main(["deid", str(bad), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["warnings"] and "Mu" not in out["text"]
