"""`cdss ask` latency (extractive) on the starter corpus and padded to 100k chunks, and
transformers CPU tokens/s with Gemma 3 270M (issue 4). Not a test: prints measured numbers."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cdss  # noqa: E402,F401
from cdss.config import load_config  # noqa: E402
from cdss.deid import Deidentifier  # noqa: E402
from cdss.dosing import DoseChecker, Formulary  # noqa: E402
from cdss.embed import Embedder  # noqa: E402
from cdss.generate.extractive import ExtractiveGenerator  # noqa: E402
from cdss.pipeline import Pipeline  # noqa: E402
from cdss.retrieve import Retriever  # noqa: E402
from cdss.retrieve.query import QueryExpander  # noqa: E402
from cdss.store.edge import EdgeStore  # noqa: E402
from ingest.runner import Ingestor  # noqa: E402
from scripts.bench_ingest import pad  # noqa: E402

QUESTIONS = [
    "Is the apixaban dose right for her age, weight and kidney function?",
    "Is naproxen safe with her kidney function?",
    "Which antibiotic for her cellulitis and for how long?",
    "Should metformin be stopped at this eGFR?",
    "How should hyperkalaemia with ECG changes be treated?",
    "What is the maximum rate of sodium correction?",
    "Does she need VTE prophylaxis?",
    "How is warfarin reversed before urgent surgery?",
]


def timed_asks(pipe: Pipeline, note: str, rounds: int = 3) -> tuple[float, float, dict[str, float]]:
    pipe.ask(note, QUESTIONS[0])
    totals, stages = [], {}
    for _ in range(rounds):
        for q in QUESTIONS:
            answer, _ = pipe.ask(note, q)
            totals.append(answer.timings_ms["total"])
            for k, v in answer.timings_ms.items():
                stages.setdefault(k, []).append(v)
    totals.sort()
    return (
        statistics.median(totals),
        totals[int(0.95 * (len(totals) - 1))],
        {k: statistics.median(v) for k, v in stages.items()},
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-100k", action="store_true")
    ap.add_argument("--skip-llm", action="store_true")
    args = ap.parse_args()
    note = (ROOT / "examples" / "note-af-ckd.txt").read_text()
    emb = Embedder()
    form = Formulary.load(ROOT / "corpora" / "formulary")
    with tempfile.TemporaryDirectory() as tmp:
        store = EdgeStore(tmp, "ask")
        Ingestor(store, emb).run([ROOT / "corpora"])
        pipe = Pipeline(
            Deidentifier(formulary_dir=str(ROOT / "corpora" / "formulary")),
            Retriever(store, emb, expander=QueryExpander(form.search_names)),
            ExtractiveGenerator(emb),
            DoseChecker(form),
            top_k=5,
        )
        for size in [0] if args.skip_100k else [0, 100_000]:
            if size:
                ids = [p["chunk_id"] for p in store.scroll_payloads(["chunk_id"])]
                pad(store, list(store.vectors_for(ids).values()), size)
            p50, p95, stages = timed_asks(pipe, note)
            label = f"{store.count(live_only=False)} chunks"
            print(
                f"[ask extractive, {label}] p50 {p50:.0f} ms, p95 {p95:.0f} ms; stage medians: "
                + ", ".join(f"{k} {v:.0f}" for k, v in stages.items()),
                flush=True,
            )
        store.close()
    if not args.skip_llm:
        from cdss.generate.hf import GEMMA_PACKAGE, TransformersBackend
        from cdss.generate.prompts import PromptSet
        from cdss.generate.types import GenerationRequest, Source

        cfg = load_config()
        t = time.perf_counter()
        b = TransformersBackend(
            GEMMA_PACKAGE,
            PromptSet.load("v1"),
            cache_dir=cfg.resolve_path("generate.cache_dir"),
            max_new_tokens=64,
        )
        b.load()
        print(
            f"[transformers] Gemma 3 270M ready in {time.perf_counter() - t:.1f} s (cached conversion)"
        )
        req = GenerationRequest(
            "When should nitrofurantoin be avoided?",
            "CrCl 25 mL/min.",
            [
                Source(
                    "S1",
                    "c",
                    "d",
                    "UTI",
                    "Cystitis",
                    None,
                    "Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min.",
                    1.0,
                )
            ],
        )
        rates = []
        for _ in range(3):
            b.generate(req)
            rates.append(b.last_tokens_per_second or 0)
        print(
            f"[transformers] CPU generation incl. prefill: {statistics.median(rates):.1f} tokens/s (median of 3, 64 new tokens)"
        )


if __name__ == "__main__":
    main()
