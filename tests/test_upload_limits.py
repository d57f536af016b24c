"""Uploads under attack (issue 12, findings 2, 6 and 7): a decompression bomb, a PDF with
active content, and uploads without bounds per case, per day, per request or per view."""

from __future__ import annotations

import functools
import hashlib
import html
import io
import os
import re
import time
from datetime import timedelta

import pikepdf
import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile
from pikepdf import Array, Dictionary, Name, String

from cases.models import CaseEvent, Document

from .factories import CaseFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture(autouse=True)
def stored_files(monkeypatch, tmp_path):
    """The files documents are stored as, in a directory of this test's own. (The field's
    storage was made when the model loaded, so conftest's STORAGES does not reach it.)"""
    root = tmp_path / "documents"
    monkeypatch.setattr(Document._meta.get_field("file"), "storage",
                        FileSystemStorage(location=str(root)))
    return lambda: [path for path in root.rglob("*") if path.is_file()]


def upload(client, case, data: bytes, name: str = "id.pdf", kind: str = "recent_bill"):
    return client.post(reverse("cases:upload", args=[case.reference]),
                       {"kind": kind, "file": SimpleUploadedFile(name, data)})


def field_error(response, field: str) -> str:
    """The error shown under a form field (includes/form_fields.html), unescaped."""
    match = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>',
                      response.content.decode(), re.S)
    assert match, f"no error at the {field} field"
    return html.unescape(match.group(1))


# --- 2. Decompression bomb ----------------------------------------------------------------


@functools.cache
def bomb_png(side: int = 10_900) -> bytes:
    """119 M pixels of one bit in about 14 KB: cheap to make, gigabytes to decode."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding pixels fails the test: a refusal must come from the header alone."""
    bomb_png(), bomb_png(7_000)  # made (and so decoded once) before the patch

    def decoded(self, *args, **kwargs):
        raise AssertionError("the image was decoded")
    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)
    monkeypatch.setattr(Image.Image, "load", decoded)


def test_a_decompression_bomb_is_refused_from_its_header_at_the_field(
        signed_in, customer, no_decoding, stored_files):
    bomb = bomb_png()
    assert len(bomb) < 64 * 1024
    case = CaseFactory(owner=customer)
    started = time.monotonic()
    response = upload(signed_in, case, bomb, "id.png", kind="id_scan")
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert field_error(response, "file") == (
        "This image has more than 40 million pixels. Save it at a smaller size, or as a "
        "PDF, and upload it again.")
    assert 'value="id_scan" selected' in response.content.decode()  # the choice is kept
    assert not Document.objects.exists() and stored_files() == []


def test_an_image_between_the_limit_and_pillows_own_check_is_refused_too(no_decoding):
    from django.core.exceptions import ValidationError

    from cases.uploads import clean_upload

    # 49 M pixels: over the portal's 40 M, under the 80 M at which Pillow itself refuses.
    with pytest.raises(ValidationError) as error:
        clean_upload(SimpleUploadedFile("id.png", bomb_png(7_000)))
    assert error.value.code == "too_many_pixels"


def test_pillow_refuses_bombs_for_every_part_of_the_portal(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS == 40_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb_png()))


def test_the_pixel_limit_applies_to_heic_photos(settings):
    import pillow_heif
    from django.core.exceptions import ValidationError

    from cases.uploads import clean_upload

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 120, 200)).save(out, format="HEIF")
    settings.MAX_IMAGE_PIXELS = 80 * 60 - 1  # the same rule, a smaller number
    with pytest.raises(ValidationError) as error:
        clean_upload(SimpleUploadedFile("photo.heic", out.getvalue()))
    assert error.value.code == "too_many_pixels"


def test_the_message_is_in_chinese_for_a_chinese_customer(client, customer, no_decoding):
    customer.language = "zh-hans"
    customer.save(update_fields=["language"])
    client.force_login(customer)
    response = upload(client, CaseFactory(owner=customer), bomb_png(), "id.png")
    assert field_error(response, "file") == (
        "此图片超过 40 百万像素。请以较小的尺寸或 PDF 格式保存后重新上传。")


# --- 6. Active PDF content ----------------------------------------------------------------

ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}


