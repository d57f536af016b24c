"""The deployment's front door on loopback: Debian's caddy with deploy/caddy/Caddyfile in
front of gunicorn running the portal with production settings, and a client that writes
whatever headers an attacker would.

Only what cannot be the same on a shared test machine differs from docker-compose.yml:
free ports, loopback only, Caddy's local CA (never installed in the machine's trust store),
Caddy's state and the static files under the test's directory, gunicorn on loopback.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from .reminder_stack import wait_until
from .smtp import free_port
from .worker import ROOT

DEPLOY_CADDYFILE = ROOT / "deploy" / "caddy" / "Caddyfile"
UPSTREAM_IN_COMPOSE = "reverse_proxy web:8000"
CADDY_PATH = os.environ.get("CADDY_PATH") or shutil.which("caddy") or "/usr/bin/caddy"
SITE_ADDRESS = "localhost"

# What the app received, one line a request: the peer, the request line, the status and
# the forwarding headers as they reached gunicorn ("-" when absent).
ACCESS_LOG_FORMAT = ('%(h)s "%(r)s" %(s)s xff=%({x-forwarded-for}i)s '
                     'proto=%({x-forwarded-proto}i)s forwarded=%({forwarded}i)s')
ACCESS_LINE = re.compile(r'(?P<peer>\S+) "(?P<method>\S+) (?P<target>\S+) [^"]*" (?P<status>\d+) '
                         r'xff=(?P<xff>.*) proto=(?P<proto>\S+) forwarded=(?P<forwarded>.*)$')

# Settings the suite's own environment may carry; the processes get production's instead.
_SUITE_ONLY = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
               "REDIS_URL", "REDIS_CACHE_URL", "EMAIL_URL", "SITE_URL", "TRUSTED_PROXY_COUNT",
               "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE"}


def production_environment(*, database_url: str, redis_url: str, work_dir: Path) -> dict:
    """The app as docker-compose.yml runs it: DEBUG off, a random key, one trusted proxy."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in _SUITE_ONLY and not name.startswith("SECURE_")}
    return environment | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{SITE_ADDRESS},127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "tests.support.production_settings",
        "LINEOUT_TEST_STATIC_ROOT": str(work_dir / "static"),
    }


def collect_static(environment: dict) -> None:
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                            cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


class GunicornProcess:
    """gunicorn (one sync worker) on 127.0.0.1 with an access log of the forwarding headers."""

    def __init__(self, environment: dict, work_dir: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = environment
        self.access_log = work_dir / "gunicorn-access.log"
        self.error_log = work_dir / "gunicorn-error.log"
        self.process: subprocess.Popen | None = None
        self.last_health: str | None = None

    def start(self) -> None:
        self.access_log.touch()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--access-logfile", str(self.access_log), "--access-logformat", ACCESS_LOG_FORMAT,
             "--error-logfile", str(self.error_log), "--no-control-socket"],
            cwd=ROOT, env=self.environment, start_new_session=True,
            # The app's own log (console handler) goes to the error log too.
            stdout=self.error_log.open("ab"), stderr=subprocess.STDOUT,
        )
        try:
            wait_until(self._healthy, "gunicorn's /healthz", timeout=60)
        except AssertionError as error:
            raise AssertionError(f"{error}; it last said {self.last_health!r}; "
                                 f"see {self.error_log}") from None

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{self.error_log.read_text()[-3000:]}")
        # /healthz is exempt from the HTTPS redirect and checks database and broker.
        answer = Visitor(self.base_url).request("/healthz") if self._listening() else None
        self.last_health = answer and f"{answer.status} {answer.text[:300]}"
        return answer is not None and answer.status == 200

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        _stop_group(self.process)

    def requests_to(self, target: str) -> list[dict]:
        """What the app logged for requests to exactly ``target`` (path and query)."""
        lines = self.access_log.read_text(errors="replace").splitlines()
        matches = (ACCESS_LINE.match(line) for line in lines)
        return [match.groupdict() for match in matches if match and match["target"] == target]


