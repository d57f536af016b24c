"""The browser's time zone in Chromium (emulated): offered first in the settings menu, and a
new account starts in it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.models import User

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(chromium, live_server, timezone_id: str, language: str = "en"):
    context = chromium.new_context(base_url=live_server.url, timezone_id=timezone_id,
                                   viewport={"width": 360, "height": 800},
                                   extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(15_000)
    return context, context.new_page()


def first_options(page, count: int) -> list[str]:
    return page.eval_on_selector(
        "select[name=timezone]",
        f"select => [...select.options].slice(0, {count}).map(option => option.value)")


@pytest.mark.parametrize("timezone_id, language, expected_first, group_label", [
    ("Asia/Shanghai", "zh-hans", ["Asia/Shanghai"], "根据此设备推荐"),
    # Chromium reports this zone by its old name, Asia/Calcutta: matched all the same.
    ("Asia/Kolkata", "en", ["Asia/Kolkata"], "Suggested for this device"),
    # New York first, then the other US zones on the same clock; not Chicago's.
    ("America/New_York", "en", ["America/New_York", "America/Detroit"],
     "Suggested for this device"),
])
def test_customer_finds_the_browsers_time_zone_first_in_the_menu(
        chromium, live_server, timezone_id, language, expected_first, group_label):
    customer = UserFactory(language=language, timezone="Europe/Paris")
    context, page = open_page(chromium, live_server, timezone_id, language)
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", customer.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto("/accounts/preferences/")
        first_group = page.locator("select[name=timezone] > optgroup").first
        expect(first_group).to_have_attribute("label", group_label)
        suggested = first_group.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert suggested[:len(expected_first)] == expected_first
        assert "America/Chicago" not in suggested and "Europe/Paris" not in suggested
        # The saved zone stays selected: suggesting is not choosing.
        expect(page.locator("select[name=timezone]")).to_have_value("Europe/Paris")
        assert first_options(page, 1) == expected_first[:1]
    finally:
        context.close()


def test_new_account_starts_in_the_browsers_time_zone(chromium, live_server):
    context, page = open_page(chromium, live_server, "Asia/Kolkata")
    try:
        page.goto("/accounts/signup/")
        page.fill("input[name=email]", "zone@example.com")
        page.fill("input[name=password1]", "amber-forest-kettle-9")
        page.fill("input[name=password2]", "amber-forest-kettle-9")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/accounts/confirm-email/")
    finally:
        context.close()
    assert User.objects.get(email="zone@example.com").timezone == "Asia/Kolkata"
