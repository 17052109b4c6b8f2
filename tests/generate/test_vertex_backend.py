"""The vertex backend end to end against two loopback servers written for this test: an OAuth token endpoint
(the service-account key's `token_uri` points at it; the signed JWT assertion is verified with the key made
here) and a fake Model Garden endpoint that checks the bearer token, the route and the JSON body. Nothing
here talks to Google; what is real is google-auth's service-account flow and our HTTP client."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cdss.config import load_config
from cdss.errors import BackendUnavailable, ConfigError
from cdss.generate import make_generator
from cdss.generate.prompts import PromptSet
from cdss.generate.vertex import VertexBackend

pytestmark = pytest.mark.integration
ROUTE = "/v1beta1/projects/proj-1/locations/europe-west4/endpoints/4242/chat/completions"
REPLY = {
    "choices": [
        {
            "message": {
                "role": "assistant",
                "content": '{"insufficient_evidence": true, "answer": []}',
            }
        }
    ],
    "usage": {"completion_tokens": 9},
}


class Fake:
    """State shared by both servers: tokens issued, statuses to answer with, requests seen."""

    def __init__(self, public_key: Any) -> None:
        self.public_key = public_key
        self.expires_in = 3600
        self.tokens: list[str] = []
        self.statuses: list[int] = []
        self.calls: list[dict[str, Any]] = []
        self.token_uri = ""


def _handler(fake: Fake) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path == "/token":
                form = urllib.parse.parse_qs(raw.decode())
                assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
                # google-auth posts to the key file's token_uri and addresses the assertion to Google's token
                # endpoint, which is what Google's endpoint checks
                claims = jwt.decode(
                    form["assertion"][0],
                    fake.public_key,
                    algorithms=["RS256"],
                    audience="https://oauth2.googleapis.com/token",
                )
                assert claims["iss"] == "cdss@proj-1.iam.gserviceaccount.com"
                assert "cloud-platform" in claims["scope"]
                token = f"ya29.test-{len(fake.tokens) + 1}"
                fake.tokens.append(token)
                self._send(
                    200,
                    {"access_token": token, "expires_in": fake.expires_in, "token_type": "Bearer"},
                )
                return
            if self.path != ROUTE:
                self._send(404, {"error": "no such endpoint"})
                return
            body = json.loads(raw)
            fake.calls.append({"auth": self.headers.get("Authorization"), "body": body})
            status = fake.statuses.pop(0) if fake.statuses else 200
            if status != 200:
                self._send(status, {"error": {"code": status}})
                return
            if self.headers.get("Authorization") != f"Bearer {fake.tokens[-1]}":
                self._send(401, {"error": "stale token"})
                return
            assert [m["role"] for m in body["messages"]] == ["system", "user"] and body[
                "max_tokens"
            ] > 0
            self._send(200, REPLY)

    return H


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[tuple[Fake, str, str]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    state = Fake(key.public_key())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    host = f"http://127.0.0.1:{server.server_address[1]}"
    state.token_uri = host + "/token"
    sa = {
        "type": "service_account",
        "project_id": "proj-1",
        "private_key_id": "k1",
        "client_id": "1",
        "client_email": "cdss@proj-1.iam.gserviceaccount.com",
        "token_uri": state.token_uri,
        "private_key": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    }
    sa_file = tmp_path / "sa.json"
    sa_file.write_text(json.dumps(sa))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, host, str(sa_file)
    server.shutdown()


def backend(host: str, sa_file: str, **kw: Any) -> VertexBackend:
    return VertexBackend(
        "proj-1",
        "europe-west4",
        "4242",
        PromptSet.load("v2"),
        credentials_file=sa_file,
        host=host,
        backoff=0.01,
        **kw,
    )


def test_answers_through_the_endpoint_with_a_service_account_token(
    fake: tuple[Fake, str, str], caplog: pytest.LogCaptureFixture
) -> None:
    state, host, sa = fake
    b = backend(host, sa)
    with caplog.at_level(logging.DEBUG):
        text, tokens = b.chat("system text", "user text", {"type": "object"})
        b.chat("system text", "again", None)
    assert "insufficient_evidence" in text and tokens == 9
    assert state.tokens == ["ya29.test-1"]  # one token, reused while valid
    assert state.calls[0]["auth"] == "Bearer ya29.test-1"
    assert state.calls[0]["body"]["response_format"]["type"] == "json_schema"
    assert "ya29" not in caplog.text


def test_a_token_near_expiry_is_refreshed_before_use(fake: tuple[Fake, str, str]) -> None:
    state, host, sa = fake
    state.expires_in = 60  # inside the five-minute margin: every call refreshes first
    b = backend(host, sa)
    b.chat("s", "u")
    b.chat("s", "u")
    assert state.tokens == ["ya29.test-1", "ya29.test-2"]
    assert state.calls[1]["auth"] == "Bearer ya29.test-2"


def test_a_401_gets_one_fresh_token_and_a_retry(fake: tuple[Fake, str, str]) -> None:
    state, host, sa = fake
    state.statuses = [401]
    text, _ = backend(host, sa).chat("s", "u")
    assert "insufficient_evidence" in text and len(state.tokens) == 2 and len(state.calls) == 2


def test_403_is_a_clear_error_without_retries(fake: tuple[Fake, str, str]) -> None:
    state, host, sa = fake
    state.statuses = [403, 403, 403]
    with pytest.raises(BackendUnavailable, match="Vertex AI User role"):
        backend(host, sa).chat("s", "u")
    assert len(state.calls) == 1


def test_429_and_503_are_retried_with_backoff(fake: tuple[Fake, str, str]) -> None:
    state, host, sa = fake
    state.statuses = [429, 503]
    t0 = time.perf_counter()
    text, _ = backend(host, sa, max_retries=2).chat("s", "u")
    assert (
        "insufficient_evidence" in text and len(state.calls) == 3 and time.perf_counter() - t0 < 5
    )
    state.statuses = [503, 503, 503]
    with pytest.raises(BackendUnavailable, match="after 3 attempts"):
        backend(host, sa, max_retries=2).chat("s", "u")


def test_an_unreachable_token_endpoint_is_a_clear_error(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sa = tmp_path / "sa.json"
    sa.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "p",
                "private_key_id": "k",
                "client_id": "1",
                "client_email": "x@p.iam.gserviceaccount.com",
                "token_uri": "http://127.0.0.1:9/token",
                "private_key": key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode(),
            }
        )
    )
    with pytest.raises(BackendUnavailable, match="access token"):
        backend("http://127.0.0.1:9", str(sa)).chat("s", "u")


def test_configuration_guards(embedder: Any, tmp_path: Path) -> None:
    base = {
        "generate.backend": "vertex",
        "generate.vertex_project": "proj-1",
        "generate.vertex_region": "europe-west4",
        "generate.vertex_endpoint": "4242",
        "generate.vertex_credentials": str(tmp_path / "none.json"),
    }
    with pytest.raises(ConfigError, match="allow_cloud"):
        make_generator(load_config(overrides=base, environ={}), embedder)
    with pytest.raises(ConfigError, match="every recognizer"):
        make_generator(
            load_config(
                overrides={
                    **base,
                    "generate.allow_cloud": True,
                    "deid.recognizers": "EmailRecognizer",
                },
                environ={},
            ),
            embedder,
        )
    with pytest.raises(ConfigError, match="vertex_project"):
        make_generator(
            load_config(
                overrides={**base, "generate.allow_cloud": True, "generate.vertex_project": ""},
                environ={},
            ),
            embedder,
        )
    gen = make_generator(
        load_config(overrides={**base, "generate.allow_cloud": True}, environ={}), embedder
    )
    assert isinstance(gen, VertexBackend) and gen.url.endswith(ROUTE)
    assert gen.url.startswith("https://europe-west4-aiplatform.googleapis.com/")
