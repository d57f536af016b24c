"""Lineout's one settings module: every value comes from the environment (12-factor).

With nothing set the portal runs on the embedded default: SQLite, a filesystem Celery
broker and email written to files, all under ``var/``. ``DATABASE_URL``, ``REDIS_URL`` and
``EMAIL_URL`` switch to the real services. Bad values stop start-up with a clear message
instead of being guessed at.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean that refuses anything but the usual spellings (``DEBUG=maybe`` is an error)."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_timezone(name: str, default: str) -> str:
    value = env.str(name, default=default)
    if value not in zoneinfo.available_timezones():
        raise ImproperlyConfigured(f"{name}={value!r} is not an IANA time zone name.")
    return value


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server as ``url`` but another logical database (cache apart from broker)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


# --- Core -------------------------------------------------------------------------------

# Off unless asked for: `make run` and `make test` set DEBUG=true for themselves, and an
# image or server that sets nothing never shows Django's debug pages.
DEBUG = env_bool("DEBUG", default=False)


def development_secret_key() -> str:
    """A random key made once per checkout (var/dev-secret-key), shared by the web server,
    worker and beat, so no key is ever written in the repository."""
    path = VAR_DIR / "dev-secret-key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = "django-insecure-" + secrets.token_urlsafe(50)
        handle.write(key)
    return key


# Read as is: django-environ would treat a key that starts with "$" as a variable reference.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if SECRET_KEY.startswith("django-insecure") and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is a development key; set a long random value when DEBUG is off.")
if not SECRET_KEY:
    # With nothing configured (the embedded default: no DATABASE_URL) the portal still
    # runs, on the checkout's random development key; `check --deploy` flags that key.
    # A deployment (a DATABASE_URL) without a key of its own is refused.
    if not DEBUG and os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a long random value when DEBUG is off (DEBUG=true, as `make "
            "run` and `make test` set it, is for development on this machine only).")
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "anymail",
    "portal",
    "cases",
    "content",
    "staff_invites",
    "accounts_data",
    "django_prometheus",
]

MIDDLEWARE = [
    # Outermost: the request id and the one log line per request; then the request metrics.
    "portal.logs.RequestContextMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which would parse the body first: a refused upload gets a page that says why.
    "cases.upload_guard.UploadGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in customer's saved language and time zone win.
    "portal.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in pages are never cached; staff are signed out after 30 idle minutes or 12
    # hours (the first one sees the user before the second may sign them out).
    "portal.staff_sessions.PrivateSignedInPagesMiddleware",
    "portal.staff_sessions.StaffSessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff add an authenticator only after following an enrolment invitation.
    "staff_invites.middleware.StaffEnrolmentMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The desk keeps its templates beside its code (cases/desk/).
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "cases" / "desk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lineout.sqlite3'}")
}
# django-prometheus's wrappers of the same backends count queries, errors and their time.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends.")
if DATABASES["default"]["ENGINE"].endswith(".sqlite3"):
    # The embedded default: the web server, worker and beat share one file, so writers
    # queue for the lock (IMMEDIATE) instead of failing, and readers never block (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # case_done_idx INCLUDEs columns for PostgreSQL's index-only scan; SQLite builds the
    # index without them, which is fine for the small embedded deployment.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Redis, cache and Celery ------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

# allauth's rate limits live in the cache, so it must be shared by every process:
# Redis when configured, otherwise the database. Never a per-process memory cache.
_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "lineout_cache",
}
if REDIS_URL:
    CACHES = {
        # Redis, and the database while Redis is unreachable (see portal/cache.py).
        "default": {
            "BACKEND": "portal.cache.RedisWithDatabaseFallbackCache",
            "LOCATION": env.str("REDIS_CACHE_URL", default=redis_url_with_db(REDIS_URL, 1)),
            "KEY_PREFIX": "lineout",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1,
                        "FALLBACK_ALIAS": "database"},
        },
        "database": _DATABASE_CACHE,
    }
else:
    CACHES = {"default": _DATABASE_CACHE}

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than any task can run or wait for a retry, so Redis does not hand a task
        # that is still being worked on to a second worker.
        "visibility_timeout": 3600,
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    _BROKER_DIR = VAR_DIR / "broker"
    # The embedded broker is a folder; make sure it exists for every process that uses it.
    for _folder in ("processed", "control"):
        (_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }

# --- Email ------------------------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lineout <support@lineout.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Replies to case emails come back to reply+<token>@REPLY_EMAIL_DOMAIN (cases/replies.py);
# the mail server pipes them to `manage.py receive_email`, or a hosted service posts them
# to the inbound webhook. AGENTS_EMAIL, when set, gets customers' messages on unassigned
# cases instead of every agent.
REPLY_EMAIL_DOMAIN = env.str(
    "REPLY_EMAIL_DOMAIN", default=DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >")).lower()
AGENTS_EMAIL = env.str("AGENTS_EMAIL", default="")
# A reply larger than this is refused (attachments included).
INBOUND_EMAIL_MAX_BYTES = 25 * 1024 * 1024
# Replies through Mailgun's inbound routes (django-anymail checks each post's signature
# with this key); without the key the webhook answers 404.
ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="")}

# How often an outbox email is tried before it is marked failed.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)

# --- Accounts (django-allauth) ----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Beside those, the customer's name (optional), which emails greet them with.
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupNameForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a GET never changes anything
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lineout] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so a change is a visible decision.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
    # Sign-in codes by email (accounts_data): per address, then per client.
    "request_login_code": "3/10m/key,20/h/ip",
}
# Sign-in by a code sent by email, beside the password (and first from a link in an email,
# see accounts_data/). The code lasts 10 minutes (mail abroad can be slow) and allows
# three wrong tries; it works once.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_FORMS = {"request_login_code": "accounts_data.forms.RequestLoginCodeForm"}
# How many reverse proxies of ours stand in front of the app (docker-compose.yml: one, Caddy,
# which replaces any X-Forwarded-For a client sends). 0 (the default) ignores X-Forwarded-For
# and X-Forwarded-Proto entirely: with no proxy, a client could write anything in them.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Staff sessions reach identity documents (portal/staff_sessions.py): signed out after 30
# minutes without a request or 12 hours after signing in, and asked to confirm who they are
# before a document when they last did so more than 15 minutes ago. In seconds.
STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
STAFF_REAUTHENTICATE_DOCUMENTS_AFTER = 15 * 60

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Lineout"
# Passkeys (WebAuthn, through fido2): a customer signs in with one alone (it proves both
# possession and, by PIN or biometrics, the person); staff use one as their second factor.
MFA_PASSKEY_LOGIN_ENABLED = True
# WebAuthn wants https; only a development or test server on http://localhost is let off.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Signed-in sessions are recorded at sign-in (allauth.usersessions), not on every request.
USERSESSIONS_TRACK_ACTIVITY = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage and logs; customers see their own zone
# The time zone a new customer starts with (they can change it in their settings).
DEFAULT_USER_TIMEZONE = env_timezone("TIME_ZONE", "America/New_York")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Identity documents -----------------------------------------------------------------
# Private storage: never under a public URL; files are streamed by a view that checks who
# is asking. S3-compatible storage (django-storages) when a bucket is configured.

DOCUMENTS_S3_BUCKET = env.str("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    _DOCUMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": "documents",
        },
    }
else:
    _DOCUMENT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": "/no-public-url/"},
    }
# Days after a case is closed before its identity documents are deleted.
DOCUMENT_RETENTION_DAYS = env_int("DOCUMENT_RETENTION_DAYS", 30, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Bounds on uploads (cases/upload_guard.py): files reach only the views marked to take them.
# A request's files together: past this (plus 1 MB for the form's fields) it is refused (413)
# from its Content-Length, before its body is read. A message takes 5 files of 10 MB.
MAX_UPLOAD_REQUEST_BYTES = 50 * 1024 * 1024
# The most files any view takes in one request: the inbound mail webhook's 10 attachments.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Files one case holds from its customer, and bytes one customer uploads in 24 hours.
MAX_DOCUMENTS_PER_CASE = 20
MAX_UPLOAD_BYTES_PER_DAY = 100 * 1024 * 1024
# Images with more pixels than this are refused from their header, before decoding: a small
# file can expand to gigabytes (Pillow itself refuses only at twice its own limit).
MAX_IMAGE_PIXELS = 40_000_000
FILE_UPLOAD_HANDLERS = [
    # Refuses what the view does not take and skips what passes a limit, as it streams in.
    "cases.upload_guard.UploadGuardHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Where links in emails point.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# A font file that covers Chinese, for the closing confirmation PDF (found if installed).
CJK_FONT_PATH = env.str("CJK_FONT_PATH", default="")

# --- Abandoned drafts -------------------------------------------------------------------
# A draft nobody changed for this many days gets a nudge; later the system withdraws it
# (cases/drafts.py) and its documents are deleted. The nudge has to come first.

DRAFT_NUDGE_AFTER_DAYS = env_int("DRAFT_NUDGE_AFTER_DAYS", 30, minimum=1)
DRAFT_WITHDRAW_AFTER_DAYS = env_int("DRAFT_WITHDRAW_AFTER_DAYS", 60, minimum=2)
if DRAFT_WITHDRAW_AFTER_DAYS <= DRAFT_NUDGE_AFTER_DAYS:
    raise ImproperlyConfigured(
        f"DRAFT_WITHDRAW_AFTER_DAYS={DRAFT_WITHDRAW_AFTER_DAYS} must be greater than "
        f"DRAFT_NUDGE_AFTER_DAYS={DRAFT_NUDGE_AFTER_DAYS}."
    )

# --- Static files -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root whatever the page says (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": _DOCUMENT_STORAGE,
    # Hashed, compressed files served by WhiteNoise from gunicorn; plain files in DEBUG.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container health checks call /healthz over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# HTTPS is what the proxy says it saw, and only when there is a proxy (it overwrites the
# client's X-Forwarded-Proto). USE_X_FORWARDED_HOST stays off: the proxy passes Host through.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The debug page and error reports hide passwords inside URL-shaped values too.
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.error_reports.LineoutExceptionReporterFilter"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging ----------------------------------------------------------------------------

# JSON lines (the image's default) or plain text; either way every line carries the
# request id, user id and case reference, and passwords, codes, tokens and phone numbers
# are masked (portal/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be plain or json.")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))

# Errors to Sentry when SENTRY_DSN is set, masked the same way (portal/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")

# --- Metrics ----------------------------------------------------------------------------
# /metrics answers a bearer token or an allowed network, and 404 to anyone else.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
try:
    METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network(net.strip(), strict=False)
                                for net in env.list("METRICS_ALLOWED_NETWORKS", default=[])]
except ValueError as error:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {error}") from None
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- Celery -----------------------------------------------------------------------------
# The app lives in portal/celery.py and reads every CELERY_* name below.

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="lineout")
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
# Publishing happens after a request's commit. If the broker is down, give up quickly:
# the row is already saved and the dispatcher will pick it up.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat (this scheduler) and every worker touch LIVENESS_FILE while their loop runs, so a
# liveness probe can read its age (portal/liveness.py); empty, the default, touches nothing.
CELERY_BEAT_SCHEDULER = "portal.liveness:LivenessScheduler"
LIVENESS_FILE = env.str("LIVENESS_FILE", default="")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Site -------------------------------------------------------------------------------

SITE_NAME = "Lineout"
# Who runs this Lineout: shown in the footer, the emails' signature and the closing
# confirmation, which it issues (the carrier does not). One line of plain text.
OPERATOR_NAME = " ".join(env.str("OPERATOR_NAME", default="Lineout").split())
if not OPERATOR_NAME or len(OPERATOR_NAME) > 100:
    raise ImproperlyConfigured("OPERATOR_NAME must be a name of 1 to 100 characters.")
# Where to report a security problem: /.well-known/security.txt (RFC 9116) names it.
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default=f"mailto:security@{REPLY_EMAIL_DOMAIN}")
if not SECURITY_CONTACT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("SECURITY_CONTACT must be a mailto: or https:// URI.")
