"""One embedded store, several processes: readers share it while ingestion, the one writer, publishes
whole generations (cdss/store/generations.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cdss.cli import main
from cdss.errors import StoreLockedError, StoreReadOnlyError
from cdss.store.base import PointRecord
from cdss.store.edge import EdgeStore
from cdss.store.generations import KEEP, Generations

DOCS = 20
READER = textwrap.dedent(
    """
    import json, sys, time
    from cdss.store.edge import EdgeStore
    from cdss.errors import StoreReadOnlyError
    store = EdgeStore(sys.argv[1], "cdss", read_only=True, refresh_s=0.0)
    try:
        store.delete_doc("d00.md")
        refused = False
    except StoreReadOnlyError:
        refused = True
    seen, t_end, since_b = [], time.time() + 90, None
    while time.time() < t_end:
        live = [p for p in store.scroll_payloads(["doc_id", "text", "live"]) if p.get("live")]
        versions = sorted({p["text"].split("version ")[1][0] for p in live})
        docs = len({p["doc_id"] for p in live})
        seen.append([versions, docs])
        if versions == ["B"]:
            since_b = since_b or time.time()
            if time.time() - since_b > 1.0:
                break
        time.sleep(0.005)
    print(json.dumps({"refused": refused, "seen": seen}))
    """
)


def write_corpus(root: Path, version: str) -> None:
    root.mkdir(exist_ok=True)
    for i in range(DOCS):
        (root / f"d{i:02d}.md").write_text(
            f"# Guideline {i}\n\n## Dosing\n\nThis is version {version} of guideline {i}: "
            f"reduce drug {i} to {10 + i} mg when the eGFR is below 30.\n",
            encoding="utf-8",
        )


def record(i: int) -> PointRecord:
    payload = {"doc_id": f"d{i}", "doc_hash": "h", "live": 1, "kind": "guideline", "text": "t"}
    return PointRecord(f"00000000-0000-0000-0000-{i:012d}", [0.1] * 384, ([1], [1.0]), payload)


@pytest.mark.unit
def test_generations_publish_prune_and_crash_recovery(tmp_path: Path) -> None:
    assert EdgeStore(tmp_path, "c", read_only=True).count() == 0  # nothing published yet
    for i in range(KEEP + 2):
        w = EdgeStore(tmp_path, "c")
        w.upsert([record(i)])
        w.close()
    gens = Generations(tmp_path / "c")
    kept = sorted(p.name for p in (tmp_path / "c").glob("gen-*"))
    assert len(kept) == KEEP and gens.current() == tmp_path / "c" / kept[-1]
    assert EdgeStore(tmp_path, "c", read_only=True).count() == KEEP + 2
    # a writer that dies before publishing leaves a .tmp folder: readers never see it, the next
    # writer removes it
    (tmp_path / "c" / "gen-999999.tmp").mkdir()
    w = EdgeStore(tmp_path, "c")
    assert not (tmp_path / "c" / "gen-999999.tmp").exists()
    w.close()  # nothing written: no new generation
    assert sorted(p.name for p in (tmp_path / "c").glob("gen-*")) == kept


@pytest.mark.unit
def test_read_only_store_refuses_every_write(tmp_path: Path) -> None:
    w = EdgeStore(tmp_path, "c")
    w.upsert([record(1)])
    w.close()
    r = EdgeStore(tmp_path, "c", read_only=True)
    for write in (
        lambda: r.upsert([record(2)]),
        lambda: r.set_live("d1", "h", False),
        lambda: r.delete_doc("d1"),
        r.optimize,
    ):
        with pytest.raises(StoreReadOnlyError, match="only `cdss ingest` writes"):
            write()
    assert r.count() == 1
    writer = EdgeStore(tmp_path, "c")
    try:
        with pytest.raises(StoreLockedError):  # one writer at a time, even within a process
            EdgeStore(tmp_path, "c")
    finally:
        writer.close()


@pytest.mark.integration
def test_two_readers_share_the_store_while_a_second_writer_is_refused_and_ingestion_is_whole(
    tmp_path: Path,
) -> None:
    store, corpus = tmp_path / "store", tmp_path / "corpus"
    write_corpus(corpus, "A")
    assert main(["ingest", str(corpus), "--store", str(store)]) == 0
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(store)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    ingest = [sys.executable, "-m", "cdss.cli", "ingest", str(corpus), "--store", str(store)]
    holder = EdgeStore(store, "cdss")  # a writer is busy
    try:
        refused = subprocess.run(ingest, capture_output=True, text=True, timeout=300)
    finally:
        holder.close()
    assert refused.returncode != 0
    assert "being written by another process" in refused.stderr
    assert "serving and audits read the store read-only" in refused.stderr

    write_corpus(corpus, "B")  # every document changes
    assert subprocess.run(ingest, capture_output=True, timeout=300).returncode == 0
    for proc in readers:
        out = json.loads(proc.communicate(timeout=120)[0])
        assert out["refused"]
        seen = out["seen"]
        assert seen[0] == [["A"], DOCS] and seen[-1] == [["B"], DOCS]
        # each look at the store saw all of the old corpus or all of the new one, never a mix
        assert all(s in ([["A"], DOCS], [["B"], DOCS]) for s in seen), [
            s for s in seen if s not in ([["A"], DOCS], [["B"], DOCS])
        ][:3]
        assert len(seen) > 10
