"""The bench's world: a throwaway PostgreSQL database and what is seeded into it."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit


BENCH_DB = "lineout_bench"
USERS = 2_000
STATE_MIX = {  # 100,000 cases
    "verifying": 30_000, "needs_info": 10_000, "done": 30_000, "draft": 10_000,
    "submitted": 10_000, "rejected": 5_000, "withdrawn": 5_000,
}
DUE = 20_000               # review_follow_up reminders due, one per verifying case
FUTURE_FINAL_BILLS = 10_000  # of the done cases' final_bill reminders, still to come
OUTBOX_SENT = 100_000      # delivered emails: outside the outbox's partial index
OUTBOX_DUE = 1_000         # pending and due: what the outbox's EXPLAIN finds
OUTBOX_LATER = 1_000       # pending, retrying later
SEED_CHUNK = 5_000

TIME_ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
              "Asia/Shanghai"]



# --- Database ---------------------------------------------------------------------------

def database_urls(url: str) -> tuple[str, str]:
    """The maintenance database (``postgres``) and the bench database on the same server."""
    parts = urlsplit(url)
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    bench = urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", parts.query, ""))
    return maintenance, bench


def recreate_database(maintenance_url: str, *, create: bool = True) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                     .format(sql.Identifier(BENCH_DB)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))


def vacuum(*tables: str, analyze: bool = False) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM {'(ANALYZE) ' if analyze else ''}{table}")


# --- Seeding ----------------------------------------------------------------------------

def seed(now: datetime, rng: random.Random) -> list[str]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from cases.models import Case, Reminder
    from cases.reference import new_reference
    from content.models import Carrier
    from portal.models import OutboundEmail

    User = get_user_model()
    lines = []
    started = time.perf_counter()

    carrier = Carrier.objects.create(name="Bench Mobile", slug="bench-mobile", country="US")
    User.objects.bulk_create([
        User(email=f"customer{i:05d}@bench.example", password="!bench-unusable-password",
             first_name=f"Customer{i}", language="zh-hans" if i % 5 == 0 else "en",
             timezone=TIME_ZONES[i % len(TIME_ZONES)])
        for i in range(USERS)
    ], batch_size=1_000)
    users = list(User.objects.filter(email__endswith="@bench.example").values_list("pk", "email"))

    states = [state for state, count in STATE_MIX.items() for _ in range(count)]
    rng.shuffle(states)  # due reminders spread over the whole table, as in real life
    references: set[str] = set()
    seen = dict.fromkeys(STATE_MIX, 0)
    Status, Kind = Reminder.Status, Reminder.Kind

    def reference() -> str:
        while (value := new_reference()) in references:
            pass
        references.add(value)
        return value

    def past(max_hours: int) -> datetime:
        return now - timedelta(minutes=rng.randint(1, max_hours * 60))

    def future(max_days: int) -> datetime:
        return now + timedelta(minutes=rng.randint(60, max_days * 24 * 60))

    due_count = reminder_count = 0
    for chunk_start in range(0, len(states), SEED_CHUNK):
        cases = []
        for state in states[chunk_start:chunk_start + SEED_CHUNK]:
            entered = now - timedelta(hours=rng.randint(30, 24 * 20))
            cases.append(Case(
                reference=reference(), owner_id=rng.choice(users)[0], carrier=carrier,
                phone_number=f"+1202555{rng.randint(0, 9999):04d}",
                line_type=rng.choice(["postpaid", "prepaid"]),
                state=state, entered_state_at=entered, created_at=entered - timedelta(days=1),
                submitted_at=None if state == "draft" else entered,
                closed_at=entered if state in {"done", "rejected", "withdrawn"} else None,
            ))
        Case.objects.bulk_create(cases, batch_size=SEED_CHUNK)

        reminders = []
        for case in cases:
            state, n = case.state, seen[case.state]
            seen[state] += 1
            common = {"case_id": case.pk, "for_state": state, "created_at": case.entered_state_at}
            if state == "verifying" and n < DUE:
                reminders.append(Reminder(kind=Kind.REVIEW_FOLLOW_UP, due_at=past(72), **common))
                reminders.append(Reminder(kind=Kind.REVIEW_OVERDUE, due_at=future(3), **common))
                due_count += 1
            elif state == "verifying":
                reminders.append(Reminder(kind=Kind.REVIEW_FOLLOW_UP, due_at=future(2), **common))
            elif state == "needs_info" and n % 2 == 0:
                when = past(24 * 10)
                reminders.append(Reminder(kind=Kind.INFO_NUDGE, due_at=when, status=Status.SENT,
                                          sent_at=when, attempts=1, **common))
            elif state == "needs_info":
                reminders.append(Reminder(kind=Kind.INFO_NUDGE, due_at=future(2), **common))
            elif state == "done" and n < STATE_MIX["done"] - FUTURE_FINAL_BILLS:
                when = past(24 * 10)
                reminders.append(Reminder(kind=Kind.FINAL_BILL, due_at=when, status=Status.SENT,
                                          sent_at=when, attempts=1, **common))
            elif state == "done":
                reminders.append(Reminder(kind=Kind.FINAL_BILL, due_at=future(30), **common))
            elif state in {"rejected", "withdrawn"}:
                common["for_state"] = "verifying"
                reminders.append(Reminder(kind=Kind.REVIEW_FOLLOW_UP, due_at=past(24 * 10),
                                          status=Status.CANCELLED,
                                          last_error="the case left the state it was "
                                                     "scheduled for", **common))
        Reminder.objects.bulk_create(reminders, batch_size=SEED_CHUNK)
        reminder_count += len(reminders)
    assert due_count == DUE, due_count
    seeded_cases = time.perf_counter()

    emails_total = OUTBOX_SENT + OUTBOX_DUE + OUTBOX_LATER
    for chunk_start in range(0, emails_total, SEED_CHUNK):
        emails = []
        for i in range(chunk_start, min(chunk_start + SEED_CHUNK, emails_total)):
            user_id, address = users[i % len(users)]
            sent = i < OUTBOX_SENT
            when = past(24 * 30) if sent or i < OUTBOX_SENT + OUTBOX_DUE else future(1)
            emails.append(OutboundEmail(
                kind="case/case_submitted", recipient_id=user_id, to=[address],
                from_email=settings.DEFAULT_FROM_EMAIL, subject="We have your request",
                body_text="Hello,\n\nWe have your request to close the line.\n",
                status="sent" if sent else "pending", attempts=1 if sent else 0,
                next_attempt_at=when, sent_at=when if sent else None, created_at=when,
            ))
        OutboundEmail.objects.bulk_create(emails, batch_size=SEED_CHUNK)

    vacuum("portal_user", "cases_case", "cases_reminder", "portal_outboundemail", analyze=True)
    done = time.perf_counter()
    lines.append(f"seeded {USERS:,} customers, {len(states):,} cases, {reminder_count:,} "
                 f"reminders ({DUE:,} due) in {seeded_cases - started:.1f} s; "
                 f"{emails_total:,} outbox emails ({OUTBOX_SENT:,} sent) and VACUUM ANALYZE "
                 f"in {done - seeded_cases:.1f} s")
    return lines


