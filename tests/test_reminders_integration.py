"""Reminders over the real stack: workflow → reminder rows → dispatch pass (its own process)
→ private Redis → Celery worker process → outbox → SMTP server on 127.0.0.1.

Nothing is mocked. Each test gets a Redis server of its own (other sessions run workers on
the shared one), an aiosmtpd server that parses every message, and one or two
``celery worker`` processes connected to the test database (hence ``transactional_db``).
Transitions made in the test process publish their status-email tasks to the private
Redis too (``publishing_to``); dispatch passes run as ``manage.py`` subprocesses.

"Time passes" by moving a reminder's ``due_at`` a minute into the past: the worker re-checks
``due_at <= now`` with its own clock, so a ``--now`` in the future alone would not do.

Every test ends with each owed email delivered exactly once and nothing else: the inbox,
as a multiset of (To, subject), equals the outbox rows, all marked sent, after a settle
wait (``assert_each_owed_email_arrived_once``).
"""

from __future__ import annotations

import re
import subprocess
import urllib.parse
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cases.models import Case, Reminder
from portal.models import OutboundEmail

from .factories import AgentFactory, CaseFactory, UserFactory
from .support.reminder_stack import (
    SlowSMTPServer,
    Stack,
    assert_each_owed_email_arrived_once,
    celery_call,
    count_in,
    manage,
    publishing_to,
    start_manage,
    wait_until,
)
from .support.smtp import body_html, body_text

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

PHONE = "+12025550143"
MASKED = "•••• 0143"


# --- Helpers ------------------------------------------------------------------------------

def case_under_review(agent, **owner_fields) -> Case:
    """A case moved submitted → verifying by ``agent``: a status email and two reminders."""
    case = CaseFactory(owner=UserFactory(**owner_fields), state="submitted", phone_number=PHONE)
    case.start_verification(by=agent)
    return case


def time_passes(reminders) -> None:
    """Make ``reminders`` (a queryset) due a minute ago."""
    reminders.update(due_at=timezone.now() - timedelta(minutes=1))


def as_of_due(reminder: Reminder) -> tuple[str, str]:
    """``--now`` one minute after the reminder's (moved) due time."""
    reminder.refresh_from_db()
    return "--now", (reminder.due_at + timedelta(minutes=1)).isoformat()


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def queue_length(stack: Stack) -> int:
    return redis.Redis.from_url(stack.redis.url).llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def task_results(workers, task: str) -> list[str]:
    """What each finished run of ``task`` returned, from the workers' logs."""
    pattern = rf"{re.escape(task)}\[[^\]]+\] succeeded in [\d.]+s: (\S+)"
    return [result for worker in workers for result in re.findall(pattern, worker.log())]


def wait_for_results(workers, task: str, count: int) -> list[str]:
    def finished():
        results = task_results(workers, task)
        return results if len(results) >= count else None
    return wait_until(finished, f"{count} finished run(s) of {task}")


# --- Fixtures -----------------------------------------------------------------------------

@pytest.fixture
def stack(transactional_db, private_redis):
    """Private Redis (running), slow-capable SMTP server, no worker yet (``add_worker``)."""
    private_redis.start()
    smtp = SlowSMTPServer()
    smtp.start()
    stack = Stack(private_redis, smtp)
    try:
        with publishing_to(private_redis.url):
            yield stack
    finally:
        stack.stop()
        smtp.stop()


@pytest.fixture
def agent(transactional_db):
    return AgentFactory(email="agent@example.com")


# --- 1. Delivery, language, privacy and one-click unsubscribe -----------------------------

