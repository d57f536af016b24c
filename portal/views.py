"""Project-wide pages: the language switcher, the customer's preferences, security.txt."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from .forms import PreferencesForm
from .i18n import supported_language


@require_POST
def set_language(request):
    """Django's switcher (cookie and redirect), and for a signed-in customer, saved too."""
    response = django_set_language(request)
    language = supported_language(request.POST.get("language", ""))
    if request.user.is_authenticated and language:
        if request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


@login_required
def preferences(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings are saved."))
        response = redirect("preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    return render(request, "portal/preferences.html", {"form": form})


@require_GET
def security_txt(request):
    """RFC 9116: where to report a security problem. Expires a year ahead of each request,
    so it never goes stale while the site runs."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    body = (f"Contact: {settings.SECURITY_CONTACT}\n"
            f"Expires: {expires.isoformat().replace('+00:00', 'Z')}\n"
            f"Preferred-Languages: en, zh-Hans\n"
            f"Canonical: {settings.SITE_URL}/.well-known/security.txt\n")
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
