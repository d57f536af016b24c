"""Whose turn it is: the workflow keeps ``waiting_on``, ``waiting_since`` and ``overdue_at``
with every move, and the desk's queues read only those."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.models import Case
from cases.workflow import TransitionNotAllowed
from tests.factories import CaseFactory, ChecklistItemFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


@pytest.fixture
def draft(customer, carrier):
    ChecklistItemFactory()
    return CaseFactory(owner=customer, carrier=carrier, ready_to_submit=True)


def test_a_draft_waits_on_nobody(draft):
    assert draft.waiting_on == "nobody" and draft.overdue_at is None


def test_submitting_hands_the_case_to_us_and_starts_the_overdue_clock(draft, customer,
                                                                      monkeypatch):
    # Wed 25 Nov 2026, 15:00 in New York; Thu 26 is Thanksgiving. Business days after the
    # 25th: Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4): overdue from Wed 2 Dec, 00:00.
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 11, 25, 15, 0))
    draft.submit(by=customer)
    draft.refresh_from_db()
    assert draft.waiting_on == "us"
    assert draft.waiting_since == at(2026, 11, 25, 15, 0)
    assert draft.overdue_at == at(2026, 12, 2, 0, 0)


def test_the_review_starting_does_not_end_the_customers_wait(draft, customer, agent):
    draft.submit(by=customer)
    since = draft.waiting_since
    draft.start_verification(by=agent)
    draft.refresh_from_db()
    assert (draft.waiting_on, draft.waiting_since) == ("us", since)


def test_asking_hands_the_case_to_the_customer_and_answering_back_to_us(draft, customer, agent):
    draft.submit(by=customer)
    draft.start_verification(by=agent)
    first_wait = draft.waiting_since
    draft.request_info(by=agent, message="Which plan is it?")
    draft.refresh_from_db()
    assert draft.waiting_on == "customer" and draft.overdue_at is None
    draft.provide_info(by=customer, message="The family plan.")
    draft.refresh_from_db()
    assert draft.waiting_on == "us" and draft.waiting_since > first_wait
    assert draft.overdue_at is not None


@pytest.mark.parametrize("finish", ["complete", "reject", "withdraw"])
def test_a_closed_case_waits_on_nobody(draft, customer, agent, finish):
    draft.submit(by=customer)
    draft.start_verification(by=agent)
    if finish == "complete":
        draft.complete(by=agent)
    elif finish == "reject":
        draft.reject(by=agent, reason="Not the account holder.")
    else:
        draft.withdraw(by=customer)
    draft.refresh_from_db()
    assert draft.waiting_on == "nobody" and draft.overdue_at is None


def test_a_refused_move_leaves_the_turn_as_it_was(draft, agent):
    before = Case.objects.values("waiting_on", "waiting_since", "overdue_at").get(pk=draft.pk)
    with pytest.raises(TransitionNotAllowed):
        draft.start_verification(by=agent)
    assert Case.objects.values("waiting_on", "waiting_since", "overdue_at").get(
        pk=draft.pk) == before
