# Two commands matter: `make demo` and `make test`. Both create or reuse .venv and are safe to re-run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: install demo test lint bench clean browser serve llamacpp

# llama.cpp's server for the real-server test: built from source (about 11 minutes once; pip caches the wheel).
# The default build picks CPU features this machine may not have, so they are set explicitly.
LLAMA_STAMP := $(VENV)/.llamacpp
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_CURL=OFF

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned, so nothing later pulls a CUDA build
$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]' torch==2.13.0
	touch $(STAMP)

install: $(STAMP)

$(LLAMA_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install -q 'llama-cpp-python[server]==0.3.36' torch==2.13.0
	touch $(LLAMA_STAMP)

llamacpp: $(LLAMA_STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py $(if $(SERVE),--serve,)

# Debian's chromium for the browser tests and nginx for the reverse-proxy test (root installs them with apt-get;
# others must install them themselves)
browser:
	@command -v chromium >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light >/dev/null; \
	  else echo "chromium or nginx missing: sudo apt-get install chromium nginx-light" >&2; exit 1; fi; }

test: $(STAMP) $(LLAMA_STAMP) browser
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m ruff format --check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest
	CDSS_REQUIRE_LLAMACPP=1 $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check cdss ingest tests scripts
	$(BIN)/python -m ruff format --check cdss ingest tests scripts
	$(BIN)/python -m mypy cdss ingest

serve: $(STAMP)
	$(BIN)/cdss serve

clean:
	rm -rf $(VENV) var
