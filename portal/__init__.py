"""Lineout's project package: settings, URLs, the Celery app, the user model and the outbox."""

from .celery import app as celery_app

__all__ = ["celery_app"]
