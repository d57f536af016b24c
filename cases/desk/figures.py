"""The desk's figures: per carrier and overall, the open cases by state, what waits on us
and what is overdue now, and over the last 30 days the cases closed by state and the median
and 90th-percentile time from submitted to done.

Constant in the size of the history. Every query reads one index range whose size is the
work in hand or the last 30 days' throughput, never every case ever opened:

    figure                              rows read                         index
    open cases by state                 the open cases                    case_state_entered_idx
    closed in 30 days by state          cases closed in the window        case_closed_idx
    waiting on us, overdue              cases waiting on us               case_waiting_idx
    median and p90 submitted → done     cases done in the window          case_closed_idx

That is why done, rejected and withdrawn are counted over the window, like the times:
their totals grow for ever and would need a scan of the whole history.

On PostgreSQL the percentiles are ``percentile_cont`` in the database, per carrier and
overall in one statement (``GROUPING SETS``). SQLite has no ``percentile_cont``: there the
window's durations are read (bounded by the window, and SQLite is the small, embedded
deployment) and the same interpolation is done in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import floor

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from content.models import Carrier

from ..models import Case
from ..workflow import OPEN_STATES, State, WaitingOn

WINDOW = timedelta(days=30)
MEDIAN, P90 = 0.5, 0.9


@dataclass
class CarrierFigures:
    """One carrier's figures (or every carrier's, for the overall row)."""

    name: str
    # Open states: how many are in it now. Terminal states: how many entered it in the window.
    states: dict[str, int] = field(default_factory=lambda: {state: 0 for state in State})
    waiting_on_us: int = 0
    overdue: int = 0
    median: timedelta | None = None  # submitted → done, over the window's done cases
    p90: timedelta | None = None


@dataclass
class Figures:
    now: datetime
    since: datetime  # the window's start: terminal states and times count from here
    overall: CarrierFigures
    carriers: list[CarrierFigures]  # by name; only carriers with something to show


def desk_figures(now: datetime, *, overall_name: str = "") -> Figures:
    since = now - WINDOW
    by_carrier: dict[int, CarrierFigures] = {}

    def of(carrier_id: int) -> CarrierFigures:
        return by_carrier.setdefault(carrier_id, CarrierFigures(name=""))

    cases = Case.objects.order_by()
    open_now = (cases.filter(state__in=OPEN_STATES)
                .values_list("carrier_id", "state").annotate(count=Count("pk")))
    closed_lately = (cases.filter(closed_at__gte=since)
                     .values_list("carrier_id", "state").annotate(count=Count("pk")))
    for carrier_id, state, count in [*open_now, *closed_lately]:
        of(carrier_id).states[state] += count
    waiting = (cases.filter(waiting_on=WaitingOn.US).values_list("carrier_id")
               .annotate(waiting=Count("pk"), overdue=Count("pk", filter=Q(overdue_at__lte=now))))
    for carrier_id, waiting_count, overdue_count in waiting:
        of(carrier_id).waiting_on_us = waiting_count
        of(carrier_id).overdue = overdue_count

    overall = CarrierFigures(name=overall_name)
    for carrier_id, (median, p90) in _times_to_done(since).items():
        figures = overall if carrier_id is None else of(carrier_id)
        figures.median, figures.p90 = median, p90

    for carrier_id, name in _carrier_names(list(by_carrier)).items():
        by_carrier[carrier_id].name = name
    for figures in by_carrier.values():
        for state in State:
            overall.states[state] += figures.states[state]
        overall.waiting_on_us += figures.waiting_on_us
        overall.overdue += figures.overdue
    carriers = sorted(by_carrier.values(), key=lambda figures: figures.name.casefold())
    return Figures(now=now, since=since, overall=overall, carriers=carriers)


def _times_to_done(since: datetime) -> dict[int | None, tuple[timedelta, timedelta]]:
    """``{carrier_id: (median, p90)}`` of submitted → done for the cases done since
    ``since``, and the same for all carriers under the key None."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Case._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT carrier_id, GROUPING(carrier_id) = 1,"  # the table name, no input
                f" percentile_cont(%s) WITHIN GROUP (ORDER BY closed_at - submitted_at),"
                f" percentile_cont(%s) WITHIN GROUP (ORDER BY closed_at - submitted_at)"
                f" FROM {table}"
                f" WHERE closed_at >= %s AND state = %s AND submitted_at IS NOT NULL"
                f" GROUP BY GROUPING SETS ((carrier_id), ())",
                [MEDIAN, P90, since, State.DONE])
            return {None if everyone else carrier_id: (median, p90)
                    for carrier_id, everyone, median, p90 in cursor.fetchall()}
    durations: dict[int | None, list[timedelta]] = {}
    for carrier_id, submitted_at, closed_at in (
            Case.objects.order_by().filter(closed_at__gte=since, state=State.DONE,
                                           submitted_at__isnull=False)
            .values_list("carrier_id", "submitted_at", "closed_at")):
        duration = closed_at - submitted_at
        durations.setdefault(carrier_id, []).append(duration)
        durations.setdefault(None, []).append(duration)
    return {key: (percentile_cont(values, MEDIAN), percentile_cont(values, P90))
            for key, values in durations.items()}


def percentile_cont(values: list[timedelta], fraction: float) -> timedelta | None:
    """PostgreSQL's ``percentile_cont``: the value at ``fraction`` of the sorted values,
    interpolated linearly between the two nearest (a test holds the two equal)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _carrier_names(carrier_ids: list[int]) -> dict[int, str]:
    """Each carrier's name in the current language, falling back to the default one; the
    names only (a whole carrier row carries its notes in every language)."""
    if not carrier_ids:
        return {}
    here = build_localized_fieldname("name", get_language() or settings.LANGUAGE_CODE)
    default = build_localized_fieldname("name", settings.LANGUAGE_CODE)
    columns = {build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES}
    return {row["pk"]: row.get(here) or row[default]
            for row in Carrier.objects.filter(pk__in=carrier_ids).values("pk", *columns)}

