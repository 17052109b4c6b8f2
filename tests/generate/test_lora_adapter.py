"""A real LoRA adapter on the real Gemma 3 270M checkpoint, built inside the test with peft (a few optimiser
steps on a handful of sentences), saved, and loaded through the transformers backend by configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdss.config import PROJECT_ROOT, load_config
from cdss.errors import ModelError
from cdss.generate import make_generator
from cdss.generate.hf import GEMMA_PACKAGE, TransformersBackend, resolve_model_dir
from cdss.generate.prompts import PromptSet

pytestmark = [pytest.mark.slow, pytest.mark.integration]
CACHE = PROJECT_ROOT / "var" / "models"
SENTENCES = [
    "Nitrofurantoin is avoided when creatinine clearance is below 30 mL/min.",
    "Apixaban 2.5 mg twice daily is used when two dose-reduction criteria apply.",
    "Check potassium within one week of starting spironolactone.",
]


def _train_adapter(out: Path, base: Path, *, seed: int = 0, steps: int = 6) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(seed)
    tok = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(
        str(base), local_files_only=True, dtype=torch.float32
    )
    peft_model = get_peft_model(
        model,
        LoraConfig(
            r=4,
            lora_alpha=16,
            target_modules=["q_proj", "v_proj"],
            lora_dropout=0.0,
            task_type="CAUSAL_LM",
        ),
    )
    opt = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=5e-3)
    batch = tok(SENTENCES, return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    peft_model.train()
    for _ in range(steps):
        loss = peft_model(**batch, labels=labels).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
    peft_model.save_pretrained(str(out))
    return out


@pytest.fixture(scope="module")
def adapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = resolve_model_dir(GEMMA_PACKAGE, CACHE)
    return _train_adapter(tmp_path_factory.mktemp("lora") / "ward-tuned", base)


def _reply(backend: TransformersBackend) -> str:
    return backend.chat("Answer briefly.", "When is nitrofurantoin avoided?")[0]


def test_adapter_changes_outputs_reproducibly_and_names_itself(adapter: Path) -> None:
    prompts = PromptSet.load("v1")
    base = TransformersBackend(GEMMA_PACKAGE, prompts, cache_dir=CACHE, max_new_tokens=12)
    tuned = TransformersBackend(
        GEMMA_PACKAGE, prompts, cache_dir=CACHE, max_new_tokens=12, adapter_path=str(adapter)
    )
    again = TransformersBackend(
        GEMMA_PACKAGE,
        prompts,
        cache_dir=CACHE,
        max_new_tokens=12,
        adapter_path=str(adapter),
        merge_adapter=True,
    )
    out_base, out_tuned, out_again = _reply(base), _reply(tuned), _reply(again)
    assert out_tuned != out_base  # the adapter speaks
    assert out_again == out_tuned  # reloaded (and merged): the same greedy output
    assert "+ward-tuned@" in tuned.info.name and len(tuned.info.name.split("@")[-1]) == 12
    assert tuned.info.name == again.info.name and "+" not in base.info.name


def test_adapter_selected_by_configuration(adapter: Path) -> None:
    cfg = load_config(
        overrides={
            "generate.backend": "transformers",
            "generate.model_path": GEMMA_PACKAGE,
            "generate.adapter_path": str(adapter),
            "generate.cache_dir": str(CACHE),
        },
        environ={},
    )
    gen = make_generator(cfg, None)  # type: ignore[arg-type]
    assert (
        isinstance(gen, TransformersBackend)
        and gen.adapter_path == str(adapter)
        and "ward-tuned@" in gen.info.name
    )


def test_missing_and_mismatched_adapters_are_clear_errors(adapter: Path, tmp_path: Path) -> None:
    prompts = PromptSet.load("v1")
    with pytest.raises(ModelError, match="no adapter_config.json"):
        TransformersBackend(
            GEMMA_PACKAGE, prompts, cache_dir=CACHE, adapter_path=str(tmp_path / "nowhere")
        )
    # an adapter trained on another base model (a tiny Gemma 3 built from a config, other hidden sizes)
    import torch
    from transformers import AutoTokenizer, Gemma3ForCausalLM, Gemma3TextConfig

    base = resolve_model_dir(GEMMA_PACKAGE, CACHE)
    other = tmp_path / "tiny-gemma"
    torch.manual_seed(0)
    tiny = Gemma3ForCausalLM(
        Gemma3TextConfig(
            vocab_size=262144,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=2,
            num_key_value_heads=1,
            head_dim=32,
        )
    )
    tiny.save_pretrained(str(other))
    AutoTokenizer.from_pretrained(str(base), local_files_only=True).save_pretrained(str(other))
    wrong = _train_adapter(tmp_path / "other-base", other, steps=1)
    backend = TransformersBackend(GEMMA_PACKAGE, prompts, cache_dir=CACHE, adapter_path=str(wrong))
    with pytest.raises(ModelError, match=f"trained on {other}"):
        backend.load()
