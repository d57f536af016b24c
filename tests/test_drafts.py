"""Abandoned drafts: the nudge after 30 days without changes, the system's withdrawal after
60, the documents purged at once, the settings, the command and the beat task.

Time runs on a test clock (``timezone.now`` patched), so a customer's change stamps the
case's ``updated_at`` at the clock's time, as it would days later in production.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from cases import drafts, reminder_delivery, retention, services
from cases.models import Case, CaseEvent, Document, Reminder
from cases.uploads import CleanDocument
from cases.workflow import TransitionNotAllowed
from portal.models import OutboundEmail
from tests.factories import PDF_BYTES, CarrierFactory, CaseFactory, DocumentFactory, UserFactory
from tests.test_settings import development_env, read_settings, startup_error

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday afternoon in New York: the draft's last change in most tests.
START = datetime(2027, 1, 4, 15, 0, tzinfo=NEW_YORK)
DRAFT_NUDGE = Reminder.Kind.DRAFT_NUDGE


def day(n: int, **delta) -> datetime:
    return START + timedelta(days=n, **delta)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(START)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture(autouse=True)
def _draft_days(settings):
    settings.DRAFT_NUDGE_AFTER_DAYS = 30
    settings.DRAFT_WITHDRAW_AFTER_DAYS = 60
    settings.DOCUMENT_RETENTION_DAYS = 30


@pytest.fixture
def shipped_copy():
    """The email copy Lineout ships with (both languages), as after ``make run``."""
    call_command("load_guidance", stdout=StringIO())


def draft_for(owner=None, **fields) -> Case:
    """A draft with an ID scan, last changed at the clock's time."""
    owner = owner or UserFactory()
    case = CaseFactory(owner=owner, carrier=CarrierFactory(country="US"), **fields)
    DocumentFactory(case=case)
    case.refresh_from_db()
    return case


def nudges(case: Case):
    return case.reminders.filter(kind=DRAFT_NUDGE).order_by("sequence")


def tick_checklist(case: Case) -> None:
    """A customer's change to the draft (it saves the case, so ``updated_at`` moves)."""
    services.update_checklist(case=case, by=case.owner, answers={"contacts-saved": True})


def sweep_at(moment: datetime, clock: Clock) -> drafts.SweepResult:
    clock.set(moment)
    return drafts.sweep()


# --- The nudge --------------------------------------------------------------------------


def test_a_draft_unchanged_for_30_days_gets_a_nudge_at_nine_the_next_morning(clock, customer):
    case = draft_for(customer)
    assert sweep_at(day(30), clock) == drafts.SweepResult(nudged=1, withdrawn=0)
    [nudge] = nudges(case)
    assert (nudge.status, nudge.for_state, nudge.sequence) == ("pending", "draft", 1)
    # Day 30 is Wed 3 Feb 15:00 in New York: the next 09:00 there is Thursday's.
    assert nudge.due_at == datetime(2027, 2, 4, 9, 0, tzinfo=NEW_YORK)


def test_a_nudge_found_before_nine_is_due_the_same_morning_in_the_customers_zone(clock):
    case = draft_for(UserFactory(timezone="Asia/Shanghai"))
    # 15:00 in New York is 04:00 the next day in Shanghai.
    sweep_at(day(30), clock)
    assert nudges(case).get().due_at == datetime(2027, 2, 4, 9, 0, tzinfo=SHANGHAI)


def test_a_draft_unchanged_for_29_days_gets_no_nudge(clock, customer):
    case = draft_for(customer)
    assert sweep_at(day(29, hours=23, minutes=59), clock) == drafts.SweepResult(0, 0)
    assert not nudges(case).exists()


def test_a_second_sweep_does_not_nudge_again(clock, customer):
    case = draft_for(customer)
    assert sweep_at(day(30), clock).nudged == 1
    assert sweep_at(day(30, minutes=5), clock).nudged == 0
    assert sweep_at(day(45), clock).nudged == 0
    assert nudges(case).count() == 1


def test_a_sent_nudge_is_not_followed_by_another_without_a_change(clock, customer):
    case = draft_for(customer)
    sweep_at(day(30), clock)
    reminder_delivery.send(nudges(case).get().pk, now=day(31))
    assert nudges(case).get().status == "sent"
    assert sweep_at(day(40), clock).nudged == 0


def test_a_change_resets_the_clock_and_the_next_nudge_comes_30_days_later(clock, customer):
    case = draft_for(customer)
    sweep_at(day(30), clock)
    clock.set(day(40))
    tick_checklist(case)
    assert sweep_at(day(60), clock) == drafts.SweepResult(0, 0)  # 20 days since the change
    assert sweep_at(day(69, hours=23), clock).nudged == 0
    assert sweep_at(day(70), clock).nudged == 1
    assert list(nudges(case).values_list("sequence", flat=True)) == [1, 2]
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT


