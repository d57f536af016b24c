"""The recovery-codes page, where two-factor set-up ends: its two actions apart, and a way
on that takes each person where they work."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from .factories import AgentFactory, EditorFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    """Signed in with the password a moment ago, as allauth asks before showing codes."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.mark.parametrize("language, continue_label", [
    ("en", "Continue to your work"), ("zh-hans", "继续工作"),
])
def test_agent_sees_download_and_generate_as_separate_buttons_and_a_way_on(language,
                                                                           continue_label):
    agent = with_totp(AgentFactory(language=language))
    RecoveryCodes.activate(agent)
    html = signed_in(agent).get(reverse("mfa_view_recovery_codes")).content.decode()

    main = html[html.index("<main"):]
    download = re.search(r'<a class="button button-secondary" href="%s">[^<]+</a>'
                         % re.escape(reverse("mfa_download_recovery_codes")), main)
    generate = re.search(r'<a class="button button-secondary" href="%s">[^<]+</a>'
                         % re.escape(reverse("mfa_generate_recovery_codes")), main)
    assert download and generate
    # Two buttons in a spaced row (.actions), not two bare links run together.
    assert re.search(r'<p class="actions[^"]*">\s*<a[^>]+>[^<]+</a>\s*<a', main)
    assert f'<a class="button" href="{reverse("staff_continue")}">{continue_label}</a>' in main


def test_customer_is_offered_the_way_back_to_settings():
    customer = with_totp(UserFactory())
    RecoveryCodes.activate(customer)
    html = signed_in(customer).get(reverse("mfa_view_recovery_codes")).content.decode()
    assert f'href="{reverse("staff_continue")}">Back to your settings</a>' in html


@pytest.mark.parametrize("make_user, destination", [
    (lambda: with_totp(AgentFactory()), "/desk/"),
    (lambda: with_totp(EditorFactory()), "/admin/"),
    (lambda: UserFactory(), "/accounts/preferences/"),
])
def test_the_way_on_leads_agents_to_the_desk_editors_to_the_admin_customers_home(
        make_user, destination):
    response = signed_in(make_user()).get(reverse("staff_continue"))
    assert response.status_code == 302
    assert response["Location"] == destination


def test_the_way_on_asks_a_visitor_to_sign_in():
    response = Client().get(reverse("staff_continue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
