"""Settings come from the environment; checked in a fresh interpreter for each environment."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_debug_is_off_and_sqlite_is_the_default():
    result = run_with(
        {"DJANGO_SECRET_KEY": "x"},
        "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
    )

    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"], result.stderr


def test_database_url_selects_postgresql():
    result = run_with(
        {"DJANGO_SECRET_KEY": "x", "DATABASE_URL": "postgres://cms:secret@db.internal:5432/cms"},
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "db.internal", "cms"], result.stderr


def test_without_a_secret_key_nothing_is_served_outside_debug():
    result = run_with(
        {"DJANGO_ALLOWED_HOSTS": "testserver"},
        "from django.test import Client; Client().get('/admin/login/')",
    )

    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_management_checks_run_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=CLEAN_ENV, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr


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
