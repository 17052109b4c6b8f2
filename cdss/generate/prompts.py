"""Prompt templates live in prompts/<version>/ as files, so a prompt change is a
reviewed diff with a version, not an edit buried in code.

A version's VERSION file may say `citations = sentence_ids`: its sources are
rendered as numbered sentences and the model cites ids (constrained citations);
otherwise the model copies verbatim quotes (the v1 fallback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from cdss.data_files import data_dir
from cdss.errors import ConfigError
from cdss.generate.sentences import Sentence
from cdss.generate.types import GenerationRequest

SENTENCE_IDS = "sentence_ids"
QUOTES = "quotes"


@dataclass(frozen=True)
class PromptSet:
    version: str
    system: str
    user: Template
    citations: str = QUOTES

    @classmethod
    def load(cls, version: str = "v1", root: Path | None = None) -> PromptSet:
        root = root or data_dir("prompts")
        folder = root / version
        try:
            system = (folder / "system.txt").read_text(encoding="utf-8").strip()
            user = Template((folder / "user.txt").read_text(encoding="utf-8").strip())
        except FileNotFoundError as exc:
            raise ConfigError(
                f"prompt version {version!r} not found in {root}; set generate.prompt_version "
                "to a folder under prompts/"
            ) from exc
        meta = (
            (folder / "VERSION").read_text(encoding="utf-8")
            if (folder / "VERSION").exists()
            else ""
        )
        citations = (
            SENTENCE_IDS if re.search(r"(?m)^citations\s*=\s*sentence_ids\s*$", meta) else QUOTES
        )
        return cls(version, system, user, citations)

    def render(
        self,
        request: GenerationRequest,
        sentences: list[Sentence] | None = None,
        *,
        max_source_chars: int = 1600,
    ) -> tuple[str, str]:
        """`sentences`: the numbered sentences, for a sentence-id prompt."""
        if self.citations == SENTENCE_IDS:
            from cdss.generate.citations import render_sentences

            sources = render_sentences(sentences or [])
        else:
            from cdss.generate.sentences import split_source

            blocks = []
            for s in request.sources:
                where = " > ".join(x for x in (s.title, s.section) if x) + (
                    f" (page {s.page})" if s.page else ""
                )
                text = s.text
                for sent in reversed(split_source(s)):  # planted instructions never reach the model
                    if sent.why_not.startswith("addressed to a model"):
                        text = (
                            text[: sent.start]
                            + "[withheld: addressed to a model]"
                            + text[sent.start + len(sent.text) :]
                        )
                blocks.append(f"[{s.id}] {where}\n{text[:max_source_chars]}")
            sources = "\n\n".join(blocks) or "(no sources retrieved)"
        user = self.user.safe_substitute(
            sources=sources,
            note=request.note.strip() or "(no note provided)",
            question=request.question.strip(),
        )
        return self.system, user
