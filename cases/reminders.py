"""Which reminders a case is owed, and when: scheduled and cancelled by the workflow.

    kind              scheduled when             due (09:00, customer's time zone)
    review_follow_up  enters verifying           business day 1
    review_overdue    enters verifying           business day 3
    info_nudge        enters needs_info          business day 2
    final_bill        enters done                next billing-cycle day after the done date
                                                 (done date + 30 days without a cycle day)
    balance_refund    enters done with balance   done date + 30 days
    draft_nudge       a draft left unchanged for the next 09:00 after the sweep finds it
                      DRAFT_NUDGE_AFTER_DAYS

"Day 0" is the customer's local date on which the case entered the state. Pending
reminders of a state are cancelled when the case leaves it; re-entering the state
schedules a fresh sequence. ``draft_nudge`` is not scheduled by a move but by the draft
sweep (cases/drafts.py), once per stretch without changes; it is cancelled with the draft
like the others, and not sent if the customer changed the draft after it was scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Max

from .business_days import add_business_days

if TYPE_CHECKING:
    from .models import Case

SEND_AT = time(9, 0)
DAYS_WITHOUT_CYCLE_DAY = 30
REFUND_AFTER_DAYS = 30


@dataclass(frozen=True)
class Plan:
    kind: str
    day: date


def local_day(case: Case) -> date:
    """Day 0: the customer's local date on which the case entered its state."""
    return case.entered_state_at.astimezone(ZoneInfo(case.owner.timezone)).date()


def due_at(day: date, timezone_name: str) -> datetime:
    """09:00 on ``day`` in the customer's time zone, as an aware datetime."""
    return datetime.combine(day, SEND_AT, tzinfo=ZoneInfo(timezone_name))


def next_send_at(moment: datetime, timezone_name: str) -> datetime:
    """The first 09:00 in the customer's time zone at or after ``moment``."""
    local = moment.astimezone(ZoneInfo(timezone_name))
    day = local.date() if local.time() <= SEND_AT else local.date() + timedelta(days=1)
    return due_at(day, timezone_name)


def next_cycle_day(after: date, cycle_day: int) -> date:
    """The first date strictly after ``after`` whose day of the month is ``cycle_day``."""
    candidate = after.replace(day=cycle_day) if after.day < cycle_day else None
    if candidate is None:
        year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
        candidate = date(year, month, cycle_day)
    return candidate


def plans_for(case: Case) -> list[Plan]:
    """The reminders owed for the state the case has just entered."""
    day0 = local_day(case)
    country = case.carrier.country
    State = case.State
    if case.state == State.VERIFYING:
        return [Plan("review_follow_up", add_business_days(day0, 1, country)),
                Plan("review_overdue", add_business_days(day0, 3, country))]
    if case.state == State.NEEDS_INFO:
        return [Plan("info_nudge", add_business_days(day0, 2, country))]
    if case.state == State.DONE:
        bill_day = (next_cycle_day(day0, case.billing_cycle_day) if case.billing_cycle_day
                    else day0 + timedelta(days=DAYS_WITHOUT_CYCLE_DAY))
        plans = [Plan("final_bill", bill_day)]
        if case.prepaid_balance:
            plans.append(Plan("balance_refund", day0 + timedelta(days=REFUND_AFTER_DAYS)))
        return plans
    return []


def reschedule(case: Case, previous_state: str) -> None:
    """Cancel what the old state owed and schedule what the new one owes.

    Runs inside the move's transaction, on the locked case, so it is all or nothing.
    """
    reminders = case.reminders
    Status = reminders.model.Status
    if previous_state != case.state:
        reminders.filter(status=Status.PENDING, for_state=previous_state).update(
            status=Status.CANCELLED, last_error="the case left the state"
        )
    plans = plans_for(case)
    if not plans:
        return
    last = dict(reminders.filter(kind__in=[p.kind for p in plans])
                .values_list("kind").annotate(Max("sequence")))
    reminders.bulk_create([
        reminders.model(case=case, kind=plan.kind, sequence=(last.get(plan.kind) or 0) + 1,
                        for_state=case.state, due_at=due_at(plan.day, case.owner.timezone))
        for plan in plans
    ])
