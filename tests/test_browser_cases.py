"""The case journey in Chromium, in both languages: open, checklist, upload, submit, follow."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Case

from .factories import DEFAULT_PASSWORD, PDF_BYTES, AgentFactory, UserFactory
from .support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = PDF_BYTES  # a real PDF: uploads are opened and rewritten


@pytest.fixture
def guidance():
    from io import StringIO

    call_command("load_guidance", stdout=StringIO())


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=" + ("Your cases" if "@en" in email else "Lineout"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_customer_opens_and_submits_a_case(page, guidance, language, tmp_path):
    customer = UserFactory(email=f"journey@{language}.example.com", language=language)
    sign_in(page, customer.email)
    tag = f"{language}-1280"

    page.goto("/cases/")
    screenshot(page, f"cases-empty-{tag}")
    page.goto("/cases/new/")
    page.check("input[name=keep_number][value=no]")
    screenshot(page, f"case-start-{tag}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cases/new/details/")
    page.fill("input[name=phone_number]", "+1 202 555 0143")
    page.select_option("select[name=line_type]", "prepaid")
    page.fill("input[name=billing_cycle_day]", "5")
    screenshot(page, f"case-form-{tag}")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cases/LX-*/")
    case = Case.objects.get(owner=customer)
    assert "•••• 0143" in page.content()

    # Tick every item (each is saved as it is made), then upload an ID and submit.
    boxes = page.locator("form[action$='/checklist/'] input[type=checkbox]")
    for checkbox in boxes.all():
        checkbox.check()
    expect(page.locator("[data-checklist-progress]")).to_have_text(
        re.compile(rf"\b{boxes.count()}\b.*\b{boxes.count()}\b"))
    pdf_path = tmp_path / "id.pdf"
    pdf_path.write_bytes(PDF)
    page.select_option("select[name=kind]", "id_scan")
    page.set_input_files("input[name=file]", str(pdf_path))
    page.click("form[action$='/documents/'] button[type=submit]")
    page.wait_for_selector("text=id.pdf")
    screenshot(page, f"case-draft-{tag}")
    page.click("form[action$='/submit/'] button[type=submit]")
    page.wait_for_selector(".badge-submitted")
    case.refresh_from_db()
    assert case.state == "submitted"
    screenshot(page, f"case-submitted-{tag}")

    # An agent asks a question; the customer sees it and answers.
    agent = AgentFactory()
    case.start_verification(by=agent)
    case.request_info(by=agent, message="Please add a recent bill.")
    page.reload()
    assert "Please add a recent bill." in page.content()
    page.fill("textarea[name=message]", "Added it just now.")
    screenshot(page, f"case-needs-info-{tag}")
    page.click("form[action$='/messages/'] button[type=submit]")
    page.wait_for_selector(".badge-verifying")
    case.refresh_from_db()
    assert case.state == "verifying"

    case.complete(by=agent)
    page.reload()
    screenshot(page, f"case-done-{tag}")
    with page.expect_download() as download:
        page.click(f"a[href$='/{case.reference}/confirmation.pdf']")
    assert download.value.suggested_filename == f"{case.reference}-confirmation.pdf"

    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, f"case-done-{language}-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

