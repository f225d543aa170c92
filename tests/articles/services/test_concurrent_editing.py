"""Three editors saving while twelve readers read, for a few seconds: no error, no acknowledged save lost.

Runs in a child process on a database of its own: a new SQLite file (with the WAL, busy-timeout and
immediate-transaction settings of config/settings.py), or, when DATABASE_URL names PostgreSQL, a new
database on that server.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a child process editing and reading for seconds

ROOT = Path(__file__).resolve().parents[3]
SECONDS = 4


@pytest.fixture
def fresh_database_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    import psycopg

    name = f"cms_concurrency_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{url.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_editors_and_readers_see_no_error_and_lose_no_save(fresh_database_url):
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "DJANGO_SETTINGS_MODULE": "config.settings_test"}

    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.concurrent_saves", str(SECONDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["lost"] == []
    assert outcome["saves"] >= 3  # each editor got saves through: the test measured something
    assert outcome["reads"] >= 12
