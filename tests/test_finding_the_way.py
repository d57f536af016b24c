"""Where a signed-in customer looks for "Close a line", tappable carrier numbers, and the
name asked at sign-up (issue 13, "What people lose or cannot find")."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from content import markdown
from content.models import ChecklistItem
from portal.models import OutboundEmail, User

from .factories import CarrierFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

START = reverse("cases:start")


@pytest.fixture
def guidance():
    call_command("load_guidance", stdout=StringIO())


def start_links(page: str) -> list[str]:
    return re.findall(rf'<a class="button" href="{re.escape(START)}">([^<]+)</a>', page)


# --- "Close a line" where a customer looks for it ----------------------------------------


@pytest.mark.parametrize(("language", "label"), [("en", "Close a line"), ("zh-hans", "注销号码")])
def test_signed_in_home_page_offers_to_close_a_line(client, guidance, language, label):
    client.force_login(UserFactory(language=language))
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert start_links(page) == [label]
    assert f'href="{reverse("cases:list")}"' in page


@pytest.mark.parametrize("path", ["/carriers/t-mobile/", "/guides/closing-with-t-mobile/"])
def test_the_tmobile_pages_offer_to_close_a_line(client, guidance, path):
    client.force_login(UserFactory())
    page = client.get(path).content.decode()
    assert start_links(page) == ["Close a line"]


def test_signed_out_the_link_asks_to_sign_in_first(client, guidance):
    page = client.get("/carriers/t-mobile/").content.decode()
    assert start_links(page) == ["Close a line"]
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_porting_guide_does_not_offer_to_close_the_line(client, guidance):
    client.force_login(UserFactory())
    assert start_links(client.get("/guides/keep-your-number/").content.decode()) == []


# --- Tappable carrier numbers -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/carriers/t-mobile/", "/guides/closing-with-t-mobile/"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_tmobile_numbers_are_tel_links(client, guidance, path, language):
    page = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(r'<a href="tel:611"[^>]*>611</a>', page)
    assert re.search(r'<a href="tel:\+18009378997"[^>]*>1-800-937-8997</a>', page)
    # Never a number left plain in the text beside them.
    plain = re.sub(r"<a [^>]*>.*?</a>", "", page)
    assert "1-800-937-8997" not in plain


@pytest.mark.parametrize(("text", "href"), [
    ("Dial **611** now.", "tel:611"),
    ("Call 1-800-937-8997.", "tel:+18009378997"),
    ("Call (800) 937-8997 today", "tel:+18009378997"),
    ("Call +1 800 937 8997", "tel:+18009378997"),
    ("拨打611或其他号码。", "tel:611"),
])
def test_guide_text_turns_phone_numbers_into_tel_links(text, href):
    assert f'href="{href}"' in markdown.render(text)


@pytest.mark.parametrize("text", [
    "A fee of $611 applies.", "Version 611.5", "Order 26110", "Room 611-B", "`611`",
    "Go to https://example.com/611", "See 12/611", "On 2026-12-01 at 10:11",
])
def test_other_numbers_stay_plain_text(text):
    assert "tel:" not in markdown.render(text)


def test_a_number_already_in_a_link_is_not_linked_twice():
    html = markdown.render("[Call 611](tel:611)")
    assert html.count("<a ") == 1


def test_the_support_phone_field_links_each_number_and_escapes_the_rest():
    html = markdown.phone_links("611 or 1-800-937-8997 <b>")
    assert html == ('<a href="tel:611">611</a> or '
                    '<a href="tel:+18009378997">1-800-937-8997</a> &lt;b&gt;')


# --- Optional checklist items: the flag says so, never the label ------------------------


def test_no_shipped_checklist_label_marks_itself_optional(guidance):
    for item in ChecklistItem.objects.all():
        for label in (item.label_en, item.label_zh_hans):
            assert "optional" not in label.lower() and "可选" not in label, item.key


def test_load_guidance_drops_the_old_optional_from_an_unedited_label(guidance):
    ChecklistItem.objects.filter(key="device_unlock_requested").update(
        label_en="I have asked for my phone to be unlocked (optional).",
        label_zh_hans="我已申请手机解锁（可选）。")
    call_command("load_guidance", stdout=StringIO())
    item = ChecklistItem.objects.get(key="device_unlock_requested")
    assert (item.label_en, item.label_zh_hans) == ("I have asked for my phone to be unlocked.",
                                                   "我已申请手机解锁。")


# --- A name at sign-up, used in emails ----------------------------------------------------


def sign_up(client, email: str, **extra):
    password = "amber-forest-kettle-9"
    return client.post(reverse("account_signup"), {
        "email": email, "password1": password, "password2": password, **extra})


def test_sign_up_asks_for_a_name_first_and_optionally(client):
    page = client.get(reverse("account_signup")).content.decode()
    names = re.findall(r'<input[^>]*name="(\w+)"', page)
    fields = [name for name in names if name in {"first_name", "email", "password1"}]
    assert fields == ["first_name", "email", "password1"]
    field = re.search(r'<input[^>]*name="first_name"[^>]*>', page).group(0)
    assert "required" not in field and 'autocomplete="name"' in field
    assert "Your name (optional)" in page


def test_sign_up_in_chinese_asks_for_the_name_in_chinese(client):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "您的姓名（选填）" in page


def test_the_name_given_at_sign_up_is_kept_and_greets_in_emails(client):
    sign_up(client, "jane@example.com", first_name="  Jane   Doe ")
    user = User.objects.get(email="jane@example.com")
    assert user.first_name == "Jane Doe"

    case = CaseFactory(owner=user, carrier=CarrierFactory(), ready_to_submit=True)
    case.submit(by=user)
    body = OutboundEmail.objects.latest("pk").body_text  # the submitted case's email
    assert body.startswith("Hello Jane Doe,")


def test_sign_up_without_a_name_still_works(client):
    sign_up(client, "noname@example.com")
    assert User.objects.get(email="noname@example.com").first_name == ""


def test_a_name_too_long_is_refused_and_nobody_is_signed_up(client):
    response = sign_up(client, "long@example.com", first_name="x" * 151)
    assert response.status_code == 200
    assert not User.objects.filter(email="long@example.com").exists()


def test_customer_can_change_their_name_in_settings(client):
    user = UserFactory(first_name="")
    client.force_login(user)
    page = client.get(reverse("preferences")).content.decode()
    assert re.search(r'<label for="id_first_name">Your name <span class="optional">', page)
    client.post(reverse("preferences"), {
        "first_name": "Ming", "language": "en", "timezone": "America/New_York",
        "receives_follow_up_reminders": "on", "receives_final_bill_reminders": "on"})
    user.refresh_from_db()
    assert user.first_name == "Ming"
