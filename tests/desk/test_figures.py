"""The desk's figures: per carrier and overall, open cases by state, waiting on us and
overdue now; closed cases and the median and 90th-percentile time from submitted to done
over the last 30 days. Who sees them, what they cost at two data sizes, and their plans."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.desk.figures import WINDOW, desk_figures, percentile_cont
from cases.models import Case
from tests.factories import (AgentFactory, CarrierFactory, CaseFactory, EditorFactory,
                             UserFactory, with_totp)

from .world import State, WaitingOn, bulk_cases

pytestmark = pytest.mark.django_db

FIGURES_URL = reverse("desk:figures")
DAY = timedelta(days=1)


def make(carrier, state, owner, **fields) -> Case:
    """A case in ``state`` with the stored columns set as given (the workflow's are tested
    in test_workflow; here only what the figures read matters)."""
    case = CaseFactory(owner=owner, carrier=carrier, state=state)
    if fields:
        Case.objects.filter(pk=case.pk).update(**fields)
    return case


def done(carrier, owner, *, took: timedelta, closed_at) -> Case:
    return make(carrier, State.DONE, owner, submitted_at=closed_at - took, closed_at=closed_at)


@pytest.fixture
def verizon(db):
    return CarrierFactory(name="Verizon", country="US")


@pytest.fixture
def world(customer, carrier, verizon):
    """T-Mobile (``carrier``) and Verizon, with known states, waits and durations."""
    now = timezone.now()
    us = {"waiting_on": WaitingOn.US, "waiting_since": now - 5 * DAY}
    # T-Mobile, open: two submitted (one overdue), one under review, one asked, one draft.
    make(carrier, State.SUBMITTED, customer, **us, overdue_at=now - DAY)
    make(carrier, State.SUBMITTED, customer, **us, overdue_at=now + DAY)
    make(carrier, State.VERIFYING, customer, **us, overdue_at=now + 2 * DAY)
    make(carrier, State.NEEDS_INFO, customer)
    make(carrier, State.DRAFT, customer)
    # T-Mobile, done in the window in 1, 2, 3, 4 and 10 days: median 3, p90 7.6.
    for days in (1, 2, 3, 4, 10):
        done(carrier, customer, took=days * DAY, closed_at=now - days * DAY)
    make(carrier, State.REJECTED, customer, closed_at=now - 3 * DAY)
    # Outside the window: counted nowhere, its 40 days in no percentile.
    done(carrier, customer, took=40 * DAY, closed_at=now - WINDOW - DAY)
    make(carrier, State.WITHDRAWN, customer, closed_at=now - WINDOW - DAY)
    # Verizon: one overdue under review, a withdrawn case whose customer wrote again (it
    # waits on us, overdue, without being open), done in 1 and 2 days: median 1.5, p90 1.9.
    make(verizon, State.VERIFYING, customer, **us, overdue_at=now - 2 * DAY)
    make(verizon, State.WITHDRAWN, customer, **us, overdue_at=now - DAY,
         closed_at=now - 2 * DAY)
    done(verizon, customer, took=1 * DAY, closed_at=now - 6 * DAY)
    done(verizon, customer, took=2 * DAY, closed_at=now - 7 * DAY)
    # Overall: 1, 1, 2, 2, 3, 4, 10 days: median 2, p90 4 + 0.4 × 6 = 6.4.
    return now


def states(**counts) -> dict[str, int]:
    return {state: counts.get(state, 0) for state in State}


def test_agent_sees_cases_per_state_waiting_and_overdue_per_carrier_and_overall(world):
    figures = desk_figures(timezone.now(), overall_name="All")
    t_mobile, verizon = figures.carriers
    assert (t_mobile.name, verizon.name) == ("T-Mobile", "Verizon")
    assert t_mobile.states == states(draft=1, submitted=2, verifying=1, needs_info=1, done=5,
                                     rejected=1)
    assert (t_mobile.waiting_on_us, t_mobile.overdue) == (3, 1)
    assert verizon.states == states(verifying=1, done=2, withdrawn=1)
    assert (verizon.waiting_on_us, verizon.overdue) == (2, 2)
    assert figures.overall.states == states(draft=1, submitted=2, verifying=2, needs_info=1,
                                            done=7, rejected=1, withdrawn=1)
    assert (figures.overall.waiting_on_us, figures.overall.overdue) == (5, 3)


def test_median_and_90th_percentile_from_submitted_to_done(world):
    figures = desk_figures(timezone.now())
    t_mobile, verizon = figures.carriers
    assert (t_mobile.median, t_mobile.p90) == (3 * DAY, timedelta(days=7.6))
    assert (verizon.median, verizon.p90) == (timedelta(days=1.5), timedelta(days=1.9))
    assert (figures.overall.median, figures.overall.p90) == (2 * DAY, timedelta(days=6.4))


def test_the_window_starts_exactly_30_days_before_now(customer, carrier):
    now = timezone.now()
    edge = now - WINDOW
    done(carrier, customer, took=2 * DAY, closed_at=edge)  # on the edge: in
    done(carrier, customer, took=50 * DAY, closed_at=edge - timedelta(seconds=1))  # out
    make(carrier, State.REJECTED, customer, closed_at=edge)
    make(carrier, State.REJECTED, customer, closed_at=edge - timedelta(seconds=1))
    (t_mobile,) = desk_figures(now).carriers
    assert t_mobile.states == states(done=1, rejected=1)
    assert (t_mobile.median, t_mobile.p90) == (2 * DAY, 2 * DAY)


def test_rejected_and_withdrawn_cases_take_no_part_in_the_times(customer, carrier):
    now = timezone.now()
    done(carrier, customer, took=DAY, closed_at=now - DAY)
    make(carrier, State.REJECTED, customer, submitted_at=now - 20 * DAY, closed_at=now)
    make(carrier, State.WITHDRAWN, customer, submitted_at=now - 20 * DAY, closed_at=now)
    (t_mobile,) = desk_figures(now).carriers
    assert (t_mobile.median, t_mobile.p90) == (DAY, DAY)


def test_with_no_cases_the_figures_are_zero_and_the_times_empty(agent_client):
    response = agent_client.get(FIGURES_URL)
    assert response.status_code == 200
    (total,) = response.context["rows"]
    assert (total.open_counts, total.closed_counts, total.waiting_on_us, total.overdue) == (
        [0, 0, 0, 0], [0, 0, 0], 0, 0)
    assert (total.median, total.p90) == ("—", "—")
    assert response.context["chart"] is None
    assert "No case was done in the last 30 days." in response.content.decode()


def test_the_page_shows_the_numbers_in_a_table_and_a_chart(agent_client, world):
    response = agent_client.get(FIGURES_URL)
    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert list(rows) == ["All carriers", "T-Mobile", "Verizon"]
    # Columns: draft, submitted, under review, needs info | done, rejected, withdrawn.
    assert rows["T-Mobile"].open_counts == [1, 2, 1, 1]
    assert rows["T-Mobile"].closed_counts == [5, 1, 0]
    assert (rows["T-Mobile"].median, rows["T-Mobile"].p90) == ("3.0 days", "7.6 days")
    assert (rows["All carriers"].median, rows["All carriers"].p90) == ("2.0 days", "6.4 days")
    assert (rows["Verizon"].waiting_on_us, rows["Verizon"].overdue) == (2, 2)
    html = response.content.decode()
    assert '<svg viewBox="0 0 720 ' in html and 'aria-hidden="true"' in html
    # A bar of each kind for all carriers, T-Mobile and Verizon, and one in the legend.
    assert html.count('class="chart-median"') == html.count('class="chart-p90"') == 3 + 1
    chart = response.context["chart"]
    widths = {row.name: [bar.width for bar in row.bars] for row in chart.rows}
    # The longest bar is T-Mobile's p90 (7.6 days); the rest on the same scale.
    assert max(max(pair) for pair in widths.values()) == widths["T-Mobile"][1]
    assert widths["T-Mobile"][0] == round(widths["T-Mobile"][1] * 3 / 7.6)
    assert reverse("desk:figures") in html  # the header links to the page


def test_the_page_speaks_chinese(agent, agent_client, world):
    agent.language = "zh-hans"
    agent.save(update_fields=["language"])
    html = agent_client.get(FIGURES_URL).content.decode()
    assert "3.0 天" in html and "7.6 天" in html
    assert "全部运营商" in html and "中位数" in html


def test_the_python_percentile_is_postgresql_percentile_cont():
    values = [timedelta(hours=h) for h in (5, 1, 30, 7, 7, 200, 2)]
    assert percentile_cont(values, 0.5) == timedelta(hours=7)
    assert percentile_cont(values, 0.9) == timedelta(hours=30 + 0.4 * 170)
    assert percentile_cont([timedelta(hours=3)], 0.9) == timedelta(hours=3)
    assert percentile_cont([], 0.5) is None


@pytest.mark.postgres
def test_the_python_percentile_agrees_with_the_database(world):
    from cases.desk import figures

    in_database = figures._times_to_done(world - WINDOW)
    vendor = connection.vendor
    try:
        connection.vendor = "sqlite"  # take the other branch, on the same rows
        in_python = figures._times_to_done(world - WINDOW)
    finally:
        connection.vendor = vendor
    assert in_python == in_database and len(in_database) == 3


# --- Who sees the figures ---------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_sign_in():
    response = Client().get(FIGURES_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["customer", "editor", "staff without the Agents group"])
def test_people_who_are_not_agents_get_404(customer, who):
    user = {"customer": lambda: customer,
            "editor": lambda: with_totp(EditorFactory()),
            "staff without the Agents group": lambda: with_totp(UserFactory(is_staff=True))}[who]()
    client = Client()
    client.force_login(user)
    assert client.get(FIGURES_URL).status_code == 404


def test_agent_without_two_factor_is_sent_away_like_everywhere_in_the_desk():
    client = Client()
    client.force_login(AgentFactory())  # no authenticator, no enrolment invitation
    response = client.get(FIGURES_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_enrolment_required")


# --- What it costs --------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_at_10_and_1000_cases(
        agent_client, carrier, verizon, agent, django_assert_num_queries):
    bulk_cases(10, carrier, agent=agent)
    bulk_cases(10, verizon, agent=agent)
    agent_client.get(FIGURES_URL)  # warm the per-process caches
    with django_assert_num_queries(EXPECTED_FIGURES_QUERIES):
        small = agent_client.get(FIGURES_URL)
    bulk_cases(990, carrier, agent=agent)
    bulk_cases(990, verizon, agent=agent)
    with django_assert_num_queries(EXPECTED_FIGURES_QUERIES):
        large = agent_client.get(FIGURES_URL)
    assert small.status_code == large.status_code == 200
    assert len(large.context["rows"]) == len(small.context["rows"]) == 3


# Session, user, agent-and-two-factor (one query); open by state, closed in the window by
# state, waiting on us and overdue, the times to done, the carriers' names.
EXPECTED_FIGURES_QUERIES = 8


@pytest.mark.postgres
def test_no_figures_query_scans_the_cases_table_or_reads_the_history(customer, carrier,
                                                                     verizon):
    """With a history much larger than the work in hand, as in production, and fresh
    statistics, every figure reads an index range of the current work or of the window:
    no Seq Scan, and no plan node the planner expects to handle a sizeable part of the
    history's 20,000 rows (its estimates, not EXPLAIN ANALYZE's counts: an index still
    holds the dead rows of earlier tests until a vacuum)."""
    now = timezone.now()
    history = 20_000
    old = [Case(reference=f"LX-OLD{i:06d}", owner=customer, carrier=(carrier, verizon)[i % 2],
                phone_number="+12025550143", phone_last_four="0143",
                state=(State.DONE, State.REJECTED, State.WITHDRAWN)[i % 3],
                waiting_on=WaitingOn.NOBODY, waiting_since=now - (60 + i % 700) * DAY,
                entered_state_at=now - (60 + i % 700) * DAY,
                submitted_at=now - (65 + i % 700) * DAY, closed_at=now - (60 + i % 700) * DAY)
           for i in range(history)]
    Case.objects.bulk_create(old, batch_size=5_000)
    bulk_cases(7 * 30, carrier)  # two months of current work in every state
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
    with CaptureQueriesContext(connection) as captured:
        desk_figures(now)
    statements = [query["sql"] for query in captured.captured_queries
                  if "cases_case" in query["sql"]]
    assert len(statements) == 4
    for sql in statements:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on cases_case" not in plan, plan
        rows_per_node = [int(rows) for rows in re.findall(r" rows=(\d+) width=", plan)]
        assert rows_per_node and max(rows_per_node) < history // 20, plan
    assert "case_done_idx" in plan  # the times: the done cases' own index
