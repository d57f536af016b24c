"""Abandoned drafts: a nudge after DRAFT_NUDGE_AFTER_DAYS without changes, and the system's
withdrawal (the ``expire`` move) after DRAFT_WITHDRAW_AFTER_DAYS.

"Without changes" means the case's ``updated_at`` (every customer edit saves the case:
details, checklist, documents). ``sweep`` runs from Celery beat and from
``manage.py sweep_drafts``; it is idempotent:

- drafts due for withdrawal are withdrawn first, each in its own transaction; the move
  re-checks on the locked row that the draft is still unchanged, so a customer whose
  edit lands at that moment keeps the draft. Their documents go with the next retention
  run (cases/retention.py), without the usual wait.
- drafts unchanged for the nudge period that have no ``draft_nudge`` created since their
  last change get one, due at the next 09:00 in the customer's time zone; the reminder
  dispatcher sends it. A second run finds the reminder and creates nothing.

Both walk the drafts by (updated_at, pk) on the (state, updated_at) index, in bounded
batches.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from . import reminders
from .models import Case, Reminder
from .workflow import State, TransitionNotAllowed

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BATCHES = 50


@dataclass(frozen=True)
class SweepResult:
    nudged: int
    withdrawn: int


def sweep(*, now: datetime | None = None, batch_size: int = BATCH_SIZE,
          max_batches: int = MAX_BATCHES) -> SweepResult:
    """Withdraw the drafts left unchanged too long, then nudge those getting there."""
    now = now or timezone.now()
    withdrawn = withdraw_unchanged_drafts(now=now, batch_size=batch_size,
                                          max_batches=max_batches)
    nudged = nudge_unchanged_drafts(now=now, batch_size=batch_size, max_batches=max_batches)
    if nudged or withdrawn:
        logger.info("drafts: %d nudged, %d withdrawn", nudged, withdrawn)
    return SweepResult(nudged=nudged, withdrawn=withdrawn)


def withdraw_unchanged_drafts(*, now: datetime, batch_size: int = BATCH_SIZE,
                              max_batches: int = MAX_BATCHES) -> int:
    cutoff = now - timedelta(days=settings.DRAFT_WITHDRAW_AFTER_DAYS)
    withdrawn = 0
    for case in _drafts_unchanged_since(cutoff, batch_size=batch_size,
                                        max_batches=max_batches):
        try:
            case.expire(by=None, untouched_since=cutoff)
        except TransitionNotAllowed:
            continue  # changed or moved on since it was read: it is not abandoned
        withdrawn += 1
    return withdrawn


def nudge_unchanged_drafts(*, now: datetime, batch_size: int = BATCH_SIZE,
                           max_batches: int = MAX_BATCHES) -> int:
    cutoff = now - timedelta(days=settings.DRAFT_NUDGE_AFTER_DAYS)
    nudged = 0
    for case in _drafts_unchanged_since(cutoff, batch_size=batch_size,
                                        max_batches=max_batches, without_nudge=True):
        nudged += _nudge(case.pk, cutoff=cutoff, now=now)
    return nudged


def _nudge_since_last_change() -> Exists:
    """A draft_nudge created at or after the case's last change."""
    return Exists(Reminder.objects.filter(case=OuterRef("pk"), kind=Reminder.Kind.DRAFT_NUDGE,
                                          created_at__gte=OuterRef("updated_at")))


def _drafts_unchanged_since(cutoff: datetime, *, batch_size: int, max_batches: int,
                            without_nudge: bool = False) -> Iterator[Case]:
    """Drafts whose last change is at or before ``cutoff``, oldest first, one keyset page at
    a time (a page is read before any of its cases is worked on)."""
    drafts = Case.objects.filter(state=State.DRAFT, updated_at__lte=cutoff)
    if without_nudge:
        drafts = drafts.filter(~_nudge_since_last_change())
    after = None
    for _batch in range(max_batches):
        page = drafts
        if after is not None:
            page = page.filter(Q(updated_at__gt=after[0])
                               | Q(updated_at=after[0], pk__gt=after[1]))
        cases = list(page.select_related("owner", "carrier")
                     .order_by("updated_at", "pk")[:batch_size])
        if not cases:
            return
        after = (cases[-1].updated_at, cases[-1].pk)
        yield from cases
        if len(cases) < batch_size:
            return


def _nudge(case_id: int, *, cutoff: datetime, now: datetime) -> int:
    """Schedule the case's draft_nudge if, on the locked row, it is still owed. 1 if it was."""
    with transaction.atomic():
        case = (Case.objects.select_related("owner").select_for_update(of=("self",))
                .filter(pk=case_id, state=State.DRAFT, updated_at__lte=cutoff)
                .filter(~_nudge_since_last_change()).first())
        if case is None:
            return 0
        kind = Reminder.Kind.DRAFT_NUDGE
        last = case.reminders.filter(kind=kind).aggregate(Max("sequence"))["sequence__max"]
        case.reminders.create(
            kind=kind, sequence=(last or 0) + 1, for_state=State.DRAFT,
            due_at=reminders.next_send_at(now, case.owner.timezone),
            # On the sweep's clock, so "created since the last change" holds with --now too.
            created_at=now,
        )
    return 1
