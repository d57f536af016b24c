"""A file the worker and beat touch while their main loop runs, for liveness probes.

Kubernetes' probe reads the file's age (one ``find -mmin``): a worker whose event loop is
stuck, or a beat that stopped ticking, stops touching it and is restarted. ``celery inspect
ping`` would start Python, import Django and round-trip through the broker on every probe,
and would fail whenever Redis blinks. Off unless ``LIVENESS_FILE`` names a path.
"""

from __future__ import annotations

from pathlib import Path

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings

# How often the worker touches the file; the probe allows minutes, so a slow tick is fine.
WORKER_TOUCH_SECONDS = 10.0


def touch() -> None:
    path = settings.LIVENESS_FILE
    if path:
        Path(path).touch()


class WorkerLiveness(bootsteps.StartStopStep):
    """Touches the file from the worker's own timer, which the event loop drives: the
    file goes stale exactly when the loop stops turning."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_entry = None

    def start(self, worker):
        if settings.LIVENESS_FILE:
            touch()
            self.timer_entry = worker.timer.call_repeatedly(WORKER_TOUCH_SECONDS, touch)

    def stop(self, worker):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None


class LivenessScheduler(PersistentScheduler):
    """Celery's default scheduler, touching the file on every tick (at least once a
    minute with Lineout's timetable)."""

    def tick(self, *args, **kwargs):
        touch()
        return super().tick(*args, **kwargs)
