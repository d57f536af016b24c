"""Helpers for the reminder integration tests: a slow SMTP inbox, a private-Redis stack, and
the management commands run in their own processes.

Everything here talks to a Redis server of the test's own (``RedisServer``), never to the
shared ``REDIS_URL``: other test sessions run workers on that one, and a task published
there could be taken by a worker connected to another session's database.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager

from .processes import RedisServer
from .smtp import Inbox, SMTPServer
from .worker import ROOT, WorkerProcess, test_database_url

WAIT_LIMIT = 60.0  # no wait in these tests lasts longer than this
SETTLE = 1.5  # after the last expected email, how long to watch for an unexpected one


class SlowInbox(Inbox):
    """An inbox that can hold the next message(s) before answering, like a slow SMTP server.

    While a message is held the server has the whole DATA but has not replied yet. If the
    client disconnects meanwhile, aiosmtpd cancels the handler: the message is dropped, as a
    server that only accepts a message when it can answer ``250`` would do.
    """

    def __init__(self) -> None:
        super().__init__()
        self.hold_next = 0
        self.hold_seconds = 0.0
        self.receiving = threading.Event()  # set when a held message has been received
        self.dropped = 0  # held messages whose client went away before the reply

    def hold(self, count: int = 1, seconds: float = 30.0) -> None:
        self.hold_next, self.hold_seconds = count, seconds
        self.receiving.clear()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_next > 0:
            self.hold_next -= 1
            self.receiving.set()
            try:
                await asyncio.sleep(self.hold_seconds)
            except asyncio.CancelledError:
                with self._changed:
                    self.dropped += 1
                    self._changed.notify_all()
                raise
        return await super().handle_DATA(server, session, envelope)


class SlowSMTPServer(SMTPServer):
    def __init__(self) -> None:
        super().__init__()
        self.inbox = SlowInbox()


def wait_until(predicate, what: str, timeout: float = 30.0, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` s."""
    assert timeout <= WAIT_LIMIT
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def _env(redis_url: str) -> dict[str, str]:
    return os.environ | {"DATABASE_URL": test_database_url(), "REDIS_URL": redis_url,
                         "CONN_MAX_AGE": "0"}


def manage(*args: str, redis_url: str, timeout: float = 60) -> str:
    """Run ``manage.py <args>`` in its own process (as cron, beat or an operator would)."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(redis_url),
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def start_manage(*args: str, redis_url: str) -> subprocess.Popen:
    """Like ``manage`` but returns at once, for processes that must run side by side."""
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(redis_url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def celery_call(task: str, *, redis_url: str, args: str = "[]") -> None:
    """Publish one task by name, exactly as beat does on a tick."""
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "portal", "call", task, "--args", args],
        cwd=ROOT, env=_env(redis_url), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def count_in(output: str) -> int:
    """The number a dispatch command printed: ``3 reminder(s) queued.`` → 3."""
    return int(re.search(r"(\d+) (?:reminder|email)\(s\)", output).group(1))


@contextmanager
def publishing_to(redis_url: str):
    """Point this process's Celery app (used by on-commit publishes after a transition made
    in the test) at ``redis_url`` for the duration, then back."""
    from portal.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    app.conf.broker_url = redis_url
    reset_pools()
    try:
        yield
    finally:
        app.conf.broker_url = previous
        reset_pools()


class Stack:
    """A private Redis, an SMTP server and Celery workers wired to them and to the test DB."""

    def __init__(self, redis: RedisServer, smtp: SlowSMTPServer) -> None:
        self.redis, self.smtp = redis, smtp
        self.workers: list[WorkerProcess] = []

    @property
    def inbox(self) -> SlowInbox:
        return self.smtp.inbox

    def add_worker(self) -> WorkerProcess:
        worker = WorkerProcess(smtp_url=self.smtp.url, redis_url=self.redis.url)
        self.workers.append(worker)
        worker.start()
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()

    def dispatch_reminders(self, *extra: str) -> int:
        return count_in(manage("dispatch_reminders", "--queue", *extra, redis_url=self.redis.url))

    def dispatch_outbox(self) -> int:
        return count_in(manage("dispatch_outbox", "--queue", redis_url=self.redis.url))


def received(inbox: Inbox) -> Counter:
    """What arrived, as a multiset of (To, subject)."""
    return Counter((m["To"], " ".join(str(m["Subject"]).split())) for m in inbox.messages)


def assert_each_owed_email_arrived_once(inbox: Inbox, *, expected: int) -> None:
    """Every outbox row is sent and arrived exactly once, and nothing else arrived.

    Waits for ``expected`` messages and for every row to be marked sent, then watches a
    little longer so that a late duplicate would be seen.
    """
    from portal.models import OutboundEmail

    inbox.wait_for(expected, timeout=WAIT_LIMIT)
    wait_until(lambda: not OutboundEmail.objects.exclude(status="sent").exists(),
               "every outbox row to be marked sent")
    time.sleep(SETTLE)
    rows = OutboundEmail.objects.all()
    owed = Counter((", ".join(row.to), " ".join(row.subject.split())) for row in rows)
    assert len(inbox.messages) == expected == len(rows)
    assert received(inbox) == owed
    assert max(owed.values()) == 1, "the same email was written twice"
