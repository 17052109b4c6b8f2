"""`cdss audit --engine ray` on a local 2-CPU Ray cluster started by the test: the same files, line for
line, as the process engine on the same inputs (bad records, CSV, FHIR Bundles, resume included)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdss.cli import main
from tests.audit.notegen import audit_notes

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.integration
FILES = ("findings.jsonl", "errors.jsonl", "done.jsonl")
NOTE = (
    "Patient: MOSS, ELLEN  MRN: 00482913\n82-year-old woman, eGFR 24.\n"
    "Meds: methotrexate 15 mg PO daily, naproxen 500 mg PO TID, warfarin 5 mg PO daily."
)


@pytest.fixture(scope="module", autouse=True)
def local_cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def lines(out: Path, name: str) -> list[str]:
    return sorted(x for x in (out / name).read_text(encoding="utf-8").splitlines() if x.strip())


def both(src: Path, tmp: Path, *extra: str) -> tuple[Path, Path]:
    """Audit `src` with each engine; return both output folders after checking the exit codes agree."""
    p, r = tmp / f"{src.stem}-process", tmp / f"{src.stem}-ray"
    args = ["audit", str(src), "--quiet", "--workers", "2", *extra]
    code_p = main([*args, "--out", str(p)])
    code_r = main([*args, "--out", str(r), "--engine", "ray"])
    assert code_p == code_r
    return p, r


def test_jsonl_with_bad_records_is_identical(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps(n) + "\n" for n in audit_notes(40, seed=3))
        + "{not json\n"
        + json.dumps({"id": "e", "text": ""})
        + "\n"
        + json.dumps({"id": "big", "text": "x " * 150_000})
        + "\n"
        + json.dumps({"id": "nt"})
        + "\n",
        encoding="utf-8",
    )
    p, r = both(src, tmp_path, "--fail-on", "critical")
    for name in FILES:
        assert lines(p, name) == lines(r, name), name
    errors = {json.loads(x)["id"]: json.loads(x)["code"] for x in lines(r, "errors.jsonl")}
    assert errors == {
        "line:41": "bad_record",
        "e": "empty_text",
        "big": "too_large",
        "nt": "bad_record",
    }
    sp, sr = (json.loads((d / "summary.json").read_text()) for d in (p, r))
    for key in ("notes_processed", "notes_failed", "findings", "by_rule", "by_severity"):
        assert sp[key] == sr[key], key
    assert (r / "report.html").read_text(encoding="utf-8").count("<details") == (
        p / "report.html"
    ).read_text(encoding="utf-8").count("<details")
    # nothing identifying is in what the Ray run wrote
    written = "".join((r / n).read_text() for n in FILES)
    assert "MOSS" not in written and "00482913" not in written


def test_csv_and_fhir_bundle_inputs_are_identical(tmp_path: Path) -> None:
    csv = tmp_path / "n.csv"
    csv.write_text('id,text\nc1,"methotrexate 10 mg PO daily"\nc2,"acetaminophen 1 g PO q6h"\n')
    p, r = both(csv, tmp_path)
    for name in FILES:
        assert lines(p, name) == lines(r, name), name
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1940-01-01"}},
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
        ],
    }
    fhir = tmp_path / "bundle.json"
    fhir.write_text(json.dumps(bundle))
    p, r = both(fhir, tmp_path)
    for name in FILES:
        assert lines(p, name) == lines(r, name), name
    assert lines(r, "findings.jsonl")  # methotrexate daily and the rest were found


def test_resume_skips_finished_notes(tmp_path: Path) -> None:
    notes = audit_notes(30, seed=9)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(n) + "\n" for n in notes[:12]))
    out = tmp_path / "out"
    assert main(["audit", str(src), "--out", str(out), "--quiet", "--engine", "ray"]) == 0
    src.write_text("".join(json.dumps(n) + "\n" for n in notes))
    args = ["audit", str(src), "--out", str(out), "--quiet", "--engine", "ray", "--resume"]
    assert main(args) == 0
    done = [json.loads(x) for x in lines(out, "done.jsonl")]
    assert len(done) == 30 and len({d["id"] for d in done}) == 30
    fresh = tmp_path / "fresh"
    assert main(["audit", str(src), "--out", str(fresh), "--quiet"]) == 0
    for name in FILES:
        assert lines(out, name) == lines(fresh, name), name


def test_address_needs_the_ray_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "x"}) + "\n")
    assert main(["audit", str(src), "--out", str(tmp_path / "o"), "--address", "auto"]) == 2
    assert "--engine ray" in capsys.readouterr().err
