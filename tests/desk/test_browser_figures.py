"""The desk's figures in Chromium at 1280 px, in both languages: reached from the header,
the numbers in tables, the chart drawn (and hidden from screen readers), no sideways
scrolling, no serious axe violation; a screenshot of each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from tests.factories import AgentFactory, CarrierFactory, CaseFactory
from tests.support.axe import AXE_PATH, describe, serious_violations
from tests.support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = {"en": ("Figures", "All carriers", "3.0 days"),
         "zh-hans": ("统计", "全部运营商", "3.0 天")}


def world() -> None:
    now = timezone.now()
    for name, days in [("T-Mobile", (1, 3, 10)), ("Verizon Wireless", (2, 4))]:
        carrier = CarrierFactory(name=name)
        for took in days:
            case = CaseFactory(carrier=carrier, state="done")
            Case.objects.filter(pk=case.pk).update(submitted_at=now - timedelta(days=took + 1),
                                                   closed_at=now - timedelta(days=1))
        CaseFactory(carrier=carrier, state="submitted")
        CaseFactory(carrier=carrier, state="needs_info")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_agent_reads_the_figures_from_the_header_in_both_languages(page, language):
    title, overall, t_mobile_median = NAMES[language]
    agent = AgentFactory(email="avery@example.com", language=language)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    world()

    page.goto("/desk/")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, agent.email, totp_secret=secret)
    page.wait_for_url("**/desk/")
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_url("**/desk/figures/")

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("svg.bar-chart")).to_have_attribute("aria-hidden", "true")
    expect(page.locator("svg.bar-chart rect.chart-median")).to_have_count(3 + 1)  # + legend
    month = page.locator("table.figures").nth(1)
    expect(month.get_by_role("row", name=overall)).to_be_visible()
    expect(month.get_by_role("row").filter(has_text="T-Mobile")).to_contain_text(t_mobile_median)
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if AXE_PATH.exists():
        violations = serious_violations(page)
        assert not violations, describe(violations)
    screenshot(page, f"desk-figures-1280-{language}")
