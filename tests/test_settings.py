"""portal/settings.py reads the environment: production values, refusals and defaults.

Most tests start a fresh Python process with a controlled environment, because settings
are read once at import time. The Celery and CSP checks run in-process.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

# Every name settings.py reads, plus Django's own: none of them may leak in from the shell
# that runs the tests (the suite itself runs with DATABASE_URL and REDIS_URL set).
_SETTINGS_ENV = {
    "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL", "CONN_MAX_AGE", "REDIS_URL", "REDIS_CACHE_URL", "EMAIL_URL",
    "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL", "OUTBOX_MAX_ATTEMPTS", "TRUSTED_PROXY_COUNT",
    "TIME_ZONE", "LOG_LEVEL", "CELERY_QUEUE", "DOCUMENT_RETENTION_DAYS",
}
_SETTINGS_PREFIXES = ("CELERY_", "SECURE_", "DJANGO_")


def clean_env(**values: str) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items()
        if name not in _SETTINGS_ENV and not name.startswith(_SETTINGS_PREFIXES)
    }
    environment.update(values)
    return environment


def development_env(**values: str) -> dict[str, str]:
    """What `make run` and `make test` give the settings: DEBUG=true and nothing else."""
    return clean_env(**{"DEBUG": "true", **values})


def production_env(**values: str) -> dict[str, str]:
    production = {
        "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "lineout.example",
    }
    return clean_env(**{**production, **values})


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


def manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return run(["manage.py", *args], environment)


_READ_SETTINGS = textwrap.dedent("""
    import json, os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    from django.conf import settings
    print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}, default=str))
""")


def read_settings(environment: dict[str, str], *names: str) -> dict:
    """Import portal.settings in a fresh process and return the named values."""
    result = run(["-c", _READ_SETTINGS, *names], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def startup_error(environment: dict[str, str]) -> str:
    result = manage("check", environment=environment)
    assert result.returncode != 0, "start-up should have been refused"
    return result.stderr


# --- Production -------------------------------------------------------------------------


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_startup_without_secret_key_in_production_is_refused_naming_secret_key():
    error = startup_error(clean_env(DEBUG="false", ALLOWED_HOSTS="lineout.example",
                                    DATABASE_URL="postgres://lineout@db.example:5432/lineout"))
    assert "ImproperlyConfigured" in error
    assert "SECRET_KEY" in error


def test_startup_with_the_development_secret_key_in_production_is_refused():
    development_key = {"SECRET_KEY": "django-insecure-" + "x" * 50}
    error = startup_error(clean_env(DEBUG="false", ALLOWED_HOSTS="lineout.example",
                                    **development_key))
    assert "ImproperlyConfigured" in error
    assert "SECRET_KEY" in error


def test_production_cookies_are_secure_only():
    values = read_settings(
        production_env(), "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
    }


def test_production_sends_hsts_for_a_year_with_subdomains():
    values = read_settings(
        production_env(), "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    )
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_redirects_to_https_behind_a_proxy():
    values = read_settings(production_env(TRUSTED_PROXY_COUNT="1"),
                           "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
                           "ALLAUTH_TRUSTED_PROXY_COUNT", "USE_X_FORWARDED_HOST")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["USE_X_FORWARDED_HOST"] is False  # the proxy passes Host through


def test_production_without_a_proxy_believes_no_forwarded_header():
    # No proxy of ours in front: X-Forwarded-Proto and X-Forwarded-For are whatever the
    # client wrote, so neither makes a request secure nor names its address.
    values = read_settings(production_env(), "SECURE_PROXY_SSL_HEADER",
                           "ALLAUTH_TRUSTED_PROXY_COUNT")
    assert values == {"SECURE_PROXY_SSL_HEADER": None, "ALLAUTH_TRUSTED_PROXY_COUNT": 0}


_PRODUCTION_REQUESTS = textwrap.dedent("""
    import json, os
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django
    django.setup()
    from django.test import Client
    client = Client()
    plain_home = client.get("/")
    plain_health = client.get("/healthz")
    secure_health = client.get("/healthz", secure=True)
    print(json.dumps({
        "plain_home": [plain_home.status_code, plain_home.get("Location", "")],
        "plain_health": plain_health.status_code,
        "hsts": secure_health.get("Strict-Transport-Security", ""),
        "csp": secure_health.get("Content-Security-Policy", ""),
    }))
