"""Each sub-command lives in its own module with its parser beside its handler (no registration by import)."""

from __future__ import annotations

import importlib

import pytest

from cdss.cli import build_parser
from cdss.commands import MODULES

ARGS = {
    "config": ["config"],
    "ingest": ["ingest", "corpora"],
    "search": ["search", "warfarin"],
    "deid": ["deid", "-"],
    "check_doses": ["check-doses", "-"],
    "ask": ["ask", "-q", "dose?"],
    "audit": ["audit", "notes", "--out", "o"],
    "evaluate": ["eval", "q.jsonl"],
    "serve": ["serve"],
}


@pytest.mark.parametrize("name", MODULES)
def test_parser_binds_the_handler_of_its_own_module(name: str) -> None:
    module = importlib.import_module(f"cdss.commands.{name}")
    args = build_parser().parse_args(ARGS[name])
    assert args.handler is module.run
    assert callable(module.add_parser)


def test_every_module_is_listed_and_tested() -> None:
    assert set(ARGS) == set(MODULES)
    names = {a[0] for a in ARGS.values()}
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == names  # type: ignore[arg-type]


def test_command_modules_do_not_import_models_at_import_time() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cdss.cli; cdss.cli.build_parser(); "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'presidio_analyzer', 'qdrant_edge', "
        "'ingest', 'flask') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
