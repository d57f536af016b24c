"""Cancellation cases, their timeline and the identity documents customers upload.

The workflow (states, moves, who may make them) lives in cases/workflow.py, which ``Case``
inherits; nothing here assigns ``state``.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from contextlib import suppress
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from . import phone, timeline
from .business_days import add_business_days
from .reference import new_reference
from .workflow import OPEN_STATES, CaseWorkflow, State, WaitingOn

# Review is expected to finish within this many business days.
REVIEW_BUSINESS_DAYS = 3

DOCUMENT_STORAGE_ALIAS = "documents"


class CaseQuerySet(models.QuerySet["Case"]):
    def for_customer(self, user) -> CaseQuerySet:
        """The cases ``user`` opened. Views fetch through this, so others' cases answer 404."""
        return self.filter(owner=user)

    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def in_state(self, *states: str) -> CaseQuerySet:
        return self.filter(state__in=states)

    def with_carrier(self) -> CaseQuerySet:
        """The carrier joined, without its notes (Markdown in every language, most of the
        row's 1.6 KB, which no case page shows)."""
        notes = ["notes", *(build_localized_fieldname("notes", code)
                            for code, _name in settings.LANGUAGES)]
        return self.select_related("carrier").defer(*(f"carrier__{name}" for name in notes))

    def with_timeline(self) -> CaseQuerySet:
        """Everything a case page shows without further queries: carrier, owner, agent, and
        the events with their actors, in order."""
        return self.select_related("carrier", "owner", "assigned_agent").prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor"))
        )

    def waiting_on_us(self) -> CaseQuerySet:
        return self.filter(waiting_on=WaitingOn.US)

    def overdue(self, now) -> CaseQuerySet:
        """Waiting on us past ``overdue_at``: one range of the overdue index."""
        return self.waiting_on_us().filter(overdue_at__lte=now)

    def count_by_state(self) -> dict[str, int]:
        return dict(self.order_by().values_list("state").annotate(n=models.Count("id")))

    def closed_since(self, since) -> CaseQuerySet:
        """Closed (done, rejected, withdrawn) at or after ``since``: a range of ``case_closed_idx``."""
        return self.filter(closed_at__gte=since)


