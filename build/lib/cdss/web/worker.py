"""The gunicorn worker `cdss serve` runs: gthread, plus two things a clinical service needs from its server.

1. A client has `server.read_timeout_s` to send one whole request, headers and body together. gthread hands a
   connection to a thread as soon as the first byte arrives and then blocks on it, so a client sending a byte
   per second held one of four threads for as long as it liked. Every `recv` here is given the time left.
2. Protocol errors (malformed request line, oversized headers, bad chunking) are answered with the same JSON
   error shape as the app, and logged by kind only. gunicorn's own pages and log lines copy the request line
   and header names back, and those can carry patient identifiers (a name in a query string).
"""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

from gunicorn.http import errors as herr
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker

log = logging.getLogger("cdss.web.server")
STATUS = [  # most specific first
    (
        herr.LimitRequestHeaders,
        431,
        "headers_too_large",
        "request headers too large (each header at most 8 KB)",
    ),
    (herr.LimitRequestLine, 414, "uri_too_long", "request line too long"),
    (herr.UnsupportedTransferCoding, 501, "not_implemented", "unsupported transfer coding"),
    (herr.ExpectationFailed, 417, "expectation_failed", "unsupported Expect header"),
    (herr.ForbiddenProxyRequest, 403, "forbidden", "proxy request forbidden"),
    (herr.ParseException, 400, "bad_request", "malformed HTTP request"),
]


class ClientTimeout(herr.NoMoreData):
    """The client did not send its request within the read deadline."""


class DeadlineSocket:
    """A socket whose reads share one deadline per request; everything else is the socket's own."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self._sock, self.seconds, self.deadline = sock, seconds, time.monotonic() + seconds

    def arm(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def recv(self, size: int, *flags: int) -> bytes:
        previous = self._sock.gettimeout()
        if previous == 0.0:  # non-blocking (the poller's mode): not ours to bound
            return self._sock.recv(size, *flags)
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ClientTimeout(b"")
        self._sock.settimeout(left)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError as exc:
            raise ClientTimeout(b"") from exc
        finally:
            self._sock.settimeout(previous)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def error_bytes(status: int, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {code.replace('_', ' ')}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class CdssWorker(ThreadWorker):
    read_timeout = 15.0

    def init_process(self) -> None:
        from cdss.config import load_config

        self.read_timeout = float(load_config()["server.read_timeout_s"])
        super().init_process()

    def handle(self, conn: Any) -> Any:
        if not isinstance(conn.sock, DeadlineSocket) and not self.cfg.is_ssl:
            conn.sock = DeadlineSocket(conn.sock, self.read_timeout)
        if isinstance(conn.sock, DeadlineSocket):
            conn.sock.arm()
        try:
            return super().handle(conn)
        finally:
            if (
                isinstance(getattr(conn, "sock", None), DeadlineSocket)
                and time.monotonic() > conn.sock.deadline
            ):
                log.warning(
                    "client_timeout", extra={"phase": "request", "seconds": conn.sock.seconds}
                )

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        status, code, message = next(
            ((s, c, m) for kind, s, c, m in STATUS if isinstance(exc, kind)),
            (500, "internal_error", "internal error"),
        )
        log.warning("http_error", extra={"status": status, "error": type(exc).__name__})
        try:
            write_nonblock(client, error_bytes(status, code, message))
        except Exception:  # noqa: BLE001 - the client may be gone; nothing to tell it
            log.debug("error response not sent")
