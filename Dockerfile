# cdss app image: gunicorn serving the API, CDS Hooks and the panel, from the installed wheel.
# Stage 1 builds the wheel (prompts, panel and starter formulary inside it); stage 2 installs it. No source
# is copied into the runtime image's working directory, so what runs is the installed package.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY cdss ./cdss
COPY ingest ./ingest
COPY prompts ./prompts
COPY web ./web
COPY corpora/formulary ./corpora/formulary
RUN pip install --no-cache-dir setuptools wheel && pip wheel --no-deps --no-build-isolation -w /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    CDSS_SERVER__HOST=0.0.0.0 CDSS_SERVER__PORT=8080
# torch first and pinned, so installing the wheel reuses it instead of pulling a CUDA build
RUN pip install --no-cache-dir torch==2.13.0
COPY --from=build /dist /dist
RUN pip install --no-cache-dir /dist/*.whl torch==2.13.0 && rm -rf /dist
WORKDIR /srv/cdss
# the guideline corpus is data for `cdss ingest` (the compose ingest service), not code
COPY corpora ./corpora
RUN useradd --create-home cdss && mkdir -p /srv/cdss/var && chown -R cdss /srv/cdss/var
USER cdss
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"
CMD ["python", "-m", "gunicorn", "-c", "python:cdss.web.gunicorn_conf", "cdss.web.wsgi:app"]
