"""Staff set up two-factor only through an emailed, one-time enrolment invitation.

The attack this answers: with a leaked staff password alone, someone signed in, turned on
TOTP for the account and became an agent (the desk, the identity documents).
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (SECRET_SESSION_KEY, format_hotp_value,
                                            generate_totp_secret, hotp_value)
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import OutboundEmail
from staff_invites import services
from staff_invites.emails import EMAIL_KIND
from staff_invites.grants import GRANT_SESSION_KEY
from staff_invites.models import StaffInvitation

from .factories import (DEFAULT_PASSWORD, AgentFactory, CaseFactory, DocumentFactory,
                        StaffFactory, UserFactory, with_totp)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "amber-kettle-orchard-77"
ASK_FOR_AN_INVITATION = "Ask an administrator for an enrolment invitation"


def signed_in_with_password(user, password: str = DEFAULT_PASSWORD) -> Client:
    """A client that signed in through allauth's form and confirmed the password again,
    as allauth asks before anything two-factor: all that a leaked password gives."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client


def post_valid_totp_code(client: Client):
    """POST the activation form with a correct code for a secret planted in the session
    (where allauth's activation page keeps the one it shows)."""
    secret = generate_totp_secret()
    session = client.session
    session[SECRET_SESSION_KEY] = secret
    session.save()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return client.post(reverse("mfa_activate_totp"), {"code": code})


def invitation_link_in(body: str) -> str:
    match = re.search(r"https?://\S+/accounts/staff/enrol/[\w-]+/", body)
    assert match, body
    return match.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def document(customer):
    case = CaseFactory(owner=customer, state="verifying")
    return DocumentFactory(case=case)


def document_url(document) -> str:
    return reverse("cases:document", args=[document.case.reference, document.token])


# --- The attack ----------------------------------------------------------------------------


def test_staff_with_a_password_alone_cannot_turn_on_two_factor(document):
    agent = AgentFactory()
    client = signed_in_with_password(agent)

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 403
    assert ASK_FOR_AN_INVITATION in page.content.decode()

    refused = post_valid_totp_code(client)
    assert refused.status_code == 403
    assert not Authenticator.objects.filter(user=agent).exists()

    desk = client.get(reverse("desk:queue"))
    assert desk["Location"] == reverse("staff_enrolment_required")
    assert ASK_FOR_AN_INVITATION in client.get(desk["Location"]).content.decode()
    assert client.get(document_url(document)).status_code == 404


def test_a_superuser_from_createsuperuser_follows_the_same_rule():
    admin = get_user_model().objects.create_superuser(email="root@example.com",
                                                      password=DEFAULT_PASSWORD)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    client = signed_in_with_password(admin)

    assert post_valid_totp_code(client).status_code == 403
    assert not Authenticator.objects.filter(user=admin).exists()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff_enrolment_required")
    assert ASK_FOR_AN_INVITATION in response.content.decode()


def test_customer_still_turns_on_two_factor_by_themselves():
    customer = UserFactory()
    client = signed_in_with_password(customer)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    response = post_valid_totp_code(client)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=customer, type="totp").exists()


# --- The invitation ------------------------------------------------------------------------


# Committed for real: allauth announces the new authenticator on commit, in the request.
@pytest.mark.django_db(transaction=True)
def test_invited_agent_chooses_a_password_enrols_and_reaches_the_desk(document, mailoutbox):
    out = StringIO()
    call_command("invite_staff", "new.agent@example.com", "--group", "Agents", stdout=out)
    agent = get_user_model().objects.get(email="new.agent@example.com")
    assert agent.is_staff and not agent.has_usable_password()
    assert list(agent.groups.values_list("name", flat=True)) == ["Agents"]

    # Sent after commit (tasks run in-process here); the row forgets the live link.
    email = OutboundEmail.objects.get(kind=EMAIL_KIND)
    assert email.to == ["new.agent@example.com"] and email.recipient == agent
    assert email.status == "sent" and email.body_text == email.body_html == ""
    [message] = mailoutbox
    link = invitation_link_in(message.body)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert link in message.alternatives[0][0]
    assert token not in out.getvalue()  # nothing secret on the terminal
    invitation = StaffInvitation.objects.get(user=agent)
    assert invitation.token_hash == services.hash_token(token) != token
    assert invitation.expires_at - invitation.created_at == timedelta(hours=72)

    client = Client()
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "new.agent@example.com" in page.content.decode()
    invitation.refresh_from_db()
    agent.refresh_from_db()
    assert invitation.used_at is None and not agent.has_usable_password()
    assert not EmailAddress.objects.filter(user=agent).exists()
    assert GRANT_SESSION_KEY not in client.session
    assert "_auth_user_id" not in client.session

    accepted = client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert accepted["Location"] == reverse("mfa_activate_totp")
    invitation.refresh_from_db()
    agent.refresh_from_db()
    assert invitation.used_at is not None
    assert agent.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=agent).verified

    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert post_valid_totp_code(client).status_code == 302
    assert Authenticator.objects.filter(user=agent, type="totp").exists()
    assert GRANT_SESSION_KEY not in client.session  # the grant was for one enrolment
    assert client.get(reverse("desk:queue")).status_code == 200
    assert client.get(document_url(document)).status_code == 200


