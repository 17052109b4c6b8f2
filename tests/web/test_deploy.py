"""Deployment files and server mode, as far as this machine allows (no Docker engine here)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from cdss.cli import main
from cdss.config import SETTINGS, load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.unit
def test_compose_file_is_complete_and_matches_settings() -> None:
    doc = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = doc["services"]
    assert {"qdrant", "vllm", "app", "ingest"} <= set(services)
    assert (
        services["qdrant"]["healthcheck"]
        and "qdrant-data:/qdrant/storage" in services["qdrant"]["volumes"]
    )
    assert "google/medgemma-27b-text-it" in services["vllm"]["command"]
    assert services["vllm"]["deploy"]["resources"]["reservations"]["devices"][0][
        "capabilities"
    ] == ["gpu"]
    assert "HF_TOKEN" in services["vllm"]["environment"]["HUGGING_FACE_HUB_TOKEN"]
    assert services["app"]["depends_on"]["qdrant"]["condition"] == "service_healthy"
    env = {
        k: str(v)
        for k, v in services["app"]["environment"].items()
        if k.startswith("CDSS_") and "__" in k
    }
    env["CDSS_SERVER__CDS_AUDIENCE"] = (
        "https://cdss.example.org:8443"  # compose takes it from CDSS_PUBLIC_URL
    )
    known = {s.env for s in SETTINGS}
    assert set(env) <= known, set(env) - known
    cfg = load_config(environ=env)
    assert cfg["store.backend"] == "qdrant" and cfg["store.url"] == "http://qdrant:6333"
    assert cfg["generate.backend"] == "openai" and cfg["generate.base_url"] == "http://vllm:8000/v1"
    assert cfg["server.workers"] == 2
    # the app is reachable only through the TLS proxy, which bounds slow and oversized clients
    assert "ports" not in services["app"] and services["proxy"]["ports"] == ["8443:8443"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["proxy"]["volumes"]
    assert (
        cfg["server.proxy_hops"] == 1 and cfg["server.cds_audience"] and cfg["server.cds_replay_db"]
    )
    # optional GPU paths: GGUF on llama.cpp's server, a LoRA adapter on vLLM (selected by generate.model)
    assert (
        services["llamacpp"]["profiles"] == ["gguf"]
        and "--port 8080" in services["llamacpp"]["command"]
    )
    lora = services["vllm-lora"]
    assert lora["profiles"] == ["lora"] and "--enable-lora" in lora["command"]
    assert "--lora-modules medgemma-local=/adapters/medgemma-local" in lora["command"]
    docker = (ROOT / "Dockerfile").read_text()
    assert (
        "torch==2.13.0" in docker and "cdss.web.gunicorn_conf" in docker and "HEALTHCHECK" in docker
    )
    # the runtime stage installs the wheel and copies no source next to it (what runs is the installed package)
    runtime = docker.split("\nFROM ")[-1]
    assert (
        "pip install --no-cache-dir /dist/*.whl" in runtime
        and "COPY cdss" not in runtime
        and "COPY ingest" not in runtime
    )


@pytest.mark.unit
def test_serve_refuses_several_workers_on_a_store_written_with_a_wal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cdss" / "segments").mkdir(parents=True)  # the layout of cdss before generations
    assert main(["serve", "--workers", "2", "--store", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "write-ahead log" in err and "Qdrant server" in err


@pytest.mark.unit
def test_server_mode_store_unreachable_is_a_clear_503_error() -> None:
    from cdss.errors import StoreError
    from cdss.store.server import QdrantStore

    with pytest.raises(StoreError, match="check that the server is running"):
        QdrantStore("http://127.0.0.1:9", "x")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
@pytest.mark.integration
def test_gunicorn_serves_after_warm_up_with_two_workers_on_the_embedded_store(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "# A\n\n## B\n\nNitrofurantoin should be avoided when CrCl is below 30 mL/min.\n"
    )
    assert main(["ingest", str(corpus), "--store", str(store)]) == 0
    port = _free_port()
    env = dict(
        os.environ,
        CDSS_API_KEYS="k",
        CDSS_STORE__PATH=str(store),
        CDSS_SERVER__AUDIT_LOG=str(tmp_path / "a.jsonl"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdss.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        ready = False
        for _ in range(120):
            time.sleep(1)
            try:
                req = urllib.request.Request(
                    f"http://127.0.0.1:{port}/readyz", headers={"Authorization": "Bearer k"}
                )
                with urllib.request.urlopen(req, timeout=5) as r:
                    ready = r.status == 200
                    break
            except OSError:
                continue
        assert ready, "gunicorn did not become ready"
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/check-doses",
            data=b'{"text": "naproxen 750 mg PO TID"}',
            headers={"Authorization": "Bearer k", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            assert b"max_daily_dose" in r.read()
        workers = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(workers) == 2  # gunicorn's master execs in place of `cdss serve`

        def search(q: str) -> list[str]:
            body = json.dumps({"query": q}).encode()
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/v1/search",
                data=body,
                headers={"Authorization": "Bearer k", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(req, timeout=30) as r:
                return [p["doc_id"] for p in json.loads(r.read())["passages"]]

        # both workers read the one embedded store (8 requests over keep-alive-free connections)
        assert all(search("nitrofurantoin CrCl") for _ in range(8))
        # an ingestion while serving is published to every worker within store.refresh_s
        (corpus / "k.md").write_text(
            "# K\n\n## Hyperkalaemia\n\nGive calcium gluconate 10% 30 mL IV.\n"
        )
        assert main(["ingest", str(corpus), "--store", str(store)]) == 0
        time.sleep(2.5)
        assert all(
            any(d.endswith("k.md") for d in search("calcium gluconate hyperkalaemia"))
            for _ in range(6)
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out = proc.communicate(timeout=30)[0].decode(errors="replace")
    # the worker writes one JSON line per request (logging is set up in each worker, after fork)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert any(
        r.get("event") == "request"
        and r.get("route") == "/v1/check-doses"
        and r.get("status") == 200
        for r in lines
    ), out[-2000:]
    assert "naproxen" not in out


@pytest.mark.unit
def test_gpu_acceptance_script_preflight_fails_clearly_without_a_gpu(tmp_path: Path) -> None:
    """The script runs only on a GPU host; here we check its interface and that its preflight refuses cleanly."""
    script = ROOT / "scripts" / "gpu_acceptance.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    helped = subprocess.run(
        ["bash", str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert (
        helped.returncode == 0
        and "55 GB" in helped.stdout
        and "vllm/vllm-openai:v0.10.1" in helped.stdout
    )
    assert (
        subprocess.run(
            ["bash", str(script), "--model", "70b"], capture_output=True, check=False
        ).returncode
        == 2
    )
    bare = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }  # no nvidia-smi on this machine's default path
    if Path("/usr/bin/nvidia-smi").exists():
        pytest.skip("this host has nvidia-smi")
    run = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, env=bare, check=False
    )
    assert run.returncode == 3 and "nvidia-smi not found" in run.stderr
    text = script.read_text()
    assert "cdss eval" in text and "--fail-under" in text and "tokens_per_second" in text
