"""`cdss` command line: one sub-command per user job, machine output on --json/--jsonl."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cdss.cli_io import Style, run_jsonl
from cdss.config import Config, load_config
from cdss.errors import CdssError
from cdss.logs import setup_logging
from cdss.store import open_store, store_overrides

COMMANDS: dict[str, Callable[[argparse.Namespace, Config], int]] = {}


def command(name: str) -> Callable[[Callable[[argparse.Namespace, Config], int]], Callable[[argparse.Namespace, Config], int]]:
    def deco(fn: Callable[[argparse.Namespace, Config], int]) -> Callable[[argparse.Namespace, Config], int]:
        COMMANDS[name] = fn
        return fn

    return deco


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="TOML settings file (default: ./cdss.toml or $CDSS_CONFIG)")
    common.add_argument("--store", help="embedded store directory, or a Qdrant URL (http...) or :memory:")
    common.add_argument("--collection", help="collection name (default cdss)")
    common.add_argument("-v", "--verbose", action="store_true", help="info-level JSON logs on stderr")

    p = argparse.ArgumentParser(prog="cdss", description="Clinical decision support: ingest, search, de-identify, ask, check doses.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("config", parents=[common], help="show effective settings and where each came from")

    ing = sub.add_parser("ingest", parents=[common], help="load, chunk, embed and store documents")
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ing.add_argument("--kind", choices=["guideline", "formulary"], help="override the document kind")
    ing.add_argument("--prune", action="store_true", help="delete stored documents whose files are not in PATH...")
    ing.add_argument("--json", action="store_true", help="print the JSON summary as the last line")

    se = sub.add_parser("search", parents=[common], help="hybrid (dense + BM25) retrieval")
    se.add_argument("query", nargs="?")
    se.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, query} per line")
    se.add_argument("--top-k", type=int, default=None)
    se.add_argument("--kind", choices=["guideline", "formulary"])
    se.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    se.add_argument("--json", action="store_true")

    de = sub.add_parser("deid", parents=[common], help="de-identify a note (pseudonymised text + entity spans)")
    de.add_argument("file", nargs="?", metavar="FILE|-")
    de.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, text} per line")
    de.add_argument("--json", action="store_true")
    de.add_argument("--date-shift", type=int, default=None, metavar="DAYS", help="shift dates instead of tagging them")

    for extra in EXTRA_PARSERS:
        extra(sub, common)
    return p


EXTRA_PARSERS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


@command("config")
def cmd_config(args: argparse.Namespace, config: Config) -> int:
    width = max(len(s.name) for s, _, _ in config.items())
    for setting, value, source in config.items():
        print(f"{setting.name:<{width}}  = {json.dumps(value):<28} [{source}]")
        print(" " * (width + 2) + f"  {setting.help} (env {setting.env})")
    return 0


@command("ingest")
def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from cdss.embed import Embedder
    from ingest.runner import Ingestor

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"cdss ingest: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    with open_store(config) as store:
        ing = Ingestor(store, Embedder.from_config(config), chunk_tokens=config["ingest.chunk_tokens"],
                       overlap=config["ingest.chunk_overlap"], max_file_bytes=config["ingest.max_file_bytes"])
        report = ing.run(args.paths, kind=args.kind, prune=args.prune, progress=sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        st = Style(sys.stdout)
        print(st.bold("Ingested") + f" {report.documents} documents in {report.seconds:.1f} s: "
              f"{report.chunks_added} chunks added, {report.chunks_unchanged} unchanged, {report.chunks_deleted} deleted"
              + (f", {report.documents_pruned} documents pruned" if report.documents_pruned else ""))
        for s in report.skipped:
            print(st.yellow("  skipped ") + f"{s.path}: {s.reason}")
        for w in report.warnings:
            print(st.yellow("  warning ") + f"{w.path}: {w.reason}")
    return 0 if report.documents else 1


def _retriever(config: Config):  # type: ignore[no-untyped-def]
    from cdss.embed import Embedder
    from cdss.retrieve import Retriever

    store = open_store(config)
    return store, Retriever.from_config(store, Embedder.from_config(config), config)


@command("search")
def cmd_search(args: argparse.Namespace, config: Config) -> int:
    if not args.query and not args.jsonl:
        print("cdss search: give a QUERY or --jsonl FILE|-", file=sys.stderr)
        return 2
    top_k = args.top_k or config["retrieve.top_k"]
    store, retriever = _retriever(config)
    with store:
        def handle(query: str, obj: dict[str, Any]) -> dict[str, Any]:
            passages = retriever.search(query, top_k=top_k, kind=args.kind, mode=args.mode)
            return {"query": query, "passages": [_passage_json(p) for p in passages]}

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
        where = " > ".join(x for x in (p["title"], p["section"]) if x) + (f", p. {p['page']}" if p["page"] else "")
        print(st.bold(f"[{i}] {where}") + st.dim(f"  ({p['doc_id']}, score {p['score']:.3f})"))
        print(textwrap.indent(textwrap.fill(p["text"], 96), "    "))
    return 0


@command("deid")
def cmd_deid(args: argparse.Namespace, config: Config) -> int:
    from cdss.cli_io import read_input
    from cdss.deid import Deidentifier

    if not args.file and not args.jsonl:
        print("cdss deid: give FILE, - (stdin) or --jsonl FILE|-", file=sys.stderr)
        return 2
    if args.date_shift is not None:
        config = config.with_overrides({"deid.date_shift_days": args.date_shift})
    deid = Deidentifier.from_config(config)

    def handle(text: str, obj: dict[str, Any]) -> dict[str, Any]:
        res = deid.deidentify(text)
        return {"text": res.text, "entities": [e.to_json() for e in res.entities]}

    if args.jsonl:
        run_jsonl(args.jsonl, "text", handle, sys.stdout)
        return 0
    text, replaced = read_input(args.file, max_bytes=config["deid.max_bytes"])
    if replaced:
        print("cdss deid: warning: input is not valid UTF-8; undecodable bytes were replaced", file=sys.stderr)
    result = {"id": args.file, **handle(text, {})}
    if replaced:
        result["warnings"] = ["input was not valid UTF-8; undecodable bytes were replaced with U+FFFD"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(result["text"])
        counts: dict[str, int] = {}
        for e in result["entities"]:
            counts[e["type"]] = counts.get(e["type"], 0) + 1
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        print(Style(sys.stderr).dim(f"-- entities removed: {summary}"), file=sys.stderr)
    return 0


def _passage_json(p: Any) -> dict[str, Any]:
    return {k: v for k, v in p.to_json().items() if k in
            ("chunk_id", "doc_id", "title", "section", "page", "text", "score")}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    try:
        config = load_config(args.config, overrides=store_overrides(args.store, args.collection))
        return COMMANDS[args.command](args, config)
    except CdssError as exc:
        print(f"cdss {args.command}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"cdss {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
