"""File loaders: Markdown, text, HTML, PDF and formulary YAML/CSV into LoadedDoc.

A loader either returns a LoadedDoc or raises SkipFile with a reason the
informatics engineer can act on; one bad file never aborts a run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from cdss.text import decode_utf8
from ingest.document import Block, LoadedDoc
from ingest.formulary_text import render_formulary_csv_row, render_formulary_yaml


class SkipFile(Exception):
    """The file cannot be ingested; the message is the reason shown in `skipped`."""


def read_text(path: Path) -> tuple[str, list[str]]:
    raw = path.read_bytes()
    if not raw.strip():
        raise SkipFile("empty file")
    if b"\x00" in raw[:4096]:
        raise SkipFile("binary content (NUL bytes) in a text file")
    text, bad = decode_utf8(raw)
    if bad is None:
        return text, []
    return text, [
        f"not valid UTF-8 (first bad byte at offset {bad}); decoded with replacement characters"
    ]


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_EMPH = re.compile(r"(\*\*|__|`)")


def _clean_md_line(line: str) -> str:
    return _EMPH.sub("", _LINK.sub(r"\1", line))


def parse_markdown(text: str, fallback_title: str) -> tuple[str, list[Block]]:
    """Heading-aware split: each block carries its heading path (the H1 is the title)."""
    title = ""
    stack: list[tuple[int, str]] = []
    blocks: list[Block] = []
    buf: list[str] = []
    in_fence = False

    def flush() -> None:
        body = "\n".join(buf).strip()
        if body:
            blocks.append(Block(body, " > ".join(h for _, h in stack)))
        buf.clear()

    for line in text.split("\n"):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        m = None if in_fence else _HEADING.match(line)
        if m:
            flush()
            level, heading = len(m.group(1)), _clean_md_line(m.group(2)).strip()
            if level == 1 and not title:
                title = heading
                stack = []
                continue
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, heading)]
            continue
        if _TABLE_RULE.match(line.strip()) and "-" in line:
            continue
        buf.append(_clean_md_line(line))
    flush()
    return title or fallback_title, blocks


_FRONT = re.compile(
    r"(?im)^(source|sources|version|review date|reviewed|last reviewed|next review|author|owner|"
    r"approved by|document id)\s*:\s*(.+)$"
)


def split_front_matter(blocks: list[Block]) -> tuple[list[Block], dict[str, str]]:
    """Document metadata lines ("Source:", "Version:", "Review date:") before the first heading become
    metadata: they describe the document, and as retrievable text they outrank the evidence itself."""
    if not blocks or blocks[0].section:
        return blocks, {}
    meta = {
        m.group(1).lower().replace(" ", "_"): m.group(2).strip()
        for m in _FRONT.finditer(blocks[0].text)
    }
    rest = _FRONT.sub("", blocks[0].text).strip()
    head = [Block(rest, "", blocks[0].page)] if rest else []
    return head + blocks[1:], meta


def load_markdown(path: Path) -> LoadedDoc:
    text, warnings = read_text(path)
    title, blocks = parse_markdown(text, path.stem.replace("-", " ").replace("_", " ").title())
    blocks, meta = split_front_matter(blocks)
    if not blocks:
        raise SkipFile("no text content")
    return LoadedDoc(title, "guideline", blocks, warnings, meta)


_PLAIN_HEADING = re.compile(r"^(?=[^a-z]*[A-Z]{3})[A-Z0-9][A-Z0-9 ,&/()'\-]{2,78}:?$")


def plain_text_headings(text: str) -> str:
    """Plain-text guidelines mark headings in capitals on their own line ("DOSING IN RENAL IMPAIRMENT"):
    turn those into Markdown headings so chunks carry their section."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        out.append(
            f"## {s.rstrip(':').strip().capitalize()}"
            if _PLAIN_HEADING.match(s) and len(s.split()) <= 10
            else line
        )
    return "\n".join(out)


def load_text(path: Path) -> LoadedDoc:
    text, warnings = read_text(path)
    first, _, body = text.strip().partition("\n")
    title = first.strip() if len(first.strip()) <= 120 and body.strip() else path.stem
    _, blocks = parse_markdown(plain_text_headings(body if title != path.stem else text), title)
    blocks, meta = split_front_matter(blocks)
    if not blocks:
        raise SkipFile("no text content")
    return LoadedDoc(title, "guideline", blocks, warnings, meta)


_DROP_TAGS = (
    "script",
    "style",
    "nav",
    "footer",
    "header",
    "aside",
    "noscript",
    "form",
    "iframe",
    "svg",
    "template",
)


