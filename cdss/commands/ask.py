"""`cdss ask -q QUESTION [--note FILE]`: the full pipeline, printed with verified quotes and dose checks."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from cdss.cli_io import Style, patient_arg, print_findings, read_input
from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import InputError

BACKENDS = ["extractive", "transformers", "openai", "vertex"]


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "ask",
        parents=[common],
        help="answer a question about a note with verified guideline quotes",
    )
    p.add_argument(
        "--note", metavar="FILE|-", help="the patient note (omit for a question without a note)"
    )
    p.add_argument("--question", "-q", required=True)
    p.add_argument("--patient", metavar="JSON", help="patient context overrides (see check-doses)")
    p.add_argument(
        "--image",
        type=Path,
        metavar="FILE",
        help="one PNG, JPEG or DICOM image read with the note "
        "(metadata stripped; multimodal models only)",
    )
    p.add_argument("--backend", choices=BACKENDS, help="override generate.backend")
    p.add_argument("--json", action="store_true", help="print the Answer object")
    p.set_defaults(handler=run)


def _image(path: Path | None, config: Config) -> Any:
    if path is None:
        return None
    from cdss.images import prepare_image

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the image {path}: {exc.strerror}") from exc
    return prepare_image(
        raw,
        max_bytes=config["image.max_bytes"],
        max_pixels=config["image.max_pixels"],
        max_side=config["image.max_side"],
    )


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.pipeline import Pipeline

    if args.backend:
        config = config.with_overrides({"generate.backend": args.backend})
    note = read_input(args.note, max_bytes=config["deid.max_bytes"])[0] if args.note else ""
    image = _image(args.image, config)
    pipeline = Pipeline.from_config(config)
    try:
        answer, deid = pipeline.ask(note, args.question, patient_arg(args.patient), image=image)
    finally:
        pipeline.retriever.store.close()
    data = answer.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    st = Style(sys.stdout)
    if data["dose_findings"]:
        print(st.bold("Dose checks"))
        print_findings(data["dose_findings"], st)
        print()
    print(st.bold("Question: ") + args.question)
    print(st.bold("Answer") + st.dim(f" ({data['mode']}, {data['model']['name']})"))
    print(textwrap.indent(deid.relink(answer.text), "  "))
    withheld = [c for c in answer.claims if not c.supported]
    if withheld:
        print(
            st.yellow(
                f"  {len(withheld)} claim(s) withheld: their quotes could not be verified "
                "against the sources"
            )
        )
    verified = [
        c for claim in answer.claims if claim.supported for c in claim.citations if c.verified
    ]
    if verified:
        print(st.bold("\nSources"))
    for s in answer.sources:
        quotes = [c.quote for c in verified if c.source == s.id]
        if not quotes:
            continue
        where = " > ".join(x for x in (s.title, s.section) if x) + (
            f", p. {s.page}" if s.page else ""
        )
        print(st.cyan(f"  [{s.id}] ") + f"{where}  " + st.dim(s.doc_id))
        for q in quotes:
            print(textwrap.indent(textwrap.fill(f'"{q}"', 92), "       "))
    t = data["timings_ms"]
    print(st.dim("\n" + "  ".join(f"{k} {v:.0f} ms" for k, v in t.items())))
    return 0
