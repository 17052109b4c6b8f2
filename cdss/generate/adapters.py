"""LoRA adapters (PEFT) on the transformers backend: a hospital's tuning, loaded over the base model.

`generate.adapter_path` names a local PEFT adapter directory (adapter_config.json and the adapter weights);
`generate.merge_adapter` folds it into the base weights after loading (faster generation, same outputs).
Every answer's model name carries the adapter's folder name and a hash of its weights, so an audit can tell
which adapter spoke: `gemma-3-270m+ward-tuned@3f2a9c1b7d04`. An adapter that is missing, or was trained on
another base model, is a ModelError naming the base model the adapter expects.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cdss.errors import ModelError

WEIGHT_FILES = ("adapter_model.safetensors", "adapter_model.bin")


def adapter_config(path: str | Path) -> dict[str, Any]:
    folder = Path(path).expanduser()
    cfg = folder / "adapter_config.json"
    if not cfg.is_file():
        raise ModelError(
            f"generate.adapter_path {str(path)!r} is not a PEFT adapter: it has no adapter_config.json "
            "(save one with model.save_pretrained(DIR) after peft training)"
        )
    try:
        data: dict[str, Any] = json.loads(cfg.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"{cfg} is not valid JSON") from exc
    if not any((folder / w).is_file() for w in WEIGHT_FILES):
        raise ModelError(
            f"the adapter in {folder} has a config but no weights ({' or '.join(WEIGHT_FILES)})"
        )
    return data


def adapter_identity(path: str | Path) -> str:
    """`name@hash`: the adapter folder's name and the first 12 hex digits of its weights' SHA-256."""
    folder = Path(path).expanduser()
    digest = hashlib.sha256()
    for name in WEIGHT_FILES:
        f = folder / name
        if f.is_file():
            with f.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
    return f"{folder.name}@{digest.hexdigest()[:12]}"


def apply_adapter(model: Any, path: str | Path, *, merge: bool = False) -> Any:
    """The base model with the adapter loaded (and merged, if asked); a mismatch names the expected base."""
    from peft import PeftModel

    cfg = adapter_config(path)
    expected = cfg.get("base_model_name_or_path") or "(not recorded in adapter_config.json)"
    try:
        tuned = PeftModel.from_pretrained(model, str(Path(path).expanduser()), is_trainable=False)
    except (RuntimeError, ValueError, KeyError, AttributeError) as exc:
        raise ModelError(
            f"the adapter in {path} does not fit this base model: it was trained on {expected} "
            f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); set generate.model_path to that "
            "base model or use an adapter trained on this one"
        ) from exc
    return tuned.merge_and_unload() if merge else tuned
