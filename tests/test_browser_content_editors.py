"""An editor in Chromium: switches the admin to Chinese from its header, sees each field
labelled with its language and a Chinese step that is missing, and opens the preview, which
is the public page with the public stylesheet."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from content.models import Guide, GuideStep

from .factories import EditorFactory
from .support.browser import screenshot, submit_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_switches_the_admin_to_chinese_and_previews_a_guide(page):
    editor = EditorFactory(email="edie@example.com")
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    guide = Guide.objects.create(slug="closing", title_en="Closing", title_zh_hans="注销",
                                 body_en="## Bills\n\nPay them.", body_zh_hans="## 账单\n\n付清。")
    GuideStep.objects.create(guide=guide, order=1, title_en="Call", title_zh_hans="致电",
                             body_en="Dial 611.", body_zh_hans="")

    page.goto("/admin/")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, editor.email, totp_secret=secret)
    page.wait_for_url("**/admin/")

    page.click("#user-tools .language-switcher button")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#user-tools .language-switcher button")).to_have_text("English")

    page.goto(f"/admin/content/guide/{guide.pk}/change/")
    expect(page.locator("label[for=id_title_en]")).to_have_text("标题 [English]:")
    expect(page.locator("label[for=id_title_zh_hans]")).to_have_text("标题 [简体中文]:")
    expect(page.locator("#id_steps-0-body_zh_hans")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "admin-guide-zh-hans-1280")

    with page.expect_popup() as popup:
        page.click(f"a[href='/admin/content/guide/{guide.pk}/preview/zh-hans/']")
    preview = popup.value
    expect(preview.locator("article.guide h1")).to_have_text("注销")
    expect(preview.locator("link[rel=stylesheet]")).to_have_attribute(
        "href", "/static/css/lineout.css")
    screenshot(preview, "admin-guide-preview-zh-hans-1280")
