"""Builders for ingestion fixture files of every supported format (and broken ones)."""

from __future__ import annotations

from pathlib import Path

GUIDE_MD = """# Test guideline on sodium

Source: Test body, 2024
Version: test 1

## Correction limits

Serum sodium should not be raised by more than 10 mmol/L in the first 24 hours.
Patients at high risk of osmotic demyelination should be limited to 8 mmol/L per day.

## Severe symptoms

Give 150 mL of 3% saline over 20 minutes for severe symptoms. Recheck sodium after each bolus.

| Step | Action |
|------|--------|
| 1 | Bolus 150 mL |
"""

HTML_PAGE = """<!doctype html><html><head><title>Cellulitis test page</title>
<style>body{color:red}</style><script>var cookieBanner = "ACCEPT ALL COOKIES";</script></head>
<body><nav><a href="/">Home menu link</a><a href="/about">About us</a></nav>
<main><h1>Cellulitis</h1><p>Cephalexin 500 mg four times daily treats non-purulent cellulitis.</p>
<h2>Duration</h2><ul><li>Five days is usually enough.</li><li>Extend if not improving.</li></ul>
<table><tr><th>Drug</th><th>Dose</th></tr><tr><td>Doxycycline</td><td>100 mg BID</td></tr></table></main>
<footer>Copyright 2026 Example Hospital web team</footer><script>trackVisitor();</script></body></html>"""


def write_pdf(path: Path, pages: list[str], title: str = "PDF guideline") -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


def build_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sodium.md").write_text(GUIDE_MD, encoding="utf-8")
    (root / "cellulitis.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "notes.txt").write_text(
        "Potassium guidance\n\nRecheck potassium within 4 hours after IV replacement.\n",
        encoding="utf-8",
    )
    write_pdf(
        root / "gout.pdf",
        [
            "Gout flare treatment. Colchicine 1.2 mg then 0.6 mg one hour later.",
            "Allopurinol should start at 100 mg daily.",
        ],
    )
    return root
