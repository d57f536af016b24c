"""An agent in Chromium works a case from the desk's queue to done with the keyboard:
j/k through the queue, Enter to open, Tab and Enter through the moves, in both languages,
with screenshots at 1280 and 360 px and no sideways scrolling."""

from __future__ import annotations


import pytest
from allauth.mfa.totp.internal.auth import (TOTP, generate_totp_secret)
from playwright.sync_api import expect

from cases.models import Case

from .factories import AgentFactory, CaseFactory, DocumentFactory
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 60


def tab_to(page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def sign_in(page, agent, secret) -> None:
    page.goto("/desk/")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, agent.email, totp_secret=secret)
    page.wait_for_url("**/desk/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_agent_works_a_case_from_the_queue_to_done_with_the_keyboard(page, language):
    agent = AgentFactory(email="avery@example.com", language=language)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    first = CaseFactory(state="submitted", phone_number="+12025550143")
    second = CaseFactory(state="submitted", phone_number="+12025550199",
                         owner__email="a.very.long.customer.address@example-mail.com")
    Case.objects.filter(pk=second.pk).update(waiting_since=first.waiting_since.replace(
        year=first.waiting_since.year - 1))  # the second has waited longest: listed first
    DocumentFactory(case=second)

    sign_in(page, agent, secret)
    links = page.locator("[data-queue] [data-row-link]")
    expect(links).to_have_count(2)
    expect(links.first).to_have_text(second.reference)
    assert no_sideways_scroll(page)
    screenshot(page, f"desk-queue-1280-{language}")

    page.locator("body").press("j")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/{second.reference}/")
    expect(page.locator("text=+1 202-555-0199")).to_be_visible()  # the whole number
    assert no_sideways_scroll(page)

    tab_to(page, "form[action$='/start/'] button")
    page.keyboard.press("Enter")
    expect(page.locator(".message-success")).to_be_visible()
    screenshot(page, f"desk-case-1280-{language}")

    tab_to(page, "a[href$='/complete/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/{second.reference}/complete/")
    tab_to(page, "input[name=carrier_confirmation_number]")
    page.keyboard.type("TM-40417")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/{second.reference}/")
    expect(page.locator(".badge-done")).to_be_visible()
    second.refresh_from_db()
    assert (second.state, second.carrier_confirmation_number) == ("done", "TM-40417")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/desk/")
    expect(links).to_have_count(1)  # the done case has left "waiting on us"
    assert no_sideways_scroll(page)
    screenshot(page, f"desk-queue-360-{language}")
    page.goto(f"/desk/{second.reference}/")
    assert no_sideways_scroll(page)
    screenshot(page, f"desk-case-360-{language}")
