"""Ticks are never lost, in Chromium (issue 13): each tick is saved as it is made and the
counter moves; an upload (sent with a progress bar) and a reload keep every tick. Both
languages, a phone's 360 px and a desktop's 1280 px; and the same without JavaScript."""

from __future__ import annotations

import io
import os
import re
import time
from io import StringIO

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cases.models import Case
from content.models import Carrier

from .factories import PDF_BYTES, CaseFactory, UserFactory
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
CHECKBOXES = "form[data-checklist] input[type=checkbox]"


@pytest.fixture
def tmobile_draft():
    """A customer's draft with T-Mobile's full checklist (8 items, one of them optional)."""
    def make(language: str) -> Case:
        call_command("load_guidance", stdout=StringIO())
        customer = UserFactory(email=f"ticks-{language}@example.com", language=language)
        return CaseFactory(owner=customer, carrier=Carrier.objects.get(slug="t-mobile"))
    return make


@pytest.fixture
def open_case(chromium, live_server):
    """Sign the case's owner in, in a browser of the given width, and open the case."""
    contexts = []

    def open_(case: Case, *, width: int, script: bool = True):
        context = chromium.new_context(
            base_url=live_server.url, locale=LOCALES[case.owner.language],
            viewport={"width": width, "height": 900}, java_script_enabled=script)
        contexts.append(context)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"/accounts/login/?next={case.get_absolute_url()}")
        submit_login(page, case.owner.email)
        page.wait_for_url(f"**{case.get_absolute_url()}")
        return context, page

    yield open_
    for context in contexts:
        context.close()


def progress_text(language: str, done: int, total: int) -> str:
    with translation.override(language):
        return gettext("%(done)s of %(total)s done") % {"done": done, "total": total}


def upload_id(page, tmp_path, content: bytes = PDF_BYTES) -> None:
    pdf = tmp_path / "id.pdf"
    pdf.write_bytes(content)
    page.select_option("select[name=kind]", "id_scan")
    page.set_input_files("input[name=file]", str(pdf))
    page.click("form[action$='/documents/'] button[type=submit]")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_ticks_are_saved_as_made_and_survive_an_upload_and_a_reload(
        open_case, tmobile_draft, tmp_path, language, width):
    case = tmobile_draft(language)
    context, page = open_case(case, width=width)
    counter = page.locator("[data-checklist-progress]")
    boxes = page.locator(CHECKBOXES)
    total = boxes.count()
    assert total == 8
    expect(page.locator("[data-checklist-save]")).to_be_hidden()  # nothing left to save
    expect(counter).to_have_text(progress_text(language, 0, total))

    for done, box in enumerate(boxes.all(), start=1):
        box.check()
        expect(counter).to_have_text(progress_text(language, done, total))
    expect(page.locator("[data-checklist-meter]")).to_have_attribute("value", str(total))
    expect(page.locator("[data-submit-todo] li[data-checklist-item]:visible")).to_have_count(0)
    screenshot(page, f"checklist-ticked-{language}-{width}")

    upload_id(page, tmp_path)
    expect(page.locator("main .documents")).to_contain_text("id.pdf")
    expect(counter).to_have_text(progress_text(language, total, total))
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(total)
    expect(page.locator("[data-submit-ready]")).to_be_visible()  # ticked and uploaded
    screenshot(page, f"checklist-after-upload-{language}-{width}")

    page.reload()
    expect(counter).to_have_text(progress_text(language, total, total))
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(total)
    screenshot(page, f"checklist-after-reload-{language}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    case.refresh_from_db()
    assert all(case.checklist_answers.values()) and len(case.checklist_answers) == total


def test_unticking_is_saved_too_and_shows_what_is_left(open_case, tmobile_draft):
    case = tmobile_draft("en")
    context, page = open_case(case, width=1280)
    first = page.locator(CHECKBOXES).first
    first.check()
    expect(page.locator("[data-checklist-progress]")).to_have_text("1 of 8 done")
    first.uncheck()
    expect(page.locator("[data-checklist-progress]")).to_have_text("0 of 8 done")
    key = first.get_attribute("name")
    expect(page.locator(f"li[data-checklist-item='{key}']")).to_be_visible()
    page.reload()
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(0)


def large_pdf(megabytes: float) -> bytes:
    """A valid PDF of about ``megabytes`` (an unused stream of random bytes inside)."""
    pdf = pikepdf.open(io.BytesIO(PDF_BYTES))
    pdf.Root.Padding = pdf.make_stream(os.urandom(int(megabytes * 1024 * 1024)))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_slow_upload_shows_its_progress(open_case, tmobile_draft, tmp_path):
    case = tmobile_draft("en")
    context, page = open_case(case, width=360)
    # A phone connection: about 1 MB every 2 seconds up.
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 50, "downloadThroughput": 4 * 1024 * 1024,
        "uploadThroughput": 512 * 1024})

    upload_id(page, tmp_path, large_pdf(1.5))
    bar = page.locator("form[action$='/documents/'] [data-progress]")
    expect(bar).to_be_visible()
    expect(bar.locator("[data-progress-text]")).to_have_text(
        re.compile(r"^([1-9]\d?)%$"))  # moving, not yet done
    screenshot(page, "upload-progress-en-360")
    expect(page.locator("main .documents")).to_contain_text("id.pdf", timeout=60_000)
    expect(page.locator(".message-success")).to_be_visible()
    assert case.documents.count() == 1


