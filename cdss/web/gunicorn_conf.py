"""gunicorn settings for `cdss serve` (values come from CDSS_* settings via environment).

- no control socket: a second instance would silently reuse ~/.gunicorn's socket;
- models warm up in post_worker_init, after fork: torch work in the master before
  fork deadlocks the workers;
- an embedded store allows one process: one worker with threads. Several workers
  need a Qdrant server (store.backend = "qdrant" with store.url).
"""

import os

bind = f"{os.environ.get('CDSS_SERVER__HOST', '127.0.0.1')}:{os.environ.get('CDSS_SERVER__PORT', '8080')}"
workers = int(os.environ.get("CDSS_SERVER__WORKERS", "1"))
threads = int(os.environ.get("CDSS_SERVER__THREADS", "4"))
worker_class = "gthread"
timeout = 180
graceful_timeout = 30
preload_app = False
control_socket_disable = True
accesslog = None  # the app logs one JSON line per request (no query strings, no bodies)
errorlog = "-"


def post_worker_init(worker):  # noqa: ANN001 - gunicorn hook signature
    services = worker.wsgi.extensions["cdss.services"]
    services.warm_up()
