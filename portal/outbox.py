"""The email outbox: every email is a database row first; Redis only speeds delivery.

- ``enqueue`` writes the row inside the caller's transaction and, after commit, queues a
  send task best-effort. A broker that is down costs nothing but a minute's delay.
- ``deliver`` claims one row under lock, sends it, and marks it sent only if its claim still
  holds. Temporary SMTP failures come back later with exponential backoff and jitter;
  permanent ones (5xx, refused recipient) and the last attempt end as failed.
- ``dispatch`` finds what is due (new, retrying, or abandoned by a dead worker) in bounded
  batches with ``skip_locked`` and hands it to send tasks, or sends it in-process.

Delivery is at least once: if a worker dies after the SMTP server accepted a message but
before the row is marked sent, the message is sent again once the claim times out.
"""

from __future__ import annotations

import logging
import random
import smtplib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .dispatching import claim_in_batches
from .models import EmailDeliveryCount, OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status

# Bodies of account emails carry sign-in, verification and reset links. Once delivered they
# are not kept, so the table never becomes a store of live credentials.
_REDACT_AFTER_SENDING_PREFIXES = ("account/", "mfa/")
_BACKOFF_BASE = timedelta(minutes=1)
_BACKOFF_CAP = timedelta(minutes=30)


def enqueue(message: EmailMessage, *, kind: str, recipient=None,
            publish: bool = True) -> OutboundEmail:
    """Write ``message`` to the outbox; after commit, ask a worker to send it.

    ``publish=False`` is for a caller that delivers the email itself right after commit
    (a worker already running); if it never does, the dispatcher picks the email up.
    """
    body_html = ""
    if isinstance(message, EmailMultiAlternatives):
        body_html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            "",
        )
    body_text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        body_html, body_text = message.body, ""
    email = OutboundEmail.objects.create(
        kind=kind,
        recipient=recipient,
        to=list(message.to),
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        subject=message.subject,
        body_text=body_text,
        body_html=body_html,
        headers=dict(message.extra_headers),
        queued_at=timezone.now(),
    )
    if publish:
        transaction.on_commit(partial(_publish, [email.pk]), robust=True)
    return email


def _publish(email_ids: list[int]) -> int:
    """Queue one send task per email; if the broker refuses, leave them to the dispatcher.
    Returns how many were handed off."""
    from .tasks import deliver_outbound_email

    for index, email_id in enumerate(email_ids):
        try:
            deliver_outbound_email.delay(email_id)
        except Exception as error:  # the broker is down or unreachable: the row is safe
            logger.warning("outbox: broker unavailable (%s), %d email(s) wait for the "
                           "dispatcher", error, len(email_ids) - index)
            OutboundEmail.objects.filter(pk__in=email_ids[index:]).update(queued_at=None)
            return index
    return len(email_ids)


def to_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.to,
        headers=email.headers or None,
    )
    if email.body_html:
        if email.body_text:
            message.attach_alternative(email.body_html, "text/html")
        else:
            message.body = email.body_html
            message.content_subtype = "html"
    return message


