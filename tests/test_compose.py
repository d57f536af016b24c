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


def test_web_listens_on_port_8000(services):
    web = services["web"]
    assert "0.0.0.0:8000" in command_of(web)
    assert any(str(port).endswith("8000") for port in web["ports"])


def test_web_healthcheck_calls_healthz(services):
    check = healthcheck_of(services["web"])
    assert re.search(r"http://[^/'\"]+:8000/healthz\b", check)


def test_web_healthcheck_host_is_allowed_when_the_operator_sets_allowed_hosts(services, app_env):
    host = re.search(r"http://([^/:'\"]+)", healthcheck_of(services["web"])).group(1)
    dotenv = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "lineout.example"}
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
