"""Audit inputs: a folder of .txt/.md notes, JSONL, CSV, or FHIR R4 Bundle JSON files.

Each reader yields NoteRecord or BadRecord; a bad record never stops the run.
Error messages name the record and the problem, never its text.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdss.text import decode_utf8

NOTE_SUFFIXES = (".txt", ".md")


@dataclass
class NoteRecord:
    id: str
    text: str
    patient: dict[str, Any] | None = None
    orders: list[str] = field(
        default_factory=list
    )  # MedicationRequest lines from FHIR, checked as orders
    replaced_bytes: bool = False


@dataclass
class BadRecord:
    id: str
    error: str
    line: int | None = None


Record = NoteRecord | BadRecord


def _decode(raw: bytes) -> tuple[str, bool]:
    text, bad = decode_utf8(raw)
    return text, bad is not None


def read_folder(root: Path) -> Iterator[Record]:
    for f in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = f.relative_to(root).as_posix()
        if f.suffix.lower() in NOTE_SUFFIXES:
            text, replaced = _decode(f.read_bytes())
            yield NoteRecord(rel, text, replaced_bytes=replaced)
        elif f.suffix.lower() == ".json":
            yield from read_fhir_file(f, rel)
        elif f.suffix.lower() in (".jsonl", ".csv"):
            yield from read_input(f)


def read_jsonl(path: Path) -> Iterator[Record]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            text, replaced = _decode(raw)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield BadRecord(f"line:{n}", f"line {n} is not valid JSON ({exc.msg})", n)
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                rid = str(obj.get("id", f"line:{n}")) if isinstance(obj, dict) else f"line:{n}"
                yield BadRecord(rid, f"line {n} has no string field 'text'", n)
                continue
            patient = obj.get("patient") if isinstance(obj.get("patient"), dict) else None
            yield NoteRecord(
                str(obj.get("id", f"line:{n}")), obj["text"], patient, replaced_bytes=replaced
            )


def read_csv(path: Path) -> Iterator[Record]:
    text, _ = _decode(path.read_bytes())
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield BadRecord(path.name, "CSV needs a header with columns id,text")
        return
    for n, row in enumerate(reader, 2):
        rid = (row.get("id") or "").strip() or f"row:{n}"
        if row.get("text") is None:
            yield BadRecord(rid, f"row {n} has no text column", n)
            continue
        yield NoteRecord(rid, row["text"])


def read_fhir_file(path: Path, rel: str) -> Iterator[Record]:
    from cdss.fhir import FhirError, medication_line, patient_overrides, resources

    try:
        data = json.loads(path.read_bytes())
        items = resources(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        yield BadRecord(rel, "not valid JSON")
        return
    except FhirError as exc:
        yield BadRecord(rel, f"unparseable FHIR Bundle ({exc})")
        return
    try:
        patient = patient_overrides(
            [
                r
                for r in items
                if r.get("resourceType") in ("Patient", "Observation", "AllergyIntolerance")
            ]
        )
        orders = [
            medication_line(r)[0] for r in items if r.get("resourceType") == "MedicationRequest"
        ]
    except FhirError as exc:
        yield BadRecord(rel, f"unparseable FHIR resource ({exc})")
        return
    docs = [r for r in items if r.get("resourceType") == "DocumentReference"]
    if not docs and orders:
        yield NoteRecord(rel, "", patient, orders)
    for i, doc in enumerate(docs):
        rid = f"{rel}#{doc.get('id') or i}"
        texts = []
        for content in doc.get("content") or []:
            att = content.get("attachment") or {}
            if att.get("data"):
                try:
                    raw = base64.b64decode(att["data"], validate=True)
                except (binascii.Error, ValueError):
                    yield BadRecord(rid, "attachment data is not valid base64")
                    break
                texts.append(_decode(raw)[0])
        else:
            if not texts:
                yield BadRecord(rid, "DocumentReference has no inline attachment data")
                continue
            yield NoteRecord(rid, "\n\n".join(texts), patient, orders if i == 0 else [])


def read_input(path: Path) -> Iterator[Record]:
    if path.is_dir():
        yield from read_folder(path)
    elif path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path)
    elif path.suffix.lower() == ".csv":
        yield from read_csv(path)
    elif path.suffix.lower() == ".json":
        yield from read_fhir_file(path, path.name)
    elif path.suffix.lower() in NOTE_SUFFIXES:
        text, replaced = _decode(path.read_bytes())
        yield NoteRecord(path.name, text, replaced_bytes=replaced)
    else:
        yield BadRecord(
            path.name,
            f"unsupported input {path.suffix or '(none)'}: use a folder, .jsonl, .csv or FHIR .json",
        )
