"""docker-compose.yml and the Dockerfile: the production-shaped stack, read as data."""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.http.request import validate_host

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def app_env(services) -> dict:
    return services["web"]["environment"]


def command_of(service: dict) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def interpolate(value: str, dotenv: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, as `docker compose` expands them
    with ``dotenv`` as the operator's .env file."""

    def expand(match: re.Match) -> str:
        name, operator, rest = match.group(1), match.group(2) or "", match.group(3) or ""
        value = dotenv.get(name, "")
        if operator.endswith("?"):
            assert value, f"compose would refuse to start: {rest}"
            return value
        if operator.endswith("-"):
            return value or rest
        return value

    return re.sub(r"\$\{(\w+)(:?[-?])?([^}]*)\}", expand, str(value))


def healthcheck_of(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


# --- Services ---------------------------------------------------------------------------


def test_compose_defines_every_service_of_the_stack(services):
    assert {"db", "redis", "web", "worker", "beat", "mail"} <= set(services)


def test_database_is_postgres_15(services):
    assert services["db"]["image"].startswith("postgres:15")


def test_redis_is_redis_7(services):
    assert services["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("name", ["db", "redis"])
def test_backing_service_has_a_healthcheck(services, name):
    assert healthcheck_of(services[name])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_waits_for_healthy_backing_services(services, name):
    # web/worker/beat merge the shared block, then may add their own depends_on; the merge
    # key replaces the mapping, so whichever wins must still wait for db (directly or via
    # a migrate job that itself waits for db).
    depends_on = services[name]["depends_on"]
    waited_for = set(depends_on)
    if "migrate" in waited_for:
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        waited_for |= set(services["migrate"]["depends_on"])
    assert {"db", "redis"} <= waited_for


def test_web_runs_gunicorn(services):
    command = command_of(services["web"])
    assert command.startswith("gunicorn ")
    assert "portal.wsgi:application" in command


def gunicorn_bind(web: dict) -> str:
    """Where gunicorn listens in the web service: the command's --bind, else the bind of the
    config module it names (-c python:MODULE), read in a fresh process as gunicorn would."""
    command = command_of(web)
    if match := re.search(r"--bind[= ](\S+)", command):
        return match.group(1)
    module = re.search(r"-c python:([\w.]+)", command).group(1)
    environment = {name: value for name, value in os.environ.items()
                   if name not in {"GUNICORN_BIND", "PROMETHEUS_MULTIPROC_DIR"}}
    result = subprocess.run([PYTHON, "-c", f"import {module} as config; print(config.bind)"],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_web_listens_on_port_8000_of_the_compose_network_only(services):
    web = services["web"]
    assert gunicorn_bind(web) == "0.0.0.0:8000"
    assert [str(port) for port in web["expose"]] == ["8000"]
    assert "ports" not in web, "gunicorn believes X-Forwarded-For: only the proxy may reach it"


def test_web_healthcheck_calls_healthz(services):
    check = healthcheck_of(services["web"])
    assert re.search(r"http://[^/'\"]+:8000/healthz\b", check)


def test_web_healthcheck_host_is_allowed_when_the_operator_sets_allowed_hosts(services, app_env):
    host = re.search(r"http://([^/:'\"]+)", healthcheck_of(services["web"])).group(1)
    dotenv = {"SECRET_KEY": secrets.token_urlsafe(50), "SITE_ADDRESS": "lineout.example"}
    allowed = interpolate(app_env["ALLOWED_HOSTS"], dotenv).split(",")
    assert validate_host(host, allowed), f"Host {host!r} is not in ALLOWED_HOSTS {allowed}"


def test_worker_runs_a_celery_worker_for_the_portal_app(services):
    command = command_of(services["worker"])
    assert re.match(r"celery -A portal worker\b", command)


def test_beat_runs_celery_beat_for_the_portal_app(services):
    command = command_of(services["beat"])
    assert re.match(r"celery -A portal beat\b", command)


def test_mail_service_catches_email(services):
    assert services["mail"]["image"]


# --- The proxy --------------------------------------------------------------------------


def published_ports(service: dict) -> list[str]:
    """The service's port mappings that listen beyond the host's loopback."""
    return [str(port) for port in service.get("ports", [])
            if not str(port).startswith(("127.0.0.1:", "[::1]:"))]


@pytest.fixture(scope="module")
def caddyfile() -> str:
    """deploy/caddy/Caddyfile without its comments: what Caddy reads."""
    text = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
    return re.sub(r"(^|\s)#.*$", "", text, flags=re.M)


def test_only_the_proxy_is_published(services):
    published = {name: published_ports(service) for name, service in services.items()
                 if published_ports(service)}
    assert published == {"proxy": ["80:80", "443:443", "443:443/udp"]}


def test_mail_catcher_answers_on_the_hosts_loopback_only(services):
    assert [str(port) for port in services["mail"]["ports"]] == ["127.0.0.1:8025:8025"]


def test_proxy_is_caddy_at_a_pinned_version(services):
    assert re.fullmatch(r"caddy:2\.\d+\.\d+", services["proxy"]["image"])


def test_proxy_starts_once_web_is_healthy(services):
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_proxy_reads_the_caddyfile_of_the_repository(services):
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services["proxy"]["volumes"]}
    source = mounts["/etc/caddy/Caddyfile"]
    assert (ROOT / source).resolve() == ROOT / "deploy" / "caddy" / "Caddyfile"
    assert (ROOT / source).is_file()


def test_proxy_keeps_its_certificates_in_a_volume(services, compose):
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services["proxy"]["volumes"]}
    assert mounts["/data"] in compose["volumes"]


def test_proxy_hands_every_request_to_gunicorns_port(caddyfile, services):
    port = gunicorn_bind(services["web"]).rsplit(":", 1)[1]
    assert re.findall(r"^\s*reverse_proxy\s+(\S+)", caddyfile, re.M) == [f"web:{port}"]


def test_proxy_serves_no_files_of_its_own(caddyfile):
    assert not re.search(r"^\s*(file_server|root|php_fastcgi)\b", caddyfile, re.M)


def test_proxy_believes_no_forwarded_header_from_its_clients(caddyfile, app_env):
    # Without trusted_proxies Caddy replaces X-Forwarded-For with the peer's address, so
    # the one hop the app trusts is the proxy itself.
    assert "trusted_proxies" not in caddyfile
    assert str(app_env["TRUSTED_PROXY_COUNT"]) == "1"


def test_proxy_serves_the_site_address_the_app_allows(caddyfile, services, app_env):
    assert re.search(r"^\{\$SITE_ADDRESS(:[^}]*)?\}\s*\{", caddyfile, re.M)
    dotenv = {"SECRET_KEY": secrets.token_urlsafe(50), "SITE_ADDRESS": "lineout.example"}
    proxy_env = services["proxy"]["environment"]
    assert interpolate(proxy_env["SITE_ADDRESS"], dotenv) == "lineout.example"
    assert "lineout.example" in interpolate(app_env["ALLOWED_HOSTS"], dotenv).split(",")
    assert interpolate(app_env["SITE_URL"], dotenv) == "https://lineout.example"


def test_proxy_body_limit_is_the_apps_own_request_limit(caddyfile, settings):
    from cases.forms import MAX_FILES_PER_MESSAGE
    from cases.upload_guard import FORM_FIELDS_BYTES
    from cases.uploads import MAX_UPLOAD_BYTES

    limit = int(re.search(r"^\s*max_size\s+(\d+)MiB\s*$", caddyfile, re.M).group(1)) * 2**20
    # What cases/upload_guard.py lets through, which a message with all its files fits in.
    assert limit == settings.MAX_UPLOAD_REQUEST_BYTES + FORM_FIELDS_BYTES
    assert limit > MAX_FILES_PER_MESSAGE * MAX_UPLOAD_BYTES


# --- The shared environment -------------------------------------------------------------


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_app_services_share_the_same_environment(services, name):
    assert services[name]["environment"] == services["web"]["environment"]


def test_database_url_points_at_the_db_service(app_env):
    url = urlsplit(app_env["DATABASE_URL"])
    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "db"


def test_database_url_names_the_database_the_db_service_creates(services, app_env):
    url = urlsplit(app_env["DATABASE_URL"])
    assert url.path.lstrip("/") == services["db"]["environment"]["POSTGRES_DB"]
    assert url.username == services["db"]["environment"]["POSTGRES_USER"]


def test_redis_url_points_at_the_redis_service(app_env):
    url = urlsplit(app_env["REDIS_URL"])
    assert url.scheme == "redis"
    assert url.hostname == "redis"


def test_email_url_points_at_the_mail_service(app_env):
    url = urlsplit(app_env["EMAIL_URL"])
    assert url.scheme == "smtp"
    assert url.hostname == "mail"


def test_debug_is_off(app_env):
    assert str(app_env["DEBUG"]).lower() in {"false", "0", "no", "off"}


def test_secret_key_comes_from_the_environment_and_is_required(app_env):
    # ${SECRET_KEY:?...}: compose refuses to start without one; never a literal or a default.
    assert re.fullmatch(r"\$\{SECRET_KEY:?\?[^}]*\}", str(app_env["SECRET_KEY"]))


def test_every_app_variable_is_read_by_settings(app_env):
    source = (ROOT / "portal" / "settings.py").read_text()
    reader = r"\b(?:env(?:\.\w+)?|env_bool|env_int|env_timezone|os\.environ\.get)\(\s*"
    unread = [name for name in app_env if not re.search(reader + f'"{name}"', source)]
    assert unread == [], f"compose sets variables settings.py never reads: {unread}"


# --- Dockerfile -------------------------------------------------------------------------


def test_dockerfile_exists():
    assert (ROOT / "Dockerfile").is_file()


def test_dockerfile_cmd_runs_gunicorn():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    cmd = [line for line in lines if line.startswith("CMD ")]
    assert cmd, "the Dockerfile has no CMD"
    assert "gunicorn" in cmd[-1]
    assert "portal.wsgi:application" in cmd[-1]


_STORAGES = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; "
    "from django.conf import settings; print(json.dumps(settings.STORAGES['staticfiles']))"
)


def _staticfiles_storage(assignments: dict[str, str]) -> dict:
    environment = {name: value for name, value in os.environ.items()
                   if name not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL",
                                   "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    environment.update(assignments)
    result = subprocess.run([PYTHON, "-c", _STORAGES], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dockerfile_collects_static_files_with_the_storage_production_serves_them_from(app_env):
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    step = re.search(r'(?:^|&&|;)\s*((?:\w+=(?:"[^"]*"|\S+)\s+)*)python manage\.py collectstatic',
                     text, re.M)
    assert step, "the Dockerfile does not run collectstatic"
    build = dict(item.split("=", 1) for item in shlex.split(step.group(1)))
    runtime = {"DEBUG": str(app_env["DEBUG"]), "SECRET_KEY": secrets.token_urlsafe(50)}
    assert _staticfiles_storage(build) == _staticfiles_storage(runtime)


def test_dockerfile_does_not_run_as_root():
    users = [line.split()[1] for line in (ROOT / "Dockerfile").read_text().splitlines()
             if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}


def _pinned_requirements() -> set[str]:
    """Every distribution requirements.txt pins, extras included (celery[redis] -> redis)."""
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[([^\]]*)\])?==", line)
        if match:
            names.add(match.group(1).lower())
            names.update(extra.strip().lower() for extra in (match.group(2) or "").split(",") if extra)
    return names


@pytest.mark.parametrize("package", ["gunicorn", "celery", "psycopg", "redis"])
def test_image_requirements_pin_what_the_stack_runs(package):
    # The image installs requirements.txt only: every program and driver compose relies on
    # must be pinned there.
    assert package in _pinned_requirements()
