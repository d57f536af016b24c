"""Identity documents: type from the bytes, 10 MB limit, images re-encoded without metadata."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.uploads import MAX_UPLOAD_BYTES, clean_upload
from tests.factories import PDF_BYTES as PDF


def upload(data: bytes, name: str = "file.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_bytes(fmt: str, **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 120, 200)).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (40.0, 44.0, 54.0), 3: "W", 4: (73.0, 59.0, 9.0)}  # GPS
    return image_bytes("JPEG", exif=exif)


def test_a_pdf_is_accepted_with_the_hash_and_size_of_what_is_stored():
    clean = clean_upload(upload(PDF, "bill.pdf"))
    assert (clean.content_type, clean.extension) == ("application/pdf", "pdf")
    assert clean.content.startswith(b"%PDF-")  # rewritten by qpdf, so not byte for byte
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    assert clean.size == len(clean.content)


def test_a_jpeg_loses_its_location_and_camera_metadata():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x010F) == "PhoneMaker"
    clean = clean_upload(upload(original, "id.jpg"))
    reopened = Image.open(io.BytesIO(clean.content))
    assert clean.content_type == "image/jpeg"
    assert dict(reopened.getexif()) == {}
    assert b"PhoneMaker" not in clean.content


def test_data_hidden_after_an_image_is_dropped():
    original = image_bytes("JPEG") + b"<script>alert(1)</script>"
    clean = clean_upload(upload(original, "id.jpg"))
    assert b"<script>" not in clean.content


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret-note")
    clean = clean_upload(upload(image_bytes("PNG", pnginfo=info), "id.png"))
    assert clean.content_type == "image/png"
    assert b"secret-note" not in clean.content


def test_a_heic_photo_becomes_a_jpeg():
    import pillow_heif

    pillow_heif.register_heif_opener()
    clean = clean_upload(upload(image_bytes("HEIF"), "photo.heic"))
    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
    assert Image.open(io.BytesIO(clean.content)).size == (80, 60)


@pytest.mark.parametrize("data,name", [
    (b"MZ\x90\x00 a Windows program", "bill.pdf"),
    (b"<html><script>alert(1)</script></html>", "scan.jpg"),
    (b"GIF89a......", "id.png"),
    (b"just some text", "id.heic"),
])
def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused(data, name):
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(data, name, content_type="application/pdf"))
    assert error.value.code == "wrong_type"
    assert "PDF, JPEG, PNG and HEIC" in error.value.messages[0]


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(PDF + b"0" * MAX_UPLOAD_BYTES, "big.pdf"))
    assert error.value.code == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(b"", "empty.pdf"))
    assert error.value.code == "empty"


def test_a_broken_image_is_refused_with_a_hint():
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(b"\xff\xd8\xff\xe0 not really a jpeg", "id.jpg"))
    assert error.value.code == "damaged"


def test_the_message_is_in_the_customers_language():
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as error:
            clean_upload(upload(b"", "empty.pdf"))
        message = error.value.messages[0]
    assert message != "This file is empty."
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
