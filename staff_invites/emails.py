"""The invitation email: a subject, a text and an HTML template, in the invitee's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import outbox

# The outbox forgets the bodies of "mfa/" emails once sent: this one carries a live link.
EMAIL_KIND = "mfa/staff_invitation"


def write_invitation_email(invitation, link: str) -> None:
    user = invitation.user
    context = {
        "user": user, "link": link, "expires_at": invitation.expires_at,
        "invited_by": invitation.created_by, "site_name": settings.SITE_NAME,
        "language": user.language,
    }
    with translation.override(user.language), timezone.override(user.zone):
        subject = " ".join(render_to_string(
            "staff_invites/email/invitation_subject.txt", context).split())
        context["subject"] = subject
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("staff_invites/email/invitation_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        )
        message.attach_alternative(
            render_to_string("staff_invites/email/invitation_body.html", context), "text/html")
    outbox.enqueue(message, kind=EMAIL_KIND, recipient=user)
