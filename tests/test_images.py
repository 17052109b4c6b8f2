"""Images with a note: metadata never survives, limits are clear errors, DICOM headers are dropped, and the
image reaches an OpenAI-compatible server as an image content part; the model's reading is labelled."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image, PngImagePlugin

from cdss.errors import InputError
from cdss.generate.openai_compat import OpenAIBackend
from cdss.generate.prompts import PromptSet
from cdss.generate.types import GenerationRequest, Source
from cdss.images import prepare_image
from tests.generate.fake_openai import FakeOpenAI

pytestmark = pytest.mark.unit


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Patient: Rosalind Okafor, MRN 00482913")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (64, 48), (10, 200, 10))
    exif = Image.Exif()
    exif[0x013B] = "Rosalind Okafor"  # Artist
    exif[0x010E] = "MRN 00482913"  # ImageDescription
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def dicom_file() -> bytes:
    import numpy as np
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("x.dcm", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = "OKAFOR^ROSALIND", "00482913", "19430202"
    ds.StudyDate, ds.InstitutionName = "20250314", "St Anselm Hospital"
    ds.Modality, ds.Rows, ds.Columns = "OT", 32, 48
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (np.arange(32 * 48, dtype=np.uint16) % 4096).reshape(32, 48).tobytes()
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def test_png_text_chunks_and_jpeg_exif_are_stripped() -> None:
    for raw, kind, what in (
        (png_with_text(), "png", "PNG text"),
        (jpeg_with_exif(), "jpeg", "EXIF"),
    ):
        assert b"Okafor" in raw
        img = prepare_image(raw)
        assert img.source_format == kind and what in img.removed
        assert b"Okafor" not in img.png and b"00482913" not in img.png
        with Image.open(io.BytesIO(img.png)) as back:
            assert back.format == "PNG" and not back.getexif() and "Comment" not in back.info


def test_dicom_pixels_kept_and_header_dropped() -> None:
    raw = dicom_file()
    img = prepare_image(raw)
    assert img.source_format == "dicom" and (img.width, img.height) == (48, 32)
    assert any("DICOM header" in r for r in img.removed)
    assert b"OKAFOR" not in img.png and b"00482913" not in img.png and b"Anselm" not in img.png


def test_limits_and_wrong_files_are_clear_errors() -> None:
    with pytest.raises(InputError, match="PNG, a JPEG or a DICOM"):
        prepare_image(b"%PDF-1.7 not an image")
    with pytest.raises(InputError, match="image.max_bytes"):
        prepare_image(png_with_text(), max_bytes=100)
    with pytest.raises(InputError, match="image.max_pixels"):
        prepare_image(png_with_text(), max_pixels=100)
    with pytest.raises(InputError, match="could not be decoded"):
        prepare_image(png_with_text()[:60])
    big = io.BytesIO()
    Image.new("RGB", (3000, 1500)).save(big, format="PNG")
    scaled = prepare_image(big.getvalue(), max_side=1024)
    assert (scaled.width, scaled.height) == (1024, 512)


def test_the_image_reaches_the_server_as_a_content_part_without_metadata() -> None:
    image = prepare_image(jpeg_with_exif())
    reply = json.dumps(
        {"insufficient_evidence": True, "answer": [], "image_reading": "A uniformly green square."}
    )
    req = GenerationRequest(
        "What does the image show?",
        "[PERSON_1] has a rash.",
        [
            Source(
                id="S1",
                chunk_id="c",
                doc_id="d",
                title="Skin",
                section="Rash",
                page=None,
                text="Cellulitis is treated with flucloxacillin.",
                score=1.0,
            )
        ],
        image=image,
    )
    with FakeOpenAI([reply]) as srv:
        draft = OpenAIBackend(srv.base_url, "google/medgemma-4b-it", PromptSet.load("v2")).generate(
            req
        )
    user = srv.requests[0]["messages"][1]["content"]
    assert (
        isinstance(user, list)
        and user[0]["type"] == "text"
        and "AN IMAGE IS ATTACHED" in user[0]["text"]
    )
    url = user[1]["image_url"]["url"]
    assert user[1]["type"] == "image_url" and url.startswith("data:image/png;base64,")
    sent = base64.b64decode(url.split(",", 1)[1])
    assert sent == image.png and b"Okafor" not in sent
    schema = srv.requests[0]["response_format"]["json_schema"]["schema"]
    assert all("image_reading" in b["properties"] for b in schema["anyOf"])
    assert draft.image_reading == "A uniformly green square."
