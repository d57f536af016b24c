"""Who may add an authenticator: the rule, and the session grant an invitation leaves behind.

A staff account (staff or superuser) without an authenticator may add one only in a session
that has just accepted an enrolment invitation. The grant is kept in the session, for this
account only, for ``GRANT_LIFETIME``, and ends as soon as an authenticator is added.
Customers keep enrolling by themselves.
"""

from __future__ import annotations

import time
from datetime import timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse

GRANT_SESSION_KEY = "staff_invites.enrolment_grant"
GRANT_LIFETIME = timedelta(minutes=30)

# allauth's views that add an authenticator to the signed-in account (WebAuthn's only
# answer when MFA_SUPPORTED_TYPES turns it on). Recovery codes need one already.
AUTHENTICATOR_ADDING_VIEWS = frozenset({
    "mfa_activate_totp", "mfa_add_webauthn", "mfa_signup_webauthn",
})


def is_staff_account(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def needs_invited_enrolment(user) -> bool:
    """A staff account that has no authenticator yet: it enrols only through an invitation."""
    return is_staff_account(user) and not is_mfa_enabled(user)


def grant_enrolment(request, user) -> None:
    request.session[GRANT_SESSION_KEY] = {
        "user": user.pk, "until": time.time() + GRANT_LIFETIME.total_seconds(),
    }


def has_enrolment_grant(request) -> bool:
    grant = request.session.get(GRANT_SESSION_KEY)
    return (isinstance(grant, dict) and grant.get("user") == request.user.pk
            and grant.get("until", 0) > time.time())


def may_add_authenticator(request) -> bool:
    return not needs_invited_enrolment(request.user) or has_enrolment_grant(request)


def enrolment_url(request) -> str:
    """Where a staff account without two-factor goes: the authenticator app's setup when
    this session holds a grant, otherwise the page that says to ask for an invitation."""
    if has_enrolment_grant(request):
        return reverse("mfa_activate_totp")
    return reverse("staff_enrolment_required")


def end_grant_on_enrolment(sender, request=None, **kwargs) -> None:
    """allauth's authenticator_added: the grant was for one enrolment."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(GRANT_SESSION_KEY, None)
