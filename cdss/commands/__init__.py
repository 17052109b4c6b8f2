"""CLI commands: one module per sub-command, each with `add_parser(sub, common)` beside its `run`.

`add_parser` builds the sub-parser and binds `run` as the handler (`set_defaults(handler=run)`), so the
parser and the code reading its arguments live in one file and nothing registers by import side effect.
Modules import only argparse and cheap cdss modules at the top; models and the store load inside `run`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cdss.config import Config

Handler = Callable[[argparse.Namespace, Config], int]
SubParsers = argparse._SubParsersAction  # type: ignore[type-arg]

# help order in `cdss --help`: corpus jobs, then clinical jobs, then evaluation and serving
MODULES = (
    "config",
    "ingest",
    "search",
    "deid",
    "check_doses",
    "ask",
    "audit",
    "evaluate",
    "serve",
)
