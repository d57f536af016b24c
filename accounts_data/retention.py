"""How long what is left of a deleted account is kept, and the daily job that forgets it.

After a deletion (deletion.py) each case keeps only its reference, carrier, line type,
state, dates and the moves of its timeline (no words); a done case also keeps its
verification code, the carrier's confirmation number and the line's last four digits,
so the closing confirmation can still be checked at /verify/. The README's "Retention"
table says the same. Past the periods below the cases are deleted, and the account row
with its last case.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cases.models import Case
from cases.workflow import State

from .deletion import ERASED_EMAIL_DOMAIN

logger = logging.getLogger(__name__)

# A closing confirmation stays verifiable for this long after the case closed.
DONE_CASE_YEARS = 7
# Rejected and withdrawn cases of a deleted account: long enough to answer a dispute.
OTHER_CASE_YEARS = 1


def _years(count: int) -> timedelta:
    return timedelta(days=365 * count + count // 4)


def forget_deleted_accounts(*, now: datetime | None = None, limit: int = 500) -> int:
    """Delete the cases of deleted accounts past their period, then accounts left with no
    case; returns how many cases went."""
    now = now or timezone.now()
    User = get_user_model()
    erased = User.objects.filter(is_active=False, email__endswith="@" + ERASED_EMAIL_DOMAIN)
    expired = Case.objects.filter(owner__in=erased).filter(
        Q(state=State.DONE, closed_at__lt=now - _years(DONE_CASE_YEARS))
        | Q(state__in=[State.REJECTED, State.WITHDRAWN],
            closed_at__lt=now - _years(OTHER_CASE_YEARS)))
    case_ids = list(expired.values_list("pk", flat=True)[:limit])
    with transaction.atomic():
        Case.objects.filter(pk__in=case_ids).delete()
        emptied = erased.exclude(Exists(Case.objects.filter(owner=OuterRef("pk"))))
        accounts = emptied.delete()[1].get(User._meta.label, 0)
    logger.info("retention: forgot %d case(s) and %d account(s) of deleted accounts",
                len(case_ids), accounts)
    return len(case_ids)
