# Two commands matter: `make demo` and `make test`. Both create or reuse .venv and are safe to re-run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: install demo test lint bench clean

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
	$(BIN)/python scripts/demo.py

test: $(STAMP)
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest

clean:
	rm -rf $(VENV) var
