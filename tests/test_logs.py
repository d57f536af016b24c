"""Logs: JSON lines with the request id, user and case, and nothing secret in them."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from portal import logs

from .factories import CaseFactory


@pytest.fixture
def json_lines(settings):
    """Every log line written while the test runs, as parsed JSON, through the same
    configuration the settings build for LOG_FORMAT=json."""
    stream = io.StringIO()
    config = logs.logging_config(log_format="json", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_id_status_and_duration(client, json_lines):
    response = client.get("/faq/", HTTP_X_REQUEST_ID="proxy-req-12345678")
    assert response["X-Request-ID"] == "proxy-req-12345678"
    [line] = [entry for entry in json_lines() if entry["logger"] == "lineout.request"]
    assert line["request_id"] == "proxy-req-12345678"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/faq/", 200)
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_a_link_key_in_the_path_is_masked_in_the_request_line(client, json_lines):
    client.get("/accounts/staff/enrol/k3y-0f-the-1nvite/")
    client.get("/accounts/password/reset/key/7-set-password-k3y/")
    lines = [entry for entry in json_lines() if entry["logger"] == "lineout.request"]
    assert len(lines) == 2
    for line in lines:
        assert "k3y" not in line["path"] and "k3y" not in line["message"], line
        assert line["path"].endswith("[masked]")


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["", "short", "x" * 200, "bad id\nwith newline"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_fresh_one(client, incoming):
    response = client.get("/faq/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_signed_in_case_page_logs_the_user_and_the_case_reference(client, customer, json_lines):
    case = CaseFactory(owner=customer)
    client.force_login(customer)
    client.get(f"/cases/{case.reference}/")
    [line] = [entry for entry in json_lines() if entry["logger"] == "lineout.request"]
    assert line["user_id"] == customer.pk
    assert line["case_reference"] == case.reference


@pytest.mark.django_db
def test_a_workflow_move_logs_with_its_case_reference(customer, json_lines):
    case = CaseFactory(owner=customer, ready_to_submit=True)
    logs.reset()
    case.submit(by=customer)
    logging.getLogger("cases.test").info("moved")
    [line] = [entry for entry in json_lines() if entry["message"] == "moved"]
    assert line["case_reference"] == case.reference


@pytest.mark.parametrize("message,args,secret", [
    ("smtp at %s", ("smtp+tls://mailer:hunter2-pass@smtp.example:587",), "hunter2-pass"),
    ("broker %s", ("redis://:r3dis-secret@redis:6379/0",), "r3dis-secret"),
    ("login with password=%s", ("correct-horse-battery",), "correct-horse-battery"),
    ("sign-in code: %s", ("K7Q2M9",), "K7Q2M9"),
    ("payload %s", ('{"token": "tok_abcdef123456"}',), "tok_abcdef123456"),
    ("header Authorization: Bearer %s", ("eyJhbGciOi.payload.sig",), "eyJhbGciOi.payload.sig"),
    ("calling %s", ("+12025550143",), "2025550143"),
    ("calling %s", ("+1 (202) 555-0143",), "555-0143"),
    ("reply to %s", ("reply+LX-7KQ2-M9XD.c12.q3bz7tyy2kd4ahxj@lineout.example",), "q3bz7tyy2kd4ahxj"),
    ("reset %s", ("https://x.example/accounts/password/reset/key/7-abc123-set/",), "abc123"),
])
def test_secrets_and_phone_numbers_are_masked_wherever_they_appear(json_lines, message, args,
                                                                   secret):
    logging.getLogger("anything").warning(message, *args)
    [line] = json_lines()
    assert secret not in line["message"]
    assert "[masked]" in line["message"] or "••••" in line["message"]


def test_a_phone_number_keeps_its_last_four_digits_and_dates_stay_readable(json_lines):
    logging.getLogger("anything").info("case for +12025550143 submitted 2026-12-06 19:45:24")
    [line] = json_lines()
    assert line["message"] == "case for ••••0143 submitted 2026-12-06 19:45:24"


def test_bytes_are_never_logged_only_their_size(json_lines):
    logging.getLogger("anything").info("upload %s", b"%PDF-1.7 secret scan bytes")
    [line] = json_lines()
    assert line["message"] == "upload <26 bytes>"


def test_exception_text_is_masked_too(json_lines):
    try:
        raise RuntimeError("cannot connect to redis://:r3dis-secret@redis:6379/0")
    except RuntimeError:
        logging.getLogger("anything").exception("failed")
    [line] = json_lines()
    assert "r3dis-secret" not in line["exception"]
    assert "RuntimeError" in line["exception"]


@pytest.mark.django_db
def test_celery_task_logs_carry_the_task_id_and_name(json_lines):
    from celery import shared_task

    @shared_task(name="tests.log_something")
    def log_something():
        logging.getLogger("tests.task").info("inside")

    result = log_something.apply()
    [line] = [entry for entry in json_lines() if entry["message"] == "inside"]
    assert line["task_id"] == result.id
    assert line["task_name"] == "tests.log_something"


def test_sentry_events_are_scrubbed_before_they_leave():
    from portal.observability import before_send

    event = {
        "request": {"data": "password=abc", "cookies": {"sessionid": "s"},
                    "headers": {"Authorization": "Bearer t", "User-Agent": "x"}},
        "message": "case for +12025550143, code=K7Q2M9",
        "exception": {"values": [{"value": "redis://:pw-123@redis:6379/0"}]},
    }
    scrubbed = before_send(event, {})
    text = json.dumps(scrubbed, ensure_ascii=False)
    for secret in ("password=abc", "sessionid", "Bearer t", "2025550143", "K7Q2M9", "pw-123"):
        assert secret not in text, secret
    assert scrubbed["request"]["headers"]["User-Agent"] == "x"


def test_log_format_is_checked(monkeypatch):
    import subprocess
    import sys

    from .support.worker import ROOT

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings",
             "DEBUG": "true", "LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT='xml' must be plain or json" in result.stderr
