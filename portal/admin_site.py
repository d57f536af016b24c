"""Lineout's admin site: signing in goes through allauth, and staff need two-factor."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from staff_invites.grants import enrolment_url


def safe_next_url(request) -> str:
    """The ``next`` asked for (query or form) if it stays on this site, else the admin's
    index: never ``https://evil.example``, ``//evil.example``, ``/\\evil.example`` or
    ``https:evil.example``, which a browser would follow off-site."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


class LineoutAdminSite(admin.AdminSite):
    site_header = _("Lineout administration")
    site_title = _("Lineout admin")
    index_title = _("Cases and guidance")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and is_mfa_enabled(user))

    def login(self, request, extra_context=None):
        """Send everyone to allauth's login (its rate limits and two-factor apply).

        A signed-in staff member without two-factor is sent to set it up first, which
        takes an enrolment invitation (staff_invites): a password alone is not enough.
        """
        next_url = safe_next_url(request)
        user = request.user
        if not user.is_authenticated:
            login_url = resolve_url("account_login")
            return HttpResponseRedirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not is_mfa_enabled(user):
            messages.warning(
                request, _("Staff accounts must turn on two-factor authentication to use the admin.")
            )
            return HttpResponseRedirect(enrolment_url(request))
        return HttpResponseRedirect(next_url)
