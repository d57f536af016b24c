"""What the bench measures with: RSS samples, EXPLAIN plans and a counting SMTP sink."""

from __future__ import annotations

import resource
import socket
import statistics
from datetime import datetime


# --- Memory -----------------------------------------------------------------------------

def rss_kib() -> int:
    """This process's resident set now (VmRSS), in KiB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # peak, KiB on Linux


class RssTrace:
    """RSS sampled after each batch a dispatcher hands off."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self.items: list[int] = []  # reminders handed off so far, at each sample

    def sample(self, handed_off: int) -> None:
        self.samples.append(rss_kib())
        self.items.append((self.items[-1] if self.items else 0) + handed_off)

    def summary(self, since: int = 0) -> dict[str, float]:
        samples, items = self.samples[since:], self.items[since:]
        slope = 0.0
        if len(samples) >= 2 and len(set(items)) >= 2:
            slope = statistics.linear_regression(items, samples).slope * 1000  # KiB/1,000
        return {"start": samples[0] / 1024, "max": max(samples) / 1024,
                "end": samples[-1] / 1024, "drift": (max(samples) - min(samples)) / 1024,
                "slope_kib_per_1000": slope, "batches": len(samples)}


def rss_line(label: str, summary: dict[str, float]) -> str:
    return (f"{label}: start {summary['start']:.1f} MiB, max {summary['max']:.1f}, "
            f"end {summary['end']:.1f}; drift {summary['drift']:.1f} MiB over "
            f"{summary['batches']} batches; slope {summary['slope_kib_per_1000']:+.1f} KiB "
            f"per 1,000 reminders")


# --- EXPLAIN ----------------------------------------------------------------------------

def reminder_due_query(now: datetime, batch: int):
    """Exactly the dispatcher's claim query (cases/reminder_delivery.py)."""
    from cases.models import Reminder

    return (Reminder.objects.due(now).select_for_update(skip_locked=True)
            .order_by("due_at", "pk").values_list("pk", flat=True)[:batch])


def outbox_due_query(now: datetime):
    """Exactly the outbox dispatcher's claim query (portal/outbox.py, batch of 200)."""
    from portal.models import OutboundEmail

    return (OutboundEmail.objects.due(now).select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:200])


def explain(queryset, index: str) -> tuple[str, bool]:
    """EXPLAIN (ANALYZE, BUFFERS): the plan, and whether it reads through ``index`` (and no
    sequential scan). Run in a transaction, since the query locks rows."""
    from django.db import transaction

    with transaction.atomic():
        plan = queryset.explain(analyze=True, buffers=True)
    return plan, index in plan and "Seq Scan" not in plan


# --- SMTP sink --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingHandler:
    """An aiosmtpd handler that accepts everything and only counts what it received."""

    def __init__(self, messages, size) -> None:
        self.messages, self.size = messages, size

    async def handle_DATA(self, server, session, envelope):
        with self.messages.get_lock():
            self.messages.value += 1
            self.size.value += len(envelope.content or b"")
        return "250 2.0.0 OK"


def run_sink(port: int, messages, size, ready, stop) -> None:
    """The SMTP sink's process: a real server apart from the sender, as in production, so
    it takes neither the sender's GIL nor its memory."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(CountingHandler(messages, size), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 in a child process; counts messages and bytes."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self._messages, self._size = context.Value("q", 0), context.Value("q", 0)
        self._ready, self._stop = context.Event(), context.Event()
        self._process = context.Process(
            target=run_sink, daemon=True,
            args=(self.port, self._messages, self._size, self._ready, self._stop))

    @property
    def messages(self) -> int:
        return self._messages.value

    @property
    def bytes(self) -> int:
        return self._size.value

    def __enter__(self) -> SmtpSink:
        self._process.start()
        if not self._ready.wait(30):
            self._process.kill()
            raise RuntimeError("the SMTP sink did not start within 30 s")
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()