def hostile_pdf() -> bytes:
    """Every kind of active content the review found, on a page that says something."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes("Account holder: Jane Doe")))
    script = Dictionary(S=Name.JavaScript, JS=String("app.launchURL('https://evil.example')"))
    pdf.Root.OpenAction = script
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    payload = pdf.make_stream(b"MZ not a bill", Type=Name.EmbeddedFile)
    filespec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("invoice.exe"),
                                            EF=Dictionary(F=payload)))
    named_script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(2)")))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), named_script])),
        EmbeddedFiles=Dictionary(Names=Array([String("invoice.exe"), filespec])))
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(
        b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><script>app.alert(3)</script></xdp:xdp>"))
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert(4)")))
    launch = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 50, 50]),
                        A=Dictionary(S=Name.Launch, F=String("cmd.exe"),
                                     Win=Dictionary(F=String("cmd.exe"))))
    attachment = Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                            Rect=Array([60, 0, 80, 20]), FS=filespec)
    page.Annots = Array([pdf.make_indirect(launch), pdf.make_indirect(attachment)])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def direct(value) -> bool:
    """A dictionary or array written inside its parent (indirect ones are walked on their
    own: following references would go round the page tree for ever)."""
    return isinstance(value, (Dictionary, Array)) and not value.is_indirect


def active_parts(pdf: pikepdf.Pdf) -> list[str]:
    """Every active part left anywhere in the file, named."""
    found = []
    root = pdf.Root
    found += [key for key in ("/OpenAction", "/AA") if key in root]
    names = root.get("/Names", Dictionary())
    found += [f"/Names{key}" for key in ("/JavaScript", "/EmbeddedFiles") if key in names]
    if "/XFA" in root.get("/AcroForm", Dictionary()):
        found.append("/XFA")
    for obj in pdf.objects:
        pending = [obj]
        while pending:
            item = pending.pop()
            if isinstance(item, (Dictionary, pikepdf.Stream)):
                found += [key for key in ("/AA", "/JS", "/EF") if key in item]
                if str(item.get("/S", "")) in ACTIVE_ACTIONS:
                    found.append(str(item.get("/S")))
                if str(item.get("/Subtype", "")) == "/FileAttachment":
                    found.append("/FileAttachment")
                if str(item.get("/Type", "")) == "/EmbeddedFile":
                    found.append("/EmbeddedFile")
                pending += [v for v in item.values() if direct(v)]
            elif isinstance(item, Array):
                pending += [v for v in item if direct(v)]
    return sorted(set(found))


def test_the_hostile_pdf_has_every_active_part():
    assert active_parts(pikepdf.open(io.BytesIO(hostile_pdf()))) == [
        "/AA", "/EF", "/EmbeddedFile", "/FileAttachment", "/JS", "/JavaScript", "/Launch",
        "/Names/EmbeddedFiles", "/Names/JavaScript", "/OpenAction", "/XFA"]


def test_active_pdf_content_is_stripped_and_the_stored_bytes_are_recorded(signed_in, customer):
    hostile = hostile_pdf()
    case = CaseFactory(owner=customer)
    assert upload(signed_in, case, hostile, "bill.pdf").status_code == 302
    document = Document.objects.get(case=case)
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert stored != hostile
    assert (document.size, document.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert active_parts(pdf) == []
        assert b"Account holder: Jane Doe" in pdf.pages[0].Contents.read_bytes()
        link = pdf.pages[0].Annots[0]  # the link stays, without anything to launch
        assert link.Subtype == Name.Link and "/S" not in link.get("/A", Dictionary())
    for trace in (b"app.alert", b"app.launchURL", b"cmd.exe", b"invoice.exe", b"xdp:xdp"):
        assert trace not in stored


def test_a_clean_pdf_keeps_its_pages_and_text(signed_in, customer):
    case = CaseFactory(owner=customer)
    assert upload(signed_in, case, pdf_bytes("Final bill, March")).status_code == 302
    with Document.objects.get(case=case).file.open("rb") as handle, \
            pikepdf.open(io.BytesIO(handle.read())) as pdf:
        assert len(pdf.pages) == 1
        assert b"Final bill, March" in pdf.pages[0].Contents.read_bytes()


def test_a_pdf_that_needs_a_password_is_refused_with_a_message(signed_in, customer,
                                                                stored_files):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes("Locked")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    response = upload(signed_in, CaseFactory(owner=customer), out.getvalue())
    assert response.status_code == 400
    assert field_error(response, "file").startswith(
        "This PDF is protected by a password, so our agents could not open it.")
    assert not Document.objects.exists() and stored_files() == []


def test_a_pdf_with_only_an_owner_password_is_stored_unlocked(signed_in, customer):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes("Print restricted")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner"))
    case = CaseFactory(owner=customer)
    assert upload(signed_in, case, out.getvalue()).status_code == 302
    with Document.objects.get(case=case).file.open("rb") as handle, \
            pikepdf.open(io.BytesIO(handle.read())) as stored:
        assert not stored.is_encrypted
        assert b"Print restricted" in stored.pages[0].Contents.read_bytes()


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no catalogue, no pages
    b"%PDF-1.7\n" + bytes(range(256)) * 40,               # a PDF header over noise
])
def test_a_broken_pdf_is_refused_with_a_message(signed_in, customer, stored_files, data):
    response = upload(signed_in, CaseFactory(owner=customer), data)
    assert response.status_code == 400
    assert field_error(response, "file") == (
        "This PDF looks damaged or incomplete. Save or print it to PDF again and upload the "
        "new file.")
    assert not Document.objects.exists() and stored_files() == []


def test_a_message_attachment_is_cleaned_like_a_document(signed_in, customer):
    case = CaseFactory(owner=customer, state="verifying")
    response = signed_in.post(reverse("cases:message", args=[case.reference]), {
        "message": "The bill you asked for.",
        "files": [SimpleUploadedFile("bill.pdf", hostile_pdf())]})
    assert response.status_code == 302
    with Document.objects.get(case=case).file.open("rb") as handle, \
            pikepdf.open(io.BytesIO(handle.read())) as pdf:
        assert active_parts(pdf) == []


# --- 7. Bounds per case, per day, per request, per view -----------------------------------


def test_a_case_takes_at_most_20_documents(signed_in, customer, stored_files):
    case = CaseFactory(owner=customer)
    statuses = [upload(signed_in, case, pdf_bytes(f"Page {n}"), f"scan-{n}.pdf").status_code
                for n in range(20)]
    assert statuses == [302] * 20
    for n in range(20, 25):
        response = upload(signed_in, case, pdf_bytes(f"Page {n}"), f"scan-{n}.pdf")
        assert response.status_code == 400
        assert field_error(response, "file") == (
            "A case takes at most 20 files from you, and this one has 20 already. Nothing "
            "was added.")
        assert 'value="recent_bill" selected' in response.content.decode()
    assert Document.objects.filter(case=case).count() == 20
    assert len(stored_files()) == 20


def sized_pdf(text: str, size: int) -> bytes:
    """A real PDF of about ``size`` bytes (random bytes do not compress)."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(text)))
    contents = pdf.pages[0].Contents
    contents.write(contents.read_bytes() + b"\n% " + os.urandom(size // 2).hex().encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_customer_uploads_at_most_the_daily_bytes_then_again_the_next_day(
        signed_in, customer, settings, stored_files):
    first, second, third = (sized_pdf(f"Statement {n}", 800_000) for n in range(3))
    assert 2 * len(first) < 1024 * 1024 < 3 * len(first)
    settings.MAX_UPLOAD_BYTES_PER_DAY = 1024 * 1024  # two files, not three
    cases = [CaseFactory(owner=customer) for _ in range(3)]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert upload(signed_in, cases[0], first).status_code == 302
        assert upload(signed_in, cases[1], second).status_code == 302
        refused = upload(signed_in, cases[2], third)  # another case: the bound is the person's
        assert refused.status_code == 400
        assert field_error(refused, "file") == (
            "You have reached the limit of 1 MB of files a day. Nothing was added; you can "
            "upload again tomorrow.")
        assert len(stored_files()) == 2
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert upload(signed_in, cases[2], third).status_code == 400
    with time_machine.travel(start + timedelta(days=1, minutes=1), tick=False):
        assert upload(signed_in, cases[2], third).status_code == 302
    assert Document.objects.count() == 3


def test_the_daily_bound_refuses_a_message_at_its_files_and_keeps_the_text(
        signed_in, customer, settings):
    settings.MAX_UPLOAD_BYTES_PER_DAY = 100
    case = CaseFactory(owner=customer, state="verifying")
    response = signed_in.post(reverse("cases:message", args=[case.reference]), {
        "message": "Here are the two bills.",
        "files": [SimpleUploadedFile("bill.pdf", pdf_bytes("March"))]})
    assert response.status_code == 400
    assert field_error(response, "files").startswith("You have reached the limit of")
    assert "Here are the two bills." in response.content.decode()
    assert not CaseEvent.objects.filter(kind="message").exists()
    assert not Document.objects.exists()


@pytest.fixture
def spooled(monkeypatch, settings, tmp_path):
    """Every file Django would write to a temporary file or keep in memory, as it is made."""
    from django.core.files import uploadhandler

    made = []

    class Temporary(uploadhandler.TemporaryUploadedFile):
        def __init__(self, *args, **kwargs):
            made.append(args[0])
            super().__init__(*args, **kwargs)

    class InMemory(uploadhandler.InMemoryUploadedFile):
        def __init__(self, *args, **kwargs):
            made.append(kwargs.get("name"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", Temporary)
    monkeypatch.setattr(uploadhandler, "InMemoryUploadedFile", InMemory)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return made


def test_files_posted_to_the_login_page_are_never_spooled(client, spooled):
    files = [SimpleUploadedFile(f"part{n}.bin", b"\0" * (3 * 1024 * 1024)) for n in range(3)]
    response = client.post("/accounts/login/", {"login": "someone@example.com",
                                                "password": "x", "junk": files})
    assert response.status_code == 400
    assert "This page does not take files" in response.content.decode()
    assert spooled == []


def test_a_signed_out_post_to_an_upload_url_is_not_spooled(client, customer, spooled):
    case = CaseFactory(owner=customer)
    response = upload(client, case, b"\0" * (3 * 1024 * 1024))
    assert response.status_code == 400
    assert spooled == [] and not Document.objects.exists()


def test_files_past_the_request_size_are_refused_before_the_body_is_read(client):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    # 6 × 9 MB, as the review sent: only the Content-Length says so.
    response = client.generic(
        "POST", "/accounts/login/", b"--x--", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(6 * 9 * 1024 * 1024), **{"wsgi.input": Unreadable()})
    assert response.status_code == 413
    assert ("The files you sent add up to more than 50 MB, the most one form takes."
            in response.content.decode())


def test_files_past_the_request_size_are_refused_as_they_stream_in(signed_in, customer,
                                                                   settings, spooled):
    settings.MAX_UPLOAD_REQUEST_BYTES = 100_000  # the Content-Length passes: 1 MB for fields
    case = CaseFactory(owner=customer, state="verifying")
    response = signed_in.post(reverse("cases:message", args=[case.reference]), {
        "message": "Two scans.",
        "files": [SimpleUploadedFile(f"scan{n}.pdf", b"\0" * 60_000) for n in range(2)]})
    assert response.status_code == 413
    assert len(spooled) <= 1  # the first file, in memory; the second never
    assert not Document.objects.exists()


def test_more_files_than_a_message_takes_are_refused_at_the_field(signed_in, customer, spooled):
    case = CaseFactory(owner=customer, state="verifying")
    response = signed_in.post(reverse("cases:message", args=[case.reference]), {
        "message": "Six pages.",
        "files": [SimpleUploadedFile(f"p{n}.pdf", pdf_bytes(f"p{n}")) for n in range(6)]})
    assert response.status_code == 400
    assert field_error(response, "files") == "Attach at most 5 files to one message."
    assert "Six pages." in response.content.decode()
    assert len(spooled) == 5  # the sixth was skipped unread
    assert not Document.objects.exists()


def test_the_inbound_mail_webhook_still_takes_files_signed_out(client, spooled):
    # No signing key in tests: the webhook answers 404 itself, after the guard let it be.
    response = client.post("/inbound/mailgun/", {
        "attachment-1": SimpleUploadedFile("bill.pdf", pdf_bytes("March"))})
    assert response.status_code == 404
    assert spooled == ["bill.pdf"]


def test_the_request_bound_fits_the_largest_form(settings):
    from cases.forms import MAX_FILES_PER_MESSAGE
    from cases.uploads import MAX_UPLOAD_BYTES

    # A message with 5 files of 10 MB passes; the proxy's limit (deploy/caddy) is the same.
    assert settings.MAX_UPLOAD_REQUEST_BYTES == MAX_FILES_PER_MESSAGE * MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10  # the inbound webhook's attachments
