"""Account emails and pages speak Lineout's words, not allauth's stock ones, in both
languages; each page's title and heading say what its button does."""

from __future__ import annotations

import re

import lxml.html
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "amber-canyon-whistle-77"
NEW_PASSWORD = "velvet-orchard-signal-31"
# allauth's stock wording, in English and in its Chinese catalogue.
STOCK_PHRASES = ["Hello from", "is an email address for user", "Thank you for using",
                 "You're receiving this", "You are receiving this", "的 Hello", "感谢您使用",
                 "您收到此电子邮件是因为", "Sign Up", "Signup"]
SIGN_OFF = {"en": "The Lineout team", "zh-hans": "Lineout 团队"}
ACCEPT = {"en": "en-US,en;q=0.9", "zh-hans": "zh-CN,zh;q=0.9"}

# Every account email Lineout sends (allauth's prefixes), with the context allauth gives it.
EMAILS = {
    "account/email/email_confirmation_signup": {"activate_url": "http://x/c/", "key": "k"},
    "account/email/email_confirmation": {"activate_url": "http://x/c/", "key": "k"},
    "account/email/password_reset_key": {"password_reset_url": "http://x/r/"},
    "account/email/unknown_account": {"signup_url": "http://x/s/"},
    "account/email/account_already_exists": {"password_reset_url": "http://x/r/",
                                             "signup_url": "http://x/s/"},
    "account/email/email_changed": {"from_email": "a@example.com", "to_email": "b@example.com"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "a@example.com"},
    "account/email/password_changed": {},
    "account/email/password_set": {},
    "account/email/password_reset": {},
}
NOTIFICATION = {"ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": "2026-12-07 09:00"}


def assert_lineout_words(text: str, language: str) -> None:
    found = [phrase for phrase in STOCK_PHRASES if phrase in text]
    assert not found, (found, text)
    assert SIGN_OFF[language] in text, text


def sent_to(address: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=[address]).order_by("pk"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("prefix", EMAILS)
def test_every_account_email_is_in_lineouts_words(language, prefix):
    user = UserFactory(language=language, email="casey@example.com")
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:18400")
    request.user = user
    with translation.override(language), allauth_context.request_context(request):
        get_adapter(request).send_mail(prefix, user.email,
                                       {"user": user, **NOTIFICATION, **EMAILS[prefix]})
    [email] = sent_to(user.email)
    assert_lineout_words(email.subject + "\n" + email.body_text, language)
    if language == "zh-hans":
        assert "Hello" not in email.body_text and "您好" in email.body_text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sign_up_and_reset_emails_through_the_real_flow(language, deliver_outbox):
    visitor = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    visitor.post(reverse("account_signup"), {"email": "new@example.com",
                                             "password1": PASSWORD, "password2": PASSWORD})
    owner = UserFactory(language=language, email="owner@example.com")
    Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language]).post(
        reverse("account_signup"), {"email": owner.email, "password1": PASSWORD,
                                    "password2": PASSWORD})
    reset = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    reset.post(reverse("account_reset_password"), {"email": owner.email})
    reset.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/",
                     sent_to(owner.email)[-1].body_text).group(0)
    form_page = reset.get(link, follow=True)
    reset.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
               {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {"account/email/email_confirmation_signup", "account/email/account_already_exists",
            "account/email/password_reset_key", "account/email/unknown_account",
            "account/email/password_reset"} <= kinds
    for email in OutboundEmail.objects.all():
        assert_lineout_words(email.subject + "\n" + email.body_text, language)
        html = email.body_html
        assert not [phrase for phrase in STOCK_PHRASES if phrase in html]


# --- Pages: title, heading and button say the same ------------------------------------


def words_of(page: str) -> tuple[str, str, list[str]]:
    tree = lxml.html.fromstring(page)
    title = tree.findtext(".//title").split(" · ")[0].strip()
    heading = " ".join(tree.xpath("string(//main//h1)").split())
    buttons = [" ".join(b.text_content().split())
               for b in tree.xpath("//main//form//button[@type='submit']")]
    return title, heading, buttons


def pages(language: str) -> dict[str, tuple[str, bool]]:
    """Each account page's HTML, and whether it has a main button (the first in a form)."""
    client = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    found = {
        "signup": (client.get(reverse("account_signup")).content.decode(), True),
        "password_reset": (client.get(reverse("account_reset_password")).content.decode(),
                           True),
        "password_reset_done": (client.get(reverse("account_reset_password_done"))
                                .content.decode(), False),
        "reset_from_key_done": (client.get(reverse("account_reset_password_from_key_done"))
                                .content.decode(), False),
    }
    # A sign-up in progress: "check your email", then the link's confirmation page.
    client.post(reverse("account_signup"), {"email": f"{language}@example.com",
                                            "password1": PASSWORD, "password2": PASSWORD})
    found["verification_sent"] = (client.get(reverse("account_email_verification_sent"))
                                  .content.decode(), False)
    email = OutboundEmail.objects.filter(to=[f"{language}@example.com"]).latest("pk")
    confirm = re.search(r"/accounts/confirm-email/\S+/", email.body_text).group(0)
    found["email_confirm"] = (client.get(confirm).content.decode(), True)
    # A reset link: the page to choose the new password.
    user = UserFactory(email=f"reset-{language}@example.com", language=language)
    client.post(reverse("account_reset_password"), {"email": user.email})
    email = OutboundEmail.objects.filter(to=[user.email]).latest("pk")
    key_link = re.search(r"/accounts/password/reset/key/\S+/", email.body_text).group(0)
    found["reset_from_key"] = (client.get(key_link, follow=True).content.decode(), True)
    signed_in = Client(HTTP_ACCEPT_LANGUAGE=ACCEPT[language])
    signed_in.force_login(UserFactory(language=language))
    found["password_change"] = (signed_in.get(reverse("account_change_password"))
                                .content.decode(), True)
    found["logout"] = (signed_in.get(reverse("account_logout")).content.decode(), True)
    return found


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_account_pages_title_and_heading_match_its_button(language):
    found = pages(language)
    for name, (page, has_button) in found.items():
        title, heading, buttons = words_of(page)
        assert title and title == heading, (name, title, heading)
        if has_button:
            assert buttons and buttons[0] == heading, (name, heading, buttons)
        assert not [phrase for phrase in STOCK_PHRASES if phrase in page], name
    if language == "zh-hans":
        assert words_of(found["signup"][0])[1] == "注册账户"


def test_the_sign_up_page_says_what_the_headers_link_says():
    page = Client().get(reverse("account_signup")).content.decode()
    title, heading, buttons = words_of(page)
    assert title == heading == buttons[0] == "Create account"
    assert 'href="/accounts/signup/">Create account</a>' in page


def test_confirming_a_sign_up_names_the_address_not_a_user(client, deliver_outbox):
    client.post(reverse("account_signup"), {"email": "willow@example.com",
                                            "password1": PASSWORD, "password2": PASSWORD})
    email = OutboundEmail.objects.get(to=["willow@example.com"])
    confirm = re.search(r"/accounts/confirm-email/\S+/", email.body_text).group(0)
    page = client.get(confirm).content.decode()
    assert "<strong>willow@example.com</strong>" in page
    assert "for user" not in page
    assert not EmailAddress.objects.get(email="willow@example.com").verified  # a GET confirms nothing
