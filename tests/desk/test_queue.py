"""The desk's queue: what each view lists, in which order, its counts and pages, and a
query count that does not grow with the number of cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.desk.queues import PAGE_SIZE, VIEWS
from cases.models import Case
from tests.factories import CaseFactory

from .world import QUEUE_URL, State, WaitingOn, bulk_cases, listed

pytestmark = pytest.mark.django_db


def wait(case: Case, side: str, since, overdue_at=None) -> Case:
    Case.objects.filter(pk=case.pk).update(waiting_on=side, waiting_since=since,
                                           overdue_at=overdue_at)
    return case


@pytest.fixture
def world(customer, carrier, agent, second_agent):
    """One case for each view, with known waiting times."""
    now = timezone.now()
    cases = {
        "old_submitted": CaseFactory(owner=customer, carrier=carrier, state=State.SUBMITTED),
        "verifying_mine": CaseFactory(owner=customer, carrier=carrier, state=State.VERIFYING,
                                      assigned_agent=agent),
        "verifying_theirs": CaseFactory(owner=customer, carrier=carrier,
                                        state=State.VERIFYING, assigned_agent=second_agent),
        "asked_mine": CaseFactory(owner=customer, carrier=carrier, state=State.NEEDS_INFO,
                                  assigned_agent=agent),
        "done": CaseFactory(owner=customer, carrier=carrier, state=State.DONE),
        "withdrawn": CaseFactory(owner=customer, carrier=carrier, state=State.WITHDRAWN),
        "draft": CaseFactory(owner=customer, carrier=carrier),
    }
    wait(cases["old_submitted"], WaitingOn.US, now - timedelta(days=9), now - timedelta(days=2))
    wait(cases["verifying_mine"], WaitingOn.US, now - timedelta(days=1), now + timedelta(days=4))
    wait(cases["verifying_theirs"], WaitingOn.US, now - timedelta(days=2),
         now + timedelta(days=3))
    return {name: case.reference for name, case in cases.items()}


def test_default_view_is_waiting_on_us_longest_waiting_first(agent_client, world):
    assert listed(agent_client) == [world["old_submitted"], world["verifying_theirs"],
                                    world["verifying_mine"]]


def test_agent_sees_each_view(agent_client, world):
    assert listed(agent_client, view="mine") == [world["verifying_mine"], world["asked_mine"]] \
        or listed(agent_client, view="mine") == [world["asked_mine"], world["verifying_mine"]]
    assert listed(agent_client, view="unassigned") == [world["old_submitted"]]
    assert listed(agent_client, view="overdue") == [world["old_submitted"]]
    assert listed(agent_client, view="customer") == [world["asked_mine"]]
    assert set(listed(agent_client, view="closed")) == {world["done"], world["withdrawn"]}
    assert listed(agent_client, view="drafts") == [world["draft"]]


def test_drafts_are_not_in_the_default_view(agent_client, world):
    assert world["draft"] not in listed(agent_client)


def test_closed_view_lists_the_newest_closed_first(agent_client, customer, carrier):
    now = timezone.now()
    older = CaseFactory(owner=customer, carrier=carrier, state=State.DONE)
    newer = CaseFactory(owner=customer, carrier=carrier, state=State.REJECTED)
    Case.objects.filter(pk=older.pk).update(closed_at=now - timedelta(days=3))
    assert listed(agent_client, view="closed") == [newer.reference, older.reference]


def test_counts_are_shown_per_view(agent_client, world):
    response = agent_client.get(QUEUE_URL)
    counts = {view.slug: count for view, count in response.context["views"]}
    assert counts == {"waiting": 3, "mine": 2, "unassigned": 1, "overdue": 1, "customer": 1,
                      "closed": 2, "drafts": 1}
    assert '<span class="count">3</span>' in response.content.decode()


def test_counts_stop_at_the_cap_and_say_so(agent_client, carrier):
    from cases.desk import queues

    bulk_cases(7 * 40, carrier)  # 120 closed
    counts = queues.capped_counts({"all": Case.objects.all()}, cap=20)
    assert counts == {"all": 21}  # 20 + 1: "more than 20", never the whole table
    assert queues.COUNT_CAP < 120
    response = agent_client.get(QUEUE_URL)
    counts = {view.slug: count for view, count in response.context["views"]}
    assert counts["closed"] == queues.COUNT_CAP + 1
    assert f'<span class="count">{queues.COUNT_CAP}+</span>' in response.content.decode()


def test_an_overdue_case_is_marked_in_the_row(agent_client, world):
    response = agent_client.get(QUEUE_URL)
    rows = {row.reference: row for row in response.context["rows"]}
    assert rows[world["old_submitted"]].overdue is True
    assert rows[world["verifying_mine"]].overdue is False
    assert "tag-overdue" in response.content.decode()


def test_pages_hold_50_rows_and_the_next_page_continues_without_repeats(agent_client, carrier):
    bulk_cases(7 * 16, carrier)  # 16 cases in each state: 32 waiting on us... and 48 closed
    closed = Case.objects.filter(closed_at__isnull=False).count()
    response = agent_client.get(QUEUE_URL, {"view": "closed"})
    first = [row.reference for row in response.context["rows"]]
    assert len(first) == min(PAGE_SIZE, closed)

    bulk_cases(60, carrier)
    first = listed(agent_client, view="closed")
    response = agent_client.get(QUEUE_URL, {"view": "closed"})
    cursor = response.context["page"].next_cursor
    assert len(first) == PAGE_SIZE and cursor
    second = listed(agent_client, view="closed", after=cursor)
    everything = list(Case.objects.filter(closed_at__isnull=False)
                      .order_by("-closed_at", "-reference").values_list("reference", flat=True))
    assert first + second == everything[: len(first) + len(second)]
    assert not set(first) & set(second)


def test_a_cursor_that_does_not_parse_starts_from_the_top(agent_client, world):
    assert listed(agent_client, after="not-a-cursor") == listed(agent_client)


def test_unknown_view_falls_back_to_waiting_on_us(agent_client, world):
    assert listed(agent_client, view="everything") == listed(agent_client)


@pytest.mark.parametrize("view", [None, *VIEWS])
def test_each_view_costs_the_same_queries_at_10_and_1000_cases(
        agent_client, carrier, agent, django_assert_num_queries, view):
    params = {"view": view} if view else {}
    bulk_cases(10, carrier, agent=agent)
    agent_client.get(QUEUE_URL, params)  # warm the per-process caches (holidays, content)
    with django_assert_num_queries(EXPECTED_QUEUE_QUERIES):
        small = agent_client.get(QUEUE_URL, params)
    bulk_cases(990, carrier, agent=agent)
    with django_assert_num_queries(EXPECTED_QUEUE_QUERIES):
        large = agent_client.get(QUEUE_URL, params)
    assert small.status_code == large.status_code == 200
    assert len(large.context["rows"]) >= len(small.context["rows"]) > 0


# Session, user, agent-and-two-factor (one query), the page's keys, their rows, the capped
# counts.
EXPECTED_QUEUE_QUERIES = 6


def test_queue_fits_in_the_page_budget(agent_client, carrier, agent):
    bulk_cases(400, carrier, agent=agent)
    response = agent_client.get(QUEUE_URL, {"view": "closed"})
    assert len(response.content) < 100_000
