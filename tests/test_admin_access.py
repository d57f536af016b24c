"""The admin: reached only through allauth's login, and only by staff with two-factor on."""

import pytest
from django.urls import reverse

from portal.models import OutboundEmail

from .factories import DEFAULT_PASSWORD, StaffFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db



def test_anonymous_visitor_is_sent_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in final_url


def test_admin_login_page_is_not_djangos_own(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_two_factor_is_told_to_ask_for_an_enrolment_invitation(client):
    """A password alone does not set up two-factor for staff (tests/test_staff_invites.py)."""
    staff = StaffFactory()
    client.post(reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD})
    response = client.get("/admin/", follow=True)
    hops = [url for url, _status in response.redirect_chain]
    assert hops[-1] == reverse("staff_enrolment_required")
    assert "Ask an administrator for an enrolment invitation" in response.content.decode()


def test_staff_with_two_factor_can_use_the_admin(client):
    client.force_login(with_totp(StaffFactory()))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Lineout administration" in response.content.decode()


def test_customer_cannot_use_the_admin(client):
    client.force_login(with_totp(UserFactory()))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_outbox_admin_never_shows_an_email_body(client):
    admin = with_totp(StaffFactory(is_superuser=True))
    email = OutboundEmail.objects.create(
        kind="account/email/password_reset_key", to=["casey@example.com"],
        from_email="s@example.com", subject="Reset your password",
        body_text="https://lineout.example/accounts/password/reset/key/SECRET-LINK/",
    )
    client.force_login(admin)
    page = client.get(reverse("admin:portal_outboundemail_change", args=[email.pk]))
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    assert "SECRET-LINK" not in page.content.decode()


def test_admin_can_retry_a_failed_email(client, mailoutbox):
    admin = with_totp(StaffFactory(is_superuser=True))
    email = OutboundEmail.objects.create(
        kind="case/status", to=["casey@example.com"], from_email="s@example.com",
        subject="Your case", body_text="Hello", status="failed", attempts=8,
        last_error="554 refused",
    )
    client.force_login(admin)
    response = client.post(
        reverse("admin:portal_outboundemail_changelist"),
        {"action": "retry_now", "_selected_action": [email.pk]}, follow=True,
    )
    assert response.status_code == 200
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mailoutbox) == 1


def test_staff_groups_are_restored_with_exactly_their_permissions():
    """What post_migrate runs after every migrate and flush."""
    from django.contrib.auth.models import Group

    from portal.staff_groups import sync_staff_groups

    Group.objects.all().delete()
    sync_staff_groups()
    agents = Group.objects.get(name="Agents")
    assert agents.permissions.filter(codename="change_case").exists()
    assert not agents.permissions.filter(content_type__app_label="content").exists()
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_guide").exists()
    assert not editors.permissions.filter(content_type__app_label="cases").exists()
