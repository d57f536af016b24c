"""/metrics in Prometheus's text format: django-prometheus's request, database and cache
metrics, plus Lineout's own figures read at scrape time.

Every figure here comes from a query that an index bounds by the work still open (unsent
emails, pending reminders, cases waiting on us), from a small counter table the outbox keeps
(emails sent and failed), or from Redis (queue length, task counters): a scrape never
scans a table that grows with history. The endpoint answers 404 unless the request carries
``Authorization: Bearer <METRICS_TOKEN>`` or comes from a network in
``METRICS_ALLOWED_NETWORKS``.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterator
from datetime import timedelta

import prometheus_client
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

logger = logging.getLogger(__name__)

# Celery task counters live in one Redis hash shared by every worker on every machine, so a
# scrape of any web process sees all of them (see portal.celery's signal handlers).
TASK_COUNTS_KEY = "lineout:metrics:tasks"
# Closed cases are counted over this window, like the desk's figures.
CLOSED_WINDOW = timedelta(days=30)


# --- Access -----------------------------------------------------------------------------

def may_scrape(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(
            header.removeprefix("Bearer ").strip().encode(), token.encode()):
        return True
    try:
        # allauth's reading, as for its rate limits: only the last TRUSTED_PROXY_COUNT hops
        # of X-Forwarded-For are believed, so a client cannot name an allowed address.
        address = ipaddress.ip_address(get_adapter().get_client_ip(request))
    except (ValueError, PermissionDenied, ImproperlyConfigured):
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


# --- Lineout's own figures --------------------------------------------------------------

def _gauge(name: str, documentation: str, labels=(), samples=()) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=list(labels))
    for label_values, value in samples:
        family.add_metric(list(label_values), value)
    return family


class LineoutCollector(Collector):
    """Reads the outbox, reminders and cases at scrape time (see the module docstring)."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        yield from self._outbox(now)
        yield from self._reminders(now)
        yield from self._cases(now)
        yield from self._email_counters()
        yield from self._redis_figures()

    def _outbox(self, now):
        from .models import OutboundEmail

        Status = OutboundEmail.Status
        counts = dict.fromkeys((Status.PENDING, Status.SENDING, Status.FAILED), 0)
        counts.update(OutboundEmail.objects.open_or_failed().order_by()
                      .values_list("status").annotate(n=Count("id")))
        yield _gauge("lineout_outbox_emails", "Outbox emails not yet sent, by status "
                     "(sent emails are counted by lineout_emails_sent_total).", ["status"],
                     [((str(status),), n) for status, n in counts.items()])
        oldest = (OutboundEmail.objects.unsent().order_by()
                  .aggregate(oldest=Min("created_at"))["oldest"])
        age = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
        yield _gauge("lineout_outbox_oldest_unsent_seconds",
                     "Age of the oldest email still waiting to be sent (0 when none).",
                     samples=[((), age)])

    def _reminders(self, now):
        from cases.models import Reminder

        Status = Reminder.Status
        samples = {(kind, status): 0 for kind in Reminder.Kind.values
                   for status in (Status.PENDING, Status.FAILED)}
        rows = (Reminder.objects.open_or_failed().order_by()
                .values_list("kind", "status").annotate(n=Count("id")))
        for kind, status, n in rows:
            samples[(kind, status)] = n
        yield _gauge("lineout_reminders", "Reminders pending or failed, by kind and status "
                     "(sent and canceled ones are history, not counted).", ["kind", "status"],
                     [((kind, str(status)), n) for (kind, status), n in samples.items()])
        oldest_due = (Reminder.objects.pending().filter(due_at__lte=now).order_by()
                      .aggregate(oldest=Min("due_at"))["oldest"])
        lag = max((now - oldest_due).total_seconds(), 0.0) if oldest_due else 0.0
        yield _gauge("lineout_reminder_dispatch_lag_seconds",
                     "Now minus the due time of the oldest pending reminder that is due "
                     "(0 when none is due).", samples=[((), lag)])

    def _cases(self, now):
        from cases.models import Case

        # Open states as they are now; closed ones over the last 30 days (their totals
        # grow for ever), as on the desk's figures page.
        counts = Case.objects.open().count_by_state()
        counts.update(Case.objects.closed_since(now - CLOSED_WINDOW).count_by_state())
        yield _gauge("lineout_cases", "Open cases by state now; done, rejected and withdrawn "
                     "cases closed in the last 30 days.", ["state"],
                     [((state,), counts.get(state, 0)) for state in Case.State.values])
        yield _gauge("lineout_cases_waiting_on_us", "Open cases whose next step is ours.",
                     samples=[((), Case.objects.waiting_on_us().order_by().count())])
        yield _gauge("lineout_cases_overdue", "Cases waiting on us past their overdue time.",
                     samples=[((), Case.objects.overdue(now).order_by().count())])

    def _email_counters(self):
        from .models import EmailDeliveryCount

        sent = CounterMetricFamily("lineout_emails_sent", "Emails handed to the SMTP "
                                   "server, by kind.", labels=["kind"])
        failures = CounterMetricFamily("lineout_email_failures", "Failed sending attempts, "
                                       "by kind and whether the failure was permanent.",
                                       labels=["kind", "permanent"])
        for row in EmailDeliveryCount.objects.order_by("kind", "outcome"):
            if row.outcome == EmailDeliveryCount.Outcome.SENT:
                sent.add_metric([row.kind], row.count)
            else:
                permanent = "true" if row.outcome == EmailDeliveryCount.Outcome.FAILED else "false"
                failures.add_metric([row.kind, permanent], row.count)
        yield sent
        yield failures

    def _redis_figures(self):
        if not settings.REDIS_URL:
            return  # the embedded broker has no queue to measure
        from .celery import app as celery_app

        try:
            with celery_app.connection_for_write() as conn:
                client = conn.default_channel.client
                queue = settings.CELERY_TASK_DEFAULT_QUEUE
                # Kombu keeps one list per priority step: the queue's name, then name\x06\x16N.
                keys = [queue] + [f"{queue}\x06\x16{step}" for step in range(1, 10)]
                pipe = client.pipeline()
                for key in keys:
                    pipe.llen(key)
                pipe.hgetall(TASK_COUNTS_KEY)
                *lengths, task_counts = pipe.execute()
        except Exception as error:  # noqa: BLE001 - a scrape must not fail with Redis down
            logger.warning("metrics: Redis unavailable: %s", error)
            yield _gauge("lineout_redis_up", "Whether Redis answered this scrape.",
                         samples=[((), 0)])
            return
        yield _gauge("lineout_redis_up", "Whether Redis answered this scrape.", samples=[((), 1)])
        yield _gauge("lineout_celery_queue_length", "Tasks waiting in the Celery queue.",
                     ["queue"], [((queue,), sum(lengths))])
        yield from task_families(task_counts)


