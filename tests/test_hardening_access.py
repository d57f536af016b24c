"""Who reaches what, and for how long (issue 12, findings 5, 8 and 9): no redirect off-site
after the admin's sign-in, short staff sessions, re-authentication before an ID document,
signed-in pages never cached, agents are staff, and staff groups hold exactly their rights."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import (TOTP, format_hotp_value, generate_totp_secret,
                                            hotp_value)
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from cases.workflow import is_agent
from content.models import Carrier
from portal.staff_groups import sync_staff_groups

from .factories import (DEFAULT_PASSWORD, AgentFactory, CarrierFactory, CaseFactory,
                        DocumentFactory, StaffFactory, UserFactory, with_totp)

pytestmark = pytest.mark.django_db

OFF_SITE_NEXT = [
    "https://evil.example/phish",
    "//evil.example/x",
    "/\\evil.example",
    "https:evil.example",
    "http://testserver.evil.example/",
]


def stays_on_site(location: str) -> bool:
    parts = urlsplit(location.replace("\\", "/"))
    return not parts.scheme and not parts.netloc and location.startswith("/") \
        and not location.startswith(("//", "/\\"))


@pytest.fixture
def staff_client(client):
    client.force_login(with_totp(StaffFactory()))
    return client


# --- 5. No redirect off-site after the admin's sign-in ----------------------------------


@pytest.mark.parametrize("next_url", OFF_SITE_NEXT)
def test_signed_in_staff_at_admin_login_is_not_sent_off_site(staff_client, next_url):
    response = staff_client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("next_url", OFF_SITE_NEXT)
def test_admin_login_post_is_not_sent_off_site(staff_client, next_url):
    response = staff_client.post(f"{reverse('admin:login')}?next={next_url}", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("next_url", OFF_SITE_NEXT)
def test_anonymous_visitor_is_sent_to_sign_in_with_an_on_site_next(client, next_url):
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_admin_login_keeps_a_next_on_this_site(staff_client):
    target = reverse("admin:content_carrier_changelist")
    response = staff_client.get(reverse("admin:login"), {"next": target})
    assert response["Location"] == target


@pytest.mark.parametrize("next_url", OFF_SITE_NEXT)
def test_staff_signing_in_with_two_factor_ends_on_this_site(client, next_url):
    """The whole attack: a sign-in link whose next is the admin's login with a hostile next."""
    secret = generate_totp_secret()
    staff = StaffFactory()
    TOTP.activate(staff, secret)
    admin_login = f"{reverse('admin:login')}?next={next_url}"
    client.post(reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD,
                                           "next": admin_login})
    response = client.post(reverse("mfa_authenticate"), {
        "code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))}, follow=True)
    hops = [location for location, _status in response.redirect_chain]
    assert hops, "the sign-in did not redirect"
    assert all(stays_on_site(location) for location in hops), hops
    assert response.status_code == 200


# --- 8. Staff sessions: idle timeout, absolute lifetime ----------------------------------


def signed_in_at_preferences(client) -> bool:
    response = client.get(reverse("preferences"))
    return response.status_code == 200


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_staff_session_survives_29_idle_minutes(client, clock):
    client.force_login(with_totp(AgentFactory()))
    clock.shift(timedelta(minutes=29))
    assert signed_in_at_preferences(client)
    clock.shift(timedelta(minutes=29))  # 58 minutes in, but active 29 minutes ago
    assert signed_in_at_preferences(client)


def test_staff_session_ends_after_31_idle_minutes(client, clock):
    client.force_login(with_totp(AgentFactory()))
    clock.shift(timedelta(minutes=31))
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in_at_preferences(client)


def test_staff_session_ends_12_hours_after_sign_in_however_active(client, clock):
    client.force_login(with_totp(AgentFactory()))
    for _step in range(12 * 60 // 25):  # a request every 25 minutes for 11 h 40 min
        clock.shift(timedelta(minutes=25))
        assert signed_in_at_preferences(client)
    clock.shift(timedelta(minutes=21))  # 12 h 1 min after signing in
    assert not signed_in_at_preferences(client)


def test_staff_signed_out_for_time_are_told_why(client, clock):
    client.force_login(with_totp(AgentFactory()))
    clock.shift(timedelta(minutes=31))
    response = client.get(reverse("desk:queue"), follow=True)
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_customer_session_keeps_going_after_two_idle_days(client, clock):
    client.force_login(UserFactory())
    clock.shift(timedelta(days=2))
    assert signed_in_at_preferences(client)


# --- 8. Re-authentication before an ID document ------------------------------------------


@pytest.fixture
def document():
    return DocumentFactory(case=CaseFactory(owner=UserFactory(), carrier=CarrierFactory()))


def test_agent_downloads_a_document_within_15_minutes_of_signing_in(client, clock, document):
    client.force_login(with_totp(AgentFactory()))
    clock.shift(timedelta(minutes=14))
    assert client.get(document.get_absolute_url()).status_code == 200


def test_agent_confirms_who_they_are_before_a_document_after_15_minutes(client, clock, document):
    client.force_login(with_totp(AgentFactory()))
    clock.shift(timedelta(minutes=16))
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    reauthenticate = reverse("account_reauthenticate")
    assert response["Location"].startswith(reauthenticate)
    assert "next=" in response["Location"]

    confirmed = client.post(reauthenticate, {"password": DEFAULT_PASSWORD,
                                             "next": document.get_absolute_url()})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == document.get_absolute_url()
    assert client.get(document.get_absolute_url()).status_code == 200
    clock.shift(timedelta(minutes=14))  # the confirmation counts for 15 minutes too
    assert client.get(document.get_absolute_url()).status_code == 200


def test_desk_previews_wait_for_the_agent_to_confirm_who_they_are(client, clock, document):
    from django.core.files.base import ContentFile

    from .desk.test_case_page import PNG

    image = DocumentFactory(case=document.case, original_name="id.png",
                            content_type="image/png", file=ContentFile(PNG, name="id.png"))
    client.force_login(with_totp(AgentFactory()))
    page_url = reverse("desk:case", args=[image.case.reference])
    assert f'src="{image.get_absolute_url()}?inline=1"' in client.get(page_url).content.decode()
    clock.shift(timedelta(minutes=16))
    page = client.get(page_url).content.decode()
    assert f'src="{image.get_absolute_url()}?inline=1"' not in page
    assert reverse("account_reauthenticate") in page


def test_customer_downloads_their_own_document_without_confirming_again(client, clock, document):
    client.force_login(document.case.owner)
    clock.shift(timedelta(hours=3))
    assert client.get(document.get_absolute_url()).status_code == 200


# --- 8. Signed-in pages are never cached -------------------------------------------------


def assert_not_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")


def test_a_customer_page_is_private_and_not_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_public_page_seen_signed_in_is_not_stored(client):
    client.force_login(UserFactory())
    assert_not_stored(client.get(reverse("home")))


def test_the_desk_is_private_and_not_stored(client):
    client.force_login(with_totp(AgentFactory()))
    response = client.get(reverse("desk:queue"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_admin_is_private_and_not_stored(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_sign_out_response_is_not_stored(client):
    client.force_login(UserFactory())
    assert_not_stored(client.post(reverse("account_logout")))


def test_anonymous_public_pages_stay_cacheable(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_the_document_keeps_exactly_its_own_cache_header(client, document):
    client.force_login(document.case.owner)
    assert client.get(document.get_absolute_url())["Cache-Control"] == "private, no-store"


# --- 9. Agents are staff; actions need the change permission; groups are exact -----------


def test_a_superuser_who_is_not_staff_cannot_download_documents(client, document):
    superuser = with_totp(UserFactory(is_superuser=True, is_staff=False))
    client.force_login(superuser)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_only_active_staff_are_agents():
    assert not is_agent(UserFactory(is_superuser=True, is_staff=False))
    assert not is_agent(UserFactory(is_superuser=True, is_staff=True, is_active=False))
    assert is_agent(UserFactory(is_superuser=True, is_staff=True))
    assert is_agent(AgentFactory())


@pytest.fixture
def viewer_client(client):
    """Staff with two-factor who may only view carriers in the admin."""
    viewer = with_totp(StaffFactory())
    viewer.user_permissions.add(Permission.objects.get(codename="view_carrier"))
    client.force_login(viewer)
    return client


def test_staff_without_change_permission_are_not_offered_publish(viewer_client):
    CarrierFactory(published=False)
    response = viewer_client.get(reverse("admin:content_carrier_changelist"))
    assert response.status_code == 200
    action_form = response.context.get("action_form")
    choices = [name for name, _label in action_form.fields["action"].choices] \
        if action_form else []
    assert "publish" not in choices and "unpublish" not in choices


def test_staff_without_change_permission_cannot_publish(viewer_client):
    carrier = CarrierFactory(published=False)
    viewer_client.post(reverse("admin:content_carrier_changelist"),
                       {"action": "publish", "_selected_action": [carrier.pk]})
    assert Carrier.objects.get(pk=carrier.pk).published is False


def test_staff_group_sync_removes_a_stray_permission():
    agents = Group.objects.get(name="Agents")
    editors = Group.objects.get(name="Editors")
    stray_case = Permission.objects.get(codename="delete_case")
    stray_user = Permission.objects.get(codename="change_user")
    agents.permissions.add(stray_case, stray_user)
    editors.permissions.add(Permission.objects.get(codename="view_case"))
    before = set(Group.objects.get(name="Agents").permissions.values_list("codename", flat=True))
    assert {"delete_case", "change_user"} <= before

    sync_staff_groups()

    agents_now = set(agents.permissions.values_list("codename", flat=True))
    assert agents_now == {f"{action}_{model}" for model in ("case", "caseevent", "document")
                          for action in ("view", "change")}
    assert not editors.permissions.filter(content_type__app_label="cases").exists()


# --- How to report a problem ------------------------------------------------------------

@pytest.mark.django_db
def test_security_txt_names_the_contact_and_a_future_expiry(client, settings):
    from datetime import datetime

    settings.SECURITY_CONTACT = "mailto:security@lineout.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@lineout.example"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert expires > timezone.now() + timedelta(days=300)
