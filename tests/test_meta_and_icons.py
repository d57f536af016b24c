"""What browsers and search engines read besides the page: a description of every public
page in the reader's language, the favicon at /favicon.ico, app icons and the manifest."""

from __future__ import annotations

import html as html_lib
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from content.models import ESIM_GUIDE_SLUG

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {
    "home": "/",
    "guide": "/guides/before-you-close/",
    "esim": f"/guides/{ESIM_GUIDE_SLUG}/",
    "carrier": "/carriers/t-mobile/",
    "faq": "/faq/",
    "privacy": "/privacy/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def guidance():
    call_command("load_guidance", stdout=StringIO())


def meta_description(client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert len(found) == 1, f"{path}: {len(found)} descriptions"
    return html_lib.unescape(found[0]).strip()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_public_page_describes_itself_in_the_readers_language(client, guidance,
                                                                    language):
    descriptions = {name: meta_description(client, path, language)
                    for name, path in PUBLIC_PAGES.items()}
    for name, text in descriptions.items():
        # Search engines show about 50 to 160 characters.
        assert 25 <= len(text) <= 200, (name, text)
        assert bool(CJK.search(text)) == (language == "zh-hans"), (name, text)
        assert "{%" not in text and "%(" not in text, (name, text)
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_a_guide_is_described_by_its_own_summary(client, guidance):
    from content.models import Guide

    guide = Guide.objects.get(slug="before-you-close")
    assert guide.summary and meta_description(client, guide.get_absolute_url(), "en") == \
        guide.summary


def test_the_favicon_answers_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_pages_link_icons_and_a_manifest_that_exist(client):
    page = client.get("/").content.decode()
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', page))
    assert set(links) == {"icon", "apple-touch-icon", "manifest"}
    assert re.search(r'<link rel="icon" href="/favicon.ico"', page)
    assert re.search(r'<link rel="icon" href="/static/icons/icon.svg" type="image/svg\+xml">',
                     page)
    manifest_path = Path(finders.find("icons/site.webmanifest"))
    manifest = json.loads(manifest_path.read_text())
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert (manifest_path.parent / icon["src"]).is_file(), icon
    assert finders.find("icons/apple-touch-icon.png")


def test_the_png_icons_have_the_sizes_they_claim():
    from PIL import Image

    for name, size in [("icon-192.png", 192), ("icon-512.png", 512),
                       ("icon-maskable-512.png", 512), ("apple-touch-icon.png", 180)]:
        with Image.open(finders.find(f"icons/{name}")) as image:
            assert image.size == (size, size), name
    with Image.open(finders.find("icons/apple-touch-icon.png")) as image:
        assert image.mode == "RGB"  # iOS shows transparency as black
