"""Turning due reminders into emails: the dispatcher claims them, the send step writes each
one's email to the outbox exactly once and delivers it.

- ``dispatch`` claims due pending reminders in bounded batches (``skip_locked``), stamps
  them queued and hands their ids on (to Celery tasks, or in-process for the command).
- ``send`` locks the case, then the reminder, and re-checks that it is still owed: still
  pending, due, the case still in the state it was scheduled for (for a draft nudge, the
  draft still unchanged since; for a review follow-up, its overdue reminder not yet due),
  the customer still wanting this kind. Then, in one
  transaction, it writes the email to the outbox and marks the reminder sent; after commit
  it delivers the email (the outbox retries SMTP failures). Running it twice, or from two
  workers, sends one email.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import outbox
from portal.dispatching import claim_in_batches
from portal.logs import bind as log_context

from . import emails
from .models import Case, Reminder
from .unsubscribe import TOPIC_OF_KIND, make_token, wants
from .workflow import AGENTS_GROUP

logger = logging.getLogger(__name__)

Status = Reminder.Status
MAX_ATTEMPTS = 5
MAX_AGENTS_TOLD = 20


def dispatch(*, now: datetime | None = None, batch_size: int = 500, max_batches: int = 200,
             hand_off: Callable[[list[int]], int | None] | None = None) -> int:
    now = now or timezone.now()
    hand_off = hand_off or publish
    return claim_in_batches(Reminder.objects.due(now), order_field="due_at", now=now,
                            hand_off=hand_off, batch_size=batch_size, max_batches=max_batches)


def publish(reminder_ids: list[int]) -> int:
    """One send task per reminder; if the broker is down they wait for the next pass.
    Returns how many were handed off."""
    from .tasks import send_reminder

    for index, reminder_id in enumerate(reminder_ids):
        try:
            send_reminder.delay(reminder_id)
        except Exception as error:  # noqa: BLE001 - the rows are safe in the database
            logger.warning("reminders: broker unavailable (%s)", error)
            Reminder.objects.filter(pk__in=reminder_ids[index:]).update(queued_at=None)
            return index
    return len(reminder_ids)


def send_in_process(reminder_ids: Iterable[int], *, now: datetime | None = None) -> None:
    for reminder_id in reminder_ids:
        send(reminder_id, now=now)


def unsubscribe_url(user, kind: str) -> str:
    token = make_token(user, TOPIC_OF_KIND[kind])
    return settings.SITE_URL + reverse("cases:unsubscribe", args=[token])


def send(reminder_id: int, *, now: datetime | None = None) -> str:
    """Write and deliver one reminder if it is still owed. Returns what happened."""
    now = now or timezone.now()
    case_id = (Reminder.objects.filter(pk=reminder_id).order_by()
               .values_list("case_id", flat=True).first())
    if case_id is None:
        return "skipped"
    customer_email = None
    try:
        with transaction.atomic():
            # Lock order: the case, then the reminder (the workflow locks the case first too).
            case = (Case.objects.select_related("owner", "carrier")
                    .select_for_update(of=("self",)).get(pk=case_id))
            log_context(case_reference=case.reference)
            reminder = (Reminder.objects.select_for_update(skip_locked=True)
                        .filter(pk=reminder_id, status=Status.PENDING, due_at__lte=now).first())
            if reminder is None:
                return "skipped"
            reminder.case = case
            reminder.attempts += 1
            outcome = _write_emails(reminder, case, now)
            customer_email = reminder.email if outcome == "sent" else None
    except Exception as error:  # noqa: BLE001 - recorded on the row; never loops forever
        return _record_failure(reminder_id, error)
    if customer_email is not None:
        outbox.deliver(customer_email.pk)
    return outcome


def _write_emails(reminder: Reminder, case: Case, now: datetime) -> str:
    owner = case.owner
    if case.state != reminder.for_state:
        return _cancel(reminder, "the case left the state it was scheduled for")
    if reminder.kind == Reminder.Kind.DRAFT_NUDGE and case.updated_at > reminder.created_at:
        return _cancel(reminder, "the customer changed the draft after it was scheduled")
    if reminder.kind == Reminder.Kind.REVIEW_FOLLOW_UP and _overdue_reminder_due(reminder, now):
        # Sent late (beat or the worker was down), it would say "still being reviewed"
        # beside the overdue email's "taking longer": the overdue one says it all.
        return _cancel(reminder, "superseded: the review_overdue reminder is due")
    if reminder.kind == Reminder.Kind.REVIEW_OVERDUE:
        _tell_agents(case)
    if not wants(owner, reminder.kind):
        return _cancel(reminder, "the customer turned these reminders off")
    message = emails.build_reminder_email(
        reminder, unsubscribe_url=unsubscribe_url(owner, reminder.kind), now=now)
    reminder.email = outbox.enqueue(message, kind=f"reminder/{reminder.kind}",
                                    recipient=owner, publish=False)
    reminder.status, reminder.sent_at, reminder.last_error = Status.SENT, now, ""
    reminder.save(update_fields=["email", "status", "sent_at", "last_error", "attempts"])
    return "sent"


def _overdue_reminder_due(follow_up: Reminder, now: datetime) -> bool:
    """The review_overdue reminder scheduled with ``follow_up`` (same state, same
    sequence) is due or already sent."""
    return follow_up.case.reminders.filter(
        kind=Reminder.Kind.REVIEW_OVERDUE, for_state=follow_up.for_state,
        sequence=follow_up.sequence, due_at__lte=now,
        status__in=[Status.PENDING, Status.SENT]).exists()


def _tell_agents(case: Case) -> None:
    User = get_user_model()
    agents = ([case.assigned_agent] if case.assigned_agent_id and case.assigned_agent.is_active
              else list(User.objects.filter(is_active=True, is_staff=True,
                                            groups__name=AGENTS_GROUP)[:MAX_AGENTS_TOLD]))
    for agent in agents:
        outbox.enqueue(emails.build_agent_overdue_email(case, agent),
                       kind="reminder/review_overdue_agent", recipient=agent)


def _cancel(reminder: Reminder, why: str) -> str:
    reminder.status, reminder.last_error = Status.CANCELLED, why
    reminder.save(update_fields=["status", "last_error", "attempts"])
    return "cancelled"


def _record_failure(reminder_id: int, error: Exception) -> str:
    detail = f"{type(error).__name__}: {error}"[:2000]
    logger.error("reminders: reminder %s could not be written: %s", reminder_id, detail)
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.status != Status.PENDING:
            return "skipped"
        reminder.attempts += 1
        reminder.last_error = detail
        reminder.queued_at = None
        if reminder.attempts >= MAX_ATTEMPTS:
            reminder.status = Status.FAILED
        reminder.save(update_fields=["attempts", "last_error", "queued_at", "status"])
    return "failed" if reminder.status == Status.FAILED else "retry"


def retry_now(reminders) -> int:
    """The admin's "retry now" for failed reminders: pending again, due now."""
    return reminders.filter(status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, queued_at=None, due_at=timezone.now())
