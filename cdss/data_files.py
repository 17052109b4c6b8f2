"""Data files shipped inside the distribution, found with importlib.resources wherever cdss is installed.

The prompts (`prompts/`), the sidebar panel (`web/`) and the starter formulary (`corpora/formulary/`) live at
the top of the repository, where people edit them, and are mapped into the wheel as `cdss.resources.*`
(pyproject.toml). Reading them through importlib.resources, never through a path relative to the source
tree, is what lets an installed `cdss` run from any directory, and the Docker image run the installed package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from cdss.errors import ConfigError

# where each kind lives in a source checkout (an editable install imports cdss from the checkout itself)
IN_CHECKOUT = {"prompts": "prompts", "web": "web", "formulary": "corpora/formulary"}
KINDS = tuple(IN_CHECKOUT)


@cache
def data_dir(kind: str) -> Path:
    """The folder of one kind of shipped data, as a real directory (wheels install unzipped)."""
    if kind not in KINDS:
        raise ValueError(f"unknown data kind {kind!r}")
    try:
        root = resources.files(f"cdss.resources.{kind}")
    except ModuleNotFoundError as exc:
        checkout = Path(__file__).resolve().parent.parent / IN_CHECKOUT[kind]
        if (
            Path(__file__).resolve().parent.parent / "pyproject.toml"
        ).is_file() and checkout.is_dir():
            return checkout
        raise ConfigError(
            f"the installed cdss is missing its {kind} files (cdss.resources.{kind}); reinstall it "
            "from a wheel built with `pip wheel .`"
        ) from exc
    # the data folders carry no __init__.py, so they are namespace packages: files() returns a MultiplexedPath,
    # whose entries are ordinary paths
    entries = [e for e in root.iterdir() if isinstance(e, Path)]
    path = entries[0].parent if entries else Path(str(root))
    if not path.is_dir():
        raise ConfigError(
            f"cdss.resources.{kind} is not a directory on disk ({path}); install cdss unzipped"
        )
    return path
