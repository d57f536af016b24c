"""The shared shape of the foreground dispatch commands (outbox and reminders)."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime


class DispatchCommand(BaseCommand):
    """Subclasses name what they dispatch and implement ``dispatch(now, queue)``."""

    noun = "item(s)"

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO 8601 time (with offset).")
        parser.add_argument("--queue", action="store_true",
                            help="Queue send tasks for workers instead of sending here "
                                 "(workers check due times against their own clock).")

    def handle(self, *args, now=None, queue=False, **options):
        count = self.dispatch(self.parse_now(now), queue)
        self.stdout.write(f"{count} {self.noun} {'queued' if queue else 'processed'}.")

    def dispatch(self, now: datetime | None, queue: bool) -> int:
        raise NotImplementedError

    @staticmethod
    def parse_now(value: str | None) -> datetime | None:
        if not value:
            return None
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise CommandError("--now needs an ISO 8601 time with an offset, "
                               "e.g. 2026-11-27T14:00:00+00:00")
        return moment
