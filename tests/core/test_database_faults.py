"""A database that is down or frozen: the API answers a JSON 503 within seconds, and recovers by itself."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection

ROOT = Path(__file__).resolve().parents[2]
REQUEST = (
    "import json, os, time, django\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings_test')\n"
    "django.setup()\n"
    "from django.test import Client\n"
    "started = time.monotonic()\n"
    "response = Client(raise_request_exception=False).get('/api/v1/articles/')\n"
    "print(json.dumps({'status': response.status_code, 'body': response.content.decode(),\n"
    "                  'retry_after': response.get('Retry-After'), 'seconds': time.monotonic() - started}))\n"
)


def request_with(database_url: str, **env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", REQUEST],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers: a frozen database."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for held_connection in held:
        held_connection.close()
    server.close()


@pytest.mark.slow
def test_a_frozen_postgresql_is_a_json_503_within_seconds(silent_server):
    answer = request_with(f"postgres://cms@127.0.0.1:{silent_server}/cms", DATABASE_CONNECT_TIMEOUT="2")

    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {"detail": "The database is not answering. Try again in a few seconds."}
    assert answer["retry_after"] == "5"
    assert answer["seconds"] < 10


@pytest.mark.slow
def test_a_postgresql_that_is_down_is_a_json_503():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more

    answer = request_with(f"postgres://cms@127.0.0.1:{port}/cms")

    assert answer["status"] == 503
    assert json.loads(answer["body"])["detail"].startswith("The database is not answering")


@pytest.mark.slow
def test_a_locked_sqlite_is_a_json_503_after_its_busy_timeout(tmp_path):
    database = tmp_path / "locked.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env={**os.environ, **env}, check=True)
    holder = sqlite3.connect(database)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the whole file
    try:
        answer = request_with(env["DATABASE_URL"], SQLITE_BUSY_TIMEOUT="1")
    finally:
        holder.rollback()
        holder.close()

    assert answer["status"] == 503
    assert answer["seconds"] < 10
    assert request_with(env["DATABASE_URL"])["status"] == 200  # the lock is gone: it answers again


@pytest.mark.django_db
def test_the_api_recovers_without_a_restart(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        down = client.get("/api/v1/articles/")
    up = client.get("/api/v1/articles/")

    assert down.status_code == 503 and down["Content-Type"] == "application/json"
    assert up.status_code == 200


def test_pages_outside_the_api_are_a_plain_503(admin_client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("database is locked")

    with connection.execute_wrapper(refuse):
        response = admin_client.get("/admin/articles/article/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert admin_client.get("/admin/articles/article/").status_code == 200
