"""What customers do to a case besides moving it: open it, tick the checklist, add documents.

State changes live in workflow.py; these write everything else, each in one transaction
with the case row locked, raising the workflow's one error type when not allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from content.models import ChecklistItem

from . import timeline
from .models import AccessRecord, Case, CaseEvent, Document
from .workflow import OPEN_STATES, State, TransitionNotAllowed, is_agent

if TYPE_CHECKING:
    from portal.models import User

    from .uploads import CleanDocument


def open_case(*, owner: User, case: Case) -> Case:
    """Save a new draft case (from the customer's form) with its first timeline entry."""
    with transaction.atomic():
        case.owner = owner
        case.save()
        case.events.create(actor=owner, kind=CaseEvent.Kind.SYSTEM, to_state=State.DRAFT,
                           code=timeline.Code.CASE_OPENED, customer_visible=True)
    return case


def _lock_as_owner(case: Case, by: User, *, states, not_owner: str, wrong_state: str) -> Case:
    """The case row, locked, once ``by`` is its owner and it is in one of ``states``.
    Call inside a transaction; raises TransitionNotAllowed with the given message."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.owner_id != by.pk:
        raise TransitionNotAllowed(not_owner)
    if locked.state not in states:
        raise TransitionNotAllowed(wrong_state)
    return locked


def update_details(*, case: Case, by: User, changes: Case) -> None:
    """Save the customer's corrections to a draft (carrier, number, dates, balance)."""
    fields = ["carrier", "phone_number", "line_type", "reason", "desired_end_date",
              "billing_cycle_day", "prepaid_balance"]
    with transaction.atomic():
        locked = _lock_as_owner(
            case, by, states={State.DRAFT},
            not_owner=_("Only the customer who opened this case can change its details."),
            wrong_state=_("The details can only change before the case is submitted."))
        for field in fields:
            setattr(locked, field, getattr(changes, field))
        locked.save(update_fields=[*fields, "updated_at"])
        locked.events.create(actor=by, kind=CaseEvent.Kind.SYSTEM, customer_visible=True,
                             code=timeline.Code.DETAILS_UPDATED)


def checklist_items_for(case: Case) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.for_carrier(case.carrier_id).order_by("order", "pk"))


def update_checklist(*, case: Case, by: User, answers: dict[str, bool]) -> None:
    with transaction.atomic():
        locked = _lock_as_owner(
            case, by, states={State.DRAFT},
            not_owner=_("Only the customer who opened this case can change its checklist."),
            wrong_state=_("The checklist can only change before the case is submitted."))
        locked.checklist_answers = {**(locked.checklist_answers or {}), **answers}
        locked.save(update_fields=["checklist_answers", "updated_at"])
    case.checklist_answers = locked.checklist_answers


def add_document(*, case: Case, by: User, kind: str, clean: CleanDocument,
                 original_name: str) -> Document:
    """Store a checked, cleaned document privately and note it on the timeline."""
    with transaction.atomic():
        locked = _lock_as_owner(
            case, by, states=OPEN_STATES,
            not_owner=_("Only the customer who opened this case can add documents."),
            wrong_state=_("This case is closed, so documents can no longer be added."))
        if locked.documents.filter(sha256=clean.sha256, purged_at__isnull=True).exists():
            # A double click or a second try of the same file: keep one copy.
            raise TransitionNotAllowed(_("This file is already on your case."))
        locked._check_upload_bounds(by, [clean.size])
        document = Document(case=locked, kind=kind, original_name=original_name,
                            content_type=clean.content_type, size=clean.size,
                            sha256=clean.sha256, uploaded_by=by)
        # The stored name is random (see document_upload_to); the extension is the real type.
        document.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
        try:
            document.save()
            # An upload is a change to the case: it resets the abandoned-draft clock.
            locked.save(update_fields=["updated_at"])
            locked.events.create(actor=by, kind=CaseEvent.Kind.DOCUMENT, customer_visible=True,
                                 code=timeline.Code.DOCUMENT_ADDED,
                                 params={"name": original_name})
        except Exception:
            document.file.delete(save=False)  # no orphan file when the row is not written
            raise
    return document


def assign_to_agent(case: Case, *, agent: User, by: User | None = None) -> bool:
    """Make ``agent`` the case's agent, under the case's lock, with an internal line on the
    timeline; ``by`` (an agent, ``agent`` by default) is who did it. False when it already
    was. Raises TransitionNotAllowed for a closed case, a non-agent, or the customer's own
    case."""
    by = by or agent
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not (is_agent(by) and is_agent(agent)):
            raise TransitionNotAllowed(gettext("Cases are assigned to agents, by agents."))
        if not locked.is_open:
            raise TransitionNotAllowed(gettext("This case is closed, so it cannot be assigned."))
        if agent.pk == locked.owner_id or by.pk == locked.owner_id:
            raise TransitionNotAllowed(gettext("Agents cannot work on their own case."))
        if locked.assigned_agent_id == agent.pk:
            return False
        locked.assigned_agent = agent
        locked.save(update_fields=["assigned_agent", "updated_at"])
        if by.pk == agent.pk:
            code, params = timeline.Code.ASSIGNED_SELF, {"agent": agent.email}
        else:
            code, params = timeline.Code.ASSIGNED_BY, {"agent": agent.email, "by": by.email}
        locked.events.create(actor=by, kind=CaseEvent.Kind.NOTE, customer_visible=False,
                             code=code, params=params)
    case.assigned_agent = agent
    return True


def record_access(*, action: str, actor, case: Case | None, target: str, ip: str | None) -> None:
    AccessRecord.objects.create(action=action, actor=actor if actor and actor.pk else None,
                                case=case, target=target[:200], ip_address=ip)
