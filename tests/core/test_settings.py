"""Settings come from the environment; checked in a fresh interpreter for each environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a fresh interpreter for each test

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("DJANGO_", "DATABASE_URL", "CORS_", "PREVIEW_"))
}


def run_with(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "cms.example.org"}


def test_debug_is_off_and_sqlite_is_the_default():
    result = run_with(
        PRODUCTION,
        "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
    )

    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"], result.stderr


def test_database_url_selects_postgresql():
    result = run_with(
        {**PRODUCTION, "DATABASE_URL": "postgres://cms:secret@db.internal:5432/cms"},
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "db.internal", "cms"], result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_outside_debug_the_process_refuses_to_start_without_its_secret_or_hosts(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**CLEAN_ENV, **env}, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert f"Set {missing} (see docs/deploy.md)" in result.stderr
    # The control: with both, it starts.
    started = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**CLEAN_ENV, **PRODUCTION}, capture_output=True
    )
    assert started.returncode == 0, started.stderr


def test_the_deploy_checks_pass_with_the_documented_environment():
    env = {**CLEAN_ENV, **PRODUCTION, "DJANGO_SECRET_KEY": "k7" * 30 + "Zq!x", "DJANGO_BEHIND_TLS_PROXY": "1"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_local_secret_key_is_random_per_checkout_not_in_the_source(tmp_path):
    result = run_with({"DJANGO_DEBUG": "1"}, "from django.conf import settings; print(settings.SECRET_KEY)")

    key = result.stdout.strip()
    assert len(key) >= 50, result.stderr
    assert key == (ROOT / ".local_secret_key").read_text().strip()
    assert key not in (ROOT / "config" / "settings.py").read_text()


def test_the_admin_path_and_the_session_length_come_from_the_environment():
    result = run_with(
        {**PRODUCTION, "DJANGO_ADMIN_PATH": "/desk/", "DJANGO_SECURE_SSL_REDIRECT": "0"},
        "from django.conf import settings; from django.test import Client;"
        "desk = Client(HTTP_HOST='cms.example.org').get('/desk/');"
        "print(settings.SESSION_COOKIE_AGE, desk.status_code, desk['Location'],"
        " Client(HTTP_HOST='cms.example.org').get('/admin/').status_code)",
    )

    assert result.stdout.split() == ["28800", "302", "/desk/login/?next=/desk/", "404"], result.stderr


def test_cors_origins_and_allowed_hosts_come_from_the_environment():
    result = run_with(
        {
            "DJANGO_SECRET_KEY": "x",
            "DJANGO_ALLOWED_HOSTS": "api.example.org, cms.example.org",
            "CORS_ALLOWED_ORIGINS": "https://www.example.org",
        },
        "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.CORS_ALLOWED_ORIGINS)",
    )

    assert result.stdout.strip() == "['api.example.org', 'cms.example.org'] ['https://www.example.org']"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["604800", "3600"]),
        ({"PREVIEW_TOKEN_MAX_AGE": "86400", "PREVIEW_TOKEN_DEFAULT_AGE": "7200"}, ["86400", "7200"]),
        ({"PREVIEW_TOKEN_MAX_AGE": "1800"}, ["1800", "1800"]),  # the default never exceeds the maximum
        ({"PREVIEW_TOKEN_MAX_AGE": "5", "PREVIEW_TOKEN_DEFAULT_AGE": "1"}, ["60", "60"]),
    ],
    ids=["defaults", "both set", "a lower maximum", "a minute at least"],
)
def test_preview_link_lifetimes_come_from_the_environment(env, expected):
    result = run_with(
        {**PRODUCTION, **env},
        "from django.conf import settings; print(settings.PREVIEW_TOKEN_MAX_AGE, settings.PREVIEW_TOKEN_DEFAULT_AGE)",
    )

    assert result.stdout.split() == expected, result.stderr


@pytest.mark.parametrize(("sent", "expected"), [("6000", "6000"), ("100000", str(8190 - len("OPTIONS  HTTP/1.1")))])
def test_the_longest_address_comes_from_the_environment_and_stays_below_gunicorn_s_request_line(sent, expected):
    result = run_with(
        {"DJANGO_DEBUG": "1", "DJANGO_MAX_ADDRESS_BYTES": sent},
        "from django.conf import settings; print(settings.MAX_ADDRESS_BYTES)",
    )

    assert result.stdout.strip() == expected


def test_postgresql_connections_cost_a_random_page_read_as_memory_does_unless_told():
    """PostgreSQL's default (4, a spinning disk's) makes its planner read every row's out-of-line search vector
    rather than the text index's matches; the operator may set another."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    postgresql = {**PRODUCTION, "DATABASE_URL": "postgres://cms@db.example.org/cms"}

    default = run_with(postgresql, code)
    told = run_with({**postgresql, "DATABASE_RANDOM_PAGE_COST": "2"}, code)

    assert "-c random_page_cost=1.1" in default.stdout, default.stderr
    assert "-c random_page_cost=2" in told.stdout, told.stderr
    assert "-c statement_timeout=15000" in default.stdout


@pytest.mark.django_db
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"), reason="PostgreSQL's setting"
)
def test_the_apps_postgresql_connection_has_the_random_page_cost():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
