"""The custom user (email login, language, time zone, reminder preferences) and the email outbox."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Pick one such as America/New_York."),
            code="invalid_timezone",
            params={"value": value},
        )


def default_user_timezone() -> str:
    return settings.DEFAULT_USER_TIMEZONE


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their email: a customer, an agent or an editor."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SIMPLIFIED_CHINESE = "zh-hans", "简体中文"

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH,
        help_text=_("Pages and emails use this language."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default=default_user_timezone,
        validators=[validate_timezone],
        help_text=_("Dates and reminder times are shown in this time zone."),
    )
    receives_follow_up_reminders = models.BooleanField(
        _("follow-up reminders"), default=True,
        help_text=_("Emails while a case is under review or waiting for your answer."),
    )
    receives_final_bill_reminders = models.BooleanField(
        _("final-bill reminders"), default=True,
        help_text=_("Emails after a line is closed about the final bill and any refund."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]
        indexes = [
            # The agents' search by email prefix (emails are stored in lower case).
            models.Index(fields=["email"], name="user_email_prefix_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def due(self, now) -> OutboundEmailQuerySet:
        """Pending emails whose time has come and that no queued task is known to carry."""
        requeue_before = now - OutboundEmail.REQUEUE_AFTER
        return self.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=requeue_before),
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now,
        )

    def unsent(self) -> OutboundEmailQuerySet:
        return self.filter(status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING])

    def open_or_failed(self) -> OutboundEmailQuerySet:
        """Every row but the sent ones: the rows of the partial index ``outbox_not_sent_idx``."""
        return self.filter(status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING,
                                       OutboundEmail.Status.FAILED])

    def stalled(self, now) -> OutboundEmailQuerySet:
        """Emails a worker claimed and never finished (it died or lost its connection)."""
        return self.filter(
            status=OutboundEmail.Status.SENDING,
            claimed_at__lt=now - OutboundEmail.CLAIM_TIMEOUT,
        )


class OutboundEmail(models.Model):
    """One email the portal owes someone: written first, sent after commit (the outbox).

    A row is created in the same transaction as the change that makes the email owed, so
    an email is never lost when SMTP or the broker is down, and a claim token makes sure
    it is marked sent only by the worker that actually sent it.
    """

    # A claimed email not finished within this time is considered abandoned by its worker.
    CLAIM_TIMEOUT = timedelta(minutes=5)
    # A queued task that has not claimed its email within this time is presumed lost.
    REQUEUE_AFTER = timedelta(minutes=5)

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="outbound_emails", verbose_name=_("recipient account"),
    )
    to = models.JSONField(_("to"))
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        indexes = [
            # The dispatcher's query: only unfinished rows are indexed, so the index stays
            # small however many emails have been sent.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="outbox_unfinished_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
            # Everything but the sent emails, for /metrics and the admin's failed list:
            # as small as the trouble, however many emails were sent.
            models.Index(fields=["status", "created_at"], name="outbox_not_sent_idx",
                         condition=Q(status__in=["pending", "sending", "failed"])),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {', '.join(self.to)} ({self.get_status_display()})"


class EmailDeliveryCount(models.Model):
    """How many emails of a kind were sent or failed, ever: counters for /metrics that
    survive restarts and are the same whichever process sent the email. The outbox adds
    to them in the statement that records each outcome."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("sent")
        RETRIED = "retried", _("failed, will be retried")
        FAILED = "failed", _("failed for good")

    kind = models.CharField(_("kind"), max_length=100)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    count = models.PositiveBigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("email delivery count")
        verbose_name_plural = _("email delivery counts")
        constraints = [models.UniqueConstraint(fields=["kind", "outcome"],
                                               name="email_delivery_count_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}: {self.count}"

    @classmethod
    def add(cls, kind: str, outcome: str) -> None:
        updated = cls.objects.filter(kind=kind, outcome=outcome).update(count=models.F("count") + 1)
        if not updated:
            # First of its kind: create it, or add to the row a concurrent sender just made.
            row, created = cls.objects.get_or_create(kind=kind, outcome=outcome,
                                                     defaults={"count": 1})
            if not created:
                cls.objects.filter(pk=row.pk).update(count=models.F("count") + 1)
