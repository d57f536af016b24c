"""The desk's queue views: which cases each shows, in which order, and how to page them.

    view        shows                                          order
    waiting     waiting on us (the default)                    longest waiting first
    mine        open or followed-up cases assigned to me       longest waiting first
    unassigned  waiting on us, no agent yet                    longest waiting first
    overdue     waiting on us for more than 3 business days    longest overdue first
    customer    waiting on the customer                        longest waiting first
    closed      done, rejected or withdrawn                    newest first
    drafts      not submitted yet                              oldest first

Each view is one index scan on stored columns (``waiting_on``, ``waiting_since``,
``overdue_at``, ``closed_at``: the workflow keeps them), paged by keyset, so a page costs
the same at 100 cases as at 100,000. Counts stop at ``COUNT_CAP``: no page counts a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..workflow import State, WaitingOn

PAGE_SIZE = 50
# Counts stop here ("99+"): a capped count reads at most this many index entries.
COUNT_CAP = 99
DEFAULT_VIEW = "waiting"


@dataclass(frozen=True)
class QueueView:
    slug: str
    label: Promise
    cases: Callable[[QuerySet, object, datetime], QuerySet]
    # Two fields, the second unique, both ascending or both descending (``-``).
    order: tuple[str, str]


VIEWS: dict[str, QueueView] = {view.slug: view for view in [
    QueueView("waiting", _("Waiting on us"),
              lambda qs, agent, now: qs.filter(waiting_on=WaitingOn.US),
              ("waiting_since", "reference")),
    QueueView("mine", _("Mine"),
              lambda qs, agent, now: qs.filter(~Q(waiting_on=WaitingOn.NOBODY),
                                               assigned_agent=agent),
              ("waiting_since", "reference")),
    QueueView("unassigned", _("Unassigned"),
              lambda qs, agent, now: qs.filter(waiting_on=WaitingOn.US,
                                               assigned_agent__isnull=True),
              ("waiting_since", "reference")),
    # Longest overdue first: one range of the overdue index, in its order.
    QueueView("overdue", _("Overdue"),
              lambda qs, agent, now: qs.filter(waiting_on=WaitingOn.US, overdue_at__lte=now),
              ("overdue_at", "reference")),
    QueueView("customer", _("Waiting on the customer"),
              lambda qs, agent, now: qs.filter(waiting_on=WaitingOn.CUSTOMER),
              ("waiting_since", "reference")),
    QueueView("closed", _("Closed"),
              lambda qs, agent, now: qs.filter(closed_at__isnull=False),
              ("-closed_at", "-reference")),
    QueueView("drafts", _("Drafts"),
              lambda qs, agent, now: qs.filter(state=State.DRAFT),
              ("entered_state_at", "reference")),
]}


def view_named(slug: str | None) -> QueueView:
    return VIEWS.get(slug or DEFAULT_VIEW, VIEWS[DEFAULT_VIEW])


def capped_counts(querysets: dict[str, QuerySet], cap: int = COUNT_CAP) -> dict[str, int]:
    """How many rows each queryset has, counting at most ``cap + 1`` of each, in one query.
    A count above ``cap`` reads as "99+"; no count ever walks a whole table."""
    parts, params = [], []
    for queryset in querysets.values():
        sql, sql_params = queryset.order_by().values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row))


# --- Keyset paging -----------------------------------------------------------------------

CURSOR_SEPARATOR = "~"


def cursor_for(row: dict, order: tuple[str, str]) -> str:
    first = row[order[0].lstrip("-")]
    first = first.isoformat() if hasattr(first, "isoformat") else str(first)
    return f"{first}{CURSOR_SEPARATOR}{row['reference']}"


def after_cursor(queryset: QuerySet, order: tuple[str, str], cursor: str | None) -> QuerySet:
    """The rows that come after ``cursor`` in ``order``; a cursor that does not parse
    starts from the top."""
    if not cursor or CURSOR_SEPARATOR not in cursor:
        return queryset
    raw_value, reference = cursor.rsplit(CURSOR_SEPARATOR, 1)
    first, second = (name.lstrip("-") for name in order)
    if first == "reference":  # search by reference pages by the reference alone
        value = raw_value
    else:
        value = parse_datetime(raw_value.replace(" ", "+"))  # a "+" in a query is a space
    if value is None:
        return queryset
    after = "lt" if order[0].startswith("-") else "gt"
    return queryset.filter(Q(**{f"{first}__{after}": value})
                           | Q(**{first: value, f"{second}__{after}": reference}))


@dataclass
class Page:
    rows: list[dict]  # the queryset's values() rows
    next_cursor: str | None


def page_of(queryset: QuerySet, order: tuple[str, str], cursor: str | None,
            size: int = PAGE_SIZE, *, columns: tuple[str, ...] = ()) -> Page:
    """``size`` rows after ``cursor``, as ``values(*columns)``, and the next cursor.

    Two steps: the page's keys from the cases alone (an index range, stopped by the
    LIMIT), then the columns of just those rows. Asked in one go, the planner joins the
    customers and carriers of every matching case before it sorts and cuts (515 of them
    for the overdue view at 100,000 cases, all of a broad email prefix's)."""
    keys = list(after_cursor(queryset, order, cursor).order_by(*order)
                .values_list("pk", flat=True)[: size + 1])
    more = len(keys) > size
    keys = keys[:size]
    by_key = {row["pk"]: row for row in
              queryset.model.objects.filter(pk__in=keys).values("pk", *columns)} if keys else {}
    rows = [by_key[key] for key in keys if key in by_key]
    return Page(rows, cursor_for(rows[-1], order) if more and rows else None)
