"""The stack's front door, attacked: Debian's caddy running deploy/caddy/Caddyfile in front
of gunicorn running the portal with production settings (DEBUG off, TRUSTED_PROXY_COUNT=1),
on loopback, against the test database and a Redis server of the test's own.

Through the proxy a client can neither name its own address nor claim HTTPS, so sign-in
rate limits count the real client; plain HTTP is sent to HTTPS and HTTPS answers carry
HSTS. The last test shows why gunicorn is never published: reached directly, it believes
both headers, which is what docker-compose.yml used to allow.
"""

from __future__ import annotations

import re
import shutil
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from portal.settings import redis_url_with_db

from .support.processes import RedisServer
from .support.proxy import (
    CaddyProcess,
    GunicornProcess,
    Visitor,
    collect_static,
    production_environment,
)
from .support.reminder_stack import wait_until
from .support.worker import test_database_url

# django_db: the test database must exist before gunicorn is pointed at it.
pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis,
              pytest.mark.caddy, pytest.mark.django_db]

WRONG_PASSWORD = str(DefaultAccountAdapter.error_messages["email_password_mismatch"])
TOO_MANY_ATTEMPTS = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
# allauth's "login_failed" limit per address, e.g. "10/m/ip,5/5m/key" -> 10.
FAILED_SIGN_INS_PER_ADDRESS = int(
    re.search(r"(\d+)/m/ip", settings.ACCOUNT_RATE_LIMITS["login_failed"]).group(1))
HSTS = "max-age=31536000; includeSubDomains; preload"


class Stack:
    """The running proxy and app, the three ways in, and what the app recorded."""

    def __init__(self, redis_server: RedisServer, web: GunicornProcess, caddy: CaddyProcess):
        self.web, self.caddy = web, caddy
        # The app's cache (Redis database 1 of the broker's server, as in portal/settings.py),
        # where allauth counts attempts.
        self.cache = redis.Redis.from_url(redis_url_with_db(redis_server.url, 1))

    def through_proxy(self) -> Visitor:
        return Visitor(self.caddy.https_base, self.caddy.ssl_context)

    def plain_http_to_proxy(self) -> Visitor:
        return Visitor(self.caddy.http_base)

    def straight_to_gunicorn(self) -> Visitor:
        return Visitor(self.web.base_url)

    def addresses_counted_for_failed_sign_ins(self) -> set[str]:
        """The client addresses the app keyed its failed sign-in limit on (allauth's cache
        keys end in ``:ip:<address>``)."""
        keys = self.cache.scan_iter(match="*allauth:rl:allauth.account:login_failed:*:ip:*")
        return {key.decode().rsplit(":ip:", 1)[1] for key in keys
                if not key.decode().endswith(":lock")}

    def app_log_of(self, target: str, method: str) -> dict:
        """The app's access-log line for ``method target``, once gunicorn has written it."""
        lines = wait_until(
            lambda: [line for line in self.web.requests_to(target) if line["method"] == method],
            f"gunicorn's log of {method} {target}", timeout=10)
        return lines[0]


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    work_dir = tmp_path_factory.mktemp("proxy")
    redis_server = RedisServer()
    redis_server.start()
    environment = production_environment(
        database_url=test_database_url(), redis_url=redis_server.url, work_dir=work_dir)
    web = GunicornProcess(environment, work_dir)
    caddy = CaddyProcess(upstream=f"127.0.0.1:{web.port}", work_dir=work_dir)
    try:
        collect_static(environment)
        web.start()
        caddy.start()
        yield Stack(redis_server, web, caddy)
    finally:
        caddy.stop()
        web.stop()
        redis_server.stop()


@pytest.fixture(autouse=True)
def _no_counted_attempts(stack):
    """Every test starts with no sign-in attempt counted against anyone."""
    stack.cache.flushdb()


def probe() -> str:
    """A sign-in URL of this request's own, to find it in the app's log."""
    return f"/accounts/login/?probe={uuid.uuid4().hex}"


