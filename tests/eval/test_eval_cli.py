"""`cdss eval` end to end on a small real corpus: outputs, scoring, gates, and no note text in what it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdss.cli import main
from tests.ingest.fixtures import build_corpus

pytestmark = pytest.mark.integration

NOTE = "Patient: MOSS, ELLEN (MRN 4471823). Na 118, confused. Lives at 14 Hawthorn Lane."
QUESTIONS = [
    {
        "id": "q1",
        "question": "How fast may sodium be raised in the first 24 hours?",
        "gold_doc": "sodium.md",
        "gold_phrase": "not be raised by more than 10 mmol/L",
    },
    {
        "id": "q2",
        "question": "na 118 seizing - what saline bolus?",
        "note": NOTE,
        "gold_doc": "sodium.md",
        "gold_phrase": "150 mL of 3% saline over 20 minutes",
    },
    {
        "id": "q3",
        "question": "What dose of nirsevimab for an infant in RSV season?",
        "unanswerable": True,
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("evalcorpus")
    path = str(root / "store")
    assert main(["ingest", str(build_corpus(root / "c")), "--store", path]) == 0
    return path


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_writes_results_summary_and_report(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qfile = _write(tmp_path / "q.jsonl", QUESTIONS)
    out = tmp_path / "out"
    assert main(["eval", str(qfile), "--store", store, "--out", str(out), "--quiet"]) == 0
    assert "answer_hit 1.000" in capsys.readouterr().out
    results = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in results] == ["q1", "q2", "q3"]
    r1, r2, r3 = results
    assert r1["rank"] == 1 and r1["in_sources"] and r1["answer_hit"] and not r1["abstained"]
    assert r2["has_note"] and r2["answer_hit"]
    assert r3["unanswerable"] and r3["abstained"] and r3["rank"] is None
    summary = json.loads((out / "summary.json").read_text())
    m = summary["metrics"]
    assert (m["hit@1"], m["hit@5"], m["answer_hit"], m["abstained_unanswerable"]) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert summary["answerable"] == 2 and summary["unanswerable"] == 1 and summary["errors"] == 0
    assert summary["quotes"]["verified"] == summary["quotes"]["quotes"] > 0
    assert set(summary["latency_ms"]) >= {
        "deid",
        "retrieve",
        "generate",
        "verify",
        "check",
        "total",
    }
    assert summary["backend"]["backend"] == "extractive"
    html = (out / "report.html").read_text()
    assert (
        "<mark>not be raised by more than 10 mmol/L</mark>" in html
        and "q3" in html
        and "<script src" not in html
    )
    written = "".join(p.read_text() for p in out.iterdir())
    for phi in ("MOSS", "ELLEN", "4471823", "Hawthorn", "Na 118, confused"):
        assert phi not in written  # notes are de-identified and never persisted


def test_gates_exit_3_and_say_why(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = QUESTIONS[:1] + [
        {
            "id": "q9",
            "question": "what dose of allopurinol to start",
            "gold_doc": "sodium.md",
            "gold_phrase": "phrase that is in no document at all",
        }
    ]
    qfile = _write(tmp_path / "q.jsonl", rows)
    out = tmp_path / "out"
    assert (
        main(
            [
                "eval",
                str(qfile),
                "--store",
                store,
                "--out",
                str(out),
                "--quiet",
                "--fail-under",
                "answer_hit=0.9",
            ]
        )
        == 3
    )
    err = capsys.readouterr().err
    assert "answer_hit = 0.500 is below 0.900" in err
    golden = tmp_path / "golden.json"
    golden.write_text(json.dumps({"metrics": {"answer_hit": 1.0, "hit@5": 0.5}}))
    assert (
        main(
            [
                "eval",
                str(qfile),
                "--store",
                store,
                "--out",
                str(out),
                "--quiet",
                "--baseline",
                str(golden),
            ]
        )
        == 3
    )
    err = capsys.readouterr().err
    assert "answer_hit fell from 1.000 to 0.5" in err and "hit@5" not in err
    # a metric with no applicable question cannot silently pass
    assert (
        main(
            [
                "eval",
                str(qfile),
                "--store",
                store,
                "--out",
                str(out),
                "--quiet",
                "--fail-under",
                "abstained_unanswerable=0.9",
            ]
        )
        == 3
    )
    assert "has no value" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a", "question": "q?"}], "needs gold_doc and gold_phrase"),
        (
            [{"id": "a", "question": "q?", "unanswerable": True, "golddoc": "x"}],
            "unknown field(s) golddoc",
        ),
        ([{"id": "a", "question": "q?", "unanswerable": True}] * 2, "duplicate id 'a'"),
        (
            [{"question": "q?", "unanswerable": True}],
            "'id' and 'question' must be non-empty strings",
        ),
    ],
)
def test_bad_questions_files_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[dict[str, object]], message: str
) -> None:
    qfile = _write(tmp_path / "q.jsonl", rows)
    assert (
        main(["eval", str(qfile), "--store", str(tmp_path / "s"), "--out", str(tmp_path / "o")])
        == 2
    )
    assert message in capsys.readouterr().err


def test_bad_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qfile = _write(tmp_path / "q.jsonl", QUESTIONS[2:])
    assert (
        main(["eval", str(qfile), "--store", str(tmp_path / "s"), "--fail-under", "answer=0.9"])
        == 2
    )
    assert "METRIC one of" in capsys.readouterr().err
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    assert main(["eval", str(tmp_path / "bad.jsonl"), "--store", str(tmp_path / "s")]) == 2
    assert "not valid JSON" in capsys.readouterr().err
