"""The proof anyone can check, in Chromium, in both languages: an agent completes a case at
the desk with the carrier's confirmation number; the customer downloads the closing
confirmation on a phone; someone with no account scans the PDF's QR code, opens the page it
holds and sees exactly the paper's checkable facts, at 360 and 1280 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from cases.models import Case

from .factories import AgentFactory, CarrierFactory, CaseFactory, DocumentFactory, UserFactory
from .support.axe import AXE_PATH, describe, serious_violations
from .support.browser import SCREENSHOT_DIR, screenshot, submit_login
from .test_verify import scan_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
NOT_A_CARRIER_DOCUMENT = {"en": "it is not a T-Mobile document.",
                          "zh-hans": "不是 T-Mobile 的文件。"}


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def save_pdf_page(pdf: bytes, name: str) -> None:
    """The PDF's first page beside the screenshots, as the customer sees it."""
    import pypdfium2

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    pypdfium2.PdfDocument(pdf)[0].render(scale=1.5).to_pil().save(SCREENSHOT_DIR / f"{name}.png")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_stranger_scans_the_confirmation_and_checks_it(chromium, live_server, settings,
                                                         language, tmp_path):
    settings.SITE_URL = live_server.url  # what the QR code holds
    settings.OPERATOR_NAME = "Acme Phone Help LLC"
    customer = UserFactory(email=f"ana@{language}.example.com", first_name="Ana",
                           last_name="Li", language=language)
    case = CaseFactory(owner=customer, state="submitted", phone_number="+12025550143",
                       carrier=CarrierFactory(name_en="T-Mobile", name_zh_hans="T-Mobile"))
    DocumentFactory(case=case, original_name="passport-ana.pdf")
    agent = AgentFactory(email=f"avery@{language}.example.com", language=language)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    case.start_verification(by=agent)
    takes_effect = timezone.localdate() + timedelta(days=20)  # the end of the bill cycle

    def new_page(width: int):
        context = chromium.new_context(base_url=live_server.url, locale=LOCALES[language],
                                       viewport={"width": width, "height": 900},
                                       accept_downloads=True)
        context.set_default_timeout(20_000)
        return context, context.new_page()

    # The agent completes the case at the desk with the carrier's number and date.
    desk, page = new_page(1280)
    page.goto(f"/desk/{case.reference}/complete/")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, agent.email, totp_secret=secret)
    page.wait_for_url(f"**/desk/{case.reference}/complete/")
    page.fill("input[name=carrier_confirmation_number]", "TM-40417")
    page.fill("input[name=line_closed_on]", takes_effect.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/desk/{case.reference}/")
    expect(page.locator(".badge-done")).to_be_visible()
    desk.close()
    case.refresh_from_db()
    assert (case.state, case.carrier_confirmation_number) == ("done", "TM-40417")

    # The customer downloads the confirmation on a phone.
    own, page = new_page(360)
    page.goto("/accounts/login/")
    submit_login(page, customer.email)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator(".badge-done")).to_be_visible()
    screenshot(page, f"verify-customer-done-{language}-360")
    with page.expect_download() as download:
        page.click(f"a[href$='/{case.reference}/confirmation.pdf']")
    pdf_path = tmp_path / "confirmation.pdf"
    download.value.save_as(pdf_path)
    own.close()

    # Someone with no account scans the paper's QR code and opens what it holds.
    save_pdf_page(pdf_path.read_bytes(), f"verify-confirmation-pdf-{language}")
    payloads = scan_qr(pdf_path.read_bytes())
    assert payloads == [f"{live_server.url}/verify/{case.verification_code}/"]
    with translation.override(language):
        closing_day = formats.date_format(takes_effect, "DATE_FORMAT")
    for width in (360, 1280):
        stranger, page = new_page(width)
        response = page.goto(payloads[0])
        assert response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert page.locator("html").get_attribute("lang") == language
        facts = page.locator("[data-verified-facts] dd")
        expect(facts).to_have_count(6)
        shown = {facts.nth(i).get_attribute("data-field"): facts.nth(i).inner_text()
                 for i in range(6)}
        assert shown == {"reference": case.reference, "name": "Ana Li", "phone": "•••• 0143",
                         "carrier": "T-Mobile", "closing_date": closing_day,
                         "carrier_confirmation_number": "TM-40417"}
        expect(page.locator("[data-not-a-carrier-document]")).to_contain_text(
            NOT_A_CARRIER_DOCUMENT[language])
        expect(page.locator("main")).to_contain_text("Acme Phone Help LLC")
        main = page.locator("main").inner_text()
        for private in (customer.email, "passport-ana", "+1 202", "555-0143"):
            assert private not in main
        assert no_sideways_scroll(page)
        if AXE_PATH.exists():
            assert serious_violations(page) == [], describe(serious_violations(page))
        screenshot(page, f"verify-page-{language}-{width}")
        stranger.close()

    # A mistyped code is the site's 404, not a hint.
    stranger, page = new_page(360)
    assert page.goto("/verify/ZZZZZ-22222/").status == 404
    stranger.close()
    assert Case.objects.get(pk=case.pk).state == "done"
