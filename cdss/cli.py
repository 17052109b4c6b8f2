"""`cdss` command line: one sub-command per user job, machine output on --json/--jsonl."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cdss.config import load_config
from cdss.errors import CdssError
from cdss.logs import setup_logging
from cdss.store import store_overrides


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", help="TOML settings file (default: ./cdss.toml or $CDSS_CONFIG)"
    )
    common.add_argument(
        "--store", help="embedded store directory, or a Qdrant URL (http...) or :memory:"
    )
    common.add_argument("--collection", help="collection name (default cdss)")
    common.add_argument(
        "-v", "--verbose", action="store_true", help="info-level JSON logs on stderr"
    )

    p = argparse.ArgumentParser(
        prog="cdss",
        description="Clinical decision support: ingest, search, de-identify, ask, check doses.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser(
        "config", parents=[common], help="show effective settings and where each came from"
    )

    ing = sub.add_parser("ingest", parents=[common], help="load, chunk, embed and store documents")
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ing.add_argument(
        "--kind", choices=["guideline", "formulary"], help="override the document kind"
    )
    ing.add_argument(
        "--prune",
        action="store_true",
        help="delete stored documents whose files are not in PATH...",
    )
    ing.add_argument("--json", action="store_true", help="print the JSON summary as the last line")

    se = sub.add_parser("search", parents=[common], help="hybrid (dense + BM25) retrieval")
    se.add_argument("query", nargs="?")
    se.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, query} per line")
    se.add_argument("--top-k", type=int, default=None)
    se.add_argument("--kind", choices=["guideline", "formulary"])
    se.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    se.add_argument("--json", action="store_true")

    de = sub.add_parser(
        "deid", parents=[common], help="de-identify a note (pseudonymised text + entity spans)"
    )
    de.add_argument("file", nargs="?", metavar="FILE|-")
    de.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, text} per line")
    de.add_argument("--json", action="store_true")
    de.add_argument(
        "--date-shift",
        type=int,
        default=None,
        metavar="DAYS",
        help="shift dates instead of tagging them",
    )

    cd = sub.add_parser(
        "check-doses",
        parents=[common],
        help="extract medications and patient context, apply dose rules",
    )
    cd.add_argument("file", nargs="?", metavar="FILE|-")
    cd.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, text, patient?} per line")
    cd.add_argument(
        "--patient",
        metavar="JSON",
        help='overrides, e.g. \'{"age": 80, "weight_kg": 58, "egfr": 28}\'',
    )
    cd.add_argument("--json", action="store_true")

    ask = sub.add_parser(
        "ask",
        parents=[common],
        help="answer a question about a note with verified guideline quotes",
    )
    ask.add_argument(
        "--note", metavar="FILE|-", help="the patient note (omit for a question without a note)"
    )
    ask.add_argument("--question", "-q", required=True)
    ask.add_argument(
        "--patient", metavar="JSON", help="patient context overrides (see check-doses)"
    )
    ask.add_argument(
        "--image",
        type=Path,
        metavar="FILE",
        help="one PNG, JPEG or DICOM image read with the note "
        "(metadata stripped; multimodal models only)",
    )
    ask.add_argument(
        "--backend",
        choices=["extractive", "transformers", "openai", "vertex"],
        help="override generate.backend",
    )
    ask.add_argument("--json", action="store_true", help="print the Answer object")
    au = sub.add_parser(
        "audit",
        parents=[common],
        help="batch-audit notes: de-identification and dose rules, with a report",
    )
    au.add_argument(
        "input",
        type=Path,
        metavar="INPUT",
        help="folder of .txt/.md notes, .jsonl, .csv (id,text) or FHIR Bundle .json",
    )
    au.add_argument("--out", type=Path, required=True, metavar="DIR")
    au.add_argument(
        "--workers", type=int, default=None, help="worker processes (default audit.workers)"
    )
    au.add_argument(
        "--resume", action="store_true", help="skip notes finished by an interrupted run"
    )
    au.add_argument(
        "--pseudonymize-ids",
        action="store_true",
        help="write note ids as keyed HMAC pseudonyms (key in $CDSS_AUDIT_ID_KEY; audit.pseudonymize_ids)",
    )
    au.add_argument(
        "--fail-on",
        choices=["warning", "critical"],
        help="exit 3 when a finding of this severity or worse exists",
    )
    au.add_argument(
        "--with-llm",
        action="store_true",
        help="also ask the pipeline whether each plan fits the guidelines",
    )
    au.add_argument("--quiet", action="store_true", help="no progress bar (cron)")

    from cdss.commands import evaluate

    evaluate.add_parser(sub, common)

    sv = sub.add_parser(
        "serve", parents=[common], help="run the API, CDS Hooks and the panel (gunicorn)"
    )
    sv.add_argument("--host")
    sv.add_argument("--port", type=int)
    sv.add_argument("--workers", type=int)
    sv.add_argument(
        "--dev", action="store_true", help="Flask's development server instead of gunicorn"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    try:
        config = load_config(args.config, overrides=store_overrides(args.store, args.collection))
        from cdss.commands import COMMANDS, clinical, corpus, evaluate  # noqa: F401  (registers the commands)

        return COMMANDS[args.command](args, config)
    except CdssError as exc:
        print(f"cdss {args.command}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `cdss ... | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"cdss {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
