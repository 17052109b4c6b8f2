"""The real server (`cdss serve`: gunicorn with cdss's worker) against slow and malformed clients.

Each test is a regression test for a defect found by a hostile probe: a byte-per-second client held a thread
for 30 s; gunicorn answered protocol errors with HTML pages that echoed the request line, and copied it to
its log; `cdss serve` left gunicorn running after SIGTERM; a chunked oversize body was a 400.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cdss.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
READ_TIMEOUT = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raw(port: int, data: bytes, *, read: bool = True, timeout: float = 15) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if not read:
            return b""
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def _length(resp: bytes) -> int:
    head = resp.partition(b"\r\n\r\n")[0].lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def _json_body(resp: bytes) -> dict[str, Any]:
    head, _, body = resp.partition(b"\r\n\r\n")
    assert b"application/json" in head.lower(), head
    return json.loads(body)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("serve")
    corpus = tmp / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "# A\n\n## B\n\nNitrofurantoin should be avoided when CrCl is below 30 mL/min.\n"
    )
    assert main(["ingest", str(corpus), "--store", str(tmp / "store")]) == 0
    port = _free_port()
    log = (tmp / "server.log").open("wb")
    env = dict(
        os.environ,
        CDSS_API_KEYS="k",
        CDSS_STORE__PATH=str(tmp / "store"),
        CDSS_SERVER__AUDIT_LOG=str(tmp / "audit.jsonl"),
        CDSS_SERVER__READ_TIMEOUT_S=str(READ_TIMEOUT),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdss.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(120):
        time.sleep(1)
        try:
            if (
                b" 200 "
                in _raw(
                    port,
                    b"GET /readyz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                    b"Connection: close\r\n\r\n",
                    timeout=5,
                )[:20]
            ):
                break
        except OSError:
            continue
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("cdss serve did not become ready: " + (tmp / "server.log").read_text()[-2000:])
    yield {"port": port, "proc": proc, "log": tmp / "server.log"}
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def test_slow_headers_are_cut_off(server: dict[str, Any]) -> None:
    port = server["port"]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        t0 = time.monotonic()
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        closed_after = None
        for _ in range(20):  # one header byte per second, as the probe did
            try:
                s.sendall(b"X")
                time.sleep(1)
                if s.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed_after = time.monotonic() - t0
                    break
            except BlockingIOError:
                continue
            except OSError:
                closed_after = time.monotonic() - t0
                break
    assert closed_after is not None and closed_after < READ_TIMEOUT + 4, closed_after


def test_slow_body_gets_a_json_408(server: dict[str, Any]) -> None:
    port = server["port"]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        t0 = time.monotonic()
        s.sendall(
            b"POST /v1/check-doses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
            b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"
        )
        resp = b""
        for _ in range(15):
            time.sleep(1)
            try:
                s.sendall(b" ")
                resp += s.recv(65536, socket.MSG_DONTWAIT)
            except (BlockingIOError, OSError):
                pass
            if resp:
                break
        s.settimeout(5)
        try:  # the rest of the response (the first read may hold only the status line and headers)
            while b"\r\n\r\n" not in resp or len(resp.partition(b"\r\n\r\n")[2]) < _length(resp):
                chunk = s.recv(65536)
                if not chunk:
                    break
                resp += chunk
        except OSError:
            pass
    assert time.monotonic() - t0 < READ_TIMEOUT + 5
    assert resp.startswith(b"HTTP/1.1 408"), resp[:200]
    assert _json_body(resp)["error"]["code"] == "request_timeout"


def test_huge_header_is_a_json_431_that_echoes_nothing(server: dict[str, Any]) -> None:
    token = "Jane" + "x" * 100_000
    resp = _raw(
        server["port"],
        f"GET /readyz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode(),
    )
    assert resp.startswith(b"HTTP/1.1 431"), resp[:200]
    assert _json_body(resp)["error"]["code"] == "headers_too_large"
    assert b"Jane" not in resp


def test_malformed_request_line_is_json_and_never_echoed_or_logged(server: dict[str, Any]) -> None:
    resp = _raw(server["port"], b"GET /panel?patient=Rosalind%20Okafor HTTP/9.9\r\nHost: x\r\n\r\n")
    assert resp.startswith(b"HTTP/1.1 400"), resp[:200]
    assert _json_body(resp)["error"]["code"] == "bad_request"
    resp2 = _raw(server["port"], b"G\x01T /x?name=Rosalind HTTP/1.1\r\nHo st: Okafor\r\n\r\n")
    assert b"Rosalind" not in resp + resp2 and b"Okafor" not in resp2
    time.sleep(0.5)
    text = server["log"].read_text(errors="replace")
    assert "Rosalind" not in text and "Okafor" not in text
    assert '"event": "http_error"' in text


def test_chunked_oversize_body_is_413(server: dict[str, Any]) -> None:
    big = b"x" * 40_000  # over /v1/search's 16 KB
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big)
    resp = _raw(
        server["port"],
        b"POST /v1/search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n" + chunked,
    )
    assert resp.startswith(b"HTTP/1.1 413"), resp[:200]
    assert _json_body(resp)["error"]["code"] == "payload_too_large"


def _self_signed(folder: Path) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "tls.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "tls.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def test_the_documented_nginx_proxy_runs_in_front(server: dict[str, Any], tmp_path: Path) -> None:
    """deploy/nginx.conf as shipped, with only the upstream address, port and file paths changed for this machine."""
    import shutil
    import ssl

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is installed by `make browser`"
    _self_signed(tmp_path)
    port = _free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server app:8080;", f"server 127.0.0.1:{server['port']};").replace(
        "8443", str(port)
    )
    conf = conf.replace("/etc/nginx/tls/", f"{tmp_path}/").replace(
        "/tmp/nginx.pid", f"{tmp_path}/nginx.pid"
    )
    conf = conf.replace("worker_processes auto;", "worker_processes 1;")
    (tmp_path / "nginx.conf").write_text(conf)
    for d in ("client_body_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp", "logs"):
        (tmp_path / d).mkdir()
    proc = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE

        def call(request: bytes) -> bytes:
            for _ in range(50):
                try:
                    with (
                        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
                        ctx.wrap_socket(raw, server_hostname="localhost") as s,
                    ):
                        s.sendall(request)
                        out = b""
                        while chunk := s.recv(65536):
                            out += chunk
                        return out
                except (ConnectionRefusedError, ssl.SSLError):
                    time.sleep(0.2)
            raise AssertionError(
                proc.stderr.read().decode() if proc.stderr else "nginx did not start"
            )

        ok = call(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert ok.startswith(b"HTTP/1.1 200") and b"Strict-Transport-Security" in ok, ok[:300]
        big = call(
            b"GET /readyz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer Jane"
            + b"x" * 100_000
            + b"\r\nConnection: close\r\n\r\n"
        )
        assert big.startswith(b"HTTP/1.1 400") and b"Jane" not in big
        body = (
            b"x" * 8_500_000
        )  # over client_max_body_size 8m (a question with an image fits under it)
        over = call(
            b"POST /v1/deid HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nConnection: close\r\n\r\n"
            + body
        )
        assert over.startswith(b"HTTP/1.1 413"), over[:200]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_sigterm_to_cdss_serve_frees_the_port(server: dict[str, Any]) -> None:
    """Last in the module: the signal goes to the process `cdss serve` started as, not to its group."""
    proc: subprocess.Popen[bytes] = server["proc"]
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=45)
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", server["port"]))  # raises if an orphaned gunicorn still holds it
