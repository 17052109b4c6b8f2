"""LLM backends share one shape: render the versioned prompt, chat, parse strictly.

A backend only has to implement `chat(system, user) -> (text, tokens)`. The
scripted backend replays canned replies (like `llm`'s mock model) so the
parser, verifier and pipeline are tested on exactly the path real models take.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from cdss.generate.citations import answer_schema, parse_cited_reply
from cdss.generate.parse import parse_reply
from cdss.generate.prompts import SENTENCE_IDS, PromptSet
from cdss.generate.sentences import number_sources
from cdss.generate.types import Draft, GenerationRequest, ModelInfo
from cdss.images import ImageInput

IMAGE_NOTE = (
    '\n\nAN IMAGE IS ATTACHED. Put what it shows that matters for the question in "image_reading" '
    "(at most two sentences). Claims must still cite source sentences; the image is never a source."
)


def with_image_reading(schema: dict[str, Any]) -> dict[str, Any]:
    """The answer schema with an optional `image_reading` string in every branch."""
    branches = schema.get("anyOf") or [schema]
    out = []
    for b in branches:
        b = {
            **b,
            "properties": {
                **b.get("properties", {}),
                "image_reading": {"type": "string", "maxLength": 600},
            },
        }
        out.append(b)
    return {**schema, "anyOf": out} if "anyOf" in schema else out[0]


def image_reading(text: str) -> str | None:
    """The model's `image_reading`, if its reply has one (tolerant of text around the JSON)."""
    import json
    import re

    m = re.search(r"\{.*\}", text, re.DOTALL)
    try:
        data = json.loads(m.group(0)) if m else None
    except ValueError:
        return None
    value = data.get("image_reading") if isinstance(data, dict) else None
    return str(value)[:600].strip() or None if isinstance(value, str) else None


log = logging.getLogger(__name__)


class ChatBackend(ABC):
    mode = "llm"
    backend = ""

    def __init__(self, name: str, prompts: PromptSet) -> None:
        self.prompts = prompts
        self.info = ModelInfo(self.backend, name, prompts.version)
        self.last_tokens_per_second: float | None = None

    @abstractmethod
    def chat(
        self,
        system: str,
        user: str,
        schema: dict[str, Any] | None = None,
        image: ImageInput | None = None,
    ) -> tuple[str, int]:
        """Return the model's reply text and the number of generated tokens. With `schema`, the backend
        constrains decoding to JSON matching it (structured outputs or a grammar); with `image`, the model
        sees the (metadata-free) image beside the text, or the backend raises ModelError if it cannot."""

    def generate(self, request: GenerationRequest) -> Draft:
        t = time.perf_counter()
        image = request.image
        if self.prompts.citations == SENTENCE_IDS:
            sentences = number_sources(request.sources)
            system, user = self.prompts.render(request, sentences)
            schema = answer_schema([s.id for s in sentences if s.quotable])
            if image is not None:
                user, schema = user + IMAGE_NOTE, with_image_reading(schema)
            text, tokens = self.chat(
                system, user, schema, **({"image": image} if image is not None else {})
            )
            draft = parse_cited_reply(text, sentences, self.info, tokens)
        else:
            system, user = self.prompts.render(request)
            text, tokens = (
                self.chat(system, user + IMAGE_NOTE, image=image)
                if image is not None
                else self.chat(system, user)
            )
            draft = parse_reply(text, self.info, tokens)
        if image is not None:
            draft.image_reading = image_reading(text)
        secs = time.perf_counter() - t
        self.last_tokens_per_second = tokens / secs if secs > 0 and tokens else None
        log.info(
            "generated",
            extra={
                "backend": self.backend,
                "tokens": tokens,
                "ms": round(secs * 1000),
                "parse_error": draft.parse_error is not None,
                "claims": len(draft.claims),
            },
        )
        return draft


class ScriptedBackend(ChatBackend):
    """Replays the given replies in order (the last one repeats). For tests and demos of failure modes."""

    backend = "scripted"

    def __init__(self, replies: Iterable[str], prompts: PromptSet | None = None) -> None:
        super().__init__("scripted", prompts or PromptSet.load())
        self.replies = list(replies)
        self.calls: list[tuple[str, str]] = []
        self.schemas: list[dict[str, Any] | None] = []
        self.images: list[ImageInput | None] = []

    def chat(
        self,
        system: str,
        user: str,
        schema: dict[str, Any] | None = None,
        image: ImageInput | None = None,
    ) -> tuple[str, int]:
        self.calls.append((system, user))
        self.images.append(image)
        self.schemas.append(schema)
        reply = self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]
        return reply, len(reply.split())
