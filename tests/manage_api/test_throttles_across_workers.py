"""The throttles count across processes: gunicorn with two workers, over real HTTP, allows requests without a valid
token as often as the rate says in all, not that often per worker."""

import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.helpers.servers import GUNICORN, gunicorn, manage, production_environment

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is installed with the requirements"),
    pytest.mark.slow,  # gunicorn with two workers
]

PATH = "/api/v1/manage/articles/"


def guess(base: str) -> int:
    request = urllib.request.Request(f"{base}{PATH}", headers={"Authorization": "Token guessed"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def start_guess(base: str) -> socket.socket:
    """A request whose first line only is sent: the sync worker that accepted it waits for the rest, busy."""
    connection = socket.create_connection(urlsplit(base).netloc.split(":"), timeout=10)
    connection.sendall(f"GET {PATH} HTTP/1.1\r\n".encode())
    time.sleep(0.2)  # until a worker has accepted it
    return connection


def finish_guess(connection: socket.socket) -> int:
    with connection:
        connection.sendall(b"Host: 127.0.0.1\r\nAuthorization: Token guessed\r\nConnection: close\r\n\r\n")
        return int(connection.recv(64).split()[1])


def test_two_workers_share_one_count(tmp_path):
    env = production_environment(tmp_path, MANAGE_API_RATE_ANONYMOUS="10/min")
    manage(env, "migrate", "--noinput", "-v", "0")
    access_log = tmp_path / "access.log"
    # One line per request: the worker's process id and the path, to see which worker answered each.
    log = ("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(U)s")

    statuses = []
    with gunicorn(env, *log, workers=2) as base:
        for _ in range(10):  # one worker holds a started request while the other answers one, then it answers too
            held = start_guess(base)
            statuses += [guess(base), finish_guess(held)]

    answered_by = [line.split()[0] for line in access_log.read_text().splitlines() if PATH in line]
    assert len(answered_by) == 20
    assert all(first != second for first, second in zip(answered_by[::2], answered_by[1::2], strict=True))
    assert statuses == [401] * 10 + [429] * 10  # one count for both, not ten a minute per worker
