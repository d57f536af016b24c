"""The public page that checks a closing confirmation (see cases/verification.py). No sign-in."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import get_resolver
from django.views.decorators.http import require_safe

from . import verification
from .confirmation import not_a_carrier_document, verified_facts


def _unlisted_and_unkept(view):
    """Every answer of the page, the site's 404 included: never indexed (the address holds a
    code), never cached, and never sent on as a Referer when the reader follows a link."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            # Rendered here rather than left to Django, so the 404 gets the headers too.
            response = get_resolver().resolve_error_handler(404)(request, missing)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return wrapped


@require_safe
@_unlisted_and_unkept
def verify(request, code: str):
    if not verification.lookup_allowed(request):
        response = render(request, "cases/verify_rate_limited.html", status=429)
        response["Retry-After"] = str(verification.WINDOW_SECONDS)
        return response
    normalized = verification.normalize_code(code)
    case = verification.confirmed_case(normalized) if normalized else None
    if case is None:
        raise Http404
    return render(request, "cases/verify.html", {
        "facts": verified_facts(case),
        "operator": settings.OPERATOR_NAME,
        "not_a_carrier_document": not_a_carrier_document(case.carrier.name),
    })