def test_an_upload_counts_as_a_change(clock, customer):
    case = draft_for(customer)
    clock.set(day(20))
    services.add_document(
        case=case, by=customer, kind=Document.Kind.RECENT_BILL, original_name="bill.pdf",
        clean=CleanDocument(content=PDF_BYTES + b"% March\n", content_type="application/pdf",
                            extension="pdf", sha256="0" * 64),
    )
    case.refresh_from_db()
    assert case.updated_at == day(20)
    assert sweep_at(day(30), clock).nudged == 0
    assert sweep_at(day(50), clock).nudged == 1


def test_only_drafts_are_nudged_or_withdrawn(clock, customer):
    submitted = CaseFactory(owner=customer, state="submitted")
    closed = CaseFactory(owner=customer, state="withdrawn")
    assert sweep_at(day(90), clock) == drafts.SweepResult(0, 0)
    assert not Reminder.objects.filter(case__in=[submitted, closed]).exists()
    submitted.refresh_from_db()
    assert submitted.state == Case.State.SUBMITTED


def test_the_nudge_is_emailed_in_the_customers_language_with_the_withdrawal_date(
    clock, shipped_copy, mailoutbox
):
    owner = UserFactory(language="zh-hans", timezone="Asia/Shanghai")
    case = draft_for(owner)
    sweep_at(day(30), clock)
    nudge = nudges(case).get()
    assert reminder_delivery.send(nudge.pk, now=nudge.due_at) == "sent"
    [email] = mailoutbox
    assert email.to == [owner.email]
    assert email.subject == f"您的申请 {case.reference} 仍是草稿"
    # Unchanged since 5 Jan 04:00 in Shanghai: withdrawn 60 days later, on 6 March.
    assert "2027年3月6日" in email.body
    assert "/cases/reminders/unsubscribe/" in email.extra_headers["List-Unsubscribe"]


def test_the_nudge_is_not_sent_when_the_draft_changed_after_it_was_scheduled(clock, customer):
    case = draft_for(customer)
    sweep_at(day(30), clock)  # due the next morning at 09:00
    clock.set(day(30, hours=5))
    tick_checklist(case)
    nudge = nudges(case).get()
    assert reminder_delivery.send(nudge.pk, now=nudge.due_at) == "cancelled"
    nudge.refresh_from_db()
    assert "changed the draft" in nudge.last_error
    assert not OutboundEmail.objects.filter(kind="reminder/draft_nudge").exists()


def test_a_customer_who_turned_follow_ups_off_gets_no_draft_nudge(clock):
    case = draft_for(UserFactory(receives_follow_up_reminders=False))
    sweep_at(day(30), clock)
    nudge = nudges(case).get()
    assert reminder_delivery.send(nudge.pk, now=nudge.due_at) == "cancelled"
    assert not OutboundEmail.objects.filter(kind="reminder/draft_nudge").exists()


def test_the_sweep_pages_through_drafts_in_bounded_batches(clock):
    cases = [draft_for() for _ in range(5)]
    clock.set(day(30))
    assert drafts.sweep(batch_size=2, max_batches=2).nudged == 4  # the rest wait
    assert drafts.sweep(batch_size=2, max_batches=2).nudged == 1
    assert Reminder.objects.filter(case__in=cases, kind=DRAFT_NUDGE).count() == 5


# --- The system's withdrawal ------------------------------------------------------------


def test_a_draft_unchanged_for_60_days_is_withdrawn_by_the_system(clock, shipped_copy):
    owner = UserFactory(language="zh-hans", timezone="Asia/Shanghai")
    case = draft_for(owner)
    sweep_at(day(30), clock)
    assert sweep_at(day(60), clock) == drafts.SweepResult(nudged=0, withdrawn=1)

    case.refresh_from_db()
    assert (case.state, case.closed_at) == (Case.State.WITHDRAWN, day(60))
    assert case.waiting_on == Case.WaitingOn.NOBODY
    event = case.events.get(kind=CaseEvent.Kind.TRANSITION)
    assert (event.actor, event.from_state, event.to_state) == (None, "draft", "withdrawn")
    assert event.customer_visible
    # Stored as what happened, and worded in the language of whoever reads it.
    assert (event.code, event.params, event.message) == ("draft_expired", {"days": 60}, "")
    with translation.override("zh-hans"):
        assert event.text == "此草稿已自动撤回：已连续 60 天没有任何更改。"
    nudge = nudges(case).get()
    assert (nudge.status, nudge.last_error) == ("cancelled", "the case left the state")
    email = OutboundEmail.objects.get(kind="case/case_expired")
    assert (email.recipient, email.to) == (owner, [owner.email])
    assert email.subject == f"您的草稿申请 {case.reference} 已撤回"
    assert event.message in email.body_text


