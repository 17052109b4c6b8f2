#!/usr/bin/env bash
# GPU acceptance for a hospital's MedGemma host: driver and memory, the pinned compose stack, health, ingestion,
# then `cdss eval` on the shipped starter questions with thresholds. Run it on the GPU host from the repository:
#
#   HF_TOKEN=... CDSS_API_KEYS=... CDSS_PUBLIC_URL=https://cdss.example.org:8443 CDSS_TLS_DIR=/etc/cdss/tls \
#     scripts/gpu_acceptance.sh [--model 27b|4b] [--questions FILE] [--out DIR]
#
# Pinned images (docker-compose.yml): vllm/vllm-openai:v0.10.1 and qdrant/qdrant:v1.15.4, the versions the
# clients in pyproject.toml are written against. Sizing: MedGemma 27B text in bf16 needs about 55 GB of GPU memory
# (one 80 GB card); 4B about 9 GB; on smaller cards use a GGUF quantisation (README: GGUF with llama.cpp).
# Exit codes: 0 accepted, 3 below a threshold or a preflight failed, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=27b
QUESTIONS=tests/eval/dev_questions.jsonl
OUT=var/acceptance
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --questions) QUESTIONS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$MODEL" in
  27b) NEED_MB=55000; MODEL_ID=google/medgemma-27b-text-it ;;
  4b) NEED_MB=9000; MODEL_ID=google/medgemma-4b-it ;;
  *) echo "--model must be 27b or 4b" >&2; exit 2 ;;
esac
fail() { echo "ACCEPTANCE FAILED: $*" >&2; exit 3; }

echo "== 1. GPU driver and memory"
command -v nvidia-smi >/dev/null 2>&1 || fail "nvidia-smi not found: install the NVIDIA driver and container toolkit"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
TOTAL_MB=$(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits | awk '{s+=$1} END {print s+0}')
[ "$TOTAL_MB" -ge "$NEED_MB" ] || fail "$MODEL_ID needs about $NEED_MB MB of GPU memory, this host has $TOTAL_MB MB"
command -v docker >/dev/null 2>&1 || fail "docker not found"
docker info >/dev/null 2>&1 || fail "the docker engine is not running"

echo "== 2. compose stack (qdrant, vllm $MODEL_ID, app, proxy)"
export CDSS_GENERATE__MODEL="$MODEL_ID"
docker compose up -d qdrant vllm
echo -n "waiting for vLLM health (model download and load can take 10-20 minutes)"
for _ in $(seq 1 240); do
  if docker compose exec -T vllm python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)" >/dev/null 2>&1; then
    echo " ok"; break
  fi
  echo -n "."; sleep 10
done
docker compose exec -T vllm python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)" \
  >/dev/null 2>&1 || fail "vLLM did not become healthy: docker compose logs vllm"

echo "== 3. ingest the corpus into the Qdrant server"
docker compose run --rm ingest

echo "== 4. cdss eval on $QUESTIONS against the served model"
mkdir -p "$OUT"
docker compose run --rm -v "$PWD/$QUESTIONS:/srv/cdss/questions.jsonl:ro" -v "$PWD/$OUT:/srv/cdss/acceptance" app \
  cdss eval /srv/cdss/questions.jsonl --backend openai --out /srv/cdss/acceptance \
  --fail-under hit@5=0.75 --fail-under answer_hit=0.60 --fail-under quotes_verified=0.95 \
  --fail-under abstained_unanswerable=0.50 || fail "cdss eval is below a threshold: see $OUT/report.html"

echo "== 5. figures (also in $OUT/summary.json and $OUT/report.html)"
python3 - "$OUT/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
keys = ("hit@5", "answer_hit", "quotes_verified", "abstained_unanswerable", "tokens_per_second")
for k in keys:
    print(f"{k:>24}: {s['metrics'].get(k, s.get(k))}")
for stage, v in (s.get("latency_ms") or {}).items():
    print(f"{'latency ' + stage:>24}: p50 {v['p50']:.0f} ms, p95 {v['p95']:.0f} ms")
PY
echo "ACCEPTED: keep $OUT/summary.json as the golden summary (cdss eval --baseline) for upgrades"
