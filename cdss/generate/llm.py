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

from cdss.generate.parse import parse_reply
from cdss.generate.prompts import PromptSet
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
    def chat(self, system: str, user: str) -> tuple[str, int]:
        """Return the model's reply text and the number of generated tokens."""

    def generate(self, request: GenerationRequest) -> Draft:
        system, user = self.prompts.render(request)
        t = time.perf_counter()
        text, tokens = self.chat(system, user)
        secs = time.perf_counter() - t
        self.last_tokens_per_second = tokens / secs if secs > 0 and tokens else None
        draft = parse_reply(text, self.info, tokens)
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

    def chat(self, system: str, user: str) -> tuple[str, int]:
        self.calls.append((system, user))
        reply = self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]
        return reply, len(reply.split())
