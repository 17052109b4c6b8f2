"""`cdss` command line: one sub-command per user job, machine output on --json/--jsonl."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from cdss.commands import MODULES
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

    for name in MODULES:
        importlib.import_module(f"cdss.commands.{name}").add_parser(sub, common)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    try:
        config = load_config(args.config, overrides=store_overrides(args.store, args.collection))
        return int(args.handler(args, config))
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
