"""The case workflow: the table of moves, then one method per move.

    move                 from                                    to          who    then waiting on
    submit               draft                                   submitted   owner  us
    start_verification   submitted                               verifying   agent  (unchanged)
    request_info         verifying                               needs_info  agent  the customer
    provide_info         needs_info                              verifying   owner  us
    complete             verifying                               done        agent  nobody
    reject               verifying                               rejected    agent  nobody
    withdraw             draft, submitted, verifying, needs_info withdrawn   owner  nobody
    expire               draft, left unchanged                   withdrawn   system nobody

``expire`` is the system's move (``by=None``): the draft sweep (cases/drafts.py) makes it
for drafts nobody changed for ``DRAFT_WITHDRAW_AFTER_DAYS``.

``MOVES`` below is that table; the methods read it, so the two cannot drift apart.
Every move works the same way: in one transaction it locks the case row, checks the
actor, the state and the move's preconditions (raising ``TransitionNotAllowed`` before
anything is written), sets the state, appends a ``CaseEvent``, calls the reminder hook and
writes the customer's status email to the outbox. Only this module assigns ``state``.

``Case`` (cases/models.py) inherits ``CaseWorkflow``; this module reaches events and
documents through the case's related managers, so imports run one way: models → workflow.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, override, pgettext
from django.utils.translation import gettext_lazy as _

from content.models import ChecklistItem, EmailCopy
from portal.logs import bind as log_context

from . import emails, reminders
from .business_days import add_business_days
from .reference import new_verification_code

if TYPE_CHECKING:
    from portal.models import User

    from .models import Case, CaseEvent
    from .uploads import CleanDocument


@dataclass(frozen=True)
class Attachment:
    """A file that came with a message, already checked (cases/uploads.py)."""

    name: str
    clean: CleanDocument

AGENTS_GROUP = "Agents"


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFYING = "verifying", _("Under review")
    NEEDS_INFO = "needs_info", _("Needs your answer")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaitingOn(models.TextChoices):
    """Whose turn it is on a case: the desk's queues are built on it."""

    US = "us", _("us")
    CUSTOMER = "customer", _("the customer")
    NOBODY = "nobody", _("nobody")


# A case waiting on us for more business days than this is overdue.
OVERDUE_AFTER_BUSINESS_DAYS = 3
# How far ahead a carrier's cancellation may take effect (two bill cycles).
CANCELLATION_EFFECTIVE_WITHIN_DAYS = 62

TERMINAL_STATES = frozenset({State.DONE, State.REJECTED, State.WITHDRAWN})
OPEN_STATES = frozenset(State) - TERMINAL_STATES


class Actor(enum.StrEnum):
    OWNER = "owner"  # the customer who opened the case
    AGENT = "agent"  # an active staff member in the Agents group, or a superuser
    SYSTEM = "system"  # nobody: the portal itself (``by=None``), e.g. the draft sweep


@dataclass(frozen=True)
class Move:
    sources: frozenset[State]
    target: State
    who: Actor
    email: EmailCopy.Key
    # "This case is <state phrase>, so …": shown when the case is in another state.
    wrong_state: Promise
    # Shown when someone other than ``who`` tries the move.
    wrong_actor: Promise
    # Whose turn it is after the move; None leaves it as it was (the review starting does
    # not end the customer's wait).
    waits_on: WaitingOn | None


