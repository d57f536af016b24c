"""Celery tasks for the outbox. Thin: they take ids and call the outbox service."""

from celery import shared_task

from . import outbox


@shared_task(name="portal.tasks.deliver_outbound_email", time_limit=60, soft_time_limit=45)
def deliver_outbound_email(email_id: int) -> str:
    return outbox.deliver(email_id).status


@shared_task(name="portal.tasks.dispatch_outbox", time_limit=110, soft_time_limit=100)
def dispatch_outbox() -> int:
    return outbox.dispatch()
