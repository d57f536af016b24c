"""An agent in Chromium: signs in through allauth with a TOTP code, works the queue,
starts a review and completes the case from the admin's buttons."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import (TOTP, format_hotp_value, generate_totp_secret,
                                            hotp_value)

from .factories import DEFAULT_PASSWORD, AgentFactory, CaseFactory, DocumentFactory
from .support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_signs_in_with_two_factor_and_completes_a_case(page):
    agent = AgentFactory(email="avery@example.com")
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    case = CaseFactory(state="submitted", phone_number="+12025550143")
    DocumentFactory(case=case)

    page.goto("/admin/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=login]", agent.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/admin/cases/case/")
    assert case.reference in page.content()
    screenshot(page, "admin-queue-1280")
    page.click(f"text={case.reference}")
    page.wait_for_selector("form.case-action--start_verification")
    assert "+1 202-555-0143" in page.content()  # agents see the full number
    page.click("form.case-action--start_verification button")
    page.wait_for_selector(".messagelist")
    screenshot(page, "admin-case-1280")
    page.click("form.case-action--complete button")
    page.wait_for_selector(".messagelist")
    case.refresh_from_db()
    assert case.state == "done"
