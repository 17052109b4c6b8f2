"""`cdss ingest PATH...`: load, chunk, screen, embed and upsert documents (the single writer of the store).

This is one of the two places in cdss allowed to import the `ingest` package (the import-boundary test
enforces it): the request side never reaches into ingestion.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdss.cli_io import Style
from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ingest", parents=[common], help="load, chunk, embed and store documents")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--kind", choices=["guideline", "formulary"], help="override the document kind")
    p.add_argument(
        "--prune",
        action="store_true",
        help="delete stored documents whose files are not in PATH...",
    )
    p.add_argument("--json", action="store_true", help="print the JSON summary as the last line")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.embed import Embedder
    from cdss.store import open_store
    from ingest.runner import Ingestor

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    embedder = Embedder.from_config(config)
    screen = None
    if config["ingest.screen"]:
        from cdss.dosing import DoseChecker
        from cdss.generate.injection import InjectionDetector
        from ingest.screen import Screen

        screen = Screen(InjectionDetector(embedder), DoseChecker.from_config(config))
    with open_store(config) as store:
        ing = Ingestor(
            store,
            embedder,
            chunk_tokens=config["ingest.chunk_tokens"],
            screen=screen,
            overlap=config["ingest.chunk_overlap"],
            max_file_bytes=config["ingest.max_file_bytes"],
        )
        report = ing.run(args.paths, kind=args.kind, prune=args.prune, progress=sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_json()))
        return 0 if report.documents else 1
    st = Style(sys.stdout)
    print(
        st.bold("Ingested") + f" {report.documents} documents in {report.seconds:.1f} s: "
        f"{report.chunks_added} chunks added, {report.chunks_unchanged} unchanged, "
        f"{report.chunks_deleted} deleted"
        + (f", {report.documents_pruned} documents pruned" if report.documents_pruned else "")
    )
    for s in report.skipped:
        print(st.yellow("  skipped ") + f"{s.path}: {s.reason}")
    for w in report.warnings:
        print(st.yellow("  warning ") + f"{w.path}: {w.reason}")
    for fl in report.flagged:
        what = (
            f"{fl.count} sentence(s) addressed to a model (possible prompt injection); "
            "never shown as evidence"
            if fl.kind == "instructions"
            else f"dose contradicts the formulary: {fl.detail}"
        )
        print(st.red("  flagged ") + f"{fl.doc_id}: {what}")
    return 0 if report.documents else 1
