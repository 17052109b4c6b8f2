"""gunicorn settings for `cdss serve` (values come from CDSS_* settings via environment).

- the worker is `cdss.web.worker.CdssWorker` (gthread with a per-request read deadline and JSON protocol
  errors that never echo the request line);
- logging is configured in each worker, after fork: the per-request JSON line is written by the worker;
- no control socket: a second instance would silently reuse ~/.gunicorn's socket;
- models warm up in post_worker_init, after fork: torch work in the master before fork deadlocks workers;
- every worker opens the store read-only (an embedded store is shared through published generations, see
  cdss/store/generations.py), so several workers work on the embedded store as on a Qdrant server;
- request lines and header fields are bounded (gunicorn's defaults), and gunicorn's access log is off: the
  app writes its own line without query strings.
"""

import logging
import os

bind = f"{os.environ.get('CDSS_SERVER__HOST', '127.0.0.1')}:{os.environ.get('CDSS_SERVER__PORT', '8080')}"
workers = int(os.environ.get("CDSS_SERVER__WORKERS", "1"))
threads = int(os.environ.get("CDSS_SERVER__THREADS", "4"))
worker_class = "cdss.web.worker.CdssWorker"
timeout = 180
graceful_timeout = 30
keepalive = 5
preload_app = False
control_socket_disable = True
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None
errorlog = "-"
loglevel = "warning"


def post_worker_init(worker):  # noqa: ANN001 - gunicorn hook signature
    from cdss.logs import setup_logging

    setup_logging(logging.INFO)
    services = worker.wsgi.extensions["cdss.services"]
    services.warm_up()
