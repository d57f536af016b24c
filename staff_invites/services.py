"""Inviting staff to enrol two-factor, and accepting an invitation.

``invite`` writes the invitation and its email (through the outbox) in one transaction;
``accept`` uses the invitation up with a conditional update, so a link works once even when
it is posted twice at the same moment. Every refusal is one ``InvitationRefused`` with a
translated message, raised before anything changes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .emails import write_invitation_email
from .models import StaffInvitation

INVITATION_LIFETIME = timedelta(hours=72)
STAFF_GROUPS = ("Agents", "Editors")


class InvitationRefused(Exception):
    """An invitation that cannot be used, with the reason to show (and an HTTP status)."""

    def __init__(self, message, *, status: int = 400) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


NOT_VALID = _("This enrolment link is not valid. Check that you copied the whole link, or "
              "ask an administrator for a new invitation.")
EXPIRED = _("This enrolment link has expired. Ask an administrator for a new invitation.")
USED = _("This enrolment link has already been used. Each link works once; ask an "
         "administrator for a new invitation if you still need one.")
OTHER_ACCOUNT = _("This enrolment link is for another account. Sign out, then open the "
                  "link again.")
ALREADY_ENROLLED = _("This account already has two-factor authentication. Sign in as "
                     "usual; to set it up again, ask an administrator to remove the old "
                     "authenticator and invite you again.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('staff_invitation', args=[token])}"


def prepare_staff_account(*, email: str, groups: list[str], language: str | None = None):
    """The staff account for ``email``, created if missing (with no password: the
    invitation lets them choose one), made staff, in ``groups``. Returns (user, created)."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email.strip()).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email.strip(), password=None, is_staff=True,
                                            language=language or "en")
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user, created


def invite(*, user, by=None, send_email: bool = True) -> tuple[StaffInvitation, str]:
    """A new invitation for ``user`` and its link; earlier links stop working.

    The email goes through the outbox unless ``send_email`` is off (the operator hands the
    link over themselves: the first administrator of a fresh install, the demo accounts).
    """
    if not (user.is_active and (user.is_staff or user.is_superuser)):
        raise InvitationRefused(_("Only active staff accounts can be invited to enrol."))
    if is_mfa_enabled(user):
        raise InvitationRefused(ALREADY_ENROLLED)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # One live link per account: a new invitation retires the ones before it.
        StaffInvitation.objects.filter(user=user).still_open(now).update(expires_at=now)
        invitation = StaffInvitation.objects.create(
            user=user, token_hash=hash_token(token), created_at=now,
            expires_at=now + INVITATION_LIFETIME, created_by=by,
        )
        link = invitation_link(token)
        if send_email:
            write_invitation_email(invitation, link)
    return invitation, link


def open_invitation(token: str, *, now=None) -> StaffInvitation:
    """The invitation behind ``token`` if it can still be used; reads only."""
    now = now or timezone.now()
    invitation = (StaffInvitation.objects.select_related("user")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None:
        raise InvitationRefused(NOT_VALID, status=404)
    if invitation.used_at is not None:
        raise InvitationRefused(USED, status=410)
    if invitation.expires_at <= now:
        raise InvitationRefused(EXPIRED, status=410)
    user = invitation.user
    if not (user.is_active and (user.is_staff or user.is_superuser)):
        raise InvitationRefused(NOT_VALID, status=404)
    if is_mfa_enabled(user):
        raise InvitationRefused(ALREADY_ENROLLED, status=409)
    return invitation


def check_visitor(invitation: StaffInvitation, visitor) -> None:
    """Someone signed in as another account does not get to use this one's link."""
    if visitor.is_authenticated and visitor.pk != invitation.user_id:
        raise InvitationRefused(OTHER_ACCOUNT, status=403)


def accept(*, invitation: StaffInvitation, new_password: str | None = None) -> None:
    """Use the invitation up: the address is proven, and a chosen password is set."""
    now = timezone.now()
    with transaction.atomic():
        used = (StaffInvitation.objects.filter(pk=invitation.pk).still_open(now)
                .update(used_at=now))
        if not used:
            raise InvitationRefused(USED, status=410)
        user = invitation.user
        if new_password is not None:
            user.set_password(new_password)
            user.save(update_fields=["password"])
        _mark_address_verified(user)


def _mark_address_verified(user) -> None:
    """The link reached this address, which is what confirming an email proves."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=user.email, verified=True,
                                    primary=not has_primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
