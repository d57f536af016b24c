"""Account journeys in Chromium: sign up, confirm by email, sign in, switch language, TOTP."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model

from .factories import DEFAULT_PASSWORD, UserFactory
from .support.browser import screenshot
from .support.smtp import body_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "gentle-orchard-bridge-58"
HOME = re.compile(r"^http://[^/]+/$")


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def test_customer_signs_up_confirms_signs_in_and_switches_to_chinese(page, smtp_server):
    page.goto("/")
    screenshot(page, "home-en-1280")
    page.click("text=Create account")
    page.fill("input[name=email]", "willow@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    screenshot(page, "signup-en-1280")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.locator("h1").inner_text() == "Check your email"

    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == "willow@example.com"
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", body_text(message)).group(0)

    page.goto(link)
    page.click("main form button[type=submit]")  # confirming is a POST, never a GET
    page.wait_for_url("**/accounts/login/")

    sign_in(page, "willow@example.com", PASSWORD)
    page.wait_for_url(HOME)
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.click("button[lang=zh-Hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.get_by_role("button", name="退出登录").is_visible()
    screenshot(page, "home-zh-hans-1280")
    assert get_user_model().objects.get(email="willow@example.com").language == "zh-hans"

    page.goto("/accounts/preferences/")
    assert page.locator("h1").inner_text() == "设置"


def test_chinese_browser_gets_chinese_pages_before_signing_in(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN",
                                   extra_http_headers={"Accept-Language": "zh-hans"})
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        assert "登录" in page.locator("h1").inner_text()
        screenshot(page, "login-zh-hans-1280")
        page.set_viewport_size({"width": 360, "height": 780})
        screenshot(page, "login-zh-hans-360")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def current_code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def test_customer_turns_on_totp_and_signs_in_with_a_code(page, settings):
    # One period of tolerance, so the sign-in can use the next code instead of waiting for it
    # (allauth refuses a code that was already used once).
    settings.MFA_TOTP_TOLERANCE = 1
    user = UserFactory(email="cedar@example.com")
    sign_in(page, user.email, DEFAULT_PASSWORD)
    page.wait_for_url(HOME)

    page.goto("/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again first
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("main form button[type=submit]")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.fill("input[name=code]", current_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/2fa/recovery-codes/**")
    assert page.locator("#recovery_codes").input_value().strip()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(HOME)

    sign_in(page, user.email, DEFAULT_PASSWORD)
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", "000000" if current_code(secret, 1) != "000000" else "111111")
    page.click("main form button[type=submit]")
    assert "Incorrect code" in page.content()
    page.fill("input[name=code]", current_code(secret, 1))
    page.click("main form button[type=submit]")
    page.wait_for_url(HOME)
    assert page.get_by_role("button", name="Sign out").is_visible()
