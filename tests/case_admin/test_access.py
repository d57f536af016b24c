"""Who may get into the agents' admin, and who may not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cases.models import AccessRecord, Case, CaseEvent
from tests.factories import EditorFactory, StaffFactory, with_totp

from .world import (
    QUEUE_URL,
    State,
    change_url,
    make_case,
)

# --- Who may get in ----------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_editor_cannot_see_the_queue_or_a_case(customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    client = Client()
    client.force_login(with_totp(EditorFactory()))

    assert client.get(QUEUE_URL).status_code == 403
    assert client.get(change_url(case)).status_code == 403
    case.refresh_from_db()
    assert case.state == State.SUBMITTED
    assert not CaseEvent.objects.exists()


def test_staff_outside_the_agents_group_cannot_see_the_queue_even_with_the_permission(
    customer, carrier
):
    """Seeing cases goes with being an agent (the workflow's definition), not with a
    permission someone ticked on a staff account."""
    case = make_case(customer, carrier, State.SUBMITTED)
    staff = with_totp(StaffFactory())
    staff.user_permissions.add(Permission.objects.get(codename="view_case"))
    client = Client()
    client.force_login(staff)

    assert client.get(QUEUE_URL).status_code == 403
    assert client.get(change_url(case)).status_code == 403


def test_customer_cannot_reach_the_case_admin(customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    client = Client()
    client.force_login(with_totp(customer))

    assert client.get(QUEUE_URL, follow=True).status_code == 403
    assert client.get(change_url(case), follow=True).status_code == 403
    case.refresh_from_db()
    assert case.state == State.SUBMITTED


def test_agent_cannot_add_or_delete_cases(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)

    assert agent_client.get(reverse("admin:cases_case_add")).status_code == 403
    assert agent_client.get(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_superuser_can_delete_a_case(customer, carrier):
    case = make_case(customer, carrier, State.WITHDRAWN)
    client = Client()
    client.force_login(with_totp(StaffFactory(is_superuser=True)))

    response = client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()


def test_superuser_can_read_access_records_but_not_change_them(customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)
    record = AccessRecord.objects.create(
        action=AccessRecord.Action.DOCUMENT_VIEWED, case=case, target="passport-scan.pdf",
        ip_address="203.0.113.9",
    )
    client = Client()
    client.force_login(with_totp(StaffFactory(is_superuser=True)))

    listing = client.get(reverse("admin:cases_accessrecord_changelist"))
    detail = client.get(reverse("admin:cases_accessrecord_change", args=[record.pk]))

    assert listing.status_code == 200
    assert "203.0.113.9" in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:cases_accessrecord_change", args=[record.pk]),
                       {"target": "x"}).status_code == 403
    assert client.get(reverse("admin:cases_accessrecord_add")).status_code == 403


def test_agent_cannot_read_access_records(agent_client):
    assert agent_client.get(reverse("admin:cases_accessrecord_changelist")).status_code == 403
