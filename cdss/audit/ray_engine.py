"""`cdss audit --engine ray`: the same per-note audit on Ray Data, for audits larger than one machine.

The driver keeps everything that decides *which* notes are audited and *what* is written: reading the
input (JSONL, CSV, a folder or FHIR Bundles, with the same bad-record handling), pseudonymous ids, the
size limit, resume, and the output files. So the two engines differ only in where `NoteAuditor` runs,
and a Ray run writes the same findings, errors, done lines, summary and report as a process run.

Records travel as JSON strings in a one-column dataset (`ray.data.from_items`), in windows of
`WINDOW` notes so that the driver never holds a whole audit in memory; each window goes through
`map_batches` with an actor pool whose actors build the de-identifier and the dose checker once
(Ray Data's callable-class pattern). Results return to the driver as JSON strings too: nothing about
a note is written by a worker, and nothing leaves a worker but the de-identified NoteResult.

Every Ray worker needs cdss installed with the same version and, when --config is used, the same
settings file at the same path (README: "Batch audit on a Ray cluster").
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from itertools import islice
from typing import Any

from cdss.audit.core import NoteAuditor, NoteResult
from cdss.audit.inputs import NoteRecord
from cdss.errors import ConfigError

log = logging.getLogger(__name__)
WINDOW = 20_000  # notes per Ray dataset: bounds the driver's memory, amortises actor start-up
BATCH = 64


class AuditActor:
    """One per Ray actor: builds its auditor once, then audits batches of JSON-encoded records."""

    def __init__(self, overrides: dict[str, Any], config_path: str | None, with_llm: bool) -> None:
        from cdss.config import load_config
        from cdss.logs import setup_logging

        setup_logging(logging.WARNING)
        self.auditor = NoteAuditor(load_config(config_path, overrides=overrides), with_llm=with_llm)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        out = []
        for raw in batch["record"]:
            rec = NoteRecord(**json.loads(str(raw)))
            out.append(json.dumps(self.auditor(rec).to_json(), ensure_ascii=False))
        return {"result": out}


def connect(address: str | None, workers: int) -> None:
    """Join a cluster (`auto`, `ray://HOST:10001`) or start a local one with `workers` CPUs."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "--engine ray needs Ray: pip install 'cdss[ray]' (ray[data]) on the driver and every worker"
        ) from exc
    if ray.is_initialized():
        return
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=workers, **kwargs)


def ray_results(
    records: Iterator[NoteRecord],
    overrides: dict[str, Any],
    config_path: str | None,
    with_llm: bool,
    workers: int,
    address: str | None,
) -> Iterator[NoteResult]:
    import ray.data

    connect(address, workers)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = (
        False  # the driver shows its own bar (tqdm), as the process engine does
    )
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    while True:
        window = [
            {"record": json.dumps(dataclasses.asdict(r), ensure_ascii=False)}
            for r in islice(records, WINDOW)
        ]
        if not window:
            return
        # several blocks, or one actor would receive the whole window
        blocks = min(len(window), 4 * max(1, workers))
        ds = ray.data.from_items(window, override_num_blocks=blocks).map_batches(
            AuditActor,
            fn_constructor_args=(overrides, config_path, with_llm),
            batch_size=BATCH,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
            num_cpus=1,
        )
        for row in ds.iter_rows():
            yield NoteResult.from_json(json.loads(str(row["result"])))
