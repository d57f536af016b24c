"""Guidance content: both languages, sanitized Markdown, placeholders, caching, admin roles."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from content import markdown
from content.models import FAQ, Carrier, EmailCopy, Guide, GuideStep, fill_placeholders

from .factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    carrier = Carrier.objects.create(name_en="T-Mobile", name_zh_hans="T-Mobile", slug="t-mobile")
    guide = Guide.objects.create(
        slug="before-you-close", published=True, order=1,
        title_en="Before you close", title_zh_hans="注销前的准备",
        summary_en="Settle bills first.", summary_zh_hans="先结清账单。",
        body_en="## Bills\n\nPay **everything**.", body_zh_hans="## 账单\n\n结清**所有**费用。",
    )
    GuideStep.objects.create(guide=guide, order=1, title_en="Pay the bill", title_zh_hans="付清账单")
    Guide.objects.create(slug="carrier-guide", carrier=carrier, published=True,
                         title_en="Closing with T-Mobile", title_zh_hans="在 T-Mobile 注销")
    FAQ.objects.create(question_en="How long?", question_zh_hans="需要多久？",
                       answer_en="1–3 business days.", answer_zh_hans="1–3 个工作日。")
    return guide


def staff_in(group_name: str):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=group_name))
    TOTP.activate(user, generate_totp_secret())
    return user


# --- Languages -------------------------------------------------------------------------

def test_a_blank_chinese_field_falls_back_to_english():
    guide = Guide.objects.create(slug="g", title_en="Only English", title_zh_hans="")
    with translation.override("zh-hans"):
        assert guide.title == "Only English"


def test_accept_language_chinese_renders_the_guide_in_chinese(client, guide):
    page = client.get(guide.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "注销前的准备" in page
    assert "结清<strong>所有</strong>费用" in page
    assert '<html lang="zh-hans">' in page


def test_the_switcher_renders_the_guide_in_chinese(client, guide):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "注销前的准备" in client.get(guide.get_absolute_url()).content.decode()


def test_guide_pages_link_their_other_language(client, guide):
    page = client.get(guide.get_absolute_url()).content.decode()
    assert 'hreflang="zh-Hans"' in page and "?lang=zh-hans" in page
    assert "注销前的准备" in client.get(guide.get_absolute_url() + "?lang=zh-hans").content.decode()


def test_an_unknown_language_is_ignored_not_an_error(client, guide):
    assert client.get("/?lang=fr").status_code == 200
    assert client.post(reverse("set_language"), {"language": "xx-yy", "next": "/"}).status_code == 302


# --- Public pages -----------------------------------------------------------------------

def test_home_lists_general_guides_carriers_and_questions(client, guide):
    page = client.get("/").content.decode()
    assert "Before you close" in page
    assert "T-Mobile" in page
    assert "How long?" in page
    assert "Closing with T-Mobile" not in page  # carrier guides live on the carrier page


def test_carrier_page_lists_its_guides(client, guide):
    page = client.get(reverse("content:carrier", args=["t-mobile"])).content.decode()
    assert "Closing with T-Mobile" in page


def test_faq_page_lists_published_questions(client, guide):
    FAQ.objects.create(question_en="Hidden?", answer_en="x", published=False)
    page = client.get(reverse("content:faq")).content.decode()
    assert "How long?" in page and "Hidden?" not in page


def test_an_unpublished_guide_answers_404(client, guide):
    Guide.objects.filter(pk=guide.pk).update(published=False)
    caches["default"].clear()
    assert client.get(guide.get_absolute_url()).status_code == 404


def test_public_pages_need_no_sign_in(client, guide):
    for url in ["/", guide.get_absolute_url(), reverse("content:faq"),
                reverse("content:carrier", args=["t-mobile"])]:
        assert client.get(url).status_code == 200, url


# --- Sanitizing -------------------------------------------------------------------------

@pytest.mark.parametrize("dangerous,marker", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<p style="background:url(x)" onclick="x()">hi</p>', "onclick"),
    ("<iframe src=https://evil.example></iframe>", "<iframe"),
])
def test_markdown_is_sanitized(dangerous, marker):
    html = markdown.render(f"Text\n\n{dangerous}")
    assert marker not in html.lower()


def test_safe_markdown_survives_sanitizing():
    html = markdown.render("## Step\n\n- one\n- [two](https://example.com)\n\n**bold**")
    assert "<h2>Step</h2>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com"' in html
    assert "<strong>bold</strong>" in html


def test_a_guide_with_a_script_never_reaches_the_page(client):
    guide = Guide.objects.create(slug="x", published=True, title_en="X",
                                 body_en='Hi <script>steal()</script><img src=x onerror="steal()">')
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "steal()" not in page


# --- Email copy placeholders ------------------------------------------------------------

def email_copy(**fields) -> EmailCopy:
    values = {"key": EmailCopy.Key.CASE_SUBMITTED, "subject_en": "Case {reference}",
              "body_en": "Hello {first_name}", **fields}
    return EmailCopy(**values)


def test_email_copy_accepts_known_placeholders():
    email_copy(body_en="Hello {first_name}, case {reference} is {state}.").full_clean()


@pytest.mark.parametrize("body", ["Your {password}", "{reference.__class__}", "{0}",
                                  "{reference[0]}", "Unclosed {reference"])
def test_email_copy_refuses_unknown_or_unsafe_placeholders(body):
    with pytest.raises(ValidationError) as error:
        email_copy(body_en=body).full_clean()
    assert "body_en" in error.value.message_dict


def test_email_copy_checks_the_chinese_text_too():
    with pytest.raises(ValidationError) as error:
        email_copy(body_zh_hans="您的 {pin}").full_clean()
    assert "body_zh_hans" in error.value.message_dict


def test_email_copy_cannot_be_empty_in_english():
    with pytest.raises(ValidationError) as error:
        email_copy(body_en="  ").full_clean()
    assert "body_en" in error.value.message_dict


def test_filling_placeholders_never_evaluates_anything():
    assert fill_placeholders("{reference} {reference.__class__}", {"reference": "LX-1"}) == "LX-1 "


# --- Caching ----------------------------------------------------------------------------

def test_a_cached_guide_page_needs_no_database_query(client, guide, django_assert_num_queries):
    if not caches["default"].__class__.__name__.startswith("Redis"):
        pytest.skip("on the embedded default the cache itself is the database")
    client.get(guide.get_absolute_url())  # fills the cache
    with django_assert_num_queries(0):
        assert client.get(guide.get_absolute_url()).status_code == 200


def content_queries(client, url: str) -> list[str]:
    """The page's queries, leaving out the cache's own (on the embedded default the cache
    is a database table, elsewhere Redis)."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in context.captured_queries
            if "lineout_cache" not in q["sql"] and "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize("url_name", ["home", "faq", "guide", "carrier"])
