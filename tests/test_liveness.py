"""LIVENESS_FILE: a real worker and a real beat keep it fresh while their loop runs, which is
what the Kubernetes liveness probes of deploy/k8s read (tests/test_k8s.py runs the probe)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from portal import liveness
from tests.support.worker import LOG_DIR, ROOT, WorkerProcess, test_database_url

AN_HOUR_AGO = time.time() - 3600


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_nothing_is_touched_without_a_liveness_file(settings, tmp_path, monkeypatch):
    settings.LIVENESS_FILE = ""
    monkeypatch.chdir(tmp_path)
    liveness.touch()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.integration
def test_a_running_worker_keeps_touching_the_liveness_file(transactional_db, tmp_path):
    alive = tmp_path / "alive"
    worker = WorkerProcess(smtp_url="smtp://127.0.0.1:1")
    worker.env["LIVENESS_FILE"] = str(alive)
    worker.start()
    try:
        assert alive.exists(), "the worker touches the file as it starts"
        os.utime(alive, (AN_HOUR_AGO, AN_HOUR_AGO))  # as a stuck loop would leave it
        wait_for(lambda: alive.stat().st_mtime > time.time() - 60,
                 liveness.WORKER_TOUCH_SECONDS * 3, "the worker to touch the file again")
    finally:
        worker.stop()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.integration
def test_beat_touches_the_liveness_file_as_it_ticks(transactional_db, tmp_path, settings):
    alive = tmp_path / "alive"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"beat-liveness-{os.getpid()}.log"
    env = os.environ | {"DATABASE_URL": test_database_url(), "REDIS_URL": settings.REDIS_URL,
                        "LIVENESS_FILE": str(alive)}
    with log_path.open("ab") as log:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
             f"--schedule={tmp_path / 'celerybeat-schedule'}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(alive.exists, 30, f"beat to touch the file (log: {log_path})")
    finally:
        os.killpg(beat.pid, signal.SIGTERM)
        beat.wait(timeout=20)
