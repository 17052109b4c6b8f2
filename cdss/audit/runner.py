"""`cdss audit`: streams records through the per-note audit, writing results as they come.

Files in the output folder: findings.jsonl (one finding per line, with note_id),
errors.jsonl (bad records and failed notes), done.jsonl (one line per finished
note: the resume checkpoint), summary.json and report.html (rebuilt from the
files, so a resumed run reports everything). A note's findings are written
before its done line; on resume, findings of notes without a done line are
dropped, so a kill -9 at any point never duplicates findings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from cdss.audit.core import NoteAuditor, NoteResult, init_worker, worker_audit
from cdss.audit.inputs import BadRecord, NoteRecord, read_input
from cdss.config import Config
from cdss.dosing.severity import rank
from cdss.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass
class AuditOptions:
    workers: int = 1
    resume: bool = False
    fail_on: str | None = None
    quiet: bool = False
    with_llm: bool = False
    id_key: bytes | None = (
        None  # set: note ids are written as keyed HMAC pseudonyms (see pseudonymous_id)
    )
    engine: str = "process"  # or "ray" (cdss.audit.ray_engine)
    ray_address: str | None = (
        None  # None: start a local Ray; "auto" or "ray://HOST:10001": join one
    )


def pseudonymous_id(note_id: str, key: bytes) -> str:
    """A stable pseudonym for a note id. Hospitals name note files after patients ("smith_john_2024-03-01.txt");
    a keyed HMAC keeps the id usable for resume and for re-identification by whoever holds the key, and useless
    to anyone else (a plain hash of a name could be reversed by hashing a list of names)."""
    return "note-" + hmac.new(key, note_id.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def id_key_from_config(config: Config, force: bool = False) -> bytes | None:
    if not (force or config["audit.pseudonymize_ids"]):
        return None
    env = config["audit.id_key_env"]
    key = os.environ.get(env, "")
    if len(key) < 16:
        raise ConfigError(
            f"audit.pseudonymize_ids is on but ${env} is unset or shorter than 16 characters; set it to a "
            "secret of at least 16 characters (keep it: the same key maps the same note to the same id)"
        )
    return key.encode("utf-8")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Complete JSON lines only (a killed run may leave a partial last line)."""
    out = []
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


