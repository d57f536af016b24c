"""Safe by default: DEBUG is off unless development asks for it, and neither the debug page
nor an error report shows a password, even one inside a URL (issue 12, finding 1)."""

from __future__ import annotations

import logging
import re
import secrets
import sys

import pytest
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler

from portal.error_reports import LineoutExceptionReporterFilter

from .test_settings import ROOT, clean_env, manage, read_settings, run, startup_error

EMAIL_PASSWORD = "hunter2-email-" + "e" * 8
REDIS_PASSWORD = "hunter2-redis-" + "r" * 8
DATABASE_PASSWORD = "hunter2-db-" + "d" * 8
BROKER_PASSWORD = "hunter2-broker-" + "b" * 8
PASSWORDS = (EMAIL_PASSWORD, REDIS_PASSWORD, DATABASE_PASSWORD, BROKER_PASSWORD)


def production_without_debug() -> dict[str, str]:
    """What a server that sets only the obvious gets: a key and its host, no DEBUG at all."""
    return clean_env(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="lineout.example")


# --- DEBUG is off unless development turns it on ----------------------------------------


def test_settings_with_no_debug_set_have_debug_off():
    assert read_settings(production_without_debug(), "DEBUG") == {"DEBUG": False}


def test_settings_with_nothing_set_run_the_embedded_default_with_debug_off():
    # Not a silent debug server: without DEBUG=true the settings are production's, on the
    # checkout's development key, which the deploy check refuses.
    values = read_settings(clean_env(), "DEBUG", "SECRET_KEY")
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"].startswith("django-insecure-")
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=clean_env())
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_a_deployment_without_secret_key_is_refused_naming_it():
    error = startup_error(clean_env(DATABASE_URL="postgres://lineout@db.example:5432/lineout"))
    assert "SECRET_KEY" in error


def test_deploy_check_is_clean_when_debug_is_not_set_at_all():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    environment=production_without_debug())
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_sets_debug_off_in_its_environment():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^ENV\s+(?:.*\s)?DEBUG=false(\s|$)", dockerfile, flags=re.M)


def test_make_run_and_make_test_turn_debug_on_for_themselves():
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"^([\w .-]+):\s*export DEBUG\s*:?=\s*true\s*$", makefile, flags=re.M)
    assert line, "the Makefile does not set DEBUG=true for its development targets"
    assert {"run", "test", "setup"} <= set(line.group(1).split())


def test_pytest_started_directly_runs_as_development():
    # pytest.ini loads tests/support/development_env.py before the settings are read.
    result = run(["-m", "pytest", "--collect-only", "-q", "tests/test_business_days.py"],
                 clean_env())
    assert result.returncode == 0, result.stdout + result.stderr


# --- The debug page and error reports hide passwords inside URLs ------------------------


@pytest.fixture
def settings_with_passwords(settings):
    settings.DEBUG = True
    settings.EMAIL_URL = f"smtp://mailer:{EMAIL_PASSWORD}@mail.example:587"
    settings.REDIS_URL = f"redis://:{REDIS_PASSWORD}@cache.example:6379/0"
    settings.CELERY_BROKER_URL = f"redis://worker:{BROKER_PASSWORD}@cache.example:6379/0"
    return settings


@pytest.mark.django_db
def test_debug_page_for_a_bad_host_does_not_show_any_url_password(client, settings_with_passwords):
    # runserver copies the process environment into request.META: DATABASE_URL is there.
    response = client.get("/", HTTP_HOST="evil.example",
                          DATABASE_URL=f"postgres://lineout:{DATABASE_PASSWORD}@db:5432/lineout")
    page = response.content.decode()
    assert response.status_code == 400
    assert "DisallowedHost" in page  # it is the debug page, with settings and META
    assert "smtp://mailer:" in page and "cache.example" in page
    for password in PASSWORDS:
        assert password not in page


def test_error_email_does_not_show_any_url_password(settings_with_passwords, mailoutbox):
    settings_with_passwords.ADMINS = [("Ops", "ops@example.com")]
    request = RequestFactory().get(
        "/cases/", DATABASE_URL=f"postgres://lineout:{DATABASE_PASSWORD}@db:5432/lineout")
    try:
        # A local variable holding a URL, as in the Redis client's frame when it fails.
        connection_url = settings_with_passwords.REDIS_URL  # noqa: F841
        raise ConnectionError("Redis went away")
    except ConnectionError:
        record = logging.makeLogRecord({
            "name": "django.request", "levelno": logging.ERROR, "levelname": "ERROR",
            "msg": "Internal Server Error: /cases/", "exc_info": sys.exc_info(),
            "request": request, "status_code": 500,
        })
    AdminEmailHandler(include_html=True).emit(record)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    body = email.body + "".join(str(content) for content, _type in email.alternatives)
    assert "Redis went away" in body and "cache.example" in body
    for password in PASSWORDS:
        assert password not in body


def test_cache_location_and_query_string_secrets_are_masked():
    report_filter = LineoutExceptionReporterFilter()
    caches = report_filter.cleanse_setting("CACHES", {"default": {
        "LOCATION": f"redis://:{REDIS_PASSWORD}@cache.example:6379/1"}})
    storage = report_filter.cleanse_setting(
        "DOCUMENTS_URL", f"s3://bucket?region=eu&secret_access_key={BROKER_PASSWORD}")
    assert caches["default"]["LOCATION"] == "redis://:********************@cache.example:6379/1"
    assert storage == "s3://bucket?region=eu&secret_access_key=********************"


def test_credential_settings_are_hidden_whole():
    report_filter = LineoutExceptionReporterFilter()
    assert report_filter.cleanse_setting("SENTRY_DSN", "https://abc@o1.ingest.example/1") \
        == report_filter.cleansed_substitute
    assert report_filter.cleanse_setting("AWS_CREDENTIALS", "anything") \
        == report_filter.cleansed_substitute


def test_urls_without_a_password_are_shown_as_they_are():
    report_filter = LineoutExceptionReporterFilter()
    for url in ("redis://127.0.0.1:6379/0", "postgres://postgres@127.0.0.1:5432/lineout",
                "https://lineout.example/cases/?email=casey@example.com"):
        assert report_filter.cleanse_setting("SITE_URL", url) == url
