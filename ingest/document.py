"""Typed shapes passed between loaders, the chunker and the ingestion runner."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from cdss.text import clean

CHUNKER_VERSION = (
    "c3"  # c2: front matter as metadata, table headers with their rows; c3: NFKC, no invisibles
)


@dataclass
class Block:
    """A run of body text under one heading path (and PDF page)."""

    text: str
    section: str = ""
    page: int | None = None


@dataclass
class LoadedDoc:
    title: str
    kind: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class SectionSpan:
    section: str
    page: int | None
    start: int
    end: int


@dataclass
class Document:
    """A loaded file with its normalised text; chunk offsets refer to `text`."""

    doc_id: str
    title: str
    kind: str
    text: str
    sections: list[SectionSpan]
    doc_hash: str
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    doc_id: str
    chunk_index: int
    text: str
    section: str
    page: int | None
    start: int
    end: int
    content_hash: str
    embed_text: str


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_NL = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFKC without invisible or bidi controls (`cdss.text.clean`), unified newlines, single spaces, no trailing
    blanks: what gets stored, quoted and checked is what a reader sees."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NL.sub("\n\n", "\n".join(lines)).strip()


def assemble(doc_id: str, loaded: LoadedDoc) -> Document:
    """Join blocks into one normalised text, remembering where each section lies."""
    parts: list[str] = []
    spans: list[SectionSpan] = []
    pos = 0
    for block in loaded.blocks:
        body = normalise(block.text)
        if not body:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append(SectionSpan(block.section, block.page, pos, pos + len(body)))
        parts.append(body)
        pos += len(body)
    text = "".join(parts)
    digest = sha256("\x1f".join([CHUNKER_VERSION, loaded.title, loaded.kind, text]))
    return Document(
        doc_id,
        loaded.title,
        loaded.kind,
        text,
        spans,
        digest,
        dict(loaded.meta),
        list(loaded.warnings),
    )
