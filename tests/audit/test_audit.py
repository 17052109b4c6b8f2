"""`cdss audit`: every input format, bad records, outputs, PHI hygiene, exit codes, resume after kill -9, report in Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cdss.cli import main
from tests.audit.notegen import audit_notes
from tests.deid.generator import generate

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
NOTE = (
    "Patient: MOSS, ELLEN  MRN: 00482913\n82-year-old woman, eGFR 24.\n"
    "Meds: methotrexate 15 mg PO daily, naproxen 500 mg PO TID, warfarin 5 mg PO daily."
)


def read(out: Path, name: str) -> list[dict]:
    return [json.loads(x) for x in (out / name).read_text().splitlines() if x.strip()]


def test_jsonl_with_bad_records_outputs_and_no_phi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = audit_notes(25, seed=3)
    src = tmp_path / "in.jsonl"
    big = "x " * 150_000
    src.write_text(
        "".join(json.dumps(n) + "\n" for n in notes)
        + "{not json\n"
        + json.dumps({"id": "e", "text": ""})
        + "\n"
        + json.dumps({"id": "big", "text": big})
        + "\n"
        + json.dumps({"id": "nt"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["audit", str(src), "--out", str(out), "--quiet", "--fail-on", "critical"]) == 3
    summary = json.loads((out / "summary.json").read_text())
    assert summary["notes_processed"] == 25 and summary["notes_failed"] == 4
    errors = {e["id"]: e for e in read(out, "errors.jsonl")}
    assert (
        errors["line:26"]["line"] == 26
        and errors["e"]["code"] == "empty_text"
        and errors["big"]["code"] == "too_large"
    )
    assert errors["nt"]["code"] == "bad_record"
    findings = read(out, "findings.jsonl")
    assert findings and all(
        set(f) >= {"note_id", "rule", "severity", "drugs", "message", "snippet"} for f in findings
    )
    assert summary["findings"] == len(findings) and sum(summary["by_severity"].values()) == len(
        findings
    )
    assert set(summary["notes_with_critical"]) == {
        f["note_id"] for f in findings if f["severity"] == "critical"
    }
    f = next(f for f in findings if f["highlight"])
    a, b = f["highlight"]
    assert f["snippet"][a:b].strip()
    # no PHI from the inputs in any output file
    blob = "".join(p.read_text() for p in out.iterdir() if p.is_file())
    gen = generate(25, seed=3)
    for note in gen:
        for s, e, kind in note.phi:
            value = note.text[s:e]
            if len(value) >= 4 and not value.isdigit() or kind in ("MRN", "SSN", "PHONE"):
                assert value not in blob, (kind, value)
    html = (out / "report.html").read_text()
    assert (
        "<script src" not in html
        and "<link" not in html
        and "http://" not in html.replace("http://www.w3.org", "")
    )


def test_folder_csv_and_fhir_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    (folder / "ward7").mkdir(parents=True)
    (folder / "ward7" / "a.txt").write_text(NOTE)
    (folder / "b.md").write_text("Meds: ibuprofen 800 mg PO QID")
    (folder / "latin.txt").write_bytes(
        "Seen by Dr. Mu\xf1oz. naproxen 500 mg BID".encode("latin-1")
    )
    out = tmp_path / "o1"
    assert main(["audit", str(folder), "--out", str(out), "--quiet"]) == 0
    ids = {d["id"] for d in read(out, "done.jsonl")}
    assert ids == {"ward7/a.txt", "b.md", "latin.txt"}
    assert any(e["code"] == "replaced_bytes" for e in read(out, "errors.jsonl"))

    csv = tmp_path / "n.csv"
    csv.write_text('id,text\nc1,"methotrexate 10 mg PO daily"\nc2,"acetaminophen 1 g PO q6h"\n')
    out = tmp_path / "o2"
    assert main(["audit", str(csv), "--out", str(out), "--quiet", "--fail-on", "warning"]) == 3
    assert {f["note_id"] for f in read(out, "findings.jsonl")} == {"c1"}

    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "p",
                    "gender": "female",
                    "birthDate": "1940-01-01",
                }
            },
            {
                "resource": {
                    "resourceType": "DocumentReference",
                    "id": "doc1",
                    "status": "current",
                    "content": [
                        {
                            "attachment": {
                                "contentType": "text/plain",
                                "data": base64.b64encode(NOTE.encode()).decode(),
                            }
                        }
                    ],
                }
            },
            {
                "resource": {
                    "resourceType": "MedicationRequest",
                    "id": "m1",
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": "Patient/p"},
                    "medicationCodeableConcept": {"text": "ibuprofen"},
                    "dosageInstruction": [
                        {
                            "timing": {"repeat": {"frequency": 4, "period": 1, "periodUnit": "d"}},
                            "doseAndRate": [{"doseQuantity": {"value": 800, "unit": "mg"}}],
                        }
                    ],
                }
            },
        ],
    }
    fdir = tmp_path / "fhir"
    fdir.mkdir()
    (fdir / "b1.json").write_text(json.dumps(bundle))
    (fdir / "broken.json").write_text('{"resourceType": "Bundle", "entry": 5}')
    (fdir / "bad64.json").write_text(
        json.dumps(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "DocumentReference",
                            "status": "current",
                            "content": [{"attachment": {"data": "!!"}}],
                        }
                    }
                ],
            }
        )
    )
    out = tmp_path / "o3"
    assert main(["audit", str(fdir), "--out", str(out), "--quiet"]) == 0
    findings = read(out, "findings.jsonl")
    assert {f["note_id"] for f in findings} == {"b1.json#doc1"}
    assert any(
        f["origin"] == "order" and "ibuprofen" in f["drugs"] for f in findings
    )  # MedicationRequest checked
    assert any(
        f["rule"] == "interaction" and {"ibuprofen", "warfarin"} <= set(f["drugs"])
        for f in findings
    )
    errors = {e["id"]: e["message"] for e in read(out, "errors.jsonl")}
    assert "broken.json" in errors and any("base64" in m for m in errors.values())


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["audit", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as e:
        main(["audit", str(tmp_path)])
    assert e.value.code == 2


@pytest.mark.slow
def test_resume_after_kill_never_duplicates(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(n) + "\n" for n in audit_notes(400, seed=11)))
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "cdss.cli",
        "audit",
        str(src),
        "--out",
        str(out),
        "--quiet",
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.2)
        done = out / "done.jsonl"
        if done.exists() and len(done.read_text().splitlines()) >= 60:
            break
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 mid-run, workers included
    proc.wait()
    partial = len(read(out, "done.jsonl"))
    assert 0 < partial < 400
    assert (
        main(["audit", str(src), "--out", str(out), "--quiet", "--resume", "--workers", "2"]) == 0
    )
    done = read(out, "done.jsonl")
    assert len(done) == 400 and len({d["id"] for d in done}) == 400
    resumed = read(out, "findings.jsonl")
    fresh = tmp_path / "fresh"
    assert main(["audit", str(src), "--out", str(fresh), "--quiet", "--workers", "2"]) == 0
    key = lambda f: (f["note_id"], f["rule"], tuple(f["drugs"]), f["message"])  # noqa: E731
    assert sorted(map(key, resumed)) == sorted(map(key, read(fresh, "findings.jsonl")))
    assert json.loads((out / "summary.json").read_text())["notes_processed"] == 400


@pytest.mark.browser
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    from tests.web.test_panel_browser import CHROMIUM, FLAGS

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(n) + "\n" for n in audit_notes(40, seed=5)))
    out = tmp_path / "out"
    main(["audit", str(src), "--out", str(out), "--quiet"])
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(tmp_path / "prof"),
            executable_path=CHROMIUM,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "report.html").as_uri())
        assert page.locator("svg rect").count() >= 3
        rows = page.locator("table.sortable tbody tr")
        assert rows.count() >= 1
        page.click("table.sortable th:nth-child(2)")  # sort by critical count
        first = [
            int(c)
            for c in page.locator("table.sortable tbody tr td:nth-child(2)").all_inner_texts()
        ]
        assert first == sorted(first) or first == sorted(first, reverse=True)
        page.locator("table.sortable tbody tr a").first.click()
        opened = page.locator("details[open]").first
        assert opened.locator("mark").count() >= 1
        (ROOT / "artifacts").mkdir(exist_ok=True)
        opened.scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT / "artifacts" / "audit-report.png"))
        assert not re.search(r"MOSS|00482913", page.content())
        assert errors == []
        ctx.close()


def test_with_llm_records_cited_answers(tmp_path: Path) -> None:
    from tests.ingest.fixtures import build_corpus

    store = str(tmp_path / "store")
    corpus = build_corpus(tmp_path / "c")
    (corpus / "nsaid.md").write_text(
        "# NSAIDs\n\n## Renal\n\nNSAIDs such as naproxen should be avoided when eGFR is below "
        "30 because they can worsen kidney function.\n"
    )
    assert main(["ingest", str(corpus), "--store", store]) == 0
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": NOTE}) + "\n")
    out = tmp_path / "out"
    assert (
        main(["audit", str(src), "--out", str(out), "--quiet", "--with-llm", "--store", store]) == 0
    )
    llm = read(out, "llm.jsonl")
    assert llm[0]["note_id"] == "n1" and llm[0]["mode"] == "extractive"
    assert all(c["verified"] for c in llm[0]["citations"])
    assert "MOSS" not in (out / "llm.jsonl").read_text()


def test_note_ids_as_keyed_pseudonyms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Folder audits use file names as note ids, and hospitals name files after patients: with --pseudonymize-ids
    no output carries the file name, the same key gives the same id (resume works), another key another id."""
    src = tmp_path / "notes"
    src.mkdir()
    (src / "moss_ellen_2024-03-01.txt").write_text(NOTE, encoding="utf-8")
    monkeypatch.delenv("CDSS_AUDIT_ID_KEY", raising=False)
    assert (
        main(["audit", str(src), "--out", str(tmp_path / "x"), "--quiet", "--pseudonymize-ids"])
        == 2
    )
    assert "CDSS_AUDIT_ID_KEY" in capsys.readouterr().err
    monkeypatch.setenv("CDSS_AUDIT_ID_KEY", "k" * 32)
    ids = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(["audit", str(src), "--out", str(out), "--quiet", "--pseudonymize-ids"]) == 0
        blob = "".join(p.read_text() for p in out.iterdir() if p.is_file())
        assert "moss" not in blob.lower() and "ellen" not in blob.lower()
        ids.append(read(out, "done.jsonl")[0]["id"])
    assert ids[0] == ids[1] and re.fullmatch(r"note-[0-9a-f]{20}", ids[0])
    assert (
        main(
            [
                "audit",
                str(src),
                "--out",
                str(tmp_path / "a"),
                "--quiet",
                "--pseudonymize-ids",
                "--resume",
            ]
        )
        == 0
    )
    assert (
        len(read(tmp_path / "a", "done.jsonl")) == 1
    )  # resumed: the pseudonym matched, nothing re-run
    monkeypatch.setenv("CDSS_AUDIT_ID_KEY", "z" * 32)
    assert (
        main(["audit", str(src), "--out", str(tmp_path / "c"), "--quiet", "--pseudonymize-ids"])
        == 0
    )
    assert read(tmp_path / "c", "done.jsonl")[0]["id"] != ids[0]
