"""A new agent's first day in Chromium, in both languages: the enrolment link, a password,
the authenticator app, then the desk."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from playwright.sync_api import expect

from .support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "willow-lantern-harbor-64"
HEADINGS = {"en": "Set up two-factor authentication", "zh-hans": "设置双重验证"}
BROWSER_LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
CONTINUE = {"en": "Continue to your work", "zh-hans": "继续工作"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_invited_agent_enrols_through_the_link_and_opens_the_desk(chromium, live_server,
                                                                   language):
    out = StringIO()
    call_command("invite_staff", "rowan@example.com", "--group", "Agents", "--print-link",
                 "--language", language, stdout=out)
    path = re.search(r"https?://[^/\s]+(/accounts/staff/enrol/[\w-]+/)", out.getvalue()).group(1)
    context = chromium.new_context(base_url=live_server.url, locale=BROWSER_LOCALES[language],
                                   viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language])
        screenshot(page, f"staff-invitation-{language}-1280")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.click("main form button[type=submit]")

        page.wait_for_url("**/2fa/totp/activate/")
        secret = page.locator("#authenticator_secret").input_value()
        page.fill("input[name=code]",
                  format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.click("main form button[type=submit]")
        page.wait_for_url("**/2fa/recovery-codes/**")

        # The two actions on the codes are apart, and a button leads on to the desk.
        download = page.locator("main a[href$='/recovery-codes/download/']")
        generate = page.locator("main a[href$='/recovery-codes/generate/']")
        first, second = download.bounding_box(), generate.bounding_box()
        assert first["x"] + first["width"] + 8 <= second["x"] or \
            first["y"] + first["height"] + 8 <= second["y"], (first, second)
        screenshot(page, f"staff-recovery-codes-{language}-1280")
        page.get_by_role("link", name=CONTINUE[language]).click()
        expect(page).to_have_url(re.compile(r"/desk/$"))
        page.goto(path)  # the link worked once
        expect(page.get_by_role("alert")).to_be_visible()
    finally:
        context.close()
