"""docs/deploy.md's backups, restored into an empty database served by another process: the same public bytes."""

import json
import os
import shutil
import subprocess
import sys
from glob import glob
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.helpers.public_bytes import public_bytes

pytestmark = pytest.mark.slow  # export, restore and serve in other processes

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], database_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def served_bytes(database_url: str) -> dict:
    return json.loads(run([sys.executable, "-m", "tests.helpers.public_bytes"], database_url))


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{name}"


def postgres_tool(name: str) -> str | None:
    return shutil.which(name) or next(iter(sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)


@pytest.mark.django_db
def test_export_content_restores_into_an_empty_database_with_the_same_public_bytes(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo_content")
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    before = public_bytes()
    assert len(before) > 8

    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    run([sys.executable, "manage.py", "migrate", "--noinput"], empty)
    # The site settings are not in the export: the restored site serves the languages its articles are written in
    # before they are imported (the import refuses a language the site does not serve, naming it).
    serve_spanish = (
        "from core.models import SiteSettings; SiteSettings.load(); SiteSettings.objects.update(languages='es')"
    )
    run([sys.executable, "manage.py", "shell", "-c", serve_spanish], empty)
    run([sys.executable, "manage.py", "import_content", str(backup)], empty)

    assert served_bytes(empty) == json.loads(json.dumps(before))


@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="pg_dump backs up PostgreSQL (the suite runs on it in CI)",
)
@pytest.mark.skipif(not postgres_tool("pg_dump"), reason="PostgreSQL's client tools are not installed")
# Serialized like every other transactional test: a plain flush re-creates content types under new ids,
# which the next serialized test's reload then collides with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_restores_into_an_empty_database_with_the_same_public_bytes(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo_content")
    before = public_bytes()
    source, restored = postgres_url(connection.settings_dict["NAME"]), "cms_restore_test"
    dump = tmp_path / "cms.dump"
    run([postgres_tool("pg_dump"), "--format=custom", f"--file={dump}", source], source)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {restored}")
        cursor.execute(f"CREATE DATABASE {restored}")
    try:
        run([postgres_tool("pg_restore"), "--no-owner", f"--dbname={postgres_url(restored)}", str(dump)], source)

        assert served_bytes(postgres_url(restored)) == json.loads(json.dumps(before))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
