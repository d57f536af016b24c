"""The page bench's HTTP side: signed-in sessions, gunicorn under the bench's settings, and
wrk driving it (with bench/wrk_report.lua)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .instruments import free_port

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
WORKERS = 2


# --- Sessions -----------------------------------------------------------------------------

def signed_in_session(user, *, with_mfa: bool) -> str:
    """A session key for ``user``, made as a sign-in makes it: django's login() in the
    session engine's store, and allauth's record of how they signed in (a password, then
    their TOTP code for an agent). No password or code is checked: the bench has neither."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import login
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    record_authentication(request, user, "password", email=user.email)
    if with_mfa:
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_authentication(request, user, "mfa", type="totp", id=totp.pk)
    request.session.save()
    return request.session.session_key


def csrf_cookie() -> str:
    """A returning browser's CSRF cookie, so pages with a form do not set a new one on
    every response (as they would for a first visit)."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    return get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)


# --- gunicorn -----------------------------------------------------------------------------

class Gunicorn:
    """gunicorn (sync workers, as in the Dockerfile) on 127.0.0.1 with the bench's WSGI
    module, its own process group, an access log of status and size per request."""

    def __init__(self, env: dict[str, str], work_dir: Path, workers: int = WORKERS) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env, self.workers = env, workers
        self.access_log = work_dir / "gunicorn-access.log"
        self.error_log = work_dir / "gunicorn-error.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench.site.wsgi:application",
             "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(s)s %(B)s %(U)s",
             "--error-logfile", str(self.error_log), "--chdir", str(ROOT)],
            env=self.env, cwd=ROOT, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n"
                                   + self.error_tail())
            try:
                # /healthz is exempt from the HTTPS redirect and checks database and broker.
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s:\n" + self.error_tail())

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def error_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.error_log.read_text().splitlines()[-lines:])
        except OSError:
            return "(no error log)"

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def statuses_since(self, offset: int) -> dict[str, int]:
        """How many responses of each status gunicorn logged after ``offset``."""
        counts: dict[str, int] = {}
        with self.access_log.open() as log:
            log.seek(offset)
            for line in log:
                status = line.split(" ", 1)[0]
                counts[status] = counts.get(status, 0) + 1
        return counts


def fetch(url: str, cookie: str) -> tuple[int, int, str]:
    """One GET as wrk sends it, without following redirects: status, body bytes, and the
    redirect's target if any."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https",
                                                   **({"Cookie": cookie} if cookie else {})})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, len(response.read()), ""
    except urllib.error.HTTPError as error:
        return error.code, len(error.read() or b""), error.headers.get("Location", "")


# --- wrk ----------------------------------------------------------------------------------

@dataclass
class Load:
    threads: int = 2
    connections: int = 4
    seconds: float = 10.0


def run_wrk(url: str, cookie: str, load: Load) -> dict:
    """wrk for ``load.seconds`` against ``url``; its counts and latency percentiles."""
    result = subprocess.run(
        ["wrk", f"-t{load.threads}", f"-c{load.connections}", f"-d{load.seconds:g}s",
         "--timeout", "5s", "-s", str(WRK_SCRIPT), url],
        env={**os.environ, "BENCH_COOKIE": cookie}, capture_output=True, text=True,
        timeout=load.seconds + 60)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            data = json.loads(line.removeprefix("BENCH_RESULT "))
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            return data
    raise RuntimeError(f"wrk gave no result ({result.returncode}): {result.stderr.strip()}")
