"""Corpus commands: config, ingest, search."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from cdss.cli_io import Style, run_jsonl
from cdss.commands import command
from cdss.config import Config
from cdss.errors import UsageError
from cdss.store import open_store


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
    else:
        st = Style(sys.stdout)
        print(
            st.bold("Ingested") + f" {report.documents} documents in {report.seconds:.1f} s: "
            f"{report.chunks_added} chunks added, {report.chunks_unchanged} unchanged, {report.chunks_deleted} deleted"
            + (f", {report.documents_pruned} documents pruned" if report.documents_pruned else "")
        )
        for s in report.skipped:
            print(st.yellow("  skipped ") + f"{s.path}: {s.reason}")
        for w in report.warnings:
            print(st.yellow("  warning ") + f"{w.path}: {w.reason}")
        for fl in report.flagged:
            what = (
                f"{fl.count} sentence(s) addressed to a model (possible prompt injection); never shown as evidence"
                if fl.kind == "instructions"
                else f"dose contradicts the formulary: {fl.detail}"
            )
            print(st.red("  flagged ") + f"{fl.doc_id}: {what}")
    return 0 if report.documents else 1


def _retriever(config: Config):  # type: ignore[no-untyped-def]
    from cdss.embed import Embedder
    from cdss.retrieve import Retriever

    store = open_store(config)
    return store, Retriever.from_config(store, Embedder.from_config(config), config)


@command("search")
def cmd_search(args: argparse.Namespace, config: Config) -> int:
    if not args.query and not args.jsonl:
        raise UsageError("give a QUERY or --jsonl FILE|-")
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
        where = " > ".join(x for x in (p["title"], p["section"]) if x) + (
            f", p. {p['page']}" if p["page"] else ""
        )
        print(st.bold(f"[{i}] {where}") + st.dim(f"  ({p['doc_id']}, score {p['score']:.3f})"))
        print(textwrap.indent(textwrap.fill(p["text"], 96), "    "))
    return 0


def _passage_json(p: Any) -> dict[str, Any]:
    return {
        k: v
        for k, v in p.to_json().items()
        if k in ("chunk_id", "doc_id", "title", "section", "page", "text", "score")
    }


@command("serve")
def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    import os

    from cdss.errors import UsageError

    host = args.host or config["server.host"]
    port = args.port or config["server.port"]
    workers = args.workers or config["server.workers"]
    if workers > 1 and config["store.backend"] == "edge":
        raise UsageError(
            "the embedded store allows one process: use --workers 1 (threads serve concurrency), or a "
            "Qdrant server with --store http://HOST:6333 for several workers"
        )
    if args.dev:
        from cdss.web import create_app

        app = create_app(config)
        print(
            f"cdss panel: http://{host}:{port}/panel  (Flask development server)", file=sys.stderr
        )
        app.run(host=host, port=port, threaded=True)
        return 0
    env = dict(
        os.environ,
        CDSS_SERVER__HOST=host,
        CDSS_SERVER__PORT=str(port),
        CDSS_SERVER__WORKERS=str(workers),
    )
    for setting, value, source in config.items():
        if source != "default":
            env[setting.env] = str(value).lower() if isinstance(value, bool) else str(value)
    print(f"cdss panel: http://{host}:{port}/panel", file=sys.stderr)
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:cdss.web.gunicorn_conf",
        "cdss.web.wsgi:app",
    ]
    sys.stderr.flush()
    # exec, not a child: SIGTERM, SIGINT or kill -9 aimed at `cdss serve` reach gunicorn itself, so the port
    # and the embedded store are freed and a supervisor (systemd, Kubernetes) sees the real server's exit
    os.execve(sys.executable, cmd, env)
    return 0  # not reached
