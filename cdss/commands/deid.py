"""`cdss deid FILE`: the pseudonymised note and the entity spans removed (types and offsets only on stderr)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cdss.cli_io import Style, read_input, run_jsonl
from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "deid", parents=[common], help="de-identify a note (pseudonymised text + entity spans)"
    )
    p.add_argument("file", nargs="?", metavar="FILE|-")
    p.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, text} per line")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--date-shift",
        type=int,
        default=None,
        metavar="DAYS",
        help="shift dates instead of tagging them",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.deid import Deidentifier

    if not args.file and not args.jsonl:
        raise UsageError("give FILE, - (stdin) or --jsonl FILE|-")
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
        print(
            "cdss deid: warning: input is not valid UTF-8; undecodable bytes were replaced",
            file=sys.stderr,
        )
    result = {"id": args.file, **handle(text, {})}
    if replaced:
        result["warnings"] = [
            "input was not valid UTF-8; undecodable bytes were replaced with U+FFFD"
        ]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(result["text"])
    counts: dict[str, int] = {}
    for e in result["entities"]:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
    print(Style(sys.stderr).dim(f"-- entities removed: {summary}"), file=sys.stderr)
    return 0