def test_invited_staff_with_a_password_must_give_it_before_the_link_works():
    agent = AgentFactory()
    _invitation, link = services.invite(user=agent)
    client = Client()

    wrong = client.post(path_of(link), {"password": "not-the-password-at-all"})
    assert wrong.status_code == 200
    assert "That is not this account&#x27;s password." in wrong.content.decode()
    assert StaffInvitation.objects.get(user=agent).used_at is None
    assert "_auth_user_id" not in client.session

    right = client.post(path_of(link), {"password": DEFAULT_PASSWORD})
    assert right["Location"] == reverse("mfa_activate_totp")
    assert post_valid_totp_code(client).status_code == 302
    assert Authenticator.objects.filter(user=agent).exists()


def test_signed_in_staff_follows_their_own_link_with_one_button():
    agent = AgentFactory()
    client = signed_in_with_password(agent)
    _invitation, link = services.invite(user=agent)
    page = client.get(path_of(link))
    assert page.status_code == 200 and 'name="password' not in page.content.decode()
    assert client.post(path_of(link))["Location"] == reverse("mfa_activate_totp")
    assert post_valid_totp_code(client).status_code == 302


def test_the_grant_is_for_this_account_and_does_not_last():
    agent = AgentFactory()
    client = signed_in_with_password(agent)
    _invitation, link = services.invite(user=agent)
    client.post(path_of(link))
    session = client.session
    session[GRANT_SESSION_KEY]["until"] = time.time() - 1
    session.save()
    assert post_valid_totp_code(client).status_code == 403
    assert not Authenticator.objects.filter(user=agent).exists()


# --- Links that do not work ----------------------------------------------------------------


def _expired(agent, link):
    StaffInvitation.objects.filter(user=agent).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    return Client(), link, services.EXPIRED


def _reused(agent, link):
    Client().post(path_of(link), {"password": DEFAULT_PASSWORD})
    return Client(), link, services.USED


def _for_another_account(agent, link):
    other = Client()
    other.force_login(UserFactory())
    return other, link, services.OTHER_ACCOUNT


def _tampered(agent, link):
    last = link.rstrip("/")[-1]
    tampered = link.rstrip("/")[:-1] + ("A" if last != "A" else "B") + "/"
    return Client(), tampered, services.NOT_VALID


def _superseded(agent, link):
    services.invite(user=agent)  # a newer invitation retires this link
    return Client(), link, services.EXPIRED


@pytest.mark.parametrize("spoil", [_expired, _reused, _for_another_account, _tampered,
                                   _superseded])
def test_a_link_that_cannot_be_used_says_why_and_changes_nothing(spoil):
    agent = AgentFactory()
    _invitation, link = services.invite(user=agent)
    client, link, message = spoil(agent, link)
    before = list(StaffInvitation.objects.filter(user=agent).values())
    password_before = get_user_model().objects.get(pk=agent.pk).password
    signed_in_before = client.session.get("_auth_user_id")

    for response in (client.get(path_of(link)),
                     client.post(path_of(link), {"password": DEFAULT_PASSWORD})):
        assert response.status_code in {403, 404, 410}
        assert str(message) in response.content.decode().replace("&#x27;", "'")
    assert list(StaffInvitation.objects.filter(user=agent).values()) == before
    assert get_user_model().objects.get(pk=agent.pk).password == password_before
    assert client.session.get("_auth_user_id") == signed_in_before
    assert GRANT_SESSION_KEY not in client.session


