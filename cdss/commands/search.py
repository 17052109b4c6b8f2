"""`cdss search QUERY`: hybrid (dense + BM25) retrieval over the store, one query or a JSONL batch."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from cdss.cli_io import Style, run_jsonl
from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError
from cdss.passages import SEARCH_FIELDS


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="hybrid (dense + BM25) retrieval")
    p.add_argument("query", nargs="?")
    p.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, query} per line")
    p.add_argument("--top-k", type=int, default=None)
    p.add_argument("--kind", choices=["guideline", "formulary"])
    p.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.embed import Embedder
    from cdss.retrieve import Retriever
    from cdss.store import open_store

    if not args.query and not args.jsonl:
        raise UsageError("give a QUERY or --jsonl FILE|-")
    top_k = args.top_k or config["retrieve.top_k"]
    with open_store(config, read_only=True) as store:
        retriever = Retriever.from_config(store, Embedder.from_config(config), config)

        def handle(query: str, obj: dict[str, Any]) -> dict[str, Any]:
            passages = retriever.search(query, top_k=top_k, kind=args.kind, mode=args.mode)
            return {
                "query": query,
                "passages": [p.to_json(SEARCH_FIELDS) for p in passages],
            }

        if args.jsonl:
            run_jsonl(args.jsonl, "query", handle, sys.stdout)
            return 0
        result = {"id": "1", **handle(args.query, {})}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    st = Style(sys.stdout)
    if not result["passages"]:
        print("No passages found. Has the corpus been ingested? Try `cdss ingest corpora/`.")
    for i, p in enumerate(result["passages"], 1):
        where = " > ".join(x for x in (p["title"], p["section"]) if x) + (
            f", p. {p['page']}" if p["page"] else ""
        )
        print(st.bold(f"[{i}] {where}") + st.dim(f"  ({p['doc_id']}, score {p['score']:.3f})"))
        print(textwrap.indent(textwrap.fill(p["text"], 96), "    "))
    return 0
