"""Ingestion and query benchmark (issue 2). Not a test: prints measured numbers.

1. Starter corpus and a synthetic ~5,000-chunk corpus: ingestion wall time versus
   pure embedding time of the same chunk texts (goal <= 1.25x), chunks/s.
2. Query latency p50/p95 (hybrid: dense + BM25 + RRF, filter live) at 5k and 100k
   chunks on both backends. The 100k store is padded with vectors made from the
   real chunk embeddings plus noise (clustered like real text), because embedding
   100k passages on 2 cores would take well over an hour.

Usage: .venv/bin/python scripts/bench_ingest.py [--skip-100k] [--synthetic N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import cdss  # noqa: F401
from cdss.embed import Embedder
from cdss.store import PointRecord, Store
from cdss.store.edge import EdgeStore
from cdss.store.server import QdrantStore
from ingest.chunking import chunk_document
from ingest.runner import Ingestor

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "dose renal hepatic clearance warfarin apixaban sodium potassium infusion bolus monitoring "
    "creatinine weekly daily tablet injection adult paediatric elderly interaction bleeding risk "
    "guideline recommend avoid reduce increase titrate target pressure glucose insulin"
).split()


def synth_corpus(root: Path, n_chunks: int) -> None:
    rnd = random.Random(7)
    docs = max(1, round(n_chunks / 8.7))  # measured: ~8.7 chunks per synthetic document
    for d in range(docs):
        parts = [f"# Synthetic guideline {d}\n"]
        for s in range(4):
            parts.append(f"\n## Section {s}\n")
            for _ in range(12):
                parts.append(
                    " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(12, 24))).capitalize()
                    + "."
                )
        (root / f"syn{d:05d}.md").write_text(" ".join(parts), encoding="utf-8")


def measure_ingest(label: str, paths: list[Path], emb: Embedder) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = EdgeStore(tmp, "bench")
        ing = Ingestor(store, emb)
        t = time.perf_counter()
        rep = ing.run(paths)
        wall = time.perf_counter() - t
        n = store.count()
        # pure embedding of exactly the same texts, same batch size
        texts = []
        report = type(rep)()
        for doc in ing.load(paths, None, report):
            texts += [c.embed_text for c in chunk_document(doc, ing._count)]
        t = time.perf_counter()
        emb.dense(texts)
        pure = time.perf_counter() - t
        store.close()
    print(
        f"[{label}] docs={rep.documents} chunks={n} ingest_wall={wall:.1f}s pure_embed={pure:.1f}s "
        f"ratio={wall / pure:.2f}x chunks/s={n / wall:.1f}"
    )


def pad(store: Store, base: list[PointRecord], total: int) -> None:
    rnd = random.Random(11)
    have = store.count(live_only=False)
    batch: list[PointRecord] = []
    while have < total:
        src = rnd.choice(base)
        vec = [x + rnd.gauss(0, 0.03) for x in src.dense]
        norm = sum(x * x for x in vec) ** 0.5
        pid = str(uuid.uuid4())
        payload = dict(src.payload, chunk_id=pid, doc_id=f"pad/{have // 10}", live=1)
        batch.append(PointRecord(pid, [x / norm for x in vec], src.sparse, payload))
        have += 1
        if len(batch) == 1000:
            store.upsert(batch)
            batch = []
    store.upsert(batch)
    store.flush()
    store.optimize()


def latency(
    store: Store, emb: Embedder, queries: list[str], repeats: int = 3
) -> tuple[float, float]:
    vecs = [(emb.dense_one(q), emb.sparse_query(q)) for q in queries]
    times = []
    for _ in range(repeats):
        for d, s in vecs:
            t = time.perf_counter()
            store.query(dense=d, sparse=s, limit=5, prefetch=40)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-100k", action="store_true")
    ap.add_argument("--synthetic", type=int, default=5000)
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-starter", action="store_true")
    args = ap.parse_args()
    emb = Embedder()
    emb.dense_one("warm up")
    if not args.skip_starter:
        measure_ingest("starter corpus", [ROOT / "corpora"], emb)
    with tempfile.TemporaryDirectory() as syn:
        synth_corpus(Path(syn), args.synthetic)
        measure_ingest(f"synthetic ~{args.synthetic}", [Path(syn)], emb)
    if args.skip_queries:
        return

    queries = [
        "apixaban dose reduction",
        "nitrofurantoin renal threshold",
        "sodium correction rate limit",
        "opioid naive starting dose oxycodone",
        "potassium above 6.5 ECG changes",
        "DKA insulin infusion rate",
        "gout flare colchicine",
        "sepsis fluid bolus volume",
        "warfarin reversal vitamin K",
        "CAP outpatient",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        edge = EdgeStore(tmp, "lat")
        Ingestor(edge, emb).run([ROOT / "corpora"])
        ids = [p["chunk_id"] for p in edge.scroll_payloads(["chunk_id"])]
        base = list(edge.vectors_for(ids).values())
        server = QdrantStore(":memory:", "lat")
        server.upsert(base)
        for size in [5000] if args.skip_100k else [5000, 100_000]:
            for name, store in (("edge", edge), ("qdrant-client :memory:", server)):
                t = time.perf_counter()
                pad(store, base, size)
                p50, p95 = latency(store, emb, queries)
                print(
                    f"[query {size} chunks, {name}] pad+index={time.perf_counter() - t:.0f}s "
                    f"hybrid p50={p50:.1f} ms p95={p95:.1f} ms (store only; + ~15 ms query embedding)"
                )
        edge.close()
        server.close()


if __name__ == "__main__":
    main()
