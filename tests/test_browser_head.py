"""The site's frame in Chromium: a one-row header on a phone in both languages, the links
behind its menu, and public pages that load without a console error or a failed request
(no /favicon.ico 404, every icon and the manifest found)."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from playwright.sync_api import expect

from .factories import AgentFactory, UserFactory
from .support.axe import AXE_PATH, describe, serious_violations
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One row: the row's padding (2 x .75rem) and a 36 px control, plus the border.
ONE_ROW_MAX_HEIGHT = 64


def open_context(chromium, live_server, language: str, width: int):
    context = chromium.new_context(base_url=live_server.url,
                                   viewport={"width": width, "height": 800},
                                   extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(15_000)
    return context


def header_fits_one_row(page, width: int) -> None:
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= ONE_ROW_MAX_HEIGHT, f"header is {height} px high at {width} px"
    # Every control of the row sits on the same line, and nothing pokes out sideways.
    middles = page.evaluate("""[...document.querySelectorAll(
        '.header-row > .brand, .site-menu > summary, .site-menu-links a, .site-menu-links button,'
        + ' .language-switcher button')]
        .map(el => el.getBoundingClientRect())
        // Links in the open menu's panel lie below the header: not part of the row.
        .filter(box => box.height > 0 && box.bottom <= document.querySelector(
            '.site-header').getBoundingClientRect().bottom)
        .map(box => Math.round(box.top + box.height / 2))""")
    assert len(middles) >= 3 and max(middles) - min(middles) <= 4, middles
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_visitor_sees_a_one_row_header_on_a_phone_and_finds_the_links_in_its_menu(
        chromium, live_server, language):
    context = open_context(chromium, live_server, language, 360)
    page = context.new_page()
    try:
        page.goto("/")
        header_fits_one_row(page, 360)
        sign_in = page.locator(".site-menu a[href='/accounts/login/']")
        expect(sign_in).to_be_hidden()
        screenshot(page, f"header-visitor-{language}-360")
        page.locator(".site-menu > summary").click()
        expect(sign_in).to_be_visible()
        expect(page.locator(".site-menu a[href='/accounts/signup/']")).to_be_visible()
        screenshot(page, f"header-visitor-menu-open-{language}-360")
        if AXE_PATH.exists():  # tests/test_accessibility.py says when axe is missing
            violations = serious_violations(page)
            assert not violations, describe(violations)
        # The open menu lies over the page instead of pushing the header taller.
        header_fits_one_row(page, 360)
        page.keyboard.press("Escape")
        expect(sign_in).to_be_hidden()
        expect(page.locator(".site-menu > summary")).to_be_focused()
        sign_in_name = "Sign in" if language == "en" else "登录"
        page.locator(".site-menu > summary").click()
        page.locator(".site-header").get_by_role("link", name=sign_in_name, exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_signed_in_customer_and_agent_get_a_one_row_header_on_a_phone(
        chromium, live_server, language):
    customer = UserFactory(language=language)
    agent = AgentFactory(language=language)
    secret = generate_totp_secret()
    TOTP.activate(agent, secret)
    for who, user in [("customer", customer), ("agent", agent)]:
        context = open_context(chromium, live_server, language, 360)
        page = context.new_page()
        try:
            page.goto("/accounts/login/")
            # The login form's button is in the page, not the header's menu.
            submit_login(page, user.email, totp_secret=secret if who == "agent" else None)
            page.wait_for_url(lambda url: "/accounts/login/" not in url and "/2fa/" not in url)
            page.goto("/cases/" if who == "customer" else "/desk/")
            header_fits_one_row(page, 360)
            screenshot(page, f"header-{who}-{language}-360")
            page.locator(".site-menu > summary").click()
            sign_out = page.locator(".site-menu button", has_text="Sign out" if language == "en"
                                    else "退出")
            expect(sign_out).to_be_visible()
            screenshot(page, f"header-{who}-menu-open-{language}-360")
        finally:
            context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_desktop_header_shows_its_links_inline_without_a_menu(chromium, live_server, language):
    context = open_context(chromium, live_server, language, 1280)
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator(".site-menu > summary")).to_be_hidden()
        expect(page.locator(".site-menu a[href='/accounts/login/']")).to_be_visible()
        expect(page.locator(".site-menu a[href='/accounts/signup/']")).to_be_visible()
        header_fits_one_row(page, 1280)
        screenshot(page, f"header-visitor-{language}-1280")
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_load_without_console_errors_or_failed_requests(chromium, live_server,
                                                                     width):
    call_command("load_guidance", stdout=StringIO())
    context = open_context(chromium, live_server, "en", width)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type in {"error", "warning"}
            and problems.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda response: response.status >= 400
            and problems.append(f"{response.status}: {response.url}"))
    try:
        for path in ["/", "/guides/before-you-close/", "/accounts/login/"]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            # The browser fetches the icons and the manifest only when it needs them: ask.
            for href in page.eval_on_selector_all(
                    "link[rel~=icon], link[rel=apple-touch-icon], link[rel=manifest]",
                    "links => links.map(link => link.href)"):
                response = page.request.get(href)
                assert response.status == 200, href
        manifest = page.request.get(page.get_attribute("link[rel=manifest]", "href")).json()
        for icon in manifest["icons"]:
            assert page.request.get(
                page.evaluate("src => new URL(src, document.querySelector("
                              "'link[rel=manifest]').href).href", icon["src"])).status == 200
        assert page.request.get("/favicon.ico").status == 200
    finally:
        context.close()
    assert not problems, "\n".join(problems)
