"""The Celery app. Configuration comes from Django settings (the CELERY_* names)."""

import os
import time

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_postrun, task_prerun

from .liveness import WorkerLiveness

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("lineout")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Workers touch settings.LIVENESS_FILE from their event loop, for liveness probes.
app.steps["worker"].add(WorkerLiveness)

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
    "forget-deleted-accounts": {
        "task": "accounts_data.tasks.forget_deleted_accounts",
        "schedule": crontab(hour=4, minute=27),  # daily
    },
}


# Every task's log lines carry its id and name (portal/logs.py), and every finished task is
# counted for /metrics (portal/metrics.py), in Redis so all workers add to one set of figures.
_started: dict[str, float] = {}


@task_prerun.connect(dispatch_uid="lineout-task-prerun")
def _task_started(task_id=None, task=None, **kwargs):
    from .logs import reset

    reset(task_id=task_id, task_name=getattr(task, "name", None))
    _started[task_id] = time.monotonic()


@task_postrun.connect(dispatch_uid="lineout-task-postrun")
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    from .logs import reset
    from .metrics import record_task

    started = _started.pop(task_id, None)
    if task is not None and not app.conf.task_always_eager:
        record_task(task.name, (state or "unknown").lower(),
                    time.monotonic() - started if started is not None else None)
    reset()
