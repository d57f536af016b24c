"""Deleting identity documents once a case has been closed for DOCUMENT_RETENTION_DAYS,
and at once for a draft the system withdrew because it was left unchanged (the ``expire``
move: nobody ever reviewed them, so there is nothing to keep them for), and at once when
their customer deleted the account (rows marked ``purge_requested_at``).

Idempotent: only documents not yet purged are touched, each case in its own transaction.
Files are deleted before the rows are marked, so a crash in between leaves a row that the
next run marks again (a missing file is fine), never a file that is marked gone.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import timeline
from .models import Case, CaseEvent, Document
from .workflow import TERMINAL_STATES, State

logger = logging.getLogger(__name__)


def purge_expired_documents(*, now: datetime | None = None, limit: int = 500) -> int:
    """Purge documents of cases closed more than the retention period ago, and of drafts
    the system withdrew (however recently); returns count."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DOCUMENT_RETENTION_DAYS)
    # A draft the system withdrew has a transition without an actor. Only those closed within
    # the retention period are looked for here: older ones fall under the usual rule.
    expired_draft_ids = list(
        Case.objects.filter(state=State.WITHDRAWN, closed_at__gte=cutoff)
        .filter(Exists(Document.objects.filter(case=OuterRef("pk"), purged_at__isnull=True)))
        .filter(Exists(CaseEvent.objects.filter(
            case=OuterRef("pk"), kind=CaseEvent.Kind.TRANSITION, from_state=State.DRAFT,
            to_state=State.WITHDRAWN, actor__isnull=True)))
        .values_list("pk", flat=True)[:limit]
    )
    case_ids = list(
        Case.objects.filter(state__in=TERMINAL_STATES, closed_at__lt=cutoff,
                            documents__purged_at__isnull=True)
        .values_list("pk", flat=True).distinct()[:limit - len(expired_draft_ids)]
    )
    purged = purge_requested_documents(now=now, limit=limit)
    for case_id in expired_draft_ids:
        purged += _purge_case(case_id, now, expired_draft=True)
    for case_id in case_ids:
        purged += _purge_case(case_id, now)
    return purged


def purge_requested_documents(*, now: datetime | None = None, limit: int = 500) -> int:
    """Purge documents marked ``purge_requested_at`` (their customer deleted the account,
    accounts_data/deletion.py) at once, whatever the state of their case; returns count.
    A storage failure leaves them marked, and the next run tries again."""
    now = now or timezone.now()
    case_ids = list(
        Document.objects.filter(purge_requested_at__isnull=False, purged_at__isnull=True)
        .order_by().values_list("case_id", flat=True).distinct()[:limit]
    )
    return sum(_purge_case(case_id, now, account_deleted=True) for case_id in case_ids)


def _purge_case(case_id: int, now: datetime, *, expired_draft: bool = False,
                account_deleted: bool = False) -> int:
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("owner").get(pk=case_id)
        documents = list(Document.objects.filter(case=case, purged_at__isnull=True))
        for document in documents:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        Document.objects.filter(pk__in=[d.pk for d in documents]).update(purged_at=now)
        # What happened, worded for each reader of the timeline (cases/timeline.py).
        if account_deleted:
            code, params = timeline.Code.DOCUMENTS_PURGED_ACCOUNT, {}
        elif expired_draft:
            code, params = timeline.Code.DOCUMENTS_PURGED_DRAFT, {}
        else:
            code, params = (timeline.Code.DOCUMENTS_PURGED,
                            {"days": settings.DOCUMENT_RETENTION_DAYS})
        case.events.create(kind=CaseEvent.Kind.SYSTEM, code=code, params=params,
                           customer_visible=True, created_at=now)
    logger.info("retention: purged %d document(s) of case %s", len(documents), case.reference)
    return len(documents)
