"""Prompt templates live in prompts/<version>/ as files, so a prompt change is a
reviewed diff with a version, not an edit buried in code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

from cdss.config import PROJECT_ROOT
from cdss.errors import ConfigError
from cdss.generate.types import GenerationRequest

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@dataclass(frozen=True)
class PromptSet:
    version: str
    system: str
    user: Template

    @classmethod
    def load(cls, version: str = "v1", root: Path = PROMPTS_DIR) -> PromptSet:
        folder = root / version
        try:
            system = (folder / "system.txt").read_text(encoding="utf-8").strip()
            user = Template((folder / "user.txt").read_text(encoding="utf-8").strip())
        except FileNotFoundError as exc:
            raise ConfigError(f"prompt version {version!r} not found in {root}; set generate.prompt_version "
                              "to a folder under prompts/") from exc
        return cls(version, system, user)

    def render(self, request: GenerationRequest, *, max_source_chars: int = 1600) -> tuple[str, str]:
        blocks = []
        for s in request.sources:
            where = " > ".join(x for x in (s.title, s.section) if x) + (f" (page {s.page})" if s.page else "")
            blocks.append(f"[{s.id}] {where}\n{s.text[:max_source_chars]}")
        user = self.user.safe_substitute(
            sources="\n\n".join(blocks) or "(no sources retrieved)",
            note=request.note.strip() or "(no note provided)",
            question=request.question.strip(),
        )
        return self.system, user
