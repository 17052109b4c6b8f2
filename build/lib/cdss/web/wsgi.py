"""WSGI entry point for gunicorn (`cdss.web.wsgi:app`). Creating the app loads no model:
services are built lazily or by the post_worker_init warm-up in gunicorn_conf.py."""

from cdss.web import create_app

app = create_app()
