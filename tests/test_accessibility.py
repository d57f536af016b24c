"""WCAG 2.2 AA in Chromium with axe-core: no serious or critical violations on the main
pages, in both languages, at phone and desktop width (screenshots saved for review)."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import call_command

from cases.workflow import State

from .factories import DEFAULT_PASSWORD, CarrierFactory, CaseFactory, DocumentFactory, UserFactory
from .support.axe import AXE_PATH, describe, serious_violations
from .support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _axe_installed():
    if not AXE_PATH.exists():
        message = f"axe-core is not installed ({AXE_PATH}); run `make test` with npm available"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def open_context(chromium, live_server, language: str, width: int):
    return chromium.new_context(base_url=live_server.url,
                                viewport={"width": width, "height": 900},
                                extra_http_headers={"Accept-Language": language})


def check(page, name: str) -> None:
    violations = serious_violations(page)
    screenshot(page, f"a11y-{name}")
    assert not violations, f"{name}: {describe(violations)}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [360, 1280])
def test_public_and_account_pages_have_no_serious_violations(chromium, live_server,
                                                             language, width):
    call_command("load_guidance", stdout=StringIO())
    context = open_context(chromium, live_server, language, width)
    page = context.new_page()
    try:
        for name, path in [("home", "/"), ("guide", "/guides/before-you-close/"),
                           ("faq", "/faq/"), ("privacy", "/privacy/"),
                           ("signup", "/accounts/signup/"),
                           ("login", "/accounts/login/")]:
            page.goto(path)
            check(page, f"{name}-{language}-{width}")
        # A form with errors, too: the messages must be announced and labelled.
        page.goto("/accounts/login/")
        page.fill("input[name=login]", "nobody@example.com")
        page.fill("input[name=password]", "wrong-password-1")
        page.click("main form button[type=submit]")
        check(page, f"login-error-{language}-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [360, 1280])
def test_case_pages_in_every_state_have_no_serious_violations(chromium, live_server,
                                                              language, width):
    call_command("load_guidance", stdout=StringIO())
    customer = UserFactory(language=language)
    carrier = CarrierFactory()
    cases = {state: CaseFactory(owner=customer, carrier=carrier, state=state)
             for state in State.values}
    DocumentFactory(case=cases[State.DRAFT])
    context = open_context(chromium, live_server, language, width)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", customer.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        page.goto("/cases/")
        check(page, f"case-list-{language}-{width}")
        for state, case in cases.items():
            page.goto(case.get_absolute_url())
            check(page, f"case-{state}-{language}-{width}")
        page.goto("/cases/new/")
        check(page, f"case-start-{language}-{width}")
        page.goto("/cases/new/details/")
        check(page, f"case-form-{language}-{width}")
        page.goto("/accounts/preferences/")
        check(page, f"settings-{language}-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [360, 1280])
def test_desk_pages_have_no_serious_violations(chromium, live_server, language, width):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from .factories import AgentFactory

    agent = AgentFactory(language=language)
    TOTP.activate(agent, generate_totp_secret())
    carrier = CarrierFactory()
    waiting = CaseFactory(carrier=carrier, state=State.VERIFYING, assigned_agent=agent)
    waiting.add_message(by=waiting.owner, text="Is anything missing?")
    waiting.add_message(by=agent, text="Checked with the carrier.", internal=True)
    DocumentFactory(case=waiting)
    CaseFactory(carrier=carrier, state=State.SUBMITTED)
    context = open_context(chromium, live_server, language, width)
    # Two-factor sign-in is tested elsewhere (test_browser_desk.py): here, a session.
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(agent)
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    try:
        for name, path in [("queue", "/desk/"), ("queue-closed", "/desk/?view=closed"),
                           ("search", "/desk/?q=LX-2"), ("case", f"/desk/{waiting.reference}/"),
                           ("complete", f"/desk/{waiting.reference}/complete/")]:
            page.goto(path)
            assert page.url.endswith(path), page.url  # the desk itself, not a sign-in page
            check(page, f"desk-{name}-{language}-{width}")
    finally:
        context.close()
