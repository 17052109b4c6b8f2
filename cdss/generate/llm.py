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

log = logging.getLogger(__name__)


class ChatBackend(ABC):
    mode = "llm"
    backend = ""

    def __init__(self, name: str, prompts: PromptSet) -> None:
        self.prompts = prompts
        self.info = ModelInfo(self.backend, name, prompts.version)
        self.last_tokens_per_second: float | None = None

    @abstractmethod
    def chat(self, system: str, user: str, schema: dict[str, Any] | None = None) -> tuple[str, int]:
        """Return the model's reply text and the number of generated tokens. With `schema`, the backend
        constrains decoding to JSON matching it (structured outputs or a grammar)."""

    def generate(self, request: GenerationRequest) -> Draft:
        t = time.perf_counter()
        if self.prompts.citations == SENTENCE_IDS:
            sentences = number_sources(request.sources)
            system, user = self.prompts.render(request, sentences)
            text, tokens = self.chat(system, user, answer_schema([s.id for s in sentences if s.quotable]))
            draft = parse_cited_reply(text, sentences, self.info, tokens)
        else:
            system, user = self.prompts.render(request)
            text, tokens = self.chat(system, user)
            draft = parse_reply(text, self.info, tokens)
        secs = time.perf_counter() - t
        self.last_tokens_per_second = tokens / secs if secs > 0 and tokens else None
        log.info("generated", extra={"backend": self.backend, "tokens": tokens, "ms": round(secs * 1000),
                                     "parse_error": draft.parse_error is not None, "claims": len(draft.claims)})
        return draft


class ScriptedBackend(ChatBackend):
    """Replays the given replies in order (the last one repeats). For tests and demos of failure modes."""

    backend = "scripted"

    def __init__(self, replies: Iterable[str], prompts: PromptSet | None = None) -> None:
        super().__init__("scripted", prompts or PromptSet.load())
        self.replies = list(replies)
        self.calls: list[tuple[str, str]] = []
        self.schemas: list[dict[str, Any] | None] = []

    def chat(self, system: str, user: str, schema: dict[str, Any] | None = None) -> tuple[str, int]:
        self.calls.append((system, user))
        self.schemas.append(schema)
        reply = self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]
        return reply, len(reply.split())
