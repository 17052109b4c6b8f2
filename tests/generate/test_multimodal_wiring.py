"""A WIRING test of the transformers backend's image path, named as one: a tiny, randomly initialised Gemma 3
vision-language model built from a config inside the test (SigLIP tower, Gemma 3 text stack, the real Gemma 3
tokenizer from the 270M package with its image tokens). It proves that a multimodal checkpoint is detected,
loaded with AutoProcessor and AutoModelForImageTextToText, that the image becomes pixel values and image
tokens in the prompt, and that generation runs. It proves nothing about answers: the weights are random."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cdss.config import PROJECT_ROOT
from cdss.errors import ModelError
from cdss.generate.hf import GEMMA_PACKAGE, TransformersBackend, is_multimodal, resolve_model_dir
from cdss.generate.prompts import PromptSet
from cdss.images import prepare_image

pytestmark = [pytest.mark.slow, pytest.mark.integration]
CACHE = PROJECT_ROOT / "var" / "models"
TEMPLATE = (
    "{{ bos_token }}{%- for m in messages -%}<start_of_turn>{{ 'model' if m['role'] == 'assistant' else 'user' }}\n"
    "{%- for c in m['content'] -%}{%- if c['type'] == 'image' -%}{{ boi_token }}{%- else -%}{{ c['text'] }}\n"
    "{%- endif -%}{%- endfor -%}<end_of_turn>\n{%- endfor -%}{%- if add_generation_prompt -%}"
    "<start_of_turn>model\n{%- endif -%}"
)


@pytest.fixture(scope="module")
def tiny_vlm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import (
        AutoTokenizer,
        Gemma3Config,
        Gemma3ForConditionalGeneration,
        Gemma3ImageProcessor,
        Gemma3Processor,
        Gemma3TextConfig,
        SiglipVisionConfig,
    )

    base = resolve_model_dir(GEMMA_PACKAGE, CACHE)
    tok = AutoTokenizer.from_pretrained(
        str(base),
        local_files_only=True,
        extra_special_tokens={
            "boi_token": "<start_of_image>",
            "eoi_token": "<end_of_image>",
            "image_token": "<image_soft_token>",
        },
    )
    tok.chat_template = TEMPLATE
    proc = Gemma3Processor(
        image_processor=Gemma3ImageProcessor(size={"height": 224, "width": 224}),
        tokenizer=tok,
        image_seq_length=16,
        chat_template=TEMPLATE,
    )
    torch.manual_seed(0)
    cfg = Gemma3Config(
        text_config=Gemma3TextConfig(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=2,
            num_key_value_heads=1,
            head_dim=32,
        ),
        vision_config=SiglipVisionConfig(
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=2,
            image_size=224,
            patch_size=14,
        ),
        mm_tokens_per_image=16,
        image_token_index=tok.image_token_id,
        boi_token_index=tok.convert_tokens_to_ids("<start_of_image>"),
        eoi_token_index=tok.convert_tokens_to_ids("<end_of_image>"),
    )
    out = tmp_path_factory.mktemp("tiny-vlm") / "gemma3-vlm-random"
    Gemma3ForConditionalGeneration(cfg).save_pretrained(str(out))
    proc.save_pretrained(str(out))
    return out


def _image() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (120, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_a_multimodal_checkpoint_reads_the_image_through_its_processor(tiny_vlm: Path) -> None:
    assert is_multimodal(tiny_vlm)
    backend = TransformersBackend(
        str(tiny_vlm), PromptSet.load("v2"), cache_dir=CACHE, max_new_tokens=4
    )
    backend.load()
    image = prepare_image(_image())
    inputs = backend._image_inputs("system", "What does the image show?", image)
    assert tuple(inputs["pixel_values"].shape[-2:]) == (224, 224)
    image_id = backend._tok.convert_tokens_to_ids("<image_soft_token>")
    assert (
        int((inputs["input_ids"] == image_id).sum()) == 16
    )  # the image's tokens sit in the prompt
    text, tokens = backend.chat("system", "What does the image show?", image=image)
    assert isinstance(text, str) and tokens > 0


def test_a_text_only_model_refuses_an_image_clearly() -> None:
    backend = TransformersBackend(
        GEMMA_PACKAGE, PromptSet.load("v2"), cache_dir=CACHE, max_new_tokens=4
    )
    with pytest.raises(ModelError, match="text-only model"):
        backend.chat("system", "user", image=prepare_image(_image()))
