"""Everything Lineout holds about one customer, as one JSON-ready dict (the "Your data"
download). The one place that knows every table a customer's data lives in; deletion.py
walks the same tables.

A fixed number of queries however many cases the customer has: each table is read once
(cases with their carrier, then all their visible events, documents, emails, addresses,
sessions and authenticators), never per case.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseEvent, Document
from portal.models import OutboundEmail

FORMAT = "lineout-export/1"


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _author(event: CaseEvent, owner_id: int) -> str:
    """Who wrote a line of the timeline, as the customer's page says it."""
    if event.actor_id is None:
        return "lineout"
    return "you" if event.actor_id == owner_id else "agent"


def export_customer_data(user) -> dict:
    """The customer's account, preferences, cases (visible timeline and messages, document
    metadata; never file contents), the emails sent to them (subjects and dates; never
    bodies) and their sign-in records."""
    cases = list(Case.objects.for_customer(user).with_carrier().order_by("created_at", "pk"))
    case_ids = [case.pk for case in cases]
    events_by_case: dict[int, list[CaseEvent]] = {pk: [] for pk in case_ids}
    for event in (CaseEvent.objects.customer_visible().filter(case_id__in=case_ids)
                  .order_by("created_at", "id")):
        events_by_case[event.case_id].append(event)
    documents_by_case: dict[int, list[Document]] = {pk: [] for pk in case_ids}
    # Attachments of agents' internal notes are not the customer's to see.
    for document in (Document.objects.filter(case_id__in=case_ids)
                     .filter(Q(message__isnull=True) | Q(message__customer_visible=True))
                     .order_by("uploaded_at", "id")):
        documents_by_case[document.case_id].append(document)

    return {
        "format": FORMAT,
        "exported_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined_at": _when(user.date_joined),
            "last_sign_in_at": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified,
                 "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "preferences": {
            "language": user.language,
            "time_zone": user.timezone,
            "follow_up_reminders": user.receives_follow_up_reminders,
            "final_bill_reminders": user.receives_final_bill_reminders,
        },
        "cases": [_case(case, events_by_case[case.pk], documents_by_case[case.pk])
                  for case in cases],
        "emails": [
            {"kind": kind, "subject": subject, "status": status,
             "created_at": _when(created_at), "sent_at": _when(sent_at)}
            for kind, subject, status, created_at, sent_at in
            OutboundEmail.objects.filter(recipient=user).order_by("created_at", "pk")
            .values_list("kind", "subject", "status", "created_at", "sent_at")
        ],
        "sign_in": {
            "sessions": [
                {"signed_in_at": _when(session.created_at),
                 "last_seen_at": _when(session.last_seen_at),
                 "ip_address": session.ip, "browser": session.user_agent}
                for session in UserSession.objects.filter(user=user).order_by("created_at")
            ],
            "methods": [_authenticator(authenticator) for authenticator in
                        Authenticator.objects.filter(user=user).order_by("created_at")],
        },
    }


def _case(case: Case, events: list[CaseEvent], documents: list[Document]) -> dict:
    balance: Decimal | None = case.prepaid_balance
    return {
        "reference": case.reference,
        "carrier": case.carrier.name,
        "phone_number": case.phone_number,
        "line_type": case.line_type,
        "reason": case.reason,
        "desired_end_date": _when(case.desired_end_date),
        "billing_cycle_day": case.billing_cycle_day,
        "prepaid_balance": str(balance) if balance is not None else None,
        "checklist_answers": case.checklist_answers,
        "state": case.state,
        "created_at": _when(case.created_at),
        "submitted_at": _when(case.submitted_at),
        "closed_at": _when(case.closed_at),
        "rejection_reason": case.rejection_reason,
        "verification_code": case.verification_code,
        "carrier_confirmation_number": case.carrier_confirmation_number,
        "line_closed_on": _when(case.line_closed_on),
        "timeline": [
            {"at": _when(event.created_at), "kind": event.kind, "by": _author(event, case.owner_id),
             "from_state": event.from_state or None, "to_state": event.to_state or None,
             "message": event.text}
            for event in events
        ],
        "documents": [
            {"kind": document.kind, "file_name": document.original_name,
             "content_type": document.content_type, "size": document.size,
             "sha256": document.sha256, "uploaded_at": _when(document.uploaded_at),
             "deleted_at": _when(document.purged_at)}
            for document in documents
        ],
    }


def _authenticator(authenticator: Authenticator) -> dict:
    entry = {"type": authenticator.type, "added_at": _when(authenticator.created_at),
             "last_used_at": _when(authenticator.last_used_at)}
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        entry["name"] = authenticator.data.get("name", "")
    return entry
