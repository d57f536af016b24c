"""/metrics on the real stack: a web process, a Celery worker on the real Redis, and an SMTP
server on 127.0.0.1 that goes down and comes back."""

from __future__ import annotations

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from portal.models import OutboundEmail

from .support.processes import WebProcess
from .test_delivery_integration import dispatch_pass, let_time_pass, sign_up, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

TOKEN = "integration-" + "m" * 32
KIND = "account/email/email_confirmation_signup"


def scrape(web: WebProcess) -> dict[tuple[str, tuple], float]:
    request = urllib.request.Request(web.base_url + "/metrics",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def oldest_unsent(web: WebProcess) -> float:
    return scrape(web)[("lineout_outbox_oldest_unsent_seconds", ())]


def test_the_oldest_unsent_email_ages_while_smtp_is_down_and_clears_once_delivered(
    smtp_server, celery_worker_process
):
    web = WebProcess(redis_url=celery_worker_process.env["REDIS_URL"], smtp_url=smtp_server.url)
    web.env["METRICS_TOKEN"] = TOKEN
    web.start()
    try:
        assert oldest_unsent(web) == 0
        smtp_server.stop()
        status, _location = sign_up(web, "harbor@example.com")
        assert status == 302

        def worker_failed_once():
            """the worker tried once and scheduled a retry"""
            email = OutboundEmail.objects.get()
            return email.attempts == 1 and email.status == "pending"

        wait_until(worker_failed_once)
        first = oldest_unsent(web)
        assert first > 0

        def older_than_before():
            """the oldest unsent email's age to rise"""
            return oldest_unsent(web) > first + 0.5

        wait_until(older_than_before, timeout=10)
        samples = scrape(web)
        assert samples[("lineout_outbox_emails", (("status", "pending"),))] == 1
        assert samples[("lineout_email_failures_total",
                        (("kind", KIND), ("permanent", "false")))] == 1

        smtp_server.start()
        let_time_pass()
        dispatch_pass(celery_worker_process.env["REDIS_URL"])
        [message] = smtp_server.inbox.wait_for(1)
        assert message["To"] == "harbor@example.com"

        def cleared():
            """the oldest unsent age back to 0"""
            return oldest_unsent(web) == 0

        wait_until(cleared)
        samples = scrape(web)
        assert samples[("lineout_emails_sent_total", (("kind", KIND),))] == 1
        assert samples[("lineout_outbox_emails", (("status", "pending"),))] == 0
        # The worker counted its tasks in Redis, where the web process reads them.
        assert samples[("lineout_celery_tasks_total", (
            ("outcome", "success"), ("task", "portal.tasks.deliver_outbound_email")))] >= 2
        assert any(name == "lineout_celery_queue_length" for name, _labels in samples)
    finally:
        web.stop()