def test_a_due_reminder_is_delivered_in_the_customers_language_and_unsubscribes_in_one_click(
    stack, agent
):
    stack.add_worker()
    case = case_under_review(agent, email="lan@example.com", language="zh-hans",
                             timezone="Asia/Shanghai")
    stack.inbox.wait_for(1)  # the "under review" status email, sent by the worker
    follow_up = case.reminders.get(kind="review_follow_up")
    time_passes(case.reminders.filter(pk=follow_up.pk))

    assert stack.dispatch_reminders(*as_of_due(follow_up)) == 1
    message = stack.inbox.wait_for(2)[1]

    assert message["To"] == "lan@example.com"
    assert has_cjk(message["Subject"]) and case.reference in message["Subject"]
    text, html = body_text(message), body_html(message)
    assert has_cjk(text) and MASKED in text and MASKED in html
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    for where in (text, html, headers, message["Subject"]):
        assert PHONE not in where and PHONE[2:] not in where  # never the full number
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Folded onto its own line by Django (a long URL); unfolding leaves a leading space.
    unsubscribe_url = re.fullmatch(r"<(https?://\S+)>", message["List-Unsubscribe"].strip())[1]
    assert unsubscribe_url in text and unsubscribe_url in html

    # The mail client's one-click POST: no session, no CSRF token (RFC 8058).
    path = urllib.parse.urlsplit(unsubscribe_url).path
    response = Client(enforce_csrf_checks=True).post(
        path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    case.owner.refresh_from_db()
    assert not case.owner.receives_follow_up_reminders
    assert case.owner.receives_final_bill_reminders

    # A further follow-up kind reminder falls due: cancelled for the customer; the agents
    # are still told the case is overdue (that email is owed whatever the customer chose).
    overdue = case.reminders.get(kind="review_overdue")
    time_passes(case.reminders.filter(pk=overdue.pk))
    assert stack.dispatch_reminders(*as_of_due(overdue)) == 1
    wait_until(lambda: Reminder.objects.get(pk=overdue.pk).status == "cancelled",
               "the overdue reminder to be cancelled")
    assert_each_owed_email_arrived_once(stack.inbox, expected=3)
    assert len(stack.inbox.to("lan@example.com")) == 2
    [to_agent] = stack.inbox.to("agent@example.com")
    assert case.reference in to_agent["Subject"] and not has_cjk(to_agent["Subject"])
    overdue.refresh_from_db()
    assert "turned these reminders off" in overdue.last_error and overdue.email is None
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.attempts, follow_up.email.status) == ("sent", 1, "sent")


# --- 2. SMTP down ---------------------------------------------------------------------------

def test_a_reminder_written_while_smtp_is_down_is_delivered_once_smtp_is_back(stack, agent):
    stack.add_worker()
    case = case_under_review(agent, email="harbor@example.com")
    stack.inbox.wait_for(1)
    follow_up = case.reminders.get(kind="review_follow_up")
    time_passes(case.reminders.filter(pk=follow_up.pk))

    stack.smtp.stop()
    assert stack.dispatch_reminders(*as_of_due(follow_up)) == 1

    def written_but_waiting():
        """the reminder sent (its email written) and the email waiting for a retry"""
        reminder = Reminder.objects.select_related("email").get(pk=follow_up.pk)
        email = reminder.email
        if reminder.status == "sent" and email and email.status == "pending" and email.attempts:
            return email
    email = wait_until(written_but_waiting, written_but_waiting.__doc__)
    assert email.attempts == 1 and email.next_attempt_at > timezone.now()
    assert "refused" in email.last_error.lower() or "connect" in email.last_error.lower()

    stack.smtp.start()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())  # backoff over
    assert stack.dispatch_outbox() == 1
    assert_each_owed_email_arrived_once(stack.inbox, expected=2)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert stack.inbox.messages[1]["To"] == "harbor@example.com"
    # Nothing more is owed: neither dispatcher finds anything.
    assert (stack.dispatch_reminders(), stack.dispatch_outbox()) == (0, 0)


# --- 3. Redis down when a transition commits ------------------------------------------------

START_VERIFICATION = """
from django.contrib.auth import get_user_model
from cases.models import Case
case = Case.objects.get(pk={case})
case.start_verification(by=get_user_model().objects.get(pk={agent}))
print("state:", case.state)
"""


