"""The outbox: an email is a row first, sent once, retried when SMTP fails for now."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone

from portal import outbox
from portal.models import OutboundEmail

from .support.smtp import body_html, body_text

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def make_email(to="casey@example.com", kind="case/status", html=True, **fields) -> OutboundEmail:
    message = EmailMultiAlternatives("Your case", "Plain words", "Lineout <s@example.com>", [to])
    if html:
        message.attach_alternative("<p>Plain words</p>", "text/html")
    email = outbox.enqueue(message, kind=kind)
    if fields:
        OutboundEmail.objects.filter(pk=email.pk).update(**fields)
        email.refresh_from_db()
    return email


def test_enqueue_writes_a_pending_row_with_both_bodies():
    email = make_email()
    assert email.status == Status.PENDING
    assert email.to == ["casey@example.com"]
    assert email.body_text == "Plain words"
    assert email.body_html == "<p>Plain words</p>"


def test_enqueue_queues_a_send_task_only_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = make_email()
    assert len(callbacks) == 1
    assert mailoutbox == []
    callbacks[0]()  # eager Celery in unit tests: the task runs here
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert len(mailoutbox) == 1


def test_a_broker_that_is_down_leaves_the_email_for_the_dispatcher(monkeypatch):
    from portal import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.deliver_outbound_email, "delay", broker_down)
    email = make_email()
    outbox._publish([email.pk])
    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.queued_at is None
    assert list(OutboundEmail.objects.due(timezone.now())) == [email]


def test_deliver_sends_over_smtp_and_marks_sent(smtp_server):
    email = make_email()
    assert outbox.deliver(email.pk).status == "sent"
    [received] = smtp_server.inbox.wait_for(1)
    assert received["To"] == "casey@example.com"
    assert body_text(received).strip() == "Plain words"
    assert "<p>Plain words</p>" in body_html(received)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)
    assert email.sent_at is not None


def test_delivering_twice_sends_once(smtp_server):
    email = make_email()
    outbox.deliver(email.pk)
    assert outbox.deliver(email.pk).status == "skipped"
    assert len(smtp_server.inbox.messages) == 1


def test_a_down_smtp_server_means_a_retry_later(smtp_server):
    smtp_server.stop()
    email = make_email()
    before = timezone.now()
    outcome = outbox.deliver(email.pk)
    email.refresh_from_db()
    assert outcome.status == "retry"
    assert email.status == Status.PENDING
    assert email.attempts == 1
    assert "Connection" in email.last_error
    # First backoff: a minute, with ±20 % jitter.
    assert before + timedelta(seconds=47) <= email.next_attempt_at <= before + timedelta(seconds=73)


def test_a_temporary_smtp_reply_means_a_retry_and_the_retry_delivers(smtp_server):
    smtp_server.inbox.temporary_failures = 1
    email = make_email()
    assert outbox.deliver(email.pk).status == "retry"
    email.refresh_from_db()
    assert "451" in email.last_error
    assert outbox.deliver(email.pk).status == "skipped"  # not due yet
    assert outbox.deliver(email.pk, now=email.next_attempt_at).status == "sent"
    assert len(smtp_server.inbox.wait_for(1)) == 1


def test_a_permanent_smtp_reply_fails_without_retrying(smtp_server):
    smtp_server.inbox.permanent_failures = 1
    email = make_email()
    assert outbox.deliver(email.pk).status == "failed"
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "554" in email.last_error
    assert OutboundEmail.objects.due(timezone.now() + timedelta(days=1)).count() == 0


def test_the_last_attempt_ends_as_failed(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.stop()
    email = make_email()
    assert outbox.deliver(email.pk).status == "retry"
    email.refresh_from_db()
    assert outbox.deliver(email.pk, now=email.next_attempt_at).status == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 2)


@pytest.mark.parametrize("attempts,low,high", [(1, 48, 72), (3, 192, 288), (12, 1440, 2160)])
def test_backoff_doubles_with_jitter_and_stops_at_half_an_hour(attempts, low, high):
    delays = [outbox.backoff(attempts).total_seconds() for _ in range(50)]
    assert all(low <= delay <= high for delay in delays)
    assert len(set(delays)) > 1  # jitter: retries of many emails do not march in step


def test_account_email_bodies_are_not_kept_after_sending(mailoutbox):
    email = make_email(kind="account/email/password_reset_key")
    outbox.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert (email.body_text, email.body_html) == ("", "")
    assert mailoutbox[0].body == "Plain words"


def test_dispatch_hands_off_due_emails_once_while_their_task_is_queued():
    due = [make_email(queued_at=None) for _ in range(3)]
    now = timezone.now()
    make_email(queued_at=None, next_attempt_at=now + timedelta(hours=1))  # not yet
    handed = []
    assert outbox.dispatch(now=now, hand_off=handed.extend) == 3
    assert sorted(handed) == sorted(e.pk for e in due)
    assert outbox.dispatch(now=now, hand_off=handed.extend) == 0  # queued, not lost yet
    later = now + OutboundEmail.REQUEUE_AFTER + timedelta(seconds=1)
    assert outbox.dispatch(now=later, hand_off=handed.extend) == 3  # the task was lost


def test_dispatch_works_in_bounded_batches():
    for _ in range(7):
        make_email(queued_at=None)
    batches = []
    count = outbox.dispatch(now=timezone.now(), batch_size=3, hand_off=batches.append)
    assert count == 7
    assert [len(batch) for batch in batches] == [3, 3, 1]


def test_an_email_abandoned_mid_send_is_sent_again_after_the_claim_times_out(mailoutbox):
    now = timezone.now()
    email = make_email(status=Status.SENDING, attempts=1, claimed_at=now, queued_at=None)
    assert outbox.dispatch(now=now, hand_off=outbox.deliver_in_process) == 0
    later = now + OutboundEmail.CLAIM_TIMEOUT + timedelta(seconds=1)
    outbox.dispatch(now=later, hand_off=lambda ids: outbox.deliver_in_process(ids, now=later))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_an_email_that_keeps_killing_workers_stops_after_its_attempts(settings, mailoutbox):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    now = timezone.now()
    email = make_email(status=Status.SENDING, attempts=3, claimed_at=now, queued_at=None)
    later = now + OutboundEmail.CLAIM_TIMEOUT + timedelta(seconds=1)
    outbox.dispatch(now=later, hand_off=lambda ids: outbox.deliver_in_process(ids, now=later))
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "interrupted" in email.last_error
    assert mailoutbox == []


def test_retry_now_gives_a_failed_email_fresh_attempts(mailoutbox):
    email = make_email(status=Status.FAILED, attempts=8, last_error="554 refused")
    assert outbox.retry_now(OutboundEmail.objects.all()) == 1
    outbox.deliver(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)


def test_dispatch_command_sends_what_is_due_at_the_given_time(mailoutbox):
    from django.core.management import call_command

    later = timezone.now() + timedelta(hours=2)
    make_email(queued_at=None, next_attempt_at=later - timedelta(minutes=1))
    call_command("dispatch_outbox")
    assert mailoutbox == []
    call_command("dispatch_outbox", "--now", later.isoformat())
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_never_hand_off_the_same_email():
    # Rows written directly: here on-commit hooks would fire and send them at once.
    OutboundEmail.objects.bulk_create(
        OutboundEmail(kind="case/status", to=[f"p{i}@example.com"], from_email="s@example.com",
                      subject="Hi", body_text="Hi")
        for i in range(60)
    )
    now = timezone.now()
    handed: list[list[int]] = [[], []]
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        barrier.wait()
        try:
            outbox.dispatch(now=now, batch_size=5, hand_off=handed[index].extend)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not set(handed[0]) & set(handed[1])
    assert len(handed[0]) + len(handed[1]) == 60
