"""An agent in Chromium: signs in through allauth with a TOTP code, finds a case in the
admin's list, and goes on to the desk to start its review."""

from __future__ import annotations


import pytest
from allauth.mfa.totp.internal.auth import (TOTP, generate_totp_secret)

from .factories import AgentFactory, CaseFactory, DocumentFactory
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_signs_in_with_two_factor_and_goes_from_the_admin_to_the_desk(page):
    agent = AgentFactory(email="avery@example.com")
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    case = CaseFactory(state="submitted", phone_number="+12025550143")
    DocumentFactory(case=case)

    page.goto("/admin/")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, agent.email, totp_secret=secret)
    page.wait_for_url("**/admin/")

    page.goto("/admin/cases/case/")
    assert case.reference in page.content()
    screenshot(page, "admin-queue-1280")
    page.click(f"text={case.reference}")
    page.wait_for_selector(".case-actions a")
    assert "+1 202-555-0143" in page.content()  # agents see the full number
    screenshot(page, "admin-case-1280")
    page.click("a[href='/desk/%s/']" % case.reference)  # cases are worked in the desk
    page.wait_for_url(f"**/desk/{case.reference}/")
    page.click("form[action$='/start/'] button")
    page.wait_for_selector(".message-success")
    case.refresh_from_db()
    assert case.state == "verifying"
