"""The Celery app. Configuration comes from Django settings (the CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("lineout")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives in code so every deployment runs the same timetable.
app.conf.beat_schedule = {
    "dispatch-outbox": {
        "task": "portal.tasks.dispatch_outbox",
        "schedule": crontab(),  # every minute
    },
    "dispatch-reminders": {
        "task": "cases.tasks.dispatch_reminders",
        "schedule": crontab(),  # every minute
    },
    "sweep-drafts": {
        "task": "cases.tasks.sweep_drafts",
        "schedule": crontab(minute=7),  # hourly; the purge at :17 takes their documents
    },
    "purge-documents": {
        "task": "cases.tasks.purge_documents",
        "schedule": crontab(minute=17),  # hourly
    },
}
