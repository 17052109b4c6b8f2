"""Heading-aware, sentence-aware chunking that keeps exact character offsets.

Why our own splitter and not llama-index's SentenceSplitter: quotes are later
verified against the stored chunk text and mapped back to document offsets,
so every chunk must be an exact substring of the normalised document with
known start/end. The library splitters rejoin text with their own separators
and do not report offsets. Token counts come from the embedding model's own
tokenizer, so title + section + chunk always fit its 256 word pieces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cdss.text import sentence_spans
from ingest.document import Chunk, Document, sha256

MAX_WORD_PIECES = 256
__all__ = ["chunk_document", "sentence_spans"]


def _split_long(
    text: str, start: int, end: int, budget: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """A sentence over the budget is cut at word boundaries."""
    out: list[tuple[int, int]] = []
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and count(text[words[i][0] : words[j][1]]) <= budget:
            j += 1
        out.append((words[i][0], words[j - 1][1]))
        i = j
    return out


def table_header(text: str, start: int) -> str:
    """The header row of the Markdown table a chunk starting at `start` is inside ("" when not in a table, or
    when the chunk begins with the header itself), so a chunk of rows is embedded with its column names."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start : start + 1].lstrip().startswith("|"):
        return ""
    header = ""
    pos = line_start
    while pos > 0:
        prev = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev : pos - 1]
        if not line.lstrip().startswith("|"):
            break
        header, pos = line, prev
    return header.strip()


def chunk_document(
    doc: Document, count_tokens: Callable[[str], int], *, target: int = 200, overlap: int = 30
) -> list[Chunk]:
    """Greedy sentence packing per section; `count_tokens` counts word pieces without special tokens."""
    chunks: list[Chunk] = []
    for sec in doc.sections:
        header = f"{doc.title}\n{sec.section}\n" if sec.section else f"{doc.title}\n"
        budget = min(target, MAX_WORD_PIECES - 2 - count_tokens(header) - 4)
        budget = max(budget, 32)
        units: list[tuple[int, int, int]] = []
        for s, e in sentence_spans(doc.text[sec.start : sec.end]):
            s, e = s + sec.start, e + sec.start
            n = count_tokens(doc.text[s:e])
            if n > budget:
                for a, b in _split_long(doc.text, s, e, budget, count_tokens):
                    units.append((a, b, count_tokens(doc.text[a:b])))
            else:
                units.append((s, e, n))
        i = 0
        while i < len(units):
            total, j = 0, i
            while j < len(units) and (total + units[j][2] <= budget or j == i):
                total += units[j][2]
                j += 1
            # the joined span can tokenise longer than the sum (newlines, punctuation): shrink if needed
            while j - i > 1 and count_tokens(doc.text[units[i][0] : units[j - 1][1]]) > budget:
                j -= 1
            s, e = units[i][0], units[j - 1][1]
            text = doc.text[s:e]
            cols = table_header(doc.text, s)
            embed = header + (cols + "\n" if cols else "") + text
            chunks.append(
                Chunk(
                    doc.doc_id, len(chunks), text, sec.section, sec.page, s, e, sha256(text), embed
                )
            )
            if j >= len(units):
                break
            back, k = 0, j
            while k - 1 > i and back + units[k - 1][2] <= overlap:
                back += units[k - 1][2]
                k -= 1
            i = k
    return chunks
