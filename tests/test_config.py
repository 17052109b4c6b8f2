from __future__ import annotations

from pathlib import Path

import pytest

from cdss.config import SETTINGS, load_config
from cdss.errors import ConfigError

pytestmark = pytest.mark.unit


def test_precedence_default_file_env_override(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text('[retrieve]\ntop_k = 7\nprefetch = 11\n[store]\nbackend = "qdrant"\n')
    env = {"CDSS_RETRIEVE__PREFETCH": "13", "CDSS_STORE__URL": ":memory:"}
    cfg = load_config(f, overrides={"store.url": "http://q:6333"}, environ=env)
    assert cfg["retrieve.top_k"] == 7 and cfg.source("retrieve.top_k") == str(f)
    assert (
        cfg["retrieve.prefetch"] == 13
        and cfg.source("retrieve.prefetch") == "env CDSS_RETRIEVE__PREFETCH"
    )
    assert cfg["store.url"] == "http://q:6333" and cfg.source("store.url") == "override"
    assert cfg["generate.backend"] == "extractive" and cfg.source("generate.backend") == "default"


def test_bad_values_explain_themselves(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CDSS_RETRIEVE__TOP_K"):
        load_config(environ={"CDSS_RETRIEVE__TOP_K": "many"})
    f = tmp_path / "c.toml"
    f.write_text("[retrieve]\ntopk = 3\n")
    with pytest.raises(ConfigError, match="unknown setting retrieve.topk"):
        load_config(f, environ={})
    f.write_text("[retrieve\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(f, environ={})


def test_every_setting_has_help_and_unique_name() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help for s in SETTINGS)
