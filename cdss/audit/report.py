"""report.html: one self-contained file (inline CSS, SVG charts, a few lines of JS for sorting)
for pharmacists: findings by rule, severity and drug; notes with critical findings; per-note drill-down
with the de-identified snippet and the flagged statement highlighted."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from cdss.dosing.severity import sort_key

SEV_COLOUR = {"critical": "#a4161a", "warning": "#b86e00", "info": "#245d8f"}
CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;margin:0;background:#f4f6f8}
header{background:#10365c;color:#fff;padding:14px 22px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:16px 22px}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:4px 0 16px}.tile{background:#fff;border:1px solid #d5dbe1;border-radius:8px;
padding:10px 14px;min-width:140px}.tile b{display:block;font-size:24px}.tile span{color:#5b6470;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px}
section.card{background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:12px 16px;margin-bottom:14px}
h2{font-size:16px;margin:0 0 10px}svg text{font-size:13px;fill:#1b1f24}
td:first-child{white-space:nowrap}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e7eb;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f7f9fa;white-space:nowrap}th:after{content:' \\2195';color:#9aa3ad}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev{font-weight:700;font-size:11px;text-transform:uppercase;letter-spacing:.04em;padding:1px 6px;border-radius:4px;color:#fff}
.critical{background:#a4161a}.warning{background:#b86e00}.info{background:#245d8f}
details{border-top:1px solid #e3e7eb;padding:6px 0}summary{cursor:pointer;font-weight:600}
.finding{margin:8px 0 10px 14px}.msg{margin:3px 0}.ref{color:#5b6470;font-size:12px}
.snip{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:#f7f9fa;border:1px solid #e3e7eb;
border-radius:6px;padding:6px 8px;white-space:pre-wrap;margin-top:4px}mark{background:#fff0a8;padding:0 2px}
.muted{color:#5b6470}
"""
SORT_JS = """
document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){
var t=th.closest('table'),b=t.tBodies[0],rows=Array.from(b.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(a,c){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=c.cells[i].dataset.v||c.cells[i].textContent;
var nx=parseFloat(x),ny=parseFloat(y);var r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?r:-r;});
rows.forEach(function(r){b.appendChild(r);});});});
"""


def _anchor(note_id: str) -> str:
    import hashlib

    return "n-" + hashlib.sha1(note_id.encode("utf-8")).hexdigest()[:12]


def _bars(counts: dict[str, int], colour: Any = "#2f6fad", limit: int = 15) -> str:
    items = list(counts.items())[:limit]
    if not items:
        return "<p class='muted'>None.</p>"
    top = max(v for _, v in items)
    row, label_w, width = 24, 205, 470
    parts = [f"<svg role='img' width='100%' viewBox='0 0 {width} {row * len(items) + 4}'>"]
    for i, (k, v) in enumerate(items):
        w = max(2, int((width - label_w - 50) * v / top))
        c = colour(k) if callable(colour) else colour
        y = i * row
        parts.append(
            f"<text x='{label_w - 6}' y='{y + 16}' text-anchor='end'>{html.escape(k)}</text>"
            f"<rect x='{label_w}' y='{y + 4}' width='{w}' height='16' rx='3' fill='{c}'><title>{html.escape(k)}: {v}</title></rect>"
            f"<text x='{label_w + w + 6}' y='{y + 16}'>{v}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _snippet(f: dict[str, Any]) -> str:
    s, hl = f.get("snippet") or "", f.get("highlight")
    if not s:
        return ""
    if hl:
        a, b = hl
        body = html.escape(s[:a]) + "<mark>" + html.escape(s[a:b]) + "</mark>" + html.escape(s[b:])
    else:
        body = html.escape(s)
    return f"<div class='snip'>{body}</div>"


def write_report(out: Path, summary: dict[str, Any]) -> None:
    findings = [
        json.loads(x)
        for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    by_note: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_note[f["note_id"]].append(f)
    crit_rows = []
    for nid, n in summary["critical_by_note"].items():
        fs = by_note[nid]
        drugs = sorted({d for f in fs if f["severity"] == "critical" for d in f["drugs"]})
        rules = sorted({f["rule"] for f in fs if f["severity"] == "critical"})
        anchor = _anchor(nid)
        crit_rows.append(
            f"<tr><td><a href='#{anchor}'>{html.escape(nid)}</a></td><td class='num' data-v='{n}'>{n}</td>"
            f"<td class='num'>{len(fs)}</td><td>{html.escape(', '.join(rules))}</td><td>{html.escape(', '.join(drugs))}</td></tr>"
        )
    notes_html: list[str] = []
    order = sorted(by_note, key=lambda k: (min(sort_key(f["severity"]) for f in by_note[k]), k))
    for nid in order:
        fs = sorted(by_note[nid], key=lambda f: sort_key(f["severity"]))
        worst = fs[0]["severity"]
        items = "".join(
            f"<div class='finding'><span class='sev {f['severity']}'>{f['severity']}</span> <b>{html.escape(f['rule'])}</b>"
            f"<div class='msg'>{html.escape(f['message'])}</div><div class='ref'>{html.escape(f['reference'])}</div>{_snippet(f)}</div>"
            for f in fs
        )
        notes_html.append(
            f"<details id='{_anchor(nid)}'{' open' if worst == 'critical' and len(notes_html) < 3 else ''}>"
            f"<summary><span class='sev {worst}'>{worst}</span> {html.escape(nid)} "
            f"<span class='muted'>({len(fs)} finding{'s' if len(fs) != 1 else ''})</span></summary>{items}</details>"
        )
    s = summary
    tiles = "".join(
        f"<div class='tile'><b>{v}</b><span>{k}</span></div>"
        for k, v in (
            ("notes audited", s["notes_processed"]),
            ("notes failed", s["notes_failed"]),
            ("findings", s["findings"]),
            ("critical findings", s["by_severity"].get("critical", 0)),
            ("notes with critical", len(s["notes_with_critical"])),
            ("notes / second", s["notes_per_second"]),
        )
    )
    doc = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>cdss dose audit</title><style>{CSS}</style></head><body>
<header><h1>Medication dose audit</h1><p>De-identified notes checked against the formulary: dose limits, renal and weight-based
dosing, interactions, duplicates and allergies. Snippets show de-identified text only.</p></header><main>
<div class="tiles">{tiles}</div>
<div class="grid"><section class="card"><h2>Findings by rule</h2>{_bars(s["by_rule"])}</section>
<section class="card"><h2>Findings by severity</h2>{_bars(s["by_severity"], lambda k: SEV_COLOUR.get(k, "#2f6fad"))}</section>
<section class="card"><h2>Most flagged drugs</h2>{_bars(s["by_drug"])}</section></div>
<section class="card"><h2>Notes with critical findings ({len(crit_rows)})</h2>
<table class="sortable"><thead><tr><th>Note</th><th>Critical</th><th>All findings</th><th>Rules</th><th>Drugs</th></tr></thead>
<tbody>{"".join(crit_rows) or "<tr><td colspan='5' class='muted'>None.</td></tr>"}</tbody></table></section>
<section class="card"><h2>Findings per note</h2>{"".join(notes_html) or "<p class='muted'>No findings.</p>"}</section>
</main><script>{SORT_JS}</script></body></html>"""
    (out / "report.html").write_text(doc, encoding="utf-8")
