"""Run one abandoned-draft sweep in the foreground, as of --now if given.

Steps:
1. Withdraw (the system's ``expire`` move) every draft left unchanged for
   DRAFT_WITHDRAW_AFTER_DAYS, each in its own transaction, re-checked on the locked row;
   the status email goes to the outbox, the documents to the next retention run.
2. Schedule a ``draft_nudge`` reminder, due at the next 09:00 in the customer's time zone,
   for every draft left unchanged for DRAFT_NUDGE_AFTER_DAYS that has none since its last
   change (``dispatch_reminders`` sends it).
Running it twice does nothing twice.
"""

from django.core.management.base import BaseCommand

from cases import drafts
from portal.management.dispatch_command import DispatchCommand


class Command(BaseCommand):
    help = "Nudge drafts left unchanged, and withdraw those left unchanged too long."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO 8601 time (with offset).")

    def handle(self, *args, now=None, **options):
        result = drafts.sweep(now=DispatchCommand.parse_now(now))
        self.stdout.write(f"{result.nudged} draft(s) nudged, {result.withdrawn} withdrawn.")
