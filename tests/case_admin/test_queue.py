"""The agents' queue: filters, search, business days, and its query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.admin import OVERDUE_AFTER_BUSINESS_DAYS, overdue_before
from cases.business_days import business_days_before, business_days_between
from cases.models import Case, CaseEvent
from cases.reference import new_reference
from tests.factories import (
    CarrierFactory,
    CaseFactory,
    DocumentFactory,
    StaffFactory,
    UserFactory,
)

from .world import (
    NEW_YORK,
    PNG_BYTES,
    QUEUE_URL,
    State,
    change_url,
    listed,
    make_case,
    set_entered,
)

# --- The queue ---------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_agent_sees_the_queue(agent_client, customer, carrier, agent):
    waiting = make_case(customer, carrier, State.SUBMITTED, phone_number="+12025550143")
    mine = make_case(customer, carrier, State.VERIFYING, assigned_agent=agent)

    response = agent_client.get(QUEUE_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert waiting.reference in page and mine.reference in page
    assert customer.email in page and agent.email in page
    assert "T-Mobile" in page
    # The queue never shows phone numbers; agents see them on the case page.
    assert "0143" not in page and "2025550143" not in page


def test_queue_lists_open_cases_oldest_first_then_closed_ones(agent_client, customer, carrier):
    now = timezone.now()
    newer = make_case(customer, carrier, State.SUBMITTED)
    older = make_case(customer, carrier, State.VERIFYING)
    done = make_case(customer, carrier, State.DONE)
    set_entered(newer, now - timedelta(days=1))
    set_entered(older, now - timedelta(days=5))
    set_entered(done, now - timedelta(days=30))

    response = agent_client.get(QUEUE_URL)

    order = [case.reference for case in response.context["cl"].result_list]
    assert order == [older.reference, newer.reference, done.reference]


def test_queue_counts_business_days_in_the_current_status(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)
    set_entered(case, timezone.now() - timedelta(days=21))
    case.refresh_from_db()

    response = agent_client.get(QUEUE_URL)

    # Three weeks hold at least 12 business days whatever the holidays: an overdue case.
    assert 'class="case-overdue"' in response.content.decode()


def test_state_filter_lists_only_that_status(agent_client, customer, carrier):
    submitted = make_case(customer, carrier, State.SUBMITTED)
    verifying = make_case(customer, carrier, State.VERIFYING)

    assert listed(agent_client, state__exact="verifying") == {verifying.reference}
    assert listed(agent_client, state__exact="submitted") == {submitted.reference}


def test_assigned_filter_lists_my_cases_unassigned_ones_or_anyones(
    agent_client, customer, carrier, agent, second_agent
):
    mine = make_case(customer, carrier, State.VERIFYING, assigned_agent=agent)
    theirs = make_case(customer, carrier, State.VERIFYING, assigned_agent=second_agent)
    nobodys = make_case(customer, carrier, State.SUBMITTED)

    assert listed(agent_client, assigned="me") == {mine.reference}
    assert listed(agent_client, assigned="nobody") == {nobodys.reference}
    assert listed(agent_client) == {mine.reference, theirs.reference, nobodys.reference}


def test_overdue_filter_lists_cases_waiting_on_us_more_than_three_business_days(
    agent_client, customer, carrier
):
    now = timezone.now()
    long_ago = now - timedelta(days=14)
    overdue = {
        make_case(customer, carrier, state) for state in
        (State.SUBMITTED, State.VERIFYING, State.NEEDS_INFO)
    }
    for case in overdue:
        set_entered(case, long_ago)
    fresh = make_case(customer, carrier, State.VERIFYING)
    set_entered(fresh, now)
    for state in (State.DRAFT, State.DONE, State.REJECTED, State.WITHDRAWN):
        set_entered(make_case(customer, carrier, state), long_ago)

    assert listed(agent_client, overdue="yes") == {case.reference for case in overdue}


def test_queue_can_show_how_many_cases_each_filter_holds(agent_client, customer, carrier,
                                                         agent):
    make_case(customer, carrier, State.VERIFYING, assigned_agent=agent)
    set_entered(make_case(customer, carrier, State.SUBMITTED), timezone.now() - timedelta(days=14))

    response = agent_client.get(QUEUE_URL, {"_facets": "True"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Assigned to me (1)" in page
    assert "Unassigned (1)" in page
    assert "Waiting more than 3 business days (1)" in page


def test_overdue_filter_counts_in_each_customers_zone_and_carriers_calendar(
    agent_client, carrier
):
    """Just after midnight in Tokyo it is already the next day there, not yet in New York."""
    tokyo_customer = UserFactory(timezone="Asia/Tokyo")
    new_york_customer = UserFactory(timezone="America/New_York")
    japanese_carrier = CarrierFactory(name="NTT Docomo", country="JP")
    cases = {
        make_case(tokyo_customer, japanese_carrier, State.VERIFYING),
        make_case(new_york_customer, carrier, State.VERIFYING),
        make_case(tokyo_customer, carrier, State.SUBMITTED),
    }
    now = timezone.now()
    expected = set()
    for case in cases:
        case.refresh_from_db()
        zone = case.owner.zone
        # Entered exactly on the boundary day in the customer's calendar: 4 business days
        # ago (overdue) or 3 (not yet), alternating.
        days_back = 4 if len(expected) % 2 == 0 else 3
        today = now.astimezone(zone).date()
        entered_day = business_days_before(today, days_back, case.carrier.country)
        entered = datetime.combine(entered_day, datetime.min.time(), tzinfo=zone)
        set_entered(case, entered + timedelta(hours=23, minutes=59))
        if days_back > OVERDUE_AFTER_BUSINESS_DAYS:
            expected.add(case.reference)

    assert listed(agent_client, overdue="yes") == expected


def test_business_days_before_walks_back_over_weekends_and_holidays():
    # Thanksgiving 2026 is Thursday the 26th.
    tuesday = date(2026, 12, 1)
    assert business_days_before(tuesday, 1) == date(2026, 11, 30)
    assert business_days_before(tuesday, 3) == date(2026, 11, 26)  # the holiday itself
    assert business_days_before(tuesday, 4) == date(2026, 11, 24)
    with pytest.raises(ValueError):
        business_days_before(tuesday, 0)


def test_overdue_cutoff_is_the_local_midnight_after_the_last_overdue_day():
    now = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    # Entered Wed 25th: Fri 27th, Mon 30th and Tue 1st make 3 business days, not overdue.
    assert overdue_before(now, NEW_YORK, "US") == datetime(2026, 11, 25, tzinfo=NEW_YORK)


def test_overdue_cutoff_agrees_with_the_business_days_column():
    for offset in range(60):
        today = date(2026, 11, 1) + timedelta(days=offset)
        now = datetime.combine(today, datetime.min.time(), tzinfo=NEW_YORK) + timedelta(hours=12)
        cutoff_day = overdue_before(now, NEW_YORK, "US").date()
        for back in range(12):
            entered = today - timedelta(days=back)
            overdue = business_days_between(entered, today, "US") > OVERDUE_AFTER_BUSINESS_DAYS
            assert (entered < cutoff_day) == overdue, (today, entered)


def test_agent_can_find_a_case_by_its_reference_in_any_case(agent_client, customer, carrier):
    case = make_case(customer, carrier)
    make_case(customer, carrier)

    assert listed(agent_client, q=case.reference.lower()) == {case.reference}


def test_agent_can_find_cases_by_the_customers_email(agent_client, customer, second_customer,
                                                     carrier):
    case = make_case(customer, carrier)
    make_case(second_customer, carrier)

    assert listed(agent_client, q="casey@example.com") == {case.reference}


def test_agent_can_find_cases_by_the_last_four_digits(agent_client, customer, carrier):
    case = make_case(customer, carrier, phone_number="+12025550143")
    make_case(customer, carrier, phone_number="+12025550199")
    make_case(customer, carrier, phone_number="+12014350100")  # 0143 but not at the end

    assert listed(agent_client, q="0143") == {case.reference}


def test_agent_can_check_a_confirmation_by_its_verification_code(agent_client, customer,
                                                                 carrier):
    done = CaseFactory(owner=customer, carrier=carrier, state="done")
    make_case(customer, carrier)

    assert listed(agent_client, q=done.verification_code) == {done.reference}


# --- Query counts ------------------------------------------------------------------------

QUEUE_QUERIES = 11
CASE_PAGE_QUERIES = 12


def fill_queue(count: int, carriers, owners, agent) -> None:
    now = timezone.now()
    states = [State.SUBMITTED, State.VERIFYING, State.NEEDS_INFO, State.DONE]
    Case.objects.bulk_create([
        Case(
            reference=new_reference(), owner=owners[i % len(owners)],
            carrier=carriers[i % len(carriers)], phone_number="+12025550143",
            state=states[i % len(states)], entered_state_at=now - timedelta(hours=7 * i),
            submitted_at=now - timedelta(hours=7 * i),
            assigned_agent=agent if i % 3 == 0 else None,
        )
        for i in range(count)
    ])


@pytest.mark.parametrize("size", [10, 1000])
def test_queue_costs_the_same_queries_at_any_size(agent_client, agent, size,
                                                  django_assert_max_num_queries):
    carriers = [CarrierFactory(country="US"), CarrierFactory(country="GB")]
    owners = [UserFactory(timezone=zone) for zone in ("America/New_York", "Europe/London")]
    fill_queue(size, carriers, owners, agent)

    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = agent_client.get(QUEUE_URL)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(size, 100)

    # The overdue filter first asks which calendars (country, zone) are in use.
    with django_assert_max_num_queries(QUEUE_QUERIES + 1):
        response = agent_client.get(QUEUE_URL, {"overdue": "yes", "assigned": "me"})
    assert response.status_code == 200


@pytest.mark.parametrize("events", [3, 60])
def test_case_page_costs_the_same_queries_at_any_timeline_length(
    agent_client, agent, customer, carrier, events, django_assert_max_num_queries
):
    case = make_case(customer, carrier, State.VERIFYING, checklist_answers={"a": True})
    DocumentFactory(case=case)
    DocumentFactory(case=case, content_type="image/png", file=ContentFile(PNG_BYTES, "x.png"))
    actors = [customer, agent, None]
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, actor=actors[i % 3], kind=CaseEvent.Kind.NOTE,
                  message=f"Event {i}", customer_visible=bool(i % 2))
        for i in range(events)
    ])

    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        response = agent_client.get(change_url(case))
    assert response.status_code == 200
    assert f"Event {events - 1}" in response.content.decode()


def test_operator_retries_a_failed_reminder(client):
    from cases.models import Reminder

    operator = StaffFactory(is_superuser=True)
    TOTP.activate(operator, generate_totp_secret())
    case = CaseFactory(state="verifying")
    reminder = Reminder.objects.create(case=case, kind="review_follow_up", for_state="verifying",
                                       due_at=timezone.now(), status="failed", attempts=5,
                                       last_error="TemplateSyntaxError: boom")
    client.force_login(operator)
    page = client.get(reverse("admin:cases_reminder_changelist") + "?status=failed")
    assert "TemplateSyntaxError" in page.content.decode()
    client.post(reverse("admin:cases_reminder_changelist"),
                {"action": "retry_now", "_selected_action": [reminder.pk]})
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("pending", 0)
