"""Loopback load test against a running gunicorn (issue 6). Not a test: prints measured numbers.

Starts `cdss serve` on a free loopback port with the demo store (var/qdrant; run `make demo` first),
a generated CDS Hooks signing key, and sends a bounded number of requests from a thread pool:
/v1/check-doses, /v1/ask (extractive) and the CDS Hooks order-sign service. Reports throughput,
p50/p95 and errors. Traffic only goes to 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parent.parent
NOTE = (ROOT / "examples" / "note-af-ckd.txt").read_text()
KEY = "loadtest-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(url: str, body: dict, headers: dict[str, str]) -> tuple[float, int]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}
    )
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError:
        status = 0
    return (time.perf_counter() - t) * 1000, status


def run(name: str, n: int, concurrency: int, make: callable) -> None:  # type: ignore[valid-type]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda i: call(*make(i)), range(n)))
    wall = time.perf_counter() - t0
    times = sorted(ms for ms, _ in results)
    errors = sum(1 for _, s in results if s != 200)
    print(
        f"[{name}] n={n} concurrency={concurrency}: {n / wall:.1f} req/s, p50 {statistics.median(times):.0f} ms, "
        f"p95 {times[int(0.95 * (n - 1))]:.0f} ms, errors {errors}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--store", default=str(ROOT / "var" / "qdrant"))
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    key = ec.generate_private_key(ec.SECP384R1())
    tmp = Path(tempfile.mkdtemp())
    jwk = dict(json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key())), kid="k1")
    (tmp / "jwks.json").write_text(
        json.dumps({"issuers": {"https://ehr.test": {"jwks": {"keys": [jwk]}}}})
    )
    env = dict(
        os.environ,
        CDSS_API_KEYS=KEY,
        CDSS_STORE__PATH=args.store,
        CDSS_SERVER__RATE_LIMIT_PER_MINUTE="0",
        CDSS_SERVER__CDS_JWKS_FILE=str(tmp / "jwks.json"),
        CDSS_SERVER__AUDIT_LOG=str(tmp / "audit.jsonl"),
        CDSS_SERVER__THREADS=str(args.concurrency),
        CDSS_SERVER__CDS_AUDIENCE=base,
        CDSS_SERVER__CDS_REPLAY_DB=str(tmp / "jti.sqlite"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdss.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(180):
            time.sleep(1)
            if call(base + "/readyz", {}, {"Authorization": f"Bearer {KEY}"})[1] in (200, 405):
                break
        auth = {"Authorization": f"Bearer {KEY}"}
        meds = "\n".join(
            [
                "apixaban 5 mg PO BID",
                "naproxen 500 mg PO TID",
                "metformin 1000 mg PO BID",
                "lisinopril 20 mg daily",
                "82 yo woman, weight 58 kg, Cr 1.9, eGFR 26",
            ]
        )
        run(
            "check-doses",
            args.requests,
            args.concurrency,
            lambda i: (base + "/v1/check-doses", {"text": meds}, auth),
        )
        questions = [
            "Is the apixaban dose right?",
            "Is naproxen safe with her kidney function?",
            "Which antibiotic for cellulitis?",
            "Should metformin be stopped?",
        ]
        run(
            "ask (extractive)",
            max(20, args.requests // 4),
            args.concurrency,
            lambda i: (base + "/v1/ask", {"note": NOTE, "question": questions[i % 4]}, auth),
        )
        order = {
            "resourceType": "MedicationRequest",
            "id": "d1",
            "status": "draft",
            "intent": "order",
            "subject": {"reference": "Patient/p"},
            "medicationCodeableConcept": {"text": "naproxen"},
            "dosageInstruction": [
                {
                    "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                    "doseAndRate": [{"doseQuantity": {"value": 750, "unit": "mg"}}],
                }
            ],
        }
        hook = {
            "hook": "order-sign",
            "hookInstance": "x",
            "context": {
                "patientId": "p",
                "draftOrders": {
                    "resourceType": "Bundle",
                    "type": "collection",
                    "entry": [{"resource": order}],
                },
            },
            "prefetch": {
                "patient": {
                    "resourceType": "Patient",
                    "id": "p",
                    "gender": "female",
                    "birthDate": "1943-01-01",
                }
            },
        }
        url = base + "/cds-services/cdss-medication-safety"

        def signed(i: int) -> tuple[str, dict, dict[str, str]]:
            now = int(time.time())
            tok = jwt.encode(
                {
                    "iss": "https://ehr.test",
                    "aud": url,
                    "iat": now,
                    "exp": now + 300,
                    "jti": uuid.uuid4().hex,
                },
                key,
                algorithm="ES384",
                headers={"kid": "k1"},
            )
            return url, hook, {"Authorization": f"Bearer {tok}"}

        run("cds-hooks order-sign", args.requests, args.concurrency, signed)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