class AuditRun:
    def __init__(
        self,
        source: Path,
        out: Path,
        config: Config,
        options: AuditOptions,
        config_overrides: dict[str, Any] | None = None,
        config_path: str | None = None,
    ) -> None:
        self.source, self.out, self.config, self.opt = source, out, config, options
        self.overrides, self.config_path = config_overrides or {}, config_path
        self.max_bytes = config["deid.max_bytes"]

    def _prepare(self) -> set[str]:
        self.out.mkdir(parents=True, exist_ok=True)
        names = ("findings.jsonl", "errors.jsonl", "done.jsonl", "llm.jsonl")
        if not self.opt.resume:
            for n in names:
                (self.out / n).unlink(missing_ok=True)
            return set()
        done_lines = _read_jsonl(self.out / "done.jsonl")
        done = {str(d["id"]) for d in done_lines}
        for n, key in (
            ("done.jsonl", "id"),
            ("findings.jsonl", "note_id"),
            ("errors.jsonl", "id"),
            ("llm.jsonl", "note_id"),
        ):
            # keep complete lines of finished notes only: a killed run may have left a partial line or the
            # findings of a note whose done line was never written
            kept = [x for x in _read_jsonl(self.out / n) if str(x.get(key)) in done]
            tmp = self.out / (n + ".tmp")
            tmp.write_text("".join(json.dumps(x) + "\n" for x in kept), encoding="utf-8")
            os.replace(tmp, self.out / n)
        return done

    def _records(self, done: set[str], errors: TextIO, done_fh: TextIO) -> Iterator[NoteRecord]:
        for rec in read_input(self.source):
            if self.opt.id_key is not None:
                rec = dataclasses.replace(rec, id=pseudonymous_id(rec.id, self.opt.id_key))
            if rec.id in done:
                continue
            if isinstance(rec, BadRecord):
                self._error(errors, done_fh, rec.id, "bad_record", rec.error, rec.line)
                continue
            size = len(rec.text.encode("utf-8"))
            if size > self.max_bytes:
                self._error(
                    errors,
                    done_fh,
                    rec.id,
                    "too_large",
                    f"note is {size} bytes, over the {self.max_bytes}-byte limit",
                )
                continue
            if rec.replaced_bytes:
                errors.write(
                    json.dumps(
                        {
                            "id": rec.id,
                            "code": "replaced_bytes",
                            "warning": True,
                            "message": "not valid UTF-8; undecodable bytes were replaced",
                        }
                    )
                    + "\n"
                )
            yield rec

    @staticmethod
    def _error(
        errors: TextIO, done_fh: TextIO, rid: str, code: str, message: str, line: int | None = None
    ) -> None:
        entry: dict[str, Any] = {"id": rid, "code": code, "message": message}
        if line is not None:
            entry["line"] = line
        errors.write(json.dumps(entry) + "\n")
        errors.flush()
        done_fh.write(json.dumps({"id": rid, "ok": False}) + "\n")
        done_fh.flush()

    def _results(self, records: Iterator[NoteRecord]) -> Iterator[NoteResult]:
        if self.opt.engine == "ray":
            from cdss.audit.ray_engine import ray_results

            opt = self.opt
            yield from ray_results(
                records,
                self.overrides,
                self.config_path,
                opt.with_llm,
                opt.workers,
                opt.ray_address,
            )
            return
        if self.opt.workers > 1:
            import multiprocessing as mp

            ctx = mp.get_context("fork")
            with ctx.Pool(
                self.opt.workers,
                initializer=init_worker,
                initargs=(self.overrides, self.config_path, self.opt.with_llm),
            ) as pool:
                yield from pool.imap_unordered(worker_audit, records, chunksize=4)
            return
        auditor = NoteAuditor(self.config, with_llm=self.opt.with_llm)
        try:
            for rec in records:
                yield auditor(rec)
        finally:
            auditor.close()

    def run(self) -> dict[str, Any]:
        t0 = time.perf_counter()
        done = self._prepare()
        total = sum(1 for r in read_input(self.source) if r.id not in done)
        bar = None
        if not self.opt.quiet:
            from tqdm import tqdm

            bar = tqdm(
                total=total, unit="note", desc="auditing", file=sys.stderr, dynamic_ncols=True
            )
        processed = 0
        with (
            (self.out / "findings.jsonl").open("a", encoding="utf-8") as findings,
            (self.out / "errors.jsonl").open("a", encoding="utf-8") as errors,
            (self.out / "done.jsonl").open("a", encoding="utf-8") as done_fh,
            (self.out / "llm.jsonl").open("a", encoding="utf-8") as llm,
        ):
            for res in self._results(self._records(done, errors, done_fh)):
                if res.ok:
                    for f in res.findings:
                        findings.write(json.dumps(f.to_json()) + "\n")
                    if res.llm is not None:
                        llm.write(json.dumps({"note_id": res.note_id, **res.llm}) + "\n")
                    findings.flush()
                    llm.flush()
                    done_fh.write(
                        json.dumps(
                            {
                                "id": res.note_id,
                                "ok": True,
                                "entities": res.entities,
                                "medications": res.medications,
                                "findings": len(res.findings),
                            }
                        )
                        + "\n"
                    )
                else:
                    errors.write(
                        json.dumps(
                            {"id": res.note_id, "code": res.error_code, "message": res.error}
                        )
                        + "\n"
                    )
                    errors.flush()
                    done_fh.write(json.dumps({"id": res.note_id, "ok": False}) + "\n")
                done_fh.flush()
                processed += 1
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
        seconds = time.perf_counter() - t0
        summary = build_summary(self.out, seconds, processed)
        (self.out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        from cdss.audit.report import write_report

        write_report(self.out, summary)
        return summary


def build_summary(out: Path, seconds: float, processed_now: int) -> dict[str, Any]:
    done = _read_jsonl(out / "done.jsonl")
    findings = _read_jsonl(out / "findings.jsonl")
    by_rule: Counter[str] = Counter()
    by_sev: Counter[str] = Counter()
    by_drug: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    for f in findings:
        by_rule[f["rule"]] += 1
        by_sev[f["severity"]] += 1
        for d in f["drugs"]:
            by_drug[d] += 1
        if f["severity"] == "critical":
            critical[f["note_id"]] += 1
    return {
        "notes_processed": sum(1 for d in done if d.get("ok")),
        "notes_failed": sum(1 for d in done if not d.get("ok")),
        "findings": len(findings),
        "by_rule": dict(by_rule.most_common()),
        "by_severity": dict(by_sev.most_common()),
        "by_drug": dict(by_drug.most_common()),
        "notes_with_critical": sorted(critical),
        "critical_by_note": dict(critical.most_common()),
        "seconds": round(seconds, 2),
        "notes_per_second": round(processed_now / seconds, 2) if seconds else 0.0,
    }


def exit_code(summary: dict[str, Any], fail_on: str | None) -> int:
    if not fail_on:
        return 0
    threshold = rank(fail_on)
    hit = any(rank(s) >= threshold and n for s, n in summary["by_severity"].items())
    return 3 if hit else 0
