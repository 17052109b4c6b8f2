# cdss app image: gunicorn serving the API, CDS Hooks and the panel.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    CDSS_SERVER__HOST=0.0.0.0 CDSS_SERVER__PORT=8080
WORKDIR /app
# torch first and pinned, so the project install reuses it
RUN pip install --no-cache-dir torch==2.13.0
COPY pyproject.toml README.md ./
COPY cdss ./cdss
COPY ingest ./ingest
RUN pip install --no-cache-dir . torch==2.13.0
COPY corpora ./corpora
COPY prompts ./prompts
COPY web ./web
RUN useradd --create-home cdss && mkdir -p /app/var && chown -R cdss /app/var
USER cdss
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"
CMD ["python", "-m", "gunicorn", "-c", "python:cdss.web.gunicorn_conf", "cdss.web.wsgi:app"]