MOVES: dict[str, Move] = {
    "submit": Move(
        frozenset({State.DRAFT}), State.SUBMITTED, Actor.OWNER, EmailCopy.Key.CASE_SUBMITTED,
        _("This case is %(state)s, so it cannot be submitted."),
        _("Only the customer who opened this case can submit it."),
        WaitingOn.US,
    ),
    "start_verification": Move(
        frozenset({State.SUBMITTED}), State.VERIFYING, Actor.AGENT, EmailCopy.Key.CASE_VERIFYING,
        _("This case is %(state)s, so its review cannot start."),
        _("Only an agent can start the review of a case."),
        None,
    ),
    "request_info": Move(
        frozenset({State.VERIFYING}), State.NEEDS_INFO, Actor.AGENT, EmailCopy.Key.CASE_NEEDS_INFO,
        _("This case is %(state)s, so the customer cannot be asked for information."),
        _("Only an agent can ask the customer for information."),
        WaitingOn.CUSTOMER,
    ),
    "provide_info": Move(
        frozenset({State.NEEDS_INFO}), State.VERIFYING, Actor.OWNER,
        EmailCopy.Key.CASE_INFO_PROVIDED,
        _("This case is %(state)s, so there is no question to answer."),
        _("Only the customer who opened this case can answer the agent's question."),
        WaitingOn.US,
    ),
    "complete": Move(
        frozenset({State.VERIFYING}), State.DONE, Actor.AGENT, EmailCopy.Key.CASE_DONE,
        _("This case is %(state)s, so it cannot be completed."),
        _("Only an agent can complete a case."),
        WaitingOn.NOBODY,
    ),
    "reject": Move(
        frozenset({State.VERIFYING}), State.REJECTED, Actor.AGENT, EmailCopy.Key.CASE_REJECTED,
        _("This case is %(state)s, so it cannot be rejected."),
        _("Only an agent can reject a case."),
        WaitingOn.NOBODY,
    ),
    "withdraw": Move(
        OPEN_STATES, State.WITHDRAWN, Actor.OWNER, EmailCopy.Key.CASE_WITHDRAWN,
        _("This case is %(state)s, so it cannot be withdrawn."),
        _("Only the customer who opened this case can withdraw it."),
        WaitingOn.NOBODY,
    ),
    "expire": Move(
        frozenset({State.DRAFT}), State.WITHDRAWN, Actor.SYSTEM, EmailCopy.Key.CASE_EXPIRED,
        _("This case is %(state)s, so it cannot be withdrawn as an unchanged draft."),
        _("Only the portal itself withdraws an unchanged draft."),
        WaitingOn.NOBODY,
    ),
}

# The state as it reads inside "This case is …, so …".
STATE_PHRASES: dict[State, Promise] = {
    State.DRAFT: _("still a draft"),
    State.SUBMITTED: _("waiting for an agent"),
    State.VERIFYING: _("under review"),
    State.NEEDS_INFO: _("waiting for the customer's answer"),
    State.DONE: _("already done"),
    State.REJECTED: _("already rejected"),
    State.WITHDRAWN: _("already withdrawn"),
}


class TransitionNotAllowed(Exception):
    """The one error a move raises. ``message`` is already translated; show it as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UploadLimitReached(TransitionNotAllowed):
    """Files past a customer's bounds (settings.MAX_DOCUMENTS_PER_CASE,
    MAX_UPLOAD_BYTES_PER_DAY); forms show it at their file field."""


def is_agent(user: User) -> bool:
    """Active staff in the Agents group, or active staff superusers. A superuser without
    ``is_staff`` is not staff: not an agent, and never sees a customer's documents."""
    return bool(user.is_active and user.is_staff) and (
        user.is_superuser or user.groups.filter(name=AGENTS_GROUP).exists()
    )


def allowed_moves(state: str) -> list[str]:
    """The moves the table allows from ``state``, whoever asks (for views and admin)."""
    return [name for name, move in MOVES.items() if state in move.sources]


