"""Clinical commands: deid, check-doses, ask."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cdss.cli_io import Style, run_jsonl
from cdss.commands import command
from cdss.config import Config
from cdss.errors import UsageError


@command("deid")
def cmd_deid(args: argparse.Namespace, config: Config) -> int:
    from cdss.cli_io import read_input
    from cdss.deid import Deidentifier

    if not args.file and not args.jsonl:
        raise UsageError("give FILE, - (stdin) or --jsonl FILE|-")
    if args.date_shift is not None:
        config = config.with_overrides({"deid.date_shift_days": args.date_shift})
    deid = Deidentifier.from_config(config)

    def handle(text: str, obj: dict[str, Any]) -> dict[str, Any]:
        res = deid.deidentify(text)
        return {"text": res.text, "entities": [e.to_json() for e in res.entities]}

    if args.jsonl:
        run_jsonl(args.jsonl, "text", handle, sys.stdout)
        return 0
    text, replaced = read_input(args.file, max_bytes=config["deid.max_bytes"])
    if replaced:
        print(
            "cdss deid: warning: input is not valid UTF-8; undecodable bytes were replaced",
            file=sys.stderr,
        )
    result = {"id": args.file, **handle(text, {})}
    if replaced:
        result["warnings"] = [
            "input was not valid UTF-8; undecodable bytes were replaced with U+FFFD"
        ]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(result["text"])
        counts: dict[str, int] = {}
        for e in result["entities"]:
            counts[e["type"]] = counts.get(e["type"], 0) + 1
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        print(Style(sys.stderr).dim(f"-- entities removed: {summary}"), file=sys.stderr)
    return 0


def _patient_arg(raw: str | None) -> dict[str, Any] | None:
    from cdss.errors import UsageError

    if not raw:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f'--patient is not valid JSON ({exc.msg}); example: \'{{"age": 80, "egfr": 28}}\''
        ) from exc
    if not isinstance(data, dict):
        raise UsageError("--patient must be a JSON object")
    return data


SEV_STYLE = {"critical": "red", "warning": "yellow", "info": "cyan"}


def print_findings(findings: list[dict[str, Any]], st: Style) -> None:
    for f in findings:
        colour = getattr(st, SEV_STYLE[f["severity"]])
        print(colour(f"{f['severity'].upper():<8}") + f" {f['rule']}: {f['message']}")
        print(st.dim(f"         {f['reference']}"))


@command("check-doses")
def cmd_check_doses(args: argparse.Namespace, config: Config) -> int:
    from cdss.cli_io import read_input
    from cdss.dosing import DoseChecker

    if not args.file and not args.jsonl:
        raise UsageError("give FILE, - (stdin) or --jsonl FILE|-")
    checker = DoseChecker.from_config(config)
    override = _patient_arg(args.patient)

    def handle(text: str, obj: dict[str, Any]) -> dict[str, Any]:
        from cdss.errors import InputError

        if not text.strip():
            raise InputError("the text is empty", code="empty_text")
        patient = obj.get("patient") if isinstance(obj.get("patient"), dict) else override
        return checker.check(text, patient=patient).to_json()

    if args.jsonl:
        run_jsonl(args.jsonl, "text", handle, sys.stdout)
        return 0
    text, _ = read_input(args.file, max_bytes=config["deid.max_bytes"])
    result = {"id": args.file, **handle(text, {})}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    st = Style(sys.stdout)
    meds = result["medications"]
    print(
        st.bold(f"{len(meds)} medication statement(s)")
        + f", {sum(m['status'] == 'active' for m in meds)} active"
    )
    for m in meds:
        freq = (m["frequency"] or {}).get("code", "")
        dose = f"{m['dose']:g} {m['unit']}" if m["dose"] is not None else (m["unit"] or "")
        print(f"  {m['drug']:<28} {dose:<14} {m['route'] or '':<4} {freq:<10} {m['status']}")
    print(st.bold(f"{len(result['findings'])} finding(s)"))
    print_findings(result["findings"], st)
    return 0


@command("ask")
def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    import textwrap

    from cdss.cli_io import read_input
    from cdss.pipeline import Pipeline

    if args.backend:
        config = config.with_overrides({"generate.backend": args.backend})
    note = ""
    if args.note:
        note, _ = read_input(args.note, max_bytes=config["deid.max_bytes"])
    image = None
    if args.image:
        from cdss.errors import InputError
        from cdss.images import prepare_image

        try:
            raw = args.image.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the image {args.image}: {exc.strerror}") from exc
        image = prepare_image(
            raw,
            max_bytes=config["image.max_bytes"],
            max_pixels=config["image.max_pixels"],
            max_side=config["image.max_side"],
        )
    pipeline = Pipeline.from_config(config)
    try:
        answer, deid = pipeline.ask(note, args.question, _patient_arg(args.patient), image=image)
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
                f"  {len(withheld)} claim(s) withheld: their quotes could not be verified against the sources"
            )
        )
    cited = {
        c.source
        for claim in answer.claims
        if claim.supported
        for c in claim.citations
        if c.verified
    }
    if cited:
        print(st.bold("\nSources"))
    for s in answer.sources:
        if s.id in cited:
            where = " > ".join(x for x in (s.title, s.section) if x) + (
                f", p. {s.page}" if s.page else ""
            )
            print(st.cyan(f"  [{s.id}] ") + f"{where}  " + st.dim(s.doc_id))
            for claim in answer.claims:
                for c in claim.citations:
                    if c.verified and c.source == s.id:
                        print(textwrap.indent(textwrap.fill(f'"{c.quote}"', 92), "       "))
    t = data["timings_ms"]
    print(st.dim("\n" + "  ".join(f"{k} {v:.0f} ms" for k, v in t.items())))
    return 0


@command("audit")
def cmd_audit(args: argparse.Namespace, config: Config) -> int:
    from cdss.audit import AuditOptions, AuditRun, exit_code
    from cdss.audit.runner import id_key_from_config

    if not args.input.exists():
        raise UsageError(f"no such input {args.input}")
    workers = args.workers or config["audit.workers"]
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    overrides = {s.name: v for s, v, src in config.items() if src == "override"}
    options = AuditOptions(
        workers,
        args.resume,
        args.fail_on,
        args.quiet,
        args.with_llm,
        id_key_from_config(config, getattr(args, "pseudonymize_ids", False)),
    )
    run = AuditRun(args.input, args.out, config, options, overrides, args.config)
    summary = run.run()
    if not args.quiet:
        crit = summary["by_severity"].get("critical", 0)
        print(
            f"audited {summary['notes_processed']} notes ({summary['notes_failed']} failed) in {summary['seconds']} s "
            f"({summary['notes_per_second']} notes/s): {summary['findings']} findings, {crit} critical in "
            f"{len(summary['notes_with_critical'])} notes. Report: {args.out / 'report.html'}"
        )
    return exit_code(summary, args.fail_on)
