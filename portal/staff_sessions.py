"""Staff sessions reach identity documents, so they are short: signed out after 30 minutes
without a request or 12 hours after signing in, and asked to confirm who they are (allauth's
re-authentication) before a document when they last did so more than 15 minutes ago.
Customers' sessions are left as they are. Signed-in pages are never stored by a cache.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

SIGNED_IN_AT = "lineout_staff_signed_in_at"
SEEN_AT = "lineout_staff_seen_at"
# Last activity is written at most this often: one session write a minute, not per request.
SEEN_AT_RESOLUTION = 60


def record_staff_sign_in(sender, request, user, **_kwargs) -> None:
    """user_logged_in: a staff session starts its clocks (every sign-in path calls login())."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now
        # The cookie goes too (the check above is what counts; this just tidies up).
        request.session.set_expiry(settings.STAFF_SESSION_MAX_AGE)


def staff_session_expired(session, now: float) -> bool:
    """A staff session past its absolute lifetime or its idle timeout; one without a
    recorded sign-in (older than this rule, or made staff while signed in) too."""
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(signed_in_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return True
    return (now - signed_in_at > settings.STAFF_SESSION_MAX_AGE
            or now - seen_at > settings.STAFF_SESSION_IDLE_TIMEOUT)


class StaffSessionLimitsMiddleware:
    """Signs a staff member out past either limit; the request goes on signed out, so the
    page they asked for sends them to sign in again (with ``next``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = time.time()
            if staff_session_expired(request.session, now):
                logout(request)
                messages.info(request, _("For security, staff are signed out after 30 minutes "
                                         "without activity or 12 hours after signing in. "
                                         "Please sign in again."))
            elif now - request.session[SEEN_AT] >= SEEN_AT_RESOLUTION:
                request.session[SEEN_AT] = now
        return self.get_response(request)


class PrivateSignedInPagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user (and on the
    response that signed them out), so neither a shared cache nor the browser's history keeps
    a page with their cases. Anonymous public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in_before = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in_before or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def authenticated_recently(request, *, within: float) -> bool:
    """Whether the user signed in, or confirmed who they are (allauth's re-authentication,
    password or two-factor), less than ``within`` seconds ago."""
    times = [record.get("at") for record in get_authentication_records(request, request.user)]
    times.append(request.session.get(SIGNED_IN_AT))
    times = [at for at in times if isinstance(at, (int, float))]
    return bool(times) and time.time() - max(times) < within


def reauthenticate(request):
    """allauth's re-authentication page, which comes back to this request afterwards."""
    return suspend_request(request, reverse("account_reauthenticate"))
