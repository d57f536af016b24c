"""The test world: service gates, a fresh cache per test, and the shared fixtures.

Tests marked ``postgres`` or ``redis`` skip with a reason when those services are not
reachable (a laptop on the embedded default) and fail instead when ``CI=true``.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.factories import UserFactory

from .support.services import redis_reachable

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse ORM calls from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CADDY_PATH = os.environ.get("CADDY_PATH") or shutil.which("caddy") or "/usr/bin/caddy"
QPDF_PATH = os.environ.get("QPDF_PATH") or shutil.which("qpdf") or "/usr/bin/qpdf"


def _missing(service: str, reason: str):
    if IN_CI:
        pytest.fail(f"{service} is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"{service} not available: {reason}")


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("PostgreSQL", "set DATABASE_URL to a PostgreSQL server")
    if item.get_closest_marker("redis") and not redis_reachable(settings.REDIS_URL):
        _missing("Redis", "set REDIS_URL to a reachable Redis server")
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM_PATH):
        _missing("Chromium", f"install Debian's chromium ({CHROMIUM_PATH} not found)")
    if item.get_closest_marker("caddy") and not os.path.exists(CADDY_PATH):
        _missing("Caddy", f"install Debian's caddy ({CADDY_PATH} not found)")
    if item.get_closest_marker("qpdf") and not os.path.exists(QPDF_PATH):
        _missing("qpdf", f"install Debian's qpdf ({QPDF_PATH} not found)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: no test inherits another's."""
    try:
        cache.clear()
    except RuntimeError:  # the database cache, in a test without database access
        pass
    yield


@pytest.fixture(autouse=True)
def _fast_private_world(settings, tmp_path, monkeypatch):
    """Documents go to a throwaway private directory, never into the working tree, and
    passwords hash cheaply (tests build many accounts; none tests the hasher itself)."""
    from django.core.files.storage import storages

    from cases.models import Document

    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": str(tmp_path / "private"),
                                  "base_url": "/no-public-url/"}},
    }
    # The file field took its storage when the model loaded, before this override.
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storages["documents"])
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Unit tests run tasks in-process; integration tests talk to a real worker."""
    from portal.celery import app

    eager = not request.node.get_closest_marker("integration")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def customer(db):
    return UserFactory(email="casey@example.com", first_name="Casey")


@pytest.fixture
def second_customer(db):
    return UserFactory(email="sam@example.com", first_name="Sam")


@pytest.fixture
def deliver_outbox():
    """Do what a worker would: send every pending outbox email in-process (locmem in unit
    tests, where on-commit hooks never fire). Returns ``mail.outbox``."""
    from django.core import mail

    from portal import outbox
    from portal.models import OutboundEmail

    def run(now=None):
        pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
        outbox.deliver_in_process(pending.values_list("pk", flat=True), now=now)
        return mail.outbox

    return run


pytest_plugins = [
    "tests.support.smtp", "tests.support.browser", "tests.support.worker",
    "tests.support.processes", "tests.support.staff",
]
