"""Run one outbox dispatch pass in the foreground.

Steps:
1. Return emails abandoned by a dead worker to the queue.
2. Claim due emails in batches (``skip_locked``), so a concurrent pass never takes the same.
3. Send them in this process (default), or with ``--queue`` hand them to Celery workers.
"""

from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from portal import outbox


class Command(BaseCommand):
    help = "Send every outbox email that is due, once."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO 8601 time (aware).")
        parser.add_argument("--queue", action="store_true",
                            help="Queue send tasks for workers instead of sending here "
                                 "(workers check due times against their own clock).")

    def handle(self, *args, now=None, queue=False, **options):
        moment = None
        if now:
            moment = parse_datetime(now)
            if moment is None or moment.tzinfo is None:
                raise CommandError("--now needs an ISO 8601 time with an offset, "
                                   "e.g. 2026-11-27T14:00:00+00:00")
        hand_off = None if queue else partial(outbox.deliver_in_process, now=moment)
        count = outbox.dispatch(now=moment, hand_off=hand_off)
        self.stdout.write(f"{count} email(s) {'queued' if queue else 'processed'}.")
