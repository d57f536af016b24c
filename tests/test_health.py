"""/healthz: 200 when the database and the broker answer, 503 naming the part that does not."""

from __future__ import annotations

import pytest
from celery import Celery
from django.db import OperationalError

from portal import health

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: a connection attempt is refused at once.
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down(monkeypatch):
    """A Celery app whose broker is a closed port, so the check really tries to connect."""
    app = Celery("lineout-health-test", broker=CLOSED_BROKER_URL, set_as_current=False)
    app.conf.broker_connection_timeout = 1
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    monkeypatch.setattr(health, "celery_app", app)
    return app


class _UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(health, "connection", _UnreachableDatabase())


def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_healthz_reports_ok_for_each_check(client):
    assert client.get("/healthz").json() == {
        "status": "ok", "checks": {"database": "ok", "broker": "ok"},
    }


def test_healthz_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_broker_is_unreachable(client, broker_down):
    assert client.get("/healthz").status_code == 503


def test_healthz_names_the_broker_when_it_is_unreachable(client, broker_down):
    body = client.get("/healthz").json()
    assert body["status"] == "down"
    assert body["down"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "down"}


def test_healthz_answers_503_when_the_database_fails(client, database_down):
    assert client.get("/healthz").status_code == 503


def test_healthz_names_the_database_when_it_fails(client, database_down):
    body = client.get("/healthz").json()
    assert body["status"] == "down"
    assert body["down"] == ["database"]
    assert body["checks"] == {"database": "down", "broker": "ok"}


def test_healthz_names_both_parts_when_both_are_down(client, database_down, broker_down):
    body = client.get("/healthz").json()
    assert sorted(body["down"]) == ["broker", "database"]


def test_healthz_down_response_is_never_cached(client, broker_down):
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_healthz_does_not_leak_the_error_text(client, database_down):
    # An unauthenticated endpoint: it says which part is down, not why (no hosts, no DSNs).
    assert b"Connection refused" not in client.get("/healthz").content


# /healthz?live, the liveness probe: the process answers, whatever its dependencies do, so
# Kubernetes never restarts web pods for an outage a restart cannot fix.
def test_healthz_live_answers_200_while_the_database_and_broker_are_down(
        client, database_down, broker_down):
    response = client.get("/healthz?live")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert client.get("/healthz").status_code == 503  # readiness still sees the outage


def test_healthz_live_is_never_cached(client):
    assert "no-store" in client.get("/healthz?live")["Cache-Control"]
