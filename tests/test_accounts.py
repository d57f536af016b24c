"""Accounts (django-allauth as Lineout configures it): sign-in, verification, password reset,
rate limits, CSRF, no enumeration, sign-out by POST only, and the account's language."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib import auth
from django.test import Client
from django.urls import reverse

from portal.models import OutboundEmail, User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "amber-canyon-whistle-77"
OTHER_PASSWORD = "velvet-orchard-signal-31"

LOGIN_URL = reverse("account_login")
SIGNUP_URL = reverse("account_signup")
LOGOUT_URL = reverse("account_logout")
RESET_URL = reverse("account_reset_password")
VERIFICATION_SENT_URL = reverse("account_email_verification_sent")
SET_LANGUAGE_URL = reverse("set_language")

# allauth's own messages, in English and in its zh_Hans catalogue.
WRONG_PASSWORD_EN = "The email address and/or password you specified are not correct."
WRONG_PASSWORD_ZH = "您提供的电子邮件地址和/或密码不正确。"
TOO_MANY_ATTEMPTS_EN = "Too many failed login attempts. Try again later."
CONFIRMATION_LINK_INVALID = "This email confirmation link expired or is invalid."
RESET_LINK_INVALID = "The password reset link was invalid"
SIGN_OUT_QUESTION_EN = "Are you sure you want to sign out?"
SIGN_OUT_QUESTION_ZH = "您确定要登出吗？"
# Lineout's own words for the account emails (templates/account/email/).
CONFIRM_SUBJECT_ZH = "确认您的邮箱地址"
CONFIRM_BODY_ZH = "请确认您的邮箱地址，以完成"


def is_signed_in(client: Client) -> bool:
    return auth.get_user(client).is_authenticated


def sign_in(client: Client, email: str, password: str = DEFAULT_PASSWORD, **headers):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **headers)


def sign_up(client: Client, email: str, password: str = NEW_PASSWORD, **headers):
    return client.post(
        SIGNUP_URL, {"email": email, "password1": password, "password2": password}, **headers
    )


def link_in(message, path_prefix: str) -> str:
    """The first link in an email's text body whose path starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S*)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def emails_to(sent, address: str) -> list:
    return [message for message in sent if message.to == [address]]


def confirmation_key_for(email: str, client: Client, deliver_outbox) -> str:
    """Sign up ``email`` and return the key from its verification link."""
    sign_up(client, email)
    (message,) = emails_to(deliver_outbox(), email)
    return link_in(message, "/accounts/confirm-email/").rstrip("/").rsplit("/", 1)[-1]


# --- Wrong password ---------------------------------------------------------------------


def test_customer_cannot_sign_in_with_a_wrong_password(client, customer):
    response = sign_in(client, customer.email, "not-the-password-at-all")

    assert response.status_code == 200
    assert WRONG_PASSWORD_EN in response.content.decode()
    assert not is_signed_in(client)


