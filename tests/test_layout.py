"""The fixed top-level layout, migrations in step with the models, and every plain URL alive."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

# --- Layout -----------------------------------------------------------------------------

LAYOUT_DIRS = ["portal", "cases", "content", "templates", "tests"]
LAYOUT_FILES = ["manage.py", "docker-compose.yml"]


@pytest.mark.parametrize("name", LAYOUT_DIRS)
def test_top_level_directory_exists(name):
    assert (ROOT / name).is_dir()


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_top_level_file_exists(name):
    assert (ROOT / name).is_file()


@pytest.mark.parametrize("app", ["portal", "cases", "content"])
def test_app_is_a_package_with_migrations(app):
    assert (ROOT / app / "__init__.py").is_file()
    assert (ROOT / app / "migrations" / "__init__.py").is_file()


# --- Migrations -------------------------------------------------------------------------


def test_models_have_no_unmigrated_changes():
    result = subprocess.run(
        [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run", "--no-input"],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"missing migrations:\n{result.stdout}{result.stderr}"


# --- Every URL that takes no arguments --------------------------------------------------


def _literal(pattern) -> str | None:
    """The path a pattern matches when it takes no arguments, else None."""
    if pattern.regex.groups or getattr(pattern, "converters", None):
        return None
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    if isinstance(pattern, RegexPattern):
        text = str(pattern).removeprefix("^").removesuffix("$")
        return text if re.fullmatch(r"[\w\-./]*", text) else None
    return None


def _plain_paths(patterns, prefix: str = "") -> list[str]:
    paths = []
    for entry in patterns:
        literal = _literal(entry.pattern)
        if literal is None:
            continue
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            paths += _plain_paths(entry.url_patterns, prefix + literal)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + literal)
    return sorted(set(paths))


PLAIN_PATHS = _plain_paths(get_resolver().url_patterns)


def test_url_walk_finds_the_known_pages():
    assert {"/", "/healthz", "/accounts/login/", "/accounts/signup/"} <= set(PLAIN_PATHS)
    assert not any(path.startswith("/admin/") for path in PLAIN_PATHS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PLAIN_PATHS)
def test_plain_url_answers_anonymous_get_without_server_error(client, path):
    response = client.get(path)
    assert response.status_code < 500, f"GET {path} answered {response.status_code}"


@pytest.mark.django_db
def test_admin_sends_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_makefile_parses_and_knows_the_two_commands():
    """A broken Makefile fails every command at once; `make -n` catches it without running."""
    import shutil
    import subprocess

    if not shutil.which("make"):
        pytest.skip("make is not installed")
    result = subprocess.run(["make", "-n", "run", "test", "bench", "makemessages"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pytest" in result.stdout and "run_stack.py" in result.stdout