class Case(CaseWorkflow, models.Model):
    """A customer's request to close one phone line with one carrier."""

    State = State
    WaitingOn = WaitingOn

    class LineType(models.TextChoices):
        POSTPAID = "postpaid", _("Postpaid (monthly bill)")
        PREPAID = "prepaid", _("Prepaid (pay as you go)")

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases",
        verbose_name=_("customer"),
    )
    carrier = models.ForeignKey(
        "content.Carrier", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("carrier"),
    )
    phone_number = models.CharField(
        _("phone number"), max_length=16, validators=[phone.validate_phone_number],
        help_text=_("With the country code, for example +1 202 555 0143."),
    )
    # The last four digits, stored so that agents' search by them is an index lookup.
    phone_last_four = models.CharField(max_length=4, editable=False, default="")
    line_type = models.CharField(
        _("line type"), max_length=10, choices=LineType.choices, default=LineType.POSTPAID
    )
    reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    desired_end_date = models.DateField(_("desired end date"), null=True, blank=True)
    billing_cycle_day = models.PositiveSmallIntegerField(
        _("billing-cycle day"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("The day of the month your bill is issued (1–28), if you know it."),
    )
    prepaid_balance = models.DecimalField(
        _("prepaid balance to refund"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000"))],
    )
    checklist_answers = models.JSONField(
        _("checklist answers"), default=dict, blank=True,
        help_text=_("Checklist item key → checked."),
    )
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_cases", verbose_name=_("agent"),
    )

    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    # Whose turn it is, and since when (set by the workflow with the state). The desk's
    # queues read these stored columns, so "waiting on us" and "overdue" are index scans.
    waiting_on = models.CharField(
        _("waiting on"), max_length=10, choices=WaitingOn.choices, default=WaitingOn.NOBODY,
        editable=False,
    )
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now,
                                         editable=False)
    # While waiting on us: the moment it has waited more than the review's business days,
    # in the customer's local calendar and the carrier's country.
    overdue_at = models.DateTimeField(_("overdue from"), null=True, blank=True, editable=False)
    entered_state_at = models.DateTimeField(
        _("in this status since"), default=timezone.now, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)
    # Null until the case is done; null (unlike "") may repeat under a unique constraint.
    verification_code = models.CharField(
        _("verification code"), max_length=10, unique=True, null=True, blank=True,
        editable=False,
    )
    # Recorded by the agent on completion, both optional: shown on the confirmation.
    carrier_confirmation_number = models.CharField(
        _("carrier's confirmation number"), max_length=64, blank=True, editable=False
    )
    line_closed_on = models.DateField(_("line closed on"), null=True, blank=True,
                                      editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="case_owner_created_idx"),
            models.Index(fields=["state", "entered_state_at"], name="case_state_entered_idx"),
            # The abandoned-draft sweep (cases/drafts.py) pages drafts by their last change.
            models.Index(fields=["state", "updated_at"], name="case_state_updated_idx"),
            # The desk's queues (cases/desk/queues.py): each view is one of these scans.
            models.Index(fields=["waiting_on", "waiting_since", "reference"],
                         name="case_waiting_idx"),
            models.Index(fields=["assigned_agent", "waiting_since", "reference"],
                         name="case_agent_waiting_idx",
                         condition=~Q(waiting_on=WaitingOn.NOBODY)),
            models.Index(fields=["closed_at", "reference"], name="case_closed_idx",
                         condition=Q(closed_at__isnull=False)),
            # The desk's figures (cases/desk/figures.py): the window's done cases, their
            # times and carriers from the index alone, however long the history.
            models.Index(fields=["closed_at"], include=["submitted_at", "carrier"],
                         name="case_done_idx", condition=Q(state=State.DONE)),
            models.Index(fields=["overdue_at", "reference"], name="case_overdue_idx",
                         condition=Q(waiting_on=WaitingOn.US)),
            # The desk's search (cases/desk/search.py): one index per shape of term.
            models.Index(fields=["reference"], name="case_reference_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["phone_number"], name="case_phone_idx"),
            models.Index(fields=["phone_last_four"], name="case_phone_last_four_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="case_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(billing_cycle_day__isnull=True)
                | Q(billing_cycle_day__gte=1, billing_cycle_day__lte=28),
                name="case_billing_cycle_day_1_28",
            ),
            models.CheckConstraint(
                condition=Q(prepaid_balance__isnull=True)
                | Q(prepaid_balance__gte=0, prepaid_balance__lte=10000),
                name="case_prepaid_balance_range",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = self._unused_reference()
        self.phone_last_four = phone.last_four(self.phone_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_last_four"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Store what was typed ("+1 (202) 555-0143") as E.164 before the field checks its
        # length; a number that does not parse is left for the field's validator to refuse.
        if self.phone_number and "phone_number" not in (exclude or ()):
            with suppress(ValidationError):
                self.phone_number = phone.to_e164(self.phone_number)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        answers = self.checklist_answers
        if not isinstance(answers, dict) or not all(
            isinstance(key, str) and isinstance(value, bool) for key, value in answers.items()
        ):
            raise ValidationError(
                {"checklist_answers": _("Checklist answers must map item keys to yes or no.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.reference])

    def expected_review_end(self) -> date | None:
        """Business day 3 after review started (after submission while it waits for an
        agent or for the customer), in the customer's calendar; None with no review on."""
        if self.state == self.State.VERIFYING:
            start = self.entered_state_at
        elif self.state in (self.State.SUBMITTED, self.State.NEEDS_INFO):
            start = self.submitted_at
        else:
            return None
        if start is None:
            return None
        return add_business_days(start.astimezone(self.owner.zone).date(),
                                 REVIEW_BUSINESS_DAYS, self.carrier.country)

    @property
    def masked_phone(self) -> str:
        return phone.mask(self.phone_number)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def has_identity_document(self) -> bool:
        """At least one ID scan or recent bill whose file has not been purged."""
        return self.documents.identity().present().exists()

    @classmethod
    def _unused_reference(cls) -> str:
        """A new reference, drawn again on the (about one in 10¹¹) chance it is taken."""
        while True:
            reference = new_reference()
            if not cls.objects.filter(reference=reference).exists():
                return reference


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    def customer_visible(self) -> CaseEventQuerySet:
        return self.filter(customer_visible=True)


class CaseEvent(models.Model):
    """One line of a case's timeline: a move, a note, a document, or something the system did."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Status change")
        MESSAGE = "message", _("Message")
        NOTE = "note", _("Note")
        DOCUMENT = "document", _("Document")
        SYSTEM = "system", _("System")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    # Null means the system did it. Staff who acted cannot be deleted (deactivate them), so
    # the timeline keeps saying who did what; a customer's own deletion takes their cases.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.RESTRICT,
        related_name="case_events", verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)
    # People's own words (a question, an answer, a message, a note), kept as written.
    message = models.TextField(_("message"), blank=True)
    # What the portal did, worded in the reader's language when shown (cases/timeline.py).
    code = models.CharField(_("what happened"), max_length=40, choices=timeline.Code.choices,
                            blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    customer_visible = models.BooleanField(_("shown to the customer"), default=True)
    # The Message-ID of the email reply this message came from: the same email delivered
    # twice is stored once.
    email_message_id = models.CharField(_("email Message-ID"), max_length=255, null=True,
                                        blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at", "id"], name="case_event_timeline_idx"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.TRANSITION:
            return f"{self.from_state} → {self.to_state}"
        return self.get_kind_display()

    @property
    def text(self) -> str:
        """What the timeline shows: the portal's line in the active language, or the
        person's words as written."""
        if self.code:
            return timeline.wording(self.code, self.params)
        return self.message


def get_document_storage() -> Storage:
    """The private ``documents`` storage when settings configure one, else the default."""
    if DOCUMENT_STORAGE_ALIAS in settings.STORAGES:
        return storages[DOCUMENT_STORAGE_ALIAS]
    return default_storage


def new_document_token() -> str:
    return secrets.token_urlsafe(16)


def document_upload_to(instance: Document, filename: str) -> str:
    """``documents/<random>/<random>.<ext>``: nothing in the path reveals the case, the
    customer or the name of the uploaded file."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if not (suffix.isascii() and suffix.isalnum() and len(suffix) <= 5):
        suffix = "bin"
    return f"documents/{secrets.token_hex(16)}/{secrets.token_hex(16)}.{suffix}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def present(self) -> DocumentQuerySet:
        """Documents whose file is still stored (not purged after retention)."""
        return self.filter(purged_at__isnull=True)

    def identity(self) -> DocumentQuerySet:
        return self.filter(kind__in=Document.IDENTITY_KINDS)


class Document(models.Model):
    """An uploaded proof of identity, in private storage. Served only through a view that
    checks the requester; the file is deleted after the retention period (``purged_at``)."""

    class Kind(models.TextChoices):
        ID_SCAN = "id_scan", _("ID scan")
        RECENT_BILL = "recent_bill", _("Recent bill")
        OTHER = "other", _("Other")
        ATTACHMENT = "attachment", _("Attachment to a message")

    IDENTITY_KINDS = (Kind.ID_SCAN, Kind.RECENT_BILL)

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Names the document in URLs (with the case reference); database ids are never shown.
    token = models.CharField(max_length=32, unique=True, default=new_document_token,
                             editable=False)
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=get_document_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="uploaded_documents",
        verbose_name=_("uploaded by"),
    )
    # The message it came with, for an attachment; documents uploaded on their own have none.
    message = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="attachments", verbose_name=_("message"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True, editable=False)
    # Set when the customer deleted the account: the file goes at once, and the hourly
    # purge retries until it is gone (cases/retention.py).
    purge_requested_at = models.DateTimeField(_("deletion requested at"), null=True,
                                              blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]
        indexes = [
            # The purge's look for files still owed after an account's deletion.
            models.Index(fields=["case"], name="document_purge_requested_idx",
                         condition=Q(purge_requested_at__isnull=False, purged_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cases:document", args=[self.case.reference, self.token])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class AccessRecord(models.Model):
    """Who looked at what: every agent view of a document, and every refused attempt to
    reach someone else's case or document. Never the document's content."""

    class Action(models.TextChoices):
        DOCUMENT_VIEWED = "document_viewed", _("document viewed")
        ACCESS_REFUSED = "access_refused", _("access refused")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="access_records", verbose_name=_("by"),
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="access_records", verbose_name=_("case"))
    target = models.CharField(_("what"), max_length=200,
                              help_text=_("The path or document asked for."))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target}"


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def pending(self) -> ReminderQuerySet:
        return self.filter(status=Reminder.Status.PENDING)

    def open_or_failed(self) -> ReminderQuerySet:
        """What an operator watches (history, sent or canceled, is left out): the rows of the
        small partial index ``reminder_open_kind_idx``."""
        return self.filter(status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED])

    def due(self, now) -> ReminderQuerySet:
        """Pending reminders whose time has come and that no queued task is known to carry."""
        return self.pending().filter(
            models.Q(queued_at__isnull=True) | models.Q(queued_at__lt=now - Reminder.REQUEUE_AFTER),
            due_at__lte=now,
        )


class Reminder(models.Model):
    """A follow-up the portal owes a customer at ``due_at``. The database is the source of
    truth: the dispatcher claims due rows, and each becomes exactly one outbox email."""

    REQUEUE_AFTER = timedelta(minutes=5)

    class Kind(models.TextChoices):
        REVIEW_FOLLOW_UP = "review_follow_up", _("Review follow-up")
        REVIEW_OVERDUE = "review_overdue", _("Review overdue")
        INFO_NUDGE = "info_nudge", _("Still need your answer")
        FINAL_BILL = "final_bill", _("Final bill")
        BALANCE_REFUND = "balance_refund", _("Prepaid balance refund")
        DRAFT_NUDGE = "draft_nudge", _("Draft left unchanged")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("canceled")
        FAILED = "failed", _("failed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders",
                             verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Re-entering a state schedules a fresh sequence; (case, kind, sequence) is unique.
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    # The state the case must still be in for the reminder to be owed.
    for_state = models.CharField(_("for state"), max_length=20)
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    email = models.OneToOneField("portal.OutboundEmail", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reminder",
                                 verbose_name=_("customer email"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "sequence"],
                                    name="reminder_unique_per_case_kind_sequence"),
        ]
        indexes = [
            # The dispatcher's query touches pending rows only, however many were sent.
            models.Index(fields=["due_at"], name="reminder_pending_due_idx",
                         condition=models.Q(status="pending")),
            # /metrics counts pending and failed reminders by kind from this index alone.
            models.Index(fields=["status", "kind"], name="reminder_open_kind_idx",
                         condition=models.Q(status__in=["pending", "failed"])),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case.reference}"
