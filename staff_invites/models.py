"""An enrolment invitation: the one-time link that lets a staff account add an authenticator.

Only a hash of the link's token is stored, so a copy of the database holds no usable link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffInvitationQuerySet(models.QuerySet["StaffInvitation"]):
    def still_open(self, now) -> StaffInvitationQuerySet:
        """Neither used nor expired at ``now``."""
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class StaffInvitation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_invitations",
        verbose_name=_("staff account"),
    )
    # sha256 of the token in the emailed link (hex).
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("invited by"),
    )

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff enrolment invitation")
        verbose_name_plural = _("staff enrolment invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
