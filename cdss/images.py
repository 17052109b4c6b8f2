"""One image with a note (MedGemma 4B-it and 27B multimodal): checked, stripped of metadata, re-encoded.

An image can carry identifiers the pixels do not show: EXIF (camera owner, GPS, dates), PNG text chunks, and
for DICOM the whole patient and study header. Every image is decoded and re-encoded as a plain PNG from its
pixels alone, so no metadata survives; a DICOM file's pixels are converted and its header dropped (the count
of patient and study tags removed is reported). Text burned into the pixels is not found or removed: the
README says so. Limits (`image.max_bytes`, `image.max_pixels`) are checked before decoding more than the header,
and a large image is scaled to at most `image.max_side` pixels on its longer side (MedGemma reads 896 x 896).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Any

from cdss.errors import InputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
PATIENT_GROUPS = (0x0008, 0x0010, 0x0020, 0x0032, 0x0038)  # identifying, patient, study, visit


@dataclass(frozen=True)
class ImageInput:
    png: bytes  # re-encoded from pixels only
    width: int
    height: int
    source_format: str  # "png" | "jpeg" | "dicom"
    removed: list[str] = field(
        default_factory=list
    )  # what metadata was dropped ("EXIF", "PNG text", ...)

    @property
    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def to_json(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "height": self.height,
            "source_format": self.source_format,
            "metadata_removed": self.removed,
        }


def sniff(raw: bytes) -> str:
    if raw.startswith(PNG_MAGIC):
        return "png"
    if raw.startswith(JPEG_MAGIC):
        return "jpeg"
    if len(raw) > 132 and raw[128:132] == b"DICM":
        return "dicom"
    raise InputError("the image must be a PNG, a JPEG or a DICOM file")


def prepare_image(
    raw: bytes, *, max_bytes: int = 5_000_000, max_pixels: int = 25_000_000, max_side: int = 1024
) -> ImageInput:
    if len(raw) > max_bytes:
        raise InputError(
            f"the image is {len(raw)} bytes, over the {max_bytes}-byte limit (image.max_bytes)"
        )
    kind = sniff(raw)
    if kind == "dicom":
        img, removed = _from_dicom(raw, max_pixels)
    else:
        img, removed = _from_picture(raw, kind, max_pixels)
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side))
    out = io.BytesIO()
    img.save(out, format="PNG")  # no pnginfo, no exif: pixels only
    return ImageInput(out.getvalue(), img.width, img.height, kind, removed)


def _from_picture(raw: bytes, kind: str, max_pixels: int) -> tuple[Any, list[str]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(
            io.BytesIO(raw)
        ) as probe:  # the header only: dimensions before any decoding
            if probe.width * probe.height > max_pixels:
                raise InputError(
                    f"the image is {probe.width} x {probe.height} pixels, over the {max_pixels}-pixel "
                    "limit (image.max_pixels)"
                )
            removed = []
            if probe.info.get("exif") or probe.getexif():
                removed.append("EXIF")
            if kind == "png" and any(
                k not in ("dpi", "gamma", "transparency", "srgb", "icc_profile") for k in probe.info
            ):
                removed.append("PNG text")
            if probe.info.get("icc_profile"):
                removed.append("ICC profile")
            probe.load()
            img = probe.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(
            f"the {kind.upper()} image could not be decoded ({type(exc).__name__})"
        ) from exc
    except Image.DecompressionBombError as exc:
        raise InputError(
            f"the image is over the pixel limit (image.max_pixels = {max_pixels})"
        ) from exc
    return img, removed


def _from_dicom(raw: bytes, max_pixels: int) -> tuple[Any, list[str]]:
    import numpy as np
    import pydicom
    from PIL import Image

    try:
        ds = pydicom.dcmread(io.BytesIO(raw))
        rows, cols = int(ds.Rows), int(ds.Columns)
        if rows * cols > max_pixels:
            raise InputError(
                f"the DICOM image is {cols} x {rows} pixels, over the {max_pixels}-pixel limit"
            )
        pixels = ds.pixel_array
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pydicom raises many kinds for unsupported files
        raise InputError(
            "the DICOM file could not be read as an uncompressed image; export it as PNG "
            f"({type(exc).__name__})"
        ) from exc
    tags = sum(1 for el in ds if el.tag.group in PATIENT_GROUPS)
    arr = np.asarray(pixels, dtype=np.float64)
    if arr.ndim == 3 and arr.shape[-1] not in (3, 4):
        arr = arr[0]  # a multi-frame series: the first frame
    lo, hi = float(arr.min()), float(arr.max())
    arr8 = ((arr - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(arr)).astype(np.uint8)
    if str(getattr(ds, "PhotometricInterpretation", "")) == "MONOCHROME1":
        arr8 = 255 - arr8
    img = Image.fromarray(arr8).convert("RGB")
    return img, [f"DICOM header ({tags} patient and study tags)"]
