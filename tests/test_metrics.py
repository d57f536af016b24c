"""/metrics: who may scrape it, every figure it promises, and what each costs."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cases.models import Case, Reminder
from portal import metrics, outbox
from portal.models import EmailDeliveryCount, OutboundEmail

from .factories import CaseFactory

TOKEN = "scrape-" + "k" * 40


@pytest.fixture(autouse=True)
def _token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return parse(response.content.decode())


def parse(text: str) -> dict[tuple[str, tuple], float]:
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def owe_email(kind="case/submitted", to="casey@example.com") -> OutboundEmail:
    return outbox.enqueue(EmailMessage("Subject", "Body", to=[to]), kind=kind)


# --- Who may scrape ---------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}",
                                    f"Bearer {TOKEN}x", "Bearer "])
def test_metrics_answer_404_without_the_right_token(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    assert client.get("/metrics", **extra).status_code == 404


@pytest.mark.django_db
def test_metrics_answer_404_to_everyone_when_no_token_is_configured(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_an_allowed_network_may_scrape_without_a_token(client, settings):
    import ipaddress

    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 404


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_open_the_metrics(client, settings):
    import ipaddress

    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    response = client.get("/metrics", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert response.status_code == 404
    # Behind one trusted proxy, only the address that proxy saw counts.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    response = client.get("/metrics", REMOTE_ADDR="172.18.0.2",
                          HTTP_X_FORWARDED_FOR="10.1.2.3, 192.0.2.7")
    assert response.status_code == 404
    response = client.get("/metrics", REMOTE_ADDR="172.18.0.2",
                          HTTP_X_FORWARDED_FOR="192.0.2.7, 10.1.2.3")
    assert response.status_code == 200


# --- What it says -----------------------------------------------------------------------

@pytest.mark.django_db
def test_metrics_report_the_outbox(client):
    now = timezone.now()
    with time_machine.travel(now - timedelta(minutes=10), tick=False):
        oldest = owe_email()
    owe_email()
    failed = owe_email()
    OutboundEmail.objects.filter(pk=failed.pk).update(status="failed")
    sent = owe_email()
    OutboundEmail.objects.filter(pk=sent.pk).update(status="sent")
    with time_machine.travel(now, tick=False):
        samples = scrape(client)
    assert value(samples, "lineout_outbox_emails", status="pending") == 2
    assert value(samples, "lineout_outbox_emails", status="sending") == 0
    assert value(samples, "lineout_outbox_emails", status="failed") == 1
    assert value(samples, "lineout_outbox_oldest_unsent_seconds") == pytest.approx(600, abs=1)
    OutboundEmail.objects.filter(pk=oldest.pk).update(status="sent")
    OutboundEmail.objects.filter(status="pending").update(status="sent")
    assert value(scrape(client), "lineout_outbox_oldest_unsent_seconds") == 0


@pytest.mark.django_db
def test_metrics_count_sent_emails_and_failures_by_kind(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.deliver(owe_email(kind="case/submitted").pk)
    outbox.deliver(owe_email(kind="case/submitted").pk)
    outbox.deliver(owe_email(kind="reminder/final_bill").pk)
    assert len(mail.outbox) == 3

    import smtplib
    from unittest import mock

    refused = smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        outbox.deliver(owe_email(kind="case/completed").pk)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send",
                    side_effect=ConnectionRefusedError("down")):
        outbox.deliver(owe_email(kind="case/completed").pk)

    samples = scrape(client)
    assert value(samples, "lineout_emails_sent_total", kind="case/submitted") == 2
    assert value(samples, "lineout_emails_sent_total", kind="reminder/final_bill") == 1
    assert value(samples, "lineout_email_failures_total", kind="case/completed",
                 permanent="true") == 1
    assert value(samples, "lineout_email_failures_total", kind="case/completed",
                 permanent="false") == 1


@pytest.mark.django_db
def test_metrics_report_reminders_and_the_dispatch_lag(client):
    now = timezone.now()
    case = CaseFactory(state=Case.State.VERIFYING)
    Reminder.objects.create(case=case, kind="review_follow_up", for_state="verifying",
                            due_at=now - timedelta(minutes=7))
    Reminder.objects.create(case=case, kind="review_overdue", for_state="verifying",
                            due_at=now + timedelta(days=2))
    Reminder.objects.create(case=case, kind="info_nudge", for_state="needs_info",
                            due_at=now - timedelta(days=9), status="failed")
    Reminder.objects.create(case=case, kind="final_bill", for_state="done",
                            due_at=now - timedelta(days=9), status="sent")
    with time_machine.travel(now, tick=False):
        samples = scrape(client)
    assert value(samples, "lineout_reminders", kind="review_follow_up", status="pending") == 1
    assert value(samples, "lineout_reminders", kind="review_overdue", status="pending") == 1
    assert value(samples, "lineout_reminders", kind="info_nudge", status="failed") == 1
    assert value(samples, "lineout_reminders", kind="final_bill", status="pending") == 0
    assert value(samples, "lineout_reminder_dispatch_lag_seconds") == pytest.approx(420, abs=1)


@pytest.mark.django_db
def test_metrics_report_cases_by_state_waiting_on_us_and_overdue(client):
    CaseFactory()  # a draft
    CaseFactory.create_batch(2, state=Case.State.SUBMITTED)
    late = CaseFactory(state=Case.State.VERIFYING)
    Case.objects.filter(pk=late.pk).update(overdue_at=timezone.now() - timedelta(hours=1))
    CaseFactory(state=Case.State.NEEDS_INFO)
    CaseFactory(state=Case.State.DONE)
    long_ago = CaseFactory(state=Case.State.DONE)
    Case.objects.filter(pk=long_ago.pk).update(closed_at=timezone.now() - timedelta(days=31))
    samples = scrape(client)
    assert {state: value(samples, "lineout_cases", state=state) for state in Case.State.values} == {
        "draft": 1, "submitted": 2, "verifying": 1, "needs_info": 1, "done": 1,
        "rejected": 0, "withdrawn": 0}
    assert value(samples, "lineout_cases_waiting_on_us") == 3
    assert value(samples, "lineout_cases_overdue") == 1


@pytest.mark.django_db
def test_metrics_include_django_prometheus_request_and_database_figures(client):
    client.get("/")
    samples = scrape(client)
    names = {name for name, _labels in samples}
    assert "django_http_requests_latency_seconds_by_view_method_count" in names
    assert any(name.startswith("django_db_execute_total") for name in names)
    assert "lineout_scrape_seconds" in names


@pytest.mark.redis
@pytest.mark.django_db
def test_metrics_report_the_celery_queue_and_task_counters_from_redis(client, settings):
    from portal.celery import app

    queue = f"metrics-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    with app.connection_for_write() as conn:
        redis = conn.default_channel.client
        redis.rpush(queue, "a", "b", "c")
        redis.rpush(f"{queue}\x06\x163", "d")
        before = float(redis.hget(metrics.TASK_COUNTS_KEY, "success|lineout.test") or 0)
        try:
            metrics.record_task("lineout.test", "success", 0.25)
            samples = scrape(client)
        finally:
            redis.delete(queue, f"{queue}\x06\x163")
            redis.hdel(metrics.TASK_COUNTS_KEY, "success|lineout.test", "seconds|lineout.test")
    assert value(samples, "lineout_celery_queue_length", queue=queue) == 4
    assert value(samples, "lineout_celery_tasks_total", task="lineout.test",
                 outcome="success") == before + 1
    assert value(samples, "lineout_celery_task_seconds_total", task="lineout.test") >= 0.25
    assert value(samples, "lineout_redis_up") == 1


@pytest.mark.django_db
def test_the_queue_length_is_absent_on_the_embedded_broker(client, settings):
    settings.REDIS_URL = ""
    samples = scrape(client)
    assert not any(name == "lineout_celery_queue_length" for name, _labels in samples)


# --- What it costs ----------------------------------------------------------------------

def _collect_queries() -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        list(metrics.LineoutCollector().collect())
    return [query["sql"] for query in queries.captured_queries]


def _world(cases: int) -> None:
    for index in range(cases):
        state = [Case.State.SUBMITTED, Case.State.DONE, Case.State.WITHDRAWN][index % 3]
        CaseFactory(state=state)
        owe_email()


@pytest.mark.django_db
def test_a_scrape_costs_the_same_queries_at_two_data_sizes(settings):
    settings.REDIS_URL = ""
    _world(3)
    small = len(_collect_queries())
    _world(30)
    assert len(_collect_queries()) == small == 9


@pytest.mark.postgres
@pytest.mark.django_db
def test_no_scrape_query_scans_a_table(settings):
    """With sequential scans priced out, a Seq Scan means no index serves the query."""
    settings.REDIS_URL = ""
    _world(6)
    growing = ("cases_case", "cases_reminder", "portal_outboundemail")
    for sql in _collect_queries():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for table in growing:
            assert f"Seq Scan on {table}" not in plan, (sql, plan)
