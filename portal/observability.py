"""Optional error reporting to Sentry (``SENTRY_DSN``), with the logs' masking applied to
everything sent: no password, code, token, cookie or full phone number leaves the process."""

from __future__ import annotations

import logging

from django.conf import settings

from .logs import redact

logger = logging.getLogger(__name__)


def _scrub(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def before_send(event, hint):
    request = event.get("request") or {}
    # Bodies may hold documents or passwords, cookies hold sessions: never sent.
    for field in ("data", "cookies"):
        if field in request:
            request[field] = "[masked]"
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"authorization", "cookie", "x-csrftoken"}:
            headers[name] = "[masked]"
    return _scrub(event)


def init_sentry() -> bool:
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(dsn=settings.SENTRY_DSN, send_default_pii=False, before_send=before_send,
                    integrations=[DjangoIntegration(), CeleryIntegration()],
                    traces_sample_rate=0.0)
    return True
