"""Checking and cleaning an identity document before it is stored.

The type is read from the file's bytes, never from its name or the browser's claim.
Images are decoded and re-encoded, so whatever rides along (location and camera
metadata, trailing data, a script disguised as a picture) is dropped; an image with more
pixels than settings.MAX_IMAGE_PIXELS is refused from its header, before decoding. HEIC
photos become JPEG, which every agent's browser can preview. PDFs are rewritten by qpdf
(pikepdf) without what could run or hide in an agent's viewer: JavaScript, actions that
launch, submit or open other files, embedded files, XFA forms. What is stored, and its
sha256, is the cleaned file.

The bounds on a request (size, count, which views take files) are in upload_guard.py.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

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


# Actions that run a script, start a program, send the form's data away or open another
# file: emptied wherever they sit (a link, a page, a form field, the next of another action).
_ACTIVE_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition",
    "/Sound", "/Movie", "/RichMediaExecute", "/GoTo3DView",
})
# Annotations that carry a file or play media: removed from their page.
_ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound",
                                 "/3D"})
_DAMAGED_PDF = _("This PDF looks damaged or incomplete. Save or print it to PDF again and "
                 "upload the new file.")


def _clean_pdf(data: bytes) -> CleanDocument:
    """The PDF rewritten without its active parts; only objects still referenced are
    written, so a removed script, attachment or anything after the end is not kept either.
    Streams are copied as they are, never decompressed (a small file can inflate to
    gigabytes)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                raise ValidationError(_DAMAGED_PDF, code="damaged")
            _strip_active_content(pdf)
            out = io.BytesIO()
            # deterministic_id: the same upload twice gives the same bytes (and sha256).
            pdf.save(out, encryption=False, deterministic_id=True,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none)
    except pikepdf.PasswordError:
        raise ValidationError(
            _("This PDF is protected by a password, so our agents could not open it. Save "
              "it without a password (or print it to a new PDF) and upload that."),
            code="encrypted") from None
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, RecursionError):
        raise ValidationError(_DAMAGED_PDF, code="damaged") from None
    content = out.getvalue()
    return CleanDocument(content, "application/pdf", "pdf", hashlib.sha256(content).hexdigest())


def _strip_active_content(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    for key in ("/OpenAction", "/AA", "/NeedsRendering"):
        _delete(root, key)
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        _delete(names, "/JavaScript")  # document-level scripts
        _delete(names, "/EmbeddedFiles")
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary):
        _delete(acroform, "/XFA")
    # Then every object, wherever it hangs: each indirect object once, with the dictionaries
    # and arrays written inside it (the indirect ones it refers to come up on their own).
    for obj in pdf.objects:
        pending = [obj]
        while pending:
            item = pending.pop()
            if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                _clean_dictionary(item)
                children = item.values()
            elif isinstance(item, pikepdf.Array):
                children = list(item)
            else:
                continue
            pending.extend(child for child in children
                           if isinstance(child, (pikepdf.Dictionary, pikepdf.Array))
                           and not child.is_indirect)


# Triggers, scripts, embedded files, XFA forms: taken out of whatever dictionary holds them.
_ACTIVE_KEYS = frozenset({"/AA", "/JS", "/EF", "/RF", "/XFA"})


def _clean_dictionary(item: pikepdf.Dictionary | pikepdf.Stream) -> None:
    keys = item.keys()
    if "/S" in keys and _name(item, "/S") in _ACTIVE_ACTIONS:
        for key in keys:  # an empty action does nothing in any viewer
            del item[key]
        return
    for key in _ACTIVE_KEYS.intersection(keys):
        del item[key]
    if "/Annots" not in keys:
        return
    annotations = item.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [annotation for annotation in annotations
                if not (isinstance(annotation, pikepdf.Dictionary)
                        and _name(annotation, "/Subtype") in _ACTIVE_ANNOTATIONS)]
        if len(kept) != len(annotations):
            item.Annots = pikepdf.Array(kept)


def _name(item, key: str) -> str | None:
    value = item.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else None


def _delete(item, key: str) -> None:
    if key in item:
        del item[key]


def _reencode_image(data: bytes, kind: str) -> CleanDocument:
    if kind == "heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    too_many_pixels = ValidationError(
        _("This image has more than %(limit)s million pixels. Save it at a smaller size, or "
          "as a PDF, and upload it again."),
        code="too_many_pixels", params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000})
    try:
        # open() reads only the header: the size is checked before anything is decoded.
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                raise too_many_pixels
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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None  # Pillow's own check, at open (see CasesConfig)
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _("We could not read this image. Try taking the photo again or saving it as PDF."),
            code="damaged",
        ) from None
    content = out.getvalue()
    return CleanDocument(content, content_type, extension, hashlib.sha256(content).hexdigest())

