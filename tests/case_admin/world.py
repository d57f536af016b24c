"""Helpers for the agents' admin tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Case
from tests.factories import CaseFactory

State = Case.State
NEW_YORK = ZoneInfo("America/New_York")
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

QUEUE_URL = reverse("admin:cases_case_changelist")


def change_url(case: Case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def make_case(owner, carrier, state=State.SUBMITTED, **fields) -> Case:
    return CaseFactory(owner=owner, carrier=carrier, state=state, **fields)


def set_entered(case: Case, when: datetime) -> None:
    Case.objects.filter(pk=case.pk).update(entered_state_at=when)


def listed(client, **params) -> set[str]:
    response = client.get(QUEUE_URL, params)
    assert response.status_code == 200
    return {case.reference for case in response.context["cl"].queryset}


def post(client, url, data=None):
    """POST, and the messages the request left for the next page."""
    response = client.post(url, data or {})
    return response, [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def snapshot(case: Case) -> dict:
    return Case.objects.values().get(pk=case.pk)
