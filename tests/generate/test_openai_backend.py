from __future__ import annotations

import json

import pytest

from cdss.errors import BackendUnavailable, ConfigError
from cdss.generate.openai_compat import OpenAIBackend
from cdss.generate.prompts import PromptSet
from cdss.generate.types import GenerationRequest, Source
from tests.generate.fake_openai import FakeOpenAI

pytestmark = pytest.mark.unit
REQ = GenerationRequest(
    "When to avoid nitrofurantoin?",
    "Pt [PERSON_1], CrCl 25.",
    [
        Source(
            id="S1",
            chunk_id="c",
            doc_id="d",
            title="UTI",
            section="Cystitis",
            page=None,
            text="Avoid nitrofurantoin below CrCl 30 mL/min.",
            score=1.0,
        )
    ],
)
REPLY = json.dumps(
    {
        "insufficient_evidence": False,
        "answer": [
            {
                "claim": "Avoid it below CrCl 30.",
                "citations": [
                    {"source": "S1", "quote": "Avoid nitrofurantoin below CrCl 30 mL/min"}
                ],
            }
        ],
    }
)


def test_chat_completions_protocol_and_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_LLM_KEY", "sekret")
    with FakeOpenAI([REPLY]) as srv:
        backend = OpenAIBackend(
            srv.base_url,
            "google/medgemma-27b-text-it",
            PromptSet.load("v1"),
            api_key_env="TEST_LLM_KEY",
        )
        draft = backend.generate(REQ)
    assert draft.parse_error is None and draft.claims[0].citations[0].source == "S1"
    body = srv.requests[0]
    assert body["model"] == "google/medgemma-27b-text-it" and body["temperature"] == 0.0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "verbatim" in body["messages"][0]["content"]
    assert (
        "[S1] UTI > Cystitis" in body["messages"][1]["content"]
        and "[PERSON_1]" in body["messages"][1]["content"]
    )
    assert srv.headers[0]["Authorization"] == "Bearer sekret"
    assert draft.model.prompt_version == "v1" and draft.tokens_generated > 0


def test_retries_on_5xx_and_429_then_succeeds() -> None:
    with FakeOpenAI([503, 429, REPLY]) as srv:
        backend = OpenAIBackend(
            srv.base_url, "m", PromptSet.load("v1"), max_retries=2, backoff=0.01
        )
        draft = backend.generate(REQ)
    assert len(srv.requests) == 3 and draft.claims


def test_gives_up_with_a_clear_error() -> None:
    with FakeOpenAI([500]) as srv:
        backend = OpenAIBackend(
            srv.base_url, "m", PromptSet.load("v1"), max_retries=1, backoff=0.01
        )
        with pytest.raises(BackendUnavailable, match="unavailable .*2 attempts"):
            backend.generate(REQ)
    with FakeOpenAI([401]) as srv:
        backend = OpenAIBackend(srv.base_url, "m", PromptSet.load("v1"), api_key_env="NOPE_KEY")
        with pytest.raises(BackendUnavailable, match="NOPE_KEY"):
            backend.generate(REQ)
    backend = OpenAIBackend(
        "http://127.0.0.1:9/v1", "m", PromptSet.load("v1"), max_retries=0, timeout=2
    )
    with pytest.raises(BackendUnavailable, match="check that it is running"):
        backend.generate(REQ)


def test_v2_sends_the_answer_schema_as_response_format() -> None:
    reply = json.dumps(
        {
            "insufficient_evidence": False,
            "answer": [{"claim": "Avoid below CrCl 30.", "cite": ["S1.1"]}],
        }
    )
    with FakeOpenAI([reply]) as srv:
        draft = OpenAIBackend(srv.base_url, "medgemma", PromptSet.load("v2")).generate(REQ)
        OpenAIBackend(srv.base_url, "medgemma", PromptSet.load("v2"), structured="off").generate(
            REQ
        )
        OpenAIBackend(
            srv.base_url, "medgemma", PromptSet.load("v2"), structured="json_object"
        ).generate(REQ)
    fmt = srv.requests[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    cite = fmt["json_schema"]["schema"]["anyOf"][0]["properties"]["answer"]["items"]["properties"][
        "cite"
    ]
    assert cite["items"]["enum"] == ["S1.1"]
    assert (
        "[S1.1] Avoid nitrofurantoin below CrCl 30 mL/min."
        in srv.requests[0]["messages"][1]["content"]
    )
    assert draft.claims[0].citations[0].quote == "Avoid nitrofurantoin below CrCl 30 mL/min."
    assert "response_format" not in srv.requests[1]  # for a server that rejects the field
    assert srv.requests[2]["response_format"] == {
        "type": "json_object",
        "schema": fmt["json_schema"]["schema"],
    }
    with pytest.raises(ConfigError, match="structured_output"):
        OpenAIBackend(srv.base_url, "m", PromptSet.load("v2"), structured="yes")
