"""Run one outbox dispatch pass in the foreground.

Steps:
1. Return emails abandoned by a dead worker to the queue.
2. Claim due emails in batches (``skip_locked``), so a concurrent pass never takes the same.
3. Send them in this process (default), or with ``--queue`` hand them to Celery workers.
"""

from functools import partial

from portal import outbox
from portal.management.dispatch_command import DispatchCommand


class Command(DispatchCommand):
    help = "Send every outbox email that is due, once."
    noun = "email(s)"

    def dispatch(self, now, queue):
        hand_off = None if queue else partial(outbox.deliver_in_process, now=now)
        return outbox.dispatch(now=now, hand_off=hand_off)