def test_a_transition_while_redis_is_down_commits_and_its_emails_follow_when_redis_returns(
    stack, agent
):
    stack.redis.stop()  # Redis is down: nothing can be published
    case = CaseFactory(owner=UserFactory(email="meadow@example.com"), state="submitted",
                       phone_number=PHONE)
    output = manage("shell", "-c", START_VERIFICATION.format(case=case.pk, agent=agent.pk),
                    redis_url=stack.redis.url)
    assert "state: verifying" in output
    case.refresh_from_db()
    assert case.state == "verifying"
    [status_email] = OutboundEmail.objects.all()
    assert (status_email.status, status_email.queued_at) == ("pending", None)  # dispatcher's
    assert sorted(case.reminders.values_list("kind", "status")) == [
        ("review_follow_up", "pending"), ("review_overdue", "pending")]

    # The follow-up falls due while Redis is still down: the pass cannot hand it off, and the
    # row waits, unclaimed, for the next pass.
    follow_up = case.reminders.get(kind="review_follow_up")
    time_passes(case.reminders.filter(pk=follow_up.pk))
    manage("dispatch_reminders", "--queue", redis_url=stack.redis.url)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.queued_at) == ("pending", None)

    stack.redis.start()  # Redis is back
    stack.add_worker()
    assert stack.dispatch_outbox() == 1
    assert stack.dispatch_reminders() == 1
    assert_each_owed_email_arrived_once(stack.inbox, expected=2)
    follow_up.refresh_from_db()
    assert follow_up.status == "sent"

    # Later the overdue reminder falls due: the customer and the agent are told, once.
    overdue = case.reminders.filter(kind="review_overdue")
    time_passes(overdue)
    assert stack.dispatch_reminders() == 1
    assert_each_owed_email_arrived_once(stack.inbox, expected=4)
    assert len(stack.inbox.to("meadow@example.com")) == 3
    assert len(stack.inbox.to("agent@example.com")) == 1
    assert overdue.get().status == "sent"


# --- 4. A worker killed mid-send -------------------------------------------------------------

def test_a_worker_killed_while_smtp_is_receiving_leaves_the_email_to_be_sent_once_later(
    stack, agent
):
    """At least once, made deterministic.

    The duplicate window is between the SMTP server's ``250`` reply and the worker's update
    of the row to sent: a worker killed there has delivered the message but the row still
    says "sending", so it is sent again once the claim times out (two copies). This test
    kills the worker *before* the reply, while the server is still holding the message:
    the server drops it (its client is gone), and exactly one copy arrives, later.
    """
    worker = stack.add_worker()
    case = case_under_review(agent, email="lantern@example.com")
    stack.inbox.wait_for(1)
    follow_up = case.reminders.get(kind="review_follow_up")
    time_passes(case.reminders.filter(pk=follow_up.pk))

    stack.inbox.hold(1, seconds=30)  # the next message: received, not answered for 30 s
    assert stack.dispatch_reminders(*as_of_due(follow_up)) == 1
    assert stack.inbox.receiving.wait(30), "the worker never reached SMTP DATA"
    worker.kill()  # SIGKILL, well within the worker's 5 s EMAIL_TIMEOUT

    wait_until(lambda: stack.inbox.dropped == 1, "the SMTP server to drop the orphan message")
    assert len(stack.inbox.messages) == 1  # only the status email
    follow_up.refresh_from_db()
    email = follow_up.email
    assert follow_up.status == "sent"  # its email was written before the send began
    assert (email.status, email.attempts) == ("sending", 1)  # claimed by the dead worker

    stack.add_worker()
    assert stack.dispatch_outbox() == 0  # the claim still holds: not sent twice meanwhile
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - OutboundEmail.CLAIM_TIMEOUT - timedelta(seconds=1))
    assert stack.dispatch_outbox() == 1
    assert_each_owed_email_arrived_once(stack.inbox, expected=2)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)

    # Redis hands the killed send task (acks_late) to a worker again after its visibility
    # timeout; here it is published again by hand: the reminder is not written twice.
    celery_call("cases.tasks.send_reminder", args=f"[{follow_up.pk}]", redis_url=stack.redis.url)
    assert wait_for_results(stack.workers[-1:], "cases.tasks.send_reminder", 1) == ["'skipped'"]
    assert_each_owed_email_arrived_once(stack.inbox, expected=2)


# --- 5. Two dispatch passes racing ------------------------------------------------------------

def test_two_dispatch_passes_started_at_once_send_each_due_reminder_once(stack, agent):
    stack.add_worker()
    cases = [case_under_review(agent, email=f"race{i}@example.com") for i in range(30)]
    follow_ups = Reminder.objects.filter(kind="review_follow_up")
    time_passes(follow_ups)

    passes = [start_manage("dispatch_reminders", "--queue", redis_url=stack.redis.url)
              for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in passes]
    assert [p.returncode for p in passes] == [0, 0], [err for _out, err in outputs]
    assert sum(count_in(out) for out, _err in outputs) == 30

    assert_each_owed_email_arrived_once(stack.inbox, expected=60)  # 30 status + 30 reminders
    for case in cases:
        reminder = case.reminders.get(kind="review_follow_up")
        assert (reminder.status, reminder.attempts) == ("sent", 1)
        assert [m["Subject"] for m in stack.inbox.to(case.owner.email)].count(
            reminder.email.subject) == 1
    assert not Reminder.objects.filter(kind="review_overdue").exclude(status="pending").exists()


