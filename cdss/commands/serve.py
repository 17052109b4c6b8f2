"""`cdss serve`: exec gunicorn on the WSGI app (or Flask's dev server with --dev)."""

from __future__ import annotations

import argparse
import os
import sys

from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve", parents=[common], help="run the API, CDS Hooks and the panel (gunicorn)"
    )
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int)
    p.add_argument(
        "--dev", action="store_true", help="Flask's development server instead of gunicorn"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config) -> int:
    host = args.host or config["server.host"]
    port = args.port or config["server.port"]
    workers = args.workers or config["server.workers"]
    if workers > 1 and config["store.backend"] == "edge":
        from cdss.store.generations import Generations

        if Generations.is_legacy(config.resolve_path("store.path") / config["store.collection"]):
            raise UsageError(
                "this embedded store was written with a write-ahead log, which allows one process: "
                "use --workers 1, or re-run `cdss ingest` into a new --store folder (shared "
                "read-only by any number of workers), or use a Qdrant server"
            )
    if args.dev:
        from cdss.web import create_app

        app = create_app(config)
        print(
            f"cdss panel: http://{host}:{port}/panel  (Flask development server)", file=sys.stderr
        )
        app.run(host=host, port=port, threaded=True)
        return 0
    env = dict(
        os.environ,
        CDSS_SERVER__HOST=host,
        CDSS_SERVER__PORT=str(port),
        CDSS_SERVER__WORKERS=str(workers),
    )
    for setting, value, source in config.items():
        if source != "default":
            env[setting.env] = str(value).lower() if isinstance(value, bool) else str(value)
    print(f"cdss panel: http://{host}:{port}/panel", file=sys.stderr)
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:cdss.web.gunicorn_conf",
        "cdss.web.wsgi:app",
    ]
    sys.stderr.flush()
    # exec, not a child: SIGTERM, SIGINT or kill -9 aimed at `cdss serve` reach gunicorn itself, so the
    # port and the embedded store are freed and a supervisor (systemd, Kubernetes) sees the real exit
    os.execve(sys.executable, cmd, env)
    return 0  # not reached
