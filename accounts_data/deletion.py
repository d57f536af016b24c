"""Deleting a customer's account, as named steps in one transaction, then the files.

``delete_account`` runs every step below in one transaction, so a failure anywhere leaves
the account exactly as it was:

1. ``withdraw_open_cases``: each open case is withdrawn by the customer's own move
   (cases/workflow.py), so its timeline says who ended it and its reminders stop.
2. ``drop_unsent_emails``: emails not yet sent to the customer (the withdrawals' among
   them) are deleted: nobody is left to read them, and they hold the address.
3. ``forget_sent_emails``: the emails already sent keep their kind, subject, status and
   dates; address, bodies and headers are erased.
4. ``cancel_reminders``: reminders still owed on closed cases (the final bill) stop.
5. ``mark_documents_for_purge``: every stored document is marked ``purge_requested_at``
   and loses its file name and checksum; the files go right after commit.
6. ``anonymise_cases``: cases keep only what the README's retention table names.
7. ``anonymise_account``: a unique address under ``.invalid``, names cleared, password
   unusable, inactive; email addresses, authenticators and signed-in sessions deleted, and
   the IP addresses of the access records that name them.

After commit ``purge_marked_documents`` deletes the files (cases/retention.py). If storage
fails, the rows stay marked and the hourly purge task tries again until every file is gone.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Right
from django.utils import timezone

from cases import retention
from cases.models import AccessRecord, Case, CaseEvent, Document, Reminder
from cases.workflow import State
from portal.models import OutboundEmail

logger = logging.getLogger(__name__)

# RFC 2606 reserves .invalid: an address there can never receive mail.
ERASED_EMAIL_DOMAIN = "deleted.invalid"


def erased_address() -> str:
    return f"deleted-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user) -> bool:
    return user.email.endswith("@" + ERASED_EMAIL_DOMAIN)


@dataclass(frozen=True)
class DeletionReport:
    withdrawn_cases: int
    documents_to_purge: int


def delete_account(user, *, now: datetime | None = None) -> DeletionReport:
    """Delete ``user``'s account (a customer's), then purge their files after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        withdrawn = withdraw_open_cases(user)
        drop_unsent_emails(user)
        forget_sent_emails(user)
        cancel_reminders(user)
        marked = mark_documents_for_purge(user, now)
        anonymise_cases(user)
        anonymise_account(user)
        transaction.on_commit(purge_marked_documents, robust=True)
    logger.info("account deleted: %d case(s) withdrawn, %d document(s) to purge",
                withdrawn, marked)
    return DeletionReport(withdrawn_cases=withdrawn, documents_to_purge=marked)


def withdraw_open_cases(user) -> int:
    cases = list(Case.objects.for_customer(user).open().select_related("carrier", "owner"))
    for case in cases:
        case.withdraw(by=user)
    return len(cases)


def drop_unsent_emails(user) -> None:
    OutboundEmail.objects.filter(recipient=user).exclude(
        status=OutboundEmail.Status.SENT).delete()


def forget_sent_emails(user) -> None:
    OutboundEmail.objects.filter(recipient=user).update(
        to=[], body_text="", body_html="", headers={}, last_error="")


def cancel_reminders(user) -> None:
    Reminder.objects.filter(case__owner=user, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED, last_error="the account was deleted")


def mark_documents_for_purge(user, now: datetime) -> int:
    return Document.objects.filter(case__owner=user, purged_at__isnull=True).update(
        purge_requested_at=now, original_name="", sha256="")


def anonymise_cases(user) -> None:
    """Keep reference, carrier, state, dates and the state history on every case; on done
    cases also the verification code, the carrier's confirmation number and the line's
    last four digits, so the closing confirmation can still be checked."""
    cases = Case.objects.for_customer(user)
    CaseEvent.objects.filter(case__in=cases).exclude(kind=CaseEvent.Kind.TRANSITION).delete()
    CaseEvent.objects.filter(case__in=cases).update(message="")
    cleared = {"reason": "", "desired_end_date": None, "billing_cycle_day": None,
               "prepaid_balance": None, "checklist_answers": {}, "rejection_reason": ""}
    # Numbers are stored as E.164, so the last four characters are the last four digits.
    cases.filter(state=State.DONE).update(
        phone_number=Right("phone_number", 4), phone_last_four=Right("phone_number", 4),
        **cleared)
    cases.exclude(state=State.DONE).update(phone_number="", phone_last_four="", **cleared)


def anonymise_account(user) -> None:
    AccessRecord.objects.filter(actor=user).update(ip_address=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in UserSession.objects.filter(user=user):
        session.end()
    user.email = erased_address()
    user.first_name = user.last_name = ""
    user.is_active = False
    user.receives_follow_up_reminders = user.receives_final_bill_reminders = False
    user.set_unusable_password()
    user.save()


def purge_marked_documents() -> int:
    """Delete the files of documents marked by a deletion; on a storage failure they stay
    marked for the hourly purge (cases/retention.py) to retry."""
    try:
        return retention.purge_requested_documents()
    except Exception:  # noqa: BLE001 - the rows stay marked; the hourly run retries
        logger.exception("account deletion: file purge failed, the hourly purge retries")
        return 0
