"""`make run`'s supervisor: web, worker and beat start together and Ctrl-C stops all three."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from .support.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(),
                                reason="needs /proc to find the stack's processes")


def processes_marked(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_ctrl_c_stops_web_worker_and_beat(tmp_path):
    marker = f"LINEOUT_STACK_TEST={uuid.uuid4().hex}"
    tracked_tree_before = set(ROOT.iterdir())
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "CI", "SITE_URL"}}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PORT": str(port),
                "HOST": "127.0.0.1", marker.split("=")[0]: marker.split("=")[1]})
    stack = subprocess.Popen([sys.executable, "scripts/run_stack.py"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the web server never answered")
        # web (and its reloader child), worker (and its pool) and beat are all running
        assert len(processes_marked(marker)) >= 4
        # ... and all of them write links to where the web server listens.
        assert len(processes_marked(f"SITE_URL=http://127.0.0.1:{port}\0")) >= 4

        stack.send_signal(signal.SIGINT)
        assert stack.wait(timeout=40) == 0
        deadline = time.monotonic() + 10
        while processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert processes_marked(marker) == []
        # The embedded broker keeps to var/: nothing new at the top of the checkout.
        assert set(ROOT.iterdir()) - tracked_tree_before == set()
    finally:
        if stack.poll() is None:
            os.killpg(stack.pid, signal.SIGKILL)
        for pid in processes_marked(marker):
            os.kill(pid, signal.SIGKILL)


def test_make_run_points_email_links_at_its_host_and_port():
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    database = subprocess.run(["make", "-pn", "run", "HOST=127.0.0.2", "PORT=18400"],
                              cwd=ROOT, env=env, capture_output=True, text=True).stdout
    assert "run: SITE_URL := http://127.0.0.2:18400" in database
    # A SITE_URL given (a proxy in front) wins.
    env["SITE_URL"] = "https://lineout.example"
    database = subprocess.run(["make", "-pn", "run"], cwd=ROOT, env=env, capture_output=True,
                              text=True).stdout
    assert "run: SITE_URL := https://lineout.example" in database
