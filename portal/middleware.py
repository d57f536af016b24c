"""A signed-in customer sees pages in their saved language and time zone."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone, translation
from django.middleware.locale import LocaleMiddleware

from .i18n import supported_language


class UserLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware that prefers the account's language over cookie and browser.

    Anonymous visitors get ``?lang=`` (the hreflang alternates), then the language cookie
    (set by the switcher), then Accept-Language.
    """

    def process_request(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            return
        timezone.deactivate()
        language = supported_language(request.GET.get("lang", ""))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            return
        super().process_request(request)
