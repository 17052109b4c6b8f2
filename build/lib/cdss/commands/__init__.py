"""Command registry: each sub-command is a function registered by name."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cdss.config import Config

Handler = Callable[[argparse.Namespace, Config], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return deco
