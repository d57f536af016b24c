"""`make bench`: the reminder dispatcher's rate, memory and query plans on PostgreSQL.

On a throwaway database (``lineout_bench``: dropped and created at the start, dropped at
the end) it seeds 2,000 customers, 100,000 cases and 100,000 reminders of which 20,000 are
due, plus 100,000 sent outbox emails, then measures:

1. claim and hand off: ``reminder_delivery.dispatch`` with a hand-off that only records the
   ids, five passes over the 20,000 due reminders (``queued_at`` reset and the table
   vacuumed between passes, outside the timing); the median rate, target >= 1,000/s, and
   each batch's claim time (first batches against last);
1b. the production hand-off, ``publish`` (one Celery task per reminder) to Redis, over
   5,000 of them, into a queue of the bench's own that is deleted afterwards (skipped
   without REDIS_URL);
2. claim, write and deliver: ``dispatch`` handing off to ``send_in_process`` with Django
   sending to a local SMTP sink (aiosmtpd in a child process, counting), over 2,000 of
   them, end to end, split into write and deliver time, with SQL statements per message;
3. memory: this process's RSS after every batch of phases 1 and 2 (start, max, end,
   drift, slope);
4. ``EXPLAIN (ANALYZE, BUFFERS)`` of the dispatcher's due query (before a pass and after
   one, when every due row is claimed but not yet sent) and of the outbox's, and whether
   each uses its partial index.

Timings live only here, never in the tests. The report is printed and written to
var/bench-report.txt; the exit status is 1 when a check fails. Without PostgreSQL it says
why and exits 0.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import sys
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from .instruments import (RssTrace, SmtpSink, explain, outbox_due_query, reminder_due_query,
                          rss_line)
from .world import (BENCH_DB, DUE, STATE_MIX, database_urls, recreate_database, seed,
                    vacuum)

CLAIM_PASSES = 5
CLAIM_BATCH = 500
TARGET_PER_SECOND = 1_000
PUBLISH_COUNT = 5_000      # phase 1b: claimed and published to Celery over Redis
DELIVER_COUNT = 2_000
DELIVER_BATCH = 100
DELIVER_BUDGET_S = 150     # phase 2 stops handing batches to the sender after this
WATCHDOG_S = 540           # the whole run, seeding included
RSS_FLAT_MIB = 8.0         # allowed RSS drift over the warm passes

ROOT = Path(__file__).resolve().parent.parent
REPORT_PATH = ROOT / "var" / "bench-report.txt"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql", "postgis"}


class OutOfTime(Exception):
    pass


def say(line: str = "") -> None:
    print(line, flush=True)


# --- Phases -----------------------------------------------------------------------------

def claim_phase(now: datetime, trace: RssTrace) -> tuple[list[str], dict]:
    from cases import reminder_delivery
    from cases.models import Reminder

    lines, rates, warm_from = [], [], 0
    after_first_pass_plan = None
    first_batches, last_batches, final_queries = [], [], []
    for run in range(1, CLAIM_PASSES + 1):
        handed: list[int] = []
        marks: list[float] = []  # when each batch was handed off

        def collect(ids: list[int]) -> None:
            marks.append(time.perf_counter())
            handed.extend(ids)
            trace.sample(len(ids))

        if run == 2:
            warm_from = len(trace.samples)
        started = time.perf_counter()
        count = reminder_delivery.dispatch(now=now, batch_size=CLAIM_BATCH, hand_off=collect)
        elapsed = time.perf_counter() - started
        ok = count == DUE == len(handed) == len(set(handed))
        rates.append(count / elapsed)
        # A batch's time is its claim (SELECT … FOR UPDATE SKIP LOCKED + UPDATE + COMMIT):
        # the hand-off only appends ids.
        batch_ms = [1000 * (b - a) for a, b in zip([started, *marks], marks)]
        first_batches.append(statistics.median(batch_ms[:5]))
        last_batches.append(statistics.median(batch_ms[-5:]))
        final_queries.append(1000 * (started + elapsed - marks[-1]) if marks else 0.0)
        lines.append(f"  pass {run}: {count:,} reminders in {elapsed:.2f} s = "
                     f"{count / elapsed:,.0f}/s; batch claim {batch_ms[0]:.1f} ms first, "
                     f"{batch_ms[-1]:.1f} ms last{'' if ok else '  (WRONG COUNT)'}")
        say(lines[-1])
        if not ok:
            return lines, {"ok": False, "rates": rates, "warm_from": warm_from}
        if run == 1:
            # Every due row is now claimed but still pending, as while the sends run.
            after_first_pass_plan = explain(reminder_due_query(now, CLAIM_BATCH), "reminder_pending_due_idx")
        Reminder.objects.filter(pk__in=handed).update(queued_at=None)
        vacuum("cases_reminder")
    first, last = statistics.median(first_batches), statistics.median(last_batches)
    lines.append(f"  batch claim time (medians over passes): first 5 batches {first:.1f} ms, "
                 f"last 5 {last:.1f} ms = {last / first:.1f}x; the closing empty query "
                 f"{statistics.median(final_queries):.1f} ms")
    return lines, {"ok": True, "rates": rates, "warm_from": warm_from,
                   "after_first_pass_plan": after_first_pass_plan}


def publish_phase(now: datetime, trace: RssTrace) -> tuple[list[str], dict]:
    """The production hand-off: ``publish`` sends one Celery task per reminder to Redis. The
    tasks go to a queue of the bench's own (no worker listens to it), deleted afterwards."""
    from django.conf import settings
    from kombu import Exchange, Queue

    from cases import reminder_delivery
    from cases.models import Reminder
    from portal.celery import app

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        return ["  skipped: REDIS_URL is not set (the embedded broker is not measured)"], {}
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    handed: list[int] = []

    def publish(ids: list[int]) -> int | None:
        published = reminder_delivery.publish(ids)  # how many, if the broker refused some
        handed.extend(ids)
        trace.sample(len(ids))
        return published

    try:
        started = time.perf_counter()
        count = reminder_delivery.dispatch(now=now, batch_size=CLAIM_BATCH,
                                           max_batches=PUBLISH_COUNT // CLAIM_BATCH,
                                           hand_off=publish)
        elapsed = time.perf_counter() - started
        with app.connection_for_write() as connection:
            # Celery's default queue, bound on this channel so that delete() removes the
            # messages and the bindings alike.
            bound = Queue(queue, Exchange(queue), routing_key=queue)(connection.default_channel)
            bound.declare()
            queued = bound.queue_declare(passive=True).message_count
            bound.delete()
    except Exception as error:  # noqa: BLE001 - Redis went away: report it, go on
        lines = [f"  failed, Redis: {type(error).__name__}: {error}"]
        say(lines[-1])
        return lines, {"ok": False, "rate": 0.0}
    finally:
        Reminder.objects.filter(pk__in=handed).update(queued_at=None)
        vacuum("cases_reminder")
    ok = count == len(handed) == queued == PUBLISH_COUNT
    rate = count / elapsed
    lines = [f"  {count:,} reminders claimed and {queued:,} send tasks published in "
             f"{elapsed:.2f} s = {rate:,.0f}/s{'' if ok else '  (WRONG COUNT)'}"]
    say(lines[-1])
    return lines, {"ok": ok, "rate": rate}