# --- 6. Beat running twice ------------------------------------------------------------------

def test_reminders_handed_off_twice_are_emailed_once_by_two_workers(stack, agent):
    """Beat ticks twice, then a later pass takes the first tasks for lost and hands the same
    reminders off again: two send tasks per reminder, raced by two workers."""
    for i in range(10):
        case_under_review(agent, email=f"twice{i}@example.com")
    time_passes(Reminder.objects.filter(kind="review_follow_up"))
    now = timezone.now()

    assert stack.dispatch_reminders("--now", now.isoformat()) == 10
    assert stack.dispatch_reminders("--now", now.isoformat()) == 0  # claimed: not again
    later = now + Reminder.REQUEUE_AFTER + timedelta(seconds=1)
    assert stack.dispatch_reminders("--now", later.isoformat()) == 10  # presumed lost
    assert queue_length(stack) == 10 + 20  # status emails + two send tasks per reminder

    workers = [stack.add_worker(), stack.add_worker()]
    assert_each_owed_email_arrived_once(stack.inbox, expected=20)  # 10 status + 10 reminders
    results = wait_for_results(workers, "cases.tasks.send_reminder", 20)
    assert sorted(results) == ["'sent'"] * 10 + ["'skipped'"] * 10
    assert set(Reminder.objects.filter(kind="review_follow_up")
               .values_list("status", "attempts")) == {("sent", 1)}


def test_the_beats_dispatch_task_published_twice_sends_each_reminder_once(stack, agent):
    workers = [stack.add_worker(), stack.add_worker()]
    for i in range(10):
        case_under_review(agent, email=f"tick{i}@example.com")
    stack.inbox.wait_for(10)
    time_passes(Reminder.objects.filter(kind="review_follow_up"))

    for _tick in range(2):  # what beat publishes every minute, published twice
        celery_call("cases.tasks.dispatch_reminders", redis_url=stack.redis.url)
    counts = wait_for_results(workers, "cases.tasks.dispatch_reminders", 2)
    assert sum(map(int, counts)) == 10  # each due reminder handed off by one tick only
    assert_each_owed_email_arrived_once(stack.inbox, expected=20)
    assert set(Reminder.objects.filter(kind="review_follow_up")
               .values_list("status", "attempts")) == {("sent", 1)}


# --- Found while writing these: a pass with the broker down used to re-claim the same rows --


@pytest.mark.parametrize("command,rows", [("dispatch_reminders", 500), ("dispatch_outbox", 200)])
def test_a_dispatch_pass_with_the_broker_down_gives_up_after_one_failed_publish(
    stack, command, rows
):
    """A full batch (``batch_size`` rows) is due while Redis is down. The first publish fails
    and the batch's rows are un-claimed (``queued_at = None``); the pass should stop there.
    Instead ``dispatch`` sees a full batch, loops, claims the very same rows again and fails
    again, up to ``max_batches`` times (~2 s per failed publish: 200 × 2 s for reminders,
    50 × 2 s for the outbox, beyond the beat tasks' time limits), and reports every
    re-claim as "queued"."""
    now = timezone.now()
    if command == "dispatch_reminders":
        case = CaseFactory(state="verifying")
        Reminder.objects.bulk_create(
            Reminder(case=case, kind="review_follow_up", sequence=n, for_state="verifying",
                     due_at=now - timedelta(minutes=1)) for n in range(1, rows + 1))
    else:
        OutboundEmail.objects.bulk_create(
            OutboundEmail(kind="case/test", to=[f"b{n}@example.com"], from_email="s@example.com",
                          subject=f"Hello {n}", body_text="Hi") for n in range(rows))
    stack.redis.stop()

    process = start_manage(command, "--queue", redis_url=stack.redis.url)
    try:
        out, err = process.communicate(timeout=10)  # fixed: ~3 s
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    failed_publishes = err.count("broker unavailable")
    assert (process.returncode, failed_publishes) == (0, 1), f"{failed_publishes} failed publishes"
    assert count_in(out) == 0  # nothing reached a broker
    model = Reminder if command == "dispatch_reminders" else OutboundEmail
    assert not model.objects.filter(queued_at__isnull=False).exists()  # all left for next pass
