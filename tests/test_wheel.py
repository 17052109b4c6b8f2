"""The wheel is self-sufficient: built from the repository, installed into a fresh venv outside the checkout
(torch==2.13.0 first, so nothing pulls a CUDA build), and run from another directory: ingest, ask,
check-doses with the packaged starter formulary, and serve with the packaged panel."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]
ROOT = Path(__file__).resolve().parent.parent


def _run(
    cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{cmd[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    # built from a copy of what the wheel is made of (as the Dockerfile does): setuptools writes build/ next to
    # the sources, and a stale build/ in the checkout would ship modules that no longer exist
    src = tmp_path / "src"
    for part in (
        "pyproject.toml",
        "README.md",
        "cdss",
        "ingest",
        "prompts",
        "web",
        "corpora/formulary",
    ):
        (src / part).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, src / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / part, src / part)
    dist = tmp_path / "dist"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(src),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
        ],
        tmp_path,
        env,
    )
    wheel = next(dist.glob("cdss-*.whl"))
    venv = tmp_path / "venv"
    _run([shutil.which("python3") or "python3", "-m", "venv", str(venv)], tmp_path, env)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    _run([*pip, "torch==2.13.0"], tmp_path, env, timeout=1800)
    _run([*pip, str(wheel), "torch==2.13.0"], tmp_path, env, timeout=1800)

    work = tmp_path / "elsewhere"
    (work / "corpora" / "guidelines").mkdir(parents=True)
    for name in ("hyponatraemia.md", "acute-kidney-injury.md"):
        shutil.copy(ROOT / "corpora" / "guidelines" / name, work / "corpora" / "guidelines" / name)
    cdss = str(venv / "bin" / "cdss")
    where = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import cdss, cdss.data_files as d; print(cdss.__file__); "
            "print(d.data_dir('prompts')); print(d.data_dir('web')); print(d.data_dir('formulary'))",
        ],
        work,
        env,
    )
    for line in where.stdout.split():
        assert str(venv) in line and str(ROOT) not in line, (
            where.stdout
        )  # the installed package and its data

    _run([cdss, "ingest", "corpora/", "--store", "store"], work, env)
    asked = _run(
        [
            cdss,
            "ask",
            "-q",
            "How fast may sodium be raised in the first 24 hours?",
            "--store",
            "store",
            "--json",
        ],
        work,
        env,
    )
    answer = json.loads(asked.stdout)
    assert answer["sources"] and any(c["supported"] for c in answer["answer"])
    (work / "note.txt").write_text("naproxen 750 mg PO TID\n", encoding="utf-8")
    checked = _run([cdss, "check-doses", "note.txt", "--json"], work, env)
    assert any(
        f["rule"] == "max_daily_dose" for f in json.loads(checked.stdout)["findings"]
    )  # packaged formulary

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [cdss, "serve", "--port", str(port), "--store", "store"],
        cwd=work,
        env={**env, "CDSS_API_KEYS": "k"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = b""
        for _ in range(120):
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/panel", timeout=5) as r:
                    page = r.read()
                    break
            except OSError:
                continue
        assert b'id="ask-form"' in page  # the panel, served from the installed package
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
