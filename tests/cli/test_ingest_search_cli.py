"""The CLI end to end on the embedded store, with networking blocked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdss.cli import main
from tests.ingest.fixtures import build_corpus

pytestmark = pytest.mark.integration


def test_ingest_and_search_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list
) -> None:
    root = build_corpus(tmp_path / "c")
    (root / "weird.xyz").write_text("?")
    store = str(tmp_path / "store")
    assert main(["ingest", str(root), "--store", store, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary) >= {
        "documents",
        "chunks_added",
        "chunks_unchanged",
        "chunks_deleted",
        "skipped",
        "seconds",
    }
    assert summary["documents"] == 4 and summary["chunks_added"] > 0
    assert summary["skipped"] == [
        {"path": str(root / "weird.xyz"), "reason": summary["skipped"][0]["reason"]}
    ]

    assert (
        main(
            [
                "search",
                "colchicine dose for a gout flare",
                "--store",
                store,
                "--json",
                "--top-k",
                "2",
            ]
        )
        == 0
    )
    res = json.loads(capsys.readouterr().out)
    assert res["passages"][0]["doc_id"] == "gout.pdf" and res["passages"][0]["page"] == 1
    assert set(res["passages"][0]) == {
        "chunk_id",
        "doc_id",
        "title",
        "section",
        "page",
        "text",
        "score",
    }

    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "q1", "query": "sodium correction limit"}\nnot json\n{"id": "q3"}\n'
        '{"id": "q4", "query": "cephalexin cellulitis"}\n'
    )
    assert main(["search", "--jsonl", str(batch), "--store", store]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [x["id"] for x in lines] == ["q1", 2, "q3", "q4"]
    assert lines[0]["passages"][0]["doc_id"] == "sodium.md"
    assert lines[1]["error"]["code"] == "bad_line" and "error" in lines[2]
    assert lines[3]["passages"][0]["doc_id"] == "cellulitis.html"
    assert no_network == []


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.md").write_text("")
    assert main(["ingest", str(empty), "--store", store]) == 1  # nothing ingestable
    assert main(["ingest", str(tmp_path / "missing"), "--store", store]) == 2
    with pytest.raises(SystemExit) as e:
        main(["ingest"])
    assert e.value.code == 2
    assert main(["config"]) == 0
    assert "store.backend" in capsys.readouterr().out