def test_without_javascript_the_button_saves_the_ticks_and_an_upload_keeps_them(
        open_case, tmobile_draft, tmp_path):
    case = tmobile_draft("zh-hans")
    context, page = open_case(case, width=360, script=False)
    boxes = page.locator(CHECKBOXES)
    for box in boxes.all():
        box.check()
    page.click("form[data-checklist] [data-checklist-save]")
    page.wait_for_selector("text=核对清单已保存。")
    upload_id(page, tmp_path)
    page.wait_for_selector("text=id.pdf")
    expect(page.locator("[data-checklist-progress]")).to_have_text(
        progress_text("zh-hans", 8, 8))
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(8)
    screenshot(page, "checklist-no-script-zh-hans-360")


def test_a_refused_upload_shows_its_error_at_the_field_and_keeps_the_ticks(
        open_case, tmobile_draft, tmp_path):
    case = tmobile_draft("en")
    context, page = open_case(case, width=360)
    first = page.locator(CHECKBOXES).first
    first.check()
    expect(page.locator("[data-checklist-progress]")).to_have_text("1 of 8 done")

    upload_id(page, tmp_path, b"MZ this is not a PDF")
    error = page.locator("form[action$='/documents/'] .field-invalid .error")
    expect(error).to_contain_text("PDF, JPEG, PNG and HEIC")
    expect(page.locator("input[name=file]")).to_be_focused()
    expect(page.locator("[data-checklist-progress]")).to_have_text("1 of 8 done")
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(1)
    # The page still works after its main part was replaced: a tick is saved again.
    page.locator(CHECKBOXES).nth(1).check()
    expect(page.locator("[data-checklist-progress]")).to_have_text("2 of 8 done")
    screenshot(page, "upload-refused-en-360")
    assert case.documents.count() == 0


def test_ticks_still_on_their_way_arrive_before_the_upload(open_case, tmobile_draft, tmp_path,
                                                          monkeypatch):
    case = tmobile_draft("en")
    context, page = open_case(case, width=1280)
    # A slow server: each tick takes a moment to save, and the upload that follows at once
    # must wait for them, or the page it leads to would show them unticked.
    from cases import services

    save = services.update_checklist

    def slow_save(**kwargs):
        time.sleep(0.5)
        save(**kwargs)

    monkeypatch.setattr(services, "update_checklist", slow_save)
    for box in page.locator(CHECKBOXES).all():
        box.check()
    upload_id(page, tmp_path)
    expect(page.locator("main .documents")).to_contain_text("id.pdf")
    expect(page.locator(f"{CHECKBOXES}:checked")).to_have_count(8)
    expect(page.locator("[data-checklist-progress]")).to_have_text("8 of 8 done")
    case.refresh_from_db()
    assert sum(case.checklist_answers.values()) == 8
