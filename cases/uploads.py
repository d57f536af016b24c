"""Checking and cleaning an identity document before it is stored.

The type is read from the file's bytes, never from its name or the browser's claim.
Images are decoded and re-encoded, so whatever rides along (location and camera
metadata, trailing data, a script disguised as a picture) is dropped. HEIC photos become
JPEG, which every agent's browser can preview.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Decoding a hostile image can cost a lot of memory: refuse absurd dimensions up front.
MAX_IMAGE_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


@dataclass(frozen=True)
class CleanDocument:
    content: bytes
    content_type: str
    extension: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(head: bytes) -> str | None:
    """The document type the first bytes show: 'pdf', 'jpeg', 'png', 'heic' or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "heic"
    return None


def clean_upload(upload: UploadedFile) -> CleanDocument:
    """Check size and type, re-encode images; raise ValidationError with a clear message."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB. The limit is 10 MB; try a smaller scan or a photo."),
            code="too_large", params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("This file is larger than 10 MB."), code="too_large")
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError(
            _("We accept PDF, JPEG, PNG and HEIC files. This file is none of these."),
            code="wrong_type",
        )
    if kind == "pdf":
        return _clean_pdf(data)
    return _reencode_image(data, kind)


def _clean_pdf(data: bytes) -> CleanDocument:
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("This PDF looks damaged or incomplete."), code="damaged")
    return CleanDocument(data, "application/pdf", "pdf", hashlib.sha256(data).hexdigest())


def _reencode_image(data: bytes, kind: str) -> CleanDocument:
    if kind == "heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the picture upright, then drop EXIF
            out = io.BytesIO()
            if kind == "png":
                clean = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                clean.save(out, format="PNG", optimize=True)
                content_type, extension = "image/png", "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=90)
                content_type, extension = "image/jpeg", "jpg"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("We could not read this image. Try taking the photo again or saving it as PDF."),
            code="damaged",
        ) from None
    content = out.getvalue()
    return CleanDocument(content, content_type, extension, hashlib.sha256(content).hexdigest())


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: once a file passes the limit, the rest of it is
    skipped as it streams in (never written to disk or memory) and the request is marked,
    so the view can say why instead of seeing a missing file."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