def deliver_phase(now: datetime, trace: RssTrace) -> tuple[list[str], dict]:
    from django.conf import settings
    from django.db import connection

    from cases import reminder_delivery
    from cases.models import Reminder
    from portal import outbox
    from portal.models import OutboundEmail

    statements = 0

    def count_statements(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    # Split the send step's time: writing (lock, render, outbox row) and delivering (claim,
    # SMTP, mark sent). Only the bench's own wrapper; restored below.
    deliver_seconds = 0.0
    original_deliver = outbox.deliver

    def timed_deliver(*args, **kwargs):
        nonlocal deliver_seconds
        started = time.perf_counter()
        try:
            return original_deliver(*args, **kwargs)
        finally:
            deliver_seconds += time.perf_counter() - started

    send_seconds = 0.0
    claimed = attempted = 0
    send = partial(reminder_delivery.send_in_process, now=now)
    deadline = time.perf_counter() + DELIVER_BUDGET_S

    def hand_off(ids: list[int]) -> int:
        nonlocal send_seconds, claimed, attempted
        claimed += len(ids)
        if time.perf_counter() > deadline:
            return 0  # out of time: left claimed (as if the worker were slow), stop here
        started = time.perf_counter()
        send(ids)
        send_seconds += time.perf_counter() - started
        attempted += len(ids)
        trace.sample(len(ids))
        return len(ids)

    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        outbox.deliver = timed_deliver
        try:
            with connection.execute_wrapper(count_statements):
                started = time.perf_counter()
                reminder_delivery.dispatch(now=now, batch_size=DELIVER_BATCH,
                                           max_batches=DELIVER_COUNT // DELIVER_BATCH,
                                           hand_off=hand_off)
                elapsed = time.perf_counter() - started
        finally:
            outbox.deliver = original_deliver
        received, received_bytes = sink.messages, sink.bytes

    sent_rows = Reminder.objects.filter(status="sent", sent_at=now).count()
    delivered_rows = OutboundEmail.objects.filter(kind="reminder/review_follow_up",
                                                  status="sent").count()
    ok = attempted > 0 and sent_rows == delivered_rows == received == attempted
    rate = received / elapsed if elapsed else 0.0
    lines = [
        f"  {claimed:,} claimed, {attempted:,} sent in process; {received:,} received by "
        f"the SMTP sink ({received_bytes / max(received, 1) / 1024:.1f} KiB each) in "
        f"{elapsed:.1f} s = {rate:,.0f} messages/s end to end",
        f"  rows: {sent_rows:,} reminders sent, {delivered_rows:,} outbox emails sent"
        + ("" if ok else "  (MISMATCH)"),
    ]
    if claimed > attempted:
        lines.append(f"  stopped after the {DELIVER_BUDGET_S} s budget: {claimed - attempted:,} "
                     f"claimed reminders not sent")
    if attempted:
        write_seconds = send_seconds - deliver_seconds
        lines.append(
            f"  per message: {1000 * send_seconds / attempted:.1f} ms in send = "
            f"{1000 * write_seconds / attempted:.1f} ms write (lock, render, outbox row) + "
            f"{1000 * deliver_seconds / attempted:.1f} ms deliver (claim, SMTP, mark sent); "
            f"{statements / attempted:.1f} SQL statements")
    for line in lines:
        say(line)
    return lines, {"ok": ok, "rate": rate, "sent": received}


# --- Main -------------------------------------------------------------------------------

def run(now: datetime) -> tuple[list[str], bool]:
    from django.db import connection

    report = [f"Lineout reminder dispatch benchmark, {now:%Y-%m-%d %H:%M} UTC, "
              f"{os.cpu_count()} CPU(s), PostgreSQL {connection.pg_version // 10000}, "
              f"database {BENCH_DB}"]
    say(report[0])
    rng = random.Random(20_000)
    say("seeding …")
    report += seed(now, rng)
    say(report[-1])
    checks: dict[str, bool] = {}

    say(f"\nEXPLAIN (ANALYZE, BUFFERS) of the dispatcher's due query, {DUE:,} due:")
    reminder_plan, checks["reminder query uses reminder_pending_due_idx"] = explain(
        reminder_due_query(now, CLAIM_BATCH), "reminder_pending_due_idx")
    say(reminder_plan)
    say("\nEXPLAIN (ANALYZE, BUFFERS) of the outbox's due query:")
    outbox_plan, checks["outbox query uses outbox_unfinished_idx"] = explain(
        outbox_due_query(now), "outbox_unfinished_idx")
    say(outbox_plan)

    trace = RssTrace()
    say(f"\nphase 1: claim and hand off ({DUE:,} due, batches of {CLAIM_BATCH}, "
        f"{CLAIM_PASSES} passes)")
    claim_lines, claim = claim_phase(now, trace)
    checks["claim passes hand off every due reminder once"] = claim["ok"]
    median_rate = statistics.median(claim["rates"])
    checks[f"claim median >= {TARGET_PER_SECOND:,}/s"] = median_rate >= TARGET_PER_SECOND
    claim_rss = trace.summary()
    warm_rss = trace.summary(since=claim["warm_from"]) if claim["warm_from"] else claim_rss
    checks[f"dispatcher RSS flat (drift over passes 2-{CLAIM_PASSES} < {RSS_FLAT_MIB:g} MiB)"] = (
        warm_rss["drift"] < RSS_FLAT_MIB)
    if claim.get("after_first_pass_plan"):
        say(f"\nEXPLAIN (ANALYZE, BUFFERS) of the same query after a pass ({DUE:,} claimed, "
            f"not yet sent):")
        say(claim["after_first_pass_plan"][0])

    say(f"\nphase 1b: claim and publish to Celery over Redis ({PUBLISH_COUNT:,} of the due, "
        f"batches of {CLAIM_BATCH})")
    publish_lines, published = publish_phase(now, RssTrace())
    if published:
        checks["publish to Redis hands every claimed reminder to a task"] = published["ok"]

    say(f"\nphase 2: claim, write and deliver to a local SMTP sink ({DELIVER_COUNT:,} of the "
        f"due, batches of {DELIVER_BATCH})")
    deliver_trace = RssTrace()
    deliver_lines, deliver = deliver_phase(now, deliver_trace)
    checks["SMTP sink received exactly the messages sent"] = deliver["ok"]
    deliver_rss = deliver_trace.summary() if deliver_trace.samples else None
    if deliver_rss:
        second_half = deliver_trace.summary(since=len(deliver_trace.samples) // 2)
        checks[f"sender RSS flat (drift over phase 2's second half < {RSS_FLAT_MIB:g} MiB)"] = (
            second_half["drift"] < RSS_FLAT_MIB)

    report += ["", f"Phase 1, claim and hand off ({DUE:,} due among "
                   f"{sum(STATE_MIX.values()):,} cases, batches of {CLAIM_BATCH}):", *claim_lines,
               f"  median {median_rate:,.0f}/s = {median_rate / TARGET_PER_SECOND:.1f}x the "
               f"{TARGET_PER_SECOND:,}/s target "
               f"(min {min(claim['rates']):,.0f}, max {max(claim['rates']):,.0f})",
               "", f"Phase 1b, claim and publish one Celery task per reminder to Redis "
                   f"(the production hand-off, {PUBLISH_COUNT:,} reminders):", *publish_lines]
    if published.get("rate"):
        report.append(f"  = {published['rate'] / TARGET_PER_SECOND:.1f}x the target; "
                      f"{median_rate / published['rate']:.1f}x slower than the claim alone")
    report += ["", f"Phase 2, claim + write + deliver to a local SMTP sink "
                   f"({DELIVER_COUNT:,} reminders, batches of {DELIVER_BATCH}):", *deliver_lines]
    if deliver["rate"]:
        report.append(f"  end to end is {median_rate / deliver['rate']:.0f}x slower than the "
                      f"claim step ({deliver['rate']:,.0f} vs {median_rate:,.0f}/s)")
    report += ["", "Memory (process RSS after each batch):", "  " + rss_line("phase 1", claim_rss),
               "  " + rss_line(f"phase 1, passes 2-{CLAIM_PASSES}", warm_rss)]
    if deliver_rss:
        report += ["  " + rss_line("phase 2", deliver_rss),
                   "  " + rss_line("phase 2, second half", second_half)]
    report += ["", "Query plans (EXPLAIN ANALYZE, BUFFERS above):",
               "  reminders due: " + plan_summary(reminder_plan, "reminder_pending_due_idx")]
    if claim.get("after_first_pass_plan"):
        report.append("  reminders due, after a pass (all claimed, none sent): "
                      + plan_summary(claim["after_first_pass_plan"][0],
                                     "reminder_pending_due_idx"))
    report.append("  outbox due: " + plan_summary(outbox_plan, "outbox_unfinished_idx"))
    report += ["", "Checks:"] + [f"  [{'ok' if passed else 'FAILED'}] {name}"
                                 for name, passed in checks.items()]
    report += ["", "Plans:", "-- reminders due --", reminder_plan]
    if claim.get("after_first_pass_plan"):
        report += ["-- reminders due, after a pass --", claim["after_first_pass_plan"][0]]
    report += ["-- outbox due --", outbox_plan]
    return report, all(checks.values())


def plan_summary(plan: str, index: str) -> str:
    """One line: which index, the execution time, shared buffers touched, rows filtered."""
    import re

    uses = f"uses {index}" if index in plan else f"does NOT use {index}"
    if "Seq Scan" in plan:
        uses += ", has a Seq Scan"
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    buffers = re.search(r"Buffers: (shared [^\n]*)", plan)  # the top node's, inclusive
    removed = sum(int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan))
    return (f"{uses}; {execution.group(1) if execution else '?'} ms; buffers "
            f"{buffers.group(1).strip() if buffers else '?'}; {removed:,} rows removed by filter")


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(url).scheme
    if scheme not in POSTGRES_SCHEMES:
        why = f"DATABASE_URL is {scheme}://" if url else "DATABASE_URL is not set"
        say(f"bench: skipped, it needs PostgreSQL and {why} (make bench sets it when "
            f"PostgreSQL listens on 127.0.0.1:5432). Nothing was measured.")
        return 0
    maintenance_url, bench_url = database_urls(url)

    import psycopg

    try:
        recreate_database(maintenance_url)
    except psycopg.Error as error:
        say(f"bench: could not create the {BENCH_DB} database on {urlsplit(url).hostname}: "
            f"{error}")
        return 1

    def out_of_time(signum, frame):
        raise OutOfTime(f"the benchmark ran over {WATCHDOG_S} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(WATCHDOG_S)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    # Phase 1b's tasks go to a queue no worker reads, deleted after it.
    os.environ["CELERY_QUEUE"] = f"lineout-bench-{os.getpid()}"
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from django.utils import timezone

        settings.DEBUG = False  # as in production: no query log kept in memory
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        say(f"migrated {BENCH_DB} in {time.perf_counter() - started:.1f} s")
        report, passed = run(timezone.now().replace(microsecond=0))
        connections.close_all()
    finally:
        signal.alarm(0)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        recreate_database(maintenance_url, create=False)

    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text("\n".join(report) + "\n")
    summary_end = report.index("Plans:")
    say("\n" + "=" * 78)
    say("\n".join(report[:summary_end]).rstrip())
    say(f"\n(full report with the plans: {REPORT_PATH.relative_to(ROOT)}; "
        f"database {BENCH_DB} dropped)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