def test_public_pages_cost_a_constant_handful_of_queries(client, guide, url_name):
    urls = {"home": "/", "faq": reverse("content:faq"), "guide": guide.get_absolute_url(),
            "carrier": reverse("content:carrier", args=["t-mobile"])}
    caches["default"].clear()
    small = content_queries(client, urls[url_name])
    assert len(small) <= 6, small
    for n in range(30):  # more content, same cost
        g = Guide.objects.create(slug=f"more-{n}", published=True, title_en=f"More {n}")
        GuideStep.objects.create(guide=g, title_en="Step")
        FAQ.objects.create(question_en=f"Q{n}", answer_en="A")
    large = content_queries(client, urls[url_name])  # the edits cleared the cache
    assert len(large) == len(small), large


def test_an_admin_edit_shows_on_the_next_request_in_both_languages(client, guide):
    assert "Before you close" in client.get(guide.get_absolute_url()).content.decode()
    assert "注销前的准备" in client.get(guide.get_absolute_url() + "?lang=zh-hans").content.decode()

    client.force_login(staff_in("Editors"))
    url = reverse("admin:content_guide_change", args=[guide.pk])
    step = guide.steps.get()
    response = client.post(url, {
        "title_en": "Before you cancel", "title_zh_hans": "取消之前",
        "slug": guide.slug, "summary_en": "", "summary_zh_hans": "",
        "body_en": "New body", "body_zh_hans": "新的正文", "carrier": "", "order": 1,
        "published": "on",
        "steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 1, "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000, "steps-0-id": step.pk, "steps-0-guide": guide.pk,
        "steps-0-order": 1, "steps-0-title_en": "Pay the bill", "steps-0-title_zh_hans": "付清账单",
        "steps-0-body_en": "", "steps-0-body_zh_hans": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    english = client.get(guide.get_absolute_url()).content.decode()
    chinese = client.get(guide.get_absolute_url() + "?lang=zh-hans").content.decode()
    assert "Before you cancel" in english and "New body" in english
    assert "取消之前" in chinese and "新的正文" in chinese


# --- Who may edit -----------------------------------------------------------------------

def test_editor_can_edit_content(client, guide):
    client.force_login(staff_in("Editors"))
    assert client.get(reverse("admin:content_guide_change", args=[guide.pk])).status_code == 200
    assert client.get(reverse("admin:content_emailcopy_add")).status_code == 200


def test_agent_cannot_edit_content(client, guide):
    client.force_login(staff_in("Agents"))
    assert client.get(reverse("admin:content_guide_change", args=[guide.pk])).status_code == 403
    assert client.get(reverse("admin:content_guide_changelist")).status_code == 403


def test_admin_shows_what_still_lacks_chinese(client, guide):
    Guide.objects.create(slug="half", title_en="Half done", body_en="English only")
    client.force_login(staff_in("Editors"))
    page = client.get(reverse("admin:content_guide_changelist")).content.decode()
    assert "Missing" in page and "body" in page


def test_admin_preview_shows_the_sanitized_guide_in_both_languages(client, guide):
    Guide.objects.filter(pk=guide.pk).update(body_en="Safe <script>x()</script> text")
    client.force_login(staff_in("Editors"))
    english = client.get(reverse("admin:content_guide_preview", args=[guide.pk, "en"]))
    chinese = client.get(reverse("admin:content_guide_preview", args=[guide.pk, "zh-hans"]))
    assert "Safe" in english.content.decode()
    assert "结清<strong>所有</strong>费用" in chinese.content.decode()
    assert "<script>x()" not in english.content.decode()


def test_email_copy_admin_refuses_an_unknown_placeholder(client):
    client.force_login(staff_in("Editors"))
    response = client.post(reverse("admin:content_emailcopy_add"), {
        "key": "case_done", "subject_en": "Done", "subject_zh_hans": "",
        "body_en": "Your {password} please", "body_zh_hans": "",
    })
    assert response.status_code == 200
    assert "Unknown placeholder: {password}" in response.content.decode()
    assert not EmailCopy.objects.exists()