class CaseWorkflow:
    """The moves of a case. Mixed into ``cases.models.Case``."""

    # --- The moves --------------------------------------------------------------------

    def submit(self: Case, *, by: User) -> None:
        """draft → submitted, once every required checklist item is ticked and at least one
        identity document (ID scan or recent bill) is uploaded."""
        with transaction.atomic():
            case = self._lock_for("submit", by=by)
            case._check_ready_to_submit()
            case._enter("submit", by=by)
        self._take_values_from(case)

    def start_verification(self: Case, *, by: User) -> None:
        """submitted → verifying. The agent becomes the case's agent if it has none yet."""
        with transaction.atomic():
            case = self._lock_for("start_verification", by=by)
            if case.assigned_agent_id is None:
                case.assigned_agent = by
            case._enter("start_verification", by=by)
        self._take_values_from(case)

    def request_info(self: Case, *, by: User, message: str) -> None:
        """verifying → needs_info, with the agent's question for the customer."""
        with transaction.atomic():
            case = self._lock_for("request_info", by=by)
            message = _required(message, _("Write the question for the customer."))
            case._enter("request_info", by=by, message=message)
        self._take_values_from(case)

    def provide_info(self: Case, *, by: User, message: str) -> None:
        """needs_info → verifying, with the customer's answer."""
        with transaction.atomic():
            case = self._lock_for("provide_info", by=by)
            message = _required(message, _("Write your answer to the agent's question."))
            case._enter("provide_info", by=by, message=message)
        self._take_values_from(case)

    def complete(self: Case, *, by: User, carrier_confirmation_number: str = "",
                 line_closed_on: date | None = None) -> None:
        """verifying → done: the carrier accepted the cancellation and the confirmation gets
        its code. The carrier's own confirmation number and the date the cancellation takes
        effect (past, or up to two bill cycles ahead) are optional; both are printed on the
        customer's confirmation."""
        with transaction.atomic():
            case = self._lock_for("complete", by=by)
            number = (carrier_confirmation_number or "").strip()
            if len(number) > 64:
                raise TransitionNotAllowed(
                    gettext("The carrier's confirmation number is at most 64 characters."))
            if line_closed_on is not None:
                # Carriers date cancellations ahead (T-Mobile: the end of the current bill
                # cycle), so the date may be in the future, but within two cycles.
                today = timezone.now().astimezone(case.owner.zone).date()
                if line_closed_on > today + timedelta(days=CANCELLATION_EFFECTIVE_WITHIN_DAYS):
                    raise TransitionNotAllowed(
                        gettext("The cancellation cannot take effect more than %(days)d days "
                                "from today.") % {"days": CANCELLATION_EFFECTIVE_WITHIN_DAYS})
                opened = case.created_at.astimezone(case.owner.zone).date()
                if line_closed_on < opened:
                    raise TransitionNotAllowed(
                        gettext("The closing date cannot be before the case was opened."))
            case.carrier_confirmation_number = number
            case.line_closed_on = line_closed_on
            case.verification_code = case._unused_verification_code()
            case._enter("complete", by=by)
        self._take_values_from(case)

    def reject(self: Case, *, by: User, reason: str) -> None:
        """verifying → rejected, with a reason the customer sees."""
        with transaction.atomic():
            case = self._lock_for("reject", by=by)
            reason = _required(reason, _("Give the customer the reason for the rejection."))
            case.rejection_reason = reason
            case._enter("reject", by=by, message=reason)
        self._take_values_from(case)

    def withdraw(self: Case, *, by: User) -> None:
        """draft, submitted, verifying or needs_info → withdrawn, by the customer."""
        with transaction.atomic():
            case = self._lock_for("withdraw", by=by)
            case._enter("withdraw", by=by)
        self._take_values_from(case)

    def expire(self: Case, *, by: None = None, untouched_since: datetime) -> None:
        """draft → withdrawn, by the system (``by=None``), for a draft nobody has changed
        since ``untouched_since``. Checked on the locked row: a customer whose change landed
        a moment before keeps the draft (``TransitionNotAllowed``)."""
        with transaction.atomic():
            case = self._lock_for("expire", by=by)
            if case.updated_at > untouched_since:
                raise TransitionNotAllowed(
                    gettext("This draft was changed recently, so it stays open."))
            days = settings.DRAFT_WITHDRAW_AFTER_DAYS
            # The email's words; the timeline's line is worded for each reader.
            with override(case.owner.language):
                message = ngettext(
                    "The draft was withdrawn automatically: it had no changes for "
                    "%(days)d day.",
                    "The draft was withdrawn automatically: it had no changes for "
                    "%(days)d days.",
                    days) % {"days": days}
            case._enter("expire", by=None, message=message,
                        event_code="draft_expired", event_params={"days": days})
        self._take_values_from(case)

    # --- Not a move -------------------------------------------------------------------

    def add_note(
        self: Case, *, by: User, message: str, customer_visible: bool = False
    ) -> CaseEvent:
        """An agent's note on the timeline, internal unless ``customer_visible``. The state
        does not change and no email is sent."""
        if not is_agent(by):
            raise TransitionNotAllowed(gettext("Only an agent can add a note to a case."))
        message = _required(message, _("Write the note."))
        events = self.events
        return events.create(
            actor=by, kind=events.model.Kind.NOTE, message=message,
            customer_visible=customer_visible,
        )

    def add_message(self: Case, *, by: User, text: str, files: Sequence[Attachment] = (),
                    internal: bool = False, email_message_id: str | None = None) -> CaseEvent:
        """A message on the case, with its attachments (already checked like documents);
        returns its timeline entry. Not a move, but made like one: locked, one error type,
        the other side's email in the outbox in the same transaction.

        - The customer writes on any case but a draft. While the agent's question is open
          the message is the answer (``provide_info``); on a closed case it is a follow-up
          that waits on us without reopening the case.
        - An agent writes to the customer (emailed to them) or, ``internal``, a note only
          agents see. Waiting on us stays so while the case is submitted or under review.
        - ``email_message_id``: the reply email it came from, stored once.
        """
        with transaction.atomic():
            case = type(self).objects.select_for_update().get(pk=self.pk)
            log_context(case_reference=case.reference)
            text = _required(text, _("Write your message before sending it."))
            events = case.events
            Kind = events.model.Kind
            now = timezone.now()
            if by.is_active and by.pk == case.owner_id:
                if internal:
                    raise TransitionNotAllowed(gettext("Only agents write internal notes."))
                if case.state == State.DRAFT:
                    raise TransitionNotAllowed(gettext(
                        "Submit the case first: our agents read messages once it is sent."))
                if case.state == State.NEEDS_INFO:
                    event = case._enter("provide_info", by=by, message=text)
                    emails.queue_message_to_agents(case, event)  # the agent hears the answer
                else:
                    event = events.create(actor=by, kind=Kind.MESSAGE, message=text,
                                          created_at=now)
                    if case.waiting_on != WaitingOn.US:
                        case._wait_on(WaitingOn.US, since=now)
                    case.save(update_fields=["waiting_on", "waiting_since", "overdue_at",
                                             "updated_at"])
                    emails.queue_message_to_agents(case, event)
            elif is_agent(by):  # an agent's own case was answered above, as its customer's
                event = events.create(actor=by, kind=Kind.NOTE if internal else Kind.MESSAGE,
                                      message=text, customer_visible=not internal,
                                      created_at=now)
                if not internal:
                    if case.state in TERMINAL_STATES and case.waiting_on == WaitingOn.US:
                        case._wait_on(WaitingOn.NOBODY, since=now)  # the follow-up is answered
                        case.save(update_fields=["waiting_on", "waiting_since", "overdue_at",
                                                 "updated_at"])
                    emails.queue_message_to_customer(case, event)
            else:
                raise TransitionNotAllowed(gettext(
                    "Only the customer who opened this case or an agent can write on it."))
            if email_message_id:
                event.email_message_id = email_message_id
                event.save(update_fields=["email_message_id"])
            case._attach(event, files, by=by)
        self._take_values_from(case)
        return event

    def _attach(self: Case, event: CaseEvent, files: Sequence[Attachment], *, by: User) -> None:
        """Store the message's attachments privately, deleting them again if the
        transaction cannot write their rows."""
        self._check_upload_bounds(by, [attachment.clean.size for attachment in files])
        documents = self.documents
        stored = []
        try:
            for attachment in files:
                clean = attachment.clean
                document = documents.model(
                    case=self, message=event, kind=documents.model.Kind.ATTACHMENT,
                    original_name=attachment.name[:255], content_type=clean.content_type,
                    size=clean.size, sha256=clean.sha256, uploaded_by=by)
                document.file.save(f"upload.{clean.extension}", ContentFile(clean.content),
                                   save=False)
                stored.append(document)
                document.save()
        except Exception:
            for document in stored:
                document.file.delete(save=False)
            raise

    def _check_upload_bounds(self: Case, by: User, sizes: Sequence[int]) -> None:
        """Raise UploadLimitReached when the customer's new files would pass the documents
        one case holds from them or the bytes they send in 24 hours (over all their cases).
        Call with the case locked, so two uploads to one case cannot both pass. Agents'
        files are not bounded here."""
        if not sizes or by.pk != self.owner_id:
            return
        documents = self.documents
        held = documents.filter(uploaded_by=by, purged_at__isnull=True).count()
        if held + len(sizes) > settings.MAX_DOCUMENTS_PER_CASE:
            raise UploadLimitReached(gettext(
                "A case takes at most %(limit)s files from you, and this one has %(count)s "
                "already. Nothing was added.")
                % {"limit": settings.MAX_DOCUMENTS_PER_CASE, "count": held})
        sent = documents.model.objects.filter(
            uploaded_by=by, uploaded_at__gte=timezone.now() - timedelta(days=1),
        ).aggregate(total=models.Sum("size"))["total"] or 0
        if sent + sum(sizes) > settings.MAX_UPLOAD_BYTES_PER_DAY:
            raise UploadLimitReached(gettext(
                "You have reached the limit of %(limit)s MB of files a day. Nothing was "
                "added; you can upload again tomorrow.")
                % {"limit": settings.MAX_UPLOAD_BYTES_PER_DAY // (1024 * 1024)})

    # --- How every move works ---------------------------------------------------------

    def _lock_for(self: Case, name: str, *, by: User) -> Case:
        """The case row, locked until the transaction ends, once ``by`` may make the move
        ``name`` from the state it is in now. A second agent waiting on the lock reads the
        state the first one left and is refused here."""
        move = MOVES[name]
        case = type(self).objects.select_for_update().get(pk=self.pk)
        log_context(case_reference=case.reference)
        if move.who is Actor.SYSTEM or by is None:
            # The system's moves take nobody, and nobody makes anyone else's.
            if not (move.who is Actor.SYSTEM and by is None):
                raise TransitionNotAllowed(str(move.wrong_actor))
        elif move.who is Actor.OWNER:
            if not (by.is_active and by.pk == case.owner_id):
                raise TransitionNotAllowed(str(move.wrong_actor))
        else:
            if not is_agent(by):
                raise TransitionNotAllowed(str(move.wrong_actor))
            if by.pk == case.owner_id:
                raise TransitionNotAllowed(gettext("Agents cannot work on their own case."))
        if case.state not in move.sources:
            raise TransitionNotAllowed(
                str(move.wrong_state) % {"state": STATE_PHRASES[State(case.state)]}
            )
        return case

    def _enter(self: Case, name: str, *, by: User | None, message: str = "",
               event_code: str = "", event_params: dict | None = None) -> CaseEvent:
        """Make the move on this locked case: state, timestamps, event, reminders, email.
        ``by`` is None for the system's moves (the event has no actor). ``message`` is a
        person's words, for the timeline and the email; a system's move gives the email
        its ``message`` and the timeline its ``event_code`` (cases/timeline.py) instead."""
        move = MOVES[name]
        previous_state = self.state
        now = timezone.now()
        self.state = move.target
        self.entered_state_at = now
        if move.target == State.SUBMITTED:
            self.submitted_at = now
        if move.target in TERMINAL_STATES:
            self.closed_at = now
        if move.waits_on is not None:
            self._wait_on(move.waits_on, since=now)
        self.save()
        events = self.events
        event = events.create(
            actor=by, kind=events.model.Kind.TRANSITION, from_state=previous_state,
            to_state=move.target, message="" if event_code else message,
            code=event_code, params=event_params or {}, customer_visible=True, created_at=now,
        )
        self._on_state_change(previous_state)
        emails.queue_status_email(self, move.email, message=message)
        return event

    def _on_state_change(self: Case, previous_state: str) -> None:
        """Schedule or cancel this case's reminders after it left ``previous_state``.

        Called by every move on the locked case, inside the move's transaction, after the
        new state is saved (the rules and their table are in cases/reminders.py).
        """
        reminders.reschedule(self, previous_state)

    def _wait_on(self: Case, side: WaitingOn, *, since) -> None:
        """Hand the turn to ``side`` from ``since``. Waiting on us, the case becomes
        overdue at the local midnight that starts business day
        ``OVERDUE_AFTER_BUSINESS_DAYS + 1`` after the day it started waiting."""
        self.waiting_on = side
        self.waiting_since = since
        self.overdue_at = None
        if side == WaitingOn.US:
            zone = self.owner.zone
            day0 = since.astimezone(zone).date()
            overdue_day = add_business_days(day0, OVERDUE_AFTER_BUSINESS_DAYS + 1,
                                            self.carrier.country)
            self.overdue_at = datetime.combine(overdue_day, time.min, tzinfo=zone)

    def _check_ready_to_submit(self: Case) -> None:
        required = ChecklistItem.objects.for_carrier(self.carrier).filter(required=True)
        answers = self.checklist_answers or {}
        unticked = [item.label for item in required if answers.get(item.key) is not True]
        if unticked:
            raise TransitionNotAllowed(
                gettext("Check every required checklist item first: %(items)s.")
                % {"items": join_labels(unticked)}
            )
        if not self.has_identity_document():
            raise TransitionNotAllowed(
                gettext("Upload an ID scan or a recent bill before submitting.")
            )

    def _unused_verification_code(self: Case) -> str:
        """A fresh code; the unique constraint stays the last word on a (vanishing) race."""
        while True:
            code = new_verification_code()
            if not type(self).objects.filter(verification_code=code).exists():
                return code

    def _take_values_from(self: Case, case: Case) -> None:
        """Show the caller's instance what the move wrote to the locked row."""
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(case, field.attname))


# Full stops and the like that end a checklist label, in either language.
LABEL_END_PUNCTUATION = ".。!！?？;；:："


def bare_label(label: str) -> str:
    """A checklist label without its closing full stop, for quoting it inside a sentence
    that brings its own ("Check “…”." rather than "Check “….”.")."""
    return str(label).rstrip().rstrip(LABEL_END_PUNCTUATION).rstrip()


def join_labels(labels: Sequence[str]) -> str:
    """Labels listed in one sentence, each without its own full stop, with the active
    language's separator ("; " in English, "；" in Chinese)."""
    return pgettext("between items listed in a sentence", "; ").join(
        bare_label(label) for label in labels)


def _required(text: str | None, error: Promise) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionNotAllowed(str(error))
    return text