""")


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    """Requests through the whole middleware stack with DEBUG off (a throw-away SQLite file,
    so the health view touches nothing real)."""
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    environment = production_env(ALLOWED_HOSTS="testserver", DATABASE_URL=f"sqlite:///{database}")
    result = run(["-c", _PRODUCTION_REQUESTS], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_a_plain_http_page_to_https(production_responses):
    status, location = production_responses["plain_home"]
    assert status == 301
    assert location.startswith("https://testserver/")


def test_production_does_not_redirect_the_health_check(production_responses):
    # Container health checks call /healthz over plain HTTP from inside the network.
    assert production_responses["plain_health"] in (200, 503)


def test_production_response_carries_hsts_header(production_responses):
    hsts = production_responses["hsts"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_response_carries_content_security_policy(production_responses):
    assert "default-src 'self'" in production_responses["csp"]


# --- Refusals ---------------------------------------------------------------------------


def test_debug_that_is_not_a_boolean_is_refused():
    error = startup_error(clean_env(DEBUG="maybe"))
    assert "ImproperlyConfigured" in error
    assert "DEBUG='maybe' is not a boolean" in error


def test_unknown_time_zone_is_refused():
    error = startup_error(development_env(TIME_ZONE="Mars/Base"))
    assert "ImproperlyConfigured" in error
    assert "TIME_ZONE='Mars/Base'" in error


def test_whole_number_setting_that_is_not_a_number_is_refused():
    error = startup_error(development_env(EMAIL_TIMEOUT="soon"))
    assert "ImproperlyConfigured" in error
    assert "EMAIL_TIMEOUT='soon' is not a whole number" in error


# --- The embedded default (nothing set but DEBUG=true, as `make run` sets it) -----------


@pytest.fixture(scope="module")
def default_settings():
    return read_settings(
        development_env(),
        "DEBUG", "DATABASES", "CELERY_BROKER_URL", "CELERY_BROKER_TRANSPORT_OPTIONS",
        "EMAIL_BACKEND", "EMAIL_FILE_PATH", "CACHES", "DEFAULT_USER_TIMEZONE",
    )


def test_default_database_is_sqlite_under_var(default_settings):
    database = default_settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django_prometheus.db.backends.sqlite3"  # Django's, counted
    assert Path(database["NAME"]) == ROOT / "var" / "lineout.sqlite3"


def test_default_sqlite_waits_for_the_write_lock_instead_of_failing(default_settings):
    options = default_settings["DATABASES"]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_default_broker_is_the_filesystem_under_var(default_settings):
    assert default_settings["CELERY_BROKER_URL"] == "filesystem://"
    options = default_settings["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert Path(options["data_folder_in"]) == ROOT / "var" / "broker"
    assert options["data_folder_in"] == options["data_folder_out"]


def test_default_email_is_written_to_files_under_var_mail(default_settings):
    assert default_settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert Path(default_settings["EMAIL_FILE_PATH"]) == ROOT / "var" / "mail"


def test_default_cache_is_the_shared_database_cache_not_process_memory(default_settings):
    backend = default_settings["CACHES"]["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert "locmem" not in backend


def test_default_customer_time_zone_is_new_york(default_settings):
    assert default_settings["DEFAULT_USER_TIMEZONE"] == "America/New_York"


# --- The real services ------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_settings():
    return read_settings(
        development_env(REDIS_URL="redis://127.0.0.1:6379/0"),
        "CELERY_BROKER_URL", "CELERY_BROKER_TRANSPORT_OPTIONS", "CACHES",
    )


def test_redis_url_becomes_the_broker(redis_settings):
    assert redis_settings["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"


def test_redis_cache_uses_database_1_apart_from_the_broker(redis_settings):
    cache = redis_settings["CACHES"]["default"]
    assert "redis" in cache["BACKEND"].lower()
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_redis_setup_never_uses_a_per_process_memory_cache(redis_settings):
    backends = [cache["BACKEND"] for cache in redis_settings["CACHES"].values()]
    assert not any("locmem" in backend or "dummy" in backend for backend in backends)


def test_redis_visibility_timeout_outlasts_any_task(redis_settings):
    assert redis_settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] >= 3600


def test_redis_cache_keeps_the_credentials_of_the_broker_url():
    values = read_settings(development_env(REDIS_URL="redis://:s3cret@cache.internal:6380/0"), "CACHES")
    assert values["CACHES"]["default"]["LOCATION"] == "redis://:s3cret@cache.internal:6380/1"


def test_email_url_selects_smtp_on_that_host_and_port():
    values = read_settings(
        development_env(EMAIL_URL="smtp://mail:1025"), "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail", "EMAIL_PORT": 1025,
    }


def test_postgres_database_url_keeps_connections_with_health_checks():
    values = read_settings(
        development_env(DATABASE_URL="postgres://lineout:pw@db:5432/lineout"), "DATABASES",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django_prometheus.db.backends.postgresql"  # Django's, counted
    assert database["HOST"] == "db" and database["NAME"] == "lineout"
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


# --- Celery (in-process) ----------------------------------------------------------------


@pytest.fixture
def celery_conf():
    from portal.celery import app

    return app.conf


def test_celery_accepts_only_json(celery_conf):
    assert list(celery_conf.accept_content) == ["json"]
    assert celery_conf.task_serializer == "json"
    assert celery_conf.result_serializer == "json"


def test_celery_acknowledges_tasks_after_they_run(celery_conf):
    assert celery_conf.task_acks_late is True


def test_celery_requeues_tasks_of_a_worker_that_died(celery_conf):
    assert celery_conf.task_reject_on_worker_lost is True


def test_celery_worker_prefetches_one_task_at_a_time(celery_conf):
    assert celery_conf.worker_prefetch_multiplier == 1


def test_celery_reads_the_broker_from_django_settings(celery_conf, settings):
    assert celery_conf.broker_url == settings.CELERY_BROKER_URL


def test_beat_schedule_dispatches_the_outbox_with_a_registered_task(celery_conf):
    from portal.celery import app

    entry = celery_conf.beat_schedule["dispatch-outbox"]
    assert entry["task"] == "portal.tasks.dispatch_outbox"
    app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks
    assert entry["task"] in app.tasks


# --- Content-Security-Policy (in-process, DEBUG as the suite runs) -----------------------


@pytest.mark.django_db
def test_page_response_carries_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_content_security_policy_forbids_framing_and_plugins(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_a_secret_key_starting_with_a_dollar_sign_is_taken_literally():
    key = "$" + "k" * 60
    values = read_settings(clean_env(DEBUG="false", ALLOWED_HOSTS="lineout.example",
                                     SECRET_KEY=key), "SECRET_KEY")
    assert values["SECRET_KEY"] == key