def loopback_caddyfile(*, upstream: str, http_port: int, https_port: int, storage: Path) -> str:
    """deploy/caddy/Caddyfile with its upstream moved to ``upstream`` and test-only global
    options added: the deployment's directives, every one of them, on free loopback ports."""
    text = DEPLOY_CADDYFILE.read_text()
    assert text.count(UPSTREAM_IN_COMPOSE) == 1, f"the Caddyfile lost `{UPSTREAM_IN_COMPOSE}`"
    text = text.replace(UPSTREAM_IN_COMPOSE, f"reverse_proxy {upstream}")
    test_options = "\n".join([
        "{",
        "\tlocal_certs",
        "\tskip_install_trust",
        "\tdefault_bind 127.0.0.1",
        f"\thttp_port {http_port}",
        f"\thttps_port {https_port}",
        f"\tstorage file_system {{\n\t\troot {storage}\n\t}}",
        "",
    ])
    text, found = re.subn(r"^\{\n", lambda _match: test_options, text, count=1, flags=re.M)
    assert found == 1, "the Caddyfile has no global options block to add the test's to"
    return text


class CaddyProcess:
    """Debian's caddy running the deployment's Caddyfile in front of ``upstream``."""

    def __init__(self, upstream: str, work_dir: Path) -> None:
        self.http_port, self.https_port = free_port(), free_port()
        self.https_base = f"https://{SITE_ADDRESS}:{self.https_port}"
        self.http_base = f"http://{SITE_ADDRESS}:{self.http_port}"
        self.work_dir = work_dir / "caddy"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.storage = self.work_dir / "data"
        self.config = self.work_dir / "Caddyfile"
        self.config.write_text(loopback_caddyfile(
            upstream=upstream, http_port=self.http_port, https_port=self.https_port,
            storage=self.storage))
        self.log_path = self.work_dir / "caddy.log"
        self.process: subprocess.Popen | None = None
        self.ssl_context: ssl.SSLContext | None = None

    def start(self) -> None:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            # Caddy keeps its autosaved config and data under these: the test's directory.
            "HOME": str(self.work_dir), "XDG_CONFIG_HOME": str(self.work_dir / "config"),
            "XDG_DATA_HOME": str(self.work_dir / "share"),
            "SITE_ADDRESS": SITE_ADDRESS,
        }
        self.process = subprocess.Popen(
            [CADDY_PATH, "run", "--config", str(self.config), "--adapter", "caddyfile"],
            cwd=self.work_dir, env=environment, start_new_session=True,
            stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT,
        )
        wait_until(self._serving, f"caddy over HTTPS; see {self.log_path}", timeout=30)

    def _serving(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"caddy exited:\n{self.log_path.read_text()[-3000:]}")
        root = self.storage / "pki" / "authorities" / "local" / "root.crt"
        if not root.exists():
            return False
        if self.ssl_context is None:
            # Certificates are checked for real, against the local CA this Caddy made.
            self.ssl_context = ssl.create_default_context(cafile=str(root))
        try:
            return Visitor(self.https_base, self.ssl_context).request("/healthz").status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
            return False

    def stop(self) -> None:
        _stop_group(self.process)


def _stop_group(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Response:
    status: int
    headers: Message
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One client of one base URL: keeps its CSRF cookie by hand (also over plain HTTP, where
    a cookie jar would withhold a Secure cookie), follows no redirect and sends any header
    it is given, as an attacker would."""

    def __init__(self, base_url: str, ssl_context: ssl.SSLContext | None = None) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=ssl_context), _NoRedirect())
        self.csrf_cookie: str | None = None
        self.csrf_token: str | None = None

    def request(self, target: str, *, form: dict | None = None, headers: dict | None = None,
                body: bytes | None = None) -> Response:
        headers = dict(headers or {})
        if self.csrf_cookie:
            headers["Cookie"] = f"csrftoken={self.csrf_cookie}"
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base_url + target, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            text = response.read().decode(errors="replace")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if match := re.match(r"csrftoken=([^;]+)", cookie):
                self.csrf_cookie = match.group(1)
        return Response(response.status, response.headers, text)

    def sign_in(self, email: str, password: str, *, headers: dict | None = None,
                target: str = "/accounts/login/") -> Response:
        """POST the sign-in form (fetched once for its token), with ``headers`` added."""
        if self.csrf_token is None:
            page = self.request(target, headers=headers)
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            assert found, (f"no sign-in form at {target}: "
                           f"{page.status} {page.headers.get('Location')}")
            self.csrf_token = found.group(1)
        # Django checks the Referer of a request it believes secure; a browser sends one.
        referer = "https://" + urllib.parse.urlsplit(self.base_url).netloc + target
        fields = {"login": email, "password": password, "csrfmiddlewaretoken": self.csrf_token}
        return self.request(target, form=fields, headers={"Referer": referer, **(headers or {})})
