"""`cdss audit INPUT --out DIR`: batch de-identification and dose audit of many notes, resumable."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "audit",
        parents=[common],
        help="batch-audit notes: de-identification and dose rules, with a report",
    )
    p.add_argument(
        "input",
        type=Path,
        metavar="INPUT",
        help="folder of .txt/.md notes, .jsonl, .csv (id,text) or FHIR Bundle .json",
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument(
        "--workers", type=int, default=None, help="worker processes (default audit.workers)"
    )
    p.add_argument(
        "--resume", action="store_true", help="skip notes finished by an interrupted run"
    )
    p.add_argument(
        "--pseudonymize-ids",
        action="store_true",
        help="write note ids as keyed HMAC pseudonyms "
        "(key in $CDSS_AUDIT_ID_KEY; audit.pseudonymize_ids)",
    )
    p.add_argument(
        "--fail-on",
        choices=["warning", "critical"],
        help="exit 3 when a finding of this severity or worse exists",
    )
    p.add_argument(
        "--with-llm",
        action="store_true",
        help="also ask the pipeline whether each plan fits the guidelines",
    )
    p.add_argument(
        "--engine",
        choices=["process", "ray"],
        default="process",
        help="process pool on this machine (default) or Ray Data (local, or a cluster with --address)",
    )
    p.add_argument(
        "--address",
        metavar="auto|ray://HOST:10001",
        help="with --engine ray: join this Ray cluster instead of starting a local one",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar (cron)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.audit import AuditOptions, AuditRun, exit_code
    from cdss.audit.runner import id_key_from_config

    if not args.input.exists():
        raise UsageError(f"no such input {args.input}")
    workers = args.workers or config["audit.workers"]
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    overrides = {s.name: v for s, v, src in config.items() if src == "override"}
    if args.address and args.engine != "ray":
        raise UsageError("--address joins a Ray cluster: use it with --engine ray")
    options = AuditOptions(
        workers=workers,
        resume=args.resume,
        fail_on=args.fail_on,
        quiet=args.quiet,
        with_llm=args.with_llm,
        id_key=id_key_from_config(config, args.pseudonymize_ids),
        engine=args.engine,
        ray_address=args.address,
    )
    run = AuditRun(args.input, args.out, config, options, overrides, args.config)
    summary = run.run()
    if not args.quiet:
        crit = summary["by_severity"].get("critical", 0)
        print(
            f"audited {summary['notes_processed']} notes ({summary['notes_failed']} failed) in "
            f"{summary['seconds']} s ({summary['notes_per_second']} notes/s): "
            f"{summary['findings']} findings, {crit} critical in "
            f"{len(summary['notes_with_critical'])} notes. Report: {args.out / 'report.html'}",
            file=sys.stdout,
        )
    return exit_code(summary, args.fail_on)
