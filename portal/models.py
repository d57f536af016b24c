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
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {', '.join(self.to)} ({self.get_status_display()})"