def is_permanent(error: BaseException) -> bool:
    """A permanent failure will fail the same way again: a 5xx reply or a refused recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def backoff(attempts: int) -> timedelta:
    """Exponential from a minute, capped at 30 minutes, with ±20 % jitter."""
    delay = min(_BACKOFF_BASE * (2 ** max(attempts - 1, 0)), _BACKOFF_CAP)
    return delay * random.uniform(0.8, 1.2)


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "retry", "failed" or "skipped"
    detail: str = ""


def _claim(email_id: int, now: datetime) -> tuple[OutboundEmail, uuid.UUID] | None:
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None
        claimable = (
            email.status == Status.PENDING and email.next_attempt_at <= now
        ) or (
            email.status == Status.SENDING
            and email.claimed_at is not None
            and email.claimed_at < now - OutboundEmail.CLAIM_TIMEOUT
        )
        if not claimable:
            return None
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            # Every attempt so far died without a verdict (a crashing message): stop here.
            email.status = Status.FAILED
            email.last_error = email.last_error or "gave up: every attempt was interrupted"
            email.save(update_fields=["status", "last_error"])
            return None
        token = uuid.uuid4()
        email.status = Status.SENDING
        email.claim_token = token
        email.claimed_at = now
        email.attempts += 1
        email.save(update_fields=["status", "claim_token", "claimed_at", "attempts"])
    return email, token


def deliver(email_id: int, *, now: datetime | None = None, connection=None) -> Outcome:
    """Send one outbox email if it is still owed. Safe to call twice for the same id."""
    now = now or timezone.now()
    claimed = _claim(email_id, now)
    if claimed is None:
        return Outcome("skipped")
    email, token = claimed
    still_ours = OutboundEmail.objects.filter(pk=email.pk, claim_token=token)
    try:
        message = to_message(email)
        if connection is not None:
            message.connection = connection
        message.send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        detail = f"{type(error).__name__}: {error}"[:2000]
        if is_permanent(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            if still_ours.update(status=Status.FAILED, last_error=detail, claim_token=None):
                EmailDeliveryCount.add(email.kind, EmailDeliveryCount.Outcome.FAILED)
            logger.error("outbox: email %s failed for good: %s", email.pk, detail)
            return Outcome("failed", detail)
        if still_ours.update(
            status=Status.PENDING,
            last_error=detail,
            claim_token=None,
            queued_at=None,
            next_attempt_at=timezone.now() + backoff(email.attempts),
        ):
            EmailDeliveryCount.add(email.kind, EmailDeliveryCount.Outcome.RETRIED)
        logger.warning("outbox: email %s will be retried: %s", email.pk, detail)
        return Outcome("retry", detail)

    sent = {"status": Status.SENT, "sent_at": timezone.now(), "claim_token": None,
            "last_error": ""}
    if email.kind.startswith(_REDACT_AFTER_SENDING_PREFIXES):
        sent.update(body_text="", body_html="")
    # Counted even when the claim was taken over: the SMTP server has the message.
    EmailDeliveryCount.add(email.kind, EmailDeliveryCount.Outcome.SENT)
    if not still_ours.update(**sent):
        logger.warning("outbox: email %s was sent but its claim had been taken over", email.pk)
    return Outcome("sent")


def dispatch(
    *,
    now: datetime | None = None,
    batch_size: int = 200,
    max_batches: int = 50,
    hand_off: Callable[[list[int]], int | None] | None = None,
) -> int:
    """Hand every due email to ``hand_off`` (default: queue send tasks). Returns the count.

    Works in bounded batches: each batch claims rows with ``skip_locked`` and stamps them
    queued, so two dispatchers running at once never hand off the same email.
    """
    now = now or timezone.now()
    hand_off = hand_off or _publish
    _release_stalled(now)
    return claim_in_batches(OutboundEmail.objects.due(now), order_field="next_attempt_at",
                            now=now, hand_off=hand_off, batch_size=batch_size,
                            max_batches=max_batches)


def _release_stalled(now: datetime) -> None:
    """Return emails abandoned mid-send to the queue (or fail them if out of attempts)."""
    with transaction.atomic():
        stalled = OutboundEmail.objects.stalled(now).select_for_update(skip_locked=True)
        for email in stalled[:1000]:
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = Status.FAILED
                email.last_error = email.last_error or "gave up: every attempt was interrupted"
            else:
                email.status = Status.PENDING
                email.queued_at = None
                email.next_attempt_at = now
            email.claim_token = None
            email.save(update_fields=["status", "last_error", "queued_at", "next_attempt_at",
                                      "claim_token"])


def deliver_in_process(email_ids: Iterable[int], *, now: datetime | None = None) -> None:
    """A ``hand_off`` for ``dispatch`` that sends in this process, for the foreground command."""
    for email_id in email_ids:
        deliver(email_id, now=now)


def retry_now(emails) -> int:
    """Give failed emails a fresh set of attempts, from now (the admin's “retry now”)."""
    return emails.filter(status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), queued_at=None,
        claim_token=None,
    )


__all__ = ["enqueue", "deliver", "dispatch", "deliver_in_process", "retry_now", "is_permanent",
           "backoff", "Outcome"]
