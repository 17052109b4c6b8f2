"""`cdss check-doses FILE`: medication statements, patient context and dose findings for one note or a batch."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cdss.cli_io import Style, patient_arg, print_findings, read_input, run_jsonl
from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import InputError, UsageError


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "check-doses",
        parents=[common],
        help="extract medications and patient context, apply dose rules",
    )
    p.add_argument("file", nargs="?", metavar="FILE|-")
    p.add_argument("--jsonl", metavar="FILE|-", help="batch: one {id, text, patient?} per line")
    p.add_argument(
        "--patient",
        metavar="JSON",
        help='overrides, e.g. \'{"age": 80, "weight_kg": 58, "egfr": 28}\'',
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.dosing import DoseChecker

    if not args.file and not args.jsonl:
        raise UsageError("give FILE, - (stdin) or --jsonl FILE|-")
    checker = DoseChecker.from_config(config)
    override = patient_arg(args.patient)

    def handle(text: str, obj: dict[str, Any]) -> dict[str, Any]:
        if not text.strip():
            raise InputError("the text is empty", code="empty_text")
        patient = obj.get("patient") if isinstance(obj.get("patient"), dict) else override
        return checker.check(text, patient=patient).to_json()

    if args.jsonl:
        run_jsonl(args.jsonl, "text", handle, sys.stdout)
        return 0
    text, _ = read_input(args.file, max_bytes=config["deid.max_bytes"])
    result = {"id": args.file, **handle(text, {})}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    st = Style(sys.stdout)
    meds = result["medications"]
    print(
        st.bold(f"{len(meds)} medication statement(s)")
        + f", {sum(m['status'] == 'active' for m in meds)} active"
    )
    for m in meds:
        freq = (m["frequency"] or {}).get("code", "")
        dose = f"{m['dose']:g} {m['unit']}" if m["dose"] is not None else (m["unit"] or "")
        print(f"  {m['drug']:<28} {dose:<14} {m['route'] or '':<4} {freq:<10} {m['status']}")
    print(st.bold(f"{len(result['findings'])} finding(s)"))
    print_findings(result["findings"], st)
    return 0
