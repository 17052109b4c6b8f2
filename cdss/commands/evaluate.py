"""`cdss eval QUESTIONS.jsonl`: measure the answer on a frozen question set; gate on floors or a golden summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdss.commands import SubParsers
from cdss.config import Config
from cdss.errors import UsageError

EXIT_BELOW_GATE = 3


def add_parser(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser(
        "eval",
        parents=[common],
        help="score answers on a questions file (go-live and regression test)",
        description="Each JSONL line: id, question, optional note, gold_doc, gold_phrase, optional "
        "unanswerable: true. Writes results.jsonl, summary.json and report.html.",
    )
    ev.add_argument("questions", type=Path, metavar="QUESTIONS.jsonl")
    ev.add_argument(
        "--backend",
        choices=["extractive", "transformers", "openai", "vertex"],
        help="override generate.backend",
    )
    ev.add_argument(
        "--out",
        type=Path,
        default=Path("eval-out"),
        metavar="DIR",
        help="output folder (default eval-out)",
    )
    ev.add_argument(
        "--fail-under",
        action="append",
        default=[],
        metavar="METRIC=VALUE",
        help="exit 3 when a metric is below VALUE, e.g. answer_hit=0.85 (repeatable)",
    )
    ev.add_argument(
        "--baseline",
        type=Path,
        metavar="summary.json",
        help="golden summary.json: exit 3 when a metric fell by more than --tolerance",
    )
    ev.add_argument(
        "--tolerance",
        type=float,
        default=0.02,
        help="allowed drop against --baseline (default 0.02)",
    )
    ev.add_argument("--limit", type=int, help="only the first N questions (a smoke run)")
    ev.add_argument("--quiet", action="store_true", help="no progress line")
    ev.set_defaults(handler=run)


def _floors(items: list[str]) -> dict[str, float]:
    from cdss.evaluation.runner import METRICS

    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name not in METRICS:
            raise UsageError(
                f"--fail-under {item!r}: use METRIC=VALUE with METRIC one of {', '.join(METRICS)}"
            )
        try:
            out[name] = float(value)
        except ValueError as exc:
            raise UsageError(f"--fail-under {item!r}: VALUE must be a number such as 0.85") from exc
    return out


def run(args: argparse.Namespace, config: Config) -> int:
    from cdss.evaluation import load_questions, run_eval
    from cdss.evaluation.report import render_report
    from cdss.evaluation.runner import check_thresholds, compare
    from cdss.pipeline import Pipeline

    floors = _floors(args.fail_under)
    baseline = None
    if args.baseline:
        try:
            baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise UsageError(
                f"--baseline {args.baseline}: cannot read a summary.json there ({exc})"
            ) from exc
    questions = load_questions(args.questions)[: args.limit or None]
    if args.backend:
        config = config.with_overrides({"generate.backend": args.backend})
    pipeline = Pipeline.from_config(config)

    def progress(i: int, n: int) -> None:
        if not args.quiet:
            print(f"\r{i}/{n} questions", end="" if i < n else "\n", file=sys.stderr, flush=True)

    try:
        pipeline.warm_up()
        run = run_eval(pipeline, questions, progress)
    finally:
        pipeline.retriever.store.close()
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "results.jsonl").open("w", encoding="utf-8") as fh:
        for r in run.results:
            fh.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    (args.out / "summary.json").write_text(
        json.dumps(run.summary, indent=2) + "\n", encoding="utf-8"
    )
    (args.out / "report.html").write_text(
        render_report(run.results, run.summary, f"cdss eval: {args.questions.name}"),
        encoding="utf-8",
    )
    m = run.summary["metrics"]
    print(" ".join(f"{k} {'n/a' if v is None else f'{v:.3f}'}" for k, v in m.items()))
    print(f"wrote {args.out}/results.jsonl, summary.json, report.html")
    problems = check_thresholds(run.summary, floors) + (
        compare(run.summary, baseline, args.tolerance) if baseline else []
    )
    if run.summary["errors"]:
        problems.append(
            f"{run.summary['errors']} question(s) failed with an error (see results.jsonl)"
        )
    for p in problems:
        print(f"cdss eval: {p}", file=sys.stderr)
    return EXIT_BELOW_GATE if problems else 0
