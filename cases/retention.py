"""Deleting identity documents once a case has been closed for DOCUMENT_RETENTION_DAYS,
and at once for a draft the system withdrew because it was left unchanged (the ``expire``
move: nobody ever reviewed them, so there is nothing to keep them for).

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
from django.utils.translation import gettext, ngettext, override

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
    purged = 0
    for case_id in expired_draft_ids:
        purged += _purge_case(case_id, now, expired_draft=True)
    for case_id in case_ids:
        purged += _purge_case(case_id, now)
    return purged


def _purge_case(case_id: int, now: datetime, *, expired_draft: bool = False) -> int:
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("owner").get(pk=case_id)
        documents = list(Document.objects.filter(case=case, purged_at__isnull=True))
        for document in documents:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        Document.objects.filter(pk__in=[d.pk for d in documents]).update(purged_at=now)
        with override(case.owner.language):
            days = settings.DOCUMENT_RETENTION_DAYS
            if expired_draft:
                message = gettext("Your documents were deleted right away: the draft was "
                                  "withdrawn before anyone reviewed them.")
            else:
                message = ngettext(
                    "Your documents were deleted %(days)d day after the case closed, as "
                    "promised.",
                    "Your documents were deleted %(days)d days after the case closed, as "
                    "promised.",
                    days) % {"days": days}
        case.events.create(kind=CaseEvent.Kind.SYSTEM, message=message, customer_visible=True,
                           created_at=now)
    logger.info("retention: purged %d document(s) of case %s", len(documents), case.reference)
    return len(documents)