def test_client_cannot_name_its_own_address_through_the_proxy(stack):
    target = probe()
    spoofed = {"X-Forwarded-For": "203.0.113.9", "Forwarded": "for=203.0.113.9",
               "X-Forwarded-Proto": "http"}

    response = stack.through_proxy().sign_in("nobody@example.com", "wrong-guess",
                                             headers=spoofed, target=target)

    assert WRONG_PASSWORD in response.text
    received = stack.app_log_of(target, "POST")
    # Replaced, not appended to: the app sees only the address that reached the proxy.
    assert received["xff"] == "127.0.0.1"
    assert received["proto"] == "https"
    assert received["forwarded"] == "-"
    assert stack.addresses_counted_for_failed_sign_ins() == {"127.0.0.1"}


def test_rotating_x_forwarded_for_through_the_proxy_does_not_dodge_the_sign_in_limit(stack):
    visitor = stack.through_proxy()
    for attempt in range(FAILED_SIGN_INS_PER_ADDRESS):
        response = visitor.sign_in(f"guess{attempt}@example.com", "wrong-guess",
                                   headers={"X-Forwarded-For": f"203.0.113.{attempt + 1}"})
        assert WRONG_PASSWORD in response.text

    response = visitor.sign_in("one-more@example.com", "wrong-guess",
                               headers={"X-Forwarded-For": "198.51.100.7"})

    assert TOO_MANY_ATTEMPTS in response.text
    assert stack.addresses_counted_for_failed_sign_ins() == {"127.0.0.1"}


def test_the_proxy_gives_each_request_an_id_the_app_returns(stack):
    first = stack.through_proxy().request("/accounts/login/",
                                          headers={"X-Request-ID": "chosen-by-the-client"})
    second = stack.through_proxy().request("/accounts/login/")

    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", i)
               for i in ids), ids
    assert ids[0] != ids[1]


def test_plain_http_is_redirected_to_the_same_address_over_https(stack):
    response = stack.plain_http_to_proxy().request("/accounts/login/?next=/cases/")

    assert response.status in (301, 308)
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.hostname) == ("https", "localhost")
    assert (location.path, location.query) == ("/accounts/login/", "next=/cases/")


def test_https_answers_carry_hsts_once(stack):
    response = stack.through_proxy().request("/accounts/login/")

    assert response.status == 200
    assert response.headers.get_all("Strict-Transport-Security") == [HSTS]


def test_client_sent_x_forwarded_proto_does_not_make_plain_http_secure(stack):
    target = probe()

    response = stack.plain_http_to_proxy().request(
        target, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})

    # The proxy answers plain HTTP itself: no page, no cookie, no HSTS, nothing from the app.
    assert response.status in (301, 308)
    assert urlsplit(response.headers["Location"]).scheme == "https"
    assert response.headers.get("Set-Cookie") is None
    assert response.headers.get("Strict-Transport-Security") is None
    later = probe()
    stack.through_proxy().request(later)
    stack.app_log_of(later, "GET")  # gunicorn logs in order: the probe would be there by now
    assert stack.web.requests_to(target) == []


def test_gunicorn_reached_directly_believes_what_the_client_writes(stack):
    # What the old compose published on 0.0.0.0:8000: why web now has no ports.
    visitor = stack.straight_to_gunicorn()
    claims_https = {"X-Forwarded-Proto": "https"}

    page = visitor.request("/accounts/login/", headers=claims_https)
    for attempt in range(FAILED_SIGN_INS_PER_ADDRESS + 1):
        response = visitor.sign_in(f"guess{attempt}@example.com", "wrong-guess",
                                   headers=claims_https
                                   | {"X-Forwarded-For": f"203.0.113.{attempt + 1}"})
        assert WRONG_PASSWORD in response.text  # never "too many attempts"

    assert page.status == 200  # plain HTTP taken for HTTPS
    assert page.headers.get("Strict-Transport-Security") == HSTS
    assert stack.addresses_counted_for_failed_sign_ins() == {
        f"203.0.113.{attempt + 1}" for attempt in range(FAILED_SIGN_INS_PER_ADDRESS + 1)}

