"""What Django's debug page and error reports may show: no password, even inside a URL.

Django hides settings whose *name* looks secret (``SECRET_KEY``, ``PASSWORD``), but a
password inside a URL-shaped value (``EMAIL_URL``, ``REDIS_URL``, ``CELERY_BROKER_URL``, a
cache ``LOCATION``, ``DATABASE_URL`` in runserver's ``request.META``) is shown in clear.
This filter is ``DEFAULT_EXCEPTION_REPORTER_FILTER``, so the debug page, error emails and
every other ``ExceptionReporter`` go through it.
"""

from __future__ import annotations

import re

from django.views.debug import SafeExceptionReporterFilter

# Names whose values are hidden whole: Django's list, plus credentials, DSNs and private keys.
HIDDEN_NAMES = re.compile(
    "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|CREDENTIAL|DSN|PRIVATE|SALT",
    flags=re.I,
)

# scheme://user:PASSWORD@host — the password stops before an "@" that is followed by the
# host and then the end, a path, a query or a fragment (a raw "@" in a password is allowed).
_URL_PASSWORD = re.compile(
    r"(?P<before>\b[a-z][a-z0-9+.\-]*://[^\s:/?#@]*:)(?P<password>[^\s/?#]*?)"
    r"(?P<after>@[^\s@/?#]*(?=[/?#\s]|$))",
    flags=re.I,
)
# ?password=...&token=... in a URL's query string.
_QUERY_SECRET = re.compile(
    r"(?P<before>[?&][^=&\s#]*(?:pass|secret|token|key|auth|signature|credential)[^=&\s#]*=)"
    r"(?P<secret>[^&\s#]*)",
    flags=re.I,
)


def mask_url_secrets(text: str, substitute: str) -> str:
    """``text`` with every password inside a URL (userinfo or query) replaced."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['before']}{substitute}{m['after']}", text)
    return _QUERY_SECRET.sub(lambda m: f"{m['before']}{substitute}", text)


class LineoutExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = HIDDEN_NAMES

    def cleanse_setting(self, key, value):
        # Django's version recurses through dicts, lists and tuples by calling this
        # method, so nested values (CACHES' LOCATION) are masked too.
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            return mask_url_secrets(cleansed, self.cleansed_substitute)
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        """A local variable holding a URL with a password (a connection string in the
        Redis or SMTP client's frame) is masked like a setting."""
        return [
            (name, self.cleanse_setting("", value)
             if isinstance(value, (str, dict, list, tuple)) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
