"""Helpers for the desk's tests: many cases at once, and the queue as a set of references."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.reference import new_reference
from tests.factories import UserFactory

State, WaitingOn = Case.State, Case.WaitingOn
QUEUE_URL = reverse("desk:queue")

# The state each bulk case is in, and whose turn that makes it.
MIX = [
    (State.SUBMITTED, WaitingOn.US), (State.VERIFYING, WaitingOn.US),
    (State.NEEDS_INFO, WaitingOn.CUSTOMER), (State.DONE, WaitingOn.NOBODY),
    (State.REJECTED, WaitingOn.NOBODY), (State.WITHDRAWN, WaitingOn.NOBODY),
    (State.DRAFT, WaitingOn.NOBODY),
]


def bulk_cases(n: int, carrier, *, owners: int = 5, agent=None) -> list[Case]:
    """``n`` cases spread over every state and a few customers, half of the open ones
    assigned to ``agent``, some overdue — inserted in one go."""
    now = timezone.now()
    people = [UserFactory() for _ in range(owners)]
    cases = []
    for i in range(n):
        state, side = MIX[i % len(MIX)]
        since = now - timedelta(hours=i * 7)
        closed = state in (State.DONE, State.REJECTED, State.WITHDRAWN)
        cases.append(Case(
            reference=new_reference(), owner=people[i % owners], carrier=carrier,
            phone_number=f"+1202555{i % 10_000:04d}", phone_last_four=f"{i % 10_000:04d}",
            state=state, waiting_on=side, waiting_since=since, entered_state_at=since,
            submitted_at=None if state == State.DRAFT else since,
            closed_at=since if closed else None,
            overdue_at=since + timedelta(hours=20) if side == WaitingOn.US else None,
            assigned_agent=agent if agent and i % 2 and not closed else None,
        ))
    return Case.objects.bulk_create(cases)


def listed(client, **params) -> list[str]:
    response = client.get(QUEUE_URL, params)
    assert response.status_code == 200
    return [row.reference for row in response.context["rows"]]
