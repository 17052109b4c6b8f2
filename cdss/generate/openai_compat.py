"""OpenAI-compatible chat completions (vLLM serving MedGemma, llama.cpp server, TGI).

Standard library HTTP only; bounded retries with backoff on connection
errors, 429 and 5xx; the API key is read from the environment variable named
in config, never from config itself.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from typing import Any

from cdss.errors import BackendUnavailable, ConfigError
from cdss.generate.llm import ChatBackend
from cdss.generate.prompts import PromptSet
from cdss.images import ImageInput

RETRY_STATUS = {429, 500, 502, 503, 504}
STRUCTURED = ("json_schema", "json_object", "off")


class OpenAIBackend(ChatBackend):
    backend = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        prompts: PromptSet,
        *,
        api_key_env: str = "CDSS_LLM_API_KEY",
        timeout: float = 120.0,
        max_retries: int = 2,
        max_tokens: int = 512,
        temperature: float = 0.0,
        backoff: float = 0.5,
        structured: str = "json_schema",
    ) -> None:
        """`structured`: how the answer's JSON schema travels in `response_format`: "json_schema" (OpenAI,
        vLLM, llama.cpp's own server), "json_object" (llama-cpp-python's server: type json_object plus
        schema) or "off" (a server without structured outputs; the prompt still asks for the shape)."""
        if structured not in STRUCTURED:
            raise ConfigError(
                f"generate.structured_output must be one of {', '.join(STRUCTURED)}, got {structured!r}"
            )
        if not base_url or not model:
            raise ConfigError(
                "the openai backend needs generate.base_url (e.g. http://vllm:8000/v1) and generate.model"
            )
        super().__init__(model, prompts)
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.api_key_env = model, api_key_env
        self.timeout, self.max_retries, self.backoff = timeout, max_retries, backoff
        self.max_tokens, self.temperature = max_tokens, temperature
        self.structured = structured

    refreshable = False  # a static API key cannot be refreshed; an OAuth token can (VertexBackend)

    def auth_headers(self, force_refresh: bool = False) -> dict[str, str]:
        """The Authorization header, if any: a static key from the environment variable named in config."""
        key = os.environ.get(self.api_key_env)
        return {"Authorization": f"Bearer {key}"} if key else {}

    def credentials_hint(self) -> str:
        return f"set {self.api_key_env}"

    def chat(
        self,
        system: str,
        user: str,
        schema: dict[str, Any] | None = None,
        image: ImageInput | None = None,
    ) -> tuple[str, int]:
        # an image travels as an OpenAI image content part (vLLM serves multimodal MedGemma this way)
        content: Any = (
            user
            if image is None
            else [
                {"type": "text", "text": user},
                {"type": "image_url", "image_url": {"url": image.data_url}},
            ]
        )
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": content},
            ],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        if schema is not None and self.structured == "json_schema":
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "cdss_answer", "schema": schema, "strict": True},
            }
        elif schema is not None and self.structured == "json_object":
            payload["response_format"] = {"type": "json_object", "schema": schema}
        body = json.dumps(payload).encode("utf-8")
        last = ""
        refused = False
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            headers = {
                "Content-Type": "application/json",
                **self.auth_headers(force_refresh=refused),
            }
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - configured URL
                    data = json.loads(resp.read().decode("utf-8"))
                text = data["choices"][0]["message"]["content"] or ""
                tokens = int(
                    (data.get("usage") or {}).get("completion_tokens") or len(text.split())
                )
                return text, tokens
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if (
                    exc.code == 401
                    and self.refreshable
                    and not refused
                    and attempt < self.max_retries
                ):
                    refused = (
                        True  # an access token revoked or expired early: fetch a new one, once
                    )
                    continue
                if exc.code in (401, 403):
                    raise BackendUnavailable(
                        f"the model server at {self.url} refused the credentials ({last}); "
                        f"{self.credentials_hint()}"
                    ) from exc
                if exc.code not in RETRY_STATUS:
                    raise BackendUnavailable(
                        f"the model server at {self.url} answered {last}; check generate.model"
                    ) from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = type(exc).__name__
            except (KeyError, IndexError, ValueError) as exc:
                raise BackendUnavailable(
                    f"the model server at {self.url} did not answer in the chat completions format"
                ) from exc
        raise BackendUnavailable(
            f"the model server at {self.url} is unavailable ({last} after {self.max_retries + 1} "
            "attempts); check that it is running and generate.base_url is right"
        )
