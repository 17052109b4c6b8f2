"""`cdss config`: every setting, its effective value and where it came from (default, TOML, env, flag)."""

from __future__ import annotations

import argparse
import json

from cdss.commands import SubParsers
from cdss.config import Config


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "config", parents=[common], help="show effective settings and where each came from"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    width = max(len(s.name) for s, _, _ in config.items())
    for setting, value, source in config.items():
        print(f"{setting.name:<{width}}  = {json.dumps(value):<28} [{source}]")
        print(" " * (width + 2) + f"  {setting.help} (env {setting.env})")
    return 0