def test_the_refusal_is_in_the_visitors_language():
    agent = AgentFactory()
    _invitation, link = services.invite(user=agent)
    StaffInvitation.objects.update(expires_at=timezone.now())
    response = Client().get(path_of(link), HTTP_ACCEPT_LANGUAGE="zh-hans")
    with translation.override("zh-hans"):
        chinese = str(services.EXPIRED)
    with translation.override("en"):
        assert chinese != str(services.EXPIRED)
    assert chinese in response.content.decode()


def test_an_account_that_already_has_two_factor_is_not_invited():
    agent = with_totp(AgentFactory())
    with pytest.raises(services.InvitationRefused):
        services.invite(user=agent)
    out = StringIO()
    call_command("invite_staff", agent.email, stdout=out)
    assert "already has two-factor" in out.getvalue()
    assert not StaffInvitation.objects.exists() and not OutboundEmail.objects.exists()


# --- The command and the admin action ------------------------------------------------------


def test_invite_staff_refuses_a_deactivated_account_and_changes_nothing():
    from django.core.management.base import CommandError

    former = UserFactory(is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        call_command("invite_staff", former.email, "--group", "Agents", stdout=StringIO())
    former.refresh_from_db()
    assert not former.is_staff and not former.groups.exists()
    assert not StaffInvitation.objects.exists()


def test_invite_staff_can_print_the_link_for_the_first_administrator_instead():
    admin = get_user_model().objects.create_superuser(email="root@example.com",
                                                      password=DEFAULT_PASSWORD)
    out = StringIO()
    call_command("invite_staff", admin.email, "--print-link", stdout=out)
    link = re.search(r"https?://\S+/accounts/staff/enrol/[\w-]+/", out.getvalue()).group(0)
    assert not OutboundEmail.objects.exists()
    client = Client()
    assert client.post(path_of(link), {"password": DEFAULT_PASSWORD})["Location"] == \
        reverse("mfa_activate_totp")
    assert post_valid_totp_code(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_invitation_email_is_in_the_invitees_language():
    call_command("invite_staff", "bian@example.com", "--group", "Editors",
                 "--language", "zh-hans", stdout=StringIO())
    email = OutboundEmail.objects.get(kind=EMAIL_KIND)
    assert email.subject == "[Lineout] 为您的员工账户设置双重验证"
    assert "此链接只能使用一次" in email.body_text and "此链接只能使用一次" in email.body_html


def test_admin_action_emails_an_invitation_to_staff_only():
    admin = with_totp(StaffFactory(is_superuser=True))
    agent, customer = AgentFactory(), UserFactory()
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "send_enrolment_invitation", "_selected_action": [agent.pk, customer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    email = OutboundEmail.objects.get(kind=EMAIL_KIND)
    assert email.to == [agent.email]
    assert StaffInvitation.objects.get().created_by == admin
    assert not StaffInvitation.objects.filter(user=customer).exists()
    page = response.content.decode()
    assert "1 enrolment invitation was sent." in page
    assert "Only active staff accounts can be invited to enrol." in page

    Client().post(path_of(invitation_link_in(email.body_text)), {"password": DEFAULT_PASSWORD})
    assert Client().get(path_of(invitation_link_in(email.body_text))).status_code == 410


def test_make_runs_demo_staff_get_a_working_enrolment_link(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    links = re.findall(r"https?://\S+/accounts/staff/enrol/[\w-]+/", out.getvalue())
    assert len(links) == 2  # the agent and the editor; the customer needs none
    assert not OutboundEmail.objects.filter(kind=EMAIL_KIND).exists()
    agent_password = re.search(r"agent@lineout\.localhost\s+password: (\S+)",
                               out.getvalue()).group(1)
    client = Client()
    assert client.post(path_of(links[0]), {"password": agent_password})["Location"] == \
        reverse("mfa_activate_totp")
    assert post_valid_totp_code(client).status_code == 302
    assert client.get(reverse("desk:queue")).status_code == 200
