"""Shapes passed between retrieval, generation, verification and the Answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from cdss.passages import Passage

if TYPE_CHECKING:
    from cdss.images import ImageInput


# a passage numbered for the model (S1..Sn): the same type retrieval returns, not a copy of it
Source = Passage


@dataclass
class GenerationRequest:
    question: str
    note: str  # de-identified
    sources: list[Source]
    context: str = ""  # compact clinical context from the note (no PHI tags)
    query: str = ""  # the question as retrieval saw it: brands and abbreviations expanded
    image: ImageInput | None = None  # metadata already stripped (cdss.images)


@dataclass
class DraftCitation:
    source: str
    quote: str


@dataclass
class DraftClaim:
    text: str
    citations: list[DraftCitation] = field(default_factory=list)


@dataclass
class ModelInfo:
    backend: str
    name: str
    prompt_version: str = ""


@dataclass
class Draft:
    """What a backend proposes; nothing in it is trusted until verified."""

    claims: list[DraftClaim]
    insufficient_evidence: bool
    model: ModelInfo
    raw: str = ""
    parse_error: str | None = None
    tokens_generated: int = 0
    image_reading: str | None = (
        None  # what the model says it sees in the image: never a verified claim
    )


class Generator(Protocol):
    mode: str  # "extractive" | "llm"

    def generate(self, request: GenerationRequest) -> Draft: ...
