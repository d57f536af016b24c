"""Celery tasks for reminders, abandoned drafts and retention. Thin: they take ids and call
a service."""

from celery import shared_task

from . import drafts, reminder_delivery, retention


@shared_task(name="cases.tasks.send_reminder", time_limit=60, soft_time_limit=45)
def send_reminder(reminder_id: int) -> str:
    return reminder_delivery.send(reminder_id)


@shared_task(name="cases.tasks.dispatch_reminders", time_limit=110, soft_time_limit=100)
def dispatch_reminders() -> int:
    return reminder_delivery.dispatch()


@shared_task(name="cases.tasks.sweep_drafts", time_limit=600, soft_time_limit=570)
def sweep_drafts() -> dict[str, int]:
    result = drafts.sweep()
    return {"nudged": result.nudged, "withdrawn": result.withdrawn}


@shared_task(name="cases.tasks.purge_documents", time_limit=600, soft_time_limit=570)
def purge_documents() -> int:
    return retention.purge_expired_documents()