def test_the_withdrawal_email_says_why_in_english_too(clock, customer, deliver_outbox):
    case = draft_for(customer)
    sweep_at(day(60), clock)
    [email] = [m for m in deliver_outbox() if case.reference in m.subject]
    assert email.subject == f"We withdrew your draft {case.reference}"
    assert "had no changes for 60 days" in email.body
    assert "documents you uploaded are being deleted" in email.body


def test_a_draft_unchanged_for_59_days_is_not_withdrawn(clock, customer):
    case = draft_for(customer)
    assert sweep_at(day(59, hours=23, minutes=59), clock).withdrawn == 0
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT


def test_a_second_sweep_does_not_withdraw_again(clock, customer):
    case = draft_for(customer)
    assert sweep_at(day(60), clock).withdrawn == 1
    assert sweep_at(day(61), clock) == drafts.SweepResult(0, 0)
    assert case.events.filter(kind=CaseEvent.Kind.TRANSITION).count() == 1
    assert OutboundEmail.objects.filter(kind="case/case_expired").count() == 1


def test_a_draft_the_customer_changes_while_the_sweep_runs_is_not_withdrawn(
    clock, customer, monkeypatch
):
    case = draft_for(customer)
    read_drafts = drafts._drafts_unchanged_since

    def customer_changes_it_after_the_sweep_read_it(*args, **kwargs):
        for stale in read_drafts(*args, **kwargs):
            tick_checklist(stale)
            yield stale

    monkeypatch.setattr(drafts, "_drafts_unchanged_since",
                        customer_changes_it_after_the_sweep_read_it)
    assert sweep_at(day(60), clock).withdrawn == 0
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT
    assert not case.events.filter(kind=CaseEvent.Kind.TRANSITION).exists()
    assert not OutboundEmail.objects.filter(kind="case/case_expired").exists()


def test_the_system_move_refuses_a_changed_draft_and_writes_nothing(clock, customer):
    case = draft_for(customer)
    clock.set(day(60))
    tick_checklist(case)
    with pytest.raises(TransitionNotAllowed, match="changed recently"):
        case.expire(by=None, untouched_since=day(0))
    assert Case.objects.get(pk=case.pk).state == Case.State.DRAFT
    assert not OutboundEmail.objects.exists()


