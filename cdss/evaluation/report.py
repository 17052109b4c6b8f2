"""A self-contained report.html: the summary, then one drill-down per question.

No external assets (it is opened from a file share or attached to a go-live
ticket). The gold phrase is highlighted inside the quotes and the sources, so
a reviewer sees at a glance whether a miss is retrieval or answer selection.
"""

from __future__ import annotations

import html
import re
from typing import Any

from cdss.evaluation.runner import QuestionResult

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;color:#1b1f24;padding:0 1rem}
h1{font-size:1.4rem}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
th{background:#f6f8fa}.ok{color:#116329}.bad{color:#a40e26}.tag{display:inline-block;border-radius:.6rem;padding:0 .5rem;margin-left:.3rem;
font-size:12px;background:#eaeef2}.tag.ok{background:#dafbe1}.tag.bad{background:#ffebe9}details{border:1px solid #d0d7de;border-radius:6px;
margin:.3rem 0;padding:.3rem .7rem}summary{cursor:pointer}mark{background:#fff3a3}blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;
border-left:3px solid #8c959f}.src{font-size:12.5px;color:#424a53;white-space:pre-wrap}.muted{color:#656d76}
"""
_JS = """
document.getElementById('misses').addEventListener('change',e=>{for(const d of document.querySelectorAll('details.q'))
d.hidden=e.target.checked&&d.dataset.pass==='1';});
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _mark(text: str, phrase: str) -> str:
    """Escape `text` and highlight the phrase, tolerant of whitespace and case differences."""
    if not phrase.strip():
        return _e(text)
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    out, last = [], 0
    for m in re.finditer(pattern, text, flags=re.IGNORECASE):
        out += [_e(text[last : m.start()]), f"<mark>{_e(m.group(0))}</mark>"]
        last = m.end()
    return "".join(out) + _e(text[last:])


def _tag(ok: bool, label: str) -> str:
    return f'<span class="tag {"ok" if ok else "bad"}">{_e(label)}</span>'


def _passed(r: QuestionResult) -> bool:
    return r.error is None and (r.abstained if r.unanswerable else r.answer_hit)


def _question(r: QuestionResult) -> str:
    tags = []
    if r.error:
        tags.append(_tag(False, "error"))
    elif r.unanswerable:
        tags.append(
            _tag(r.abstained, "abstained" if r.abstained else "answered an unanswerable question")
        )
    else:
        tags.append(
            _tag(
                r.rank is not None and r.rank <= 5, f"rank {r.rank}" if r.rank else "not retrieved"
            )
        )
        tags.append(
            _tag(
                r.answer_hit,
                "answer hit" if r.answer_hit else ("abstained" if r.abstained else "answer miss"),
            )
        )
    if r.dose_findings:
        tags.append(_tag(False, f"{len(r.dose_findings)} dose finding(s)"))
    body = [
        f"<p><b>Question:</b> {_e(r.question)}"
        + (' <span class="muted">(with a note, not shown)</span>' if r.has_note else "")
        + "</p>"
    ]
    if not r.unanswerable:
        body.append(
            f"<p><b>Gold:</b> {_e(r.gold_doc)} &mdash; <mark>{_e(r.gold_phrase)}</mark></p>"
        )
    if r.error:
        body.append(f'<p class="bad">{_e(r.error)}</p>')
    for c in r.claims:
        cls = "ok" if c["supported"] else "bad"
        why = (
            ""
            if c["supported"]
            else f' <span class="bad">withheld: {_e(c.get("reason", ""))}</span>'
        )
        body.append(f'<p class="{cls}">{_e(c["text"])}{why}</p>')
        for cit in c["citations"]:
            state = "verified" if cit["verified"] else "unverified"
            body.append(
                f"<blockquote>{_mark(cit['quote'], r.gold_phrase)} <span class=muted>[{_e(cit['source'])} "
                f"{_e(cit['doc_id'])}, {state}]</span></blockquote>"
            )
    if not r.claims and not r.error:
        body.append('<p class="muted">No claims: the answer was "insufficient evidence".</p>')
    srcs = "".join(
        f"<p class=src><b>{_e(s['id'])}</b> {_e(s['doc_id'])} &middot; {_e(s['section'])}\n"
        f"{_mark(s['text'], r.gold_phrase)}</p>"
        for s in r.sources
    )
    body.append(
        f"<details><summary>Sources given to the generator ({len(r.sources)})</summary>{srcs}</details>"
    )
    timing = ", ".join(f"{k} {v:.0f} ms" for k, v in r.timings_ms.items())
    body.append(f'<p class="muted">{_e(timing)}</p>')
    return (
        f'<details class="q" data-pass="{int(_passed(r))}"><summary><b>{_e(r.id)}</b> {_e(r.question[:110])}'
        f"{''.join(tags)}</summary>{''.join(body)}</details>"
    )


def render_report(
    results: list[QuestionResult], summary: dict[str, Any], title: str = "cdss eval"
) -> str:
    m = summary["metrics"]
    rows = "".join(
        f"<tr><th>{_e(k)}</th><td>{'n/a' if v is None else f'{v:.3f}'}</td></tr>"
        for k, v in m.items()
    )
    lat = "".join(
        f"<tr><th>{_e(k)}</th><td>{v['p50']:.0f}</td><td>{v['p95']:.0f}</td></tr>"
        for k, v in summary["latency_ms"].items()
    )
    q = summary["quotes"]
    backend = summary.get("backend") or {}
    info = (
        f"{summary['questions']} questions ({summary['answerable']} answerable, {summary['unanswerable']} unanswerable, "
        f"{summary['errors']} errors); backend {_e(backend.get('backend', ''))} {_e(backend.get('name', ''))} "
        f"{_e(backend.get('prompt_version', ''))}; quotes {q['quotes']}, verified {q['verified']}, re-attributed "
        f"{q['reattributed']}, unverified {q['unverified']}; claims withheld {q['claims_withheld']}; "
        f"tokens/s {summary.get('tokens_per_second') or 'n/a'}; wall {summary.get('wall_seconds', 0)} s"
    )
    items = "".join(_question(r) for r in results)
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{_e(title)}</title><style>{_CSS}</style>"
        f"<h1>{_e(title)}</h1><p>{info}</p><table>{rows}</table>"
        f"<table><tr><th>stage</th><th>p50 ms</th><th>p95 ms</th></tr>{lat}</table>"
        f"<label><input type=checkbox id=misses> show only questions that did not pass</label>{items}"
        f"<script>{_JS}</script></html>"
    )
