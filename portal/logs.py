"""Logs an operator can search: one JSON object a line (``LOG_FORMAT=json``), each carrying
the request id, the user id and the case reference it concerns, with secrets masked.

- ``RequestContextMiddleware`` takes the request id from the proxy's ``X-Request-ID`` (or
  makes one), returns it in the response, and logs one line per request with its status
  and duration.
- ``ContextFilter`` copies the current request id, user id, case reference and Celery task
  id onto every record; ``RedactingFilter`` masks passwords, codes, tokens, reply
  addresses, credentials in URLs and phone numbers in whatever is logged, and never lets
  bytes (a document's content) through.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.core.signals import request_finished

# What the current request or task is about. Set by the middleware and Celery's signals,
# and by code that learns the case (``bind(case_reference=...)``).
_context: contextvars.ContextVar[dict] = contextvars.ContextVar("lineout_log_context", default={})

CONTEXT_FIELDS = ("request_id", "user_id", "case_reference", "task_id", "task_name")
# A request id from the proxy is believed only if it looks like one.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
# The shape of a case reference (cases/reference.py), checked before a URL's is logged.
_REFERENCE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def bind(**values) -> None:
    """Add to the current context (a request's or a task's)."""
    _context.set({**_context.get(), **{k: v for k, v in values.items() if v is not None}})


def reset(**values) -> contextvars.Token:
    return _context.set({k: v for k, v in values.items() if v is not None})


def current() -> dict:
    return _context.get()


# --- Masking ----------------------------------------------------------------------------

MASK = "[masked]"
_PATTERNS: list[tuple[re.Pattern, str | callable]] = [
    # user:password@ in any URL (database, Redis, SMTP)
    (re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@", re.I),
     lambda m: f"{m['scheme']}{m['user']}:{MASK}@"),
    (re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]+", re.I), f"Bearer {MASK}"),
    # key=value and "key": "value" for secrets by name
    (re.compile(r"(?P<key>\b(?:password|passwd|pwd|secret|token|api[_-]?key|code|otp|pin|"
                r"authorization|cookie|sessionid|csrftoken|key)\w*)(?P<sep>\"?\s*[:=]\s*\"?)"
                r"(?P<value>[^\s\"'&,;]+)", re.I),
     lambda m: f"{m['key']}{m['sep']}{MASK}"),
    # reply+<reference>.<recipient>.<hmac>@ addresses (cases/replies.py) carry a secret
    (re.compile(r"\breply\+[A-Za-z0-9._-]+@", re.I), f"reply+{MASK}@"),
    # sign-in, reset and enrolment links: the key is the last path segment(s)
    (re.compile(r"(/(?:accounts/(?:password/reset/key|confirm-email|login/code)|staff/enrol|"
                r"invite|unsubscribe)/)[^\s\"'<>]+", re.I), rf"\1{MASK}"),
    # phone numbers (E.164 as stored, spaced as typed, or a bare run of 10-15 digits):
    # keep the last four digits, as the portal shows them
    (re.compile(r"(?<![\w+])\+\d[\d \-().]{5,18}\d(?!\w)|(?<![\w/+])\d{10,15}(?![\w/])"),
     lambda m: _mask_phone(m.group(0))),
]


def _mask_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) < 8 or len(digits) > 15:
        return text
    return f"••••{digits[-4:]}"


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _safe_arg(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    return value


class RedactingFilter(logging.Filter):
    """Formats the message once, masks it, and drops the arguments (so no handler formats
    the raw values again). Exception text is masked by the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if isinstance(record.args, dict):
                args = {k: _safe_arg(v) for k, v in record.args.items()}
            else:
                args = tuple(_safe_arg(a) for a in (record.args or ()))
            message = str(record.msg) % args if args else str(record.msg)
        except Exception:  # noqa: BLE001 - a bad format string still gets logged
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = ()
        return True


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        for field in CONTEXT_FIELDS:
            if not hasattr(record, field):
                setattr(record, field, context.get(field))
        return True


# --- Formatters -------------------------------------------------------------------------

_EXTRA_FIELDS = ("method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in CONTEXT_FIELDS + _EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s%(context)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = [f"{field}={getattr(record, field)}" for field in CONTEXT_FIELDS + _EXTRA_FIELDS
                 if getattr(record, field, None) is not None]
        record.context = f" [{' '.join(parts)}]" if parts else ""
        return super().format(record)

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return redact(super().formatException(ei))


def logging_config(*, log_format: str, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "portal.logs.ContextFilter"},
            "redact": {"()": "portal.logs.RedactingFilter"},
        },
        "formatters": {
            "json": {"()": "portal.logs.JsonFormatter"},
            "plain": {"()": "portal.logs.PlainFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format,
                                 "filters": ["context", "redact"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # The request line below replaces Django's and gunicorn's own access lines.
            "django.server": {"level": "WARNING"},
        },
    }


# --- Requests ---------------------------------------------------------------------------

request_logger = logging.getLogger("lineout.request")


class RequestContextMiddleware:
    """Outermost: binds the request id, times the request and logs one line for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # A fresh context for this request. It stays bound until the response is closed
        # (request_finished, below): Django logs a 4xx or 5xx only after the middleware.
        reset(request_id=request_id)
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bind(user_id=user.pk)
        response["X-Request-ID"] = request_id
        if request.path != "/healthz":
            path = redact(request.path)  # sign-in and enrolment links carry their key
            request_logger.info(
                "%s %s %s", request.method, path, response.status_code,
                extra={"method": request.method, "path": path, "status": response.status_code,
                       "duration_ms": round((time.monotonic() - started) * 1000, 1)})
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bind(user_id=user.pk)
        # Only what looks like a reference (LX-7KQ2-M9XD): the URL is the visitor's to write.
        reference = str(view_kwargs.get("reference", "")).upper()
        if _REFERENCE.match(reference):
            bind(case_reference=reference)
        return None


def _forget_request(**kwargs) -> None:
    reset()


request_finished.connect(_forget_request, dispatch_uid="lineout-logs-request-finished")