def test_nobody_but_the_system_withdraws_an_unchanged_draft(clock, customer):
    case = draft_for(customer)
    clock.set(day(60))
    with pytest.raises(TransitionNotAllowed, match="Only the portal itself"):
        case.expire(by=customer, untouched_since=day(0))
    with pytest.raises(TransitionNotAllowed, match="Only the customer who opened this case"):
        case.withdraw(by=None)
    assert Case.objects.get(pk=case.pk).state == Case.State.DRAFT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_customer_editing_as_the_sweep_withdraws_keeps_the_draft(clock, monkeypatch):
    case = draft_for(UserFactory())
    clock.set(day(60))
    editing, outcome, refused = threading.Event(), {}, []
    expire = Case.expire

    def recorded_expire(self, **kwargs):
        try:
            return expire(self, **kwargs)
        except TransitionNotAllowed as error:
            refused.append(error.message)
            raise

    monkeypatch.setattr(Case, "expire", recorded_expire)

    def customer_edits() -> None:
        try:
            with transaction.atomic():
                tick_checklist(Case.objects.get(pk=case.pk))  # the row stays locked ...
                editing.set()
                time.sleep(0.5)  # ... while the sweep waits for it
        finally:
            connection.close()

    def sweep() -> None:
        try:
            editing.wait(timeout=10)
            outcome["result"] = drafts.sweep()
        finally:
            connection.close()

    threads = [threading.Thread(target=customer_edits), threading.Thread(target=sweep)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome["result"].withdrawn == 0
    # The sweep read the draft as it was, then waited for the row and saw the change.
    assert refused == ["This draft was changed recently, so it stays open."]
    assert Case.objects.get(pk=case.pk).state == Case.State.DRAFT
    assert not OutboundEmail.objects.filter(kind="case/case_expired").exists()


# --- Documents --------------------------------------------------------------------------


def test_the_retention_task_purges_an_expired_drafts_documents_at_once(clock, customer):
    case = draft_for(customer)
    document = case.documents.get()
    storage, name = document.file.storage, document.file.name
    sweep_at(day(60), clock)

    assert retention.purge_expired_documents(now=day(60, hours=1)) == 1
    assert retention.purge_expired_documents(now=day(60, hours=2)) == 0
    document.refresh_from_db()
    assert document.purged_at == day(60, hours=1) and not storage.exists(name)
    event = case.events.get(kind=CaseEvent.Kind.SYSTEM, code="documents_purged_draft")
    assert event.text == ("Your documents were deleted right away: the draft was withdrawn "
                          "before anyone reviewed them.")


def test_a_draft_the_customer_withdrew_keeps_the_30_day_rule(clock, customer):
    case = draft_for(customer)
    document = case.documents.get()
    storage, name = document.file.storage, document.file.name
    clock.set(day(10))
    case.withdraw(by=customer)

    assert retention.purge_expired_documents(now=day(11)) == 0
    assert storage.exists(name)
    assert retention.purge_expired_documents(now=day(40, hours=1)) == 1
    assert not storage.exists(name)
    assert case.events.filter(code="documents_purged", params={"days": 30}).count() == 1


# --- Settings, command, beat -----------------------------------------------------------


def draft_env(**values: str) -> dict[str, str]:
    environment = development_env(**values)
    for name in ("DRAFT_NUDGE_AFTER_DAYS", "DRAFT_WITHDRAW_AFTER_DAYS"):
        if name not in values:
            environment.pop(name, None)
    return environment


def test_draft_days_default_to_30_and_60():
    values = read_settings(draft_env(), "DRAFT_NUDGE_AFTER_DAYS", "DRAFT_WITHDRAW_AFTER_DAYS")
    assert values == {"DRAFT_NUDGE_AFTER_DAYS": 30, "DRAFT_WITHDRAW_AFTER_DAYS": 60}


def test_draft_days_come_from_the_environment():
    values = read_settings(draft_env(DRAFT_NUDGE_AFTER_DAYS="14", DRAFT_WITHDRAW_AFTER_DAYS="45"),
                           "DRAFT_NUDGE_AFTER_DAYS", "DRAFT_WITHDRAW_AFTER_DAYS")
    assert values == {"DRAFT_NUDGE_AFTER_DAYS": 14, "DRAFT_WITHDRAW_AFTER_DAYS": 45}


def test_withdrawing_no_later_than_the_nudge_is_refused_at_start_up():
    error = startup_error(draft_env(DRAFT_NUDGE_AFTER_DAYS="30", DRAFT_WITHDRAW_AFTER_DAYS="30"))
    assert "ImproperlyConfigured" in error
    assert "DRAFT_WITHDRAW_AFTER_DAYS=30 must be greater than DRAFT_NUDGE_AFTER_DAYS=30" in error


def test_draft_days_that_are_not_whole_numbers_are_refused_at_start_up():
    error = startup_error(draft_env(DRAFT_NUDGE_AFTER_DAYS="a month"))
    assert "DRAFT_NUDGE_AFTER_DAYS='a month' is not a whole number" in error


def test_sweep_drafts_command_nudges_and_withdraws_as_of_the_given_time(clock, customer):
    old = draft_for(customer)
    clock.set(day(30))
    newer = draft_for(customer)
    out = StringIO()
    call_command("sweep_drafts", "--now", day(60).isoformat(), stdout=out)
    assert out.getvalue().strip() == "1 draft(s) nudged, 1 withdrawn."
    assert Case.objects.get(pk=old.pk).state == Case.State.WITHDRAWN
    assert nudges(newer).count() == 1


def test_sweep_drafts_command_refuses_a_time_without_an_offset():
    with pytest.raises(CommandError, match="offset"):
        call_command("sweep_drafts", "--now", "2027-03-05T12:00:00")


def test_beat_sweeps_drafts_hourly_with_a_registered_task(clock, customer):
    from cases import tasks
    from portal.celery import app

    entry = app.conf.beat_schedule["sweep-drafts"]
    assert entry["task"] == "cases.tasks.sweep_drafts"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    draft_for(customer)
    clock.set(day(30))
    assert tasks.sweep_drafts.delay().get() == {"nudged": 1, "withdrawn": 0}


def test_the_customers_page_says_the_portal_withdrew_the_unchanged_draft(clock, customer,
                                                                         client):
    case = draft_for(customer)
    sweep_at(day(60), clock)
    client.force_login(customer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "We withdrew this draft because it had not changed" in page
    assert "You withdrew this case" not in page