def load_html(path: Path) -> LoadedDoc:
    from bs4 import BeautifulSoup

    text, warnings = read_text(path)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(list(_DROP_TAGS)):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    for el in root.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote", "dt", "dd"]
    ):
        if (
            el.name in ("p", "li")
            and el.find_parent(["li", "table"]) is not None
            and el.name != "li"
        ):
            continue
        if el.name.startswith("h"):
            lines.append("")
            lines.append("#" * int(el.name[1]) + " " + el.get_text(" ", strip=True))
            lines.append("")
        elif el.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in el.find_all(["th", "td"])]
            lines.append("| " + " | ".join(cells) + " |")
        elif el.name == "li":
            lines.append("- " + el.get_text(" ", strip=True))
        else:
            lines.append(el.get_text(" ", strip=True))
            lines.append("")
    page_title = soup.title.get_text(strip=True) if soup.title else ""
    title, blocks = parse_markdown("\n".join(lines), page_title or path.stem)
    if not blocks:
        raise SkipFile("no text content after removing navigation and scripts")
    return LoadedDoc(page_title or title, "guideline", blocks, warnings)


def load_pdf(path: Path) -> LoadedDoc:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise SkipFile("encrypted PDF; decrypt it first")
        pages = [(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise SkipFile(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    blocks = [Block(t, "", n) for n, t in pages if t.strip()]
    if not blocks:
        raise SkipFile("PDF has no extractable text (scanned image?); OCR it first")
    first = next(ln.strip() for ln in blocks[0].text.splitlines() if ln.strip())
    return LoadedDoc(meta_title or first[:120], "guideline", blocks)


def load_yaml(path: Path) -> LoadedDoc:
    text, warnings = read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SkipFile(f"invalid YAML ({exc.__class__.__name__})") from exc
    if isinstance(data, list) and data and all(isinstance(x, dict) and "names" in x for x in data):
        # other_names.yaml: brand names that retrieval adds to questions; a list of names answers nothing
        raise SkipFile("a list of other medicine names: read by retrieval and answering, not cited")
    rendered = render_formulary_yaml(data)
    if rendered is None:
        raise SkipFile("YAML is not a formulary file (drug, interactions, products or classes)")
    title, blocks = rendered
    return LoadedDoc(title, "formulary", blocks, warnings)


def load_csv(path: Path) -> LoadedDoc:
    text, warnings = read_text(path)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "name" not in (rows[0].keys()):
        raise SkipFile("CSV is not a formulary table (needs a 'name' column)")
    blocks = [render_formulary_csv_row(r) for r in rows if (r.get("name") or "").strip()]
    return LoadedDoc(f"Formulary table: {path.stem}", "formulary", blocks, warnings)


def _docx_heading_level(style: str) -> int | None:
    """Word's built-in heading styles ("Title", "Heading 1".."Heading 9"); custom ones are body text."""
    if style == "Title":
        return 1
    if style.startswith("Heading "):
        tail = style.removeprefix("Heading ").strip()
        return min(int(tail), 6) if tail.isdigit() else None
    return None


def load_docx(path: Path) -> LoadedDoc:
    """Word documents through python-docx, in body order: headings become the section path, list
    paragraphs "- " items, and each table row a "| cell | cell |" line, so the chunker keeps a table's
    header with its rows as it does for Markdown and HTML. The text chunked (and quoted) is this
    rendering, so quote offsets refer to it as for every other format."""
    from zipfile import BadZipFile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise SkipFile(
            "corrupt, encrypted or not a Word .docx file "
            f"({type(exc).__name__}); open it in Word and save it as .docx without a password"
        ) from exc
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each once per row
                    text = " ".join(cell.text.split())
                    if not cells or cells[-1] != text:
                        cells.append(text)
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
            continue
        assert isinstance(item, Paragraph)
        text = " ".join(item.text.split())
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        level = _docx_heading_level(style or "")
        numbered = item._p.pPr is not None and item._p.pPr.numPr is not None
        if level is not None:
            lines += ["", "#" * level + " " + text, ""]
        elif numbered or (style or "").startswith("List"):
            lines.append("- " + text)
        else:
            lines += [text, ""]
    meta_title = (document.core_properties.title or "").strip()
    title, blocks = parse_markdown("\n".join(lines), meta_title or path.stem)
    if not blocks:
        raise SkipFile("Word document has no text content")
    return LoadedDoc(meta_title or title, "guideline", blocks)


LOADERS: dict[str, Callable[[Path], LoadedDoc]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".csv": load_csv,
}


def load_file(path: Path) -> LoadedDoc:
    loader = LOADERS.get(path.suffix.lower())
    if loader is None and path.suffix.lower() in (".doc", ".rtf", ".odt"):
        raise SkipFile(
            f"{path.suffix} is not read directly; save the document as .docx (Word) or PDF"
        )
    if loader is None:
        raise SkipFile(
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(sorted(LOADERS))}"
        )
    try:
        return loader(path)
    except SkipFile:
        raise
    except PermissionError as exc:
        raise SkipFile("permission denied") from exc
    except OSError as exc:
        raise SkipFile(f"unreadable ({exc.strerror or type(exc).__name__})") from exc
