# Two commands matter: `make demo` and `make test`. Both create or reuse .venv and are safe to re-run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: install demo test lint bench clean browser serve

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned, so nothing later pulls a CUDA build
$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]' torch==2.13.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py $(if $(SERVE),--serve,)

# Debian's chromium for the browser tests (root installs it with apt-get; others must install it themselves)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium" >&2; exit 1; fi; }

test: $(STAMP) browser
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest

serve: $(STAMP)
	$(BIN)/cdss serve

clean:
	rm -rf $(VENV) var
