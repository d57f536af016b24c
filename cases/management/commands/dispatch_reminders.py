"""Run one reminder dispatch pass in the foreground, sending in this process.

Steps:
1. Claim due pending reminders in batches (``skip_locked``), as of --now if given.
2. For each, re-check under lock that it is still owed, write its email to the outbox and
   deliver it here (no broker needed); anything SMTP refuses is retried by the outbox.
"""

from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from cases import reminder_delivery


class Command(BaseCommand):
    help = "Send every reminder that is due, once."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO 8601 time (with offset).")
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
        hand_off = None if queue else partial(reminder_delivery.send_in_process, now=moment)
        count = reminder_delivery.dispatch(now=moment, hand_off=hand_off)
        self.stdout.write(f"{count} reminder(s) {'queued' if queue else 'processed'}.")
