"""Claiming due rows in bounded batches, shared by the outbox and reminder dispatchers.

Each batch is claimed in its own transaction with ``skip_locked`` and stamped queued, so
two dispatchers running at once never hand off the same row. Batches page by keyset
(``order_field``, pk), so a pass never walks again over rows it already claimed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet


def claim_in_batches(
    due: QuerySet,
    *,
    order_field: str,
    now: datetime,
    hand_off: Callable[[list[int]], int | None],
    batch_size: int,
    max_batches: int,
) -> int:
    """Hand every row of ``due`` to ``hand_off`` once; returns how many were handed off.

    ``hand_off`` may return how many it took; fewer than offered (a broker that refused)
    ends the pass, and the rest wait for the next one.
    """
    handed_off, after = 0, None
    for _batch in range(max_batches):
        with transaction.atomic():
            batch = due
            if after is not None:
                batch = batch.filter(Q(**{f"{order_field}__gt": after[0]})
                                     | Q(**{order_field: after[0], "pk__gt": after[1]}))
            rows = list(batch.select_for_update(skip_locked=True)
                        .order_by(order_field, "pk").values_list("pk", order_field)[:batch_size])
            if not rows:
                break
            ids = [pk for pk, _value in rows]
            after = (rows[-1][1], rows[-1][0])
            due.model.objects.filter(pk__in=ids).update(queued_at=now)
        handed = hand_off(ids)
        handed = len(ids) if handed is None else handed
        handed_off += handed
        if handed < len(ids) or len(ids) < batch_size:
            break  # a short batch, or the broker refused: the rest wait for the next pass
    return handed_off