def test_wrong_password_error_is_shown_in_chinese_to_a_chinese_browser(client, customer):
    response = sign_in(
        client, customer.email, "not-the-password-at-all", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    assert WRONG_PASSWORD_ZH in response.content.decode()
    assert WRONG_PASSWORD_EN not in response.content.decode()
    assert not is_signed_in(client)


def test_customer_can_sign_in_with_the_right_password(client, customer):
    response = sign_in(client, customer.email)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert auth.get_user(client) == customer


# --- Unverified accounts ----------------------------------------------------------------


def test_unverified_customer_is_not_signed_in_but_sent_to_verify(client):
    user = UserFactory(verified=False)

    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert response.url == VERIFICATION_SENT_URL
    assert not is_signed_in(client)


def test_unverified_customer_signing_in_gets_a_fresh_verification_email(client, deliver_outbox):
    user = UserFactory(verified=False)

    sign_in(client, user.email)

    row = OutboundEmail.objects.get(recipient=user)
    assert row.kind == "account/email/email_confirmation"
    assert row.to == [user.email]
    assert row.status == OutboundEmail.Status.PENDING
    (message,) = deliver_outbox()
    assert link_in(message, "/accounts/confirm-email/")


# --- Password reset ---------------------------------------------------------------------


def test_password_reset_link_cannot_be_used_twice(client, customer, deliver_outbox):
    client.post(RESET_URL, {"email": customer.email})
    (message,) = deliver_outbox()
    reset_link = link_in(message, "/accounts/password/reset/key/")

    set_password_page = client.get(reset_link)
    assert set_password_page.status_code == 302
    changed = client.post(
        set_password_page.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert changed.url == reverse("account_reset_password_from_key_done")

    reused = client.get(reset_link, follow=True)
    assert reused.status_code == 200
    assert reused.context["token_fail"] is True
    assert RESET_LINK_INVALID in reused.content.decode()

    client.post(reset_link, {"password1": OTHER_PASSWORD, "password2": OTHER_PASSWORD})
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert not customer.check_password(OTHER_PASSWORD)


# --- Email verification -----------------------------------------------------------------


def test_tampered_verification_link_shows_it_is_invalid(client, deliver_outbox):
    key = confirmation_key_for("new@example.com", client, deliver_outbox)
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    url = reverse("account_confirm_email", args=[tampered])

    page = client.get(url)
    confirm = client.post(url)

    assert page.status_code == 200
    assert CONFIRMATION_LINK_INVALID in page.content.decode()
    assert confirm.status_code == 404
    assert not EmailAddress.objects.get(email="new@example.com").verified


def test_opening_a_verification_link_does_not_verify_the_email(client, deliver_outbox):
    key = confirmation_key_for("new@example.com", client, deliver_outbox)

    page = client.get(reverse("account_confirm_email", args=[key]))

    assert page.status_code == 200
    assert page.context["can_confirm"]
    assert not EmailAddress.objects.get(email="new@example.com").verified


def test_customer_verifies_their_email_by_confirming_the_link(client, deliver_outbox):
    key = confirmation_key_for("new@example.com", client, deliver_outbox)

    response = client.post(reverse("account_confirm_email", args=[key]))

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified


# --- Rate limits ------------------------------------------------------------------------


def test_customer_cannot_sign_in_after_five_wrong_passwords_even_with_the_right_one(
    client, customer
):
    # login_failed "5/5m/key": allauth refuses on the form, without checking the password.
    for _attempt in range(5):
        assert WRONG_PASSWORD_EN in sign_in(client, customer.email, "wrong-guess").content.decode()

    response = sign_in(client, customer.email)

    assert response.status_code == 200
    assert TOO_MANY_ATTEMPTS_EN in response.content.decode()
    assert not is_signed_in(client)


def test_rotating_x_forwarded_for_does_not_reset_the_failed_sign_in_limit(client, customer):
    # login_failed "10/m/ip": ten wrong guesses on ten other accounts, each from a "new" address.
    for attempt in range(10):
        sign_in(client, f"guess{attempt}@example.com", "wrong-guess",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}")

    response = sign_in(client, customer.email, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 200
    assert TOO_MANY_ATTEMPTS_EN in response.content.decode()
    assert not is_signed_in(client)


def test_sign_in_page_answers_429_after_thirty_attempts_whatever_x_forwarded_for_says(
    client, customer
):
    # login "30/m/ip": past it the view itself refuses with allauth's 429 page.
    for attempt in range(30):
        sign_in(client, f"guess{attempt}@example.com", "wrong-guess",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}")

    response = sign_in(client, customer.email, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429
    assert not is_signed_in(client)


# --- CSRF -------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_sign_in_without_a_csrf_token_is_refused(csrf_client, customer):
    response = sign_in(csrf_client, customer.email)

    assert response.status_code == 403
    assert not is_signed_in(csrf_client)


def test_sign_up_without_a_csrf_token_is_refused(csrf_client):
    response = sign_up(csrf_client, "new@example.com")

    assert response.status_code == 403
    assert not User.objects.filter(email="new@example.com").exists()
    assert not OutboundEmail.objects.exists()


def test_sign_out_without_a_csrf_token_is_refused(csrf_client, customer):
    csrf_client.force_login(customer)

    response = csrf_client.post(LOGOUT_URL)

    assert response.status_code == 403
    assert is_signed_in(csrf_client)


def test_language_switch_without_a_csrf_token_is_refused(csrf_client, customer):
    csrf_client.force_login(customer)

    response = csrf_client.post(SET_LANGUAGE_URL, {"language": "zh-hans", "next": "/"})

    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.language == "en"
    assert "django_language" not in response.cookies


# --- No account enumeration -------------------------------------------------------------


def test_sign_up_with_a_taken_email_looks_the_same_as_with_a_new_one(customer):
    taken = sign_up(Client(), customer.email)
    new = sign_up(Client(), "new@example.com")

    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url == VERIFICATION_SENT_URL


def test_sign_up_with_a_taken_email_creates_no_account_and_tells_its_owner(
    client, customer, deliver_outbox
):
    sign_up(client, customer.email)

    assert User.objects.filter(email__iexact=customer.email).count() == 1
    assert EmailAddress.objects.filter(email__iexact=customer.email).count() == 1
    customer.refresh_from_db()
    assert customer.check_password(DEFAULT_PASSWORD)
    (message,) = emails_to(deliver_outbox(), customer.email)
    assert "You already have an account" in message.subject
    assert link_in(message, "/accounts/password/reset/")


def test_password_reset_looks_the_same_for_known_and_unknown_emails(customer):
    known = Client().post(RESET_URL, {"email": customer.email})
    unknown = Client().post(RESET_URL, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")


def test_sign_in_error_is_the_same_for_unknown_and_known_emails(customer):
    known = sign_in(Client(), customer.email, "wrong-guess")
    unknown = sign_in(Client(), "nobody@example.com", "wrong-guess")

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


# --- Sign out ---------------------------------------------------------------------------


def test_opening_the_sign_out_page_does_not_sign_out(client, customer):
    client.force_login(customer)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert SIGN_OUT_QUESTION_EN in response.content.decode()
    assert is_signed_in(client)


def test_customer_signs_out_with_a_post(client, customer):
    client.force_login(customer)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert not is_signed_in(client)


# --- Language ---------------------------------------------------------------------------


def test_new_account_keeps_the_language_it_signed_up_in(client):
    sign_up(client, "new@example.com", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert User.objects.get(email="new@example.com").language == "zh-hans"


def test_verification_email_is_in_the_language_of_the_sign_up(client, deliver_outbox):
    sign_up(client, "new@example.com", HTTP_ACCEPT_LANGUAGE="zh-hans")

    (message,) = emails_to(deliver_outbox(), "new@example.com")
    assert CONFIRM_SUBJECT_ZH in message.subject
    assert CONFIRM_BODY_ZH in message.body


def test_new_account_from_an_english_browser_is_in_english(client):
    sign_up(client, "new@example.com", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert User.objects.get(email="new@example.com").language == "en"


def test_language_switcher_saves_the_choice_on_a_signed_in_account(client, customer):
    client.force_login(customer)

    response = client.post(SET_LANGUAGE_URL, {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.language == "zh-hans"


def test_saved_language_wins_over_the_browsers_accept_language(client, customer):
    customer.language = "zh-hans"
    customer.save(update_fields=["language"])
    client.force_login(customer)

    response = client.get(LOGOUT_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "zh-hans"
    assert SIGN_OUT_QUESTION_ZH in response.content.decode()


def test_english_account_stays_english_in_a_chinese_browser(client, customer):
    client.force_login(customer)

    response = client.get(LOGOUT_URL, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response["Content-Language"] == "en"
    assert SIGN_OUT_QUESTION_EN in response.content.decode()


# --- Email case -------------------------------------------------------------------------


def test_customer_can_sign_in_with_their_email_in_upper_case(client, customer):
    response = sign_in(client, customer.email.upper())

    assert response.status_code == 302
    assert auth.get_user(client) == customer


def test_sign_up_differing_only_in_case_does_not_create_a_second_account(client, customer):
    response = sign_up(client, customer.email.upper())

    assert response.status_code == 302
    assert response.url == VERIFICATION_SENT_URL
    assert User.objects.filter(email__iexact=customer.email).count() == 1


def test_account_emails_carry_a_branded_html_part_with_the_same_link(client, deliver_outbox):
    client.post(reverse("account_signup"), {
        "email": "html@example.com", "password1": "amber-forest-kettle-9",
        "password2": "amber-forest-kettle-9",
    })
    [message] = deliver_outbox()
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert f'href="{link}"' in html
    assert "Lineout" in html
