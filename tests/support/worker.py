"""A real Celery worker process consuming from the real Redis, sending to a real SMTP server.

It connects to the same test database as the test (so the test must use
``transactional_db``: the worker only sees committed rows).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "test-artifacts" / "logs"



def test_database_url() -> str:
    """The URL of the PostgreSQL test database this session created."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a worker process needs the PostgreSQL test database")
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, *, smtp_url: str, redis_url: str | None = None) -> None:
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"worker-{self.name.split('@')[0]}.log"
        self.env = os.environ | {
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url or settings.REDIS_URL,
            "EMAIL_URL": smtp_url,
            "EMAIL_TIMEOUT": "5",
            "CONN_MAX_AGE": "0",
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO",
             "--concurrency=1", "--without-mingle", "--without-gossip", "-n", self.name],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"the Celery worker did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL the whole worker (parent and child), as an out-of-memory killer would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def purge_queue() -> None:
    from portal.celery import app

    app.control.purge()


@pytest.fixture
def celery_worker_process(transactional_db, smtp_server):
    purge_queue()
    worker = WorkerProcess(smtp_url=smtp_server.url)
    worker.start()
    yield worker
    worker.stop()


test_database_url.__test__ = False  # a helper, not a test
