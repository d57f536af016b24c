"""Guidance pages in Chromium: both languages, desktop and phone width, no sideways scroll."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from content.models import ESIM_GUIDE_SLUG

from .support.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "guide": "/guides/before-you-close/",
    "carrier": "/carriers/t-mobile/",
    "faq": "/faq/",
    "esim": "/esim/",
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [360, 1280])
def test_guidance_pages_render_in_both_languages_without_sideways_scrolling(
    chromium, live_server, language, width
):
    call_command("load_guidance", stdout=StringIO())
    context = chromium.new_context(base_url=live_server.url,
                                   viewport={"width": width, "height": 900},
                                   extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    try:
        for name, path in PAGES.items():
            response = page.goto(path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            screenshot(page, f"content-{name}-{language}-{width}")
        page.goto(f"/guides/{ESIM_GUIDE_SLUG}/")
        heading = page.locator("h1").inner_text()
        assert heading and (language == "en" or any("\u4e00" <= ch <= "\u9fff" for ch in heading))
    finally:
        context.close()
