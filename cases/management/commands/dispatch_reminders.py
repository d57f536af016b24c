"""Run one reminder dispatch pass in the foreground, sending in this process.

Steps:
1. Claim due pending reminders in batches (``skip_locked``), as of --now if given.
2. For each, re-check under lock that it is still owed, write its email to the outbox and
   deliver it here (no broker needed); anything SMTP refuses is retried by the outbox.
   With --queue, hand them to Celery workers instead.
"""

from functools import partial

from cases import reminder_delivery
from portal.management.dispatch_command import DispatchCommand


class Command(DispatchCommand):
    help = "Send every reminder that is due, once."
    noun = "reminder(s)"

    def dispatch(self, now, queue):
        hand_off = None if queue else partial(reminder_delivery.send_in_process, now=now)
        return reminder_delivery.dispatch(now=now, hand_off=hand_off)