def task_families(raw: dict) -> Iterator[Metric]:
    """Turn the task hash (``outcome|task`` → count, ``seconds|task`` → total) into families."""
    tasks = CounterMetricFamily("lineout_celery_tasks", "Celery tasks finished, by task "
                                "and outcome.", labels=["task", "outcome"])
    seconds = CounterMetricFamily("lineout_celery_task_seconds", "Time spent running "
                                  "Celery tasks, by task.", labels=["task"])
    for field, value in sorted(raw.items()):
        field = field.decode() if isinstance(field, bytes) else field
        kind, _, task = field.partition("|")
        if kind == "seconds":
            seconds.add_metric([task], float(value))
        else:
            tasks.add_metric([task, kind], float(value))
    yield tasks
    yield seconds


def record_task(task_name: str, outcome: str, seconds: float | None) -> None:
    """Count one finished task in Redis (called from Celery's signals in the worker)."""
    if not settings.REDIS_URL:
        return
    from .celery import app as celery_app

    try:
        with celery_app.connection_for_write() as conn:
            pipe = conn.default_channel.client.pipeline()
            pipe.hincrby(TASK_COUNTS_KEY, f"{outcome}|{task_name}", 1)
            if seconds is not None:
                pipe.hincrbyfloat(TASK_COUNTS_KEY, f"seconds|{task_name}", round(seconds, 6))
            pipe.execute()
    except Exception as error:  # noqa: BLE001 - counting never breaks a task
        logger.warning("metrics: could not count task %s: %s", task_name, error)


# --- The view ---------------------------------------------------------------------------

def exposition() -> bytes:
    """django-prometheus's process metrics (all gunicorn workers when
    PROMETHEUS_MULTIPROC_DIR is set), then Lineout's figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = prometheus_client.REGISTRY
    own = CollectorRegistry(auto_describe=False)
    own.register(LineoutCollector())
    started = time.monotonic()
    body = prometheus_client.generate_latest(process_registry) + prometheus_client.generate_latest(own)
    scrape = (f"# HELP lineout_scrape_seconds Time this scrape spent reading Lineout's figures.\n"
              f"# TYPE lineout_scrape_seconds gauge\n"
              f"lineout_scrape_seconds {time.monotonic() - started:.6f}\n")
    return body + scrape.encode()


@never_cache
@require_GET
def metrics(request):
    if not may_scrape(request):
        raise Http404
    return HttpResponse(exposition(), content_type=prometheus_client.CONTENT_TYPE_LATEST)
