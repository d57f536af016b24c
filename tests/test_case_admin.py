"""The agents' work queue in the admin: the list and its filters and search, the read-only
case page, the move buttons, notes and assignment, who may get in, and query counts."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.admin import (
    MOVE_BUTTONS,
    OVERDUE_AFTER_BUSINESS_DAYS,
    business_days_before,
    overdue_before,
)
from cases.business_days import business_days_between
from cases.models import AccessRecord, Case, CaseEvent
from cases.reference import new_reference
from cases.workflow import MOVES, Actor
from portal.models import OutboundEmail
from tests.factories import (
    AgentFactory,
    CarrierFactory,
    CaseFactory,
    ChecklistItemFactory,
    DocumentFactory,
    EditorFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

State = Case.State
NEW_YORK = ZoneInfo("America/New_York")
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

QUEUE_URL = reverse("admin:cases_case_changelist")


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def change_url(case: Case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def move_url(case: Case, move: str) -> str:
    return reverse("admin:cases_case_move", args=[case.pk, move])


def note_url(case: Case) -> str:
    return reverse("admin:cases_case_note", args=[case.pk])


def assign_url(case: Case) -> str:
    return reverse("admin:cases_case_assign", args=[case.pk])


@pytest.fixture
def agent(db):
    return with_totp(AgentFactory(email="avery@lineout.example"))


@pytest.fixture
def second_agent(db):
    return with_totp(AgentFactory(email="blake@lineout.example"))


@pytest.fixture
def agent_client(agent):
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def carrier(db):
    return CarrierFactory(name="T-Mobile", country="US")


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


# --- The queue ---------------------------------------------------------------------------


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


# --- The case page -----------------------------------------------------------------------


def test_case_page_shows_the_details_with_the_full_phone_number(agent_client, customer, carrier):
    ChecklistItemFactory(key="bills-settled", label="My bills are paid")
    case = make_case(customer, carrier, State.VERIFYING, phone_number="+12025550143",
                     reason="Moving abroad", checklist_answers={"bills-settled": True})

    response = agent_client.get(change_url(case))

    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page
    assert "+1 202-555-0143" in page
    assert "Moving abroad" in page
    assert "✓ My bills are paid" in page
    assert customer.email in page


def test_case_page_links_documents_only_through_the_private_view(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)
    scan = DocumentFactory(case=case)
    photo = DocumentFactory(
        case=case, kind="recent_bill", content_type="image/png", original_name="bill.png",
        file=ContentFile(PNG_BYTES, name="bill.png"), size=len(PNG_BYTES),
        sha256=hashlib.sha256(PNG_BYTES).hexdigest(),
    )

    page = agent_client.get(change_url(case)).content.decode()

    for document in (scan, photo):
        assert f'href="{document.get_absolute_url()}"' in page
        assert document.file.name not in page
        assert document.sha256[:12] in page
    assert f'src="{photo.get_absolute_url()}?inline=1"' in page
    assert f'src="{scan.get_absolute_url()}?inline=1"' not in page  # a PDF has no preview
    assert "/no-public-url/" not in page  # the storage's own URL
    assert "/media/" not in page


def test_case_page_shows_a_purged_document_without_a_link(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.DONE)
    document = DocumentFactory(case=case, purged_at=timezone.now())

    page = agent_client.get(change_url(case)).content.decode()

    assert document.original_name in page
    assert document.get_absolute_url() not in page
    assert "File deleted on" in page


def test_case_page_shows_the_whole_timeline_with_internal_notes(agent_client, customer, carrier,
                                                                 agent):
    case = make_case(customer, carrier, State.VERIFYING)
    case.add_note(by=agent, message="Bill name matches the passport.")

    page = agent_client.get(change_url(case)).content.decode()

    assert "Bill name matches the passport." in page
    assert "internal" in page
    assert agent.email in page


def test_case_page_offers_only_the_legal_moves(agent_client, customer, carrier):
    submitted = make_case(customer, carrier, State.SUBMITTED)
    verifying = make_case(customer, carrier, State.VERIFYING)
    done = make_case(customer, carrier, State.DONE)

    def offered(case):
        page = agent_client.get(change_url(case)).content.decode()
        return {move for move in MOVE_BUTTONS if move_url(case, move) in page}

    assert offered(submitted) == {"start_verification"}
    assert offered(verifying) == {"request_info", "complete", "reject"}
    assert offered(done) == set()


def test_agent_sees_no_buttons_on_their_own_case(agent_client, agent, carrier):
    case = make_case(agent, carrier, State.SUBMITTED)

    page = agent_client.get(change_url(case)).content.decode()

    assert move_url(case, "start_verification") not in page
    assert assign_url(case) not in page
    assert "This is your own case" in page


def test_case_page_cannot_be_saved_as_a_form(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    page = agent_client.get(change_url(case)).content.decode()
    response = agent_client.post(change_url(case), {"state": "done", "phone_number": "+1"})

    assert 'name="_save"' not in page
    assert 'name="state"' not in page
    assert response.status_code == 403
    assert snapshot(case) == before


# --- The move buttons --------------------------------------------------------------------

MOVE_CASES = {
    # move: (from, to, POST data, the event's message)
    "start_verification": (State.SUBMITTED, State.VERIFYING, {}, ""),
    "request_info": (State.VERIFYING, State.NEEDS_INFO,
                     {"message": "Please upload a bill with your name."},
                     "Please upload a bill with your name."),
    "complete": (State.VERIFYING, State.DONE, {}, ""),
    "reject": (State.VERIFYING, State.REJECTED, {"reason": "The account is not yours."},
               "The account is not yours."),
}


def test_buttons_cover_exactly_the_agents_moves():
    assert set(MOVE_BUTTONS) == {name for name, move in MOVES.items() if move.who is Actor.AGENT}
    assert set(MOVE_CASES) == set(MOVE_BUTTONS)


@pytest.mark.parametrize("move", list(MOVE_CASES))
def test_agent_can_make_each_move_from_the_case_page(agent_client, agent, customer, carrier,
                                                     move):
    source, target, data, message = MOVE_CASES[move]
    case = make_case(customer, carrier, source)

    response, notices = post(agent_client, move_url(case, move), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(case)
    assert [level for level, _text in notices] == ["success"]
    case.refresh_from_db()
    assert case.state == target
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.actor, event.from_state, event.to_state, event.message) == (
        CaseEvent.Kind.TRANSITION, agent, source, target, message)
    email = OutboundEmail.objects.get()
    assert email.to == [customer.email]
    assert email.kind.startswith("case/")


@pytest.mark.parametrize("move, field", [("request_info", "message"), ("reject", "reason")])
def test_agent_cannot_make_a_move_without_its_text(agent_client, customer, carrier, move, field):
    case = make_case(customer, carrier, State.VERIFYING)
    before = snapshot(case)

    _response, notices = post(agent_client, move_url(case, move), {field: "   "})

    assert [level for level, _text in notices] == ["error"]
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()


def test_an_illegal_move_shows_the_error_and_changes_nothing(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response, notices = post(agent_client, move_url(case, "complete"))

    assert response.status_code == 302
    assert notices == [("error", "This case is waiting for an agent, so it cannot be completed.")]
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_the_second_of_two_moves_from_stale_pages_gets_the_error(
    agent_client, second_agent, customer, carrier
):
    case = make_case(customer, carrier, State.SUBMITTED)
    second_client = Client()
    second_client.force_login(second_agent)
    # Both agents have the page open with the "Start review" button.
    for client in (agent_client, second_client):
        page = client.get(change_url(case)).content.decode()
        assert move_url(case, "start_verification") in page

    _first, first_notices = post(agent_client, move_url(case, "start_verification"))
    _second, second_notices = post(second_client, move_url(case, "start_verification"))

    assert [level for level, _text in first_notices] == ["success"]
    assert second_notices == [
        ("error", "This case is under review, so its review cannot start.")
    ]
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert OutboundEmail.objects.count() == 1


@pytest.mark.parametrize("url", [
    lambda case: move_url(case, "start_verification"), note_url, assign_url,
])
def test_a_get_on_a_button_url_changes_nothing(agent_client, customer, carrier, url):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response = agent_client.get(url(case))

    assert response.status_code == 405
    assert snapshot(case) == before
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("move", ["withdraw", "submit", "provide_info", "delete"])
def test_agent_cannot_make_a_customers_move_through_the_admin(agent_client, customer, carrier,
                                                              move):
    case = make_case(customer, carrier, State.SUBMITTED)
    before = snapshot(case)

    response = agent_client.post(move_url(case, move))

    assert response.status_code == 404
    assert snapshot(case) == before


def test_a_button_without_the_csrf_token_is_refused(agent, customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(move_url(case, "start_verification"))

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == State.SUBMITTED


def test_a_missing_case_answers_404(agent_client):
    response = agent_client.post(reverse("admin:cases_case_move", args=[987654, "complete"]))

    assert response.status_code == 404


# --- Notes and assignment ----------------------------------------------------------------


def test_agent_can_add_an_internal_note(agent_client, agent, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)

    response, notices = post(agent_client, note_url(case), {"message": "Called the carrier."})

    assert response.status_code == 302
    assert [level for level, _text in notices] == ["success"]
    note = CaseEvent.objects.get(case=case)
    assert (note.kind, note.actor, note.message, note.customer_visible) == (
        CaseEvent.Kind.NOTE, agent, "Called the carrier.", False)
    assert not OutboundEmail.objects.exists()


def test_agent_cannot_add_an_empty_note(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.VERIFYING)

    _response, notices = post(agent_client, note_url(case), {"message": ""})

    assert [level for level, _text in notices] == ["error"]
    assert not CaseEvent.objects.exists()


def test_agent_can_assign_a_case_to_themselves(agent_client, agent, second_agent, customer,
                                               carrier):
    case = make_case(customer, carrier, State.VERIFYING, assigned_agent=second_agent)

    _response, notices = post(agent_client, assign_url(case))

    assert [level for level, _text in notices] == ["success"]
    case.refresh_from_db()
    assert case.assigned_agent == agent
    assert case.state == State.VERIFYING
    event = CaseEvent.objects.get(case=case)
    assert event.customer_visible is False
    assert agent.email in event.message
    assert listed(agent_client, assigned="me") == {case.reference}


def test_agent_cannot_assign_a_closed_case(agent_client, customer, carrier):
    case = make_case(customer, carrier, State.DONE)

    _response, notices = post(agent_client, assign_url(case))

    assert [level for level, _text in notices] == ["error"]
    case.refresh_from_db()
    assert case.assigned_agent is None


# --- Who may get in ----------------------------------------------------------------------


def test_editor_cannot_see_the_queue_or_a_case(customer, carrier):
    case = make_case(customer, carrier, State.SUBMITTED)
    client = Client()
    client.force_login(with_totp(EditorFactory()))

    assert client.get(QUEUE_URL).status_code == 403
    assert client.get(change_url(case)).status_code == 403
    assert client.post(move_url(case, "start_verification")).status_code == 403
    assert client.post(note_url(case), {"message": "hi"}).status_code == 403
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
    assert client.post(move_url(case, "start_verification"), follow=True).status_code == 403
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
