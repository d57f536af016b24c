"""Reminders: due times in the customer's zone, scheduling and cancelling, sending once,
preferences and one-click unsubscribe, and the retention purge."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases import reminder_delivery, retention
from cases.models import Case, CaseEvent, Document
from cases.reminders import next_cycle_day
from cases.unsubscribe import make_token

from .factories import AgentFactory, CarrierFactory, CaseFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


@pytest.fixture
def agent():
    return AgentFactory()


def case_for(timezone_name: str = "America/New_York", language: str = "en", **fields) -> Case:
    owner = UserFactory(timezone=timezone_name, language=language)
    return CaseFactory(owner=owner, carrier=CarrierFactory(country="US"), **fields)


def enter_verifying_at(case: Case, agent, moment: datetime) -> None:
    Case.objects.filter(pk=case.pk).update(state="submitted")
    case.refresh_from_db()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        case.start_verification(by=agent)


def due(case: Case, kind: str) -> datetime:
    return case.reminders.get(kind=kind, status="pending").due_at


# --- Due times --------------------------------------------------------------------------

@pytest.mark.parametrize("entered,follow_up,overdue", [
    # DESIGN.md's worked examples: Thanksgiving, then Christmas.
    (datetime(2026, 11, 25, 15, 0, tzinfo=NEW_YORK),
     datetime(2026, 11, 27, 9, 0, tzinfo=NEW_YORK), datetime(2026, 12, 1, 9, 0, tzinfo=NEW_YORK)),
    (datetime(2026, 12, 24, 10, 0, tzinfo=NEW_YORK),
     datetime(2026, 12, 28, 9, 0, tzinfo=NEW_YORK), datetime(2026, 12, 30, 9, 0, tzinfo=NEW_YORK)),
])
def test_review_reminders_follow_the_worked_examples(agent, entered, follow_up, overdue):
    case = case_for()
    enter_verifying_at(case, agent, entered)
    assert due(case, "review_follow_up") == follow_up
    assert due(case, "review_overdue") == overdue


def test_day_zero_is_the_customers_local_date(agent):
    # Tue 24 Nov 20:00 UTC is Tuesday afternoon in New York but Wednesday in Shanghai.
    moment = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
    in_new_york, in_shanghai = case_for("America/New_York"), case_for("Asia/Shanghai")
    enter_verifying_at(in_new_york, agent, moment)
    enter_verifying_at(in_shanghai, agent, moment)
    assert due(in_new_york, "review_follow_up") == datetime(2026, 11, 25, 9, 0, tzinfo=NEW_YORK)
    assert due(in_shanghai, "review_follow_up") == datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)


def test_info_nudge_is_due_on_business_day_two(agent):
    case = case_for("Asia/Shanghai", state="verifying")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: datetime(2026, 12, 23, 2, 0, tzinfo=UTC))
        case.request_info(by=agent, message="Please add a bill.")
    # Wed 23 Dec in Shanghai; Christmas (US calendar) is skipped: Thu 24, Mon 28.
    assert due(case, "info_nudge") == datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)


def test_final_bill_is_due_on_the_next_billing_cycle_day(agent):
    case = case_for(state="verifying", billing_cycle_day=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: datetime(2026, 12, 10, 12, tzinfo=NEW_YORK))
        case.complete(by=agent)
    assert due(case, "final_bill") == datetime(2027, 1, 5, 9, 0, tzinfo=NEW_YORK)
    assert not case.reminders.filter(kind="balance_refund").exists()


def test_without_a_cycle_day_the_final_bill_reminder_comes_after_30_days(agent):
    case = case_for("Asia/Shanghai", state="verifying", prepaid_balance=Decimal("12.50"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: datetime(2026, 12, 10, 12, tzinfo=UTC))
        case.complete(by=agent)
    assert due(case, "final_bill") == datetime(2027, 1, 9, 9, 0, tzinfo=SHANGHAI)
    assert due(case, "balance_refund") == datetime(2027, 1, 9, 9, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize("after,cycle_day,expected", [
    (date(2026, 12, 10), 5, date(2027, 1, 5)),
    (date(2026, 12, 4), 5, date(2026, 12, 5)),
    (date(2026, 12, 5), 5, date(2027, 1, 5)),  # strictly after the done date
    (date(2027, 1, 31), 28, date(2027, 2, 28)),
])
def test_next_cycle_day(after, cycle_day, expected):
    assert next_cycle_day(after, cycle_day) == expected


# --- Scheduling and cancelling ------------------------------------------------------------

def test_leaving_verifying_cancels_its_reminders_and_coming_back_schedules_new_ones(agent):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    case.request_info(by=agent, message="One more document, please.")
    assert set(case.reminders.filter(status="cancelled").values_list("kind", flat=True)) == {
        "review_follow_up", "review_overdue"}
    assert case.reminders.get(status="pending").kind == "info_nudge"
    case.provide_info(by=case.owner, message="Here it is.")
    assert case.reminders.get(kind="info_nudge").status == "cancelled"
    assert sorted(case.reminders.filter(status="pending").values_list("kind", "sequence")) == [
        ("review_follow_up", 2), ("review_overdue", 2)]


def test_withdrawing_cancels_every_pending_reminder(agent):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    case.withdraw(by=case.owner)
    assert not case.reminders.filter(status="pending").exists()


# --- Sending ------------------------------------------------------------------------------

def run_dispatch(now: datetime) -> int:
    return reminder_delivery.dispatch(
        now=now, hand_off=lambda ids: reminder_delivery.send_in_process(ids, now=now))


def test_a_due_reminder_is_emailed_once_in_the_customers_language(agent, mailoutbox):
    case = case_for("Asia/Shanghai", language="zh-hans", state="submitted",
                    phone_number="+12025550143")
    case.start_verification(by=agent)
    mailoutbox.clear()
    later = due(case, "review_follow_up") + timedelta(minutes=1)
    assert run_dispatch(later) == 1
    assert run_dispatch(later) == 0
    [email] = mailoutbox
    assert email.to == [case.owner.email]
    assert "•••• 0143" in email.body and "+12025550143" not in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/cases/reminders/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in email.subject)
    reminder = case.reminders.get(kind="review_follow_up")
    assert (reminder.status, reminder.email.status) == ("sent", "sent")


def test_sending_the_same_reminder_twice_writes_one_email(agent, mailoutbox):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    reminder = case.reminders.get(kind="review_follow_up")
    later = reminder.due_at + timedelta(minutes=1)
    assert reminder_delivery.send(reminder.pk, now=later) == "sent"
    assert reminder_delivery.send(reminder.pk, now=later) == "skipped"
    assert len([m for m in mailoutbox if "review" in m.subject.lower()]) == 1


def test_a_reminder_is_not_sent_before_it_is_due(agent, mailoutbox):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    mailoutbox.clear()
    assert run_dispatch(due(case, "review_follow_up") - timedelta(minutes=1)) == 0
    assert mailoutbox == []


def test_a_reminder_for_a_state_the_case_left_is_cancelled_not_sent(agent, mailoutbox):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    reminder = case.reminders.get(kind="review_follow_up")
    Case.objects.filter(pk=case.pk).update(state="done")  # e.g. an admin fixed it by hand
    mailoutbox.clear()
    assert reminder_delivery.send(reminder.pk, now=reminder.due_at) == "cancelled"
    assert mailoutbox == []


def test_a_customer_who_turned_follow_ups_off_gets_none(agent, mailoutbox):
    case = case_for(state="submitted")
    case.owner.receives_follow_up_reminders = False
    case.owner.save()
    case.start_verification(by=agent)  # the status email is still written
    assert case.owner.outbound_emails.filter(kind="case/case_verifying").exists()
    run_dispatch(due(case, "review_follow_up") + timedelta(minutes=1))
    reminder = case.reminders.get(kind="review_follow_up")
    assert reminder.status == "cancelled"
    assert "turned these reminders off" in reminder.last_error


def test_review_overdue_also_tells_the_agents(agent, mailoutbox, deliver_outbox):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    run_dispatch(due(case, "review_overdue") + timedelta(minutes=1))
    sent = deliver_outbox()
    to_agent = [m for m in sent if m.to == [agent.email]]
    assert len(to_agent) == 1 and case.reference in to_agent[0].subject


def test_dispatch_command_sends_what_is_due_at_the_given_time(agent, mailoutbox):
    case = case_for(state="submitted")
    case.start_verification(by=agent)
    moment = (due(case, "review_follow_up") + timedelta(minutes=1)).isoformat()
    call_command("dispatch_reminders", "--now", moment)
    assert case.reminders.get(kind="review_follow_up").status == "sent"


# --- Unsubscribe --------------------------------------------------------------------------

def test_one_click_unsubscribe_turns_off_only_that_kind(client):
    user = UserFactory()
    url = reverse("cases:unsubscribe", args=[make_token(user, "follow_up")])
    page = client.get(url)
    assert page.status_code == 200
    user.refresh_from_db()
    assert user.receives_follow_up_reminders  # a GET changes nothing
    assert client.post(url).status_code == 200  # no session, no CSRF token: RFC 8058
    user.refresh_from_db()
    assert not user.receives_follow_up_reminders
    assert user.receives_final_bill_reminders


def test_a_tampered_unsubscribe_token_changes_nothing(client):
    user = UserFactory()
    token = make_token(user, "final_bill")
    response = client.post(reverse("cases:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.receives_final_bill_reminders


def test_settings_page_turns_reminders_back_on(client):
    user = UserFactory(receives_final_bill_reminders=False)
    client.force_login(user)
    client.post(reverse("preferences"), {
        "first_name": "Casey", "language": "en", "timezone": "America/New_York",
        "receives_follow_up_reminders": "on", "receives_final_bill_reminders": "on",
    })
    user.refresh_from_db()
    assert user.receives_final_bill_reminders


# --- Retention ----------------------------------------------------------------------------

def test_documents_are_purged_after_the_retention_period_once(settings):
    settings.DOCUMENT_RETENTION_DAYS = 30
    now = timezone.now()
    closed = CaseFactory(state="done")
    Case.objects.filter(pk=closed.pk).update(closed_at=now - timedelta(days=31))
    document = DocumentFactory(case=closed)
    storage, name = document.file.storage, document.file.name
    recent = CaseFactory(state="done")
    Case.objects.filter(pk=recent.pk).update(closed_at=now - timedelta(days=29))
    kept = DocumentFactory(case=recent)
    open_case = DocumentFactory(case=CaseFactory(state="verifying"))

    assert retention.purge_expired_documents(now=now) == 1
    assert retention.purge_expired_documents(now=now) == 0
    document.refresh_from_db()
    assert document.purged_at is not None and not storage.exists(name)
    assert Document.objects.filter(pk__in=[kept.pk, open_case.pk], purged_at=None).count() == 2
    assert closed.events.filter(kind=CaseEvent.Kind.SYSTEM, code="documents_purged").count() == 1
