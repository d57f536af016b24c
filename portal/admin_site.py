"""Lineout's admin site: signing in goes through allauth, and staff need two-factor."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class LineoutAdminSite(admin.AdminSite):
    site_header = _("Lineout administration")
    site_title = _("Lineout admin")
    index_title = _("Cases and guidance")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and is_mfa_enabled(user))

    def login(self, request, extra_context=None):
        """Send everyone to allauth's login (its rate limits and two-factor apply).

        A signed-in staff member without two-factor is sent to set it up first.
        """
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
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
            return HttpResponseRedirect(resolve_url("mfa_activate_totp"))
        return HttpResponseRedirect(next_url)
