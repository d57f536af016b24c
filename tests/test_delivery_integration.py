"""Account emails over the real stack: web → outbox row → Redis → Celery worker → SMTP.

These run real processes (a Celery worker, a web server, a Redis server of their own) and
a real SMTP server on 127.0.0.1. Nothing is mocked.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.models import OutboundEmail

from .support.processes import WebProcess
from .support.smtp import body_text
from .support.worker import ROOT, WorkerProcess, test_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

PASSWORD = "steady-willow-canal-31"


def sign_up(web: WebProcess, email: str) -> tuple[int, str]:
    return web.post_form("/accounts/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD,
    })


def dispatch_pass(redis_url: str) -> str:
    """One dispatcher pass in its own process, handing due emails to workers via Redis."""
    result = subprocess.run(
        [sys.executable, "manage.py", "dispatch_outbox", "--queue"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "DATABASE_URL": test_database_url(),
             "REDIS_URL": redis_url},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def let_time_pass() -> None:
    """Make every retry due now, as if its backoff had run out."""
    OutboundEmail.objects.filter(status="pending").update(next_attempt_at=timezone.now())


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {predicate.__doc__}")
        time.sleep(0.1)


def all_sent(count: int):
    def predicate():
        """every email marked sent"""
        return OutboundEmail.objects.filter(status="sent").count() == count
    return predicate


def confirmation_link(message) -> str:
    return re.search(r"http://\S+/accounts/confirm-email/\S+/", body_text(message)).group(0)


def test_a_worker_delivers_the_verification_email_over_smtp(client, celery_worker_process,
                                                            smtp_server):
    response = client.post("/accounts/signup/", {
        "email": "river@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"] == "river@example.com"
    assert "/accounts/confirm-email/" in confirmation_link(message)
    wait_until(all_sent(1))


def test_sign_up_while_smtp_is_down_delivers_the_email_once_smtp_is_back(
    smtp_server, celery_worker_process
):
    web = WebProcess(redis_url=celery_worker_process.env["REDIS_URL"], smtp_url=smtp_server.url)
    web.start()
    try:
        smtp_server.stop()
        status, location = sign_up(web, "harbor@example.com")
        assert (status, location) == (302, "/accounts/confirm-email/")

        deadline = time.monotonic() + 30  # the worker tries, fails, and schedules a retry
        while time.monotonic() < deadline:
            email = OutboundEmail.objects.get()
            if email.attempts == 1 and email.status == "pending":
                break
            time.sleep(0.2)
        assert (email.status, email.attempts) == ("pending", 1)
        assert "Connection" in email.last_error or "refused" in email.last_error.lower()

        smtp_server.start()
        let_time_pass()
        dispatch_pass(celery_worker_process.env["REDIS_URL"])
        [message] = smtp_server.inbox.wait_for(1)
        assert message["To"] == "harbor@example.com"

        wait_until(all_sent(1))
        dispatch_pass(celery_worker_process.env["REDIS_URL"])  # nothing more is owed
        time.sleep(1)
        assert len(smtp_server.inbox.messages) == 1
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("sent", 2)
    finally:
        web.stop()


def test_sign_up_while_redis_is_down_succeeds_and_the_email_follows_when_redis_returns(
    transactional_db, smtp_server, private_redis
):
    # Redis is down: the web process cannot queue the send task.
    web = WebProcess(redis_url=private_redis.url, smtp_url=smtp_server.url)
    web.start()
    try:
        status, location = sign_up(web, "meadow@example.com")
        assert (status, location) == (302, "/accounts/confirm-email/")
        email = OutboundEmail.objects.get()
        assert email.status == "pending"
        assert email.queued_at is None  # the dispatcher's to pick up

        status, body = web.get("/healthz")
        assert status == 503 and '"broker"' in body

        private_redis.start()  # Redis is back
        worker = WorkerProcess(smtp_url=smtp_server.url, redis_url=private_redis.url)
        worker.start()
        try:
            assert "1 email(s) queued" in dispatch_pass(private_redis.url)
            [message] = smtp_server.inbox.wait_for(1)
            assert message["To"] == "meadow@example.com"
            wait_until(all_sent(1))
            assert "0 email(s) queued" in dispatch_pass(private_redis.url)
            assert len(smtp_server.inbox.messages) == 1
        finally:
            worker.stop()
    finally:
        web.stop()


def test_two_dispatch_passes_at_once_send_each_email_once(smtp_server, celery_worker_process):
    OutboundEmail.objects.bulk_create(
        OutboundEmail(kind="account/email/test", to=[f"p{i}@example.com"],
                      from_email="s@example.com", subject=f"Hello {i}", body_text="Hi")
        for i in range(20)
    )
    redis_url = celery_worker_process.env["REDIS_URL"]
    env = {**__import__("os").environ, "DATABASE_URL": test_database_url(), "REDIS_URL": redis_url}
    passes = [
        subprocess.Popen([sys.executable, "manage.py", "dispatch_outbox", "--queue"], cwd=ROOT,
                         env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60)[0] for p in passes]
    queued = [int(re.search(r"(\d+) email", out).group(1)) for out in outputs]
    assert sum(queued) == 20
    smtp_server.inbox.wait_for(20)
    wait_until(all_sent(20))
    time.sleep(1)
    assert sorted(m["To"] for m in smtp_server.inbox.messages) == sorted(
        f"p{i}@example.com" for i in range(20)
    )


def test_an_email_still_claimed_by_a_killed_worker_is_sent_after_the_claim_times_out(
    smtp_server, celery_worker_process
):
    """At-least-once: SIGKILL between claim and send leaves the row claimed; once the claim
    times out (OutboundEmail.CLAIM_TIMEOUT) the dispatcher returns it and it is sent once."""
    now = timezone.now()
    email = OutboundEmail.objects.create(
        kind="account/email/test", to=["lantern@example.com"], from_email="s@example.com",
        subject="Hello", body_text="Hi", status="sending", attempts=1, claimed_at=now,
    )
    celery_worker_process.kill()  # the worker that claimed it is gone
    worker = WorkerProcess(smtp_url=smtp_server.url)
    worker.start()
    try:
        OutboundEmail.objects.filter(pk=email.pk).update(
            claimed_at=now - OutboundEmail.CLAIM_TIMEOUT - timedelta(seconds=1)
        )
        dispatch_pass(worker.env["REDIS_URL"])
        [message] = smtp_server.inbox.wait_for(1)
        assert message["To"] == "lantern@example.com"
        wait_until(all_sent(1))
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("sent", 2)
    finally:
        worker.stop()
