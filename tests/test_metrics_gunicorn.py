"""Under gunicorn with several workers (portal/gunicorn.py, as the image runs it), any worker
answers /metrics for all of them, and each request is logged once as a JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from .support.smtp import free_port
from .support.worker import LOG_DIR, ROOT, test_database_url

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

TOKEN = "gunicorn-" + "g" * 32
REQUESTS = 24


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"gunicorn-{port}.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false", "DATABASE_URL": test_database_url(),
        "CONN_MAX_AGE": "0", "METRICS_TOKEN": TOKEN, "LOG_FORMAT": "json",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    }
    from .support.proxy import collect_static

    collect_static(env | {"PYTHONPATH": str(ROOT)})  # DEBUG off serves hashed static files
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn",
             "portal.wsgi:application"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(f"gunicorn did not start; see {log_path}") from None
            time.sleep(0.2)
    yield base, log_path
    process.terminate()
    process.wait(timeout=20)


def healthz_requests(base: str) -> float:
    request = urllib.request.Request(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples
               if sample.name == "django_http_requests_total_by_view_transport_method_total"
               and sample.labels.get("view") == "healthz")


def test_any_worker_reports_the_requests_of_all_workers(gunicorn):
    base, log_path = gunicorn
    before = healthz_requests(base)
    for _ in range(REQUESTS):
        urllib.request.urlopen(base + "/healthz", timeout=10).read()
    # Two workers share the requests; every scrape, whichever worker answers, sees them all.
    seen = {healthz_requests(base) - before for _ in range(6)}
    assert seen == {REQUESTS}


def test_each_request_is_one_json_line_with_the_request_id(gunicorn):
    base, log_path = gunicorn
    request = urllib.request.Request(base + "/metrics", headers={
        "Authorization": f"Bearer {TOKEN}", "X-Request-ID": "from-the-proxy-0001"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["X-Request-ID"] == "from-the-proxy-0001"
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in log_path.read_text().splitlines()
                 if line.startswith("{")]
        mine = [line for line in lines if line.get("request_id") == "from-the-proxy-0001"]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert [(line["logger"], line["path"], line["status"]) for line in mine] == [
        ("lineout.request", "/metrics", 200)]
    assert TOKEN not in log_path.read_text()


def test_one_requests_lines_hold_no_phone_number_or_link_key(gunicorn):
    """A number and a reset key in the path reach the request line and Django's own
    "Not Found" warning: both are masked, in every line of that request."""
    base, log_path = gunicorn
    paths = {"number": "/no-such-page/+12025550143/", "key": "/accounts/password/reset/key/1-k3y9x-set/"}
    for name, path in paths.items():
        request = urllib.request.Request(base + path, headers={"X-Request-ID": f"leak-check-{name}"})
        try:
            urllib.request.urlopen(request, timeout=30).read()
        except urllib.error.HTTPError as error:
            assert error.headers["X-Request-ID"] == f"leak-check-{name}"
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in log_path.read_text().splitlines()
                 if line.startswith("{")]
        mine = [line for line in lines if line.get("request_id", "").startswith("leak-check-")]
        if len({line["request_id"] for line in mine}) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert {line["logger"] for line in mine} >= {"lineout.request", "django.request"}
    assert all(line["status"] < 500 for line in mine if "status" in line), mine
    text = json.dumps(mine, ensure_ascii=False)
    assert "2025550143" not in text and "k3y9x" not in text, text
    assert "••••0143" in text
